//! Urban-order violations (vi phạm trật tự xây dựng, lấn chiếm): a case per
//! violating household or site, its legal steps as dated events, and the
//! state those events lead to.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text};
use crate::{Invalid, text};

named_enum! {
    /// What was built or occupied unlawfully.
    Kind {
        IllegalConstruction => ("illegal_construction", "Xây dựng trái phép, sai phép"),
        InfrastructureEncroachment => ("infrastructure_encroachment", "Lấn chiếm không gian hạ tầng kỹ thuật"),
        EscapeRoute => ("escape_route", "Lấn chiếm lối thoát hiểm"),
        Sidewalk => ("sidewalk", "Lấn chiếm vỉa hè, lòng đường"),
        PublicLand => ("public_land", "Lấn chiếm đất công"),
        Other => ("other", "Vi phạm khác"),
    }
}

named_enum! {
    /// A legal step of a case, recorded as a dated event.
    Step {
        Record => ("record", "Lập biên bản vi phạm"),
        Decision => ("decision", "Quyết định xử phạt, buộc khắc phục"),
        Reminder => ("reminder", "Nhắc nhở, đôn đốc"),
        Commitment => ("commitment", "Cam kết tự tháo dỡ, khắc phục"),
        SelfRemedied => ("self_remedied", "Đã tự tháo dỡ, khắc phục"),
        Enforced => ("enforced", "Cưỡng chế"),
        Reinspected => ("reinspected", "Kiểm tra lại"),
    }
}

named_enum! {
    /// Where a case stands, derived from its events.
    State {
        Detected => ("detected", "Mới phát hiện"),
        Recorded => ("recorded", "Đã lập biên bản"),
        Decided => ("decided", "Đã có quyết định"),
        Committed => ("committed", "Đã cam kết tự khắc phục"),
        SelfRemedied => ("self_remedied", "Đã tự khắc phục"),
        Enforced => ("enforced", "Đã cưỡng chế"),
    }
}

impl State {
    /// Whether the violation is gone (remedied by the household or removed
    /// by force).
    pub fn is_resolved(self) -> bool {
        matches!(self, State::SelfRemedied | State::Enforced)
    }
}

impl Step {
    /// Whether the step carries a remedy deadline.
    pub fn has_deadline(self) -> bool {
        matches!(self, Step::Decision | Step::Commitment)
    }
}

/// A step as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub step: Step,
    pub on: Date,
    /// Remedy deadline set by a decision or a commitment.
    pub deadline: Option<Date>,
    /// Number and date of the document (biên bản, quyết định…).
    pub document: String,
    pub note: String,
}

/// The state a step leads to from `state`, or why it cannot be taken.
pub fn next_state(state: State, step: Step) -> Result<State, String> {
    use State as S;
    use Step as T;
    let refused = |why: &str| {
        Err(format!(
            "Không thể «{}» khi vụ việc {}: {why}",
            step.label().to_lowercase(),
            state.label().to_lowercase()
        ))
    };
    match (state, step) {
        (S::SelfRemedied | S::Enforced, T::Reinspected) => Ok(state),
        (S::SelfRemedied | S::Enforced, _) => {
            refused("vi phạm đã được xử lý xong, chỉ còn kiểm tra lại")
        }
        (_, T::Reinspected) => refused("chỉ kiểm tra lại sau khi đã khắc phục hoặc cưỡng chế"),
        (S::Detected, T::Record) => Ok(S::Recorded),
        (_, T::Record) => refused("biên bản đã được lập"),
        (S::Detected | S::Recorded | S::Committed, T::Decision) => Ok(S::Decided),
        (S::Decided, T::Decision) => refused("đã có quyết định"),
        (_, T::Reminder) => Ok(state),
        (S::Detected | S::Recorded | S::Decided, T::Commitment) => Ok(S::Committed),
        (S::Committed, T::Commitment) => refused("hộ đã cam kết"),
        (_, T::SelfRemedied) => Ok(S::SelfRemedied),
        (S::Decided | S::Committed, T::Enforced) => Ok(S::Enforced),
        (_, T::Enforced) => refused("cưỡng chế cần có quyết định hoặc cam kết quá hạn"),
    }
}

/// The state and current remedy deadline after `events`, in order; the
/// first impossible step is an error naming it.
pub fn replay(events: &[Event]) -> Result<(State, Option<Date>), String> {
    let mut state = State::Detected;
    let mut deadline = None;
    for e in events {
        state = next_state(state, e.step)?;
        if e.step.has_deadline() && e.deadline.is_some() {
            deadline = e.deadline;
        }
    }
    if state.is_resolved() {
        deadline = None;
    }
    Ok((state, deadline))
}

/// Whether a case is past its remedy deadline and still unresolved.
pub fn is_overdue(state: State, deadline: Option<Date>, today: Date) -> bool {
    !state.is_resolved() && deadline.is_some_and(|d| d < today)
}

