//! The citizen-reception book (sổ tiếp công dân): visits and letters,
//! classified, accepted or forwarded, decided within their legal
//! deadlines; a denouncer seen by the handler alone.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::petitions::{PetitionKind, ReceptionInput};
use xaphuong_store::receptions::{Reception, ReceptionFilter};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{non_empty, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get("/receptions", p(ViewRegisters), pages::list)
        .post("/receptions", p(ManageRegisters), pages::create)
        .get("/receptions/new", p(ManageRegisters), pages::new_form)
        .get("/receptions/export.xlsx", p(ViewRegisters), pages::export)
        .get("/receptions/{id}", p(ViewRegisters), pages::show)
        .post("/receptions/{id}", p(ManageRegisters), pages::update)
        .post("/receptions/{id}/delete", p(ManageRegisters), pages::delete)
        .get("/api/v1/receptions", p(ViewRegisters), api::list)
        .post("/api/v1/receptions", p(ManageRegisters), api::create)
        .get("/api/v1/receptions/{id}", p(ViewRegisters), api::get)
        .put("/api/v1/receptions/{id}", p(ManageRegisters), api::update)
        .delete("/api/v1/receptions/{id}", p(ManageRegisters), api::delete)
}

/// The list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the matter, forwarding or decision.
    pub q: Option<String>,
    /// Received in this year.
    pub year: Option<String>,
    /// feedback | proposal | complaint | denunciation
    pub kind: Option<String>,
    /// "1": undecided and past the legal deadline today.
    pub overdue: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<ReceptionFilter, AppError> {
        let overdue = parse_param(&self.overdue, "overdue", "Chỉ nhận 1 hoặc 0", |v| match v {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        })?
        .unwrap_or(false);
        Ok(ReceptionFilter {
            q: non_empty(&self.q),
            year: parse_year(&self.year)?,
            kind: parse_param(
                &self.kind,
                "kind",
                "Phân loại không hợp lệ",
                PetitionKind::parse,
            )?,
            overdue_on: overdue.then(today),
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("year", self.year.clone()),
            ("kind", self.kind.clone()),
            ("overdue", self.overdue.clone()),
        ]
    }
}

/// An entry as its form and the API send it.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct ReceptionForm {
    /// The commune or residential group (default: the caller's unit).
    #[serde(default)]
    pub unit_id: String,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: ReceptionInput,
}

impl ReceptionForm {
    /// The form of an entry as the viewer sees it (who came left empty
    /// where it is kept secret from them).
    pub fn of(r: &Reception) -> Self {
        let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        ReceptionForm {
            unit_id: r.group_id.unwrap_or(r.commune_id).to_string(),
            version: r.updated_at.to_string(),
            input: ReceptionInput {
                received_on: r.received_on.to_string(),
                citizen: r
                    .citizen
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                citizen_address: r
                    .citizen
                    .as_ref()
                    .map(|c| c.address.clone())
                    .unwrap_or_default(),
                matter: r.matter.clone(),
                kind: r.kind.as_str().into(),
                competent: r.competent,
                forwarded_to: r.forwarded_to.clone(),
                accepted_on: day(r.accepted_on),
                complexity: r.complexity.as_str().into(),
                remote: r.remote,
                round: r.round.to_string(),
                extensions: r.extensions.to_string(),
                decision: r.decision.clone(),
                decided_on: day(r.decided_on),
                note: r.note.clone(),
            },
        }
    }
}

/// Saves an entry: new without `id`, else a change on the version the form
/// carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &ReceptionForm,
) -> Result<Reception, AppError> {
    let user = signed.user();
    let mut e = Invalid::default();
    let unit = match f.unit_id.trim() {
        "" => user.unit_id,
        u => Uuid::try_parse(u).ok(),
    };
    if unit.is_none() {
        e.push("unit_id", "Chọn xã, phường hoặc tổ dân phố");
    }
    let seen = id.and_then(|_| crate::page::seen_version(&f.version, &mut e));
    e.into_result()?;
    let unit = unit.unwrap_or_default();
    let (actor, scope) = (user.actor(), user.scope());
    Ok(match (id, seen) {
        (Some(id), Some(seen)) => {
            state
                .store
                .update_reception(&actor, &scope, id, seen, unit, &f.input, today())
                .await?
        }
        _ => {
            state
                .store
                .create_reception(&actor, &scope, unit, &f.input, today())
                .await?
        }
    })
}

/// Who views: the one id the store's rule of who sees a denouncer reads.
pub(crate) fn viewer(signed: &Signed) -> Option<Uuid> {
    signed.user().actor().user_id
}
