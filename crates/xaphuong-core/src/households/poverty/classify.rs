//! A household's class: by income and deprivations, by the survey form's
//! scores, and from an officer's review as typed or imported.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Area, Class, Deprivation, Standard, standard_for_year};
use crate::{Invalid, numbers, text};

/// The class of a household from its monthly income per person (đồng) and
/// the codes of the indicators it is deprived in (a code given twice counts
/// once):
/// - income at or under the area's line and at least
///   `min_deprivations_poor` deprivations: poor;
/// - at or under the line with fewer: near-poor;
/// - above the line and at or under the band's bound: average living;
/// - otherwise not poor. Above the line a household is never poor or
///   near-poor, whatever its deprivations (no income-only band since 2022).
///
/// A negative income (field `income`) or a code the standard does not have
/// (field `deprivations`) is refused.
pub fn classify<S: AsRef<str>>(
    standard: &Standard,
    area: Area,
    income_per_person_month: i64,
    deprived: &[S],
) -> Result<Class, Invalid> {
    let mut e = Invalid::default();
    if income_per_person_month < 0 {
        e.push("income", "Thu nhập bình quân không được âm");
    }
    let mut codes = BTreeSet::new();
    for code in deprived {
        let code = code.as_ref();
        if standard.indicator(code).is_some() {
            codes.insert(code);
        } else {
            e.push(
                "deprivations",
                format!("Chỉ số thiếu hụt «{code}» không có trong {}", standard.name),
            );
        }
    }
    e.into_result()?;
    let lines = standard.lines(area);
    let income = income_per_person_month;
    Ok(if income <= lines.poverty_line {
        if codes.len() >= usize::from(standard.min_deprivations_poor) {
            Class::Poor
        } else {
            Class::NearPoor
        }
    } else if lines.average_line.is_some_and(|a| income <= a) {
        Class::AverageLiving
    } else {
        Class::NotPoor
    })
}

/// Điểm A (estimated income) at or under which a rural household is poor or
/// near-poor under TT 07/2021/TT-BLĐTBXH (140 ≙ 1.500.000 đ).
pub const SCORE_A_RURAL: u32 = 140;
/// The same for an urban household (175 ≙ 2.000.000 đ).
pub const SCORE_A_URBAN: u32 = 175;
/// Điểm B (10 per deprived indicator) from which a household is poor.
pub const SCORE_B_POOR: u32 = 30;
/// Điểm B of one deprived indicator.
pub const SCORE_B_PER_INDICATOR: u32 = 10;

/// The survey-form route (TT 07/2021/TT-BLĐTBXH, Phụ lục III–IV) for the
/// 2022–2026 standard: điểm A at or under 140 (rural) or 175 (urban) and
/// điểm B at least 30 is poor, điểm B under 30 near-poor. Above the A
/// threshold the score cannot tell "mức sống trung bình" from the rest
/// (that needs the income), so the household is not poor. The point tables
/// that produce điểm A are not encoded here.
pub fn classify_by_score(area: Area, score_a: u32, score_b: u32) -> Class {
    let limit = match area {
        Area::Rural => SCORE_A_RURAL,
        Area::Urban => SCORE_A_URBAN,
    };
    if score_a > limit {
        Class::NotPoor
    } else if score_b >= SCORE_B_POOR {
        Class::Poor
    } else {
        Class::NearPoor
    }
}

/// A household's review as typed in the officer's form or read from a row
/// of an imported file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    /// Năm rà soát, e.g. "2025".
    pub year: String,
    /// "Thành thị" / "Nông thôn" (codes and "khu vực đô thị" accepted).
    pub area: String,
    /// Thu nhập bình quân, đồng per person per month ("1.500.000").
    pub income: String,
    /// The deprived indicators, separated by `;` (or `,`): numbers
    /// ("1;5;9"), codes or labels.
    pub deprivations: String,
}

