//! What every register import shares: the commune imported into, and the
//! residential group each row names, resolved before anything is written.

use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::units::Level;
use xaphuong_core::{FieldError, Invalid, text};

use crate::units::Unit;
use crate::{Result, Store};

pub(crate) struct ImportPlace {
    pub commune: Unit,
    groups: Vec<Unit>,
}

impl Store {
    /// The commune `commune_id` in `scope`, for a record kept at a commune;
    /// another unit is refused with `not_commune`, naming the `unit_id` field.
    pub(crate) async fn commune_in(
        &self,
        scope: &Scope,
        commune_id: Uuid,
        not_commune: &str,
    ) -> Result<Unit> {
        let commune = self.unit(scope, commune_id).await.map_err(|_| {
            Invalid::one(
                "unit_id",
                "Xã, phường không tồn tại hoặc ngoài phạm vi quản lý",
            )
        })?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit_id", not_commune).into());
        }
        commune.refuse_ended("unit_id")?;
        Ok(commune)
    }

    /// The commune `commune_id` inside `scope`, with its groups.
    pub(crate) async fn import_place(
        &self,
        scope: &Scope,
        commune_id: Uuid,
    ) -> Result<ImportPlace> {
        let commune = self
            .commune_in(scope, commune_id, "Chọn một xã, phường để nhập")
            .await?;
        let groups = self.groups_of(&commune).await?;
        Ok(ImportPlace { commune, groups })
    }
}

impl ImportPlace {
    /// The commune's residential groups.
    pub fn groups(&self) -> &[Unit] {
        &self.groups
    }

    /// The group a row names by code or name ("Tổ 5", "tổ dân phố 5",
    /// "5"); none for a blank cell; a problem for the row if it is not one
    /// of the commune's.
    pub fn group(&self, row: usize, written: &str, errors: &mut Vec<FieldError>) -> Option<&Unit> {
        if written.trim().is_empty() {
            return None;
        }
        let key = text::fold(written);
        let bare = key
            .trim_start_matches("to dan pho")
            .trim_start_matches("to")
            .trim_start_matches("thon")
            .trim();
        let found = self.groups.iter().find(|g| {
            g.code == written.trim()
                || text::fold(&g.name) == key
                || g.code == bare
                || text::fold(&g.name).ends_with(&format!(" {bare}"))
        });
        if found.is_none() {
            let msg = format!(
                "Không có tổ dân phố, thôn «{written}» trong {}",
                self.commune.name
            );
            errors.push(FieldError::new("group", msg).at_row(row));
        }
        found
    }

    /// The unit path a record of `group` (or of the commune) is filed under.
    pub fn path(&self, group: Option<&Unit>) -> String {
        group.map_or_else(|| self.commune.path.clone(), |g| g.path.clone())
    }
}

/// The rules' problems of one row, marked with the row.
pub(crate) fn at_row(errors: &mut Vec<FieldError>, row: usize, problems: Invalid) {
    errors.extend(problems.0.into_iter().map(|e| e.at_row(row)));
}
