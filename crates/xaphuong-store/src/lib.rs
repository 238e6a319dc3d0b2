//! The only place that speaks SQL. One set of queries serves SQLite and
//! PostgreSQL: each query text is written once and expanded for both pools by
//! the `read!` and `tx!` macros, so every arm is type-checked.

#[macro_use]
mod db;
pub mod audit;
mod backup;
pub mod budget;
pub mod calendar;
mod error;
pub mod handovers;
pub mod households;
mod imports;
pub mod inspections;
pub mod onestop;
pub mod recruitment;
pub mod resolutions;
pub mod sessions;
pub mod testing;
pub mod throttle;
pub mod units;
pub mod users;
pub mod violations;

pub use db::{Backend, Db, redact_url};
pub use error::StoreError;

use uuid::Uuid;
use xaphuong_core::access;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The storage facade every handler and command talks to. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
}

impl Store {
    /// Opens the database at `url` (`sqlite://PATH` or `postgres://…`),
    /// creating a SQLite file if missing, and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        Ok(Self { db })
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

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
        R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
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

pub const DEFAULT_PER_PAGE: i64 = 50;
pub const MAX_PER_PAGE: i64 = 500;

/// Page number and size as asked, clamped to sane values.
pub(crate) fn limit_offset(page: Option<i64>, per_page: Option<i64>) -> (i64, i64, i64) {
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE);
    let page = page.unwrap_or(1).max(1);
    (page, per_page, (page - 1) * per_page)
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