/// A checked review and its class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidReview {
    pub year: i16,
    pub area: Area,
    /// Đồng per person per month.
    pub income: i64,
    /// Codes of the deprived indicators, by indicator number.
    pub deprived: Vec<String>,
    pub class: Class,
    /// Code of the standard applied.
    pub standard: String,
}

/// The indicators written in a cell: `;`-separated; a piece that is no
/// indicator as a whole is tried split on commas ("1, 5, 9"). Unknown
/// pieces come back in the error list.
fn read_deprivations<'a>(
    standard: &'a Standard,
    written: &str,
) -> (Vec<&'a Deprivation>, Vec<String>) {
    let mut found: Vec<&Deprivation> = Vec::new();
    let mut unknown = Vec::new();
    for piece in written.split([';', '\n']).map(str::trim) {
        if piece.is_empty() {
            continue;
        }
        let parts: Vec<&str> = match standard.find_indicator(piece) {
            Some(_) => vec![piece],
            None => piece.split(',').map(str::trim).collect(),
        };
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            match standard.find_indicator(part) {
                Some(d) => {
                    if !found.iter().any(|f| f.code == d.code) {
                        found.push(d);
                    }
                }
                None => unknown.push(text::clean(part)),
            }
        }
    }
    found.sort_by_key(|d| d.number);
    (found, unknown)
}

