//! Reorganisations of administrative units: merges, splits, renames,
//! recodes and changes of parent, each made by a resolution on a date.
//!
//! The reform of 1 July 2025 (Nghị quyết 202/2025/QH15, Điều 1; the
//! commune arrangements by resolutions of the Standing Committee such as
//! Nghị quyết 1683/NQ-UBTVQH15 for Thái Nguyên) merged most communes: a
//! merged commune is a *successor* that reaches its *predecessors'*
//! records. Nothing of a predecessor is rewritten: its records keep the
//! unit they were made in, and the predecessor, ended on the effective
//! date, hangs under its successor so that the successor's scope holds it.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub mod conversion;
mod split;

pub use split::{SplitInput, SplitPart, ValidPart, ValidSplit, check_split};

use crate::Invalid;
use crate::checks::{limited_text, required_text};
use crate::units::{self, Level, UnitInput, ValidUnit};

named_enum! {
    /// What a reorganisation does.
    Kind {
        Merge => ("merge", "Nhập, sáp nhập"),
        Split => ("split", "Chia, tách"),
        Rename => ("rename", "Đổi tên"),
        Recode => ("recode", "Đổi mã"),
        Reparent => ("reparent", "Điều chỉnh đơn vị cấp trên"),
    }
}

/// A merge as an administrator writes it, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeInput {
    /// Number of the resolution it follows ("1683/NQ-UBTVQH15").
    pub basis: String,
    /// Date of that resolution (`yyyy-mm-dd`).
    pub basis_date: String,
    /// The first day of the new map (`yyyy-mm-dd`).
    pub effective_on: String,
    pub note: String,
    /// The units merged, of one level: two or more, or one that becomes a
    /// new unit, or goes on renamed, recoded or under another parent.
    pub predecessors: Vec<Uuid>,
    /// The predecessor that absorbs the others; none: a new unit is made.
    pub into: Option<Uuid>,
    /// The new unit, when `into` is none; with `into`, the code, name and
    /// kind it goes on under, if any is written.
    pub successor: UnitInput,
    /// The unit above the successor; none keeps the absorbing unit's.
    pub parent: Option<Uuid>,
}

/// What the rules need to know of a unit named in a reorganisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    pub id: Uuid,
    pub level: Level,
    pub name: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

impl UnitFacts {
    /// Whether the unit is in force on `day`.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day < t)
    }
}

/// A checked merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMerge {
    pub basis: String,
    pub basis_date: Date,
    pub effective_on: Date,
    pub note: String,
    pub predecessors: Vec<Uuid>,
    pub into: Option<Uuid>,
    pub successor: Option<ValidUnit>,
    pub parent: Option<Uuid>,
}

pub const BASIS_MAX_CHARS: usize = 120;
pub const NOTE_MAX_CHARS: usize = 2000;