/// A new step checked against the case: its date not before the detection
/// nor the last step, not in the future, a deadline not before the step.
pub fn check_event(
    detected_on: Date,
    last: Option<Date>,
    state: State,
    e: &Event,
    today: Date,
) -> Result<State, Invalid> {
    let mut errors = Invalid::default();
    if e.on < detected_on {
        errors.push("on", "Ngày của bước không được trước ngày phát hiện");
    } else if last.is_some_and(|l| e.on < l) {
        errors.push("on", "Ngày của bước không được trước bước trước đó");
    }
    if e.on > today {
        errors.push("on", "Ngày của bước không được ở tương lai");
    }
    if let Some(d) = e.deadline {
        if !e.step.has_deadline() {
            errors.push(
                "deadline",
                "Chỉ quyết định và cam kết mới có thời hạn khắc phục",
            );
        } else if d < e.on {
            errors.push(
                "deadline",
                "Thời hạn khắc phục không được trước ngày của bước",
            );
        }
    }
    if e.document.chars().count() > 200 {
        errors.push("document", "Số hiệu văn bản dài quá 200 ký tự");
    }
    let next = next_state(state, e.step);
    if let Err(m) = &next {
        errors.push("step", m.clone());
    }
    errors.into_result()?;
    next.map_err(|m| Invalid::one("step", m))
}

/// Largest attachment accepted, in bytes.
pub const ATTACHMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// The content type of an attachment, from its first bytes (not from what
/// the browser claims): photos and PDF documents only.
pub fn attachment_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// Checks an uploaded attachment: its size and its kind.
pub fn check_attachment(file_name: &str, bytes: &[u8]) -> Result<(String, &'static str), Invalid> {
    if bytes.is_empty() {
        return Err(Invalid::one("file", "Tệp trống"));
    }
    if bytes.len() > ATTACHMENT_MAX_BYTES {
        return Err(Invalid::one("file", "Tệp quá lớn (tối đa 10 MB)"));
    }
    let kind = attachment_type(bytes)
        .ok_or_else(|| Invalid::one("file", "Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc tệp PDF"))?;
    let name: String = text::clean(file_name)
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | '"' | '\r' | '\n'))
        .take(200)
        .collect();
    Ok((
        if name.is_empty() {
            "tep-dinh-kem".into()
        } else {
            name
        },
        kind,
    ))
}

/// A case as typed into the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ViolationInput))]
pub struct CaseInput {
    pub kind: String,
    pub offender: String,
    pub address: String,
    pub description: String,
    pub detected_on: String,
}

/// A case read from a row of an imported file, before it is checked.
pub type ImportCase = crate::import::ImportRow<CaseInput>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCase {
    pub kind: Kind,
    pub offender: String,
    pub address: String,
    pub description: String,
    pub detected_on: Date,
}

