//! Military and police service recruitment (tuyển quân): the year's quota
//! per service and each citizen's way from the call to enlistment.
//! Basis: Luật Nghĩa vụ quân sự 2015 (amended by Luật 98/2025/QH15).

use serde::{Deserialize, Serialize};

use crate::checks::{required_text, year_in};
use crate::{Invalid, text};

named_enum! {
    Service {
        Military => ("military", "Nghĩa vụ quân sự"),
        Police => ("police", "Nghĩa vụ tham gia Công an nhân dân"),
    }
}

named_enum! {
    /// Where a citizen stands in the year's recruitment.
    Stage {
        Called => ("called", "Đã gọi khám"),
        Examined => ("examined", "Đã khám tuyển"),
        Passed => ("passed", "Đủ điều kiện"),
        Failed => ("failed", "Không đủ sức khỏe"),
        Postponed => ("postponed", "Tạm hoãn"),
        Exempted => ("exempted", "Miễn"),
        Enlisted => ("enlisted", "Đã nhập ngũ"),
    }
}

impl Stage {
    /// Whether the citizen went through the health examination.
    pub fn examined(self) -> bool {
        matches!(
            self,
            Stage::Examined | Stage::Passed | Stage::Failed | Stage::Enlisted
        )
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, Stage::Postponed | Stage::Exempted)
    }
}

/// Whether a citizen may move from `from` to `to`: called → examined →
/// passed or failed → enlisted; deferral and exemption from any stage
/// before enlistment; a deferral may be lifted (back to called).
pub fn can_move(from: Stage, to: Stage) -> bool {
    use Stage::*;
    matches!(
        (from, to),
        (Called, Examined | Postponed | Exempted)
            | (Examined, Passed | Failed | Postponed | Exempted)
            | (Passed, Enlisted | Postponed | Exempted)
            | (Postponed, Called)
    )
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecruitInput {
    pub full_name: String,
    pub birth_year: String,
    pub address: String,
    pub service: String,
}

/// A citizen read from a row of an imported file: the year of the call
/// as written, and the citizen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecruitRow {
    pub year: String,
    pub recruit: RecruitInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidRecruit {
    pub full_name: String,
    pub birth_year: i16,
    pub address: String,
    pub service: Service,
}

/// Age 18 to the end of 25 (27 when deferred for higher education): a
/// birth year outside 17–28 years before the call is refused as a typo.
pub fn validate(input: &RecruitInput, year: i16) -> Result<ValidRecruit, Invalid> {
    let mut e = Invalid::default();
    let full_name = required_text(
        &mut e,
        "full_name",
        &input.full_name,
        100,
        "Chưa nhập họ và tên",
        "Họ và tên dài quá 100 ký tự",
    );
    let birth_year = year_in(&input.birth_year, year - 28..=year - 17);
    if birth_year.is_none() {
        e.push(
            "birth_year",
            format!(
                "Năm sinh không hợp lệ cho đợt tuyển năm {year} (từ {} đến {})",
                year - 28,
                year - 17
            ),
        );
    }
    let service = Service::parse(input.service.trim());
    if service.is_none() {
        e.push("service", "Chọn nghĩa vụ quân sự hoặc nghĩa vụ công an");
    }
    e.into_result()?;
    Ok(ValidRecruit {
        full_name,
        birth_year: birth_year.unwrap_or(year - 18),
        address: text::clean(&input.address),
        service: service.unwrap_or(Service::Military),
    })
}

/// A year written in a file: a call year between 1990 and 2100.
pub fn parse_year(field: &str, written: &str) -> Result<i16, Invalid> {
    year_in(written, 1990..=2100)
        .ok_or_else(|| Invalid::one(field, format!("Năm «{}» không hợp lệ", written.trim())))
}

/// Checks an imported row: its year, then the citizen for that year.
pub fn validate_row(row: &RecruitRow) -> Result<(i16, ValidRecruit), Invalid> {
    let year = parse_year("year", &row.year)?;
    Ok((year, validate(&row.recruit, year)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_to_enlistment() {
        use Stage::*;
        assert!(
            can_move(Called, Examined) && can_move(Examined, Passed) && can_move(Passed, Enlisted)
        );
        assert!(can_move(Called, Postponed) && can_move(Postponed, Called));
        assert!(
            !can_move(Called, Enlisted),
            "no enlistment without the health examination"
        );
        assert!(!can_move(Enlisted, Postponed));
        assert!(!can_move(Failed, Enlisted));
        assert!(Postponed.needs_reason() && !Passed.needs_reason());
        let ok = RecruitInput {
            full_name: "Hoàng Văn Tùng".into(),
            birth_year: "2003".into(),
            address: "Tổ 3".into(),
            service: "military".into(),
        };
        assert_eq!(validate(&ok, 2021).unwrap().birth_year, 2003);
        let bad = RecruitInput {
            birth_year: "1990".into(),
            service: "navy".into(),
            ..Default::default()
        };
        assert_eq!(validate(&bad, 2021).unwrap_err().0.len(), 3);
    }
}
