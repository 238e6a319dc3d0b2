//! The indicator catalogue and the figures entered by hand for the
//! indicators no register counts.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::indicators::{Direction, Quantity};
use xaphuong_core::resolutions::{CATALOGUE, Field, IndicatorInput, Measure, validate_indicator};
use xaphuong_core::{Invalid, text};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::Tx;
use crate::{Result, Store, StoreError, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub field: Field,
    pub unit: String,
    pub direction: Direction,
    pub decimals: u32,
    pub measure: Option<Measure>,
    pub position: i64,
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: Uuid,
    code: String,
    name: String,
    field: String,
    unit: String,
    direction: String,
    decimals: i64,
    measure: Option<String>,
    position: i64,
}

impl From<IndicatorRow> for Indicator {
    fn from(r: IndicatorRow) -> Self {
        Indicator {
            id: r.id,
            code: r.code,
            name: r.name,
            field: Field::parse(&r.field).unwrap_or(Field::Economy),
            unit: r.unit,
            direction: Direction::parse(&r.direction).unwrap_or(Direction::AtLeast),
            decimals: u32::try_from(r.decimals).unwrap_or(0),
            measure: r.measure.as_deref().and_then(Measure::parse),
            position: r.position,
        }
    }
}

/// A figure entered by hand, as the audit keeps it.
#[derive(Serialize)]
struct ValueSnapshot<'a> {
    indicator: &'a str,
    unit_id: Uuid,
    year: i16,
    value: String,
    evidence: String,
}

const INDICATOR_COLUMNS: &str =
    "id, code, name, field, unit, direction, decimals, measure, position";

