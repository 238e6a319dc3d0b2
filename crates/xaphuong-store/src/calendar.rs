//! The deployment's working calendar: yearly schedules it keeps itself
//! (starting from the built-in ones), per-unit overrides and settings.

use std::ops::RangeInclusive;

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};
use xaphuong_core::calendar::days_off::{self, DayKind, DayOff};
use xaphuong_core::calendar::settings::{CalendarSettings, SettingsText};
use xaphuong_core::calendar::working::WorkCalendar;

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::Tx;
use crate::units::Unit;
use crate::{Result, Store, StoreError, new_id, now_ms};

#[derive(sqlx::FromRow)]
struct DayRow {
    id: Uuid,
    unit_id: Option<Uuid>,
    day: String,
    kind: String,
    name: String,
    document: String,
    confirmed: bool,
}

impl DayRow {
    fn to_day(&self) -> Option<DayOff> {
        Some(DayOff {
            date: self.day.parse().ok()?,
            kind: DayKind::parse(&self.kind)?,
            name: self.name.clone(),
            document: self.document.clone(),
            confirmed: self.confirmed,
        })
    }
}

/// Where a day of a unit's schedule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Source {
    /// Shipped with xaphuong (official, or the statutory suggestion).
    Builtin,
    /// The deployment's own schedule.
    Deployment,
    /// An override of this unit (or one above it).
    Unit(Uuid),
}

/// A day of a unit's effective schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectiveDay {
    pub day: DayOff,
    pub source: Source,
}

/// The level an edit applies to: the whole deployment or one unit.
fn level_place(unit: Option<&Unit>) -> Place<'_> {
    match unit {
        Some(u) => Place::at(u.id, &u.path),
        None => Place::NOWHERE,
    }
}

const DAY_COLUMNS: &str = "id, unit_id, day, kind, name, document, confirmed";

/// The unit ids from the top of the tree down to `unit` (at most four).
fn chain(unit: &Unit) -> Vec<Uuid> {
    unit.path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| Uuid::try_parse(s).ok())
        .collect()
}

