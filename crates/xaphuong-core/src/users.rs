//! Accounts and their roles.

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::checks::required_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Leader,
    OneStopOfficer,
    SpecialistOfficer,
    GroupHead,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Leader,
        Role::OneStopOfficer,
        Role::SpecialistOfficer,
        Role::GroupHead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::OneStopOfficer => "one_stop_officer",
            Role::SpecialistOfficer => "specialist_officer",
            Role::GroupHead => "group_head",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị",
            Role::Leader => "Lãnh đạo",
            Role::OneStopOfficer => "Cán bộ bộ phận một cửa",
            Role::SpecialistOfficer => "Công chức chuyên môn",
            Role::GroupHead => "Tổ trưởng tổ dân phố, trưởng thôn",
        }
    }
}

/// Fields of work (lĩnh vực) a specialist officer may handle. Codes follow
/// the usual grouping of commune-level procedures and registers.
pub const FIELDS: &[(&str, &str)] = &[
    ("ho_tich", "Hộ tịch"),
    ("chung_thuc", "Chứng thực"),
    ("tu_phap", "Tư pháp"),
    ("dat_dai", "Đất đai"),
    ("xay_dung", "Xây dựng, trật tự đô thị"),
    ("moi_truong", "Tài nguyên, môi trường"),
    ("tai_chinh", "Tài chính, ngân sách"),
    ("kinh_te", "Kinh tế, thương mại"),
    ("van_hoa", "Văn hóa, thông tin, thể thao"),
    ("xa_hoi", "Lao động, người có công, xã hội"),
    ("giao_duc", "Giáo dục, đào tạo"),
    ("y_te", "Y tế"),
    ("quan_su", "Quân sự, quốc phòng"),
    ("noi_vu", "Nội vụ, thi đua khen thưởng"),
];

