//! The route table. Each route is registered with the access it requires,
//! enforced by a layer on that route: a route cannot exist without one.

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use xaphuong_core::access::Permission;

use crate::auth::current_session;
use crate::error::{AppError, wants_json};
use xaphuong_report::import::{
    budget::Budget, culture::CultureReviews, handovers::Handovers, households::Households,
    inspections::Inspections, poverty::PovertyReviews, recruitment::Recruitment,
    violations::Violations,
};

use crate::views::imports;
use crate::{AppState, api, auth, views};

/// What a route requires of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// A signed-in account whose role holds the permission.
    Permission(Permission),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

pub(crate) struct Table {
    pub router: Router<AppState>,
    pub list: Vec<RouteInfo>,
}

async fn enforce(access: Access, req: Request, next: Next) -> Response {
    let json = wants_json(req.uri().path());
    let denied = match (access, current_session(&req)) {
        (Access::Public, _) => None,
        (_, None) => Some(AppError::Unauthorized),
        (Access::SignedIn, Some(_)) => None,
        (Access::Permission(p), Some(s)) if s.user.role.allows(p) => None,
        (Access::Permission(_), Some(_)) => Some(AppError::Forbidden(
            "Vai trò của bạn không được phép thực hiện việc này".into(),
        )),
    };
    match denied {
        None => next.run(req).await,
        Some(e) if json => crate::error::ApiError(e).into_response(),
        Some(AppError::Unauthorized) => {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            auth::login_redirect(target)
        }
        Some(e) => e.into_response(),
    }
}

impl Table {
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.list.push(RouteInfo {
            method,
            path,
            access,
        });
        let guarded = route.route_layer(axum::middleware::from_fn(
            move |req: Request, next: Next| enforce(access, req, next),
        ));
        self.router = self.router.route(path, guarded);
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("GET", path, access, get(h))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("POST", path, access, post(h))
    }

    fn put<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("PUT", path, access, put(h))
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("DELETE", path, access, delete(h))
    }
}

