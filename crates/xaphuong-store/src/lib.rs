//! The only place that speaks SQL. One set of queries serves SQLite and
//! PostgreSQL: each query text is written once and expanded for both pools by
//! the `read!` and `tx!` macros, so every arm is type-checked.

#[macro_use]
mod db;
pub mod activities;
mod args;
pub mod audit;
mod backup;
pub mod budget;
mod bulk;
pub mod bundles;
pub mod businesses;
pub mod calendar;
pub mod cooperatives;
mod error;
pub mod handovers;
pub mod households;
mod imports;
pub mod inspections;
pub mod onestop;
pub mod problems;
pub mod receptions;
pub mod recruitment;
pub mod reorganisations;
pub mod resolutions;
pub mod sessions;
pub mod spending;
mod stored;
pub mod tax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod throttle;
pub mod units;
pub mod users;
mod version;
pub mod violations;
pub mod webhooks;
pub mod works;

pub use db::{Backend, Db, redact_url};
pub use error::{STALE, StoreError};

use uuid::Uuid;
use xaphuong_core::access;

use crate::args::Args;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The storage facade every handler and command talks to. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
}

impl Store {
    /// Opens the database at `url` (`sqlite://PATH` or `postgres://…`),
    /// creating a SQLite file if missing, and brings its schema up to date.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open(url: &str) -> Result<Self> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        let store = Self { db };
        store.run_maintenance().await?;
        Ok(store)
    }

    /// Does what the migrations left to do (see `maintenance_tasks`).
    async fn run_maintenance(&self) -> Result<()> {
        let tasks: Vec<(String,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT task FROM maintenance_tasks")
                .fetch_all(c)
                .await
        })?;
        for (task,) in tasks {
            match task.as_str() {
                "rebuild_dossier_counts" => self.rebuild_dossier_counts().await?,
                other => {
                    return Err(StoreError::Unsupported(format!(
                        "Việc bảo trì «{other}» không có trong phiên bản này"
                    )));
                }
            }
        }
        Ok(())
    }

    /// After a bulk load on PostgreSQL, brings the planner's statistics
    /// and the visibility map (which index-only scans need) up to date, so
    /// that the first requests do not run on plans made for empty tables;
    /// autovacuum would do both, but only minutes later. SQLite is left
    /// without statistics: its plans are the ones the plan tests check.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn refresh_statistics(&self) -> Result<()> {
        if let Db::Postgres(pool) = &self.db {
            sqlx::query("VACUUM (ANALYZE)").execute(pool).await?;
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// SQLite's durability setting (`full` unless the URL lowers it with
    /// `?synchronous=normal`); `None` on PostgreSQL.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn sqlite_synchronous(&self) -> Result<Option<&'static str>> {
        self.db.sqlite_synchronous().await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn close(&self) {
        self.db.close().await;
    }
}

impl Store {
    /// The one row of `sql` (which ends in `WHERE <alias>.id = $1 AND
    /// <alias>.unit_path >= $2 AND <alias>.unit_path < $3`) inside `scope`:
    /// every register reads a record by id this way, so a record outside
    /// the caller's scope is simply not found.
    pub(crate) async fn scoped_row<R>(
        &self,
        sql: String,
        scope: &access::Scope,
        id: Uuid,
        what: &'static str,
    ) -> Result<R>
    where
        R: FromRows,
    {
        let (lo, hi) = scope.path_range();
        let row = read!(&self.db, |c| sqlx::query_as::<_, R>(sqlx::AssertSqlSafe(
            sql.clone()
        ))
        .bind(id)
        .bind(&lo)
        .bind(&hi)
        .fetch_optional(c)
        .await)?;
        row.ok_or(StoreError::NotFound(what))
    }
}

/// A row type both backends read.
pub(crate) trait FromRows:
    for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
    + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
    + Send
    + Unpin
{
}

impl<R> FromRows for R where
    R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin
{
}

/// A register's list: the rows it counts and reads under one filter, in
/// one order.
pub(crate) struct Listing<'a> {
    /// What the count reads: the table with its alias, and any join the
    /// filter needs.
    pub from: &'a str,
    /// The list's `SELECT … FROM …`, joins included.
    pub select: &'a str,
    pub filter: &'a str,
    pub order: &'a str,
}

impl Listing<'_> {
    fn count(&self) -> String {
        format!("SELECT COUNT(*) FROM {} WHERE {}", self.from, self.filter)
    }

    /// Every row in the list's order.
    pub fn rows(&self) -> String {
        format!(
            "{} WHERE {} ORDER BY {}",
            self.select, self.filter, self.order
        )
    }
}

