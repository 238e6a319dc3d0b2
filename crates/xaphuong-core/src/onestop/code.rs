//! The dossier code (mã số hồ sơ) printed on the receipt and used for the
//! public lookup.
//!
//! NĐ 118/2025/NĐ-CP Art. 28 makes it the receiving authority's identifier
//! (mã định danh, QĐ 20/2020/QĐ-TTg: at most 35 characters, dot-separated
//! groups) followed by the date of receipt and the number of the dossier
//! within the day; separators and widths are left to TT 03/2025/TT-VPCP,
//! whose layout is not confirmed. The pattern is therefore configurable; its
//! default is the TT 01/2018/TT-VPCP Art. 19 layout
//! `000.17.22.H56-210531-0001`. A supplement never changes the code.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Invalid;

/// How a commune numbers its dossiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePattern {
    /// The receiving authority's mã định danh, e.g. "000.17.22.H56".
    pub identifier: String,
    /// YYYYMMDD instead of YYMMDD (seen in 2026 samples).
    pub long_year: bool,
    /// Digits of the number within the day (4 in TT 01/2018).
    pub width: u8,
    /// Between identifier, date and number.
    pub separator: char,
}

impl Default for CodePattern {
    fn default() -> Self {
        CodePattern {
            identifier: "000.00.00.H00".into(),
            long_year: false,
            width: 4,
            separator: '-',
        }
    }
}

/// QĐ 20/2020/QĐ-TTg: an identifier has at most 35 characters.
const IDENTIFIER_MAX: usize = 35;

impl CodePattern {
    /// The code of the `seq`-th dossier (from 1) received on `received`. A
    /// number wider than `width` is printed in full, never cut.
    pub fn format(&self, received: Date, seq: u32) -> String {
        let year = if self.long_year {
            format!("{:04}", received.year())
        } else {
            format!("{:02}", i32::from(received.year()).rem_euclid(100))
        };
        let sep = self.separator;
        let width = usize::from(self.width);
        format!(
            "{}{sep}{year}{:02}{:02}{sep}{seq:0width$}",
            self.identifier,
            received.month(),
            received.day()
        )
    }

    /// The largest number within a day the width can print.
    pub fn max_sequence(&self) -> u32 {
        10u32
            .checked_pow(u32::from(self.width))
            .map_or(u32::MAX, |n| n - 1)
    }

    /// Checks the identifier's form (QĐ 20/2020/QĐ-TTg), the width and the
    /// separator, which must be one the public lookup accepts.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::default();
        let id = self.identifier.as_str();
        if id.is_empty() {
            errors.push("identifier", "Chưa nhập mã định danh của cơ quan");
        } else if id.chars().count() > IDENTIFIER_MAX {
            errors.push(
                "identifier",
                format!("Mã định danh dài tối đa {IDENTIFIER_MAX} ký tự"),
            );
        } else if !id.split('.').all(|g| {
            !g.is_empty()
                && g.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }) {
            errors.push(
                "identifier",
                "Mã định danh gồm các nhóm chữ in hoa, chữ số, ngăn cách bằng dấu chấm (ví dụ 000.17.22.H56)",
            );
        }
        if !(3..=8).contains(&self.width) {
            errors.push("width", "Số chữ số của số thứ tự phải từ 3 đến 8");
        }
        if !matches!(self.separator, '-' | '.') {
            errors.push("separator", "Dấu ngăn cách phải là «-» hoặc «.»");
        }
        errors.into_result()
    }
}

/// The pattern as typed into the settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodePatternInput {
    pub identifier: String,
    /// "on" when ticked.
    pub long_year: String,
    pub width: String,
    pub separator: String,
}

impl CodePatternInput {
    pub fn of(p: &CodePattern) -> Self {
        CodePatternInput {
            identifier: p.identifier.clone(),
            long_year: if p.long_year {
                "on".into()
            } else {
                String::new()
            },
            width: p.width.to_string(),
            separator: p.separator.to_string(),
        }
    }

    /// The checked pattern, or every problem by field.
    pub fn read(&self) -> Result<CodePattern, Invalid> {
        let width = self.width.trim().parse::<u8>().unwrap_or(0);
        let mut sep = self.separator.trim().chars();
        let separator = match (sep.next(), sep.next()) {
            (Some(c), None) => c,
            _ => ' ',
        };
        let p = CodePattern {
            identifier: self.identifier.trim().to_uppercase(),
            long_year: matches!(self.long_year.trim(), "on" | "true" | "1"),
            width,
            separator,
        };
        p.validate()?;
        Ok(p)
    }
}

