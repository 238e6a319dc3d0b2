//! The citizen-reception book (sổ tiếp công dân): each visit or letter,
//! classified, accepted or forwarded, decided, with its legal deadline.
//! Who came is kept in its own table and given out only through
//! [`rules::sees_citizen`]: a denouncer is seen by the matter's handler
//! alone, and never enters the audit trail or the search key.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::petitions::{
    self as rules, Complexity, PetitionKind, ReceptionInput, ValidReception,
};
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Place};
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, new_id, now_ms, search_pattern, year_range};

/// Who came or wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citizen {
    pub name: String,
    pub address: String,
}

/// An entry of the book, as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reception {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub received_on: Date,
    pub kind: PetitionKind,
    pub matter: String,
    pub competent: bool,
    pub forwarded_to: String,
    pub accepted_on: Option<Date>,
    pub complexity: Complexity,
    pub remote: bool,
    pub round: i64,
    pub extensions: i64,
    /// The legal deadline from acceptance.
    pub due_on: Option<Date>,
    pub decision: String,
    pub decided_on: Option<Date>,
    pub note: String,
    /// The officer handling it: the only one who sees a denouncer.
    pub handler_id: Option<Uuid>,
    /// None where the viewer may not see who came.
    pub citizen: Option<Citizen>,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl Reception {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }

    /// As `viewer` may see it.
    fn seen_by(mut self, viewer: Option<Uuid>) -> Self {
        let sees = viewer.is_some_and(|v| rules::sees_citizen(self.kind, v, self.handler_id));
        if !sees {
            self.citizen = None;
        }
        self
    }

    /// As the audit trail keeps it: a denouncer is never written there.
    fn audited(&self) -> Self {
        let mut a = self.clone();
        if a.kind == PetitionKind::Denunciation {
            a.citizen = None;
        }
        a
    }

    /// Past its legal deadline on `today` and not decided.
    pub fn overdue(&self, today: Date) -> bool {
        self.decided_on.is_none() && self.due_on.is_some_and(|d| d < today)
    }
}

