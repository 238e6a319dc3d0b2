//! Multidimensional poverty (chuẩn nghèo đa chiều): the standards as data,
//! the classification of a household as code, and the yearly review
//! (rà soát) of QĐ 24/2021/QĐ-TTg.
//!
//! A standard is a decree's income lines and deprivation indicators for a
//! span of years: NĐ 07/2021/NĐ-CP Art. 3 for 2022–2025, kept for 2026 by
//! NĐ 351/2025/NĐ-CP, which sets the lines of 2027–2030. The shipped
//! standards are the file `poverty_standards.txt` in this module's folder
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

mod classify;
mod review;
mod standards;

use serde::{Deserialize, Serialize};

use crate::text;

pub use classify::{
    ReviewInput, SCORE_A_RURAL, SCORE_A_URBAN, SCORE_B_PER_INDICATOR, SCORE_B_POOR, ValidReview,
    classify, classify_by_score, validate_review,
};
pub use review::{ReviewStep, Transition, check_steps, transition};
pub use standards::{
    AreaLines, Deprivation, Standard, StandardError, builtin, format_standards, parse_standards,
    standard_for_year,
};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