impl Store {
    /// The working calendar of `unit` (its own days off and hours, inherited
    /// from above) over `years`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn work_calendar(
        &self,
        unit: Option<&Unit>,
        years: std::ops::RangeInclusive<i16>,
    ) -> Result<WorkCalendar> {
        let settings = self.calendar_settings(unit).await?;
        let days: Vec<_> = self
            .calendar_days(unit, years)
            .await?
            .into_iter()
            .map(|d| d.day)
            .collect();
        Ok(WorkCalendar::of(&settings, &days))
    }

    /// The calendar settings in force for `unit` (the nearest unit above it
    /// with its own, else the deployment's, else the defaults).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn calendar_settings(&self, unit: Option<&Unit>) -> Result<CalendarSettings> {
        let mut keys: Vec<String> = vec!["*".into()];
        if let Some(u) = unit {
            keys.extend(chain(u).iter().map(|id| id.simple().to_string()));
        }
        while keys.len() < 5 {
            keys.push("*".into());
        }
        let rows: Vec<(String, String, String, bool, String)> = self.all(
            "SELECT scope_key, rest_days, office_hours, makeup_counts, same_day_cutoff FROM calendar_settings
             WHERE scope_key IN ($1, $2, $3, $4, $5)",
            Args::new()
                .bind(&keys[0])
                .bind(&keys[1])
                .bind(&keys[2])
                .bind(&keys[3])
                .bind(&keys[4]),
        )
        .await?;
        // The narrowest: the last key of the chain that has a row.
        let best = keys
            .iter()
            .rev()
            .find_map(|k| rows.iter().find(|r| &r.0 == k));
        Ok(match best {
            Some((_, rest_days, office_hours, makeup_counts, same_day_cutoff)) => {
                CalendarSettings::from_text(&SettingsText {
                    rest_days: rest_days.clone(),
                    office_hours: office_hours.clone(),
                    makeup_counts: *makeup_counts,
                    same_day_cutoff: same_day_cutoff.clone(),
                })
                .unwrap_or_default()
            }
            None => CalendarSettings::default(),
        })
    }

    /// Sets the settings of the deployment (`unit` None: whole scope only)
    /// or of one unit of the scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_calendar_settings(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Option<Uuid>,
        text: &SettingsText,
    ) -> Result<CalendarSettings> {
        let settings = CalendarSettings::from_text(text)?;
        let unit = self.edit_level(scope, unit_id).await?;
        let before = self.calendar_settings(unit.as_ref()).await?;
        let key = unit
            .as_ref()
            .map_or("*".to_owned(), |u| u.id.simple().to_string());
        let t = settings.to_text();
        let id = new_id();
        let mut tx = self.db.begin().await?;
        let existing: Option<Uuid> = tx!(&mut tx, |c| sqlx::query_scalar(
            "SELECT id FROM calendar_settings WHERE scope_key = $1"
        )
        .bind(&key)
        .fetch_optional(c)
        .await)?;
        tx.run(
            "INSERT INTO calendar_settings (scope_key, id, unit_id, rest_days, office_hours, makeup_counts, same_day_cutoff, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (scope_key) DO UPDATE SET rest_days = excluded.rest_days, office_hours = excluded.office_hours,
                 makeup_counts = excluded.makeup_counts, same_day_cutoff = excluded.same_day_cutoff, updated_at = excluded.updated_at",
            Args::new()
                .bind(&key)
                .bind(existing.unwrap_or(id))
                .bind(unit_id)
                .bind(&t.rest_days)
                .bind(&t.office_hours)
                .bind(t.makeup_counts)
                .bind(&t.same_day_cutoff)
                .bind(now_ms()),
        )
        .await?;
        let action = if existing.is_some() {
            Action::Update
        } else {
            Action::Insert
        };
        tx.audit(
            actor,
            Change::new(
                Entity::CalendarSettings,
                existing.unwrap_or(id),
                action,
                level_place(unit.as_ref()),
                Some(&before.to_text()),
                Some(&t),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// The deployment-level schedule of `year`: its own if it keeps one,
    /// else the built-in.
    async fn deployment_year(
        &self,
        year: i16,
        settings: &CalendarSettings,
    ) -> Result<(Vec<DayOff>, bool)> {
        let adopted: Option<i64> = read!(&self.db, |c| sqlx::query_scalar(
            "SELECT year FROM calendar_years WHERE year = $1"
        )
        .bind(i64::from(year))
        .fetch_optional(c)
        .await)?;
        if adopted.is_none() {
            return Ok((days_off::builtin(year, &settings.rest), false));
        }
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM calendar_days WHERE unit_id IS NULL AND year = $1 ORDER BY day"
        );
        let rows = self
            .all::<DayRow>(sql, Args::new().bind(i64::from(year)))
            .await?;
        Ok((rows.iter().filter_map(DayRow::to_day).collect(), true))
    }

    /// The schedule in force for `unit` (or the deployment) over `years`:
    /// the deployment's days, overridden by those of the units above it and
    /// its own, the narrowest winning.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn calendar_days(
        &self,
        unit: Option<&Unit>,
        years: RangeInclusive<i16>,
    ) -> Result<Vec<EffectiveDay>> {
        let settings = self.calendar_settings(unit).await?;
        let mut out: Vec<EffectiveDay> = Vec::new();
        for year in years.clone() {
            let (days, own) = self.deployment_year(year, &settings).await?;
            let source = if own {
                Source::Deployment
            } else {
                Source::Builtin
            };
            out.extend(days.into_iter().map(|day| EffectiveDay {
                day,
                source: source.clone(),
            }));
        }
        let Some(unit) = unit else { return Ok(out) };
        let ids = chain(unit);
        let pad = |i: usize| ids.get(i).copied().unwrap_or(ids[0]);
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM calendar_days WHERE unit_id IN ($1, $2, $3, $4) AND year >= $5 AND year <= $6"
        );
        let rows = self
            .all::<DayRow>(
                sql,
                Args::new()
                    .bind(pad(0))
                    .bind(pad(1))
                    .bind(pad(2))
                    .bind(pad(3))
                    .bind(i64::from(*years.start()))
                    .bind(i64::from(*years.end())),
            )
            .await?;
        let mut by_date: std::collections::BTreeMap<Date, EffectiveDay> =
            out.into_iter().map(|d| (d.day.date, d)).collect();
        // Wider units first, so narrower ones overwrite them.
        for id in &ids {
            for r in rows.iter().filter(|r| r.unit_id == Some(*id)) {
                if let Some(day) = r.to_day() {
                    by_date.insert(
                        day.date,
                        EffectiveDay {
                            day,
                            source: Source::Unit(*id),
                        },
                    );
                }
            }
        }
        Ok(by_date.into_values().collect())
    }

    /// The days kept at exactly one level (the deployment, or one unit's own
    /// overrides) for `year`, for the schedule editor.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn own_calendar_days(
        &self,
        unit_id: Option<Uuid>,
        year: i16,
    ) -> Result<Vec<(Uuid, DayOff)>> {
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM calendar_days WHERE (($1 IS NULL AND unit_id IS NULL) OR unit_id = $1) AND year = $2 ORDER BY day"
        );
        let rows = self
            .all::<DayRow>(sql, Args::new().bind(unit_id).bind(i64::from(year)))
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| r.to_day().map(|d| (r.id, d)))
            .collect())
    }

    /// Whether the deployment keeps its own schedule for `year`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn calendar_year_adopted(&self, year: i16) -> Result<bool> {
        let found: Option<i64> = read!(&self.db, |c| sqlx::query_scalar(
            "SELECT year FROM calendar_years WHERE year = $1"
        )
        .bind(i64::from(year))
        .fetch_optional(c)
        .await)?;
        Ok(found.is_some())
    }

    /// Adds or changes one day at a level. A deployment-level edit first
    /// takes the year over from the built-in schedule (copying it), so the
    /// rest of the year stays as it was.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn put_calendar_day(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Option<Uuid>,
        day: &DayOff,
    ) -> Result<()> {
        let unit = self.edit_level(scope, unit_id).await?;
        let year = day.date.year();
        let mut tx = self.db.begin().await?;
        if unit.is_none() {
            adopt(&mut tx, actor, year).await?;
        }
        upsert_day(&mut tx, actor, unit.as_ref(), day).await?;
        tx.commit().await
    }

    /// Removes one day from a level.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_calendar_day(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Option<Uuid>,
        date: Date,
    ) -> Result<()> {
        let unit = self.edit_level(scope, unit_id).await?;
        let mut tx = self.db.begin().await?;
        if unit.is_none() {
            adopt(&mut tx, actor, date.year()).await?;
        }
        let found = find_day(&mut tx, unit_id, date).await?;
        let Some(row) = found else {
            return Err(StoreError::NotFound("ngày trong lịch"));
        };
        tx.run(
            "DELETE FROM calendar_days WHERE id = $1",
            Args::new().bind(row.id),
        )
        .await?;
        tx.audit(
            actor,
            Change::new(
                Entity::CalendarDay,
                row.id,
                Action::Delete,
                level_place(unit.as_ref()),
                row.to_day().as_ref(),
                None::<&()>,
            ),
        )
        .await?;
        tx.commit().await
    }

    /// The level an account may edit: the deployment (whole scope only) or
    /// a unit inside its scope.
    async fn edit_level(&self, scope: &Scope, unit_id: Option<Uuid>) -> Result<Option<Unit>> {
        match unit_id {
            Some(id) => Ok(Some(self.unit(scope, id).await?)),
            None if matches!(scope, Scope::All) => Ok(None),
            None => Err(StoreError::Forbidden(
                "Chỉ quản trị toàn hệ thống mới sửa được lịch chung; hãy sửa lịch riêng của đơn vị mình".into(),
            )),
        }
    }
}

