//! Login throttling kept in the database (not in process memory), so that
//! several app servers share it.

use xaphuong_core::throttle::lock_seconds;

use crate::{Result, Store, now_ms};

/// A run of failures older than this is forgotten.
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

impl Store {
    /// Milliseconds the caller must still wait before trying any of `keys`.
    pub async fn login_wait(&self, keys: &[&str; 2]) -> Result<i64> {
        let now = now_ms();
        let until: Option<i64> = read!(&self.db, |c| sqlx::query_scalar(
            "SELECT MAX(locked_until) FROM login_throttle WHERE key IN ($1, $2)"
        )
        .bind(keys[0])
        .bind(keys[1])
        .fetch_one(c)
        .await)?;
        Ok(until.map_or(0, |u| (u - now).max(0)))
    }

    /// Counts one more failure for `key`; `free` failures cost no wait.
    pub async fn login_failed(&self, key: &str, free: i64) -> Result<()> {
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        let prev: Option<(i64, i64)> = tx!(&mut tx, |c| sqlx::query_as(
            "SELECT failures, updated_at FROM login_throttle WHERE key = $1"
        )
        .bind(key)
        .fetch_optional(c)
        .await)?;
        let failures = match prev {
            Some((n, at)) if now - at < FORGET_AFTER_MS => n + 1,
            _ => 1,
        };
        let locked_until = now + lock_seconds(failures, free) * 1000;
        exec!(&mut tx, |c| {
            sqlx::query(
            "INSERT INTO login_throttle (key, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at"
        )
        .bind(key)
        .bind(failures)
        .bind(locked_until)
        .bind(now)
        .execute(c)
        .await
        })?;
        tx.commit().await
    }

    /// Forgets the failures of `key` after a successful sign-in.
    pub async fn login_succeeded(&self, key: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        exec!(&mut tx, |c| sqlx::query(
            "DELETE FROM login_throttle WHERE key = $1"
        )
        .bind(key)
        .execute(c)
        .await)?;
        tx.commit().await
    }
}
