//! Indicators, resolutions with their targets, figures entered by hand, and
//! the report gathered from the registers.

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};
use xaphuong_core::indicators::{Direction, Quantity};
use xaphuong_core::resolutions::{
    Actual, CATALOGUE, Field, IndicatorInput, Measure, ReportLine, ResolutionReport, ResultLine,
    validate_indicator,
};
use xaphuong_core::violations::State;
use xaphuong_core::{FieldError, Invalid, text};

use crate::audit::{self, Place};
use crate::units::Unit;
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Resolution {
    pub id: Uuid,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i64,
    pub number: String,
    pub adopted_on: Option<String>,
    pub title: String,
}

impl Resolution {
    fn place(&self) -> Place<'_> {
        Place {
            unit_id: Some(self.unit_id),
            unit_path: Some(&self.unit_path),
        }
    }
}

/// A target as the audit keeps it.
#[derive(Serialize)]
struct TargetSnapshot<'a> {
    resolution_id: Uuid,
    indicator: &'a str,
    value: String,
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

/// A resolution as entered: its number, title, date, and each target as
/// typed ("7.950.000.000", "95", "1,0") by indicator code.
#[derive(Debug, Clone, Default)]
pub struct ResolutionInput {
    pub number: String,
    pub title: String,
    pub adopted_on: Option<Date>,
    pub targets: Vec<(String, String)>,
}

const INDICATOR_COLUMNS: &str =
    "id, code, name, field, unit, direction, decimals, measure, position";

/// What a report reads of the registers, each read once: three indicators
/// count from the same households of a year.
#[derive(Default)]
struct Readings {
    households: std::collections::HashMap<i16, crate::households::HouseholdCounts>,
}

