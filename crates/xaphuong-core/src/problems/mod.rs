//! Citizens' reports of problems in the ward (phản ánh hiện trường): a
//! blocked escape route, goods on the sidewalk, a broken street light.
//! Each category goes to a field and an officer with a processing time the
//! province sets (no national law fixes one: `domain/petitions.md` §2), so
//! the times below are only the defaults a commune changes with the
//! document that sets them.

pub mod photos;

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::checks::{limited_text, required_text};
use crate::violations::Kind;

named_enum! {
    /// What a report is about; the code is Open311's `service_code`.
    Category {
        Sidewalk => ("sidewalk", "Lấn chiếm vỉa hè, lòng đường"),
        Construction => ("construction", "Xây dựng trái phép, sai phép"),
        EscapeRoute => ("escape_route", "Lối thoát hiểm bị lấn chiếm, bịt kín"),
        Rubbish => ("rubbish", "Rác thải, vệ sinh môi trường"),
        Lighting => ("lighting", "Đèn chiếu sáng công cộng hỏng"),
        Road => ("road", "Đường, vỉa hè, cống rãnh hư hỏng"),
        Noise => ("noise", "Tiếng ồn, mất trật tự"),
        Other => ("other", "Vấn đề khác"),
    }
}

/// What a category is routed to unless the commune says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Default {
    pub field: &'static str,
    pub working_days: u8,
    /// The kind of urban-order case it may lead to.
    pub case_kind: Kind,
}

/// Where a default comes from, printed beside it until the commune writes
/// its own document.
pub const DEFAULT_BASIS: &str = "Mặc định của phần mềm (chưa có văn bản của tỉnh, xã)";

impl Category {
    pub fn default_route(self) -> Default {
        let (field, working_days, case_kind) = match self {
            Category::Sidewalk => ("Trật tự đô thị", 3, Kind::Sidewalk),
            Category::Construction => ("Trật tự xây dựng", 5, Kind::IllegalConstruction),
            // A blocked escape route is a fire danger: handled first.
            Category::EscapeRoute => ("Phòng cháy, chữa cháy", 2, Kind::EscapeRoute),
            Category::Rubbish => ("Tài nguyên, môi trường", 3, Kind::Other),
            Category::Lighting => ("Hạ tầng đô thị", 5, Kind::Other),
            Category::Road => ("Hạ tầng đô thị", 10, Kind::InfrastructureEncroachment),
            Category::Noise => ("An ninh, trật tự", 3, Kind::Other),
            Category::Other => ("Văn phòng - Thống kê", 10, Kind::Other),
        };
        Default {
            field,
            working_days,
            case_kind,
        }
    }
}

named_enum! {
    /// Where a report stands.
    Status {
        Received => ("received", "Đã tiếp nhận"),
        Assigned => ("assigned", "Đã giao xử lý"),
        InProgress => ("in_progress", "Đang xử lý"),
        Answered => ("answered", "Đã trả lời"),
        Closed => ("closed", "Đã đóng"),
        Rejected => ("rejected", "Không xử lý"),
    }
}

impl Status {
    /// Open311 knows two states: still to be dealt with, or not.
    pub fn open311(self) -> &'static str {
        if self.is_finished() { "closed" } else { "open" }
    }

    /// Answered, closed or rejected: nothing more is owed.
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Answered | Status::Closed | Status::Rejected)
    }
}

named_enum! {
    /// Why a report is not dealt with.
    Rejection {
        Duplicate => ("duplicate", "Trùng với phản ánh đã có"),
        Outside => ("outside", "Ngoài thẩm quyền của xã, phường"),
        Unfounded => ("unfounded", "Không có cơ sở"),
    }
}

named_enum! {
    /// A step an officer takes on a report.
    Action {
        Assign => ("assign", "Giao xử lý"),
        Start => ("start", "Bắt đầu xử lý"),
        Answer => ("answer", "Trả lời"),
        Close => ("close", "Đóng"),
        Reopen => ("reopen", "Mở lại"),
        Reject => ("reject", "Không xử lý"),
        Publish => ("publish", "Duyệt công khai"),
    }
}

