//! The one-stop shop: the procedure catalogue, dossiers and their timeline,
//! the public lookup and the citizens' ratings. The lifecycle's rules are in
//! `xaphuong_core::onestop`; here each step is written with its event and
//! its audit entry in one transaction.

use jiff::civil::{Date, DateTime};
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action as AuditAction, Actor, Entity};
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_core::import::ImportRow;
use xaphuong_core::onestop::code::{CodePattern, CodePatternInput};
use xaphuong_core::onestop::lifecycle::{
    self as rules, Action, Channel, Dossier as State, Status, Step,
};
use xaphuong_core::onestop::procedures::{
    OnlineLevel, ProcedureInput, ProcessingTime, STARTER, ValidProcedure, validate_procedure,
};
use xaphuong_core::onestop::stats::DossierTimes;
use xaphuong_core::units::Level;
use xaphuong_core::violations::check_attachment;
use xaphuong_core::{FieldError, Invalid, text};

use crate::audit::{self, Place};
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Result, Slice, Store, StoreError, new_id, now_ms, slice};

mod counts;
mod records;
pub use counts::Bieu06;
use counts::CountChanges;
pub use records::{DossierRecord, RatingRecord};

/// The rating that counts against the 766 satisfaction measure.
pub(crate) const DISSATISFIED: &str = "khong_hai_long";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub field: String,
    #[serde(skip)]
    pub time: ProcessingTime,
    pub time_text: String,
    pub fee: String,
    pub papers: Vec<String>,
    pub result: String,
    pub online: OnlineLevel,
    pub basis: String,
    pub steps: Vec<u32>,
}

