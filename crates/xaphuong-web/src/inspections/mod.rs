//! Sidewalk and public-land inspections.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::inspections::Inspections;
use xaphuong_store::Store;
use xaphuong_store::StoreError;
use xaphuong_store::inspections::InspectionFilter;

use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_year};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/inspections/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Inspections>,
    )
    .post(
        "/inspections/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Inspections>,
    )
    .get(
        "/inspections/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Inspections>,
    )
    .get("/inspections", p(ViewRegisters), pages::list)
    .post("/inspections", p(ManageRegisters), pages::create)
    .get("/inspections/new", p(ManageRegisters), pages::new_form)
    .get("/inspections/export.xlsx", p(ViewRegisters), pages::export)
    .get("/inspections/{id}", p(ViewRegisters), pages::show)
    .post("/inspections/{id}", p(ManageRegisters), pages::update)
    .get(
        "/inspections/{id}/edit",
        p(ManageRegisters),
        pages::edit_form,
    )
    .post(
        "/inspections/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/inspections/{id}/cases",
        p(ManageRegisters),
        pages::add_case,
    )
    .post(
        "/inspections/{id}/cases/{case_id}/delete",
        p(ManageRegisters),
        pages::delete_case,
    )
    .post(
        "/api/v1/inspections/import",
        p(ManageRegisters),
        crate::imports::api::inspections,
    )
    .get("/api/v1/inspections", p(ViewRegisters), api::list)
    .post("/api/v1/inspections", p(ManageRegisters), api::create)
    .get("/api/v1/inspections/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/inspections/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/inspections/{id}", p(ManageRegisters), api::delete)
    .post(
        "/api/v1/inspections/{id}/cases",
        p(ManageRegisters),
        api::add_case,
    )
    .delete(
        "/api/v1/inspections/{id}/cases/{case_id}",
        p(ManageRegisters),
        api::delete_case,
    )
}

/// Filters shared by the page, the export and the API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Place, team, or a case's name or address, diacritics ignored.
    pub q: Option<String>,
    pub year: Option<String>,
    /// A former unit (a ward merged into the caller's): only its records.
    pub former: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<InspectionFilter, AppError> {
        Ok(InspectionFilter {
            q: non_empty(&self.q),
            year: parse_year(&self.year)?,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

impl Importable for Inspections {
    const BASE: &'static str = "/inspections";
    const NAME: &'static str = "Kiểm tra vỉa hè, lòng đường";
    const HEADING: &'static str = "Nhập kết quả kiểm tra vỉa hè, lòng đường từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-kiem-tra-via-he.xlsx";
    const ROW: &'static str =
        "một trường hợp vi phạm (các dòng cùng ngày, tuyến và lực lượng thành một đợt kiểm tra)";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let (inspections, cases) = store
            .import_inspections(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!(
            "Đã nhập {cases} trường hợp trong {inspections} đợt kiểm tra."
        ))
    }
}
