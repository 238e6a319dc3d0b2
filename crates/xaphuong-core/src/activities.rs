//! Culture and sport in the residential areas: the activities and events
//! held in each residential group (văn nghệ, thể thao, lễ hội…) with how
//! many took part, and each group's title "Thôn, tổ dân phố văn hóa" of a
//! year (Nghị định 86/2023/NĐ-CP, Phụ lục II), decided by the commune.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text};
use crate::{Invalid, numbers};

named_enum! {
    /// What kind of activity it was.
    ActivityKind {
        Arts => ("arts", "Văn hóa, văn nghệ"),
        Sport => ("sport", "Thể dục, thể thao"),
        Festival => ("festival", "Lễ hội, Ngày hội Đại đoàn kết"),
        Outreach => ("outreach", "Tuyên truyền, sinh hoạt cộng đồng"),
        Club => ("club", "Câu lạc bộ"),
        Other => ("other", "Hoạt động khác"),
    }
}

/// An activity as typed on its form, sent to the API or read from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    /// YYYY-MM-DD, not in the future.
    pub held_on: String,
    /// arts | sport | festival | outreach | club | other
    pub kind: String,
    pub name: String,
    /// How many took part ("120").
    pub participants: String,
    pub place: String,
    pub note: String,
}

/// A checked activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidActivity {
    pub held_on: Date,
    pub kind: ActivityKind,
    pub name: String,
    pub participants: i64,
    pub place: String,
    pub note: String,
}

/// No group gathers more: beyond, a figure was mistyped.
const MAX_PARTICIPANTS: i64 = 1_000_000;

/// Checks an activity whole: every problem named by its field.
pub fn validate(input: &ActivityInput, today: Date) -> Result<ValidActivity, Invalid> {
    let mut e = Invalid::default();
    let held_on = past_date(&mut e, "held_on", &input.held_on, "Ngày tổ chức", today);
    let kind = ActivityKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push("kind", "Chọn loại hoạt động");
    }
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        300,
        "Chưa nhập tên hoạt động",
        "Tên hoạt động dài quá 300 ký tự",
    );
    let participants = match numbers::parse_dong(&input.participants) {
        Some(n) if (1..=MAX_PARTICIPANTS).contains(&n) => n,
        _ => {
            e.push(
                "participants",
                "Số người tham gia không hợp lệ (số nguyên, ví dụ 120)",
            );
            0
        }
    };
    let place = limited_text(
        &mut e,
        "place",
        &input.place,
        300,
        "Địa điểm dài quá 300 ký tự",
    );
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidActivity {
        held_on: held_on.unwrap_or(Date::ZERO),
        kind: kind.unwrap_or(ActivityKind::Other),
        name,
        participants,
        place,
        note,
    })
}

/// A group's title of a year as typed: recognised or not, and the
/// commune's decision that says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TitleInput {
    /// The residential group (its id).
    pub group: String,
    pub recognised: bool,
    /// The decision ("Quyết định số 215/QĐ-UBND ngày 15/12/2022"); needed
    /// when recognised.
    pub decision: String,
}

/// Checks a title: a group recognised names the decision.
pub fn validate_title(input: &TitleInput) -> Result<(bool, String), Invalid> {
    let mut e = Invalid::default();
    let decision = limited_text(
        &mut e,
        "decision",
        &input.decision,
        300,
        "Quyết định dài quá 300 ký tự",
    );
    if input.recognised && decision.is_empty() {
        e.push("decision", "Ghi số, ngày quyết định công nhận danh hiệu");
    }
    e.into_result()?;
    Ok((input.recognised, decision))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TODAY;

    #[test]
    fn an_activity_is_checked_whole() {
        let ok = ActivityInput {
            held_on: "2022-09-02".into(),
            kind: "sport".into(),
            name: " Giải bóng chuyền hơi  tổ 5 ".into(),
            participants: "1.200".into(),
            ..Default::default()
        };
        let v = validate(&ok, TODAY).unwrap();
        assert_eq!(
            (v.kind, v.name.as_str(), v.participants),
            (ActivityKind::Sport, "Giải bóng chuyền hơi tổ 5", 1_200)
        );
        let bad = ActivityInput {
            held_on: "2027-01-01".into(),
            kind: "bong da".into(),
            participants: "0".into(),
            ..Default::default()
        };
        assert_eq!(
            validate(&bad, TODAY).unwrap_err().fields(),
            ["held_on", "kind", "name", "participants"]
        );
    }

    #[test]
    fn a_recognised_group_names_its_decision() {
        let t = TitleInput {
            recognised: true,
            ..Default::default()
        };
        assert_eq!(validate_title(&t).unwrap_err().fields(), ["decision"]);
        let not = TitleInput::default();
        assert_eq!(validate_title(&not).unwrap(), (false, String::new()));
    }
}
