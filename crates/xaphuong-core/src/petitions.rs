//! What the citizen-reception book (sổ tiếp công dân) classifies a matter
//! as, and the deadlines the law gives each kind from its acceptance
//! (thụ lý). Days are calendar days: the articles below count "ngày", not
//! "ngày làm việc".

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Invalid;

named_enum! {
    /// How a matter brought by a citizen is classified (Luật Tiếp công
    /// dân 2013).
    PetitionKind {
        Feedback => ("feedback", "Phản ánh"),
        Proposal => ("proposal", "Kiến nghị"),
        Complaint => ("complaint", "Khiếu nại"),
        Denunciation => ("denunciation", "Tố cáo"),
    }
}

named_enum! {
    /// How complex the case is, as the one resolving it decides.
    Complexity {
        Ordinary => ("ordinary", "Thông thường"),
        Complex => ("complex", "Phức tạp"),
        VeryComplex => ("very_complex", "Đặc biệt phức tạp"),
    }
}

/// What the deadline of a complaint or denunciation depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub kind: PetitionKind,
    pub complexity: Complexity,
    /// In a remote, hard-to-reach area (vùng sâu, vùng xa đi lại khó khăn).
    pub remote: bool,
    /// A complaint's round: 1 the first, 2 the second.
    pub round: u8,
    /// Extensions decided so far (a denunciation's).
    pub extensions: u8,
}

/// A deadline and the article that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub due: Date,
    pub days: i64,
    pub basis: &'static str,
}

/// Days to resolve a complaint from its acceptance (Luật Khiếu nại 2011,
/// Điều 28 for the first, Điều 37 for the second): ordinary, complex, and
/// in a remote area each.
fn complaint_days(round: u8, complex: bool, remote: bool) -> (i64, &'static str) {
    match (round, complex, remote) {
        (1, false, false) => (30, "Luật Khiếu nại 2011, Điều 28"),
        (1, true, false) | (1, false, true) => (45, "Luật Khiếu nại 2011, Điều 28"),
        (1, true, true) => (60, "Luật Khiếu nại 2011, Điều 28"),
        (_, false, false) => (45, "Luật Khiếu nại 2011, Điều 37"),
        (_, true, false) | (_, false, true) => (60, "Luật Khiếu nại 2011, Điều 37"),
        (_, true, true) => (70, "Luật Khiếu nại 2011, Điều 37"),
    }
}

/// A denunciation: 30 days from acceptance; a complex case extended once,
/// an especially complex one twice, each time by at most 30 days (Luật Tố
/// cáo 2018, Điều 30).
const DENUNCIATION_DAYS: i64 = 30;
const DENUNCIATION_EXTENSION: i64 = 30;

/// The deadline of `case` accepted on `accepted_on`. Feedback and
/// proposals have no national deadline (a province sets them by
/// category): none. An extension the law does not allow is refused.
pub fn deadline(case: &Case, accepted_on: Date) -> Result<Option<Deadline>, Invalid> {
    let (days, basis) = match case.kind {
        PetitionKind::Feedback | PetitionKind::Proposal => return Ok(None),
        PetitionKind::Complaint => {
            if case.extensions > 0 {
                return Err(Invalid::one(
                    "extensions",
                    "Khiếu nại không gia hạn: thời hạn đã tính theo vụ việc phức tạp, vùng sâu, vùng xa",
                ));
            }
            if !(1..=2).contains(&case.round) {
                return Err(Invalid::one(
                    "round",
                    "Khiếu nại lần đầu (1) hoặc lần hai (2)",
                ));
            }
            complaint_days(
                case.round,
                case.complexity != Complexity::Ordinary,
                case.remote,
            )
        }
        PetitionKind::Denunciation => {
            let allowed = match case.complexity {
                Complexity::Ordinary => 0,
                Complexity::Complex => 1,
                Complexity::VeryComplex => 2,
            };
            if case.extensions > allowed {
                return Err(Invalid::one(
                    "extensions",
                    format!(
                        "Tố cáo {} được gia hạn tối đa {allowed} lần (Luật Tố cáo 2018, Điều 30)",
                        case.complexity.label().to_lowercase()
                    ),
                ));
            }
            (
                DENUNCIATION_DAYS + DENUNCIATION_EXTENSION * i64::from(case.extensions),
                "Luật Tố cáo 2018, Điều 30",
            )
        }
    };
    let due = accepted_on
        .checked_add(jiff::Span::new().days(days))
        .map_err(|_| Invalid::one("accepted_on", "Ngày thụ lý không hợp lệ"))?;
    Ok(Some(Deadline { due, days, basis }))
}

