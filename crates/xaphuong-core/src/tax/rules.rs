//! The shipped tax rules for business households, by period, read from
//! `tax_rules.txt` (its format is described at its top).

use std::sync::LazyLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

named_enum! {
    /// How a business household's tax is set.
    TaxMethod {
        Presumptive => ("presumptive", "Khoán thuế"),
        Declaration => ("declaration", "Tự khai theo doanh thu thực tế"),
    }
}

/// One period's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxRule {
    pub code: String,
    pub from: Date,
    /// Last day in force; none: still in force.
    pub until: Option<Date>,
    pub method: TaxMethod,
    pub summary: String,
    pub council: String,
    pub basis: String,
    pub note: String,
}

impl TaxRule {
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// What is wrong with the rules file, and on which line (1 = the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dòng {line}: {message}")]
pub struct RuleError {
    pub line: usize,
    pub message: String,
}

const SHIPPED: &str = include_str!("tax_rules.txt");

/// The rules shipped with xaphuong, in order.
pub fn builtin() -> &'static [TaxRule] {
    static RULES: LazyLock<Vec<TaxRule>> =
        LazyLock::new(|| parse(SHIPPED).unwrap_or_else(|e| panic!("tax_rules.txt: {e}")));
    &RULES
}

/// The rule in force on `day`, if the file has one.
pub fn rule_on(day: Date) -> Option<&'static TaxRule> {
    builtin().iter().find(|r| r.covers(day))
}

/// The rule in force for most of `year`: the one covering its last day
/// (the year a law takes effect on 1 January is that law's).
pub fn rule_of_year(year: i16) -> Option<&'static TaxRule> {
    Date::new(year, 12, 31).ok().and_then(rule_on)
}

#[derive(Default)]
struct Draft {
    line: usize,
    code: String,
    from: Option<Date>,
    until: Option<Date>,
    method: Option<TaxMethod>,
    summary: Option<String>,
    council: Option<String>,
    basis: Option<String>,
    note: Option<String>,
}

fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, RuleError> {
    Err(RuleError {
        line,
        message: message.into(),
    })
}

impl Draft {
    fn finish(self) -> Result<TaxRule, RuleError> {
        let need = |v: Option<String>, key: &str| match v {
            Some(v) => Ok(v),
            None => fail(self.line, format!("[{}] thiếu «{key}»", self.code)),
        };
        let Some(from) = self.from else {
            return fail(self.line, format!("[{}] thiếu «from»", self.code));
        };
        let Some(method) = self.method else {
            return fail(self.line, format!("[{}] thiếu «method»", self.code));
        };
        if self.until.is_some_and(|u| u < from) {
            return fail(self.line, format!("[{}] «until» trước «from»", self.code));
        }
        Ok(TaxRule {
            summary: need(self.summary.clone(), "summary")?,
            council: need(self.council.clone(), "council")?,
            basis: need(self.basis.clone(), "basis")?,
            note: self.note.clone().unwrap_or_default(),
            code: self.code,
            from,
            until: self.until,
            method,
        })
    }
}

/// Reads a rules file: every rule whole, the periods in order and apart.
pub fn parse(text: &str) -> Result<Vec<TaxRule>, RuleError> {
    let mut rules: Vec<TaxRule> = Vec::new();
    let mut draft: Option<Draft> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(code) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(d) = draft.take() {
                rules.push(d.finish()?);
            }
            if code.is_empty()
                || !code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return fail(n, format!("mã «{code}» chỉ gồm a-z, 0-9 và '-'"));
            }
            draft = Some(Draft {
                line: n,
                code: code.to_owned(),
                ..Default::default()
            });
            continue;
        }
        let Some(d) = draft.as_mut() else {
            return fail(n, "dòng ở ngoài một [quy định]");
        };
        let Some((key, value)) = line.split_once(':') else {
            return fail(n, "cần dạng «khóa: giá trị»");
        };
        let value = value.trim().to_owned();
        let date = |v: &str| match v.parse::<Date>() {
            Ok(d) => Ok(d),
            Err(_) => fail(n, format!("ngày «{v}» không hợp lệ (YYYY-MM-DD)")),
        };
        match key.trim() {
            "from" => d.from = Some(date(&value)?),
            "until" => d.until = Some(date(&value)?),
            "method" => match TaxMethod::parse(&value) {
                Some(m) => d.method = Some(m),
                None => return fail(n, format!("phương pháp «{value}» không có")),
            },
            "summary" => d.summary = Some(value),
            "council" => d.council = Some(value),
            "basis" => d.basis = Some(value),
            "note" => d.note = Some(value),
            other => return fail(n, format!("khóa «{other}» không có")),
        }
    }
    if let Some(d) = draft.take() {
        rules.push(d.finish()?);
    }
    for pair in rules.windows(2) {
        let ends = pair[0].until;
        if ends.is_none_or(|u| u >= pair[1].from) {
            return fail(
                0,
                format!(
                    "[{}] chồng lên [{}]: các giai đoạn phải nối tiếp nhau",
                    pair[0].code, pair[1].code
                ),
            );
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn presumptive_tax_ends_with_2025() {
        // NQ 198/2025/QH15: no more khoán for business households from
        // 01/01/2026.
        let r = builtin();
        assert_eq!(r.len(), 3);
        assert_eq!(
            rule_on(date(2025, 12, 31)).unwrap().method,
            TaxMethod::Presumptive
        );
        assert_eq!(
            rule_on(date(2026, 1, 1)).unwrap().method,
            TaxMethod::Declaration
        );
        assert_eq!(rule_of_year(2022).unwrap().code, "khoan-2021");
        assert_eq!(rule_of_year(2021).unwrap().code, "khoan-2021");
        assert_eq!(rule_of_year(2030).unwrap().code, "tu-khai-2026");
        assert_eq!(rule_of_year(2010), None);
    }

    #[test]
    fn a_bad_file_names_its_line() {
        let overlap = "[a]\nfrom: 2020-01-01\nmethod: presumptive\nsummary: x\ncouncil: y\nbasis: z\n\
                       [b]\nfrom: 2020-06-01\nmethod: declaration\nsummary: x\ncouncil: y\nbasis: z\n";
        assert!(parse(overlap).unwrap_err().message.contains("chồng lên"));
        let bad = "[a]\nfrom: 2020-13-01\n";
        assert_eq!(parse(bad).unwrap_err().line, 2);
        let missing = "[a]\nfrom: 2020-01-01\nmethod: presumptive\n";
        assert!(parse(missing).unwrap_err().message.contains("summary"));
    }
}