/// A resolution with its targets by indicator id.
pub type WithTargets = (Resolution, Vec<(Uuid, Quantity)>);

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
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO indicators (id, code, name, field, unit, direction, decimals, measure, position, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
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
                .bind(now)
                .execute(c)
                .await
            })?;
            let nowhere = Place {
                unit_id: None,
                unit_path: None,
            };
            audit::write(
                &mut tx,
                actor,
                Entity::Indicator,
                i.id,
                Action::Insert,
                &nowhere,
                None::<&()>,
                Some(&i),
            )
            .await?;
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
            exec!(&mut tx, |c| {
                sqlx::query("UPDATE indicators SET measure = $2, updated_at = $3 WHERE id = $1")
                    .bind(i.id)
                    .bind(spec.measure.map(Measure::as_str))
                    .bind(now)
                    .execute(c)
                    .await
            })?;
            let after = Indicator {
                measure: spec.measure,
                ..i.clone()
            };
            let nowhere = Place {
                unit_id: None,
                unit_path: None,
            };
            audit::write(
                &mut tx,
                actor,
                Entity::Indicator,
                i.id,
                Action::Update,
                &nowhere,
                Some(&i),
                Some(&after),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
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
        exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO indicators (id, code, name, field, unit, direction, decimals, measure, position, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10)",
            )
            .bind(i.id)
            .bind(&i.code)
            .bind(&i.name)
            .bind(i.field.as_str())
            .bind(&i.unit)
            .bind(i.direction.as_str())
            .bind(i64::from(i.decimals))
            .bind(i.position)
            .bind(now)
            .bind(now)
            .execute(c)
            .await
        })?;
        let nowhere = Place {
            unit_id: None,
            unit_path: None,
        };
        audit::write(
            &mut tx,
            actor,
            Entity::Indicator,
            i.id,
            Action::Insert,
            &nowhere,
            None::<&()>,
            Some(&i),
        )
        .await?;
        tx.commit().await?;
        Ok(i)
    }

    /// The deployment's indicators in catalogue order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn indicators(&self) -> Result<Vec<Indicator>> {
        let rows: Vec<IndicatorRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {INDICATOR_COLUMNS} FROM indicators ORDER BY position, code"
            )))
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(Indicator::from).collect())
    }

    /// The resolution of `unit_id` for `year`, with its targets by
    /// indicator id.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
    ) -> Result<Option<WithTargets>> {
        let unit = self.unit(scope, unit_id).await?;
        let r: Option<Resolution> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT id, unit_id, unit_path, year, number, adopted_on, title FROM resolutions
                 WHERE unit_id = $1 AND year = $2",
            )
            .bind(unit.id)
            .bind(i64::from(year))
            .fetch_optional(c)
            .await
        })?;
        let Some(r) = r else { return Ok(None) };
        let rows: Vec<(Uuid, i64, i64)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT indicator_id, value, scale FROM targets WHERE resolution_id = $1",
            )
            .bind(r.id)
            .fetch_all(c)
            .await
        })?;
        let targets = rows
            .into_iter()
            .filter_map(|(i, v, s)| Some((i, Quantity::new(v, u32::try_from(s).ok()?)?)))
            .collect();
        Ok(Some((r, targets)))
    }

    /// The years for which `unit_id` has a resolution, latest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution_years(&self, scope: &Scope, unit_id: Uuid) -> Result<Vec<i16>> {
        let unit = self.unit(scope, unit_id).await?;
        let years: Vec<(i64,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT year FROM resolutions WHERE unit_id = $1 ORDER BY year DESC")
                .bind(unit.id)
                .fetch_all(c)
                .await
        })?;
        Ok(years
            .into_iter()
            .filter_map(|(y,)| i16::try_from(y).ok())
            .collect())
    }

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
            exec!(&mut tx, |c| {
                sqlx::query(
                    "UPDATE resolutions SET number = $2, adopted_on = $3, title = $4, updated_at = $5 WHERE id = $1",
                )
                .bind(r.id)
                .bind(&r.number)
                .bind(&r.adopted_on)
                .bind(&r.title)
                .bind(now)
                .execute(c)
                .await
            })?;
            audit::write(
                &mut tx,
                actor,
                Entity::Resolution,
                r.id,
                Action::Update,
                &r.place(),
                Some(before),
                Some(&r),
            )
            .await?;
        } else {
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO resolutions (id, unit_id, unit_path, year, number, adopted_on, title, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(r.id)
                .bind(r.unit_id)
                .bind(&r.unit_path)
                .bind(r.year)
                .bind(&r.number)
                .bind(&r.adopted_on)
                .bind(&r.title)
                .bind(now)
                .bind(now)
                .execute(c)
                .await
            })?;
            audit::write(
                &mut tx,
                actor,
                Entity::Resolution,
                r.id,
                Action::Insert,
                &r.place(),
                None::<&()>,
                Some(&r),
            )
            .await?;
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
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO targets (id, resolution_id, indicator_id, value, scale, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (resolution_id, indicator_id) DO UPDATE SET value = $4, scale = $5, updated_at = $6",
                )
                .bind(target_id)
                .bind(r.id)
                .bind(i.id)
                .bind(q.value())
                .bind(i64::from(q.scale()))
                .bind(now)
                .execute(c)
                .await
            })?;
            audit::write(
                &mut tx,
                actor,
                Entity::Target,
                r.id,
                if before.is_some() {
                    Action::Update
                } else {
                    Action::Insert
                },
                &r.place(),
                before.map(snap).as_ref(),
                Some(&snap(*q)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(r)
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
        let before: Option<(i64, i64, String)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT value, scale, evidence FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND year = $3",
            )
            .bind(i.id)
            .bind(unit.id)
            .bind(i64::from(year))
            .fetch_optional(c)
            .await
        })?;
        let id = new_id();
        let mut tx = self.db.begin().await?;
        exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO indicator_values (id, indicator_id, unit_id, unit_path, year, value, scale, evidence, actor_name, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (indicator_id, unit_id, year)
                 DO UPDATE SET value = $6, scale = $7, evidence = $8, actor_name = $9, recorded_at = $10",
            )
            .bind(id)
            .bind(i.id)
            .bind(unit.id)
            .bind(&unit.path)
            .bind(i64::from(year))
            .bind(value.value())
            .bind(i64::from(value.scale()))
            .bind(&evidence)
            .bind(&actor.name)
            .bind(now_ms())
            .execute(c)
            .await
        })?;
        let before = before.and_then(|(v, s, ev)| {
            Some(ValueSnapshot {
                indicator: &i.code,
                unit_id: unit.id,
                year,
                value: Quantity::new(v, u32::try_from(s).ok()?)?.to_string(),
                evidence: ev,
            })
        });
        audit::write(
            &mut tx,
            actor,
            Entity::IndicatorValue,
            i.id,
            if before.is_some() {
                Action::Update
            } else {
                Action::Insert
            },
            &Place {
                unit_id: Some(unit.id),
                unit_path: Some(&unit.path),
            },
            before.as_ref(),
            Some(&ValueSnapshot {
                indicator: &i.code,
                unit_id: unit.id,
                year,
                value: value.to_string(),
                evidence: evidence.clone(),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What a register says for `measure` in `unit`'s area for `year`, as
    /// of `as_of` where the register keeps dates (the budget). What several
    /// measures share is read once into `readings`.
    async fn measure(
        &self,
        readings: &mut Readings,
        unit: &Unit,
        measure: Measure,
        year: i16,
        as_of: Date,
    ) -> Result<Actual> {
        let scope = unit.scope();
        Ok(match measure {
            Measure::Revenue => {
                let t = self.budget_summary(&scope, year, as_of).await?.total;
                Actual::share(t.collected_nsnn, t.estimate_nsnn)
            }
            Measure::ViolationsSelfRemedied | Measure::ViolationsCommitted => {
                let counts = self.violation_counts(&scope, year).await?;
                let of = |s: State| {
                    counts
                        .iter()
                        .filter(|(x, _)| *x == s)
                        .map(|(_, n)| n)
                        .sum::<i64>()
                };
                if measure == Measure::ViolationsCommitted {
                    Actual::count(of(State::Committed))
                } else {
                    let all = counts.iter().map(|(_, n)| n).sum();
                    Actual::share(of(State::SelfRemedied), all)
                }
            }
            Measure::SidewalkCases => {
                let n = self
                    .inspection_outcomes(&scope, year)
                    .await?
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
                Actual::count(n)
            }
            Measure::Recruits => {
                let s = self.recruitment_summary(&scope, year).await?;
                Actual::share(
                    s.iter().map(|(_, x)| x.enlisted).sum(),
                    s.iter().map(|(_, x)| x.quota).sum(),
                )
            }
            Measure::Handovers => Actual::count(self.handover_totals(&scope, year).await?.0),
            Measure::PovertyRate | Measure::PoorOrNearPoorRate | Measure::CulturalFamilyRate => {
                let c = match readings.households.get(&year) {
                    Some(c) => c.clone(),
                    None => {
                        let c = self.household_counts(&scope, year).await?;
                        readings.households.insert(year, c.clone());
                        c
                    }
                };
                let n = match measure {
                    Measure::PovertyRate => c.poor,
                    Measure::PoorOrNearPoorRate => c.poor + c.near_poor,
                    _ => c.recognised,
                };
                Actual::share(n, c.households)
            }
            Measure::OnestopOnTime => {
                let from = Date::new(year, 1, 1).unwrap_or(as_of);
                let to = as_of.min(Date::new(year, 12, 31).unwrap_or(as_of));
                let total = self
                    .dossier_stats(&scope, from, to, &crate::onestop::StatsFilter::default())
                    .await?
                    .total;
                // Nothing resolved gives a whole 0, which `actual` reads
                // as no figure.
                total
                    .on_time_rate()
                    .map_or(Actual::count(0), |rate| Actual {
                        value: rate,
                        of: None,
                    })
            }
        })
    }

    /// A figure entered by hand for `unit` and `year`.
    async fn entered_value(
        &self,
        indicator: Uuid,
        unit: &Unit,
        year: i16,
    ) -> Result<Option<(Actual, i64)>> {
        let row: Option<(i64, i64, i64)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT value, scale, recorded_at FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND year = $3",
            )
            .bind(indicator)
            .bind(unit.id)
            .bind(i64::from(year))
            .fetch_optional(c)
            .await
        })?;
        Ok(row.and_then(|(v, s, at)| {
            Some((
                Actual {
                    value: Quantity::new(v, u32::try_from(s).ok()?)?,
                    of: None,
                },
                at,
            ))
        }))
    }

    async fn actual(
        &self,
        readings: &mut Readings,
        i: &Indicator,
        unit: &Unit,
        year: i16,
        as_of: Date,
    ) -> Result<Option<Actual>> {
        match i.measure {
            // A rate of nothing is no figure, not 0%.
            Some(Measure::OnestopOnTime) => Ok(Some(
                self.measure(readings, unit, Measure::OnestopOnTime, year, as_of)
                    .await?,
            )
            .filter(|a| a.value.scale() > 0)),
            Some(m) => Ok(Some(self.measure(readings, unit, m, year, as_of).await?)),
            None => Ok(self.entered_value(i.id, unit, year).await?.map(|(a, _)| a)),
        }
    }

    /// The year-end report of `unit_id` for `year`: every indicator of the
    /// year's resolution (or, without one, every counted indicator) with its
    /// result as of `as_of`, and the targets of the year after.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution_report(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
        as_of: Date,
    ) -> Result<ResolutionReport> {
        let unit = self.unit(scope, unit_id).await?;
        let parent = match unit.parent_id {
            Some(p) => self.unit(&Scope::All, p).await.ok(),
            None => None,
        };
        let indicators = self.indicators().await?;
        let this = self.resolution(scope, unit.id, year).await?;
        let next = self.resolution(scope, unit.id, year + 1).await?;
        let target_of = |r: &Option<WithTargets>, id: Uuid| {
            r.as_ref()
                .and_then(|(_, ts)| ts.iter().find(|(i, _)| *i == id).map(|(_, q)| *q))
        };
        let line = |i: &Indicator, actual, target, previous| ReportLine {
            code: i.code.clone(),
            field: i.field,
            line: ResultLine {
                name: i.name.clone(),
                unit: i.unit.clone(),
                direction: i.direction,
                decimals: i.decimals,
                measure: i.measure,
                actual,
                target,
                previous,
            },
            records: i.measure.map(|m| m.records(year)),
            entered_at: None,
        };
        let mut results = Vec::new();
        let mut readings = Readings::default();
        for i in &indicators {
            let target = target_of(&this, i.id);
            if target.is_none() && i.measure.is_none() {
                continue;
            }
            let actual = self.actual(&mut readings, i, &unit, year, as_of).await?;
            if target.is_none() && actual.is_none() {
                continue;
            }
            let year_end = Date::new(year - 1, 12, 31).unwrap_or(as_of);
            let previous = self
                .actual(&mut readings, i, &unit, year - 1, year_end)
                .await?;
            let mut l = line(
                i,
                actual,
                target,
                previous.filter(|p| p.value != Quantity::ZERO),
            );
            if i.measure.is_none() {
                l.entered_at = self
                    .entered_value(i.id, &unit, year)
                    .await?
                    .map(|(_, at)| at);
            }
            results.push(l);
        }
        let next_targets = indicators
            .iter()
            .filter_map(|i| target_of(&next, i.id).map(|t| line(i, None, Some(t), None)))
            .collect();
        Ok(ResolutionReport {
            unit_name: unit.name.clone(),
            unit_code: unit.code.clone(),
            parent_name: parent.map(|p| p.name),
            year,
            as_of,
            resolution: this.map(|(r, _)| r.number),
            results,
            next_resolution: next.map(|(r, _)| r.number),
            next_targets,
        })
    }
}
