//! The one-stop shop: citizens file and look dossiers up; officers receive,
//! hand on and return them; the procedures catalogue.

pub(crate) mod api;
pub(crate) mod codes;
pub(crate) mod dossier;
pub(crate) mod intake;
pub(crate) mod papers;
pub(crate) mod procedures;
pub(crate) mod public;
pub(crate) mod queue;
pub(crate) mod stats;

use dossier::OFFERS;
use jiff::civil::DateTime;
use xaphuong_core::access::Permission;
use xaphuong_core::onestop::code::show_lookup_key;
use xaphuong_core::onestop::lifecycle::{Channel, Status, Step};

use crate::auth::Signed;
use crate::error::AppError;
use crate::routes::{Access, Table};

/// The catalogue serves every unit of the deployment: only an account over
/// all of it may change it (its pages and its API alike).
fn may_keep(signed: &Signed) -> bool {
    let user = signed.user();
    user.role.allows(Permission::ManageProcedures)
        && user.scope() == xaphuong_core::access::Scope::All
}

fn keeper(signed: &Signed) -> Result<(), AppError> {
    if may_keep(signed) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Chỉ quản trị toàn hệ thống được sửa danh mục thủ tục dùng chung".into(),
        ))
    }
}

/// What citizens reach without an account: filing online, looking a
/// dossier up, rating it.
pub(crate) fn public_routes(t: Table) -> Table {
    use Access::Public;
    t.get("/tra-cuu", Public, public::lookup)
        .get("/api/v1/public/communes", Public, api::public::communes)
        .get("/api/v1/public/procedures", Public, api::public::procedures)
        .get("/api/v1/public/dossiers", Public, api::public::lookup)
        .post("/api/v1/public/dossiers", Public, api::public::file)
        .post("/api/v1/public/dossiers/rating", Public, api::public::rate)
        .post("/tra-cuu/danh-gia", Public, public::rate)
        .get("/nop-ho-so", Public, public::submit_form)
        .post("/nop-ho-so", Public, public::submit_online)
}

