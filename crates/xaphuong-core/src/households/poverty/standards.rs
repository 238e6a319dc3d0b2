//! The poverty standards: the shipped file, and reading and writing the
//! format described in the parent module.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::Area;
use crate::{numbers, text};

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
    match crate::checks::year_in(s, 1990..=2100) {
        Some(y) => Ok(y),
        None => fail(n, format!("năm «{}» không hợp lệ (1990 – 2100)", s.trim())),
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::households::poverty::{Class, classify};

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
}
