//! Multidimensional poverty (chuẩn nghèo đa chiều): the standards as data,
//! the classification of a household as code, and the yearly review
//! (rà soát) of QĐ 24/2021/QĐ-TTg.
//!
//! A standard is a decree's income lines and deprivation indicators for a
//! span of years: NĐ 07/2021/NĐ-CP Art. 3 for 2022–2025, kept for 2026 by
//! NĐ 351/2025/NĐ-CP, which sets the lines of 2027–2030. The shipped
//! standards are the file `poverty_standards.txt` next to this module
//! ([`builtin`]); a deployment loads a new decree's standard from a file of
//! the same format with [`parse_standards`], and [`format_standards`] writes
//! one back.
//!
//! # The standards file
//!
//! UTF-8 text, one fact per line; a line starting with `#` is a comment and
//! blank lines are ignored. Each standard opens with its code in brackets
//! and lists its facts as `key: value`:
//!
//! ```text
//! [nd07-2021]
//! name: Chuẩn nghèo đa chiều giai đoạn 2022–2025
//! basis: Nghị định 07/2021/NĐ-CP, Điều 3
//! note: (optional) what is not yet confirmed
//! years: 2022-2026
//! rural: 1.500.000 | 2.250.000
//! urban: 2.000.000 | 3.000.000
//! min_deprivations: 3
//! indicator: 1 | viec-lam | Việc làm | Việc làm | Có ít nhất một người …
//! ```
//!
//! - the code has lower-case ASCII letters, digits and `-`; codes are unique;
//! - `years` is the first and last year, both included (`2026` alone for
//!   one year); the periods of a file's standards must not overlap;
//! - `rural` and `urban` give the poverty line and then, after `|`, the
//!   upper bound of the "mức sống trung bình" band, in đồng per person per
//!   month (`1.500.000` or `1500000`); `-` or nothing after the line means
//!   the decree sets no such band; lines are positive and a band lies above
//!   its line;
//! - `min_deprivations` is how many deprivations make a household at or
//!   under the line poor rather than near-poor (3 in both decrees);
//! - each `indicator` line is `number | code | dimension | label |
//!   threshold`; numbers and codes are unique within the standard, the
//!   threshold says in Vietnamese when a household counts as deprived.
//!
//! Every key but `note` is required and given once (`indicator` at least
//! once). A wrong file is refused with the line at fault
//! ([`StandardError`]).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Invalid, numbers, text};

named_enum! {
    /// Where a household lives, which picks the income line.
    Area {
        Urban => ("urban", "Thành thị"),
        Rural => ("rural", "Nông thôn"),
    }
}

impl Area {
    /// The area as an officer wrote it: its code or label (with or without
    /// diacritics), or the words of NĐ 351/2025 ("khu vực đô thị").
    pub fn from_written(s: &str) -> Option<Area> {
        Area::read(s).or_else(|| match text::fold(s).as_str() {
            "do thi" | "khu vuc do thi" | "khu vuc thanh thi" => Some(Area::Urban),
            "khu vuc nong thon" => Some(Area::Rural),
            _ => None,
        })
    }
}

named_enum! {
    /// A household's class in a year's review, poorest first.
    Class {
        Poor => ("poor", "Hộ nghèo"),
        NearPoor => ("near_poor", "Hộ cận nghèo"),
        AverageLiving => ("average", "Hộ có mức sống trung bình"),
        NotPoor => ("not_poor", "Không thuộc diện nghèo"),
    }
}

impl Class {
    pub fn is_poor(self) -> bool {
        self == Class::Poor
    }

    pub fn is_near_poor(self) -> bool {
        self == Class::NearPoor
    }

    /// Counted in the national "tỷ lệ nghèo đa chiều" (poor + near-poor).
    pub fn is_poor_or_near_poor(self) -> bool {
        matches!(self, Class::Poor | Class::NearPoor)
    }

    /// 0 for poor up to 3 for not poor: a higher rank is better off.
    pub fn rank(self) -> u8 {
        match self {
            Class::Poor => 0,
            Class::NearPoor => 1,
            Class::AverageLiving => 2,
            Class::NotPoor => 3,
        }
    }

    /// Whether `self` is a poorer class than `other`.
    pub fn is_poorer_than(self, other: Class) -> bool {
        self.rank() < other.rank()
    }
}

/// The lines of one area, in đồng per person per month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaLines {
    /// At or under it a household is poor or near-poor.
    pub poverty_line: i64,
    /// Upper bound (included) of the "mức sống trung bình" band; `None`
    /// where the decree sets no band.
    pub average_line: Option<i64>,
}

/// One indicator of deprivation of basic social services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deprivation {
    /// Stable code, e.g. "viec-lam"; stored with each review.
    pub code: String,
    /// The indicator's number in the decree (1–12).
    pub number: u8,
    pub label: String,
    pub dimension: String,
    /// When a household counts as deprived, in Vietnamese.
    pub threshold: String,
}

