//! Administrative units: the tree, its import, its API.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use xaphuong_core::access::Permission;
use xaphuong_core::units::Level;
use xaphuong_store::units::{ImportSummary, UnitFilter};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{non_empty, parse_id, parse_param};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageUnits, ViewUnits};
    let p = Access::Permission;
    t.get("/units", p(ViewUnits), pages::list)
        .post("/units", p(ManageUnits), pages::create)
        .get("/units/new", p(ManageUnits), pages::new_form)
        .get("/units/import", p(ManageUnits), pages::import_form)
        .post("/units/import", p(ManageUnits), pages::import_submit)
        .get(
            "/units/import/mau.csv",
            p(ManageUnits),
            pages::import_template,
        )
        .get("/units/{id}", p(ViewUnits), pages::show)
        .post("/units/{id}", p(ManageUnits), pages::update)
        .get("/units/{id}/edit", p(ManageUnits), pages::edit_form)
        .post("/units/{id}/delete", p(ManageUnits), pages::delete)
        .get("/api/v1/units", p(ViewUnits), api::list)
        .post("/api/v1/units", p(ManageUnits), api::create)
        .post("/api/v1/units/import", p(ManageUnits), api::import)
        .get("/api/v1/units/{id}", p(ViewUnits), api::get)
        .put("/api/v1/units/{id}", p(ManageUnits), api::update)
        .delete("/api/v1/units/{id}", p(ManageUnits), api::delete)
}

/// Filters of the unit list, shared by the page and the API.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Name (diacritics ignored) or exact code.
    pub q: Option<String>,
    /// province | district | commune | group
    pub level: Option<String>,
    /// Id of the unit above.
    pub parent: Option<String>,
    /// in_force | ended: units in force, or ended by a reorganisation.
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<UnitFilter, AppError> {
        Ok(UnitFilter {
            q: non_empty(&self.q),
            level: parse_param(
                &self.level,
                "level",
                "Cấp đơn vị không hợp lệ",
                Level::parse,
            )?,
            parent_id: parse_id(&self.parent, "parent")?,
            in_force: parse_param(
                &self.state,
                "state",
                "Trạng thái hiệu lực không hợp lệ (in_force hoặc ended)",
                |s| match s {
                    "in_force" => Some(true),
                    "ended" => Some(false),
                    _ => None,
                },
            )?,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// Parses and imports a unit list, all or nothing (shared with the API).
pub(crate) async fn import_bytes(
    state: &AppState,
    signed: &Signed,
    bytes: &[u8],
) -> Result<ImportSummary, AppError> {
    let rows = xaphuong_report::units_csv::parse(bytes)?;
    let user = signed.user();
    Ok(state
        .store
        .import_units(&user.actor(), &user.scope(), &rows)
        .await?)
}

/// A unit as its form and the API send it: the record, and the unit above
/// it when creating.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct UnitBody {
    /// The unit above (UUID); omitted or empty for a province; ignored
    /// when updating.
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(flatten)]
    pub input: xaphuong_core::units::UnitInput,
}