pub(crate) fn table() -> Table {
    use Access::{Public, SignedIn};
    use Permission::*;
    let p = Access::Permission;
    let t = Table {
        router: Router::new(),
        list: Vec::new(),
    }
    .get("/health", Public, views::health)
    .get("/static/app.css", Public, views::stylesheet)
    .get("/static/paper.css", Public, views::paper_stylesheet)
    .get("/static/app.js", Public, views::script)
    .get("/login", Public, auth::login_page)
    .post("/login", Public, auth::login_submit)
    .post("/logout", SignedIn, auth::logout)
    .get("/", SignedIn, views::home::show)
    .get(
        "/account/password",
        SignedIn,
        views::users::own_password_form,
    )
    .post(
        "/account/password",
        SignedIn,
        views::users::own_password_submit,
    )
    .get("/units", p(ViewUnits), views::units::list)
    .post("/units", p(ManageUnits), views::units::create)
    .get("/units/new", p(ManageUnits), views::units::new_form)
    .get("/units/import", p(ManageUnits), views::units::import_form)
    .post("/units/import", p(ManageUnits), views::units::import_submit)
    .get(
        "/units/import/mau.csv",
        p(ManageUnits),
        views::units::import_template,
    )
    .get("/units/{id}", p(ViewUnits), views::units::show)
    .post("/units/{id}", p(ManageUnits), views::units::update)
    .get("/units/{id}/edit", p(ManageUnits), views::units::edit_form)
    .post("/units/{id}/delete", p(ManageUnits), views::units::delete)
    .get("/users", p(ViewUsers), views::users::list)
    .post("/users", p(ManageUsers), views::users::create)
    .get("/users/new", p(ManageUsers), views::users::new_form)
    .get("/users/{id}", p(ViewUsers), views::users::show)
    .post("/users/{id}", p(ManageUsers), views::users::update)
    .get("/users/{id}/edit", p(ManageUsers), views::users::edit_form)
    .post(
        "/users/{id}/password",
        p(ManageUsers),
        views::users::reset_password,
    )
    .get("/audit", p(ViewAudit), views::audit::list)
    .get("/violations", p(ViewViolations), views::violations::list)
    .post(
        "/violations",
        p(ManageViolations),
        views::violations::create,
    )
    .get(
        "/violations/new",
        p(ManageViolations),
        views::violations::new_form,
    )
    .get(
        "/violations/export.xlsx",
        p(ViewViolations),
        views::violations::export,
    )
    .get(
        "/violations/{id}",
        p(ViewViolations),
        views::violations::show,
    )
    .post(
        "/violations/{id}",
        p(ManageViolations),
        views::violations::update,
    )
    .get(
        "/violations/{id}/edit",
        p(ManageViolations),
        views::violations::edit_form,
    )
    .post(
        "/violations/{id}/events",
        p(ManageViolations),
        views::violations::add_step,
    )
    .post(
        "/violations/{id}/delete",
        p(ManageViolations),
        views::violations::delete,
    )
    .post(
        "/violations/{id}/attachments",
        p(ManageViolations),
        views::violations::attach,
    )
    .get(
        "/violations/{id}/attachments/{attachment_id}",
        p(ViewViolations),
        views::violations::attachment,
    )
    .post(
        "/violations/{id}/attachments/{attachment_id}/delete",
        p(ManageViolations),
        views::violations::delete_attachment,
    )
    .get("/households", p(ViewHouseholds), views::households::list)
    .get(
        "/households/export.xlsx",
        p(ViewHouseholds),
        views::households::export,
    )
    .post(
        "/households",
        p(ManageHouseholds),
        views::households::create,
    )
    .get(
        "/households/new",
        p(ManageHouseholds),
        views::households::new_form,
    )
    .get(
        "/households/reviews",
        p(ViewHouseholds),
        views::households::reviews,
    )
    .post(
        "/households/reviews/steps",
        p(ManageHouseholds),
        views::households::set_step,
    )
    .get(
        "/households/{id}",
        p(ViewHouseholds),
        views::households::show,
    )
    .post(
        "/households/{id}/members",
        p(ManageHouseholds),
        views::households::add_member,
    )
    .post(
        "/households/{id}/move",
        p(ManageHouseholds),
        views::households::move_household,
    )
    .post(
        "/households/{id}/poverty",
        p(ManageHouseholds),
        views::households::record_poverty,
    )
    .post(
        "/households/{id}/culture",
        p(ManageHouseholds),
        views::households::record_culture,
    )
    .get(
        "/households/import",
        p(ManageHouseholds),
        imports::form::<Households>,
    )
    .post(
        "/households/import",
        p(ManageHouseholds),
        imports::submit::<Households>,
    )
    .get(
        "/households/import/mau.xlsx",
        p(ManageHouseholds),
        imports::template::<Households>,
    )
    .get(
        "/households/poverty/import",
        p(ManageHouseholds),
        imports::form::<PovertyReviews>,
    )
    .post(
        "/households/poverty/import",
        p(ManageHouseholds),
        imports::submit::<PovertyReviews>,
    )
    .get(
        "/households/poverty/import/mau.xlsx",
        p(ManageHouseholds),
        imports::template::<PovertyReviews>,
    )
    .get(
        "/households/culture/import",
        p(ManageHouseholds),
        imports::form::<CultureReviews>,
    )
    .post(
        "/households/culture/import",
        p(ManageHouseholds),
        imports::submit::<CultureReviews>,
    )
    .get(
        "/households/culture/import/mau.xlsx",
        p(ManageHouseholds),
        imports::template::<CultureReviews>,
    )
    .get(
        "/violations/import",
        p(ManageViolations),
        imports::form::<Violations>,
    )
    .post(
        "/violations/import",
        p(ManageViolations),
        imports::submit::<Violations>,
    )
    .get(
        "/violations/import/mau.xlsx",
        p(ManageViolations),
        imports::template::<Violations>,
    )
    .get(
        "/handovers/import",
        p(ManageRegisters),
        imports::form::<Handovers>,
    )
    .post(
        "/handovers/import",
        p(ManageRegisters),
        imports::submit::<Handovers>,
    )
    .get(
        "/handovers/import/mau.xlsx",
        p(ManageRegisters),
        imports::template::<Handovers>,
    )
    .get(
        "/recruitment/import",
        p(ManageRegisters),
        imports::form::<Recruitment>,
    )
    .post(
        "/recruitment/import",
        p(ManageRegisters),
        imports::submit::<Recruitment>,
    )
    .get(
        "/recruitment/import/mau.xlsx",
        p(ManageRegisters),
        imports::template::<Recruitment>,
    )
    .get(
        "/budget/import",
        p(ManageRegisters),
        imports::form::<Budget>,
    )
    .post(
        "/budget/import",
        p(ManageRegisters),
        imports::submit::<Budget>,
    )
    .get(
        "/budget/import/mau.xlsx",
        p(ManageRegisters),
        imports::template::<Budget>,
    )
    .get(
        "/inspections/import",
        p(ManageRegisters),
        imports::form::<Inspections>,
    )
    .post(
        "/inspections/import",
        p(ManageRegisters),
        imports::submit::<Inspections>,
    )
    .get(
        "/inspections/import/mau.xlsx",
        p(ManageRegisters),
        imports::template::<Inspections>,
    )
    .get("/handovers", p(ViewRegisters), views::handovers::list)
    .post("/handovers", p(ManageRegisters), views::handovers::create)
    .get(
        "/handovers/new",
        p(ManageRegisters),
        views::handovers::new_form,
    )
    .get(
        "/handovers/export.xlsx",
        p(ViewRegisters),
        views::handovers::export,
    )
    .get("/handovers/{id}", p(ViewRegisters), views::handovers::show)
    .post(
        "/handovers/{id}",
        p(ManageRegisters),
        views::handovers::update,
    )
    .get(
        "/handovers/{id}/edit",
        p(ManageRegisters),
        views::handovers::edit_form,
    )
    .post(
        "/handovers/{id}/delete",
        p(ManageRegisters),
        views::handovers::delete,
    )
    .get("/recruitment", p(ViewRegisters), views::recruitment::list)
    .post(
        "/recruitment",
        p(ManageRegisters),
        views::recruitment::create,
    )
    .get(
        "/recruitment/new",
        p(ManageRegisters),
        views::recruitment::new_form,
    )
    .post(
        "/recruitment/quotas",
        p(ManageRegisters),
        views::recruitment::set_quota,
    )
    .get(
        "/recruitment/export.xlsx",
        p(ViewRegisters),
        views::recruitment::export,
    )
    .get(
        "/recruitment/{id}",
        p(ViewRegisters),
        views::recruitment::show,
    )
    .post(
        "/recruitment/{id}",
        p(ManageRegisters),
        views::recruitment::update,
    )
    .get(
        "/recruitment/{id}/edit",
        p(ManageRegisters),
        views::recruitment::edit_form,
    )
    .post(
        "/recruitment/{id}/stage",
        p(ManageRegisters),
        views::recruitment::move_stage,
    )
    .post(
        "/recruitment/{id}/delete",
        p(ManageRegisters),
        views::recruitment::delete,
    )
    .get("/dossiers", p(ViewDossiers), views::dossiers::queue)
    .post("/dossiers", p(HandleDossiers), views::dossiers::create)
    .get(
        "/dossiers/new",
        p(HandleDossiers),
        views::dossiers::new_form,
    )
    .get("/dossiers/stats", p(ViewDossiers), views::dossiers::stats)
    .get(
        "/dossiers/stats.xlsx",
        p(ViewDossiers),
        views::dossiers::stats_export,
    )
    .get(
        "/dossiers/ma-so",
        p(ManageProcedures),
        views::dossiers::code_form,
    )
    .post(
        "/dossiers/ma-so",
        p(ManageProcedures),
        views::dossiers::code_save,
    )
    .get("/dossiers/{id}", p(ViewDossiers), views::dossiers::show)
    .post(
        "/dossiers/{id}/actions",
        p(HandleDossiers),
        views::dossiers::act,
    )
    .get(
        "/dossiers/{id}/tep/{file_id}",
        p(ViewDossiers),
        views::dossiers::file,
    )
    .get(
        "/dossiers/{id}/phieu/{kind}",
        p(ViewDossiers),
        views::dossiers::paper,
    )
    .get(
        "/dossiers/{id}/phieu/{kind}/docx",
        p(ViewDossiers),
        views::dossiers::paper_docx,
    )
    .get("/procedures", p(ViewDossiers), views::procedures::list)
    .get(
        "/procedures.xlsx",
        p(ViewDossiers),
        views::procedures::export,
    )
    .get(
        "/procedures/new",
        p(ManageProcedures),
        views::procedures::new_form,
    )
    .post(
        "/procedures",
        p(ManageProcedures),
        views::procedures::create,
    )
    .get(
        "/procedures/import",
        p(ManageProcedures),
        views::procedures::import_form,
    )
    .post(
        "/procedures/import",
        p(ManageProcedures),
        views::procedures::import_submit,
    )
    .get(
        "/procedures/import/mau.xlsx",
        p(ManageProcedures),
        views::procedures::import_template,
    )
    .get(
        "/procedures/{id}/edit",
        p(ManageProcedures),
        views::procedures::edit_form,
    )
    .post(
        "/procedures/{id}",
        p(ManageProcedures),
        views::procedures::update,
    )
    .get("/tra-cuu", Public, views::dossiers::lookup)
    .post("/tra-cuu/danh-gia", Public, views::dossiers::rate)
    .get("/nop-ho-so", Public, views::dossiers::submit_form)
    .post("/nop-ho-so", Public, views::dossiers::submit_online)
    .get("/resolutions", p(ViewReports), views::resolutions::show)
    .post(
        "/resolutions/indicators",
        p(ManageRegisters),
        views::resolutions::add_indicator,
    )
    .post("/resolutions", p(ManageRegisters), views::resolutions::save)
    .post(
        "/resolutions/values",
        p(ManageRegisters),
        views::resolutions::set_value,
    )
    .get(
        "/resolutions/{file}",
        p(ViewReports),
        views::resolutions::report,
    )
    .get(
        "/api/v1/resolutions/report",
        p(ViewReports),
        api::resolutions::report,
    )
    .get("/budget", p(ViewRegisters), views::budget::show)
    .get(
        "/budget/export.xlsx",
        p(ViewRegisters),
        views::budget::export,
    )
    .post("/budget/entries", p(ManageRegisters), views::budget::create)
    .get(
        "/budget/entries/{id}",
        p(ViewRegisters),
        views::budget::entry,
    )
    .post(
        "/budget/entries/{id}",
        p(ManageRegisters),
        views::budget::update,
    )
    .post(
        "/budget/entries/{id}/delete",
        p(ManageRegisters),
        views::budget::delete,
    )
    .get("/inspections", p(ViewRegisters), views::inspections::list)
    .post(
        "/inspections",
        p(ManageRegisters),
        views::inspections::create,
    )
    .get(
        "/inspections/new",
        p(ManageRegisters),
        views::inspections::new_form,
    )
    .get(
        "/inspections/export.xlsx",
        p(ViewRegisters),
        views::inspections::export,
    )
    .get(
        "/inspections/{id}",
        p(ViewRegisters),
        views::inspections::show,
    )
    .post(
        "/inspections/{id}",
        p(ManageRegisters),
        views::inspections::update,
    )
    .get(
        "/inspections/{id}/edit",
        p(ManageRegisters),
        views::inspections::edit_form,
    )
    .post(
        "/inspections/{id}/delete",
        p(ManageRegisters),
        views::inspections::delete,
    )
    .post(
        "/inspections/{id}/cases",
        p(ManageRegisters),
        views::inspections::add_case,
    )
    .post(
        "/inspections/{id}/cases/{case_id}/delete",
        p(ManageRegisters),
        views::inspections::delete_case,
    )
    .get("/calendar", SignedIn, views::calendar::month)
    .get(
        "/calendar/schedule",
        p(ManageCalendar),
        views::calendar::schedule,
    )
    .post(
        "/calendar/schedule/days",
        p(ManageCalendar),
        views::calendar::save_day,
    )
    .post(
        "/calendar/schedule/days/delete",
        p(ManageCalendar),
        views::calendar::delete_day,
    )
    .post(
        "/calendar/settings",
        p(ManageCalendar),
        views::calendar::save_settings,
    )
    .post("/api/v1/session", Public, api::session::login)
    .delete("/api/v1/session", SignedIn, api::session::logout)
    .get("/api/v1/me", SignedIn, api::session::me)
    .get("/api/v1/units", p(ViewUnits), api::units::list)
    .post("/api/v1/units", p(ManageUnits), api::units::create)
    .post("/api/v1/units/import", p(ManageUnits), api::units::import)
    .get("/api/v1/units/{id}", p(ViewUnits), api::units::get)
    .put("/api/v1/units/{id}", p(ManageUnits), api::units::update)
    .delete("/api/v1/units/{id}", p(ManageUnits), api::units::delete)
    .get("/api/v1/users", p(ViewUsers), api::users::list)
    .post("/api/v1/users", p(ManageUsers), api::users::create)
    .get("/api/v1/users/{id}", p(ViewUsers), api::users::get)
    .put("/api/v1/users/{id}", p(ManageUsers), api::users::update)
    .get("/api/v1/audit", p(ViewAudit), api::audit::list)
    .get(
        "/api/v1/violations",
        p(ViewViolations),
        api::violations::list,
    )
    .post(
        "/api/v1/violations",
        p(ManageViolations),
        api::violations::create,
    )
    .get(
        "/api/v1/violations/{id}",
        p(ViewViolations),
        api::violations::get,
    )
    .put(
        "/api/v1/violations/{id}",
        p(ManageViolations),
        api::violations::update,
    )
    .delete(
        "/api/v1/violations/{id}",
        p(ManageViolations),
        api::violations::delete,
    )
    .post(
        "/api/v1/violations/{id}/events",
        p(ManageViolations),
        api::violations::add_event,
    )
    .post(
        "/api/v1/violations/import",
        p(ManageViolations),
        api::imports::violations,
    )
    .get(
        "/api/v1/violations/{id}/attachments",
        p(ViewViolations),
        api::violations::attachments,
    )
    .post(
        "/api/v1/violations/{id}/attachments",
        p(ManageViolations),
        api::violations::attach,
    )
    .get(
        "/api/v1/violations/{id}/attachments/{attachment_id}",
        p(ViewViolations),
        api::violations::attachment,
    )
    .delete(
        "/api/v1/violations/{id}/attachments/{attachment_id}",
        p(ManageViolations),
        api::violations::delete_attachment,
    )
    .post(
        "/api/v1/handovers/import",
        p(ManageRegisters),
        api::imports::handovers,
    )
    .post(
        "/api/v1/recruitment/import",
        p(ManageRegisters),
        api::imports::recruitment,
    )
    .post(
        "/api/v1/budget/import",
        p(ManageRegisters),
        api::imports::budget,
    )
    .post(
        "/api/v1/inspections/import",
        p(ManageRegisters),
        api::imports::inspections,
    )
    .post(
        "/api/v1/households/import",
        p(ManageHouseholds),
        api::imports::households,
    )
    .post(
        "/api/v1/households/poverty/import",
        p(ManageHouseholds),
        api::imports::poverty_reviews,
    )
    .post(
        "/api/v1/households/culture/import",
        p(ManageHouseholds),
        api::imports::culture_reviews,
    )
    .get("/api/v1/handovers", p(ViewRegisters), api::handovers::list)
    .post(
        "/api/v1/handovers",
        p(ManageRegisters),
        api::handovers::create,
    )
    .get(
        "/api/v1/handovers/{id}",
        p(ViewRegisters),
        api::handovers::get,
    )
    .put(
        "/api/v1/handovers/{id}",
        p(ManageRegisters),
        api::handovers::update,
    )
    .delete(
        "/api/v1/handovers/{id}",
        p(ManageRegisters),
        api::handovers::delete,
    )
    .get(
        "/api/v1/recruitment/summary",
        p(ViewRegisters),
        api::recruitment::summary,
    )
    .put(
        "/api/v1/recruitment/quotas",
        p(ManageRegisters),
        api::recruitment::set_quota,
    )
    .get("/api/v1/recruits", p(ViewRegisters), api::recruitment::list)
    .post(
        "/api/v1/recruits",
        p(ManageRegisters),
        api::recruitment::create,
    )
    .get(
        "/api/v1/recruits/{id}",
        p(ViewRegisters),
        api::recruitment::get,
    )
    .put(
        "/api/v1/recruits/{id}",
        p(ManageRegisters),
        api::recruitment::update,
    )
    .delete(
        "/api/v1/recruits/{id}",
        p(ManageRegisters),
        api::recruitment::delete,
    )
    .post(
        "/api/v1/recruits/{id}/stage",
        p(ManageRegisters),
        api::recruitment::move_stage,
    )
    .get(
        "/api/v1/budget/summary",
        p(ViewRegisters),
        api::budget::summary,
    )
    .get(
        "/api/v1/budget/entries",
        p(ViewRegisters),
        api::budget::list,
    )
    .post(
        "/api/v1/budget/entries",
        p(ManageRegisters),
        api::budget::create,
    )
    .get(
        "/api/v1/budget/entries/{id}",
        p(ViewRegisters),
        api::budget::get,
    )
    .put(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::budget::update,
    )
    .delete(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::budget::delete,
    )
    .get(
        "/api/v1/inspections",
        p(ViewRegisters),
        api::inspections::list,
    )
    .post(
        "/api/v1/inspections",
        p(ManageRegisters),
        api::inspections::create,
    )
    .get(
        "/api/v1/inspections/{id}",
        p(ViewRegisters),
        api::inspections::get,
    )
    .put(
        "/api/v1/inspections/{id}",
        p(ManageRegisters),
        api::inspections::update,
    )
    .delete(
        "/api/v1/inspections/{id}",
        p(ManageRegisters),
        api::inspections::delete,
    )
    .post(
        "/api/v1/inspections/{id}/cases",
        p(ManageRegisters),
        api::inspections::add_case,
    )
    .delete(
        "/api/v1/inspections/{id}/cases/{case_id}",
        p(ManageRegisters),
        api::inspections::delete_case,
    )
    .get("/api/v1/calendar/lunar", SignedIn, api::calendar::to_lunar)
    .get("/api/v1/calendar/solar", SignedIn, api::calendar::to_solar)
    .get(
        "/api/v1/calendar/days-off",
        SignedIn,
        api::calendar::days_off,
    )
    .get(
        "/api/v1/calendar/deadline",
        SignedIn,
        api::calendar::deadline,
    )
    .get(
        "/api/v1/calendar/workdays",
        SignedIn,
        api::calendar::workdays,
    )
    .put(
        "/api/v1/calendar/days",
        p(ManageCalendar),
        api::calendar::put_day,
    )
    .delete(
        "/api/v1/calendar/days",
        p(ManageCalendar),
        api::calendar::delete_day,
    )
    .get(
        "/api/v1/calendar/settings",
        SignedIn,
        api::calendar::settings,
    )
    .put(
        "/api/v1/calendar/settings",
        p(ManageCalendar),
        api::calendar::put_settings,
    );
    api::docs::mount(t)
}

impl Table {
    /// Routes served by a ready-made router (the API viewer), recorded so the
    /// table stays complete.
    pub(crate) fn merge_public(mut self, paths: &[&'static str], router: Router<AppState>) -> Self {
        for path in paths {
            self.list.push(RouteInfo {
                method: "GET",
                path,
                access: Access::Public,
            });
        }
        self.router = self.router.merge(router);
        self
    }
}
