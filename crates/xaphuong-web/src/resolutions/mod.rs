//! The resolution's targets and the report computed from the registers.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewReports};
    let p = Access::Permission;
    t.get("/resolutions", p(ViewReports), pages::show)
        .post(
            "/resolutions/indicators",
            p(ManageRegisters),
            pages::add_indicator,
        )
        .post("/resolutions", p(ManageRegisters), pages::save)
        .post("/resolutions/values", p(ManageRegisters), pages::set_value)
        .get("/resolutions/{file}", p(ViewReports), pages::report)
        .get("/api/v1/resolutions/report", p(ViewReports), api::report)
}
