//! What the citizen-reception book (sổ tiếp công dân) classifies a matter
//! as, and the deadlines the law gives each kind from its acceptance
//! (thụ lý). Days are calendar days: the articles below count "ngày", not
//! "ngày làm việc".

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::checks::{limited_text, past_date, required_text};

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

/// A matter entered in the citizen-reception book, as typed on its form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceptionInput {
    /// YYYY-MM-DD: the visit, or the day the letter came.
    pub received_on: String,
    /// Who came or wrote: kept secret for a denunciation.
    pub citizen: String,
    pub citizen_address: String,
    /// What the matter is.
    pub matter: String,
    /// feedback | proposal | complaint | denunciation
    pub kind: String,
    /// Whether the commune is competent to resolve it.
    #[serde(deserialize_with = "crate::checks::flag")]
    pub competent: bool,
    /// Not competent: the agency it was forwarded to, or the citizen
    /// guided to.
    pub forwarded_to: String,
    /// YYYY-MM-DD: accepted (thụ lý), for a complaint or denunciation the
    /// commune resolves; empty until then.
    pub accepted_on: String,
    /// ordinary | complex | very_complex (empty: ordinary)
    pub complexity: String,
    /// In a remote, hard-to-reach area.
    #[serde(deserialize_with = "crate::checks::flag")]
    pub remote: bool,
    /// A complaint's round: "1" (empty) or "2".
    pub round: String,
    /// A denunciation's extensions decided ("0", "1", "2").
    pub extensions: String,
    /// The decision or answer, with its number; empty until given.
    pub decision: String,
    /// YYYY-MM-DD of the decision.
    pub decided_on: String,
    pub note: String,
}

/// A checked entry, with its legal deadline when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidReception {
    pub received_on: Date,
    pub citizen: String,
    pub citizen_address: String,
    pub matter: String,
    pub kind: PetitionKind,
    pub competent: bool,
    pub forwarded_to: String,
    pub accepted_on: Option<Date>,
    pub case: Case,
    pub decision: String,
    pub decided_on: Option<Date>,
    pub note: String,
}

impl ValidReception {
    /// The deadline from acceptance, for a complaint or denunciation the
    /// commune has accepted.
    pub fn deadline(&self) -> Option<Deadline> {
        let accepted = self.accepted_on?;
        deadline(&self.case, accepted).ok().flatten()
    }
}

/// Checks an entry whole: a matter the commune is not competent for names
/// where it went and is not accepted; an accepted one is accepted on or
/// after it came, and decided on or after its acceptance; an extension
/// the law does not allow is refused.
pub fn validate_reception(input: &ReceptionInput, today: Date) -> Result<ValidReception, Invalid> {
    let mut e = Invalid::default();
    let received_on = past_date(
        &mut e,
        "received_on",
        &input.received_on,
        "Ngày tiếp nhận",
        today,
    );
    let citizen = required_text(
        &mut e,
        "citizen",
        &input.citizen,
        200,
        "Chưa nhập họ tên người đến hoặc người gửi đơn",
        "Họ tên dài quá 200 ký tự",
    );
    let citizen_address = limited_text(
        &mut e,
        "citizen_address",
        &input.citizen_address,
        300,
        "Địa chỉ dài quá 300 ký tự",
    );
    let matter = required_text(
        &mut e,
        "matter",
        &input.matter,
        4000,
        "Chưa nhập nội dung vụ việc",
        "Nội dung dài quá 4.000 ký tự",
    );
    let kind = PetitionKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push(
            "kind",
            "Chọn phân loại: phản ánh, kiến nghị, khiếu nại hoặc tố cáo",
        );
    }
    let forwarded_to = limited_text(
        &mut e,
        "forwarded_to",
        &input.forwarded_to,
        300,
        "Nơi chuyển đơn dài quá 300 ký tự",
    );
    if !input.competent && forwarded_to.is_empty() {
        e.push(
            "forwarded_to",
            "Không thuộc thẩm quyền: ghi cơ quan đã chuyển đơn hoặc hướng dẫn công dân đến",
        );
    }
    let day = |e: &mut Invalid, field: &str, written: &str, what: &str| {
        if written.trim().is_empty() {
            None
        } else {
            past_date(e, field, written, what, today)
        }
    };
    let accepted_on = day(&mut e, "accepted_on", &input.accepted_on, "Ngày thụ lý");
    if accepted_on.is_some() && !input.competent {
        e.push(
            "accepted_on",
            "Chỉ thụ lý vụ việc thuộc thẩm quyền của xã, phường",
        );
    }
    if let (Some(a), Some(r)) = (accepted_on, received_on)
        && a < r
    {
        e.push("accepted_on", "Ngày thụ lý không được trước ngày tiếp nhận");
    }
    let complexity = match input.complexity.trim() {
        "" => Some(Complexity::Ordinary),
        c => Complexity::parse(c),
    };
    if complexity.is_none() {
        e.push(
            "complexity",
            "Chọn mức độ: thông thường, phức tạp, đặc biệt phức tạp",
        );
    }
    let round = match input.round.trim() {
        "" | "1" => 1,
        "2" => 2,
        _ => {
            e.push("round", "Khiếu nại lần đầu (1) hoặc lần hai (2)");
            1
        }
    };
    let extensions = match input.extensions.trim() {
        "" => 0,
        x => x.parse::<u8>().unwrap_or_else(|_| {
            e.push("extensions", "Số lần gia hạn không hợp lệ");
            0
        }),
    };
    let decision = limited_text(
        &mut e,
        "decision",
        &input.decision,
        1000,
        "Quyết định, trả lời dài quá 1.000 ký tự",
    );
    let decided_on = day(&mut e, "decided_on", &input.decided_on, "Ngày quyết định");
    if let (Some(d), Some(from)) = (decided_on, accepted_on.or(received_on))
        && d < from
    {
        e.push(
            "decided_on",
            "Ngày quyết định không được trước ngày thụ lý, tiếp nhận",
        );
    }
    if decided_on.is_some() && decision.is_empty() {
        e.push(
            "decision",
            "Ghi số, nội dung quyết định hoặc văn bản trả lời",
        );
    }
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    let case = Case {
        kind: kind.unwrap_or(PetitionKind::Feedback),
        complexity: complexity.unwrap_or(Complexity::Ordinary),
        remote: input.remote,
        round,
        extensions,
    };
    if let (Some(a), Some(_)) = (accepted_on, kind)
        && let Err(problems) = deadline(&case, a)
    {
        for p in problems.0 {
            e.push(&p.field, p.message);
        }
    }
    e.into_result()?;
    Ok(ValidReception {
        received_on: received_on.unwrap_or(Date::ZERO),
        citizen,
        citizen_address,
        matter,
        kind: case.kind,
        competent: input.competent,
        forwarded_to,
        accepted_on,
        case,
        decision,
        decided_on,
        note,
    })
}

