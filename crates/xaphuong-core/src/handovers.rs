//! Land hand-overs for public works (giải phóng mặt bằng): which household
//! handed over how much land, when, for which project, under which document.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{past_date, required_text};
use crate::{Invalid, numbers, text};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverInput {
    pub project: String,
    pub household: String,
    pub address: String,
    pub handed_over_on: String,
    /// Square metres, as typed ("45,5").
    pub area: String,
    pub document: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidHandover {
    pub project: String,
    pub household: String,
    pub address: String,
    pub handed_over_on: Date,
    /// Hundredths of a square metre.
    pub area: i64,
    pub document: String,
    pub note: String,
}

pub fn validate(input: &HandoverInput, today: Date) -> Result<ValidHandover, Invalid> {
    let mut e = Invalid::default();
    let required = |e: &mut Invalid, field: &str, value: &str, what: &str, max: usize| {
        let missing = format!("Chưa nhập {what}");
        required_text(
            e,
            field,
            value,
            max,
            &missing,
            &format!("{what} dài quá {max} ký tự"),
        )
    };
    let project = required(&mut e, "project", &input.project, "công trình, dự án", 300);
    let household = required(&mut e, "household", &input.household, "hộ bàn giao", 200);
    let address = text::clean(&input.address);
    let document = text::clean(&input.document);
    let note = text::clean(&input.note);
    let date = past_date(
        &mut e,
        "handed_over_on",
        &input.handed_over_on,
        "Ngày bàn giao",
        today,
    );
    let area = numbers::parse_hundredths(&input.area);
    match area {
        None => e.push("area", "Diện tích không hợp lệ (m², ví dụ 45,5)"),
        Some(a) if a <= 0 => e.push("area", "Diện tích phải lớn hơn 0"),
        Some(a) if a > 100_000_000 => e.push("area", "Diện tích quá lớn (tối đa 1.000.000 m²)"),
        _ => {}
    }
    e.into_result()?;
    Ok(ValidHandover {
        project,
        household,
        address,
        handed_over_on: date.unwrap_or(today),
        area: area.unwrap_or(0),
        document,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_whole() {
        let today = crate::checks::TODAY;
        let ok = HandoverInput {
            project: "Nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên".into(),
            household: "Hộ ông Hà Văn Thịnh".into(),
            handed_over_on: "2021-09-15".into(),
            area: "45,5".into(),
            ..Default::default()
        };
        assert_eq!(validate(&ok, today).unwrap().area, 4_550);
        let bad = HandoverInput {
            area: "-3".into(),
            handed_over_on: "2027-01-01".into(),
            ..Default::default()
        };
        let e = validate(&bad, today).unwrap_err();
        assert_eq!(
            e.fields(),
            ["project", "household", "handed_over_on", "area"]
        );
    }
}