/// A poverty standard and the years it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    /// E.g. "nd07-2021"; stored with each review.
    pub code: String,
    pub name: String,
    /// The legal basis, e.g. "Nghị định 07/2021/NĐ-CP, Điều 3".
    pub basis: String,
    /// What is not yet confirmed, etc.; may be empty.
    pub note: String,
    pub first_year: i16,
    pub last_year: i16,
    pub rural: AreaLines,
    pub urban: AreaLines,
    /// Deprivations that make a household at or under the line poor (3).
    pub min_deprivations_poor: u8,
    pub indicators: Vec<Deprivation>,
}

impl Standard {
    pub fn lines(&self, area: Area) -> AreaLines {
        match area {
            Area::Urban => self.urban,
            Area::Rural => self.rural,
        }
    }

    pub fn covers(&self, year: i16) -> bool {
        (self.first_year..=self.last_year).contains(&year)
    }

    /// The indicator with this code.
    pub fn indicator(&self, code: &str) -> Option<&Deprivation> {
        self.indicators.iter().find(|d| d.code == code)
    }

    /// The indicator an officer wrote: its number ("5"), its code or its
    /// label, with or without diacritics.
    pub fn find_indicator(&self, written: &str) -> Option<&Deprivation> {
        let w = written.trim();
        if let Ok(n) = w.parse::<u8>() {
            return self.indicators.iter().find(|d| d.number == n);
        }
        let key = text::fold(w);
        self.indicators
            .iter()
            .find(|d| d.code == w || text::fold(&d.code) == key || text::fold(&d.label) == key)
    }
}

/// What is wrong with a standards file, and on which line (1 = the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dòng {line}: {message}")]
pub struct StandardError {
    pub line: usize,
    pub message: String,
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, StandardError> {
    Err(StandardError {
        line,
        message: message.into(),
    })
}

const SHIPPED: &str = include_str!("poverty_standards.txt");

/// The standards shipped with xaphuong (NĐ 07/2021 for 2022–2026, NĐ
/// 351/2025 for 2027–2030), by first year.
pub fn builtin() -> &'static [Standard] {
    static STANDARDS: LazyLock<Vec<Standard>> = LazyLock::new(|| {
        parse_standards(SHIPPED).unwrap_or_else(|e| panic!("poverty_standards.txt: {e}"))
    });
    &STANDARDS
}

/// The standard that applies to `year`, if any.
pub fn standard_for_year(standards: &[Standard], year: i16) -> Option<&Standard> {
    standards.iter().find(|s| s.covers(year))
}

/// A standard being read, with the line of its `[code]`.
struct Draft {
    line: usize,
    code: String,
    name: Option<String>,
    basis: Option<String>,
    note: Option<String>,
    years: Option<(i16, i16)>,
    rural: Option<AreaLines>,
    urban: Option<AreaLines>,
    min: Option<u8>,
    indicators: Vec<Deprivation>,
}

const KEYS: &str = "name, basis, note, years, rural, urban, min_deprivations, indicator";

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn once<T>(slot: &mut Option<T>, n: usize, key: &str, value: T) -> Result<(), StandardError> {
    if slot.is_some() {
        return fail(n, format!("khóa «{key}» được ghi hai lần"));
    }
    *slot = Some(value);
    Ok(())
}

fn parse_year(n: usize, s: &str) -> Result<i16, StandardError> {
    match s.trim().parse::<i16>() {
        Ok(y) if (1990..=2100).contains(&y) => Ok(y),
        _ => fail(n, format!("năm «{}» không hợp lệ (1990 – 2100)", s.trim())),
    }
}

fn parse_years(n: usize, value: &str) -> Result<(i16, i16), StandardError> {
    let (first, last) = match value.split_once(['-', '–']) {
        Some((a, b)) => (parse_year(n, a)?, parse_year(n, b)?),
        None => {
            let y = parse_year(n, value)?;
            (y, y)
        }
    };
    if first > last {
        return fail(n, format!("năm đầu {first} sau năm cuối {last}"));
    }
    Ok((first, last))
}

fn parse_amount(n: usize, what: &str, s: &str) -> Result<i64, StandardError> {
    match numbers::parse_dong(s) {
        Some(v) if v > 0 => Ok(v),
        _ => fail(
            n,
            format!(
                "{what} «{}» không hợp lệ: một số tiền dương, ví dụ 1.500.000",
                s.trim()
            ),
        ),
    }
}

fn parse_lines(n: usize, value: &str) -> Result<AreaLines, StandardError> {
    let (line, band) = match value.split_once('|') {
        Some((a, b)) => (a, b.trim()),
        None => (value, ""),
    };
    let poverty_line = parse_amount(n, "chuẩn nghèo", line)?;
    let average_line = match band {
        "" | "-" => None,
        b => Some(parse_amount(n, "mức sống trung bình", b)?),
    };
    if let Some(a) = average_line
        && a <= poverty_line
    {
        return fail(
            n,
            format!(
                "mức sống trung bình ({}) phải cao hơn chuẩn nghèo ({})",
                numbers::dong(a),
                numbers::dong(poverty_line)
            ),
        );
    }
    Ok(AreaLines {
        poverty_line,
        average_line,
    })
}

