//! Biểu 06 from aggregates: what each unit's dossiers added on each day
//! (`xaphuong_core::onestop::stats::DayCounts`), by field and by procedure,
//! written in the same transaction as every change to a dossier or its
//! rating. A change takes the dossier's old days out and puts its new ones
//! in, so the aggregates always equal a recount from the records
//! ([`Store::rebuild_dossier_counts`] does that recount).

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::{Scope, scope_roots};
use xaphuong_core::onestop::lifecycle::{Channel, Status};
use xaphuong_core::onestop::stats::{self, DayCounts, DossierTimes, Row};

use super::{Dossier, StatsFilter, parse_dt};
use crate::args::Args;
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::{Result, Store, StoreError};

/// The columns of an aggregate table: `keys`, then a count a name of
/// [`DayCounts::NAMES`].
fn columns(keys: &[(&'static str, Ty)]) -> Vec<(&'static str, Ty)> {
    let counts = DayCounts::NAMES.iter().map(|n| (*n, Ty::Int));
    keys.iter().copied().chain(counts).collect()
}

/// What adds a row's counts to those of the row of `table` it meets on
/// the columns `key`.
fn adding(table: &str, key: &str) -> String {
    let sets = DayCounts::NAMES
        .iter()
        .map(|n| format!("{n} = {table}.{n} + excluded.{n}"))
        .collect::<Vec<_>>()
        .join(",\n    ");
    format!("ON CONFLICT ({key}) DO UPDATE SET\n    {sets}")
}

static DAY_COLUMNS: LazyLock<Vec<(&str, Ty)>> = LazyLock::new(|| {
    columns(&[
        ("dim", Ty::Text),
        ("key", Ty::Text),
        ("unit_path", Ty::Text),
        ("year", Ty::Int),
        ("day", Ty::Text),
    ])
});

static YEAR_COLUMNS: LazyLock<Vec<(&str, Ty)>> = LazyLock::new(|| {
    columns(&[
        ("dim", Ty::Text),
        ("key", Ty::Text),
        ("unit_path", Ty::Text),
        ("year", Ty::Int),
    ])
});

static ADD_DAY: LazyLock<String> =
    LazyLock::new(|| adding("dossier_day_counts", "dim, year, unit_path, key, day"));

static ADD_YEAR: LazyLock<String> =
    LazyLock::new(|| adding("dossier_year_counts", "dim, unit_path, year, key"));

/// What Biểu 06 needs of a dossier, with its procedure's field.
pub(crate) fn times(d: &Dossier, field: &str) -> DossierTimes {
    DossierTimes {
        field: field.to_owned(),
        channel: d.channel,
        received: d.received_at,
        due: d.due_at,
        finished: d.finished_at,
        resolved: matches!(d.status, Status::Resolved | Status::Returned),
    }
}

/// Changes to the aggregates, summed by unit, key and day before they are
/// written, so each row is written once per flush.
#[derive(Debug, Default)]
pub(crate) struct CountChanges {
    days: HashMap<(String, String, String, Date), DayCounts>,
}

impl CountChanges {
    /// Keys held before they are written, to bound memory.
    const FLUSH_AT: usize = 20_000;

    /// Counts `c` for every scope that holds `unit_path`: each unit above
    /// it, itself, and the whole deployment, so that any scope's figures
    /// are read from its own rows.
    fn add(&mut self, unit_path: &str, procedure: Uuid, field: &str, day: Date, c: DayCounts) {
        let procedure = procedure.to_string();
        for root in scope_roots(unit_path) {
            for (dim, key) in [("field", field), ("procedure", procedure.as_str())] {
                self.days
                    .entry((dim.to_owned(), key.to_owned(), root.to_owned(), day))
                    .or_default()
                    .add(&c);
            }
        }
    }

    /// Adds (`sign` 1) or takes out (−1) what a dossier counts.
    pub fn dossier(&mut self, d: &Dossier, field: &str, sign: i64) {
        for (day, c) in stats::day_counts(&times(d, field)) {
            self.add(&d.unit_path, d.procedure_id, field, day, c.times(sign));
        }
    }

    /// A citizen's rating, on the day it was given.
    pub fn rating(&mut self, d: &Dossier, field: &str, rated_at_ms: i64, dissatisfied: bool) {
        let day = rating_day(rated_at_ms);
        let (day, c) = stats::rating_counts(day, dissatisfied);
        self.add(&d.unit_path, d.procedure_id, field, day, c);
    }

    pub fn full(&self) -> bool {
        self.days.len() >= Self::FLUSH_AT
    }

    /// Adds the changes to the aggregates inside `tx`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        let mut days = Batch::with_tail("dossier_day_counts", &DAY_COLUMNS, &ADD_DAY);
        let mut years: HashMap<(String, String, String, i16), DayCounts> = HashMap::new();
        for ((dim, key, path, day), c) in self.days.drain() {
            if c.is_zero() {
                continue;
            }
            years
                .entry((dim.clone(), key.clone(), path.clone(), day.year()))
                .or_default()
                .add(&c);
            days.text(dim)
                .text(key)
                .text(path)
                .int(i64::from(day.year()))
                .text(day.to_string());
            push_counts(tx, &mut days, &c).await?;
        }
        days.flush(tx).await?;
        let mut rows = Batch::with_tail("dossier_year_counts", &YEAR_COLUMNS, &ADD_YEAR);
        for ((dim, key, path, year), c) in years {
            rows.text(dim).text(key).text(path).int(i64::from(year));
            push_counts(tx, &mut rows, &c).await?;
        }
        rows.flush(tx).await
    }
}

/// Ends the row `batch` holds the keys of with the counts `c`, writing
/// the batch once it is large.
async fn push_counts(tx: &mut Tx, batch: &mut Batch, c: &DayCounts) -> Result<()> {
    for n in c.to_array() {
        batch.int(n);
    }
    if batch.len() >= 2_000 {
        batch.flush(tx).await?;
    }
    Ok(())
}

/// A procedure moved to another field: its dossiers' counts move from the
/// old field's rows to the new one's.
pub(crate) async fn move_field(tx: &mut Tx, procedure: Uuid, from: &str, to: &str) -> Result<()> {
    let (add_day, add_year) = (ADD_DAY.as_str(), ADD_YEAR.as_str());
    let names = DayCounts::NAMES.join(", ");
    let negated = DayCounts::NAMES
        .iter()
        .map(|n| format!("-{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    for (field, values) in [(to, names.as_str()), (from, negated.as_str())] {
        let day = format!(
            "INSERT INTO dossier_day_counts (dim, key, unit_path, year, day, {names})
             SELECT 'field', $2, unit_path, year, day, {values} FROM dossier_day_counts
             WHERE dim = 'procedure' AND key = $1 {add_day}"
        );
        let year = format!(
            "INSERT INTO dossier_year_counts (dim, key, unit_path, year, {names})
             SELECT 'field', $2, unit_path, year, {values} FROM dossier_year_counts
             WHERE dim = 'procedure' AND key = $1 {add_year}"
        );
        for sql in [day, year] {
            tx.run(sql, Args::new().bind(procedure.to_string()).bind(field))
                .await?;
        }
    }
    Ok(())
}

/// The civil day in Vietnam of an instant in epoch milliseconds.
fn rating_day(ms: i64) -> Date {
    let at = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    xaphuong_core::calendar::vietnam_date(at)
}

/// Biểu 06 of a period: a row per field, the total, and the period's
/// ratings (all, and "không hài lòng").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bieu06 {
    pub rows: Vec<Row>,
    pub total: Row,
    pub rated: i64,
    pub dissatisfied: i64,
}

/// A key's sums before the period and within it.
struct Sums {
    key: String,
    before: DayCounts,
    within: DayCounts,
}

impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for Sums
where
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    fn from_row(row: &'r R) -> std::result::Result<Self, sqlx::Error> {
        let ten = |first: usize| -> std::result::Result<DayCounts, sqlx::Error> {
            let mut a = [0i64; 10];
            for (i, n) in a.iter_mut().enumerate() {
                *n = row.try_get::<Option<i64>, _>(first + i)?.unwrap_or(0);
            }
            Ok(DayCounts::from_array(a))
        };
        Ok(Sums {
            before: ten(1)?,
            within: ten(11)?,
            key: row.try_get(0)?,
        })
    }
}

