//! The audit trail of the caller's scope.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;

use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::ViewAudit;
    let p = Access::Permission;
    t.get("/audit", p(ViewAudit), pages::list)
        .get("/api/v1/audit", p(ViewAudit), api::list)
}