impl Store {
    /// Adds the built-in indicators a deployment does not have yet (by
    /// code); returns how many were added.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ensure_indicator_catalogue(&self, actor: &Actor) -> Result<usize> {
        let have: Vec<String> = self
            .indicators()
            .await?
            .into_iter()
            .map(|i| i.code)
            .collect();
        let now = now_ms();
        let mut added = 0;
        let mut tx = self.db.begin().await?;
        for (position, s) in CATALOGUE.iter().enumerate() {
            if have.iter().any(|c| c == s.code) {
                continue;
            }
            let i = Indicator {
                id: new_id(),
                code: s.code.into(),
                name: s.name.into(),
                field: s.field,
                unit: s.unit.into(),
                direction: s.direction,
                decimals: s.decimals,
                measure: s.measure,
                position: position as i64,
            };
            insert_indicator(&mut tx, actor, &i, now).await?;
            added += 1;
        }
        // A built-in indicator once entered by hand that a register now
        // counts (households' rates) takes its measure.
        for i in self.indicators().await? {
            let Some(spec) = CATALOGUE.iter().find(|s| s.code == i.code) else {
                continue;
            };
            if i.measure.is_some() || spec.measure.is_none() {
                continue;
            }
            tx.run(
                "UPDATE indicators SET measure = $2, updated_at = $3 WHERE id = $1",
                Args::new()
                    .bind(i.id)
                    .bind(spec.measure.map(Measure::as_str))
                    .bind(now),
            )
            .await?;
            let after = Indicator {
                measure: spec.measure,
                ..i.clone()
            };
            tx.audit(
                actor,
                Change::update(Entity::Indicator, i.id, Place::NOWHERE, &i, &after),
            )
            .await?;
        }
        tx.commit().await?;
        self.order_indicator_catalogue(actor).await?;
        Ok(added)
    }

    /// Puts the built-in indicators in the catalogue's order (an indicator
    /// added in a later release next to its kin: spending beside revenue),
    /// the deployment's own after them in the order they had.
    async fn order_indicator_catalogue(&self, actor: &Actor) -> Result<()> {
        let mut all = self.indicators().await?;
        all.sort_by_key(|i| i.position);
        let place = |i: &Indicator| CATALOGUE.iter().position(|s| s.code == i.code);
        let mut own = CATALOGUE.len();
        let mut moves = Vec::new();
        for i in &all {
            let at = place(i).unwrap_or_else(|| {
                own += 1;
                own - 1
            }) as i64;
            if at != i.position {
                moves.push((i.clone(), at));
            }
        }
        if moves.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (i, at) in moves {
            tx.run(
                "UPDATE indicators SET position = $2, updated_at = $3 WHERE id = $1",
                Args::new().bind(i.id).bind(at).bind(now),
            )
            .await?;
            let after = Indicator {
                position: at,
                ..i.clone()
            };
            tx.audit(
                actor,
                Change::update(Entity::Indicator, i.id, Place::NOWHERE, &i, &after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds an indicator of the deployment's own, entered by hand; its
    /// code must be new.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_indicator(
        &self,
        actor: &Actor,
        input: &IndicatorInput,
    ) -> Result<Indicator> {
        let v = validate_indicator(input)?;
        let existing = self.indicators().await?;
        if existing.iter().any(|i| i.code == v.code) {
            return Err(StoreError::Conflict(Invalid::one(
                "code",
                "Mã chỉ tiêu đã có trong danh mục",
            )));
        }
        let now = now_ms();
        let i = Indicator {
            id: new_id(),
            code: v.code,
            name: v.name,
            field: v.field,
            unit: v.unit,
            direction: v.direction,
            decimals: v.decimals,
            measure: None,
            position: existing.iter().map(|i| i.position).max().unwrap_or(0) + 1,
        };
        let mut tx = self.db.begin().await?;
        insert_indicator(&mut tx, actor, &i, now).await?;
        tx.commit().await?;
        Ok(i)
    }

    /// The deployment's indicators in catalogue order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn indicators(&self) -> Result<Vec<Indicator>> {
        let rows: Vec<IndicatorRow> = self
            .all(
                format!("SELECT {INDICATOR_COLUMNS} FROM indicators ORDER BY position, code"),
                Args::new(),
            )
            .await?;
        Ok(rows.into_iter().map(Indicator::from).collect())
    }

    /// Enters (or corrects) a unit's figure for an indicator no register
    /// counts, with the document it comes from.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_indicator_value(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        code: &str,
        year: i16,
        typed: &str,
        evidence: &str,
    ) -> Result<()> {
        let unit = self.unit(scope, unit_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        let indicators = self.indicators().await?;
        let mut e = Invalid::default();
        let indicator = indicators.iter().find(|i| i.code == code);
        match indicator {
            None => e.push("indicator", "Không có chỉ tiêu này trong danh mục"),
            Some(i) if i.measure.is_some() => e.push(
                "indicator",
                "Chỉ tiêu này được tính từ sổ theo dõi, không nhập tay",
            ),
            _ => {}
        }
        let value = Quantity::parse(typed.trim());
        if value.is_none() {
            e.push(
                "value",
                format!("Giá trị «{typed}» không hợp lệ (ví dụ 93,5)"),
            );
        }
        let evidence = text::clean(evidence);
        if evidence.is_empty() {
            e.push("evidence", "Ghi văn bản, tài liệu làm căn cứ số liệu");
        }
        e.into_result()?;
        let (Some(i), Some(value)) = (indicator, value) else {
            return Err(StoreError::Invalid(Invalid::one(
                "value",
                "Giá trị không hợp lệ",
            )));
        };
        let before: Option<(i64, i64, String)> = self.opt(
            "SELECT value, scale, evidence FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND year = $3",
            Args::new()
                .bind(i.id)
                .bind(unit.id)
                .bind(i64::from(year)),
        )
        .await?;
        let id = new_id();
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO indicator_values (id, indicator_id, unit_id, unit_path, year, value, scale, evidence, actor_name, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (indicator_id, unit_id, year)
                 DO UPDATE SET value = $6, scale = $7, evidence = $8, actor_name = $9, recorded_at = $10",
            Args::new()
                .bind(id)
                .bind(i.id)
                .bind(unit.id)
                .bind(&unit.path)
                .bind(i64::from(year))
                .bind(value.value())
                .bind(i64::from(value.scale()))
                .bind(&evidence)
                .bind(&actor.name)
                .bind(now_ms()),
        )
        .await?;
        let before = before
            .map(|(v, s, ev)| {
                Ok::<_, StoreError>(ValueSnapshot {
                    indicator: &i.code,
                    unit_id: unit.id,
                    year,
                    value: super::quantity("indicator_values", v, s)?.to_string(),
                    evidence: ev,
                })
            })
            .transpose()?;
        tx.audit(
            actor,
            Change::upsert(
                Entity::IndicatorValue,
                i.id,
                Place::at(unit.id, &unit.path),
                before.as_ref(),
                &ValueSnapshot {
                    indicator: &i.code,
                    unit_id: unit.id,
                    year,
                    value: value.to_string(),
                    evidence: evidence.clone(),
                },
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// The figures entered by hand for `unit_id` and `year`, in catalogue
    /// order, with their evidence.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn indicator_values(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
    ) -> Result<Vec<super::EnteredValue>> {
        let unit = self.unit(scope, unit_id).await?;
        let rows: Vec<(String, i64, i64, String, String, i64)> = self
            .all(
                "SELECT i.code, v.value, v.scale, v.evidence, v.actor_name, v.recorded_at
                     FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
                     WHERE v.unit_path = $1 AND v.year = $2 AND v.unit_id = $3
                     ORDER BY i.position, i.code",
                Args::new()
                    .bind(&unit.path)
                    .bind(i64::from(year))
                    .bind(unit.id),
            )
            .await?;
        rows.into_iter()
            .map(|(indicator, v, s, evidence, actor_name, recorded_at)| {
                Ok(super::EnteredValue {
                    indicator,
                    value: super::quantity("indicator_values", v, s)?,
                    evidence,
                    actor_name,
                    recorded_at,
                })
            })
            .collect()
    }
}

/// Adds indicator `i` to the catalogue at `now`, with its audit entry.
async fn insert_indicator(tx: &mut Tx, actor: &Actor, i: &Indicator, now: i64) -> Result<()> {
    tx.run(
        "INSERT INTO indicators (id, code, name, field, unit, direction, decimals, measure, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Args::new()
            .bind(i.id)
            .bind(&i.code)
            .bind(&i.name)
            .bind(i.field.as_str())
            .bind(&i.unit)
            .bind(i.direction.as_str())
            .bind(i64::from(i.decimals))
            .bind(i.measure.map(Measure::as_str))
            .bind(i.position)
            .bind(now)
            .bind(now),
    )
    .await?;
    tx.audit(
        actor,
        Change::insert(Entity::Indicator, i.id, Place::NOWHERE, i),
    )
    .await
}