async fn find_day(tx: &mut Tx, unit_id: Option<Uuid>, date: Date) -> Result<Option<DayRow>> {
    Ok(tx!(tx, |c| {
        sqlx::query_as::<_, DayRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {DAY_COLUMNS} FROM calendar_days WHERE (($1 IS NULL AND unit_id IS NULL) OR unit_id = $1) AND day = $2"
    )))
    .bind(unit_id)
    .bind(date.to_string())
    .fetch_optional(c)
    .await
    })?)
}

/// Takes `year` over from the built-in schedule, once.
async fn adopt(tx: &mut Tx, actor: &Actor, year: i16) -> Result<()> {
    let done: Option<i64> = tx!(tx, |c| sqlx::query_scalar(
        "SELECT year FROM calendar_years WHERE year = $1"
    )
    .bind(i64::from(year))
    .fetch_optional(c)
    .await)?;
    if done.is_some() {
        return Ok(());
    }
    tx.run(
        "INSERT INTO calendar_years (year, adopted_at) VALUES ($1, $2)",
        Args::new().bind(i64::from(year)).bind(now_ms()),
    )
    .await?;
    let rest = xaphuong_core::calendar::days_off::WeeklyRest::default();
    for day in days_off::builtin(year, &rest) {
        upsert_day(tx, actor, None, &day).await?;
    }
    Ok(())
}

async fn upsert_day(tx: &mut Tx, actor: &Actor, unit: Option<&Unit>, day: &DayOff) -> Result<()> {
    if !(xaphuong_core::calendar::lunar::FIRST_YEAR..=xaphuong_core::calendar::lunar::LAST_YEAR)
        .contains(&day.date.year())
    {
        return Err(Invalid::one("date", "Chỉ hỗ trợ các năm từ 1900 đến 2100").into());
    }
    let unit_id = unit.map(|u| u.id);
    let now = now_ms();
    let place = level_place(unit);
    match find_day(tx, unit_id, day.date).await? {
        Some(row) => {
            tx.run(
                "UPDATE calendar_days SET kind = $2, name = $3, document = $4, confirmed = $5, updated_at = $6 WHERE id = $1",
                Args::new()
                    .bind(row.id)
                    .bind(day.kind.as_str())
                    .bind(&day.name)
                    .bind(&day.document)
                    .bind(day.confirmed)
                    .bind(now),
            )
            .await?;
            tx.audit(
                actor,
                Change::new(
                    Entity::CalendarDay,
                    row.id,
                    Action::Update,
                    place,
                    row.to_day().as_ref(),
                    Some(day),
                ),
            )
            .await?;
        }
        None => {
            let id = new_id();
            tx.run(
                "INSERT INTO calendar_days (id, unit_id, day, year, kind, name, document, confirmed, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                Args::new()
                    .bind(id)
                    .bind(unit_id)
                    .bind(day.date.to_string())
                    .bind(i64::from(day.date.year()))
                    .bind(day.kind.as_str())
                    .bind(&day.name)
                    .bind(&day.document)
                    .bind(day.confirmed)
                    .bind(now)
                    .bind(now),
            )
            .await?;
            tx.audit(actor, Change::insert(Entity::CalendarDay, id, place, day))
                .await?;
        }
    }
    Ok(())
}
