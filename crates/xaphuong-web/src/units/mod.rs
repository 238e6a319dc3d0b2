//! Administrative units: the tree, its import, its API.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;

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
