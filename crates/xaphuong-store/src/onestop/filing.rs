//! Filing a dossier: at the counter, by post or online, with its papers,
//! its code of the day and its first steps.

use jiff::civil::{Date, DateTime};
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_core::onestop::code::CodePattern;
use xaphuong_core::onestop::lifecycle::{self as rules, Action, Channel, Dossier as State};
use xaphuong_core::violations::check_attachment;
use xaphuong_core::{Invalid, text};

use super::actions::insert_event;
use super::counts::CountChanges;
use super::public::new_lookup_key;
use super::{ApplicantInput, Dossier, text_dt};
use crate::args::Args;
use crate::audit;
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::{Result, Store, new_id, now_ms};

/// Files a citizen may attach to one online filing.
pub const FILES_MAX: usize = 5;

/// A dossier as filed: where, for which procedure, how, by whom, with
/// which papers.
#[derive(Debug, Clone)]
pub struct Filing {
    pub commune_id: Uuid,
    pub procedure_id: Uuid,
    pub channel: Channel,
    pub return_channel: Channel,
    pub applicant: ApplicantInput,
    /// (file name, bytes) of each paper uploaded.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Store {
    /// Registers a dossier: at the counter it is received at once (the
    /// officer has checked the papers, NĐ 118/2025 Art. 17(1)); online and
    /// by post it waits for acceptance as "Mới đăng ký". The files filed
    /// with it are checked all first and kept with it in one transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn submit_dossier(
        &self,
        actor: &Actor,
        scope: &Scope,
        filing: &Filing,
        at: DateTime,
        pattern: &CodePattern,
        cal: Option<&WorkCalendar>,
    ) -> Result<Dossier> {
        let Filing {
            commune_id,
            procedure_id,
            channel,
            return_channel,
            applicant,
            files,
        } = filing;
        let (commune_id, procedure_id, channel) = (*commune_id, *procedure_id, *channel);
        let commune = self
            .commune_in(scope, commune_id, "Hồ sơ được nộp tại xã, phường")
            .await?;
        let procedure = self
            .procedure(procedure_id)
            .await
            .map_err(|_| Invalid::one("procedure_id", "Chọn thủ tục hành chính"))?;
        if files.len() > FILES_MAX {
            return Err(Invalid::one("files", format!("Đính kèm tối đa {FILES_MAX} tệp")).into());
        }
        let mut checked = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let (name, kind) = check_attachment(name, bytes).map_err(|e| {
                let m = e.0.first().map(|f| f.message.clone()).unwrap_or_default();
                Invalid::one("files", format!("Tệp «{name}»: {m}"))
            })?;
            checked.push((name, kind, bytes));
        }
        let a = xaphuong_core::onestop::applicant::validate(applicant)?;
        let cal = match cal {
            Some(c) => c.clone(),
            None => {
                self.work_calendar(Some(&commune), at.year()..=at.year() + 1)
                    .await?
            }
        };
        let mut state = State::submitted(channel);
        let mut steps = vec![(None, state.clone(), "file", String::new())];
        if channel == Channel::Counter {
            let next = rules::apply(&state, &Action::Accept, at, &procedure.time, &cal)
                .map_err(|m| Invalid::one("status", m))?;
            steps.push((
                Some(state.status),
                next.clone(),
                Action::Accept.code(),
                String::new(),
            ));
            state = next;
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        let day = at.date();
        let seq = next_sequence(&mut tx, commune.id, day).await?;
        if channel == Channel::Online {
            // Counted after the sequence row is taken: two filings to one
            // commune cannot both see room for one.
            let adding = checked.iter().map(|(_, _, b)| b.len() as i64).sum();
            let (pending, bytes) = pending_online(&mut tx, commune.id).await?;
            xaphuong_core::onestop::applicant::check_online_quota(pending, bytes, adding)?;
        }
        let d = Dossier {
            id: new_id(),
            code: pattern.format(day, seq),
            commune_id: commune.id,
            unit_path: commune.path.clone(),
            procedure_id: procedure.id,
            procedure_name: procedure.name.clone(),
            channel,
            return_channel: *return_channel,
            status: state.status,
            step: state.step,
            applicant: a.applicant,
            address: a.address,
            phone: a.phone,
            email: a.email,
            submitted_at: at,
            received_at: state.received_at,
            due_at: state.due,
            supplements: i64::from(state.supplements),
            supplement_requested_at: state.supplement_requested_at,
            apologised: state.apologised,
            transferred_to: state.transferred_to.clone(),
            finished_at: None,
            assignee_id: None,
            lookup_key: new_lookup_key(),
            updated_at: now,
        };
        let mut rows = Batch::new("dossiers", DOSSIER_COLUMNS);
        push_dossier(&mut rows, &d, now);
        rows.flush(&mut tx).await?;
        for (name, kind, bytes) in &checked {
            let bytes: &[u8] = bytes;
            tx.run(
                "INSERT INTO dossier_files (id, dossier_id, file_name, content_type, size, data, actor_name, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                Args::new()
                    .bind(new_id())
                    .bind(d.id)
                    .bind(name)
                    .bind(*kind)
                    .bind(bytes.len() as i64)
                    .bind(bytes)
                    .bind(&actor.name)
                    .bind(now),
            )
            .await?;
        }
        for (from, s, action, note) in &steps {
            insert_event(&mut tx, d.id, at, action, *from, s, &actor.name, note).await?;
        }
        let mut counts = CountChanges::default();
        counts.dossier(&d, &procedure.field, 1);
        counts.flush(&mut tx).await?;
        audit::inserted(&mut tx, actor, Entity::Dossier, &d).await?;
        for (_, _, action, note) in &steps {
            crate::webhooks::emit(&mut tx, super::dossier_event(&d, action, note)).await?;
        }
        tx.commit().await?;
        Ok(d)
    }
}

