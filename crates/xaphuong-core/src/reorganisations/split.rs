//! A split: one commune divided among two or more, new or existing (the
//! conversion table of 2025 lists old communes "một phần" in several new
//! ones). Each of its residential groups goes to one of them with the
//! records made in it; the commune ends and, with what was recorded at
//! its own level, hangs under the first.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{UnitFacts, check_basis};
use crate::Invalid;
use crate::units::{self, Level, UnitInput, ValidUnit};

/// One of the units a split gives a part to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitPart {
    /// An existing commune that takes the part; none: a new one is made.
    pub into: Option<Uuid>,
    /// The new commune, when `into` is none.
    pub successor: UnitInput,
    /// The split commune's groups that go to it.
    pub groups: Vec<Uuid>,
}

/// A split as an administrator writes it, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitInput {
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub note: String,
    /// The commune divided.
    pub unit: Uuid,
    /// Two or more; the first keeps the commune's own records.
    pub parts: Vec<SplitPart>,
    /// The unit above the new communes; none: the split one's.
    pub parent: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPart {
    pub into: Option<Uuid>,
    pub successor: Option<ValidUnit>,
    pub groups: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSplit {
    pub basis: String,
    pub basis_date: Date,
    pub effective_on: Date,
    pub note: String,
    pub unit: Uuid,
    pub parts: Vec<ValidPart>,
    pub parent: Option<Uuid>,
}

/// Checks a split against what it names, as found in the caller's scope:
/// the commune (`None`: out of reach), its groups in force, the existing
/// communes taking parts, and the parent of the new ones (the commune's
/// own if none was named). Every problem is reported at once.
pub fn check_split(
    input: &SplitInput,
    unit: Option<&UnitFacts>,
    groups: &[Uuid],
    takers: &[UnitFacts],
    parent: Option<&UnitFacts>,
) -> Result<ValidSplit, Invalid> {
    let mut e = Invalid::default();
    let (basis, basis_date, effective_on, note) = check_basis(
        &mut e,
        &input.basis,
        &input.basis_date,
        &input.effective_on,
        &input.note,
    );
    match unit {
        None => e.push("unit", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý"),
        Some(u) => {
            if u.level != Level::Commune {
                e.push("unit", "Chỉ chia, tách được xã, phường");
            }
            if let Some(day) = effective_on
                && !u.in_force_on(day)
            {
                e.push(
                    "unit",
                    format!("{} không có hiệu lực vào ngày chia, tách", u.name),
                );
            }
        }
    }
    if input.parts.len() < 2 {
        e.push(
            "parts",
            "Phải có ít nhất hai đơn vị nhận phần được chia, tách",
        );
    }
    let mut seen_groups = Vec::new();
    let mut seen_takers = Vec::new();
    let mut parts = Vec::new();
    for (i, part) in input.parts.iter().enumerate() {
        let field = |f: &str| format!("parts[{i}].{f}");
        let successor = match part.into {
            Some(id) => {
                match takers.iter().find(|t| t.id == id) {
                    None => e.push(
                        field("into"),
                        "Đơn vị nhận không tồn tại hoặc ngoài phạm vi quản lý",
                    ),
                    Some(t) => {
                        if Some(id) == unit.map(|u| u.id) {
                            e.push(field("into"), "Đơn vị nhận không thể là đơn vị bị chia");
                        } else if t.level != Level::Commune {
                            e.push(field("into"), format!("{} không phải xã, phường", t.name));
                        } else if let Some(day) = effective_on
                            && !t.in_force_on(day)
                        {
                            e.push(
                                field("into"),
                                format!("{} không có hiệu lực vào ngày chia, tách", t.name),
                            );
                        }
                    }
                }
                if seen_takers.contains(&id) {
                    e.push(field("into"), "Một đơn vị chỉ nhận một phần");
                }
                seen_takers.push(id);
                None
            }
            None => match units::validate(&part.successor, parent.map(|p| p.level)) {
                Ok(v) if v.level() != Level::Commune => {
                    e.push(field("successor.kind"), "Đơn vị mới phải là xã, phường");
                    None
                }
                Ok(v) => Some(v),
                Err(errors) => {
                    for f in errors.0 {
                        e.push(field(&format!("successor.{}", f.field)), f.message);
                    }
                    None
                }
            },
        };
        for g in &part.groups {
            if !groups.contains(g) {
                e.push(
                    field("groups"),
                    "Có tổ dân phố, thôn không thuộc đơn vị bị chia hoặc đã kết thúc",
                );
            } else if seen_groups.contains(g) {
                e.push(field("groups"), "Một tổ dân phố, thôn chỉ về một đơn vị");
            }
            seen_groups.push(*g);
        }
        parts.push(ValidPart {
            into: part.into,
            successor,
            groups: part.groups.clone(),
        });
    }
    let left = groups.iter().filter(|g| !seen_groups.contains(g)).count();
    if left > 0 {
        e.push(
            "parts",
            format!("Còn {left} tổ dân phố, thôn chưa được chia về đơn vị nào"),
        );
    }
    let mut codes: Vec<&str> = parts
        .iter()
        .filter_map(|p| p.successor.as_ref().map(|s| s.code.as_str()))
        .collect();
    codes.sort_unstable();
    if codes.windows(2).any(|w| w[0] == w[1]) {
        e.push("parts", "Hai đơn vị mới không thể cùng mã");
    }
    if let (Some(p), Some(day)) = (parent, effective_on)
        && !p.in_force_on(day)
    {
        e.push(
            "parent",
            format!("{} không có hiệu lực vào ngày chia, tách", p.name),
        );
    }
    e.into_result()?;
    Ok(ValidSplit {
        basis,
        basis_date: basis_date.unwrap_or_default(),
        effective_on: effective_on.unwrap_or_default(),
        note,
        unit: input.unit,
        parts,
        parent: input.parent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(level: Level, name: &str) -> UnitFacts {
        UnitFacts {
            id: Uuid::now_v7(),
            level,
            name: name.into(),
            valid_from: None,
            valid_to: None,
        }
    }

    fn new_commune(code: &str, name: &str) -> UnitInput {
        UnitInput {
            code: code.into(),
            name: name.into(),
            kind: "xa".into(),
        }
    }

    #[test]
    fn every_group_goes_to_exactly_one_part() {
        let unit = facts(Level::Commune, "Xã Nông Thượng");
        let neighbour = facts(Level::Commune, "Phường Đức Xuân");
        let province = facts(Level::Province, "Tỉnh Thái Nguyên");
        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let input = SplitInput {
            basis: "1683/NQ-UBTVQH15".into(),
            basis_date: "2025-06-16".into(),
            effective_on: "2025-07-01".into(),
            unit: unit.id,
            parts: vec![
                SplitPart {
                    into: Some(neighbour.id),
                    groups: vec![a],
                    ..Default::default()
                },
                SplitPart {
                    successor: new_commune("01999", "Xã Nông Thượng Mới"),
                    groups: vec![b, c],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let takers = [neighbour.clone()];
        let ok = check_split(&input, Some(&unit), &[a, b, c], &takers, Some(&province)).unwrap();
        assert_eq!(ok.parts[1].successor.as_ref().unwrap().code, "01999");
        // A group left out, one given twice, a part taken by the commune
        // itself: each named.
        let mut bad = input.clone();
        bad.parts[0].groups = vec![b];
        bad.parts[0].into = Some(unit.id);
        let err = check_split(&bad, Some(&unit), &[a, b, c], &takers, Some(&province))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Còn 1 tổ dân phố, thôn chưa được chia")
                && err.contains("chỉ về một đơn vị")
                && err.contains("parts[0].into"),
            "{err}"
        );
        // One part is no split.
        let mut one = input.clone();
        one.parts.truncate(1);
        let err = check_split(&one, Some(&unit), &[a], &takers, Some(&province))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ít nhất hai đơn vị"), "{err}");
    }

    #[test]
    fn a_unit_that_ended_is_not_split() {
        let mut unit = facts(Level::Commune, "Phường Sông Cầu");
        unit.valid_to = Some(Date::constant(2025, 7, 1));
        let input = SplitInput {
            basis: "x".into(),
            basis_date: "2025-08-01".into(),
            effective_on: "2025-09-01".into(),
            unit: unit.id,
            ..Default::default()
        };
        let err = check_split(&input, Some(&unit), &[], &[], None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Phường Sông Cầu không có hiệu lực vào ngày chia, tách"),
            "{err}"
        );
    }
}