fn parse_indicator(n: usize, value: &str) -> Result<Deprivation, StandardError> {
    let f: Vec<&str> = value.split('|').map(str::trim).collect();
    let [number, code, dimension, label, threshold] = f.as_slice() else {
        return fail(
            n,
            format!(
                "chỉ số cần 5 phần «số | mã | chiều | tên | ngưỡng», có {} phần",
                f.len()
            ),
        );
    };
    let number = match number.parse::<u8>() {
        Ok(v) if v > 0 => v,
        _ => return fail(n, format!("số thứ tự chỉ số «{number}» không hợp lệ")),
    };
    if !is_code(code) {
        return fail(
            n,
            format!("mã chỉ số «{code}» chỉ gồm chữ thường không dấu, chữ số và dấu -"),
        );
    }
    for (what, v) in [
        ("chiều thiếu hụt", dimension),
        ("tên chỉ số", label),
        ("ngưỡng thiếu hụt", threshold),
    ] {
        if v.is_empty() {
            return fail(n, format!("chỉ số {code}: thiếu {what}"));
        }
    }
    Ok(Deprivation {
        code: (*code).to_owned(),
        number,
        label: (*label).to_owned(),
        dimension: (*dimension).to_owned(),
        threshold: (*threshold).to_owned(),
    })
}

impl Draft {
    fn set(&mut self, n: usize, key: &str, value: String) -> Result<(), StandardError> {
        match key {
            "name" | "basis" | "note" => {
                if value.is_empty() {
                    return fail(n, format!("khóa «{key}» chưa có giá trị"));
                }
                let slot = match key {
                    "name" => &mut self.name,
                    "basis" => &mut self.basis,
                    _ => &mut self.note,
                };
                once(slot, n, key, value)
            }
            "years" => once(&mut self.years, n, key, parse_years(n, &value)?),
            "rural" => once(&mut self.rural, n, key, parse_lines(n, &value)?),
            "urban" => once(&mut self.urban, n, key, parse_lines(n, &value)?),
            "min_deprivations" => {
                let min = match value.parse::<u8>() {
                    Ok(v) if v > 0 => v,
                    _ => {
                        return fail(
                            n,
                            format!("số chỉ số thiếu hụt tối thiểu «{value}» không hợp lệ"),
                        );
                    }
                };
                once(&mut self.min, n, key, min)
            }
            "indicator" => {
                let d = parse_indicator(n, &value)?;
                if self.indicators.iter().any(|x| x.code == d.code) {
                    return fail(n, format!("mã chỉ số «{}» bị trùng", d.code));
                }
                if self.indicators.iter().any(|x| x.number == d.number) {
                    return fail(n, format!("số thứ tự chỉ số {} bị trùng", d.number));
                }
                self.indicators.push(d);
                Ok(())
            }
            _ => fail(n, format!("khóa «{key}» không hợp lệ (các khóa: {KEYS})")),
        }
    }

    fn finish(self) -> Result<Standard, StandardError> {
        let n = self.line;
        let code = self.code;
        let missing = |key: &str| StandardError {
            line: n,
            message: format!("chuẩn nghèo «{code}» thiếu khóa «{key}»"),
        };
        let name = self.name.ok_or_else(|| missing("name"))?;
        let basis = self.basis.ok_or_else(|| missing("basis"))?;
        let (first_year, last_year) = self.years.ok_or_else(|| missing("years"))?;
        let rural = self.rural.ok_or_else(|| missing("rural"))?;
        let urban = self.urban.ok_or_else(|| missing("urban"))?;
        let min = self.min.ok_or_else(|| missing("min_deprivations"))?;
        if self.indicators.is_empty() {
            return Err(missing("indicator"));
        }
        if usize::from(min) > self.indicators.len() {
            return fail(
                n,
                format!(
                    "chuẩn nghèo «{code}»: cần {min} chỉ số thiếu hụt để là hộ nghèo nhưng chỉ có {} chỉ số",
                    self.indicators.len()
                ),
            );
        }
        Ok(Standard {
            code,
            name,
            basis,
            note: self.note.unwrap_or_default(),
            first_year,
            last_year,
            rural,
            urban,
            min_deprivations_poor: min,
            indicators: self.indicators,
        })
    }
}