/// Checks a merge against the units it names: `predecessors` as found in
/// the caller's scope (a missing one is out of reach), `parent` likewise.
/// Every problem is reported at once, each under its field.
pub fn check_merge(
    input: &MergeInput,
    predecessors: &[UnitFacts],
    parent: Option<&UnitFacts>,
) -> Result<ValidMerge, Invalid> {
    let mut e = Invalid::default();
    let (basis, basis_date, effective_on, note) = check_basis(
        &mut e,
        &input.basis,
        &input.basis_date,
        &input.effective_on,
        &input.note,
    );
    let mut ids = input.predecessors.clone();
    ids.sort();
    ids.dedup();
    if ids.is_empty()
        || (ids.len() < 2 && input.into.is_some() && !renames(input) && input.parent.is_none())
    {
        e.push(
            "predecessors",
            "Phải chọn ít nhất hai đơn vị được nhập, hoặc một đơn vị đổi tên, mã hay đơn vị cấp trên",
        );
    }
    for id in &ids {
        match predecessors.iter().find(|u| u.id == *id) {
            None => e.push(
                "predecessors",
                "Có đơn vị không tồn tại hoặc ngoài phạm vi quản lý",
            ),
            Some(u) => {
                // Only a unit in force is reorganised: one already merged
                // is reached through its successor.
                if let Some(to) = u.valid_to {
                    e.push(
                        "predecessors",
                        format!(
                            "{} đã kết thúc từ ngày {}",
                            u.name,
                            crate::text::vn_date(to)
                        ),
                    );
                } else if let (Some(from), Some(day)) = (u.valid_from, effective_on)
                    && from >= day
                {
                    e.push(
                        "predecessors",
                        format!(
                            "{} chỉ có hiệu lực từ ngày {}",
                            u.name,
                            crate::text::vn_date(from)
                        ),
                    );
                }
                if u.level == Level::Group && input.into.is_none() && input.parent.is_none() {
                    e.push("parent", "Tổ dân phố, thôn mới phải thuộc một xã, phường");
                }
            }
        }
    }
    let levels: Vec<Level> = predecessors.iter().map(|u| u.level).collect();
    if levels.windows(2).any(|w| w[0] != w[1]) {
        e.push("predecessors", "Các đơn vị được nhập phải cùng cấp");
    }
    if let Some(into) = input.into
        && !ids.contains(&into)
    {
        e.push(
            "into",
            "Đơn vị nhận sáp nhập phải là một trong các đơn vị được nhập",
        );
    }
    let successor = match input.into {
        Some(_) if !renames(input) => None,
        _ => {
            // Going on under its own parent, the absorbing unit's place
            // is already valid: checked as under any parent its level has.
            let above = parent.map(|p| p.level).or_else(|| {
                input
                    .into
                    .and(levels.first())
                    .and_then(|l| l.allowed_parents().first().copied())
            });
            let valid = units::validate(&input.successor, above);
            match valid {
                Ok(v) => {
                    if let Some(l) = levels.first()
                        && v.level() != *l
                    {
                        e.push(
                            "successor.kind",
                            format!(
                                "Đơn vị mới phải cùng cấp với các đơn vị được nhập ({})",
                                l.label().to_lowercase()
                            ),
                        );
                    }
                    Some(v)
                }
                Err(errors) => {
                    for f in errors.0 {
                        e.push(format!("successor.{}", f.field), f.message);
                    }
                    None
                }
            }
        }
    };
    if let (Some(p), Some(day)) = (parent, effective_on)
        && !p.in_force_on(day)
    {
        e.push(
            "parent",
            format!("{} không có hiệu lực vào ngày nhập", p.name),
        );
    }
    if let Some(p) = parent
        && ids.contains(&p.id)
    {
        e.push(
            "parent",
            "Đơn vị cấp trên không thể là một đơn vị được nhập",
        );
    }
    e.into_result()?;
    Ok(ValidMerge {
        basis,
        basis_date: basis_date.unwrap_or_default(),
        effective_on: effective_on.unwrap_or_default(),
        note,
        predecessors: ids,
        into: input.into,
        successor,
        parent: input.parent,
    })
}

/// The legal basis, its date, the effective date and the note every
/// reorganisation carries.
pub(crate) fn check_basis(
    e: &mut Invalid,
    basis: &str,
    basis_date: &str,
    effective_on: &str,
    note: &str,
) -> (String, Option<Date>, Option<Date>, String) {
    let basis = required_text(
        e,
        "basis",
        basis,
        BASIS_MAX_CHARS,
        "Số văn bản (nghị quyết, quyết định) là căn cứ không được để trống",
        "Số văn bản dài quá 120 ký tự",
    );
    let note = limited_text(
        e,
        "note",
        note,
        NOTE_MAX_CHARS,
        "Ghi chú dài quá 2000 ký tự",
    );
    let date = |e: &mut Invalid, field: &str, written: &str, what: &str| {
        let d = written.trim().parse::<Date>().ok();
        if d.is_none() {
            e.push(field, format!("{what} không hợp lệ (dạng năm-tháng-ngày)"));
        }
        d
    };
    let basis_date = date(e, "basis_date", basis_date, "Ngày ban hành");
    let effective_on = date(e, "effective_on", effective_on, "Ngày có hiệu lực");
    if let (Some(b), Some(f)) = (basis_date, effective_on)
        && f < b
    {
        e.push(
            "effective_on",
            "Ngày có hiệu lực không được trước ngày ban hành văn bản",
        );
    }
    (basis, basis_date, effective_on, note)
}