crate::audit::audited!(Reception);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    received_on: Parsed<Date>,
    kind: Code<PetitionKind>,
    matter: String,
    competent: bool,
    forwarded_to: String,
    accepted_on: Option<Parsed<Date>>,
    complexity: Code<Complexity>,
    remote: bool,
    round: i64,
    extensions: i64,
    due_on: Option<Parsed<Date>>,
    decision: String,
    decided_on: Option<Parsed<Date>>,
    note: String,
    handler_id: Option<Uuid>,
    citizen: Option<String>,
    citizen_address: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Reception {
    fn from(r: Row) -> Self {
        Reception {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            received_on: r.received_on.0,
            kind: r.kind.0,
            matter: r.matter,
            competent: r.competent,
            forwarded_to: r.forwarded_to,
            accepted_on: r.accepted_on.map(|d| d.0),
            complexity: r.complexity.0,
            remote: r.remote,
            round: r.round,
            extensions: r.extensions,
            due_on: r.due_on.map(|d| d.0),
            decision: r.decision,
            decided_on: r.decided_on.map(|d| d.0),
            note: r.note,
            handler_id: r.handler_id,
            citizen: r.citizen.map(|name| Citizen {
                name,
                address: r.citizen_address.unwrap_or_default(),
            }),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT r.id, r.commune_id, r.group_id, g.name AS group_name, r.unit_path, r.received_on,
        r.kind, r.matter, r.competent, r.forwarded_to, r.accepted_on, r.complexity, r.remote, r.round,
        r.extensions, r.due_on, r.decision, r.decided_on, r.note, r.handler_id, c.citizen,
        c.citizen_address, r.created_at, r.updated_at
    FROM receptions r LEFT JOIN units g ON g.id = r.group_id
        LEFT JOIN reception_citizens c ON c.reception_id = r.id";

/// `$3` the search, `$4`–`$5` the year received, `$6` a kind, `$7` the
/// day before which an undecided one is overdue.
const FILTER: &str = "r.unit_path >= $1 AND r.unit_path < $2
    AND ($3 IS NULL OR r.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (r.received_on >= $4 AND r.received_on <= $5))
    AND ($6 IS NULL OR r.kind = $6)
    AND ($7 IS NULL OR (r.decided_on IS NULL AND r.due_on < $7))";

const LIST: Listing = Listing {
    from: "receptions r",
    select: SELECT,
    filter: FILTER,
    order: "r.received_on DESC, r.id DESC",
};

/// What the book's list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ReceptionFilter {
    /// Words of the matter, forwarding or decision (and who came, but for
    /// a denunciation), diacritics ignored.
    pub q: Option<String>,
    pub year: Option<i16>,
    pub kind: Option<PetitionKind>,
    /// Undecided and past the legal deadline on this day.
    pub overdue_on: Option<Date>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn filter_args(scope: &Scope, f: &ReceptionFilter) -> Args {
    let (from, to) = year_range(f.year);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(from)
        .text(to)
        .text(f.kind.map(PetitionKind::as_str))
        .text(f.overdue_on.map(|d| d.to_string()))
}

/// A denouncer's name and address never enter the search key.
fn search_key(v: &ValidReception) -> String {
    let who = if v.kind == PetitionKind::Denunciation {
        String::new()
    } else {
        format!("{} {}", v.citizen, v.citizen_address)
    };
    text::fold(&format!(
        "{} {} {} {who}",
        v.matter, v.forwarded_to, v.decision
    ))
}

impl Store {
    /// An entry inside `scope`, as `viewer` may see it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn reception(
        &self,
        scope: &Scope,
        viewer: Option<Uuid>,
        id: Uuid,
    ) -> Result<Reception> {
        Ok(self.whole_reception(scope, id).await?.seen_by(viewer))
    }

    /// An entry with who came, for the store's own use.
    async fn whole_reception(&self, scope: &Scope, id: Uuid) -> Result<Reception> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE r.id = $1 AND r.unit_path >= $2 AND r.unit_path < $3"),
                scope,
                id,
                "vụ việc tiếp công dân",
            )
            .await?;
        Ok(Reception::from(row))
    }

    /// The entries matching `f`, latest first, as `viewer` may see them.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn receptions(
        &self,
        scope: &Scope,
        viewer: Option<Uuid>,
        f: &ReceptionFilter,
    ) -> Result<Page<Reception>> {
        let mut page = self
            .page::<Row, Reception>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await?;
        page.items = page.items.into_iter().map(|r| r.seen_by(viewer)).collect();
        Ok(page)
    }

    /// Every entry matching `f` (page ignored), streamed, as `viewer` may
    /// see them.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn reception_register(
        &self,
        scope: &Scope,
        viewer: Option<Uuid>,
        f: &ReceptionFilter,
    ) -> BoxStream<'_, Result<Reception>> {
        self.stream::<Row, Reception>(LIST.rows(), filter_args(scope, f))
            .map(move |r| r.map(|r| r.seen_by(viewer)))
            .boxed()
    }

    /// Enters a visit or letter in the book of a commune (or of one of its
    /// groups); the officer entering it handles it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_reception(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &ReceptionInput,
        today: Date,
    ) -> Result<Reception> {
        let valid = rules::validate_reception(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let now = now_ms();
        let r = new_reception(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            (new_id(), actor.user_id),
            (now, now),
        );
        let mut tx = self.db.begin().await?;
        write(&mut tx, &r, &search_key(&valid), true).await?;
        audit::inserted(&mut tx, actor, Entity::Reception, &r.audited()).await?;
        tx.commit().await?;
        Ok(r.seen_by(actor.user_id))
    }

    /// Changes an entry on the version the caller read. Who came stays as
    /// kept when the caller may not see it (a denunciation they do not
    /// handle), whatever the input says.
    #[tracing::instrument(level = "debug", skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn update_reception(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        unit_id: Uuid,
        input: &ReceptionInput,
        today: Date,
    ) -> Result<Reception> {
        let kept = self.whole_reception(scope, id).await?;
        let before = &kept;
        version::check_seen(Some(seen), before.updated_at)?;
        let mut input = input.clone();
        if !actor
            .user_id
            .is_some_and(|v| rules::sees_citizen(kept.kind, v, kept.handler_id))
            && let Some(c) = &kept.citizen
        {
            input.citizen = c.name.clone();
            input.citizen_address = c.address.clone();
        }
        let valid = rules::validate_reception(&input, today)?;
        let sees = actor
            .user_id
            .is_some_and(|v| rules::sees_citizen(kept.kind, v, kept.handler_id));
        if kept.kind == PetitionKind::Denunciation && !sees && valid.kind != kept.kind {
            return Err(xaphuong_core::Invalid::one(
                "kind",
                "Chỉ người xử lý đơn tố cáo được đổi phân loại của đơn",
            )
            .into());
        }
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        let next = version::next_version(before.updated_at);
        let after = new_reception(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            (id, kept.handler_id),
            (before.created_at, next),
        );
        let mut tx = self
            .begin_claimed(Versioned::Reception, id, before.updated_at, next)
            .await?;
        write(&mut tx, &after, &search_key(&valid), false).await?;
        audit::updated(
            &mut tx,
            actor,
            Entity::Reception,
            &kept.audited(),
            &after.audited(),
        )
        .await?;
        tx.commit().await?;
        Ok(after.seen_by(actor.user_id))
    }

    /// Deletes an entry made by mistake, with who came.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_reception(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let r = self.whole_reception(scope, id).await?.audited();
        audit::deleted(
            &self.db,
            actor,
            Entity::Reception,
            &r,
            &[
                "DELETE FROM reception_citizens WHERE reception_id = $1",
                "DELETE FROM receptions WHERE id = $1",
            ],
        )
        .await
    }
}

