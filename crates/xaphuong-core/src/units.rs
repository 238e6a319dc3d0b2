//! Administrative units (đơn vị hành chính): province → (district, before
//! 01/07/2025) → commune/ward → residential group, with their official codes.
//!
//! Codes of provinces, districts and communes are the national ones
//! (Quyết định 124/2004/QĐ-TTg and its successors: 2, 3 and 5 digits).
//! Residential groups have no national code: theirs is local to the commune.

use serde::{Deserialize, Serialize};

use crate::{Invalid, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    /// Cấp huyện: abolished on 01/07/2025, kept for historic records.
    District,
    Commune,
    Group,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Group,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "Cấp tỉnh",
            Level::District => "Cấp huyện",
            Level::Commune => "Cấp xã",
            Level::Group => "Tổ dân phố, thôn",
        }
    }

    /// Which levels a unit of this level may sit under (`None` = top).
    pub fn allowed_parents(self) -> &'static [Level] {
        match self {
            Level::Province => &[],
            Level::District => &[Level::Province],
            Level::Commune => &[Level::Province, Level::District],
            Level::Group => &[Level::Commune],
        }
    }

    /// Digits of the national code, or `None` for a local code.
    fn code_digits(self) -> Option<usize> {
        match self {
            Level::Province => Some(2),
            Level::District => Some(3),
            Level::Commune => Some(5),
            Level::Group => None,
        }
    }
}

/// The kind of a unit, as its official name begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Tinh,
    ThanhPhoTrungUong,
    Huyen,
    Quan,
    ThiXa,
    ThanhPhoThuocTinh,
    Xa,
    Phuong,
    ThiTran,
    DacKhu,
    ToDanPho,
    Thon,
    Ban,
    Ap,
    KhuPho,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Tinh,
        Kind::ThanhPhoTrungUong,
        Kind::Huyen,
        Kind::Quan,
        Kind::ThiXa,
        Kind::ThanhPhoThuocTinh,
        Kind::Xa,
        Kind::Phuong,
        Kind::ThiTran,
        Kind::DacKhu,
        Kind::ToDanPho,
        Kind::Thon,
        Kind::Ban,
        Kind::Ap,
        Kind::KhuPho,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Tinh => "tinh",
            Kind::ThanhPhoTrungUong => "thanh_pho_trung_uong",
            Kind::Huyen => "huyen",
            Kind::Quan => "quan",
            Kind::ThiXa => "thi_xa",
            Kind::ThanhPhoThuocTinh => "thanh_pho_thuoc_tinh",
            Kind::Xa => "xa",
            Kind::Phuong => "phuong",
            Kind::ThiTran => "thi_tran",
            Kind::DacKhu => "dac_khu",
            Kind::ToDanPho => "to_dan_pho",
            Kind::Thon => "thon",
            Kind::Ban => "ban",
            Kind::Ap => "ap",
            Kind::KhuPho => "khu_pho",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Tinh => "Tỉnh",
            Kind::ThanhPhoTrungUong => "Thành phố trực thuộc trung ương",
            Kind::Huyen => "Huyện",
            Kind::Quan => "Quận",
            Kind::ThiXa => "Thị xã",
            Kind::ThanhPhoThuocTinh => "Thành phố thuộc tỉnh",
            Kind::Xa => "Xã",
            Kind::Phuong => "Phường",
            Kind::ThiTran => "Thị trấn",
            Kind::DacKhu => "Đặc khu",
            Kind::ToDanPho => "Tổ dân phố",
            Kind::Thon => "Thôn",
            Kind::Ban => "Bản",
            Kind::Ap => "Ấp",
            Kind::KhuPho => "Khu phố",
        }
    }

    pub fn level(self) -> Level {
        match self {
            Kind::Tinh | Kind::ThanhPhoTrungUong => Level::Province,
            Kind::Huyen | Kind::Quan | Kind::ThiXa | Kind::ThanhPhoThuocTinh => Level::District,
            Kind::Xa | Kind::Phuong | Kind::ThiTran | Kind::DacKhu => Level::Commune,
            Kind::ToDanPho | Kind::Thon | Kind::Ban | Kind::Ap | Kind::KhuPho => Level::Group,
        }
    }

    /// Reads a kind from the way official lists write it ("Phường",
    /// "Thành phố Trung ương", "Thị trấn", "Tổ dân phố", …), ignoring
    /// diacritics and case. "Thành phố" alone is ambiguous and needs the level.
    pub fn from_label(label: &str, level_hint: Option<Level>) -> Option<Self> {
        let key = text::fold(label);
        let by_key = match key.as_str() {
            "tinh" => Some(Kind::Tinh),
            "thanh pho trung uong" | "thanh pho truc thuoc trung uong" => {
                Some(Kind::ThanhPhoTrungUong)
            }
            "huyen" => Some(Kind::Huyen),
            "quan" => Some(Kind::Quan),
            "thi xa" => Some(Kind::ThiXa),
            "thanh pho thuoc tinh" => Some(Kind::ThanhPhoThuocTinh),
            "xa" => Some(Kind::Xa),
            "phuong" => Some(Kind::Phuong),
            "thi tran" => Some(Kind::ThiTran),
            "dac khu" => Some(Kind::DacKhu),
            "to dan pho" | "to" => Some(Kind::ToDanPho),
            "thon" => Some(Kind::Thon),
            "ban" => Some(Kind::Ban),
            "ap" => Some(Kind::Ap),
            "khu pho" => Some(Kind::KhuPho),
            "thanh pho" => match level_hint {
                Some(Level::Province) => Some(Kind::ThanhPhoTrungUong),
                Some(Level::District) => Some(Kind::ThanhPhoThuocTinh),
                _ => None,
            },
            _ => None,
        };
        by_key.or_else(|| Self::parse(label))
    }

    pub fn of_level(level: Level) -> impl Iterator<Item = Kind> {
        Self::ALL.into_iter().filter(move |k| k.level() == level)
    }
}