/// Whether a merge into a unit also gives it a new code, name or kind.
fn renames(input: &MergeInput) -> bool {
    let u = &input.successor;
    !(u.code.trim().is_empty() && u.name.trim().is_empty() && u.kind.trim().is_empty())
}

/// A residential group of a predecessor, and the commune it belonged to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OldGroup {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub commune: String,
}

/// The group of the successor that takes over from an old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewGroup {
    pub from: Uuid,
    pub code: String,
    pub name: String,
    pub renamed: bool,
}

/// The successor's groups, one for each old group: the same code and name,
/// but where two old communes had a group of the same code (each ward had
/// its "Tổ 1"), the name says which commune it was and the code gains the
/// commune's short name, so that the new ward's group codes stay unique.
/// `kept` are the codes already used by the successor's own groups.
pub fn successor_groups(old: &[OldGroup], kept: &[String]) -> Vec<NewGroup> {
    let clashes = |g: &OldGroup| {
        kept.contains(&g.code) || old.iter().filter(|o| o.code == g.code).count() > 1
    };
    old.iter()
        .map(|g| {
            if clashes(g) {
                let short = short_name(&g.commune);
                let initials: String = crate::text::fold(&short)
                    .split_whitespace()
                    .filter_map(|w| w.chars().next())
                    .collect::<String>()
                    .to_uppercase();
                let mut code = format!("{}-{initials}", g.code);
                code.truncate(units::GROUP_CODE_MAX_CHARS);
                NewGroup {
                    from: g.id,
                    code,
                    name: format!("{} ({short})", g.name),
                    renamed: true,
                }
            } else {
                NewGroup {
                    from: g.id,
                    code: g.code.clone(),
                    name: g.name.clone(),
                    renamed: false,
                }
            }
        })
        .collect()
}

