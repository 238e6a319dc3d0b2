//! The audit trail: every change to a record is written here in the same
//! transaction as the change itself.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};

use crate::args::Args;
use crate::bulk::{Batch, Ty};
use crate::db::{Db, Tx};
use crate::{Result, Store, new_id, now_ms};

/// Where the changed record sits, so the entry is visible to its scope.
#[derive(Clone, Copy)]
pub(crate) struct Place<'a> {
    pub unit_id: Option<Uuid>,
    pub unit_path: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// A change of the whole deployment (a catalogue, a standard): under
    /// no unit, so only those who see everything see it.
    pub const NOWHERE: Place<'static> = Place {
        unit_id: None,
        unit_path: None,
    };

    /// A record kept at unit `unit_id`, whose subtree starts at `unit_path`.
    pub fn at(unit_id: Uuid, unit_path: &'a str) -> Self {
        Place {
            unit_id: Some(unit_id),
            unit_path: Some(unit_path),
        }
    }
}

/// A record the trail names by its id and keeps under its unit.
pub(crate) trait Audited: Serialize {
    fn audit_id(&self) -> Uuid;
    fn audit_place(&self) -> Place<'_>;
}

/// Records with an `id` field and a `place()` of their own.
macro_rules! audited {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::audit::Audited for $t {
            fn audit_id(&self) -> uuid::Uuid {
                self.id
            }
            fn audit_place(&self) -> $crate::audit::Place<'_> {
                self.place()
            }
        }
    )+};
}
pub(crate) use audited;

/// What one audit entry says: which record changed, where it is kept,
/// how it changed, and what it was before and after.
pub(crate) struct Change<'a, B, A> {
    entity: Entity,
    id: Uuid,
    action: Action,
    place: Place<'a>,
    before: Option<&'a B>,
    after: Option<&'a A>,
}

impl<'a, B: Serialize, A: Serialize> Change<'a, B, A> {
    pub fn new(
        entity: Entity,
        id: Uuid,
        action: Action,
        place: Place<'a>,
        before: Option<&'a B>,
        after: Option<&'a A>,
    ) -> Self {
        Change {
            entity,
            id,
            action,
            place,
            before,
            after,
        }
    }

    /// A record changed from `before` to `after`.
    pub fn update(entity: Entity, id: Uuid, place: Place<'a>, before: &'a B, after: &'a A) -> Self {
        Self::new(entity, id, Action::Update, place, Some(before), Some(after))
    }

    /// A record written over `before` where there was one, else inserted.
    pub fn upsert(
        entity: Entity,
        id: Uuid,
        place: Place<'a>,
        before: Option<&'a B>,
        after: &'a A,
    ) -> Self {
        let action = if before.is_some() {
            Action::Update
        } else {
            Action::Insert
        };
        Self::new(entity, id, action, place, before, Some(after))
    }

    /// The JSON of what the record was and became.
    fn json(&self) -> Result<(Option<String>, Option<String>)> {
        let before = self.before.map(serde_json::to_string).transpose();
        let after = self.after.map(serde_json::to_string).transpose();
        Ok((before.map_err(encode)?, after.map_err(encode)?))
    }
}

impl<'a, A: Serialize> Change<'a, (), A> {
    /// A record just written as `after`.
    pub fn insert(entity: Entity, id: Uuid, place: Place<'a>, after: &'a A) -> Self {
        Self::new(entity, id, Action::Insert, place, None, Some(after))
    }
}

impl<'a, B: Serialize> Change<'a, B, ()> {
    /// A record removed, as it was.
    pub fn delete(entity: Entity, id: Uuid, place: Place<'a>, before: &'a B) -> Self {
        Self::new(entity, id, Action::Delete, place, Some(before), None)
    }
}

/// Audits `record` as just written, inside `tx`.
pub(crate) async fn inserted<R: Audited>(
    tx: &mut Tx,
    actor: &Actor,
    entity: Entity,
    record: &R,
) -> Result<()> {
    let change = Change::insert(entity, record.audit_id(), record.audit_place(), record);
    tx.audit(actor, change).await
}

/// Audits a record's change from `before` to `after`, inside `tx`.
pub(crate) async fn updated<R: Audited>(
    tx: &mut Tx,
    actor: &Actor,
    entity: Entity,
    before: &R,
    after: &R,
) -> Result<()> {
    let change = Change::update(entity, after.audit_id(), after.audit_place(), before, after);
    tx.audit(actor, change).await
}

impl Tx {
    /// Writes the audit entry of `change`, made by `actor`, inside this
    /// transaction.
    pub(crate) async fn audit<B: Serialize, A: Serialize>(
        &mut self,
        actor: &Actor,
        change: Change<'_, B, A>,
    ) -> Result<()> {
        let (before, after) = change.json()?;
        self.run(
            "INSERT INTO audit_log (id, at, actor_id, actor_name, unit_id, unit_path, entity, entity_id, action, before_json, after_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            Args::new()
                .bind(new_id())
                .bind(now_ms())
                .bind(actor.user_id)
                .bind(&actor.name)
                .bind(change.place.unit_id)
                .bind(change.place.unit_path)
                .bind(change.entity.as_str())
                .bind(change.id)
                .bind(change.action.as_str())
                .bind(before)
                .bind(after),
        )
        .await?;
        Ok(())
    }
}