/// Reads a standards file (format in the module documentation). The
/// standards come back by first year.
pub fn parse_standards(text: &str) -> Result<Vec<Standard>, StandardError> {
    let mut done: Vec<(usize, Standard)> = Vec::new();
    let mut current: Option<Draft> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(code) = rest.strip_suffix(']').map(str::trim) else {
                return fail(n, "thiếu dấu ] sau mã chuẩn nghèo");
            };
            if !is_code(code) {
                return fail(
                    n,
                    format!(
                        "mã chuẩn nghèo «{code}» chỉ gồm chữ thường không dấu, chữ số và dấu -"
                    ),
                );
            }
            let taken = done.iter().any(|(_, s)| s.code == code)
                || current.as_ref().is_some_and(|d| d.code == code);
            if taken {
                return fail(n, format!("mã chuẩn nghèo «{code}» bị trùng"));
            }
            if let Some(d) = current.take() {
                let line = d.line;
                done.push((line, d.finish()?));
            }
            current = Some(Draft {
                line: n,
                code: code.to_owned(),
                name: None,
                basis: None,
                note: None,
                years: None,
                rural: None,
                urban: None,
                min: None,
                indicators: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return fail(
                n,
                "dòng phải có dạng «khóa: giá trị», «[mã]» hoặc bắt đầu bằng # (ghi chú)",
            );
        };
        let Some(draft) = current.as_mut() else {
            return fail(
                n,
                "chưa mở chuẩn nghèo: mỗi chuẩn bắt đầu bằng một dòng «[mã]»",
            );
        };
        draft.set(n, key.trim(), text::clean(value))?;
    }
    if let Some(d) = current.take() {
        let line = d.line;
        done.push((line, d.finish()?));
    }
    if done.is_empty() {
        return fail(1, "tệp không có chuẩn nghèo nào");
    }
    for (i, (n, s)) in done.iter().enumerate() {
        if let Some((_, other)) = done[..i]
            .iter()
            .find(|(_, o)| o.first_year <= s.last_year && s.first_year <= o.last_year)
        {
            return fail(
                *n,
                format!(
                    "thời gian áp dụng của chuẩn nghèo «{}» ({}–{}) trùng với chuẩn nghèo «{}» ({}–{})",
                    s.code,
                    s.first_year,
                    s.last_year,
                    other.code,
                    other.first_year,
                    other.last_year
                ),
            );
        }
    }
    let mut out: Vec<Standard> = done.into_iter().map(|(_, s)| s).collect();
    out.sort_by_key(|s| s.first_year);
    Ok(out)
}

/// Writes standards in the file format, so that a deployment can start its
/// own file from the shipped one; [`parse_standards`] reads it back equal.
pub fn format_standards(standards: &[Standard]) -> String {
    let lines = |l: AreaLines| match l.average_line {
        Some(a) => format!("{} | {}", numbers::dong(l.poverty_line), numbers::dong(a)),
        None => format!("{} | -", numbers::dong(l.poverty_line)),
    };
    let mut out = String::from("# Chuẩn nghèo đa chiều (định dạng: xem households::poverty)\n");
    for s in standards {
        out.push_str(&format!(
            "\n[{}]\nname: {}\nbasis: {}\n",
            s.code, s.name, s.basis
        ));
        if !s.note.is_empty() {
            out.push_str(&format!("note: {}\n", s.note));
        }
        out.push_str(&format!(
            "years: {}-{}\nrural: {}\nurban: {}\nmin_deprivations: {}\n",
            s.first_year,
            s.last_year,
            lines(s.rural),
            lines(s.urban),
            s.min_deprivations_poor
        ));
        for d in &s.indicators {
            out.push_str(&format!(
                "indicator: {} | {} | {} | {} | {}\n",
                d.number, d.code, d.dimension, d.label, d.threshold
            ));
        }
    }
    out
}

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

named_enum! {
    /// How a household's class changed from last year's review, as the
    /// yearly report counts it.
    ///
    /// A poor household that becomes near-poor has its own value,
    /// `PoorToNearPoor`: Vietnamese reporting counts it among those that
    /// escaped poverty ("thoát nghèo" includes moving to near-poor) and, in
    /// the near-poor list, among the new near-poor households, so both
    /// balances add up (poor now = poor before − [`Transition::exits_poverty`]
    /// + [`Transition::enters_poverty`]). A near-poor household that becomes
    /// poor is labelled by its poverty event (`FellBack` or `NewlyPoor`),
    /// which is what the poverty list reports; a near-poor balance counts it
    /// from last year's class.
    Transition {
        ExitedPoverty => ("thoat-ngheo", "Thoát nghèo"),
        PoorToNearPoor => ("thoat-ngheo-sang-can-ngheo", "Thoát nghèo, chuyển sang hộ cận nghèo"),
        FellBack => ("tai-ngheo", "Tái nghèo"),
        NewlyPoor => ("phat-sinh", "Phát sinh mới"),
        StillPoor => ("van-ngheo", "Vẫn nghèo"),
        ExitedNearPoor => ("thoat-can-ngheo", "Thoát cận nghèo"),
        NewlyNearPoor => ("phat-sinh-can-ngheo", "Cận nghèo phát sinh mới"),
        StillNearPoor => ("van-can-ngheo", "Vẫn cận nghèo"),
    }
}

