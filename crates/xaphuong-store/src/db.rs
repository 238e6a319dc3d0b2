//! The two backends behind one enum. Queries are written once and expanded
//! for each pool by `read!` (a pool) and `tx!` (an open transaction).

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};

use crate::{Result, StoreError};

pub(crate) static SQLITE_MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The version of the last migration this build knows (both backends
/// have the same list).
pub(crate) fn schema_version() -> i64 {
    SQLITE_MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connected database. SQLite gets one writer connection and a pool of
/// readers: with WAL, readers never wait and writers never meet SQLITE_BUSY.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

/// An open transaction on either backend.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the read pool of whichever backend `$db` is.
macro_rules! read {
    ($db:expr, |$c:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { read: $c, .. } => $body,
            $crate::db::Db::Postgres($c) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the connection of transaction `$tx`.
macro_rules! tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Like `tx!` for a statement that returns no rows: yields rows affected.
macro_rules! exec {
    ($tx:expr, |$c:ident| $body:expr) => {
        tx!($tx, |$c| ($body).map(|r| r.rows_affected()))
    };
}

impl Tx {
    pub(crate) async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// The URL with its password replaced, for logs and messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// The `synchronous` setting of a SQLite URL (`?synchronous=normal`), and
/// the URL without it. FULL unless lowered: in WAL mode with NORMAL, a
/// commit acknowledged just before a power cut may be lost, and a citizen
/// would hold a receipt for a dossier that no longer exists.
fn sqlite_synchronous(url: &str) -> Result<(String, SqliteSynchronous)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), SqliteSynchronous::Full));
    };
    let mut synchronous = SqliteSynchronous::Full;
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("synchronous", v)) => {
                synchronous = match v.to_ascii_lowercase().as_str() {
                    "full" => SqliteSynchronous::Full,
                    "normal" => SqliteSynchronous::Normal,
                    _ => {
                        return Err(StoreError::Unsupported(format!(
                            "synchronous={v}: chỉ nhận full (mặc định, không mất giao dịch khi mất điện) hoặc normal (nhanh hơn, có thể mất các giao dịch cuối cùng khi mất điện)"
                        )));
                    }
                }
            }
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((url, synchronous))
}

impl Db {
    /// Chooses the backend from the URL's scheme and refuses any other:
    /// silently creating a SQLite file for a mistyped URL would lose data.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn connect(url: &str) -> Result<Self> {
        let scheme = url
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match scheme.as_str() {
            "sqlite" => {
                let (url, synchronous) = sqlite_synchronous(url)?;
                let url = url.as_str();
                let opts = SqliteConnectOptions::from_str(url)
                    .map_err(|_| StoreError::UnsupportedUrl(redact_url(url)))?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(synchronous)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                let memory = url.contains(":memory:") || url.contains("mode=memory");
                let write = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(opts.clone())
                    .await?;
                let read = if memory {
                    write.clone()
                } else {
                    // Rows of a long read (an export) cross from SQLite's
                    // thread in larger runs: fewer wake-ups per row.
                    SqlitePoolOptions::new()
                        .max_connections(4)
                        .connect_with(opts.read_only(true).row_buffer_size(512))
                        .await?
                };
                Ok(Db::Sqlite { read, write })
            }
            "postgres" | "postgresql" => {
                let opts = PgConnectOptions::from_str(url)
                    .map_err(|_| StoreError::UnsupportedUrl(redact_url(url)))?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?;
                Ok(Db::Postgres(pool))
            }
            _ => Err(StoreError::UnsupportedUrl(redact_url(url))),
        }
    }

    /// SQLite's `synchronous` on the writer (`full`, `normal`…); `None`
    /// on PostgreSQL.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn sqlite_synchronous(&self) -> Result<Option<&'static str>> {
        let Db::Sqlite { write, .. } = self else {
            return Ok(None);
        };
        let (n,): (i64,) = sqlx::query_as("PRAGMA synchronous")
            .fetch_one(write)
            .await?;
        Ok(Some(match n {
            0 => "off",
            1 => "normal",
            2 => "full",
            _ => "extra",
        }))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite { write, .. } => SQLITE_MIGRATOR.run(write).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATOR.run(pool).await?,
        }
        Ok(())
    }

    pub(crate) async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn close(&self) {
        match self {
            Db::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let versions = |m: &Migrator| {
            m.iter()
                .map(|x| (x.version, x.description.to_string()))
                .collect::<Vec<_>>()
        };
        let sqlite = versions(&SQLITE_MIGRATOR);
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, versions(&POSTGRES_MIGRATOR));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db.local:5432/x"),
            "postgres://app:***@db.local:5432/x"
        );
        assert_eq!(redact_url("sqlite://xaphuong.db"), "sqlite://xaphuong.db");
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused_with_a_message() {
        let err = Db::connect("mysql://root@localhost/x").await.unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedUrl(_)));
        assert!(err.to_string().contains("không được hỗ trợ"));
        let err = Db::connect("xaphuong.db").await.unwrap_err();
        assert!(matches!(err, StoreError::UnsupportedUrl(_)));
    }
}
