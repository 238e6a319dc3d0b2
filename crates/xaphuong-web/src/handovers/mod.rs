//! Site handovers for public works.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::handovers::Handovers;
use xaphuong_store::Store;
use xaphuong_store::StoreError;
use xaphuong_store::handovers::HandoverFilter;

use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_year};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/handovers/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Handovers>,
    )
    .post(
        "/handovers/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Handovers>,
    )
    .get(
        "/handovers/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Handovers>,
    )
    .get("/handovers", p(ViewRegisters), pages::list)
    .post("/handovers", p(ManageRegisters), pages::create)
    .get("/handovers/new", p(ManageRegisters), pages::new_form)
    .get("/handovers/export.xlsx", p(ViewRegisters), pages::export)
    .get("/handovers/{id}", p(ViewRegisters), pages::show)
    .post("/handovers/{id}", p(ManageRegisters), pages::update)
    .get("/handovers/{id}/edit", p(ManageRegisters), pages::edit_form)
    .post("/handovers/{id}/delete", p(ManageRegisters), pages::delete)
    .post(
        "/api/v1/handovers/import",
        p(ManageRegisters),
        crate::imports::api::handovers,
    )
    .get("/api/v1/handovers", p(ViewRegisters), api::list)
    .post("/api/v1/handovers", p(ManageRegisters), api::create)
    .get("/api/v1/handovers/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/handovers/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/handovers/{id}", p(ManageRegisters), api::delete)
}

/// Filters of the register, shared by the page, the export and the API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Household, project or address, diacritics ignored.
    pub q: Option<String>,
    /// Year of the hand-over.
    pub year: Option<String>,
    /// A former unit (a ward merged into the caller's): only its records.
    pub former: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<HandoverFilter, AppError> {
        Ok(HandoverFilter {
            q: non_empty(&self.q),
            year: parse_year(&self.year)?,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

impl Importable for Handovers {
    const BASE: &'static str = "/handovers";
    const NAME: &'static str = "Bàn giao mặt bằng";
    const HEADING: &'static str = "Nhập danh sách hộ bàn giao mặt bằng từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ban-giao-mat-bang.xlsx";
    const ROW: &'static str = "một hộ bàn giao";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_handovers(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} hộ bàn giao."))
    }
}