impl Procedure {
    /// The procedure as its form and its file row write it.
    pub fn input(&self) -> ProcedureInput {
        ProcedureInput {
            code: self.code.clone(),
            name: self.name.clone(),
            field: self.field.clone(),
            time: self.time_text.clone(),
            fee: self.fee.clone(),
            papers: self.papers.join("\n"),
            result: self.result.clone(),
            online: self.online.as_str().to_owned(),
            basis: self.basis.clone(),
            steps: self
                .steps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ProcedureRow {
    id: Uuid,
    code: String,
    name: String,
    field: String,
    time: String,
    fee: String,
    papers: String,
    result: String,
    online: String,
    basis: String,
    steps: String,
}

impl From<ProcedureRow> for Procedure {
    fn from(r: ProcedureRow) -> Self {
        let time = ProcessingTime::parse(&r.time).unwrap_or(ProcessingTime::WorkingDays(1));
        Procedure {
            id: r.id,
            code: r.code,
            name: r.name,
            field: r.field,
            time_text: time.as_text(),
            time,
            fee: r.fee,
            papers: r.papers.lines().map(str::to_owned).collect(),
            result: r.result,
            online: OnlineLevel::parse(&r.online).unwrap_or(OnlineLevel::Offline),
            basis: r.basis,
            steps: r.steps.split(',').filter_map(|s| s.parse().ok()).collect(),
        }
    }
}

const PROCEDURE_COLUMNS: &str =
    "id, code, name, field, time, fee, papers, result, online, basis, steps";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dossier {
    pub id: Uuid,
    pub code: String,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub procedure_id: Uuid,
    pub procedure_name: String,
    pub channel: Channel,
    /// How the citizen takes the result.
    pub return_channel: Channel,
    pub status: Status,
    pub step: Step,
    pub applicant: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub submitted_at: DateTime,
    pub received_at: Option<DateTime>,
    pub due_at: Option<DateTime>,
    pub supplements: i64,
    pub supplement_requested_at: Option<DateTime>,
    pub apologised: bool,
    pub transferred_to: Option<String>,
    pub finished_at: Option<DateTime>,
    pub assignee_id: Option<Uuid>,
    /// The random key printed on the receipt, without which the public
    /// lookup shows only the status (kept out of the audit trail).
    #[serde(skip)]
    pub lookup_key: String,
    /// The record's version: a change is written only on the version it
    /// was checked against.
    pub updated_at: i64,
}

impl Dossier {
    fn place(&self) -> Place<'_> {
        Place {
            unit_id: Some(self.commune_id),
            unit_path: Some(&self.unit_path),
        }
    }

    /// The lifecycle's view of the dossier.
    pub fn state(&self) -> State {
        State {
            status: self.status,
            step: self.step,
            channel: self.channel,
            received_at: self.received_at,
            due: self.due_at,
            supplements: u8::try_from(self.supplements).unwrap_or(u8::MAX),
            supplement_requested_at: self.supplement_requested_at,
            apologised: self.apologised,
            transferred_to: self.transferred_to.clone(),
        }
    }
}

/// A fresh lookup key from the operating system's random source.
pub fn new_lookup_key() -> String {
    let mut random = [0u8; 5];
    getrandom::fill(&mut random).expect("operating system random source");
    xaphuong_core::onestop::code::lookup_key(random)
}

fn parse_dt(s: &str) -> Option<DateTime> {
    s.parse().ok()
}

fn text_dt(d: Option<DateTime>) -> Option<String> {
    d.map(|d| d.strftime("%Y-%m-%dT%H:%M").to_string())
}

#[derive(sqlx::FromRow)]
struct DossierRow {
    id: Uuid,
    code: String,
    commune_id: Uuid,
    unit_path: String,
    procedure_id: Uuid,
    procedure_name: String,
    channel: Code<Channel>,
    return_channel: Code<Channel>,
    status: Code<Status>,
    step: Code<Step>,
    applicant: String,
    address: String,
    phone: String,
    email: String,
    submitted_at: Parsed<DateTime>,
    received_at: Option<Parsed<DateTime>>,
    due_at: Option<Parsed<DateTime>>,
    supplements: i64,
    supplement_requested_at: Option<Parsed<DateTime>>,
    apologised: bool,
    transferred_to: Option<String>,
    finished_at: Option<Parsed<DateTime>>,
    assignee_id: Option<Uuid>,
    lookup_key: String,
    updated_at: i64,
}

impl From<DossierRow> for Dossier {
    fn from(r: DossierRow) -> Self {
        Dossier {
            id: r.id,
            code: r.code,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            procedure_id: r.procedure_id,
            procedure_name: r.procedure_name,
            channel: r.channel.0,
            return_channel: r.return_channel.0,
            status: r.status.0,
            step: r.step.0,
            applicant: r.applicant,
            address: r.address,
            phone: r.phone,
            email: r.email,
            submitted_at: r.submitted_at.0,
            received_at: r.received_at.map(|d| d.0),
            due_at: r.due_at.map(|d| d.0),
            supplements: r.supplements,
            supplement_requested_at: r.supplement_requested_at.map(|d| d.0),
            apologised: r.apologised,
            transferred_to: r.transferred_to,
            finished_at: r.finished_at.map(|d| d.0),
            assignee_id: r.assignee_id,
            lookup_key: r.lookup_key,
            updated_at: r.updated_at,
        }
    }
}

const DOSSIER_SELECT: &str = "SELECT d.id, d.code, d.commune_id, d.unit_path, d.procedure_id, p.name AS procedure_name,
    d.channel, d.return_channel, d.status, d.step, d.applicant, d.address, d.phone, d.email, d.submitted_at, d.received_at, d.due_at,
    d.supplements, d.supplement_requested_at, d.apologised, d.transferred_to, d.finished_at, d.assignee_id, d.lookup_key, d.updated_at
    FROM dossiers d JOIN procedures p ON p.id = d.procedure_id";

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

pub use xaphuong_core::onestop::applicant::ApplicantInput;

/// Narrows the statistics to a field or one procedure.
#[derive(Debug, Clone, Default)]
pub struct StatsFilter {
    pub field: Option<String>,
    pub procedure: Option<Uuid>,
}

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

/// A paper filed with a dossier, without its bytes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DossierFile {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

/// Filters of the dossier lists and work queues.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Code or applicant, diacritics ignored.
    pub q: Option<String>,
    pub status: Option<Status>,
    /// Where the dossier is held: a queue per step.
    pub step: Option<Step>,
    pub procedure_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    /// Unfinished and due at or before this moment.
    pub due_by: Option<DateTime>,
    /// The page after this dossier (the previous page's last).
    pub after: Option<Uuid>,
    pub per_page: Option<i64>,
}

/// The unfinished statuses, for queues and "due" lists.
const OPEN: &str = "('new', 'received', 'processing', 'supplement', 'financial')";
/// The search of a full dossier code, through its unique index.
const EXACT: &str = "d.code = $3";

impl Store {
    /// Adds the built-in procedures the deployment does not have (by code).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ensure_procedure_catalogue(&self, actor: &Actor) -> Result<usize> {
        let have: Vec<(String,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT code FROM procedures")
                .fetch_all(c)
                .await
        })?;
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        let mut added = 0;
        for s in STARTER {
            if have.iter().any(|(c,)| c == s.code) {
                continue;
            }
            let p = Procedure {
                id: new_id(),
                code: s.code.into(),
                name: s.name.into(),
                field: s.field.into(),
                time: s.time,
                time_text: s.time.as_text(),
                fee: s.fee.into(),
                papers: s.papers.iter().map(|x| (*x).to_owned()).collect(),
                result: s.result.into(),
                online: s.online,
                basis: s.basis.into(),
                steps: s.steps.to_vec(),
            };
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO procedures (id, code, name, field, search_key, time, fee, papers, result, online, basis, steps, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
                .bind(p.id)
                .bind(&p.code)
                .bind(&p.name)
                .bind(&p.field)
                .bind(text::fold(&format!("{} {} {}", p.code, p.name, p.field)))
                .bind(p.time.storage())
                .bind(&p.fee)
                .bind(p.papers.join("\n"))
                .bind(&p.result)
                .bind(p.online.as_str())
                .bind(&p.basis)
                .bind(p.steps.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
                .bind(now)
                .bind(now)
                .execute(c)
                .await
            })?;
            let nowhere = Place {
                unit_id: None,
                unit_path: None,
            };
            audit::write(
                &mut tx,
                actor,
                Entity::Procedure,
                p.id,
                AuditAction::Insert,
                &nowhere,
                None::<&()>,
                Some(&p),
            )
            .await?;
            added += 1;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Adds a procedure to the catalogue (`id` None) or changes one; the
    /// national code stays unique.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_procedure(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &ProcedureInput,
    ) -> Result<Procedure> {
        let v = validate_procedure(input)?;
        let before = match id {
            Some(id) => Some(self.procedure(id).await?),
            None => None,
        };
        let clash = self.procedure_by_code(&v.code).await?;
        if clash.as_ref().is_some_and(|c| Some(c.id) != id) {
            return Err(Invalid::one(
                "code",
                format!("Đã có thủ tục mã {} trong danh mục", v.code),
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let (p, _) = write_procedure(&mut tx, actor, before.as_ref(), &v).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// The catalogue from a file: every row checked first, then each
    /// procedure added or (by its code) replaced, all in one transaction.
    /// Returns (added, changed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_procedures(
        &self,
        actor: &Actor,
        rows: &[ImportRow<ProcedureInput>],
    ) -> Result<(usize, usize)> {
        let mut errors = Vec::new();
        let mut ready: Vec<ValidProcedure> = Vec::with_capacity(rows.len());
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for r in rows {
            match validate_procedure(&r.input) {
                Ok(v) => {
                    if let Some(first) = seen.insert(v.code.clone(), r.row) {
                        errors.push(
                            FieldError::new(
                                "code",
                                format!("Mã {} trùng với dòng {first}", v.code),
                            )
                            .at_row(r.row),
                        );
                    }
                    ready.push(v);
                }
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let existing = self.procedures(None).await?;
        let (mut added, mut changed) = (0, 0);
        let mut tx = self.db.begin().await?;
        for v in &ready {
            let before = existing.iter().find(|p| p.code == v.code);
            let (_, written) = write_procedure(&mut tx, actor, before, v).await?;
            match (before, written) {
                (None, _) => added += 1,
                (Some(_), true) => changed += 1,
                (Some(_), false) => {}
            }
        }
        tx.commit().await?;
        Ok((added, changed))
    }

    async fn procedure_by_code(&self, code: &str) -> Result<Option<Procedure>> {
        let row: Option<ProcedureRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE code = $1"
            )))
            .bind(code)
            .fetch_optional(c)
            .await
        })?;
        Ok(row.map(Procedure::from))
    }