impl Store {
    /// A page of `list`, whose filter takes `args`; the page's size and
    /// offset are the two parameters after them.
    pub(crate) async fn page<R: FromRows, T: From<R>>(
        &self,
        list: &Listing<'_>,
        args: Args,
        (page, per_page): (Option<i64>, Option<i64>),
    ) -> Result<Page<T>> {
        let (page, per_page, offset) = limit_offset(page, per_page);
        let n = args.len();
        let rows_sql = format!("{} LIMIT ${} OFFSET ${}", list.rows(), n + 1, n + 2);
        let paged = args.clone().int(per_page).int(offset);
        let (total, rows) = read!(&self.db, |c| {
            let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(list.count()), args)
                .fetch_one(c)
                .await?;
            let rows = sqlx::query_as_with::<_, R, _>(sqlx::AssertSqlSafe(rows_sql), paged)
                .fetch_all(c)
                .await?;
            Ok::<_, sqlx::Error>((total, rows))
        })?;
        Ok(Page {
            items: rows.into_iter().map(T::from).collect(),
            total,
            page,
            per_page,
        })
    }

    /// Every row `sql` returns for `args`, as they come: a register read
    /// for a file from one query, so that it is never held whole.
    pub(crate) fn stream<R, T>(
        &self,
        sql: String,
        args: Args,
    ) -> futures_util::stream::BoxStream<'_, Result<T>>
    where
        R: FromRows + 'static,
        T: From<R> + Send + 'static,
    {
        use futures_util::StreamExt;
        let rows = read!(&self.db, |c| {
            sqlx::query_as_with::<_, R, _>(sqlx::AssertSqlSafe(sql), args)
                .fetch(c)
                .boxed()
        });
        rows.map(|r| Ok(T::from(r?))).boxed()
    }

    /// The rows `sql` returns for `args`.
    pub(crate) async fn all<R: FromRows>(
        &self,
        sql: impl Into<String>,
        args: Args,
    ) -> Result<Vec<R>> {
        let sql = sql.into();
        Ok(read!(&self.db, |c| {
            sqlx::query_as_with::<_, R, _>(sqlx::AssertSqlSafe(sql), args)
                .fetch_all(c)
                .await
        })?)
    }

    /// The row `sql` returns for `args`, if any.
    pub(crate) async fn opt<R: FromRows>(
        &self,
        sql: impl Into<String>,
        args: Args,
    ) -> Result<Option<R>> {
        let sql = sql.into();
        Ok(read!(&self.db, |c| {
            sqlx::query_as_with::<_, R, _>(sqlx::AssertSqlSafe(sql), args)
                .fetch_optional(c)
                .await
        })?)
    }

    /// The first row `sql` returns for `args`; none is an error.
    pub(crate) async fn one<R: FromRows>(&self, sql: impl Into<String>, args: Args) -> Result<R> {
        let row = self.opt(sql, args).await?;
        Ok(row.ok_or(sqlx::Error::RowNotFound)?)
    }

    /// A page of a register searched by text and kept to a year, newest
    /// first as `list` orders it. Its filter takes `$1`/`$2` as the
    /// scope's path range, `$3` as the search pattern and `$4`/`$5` as the
    /// year's first and last day.
    pub(crate) async fn dated_page<R: FromRows, T: From<R>>(
        &self,
        list: &Listing<'_>,
        scope: &access::Scope,
        q: Option<&str>,
        year: Option<i16>,
        paging: (Option<i64>, Option<i64>),
    ) -> Result<Page<T>> {
        self.page::<R, T>(list, dated_args(scope, q, year), paging)
            .await
    }
}

/// The scope's path range, the search pattern and the year's first and
/// last day: `$1` to `$5` of a dated register.
pub(crate) fn dated_args(scope: &access::Scope, q: Option<&str>, year: Option<i16>) -> Args {
    let (from, to) = year_range(year);
    Args::scope(scope)
        .text(search_pattern(q))
        .text(from)
        .text(to)
}

impl Store {
    /// `{alias}.unit_path` in `[$1, $2)`, checked row by row: SQLite's
    /// planner, which knows nothing of how much of the table a path range
    /// holds, is kept off the path index (`|| ''`) so that it walks the
    /// index of the list's order or of a date; PostgreSQL, which knows,
    /// gets the plain range to weigh.
    pub(crate) fn path_checked(&self, alias: &str) -> String {
        match self.db.backend() {
            Backend::Sqlite => {
                format!("{alias}.unit_path || '' >= $1 AND {alias}.unit_path || '' < $2")
            }
            Backend::Postgres => format!("{alias}.unit_path >= $1 AND {alias}.unit_path < $2"),
        }
    }

    /// Whether `scope` holds more than one commune. A list of such a scope
    /// walks a deployment-wide index in the list's order and checks the
    /// scope on the way ([`Store::path_checked`]); a commune's list reads
    /// its own index range.
    pub(crate) async fn spans_communes(&self, scope: &access::Scope) -> Result<bool> {
        let access::Scope::Subtree(root) = scope else {
            return Ok(true);
        };
        let level: Option<(String,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT level FROM units WHERE path = $1")
                .bind(root)
                .fetch_optional(c)
                .await
        })?;
        Ok(matches!(
            level.as_ref().map(|(l,)| l.as_str()),
            Some("province" | "district")
        ))
    }
}

