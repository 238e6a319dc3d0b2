//! The urban-order violation register.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::text;
use xaphuong_core::violations::{
    self as rules, CaseInput, Event, ImportCase, Kind, State, Step, ValidCase,
};

use crate::args::Args;
use crate::audit::{self, Change, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, StoreError, new_id, now_ms, year_range};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub kind: Kind,
    pub offender: String,
    pub address: String,
    pub description: String,
    pub detected_on: Date,
    pub state: State,
    pub deadline: Option<Date>,
    pub resolved_on: Option<Date>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Violation {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Violation);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    kind: Code<Kind>,
    offender: String,
    address: String,
    description: String,
    detected_on: Parsed<Date>,
    state: Code<State>,
    deadline: Option<Parsed<Date>>,
    resolved_on: Option<Parsed<Date>>,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Violation {
    fn from(r: Row) -> Self {
        Violation {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            kind: r.kind.0,
            offender: r.offender,
            address: r.address,
            description: r.description,
            detected_on: r.detected_on.0,
            state: r.state.0,
            deadline: r.deadline.map(|d| d.0),
            resolved_on: r.resolved_on.map(|d| d.0),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT v.id, v.commune_id, v.group_id, g.name AS group_name, v.unit_path, v.kind, v.offender, v.address,
        v.description, v.detected_on, v.state, v.deadline, v.resolved_on, v.created_at, v.updated_at
    FROM violations v LEFT JOIN units g ON g.id = v.group_id";

/// A photo or document attached to a case (its bytes are read apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: Uuid,
    pub violation_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub actor_name: String,
    pub created_at: i64,
}

/// A recorded step with who recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedEvent {
    pub id: Uuid,
    pub event: Event,
    pub actor_name: String,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: Uuid,
    step: Code<Step>,
    on_date: Parsed<Date>,
    deadline: Option<Parsed<Date>>,
    document: String,
    note: String,
    actor_name: String,
    created_at: i64,
}

impl EventRow {
    fn into_recorded(self) -> RecordedEvent {
        RecordedEvent {
            id: self.id,
            event: Event {
                step: self.step.0,
                on: self.on_date.0,
                deadline: self.deadline.map(|d| d.0),
                document: self.document,
                note: self.note,
            },
            actor_name: self.actor_name,
            created_at: self.created_at,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ViolationFilter {
    /// Household or address, diacritics ignored.
    pub q: Option<String>,
    pub state: Option<State>,
    pub kind: Option<Kind>,
    pub group_id: Option<Uuid>,
    /// Detected in this year.
    pub year: Option<i16>,
    /// Unresolved and past the remedy deadline as of this day.
    pub overdue_on: Option<Date>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

const FILTER: &str = "v.unit_path >= $1 AND v.unit_path < $2
    AND ($3 IS NULL OR v.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR v.state = $4)
    AND ($5 IS NULL OR v.kind = $5)
    AND ($6 IS NULL OR v.group_id = $6)
    AND ($7 IS NULL OR (v.detected_on >= $7 AND v.detected_on <= $8))
    AND ($9 IS NULL OR (v.state IN ('decided', 'committed') AND v.deadline < $9))";

const LIST: Listing = Listing {
    from: "violations v",
    select: SELECT,
    filter: FILTER,
    order: "v.detected_on DESC, v.id DESC",
};

/// `$1` to `$9` of [`FILTER`].
fn filter_args(scope: &Scope, f: &ViolationFilter) -> Args {
    let (from, to) = year_range(f.year);
    Args::scope(scope)
        .text(crate::search_pattern(f.q.as_deref()))
        .text(f.state.map(State::as_str))
        .text(f.kind.map(Kind::as_str))
        .uuid(f.group_id)
        .text(from)
        .text(to)
        .text(f.overdue_on.map(|d| d.to_string()))
}

pub(crate) fn search_key(v: &ValidCase) -> String {
    text::fold(&format!("{} {}", v.offender, v.address))
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violation(&self, scope: &Scope, id: Uuid) -> Result<Violation> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE v.id = $1 AND v.unit_path >= $2 AND v.unit_path < $3"),
                scope,
                id,
                "vụ vi phạm",
            )
            .await?;
        Ok(Violation::from(row))
    }

    /// The steps of a case in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violation_events(&self, scope: &Scope, id: Uuid) -> Result<Vec<RecordedEvent>> {
        self.violation(scope, id).await?;
        let rows = self.all::<EventRow>(
            "SELECT id, step, on_date, deadline, document, note, actor_name, created_at FROM violation_events
             WHERE violation_id = $1 ORDER BY on_date, created_at",
            Args::new().bind(id),
        )
        .await?;
        Ok(rows.into_iter().map(EventRow::into_recorded).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violations(&self, scope: &Scope, f: &ViolationFilter) -> Result<Page<Violation>> {
        self.page::<Row, _>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every case matching `f` (page and size ignored), in the list's
    /// order: the register as a file, streamed from one query so that it
    /// is never held whole.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn violation_register(
        &self,
        scope: &Scope,
        f: &ViolationFilter,
    ) -> BoxStream<'_, Result<Violation>> {
        self.stream::<Row, _>(LIST.rows(), filter_args(scope, f))
    }

    /// Cases detected in `year` inside `scope`, by state.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violation_counts(&self, scope: &Scope, year: i16) -> Result<Vec<(State, i64)>> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<(Code<State>, i64)> = self
            .all(
                "SELECT state, COUNT(*) FROM violations WHERE unit_path >= $1 AND unit_path < $2
               AND detected_on >= $3 AND detected_on <= $4 GROUP BY state",
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .bind(format!("{year:04}-01-01"))
                    .bind(format!("{year:04}-12-31")),
            )
            .await?;
        Ok(rows.into_iter().map(|(s, n)| (s.0, n)).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_violation(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &CaseInput,
        today: Date,
    ) -> Result<Violation> {
        let valid = rules::validate_case(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let v = new_case(&valid, commune_id, group.as_ref(), unit_path, now_ms());
        let mut tx = self.db.begin().await?;
        insert_case(&mut tx, actor, &v, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// Corrects a case's details (its steps are changed only by new steps).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_violation(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        unit_id: Uuid,
        input: &CaseInput,
        today: Date,
    ) -> Result<Violation> {
        let before = self.violation(scope, id).await?;
        let valid = rules::validate_case(input, today)?;
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        let events = self.violation_events(scope, id).await?;
        if let Some(first) = events.first()
            && first.event.on < valid.detected_on
        {
            return Err(Invalid::one(
                "detected_on",
                "Ngày phát hiện không được sau bước xử lý đầu tiên",
            )
            .into());
        }
        let after = Violation {
            commune_id,
            group_id: group.as_ref().map(|g| g.id),
            group_name: group.map(|g| g.name),
            unit_path,
            kind: valid.kind,
            offender: valid.offender.clone(),
            address: valid.address.clone(),
            description: valid.description.clone(),
            detected_on: valid.detected_on,
            updated_at: version::next_version(before.updated_at),
            ..before.clone()
        };
        let mut tx = self
            .begin_claimed(
                Versioned::Violation,
                id,
                before.updated_at,
                after.updated_at,
            )
            .await?;
        tx.run(
            "UPDATE violations SET commune_id = $2, group_id = $3, unit_path = $4, kind = $5, offender = $6, address = $7,
                 description = $8, search_key = $9, detected_on = $10, updated_at = $11 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.commune_id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(after.kind.as_str())
                .bind(&after.offender)
                .bind(&after.address)
                .bind(&after.description)
                .bind(search_key(&valid))
                .bind(after.detected_on.to_string())
                .bind(after.updated_at),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Violation, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records the next legal step of a case; an impossible one is refused.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_violation_event(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        event: &Event,
        today: Date,
        seen: Option<i64>,
    ) -> Result<Violation> {
        let before = self.violation(scope, id).await?;
        version::check_seen(seen, before.updated_at)?;
        let events = self.violation_events(scope, id).await?;
        let last = events.last().map(|e| e.event.on);
        rules::check_event(before.detected_on, last, before.state, event, today)?;
        let mut all: Vec<Event> = events.into_iter().map(|e| e.event).collect();
        all.push(event.clone());
        let (state, deadline) = rules::replay(&all).map_err(|m| Invalid::one("step", m))?;
        let resolved_on = if state.is_resolved() {
            before.resolved_on.or(Some(event.on))
        } else {
            None
        };
        let after = Violation {
            state,
            deadline,
            resolved_on,
            updated_at: version::next_version(before.updated_at),
            ..before.clone()
        };
        let event_id = new_id();
        let mut tx = self
            .begin_claimed(
                Versioned::Violation,
                id,
                before.updated_at,
                after.updated_at,
            )
            .await?;
        insert_event(&mut tx, event_id, id, event, &actor.name).await?;
        tx.run(
            "UPDATE violations SET state = $2, deadline = $3, resolved_on = $4, updated_at = $5 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(state.as_str())
                .bind(deadline.map(|d| d.to_string()))
                .bind(resolved_on.map(|d| d.to_string()))
                .bind(after.updated_at),
        )
        .await?;
        tx.audit(
            actor,
            Change::insert(Entity::ViolationEvent, event_id, after.place(), event),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Violation, &before, &after).await?;
        crate::webhooks::emit(
            &mut tx,
            crate::webhooks::NewEvent {
                kind: xaphuong_core::webhooks::VIOLATION_STEP,
                record: "violation",
                record_id: id,
                commune_id: after.commune_id,
                unit_path: &after.unit_path,
                data: serde_json::json!({
                    "event": event,
                    "state": after.state.as_str(),
                    "deadline": after.deadline.map(|d| d.to_string()),
                    "resolved_on": after.resolved_on.map(|d| d.to_string()),
                }),
                email: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Imports cases into `commune_id` all or nothing: every row is checked
    /// (its fields, its residential group, by code or name) before anything
    /// is written; any problem → nothing written, every problem reported
    /// with its row and field.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_violations(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        cases: &[ImportCase],
        today: Date,
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let commune = &place.commune;
        let mut errors = Vec::new();
        let mut ready: Vec<(ValidCase, Option<&Unit>)> = Vec::with_capacity(cases.len());
        for c in cases {
            let group = place.group(c.row, &c.group, &mut errors);
            match rules::validate_case(&c.input, today) {
                Ok(v) => ready.push((v, group)),
                Err(e) => at_row(&mut errors, c.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (valid, group) in &ready {
            let v = new_case(valid, commune.id, *group, place.path(*group), now);
            insert_case(&mut tx, actor, &v, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    /// The attachments of a case (without their bytes), oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violation_attachments(&self, scope: &Scope, id: Uuid) -> Result<Vec<Attachment>> {
        self.violation(scope, id).await?;
        let rows = self.all::<Attachment>(
            "SELECT id, violation_id, file_name, content_type, size, actor_name, created_at FROM violation_attachments
             WHERE violation_id = $1 ORDER BY created_at, id",
            Args::new().bind(id),
        )
        .await?;
        Ok(rows)
    }

    /// One attachment with its bytes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn violation_attachment(
        &self,
        scope: &Scope,
        id: Uuid,
        attachment_id: Uuid,
    ) -> Result<(Attachment, Vec<u8>)> {
        self.violation(scope, id).await?;
        #[derive(sqlx::FromRow)]
        struct WithData {
            #[sqlx(flatten)]
            meta: Attachment,
            data: Vec<u8>,
        }
        let row = self.opt::<WithData>(
            "SELECT id, violation_id, file_name, content_type, size, actor_name, created_at, data FROM violation_attachments
             WHERE id = $1 AND violation_id = $2",
            Args::new()
                .bind(attachment_id)
                .bind(id),
        )
        .await?;
        let row = row.ok_or(StoreError::NotFound("tệp đính kèm"))?;
        Ok((row.meta, row.data))
    }

    /// Attaches a photo or a PDF to a case.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn attach_to_violation(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<Attachment> {
        let v = self.violation(scope, id).await?;
        let (file_name, content_type) = rules::check_attachment(file_name, bytes)?;
        let a = Attachment {
            id: new_id(),
            violation_id: id,
            file_name,
            content_type: content_type.to_owned(),
            size: bytes.len() as i64,
            actor_name: actor.name.clone(),
            created_at: now_ms(),
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO violation_attachments (id, violation_id, file_name, content_type, size, data, actor_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Args::new()
                .bind(a.id)
                .bind(id)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(a.size)
                .bind(bytes)
                .bind(&a.actor_name)
                .bind(a.created_at),
        )
        .await?;
        tx.audit(
            actor,
            Change::insert(Entity::ViolationAttachment, a.id, v.place(), &a),
        )
        .await?;
        tx.commit().await?;
        Ok(a)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_violation_attachment(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        attachment_id: Uuid,
    ) -> Result<()> {
        let v = self.violation(scope, id).await?;
        let (a, _) = self.violation_attachment(scope, id, attachment_id).await?;
        audit::delete(
            &self.db,
            actor,
            Entity::ViolationAttachment,
            attachment_id,
            &v.place(),
            &a,
            &["DELETE FROM violation_attachments WHERE id = $1"],
        )
        .await
    }

    /// Deletes a case entered by mistake, with its steps.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_violation(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let v = self.violation(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Violation,
            &v,
            &[
                "DELETE FROM violation_events WHERE violation_id = $1",
                "DELETE FROM violations WHERE id = $1",
            ],
        )
        .await
    }
}

/// A case just detected, at `unit_path` of the commune or its group.
pub(crate) fn new_case(
    valid: &ValidCase,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    now: i64,
) -> Violation {
    Violation {
        id: new_id(),
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        kind: valid.kind,
        offender: valid.offender.clone(),
        address: valid.address.clone(),
        description: valid.description.clone(),
        detected_on: valid.detected_on,
        state: State::Detected,
        deadline: None,
        resolved_on: None,
        created_at: now,
        updated_at: now,
    }
}

/// Writes a new case and audits it, inside `tx`.
pub(crate) async fn insert_case(
    tx: &mut Tx,
    actor: &Actor,
    v: &Violation,
    search_key: &str,
) -> Result<()> {
    tx.run(
        "INSERT INTO violations (id, commune_id, group_id, unit_path, kind, offender, address, description, search_key,
             detected_on, state, deadline, resolved_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, $12, $13)",
        Args::new()
            .bind(v.id)
            .bind(v.commune_id)
            .bind(v.group_id)
            .bind(&v.unit_path)
            .bind(v.kind.as_str())
            .bind(&v.offender)
            .bind(&v.address)
            .bind(&v.description)
            .bind(search_key)
            .bind(v.detected_on.to_string())
            .bind(v.state.as_str())
            .bind(v.created_at)
            .bind(v.updated_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Violation, v).await
}

async fn insert_event(
    tx: &mut Tx,
    id: Uuid,
    violation_id: Uuid,
    e: &Event,
    actor_name: &str,
) -> Result<()> {
    tx.run(
        "INSERT INTO violation_events (id, violation_id, step, on_date, deadline, document, note, actor_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Args::new()
            .bind(id)
            .bind(violation_id)
            .bind(e.step.as_str())
            .bind(e.on.to_string())
            .bind(e.deadline.map(|d| d.to_string()))
            .bind(&e.document)
            .bind(&e.note)
            .bind(actor_name)
            .bind(now_ms()),
    )
    .await?;
    Ok(())
}