/// The officers' pages: the queue, intake, a dossier and its papers,
/// statistics, the code pattern, the procedures catalogue.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{HandleDossiers, ManageProcedures, ViewDossiers};
    let p = Access::Permission;
    t.get("/dossiers", p(ViewDossiers), queue::queue)
        .post("/dossiers", p(HandleDossiers), intake::create)
        .get("/dossiers/new", p(HandleDossiers), intake::new_form)
        .get("/dossiers/stats", p(ViewDossiers), stats::stats)
        .get("/dossiers/stats.xlsx", p(ViewDossiers), stats::stats_export)
        .get("/dossiers/ma-so", p(ManageProcedures), codes::code_form)
        .post("/dossiers/ma-so", p(ManageProcedures), codes::code_save)
        .get("/dossiers/{id}", p(ViewDossiers), dossier::show)
        .post("/dossiers/{id}/actions", p(HandleDossiers), dossier::act)
        .post("/dossiers/{id}/tep", p(HandleDossiers), dossier::add_file)
        .post(
            "/api/v1/dossiers/{id}/files",
            p(HandleDossiers),
            api::dossiers::add_file,
        )
        .get(
            "/dossiers/{id}/tep/{file_id}",
            p(ViewDossiers),
            dossier::file,
        )
        .get(
            "/dossiers/{id}/phieu/{kind}",
            p(ViewDossiers),
            papers::paper,
        )
        .get(
            "/dossiers/{id}/phieu/{kind}/docx",
            p(ViewDossiers),
            papers::paper_docx,
        )
        .get("/api/v1/dossiers", p(ViewDossiers), api::dossiers::dossiers)
        .post("/api/v1/dossiers", p(HandleDossiers), api::dossiers::create)
        .get("/api/v1/dossiers/stats", p(ViewDossiers), api::stats::stats)
        .get("/api/v1/dossiers/late", p(ViewDossiers), api::stats::late)
        .get(
            "/api/v1/dossiers/code-pattern",
            p(ViewDossiers),
            api::stats::code_pattern,
        )
        .put(
            "/api/v1/dossiers/code-pattern",
            p(ManageProcedures),
            api::stats::set_code_pattern,
        )
        .get(
            "/api/v1/dossiers/{id}",
            p(ViewDossiers),
            api::dossiers::dossier,
        )
        .post(
            "/api/v1/dossiers/{id}/actions",
            p(HandleDossiers),
            api::dossiers::act,
        )
        .get(
            "/api/v1/dossiers/{id}/files/{file_id}",
            p(ViewDossiers),
            api::dossiers::file,
        )
        .get(
            "/api/v1/dossiers/{id}/papers/{kind}",
            p(ViewDossiers),
            api::dossiers::paper,
        )
        .get("/procedures", p(ViewDossiers), procedures::list)
        .get("/api/v1/procedures", p(ViewDossiers), api::procedures)
        .post(
            "/api/v1/procedures",
            p(ManageProcedures),
            api::create_procedure,
        )
        .get(
            "/api/v1/procedures/export",
            p(ViewDossiers),
            api::export_procedures,
        )
        .post(
            "/api/v1/procedures/import",
            p(ManageProcedures),
            api::import_procedures,
        )
        .get("/api/v1/procedures/{id}", p(ViewDossiers), api::procedure)
        .put(
            "/api/v1/procedures/{id}",
            p(ManageProcedures),
            api::update_procedure,
        )
        .get("/procedures.xlsx", p(ViewDossiers), procedures::export)
        .get("/procedures/new", p(ManageProcedures), procedures::new_form)
        .post("/procedures", p(ManageProcedures), procedures::create)
        .get(
            "/procedures/import",
            p(ManageProcedures),
            procedures::import_form,
        )
        .post(
            "/procedures/import",
            p(ManageProcedures),
            procedures::import_submit,
        )
        .get(
            "/procedures/import/mau.xlsx",
            p(ManageProcedures),
            procedures::import_template,
        )
        .get(
            "/procedures/{id}/edit",
            p(ManageProcedures),
            procedures::edit_form,
        )
        .post("/procedures/{id}", p(ManageProcedures), procedures::update)
}

/// The ways a citizen takes the result (NĐ 118/2025 Art. 22): at the
/// counter, by public post, or online.
pub const RETURN_CHANNELS: &[(&str, &str)] = &[
    ("counter", "Tại bộ phận một cửa"),
    ("post", "Qua dịch vụ bưu chính công ích"),
    ("online", "Trực tuyến (bản điện tử)"),
];

pub fn return_label(c: Channel) -> &'static str {
    RETURN_CHANNELS
        .iter()
        .find(|(code, _)| *code == c.as_str())
        .map_or("", |(_, l)| l)
}

pub const STEPS: &[Step] = Step::ALL;

/// Now in Vietnam, to the minute.
pub fn now() -> DateTime {
    let t = xaphuong_core::calendar::vietnam_time(jiff::Timestamp::now()).datetime();
    t.with().second(0).subsec_nanosecond(0).build().unwrap_or(t)
}

pub fn dmy_hm(d: &DateTime) -> String {
    d.strftime("%H:%M %d/%m/%Y").to_string()
}

pub fn opt_dmy_hm(d: &Option<DateTime>) -> String {
    d.as_ref().map(dmy_hm).unwrap_or_default()
}

/// "2026-11-30T08:37" as shown: "08:37 30/11/2026".
pub fn iso_hm(s: &Option<String>) -> String {
    s.as_deref()
        .and_then(|s| s.parse::<DateTime>().ok())
        .map(|d| dmy_hm(&d))
        .unwrap_or_default()
}

/// The timeline's name for a step, by its stored code.
pub fn action_label(code: &str) -> &str {
    if code == "file" {
        return "Nộp hồ sơ";
    }
    OFFERS.iter().find(|o| o.0 == code).map_or(code, |o| o.1)
}

pub fn status_label(code: &str) -> &'static str {
    Status::parse(code).map_or("", Status::label)
}

/// A lookup key as printed, for templates.
pub fn show_key(key: &str) -> String {
    show_lookup_key(key)
}
