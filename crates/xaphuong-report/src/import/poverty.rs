//! The poverty review results (kết quả rà soát hộ nghèo, hộ cận nghèo): one
//! household's review of a year per row.

use xaphuong_core::households::{Area, PovertyRow, ReviewInput};

use super::{AREA, Column, Fields, Register, household_code, texts};
use crate::xlsx::Cell;

pub struct PovertyReviews;

impl Register for PovertyReviews {
    type Input = PovertyRow;
    const SHEET: &'static str = "Rà soát hộ nghèo";
    const TITLE: &'static str = "MẪU NHẬP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO";
    const COLUMNS: &'static [Column] = &[
        household_code("household"),
        Column::new("year", "Năm rà soát", 10.0)
            .or(&["nam", "nam danh gia", "nam ra soat hang nam"])
            .required(),
        AREA,
        Column::new("income", "Thu nhập bình quân (đồng/người/tháng)", 22.0)
            .or(&[
                "thu nhap binh quan",
                "thu nhap binh quan (dong/nguoi/thang)",
                "thu nhap binh quan dau nguoi",
                "thu nhap binh quan dau nguoi (dong/thang)",
                "thu nhap binh quan/nguoi/thang",
                "thu nhap (dong/nguoi/thang)",
                "thu nhap",
            ])
            .required(),
        Column::new("deprivations", "Chỉ số thiếu hụt", 24.0).or(&[
            "cac chi so thieu hut",
            "chi so thieu hut dich vu xa hoi co ban",
            "thieu hut dich vu xa hoi co ban",
            "chi so thieu hut (so thu tu)",
            "thieu hut",
        ]),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "PCK-T05-0001",
            "2025",
            Area::Urban.label(),
            "1.800.000",
            // Bảo hiểm y tế; Trình độ giáo dục của người lớn.
            "4;5",
        ])
    }

    fn input(f: &Fields) -> PovertyRow {
        PovertyRow {
            household: f.get("household"),
            review: ReviewInput {
                year: f.get("year"),
                // Empty: the household's area.
                area: f.code("area", Area::from_written, Area::as_str),
                // "1.500.000" as text or 1500000 as a number: the rules
                // read both.
                income: f.get("income"),
                // Numbers, codes or labels: read against the year's standard.
                deprivations: f.get("deprivations"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::households::poverty::builtin;
    use xaphuong_core::households::{Class, validate_review};

    use super::*;
    use crate::import::relabel;
    use crate::import::testing::{csv_refused, csv_rows, template_rows};

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let reviews = template_rows::<PovertyReviews>();
        assert_eq!(reviews.len(), 1);
        assert_eq!(
            reviews[0].input,
            PovertyRow {
                household: "PCK-T05-0001".into(),
                review: ReviewInput {
                    year: "2025".into(),
                    area: "urban".into(),
                    income: "1.800.000".into(),
                    deprivations: "4;5".into(),
                },
            }
        );
        let v = validate_review(builtin(), &reviews[0].input.review).unwrap();
        assert_eq!((v.income, v.class), (1_800_000, Class::NearPoor));
        assert_eq!(v.deprived, ["bao-hiem-y-te", "trinh-do-giao-duc"]);
    }

    #[test]
    fn headers_without_diacritics_and_aliases() {
        let csv = "Ma ho,Nam,Khu vuc,Thu nhap binh quan,Chi so thieu hut\n\
            PCK-T05-0002,2024,Nông thôn,1400000,\"viec-lam, Bảo hiểm y tế; 9\"\n\
            PCK-T05-0003,2024,,2.500.000,\n";
        let reviews = csv_rows::<PovertyReviews>(csv);
        let got: Vec<(&str, &ReviewInput)> = reviews
            .iter()
            .map(|r| (r.input.household.as_str(), &r.input.review))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "PCK-T05-0002",
                    &ReviewInput {
                        year: "2024".into(),
                        area: "rural".into(),
                        income: "1400000".into(),
                        deprivations: "viec-lam, Bảo hiểm y tế; 9".into(),
                    }
                ),
                (
                    "PCK-T05-0003",
                    &ReviewInput {
                        year: "2024".into(),
                        area: String::new(),
                        income: "2.500.000".into(),
                        deprivations: String::new(),
                    }
                ),
            ]
        );
        let v = validate_review(builtin(), &reviews[0].input.review).unwrap();
        assert_eq!(v.class, Class::Poor);
        assert_eq!(v.deprived, ["viec-lam", "bao-hiem-y-te", "nuoc-sinh-hoat"]);
        // The store fills an empty area from the household; left empty, the
        // rules name the column.
        let e = relabel::<PovertyReviews>(
            validate_review(builtin(), &reviews[1].input.review).unwrap_err(),
        );
        assert_eq!(e.fields(), ["Khu vực"]);
    }

    #[test]
    fn missing_columns_are_named() {
        let e = csv_refused::<PovertyReviews>("Mã hộ,Khu vực\nA,Thành thị\n");
        assert_eq!(
            e.fields(),
            ["Năm rà soát", "Thu nhập bình quân (đồng/người/tháng)"]
        );
    }
}
