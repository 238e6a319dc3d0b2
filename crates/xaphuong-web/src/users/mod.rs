//! Accounts, and each account's own password.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::users::{Role, validate_password};
use xaphuong_store::users::UserFilter;

use crate::error::AppError;
use crate::page::{non_empty, parse_id, parse_param};
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

/// Filters of the account list, shared by the page and the API.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Username or full name (diacritics ignored).
    pub q: Option<String>,
    /// admin | leader | one_stop_officer | specialist_officer | group_head
    pub role: Option<String>,
    /// Id of the unit the accounts are bound to.
    pub unit: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<UserFilter, AppError> {
        Ok(UserFilter {
            q: non_empty(&self.q),
            role: parse_param(&self.role, "role", "Vai trò không hợp lệ", Role::parse)?,
            unit_id: parse_id(&self.unit, "unit")?,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// Checks a new password and its confirmation.
pub(crate) fn check_new_password(password: &str, confirm: &str) -> Result<(), Invalid> {
    validate_password(password)?;
    if password != confirm {
        return Err(Invalid::one(
            "password_confirm",
            "Mật khẩu nhập lại không khớp",
        ));
    }
    Ok(())
}