/// Whether `viewer` may see who brought the matter: anyone for other
/// kinds; for a denunciation only its handler, as the denouncer's name,
/// address and whatever could reveal them are kept secret (Luật Tố cáo
/// 2018, protection of the denouncer).
pub fn sees_citizen(kind: PetitionKind, viewer: uuid::Uuid, handler: Option<uuid::Uuid>) -> bool {
    kind != PetitionKind::Denunciation || handler == Some(viewer)
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

    fn visit() -> ReceptionInput {
        ReceptionInput {
            received_on: "2026-03-02".into(),
            citizen: "Nông Văn Khải".into(),
            matter: "Khiếu nại quyết định xử phạt vi phạm trật tự xây dựng".into(),
            kind: "complaint".into(),
            competent: true,
            accepted_on: "2026-03-09".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_reception_entry_is_checked_whole() {
        let today = date(2026, 11, 30);
        let v = validate_reception(&visit(), today).unwrap();
        let d = v.deadline().unwrap();
        assert_eq!((d.days, d.due), (30, date(2026, 4, 8)));
        // Not competent: where it went, and no acceptance.
        let forwarded = ReceptionInput {
            competent: false,
            ..visit()
        };
        assert_eq!(
            validate_reception(&forwarded, today).unwrap_err().fields(),
            ["forwarded_to", "accepted_on"]
        );
        let bad = ReceptionInput {
            accepted_on: "2026-03-01".into(),
            kind: "denunciation".into(),
            extensions: "1".into(),
            decided_on: "2026-02-01".into(),
            ..visit()
        };
        assert_eq!(
            validate_reception(&bad, today).unwrap_err().fields(),
            ["accepted_on", "decided_on", "decision", "extensions"]
        );
        // Feedback accepted has no legal deadline.
        let feedback = ReceptionInput {
            kind: "feedback".into(),
            ..visit()
        };
        assert_eq!(
            validate_reception(&feedback, today).unwrap().deadline(),
            None
        );
    }

    #[test]
    fn a_checkbox_reads_as_yes_or_no() {
        let form: ReceptionInput =
            serde_json::from_str(r#"{"competent": "true", "remote": "on"}"#).unwrap();
        assert!(form.competent && form.remote);
        let json: ReceptionInput = serde_json::from_str(r#"{"competent": false}"#).unwrap();
        assert!(!json.competent && !json.remote);
        assert!(serde_json::from_str::<ReceptionInput>(r#"{"remote": "maybe"}"#).is_err());
    }

    #[test]
    fn only_the_handler_sees_a_denouncer() {
        let (handler, other) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
        assert!(sees_citizen(
            PetitionKind::Denunciation,
            handler,
            Some(handler)
        ));
        assert!(!sees_citizen(
            PetitionKind::Denunciation,
            other,
            Some(handler)
        ));
        assert!(!sees_citizen(PetitionKind::Denunciation, other, None));
        assert!(sees_citizen(PetitionKind::Complaint, other, Some(handler)));
    }
}