/// Inserts (`new`) or rewrites an entry and who came, inside `tx`.
async fn write(tx: &mut crate::db::Tx, r: &Reception, key: &str, new: bool) -> Result<()> {
    let sql = if new {
        "INSERT INTO receptions (id, commune_id, group_id, unit_path, received_on, kind, matter, competent,
                 forwarded_to, accepted_on, complexity, remote, round, extensions, due_on, decision,
                 decided_on, note, handler_id, search_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)"
    } else {
        "UPDATE receptions SET commune_id = $2, group_id = $3, unit_path = $4, received_on = $5, kind = $6,
                 matter = $7, competent = $8, forwarded_to = $9, accepted_on = $10, complexity = $11,
                 remote = $12, round = $13, extensions = $14, due_on = $15, decision = $16,
                 decided_on = $17, note = $18, handler_id = $19, search_key = $20, created_at = $21
             WHERE id = $1 AND updated_at = $22"
    };
    let day = |d: Option<Date>| d.map(|d| d.to_string());
    tx.run(
        sql,
        Args::new()
            .bind(r.id)
            .bind(r.commune_id)
            .bind(r.group_id)
            .bind(&r.unit_path)
            .bind(r.received_on.to_string())
            .bind(r.kind.as_str())
            .bind(&r.matter)
            .bind(r.competent)
            .bind(&r.forwarded_to)
            .text(day(r.accepted_on))
            .bind(r.complexity.as_str())
            .bind(r.remote)
            .bind(r.round)
            .bind(r.extensions)
            .text(day(r.due_on))
            .bind(&r.decision)
            .text(day(r.decided_on))
            .bind(&r.note)
            .uuid(r.handler_id)
            .bind(key)
            .bind(r.created_at)
            .bind(r.updated_at),
    )
    .await?;
    if let Some(c) = &r.citizen {
        let sql = if new {
            "INSERT INTO reception_citizens (reception_id, citizen, citizen_address) VALUES ($1, $2, $3)"
        } else {
            "UPDATE reception_citizens SET citizen = $2, citizen_address = $3 WHERE reception_id = $1"
        };
        tx.run(sql, Args::new().bind(r.id).bind(&c.name).bind(&c.address))
            .await?;
    }
    Ok(())
}

fn new_reception(
    v: &ValidReception,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    (id, handler_id): (Uuid, Option<Uuid>),
    (created_at, updated_at): (i64, i64),
) -> Reception {
    Reception {
        id,
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        received_on: v.received_on,
        kind: v.kind,
        matter: v.matter.clone(),
        competent: v.competent,
        forwarded_to: v.forwarded_to.clone(),
        accepted_on: v.accepted_on,
        complexity: v.case.complexity,
        remote: v.case.remote,
        round: i64::from(v.case.round),
        extensions: i64::from(v.case.extensions),
        due_on: v.deadline().map(|d| d.due),
        decision: v.decision.clone(),
        decided_on: v.decided_on,
        note: v.note.clone(),
        handler_id,
        citizen: Some(Citizen {
            name: v.citizen.clone(),
            address: v.citizen_address.clone(),
        }),
        created_at,
        updated_at,
    }
}
