//! Business households (hộ kinh doanh) registered in the commune: who owns
//! each, where it trades and in what, its registration — which the commune
//! itself gives since 01/07/2025 (Nghị định 168/2025/NĐ-CP) — and whether
//! it still trades, was suspended or closed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text};
use crate::{Invalid, numbers};

named_enum! {
    /// Whether the household trades.
    BusinessStatus {
        Active => ("active", "Đang hoạt động"),
        Suspended => ("suspended", "Tạm ngừng kinh doanh"),
        Closed => ("closed", "Chấm dứt hoạt động"),
    }
}

/// A business household as typed on its form, sent to the API or read
/// from a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessInput {
    /// The household's name ("Hộ kinh doanh Tạp hóa Minh Anh").
    pub name: String,
    /// The owner (chủ hộ kinh doanh).
    pub owner: String,
    /// Where it trades.
    pub address: String,
    /// Its line of business (ngành, nghề kinh doanh).
    pub line: String,
    /// The registration's number, as on the certificate.
    pub registration_no: String,
    /// YYYY-MM-DD: first registered, not in the future.
    pub registered_on: String,
    /// Capital in đồng ("50.000.000"), may be empty.
    pub capital: String,
    /// active | suspended | closed (empty: active)
    pub status: String,
    /// YYYY-MM-DD: since when suspended or closed.
    pub status_on: String,
    pub note: String,
}

/// A checked business household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidBusiness {
    pub name: String,
    pub owner: String,
    pub address: String,
    pub line: String,
    pub registration_no: String,
    pub registered_on: Date,
    pub capital: Option<i64>,
    pub status: BusinessStatus,
    /// Set when not active.
    pub status_on: Option<Date>,
    pub note: String,
}

impl ValidBusiness {
    /// Trading at the end of `day`: registered by then and not suspended
    /// or closed on or before it.
    pub fn active_on(&self, day: Date) -> bool {
        active_on(self.registered_on, self.status_on, day)
    }
}

/// Trading at the end of `day`, from its dates.
pub fn active_on(registered_on: Date, status_on: Option<Date>, day: Date) -> bool {
    registered_on <= day && status_on.is_none_or(|s| s > day)
}

/// A household's capital beyond this was mistyped.
const MAX_CAPITAL: i64 = 1_000_000_000_000_000;

/// Checks a business household whole: every problem named by its field.
pub fn validate(input: &BusinessInput, today: Date) -> Result<ValidBusiness, Invalid> {
    let mut e = Invalid::default();
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        300,
        "Chưa nhập tên hộ kinh doanh",
        "Tên hộ kinh doanh dài quá 300 ký tự",
    );
    let owner = required_text(
        &mut e,
        "owner",
        &input.owner,
        200,
        "Chưa nhập chủ hộ kinh doanh",
        "Tên chủ hộ dài quá 200 ký tự",
    );
    let address = required_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Chưa nhập địa điểm kinh doanh",
        "Địa điểm kinh doanh dài quá 300 ký tự",
    );
    let line = required_text(
        &mut e,
        "line",
        &input.line,
        300,
        "Chưa nhập ngành, nghề kinh doanh",
        "Ngành, nghề kinh doanh dài quá 300 ký tự",
    );
    let registration_no = required_text(
        &mut e,
        "registration_no",
        &input.registration_no,
        30,
        "Chưa nhập số đăng ký hộ kinh doanh",
        "Số đăng ký dài quá 30 ký tự",
    );
    let registered_on = past_date(
        &mut e,
        "registered_on",
        &input.registered_on,
        "Ngày đăng ký",
        today,
    );
    let capital = match input.capital.trim() {
        "" => None,
        s => match numbers::parse_dong(s) {
            Some(v) if (0..=MAX_CAPITAL).contains(&v) => Some(v),
            _ => {
                e.push(
                    "capital",
                    "Vốn kinh doanh không hợp lệ (số đồng, ví dụ 50.000.000)",
                );
                None
            }
        },
    };
    let status = match input.status.trim() {
        "" => Some(BusinessStatus::Active),
        s => BusinessStatus::parse(s),
    };
    if status.is_none() {
        e.push("status", "Chọn tình trạng hoạt động");
    }
    let status_on = match status {
        Some(BusinessStatus::Suspended | BusinessStatus::Closed) => {
            if input.status_on.trim().is_empty() {
                e.push("status_on", "Ghi ngày tạm ngừng hoặc chấm dứt hoạt động");
                None
            } else {
                let d = past_date(
                    &mut e,
                    "status_on",
                    &input.status_on,
                    "Ngày tạm ngừng, chấm dứt",
                    today,
                );
                if let (Some(d), Some(r)) = (d, registered_on)
                    && d < r
                {
                    e.push(
                        "status_on",
                        "Ngày tạm ngừng, chấm dứt không được trước ngày đăng ký",
                    );
                }
                d
            }
        }
        _ => None,
    };
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidBusiness {
        name,
        owner,
        address,
        line,
        registration_no,
        registered_on: registered_on.unwrap_or(Date::ZERO),
        capital,
        status: status.unwrap_or(BusinessStatus::Active),
        status_on,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TODAY;

    fn shop() -> BusinessInput {
        BusinessInput {
            name: " Hộ kinh doanh  Tạp hóa Minh Anh".into(),
            owner: "Nguyễn Minh Anh".into(),
            address: "Số 12, tổ 5".into(),
            line: "Bán lẻ hàng tạp hóa".into(),
            registration_no: "13A8000123".into(),
            registered_on: "2022-03-15".into(),
            capital: "50.000.000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_business_is_checked_whole() {
        let v = validate(&shop(), TODAY).unwrap();
        assert_eq!(
            (v.name.as_str(), v.capital, v.status, v.status_on),
            (
                "Hộ kinh doanh Tạp hóa Minh Anh",
                Some(50_000_000),
                BusinessStatus::Active,
                None
            )
        );
        let bad = BusinessInput {
            registered_on: "2027-01-01".into(),
            capital: "năm mươi triệu".into(),
            status: "paused".into(),
            ..Default::default()
        };
        assert_eq!(
            validate(&bad, TODAY).unwrap_err().fields(),
            [
                "name",
                "owner",
                "address",
                "line",
                "registration_no",
                "registered_on",
                "capital",
                "status"
            ]
        );
    }

    #[test]
    fn a_closure_has_its_day_after_the_registration() {
        let mut closed = BusinessInput {
            status: "closed".into(),
            ..shop()
        };
        assert_eq!(
            validate(&closed, TODAY).unwrap_err().fields(),
            ["status_on"]
        );
        closed.status_on = "2021-12-31".into();
        assert_eq!(
            validate(&closed, TODAY).unwrap_err().fields(),
            ["status_on"]
        );
        closed.status_on = "2024-06-30".into();
        let v = validate(&closed, TODAY).unwrap();
        assert!(v.active_on(jiff::civil::date(2023, 12, 31)));
        assert!(!v.active_on(jiff::civil::date(2024, 12, 31)));
        assert!(!v.active_on(jiff::civil::date(2021, 12, 31)));
        // An active household keeps no status day, whatever was typed.
        let active = BusinessInput {
            status_on: "2024-06-30".into(),
            ..shop()
        };
        assert_eq!(validate(&active, TODAY).unwrap().status_on, None);
    }
}
