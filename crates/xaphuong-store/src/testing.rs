//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL
//! database on the server named by `XAPHUONG_TEST_PG_URL`, one per test.

use std::str::FromStr;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection};

use crate::args::Args;
use crate::{Backend, Result, Store};

pub const PG_URL_VAR: &str = "XAPHUONG_TEST_PG_URL";

/// A variant that cannot run on this machine (no PostgreSQL URL, no
/// LibreOffice): said on stderr, except under CI (`CI` set), where it
/// fails, so that a missing service never counts as a passing test.
pub fn not_run(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}; under CI every variant must run"
    );
    eprintln!("not run: {why}");
}

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pg: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => Some(sqlite().await),
            Backend::Postgres => postgres().await,
        }
    }

    /// Closes the pools and drops the PostgreSQL database.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.pg
            && let Ok(mut conn) = PgConnection::connect(&admin_url).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await;
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::open(&url).await.expect("open SQLite test database");
    TestDb {
        store,
        url,
        pg: None,
        _dir: Some(dir),
    }
}

/// `None` when `XAPHUONG_TEST_PG_URL` is unset. When it is set, a server
/// that cannot be reached fails the test.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = std::env::var(PG_URL_VAR).ok().filter(|s| !s.is_empty())?;
    let name = format!("xaphuong_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("{PG_URL_VAR} is set but the server cannot be reached: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let url = database_url(&admin_url, &name).expect("test database URL");
    let store = Store::open(&url)
        .await
        .expect("open PostgreSQL test database");
    Some(TestDb {
        store,
        url,
        pg: Some((admin_url, name)),
        _dir: None,
    })
}

/// Runs `sql` as it is on the writer, e.g. to damage a stored value on
/// purpose and see that it is not read as a default.
pub async fn execute(store: &Store, sql: &str) -> Result<u64> {
    let mut tx = store.db.begin().await?;
    let n = tx.run(sql.to_owned(), Args::new()).await?;
    tx.commit().await?;
    Ok(n)
}

/// One number read by plain SQL, to check what the store computes against
/// a count written by hand.
pub async fn scalar(store: &Store, sql: &str) -> Result<i64> {
    Ok(read!(&store.db, |c| sqlx::query_scalar(
        sqlx::AssertSqlSafe(sql.to_owned())
    )
    .fetch_one(c)
    .await)?)
}

/// `households` households of group `group` (codes H000001…), each with
/// `members` members (named "Thành viên 000001"…), written straight in SQL
/// without audit: a register too large to build through imports in a test.
pub async fn many_members(
    store: &Store,
    group: &crate::units::Unit,
    households: i64,
    members: i64,
) -> Result<()> {
    let commune = group.parent_id.unwrap_or(group.id);
    let (make_households, make_members) = match store.backend() {
        Backend::Sqlite => (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
             INSERT INTO households (id, code, commune_id, group_id, unit_path, head_name, address, area,
                 search_key, registered_on, moved_out_on, created_at, updated_at)
             SELECT randomblob(16), printf('H%06d', i), $2, $3, $4, printf('Chủ hộ %06d', i), 'Tổ 5', 'urban',
                 printf('h%06d', i), '2020-01-01', NULL, 0, 0 FROM n",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
             INSERT INTO household_members (id, household_id, full_name, relation, birth_year, sex, citizen_id,
                 created_at, updated_at)
             SELECT randomblob(16), h.id, printf('Thành viên %06d', n.i), 'child', 1990, 'male', NULL, 0, 0
             FROM households h CROSS JOIN n WHERE h.unit_path = $2",
        ),
        Backend::Postgres => (
            "INSERT INTO households (id, code, commune_id, group_id, unit_path, head_name, address, area,
                 search_key, registered_on, moved_out_on, created_at, updated_at)
             SELECT gen_random_uuid(), 'H' || lpad(i::text, 6, '0'), $2, $3, $4, 'Chủ hộ ' || lpad(i::text, 6, '0'),
                 'Tổ 5', 'urban', 'h' || lpad(i::text, 6, '0'), '2020-01-01', NULL, 0, 0
             FROM generate_series(1, $1) AS n(i)",
            "INSERT INTO household_members (id, household_id, full_name, relation, birth_year, sex, citizen_id,
                 created_at, updated_at)
             SELECT gen_random_uuid(), h.id, 'Thành viên ' || lpad(i::text, 6, '0'), 'child', 1990, 'male', NULL, 0, 0
             FROM households h CROSS JOIN generate_series(1, $1) AS n(i) WHERE h.unit_path = $2",
        ),
    };
    let mut tx = store.db.begin().await?;
    exec!(&mut tx, |c| sqlx::query(make_households)
        .bind(households)
        .bind(commune)
        .bind(group.id)
        .bind(&group.path)
        .execute(c)
        .await)?;
    exec!(&mut tx, |c| sqlx::query(make_members)
        .bind(members)
        .bind(&group.path)
        .execute(c)
        .await)?;
    tx.commit().await
}

/// A fresh PostgreSQL database, or `None` after saying (see [`not_run`])
/// that the PostgreSQL variant does not run here.
pub async fn postgres_or_not_run() -> Option<TestDb> {
    let db = postgres().await;
    if db.is_none() {
        not_run(&format!("PostgreSQL variant: {PG_URL_VAR} is unset"));
    }
    db
}

/// `admin_url` with its database replaced by `name`.
fn database_url(admin_url: &str, name: &str) -> Result<String> {
    // Validate the URL the way the driver reads it, then swap the path.
    PgConnectOptions::from_str(admin_url)?;
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    Ok(format!("{host_part}/{name}{query}"))
}

/// Defines `sqlite` and `postgres` variants of a store test. The PostgreSQL
/// one runs when `XAPHUONG_TEST_PG_URL` is set (CI sets it) and says so on
/// stderr when it is not.
#[macro_export]
macro_rules! store_test {
    ($name:ident, |$store:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($store: $crate::Store) $body

            #[tokio::test]
            async fn sqlite() {
                let db = $crate::testing::sqlite().await;
                run(db.store.clone()).await;
                db.cleanup().await;
            }

            #[tokio::test]
            async fn postgres() {
                let Some(db) = $crate::testing::postgres_or_not_run().await else {
                    return;
                };
                run(db.store.clone()).await;
                db.cleanup().await;
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_is_swapped_in_the_url() {
        assert_eq!(
            super::database_url("postgres://postgres@127.0.0.1:5432/test", "x").unwrap(),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::database_url("postgres://u:p@h/test?sslmode=disable", "x").unwrap(),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            super::database_url("postgres://h:5432", "x").unwrap(),
            "postgres://h:5432/x"
        );
    }
}
