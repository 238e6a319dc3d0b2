//! Accounts, and each account's own password.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Access::SignedIn;
    use Permission::{ManageUsers, ViewUsers};
    let p = Access::Permission;
    t.get("/account/password", SignedIn, pages::own_password_form)
        .post("/account/password", SignedIn, pages::own_password_submit)
        .get("/users", p(ViewUsers), pages::list)
        .post("/users", p(ManageUsers), pages::create)
        .get("/users/new", p(ManageUsers), pages::new_form)
        .get("/users/{id}", p(ViewUsers), pages::show)
        .post("/users/{id}", p(ManageUsers), pages::update)
        .get("/users/{id}/edit", p(ManageUsers), pages::edit_form)
        .post(
            "/users/{id}/password",
            p(ManageUsers),
            pages::reset_password,
        )
        .get("/api/v1/users", p(ViewUsers), api::list)
        .post("/api/v1/users", p(ManageUsers), api::create)
        .get("/api/v1/users/{id}", p(ViewUsers), api::get)
        .put("/api/v1/users/{id}", p(ManageUsers), api::update)
}