/// The status `action` leads to from `from`, or why it cannot be taken.
pub fn next(from: Status, action: Action) -> Result<Status, String> {
    use Action as A;
    use Status as S;
    let to = match (from, action) {
        (S::Received | S::Assigned | S::InProgress, A::Assign) => S::Assigned,
        (S::Assigned, A::Start) => S::InProgress,
        (S::Assigned | S::InProgress, A::Answer) => S::Answered,
        (S::Answered, A::Close) => S::Closed,
        (S::Answered | S::Closed, A::Reopen) => S::InProgress,
        (S::Received | S::Assigned | S::InProgress, A::Reject) => S::Rejected,
        // Publishing changes what the public sees, not the status.
        (_, A::Publish) => from,
        _ => {
            return Err(format!(
                "Không thể «{}» phản ánh {}",
                action.label().to_lowercase(),
                from.label().to_lowercase()
            ));
        }
    };
    Ok(to)
}

/// A step as sent by the page or the API.
#[derive(Debug, Clone, std::default::Default, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub action: String,
    /// The note the public reads with the status.
    pub note: String,
    /// Assign: the officer.
    pub officer_id: String,
    /// Reject: why.
    pub rejection: String,
    /// Reject as outside the commune's competence: to whom it went.
    pub forwarded_to: String,
    /// Reject as a duplicate: the code of the report it repeats.
    pub duplicate_of: String,
}

/// A step checked: the action, its note, and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub note: String,
    pub rejection: Option<Rejection>,
    pub forwarded_to: String,
    pub duplicate_of: String,
    pub officer_id: Option<uuid::Uuid>,
}

/// Checks a step on its own; the status it may be taken from is [`next`].
pub fn validate_step(input: &StepInput) -> Result<Step, Invalid> {
    let mut e = Invalid::default();
    let action = Action::parse(input.action.trim());
    if action.is_none() {
        e.push(
            "action",
            format!("Thao tác không hợp lệ; một trong: {}", Action::labels()),
        );
    }
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        2000,
        "Ghi chú dài quá 2.000 ký tự",
    );
    let needs_note = matches!(
        action,
        Some(Action::Answer | Action::Reject | Action::Reopen)
    );
    if needs_note && note.is_empty() {
        e.push(
            "note",
            "Ghi nội dung trả lời, lý do công khai cho người phản ánh",
        );
    }
    let officer_id = uuid::Uuid::try_parse(input.officer_id.trim()).ok();
    if action == Some(Action::Assign) && officer_id.is_none() {
        e.push("officer_id", "Chọn cán bộ được giao xử lý");
    }
    let mut rejection = None;
    let forwarded_to = limited_text(
        &mut e,
        "forwarded_to",
        &input.forwarded_to,
        300,
        "Tên cơ quan dài quá 300 ký tự",
    );
    let duplicate_of = input.duplicate_of.trim().to_uppercase();
    if action == Some(Action::Reject) {
        rejection = Rejection::parse(input.rejection.trim());
        match rejection {
            None => e.push("rejection", "Chọn lý do không xử lý"),
            Some(Rejection::Outside) if forwarded_to.is_empty() => {
                e.push("forwarded_to", "Ghi cơ quan có thẩm quyền đã chuyển đến")
            }
            Some(Rejection::Duplicate) if duplicate_of.is_empty() => {
                e.push("duplicate_of", "Ghi mã phản ánh bị trùng")
            }
            _ => {}
        }
    }
    e.into_result()?;
    Ok(Step {
        action: action.unwrap_or(Action::Start),
        note,
        rejection,
        forwarded_to,
        duplicate_of,
        officer_id,
    })
}

/// Whether a latitude and longitude are a place on Earth.
pub fn valid_place(lat: f64, long: f64) -> bool {
    lat.is_finite()
        && long.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&long)
}

/// A report as typed into the public form or sent by an Open311 client.
#[derive(Debug, Clone, std::default::Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub category: String,
    pub description: String,
    /// Where the problem is (a house number, a lane).
    pub address: String,
    /// The residential group, when the reporter knows it.
    pub group_id: String,
    pub lat: String,
    pub long: String,
    /// Kept private: only the officers handling it see them.
    pub name: String,
    pub phone: String,
    pub email: String,
    /// Send the reporter each step by e-mail.
    #[serde(deserialize_with = "crate::checks::flag")]
    pub notify: bool,
}