impl Store {
    /// The plan SQLite chooses for `sql` (its `EXPLAIN QUERY PLAN` lines),
    /// parameters unbound: what the planner decides before seeing values.
    /// PostgreSQL explains the statements it runs itself (`auto_explain`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn explain_query_plan(&self, sql: &str) -> Result<Vec<String>> {
        let Db::Sqlite { read, .. } = &self.db else {
            return Err(StoreError::Unsupported(
                "EXPLAIN QUERY PLAN là của SQLite".into(),
            ));
        };
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .fetch_all(read)
                .await?;
        Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
    }
}

/// A page of a list, with what the page links need.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// A page of a list read in key order: no offset to skip, no exact count
/// of the whole scope, so a province's list costs what a ward's does.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Slice<T> {
    pub items: Vec<T>,
    /// The last item's id, to ask for the next page; `None` on the last.
    pub next: Option<Uuid>,
    /// How many the list holds, counted up to [`COUNT_CAP`].
    pub count: Count,
}

/// A list's size: exact up to [`COUNT_CAP`], then only "more than".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "n", rename_all = "snake_case")]
pub enum Count {
    Exact(i64),
    MoreThan(i64),
}

impl Count {
    /// From a count made with `LIMIT COUNT_CAP + 1`.
    pub(crate) fn capped(n: i64) -> Self {
        if n > COUNT_CAP {
            Count::MoreThan(COUNT_CAP)
        } else {
            Count::Exact(n)
        }
    }

    /// The lower bound: all of it when exact.
    pub fn at_least(self) -> i64 {
        match self {
            Count::Exact(n) | Count::MoreThan(n) => n,
        }
    }

    /// The lower bound and whether it is the whole count, as the API's
    /// keyset lists answer them (`count`, `count_exact`).
    pub fn parts(self) -> (i64, bool) {
        (self.at_least(), matches!(self, Count::Exact(_)))
    }
}

/// The page of `rows` (read with one row more than `per_page`, to know
/// whether another page follows) and the list's count.
pub(crate) fn slice<T>(
    mut rows: Vec<T>,
    per_page: i64,
    count: i64,
    id: impl Fn(&T) -> Uuid,
) -> Slice<T> {
    let more = rows.len() as i64 > per_page;
    rows.truncate(per_page.max(0) as usize);
    Slice {
        next: if more { rows.last().map(&id) } else { None },
        items: rows,
        count: Count::capped(count),
    }
}

/// Lists count their rows up to this many.
pub const COUNT_CAP: i64 = 10_000;

pub const DEFAULT_PER_PAGE: i64 = 50;
pub const MAX_PER_PAGE: i64 = 500;

/// Page number and size as asked, clamped to sane values.
pub(crate) fn limit_offset(page: Option<i64>, per_page: Option<i64>) -> (i64, i64, i64) {
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE);
    // Past this page no list has rows; the bound keeps the offset from
    // overflowing on a page number sent from outside.
    let page = page.unwrap_or(1).clamp(1, MAX_PAGE);
    (page, per_page, (page - 1) * per_page)
}

/// The last page a list may be asked for.
pub const MAX_PAGE: i64 = 1_000_000_000;

/// The `LIKE … ESCAPE '\'` pattern of a list's search box, or `None` when
/// it is blank, and the list is not searched.
pub(crate) fn search_pattern(q: Option<&str>) -> Option<String> {
    q.map(str::trim)
        .filter(|q| !q.is_empty())
        .map(xaphuong_core::text::contains_pattern)
}

/// A year as the closed range of its ISO dates, for `TEXT` date columns.
pub(crate) fn year_range(year: Option<i16>) -> (Option<String>, Option<String>) {
    match year {
        Some(y) => (Some(format!("{y:04}-01-01")), Some(format!("{y:04}-12-31"))),
        None => (None, None),
    }
}

pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub(crate) fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    /// A page number from outside, however large or small, gives an
    /// offset without overflow.
    #[test]
    fn any_page_number_gives_an_offset() {
        assert_eq!(super::limit_offset(None, None), (1, 50, 0));
        assert_eq!(super::limit_offset(Some(3), Some(20)), (3, 20, 40));
        assert_eq!(super::limit_offset(Some(-5), Some(0)), (1, 1, 0));
        let (page, per_page, offset) = super::limit_offset(Some(i64::MAX), Some(i64::MAX));
        assert_eq!((page, per_page), (super::MAX_PAGE, super::MAX_PER_PAGE));
        assert_eq!(offset, (super::MAX_PAGE - 1) * super::MAX_PER_PAGE);
    }
}
