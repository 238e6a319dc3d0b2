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

/// A name is required; a phone number, if given, has 9 to 12 digits (a
/// leading + allowed; spaces and dots are dropped); an e-mail has an @.
pub fn validate(a: &ApplicantInput) -> Result<ApplicantInput, Invalid> {
    let mut e = Invalid::default();
    let applicant = text::clean(&a.applicant);
    if applicant.is_empty() {
        e.push("applicant", "Chưa nhập họ tên người nộp hồ sơ");
    } else if applicant.chars().count() > 150 {
        e.push("applicant", "Họ tên dài quá 150 ký tự");
    }
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
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["applicant", "phone", "email"]);
        assert!(validate(&with("A", "09123+4567", "")).is_err());
    }
}
