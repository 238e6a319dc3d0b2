//! Webhooks: the endpoints a commune's events go to, their deliveries,
//! and the worker that delivers them.

pub(crate) mod api;
pub mod email;
pub(crate) mod pages;
pub mod worker;

use crate::routes::{Access, Table};

pub(crate) fn routes(t: Table) -> Table {
    let p = Access::Permission(xaphuong_core::access::Permission::ManageWebhooks);
    t.get("/webhooks", p, pages::list)
        .post("/webhooks", p, pages::create)
        .get("/webhooks/{id}", p, pages::show)
        .post("/webhooks/{id}", p, pages::update)
        .post(
            "/webhooks/{id}/deliveries/{delivery_id}/replay",
            p,
            pages::replay,
        )
        .get("/api/v1/webhooks", p, api::list)
        .post("/api/v1/webhooks", p, api::create)
        .get("/api/v1/webhooks/{id}", p, api::get)
        .put("/api/v1/webhooks/{id}", p, api::update)
        .get("/api/v1/webhooks/{id}/deliveries", p, api::deliveries)
        .post(
            "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay",
            p,
            api::replay,
        )
}
