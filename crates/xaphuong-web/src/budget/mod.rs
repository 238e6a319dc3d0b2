//! Budget revenue: entries against the year's estimates.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;
use xaphuong_report::import::budget::Budget;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/budget/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Budget>,
    )
    .post(
        "/budget/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Budget>,
    )
    .get(
        "/budget/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Budget>,
    )
    .get("/budget", p(ViewRegisters), pages::show)
    .get("/budget/export.xlsx", p(ViewRegisters), pages::export)
    .post("/budget/entries", p(ManageRegisters), pages::create)
    .get("/budget/entries/{id}", p(ViewRegisters), pages::entry)
    .post("/budget/entries/{id}", p(ManageRegisters), pages::update)
    .post(
        "/budget/entries/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/api/v1/budget/import",
        p(ManageRegisters),
        crate::imports::api::budget,
    )
    .get("/api/v1/budget/summary", p(ViewRegisters), api::summary)
    .get("/api/v1/budget/entries", p(ViewRegisters), api::list)
    .post("/api/v1/budget/entries", p(ManageRegisters), api::create)
    .get("/api/v1/budget/entries/{id}", p(ViewRegisters), api::get)
    .put(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::update,
    )
    .delete(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::delete,
    )
}