/// A batch of audit entries, written with the records of a bulk write.
pub(crate) fn batch() -> Batch {
    const COLUMNS: &[(&str, Ty)] = &[
        ("id", Ty::Uuid),
        ("at", Ty::Int),
        ("actor_id", Ty::Uuid),
        ("actor_name", Ty::Text),
        ("unit_id", Ty::Uuid),
        ("unit_path", Ty::Text),
        ("entity", Ty::Text),
        ("entity_id", Ty::Uuid),
        ("action", Ty::Text),
        ("before_json", Ty::Text),
        ("after_json", Ty::Text),
    ];
    Batch::new("audit_log", COLUMNS)
}

/// Adds the audit entry of `change` to `batch`: the same entry
/// [`Tx::audit`] writes.
pub(crate) fn push<B: Serialize, A: Serialize>(
    batch: &mut Batch,
    actor: &Actor,
    change: Change<'_, B, A>,
) -> Result<()> {
    let (before, after) = change.json()?;
    batch
        .uuid(new_id())
        .int(now_ms())
        .uuid(actor.user_id)
        .text(actor.name.clone())
        .uuid(change.place.unit_id)
        .opt_text(change.place.unit_path.map(str::to_owned))
        .text(change.entity.as_str())
        .uuid(change.id)
        .text(change.action.as_str())
        .opt_text(before)
        .opt_text(after);
    Ok(())
}

fn encode(e: serde_json::Error) -> crate::StoreError {
    crate::StoreError::Unsupported(format!("Không ghi được nhật ký: {e}"))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: Uuid,
    /// Epoch milliseconds, UTC.
    pub at: i64,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub unit_id: Option<Uuid>,
    pub entity: String,
    pub entity_id: Uuid,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// Filters of the audit browser. Pages are keyset-based (newest first): an
/// entry's `(at, id)` is the cursor, so deep pages cost what the first does.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<Entity>,
    pub entity_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    /// Inclusive lower bound, epoch ms.
    pub from: Option<i64>,
    /// Exclusive upper bound, epoch ms.
    pub to: Option<i64>,
    /// Entries strictly older than this cursor.
    pub before: Option<(i64, Uuid)>,
    pub limit: Option<i64>,
}

/// Deletes `record` (by its id) and audits its removal in one transaction;
/// see [`delete`].
pub(crate) async fn deleted<R: Audited>(
    db: &Db,
    actor: &Actor,
    entity: Entity,
    record: &R,
    statements: &[&'static str],
) -> Result<()> {
    let place = record.audit_place();
    delete(
        db,
        actor,
        entity,
        record.audit_id(),
        &place,
        record,
        statements,
    )
    .await
}

/// Deletes one record and audits its removal in one transaction. Each
/// statement binds `$1` to `id` and they run in order, so dependent rows go
/// first and the record itself last.
pub(crate) async fn delete<B: Serialize>(
    db: &Db,
    actor: &Actor,
    entity: Entity,
    id: Uuid,
    place: &Place<'_>,
    before: &B,
    statements: &[&'static str],
) -> Result<()> {
    let mut tx = db.begin().await?;
    for &sql in statements {
        exec!(&mut tx, |c| sqlx::query(sql).bind(id).execute(c).await)?;
    }
    tx.audit(actor, Change::delete(entity, id, *place, before))
        .await?;
    tx.commit().await
}

impl Store {
    /// The entries visible to `scope`, newest first. A subtree scope sees
    /// the records of its units only; deployment-level entries (accounts of
    /// deployment administrators) only the whole-deployment scope sees.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn audit_entries(&self, scope: &Scope, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let (lo, hi) = scope.path_range();
        let all = matches!(scope, Scope::All);
        let limit = f.limit.unwrap_or(100).clamp(1, 1000);
        let (cursor_at, cursor_id) = match f.before {
            Some((at, id)) => (Some(at), Some(id)),
            None => (None, None),
        };
        let rows = self.all::<AuditEntry>(
            "SELECT id, at, actor_id, actor_name, unit_id, entity, entity_id, action, before_json, after_json
             FROM audit_log
             WHERE ($1 OR (unit_path >= $2 AND unit_path < $3))
               AND ($4 IS NULL OR entity = $4)
               AND ($5 IS NULL OR entity_id = $5)
               AND ($6 IS NULL OR actor_id = $6)
               AND ($7 IS NULL OR at >= $7)
               AND ($8 IS NULL OR at < $8)
               AND ($9 IS NULL OR at < $9 OR (at = $9 AND id < $10))
             ORDER BY at DESC, id DESC
             LIMIT $11",
            Args::new()
                .bind(all)
                .bind(&lo)
                .bind(&hi)
                .bind(f.entity.map(Entity::as_str))
                .bind(f.entity_id)
                .bind(f.actor_id)
                .bind(f.from)
                .bind(f.to)
                .bind(cursor_at)
                .bind(cursor_id)
                .bind(limit),
        )
        .await?;
        Ok(rows)
    }
}