/// A unit as an officer types it in, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    pub kind: String,
}

/// A checked unit: clean text, a known kind, a code of the right form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUnit {
    pub code: String,
    pub name: String,
    pub kind: Kind,
}

impl ValidUnit {
    pub fn level(&self) -> Level {
        self.kind.level()
    }
}

/// A row of a unit list being imported, as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// Line number in the file (the header is line 1), for messages.
    pub row: usize,
    pub code: String,
    pub name: String,
    pub kind: Kind,
    /// Code of the unit above; empty for a province.
    pub parent_code: String,
}

pub const NAME_MAX_CHARS: usize = 200;
pub const GROUP_CODE_MAX_CHARS: usize = 20;

/// Checks a unit's own fields and its place under `parent` (`None` = top
/// level). Reports every problem at once, each naming its field.
pub fn validate(input: &UnitInput, parent: Option<Level>) -> Result<ValidUnit, Invalid> {
    let mut errors = Invalid::default();
    let code = text::clean(&input.code);
    let name = text::clean(&input.name);
    let kind = Kind::parse(input.kind.trim());

    match kind {
        None => errors.push("kind", "Loại đơn vị không hợp lệ"),
        Some(kind) => {
            let level = kind.level();
            if let Some(message) = code_problem(&code, level) {
                errors.push("code", message);
            }
            match (parent, level.allowed_parents()) {
                (None, []) => {}
                (None, _) => errors.push(
                    "parent",
                    format!("{} phải thuộc một đơn vị cấp trên", kind.label()),
                ),
                (Some(p), allowed) if !allowed.contains(&p) => errors.push(
                    "parent",
                    format!(
                        "{} không thể trực thuộc đơn vị {}",
                        kind.label(),
                        p.label().to_lowercase()
                    ),
                ),
                _ => {}
            }
        }
    }
    if name.is_empty() {
        errors.push("name", "Tên đơn vị không được để trống");
    } else if name.chars().count() > NAME_MAX_CHARS {
        errors.push("name", format!("Tên đơn vị dài quá {NAME_MAX_CHARS} ký tự"));
    }
    errors.into_result()?;
    Ok(ValidUnit {
        code,
        name,
        kind: kind.unwrap_or(Kind::Xa),
    })
}

