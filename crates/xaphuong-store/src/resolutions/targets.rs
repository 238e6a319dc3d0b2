//! Saving a resolution with its targets, each change audited.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::indicators::Quantity;
use xaphuong_core::{FieldError, Invalid, text};

use super::{Resolution, ResolutionInput};
use crate::args::Args;
use crate::audit::{self, Change};
use crate::{Result, Store, new_id, now_ms};

/// A target as the audit keeps it.
#[derive(Serialize)]
struct TargetSnapshot<'a> {
    resolution_id: Uuid,
    indicator: &'a str,
    value: String,
}

impl Store {
    /// Records a unit's resolution for a year, or replaces it, with its
    /// targets; every target is checked before anything is written.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_resolution(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
        input: &ResolutionInput,
    ) -> Result<Resolution> {
        let unit = self.unit(scope, unit_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        let indicators = self.indicators().await?;
        let mut e = Invalid::default();
        if !(1990..=2100).contains(&year) {
            e.push("year", "Năm không hợp lệ");
        }
        let number = text::clean(&input.number);
        if number.is_empty() {
            e.push("number", "Chưa nhập số, ký hiệu Nghị quyết");
        }
        let mut targets = Vec::new();
        for (code, typed) in &input.targets {
            if typed.trim().is_empty() {
                continue;
            }
            let Some(i) = indicators.iter().find(|i| &i.code == code) else {
                e.0.push(FieldError::new(
                    code.clone(),
                    "Không có chỉ tiêu này trong danh mục",
                ));
                continue;
            };
            match Quantity::parse(typed.trim()) {
                Some(q) => targets.push((i, q)),
                None => e.0.push(FieldError::new(
                    code.clone(),
                    format!("Chỉ tiêu «{}»: giá trị «{typed}» không hợp lệ (ví dụ 7.950.000.000 hoặc 1,0)", i.name),
                )),
            }
        }
        e.into_result()?;
        let title = if input.title.trim().is_empty() {
            format!("Nghị quyết về nhiệm vụ phát triển kinh tế – xã hội năm {year}")
        } else {
            text::clean(&input.title)
        };
        let old = self.resolution(scope, unit.id, year).await?;
        let now = now_ms();
        let r = Resolution {
            id: old.as_ref().map_or_else(new_id, |(r, _)| r.id),
            unit_id: unit.id,
            unit_path: unit.path.clone(),
            year: i64::from(year),
            number,
            adopted_on: input.adopted_on.map(|d| d.to_string()),
            title,
        };
        let mut tx = self.db.begin().await?;
        if let Some((before, _)) = &old {
            tx.run(
                "UPDATE resolutions SET number = $2, adopted_on = $3, title = $4, updated_at = $5 WHERE id = $1",
                Args::new()
                    .bind(r.id)
                    .bind(&r.number)
                    .bind(&r.adopted_on)
                    .bind(&r.title)
                    .bind(now),
            )
            .await?;
            audit::updated(&mut tx, actor, Entity::Resolution, before, &r).await?;
        } else {
            tx.run(
                "INSERT INTO resolutions (id, unit_id, unit_path, year, number, adopted_on, title, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                Args::new()
                    .bind(r.id)
                    .bind(r.unit_id)
                    .bind(&r.unit_path)
                    .bind(r.year)
                    .bind(&r.number)
                    .bind(&r.adopted_on)
                    .bind(&r.title)
                    .bind(now)
                    .bind(now),
            )
            .await?;
            audit::inserted(&mut tx, actor, Entity::Resolution, &r).await?;
        }
        let old_targets = old.map(|(_, t)| t).unwrap_or_default();
        for (i, q) in &targets {
            let before = old_targets
                .iter()
                .find(|(id, _)| *id == i.id)
                .map(|(_, q)| *q);
            if before.is_some_and(|b| b == *q && b.scale() == q.scale()) {
                continue;
            }
            let snap = |v: Quantity| TargetSnapshot {
                resolution_id: r.id,
                indicator: &i.code,
                value: v.to_string(),
            };
            let target_id = new_id();
            tx.run(
                "INSERT INTO targets (id, resolution_id, indicator_id, value, scale, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (resolution_id, indicator_id) DO UPDATE SET value = $4, scale = $5, updated_at = $6",
                Args::new()
                    .bind(target_id)
                    .bind(r.id)
                    .bind(i.id)
                    .bind(q.value())
                    .bind(i64::from(q.scale()))
                    .bind(now),
            )
            .await?;
            tx.audit(
                actor,
                Change::upsert(
                    Entity::Target,
                    r.id,
                    r.place(),
                    before.map(snap).as_ref(),
                    &snap(*q),
                ),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(r)
    }
}
