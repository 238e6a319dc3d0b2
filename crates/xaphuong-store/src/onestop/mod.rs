//! The one-stop shop: the procedure catalogue, dossiers and their timeline,
//! the public lookup and the citizens' ratings. The lifecycle's rules are in
//! `xaphuong_core::onestop`; here each step is written with its event and
//! its audit entry in one transaction.

use jiff::civil::DateTime;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::lifecycle::{Channel, Dossier as State, Status, Step};

use crate::audit::Place;
use crate::stored::{Code, Parsed};
use crate::{Result, Store};

mod actions;
mod counts;
mod filing;
mod papers;
mod procedures;
mod public;
mod queue;
mod records;
mod reports;
mod settings;

pub use actions::{DossierEvent, TimelineStep};
pub use counts::Bieu06;
pub use filing::{FILES_MAX, Filing};
pub use papers::DossierFile;
pub use procedures::Procedure;
pub use public::new_lookup_key;
pub use queue::DossierFilter;
pub use records::{DossierRecord, RatingRecord};

/// The rating that counts against the 766 satisfaction measure.
pub(crate) const DISSATISFIED: &str = "khong_hai_long";

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
        Place::at(self.commune_id, &self.unit_path)
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

crate::audit::audited!(Dossier);

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

pub use xaphuong_core::onestop::applicant::ApplicantInput;

/// Narrows the statistics to a field or one procedure.
#[derive(Debug, Clone, Default)]
pub struct StatsFilter {
    pub field: Option<String>,
    pub procedure: Option<Uuid>,
}

impl Store {
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
}

/// The event a step of `d` tells other systems: what the dossier is now,
/// without the applicant's personal data.
pub(crate) fn dossier_event<'a>(
    d: &'a Dossier,
    action: &str,
    note: &str,
) -> crate::webhooks::NewEvent<'a> {
    let moment =
        |t: &Option<jiff::civil::DateTime>| t.map(|t| t.strftime("%Y-%m-%dT%H:%M").to_string());
    crate::webhooks::NewEvent {
        kind: xaphuong_core::webhooks::dossier_event(action),
        record: "dossier",
        record_id: d.id,
        commune_id: d.commune_id,
        unit_path: &d.unit_path,
        data: serde_json::json!({
            "code": d.code,
            "action": action,
            "status": d.status.as_str(),
            "status_label": d.status.label(),
            "step": d.step.as_str(),
            "procedure_id": d.procedure_id,
            "procedure_name": d.procedure_name,
            "channel": d.channel.as_str(),
            "due_at": moment(&d.due_at),
            "finished_at": moment(&d.finished_at),
            "apologised": d.apologised,
            "note": xaphuong_core::text::clean(note),
        }),
        email: Some(&d.email),
    }
}
