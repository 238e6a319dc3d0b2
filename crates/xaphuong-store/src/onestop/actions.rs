//! Taking a dossier through its lifecycle, each step written with its
//! event on the timeline, its counts and its audit entry.

use jiff::civil::DateTime;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_core::onestop::lifecycle::{self as rules, Action, Dossier as State, Status};
use xaphuong_core::{Invalid, text};

use super::counts::CountChanges;
use super::{Dossier, text_dt};
use crate::args::Args;
use crate::audit;
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::version::{self, Versioned};
use crate::{Result, Store, StoreError, new_id};

/// One step of a dossier's handling, as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct DossierEvent {
    pub at: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub step: String,
    pub due_at: Option<String>,
    pub actor_name: String,
    pub note: String,
}

impl Store {
    /// The dossier's timeline, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_events(&self, id: Uuid) -> Result<Vec<DossierEvent>> {
        self.all(
            "SELECT at, action, from_status, to_status, step, due_at, actor_name, note FROM dossier_events
                 WHERE dossier_id = $1 ORDER BY at, id",
            Args::new().bind(id),
        )
        .await
    }

    /// A dossier is handed only to an active account of its own commune.
    async fn check_assignee(&self, dossier: &Dossier, assignee: Uuid) -> Result<()> {
        let fits = match self.user(&Scope::All, assignee).await {
            Ok(u) => {
                u.active
                    && u.unit_path
                        .is_some_and(|p| p.starts_with(dossier.unit_path.as_str()))
            }
            Err(StoreError::NotFound(_)) => false,
            Err(e) => return Err(e),
        };
        if fits {
            Ok(())
        } else {
            Err(Invalid::one(
                "assignee_id",
                "Người được giao xử lý phải là tài khoản đang hoạt động của xã, phường nhận hồ sơ",
            )
            .into())
        }
    }

    /// Takes one step of the lifecycle; a step the rules refuse changes
    /// nothing and says why. `cal` saves reading the commune's calendar
    /// when many steps are taken at once; `seen` is the version the
    /// officer's page showed, if any.
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn act_on_dossier(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        action: &Action,
        at: DateTime,
        assignee: Option<Uuid>,
        note: &str,
        cal: Option<&WorkCalendar>,
        seen: Option<i64>,
    ) -> Result<Dossier> {
        let before = self.dossier(scope, id).await?;
        version::check_seen(seen, before.updated_at)?;
        if let Some(assignee) = assignee {
            self.check_assignee(&before, assignee).await?;
        }
        let procedure = self.procedure(before.procedure_id).await?;
        let cal = match cal {
            Some(c) => c.clone(),
            None => {
                let commune = self.unit(&Scope::All, before.commune_id).await?;
                self.work_calendar(Some(&commune), at.year() - 1..=at.year() + 1)
                    .await?
            }
        };
        let next = rules::apply(&before.state(), action, at, &procedure.time, &cal)
            .map_err(|m| Invalid::one("action", m))?;
        let finished = rules::finished_at(before.finished_at, next.status, at);
        let after = Dossier {
            status: next.status,
            step: next.step,
            received_at: next.received_at,
            due_at: next.due,
            supplements: i64::from(next.supplements),
            supplement_requested_at: next.supplement_requested_at,
            apologised: next.apologised,
            transferred_to: next.transferred_to.clone(),
            finished_at: finished,
            assignee_id: assignee.or(before.assignee_id),
            updated_at: version::next_version(before.updated_at),
            ..before.clone()
        };
        let mut tx = self
            .begin_claimed(Versioned::Dossier, id, before.updated_at, after.updated_at)
            .await?;
        tx.run(
            "UPDATE dossiers SET status = $2, step = $3, received_at = $4, due_at = $5, supplements = $6,
                     supplement_requested_at = $7, apologised = $8, transferred_to = $9, finished_at = $10, assignee_id = $11,
                     updated_at = $12
                 WHERE id = $1",
            Args::new()
                .bind(after.id)
                .bind(after.status.as_str())
                .bind(after.step.as_str())
                .bind(text_dt(after.received_at))
                .bind(text_dt(after.due_at))
                .bind(after.supplements)
                .bind(text_dt(after.supplement_requested_at))
                .bind(after.apologised)
                .bind(&after.transferred_to)
                .bind(text_dt(after.finished_at))
                .bind(after.assignee_id)
                .bind(after.updated_at),
        )
        .await?;
        insert_event(
            &mut tx,
            id,
            at,
            action.code(),
            Some(before.status),
            &next,
            &actor.name,
            &text::clean(note),
        )
        .await?;
        let mut counts = CountChanges::default();
        counts.dossier(&before, &procedure.field, -1);
        counts.dossier(&after, &procedure.field, 1);
        counts.flush(&mut tx).await?;
        audit::updated(&mut tx, actor, Entity::Dossier, &before, &after).await?;
        crate::webhooks::emit(&mut tx, super::dossier_event(&after, action.code(), note)).await?;
        tx.commit().await?;
        Ok(after)
    }
}

pub(super) const EVENT_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("dossier_id", Ty::Uuid),
    ("at", Ty::Text),
    ("action", Ty::Text),
    ("from_status", Ty::Text),
    ("to_status", Ty::Text),
    ("step", Ty::Text),
    ("due_at", Ty::Text),
    ("actor_name", Ty::Text),
    ("note", Ty::Text),
];

/// One step of a dossier's timeline: what was done, when, by whom, and
/// the state it led to.
#[derive(Debug, Clone)]
pub struct TimelineStep {
    pub at: DateTime,
    /// The action's code ([`Action::code`]).
    pub action: String,
    pub from: Option<Status>,
    pub to: State,
    pub actor: String,
    pub note: String,
}

pub(super) fn push_event(rows: &mut Batch, dossier: Uuid, e: &TimelineStep) {
    rows.uuid(new_id())
        .uuid(dossier)
        .opt_text(text_dt(Some(e.at)))
        .text(e.action.clone())
        .opt_text(e.from.map(|s| s.as_str().to_owned()))
        .text(e.to.status.as_str())
        .text(e.to.step.as_str())
        .opt_text(text_dt(e.to.due))
        .text(e.actor.clone())
        .text(e.note.clone());
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_event(
    tx: &mut Tx,
    dossier: Uuid,
    at: DateTime,
    action: &str,
    from: Option<Status>,
    to: &State,
    actor: &str,
    note: &str,
) -> Result<()> {
    let mut rows = Batch::new("dossier_events", EVENT_COLUMNS);
    push_event(
        &mut rows,
        dossier,
        &TimelineStep {
            at,
            action: action.to_owned(),
            from,
            to: to.clone(),
            actor: actor.to_owned(),
            note: note.to_owned(),
        },
    );
    rows.flush(tx).await
}
