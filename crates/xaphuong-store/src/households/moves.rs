//! Moves of a household to another group or commune, or out of the unit,
//! kept in its history.

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::{Invalid, text};

use super::{Household, Move, claim_household};
use crate::args::Args;
use crate::audit;
use crate::{Result, Store, new_id, now_ms};

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_moves(&self, scope: &Scope, id: Uuid) -> Result<Vec<Move>> {
        let h = self.household(scope, id).await?;
        self.all(
            "SELECT moved_on, from_name, to_name, note, actor_name FROM household_moves
                 WHERE household_id = $1 ORDER BY moved_on, created_at",
            Args::new().bind(h.id),
        )
        .await
    }

    /// Moves a household to another group of the unit (`to` Some) or out
    /// of the unit (`to` None) on `on`; the move is kept in its history.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_household(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        to: Option<Uuid>,
        on: Date,
        note: &str,
    ) -> Result<Household> {
        let before = self.household(scope, id).await?;
        if before.moved_out_on.is_some() {
            return Err(Invalid::one("to", "Hộ đã chuyển đi khỏi địa bàn").into());
        }
        if on < before.registered_on {
            return Err(Invalid::one("on", "Ngày chuyển trước ngày hộ đăng ký tại địa bàn").into());
        }
        let from_name = before
            .group_name
            .clone()
            .unwrap_or_else(|| "(không thuộc tổ)".into());
        let mut after = before.clone();
        let to_name = match to {
            Some(unit_id) => {
                // Another group, or (for an officer over both) another
                // commune: the household keeps its record and its history.
                let (commune, group) = self.household_place(scope, unit_id).await?;
                if group.is_none() {
                    return Err(Invalid::one("to", "Chọn tổ dân phố, thôn nơi chuyển đến").into());
                }
                if commune.id != before.commune_id
                    && self
                        .household_by_code(commune.id, &before.code)
                        .await?
                        .is_some()
                {
                    return Err(Invalid::one(
                        "to",
                        format!("{} đã có hộ mã {}", commune.name, before.code),
                    )
                    .into());
                }
                after.commune_id = commune.id;
                after.group_id = group.as_ref().map(|g| g.id);
                after.group_name = group.as_ref().map(|g| g.name.clone());
                after.unit_path = group
                    .as_ref()
                    .map_or(commune.path.clone(), |g| g.path.clone());
                let group_name = after.group_name.clone().unwrap_or_default();
                if commune.id == before.commune_id {
                    group_name
                } else {
                    format!("{group_name}, {}", commune.name)
                }
            }
            None => {
                after.moved_out_on = Some(on);
                "Chuyển đi khỏi địa bàn".to_owned()
            }
        };
        if after == before {
            return Ok(after);
        }
        let mut tx = self.db.begin().await?;
        after.updated_at = claim_household(&mut tx, &before).await?;
        tx.run(
            "UPDATE households SET group_id = $2, unit_path = $3, moved_out_on = $4, updated_at = $5, commune_id = $6
                 WHERE id = $1",
            Args::new()
                .bind(after.id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(after.moved_out_on.map(|d| d.to_string()))
                .bind(after.updated_at)
                .bind(after.commune_id),
        )
        .await?;
        tx.run(
            "INSERT INTO household_moves (id, household_id, moved_on, from_path, to_path, from_name, to_name, note, actor_name, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            Args::new()
                .bind(new_id())
                .bind(after.id)
                .bind(on.to_string())
                .bind(&before.unit_path)
                .bind(to.map(|_| after.unit_path.clone()))
                .bind(&from_name)
                .bind(&to_name)
                .bind(text::clean(note))
                .bind(&actor.name)
                .bind(now_ms()),
        )
        .await?;
        // Its reviews go with it.
        if to.is_some() {
            for table in ["poverty_reviews", "culture_reviews"] {
                tx.run(
                    format!("UPDATE {table} SET unit_path = $2 WHERE household_id = $1"),
                    Args::new().bind(after.id).bind(&after.unit_path),
                )
                .await?;
            }
        }
        audit::updated(&mut tx, actor, Entity::Household, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }
}
