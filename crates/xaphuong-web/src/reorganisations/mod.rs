//! Reorganisations of units: merges and splits made by a resolution,
//! previewed, then applied all or nothing, and the list of those applied.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::reorganisations::MergeInput;
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
