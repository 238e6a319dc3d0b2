//! Reorganisations of units: merges and splits made by a resolution,
//! previewed, then applied all or nothing, and the list of those applied.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::reorganisations::{MergeInput, SplitInput, SplitPart};
use xaphuong_core::units::UnitInput;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageUnits, ViewUnits};
    let p = Access::Permission;
    t.get("/reorganisations", p(ViewUnits), pages::list)
        .get("/reorganisations/merge", p(ManageUnits), pages::merge_form)
        .post(
            "/reorganisations/merge",
            p(ManageUnits),
            pages::merge_submit,
        )
        .get("/reorganisations/split", p(ManageUnits), pages::split_form)
        .post(
            "/reorganisations/split",
            p(ManageUnits),
            pages::split_submit,
        )
        .get(
            "/reorganisations/convert",
            p(ManageUnits),
            pages::convert_form,
        )
        .post(
            "/reorganisations/convert",
            p(ManageUnits),
            pages::convert_submit,
        )
        .get("/api/v1/reorganisations", p(ViewUnits), api::list)
        .post(
            "/api/v1/reorganisations/merge/preview",
            p(ManageUnits),
            api::preview,
        )
        .post("/api/v1/reorganisations/merge", p(ManageUnits), api::merge)
        .post(
            "/api/v1/reorganisations/split/preview",
            p(ManageUnits),
            api::split_preview,
        )
        .post("/api/v1/reorganisations/split", p(ManageUnits), api::split)
}

/// The merge form as a browser sends it: ids as text, the successor's
/// fields flat, and whether to preview or apply.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MergeForm {
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub note: String,
    pub predecessors: Vec<String>,
    pub into: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent: String,
    /// "apply" to apply; anything else previews.
    pub action: String,
}

impl MergeForm {
    /// The merge the form describes; an id that does not read is named.
    pub fn input(&self) -> Result<MergeInput, Invalid> {
        let id = |field: &str, s: &str| -> Result<Option<Uuid>, Invalid> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            Uuid::try_parse(s)
                .map(Some)
                .map_err(|_| Invalid::one(field, "Đơn vị đã chọn không hợp lệ"))
        };
        let mut predecessors = Vec::new();
        for p in &self.predecessors {
            predecessors.extend(id("predecessors", p)?);
        }
        Ok(MergeInput {
            basis: self.basis.clone(),
            basis_date: self.basis_date.clone(),
            effective_on: self.effective_on.clone(),
            note: self.note.clone(),
            predecessors,
            into: id("into", &self.into)?,
            successor: UnitInput {
                code: self.code.clone(),
                name: self.name.clone(),
                kind: self.kind.clone(),
            },
            parent: id("parent", &self.parent)?,
        })
    }
}

/// How many parts the split form offers; the API takes any number.
pub(crate) const FORM_PARTS: usize = 3;

/// The split form as a browser sends it: each part's taker (an existing
/// commune, or none for a new one with its code, name and kind), and each
/// group as `GROUP_ID:PART` (1-based).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SplitForm {
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub note: String,
    pub into1: String,
    pub code1: String,
    pub name1: String,
    pub kind1: String,
    pub into2: String,
    pub code2: String,
    pub name2: String,
    pub kind2: String,
    pub into3: String,
    pub code3: String,
    pub name3: String,
    pub kind3: String,
    pub groups: Vec<String>,
    /// "apply" to apply; anything else previews.
    pub action: String,
}

impl SplitForm {
    /// Part `i` (1-based) as written: taker, code, name, kind.
    pub fn part(&self, i: usize) -> (&str, &str, &str, &str) {
        match i {
            1 => (&self.into1, &self.code1, &self.name1, &self.kind1),
            2 => (&self.into2, &self.code2, &self.name2, &self.kind2),
            _ => (&self.into3, &self.code3, &self.name3, &self.kind3),
        }
    }

    /// The part group `g` was given to in the form, if any.
    pub fn part_of(&self, g: &Uuid) -> Option<usize> {
        let g = g.to_string();
        self.groups.iter().find_map(|v| {
            let (id, part) = v.split_once(':')?;
            (id.trim() == g).then(|| part.trim().parse().ok()).flatten()
        })
    }

    /// The split the form describes for `unit`; an id that does not read
    /// is named. A third part left blank is no part.
    pub fn input(&self, unit: Uuid) -> Result<SplitInput, Invalid> {
        let mut parts = Vec::new();
        for i in 1..=FORM_PARTS {
            let (into, code, name, kind) = self.part(i);
            if i == FORM_PARTS
                && into.trim().is_empty()
                && code.trim().is_empty()
                && name.trim().is_empty()
            {
                continue;
            }
            let field = format!("parts[{}].into", i - 1);
            let into = match into.trim() {
                "" => None,
                s => Some(
                    Uuid::try_parse(s)
                        .map_err(|_| Invalid::one(&field, "Đơn vị đã chọn không hợp lệ"))?,
                ),
            };
            parts.push(SplitPart {
                into,
                successor: UnitInput {
                    code: code.into(),
                    name: name.into(),
                    kind: kind.into(),
                },
                groups: Vec::new(),
            });
        }
        for v in &self.groups {
            let bad = || Invalid::one("parts", "Tổ dân phố, thôn đã chọn không hợp lệ");
            let (id, part) = v.split_once(':').ok_or_else(bad)?;
            let id = Uuid::try_parse(id.trim()).map_err(|_| bad())?;
            let part: usize = part.trim().parse().map_err(|_| bad())?;
            match parts.get_mut(part.wrapping_sub(1)) {
                Some(p) => p.groups.push(id),
                None => return Err(bad()),
            }
        }
        Ok(SplitInput {
            basis: self.basis.clone(),
            basis_date: self.basis_date.clone(),
            effective_on: self.effective_on.clone(),
            note: self.note.clone(),
            unit,
            parts,
            parent: None,
        })
    }
}
