//! Business households (hộ kinh doanh): the register, and a household made
//! from a returned «Đăng ký thành lập hộ kinh doanh» dossier.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::audit::Actor;
use xaphuong_core::businesses::{BusinessInput, BusinessStatus};
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::businesses::Businesses;
use xaphuong_store::businesses::{Business, BusinessFilter};
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
        "/businesses/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Businesses>,
    )
    .post(
        "/businesses/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Businesses>,
    )
    .get(
        "/businesses/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Businesses>,
    )
    .get("/businesses", p(ViewRegisters), pages::list)
    .post("/businesses", p(ManageRegisters), pages::create)
    .get("/businesses/new", p(ManageRegisters), pages::new_form)
    .get("/businesses/export.xlsx", p(ViewRegisters), pages::export)
    .get("/businesses/{id}", p(ViewRegisters), pages::show)
    .post("/businesses/{id}", p(ManageRegisters), pages::update)
    .post("/businesses/{id}/delete", p(ManageRegisters), pages::delete)
    .post(
        "/api/v1/businesses/import",
        p(ManageRegisters),
        crate::imports::api::businesses,
    )
    .get("/api/v1/businesses", p(ViewRegisters), api::list)
    .post("/api/v1/businesses", p(ManageRegisters), api::create)
    .get("/api/v1/businesses/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/businesses/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/businesses/{id}", p(ManageRegisters), api::delete)
}

/// The list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the name, owner, address, line or number, diacritics ignored.
    pub q: Option<String>,
    /// Registered in this year.
    pub registered: Option<String>,
    /// Trading at the end of this year.
    pub active: Option<String>,
    /// active | suspended | closed
    pub status: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<BusinessFilter, AppError> {
        Ok(BusinessFilter {
            q: non_empty(&self.q),
            registered: parse_year(&self.registered)
                .map_err(|_| Invalid::one("registered", "Năm đăng ký không hợp lệ"))?,
            active: parse_year(&self.active)
                .map_err(|_| Invalid::one("active", "Năm không hợp lệ"))?,
            status: parse_param(
                &self.status,
                "status",
                "Tình trạng hoạt động không hợp lệ",
                BusinessStatus::parse,
            )?,
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("registered", self.registered.clone()),
            ("active", self.active.clone()),
            ("status", self.status.clone()),
        ]
    }
}

/// A business household as its form and the API send it: the commune or
/// group it is kept in, the version read (for a change), the returned
/// dossier it comes from (for a new one) and its fields.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct BusinessForm {
    /// The commune or residential group (default: the caller's unit).
    #[serde(default)]
    pub unit_id: String,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    /// For a new household: the returned «Đăng ký thành lập hộ kinh doanh»
    /// dossier (its id) whose result registered it.
    #[serde(default)]
    pub dossier: String,
    #[serde(flatten)]
    pub input: BusinessInput,
}

impl BusinessForm {
    /// The form of a household as it is, to change.
    pub fn of(b: &Business) -> Self {
        BusinessForm {
            unit_id: b.group_id.unwrap_or(b.commune_id).to_string(),
            version: b.updated_at.to_string(),
            dossier: String::new(),
            input: BusinessInput {
                name: b.name.clone(),
                owner: b.owner.clone(),
                address: b.address.clone(),
                line: b.line.clone(),
                registration_no: b.registration_no.clone(),
                registered_on: b.registered_on.to_string(),
                capital: b.capital.map(|c| c.to_string()).unwrap_or_default(),
                status: b.status.as_str().into(),
                status_on: b.status_on.map(|d| d.to_string()).unwrap_or_default(),
                note: b.note.clone(),
            },
        }
    }
}

/// Saves a household from its form or body: a new one without `id`, else a
/// change on the version the form carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &BusinessForm,
) -> Result<Business, AppError> {
    let user = signed.user();
    let mut e = Invalid::default();
    let unit = match f.unit_id.trim() {
        "" => user.unit_id,
        u => Uuid::try_parse(u).ok(),
    };
    if unit.is_none() {
        e.push("unit_id", "Chọn xã, phường hoặc tổ dân phố");
    }
    let dossier = match f.dossier.trim() {
        "" => None,
        d => {
            let parsed = Uuid::try_parse(d).ok();
            if parsed.is_none() {
                e.push("dossier", "Mã hồ sơ không hợp lệ");
            }
            parsed
        }
    };
    let seen = id.and_then(|_| crate::page::seen_version(&f.version, &mut e));
    e.into_result()?;
    let unit = unit.unwrap_or_default();
    let (actor, scope) = (user.actor(), user.scope());
    Ok(match (id, seen) {
        (Some(id), Some(seen)) => {
            state
                .store
                .update_business(&actor, &scope, id, seen, unit, &f.input, today())
                .await?
        }
        _ => {
            state
                .store
                .create_business(&actor, &scope, unit, &f.input, dossier, today())
                .await?
        }
    })
}

impl Importable for Businesses {
    const BASE: &'static str = "/businesses";
    const NAME: &'static str = "Hộ kinh doanh";
    const HEADING: &'static str = "Nhập sổ hộ kinh doanh từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ho-kinh-doanh.xlsx";
    const ROW: &'static str = "một hộ kinh doanh";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_businesses(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} hộ kinh doanh."))
    }
}