pub fn field_label(code: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const USERNAME_MAX_CHARS: usize = 64;

/// An account as typed into the form, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInput {
    pub username: String,
    pub full_name: String,
    pub role: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUser {
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub fields: Vec<String>,
}

/// Usernames are ASCII, lower case, so that "NguyenVanA" and "nguyenvana"
/// are one account.
pub fn normalize_username(raw: &str) -> String {
    raw.trim().to_ascii_lowercase()
}

pub fn validate_user(input: &UserInput) -> Result<ValidUser, Invalid> {
    let mut errors = Invalid::default();
    let username = normalize_username(&input.username);
    if username.is_empty() {
        errors.push("username", "Tên đăng nhập không được để trống");
    } else if username.len() > USERNAME_MAX_CHARS
        || !username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
    {
        errors.push(
            "username",
            format!(
                "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang, tối đa {USERNAME_MAX_CHARS} ký tự"
            ),
        );
    }
    let full_name = required_text(
        &mut errors,
        "full_name",
        &input.full_name,
        200,
        "Họ và tên không được để trống",
        "Họ và tên dài quá 200 ký tự",
    );
    let role = Role::parse(input.role.trim());
    if role.is_none() {
        errors.push("role", "Vai trò không hợp lệ");
    }
    let mut fields: Vec<String> = Vec::new();
    for f in &input.fields {
        let f = f.trim();
        if f.is_empty() {
            continue;
        }
        if field_label(f).is_none() {
            errors.push("fields", format!("Lĩnh vực không hợp lệ: {f}"));
        } else if !fields.iter().any(|x| x == f) {
            fields.push(f.to_owned());
        }
    }
    if role == Some(Role::SpecialistOfficer)
        && fields.is_empty()
        && errors.message_for("fields").is_none()
    {
        errors.push(
            "fields",
            "Công chức chuyên môn phải được giao ít nhất một lĩnh vực",
        );
    }
    if role.is_some() && role != Some(Role::SpecialistOfficer) && !fields.is_empty() {
        errors.push("fields", "Chỉ công chức chuyên môn mới được giao lĩnh vực");
    }
    errors.into_result()?;
    fields.sort();
    Ok(ValidUser {
        username,
        full_name,
        role: role.unwrap_or(Role::GroupHead),
        fields,
    })
}

/// Characters of a generated password: no look-alikes (0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A 12-character password drawn from random bytes, each character
/// equally likely: a byte at or past the last whole multiple of the
/// alphabet's size is skipped (taking it modulo would favour the first
/// characters). `None` if the bytes run out first.
pub fn password_from(random: impl IntoIterator<Item = u8>) -> Option<String> {
    let n = PASSWORD_ALPHABET.len();
    let usable = 256 - 256 % n;
    let password: String = random
        .into_iter()
        .filter(|b| usize::from(*b) < usable)
        .take(12)
        .map(|b| PASSWORD_ALPHABET[usize::from(b) % n] as char)
        .collect();
    (password.chars().count() == 12).then_some(password)
}

pub fn validate_password(password: &str) -> Result<(), Invalid> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(Invalid::one(
            "password",
            format!("Mật khẩu phải có ít nhất {PASSWORD_MIN_CHARS} ký tự"),
        ));
    }
    if password.len() > 1024 {
        return Err(Invalid::one("password", "Mật khẩu quá dài"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(username: &str, role: Role, fields: &[&str]) -> UserInput {
        UserInput {
            username: username.into(),
            full_name: "Nguyễn Văn A".into(),
            role: role.as_str().into(),
            fields: fields.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn specialist_needs_a_field_and_others_none() {
        let ok = validate_user(&input(
            " ChuyenMon ",
            Role::SpecialistOfficer,
            &["xay_dung", "dat_dai", "dat_dai"],
        ))
        .unwrap();
        assert_eq!(ok.username, "chuyenmon");
        assert_eq!(ok.fields, ["dat_dai", "xay_dung"]);
        let e = validate_user(&input("cm", Role::SpecialistOfficer, &[])).unwrap_err();
        assert!(e.message_for("fields").is_some());
        let e = validate_user(&input("ld", Role::Leader, &["ho_tich"])).unwrap_err();
        assert!(e.message_for("fields").is_some());
        let e = validate_user(&input("cm", Role::SpecialistOfficer, &["bay_chim"])).unwrap_err();
        assert_eq!(
            e.message_for("fields"),
            Some("Lĩnh vực không hợp lệ: bay_chim")
        );
    }

    #[test]
    fn usernames_are_plain_ascii() {
        assert!(validate_user(&input("nguyễn", Role::Leader, &[])).is_err());
        assert!(validate_user(&input("a b", Role::Leader, &[])).is_err());
        assert!(validate_user(&input("", Role::Leader, &[])).is_err());
        assert!(validate_user(&input("lanh.dao_01-x", Role::Leader, &[])).is_ok());
        let mut bad_role = input("x", Role::Leader, &[]);
        bad_role.role = "chu_tich".into();
        assert_eq!(
            validate_user(&bad_role).unwrap_err().message_for("role"),
            Some("Vai trò không hợp lệ")
        );
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert!(validate_password("1234567").is_err());
        assert!(validate_password("12345678").is_ok());
        crate::assert_codes_read_back(&Role::ALL, Role::as_str, Role::parse);
    }

    #[test]
    fn generated_passwords_draw_every_character_alike() {
        // The bytes past the last multiple of 56 (224–255) are skipped.
        let p = password_from([224, 255, 0, 55, 56, 223, 1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        assert_eq!(p, "a9a9bcdefghi");
        assert!(validate_password(&p).is_ok());
        assert!(password_from([0; 11]).is_none());
        // Every byte value once (in passwords of 12): each of the 56
        // characters comes up exactly 4 times, none more.
        let bytes: Vec<u8> = (0..=255).collect();
        let mut counts = std::collections::HashMap::new();
        let mut rest = bytes.iter().copied().filter(|b| *b < 224).peekable();
        while rest.peek().is_some() {
            let chunk: Vec<u8> = rest.by_ref().take(12).collect();
            let padded = chunk
                .iter()
                .copied()
                .chain(std::iter::repeat(255))
                .take(12 + 64);
            // A short last chunk gives no password: count it by hand.
            match password_from(padded) {
                Some(p) => p.chars().for_each(|c| *counts.entry(c).or_insert(0) += 1),
                None => chunk.iter().for_each(|b| {
                    *counts
                        .entry(PASSWORD_ALPHABET[usize::from(*b) % 56] as char)
                        .or_insert(0) += 1
                }),
            }
        }
        assert_eq!(counts.len(), 56);
        assert!(counts.values().all(|&n| n == 4), "{counts:?}");
    }
}