/// The reporter's contact, never shown to the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, std::default::Default)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub notify: bool,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.phone.is_empty() && self.email.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidReport {
    pub category: Category,
    pub description: String,
    pub address: String,
    pub group_id: Option<uuid::Uuid>,
    pub place: Option<(f64, f64)>,
    pub contact: Contact,
}

/// Checks a report whole, naming each field at fault.
pub fn validate_report(input: &ReportInput) -> Result<ValidReport, Invalid> {
    let mut e = Invalid::default();
    let category = Category::parse(input.category.trim());
    if category.is_none() {
        e.push("category", "Chọn loại vấn đề phản ánh");
    }
    let description = required_text(
        &mut e,
        "description",
        &input.description,
        2000,
        "Mô tả vấn đề cần phản ánh",
        "Mô tả dài quá 2.000 ký tự",
    );
    let address = required_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Ghi địa điểm (số nhà, ngõ, đường hoặc nơi dễ nhận biết)",
        "Địa điểm dài quá 300 ký tự",
    );
    let group_id = match input.group_id.trim() {
        "" => None,
        g => {
            let id = uuid::Uuid::try_parse(g).ok();
            if id.is_none() {
                e.push("group_id", "Tổ dân phố không hợp lệ");
            }
            id
        }
    };
    let mut number = |field: &str, v: &str| -> Option<f64> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        v.replace(',', ".").parse::<f64>().ok().or_else(|| {
            e.push(field, "Tọa độ phải là số độ thập phân, ví dụ 22.1475");
            None
        })
    };
    let (lat, long) = (number("lat", &input.lat), number("long", &input.long));
    let place = match (lat, long) {
        (Some(a), Some(o)) if valid_place(a, o) => Some((a, o)),
        (Some(_), Some(_)) => {
            e.push(
                "lat",
                "Tọa độ nằm ngoài giới hạn (vĩ độ −90…90, kinh độ −180…180)",
            );
            None
        }
        (None, None) => None,
        _ if input.lat.trim().is_empty() != input.long.trim().is_empty() => {
            e.push("long", "Cần cả vĩ độ và kinh độ, hoặc bỏ trống cả hai");
            None
        }
        _ => None,
    };
    let name = limited_text(&mut e, "name", &input.name, 100, "Họ tên dài quá 100 ký tự");
    let phone: String = input
        .phone
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if !phone.is_empty() {
        let digits = phone.strip_prefix('+').unwrap_or(&phone);
        if !(digits.chars().all(|c| c.is_ascii_digit()) && (9..=12).contains(&digits.len())) {
            e.push("phone", "Số điện thoại gồm 9 đến 12 chữ số");
        }
    }
    let email = input.email.trim().to_owned();
    if !email.is_empty() && !looks_like_email(&email) {
        e.push(
            "email",
            "Địa chỉ e-mail không đúng dạng (ví dụ ten@example.vn)",
        );
    }
    if input.notify && email.is_empty() {
        e.push("email", "Ghi e-mail để nhận thông báo");
    }
    e.into_result()?;
    Ok(ValidReport {
        category: category.unwrap_or(Category::Other),
        description,
        address,
        group_id,
        place,
        contact: Contact {
            name,
            phone,
            notify: input.notify,
            email,
        },
    })
}

fn looks_like_email(s: &str) -> bool {
    s.len() <= 254
        && !s.chars().any(char::is_whitespace)
        && s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        })
}

/// Whether a role sees the reporter's contact: those who handle reports
/// (the administrator and specialist officers); never the public, a
/// leader or a group head.
pub fn sees_contact(role: crate::users::Role) -> bool {
    role.allows(crate::access::Permission::ManageRegisters)
}

/// A report's public code: `PA` and 8 characters without look-alikes.
pub fn code(random: [u8; 8]) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut c = String::from("PA");
    for b in random {
        c.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
    }
    c
}