/// Checks a review and classifies the household under the standard of its
/// year. Fields: `year` (Năm rà soát, which must have a standard),
/// `area`, `income` (Thu nhập bình quân, whole đồng, not negative) and
/// `deprivations` (Chỉ số thiếu hụt, each one of the year's standard).
pub fn validate_review(
    standards: &[Standard],
    input: &ReviewInput,
) -> Result<ValidReview, Invalid> {
    let mut e = Invalid::default();
    let year_text = input.year.trim();
    let mut standard = None;
    match year_text.parse::<i16>() {
        Ok(y) if (1990..=2100).contains(&y) => match standard_for_year(standards, y) {
            Some(s) => standard = Some((y, s)),
            None => e.push("year", format!("Chưa có chuẩn nghèo cho năm {y}")),
        },
        _ if year_text.is_empty() => e.push("year", "Chưa nhập năm rà soát"),
        _ => e.push("year", format!("Năm rà soát «{year_text}» không hợp lệ")),
    }
    let area = Area::from_written(&input.area);
    if area.is_none() {
        e.push(
            "area",
            format!("Khu vực phải là {}", Area::labels().replace(", ", " hoặc ")),
        );
    }
    let raw = input.income.trim();
    let income = if raw.is_empty() {
        e.push("income", "Chưa nhập thu nhập bình quân (đồng/người/tháng)");
        None
    } else if raw.starts_with('-') {
        e.push("income", "Thu nhập bình quân không được âm");
        None
    } else {
        let v = numbers::parse_dong(raw).filter(|v| *v <= 1_000_000_000_000);
        if v.is_none() {
            e.push(
                "income",
                format!(
                    "Thu nhập bình quân «{raw}» không hợp lệ (đồng/người/tháng, ví dụ 1.500.000)"
                ),
            );
        }
        v
    };
    let mut deprived = Vec::new();
    if let Some((_, s)) = standard {
        let (found, unknown) = read_deprivations(s, &input.deprivations);
        for u in unknown {
            e.push(
                "deprivations",
                format!(
                    "Chỉ số thiếu hụt «{u}» không có trong {} (ghi số thứ tự 1–{}, mã hoặc tên chỉ số, cách nhau bằng dấu ;)",
                    s.name,
                    s.indicators.iter().map(|d| d.number).max().unwrap_or(0)
                ),
            );
        }
        deprived = found.into_iter().map(|d| d.code.clone()).collect();
    }
    e.into_result()?;
    let (Some((year, standard)), Some(area), Some(income)) = (standard, area, income) else {
        return Err(Invalid::one("year", "Dữ liệu rà soát không đầy đủ"));
    };
    let class = classify(standard, area, income, &deprived)?;
    Ok(ValidReview {
        year,
        area,
        income,
        deprived,
        class,
        standard: standard.code.clone(),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::households::poverty::builtin;

    fn std_for(year: i16) -> &'static Standard {
        standard_for_year(builtin(), year).expect("a standard for the year")
    }

    /// `n` deprivations of the standard, by code.
    fn deprived(s: &Standard, n: usize) -> Vec<&str> {
        s.indicators
            .iter()
            .take(n)
            .map(|d| d.code.as_str())
            .collect()
    }

    fn class(year: i16, area: Area, income: i64, n: usize) -> Class {
        let s = std_for(year);
        classify(s, area, income, &deprived(s, n)).unwrap()
    }

    #[test]
    fn test_vectors_of_the_notes() {
        use Area::*;
        use Class::*;
        // social.md 1.5, verbatim.
        assert_eq!(class(2022, Rural, 1_500_000, 3), Poor);
        assert_eq!(class(2022, Rural, 1_500_000, 2), NearPoor);
        assert_eq!(class(2022, Rural, 1_500_001, 5), AverageLiving);
        assert_eq!(class(2022, Rural, 2_250_001, 0), NotPoor);
        assert_eq!(class(2022, Urban, 2_000_000, 3), Poor);
        assert_eq!(classify_by_score(Rural, 140, 30), Poor);
        assert_eq!(classify_by_score(Rural, 141, 30), NotPoor);
    }

    #[test]
    fn classification_at_every_boundary() {
        use Area::*;
        use Class::*;
        let cases: &[(i16, Area, i64, usize, Class)] = &[
            // 2022–2026: NĐ 07/2021.
            (2022, Rural, 0, 12, Poor),
            (2022, Rural, 1_500_000, 12, Poor),
            (2022, Rural, 1_500_000, 3, Poor),
            (2022, Rural, 1_500_000, 2, NearPoor),
            (2022, Rural, 1_500_000, 0, NearPoor),
            (2022, Rural, 1_500_001, 12, AverageLiving),
            (2022, Rural, 2_250_000, 3, AverageLiving),
            (2022, Rural, 2_250_001, 12, NotPoor),
            (2022, Urban, 1_500_001, 3, Poor),
            (2022, Urban, 2_000_000, 3, Poor),
            (2022, Urban, 2_000_000, 2, NearPoor),
            (2022, Urban, 2_000_001, 3, AverageLiving),
            (2022, Urban, 3_000_000, 0, AverageLiving),
            (2022, Urban, 3_000_001, 5, NotPoor),
            (2026, Rural, 1_500_000, 3, Poor),
            (2026, Rural, 1_500_001, 3, AverageLiving),
            (2026, Urban, 2_000_000, 2, NearPoor),
            (2026, Urban, 3_000_001, 0, NotPoor),
            // 2027–2030: NĐ 351/2025, no average band.
            (2027, Rural, 1_500_001, 3, Poor),
            (2027, Rural, 2_200_000, 3, Poor),
            (2027, Rural, 2_200_000, 2, NearPoor),
            (2027, Rural, 2_200_001, 12, NotPoor),
            (2027, Urban, 2_800_000, 3, Poor),
            (2027, Urban, 2_800_000, 2, NearPoor),
            (2027, Urban, 2_800_001, 3, NotPoor),
            (2030, Rural, 2_200_000, 4, Poor),
            (2030, Rural, 2_200_001, 0, NotPoor),
            (2030, Urban, 2_799_999, 1, NearPoor),
            (2030, Urban, 3_000_000, 12, NotPoor),
        ];
        for &(year, area, income, n, expected) in cases {
            assert_eq!(
                class(year, area, income, n),
                expected,
                "{year} {area:?} {income} with {n}"
            );
        }
    }

    #[test]
    fn a_deprivation_named_twice_counts_once() {
        let s = std_for(2022);
        let twice = ["viec-lam", "viec-lam", "nha-tieu"];
        assert_eq!(
            classify(s, Area::Rural, 1_000_000, &twice).unwrap(),
            Class::NearPoor
        );
    }

    #[test]
    fn unknown_codes_and_negative_income_are_refused() {
        let s = std_for(2022);
        let e = classify(s, Area::Rural, 1_000_000, &["viec-lam", "khong-co"]).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].field, "deprivations");
        assert!(e.0[0].message.contains("khong-co"), "{e}");
        let e = classify(s, Area::Rural, -1, &Vec::<String>::new()).unwrap_err();
        assert_eq!(
            e.message_for("income"),
            Some("Thu nhập bình quân không được âm")
        );
        // The 2027 standard has no "tiep-can-thong-tin".
        assert!(classify(std_for(2027), Area::Rural, 0, &["tiep-can-thong-tin"]).is_err());
    }

    #[test]
    fn survey_scores() {
        use Area::*;
        use Class::*;
        for (area, a, b, expected) in [
            (Rural, 140, 30, Poor),
            (Rural, 140, 29, NearPoor),
            (Rural, 0, 120, Poor),
            (Rural, 141, 30, NotPoor),
            (Rural, 141, 0, NotPoor),
            (Urban, 141, 30, Poor),
            (Urban, 175, 30, Poor),
            (Urban, 175, 20, NearPoor),
            (Urban, 176, 30, NotPoor),
        ] {
            assert_eq!(
                classify_by_score(area, a, b),
                expected,
                "{area:?} A={a} B={b}"
            );
        }
        assert_eq!(3 * SCORE_B_PER_INDICATOR, SCORE_B_POOR);
    }

    fn review(year: &str, area: &str, income: &str, deprivations: &str) -> ReviewInput {
        ReviewInput {
            year: year.into(),
            area: area.into(),
            income: income.into(),
            deprivations: deprivations.into(),
        }
    }

    #[test]
    fn officer_reviews_are_read() {
        let v = validate_review(
            builtin(),
            &review("2025", "Nông thôn", "1.500.000", "1;5;9"),
        )
        .unwrap();
        assert_eq!(
            v,
            ValidReview {
                year: 2025,
                area: Area::Rural,
                income: 1_500_000,
                deprived: vec![
                    "viec-lam".into(),
                    "trinh-do-giao-duc".into(),
                    "nuoc-sinh-hoat".into()
                ],
                class: Class::Poor,
                standard: "nd07-2021".into(),
            }
        );
        // Labels without diacritics, codes, commas, repeats, spaces.
        let v = validate_review(
            builtin(),
            &review(
                " 2026 ",
                "thanh thi",
                "2000000 đ",
                "bao hiem y te, nha-tieu ; 4",
            ),
        )
        .unwrap();
        assert_eq!(v.deprived, ["bao-hiem-y-te", "nha-tieu"]);
        assert_eq!(v.class, Class::NearPoor);
        // A label with a comma in it (NĐ 351/2025).
        let v = validate_review(
            builtin(),
            &review(
                "2027",
                "urban",
                "2.800.000",
                "Thu gom, xử lý rác thải sinh hoạt; 1; 2",
            ),
        )
        .unwrap();
        assert_eq!(v.deprived, ["viec-lam", "nguoi-phu-thuoc", "rac-thai"]);
        assert_eq!((v.class, v.standard.as_str()), (Class::Poor, "nd351-2025"));
        // No deprivations at all.
        let v = validate_review(builtin(), &review("2030", "Nông thôn", "3.000.000", "")).unwrap();
        assert_eq!(v.class, Class::NotPoor);
    }

    #[test]
    fn officer_review_errors_name_the_field() {
        let e =
            validate_review(builtin(), &review("2019", "Nông thôn", "1.000.000", "1")).unwrap_err();
        assert_eq!(
            e.message_for("year"),
            Some("Chưa có chuẩn nghèo cho năm 2019")
        );
        let e = validate_review(builtin(), &review("năm nay", "x", "-5", "1")).unwrap_err();
        assert_eq!(e.fields(), ["year", "area", "income"]);
        assert_eq!(
            e.message_for("year"),
            Some("Năm rà soát «năm nay» không hợp lệ")
        );
        assert_eq!(
            e.message_for("area"),
            Some("Khu vực phải là «Thành thị» hoặc «Nông thôn»")
        );
        assert_eq!(
            e.message_for("income"),
            Some("Thu nhập bình quân không được âm")
        );
        let e = validate_review(builtin(), &review("", "Nông thôn", "", "")).unwrap_err();
        assert_eq!(e.message_for("year"), Some("Chưa nhập năm rà soát"));
        assert!(
            e.message_for("income")
                .unwrap()
                .starts_with("Chưa nhập thu nhập bình quân")
        );
        let e = validate_review(
            builtin(),
            &review("2025", "Nông thôn", "1.50.000", "13; 1; điện"),
        )
        .unwrap_err();
        assert!(
            e.message_for("income").unwrap().contains("«1.50.000»"),
            "{e}"
        );
        let unknown: Vec<&str> =
            e.0.iter()
                .filter(|f| f.field == "deprivations")
                .map(|f| f.message.as_str())
                .collect();
        assert_eq!(unknown.len(), 2);
        assert!(
            unknown[0].starts_with(
                "Chỉ số thiếu hụt «13» không có trong Chuẩn nghèo đa chiều giai đoạn 2022–2025"
            ),
            "{}",
            unknown[0]
        );
        assert!(unknown[1].contains("«điện»"));
        // 2027's standard has no indicator "tiep-can-thong-tin".
        let e = validate_review(
            builtin(),
            &review("2027", "Nông thôn", "1", "tiep-can-thong-tin"),
        )
        .unwrap_err();
        assert!(e.message_for("deprivations").is_some());
    }

    fn any_class_input() -> impl Strategy<Value = (i16, Area, i64, i64, usize, usize)> {
        (
            2022i16..=2030,
            prop_oneof![Just(Area::Rural), Just(Area::Urban)],
            0i64..4_000_000,
            0i64..4_000_000,
            0usize..=12,
            0usize..=12,
        )
    }

    proptest! {
        /// Raising income never makes a household poorer; neither does
        /// losing deprivations.
        #[test]
        fn classification_is_monotone((year, area, a, b, m, n) in any_class_input()) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (few, many) = (m.min(n), m.max(n));
            prop_assert!(!class(year, area, hi, many).is_poorer_than(class(year, area, lo, many)));
            prop_assert!(!class(year, area, lo, few).is_poorer_than(class(year, area, lo, many)));
            // Above the line, deprivations do not matter.
            let line = std_for(year).lines(area).poverty_line;
            if hi > line {
                prop_assert_eq!(class(year, area, hi, 0), class(year, area, hi, 12));
                prop_assert!(!class(year, area, hi, 12).is_poor_or_near_poor());
            }
        }

        /// The score route agrees with the income route when A tracks the
        /// income line and B counts 10 per deprivation.
        #[test]
        fn scores_agree_with_income(poor_income in any::<bool>(), n in 0u32..=12, rural in any::<bool>()) {
            let area = if rural { Area::Rural } else { Area::Urban };
            let limit = if rural { SCORE_A_RURAL } else { SCORE_A_URBAN };
            let a = if poor_income { limit } else { limit + 1 };
            let line = std_for(2024).lines(area).poverty_line;
            let income = if poor_income { line } else { line + 1 };
            let by_income = class(2024, area, income, n as usize);
            let by_score = classify_by_score(area, a, n * SCORE_B_PER_INDICATOR);
            prop_assert_eq!(by_score.is_poor_or_near_poor(), by_income.is_poor_or_near_poor());
            if by_income.is_poor_or_near_poor() {
                prop_assert_eq!(by_score, by_income);
            }
        }
    }
}
