//! Login throttling kept in the database (not in process memory), so that
//! several app servers share it.

use xaphuong_core::throttle::{FREE_FAILURES, address_delay_ms, lock_seconds};

use crate::args::Args;
use crate::{Result, Store, now_ms};

/// A run of failures older than this is forgotten.
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

/// What a sign-in attempt may do, decided before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admission {
    /// The account is locked this long (ms): the attempt is refused, even
    /// with the right password. 0 when admitted.
    pub wait_ms: i64,
    /// The address has failed too often across accounts: the attempt is
    /// answered only after this long (ms), never refused.
    pub delay_ms: i64,
}

impl Store {
    /// Counts a sign-in attempt *before* the password is checked: against
    /// the account (`account`), which locks after its free failures, and
    /// against the address it came from (`address`), which only slows
    /// down, so that one address's failures (an office behind one NAT, or
    /// a password sprayer) never lock out the right password of an account
    /// that is not itself under attack. Parallel guesses are serialised on
    /// the account's row, so no more of them are checked than the rule
    /// allows. A refused attempt counts nothing; a success forgets the
    /// account's count and takes this attempt off the address's
    /// ([`Store::login_succeeded`]).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn login_attempt(&self, account: &str, address: &str) -> Result<Admission> {
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO login_throttle (key, failures, locked_until, updated_at)
             VALUES ($1, 0, 0, $2) ON CONFLICT (key) DO NOTHING",
            Args::new().bind(account).bind(now),
        )
        .await?;
        // One statement reads, checks and counts: the row stays locked
        // until the transaction ends, so a parallel attempt sees this one's
        // count.
        let sql = format!(
            "UPDATE login_throttle SET
                 failures = {next},
                 locked_until = $2 + 1000 * ({lock}),
                 updated_at = $2
             WHERE key = $1 AND locked_until <= $2
             RETURNING failures",
            next = NEXT_FAILURES,
            lock = lock_sql(FREE_FAILURES),
        );
        let admitted: Option<(i64,)> = tx!(&mut tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(account)
            .bind(now)
            .bind(FORGET_AFTER_MS)
            .fetch_optional(c)
            .await)?;
        if admitted.is_none() {
            let until: i64 = tx!(&mut tx, |c| sqlx::query_scalar(
                "SELECT locked_until FROM login_throttle WHERE key = $1"
            )
            .bind(account)
            .fetch_one(c)
            .await)?;
            // Dropped, the transaction keeps nothing of this attempt.
            drop(tx);
            return Ok(Admission {
                wait_ms: (until - now).max(1),
                delay_ms: 0,
            });
        }
        let sql = format!(
            "INSERT INTO login_throttle (key, failures, locked_until, updated_at)
             VALUES ($1, 1, 0, $2)
             ON CONFLICT (key) DO UPDATE SET failures = {NEXT_FAILURES}, updated_at = $2
             RETURNING failures"
        );
        let (failures,): (i64,) = tx!(&mut tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(address)
            .bind(now)
            .bind(FORGET_AFTER_MS)
            .fetch_one(c)
            .await)?;
        tx.commit().await?;
        Ok(Admission {
            wait_ms: 0,
            delay_ms: address_delay_ms(failures),
        })
    }

    /// After a successful sign-in: forgets the account's failures, and
    /// takes the attempt off its address's count (an office signing in every
    /// morning is not a sprayer).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn login_succeeded(&self, account: &str, address: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        tx.run(
            "DELETE FROM login_throttle WHERE key = $1",
            Args::new().bind(account),
        )
        .await?;
        tx.run(
            "UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0",
            Args::new().bind(address),
        )
        .await?;
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
