//! The period's dossier times, late dossiers and ratings read from the
//! records themselves: the lists behind Biểu 06 and what its aggregates
//! are checked against.

use jiff::civil::{Date, DateTime};
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::lifecycle::{Channel, Status};
use xaphuong_core::onestop::stats::DossierTimes;

use super::{DISSATISFIED, DOSSIER_SELECT, Dossier, DossierRow, StatsFilter};
use crate::args::Args;
use crate::stored::{Code, Parsed};
use crate::{Result, Store};

/// `$1`/`$2` as the scope's path range, `$3`/`$4` as the last and first
/// minute of the period `from`–`to`, `$5`/`$6` as the filter's procedure
/// and field.
fn period_args(scope: &Scope, from: Date, to: Date, f: &StatsFilter) -> Args {
    Args::scope(scope)
        .text(Some(format!("{to}T23:59")))
        .text(Some(format!("{from}T00:00")))
        .uuid(f.procedure)
        .text(f.field.clone())
}

impl Store {
    /// What Biểu 06 counts of the dossiers of `scope` that were in hand
    /// between `from` and `to`, read from the records themselves: what the
    /// aggregates of [`Store::dossier_stats`] are checked against.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_times(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
    ) -> Result<Vec<DossierTimes>> {
        let rows: Vec<TimesRow> = self
            .all(
                "SELECT p.field, d.channel, d.status, d.received_at, d.due_at, d.finished_at
                     FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
                     WHERE d.unit_path >= $1 AND d.unit_path < $2 AND d.received_at IS NOT NULL
                       AND d.received_at <= $3 AND (d.finished_at IS NULL OR d.finished_at >= $4)
                       AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)
                     ORDER BY p.field",
                period_args(scope, from, to, f),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| DossierTimes {
                field: r.field,
                channel: r.channel.0,
                resolved: matches!(r.status.0, Status::Resolved | Status::Returned),
                received: r.received_at.map(|d| d.0),
                due: r.due_at.map(|d| d.0),
                finished: r.finished_at.map(|d| d.0),
            })
            .collect())
    }

    /// The period's dossiers that missed their due date: finished late in
    /// the period, or still open after it passed by the period's end (the
    /// "quá hạn" cells of Biểu 06, counted the same way), and those that
    /// missed the first one and had the apology letter with a new date
    /// (Art. 19(6)), late or not against it. At most `limit`, the longest
    /// overdue first; and how many there are in all.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn late_dossiers(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
        limit: i64,
    ) -> Result<(Vec<Dossier>, i64)> {
        // late_watch holds every dossier the rest can select; its partial
        // index holds what the rest checks: the list reads a small share of
        // the scope, from the index alone.
        const FILTER: &str = "d.late_watch AND d.unit_path >= $1 AND d.unit_path < $2
             AND d.received_at IS NOT NULL AND d.received_at <= $3
             AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)
             AND ((d.finished_at >= $4 AND d.finished_at <= $3 AND d.status IN ('resolved', 'returned')
                   AND (d.finished_at > d.due_at OR d.apologised))
               OR ((d.finished_at IS NULL OR d.finished_at > $3) AND (d.due_at <= $3 OR d.apologised)))";
        let args = period_args(scope, from, to, f);
        let total: (i64,) = self
            .one(
                format!(
                    "SELECT COUNT(*) FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE {FILTER}"
                ),
                args.clone(),
            )
            .await?;
        let rows: Vec<DossierRow> = self
            .all(
                format!("{DOSSIER_SELECT} WHERE {FILTER} ORDER BY d.due_at, d.code LIMIT $7"),
                args.int(limit),
            )
            .await?;
        Ok((rows.into_iter().map(Dossier::from).collect(), total.0))
    }

    /// The period's ratings of dossiers in `scope`: how many, and how many
    /// "không hài lòng", counted from the ratings themselves (what the
    /// aggregates are checked against).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn rating_counts(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
    ) -> Result<(i64, i64)> {
        let (lo, hi) = scope.path_range();
        let ms = |d: DateTime| xaphuong_core::calendar::vietnam_instant(d).as_millisecond();
        let start = ms(from.at(0, 0, 0, 0));
        let end = ms(to.at(23, 59, 59, 999_000_000));
        let row: (i64, Option<i64>) = self.one(
            "SELECT COUNT(*), SUM(CASE WHEN r.answers = $7 THEN 1 ELSE 0 END)
                 FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id JOIN procedures p ON p.id = d.procedure_id
                 WHERE d.unit_path >= $1 AND d.unit_path < $2 AND r.rated_at >= $3 AND r.rated_at <= $4
                   AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)",
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .bind(start)
                .bind(end)
                .bind(f.procedure)
                .bind(&f.field)
                .bind(DISSATISFIED),
        )
        .await?;
        Ok((row.0, row.1.unwrap_or(0)))
    }
}

#[derive(sqlx::FromRow)]
struct TimesRow {
    field: String,
    channel: Code<Channel>,
    status: Code<Status>,
    received_at: Option<Parsed<DateTime>>,
    due_at: Option<Parsed<DateTime>>,
    finished_at: Option<Parsed<DateTime>>,
}
