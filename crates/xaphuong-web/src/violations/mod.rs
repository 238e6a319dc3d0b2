//! The urban-order violation register.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;
use xaphuong_report::import::violations::Violations;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageViolations, ViewViolations};
    let p = Access::Permission;
    t.get("/violations", p(ViewViolations), pages::list)
        .post("/violations", p(ManageViolations), pages::create)
        .get("/violations/new", p(ManageViolations), pages::new_form)
        .get("/violations/export.xlsx", p(ViewViolations), pages::export)
        .get("/violations/{id}", p(ViewViolations), pages::show)
        .post("/violations/{id}", p(ManageViolations), pages::update)
        .get(
            "/violations/{id}/edit",
            p(ManageViolations),
            pages::edit_form,
        )
        .post(
            "/violations/{id}/events",
            p(ManageViolations),
            pages::add_step,
        )
        .post(
            "/violations/{id}/delete",
            p(ManageViolations),
            pages::delete,
        )
        .post(
            "/violations/{id}/attachments",
            p(ManageViolations),
            pages::attach,
        )
        .get(
            "/violations/{id}/attachments/{attachment_id}",
            p(ViewViolations),
            pages::attachment,
        )
        .post(
            "/violations/{id}/attachments/{attachment_id}/delete",
            p(ManageViolations),
            pages::delete_attachment,
        )
        .get(
            "/violations/import",
            p(ManageViolations),
            crate::imports::pages::form::<Violations>,
        )
        .post(
            "/violations/import",
            p(ManageViolations),
            crate::imports::pages::submit::<Violations>,
        )
        .get(
            "/violations/import/mau.xlsx",
            p(ManageViolations),
            crate::imports::pages::template::<Violations>,
        )
        .get("/api/v1/violations", p(ViewViolations), api::list)
        .post("/api/v1/violations", p(ManageViolations), api::create)
        .get("/api/v1/violations/{id}", p(ViewViolations), api::get)
        .put("/api/v1/violations/{id}", p(ManageViolations), api::update)
        .delete("/api/v1/violations/{id}", p(ManageViolations), api::delete)
        .post(
            "/api/v1/violations/{id}/events",
            p(ManageViolations),
            api::add_event,
        )
        .post(
            "/api/v1/violations/import",
            p(ManageViolations),
            crate::imports::api::violations,
        )
        .get(
            "/api/v1/violations/{id}/attachments",
            p(ViewViolations),
            api::attachments,
        )
        .post(
            "/api/v1/violations/{id}/attachments",
            p(ManageViolations),
            api::attach,
        )
        .get(
            "/api/v1/violations/{id}/attachments/{attachment_id}",
            p(ViewViolations),
            api::attachment,
        )
        .delete(
            "/api/v1/violations/{id}/attachments/{attachment_id}",
            p(ManageViolations),
            api::delete_attachment,
        )
}
