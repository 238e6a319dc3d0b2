//! The citizen who files a dossier, as the officer or the citizen typed it.

use serde::{Deserialize, Serialize};

use crate::{Invalid, text};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicantInput {
    pub applicant: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

/// Online dossiers a commune may have waiting for acceptance: anonymous
/// filing must not fill a province's disk, and a commune's queue is its
/// officers' to clear.
pub const PENDING_ONLINE_MAX: i64 = 200;
/// Bytes of papers those waiting dossiers may hold together.
pub const PENDING_ONLINE_BYTES: i64 = 500 * 1024 * 1024;

/// Whether a commune holding `pending` online dossiers of `bytes` may take
/// one more of `adding` bytes.
pub fn check_online_quota(pending: i64, bytes: i64, adding: i64) -> Result<(), Invalid> {
    if pending >= PENDING_ONLINE_MAX || bytes + adding > PENDING_ONLINE_BYTES {
        return Err(Invalid::one(
            "form",
            format!(
                "Xã, phường này đang có nhiều hồ sơ trực tuyến chờ tiếp nhận (tối đa {PENDING_ONLINE_MAX} hồ sơ, {} MB tệp đính kèm). Vui lòng nộp lại sau hoặc nộp tại Bộ phận Một cửa",
                PENDING_ONLINE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// A name is required; a phone number, if given, has 9 to 12 digits (a
/// leading + allowed; spaces and dots are dropped); an e-mail has an @.
pub fn validate(a: &ApplicantInput) -> Result<ApplicantInput, Invalid> {
    let mut e = Invalid::default();
    let applicant = crate::checks::required_text(
        &mut e,
        "applicant",
        &a.applicant,
        150,
        "Chưa nhập họ tên người nộp hồ sơ",
        "Họ tên dài quá 150 ký tự",
    );
    let phone: String = a
        .phone
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let phone_ok = (9..=12).contains(&phone.len())
        && phone
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'));
    if !phone.is_empty() && !phone_ok {
        e.push("phone", "Số điện thoại không hợp lệ");
    }
    let email = a.email.trim().to_owned();
    let email_ok = email.contains('@') && email.len() <= 200;
    if !email.is_empty() && !email_ok {
        e.push("email", "Địa chỉ thư điện tử không hợp lệ");
    }
    e.into_result()?;
    Ok(ApplicantInput {
        applicant,
        address: text::clean(&a.address),
        phone,
        email,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: &str, phone: &str, email: &str) -> ApplicantInput {
        ApplicantInput {
            applicant: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..Default::default()
        }
    }

    #[test]
    fn applicants_are_checked() {
        let ok = validate(&with(" Nguyễn  Văn An ", "0912 345.678", "")).unwrap();
        assert_eq!(
            (ok.applicant.as_str(), ok.phone.as_str()),
            ("Nguyễn Văn An", "0912345678")
        );
        assert!(validate(&with("A", "+84912345678", "a@b.vn")).is_ok());
        let e = validate(&with("", "12ab", "khong-co-a-cong")).unwrap_err();
        assert_eq!(e.fields(), ["applicant", "phone", "email"]);
        assert!(validate(&with("A", "09123+4567", "")).is_err());
    }

    #[test]
    fn the_online_queue_of_a_commune_is_bounded() {
        assert!(check_online_quota(PENDING_ONLINE_MAX - 1, 0, 1).is_ok());
        let e = check_online_quota(PENDING_ONLINE_MAX, 0, 1).unwrap_err();
        assert!(e.0[0].message.contains("tối đa 200 hồ sơ, 500 MB"), "{e:?}");
        assert!(check_online_quota(0, PENDING_ONLINE_BYTES - 10, 10).is_ok());
        assert!(check_online_quota(0, PENDING_ONLINE_BYTES - 10, 11).is_err());
    }
}
