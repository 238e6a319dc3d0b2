//! Optimistic concurrency for every read-check-write: a change is checked
//! against the record as read, then written only if the record still
//! carries the version (`updated_at`) that was read. Two officers acting
//! on the same old state cannot both pass the rules.

use uuid::Uuid;

use crate::db::Tx;
use crate::{Result, Store, StoreError, now_ms};

/// The records whose state changes by rules that read the state first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Versioned {
    Dossier,
    Violation,
    Recruit,
    Household,
    Work,
    SpendingEntry,
    Activity,
    Business,
    TaxDebt,
    Cooperative,
    Reception,
    Problem,
}

impl Versioned {
    fn claim_sql(self) -> &'static str {
        match self {
            Versioned::Dossier => {
                "UPDATE dossiers SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Violation => {
                "UPDATE violations SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Recruit => {
                "UPDATE recruits SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Household => {
                "UPDATE households SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Work => "UPDATE works SET updated_at = $3 WHERE id = $1 AND updated_at = $2",
            Versioned::SpendingEntry => {
                "UPDATE spending_entries SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Activity => {
                "UPDATE activities SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Business => {
                "UPDATE businesses SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::TaxDebt => {
                "UPDATE tax_debts SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Cooperative => {
                "UPDATE cooperatives SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Reception => {
                "UPDATE receptions SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
            Versioned::Problem => {
                "UPDATE problems SET updated_at = $3 WHERE id = $1 AND updated_at = $2"
            }
        }
    }
}

/// The version a change writes: later than the clock and than the version
/// read, so that two changes within one millisecond still differ.
pub(crate) fn next_version(read: i64) -> i64 {
    now_ms().max(read + 1)
}

/// Refuses a change prepared on a page older than the record: `seen` is
/// the version the caller showed its user, `read` the one just read.
pub(crate) fn check_seen(seen: Option<i64>, read: i64) -> Result<()> {
    match seen {
        Some(seen) if seen != read => Err(StoreError::Stale),
        _ => Ok(()),
    }
}

/// Claims the record for the change written in `tx`, as the transaction's
/// first write: it succeeds only if the record still carries `read`, and
/// moves it to `next`. A concurrent claimer waits for this transaction
/// (PostgreSQL's row lock, SQLite's single writer), then finds the new
/// version and gets [`StoreError::Stale`]; nothing of its change is written.
pub(crate) async fn claim(
    tx: &mut Tx,
    record: Versioned,
    id: Uuid,
    read: i64,
    next: i64,
) -> Result<()> {
    let changed = exec!(tx, |c| {
        sqlx::query(record.claim_sql())
            .bind(id)
            .bind(read)
            .bind(next)
            .execute(c)
            .await
    })?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::Stale)
    }
}

impl Store {
    /// A transaction whose first write claims the record for a change from
    /// version `read` to `next` (see [`claim`]).
    pub(crate) async fn begin_claimed(
        &self,
        record: Versioned,
        id: Uuid,
        read: i64,
        next: i64,
    ) -> Result<Tx> {
        let mut tx = self.db.begin().await?;
        claim(&mut tx, record, id, read, next).await?;
        Ok(tx)
    }
}