/// "Phường Sông Cầu" → "Sông Cầu".
fn short_name(name: &str) -> String {
    for prefix in ["Phường ", "Xã ", "Thị trấn ", "Đặc khu "] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ward(n: u128, name: &str) -> UnitFacts {
        UnitFacts {
            id: Uuid::from_u128(n),
            level: Level::Commune,
            name: name.into(),
            valid_from: None,
            valid_to: None,
        }
    }

    fn province() -> UnitFacts {
        UnitFacts {
            id: Uuid::from_u128(99),
            level: Level::Province,
            name: "Tỉnh Thái Nguyên".into(),
            valid_from: None,
            valid_to: None,
        }
    }

    fn merge() -> MergeInput {
        MergeInput {
            basis: "1683/NQ-UBTVQH15".into(),
            basis_date: "2025-06-16".into(),
            effective_on: "2025-07-01".into(),
            note: String::new(),
            predecessors: vec![Uuid::from_u128(1), Uuid::from_u128(2)],
            into: None,
            successor: UnitInput {
                code: "01843".into(),
                name: "Phường Bắc Kạn".into(),
                kind: "phuong".into(),
            },
            parent: Some(Uuid::from_u128(99)),
        }
    }

    #[test]
    fn a_merge_into_a_new_ward_is_checked_whole() {
        let units = [ward(1, "Phường Phùng Chí Kiên"), ward(2, "Phường Sông Cầu")];
        let ok = check_merge(&merge(), &units, Some(&province())).unwrap();
        assert_eq!(ok.effective_on, Date::constant(2025, 7, 1));
        assert_eq!(ok.successor.unwrap().code, "01843");

        let mut bad = merge();
        bad.basis = " ".into();
        bad.effective_on = "2025-06-01".into();
        bad.predecessors = Vec::new();
        bad.successor.code = "1843".into();
        let e = check_merge(&bad, &units, Some(&province())).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["basis", "effective_on", "predecessors", "successor.code"]
        );
    }

    #[test]
    fn units_of_other_levels_or_already_gone_are_refused() {
        let mut gone = ward(2, "Phường Sông Cầu");
        gone.valid_to = Some(Date::constant(2020, 1, 1));
        let units = [ward(1, "Phường Phùng Chí Kiên"), gone];
        let e = check_merge(&merge(), &units, Some(&province())).unwrap_err();
        assert_eq!(
            e.0[0].message,
            "Phường Sông Cầu đã kết thúc từ ngày 01/01/2020"
        );

        let mut district = ward(2, "Thành phố Bắc Kạn");
        district.level = Level::District;
        let units = [ward(1, "Phường Phùng Chí Kiên"), district];
        let e = check_merge(&merge(), &units, Some(&province())).unwrap_err();
        assert_eq!(e.0[0].message, "Các đơn vị được nhập phải cùng cấp");

        // Out of the caller's reach: not found among the facts.
        let e = check_merge(&merge(), &units[..1], Some(&province())).unwrap_err();
        assert!(e.0.iter().any(|f| f.field == "predecessors"));

        let mut into = merge();
        into.into = Some(Uuid::from_u128(7));
        let units = [ward(1, "A"), ward(2, "B")];
        let e = check_merge(&into, &units, None).unwrap_err();
        assert_eq!(e.0[0].field, "into");
    }

    #[test]
    fn one_unit_goes_on_renamed_or_under_another_parent() {
        let units = [ward(1, "Xã Nông Thượng")];
        let mut one = merge();
        one.predecessors = vec![Uuid::from_u128(1)];
        one.into = Some(Uuid::from_u128(1));
        one.successor = UnitInput {
            code: "01852".into(),
            name: "Phường Nông Thượng".into(),
            kind: "phuong".into(),
        };
        one.parent = None;
        let ok = check_merge(&one, &units, None).unwrap();
        assert_eq!(ok.successor.unwrap().name, "Phường Nông Thượng");
        // Nothing to change: refused.
        one.successor = UnitInput::default();
        let e = check_merge(&one, &units, None).unwrap_err();
        assert_eq!(e.0[0].field, "predecessors");
        // Only a new parent: a change of parent.
        one.parent = Some(Uuid::from_u128(99));
        assert!(check_merge(&one, &units, Some(&province())).is_ok());
    }

    #[test]
    fn groups_keep_their_names_unless_two_wards_share_one() {
        let g = |n: u128, code: &str, commune: &str| OldGroup {
            id: Uuid::from_u128(n),
            code: code.into(),
            name: format!("Tổ {code}"),
            commune: commune.into(),
        };
        let old = [
            g(1, "1", "Phường Phùng Chí Kiên"),
            g(2, "1", "Phường Sông Cầu"),
            g(3, "9", "Xã Nông Thượng"),
            g(4, "5", "Xã Nông Thượng"),
        ];
        let new = successor_groups(&old, &["5".to_owned()]);
        let codes: Vec<(&str, &str, bool)> = new
            .iter()
            .map(|n| (n.code.as_str(), n.name.as_str(), n.renamed))
            .collect();
        assert_eq!(
            codes,
            [
                ("1-PCK", "Tổ 1 (Phùng Chí Kiên)", true),
                ("1-SC", "Tổ 1 (Sông Cầu)", true),
                ("9", "Tổ 9", false),
                ("5-NT", "Tổ 5 (Nông Thượng)", true),
            ]
        );
    }
}
