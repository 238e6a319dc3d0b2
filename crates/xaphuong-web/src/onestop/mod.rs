//! The one-stop shop: citizens file and look dossiers up; officers receive,
//! hand on and return them; the procedures catalogue.

pub(crate) mod dossiers;
pub(crate) mod procedures;

use xaphuong_core::access::Permission;

use crate::routes::{Access, Table};

/// What citizens reach without an account: filing online, looking a
/// dossier up, rating it.
pub(crate) fn public_routes(t: Table) -> Table {
    use Access::Public;
    t.get("/tra-cuu", Public, dossiers::lookup)
        .post("/tra-cuu/danh-gia", Public, dossiers::rate)
        .get("/nop-ho-so", Public, dossiers::submit_form)
        .post("/nop-ho-so", Public, dossiers::submit_online)
}

/// The officers' pages: the queue, intake, a dossier and its papers,
/// statistics, the code pattern, the procedures catalogue.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{HandleDossiers, ManageProcedures, ViewDossiers};
    let p = Access::Permission;
    t.get("/dossiers", p(ViewDossiers), dossiers::queue)
        .post("/dossiers", p(HandleDossiers), dossiers::create)
        .get("/dossiers/new", p(HandleDossiers), dossiers::new_form)
        .get("/dossiers/stats", p(ViewDossiers), dossiers::stats)
        .get(
            "/dossiers/stats.xlsx",
            p(ViewDossiers),
            dossiers::stats_export,
        )
        .get("/dossiers/ma-so", p(ManageProcedures), dossiers::code_form)
        .post("/dossiers/ma-so", p(ManageProcedures), dossiers::code_save)
        .get("/dossiers/{id}", p(ViewDossiers), dossiers::show)
        .post("/dossiers/{id}/actions", p(HandleDossiers), dossiers::act)
        .get(
            "/dossiers/{id}/tep/{file_id}",
            p(ViewDossiers),
            dossiers::file,
        )
        .get(
            "/dossiers/{id}/phieu/{kind}",
            p(ViewDossiers),
            dossiers::paper,
        )
        .get(
            "/dossiers/{id}/phieu/{kind}/docx",
            p(ViewDossiers),
            dossiers::paper_docx,
        )
        .get("/procedures", p(ViewDossiers), procedures::list)
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