impl Transition {
    /// Counted in "số hộ thoát nghèo" (to near-poor included).
    pub fn exits_poverty(self) -> bool {
        matches!(self, Transition::ExitedPoverty | Transition::PoorToNearPoor)
    }

    /// Counted among the year's new poor households (tái nghèo, phát sinh).
    pub fn enters_poverty(self) -> bool {
        matches!(self, Transition::FellBack | Transition::NewlyPoor)
    }

    /// Counted among the year's new near-poor households.
    pub fn enters_near_poverty(self) -> bool {
        matches!(self, Transition::NewlyNearPoor | Transition::PoorToNearPoor)
    }
}

/// How a household moved between last year's class (`None`: it was not in
/// last year's review — a new or split household, one that moved in) and
/// this year's. `ever_poor_before`: the records show it poor in some year
/// before this one. A household neither poor nor near-poor in both years
/// has no transition.
///
/// - poor now: `StillPoor` if poor last year, else `FellBack` if poor in an
///   earlier year, else `NewlyPoor` (near-poor last year included);
/// - near-poor now: `PoorToNearPoor` if poor last year, `StillNearPoor` if
///   near-poor, else `NewlyNearPoor` (a return to near-poor included);
/// - neither now: `ExitedPoverty` if poor last year, `ExitedNearPoor` if
///   near-poor.
pub fn transition(
    previous: Option<Class>,
    current: Class,
    ever_poor_before: bool,
) -> Option<Transition> {
    let was_poor = previous == Some(Class::Poor);
    let was_near = previous == Some(Class::NearPoor);
    Some(match current {
        Class::Poor if was_poor => Transition::StillPoor,
        Class::Poor if ever_poor_before => Transition::FellBack,
        Class::Poor => Transition::NewlyPoor,
        Class::NearPoor if was_poor => Transition::PoorToNearPoor,
        Class::NearPoor if was_near => Transition::StillNearPoor,
        Class::NearPoor => Transition::NewlyNearPoor,
        _ if was_poor => Transition::ExitedPoverty,
        _ if was_near => Transition::ExitedNearPoor,
        _ => return None,
    })
}

named_enum! {
    /// The steps of the yearly review (QĐ 24/2021/QĐ-TTg), in order.
    ReviewStep {
        Listing => ("lap-danh-sach", "Lập danh sách"),
        Survey => ("dieu-tra", "Rà soát, chấm điểm"),
        Meeting => ("hop-dan", "Họp dân"),
        Posting => ("niem-yet", "Niêm yết công khai"),
        Decision => ("quyet-dinh", "Chủ tịch UBND quyết định công nhận"),
    }
}

impl ReviewStep {
    /// The step's place in the procedure, from 0.
    pub fn order(self) -> usize {
        ReviewStep::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(usize::MAX)
    }
}

