//! Cooperatives (hợp tác xã): the register, each one's classification of a
//! year and the supports it received.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::audit::Actor;
use xaphuong_core::cooperatives::{CooperativeInput, CooperativeStatus};
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::cooperatives::Cooperatives;
use xaphuong_store::cooperatives::{Cooperative, CooperativeFilter};
use xaphuong_store::{Store, StoreError};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/cooperatives/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Cooperatives>,
    )
    .post(
        "/cooperatives/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Cooperatives>,
    )
    .get(
        "/cooperatives/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Cooperatives>,
    )
    .get("/cooperatives", p(ViewRegisters), pages::list)
    .post("/cooperatives", p(ManageRegisters), pages::create)
    .get("/cooperatives/new", p(ManageRegisters), pages::new_form)
    .get("/cooperatives/export.xlsx", p(ViewRegisters), pages::export)
    .get("/cooperatives/{id}", p(ViewRegisters), pages::show)
    .post("/cooperatives/{id}", p(ManageRegisters), pages::update)
    .post(
        "/cooperatives/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/cooperatives/{id}/grades",
        p(ManageRegisters),
        pages::set_grade,
    )
    .post(
        "/cooperatives/{id}/supports",
        p(ManageRegisters),
        pages::add_support,
    )
    .post(
        "/cooperatives/{id}/supports/{support_id}/delete",
        p(ManageRegisters),
        pages::delete_support,
    )
    .post(
        "/api/v1/cooperatives/import",
        p(ManageRegisters),
        crate::imports::api::cooperatives,
    )
    .get("/api/v1/cooperatives", p(ViewRegisters), api::list)
    .post("/api/v1/cooperatives", p(ManageRegisters), api::create)
    .get("/api/v1/cooperatives/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/cooperatives/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/cooperatives/{id}", p(ManageRegisters), api::delete)
    .put(
        "/api/v1/cooperatives/{id}/grades",
        p(ManageRegisters),
        api::set_grade,
    )
    .post(
        "/api/v1/cooperatives/{id}/supports",
        p(ManageRegisters),
        api::add_support,
    )
    .delete(
        "/api/v1/cooperatives/{id}/supports/{support_id}",
        p(ManageRegisters),
        api::delete_support,
    )
}

/// The list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the name, registration number, line of business, director
    /// or note, diacritics ignored.
    pub q: Option<String>,
    /// Founded (registered) in this year.
    pub founded: Option<String>,
    /// active | suspended | dissolved
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<CooperativeFilter, AppError> {
        Ok(CooperativeFilter {
            q: non_empty(&self.q),
            founded: parse_year(&self.founded)?,
            status: parse_param(
                &self.status,
                "status",
                "Tình trạng hoạt động không hợp lệ",
                CooperativeStatus::parse,
            )?,
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("founded", self.founded.clone()),
            ("status", self.status.clone()),
        ]
    }
}

/// A cooperative as its form and the API send it: the commune or group it
/// is registered in, the version read (for a change) and its fields.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct CooperativeForm {
    /// The commune or residential group (default: the caller's unit).
    #[serde(default)]
    pub unit_id: String,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: CooperativeInput,
}

impl CooperativeForm {
    /// The form of a cooperative as it is, to change.
    pub fn of(c: &Cooperative) -> Self {
        CooperativeForm {
            unit_id: c.group_id.unwrap_or(c.commune_id).to_string(),
            version: c.updated_at.to_string(),
            input: CooperativeInput {
                registration_no: c.registration_no.clone(),
                name: c.name.clone(),
                founded_on: c.founded_on.to_string(),
                line_of_business: c.line_of_business.clone(),
                members: c.members.to_string(),
                capital: c.capital.to_string(),
                director: c.director.clone(),
                address: c.address.clone(),
                status: c.status.as_str().into(),
                status_on: c.status_on.map(|d| d.to_string()).unwrap_or_default(),
                note: c.note.clone(),
            },
        }
    }
}

/// Saves a cooperative from its form or body: a new one without `id`,
/// else a change on the version the form carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &CooperativeForm,
) -> Result<Cooperative, AppError> {
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
                .update_cooperative(&actor, &scope, id, seen, unit, &f.input, today())
                .await?
        }
        _ => {
            state
                .store
                .create_cooperative(&actor, &scope, unit, &f.input, today())
                .await?
        }
    })
}

impl Importable for Cooperatives {
    const BASE: &'static str = "/cooperatives";
    const NAME: &'static str = "Hợp tác xã";
    const HEADING: &'static str = "Nhập sổ hợp tác xã từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-hop-tac-xa.xlsx";
    const ROW: &'static str = "một hợp tác xã";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_cooperatives(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} hợp tác xã."))
    }
}