/// A cheap check before looking a code up on the public form: 10 to 60
/// characters of letters, digits, dots and hyphens.
pub fn looks_like_code(s: &str) -> bool {
    (10..=60).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// Characters of a lookup key: 10 hexadecimal digits (40 random bits),
/// printed on the receipt in two groups of five.
pub const LOOKUP_KEY_LEN: usize = 10;

/// A lookup key from 5 random bytes.
pub fn lookup_key(random: [u8; 5]) -> String {
    random.iter().map(|b| format!("{b:02X}")).collect()
}

/// The key as printed: `A1B2C-3D4E5`.
pub fn show_lookup_key(key: &str) -> String {
    match key.split_at_checked(LOOKUP_KEY_LEN / 2) {
        Some((a, b)) if !b.is_empty() => format!("{a}-{b}"),
        _ => key.to_owned(),
    }
}

/// Whether the key a citizen typed (any case, spaces or hyphens) is the
/// dossier's. A dossier without a key matches nothing.
pub fn same_lookup_key(typed: &str, stored: &str) -> bool {
    let typed: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    stored.len() == LOOKUP_KEY_LEN && typed == stored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_keys_are_typed_as_printed_or_not() {
        let key = lookup_key([0xA1, 0xB2, 0xC3, 0xD4, 0xE5]);
        assert_eq!(key, "A1B2C3D4E5");
        assert_eq!(show_lookup_key(&key), "A1B2C-3D4E5");
        for typed in ["A1B2C-3D4E5", "a1b2c3d4e5", " a1b2c 3d4e5 "] {
            assert!(same_lookup_key(typed, &key), "{typed}");
        }
        for typed in ["", "A1B2C3D4E6", "A1B2C3D4E", "A1B2C3D4E55"] {
            assert!(!same_lookup_key(typed, &key), "{typed}");
        }
        // A dossier without a key (none stored) is never matched.
        assert!(!same_lookup_key("", ""));
    }

    fn thanh_hoa() -> CodePattern {
        CodePattern {
            identifier: "000.17.22.H56".into(),
            ..CodePattern::default()
        }
    }

    #[test]
    fn the_settings_form_reads_into_a_pattern() {
        let input = CodePatternInput {
            identifier: "000.17.22.h56".into(),
            long_year: "on".into(),
            width: "5".into(),
            separator: ".".into(),
        };
        let p = input.read().unwrap();
        assert_eq!(
            p.format(Date::constant(2026, 11, 30), 7),
            "000.17.22.H56.20261130.00007"
        );
        assert_eq!(CodePatternInput::of(&p).read().unwrap(), p);
        let bad = CodePatternInput {
            identifier: "".into(),
            width: "x".into(),
            separator: "--".into(),
            ..Default::default()
        };
        let fields: Vec<String> = bad
            .read()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["identifier", "width", "separator"]);
    }

    #[test]
    fn the_tt_01_2018_example() {
        let p = thanh_hoa();
        assert!(p.validate().is_ok());
        let code = p.format(Date::constant(2021, 5, 31), 1);
        assert_eq!(code, "000.17.22.H56-210531-0001");
        assert!(looks_like_code(&code));
        assert_eq!(p.max_sequence(), 9999);
        assert_eq!(
            p.format(Date::constant(2021, 5, 31), 12_345),
            "000.17.22.H56-210531-12345"
        );
    }

    #[test]
    fn long_year_and_other_widths() {
        let p = CodePattern {
            identifier: "G09.20".into(),
            long_year: true,
            width: 7,
            separator: '-',
        };
        assert!(p.validate().is_ok());
        assert_eq!(
            p.format(Date::constant(2026, 6, 9), 92_637),
            "G09.20-20260609-0092637"
        );
        assert_eq!(
            CodePattern::default().format(Date::constant(2000, 1, 2), 7),
            "000.00.00.H00-000102-0007"
        );
        let dotted = CodePattern {
            separator: '.',
            width: 3,
            ..thanh_hoa()
        };
        assert_eq!(
            dotted.format(Date::constant(2026, 12, 1), 5),
            "000.17.22.H56.261201.005"
        );
        assert_eq!(
            CodePattern {
                width: 8,
                ..thanh_hoa()
            }
            .max_sequence(),
            99_999_999
        );
    }

    #[test]
    fn bad_patterns_name_their_fields() {
        let e = CodePattern {
            identifier: "000.17..H56".into(),
            long_year: false,
            width: 2,
            separator: '/',
        }
        .validate()
        .unwrap_err();
        assert!(e.message_for("identifier").is_some());
        assert!(e.message_for("width").is_some());
        assert!(e.message_for("separator").is_some());
        for bad in ["", "000.17.22.h56", "000 17", ".H56", "H56.", "Đ01"] {
            let p = CodePattern {
                identifier: bad.into(),
                ..thanh_hoa()
            };
            assert!(p.validate().is_err(), "{bad:?}");
        }
        let long = CodePattern {
            identifier: "A".repeat(36),
            ..thanh_hoa()
        };
        assert!(
            long.validate()
                .unwrap_err()
                .message_for("identifier")
                .unwrap()
                .contains("35")
        );
        let longest = CodePattern {
            identifier: "A".repeat(35),
            ..thanh_hoa()
        };
        assert!(longest.validate().is_ok());
        for w in [3, 8] {
            assert!(
                CodePattern {
                    width: w,
                    ..thanh_hoa()
                }
                .validate()
                .is_ok()
            );
        }
        assert!(
            CodePattern {
                width: 9,
                ..thanh_hoa()
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn lookup_form_check() {
        assert!(looks_like_code("G09.20-20260609-0092637"));
        assert!(looks_like_code("abcdefghij"));
        assert!(!looks_like_code("abcdefghi"));
        assert!(!looks_like_code(&"1".repeat(61)));
        assert!(looks_like_code(&"1".repeat(60)));
        assert!(!looks_like_code("000.17.22.H56 210531"));
        assert!(!looks_like_code("000.17.22.H56-21053'"));
        assert!(!looks_like_code("mã-hồ-sơ-0001"));
        assert!(!looks_like_code(""));
    }
}
