//! Citizens' reports of problems in the ward (phản ánh hiện trường): the
//! public form and pages, the officers' queue and steps, the API, and
//! Open311 GeoReport v2 for client apps. The public form and Open311 file
//! through [`file_report`]; the pages and the API step through
//! [`take_step`].

pub(crate) mod api;
pub(crate) mod clients;
pub(crate) mod open311;
pub(crate) mod pages;
pub(crate) mod public;

use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::problems::photos::{self, Photo};
use xaphuong_core::problems::{self as rules, Category, ReportInput, Status, StepInput};
use xaphuong_store::problems::{NewProblem, Problem, ProblemFilter};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{non_empty, parse_param, parse_year};
use crate::routes::{Access, Table};

/// The citizens' routes: the form, the lookup, the public list, photos,
/// and Open311.
pub(crate) fn public_routes(t: Table) -> Table {
    use Access::Public;
    t.get("/phan-anh", Public, public::form)
        .post("/phan-anh", Public, public::submit)
        .get("/phan-anh/tra-cuu", Public, public::lookup)
        .get("/phan-anh/cong-khai", Public, public::list)
        .get("/phan-anh/cong-khai/{code}", Public, public::show)
        .get("/phan-anh/anh/{code}/{photo}", Public, public::photo)
        .get("/open311/v2/discovery.json", Public, open311::discovery)
        .get("/open311/v2/services.json", Public, open311::services)
        .get("/open311/v2/services/{file}", Public, open311::service)
        .get("/open311/v2/requests.json", Public, open311::requests)
        .post("/open311/v2/requests.json", Public, open311::file)
        .get("/open311/v2/requests/{file}", Public, open311::request)
}

/// The officers' pages and API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ManageViolations, ManageWebhooks, ViewRegisters};
    let p = Access::Permission;
    t.get("/problems", p(ViewRegisters), pages::list)
        .get("/problems/export.xlsx", p(ViewRegisters), pages::export)
        .get("/problems/stats", p(ViewRegisters), pages::stats)
        .get("/problems/routes", p(ViewRegisters), pages::routes_page)
        .post("/problems/routes", p(ManageWebhooks), pages::route_save)
        .get("/problems/{id}", p(ViewRegisters), pages::show)
        .post("/problems/{id}/steps", p(ManageRegisters), pages::step)
        .post("/problems/{id}/case", p(ManageViolations), pages::open_case)
        .get(
            "/problems/{id}/photos/{photo}",
            p(ViewRegisters),
            pages::photo,
        )
        .get("/api-clients", p(ManageWebhooks), clients::list)
        .post("/api-clients", p(ManageWebhooks), clients::create)
        .post(
            "/api-clients/{id}/revoke",
            p(ManageWebhooks),
            clients::revoke,
        )
        .get("/api/v1/problems", p(ViewRegisters), api::list)
        .get("/api/v1/problems/{id}", p(ViewRegisters), api::get)
        .post("/api/v1/problems/{id}/steps", p(ManageRegisters), api::step)
}

/// The list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the code, description, address or answer.
    pub q: Option<String>,
    /// received | assigned | in_progress | answered | closed | rejected
    pub status: Option<String>,
    /// A category code (Open311's service_code).
    pub category: Option<String>,
    /// "1": not answered and past the deadline now.
    pub overdue: Option<String>,
    /// "1": assigned to the caller.
    pub mine: Option<String>,
    /// Received in this year.
    pub year: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn yes(v: &Option<String>, field: &'static str) -> Result<bool, AppError> {
    Ok(parse_param(v, field, "Chỉ nhận 1 hoặc 0", |v| match v {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    })?
    .unwrap_or(false))
}

impl ListQuery {
    pub fn filter(&self, signed: &Signed) -> Result<ProblemFilter, AppError> {
        Ok(ProblemFilter {
            q: non_empty(&self.q),
            status: parse_param(
                &self.status,
                "status",
                "Trạng thái không hợp lệ",
                Status::parse,
            )?,
            category: parse_param(
                &self.category,
                "category",
                "Loại vấn đề không hợp lệ",
                Category::parse,
            )?,
            overdue_at: yes(&self.overdue, "overdue")?.then(crate::onestop::now),
            officer_id: yes(&self.mine, "mine")?.then_some(signed.user().id),
            year: parse_year(&self.year)?,
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("status", self.status.clone()),
            ("category", self.category.clone()),
            ("overdue", self.overdue.clone()),
            ("mine", self.mine.clone()),
            ("year", self.year.clone()),
        ]
    }
}

/// Whether the caller sees reporters' contacts.
pub(crate) fn sees_contact(signed: &Signed) -> bool {
    rules::sees_contact(signed.user().role)
}

/// Files a report from the public form or an Open311 client: checked
/// whole (the report, then each photo), in a commune in force.
pub(crate) async fn file_report(
    state: &AppState,
    commune_id: &str,
    input: &ReportInput,
    sent_photos: &[Vec<u8>],
    channel: &str,
    client_id: Option<Uuid>,
) -> Result<Problem, AppError> {
    let mut errors = Invalid::default();
    let commune = Uuid::try_parse(commune_id.trim()).ok();
    if commune.is_none() {
        errors.push("commune_id", "Chọn xã, phường nơi có vấn đề");
    }
    let report = rules::validate_report(input).map_err(|e| errors.0.extend(e.0));
    if sent_photos.len() > photos::PHOTOS_MAX {
        errors.push("photos", format!("Gửi tối đa {} ảnh", photos::PHOTOS_MAX));
    }
    let mut kept: Vec<Photo> = Vec::new();
    for (n, bytes) in sent_photos.iter().enumerate() {
        match photos::take(n + 1, bytes) {
            Ok(p) => kept.push(p),
            Err(e) => errors.0.extend(e.0),
        }
    }
    let (Ok(report), Some(commune_id), true) = (report, commune, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    Ok(state
        .store
        .file_problem(
            &xaphuong_core::audit::Actor::system(if channel == "open311" {
                "ứng dụng Open311"
            } else {
                "người dân phản ánh"
            }),
            NewProblem {
                commune_id,
                report: &report,
                photos: &kept,
                channel,
                client_id,
            },
            crate::onestop::now(),
        )
        .await?)
}

/// A step as the page's form and the API send it, with the version read.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
#[serde(default)]
pub(crate) struct StepForm {
    /// assign | start | answer | close | reopen | reject | publish
    pub action: String,
    /// The note the public reads with the status.
    pub note: String,
    pub officer_id: String,
    /// duplicate | outside | unfounded
    pub rejection: String,
    pub forwarded_to: String,
    /// The code of the report it repeats.
    pub duplicate_of: String,
    /// The version read.
    pub version: i64,
}

/// Takes a step for the page and the API alike.
pub(crate) async fn take_step(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    f: &StepForm,
) -> Result<Problem, AppError> {
    let step = rules::validate_step(&StepInput {
        action: f.action.clone(),
        note: f.note.clone(),
        officer_id: f.officer_id.clone(),
        rejection: f.rejection.clone(),
        forwarded_to: f.forwarded_to.clone(),
        duplicate_of: f.duplicate_of.clone(),
    })
    .map_err(AppError::Invalid)?;
    let user = signed.user();
    Ok(state
        .store
        .problem_step(
            &user.actor(),
            &user.scope(),
            id,
            f.version,
            &step,
            crate::onestop::now(),
        )
        .await?)
}
