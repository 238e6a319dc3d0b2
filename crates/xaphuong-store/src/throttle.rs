//! Login throttling kept in the database (not in process memory), so that
//! several app servers share it.

use xaphuong_core::throttle::lock_seconds;

use crate::{Result, Store, now_ms};

/// A run of failures older than this is forgotten.
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

impl Store {
    /// Counts a sign-in attempt against each of `keys` (with its number of
    /// free failures) *before* the password is checked, and admits it only
    /// if none of them is locked: parallel guesses are serialised on the
    /// keys' rows, so no more of them are checked than the rule allows.
    /// Returns 0 when admitted, else the milliseconds still to wait (and
    /// counts nothing). A success forgets the account's count
    /// ([`Store::login_succeeded`]); a failure needs nothing more.
    pub async fn login_attempt(&self, keys: &[(&str, i64); 2]) -> Result<i64> {
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (key, free) in keys {
            exec!(&mut tx, |c| sqlx::query(
                "INSERT INTO login_throttle (key, failures, locked_until, updated_at)
                 VALUES ($1, 0, 0, $2) ON CONFLICT (key) DO NOTHING"
            )
            .bind(*key)
            .bind(now)
            .execute(c)
            .await)?;
            // One statement reads, checks and counts: the row stays locked
            // until the transaction ends, so a parallel attempt sees this
            // one's count.
            let sql = format!(
                "UPDATE login_throttle SET
                     failures = {next},
                     locked_until = $2 + 1000 * ({lock}),
                     updated_at = $2
                 WHERE key = $1 AND locked_until <= $2
                 RETURNING failures",
                next = NEXT_FAILURES,
                lock = lock_sql(*free),
            );
            let admitted: Option<(i64,)> = tx!(&mut tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(
                sql.clone()
            ))
            .bind(*key)
            .bind(now)
            .bind(FORGET_AFTER_MS)
            .fetch_optional(c)
            .await)?;
            if admitted.is_none() {
                let until: i64 = tx!(&mut tx, |c| sqlx::query_scalar(
                    "SELECT locked_until FROM login_throttle WHERE key = $1"
                )
                .bind(*key)
                .fetch_one(c)
                .await)?;
                // Dropped, the transaction keeps nothing of this attempt.
                drop(tx);
                return Ok((until - now).max(1));
            }
        }
        tx.commit().await?;
        Ok(0)
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

/// The count after this attempt: a run older than `$3` ms starts again.
const NEXT_FAILURES: &str =
    "CASE WHEN login_throttle.updated_at < $2 - $3 THEN 1 ELSE login_throttle.failures + 1 END";

/// [`lock_seconds`] of the count after this attempt, as SQL: the rule is
/// written out for each count up to where its wait stops growing.
fn lock_sql(free: i64) -> String {
    let cap = lock_seconds(i64::MAX, free);
    let mut arms = String::new();
    let mut n = free + 1;
    loop {
        let secs = lock_seconds(n, free);
        if secs == cap {
            break;
        }
        arms.push_str(&format!(" WHEN {n} THEN {secs}"));
        n += 1;
    }
    format!(
        "CASE WHEN ({NEXT_FAILURES}) <= {free} THEN 0 ELSE CASE ({NEXT_FAILURES}){arms} ELSE {cap} END END"
    )
}