/// `SELECT key, <10 sums before the period>, <10 sums within it> FROM
/// table`: on the day table, days before `$5` are before; on the year
/// table, everything is.
fn sums_sql(table: &str, days: bool) -> String {
    let sum =
        |cond: &str, n: &str| format!("CAST(SUM(CASE WHEN {cond} THEN {n} ELSE 0 END) AS BIGINT)");
    let (before, within) = if days {
        ("day < $5", "day >= $5")
    } else {
        ("1 = 1", "1 = 0")
    };
    let cols = |cond: &str| {
        DayCounts::NAMES
            .iter()
            .map(|n| sum(cond, n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "SELECT key, {}, {} FROM {table}",
        cols(before),
        cols(within)
    )
}

impl Store {
    /// Biểu 06 of `scope` for the period `from`–`to` (both days included),
    /// summed from the aggregates: the days of the period's years up to
    /// `to`, and the totals of the years before.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_stats(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
    ) -> Result<Bieu06> {
        let root = scope.root();
        let (dim, key, label) = match (f.procedure, &f.field) {
            (Some(p), field) => {
                let procedure = self.procedure(p).await?;
                if field.as_ref().is_some_and(|x| *x != procedure.field) {
                    return Ok(Bieu06 {
                        rows: Vec::new(),
                        total: stats::total(&[]),
                        rated: 0,
                        dissatisfied: 0,
                    });
                }
                ("procedure", Some(p.to_string()), Some(procedure.field))
            }
            (None, Some(field)) => ("field", Some(field.clone()), None),
            (None, None) => ("field", None, None),
        };
        // Years as literals: an IN list is one index seek per year.
        let years = (from.year()..=to.year())
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let day_sql = format!(
            "{} WHERE dim = $1 AND year IN ({years}) AND unit_path = $2
                 AND ($3 IS NULL OR key = $3) AND day <= $4 GROUP BY key",
            sums_sql("dossier_day_counts", true)
        );
        let year_sql = format!(
            "{} WHERE dim = $1 AND unit_path = $2 AND ($3 IS NULL OR key = $3)
                 AND year < $4 GROUP BY key",
            sums_sql("dossier_year_counts", false)
        );
        let days: Vec<Sums> = self
            .all::<Sums>(
                day_sql,
                Args::new()
                    .bind(dim)
                    .bind(root)
                    .bind(&key)
                    .bind(to.to_string())
                    .bind(from.to_string()),
            )
            .await?;
        let earlier: Vec<Sums> = self
            .all::<Sums>(
                year_sql,
                Args::new()
                    .bind(dim)
                    .bind(root)
                    .bind(&key)
                    .bind(i64::from(from.year())),
            )
            .await?;
        let mut by_key: HashMap<String, (DayCounts, DayCounts)> = HashMap::new();
        for s in days.into_iter().chain(earlier) {
            let e = by_key.entry(s.key).or_default();
            e.0.add(&s.before);
            e.1.add(&s.within);
        }
        let (mut rated, mut dissatisfied) = (0, 0);
        let mut rows: Vec<Row> = by_key
            .into_iter()
            .filter_map(|(k, (before, within))| {
                rated += within.rated;
                dissatisfied += within.dissatisfied;
                let field = label.clone().unwrap_or(k);
                let row = stats::row_from_sums(field, &before, &within);
                // A field with no dossier in hand has no row.
                (row.received() > 0).then_some(row)
            })
            .collect();
        rows.sort_by(|a, b| a.field.cmp(&b.field));
        let total = stats::total(&rows);
        Ok(Bieu06 {
            rows,
            total,
            rated,
            dissatisfied,
        })
    }

    /// Commits `tx`, which moved or added dossiers, and recounts the
    /// aggregates from them: the recount is recorded as a pending task in
    /// the same transaction, so should it be cut short it runs again at
    /// the next start.
    pub(crate) async fn commit_and_recount(&self, mut tx: Tx) -> Result<()> {
        tx.run(
            "INSERT INTO maintenance_tasks (task) VALUES ('rebuild_dossier_counts') ON CONFLICT DO NOTHING",
            Args::new(),
        )
        .await?;
        tx.commit().await?;
        self.rebuild_dossier_counts().await
    }

    /// Recounts the aggregates from the dossiers and ratings themselves,
    /// a page of dossiers at a time. Until it ends, the task stays pending
    /// and runs again from the start at the next opening.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn rebuild_dossier_counts(&self) -> Result<()> {
        let mut tx = self.db.begin().await?;
        tx.run("DELETE FROM dossier_day_counts", Args::new())
            .await?;
        tx.run("DELETE FROM dossier_year_counts", Args::new())
            .await?;
        tx.commit().await?;
        #[derive(sqlx::FromRow)]
        struct Line {
            id: Uuid,
            unit_path: String,
            procedure_id: Uuid,
            field: String,
            channel: String,
            status: String,
            received_at: Option<String>,
            due_at: Option<String>,
            finished_at: Option<String>,
            rated_at: Option<i64>,
            answers: Option<String>,
        }
        const PAGE: i64 = 10_000;
        let mut after: Option<Uuid> = None;
        loop {
            let lines: Vec<Line> = self.all(
                "SELECT d.id, d.unit_path, d.procedure_id, p.field, d.channel, d.status, d.received_at, d.due_at,
                         d.finished_at, r.rated_at, r.answers
                     FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
                     LEFT JOIN dossier_ratings r ON r.dossier_id = d.id
                     WHERE ($1 IS NULL OR d.id > $1) ORDER BY d.id LIMIT $2",
                Args::new()
                    .bind(after)
                    .bind(PAGE),
            )
            .await?;
            let Some(last) = lines.last() else { break };
            after = Some(last.id);
            let mut changes = CountChanges::default();
            let done = (lines.len() as i64) < PAGE;
            for l in lines {
                add_line(&mut changes, l)?;
            }
            let mut tx = self.db.begin().await?;
            changes.flush(&mut tx).await?;
            tx.commit().await?;
            if done {
                break;
            }
        }
        let mut tx = self.db.begin().await?;
        tx.run(
            "DELETE FROM maintenance_tasks WHERE task = 'rebuild_dossier_counts'",
            Args::new(),
        )
        .await?;
        return tx.commit().await;

        fn add_line(changes: &mut CountChanges, l: Line) -> Result<()> {
            let bad = |what: &str, v: &str| {
                StoreError::Unsupported(format!("Hồ sơ lưu {what} không đọc được: «{v}»"))
            };
            let dt = |s: &Option<String>| -> Result<Option<jiff::civil::DateTime>> {
                s.as_deref()
                    .map(|v| parse_dt(v).ok_or_else(|| bad("thời điểm", v)))
                    .transpose()
            };
            let channel = Channel::parse(&l.channel).ok_or_else(|| bad("kênh", &l.channel))?;
            let status = Status::parse(&l.status).ok_or_else(|| bad("trạng thái", &l.status))?;
            let t = DossierTimes {
                field: l.field.clone(),
                channel,
                received: dt(&l.received_at)?,
                due: dt(&l.due_at)?,
                finished: dt(&l.finished_at)?,
                resolved: matches!(status, Status::Resolved | Status::Returned),
            };
            for (day, c) in stats::day_counts(&t) {
                changes.add(&l.unit_path, l.procedure_id, &l.field, day, c);
            }
            if let Some(at) = l.rated_at {
                let (day, c) = stats::rating_counts(
                    rating_day(at),
                    l.answers.as_deref() == Some(super::DISSATISFIED),
                );
                changes.add(&l.unit_path, l.procedure_id, &l.field, day, c);
            }
            Ok(())
        }
    }
}