/// The online dossiers of a commune waiting for acceptance, and the bytes
/// of their papers.
async fn pending_online(tx: &mut Tx, commune: Uuid) -> Result<(i64, i64)> {
    let row: (i64, Option<i64>) = tx!(tx, |c| {
        sqlx::query_as(
            "SELECT COUNT(DISTINCT d.id), SUM(f.size) FROM dossiers d
             LEFT JOIN dossier_files f ON f.dossier_id = d.id
             WHERE d.commune_id = $1 AND d.channel = 'online' AND d.status = 'new'",
        )
        .bind(commune)
        .fetch_one(c)
        .await
    })?;
    Ok((row.0, row.1.unwrap_or(0)))
}

/// The next number of the day in a commune, for the dossier code.
async fn next_sequence(tx: &mut Tx, commune: Uuid, day: Date) -> Result<u32> {
    let (last,): (i64,) = tx!(tx, |c| {
        sqlx::query_as(
            "INSERT INTO dossier_sequences (commune_id, day, last) VALUES ($1, $2, 1)
             ON CONFLICT (commune_id, day) DO UPDATE SET last = dossier_sequences.last + 1
             RETURNING last",
        )
        .bind(commune)
        .bind(day.to_string())
        .fetch_one(c)
        .await
    })?;
    Ok(u32::try_from(last).unwrap_or(u32::MAX))
}

pub(super) const DOSSIER_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("code", Ty::Text),
    ("commune_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("procedure_id", Ty::Uuid),
    ("channel", Ty::Text),
    ("return_channel", Ty::Text),
    ("status", Ty::Text),
    ("step", Ty::Text),
    ("applicant", Ty::Text),
    ("address", Ty::Text),
    ("phone", Ty::Text),
    ("email", Ty::Text),
    ("search_key", Ty::Text),
    ("submitted_at", Ty::Text),
    ("received_at", Ty::Text),
    ("due_at", Ty::Text),
    ("supplements", Ty::Int),
    ("supplement_requested_at", Ty::Text),
    ("apologised", Ty::Bool),
    ("transferred_to", Ty::Text),
    ("finished_at", Ty::Text),
    ("assignee_id", Ty::Uuid),
    ("lookup_key", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

pub(super) fn push_dossier(rows: &mut Batch, d: &Dossier, now: i64) {
    rows.uuid(d.id)
        .text(d.code.clone())
        .uuid(d.commune_id)
        .text(d.unit_path.clone())
        .uuid(d.procedure_id)
        .text(d.channel.as_str())
        .text(d.return_channel.as_str())
        .text(d.status.as_str())
        .text(d.step.as_str())
        .text(d.applicant.clone())
        .text(d.address.clone())
        .text(d.phone.clone())
        .text(d.email.clone())
        .text(text::fold(&format!("{} {}", d.code, d.applicant)))
        .opt_text(text_dt(Some(d.submitted_at)))
        .opt_text(text_dt(d.received_at))
        .opt_text(text_dt(d.due_at))
        .int(d.supplements)
        .opt_text(text_dt(d.supplement_requested_at))
        .bool(d.apologised)
        .opt_text(d.transferred_to.clone())
        .opt_text(text_dt(d.finished_at))
        .uuid(d.assignee_id)
        .text(d.lookup_key.clone())
        .int(now)
        .int(now);
}