pub fn validate_case(input: &CaseInput, today: Date) -> Result<ValidCase, Invalid> {
    let mut e = Invalid::default();
    let kind = Kind::parse(input.kind.trim());
    if kind.is_none() {
        e.push(
            "kind",
            format!(
                "Loại vi phạm không hợp lệ; ghi một trong: {}",
                Kind::labels()
            ),
        );
    }
    let offender = required_text(
        &mut e,
        "offender",
        &input.offender,
        200,
        "Chưa nhập hộ, cá nhân hoặc tổ chức vi phạm",
        "Tên dài quá 200 ký tự",
    );
    let address = required_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Chưa nhập địa chỉ, vị trí vi phạm",
        "Địa chỉ dài quá 300 ký tự",
    );
    let description = limited_text(
        &mut e,
        "description",
        &input.description,
        2000,
        "Mô tả dài quá 2.000 ký tự",
    );
    let detected_on = past_date(
        &mut e,
        "detected_on",
        &input.detected_on,
        "Ngày phát hiện",
        today,
    );
    if detected_on.is_some_and(|d| d <= today && d.year() < 1990) {
        e.push("detected_on", "Ngày phát hiện quá xa");
    }
    e.into_result()?;
    Ok(ValidCase {
        kind: kind.unwrap_or(Kind::Other),
        offender,
        address,
        description,
        detected_on: detected_on.unwrap_or(today),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(step: Step, on: &str, deadline: Option<&str>) -> Event {
        Event {
            step,
            on: on.parse().unwrap(),
            deadline: deadline.map(|d| d.parse().unwrap()),
            document: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn the_usual_paths() {
        // Recorded, committed, remedied: the 49 households of 2021.
        let path = [
            ev(Step::Record, "2021-03-02", None),
            ev(Step::Commitment, "2021-03-05", Some("2021-04-05")),
            ev(Step::SelfRemedied, "2021-03-30", None),
        ];
        assert_eq!(replay(&path).unwrap(), (State::SelfRemedied, None));
        assert_eq!(
            replay(&path[..2]).unwrap(),
            (State::Committed, Some("2021-04-05".parse().unwrap()))
        );
        // Decision, reminder, enforcement, re-inspection.
        let forced = [
            ev(Step::Record, "2021-03-02", None),
            ev(Step::Decision, "2021-03-10", Some("2021-04-10")),
            ev(Step::Reminder, "2021-04-12", None),
            ev(Step::Enforced, "2021-05-02", None),
            ev(Step::Reinspected, "2021-05-20", None),
        ];
        assert_eq!(replay(&forced).unwrap(), (State::Enforced, None));
        // Escape routes cleared after persuasion, without a biên bản.
        assert_eq!(
            replay(&[ev(Step::SelfRemedied, "2021-06-01", None)])
                .unwrap()
                .0,
            State::SelfRemedied
        );
    }

    #[test]
    fn impossible_steps_are_refused_with_a_reason() {
        let e = next_state(State::SelfRemedied, Step::Commitment).unwrap_err();
        assert!(e.contains("đã được xử lý xong"), "{e}");
        assert!(next_state(State::Recorded, Step::Record).is_err());
        assert!(next_state(State::Detected, Step::Enforced).is_err());
        assert!(next_state(State::Recorded, Step::Reinspected).is_err());
        assert!(next_state(State::Decided, Step::Decision).is_err());
        assert_eq!(
            next_state(State::Committed, Step::Decision),
            Ok(State::Decided)
        );
        // Every state × step has an answer, and resolved cases stay resolved.
        for s in State::ALL {
            for t in Step::ALL {
                if let Ok(n) = next_state(*s, *t) {
                    assert!(!s.is_resolved() || n == *s);
                }
            }
        }
    }

    #[test]
    fn overdue_and_event_checks() {
        let today: Date = "2021-05-01".parse().unwrap();
        assert!(is_overdue(
            State::Committed,
            Some("2021-04-30".parse().unwrap()),
            today
        ));
        assert!(!is_overdue(
            State::Committed,
            Some("2021-05-01".parse().unwrap()),
            today
        ));
        assert!(!is_overdue(
            State::SelfRemedied,
            Some("2021-01-01".parse().unwrap()),
            today
        ));
        let detected: Date = "2021-03-01".parse().unwrap();
        let early = ev(Step::Record, "2021-02-28", None);
        assert_eq!(
            check_event(detected, None, State::Detected, &early, today)
                .unwrap_err()
                .message_for("on"),
            Some("Ngày của bước không được trước ngày phát hiện")
        );
        let bad_deadline = ev(Step::Commitment, "2021-03-05", Some("2021-03-01"));
        assert!(
            check_event(detected, None, State::Recorded, &bad_deadline, today)
                .unwrap_err()
                .message_for("deadline")
                .is_some()
        );
        let future = ev(Step::Reminder, "2021-06-01", None);
        assert!(check_event(detected, None, State::Recorded, &future, today).is_err());
        let wrong = ev(Step::Record, "2021-03-05", None);
        assert!(
            check_event(detected, None, State::Recorded, &wrong, today)
                .unwrap_err()
                .message_for("step")
                .is_some()
        );
        assert_eq!(
            check_event(
                detected,
                Some(detected),
                State::Recorded,
                &ev(Step::Decision, "2021-03-05", Some("2021-04-05")),
                today
            ),
            Ok(State::Decided)
        );
    }

    #[test]
    fn attachments_are_photos_or_pdf() {
        assert_eq!(
            check_attachment("anh.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 1]).unwrap(),
            ("anh.jpg".into(), "image/jpeg")
        );
        assert_eq!(
            check_attachment("bb.pdf", b"%PDF-1.7 ...").unwrap().1,
            "application/pdf"
        );
        assert!(check_attachment("x.exe", b"MZ\x90\x00").is_err());
        assert!(check_attachment("x.jpg", b"").is_err());
        assert_eq!(
            check_attachment("../../a\"b.png", b"\x89PNG\r\n\x1a\n...")
                .unwrap()
                .0,
            "....ab.png"
        );
    }

    #[test]
    fn cases_are_checked_whole() {
        let today: Date = "2026-11-30".parse().unwrap();
        let ok = CaseInput {
            kind: "escape_route".into(),
            offender: " Hộ ông  Hoàng Văn Bảy ".into(),
            address: "Ngõ 12, tổ 5".into(),
            description: String::new(),
            detected_on: "2021-03-02".into(),
        };
        let v = validate_case(&ok, today).unwrap();
        assert_eq!(
            (v.kind, v.offender.as_str()),
            (Kind::EscapeRoute, "Hộ ông Hoàng Văn Bảy")
        );
        let bad = CaseInput {
            kind: "x".into(),
            detected_on: "2027-01-01".into(),
            ..CaseInput::default()
        };
        let e = validate_case(&bad, today).unwrap_err();
        assert_eq!(e.0.len(), 4);
    }
}