fn code_problem(code: &str, level: Level) -> Option<String> {
    if code.is_empty() {
        return Some("Mã đơn vị không được để trống".into());
    }
    match level.code_digits() {
        Some(n) => {
            if code.len() != n || !code.bytes().all(|b| b.is_ascii_digit()) {
                Some(format!(
                    "Mã {} phải gồm đúng {n} chữ số (theo danh mục mã số đơn vị hành chính)",
                    level.label().to_lowercase()
                ))
            } else {
                None
            }
        }
        None => {
            let ok = code.chars().count() <= GROUP_CODE_MAX_CHARS
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            (!ok).then(|| {
                format!(
                    "Mã tổ dân phố, thôn chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, tối đa {GROUP_CODE_MAX_CHARS} ký tự"
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, name: &str, kind: Kind) -> UnitInput {
        UnitInput {
            code: code.into(),
            name: name.into(),
            kind: kind.as_str().into(),
        }
    }

    #[test]
    fn accepts_the_demo_chain() {
        let p = validate(&input("06", "Tỉnh Bắc Kạn", Kind::Tinh), None).unwrap();
        assert_eq!(p.level(), Level::Province);
        let d = validate(
            &input("058", "Thành phố Bắc Kạn", Kind::ThanhPhoThuocTinh),
            Some(Level::Province),
        )
        .unwrap();
        assert_eq!(d.level(), Level::District);
        let c = validate(
            &input(" 01843", "Phường  Phùng Chí Kiên", Kind::Phuong),
            Some(Level::District),
        )
        .unwrap();
        assert_eq!(c.code, "01843");
        assert_eq!(c.name, "Phường Phùng Chí Kiên");
        // Since 01/07/2025 communes sit directly under the province.
        assert!(
            validate(
                &input("01843", "Phường X", Kind::Phuong),
                Some(Level::Province)
            )
            .is_ok()
        );
        assert!(validate(&input("T05", "Tổ 5", Kind::ToDanPho), Some(Level::Commune)).is_ok());
    }

    #[test]
    fn rejects_bad_codes_and_places_naming_the_field() {
        let e = validate(
            &input("1843", "Phường X", Kind::Phuong),
            Some(Level::Province),
        )
        .unwrap_err();
        assert!(e.message_for("code").unwrap().contains("5 chữ số"));
        let e = validate(&input("06", "", Kind::Tinh), None).unwrap_err();
        assert_eq!(
            e.message_for("name"),
            Some("Tên đơn vị không được để trống")
        );
        let e = validate(&input("01843", "Phường X", Kind::Phuong), None).unwrap_err();
        assert!(e.message_for("parent").is_some());
        let e = validate(&input("T 5", "Tổ 5", Kind::ToDanPho), Some(Level::District)).unwrap_err();
        assert!(e.message_for("code").is_some());
        assert!(e.message_for("parent").is_some());
        let e = validate(
            &UnitInput {
                code: "06".into(),
                name: "X".into(),
                kind: "bang".into(),
            },
            None,
        )
        .unwrap_err();
        assert!(e.message_for("kind").is_some());
    }

    #[test]
    fn kinds_read_from_official_labels() {
        assert_eq!(Kind::from_label("Phường", None), Some(Kind::Phuong));
        assert_eq!(Kind::from_label("Thị trấn", None), Some(Kind::ThiTran));
        assert_eq!(
            Kind::from_label("Thành phố", Some(Level::District)),
            Some(Kind::ThanhPhoThuocTinh)
        );
        assert_eq!(
            Kind::from_label("Thành phố Trung ương", None),
            Some(Kind::ThanhPhoTrungUong)
        );
        assert_eq!(Kind::from_label("Thành phố", None), None);
        assert_eq!(Kind::from_label("dac_khu", None), Some(Kind::DacKhu));
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert!(Kind::of_level(k.level()).any(|x| x == k));
        }
    }
}
