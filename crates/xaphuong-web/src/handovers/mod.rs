//! Site handovers for public works.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;
use xaphuong_report::import::handovers::Handovers;

use crate::error::AppError;
use crate::page::{non_empty, parse_year};
use crate::routes::{Access, Table};
use serde::Deserialize;
use xaphuong_store::handovers::HandoverFilter;

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