/// The last day to lodge a complaint: 90 days from receiving or learning
/// of the decision or act (Luật Khiếu nại 2011, Điều 9).
pub fn complaint_limit(known_on: Date) -> Option<Date> {
    known_on.checked_add(jiff::Span::new().days(90)).ok()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn case(kind: PetitionKind, complexity: Complexity, remote: bool, round: u8) -> Case {
        Case {
            kind,
            complexity,
            remote,
            round,
            extensions: 0,
        }
    }

    /// Luật Khiếu nại 2011, Điều 28 (first) and 37 (second): ordinary,
    /// complex, remote, remote and complex.
    #[test]
    fn complaints_follow_articles_28_and_37() {
        use Complexity::*;
        let accepted = date(2026, 3, 2);
        let table = [
            (1, Ordinary, false, 30, date(2026, 4, 1)),
            (1, Complex, false, 45, date(2026, 4, 16)),
            (1, Ordinary, true, 45, date(2026, 4, 16)),
            (1, VeryComplex, true, 60, date(2026, 5, 1)),
            (2, Ordinary, false, 45, date(2026, 4, 16)),
            (2, Complex, false, 60, date(2026, 5, 1)),
            (2, Ordinary, true, 60, date(2026, 5, 1)),
            (2, Complex, true, 70, date(2026, 5, 11)),
        ];
        for (round, complexity, remote, days, due) in table {
            let d = deadline(
                &case(PetitionKind::Complaint, complexity, remote, round),
                accepted,
            )
            .unwrap()
            .unwrap();
            assert_eq!(
                (d.days, d.due),
                (days, due),
                "{round} {complexity:?} {remote}"
            );
            let article = if round == 1 {
                "Điều 28"
            } else {
                "Điều 37"
            };
            assert!(d.basis.ends_with(article), "{}", d.basis);
        }
        let mut extended = case(PetitionKind::Complaint, Ordinary, false, 1);
        extended.extensions = 1;
        assert_eq!(
            deadline(&extended, accepted).unwrap_err().fields(),
            ["extensions"]
        );
        assert_eq!(
            deadline(&case(PetitionKind::Complaint, Ordinary, false, 3), accepted)
                .unwrap_err()
                .fields(),
            ["round"]
        );
    }

    /// Luật Tố cáo 2018, Điều 30: 30 days; +30 once if complex; +30 twice
    /// if especially complex; no more.
    #[test]
    fn denunciations_follow_article_30() {
        use Complexity::*;
        let accepted = date(2026, 3, 2);
        let table = [
            (Ordinary, 0, Some(30)),
            (Ordinary, 1, None),
            (Complex, 0, Some(30)),
            (Complex, 1, Some(60)),
            (Complex, 2, None),
            (VeryComplex, 1, Some(60)),
            (VeryComplex, 2, Some(90)),
            (VeryComplex, 3, None),
        ];
        for (complexity, extensions, days) in table {
            let c = Case {
                extensions,
                ..case(PetitionKind::Denunciation, complexity, false, 1)
            };
            match (deadline(&c, accepted), days) {
                (Ok(Some(d)), Some(days)) => {
                    assert_eq!(d.days, days);
                    assert_eq!(
                        d.due,
                        accepted.checked_add(jiff::Span::new().days(days)).unwrap()
                    );
                    assert_eq!(d.basis, "Luật Tố cáo 2018, Điều 30");
                }
                (Err(e), None) => assert_eq!(e.fields(), ["extensions"]),
                (other, want) => panic!("{complexity:?} {extensions}: {other:?}, want {want:?}"),
            }
        }
        // Remoteness does not change a denunciation's deadline.
        let remote = case(PetitionKind::Denunciation, Ordinary, true, 1);
        assert_eq!(deadline(&remote, accepted).unwrap().unwrap().days, 30);
    }

    #[test]
    fn feedback_has_no_national_deadline_and_complaints_a_limit() {
        let c = case(PetitionKind::Feedback, Complexity::Ordinary, false, 1);
        assert_eq!(deadline(&c, date(2026, 3, 2)).unwrap(), None);
        assert_eq!(complaint_limit(date(2026, 1, 1)), Some(date(2026, 4, 1)));
    }
}