/// Whether a code as typed may be one, before it is looked up.
pub fn looks_like_code(s: &str) -> bool {
    s.len() == 10 && s.starts_with("PA") && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_statuses() {
        use Action as A;
        use Status as S;
        assert_eq!(next(S::Received, A::Assign), Ok(S::Assigned));
        assert_eq!(next(S::Assigned, A::Start), Ok(S::InProgress));
        assert_eq!(next(S::InProgress, A::Answer), Ok(S::Answered));
        assert_eq!(next(S::Answered, A::Close), Ok(S::Closed));
        assert_eq!(next(S::Closed, A::Reopen), Ok(S::InProgress));
        assert_eq!(next(S::Received, A::Reject), Ok(S::Rejected));
        assert_eq!(next(S::Closed, A::Publish), Ok(S::Closed));
        let e = next(S::Received, A::Answer).unwrap_err();
        assert_eq!(e, "Không thể «trả lời» phản ánh đã tiếp nhận");
        assert!(next(S::Rejected, A::Reopen).is_err());
        assert!(next(S::Answered, A::Reject).is_err());
        assert_eq!(S::InProgress.open311(), "open");
        assert_eq!(S::Rejected.open311(), "closed");
    }

    #[test]
    fn a_step_names_what_it_lacks() {
        let fields = |i: StepInput| {
            validate_step(&i)
                .unwrap_err()
                .0
                .into_iter()
                .map(|f| f.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(StepInput {
                action: "answer".into(),
                ..StepInput::default()
            }),
            ["note"]
        );
        assert_eq!(
            fields(StepInput {
                action: "reject".into(),
                note: "Đã chuyển".into(),
                rejection: "outside".into(),
                ..StepInput::default()
            }),
            ["forwarded_to"]
        );
        assert_eq!(
            fields(StepInput {
                action: "reject".into(),
                note: "Trùng".into(),
                rejection: "duplicate".into(),
                ..StepInput::default()
            }),
            ["duplicate_of"]
        );
        assert_eq!(
            fields(StepInput {
                action: "assign".into(),
                ..StepInput::default()
            }),
            ["officer_id"]
        );
        assert_eq!(fields(StepInput::default()), ["action"]);
    }

    #[test]
    fn a_report_is_checked_whole() {
        let e = validate_report(&ReportInput {
            category: "nothing".into(),
            lat: "22.1".into(),
            phone: "12ab".into(),
            email: "khong-phai-email".into(),
            ..ReportInput::default()
        })
        .unwrap_err();
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "category",
                "description",
                "address",
                "long",
                "phone",
                "email"
            ]
        );
        let ok = validate_report(&ReportInput {
            category: "escape_route".into(),
            description: " Lối thoát hiểm  bị khóa ".into(),
            address: "Ngõ 12, tổ 5".into(),
            lat: "22,1475".into(),
            long: "105.8339".into(),
            phone: "0912 345 678".into(),
            ..ReportInput::default()
        })
        .unwrap();
        assert_eq!(ok.category, Category::EscapeRoute);
        assert_eq!(ok.description, "Lối thoát hiểm bị khóa");
        assert_eq!(ok.place, Some((22.1475, 105.8339)));
        assert_eq!(ok.contact.phone, "0912345678");
        let far = validate_report(&ReportInput {
            category: "noise".into(),
            description: "Ồn".into(),
            address: "Tổ 1".into(),
            lat: "122".into(),
            long: "5".into(),
            ..ReportInput::default()
        })
        .unwrap_err();
        assert_eq!(far.0[0].field, "lat");
    }

    #[test]
    fn codes_are_typed_without_look_alikes() {
        let c = code([0, 1, 2, 3, 30, 31, 200, 255]);
        assert_eq!(c.len(), 10);
        assert!(looks_like_code(&c));
        assert!(!c[2..].contains(['0', '1', 'I', 'O', 'L']));
        assert!(!looks_like_code("PA123"));
        assert!(!looks_like_code("XX23456789"));
    }

    #[test]
    fn each_category_has_a_route() {
        for c in Category::ALL {
            let d = c.default_route();
            assert!(d.working_days >= 1 && !d.field.is_empty());
        }
        assert_eq!(
            Category::EscapeRoute.default_route().case_kind,
            Kind::EscapeRoute
        );
    }
}