fn vn_date(d: Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

/// Checks the recorded steps of a review, as listed (field `steps`): each
/// step at most once, in the procedure's order (a step may be left out,
/// as the procedure is often recorded as it goes), dates never going back,
/// and no decision without a public posting before it.
pub fn check_steps(steps: &[(ReviewStep, Date)]) -> Result<(), Invalid> {
    let mut e = Invalid::default();
    let mut seen: Vec<ReviewStep> = Vec::new();
    let mut last: Option<(ReviewStep, Date)> = None;
    for &(step, date) in steps {
        if seen.contains(&step) {
            e.push("steps", format!("Bước «{}» được ghi hai lần", step.label()));
            continue;
        }
        seen.push(step);
        if let Some((prev, prev_date)) = last {
            if step.order() < prev.order() {
                e.push(
                    "steps",
                    format!(
                        "Bước «{}» phải làm trước bước «{}»",
                        step.label(),
                        prev.label()
                    ),
                );
            }
            if date < prev_date {
                e.push(
                    "steps",
                    format!(
                        "Ngày {} của bước «{}» trước ngày {} của bước «{}»",
                        vn_date(date),
                        step.label(),
                        vn_date(prev_date),
                        prev.label()
                    ),
                );
            }
        }
        last = Some((step, date));
    }
    if seen.contains(&ReviewStep::Decision) && !seen.contains(&ReviewStep::Posting) {
        e.push(
            "steps",
            "Chưa niêm yết công khai danh sách thì chưa thể quyết định công nhận",
        );
    }
    e.into_result()
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
    fn the_shipped_file_is_valid() {
        let all = parse_standards(SHIPPED).unwrap();
        assert_eq!(all, builtin());
        let codes: Vec<&str> = all.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, ["nd07-2021", "nd351-2025"]);
        let nd07 = &all[0];
        // Review years: the end-2021 review applied it already.
        assert_eq!((nd07.first_year, nd07.last_year), (2021, 2026));
        assert_eq!(
            nd07.rural,
            AreaLines {
                poverty_line: 1_500_000,
                average_line: Some(2_250_000)
            }
        );
        assert_eq!(
            nd07.urban,
            AreaLines {
                poverty_line: 2_000_000,
                average_line: Some(3_000_000)
            }
        );
        assert_eq!(nd07.min_deprivations_poor, 3);
        assert_eq!(nd07.indicators.len(), 12);
        let dims: BTreeSet<&str> = nd07
            .indicators
            .iter()
            .map(|d| d.dimension.as_str())
            .collect();
        assert_eq!(dims.len(), 6);
        assert_eq!(nd07.indicator("viec-lam").unwrap().number, 1);
        let nd351 = &all[1];
        assert_eq!((nd351.first_year, nd351.last_year), (2027, 2030));
        assert_eq!(
            (nd351.rural, nd351.urban),
            (
                AreaLines {
                    poverty_line: 2_200_000,
                    average_line: None
                },
                AreaLines {
                    poverty_line: 2_800_000,
                    average_line: None
                }
            )
        );
        assert_eq!(nd351.min_deprivations_poor, 3);
        assert!(!nd351.note.is_empty());
    }

    #[test]
    fn formatting_reads_back_equal() {
        let text = format_standards(builtin());
        assert_eq!(parse_standards(&text).unwrap(), builtin());
    }

    #[test]
    fn the_year_picks_the_standard() {
        for (year, code) in [
            (2022, Some("nd07-2021")),
            (2025, Some("nd07-2021")),
            (2026, Some("nd07-2021")),
            (2027, Some("nd351-2025")),
            (2030, Some("nd351-2025")),
            (2021, Some("nd07-2021")),
            (2020, None),
            (2019, None),
            (2031, None),
        ] {
            assert_eq!(
                standard_for_year(builtin(), year).map(|s| s.code.as_str()),
                code,
                "{year}"
            );
        }
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

    #[test]
    fn class_helpers() {
        assert!(Class::Poor.is_poor() && !Class::NearPoor.is_poor());
        assert!(Class::NearPoor.is_near_poor());
        let counted: Vec<bool> = Class::ALL
            .iter()
            .map(|c| c.is_poor_or_near_poor())
            .collect();
        assert_eq!(counted, [true, true, false, false]);
        let ranks: Vec<u8> = Class::ALL.iter().map(|c| c.rank()).collect();
        assert_eq!(ranks, [0, 1, 2, 3]);
        assert!(Class::Poor.is_poorer_than(Class::NearPoor));
        assert!(!Class::NotPoor.is_poorer_than(Class::AverageLiving));
        assert_eq!(Class::read("ho ngheo"), Some(Class::Poor));
        assert_eq!(Area::from_written("Khu vực đô thị"), Some(Area::Urban));
        assert_eq!(Area::from_written("nong thon"), Some(Area::Rural));
        assert_eq!(Area::from_written("rural"), Some(Area::Rural));
        assert_eq!(Area::from_written("miền núi"), None);
    }

    #[test]
    fn transitions_year_over_year() {
        use Class::*;
        use Transition::*;
        let cases: &[(Option<Class>, Class, bool, Option<Transition>)] = &[
            (Some(Poor), Poor, true, Some(StillPoor)),
            (Some(Poor), Poor, false, Some(StillPoor)),
            (Some(Poor), NearPoor, true, Some(PoorToNearPoor)),
            (Some(Poor), AverageLiving, true, Some(ExitedPoverty)),
            (Some(Poor), NotPoor, true, Some(ExitedPoverty)),
            (Some(NotPoor), Poor, true, Some(FellBack)),
            (Some(AverageLiving), Poor, true, Some(FellBack)),
            (Some(NearPoor), Poor, true, Some(FellBack)),
            (None, Poor, true, Some(FellBack)),
            (Some(NotPoor), Poor, false, Some(NewlyPoor)),
            (Some(NearPoor), Poor, false, Some(NewlyPoor)),
            (None, Poor, false, Some(NewlyPoor)),
            (Some(NearPoor), NearPoor, false, Some(StillNearPoor)),
            (Some(NearPoor), AverageLiving, false, Some(ExitedNearPoor)),
            (Some(NearPoor), NotPoor, true, Some(ExitedNearPoor)),
            (Some(NotPoor), NearPoor, false, Some(NewlyNearPoor)),
            (Some(AverageLiving), NearPoor, true, Some(NewlyNearPoor)),
            (None, NearPoor, false, Some(NewlyNearPoor)),
            (Some(NotPoor), NotPoor, true, None),
            (Some(AverageLiving), NotPoor, false, None),
            (None, AverageLiving, false, None),
            (None, NotPoor, true, None),
        ];
        for &(prev, cur, ever, expected) in cases {
            assert_eq!(
                transition(prev, cur, ever),
                expected,
                "{prev:?} → {cur:?}, ever poor {ever}"
            );
        }
        assert!(PoorToNearPoor.exits_poverty() && ExitedPoverty.exits_poverty());
        assert!(!StillPoor.exits_poverty() && !ExitedNearPoor.exits_poverty());
        assert!(FellBack.enters_poverty() && NewlyPoor.enters_poverty());
        assert!(PoorToNearPoor.enters_near_poverty() && NewlyNearPoor.enters_near_poverty());
        assert_eq!(Transition::parse("tai-ngheo"), Some(FellBack));
        assert_eq!(FellBack.label(), "Tái nghèo");
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn review_steps_in_order() {
        use ReviewStep::*;
        let full = [
            (Listing, d("2025-09-01")),
            (Survey, d("2025-09-15")),
            (Meeting, d("2025-10-10")),
            (Posting, d("2025-10-12")),
            (Decision, d("2025-10-20")),
        ];
        assert!(check_steps(&full).is_ok());
        assert!(check_steps(&[]).is_ok());
        // Steps left out, same-day steps.
        assert!(check_steps(&[(Listing, d("2025-09-01")), (Survey, d("2025-09-01"))]).is_ok());
        assert!(check_steps(&[(Posting, d("2025-10-01")), (Decision, d("2025-10-01"))]).is_ok());

        let twice = check_steps(&[(Listing, d("2025-09-01")), (Listing, d("2025-09-02"))]);
        assert_eq!(
            twice.unwrap_err().message_for("steps"),
            Some("Bước «Lập danh sách» được ghi hai lần")
        );
        let backwards = check_steps(&[(Meeting, d("2025-10-01")), (Survey, d("2025-10-02"))]);
        assert_eq!(
            backwards.unwrap_err().message_for("steps"),
            Some("Bước «Rà soát, chấm điểm» phải làm trước bước «Họp dân»")
        );
        let earlier = check_steps(&[(Survey, d("2025-10-02")), (Meeting, d("2025-10-01"))]);
        assert_eq!(
            earlier.unwrap_err().message_for("steps"),
            Some(
                "Ngày 01/10/2025 của bước «Họp dân» trước ngày 02/10/2025 của bước «Rà soát, chấm điểm»"
            )
        );
        let unposted = check_steps(&[(Meeting, d("2025-10-01")), (Decision, d("2025-10-20"))]);
        assert_eq!(
            unposted.unwrap_err().message_for("steps"),
            Some("Chưa niêm yết công khai danh sách thì chưa thể quyết định công nhận")
        );
        // A posting after the decision is out of order as well.
        let late = check_steps(&[(Decision, d("2025-10-20")), (Posting, d("2025-10-21"))]);
        assert_eq!(late.unwrap_err().0.len(), 1);
        let orders: Vec<usize> = ReviewStep::ALL.iter().map(|s| s.order()).collect();
        assert_eq!(orders, [0, 1, 2, 3, 4]);
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
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["year", "area", "income"]);
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

    const GOOD: &str = "\
# comment
[test-2031]
name: Thử
basis: Không
years: 2031-2032
rural: 1.000.000 | 1.500.000
urban: 2000000 | -
min_deprivations: 2
indicator: 1 | a | D | A | ngưỡng a
indicator: 2 | b | D | B | ngưỡng b
";

    fn error_of(text: &str) -> StandardError {
        parse_standards(text).unwrap_err()
    }

    #[test]
    fn a_deployment_file_is_read() {
        let all = parse_standards(GOOD).unwrap();
        assert_eq!(all.len(), 1);
        let s = &all[0];
        assert_eq!(s.urban.average_line, None);
        assert_eq!(s.rural.average_line, Some(1_500_000));
        assert_eq!(s.note, "");
        assert_eq!(
            classify(s, Area::Rural, 900_000, &["a", "b"]).unwrap(),
            Class::Poor
        );
        // One year alone; a BOM; en dash.
        let one = GOOD
            .replace("years: 2031-2032", "years: 2031")
            .replace("# comment", "\u{feff}# comment");
        assert_eq!(parse_standards(&one).unwrap()[0].last_year, 2031);
        let dash = GOOD.replace("2031-2032", "2031–2032");
        assert_eq!(parse_standards(&dash).unwrap()[0].last_year, 2032);
        // Standards come back by first year, whatever the file's order.
        let two = format!(
            "{GOOD}\n{}",
            GOOD.replace("test-2031", "test-2029")
                .replace("2031-2032", "2029-2030")
        );
        let years: Vec<i16> = parse_standards(&two)
            .unwrap()
            .iter()
            .map(|s| s.first_year)
            .collect();
        assert_eq!(years, [2029, 2031]);
    }

    #[test]
    fn file_errors_name_the_line() {
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "rural: 1.000.000 | 1.500.000",
                "rural: 0",
                6,
                "chuẩn nghèo «0» không hợp lệ",
            ),
            (
                "rural: 1.000.000 | 1.500.000",
                "rural: 1.000.000 | 1.000.000",
                6,
                "mức sống trung bình (1.000.000) phải cao hơn chuẩn nghèo (1.000.000)",
            ),
            (
                "rural: 1.000.000 | 1.500.000",
                "rural: 1,5 triệu",
                6,
                "không hợp lệ",
            ),
            (
                "years: 2031-2032",
                "years: 2033-2031",
                5,
                "năm đầu 2033 sau năm cuối 2031",
            ),
            (
                "years: 2031-2032",
                "years: 20x1",
                5,
                "năm «20x1» không hợp lệ",
            ),
            (
                "indicator: 2 | b | D | B | ngưỡng b",
                "indicator: 2 | a | D | B | ngưỡng b",
                10,
                "mã chỉ số «a» bị trùng",
            ),
            (
                "indicator: 2 | b | D | B | ngưỡng b",
                "indicator: 1 | b | D | B | ngưỡng b",
                10,
                "số thứ tự chỉ số 1 bị trùng",
            ),
            (
                "indicator: 2 | b | D | B | ngưỡng b",
                "indicator: 2 | b | D | B",
                10,
                "chỉ số cần 5 phần",
            ),
            (
                "indicator: 2 | b | D | B | ngưỡng b",
                "indicator: 2 | B b | D | B | x",
                10,
                "mã chỉ số «B b»",
            ),
            (
                "indicator: 2 | b | D | B | ngưỡng b",
                "indicator: 2 | b | D | B | ",
                10,
                "thiếu ngưỡng thiếu hụt",
            ),
            (
                "min_deprivations: 2",
                "min_deprivations: 3",
                2,
                "cần 3 chỉ số thiếu hụt để là hộ nghèo nhưng chỉ có 2 chỉ số",
            ),
            (
                "min_deprivations: 2",
                "min_deprivations: không",
                8,
                "số chỉ số thiếu hụt tối thiểu «không» không hợp lệ",
            ),
            (
                "name: Thử",
                "name: Thử\nname: Lại",
                4,
                "khóa «name» được ghi hai lần",
            ),
            ("name: Thử", "ten: Thử", 3, "khóa «ten» không hợp lệ"),
            (
                "name: Thử\n",
                "",
                2,
                "chuẩn nghèo «test-2031» thiếu khóa «name»",
            ),
            ("urban: 2000000 | -\n", "", 2, "thiếu khóa «urban»"),
            (
                "[test-2031]",
                "[Test 2031]",
                2,
                "mã chuẩn nghèo «Test 2031»",
            ),
            ("[test-2031]", "[test-2031", 2, "thiếu dấu ]"),
            (
                "basis: Không",
                "basis Không",
                4,
                "dòng phải có dạng «khóa: giá trị»",
            ),
            ("# comment", "name: trước", 1, "chưa mở chuẩn nghèo"),
        ];
        for &(from, to, line, needle) in cases {
            let text = GOOD.replacen(from, to, 1);
            let e = error_of(&text);
            assert_eq!(e.line, line, "{from} → {to}: {e}");
            assert!(e.message.contains(needle), "{from} → {to}: {e}");
        }
        let no_indicator: String = GOOD
            .lines()
            .filter(|l| !l.starts_with("indicator"))
            .map(|l| format!("{l}\n"))
            .collect();
        let e = error_of(&no_indicator.replace("min_deprivations: 2", "min_deprivations: 1"));
        assert_eq!(
            (e.line, e.message.as_str()),
            (2, "chuẩn nghèo «test-2031» thiếu khóa «indicator»")
        );
        assert_eq!(
            error_of("# nothing\n").message,
            "tệp không có chuẩn nghèo nào"
        );
        assert_eq!(
            error_of("").to_string(),
            "dòng 1: tệp không có chuẩn nghèo nào"
        );
    }

    #[test]
    fn overlapping_periods_and_codes_are_refused() {
        let second = GOOD
            .replace("# comment\n", "")
            .replace("test-2031", "test-b")
            .replace("2031-2032", "2032-2035");
        let e = error_of(&format!("{GOOD}{second}"));
        assert_eq!(e.line, 11);
        assert_eq!(
            e.message,
            "thời gian áp dụng của chuẩn nghèo «test-b» (2032–2035) trùng với chuẩn nghèo «test-2031» (2031–2032)"
        );
        let same = GOOD
            .replace("# comment\n", "")
            .replace("2031-2032", "2040-2041");
        let e = error_of(&format!("{GOOD}{same}"));
        assert_eq!(
            (e.line, e.message.as_str()),
            (11, "mã chuẩn nghèo «test-2031» bị trùng")
        );
        // The shipped file plus a file overlapping 2030.
        let extra = GOOD.replace("2031-2032", "2030-2031");
        let e = error_of(&format!("{SHIPPED}\n{extra}"));
        assert!(
            e.message.contains("trùng với chuẩn nghèo «nd351-2025»"),
            "{e}"
        );
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
