//! Sidewalk and street-order inspections: each inspection (when, where,
//! with which team) and the cases found in it with their outcome.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text};
use crate::{Invalid, text};

named_enum! {
    /// What occupied the sidewalk or the street.
    CaseKind {
        Goods => ("goods", "Bày bán hàng hóa lấn chiếm vỉa hè"),
        Signs => ("signs", "Biển hiệu, quảng cáo lấn chiếm"),
        FlowerPots => ("flower_pots", "Chậu hoa, cây cảnh lấn chiếm"),
        StreetVendor => ("street_vendor", "Bán hàng rong"),
        Materials => ("materials", "Tập kết vật liệu xây dựng"),
        Vehicles => ("vehicles", "Để xe lấn chiếm vỉa hè, lòng đường"),
        Other => ("other", "Vi phạm khác"),
    }
}

named_enum! {
    /// How the case ended on the spot.
    Outcome {
        Reminded => ("reminded", "Nhắc nhở"),
        Removed => ("removed", "Tự tháo dỡ, di dời"),
        Fined => ("fined", "Lập biên bản, xử phạt"),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionInput {
    pub inspected_on: String,
    pub place: String,
    pub team: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidInspection {
    pub inspected_on: Date,
    pub place: String,
    pub team: String,
    pub note: String,
}

pub fn validate_inspection(
    input: &InspectionInput,
    today: Date,
) -> Result<ValidInspection, Invalid> {
    let mut e = Invalid::default();
    let on = past_date(
        &mut e,
        "inspected_on",
        &input.inspected_on,
        "Ngày kiểm tra",
        today,
    );
    let place = required_text(
        &mut e,
        "place",
        &input.place,
        300,
        "Chưa nhập tuyến đường, địa bàn kiểm tra",
        "Địa bàn dài quá 300 ký tự",
    );
    let team = limited_text(
        &mut e,
        "team",
        &input.team,
        300,
        "Tên lực lượng dài quá 300 ký tự",
    );
    e.into_result()?;
    Ok(ValidInspection {
        inspected_on: on.unwrap_or(today),
        place,
        team,
        note: text::clean(&input.note),
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = InspectionCaseInput))]
pub struct CaseInput {
    pub kind: String,
    pub offender: String,
    pub address: String,
    pub outcome: String,
    pub note: String,
}

/// A case read from a row of an imported file, with the inspection it was
/// found in; rows with the same date, place and team form one inspection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectionRow {
    pub inspection: InspectionInput,
    pub case: CaseInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCase {
    pub kind: CaseKind,
    pub offender: String,
    pub address: String,
    pub outcome: Outcome,
    pub note: String,
}

pub fn validate_case(input: &CaseInput) -> Result<ValidCase, Invalid> {
    let mut e = Invalid::default();
    let kind = CaseKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push(
            "kind",
            format!(
                "Loại vi phạm không hợp lệ; ghi một trong: {}",
                CaseKind::labels()
            ),
        );
    }
    let outcome = Outcome::parse(input.outcome.trim());
    if outcome.is_none() {
        e.push(
            "outcome",
            format!("Chọn kết quả xử lý, một trong: {}", Outcome::labels()),
        );
    }
    let offender = required_text(
        &mut e,
        "offender",
        &input.offender,
        200,
        "Chưa nhập hộ, cơ sở kinh doanh hoặc người vi phạm",
        "Tên dài quá 200 ký tự",
    );
    e.into_result()?;
    Ok(ValidCase {
        kind: kind.unwrap_or(CaseKind::Other),
        offender,
        address: text::clean(&input.address),
        outcome: outcome.unwrap_or(Outcome::Reminded),
        note: text::clean(&input.note),
    })
}

/// Checks an imported row: the inspection it belongs to and the case.
pub fn validate_row(
    row: &InspectionRow,
    today: Date,
) -> Result<(ValidInspection, ValidCase), Invalid> {
    let i = validate_inspection(&row.inspection, today);
    let c = validate_case(&row.case);
    match (i, c) {
        (Ok(i), Ok(c)) => Ok((i, c)),
        (i, c) => {
            let mut e = i.err().unwrap_or_default();
            e.0.extend(c.err().unwrap_or_default().0);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspections_and_cases_are_checked() {
        let today = crate::checks::TODAY;
        let ok = InspectionInput {
            inspected_on: "2021-04-12".into(),
            place: "Đường Trường Chinh".into(),
            team: "Đội Quản lý trật tự đô thị thành phố".into(),
            note: String::new(),
        };
        assert!(validate_inspection(&ok, today).is_ok());
        assert_eq!(
            validate_inspection(&InspectionInput::default(), today)
                .unwrap_err()
                .0
                .len(),
            2
        );
        let case = CaseInput {
            kind: "goods".into(),
            offender: "Cửa hàng tạp hóa Hương Lan".into(),
            address: String::new(),
            outcome: "reminded".into(),
            note: String::new(),
        };
        assert_eq!(validate_case(&case).unwrap().outcome, Outcome::Reminded);
        assert_eq!(validate_case(&CaseInput::default()).unwrap_err().0.len(), 3);
    }
}
