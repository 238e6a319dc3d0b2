//! Files of the pages' own and the health check: the same for everyone.

use axum::http::header;
use axum::response::IntoResponse;

use crate::routes::{Access, Table};

pub async fn health() -> &'static str {
    "ok"
}

/// A file of the pages' own, the same for every user: the one kind of
/// response a browser may keep.
fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse + use<> {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

pub async fn stylesheet() -> impl IntoResponse {
    asset("text/css; charset=utf-8", include_str!("../static/app.css"))
}

pub async fn paper_stylesheet() -> impl IntoResponse {
    asset(
        "text/css; charset=utf-8",
        include_str!("../static/paper.css"),
    )
}

pub async fn script() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    )
}

pub async fn report_script() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../static/report.js"),
    )
}

pub async fn map_script() -> impl IntoResponse {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../static/map.js"),
    )
}

/// Anyone may read these.
pub(crate) fn routes(t: Table) -> Table {
    use Access::Public;
    t.get("/health", Public, health)
        .get("/static/app.css", Public, stylesheet)
        .get("/static/paper.css", Public, paper_stylesheet)
        .get("/static/app.js", Public, script)
        .get("/static/report.js", Public, report_script)
        .get("/static/map.js", Public, map_script)
}