    /// The catalogue, by field and name; `q` matches code, name or field
    /// without diacritics.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedures(&self, q: Option<&str>) -> Result<Vec<Procedure>> {
        let like = q.map(|q| format!("%{}%", text::fold(q)));
        let rows: Vec<ProcedureRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE ($1 IS NULL OR search_key LIKE $1) ORDER BY field, name"
            )))
            .bind(&like)
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(Procedure::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedure(&self, id: Uuid) -> Result<Procedure> {
        let row: Option<ProcedureRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE id = $1"
            )))
            .bind(id)
            .fetch_optional(c)
            .await
        })?;
        row.map(Procedure::from)
            .ok_or(StoreError::NotFound("thủ tục hành chính"))
    }

    /// The working calendar of `unit` (its own days off and hours, inherited
    /// from above) over `years`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn work_calendar(
        &self,
        unit: Option<&Unit>,
        years: std::ops::RangeInclusive<i16>,
    ) -> Result<WorkCalendar> {
        let settings = self.calendar_settings(unit).await?;
        let days: Vec<_> = self
            .calendar_days(unit, years)
            .await?
            .into_iter()
            .map(|d| d.day)
            .collect();
        Ok(WorkCalendar::new(
            settings.rest,
            settings.hours.clone(),
            settings.makeup_counts,
            &days,
        ))
    }

    /// The dossier code pattern of a commune. Its identifier in the national
    /// scheme (QĐ 20/2020/QĐ-TTg) is not recorded yet, so the commune's own
    /// code stands in for it.
    pub fn default_code_pattern(commune: &Unit) -> CodePattern {
        CodePattern {
            identifier: format!("000.00.00.X{}", commune.code),
            ..CodePattern::default()
        }
    }

    /// The commune's dossier code pattern: as its administrator set it, or
    /// the default built from the commune's code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_code_pattern(&self, commune: &Unit) -> Result<CodePattern> {
        let row: Option<(String, bool, i64, String)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT identifier, long_year, width, separator FROM onestop_settings WHERE unit_id = $1",
            )
            .bind(commune.id)
            .fetch_optional(c)
            .await
        })?;
        Ok(match row {
            Some((identifier, long_year, width, separator)) => CodePattern {
                identifier,
                long_year,
                width: u8::try_from(width).unwrap_or(4),
                separator: separator.chars().next().unwrap_or('-'),
            },
            None => Self::default_code_pattern(commune),
        })
    }

    /// Sets a commune's dossier code pattern (NĐ 118/2025 Art. 28), audited.
    /// Codes already given keep their form.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_dossier_code_pattern(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        input: &CodePatternInput,
    ) -> Result<CodePattern> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit", "Mã số hồ sơ đặt cho xã, phường").into());
        }
        let after = input.read()?;
        let before = self.dossier_code_pattern(&commune).await?;
        if before == after {
            return Ok(after);
        }
        let mut tx = self.db.begin().await?;
        exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO onestop_settings (unit_id, identifier, long_year, width, separator, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (unit_id) DO UPDATE SET identifier = $2, long_year = $3, width = $4, separator = $5, updated_at = $6",
            )
            .bind(commune.id)
            .bind(&after.identifier)
            .bind(after.long_year)
            .bind(i64::from(after.width))
            .bind(after.separator.to_string())
            .bind(now_ms())
            .execute(c)
            .await
        })?;
        audit::write(
            &mut tx,
            actor,
            Entity::DossierCode,
            commune.id,
            AuditAction::Update,
            &Place {
                unit_id: Some(commune.id),
                unit_path: Some(&commune.path),
            },
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

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
        let commune = self.unit(scope, commune_id).await.map_err(|_| {
            Invalid::one(
                "unit_id",
                "Xã, phường không tồn tại hoặc ngoài phạm vi quản lý",
            )
        })?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit_id", "Hồ sơ được nộp tại xã, phường").into());
        }
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
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO dossier_files (id, dossier_id, file_name, content_type, size, data, actor_name, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(new_id())
                .bind(d.id)
                .bind(name)
                .bind(*kind)
                .bind(bytes.len() as i64)
                .bind(bytes)
                .bind(&actor.name)
                .bind(now)
                .execute(c)
                .await
            })?;
        }
        for (from, s, action, note) in &steps {
            insert_event(&mut tx, d.id, at, action, *from, s, &actor.name, note).await?;
        }
        let mut counts = CountChanges::default();
        counts.dossier(&d, &procedure.field, 1);
        counts.flush(&mut tx).await?;
        audit::write(
            &mut tx,
            actor,
            Entity::Dossier,
            d.id,
            AuditAction::Insert,
            &d.place(),
            None::<&()>,
            Some(&d),
        )
        .await?;
        tx.commit().await?;
        Ok(d)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier(&self, scope: &Scope, id: Uuid) -> Result<Dossier> {
        let row: DossierRow = self
            .scoped_row(
                format!(
                    "{DOSSIER_SELECT} WHERE d.id = $1 AND d.unit_path >= $2 AND d.unit_path < $3"
                ),
                scope,
                id,
                "hồ sơ",
            )
            .await?;
        Ok(row.into())
    }

    /// The public lookup: a dossier by its code, for anyone who has it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_by_code(&self, code: &str) -> Result<Dossier> {
        let row: Option<DossierRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{DOSSIER_SELECT} WHERE d.code = $1"
            )))
            .bind(code.trim())
            .fetch_optional(c)
            .await
        })?;
        row.map(Dossier::from)
            .ok_or(StoreError::NotFound("hồ sơ có mã này"))
    }

    /// The dossier's timeline, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_events(&self, id: Uuid) -> Result<Vec<DossierEvent>> {
        Ok(read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT at, action, from_status, to_status, step, due_at, actor_name, note FROM dossier_events
                 WHERE dossier_id = $1 ORDER BY at, id",
            )
            .bind(id)
            .fetch_all(c)
            .await
        })?)
    }

    /// The papers filed with a dossier the caller may see.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_files(&self, scope: &Scope, id: Uuid) -> Result<Vec<DossierFile>> {
        let d = self.dossier(scope, id).await?;
        Ok(read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT id, file_name, content_type, size, created_at FROM dossier_files
                 WHERE dossier_id = $1 ORDER BY created_at, file_name",
            )
            .bind(d.id)
            .fetch_all(c)
            .await
        })?)
    }

    /// One paper and its bytes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_file(
        &self,
        scope: &Scope,
        id: Uuid,
        file_id: Uuid,
    ) -> Result<(DossierFile, Vec<u8>)> {
        let d = self.dossier(scope, id).await?;
        let row: Option<(Uuid, String, String, i64, i64, Vec<u8>)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT id, file_name, content_type, size, created_at, data FROM dossier_files
                 WHERE dossier_id = $1 AND id = $2",
            )
            .bind(d.id)
            .bind(file_id)
            .fetch_optional(c)
            .await
        })?;
        let (id, file_name, content_type, size, created_at, data) =
            row.ok_or(StoreError::NotFound("tệp đính kèm"))?;
        Ok((
            DossierFile {
                id,
                file_name,
                content_type,
                size,
                created_at,
            },
            data,
        ))
    }

    /// Dossiers inside `scope` matching `f`, most urgent first (open ones
    /// by due date, then the rest): a page after `f.after`, and how many
    /// match, counted up to [`crate::COUNT_CAP`]. A search that is a
    /// dossier's full code finds it by its unique index.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossiers(&self, scope: &Scope, f: &DossierFilter) -> Result<Slice<Dossier>> {
        if let Some(code) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let exact = self.dossiers_where(scope, f, EXACT, code).await?;
            if !exact.items.is_empty() {
                return Ok(exact);
            }
        }
        match f.q.as_deref() {
            Some(q) => {
                let like = format!("%{}%", text::fold(q));
                self.dossiers_where(scope, f, "d.search_key LIKE $3", &like)
                    .await
            }
            None => self.dossiers_where(scope, f, "$3 = ''", "").await,
        }
    }

    /// `search` compares with `$3`, bound to `term`; [`EXACT`] looks a
    /// code up.
    async fn dossiers_where(
        &self,
        scope: &Scope,
        f: &DossierFilter,
        search: &'static str,
        term: &str,
    ) -> Result<Slice<Dossier>> {
        let (lo, hi) = scope.path_range();
        let per_page = f
            .per_page
            .unwrap_or(crate::DEFAULT_PER_PAGE)
            .clamp(1, crate::MAX_PER_PAGE);
        let status = f.status.map(Status::as_str);
        let step = f.step.map(Step::as_str);
        let due_by = text_dt(f.due_by);
        let rest = format!(
            "{search} AND ($4 IS NULL OR d.status = $4)
             AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR d.assignee_id = $6)
             AND ($7 IS NULL OR (d.status IN {OPEN} AND d.due_at <= $7)) AND ($8 IS NULL OR d.step = $8)"
        );
        let filter = format!("d.unit_path >= $1 AND d.unit_path < $2 AND {rest}");
        // Dossiers are kept at their commune's path: a commune's queue is
        // one range of its index in queue order; a wider scope's is the
        // deployment's queue order, its scope checked on the way. (The
        // upper bound is only named for a commune: with it, PostgreSQL
        // multiplied two guesses about one column and sorted the commune's
        // whole queue.)
        let place = if self.spans_communes(scope).await? {
            self.path_checked("d")
        } else {
            "d.unit_path = $1 AND $2 <> ''".to_owned()
        };
        let ordered = format!("{place} AND {rest}");
        let cursor = match f.after {
            Some(id) => read!(&self.db, |c| {
                sqlx::query_as::<_, (String, String)>(
                    "SELECT queue_rank, code FROM dossiers WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(c)
                .await
            })?,
            None => None,
        };
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM dossiers d WHERE {filter} LIMIT {}) x",
            crate::COUNT_CAP + 1
        );
        let page_sql = format!(
            "{DOSSIER_SELECT} WHERE {ordered} {} ORDER BY d.queue_rank, d.code LIMIT $9",
            if cursor.is_some() {
                "AND (d.queue_rank, d.code) > ($10, $11)"
            } else {
                ""
            }
        );
        let rows: Vec<DossierRow> = read!(&self.db, |c| {
            let q = sqlx::query_as(sqlx::AssertSqlSafe(page_sql.clone()))
                .bind(&lo)
                .bind(&hi)
                .bind(term)
                .bind(status)
                .bind(f.procedure_id)
                .bind(f.assignee_id)
                .bind(&due_by)
                .bind(step)
                .bind(per_page + 1);
            let q = match &cursor {
                Some((rank, code)) => q.bind(rank).bind(code),
                None => q,
            };
            q.fetch_all(c).await
        })?;
        // A code is unique: what the page found is the count.
        let count = if search == EXACT {
            rows.len() as i64
        } else {
            let (count,): (i64,) = read!(&self.db, |c| {
                sqlx::query_as(sqlx::AssertSqlSafe(count_sql.clone()))
                    .bind(&lo)
                    .bind(&hi)
                    .bind(term)
                    .bind(status)
                    .bind(f.procedure_id)
                    .bind(f.assignee_id)
                    .bind(&due_by)
                    .bind(step)
                    .fetch_one(c)
                    .await
            })?;
            count
        };
        Ok(slice(
            rows.into_iter().map(Dossier::from).collect(),
            per_page,
            count,
            |d: &Dossier| d.id,
        ))
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
        let mut tx = self.db.begin().await?;
        version::claim(
            &mut tx,
            Versioned::Dossier,
            id,
            before.updated_at,
            after.updated_at,
        )
        .await?;
        exec!(&mut tx, |c| {
            sqlx::query(
                "UPDATE dossiers SET status = $2, step = $3, received_at = $4, due_at = $5, supplements = $6,
                     supplement_requested_at = $7, apologised = $8, transferred_to = $9, finished_at = $10, assignee_id = $11,
                     updated_at = $12
                 WHERE id = $1",
            )
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
            .bind(after.updated_at)
            .execute(c)
            .await
        })?;
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
        audit::write(
            &mut tx,
            actor,
            Entity::Dossier,
            id,
            AuditAction::Update,
            &after.place(),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// What Biểu 06 counts of the dossiers of `scope` that were in hand
    /// between `from` and `to`, read from the records themselves: what the
    /// aggregates of [`Store::dossier_stats`] are checked against.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_times(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
    ) -> Result<Vec<DossierTimes>> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<TimesRow> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT p.field, d.channel, d.status, d.received_at, d.due_at, d.finished_at
                     FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
                     WHERE d.unit_path >= $1 AND d.unit_path < $2 AND d.received_at IS NOT NULL
                       AND d.received_at <= $3 AND (d.finished_at IS NULL OR d.finished_at >= $4)
                       AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)
                     ORDER BY p.field",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(format!("{to}T23:59"))
            .bind(format!("{from}T00:00"))
            .bind(f.procedure)
            .bind(&f.field)
            .fetch_all(c)
            .await
        })?;
        Ok(rows
            .into_iter()
            .map(|r| DossierTimes {
                field: r.field,
                channel: r.channel.0,
                resolved: matches!(r.status.0, Status::Resolved | Status::Returned),
                received: r.received_at.map(|d| d.0),
                due: r.due_at.map(|d| d.0),
                finished: r.finished_at.map(|d| d.0),
            })
            .collect())
    }

    /// The period's dossiers that missed their due date: finished late in
    /// the period, or still open after it passed by the period's end (the
    /// "quá hạn" cells of Biểu 06, counted the same way), and those that
    /// missed the first one and had the apology letter with a new date
    /// (Art. 19(6)), late or not against it. At most `limit`, the longest
    /// overdue first; and how many there are in all.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn late_dossiers(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
        limit: i64,
    ) -> Result<(Vec<Dossier>, i64)> {
        let (lo, hi) = scope.path_range();
        let end = format!("{to}T23:59");
        let start = format!("{from}T00:00");
        // late_watch holds every dossier the rest can select; its partial
        // index holds what the rest checks: the list reads a small share of
        // the scope, from the index alone.
        const FILTER: &str = "d.late_watch AND d.unit_path >= $1 AND d.unit_path < $2
             AND d.received_at IS NOT NULL AND d.received_at <= $3
             AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)
             AND ((d.finished_at >= $4 AND d.finished_at <= $3 AND d.status IN ('resolved', 'returned')
                   AND (d.finished_at > d.due_at OR d.apologised))
               OR ((d.finished_at IS NULL OR d.finished_at > $3) AND (d.due_at <= $3 OR d.apologised)))";
        let total: (i64,) = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE {FILTER}"
            )))
            .bind(&lo)
            .bind(&hi)
            .bind(&end)
            .bind(&start)
            .bind(f.procedure)
            .bind(&f.field)
            .fetch_one(c)
            .await
        })?;
        let rows: Vec<DossierRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{DOSSIER_SELECT} WHERE {FILTER} ORDER BY d.due_at, d.code LIMIT $7"
            )))
            .bind(&lo)
            .bind(&hi)
            .bind(&end)
            .bind(&start)
            .bind(f.procedure)
            .bind(&f.field)
            .bind(limit)
            .fetch_all(c)
            .await
        })?;
        Ok((rows.into_iter().map(Dossier::from).collect(), total.0))
    }

    /// The period's ratings of dossiers in `scope`: how many, and how many
    /// "không hài lòng", counted from the ratings themselves (what the
    /// aggregates are checked against).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn rating_counts(
        &self,
        scope: &Scope,
        from: Date,
        to: Date,
        f: &StatsFilter,
    ) -> Result<(i64, i64)> {
        let (lo, hi) = scope.path_range();
        let ms = |d: DateTime| xaphuong_core::calendar::vietnam_instant(d).as_millisecond();
        let start = ms(from.at(0, 0, 0, 0));
        let end = ms(to.at(23, 59, 59, 999_000_000));
        let row: (i64, Option<i64>) = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT COUNT(*), SUM(CASE WHEN r.answers = $7 THEN 1 ELSE 0 END)
                 FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id JOIN procedures p ON p.id = d.procedure_id
                 WHERE d.unit_path >= $1 AND d.unit_path < $2 AND r.rated_at >= $3 AND r.rated_at <= $4
                   AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR p.field = $6)",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(start)
            .bind(end)
            .bind(f.procedure)
            .bind(&f.field)
            .bind(DISSATISFIED)
            .fetch_one(c)
            .await
        })?;
        Ok((row.0, row.1.unwrap_or(0)))
    }

    /// The fields of the catalogue, for the statistics' filter.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedure_fields(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT DISTINCT field FROM procedures ORDER BY field")
                .fetch_all(c)
                .await
        })?;
        Ok(rows.into_iter().map(|(f,)| f).collect())
    }

    /// A citizen's rating of a returned dossier, given at `at`; once per
    /// dossier.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn rate_dossier(
        &self,
        code: &str,
        scale: &str,
        answers: &str,
        comment: &str,
        at: jiff::Timestamp,
    ) -> Result<()> {
        let d = self.dossier_by_code(code).await?;
        if d.status != Status::Returned {
            return Err(
                Invalid::one("rating", "Chỉ đánh giá được khi hồ sơ đã trả kết quả").into(),
            );
        }
        let mut tx = self.db.begin().await?;
        let done = exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO dossier_ratings (dossier_id, scale, answers, comment, rated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (dossier_id) DO NOTHING",
            )
            .bind(d.id)
            .bind(scale)
            .bind(answers)
            .bind(text::clean(comment))
            .bind(at.as_millisecond())
            .execute(c)
            .await
        })?;
        if done == 0 {
            return Err(Invalid::one("rating", "Hồ sơ này đã được đánh giá").into());
        }
        let procedure = self.procedure(d.procedure_id).await?;
        let mut counts = CountChanges::default();
        counts.rating(
            &d,
            &procedure.field,
            at.as_millisecond(),
            answers == DISSATISFIED,
        );
        counts.flush(&mut tx).await?;
        #[derive(Serialize)]
        struct Rating<'a> {
            scale: &'a str,
            answers: &'a str,
        }
        audit::write(
            &mut tx,
            &Actor::system("công dân đánh giá"),
            Entity::Dossier,
            d.id,
            AuditAction::Update,
            &d.place(),
            None::<&()>,
            Some(&Rating { scale, answers }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct TimesRow {
    field: String,
    channel: Code<Channel>,
    status: Code<Status>,
    received_at: Option<Parsed<DateTime>>,
    due_at: Option<Parsed<DateTime>>,
    finished_at: Option<Parsed<DateTime>>,
}

/// The next number of the day in a commune, for the dossier code.
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

const DOSSIER_COLUMNS: &[(&str, Ty)] = &[
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

fn push_dossier(rows: &mut Batch, d: &Dossier, now: i64) {
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

const EVENT_COLUMNS: &[(&str, Ty)] = &[
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

fn push_event(rows: &mut Batch, dossier: Uuid, e: &TimelineStep) {
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
async fn insert_event(
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

/// Inserts a procedure, or replaces `before` with it, with its audit entry;
/// says whether anything was written (an unchanged procedure is not).
async fn write_procedure(
    tx: &mut Tx,
    actor: &Actor,
    before: Option<&Procedure>,
    v: &ValidProcedure,
) -> Result<(Procedure, bool)> {
    let p = Procedure {
        id: before.map_or_else(new_id, |b| b.id),
        code: v.code.clone(),
        name: v.name.clone(),
        field: v.field.clone(),
        time: v.time,
        time_text: v.time.as_text(),
        fee: v.fee.clone(),
        papers: v.papers.clone(),
        result: v.result.clone(),
        online: v.online,
        basis: v.basis.clone(),
        steps: v.steps.to_vec(),
    };
    if before.is_some_and(|b| *b == p) {
        return Ok((p, false));
    }
    // created_at is set on insert and kept on update.
    let sql = if before.is_some() {
        "UPDATE procedures SET code = $2, name = $3, field = $4, search_key = $5, time = $6, fee = $7, papers = $8,
             result = $9, online = $10, basis = $11, steps = $12, updated_at = $13 WHERE id = $1"
    } else {
        "INSERT INTO procedures (id, code, name, field, search_key, time, fee, papers, result, online, basis, steps, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)"
    };
    exec!(tx, |c| {
        sqlx::query(sql)
            .bind(p.id)
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.field)
            .bind(text::fold(&format!("{} {} {}", p.code, p.name, p.field)))
            .bind(p.time.storage())
            .bind(&p.fee)
            .bind(p.papers.join("\n"))
            .bind(&p.result)
            .bind(p.online.as_str())
            .bind(&p.basis)
            .bind(
                p.steps
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .bind(now_ms())
            .execute(c)
            .await
    })?;
    if let Some(b) = before.filter(|b| b.field != p.field) {
        counts::move_field(tx, p.id, &b.field, &p.field).await?;
    }
    let nowhere = Place {
        unit_id: None,
        unit_path: None,
    };
    audit::write(
        tx,
        actor,
        Entity::Procedure,
        p.id,
        if before.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Insert
        },
        &nowhere,
        before,
        Some(&p),
    )
    .await?;
    Ok((p, true))
}
