//! The audit trail of the caller's scope.

pub(crate) mod api;
pub(crate) mod pages;

use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::audit::Entity;
use xaphuong_store::audit::{AuditEntry, AuditFilter};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{non_empty, parse_id, parse_param};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::ViewAudit;
    let p = Access::Permission;
    t.get("/audit", p(ViewAudit), pages::list)
        .get("/api/v1/audit", p(ViewAudit), api::list)
}

#[derive(Deserialize, Default)]
pub(crate) struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<String>,
}

/// Turns the page's query into a store filter (shared with the API).
pub(crate) async fn filter(state: &AppState, q: &AuditQuery) -> Result<AuditFilter, AppError> {
    let mut f = AuditFilter {
        limit: Some(100),
        ..Default::default()
    };
    f.entity = parse_param(
        &q.entity,
        "entity",
        "Loại bản ghi không hợp lệ",
        Entity::parse,
    )?;
    f.entity_id = parse_id(&q.entity_id, "entity_id")?;
    if let Some(actor) = non_empty(&q.actor) {
        f.actor_id = match Uuid::try_parse(&actor) {
            Ok(id) => Some(id),
            Err(_) => Some(
                state
                    .store
                    .user_for_login(&actor)
                    .await?
                    .map(|(u, _)| u.id)
                    .unwrap_or_else(Uuid::nil),
            ),
        };
    }
    if let Some(from) = non_empty(&q.from) {
        f.from = Some(day_start(&from, "from")?);
    }
    if let Some(to) = non_empty(&q.to) {
        f.to = Some(day_start(&to, "to")? + 24 * 60 * 60 * 1000);
    }
    if let Some(before) = non_empty(&q.before) {
        let bad = || xaphuong_core::Invalid::one("before", "Vị trí trang không hợp lệ");
        let (at, id) = before.split_once('_').ok_or_else(bad)?;
        f.before = Some((
            at.parse().map_err(|_| bad())?,
            Uuid::try_parse(id).map_err(|_| bad())?,
        ));
    }
    Ok(f)
}

/// The cursor of the next (older) page, when this page is full.
pub(crate) fn next_cursor(entries: &[AuditEntry], f: &AuditFilter) -> Option<String> {
    if entries.len() as i64 != f.limit.unwrap_or(100) {
        return None;
    }
    entries.last().map(|e| format!("{}_{}", e.at, e.id))
}

/// A day `yyyy-mm-dd` in Vietnam as epoch milliseconds at its start.
pub(crate) fn day_start(s: &str, field: &str) -> Result<i64, AppError> {
    let d: jiff::civil::Date = s.parse().map_err(|_| {
        xaphuong_core::Invalid::one(field, "Ngày không hợp lệ (định dạng yyyy-mm-dd)")
    })?;
    let z = d
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
        .map_err(|_| xaphuong_core::Invalid::one(field, "Ngày không hợp lệ"))?;
    Ok(z.timestamp().as_millisecond())
}

/// A page of the caller's trail under `q`, and the cursor of the next one.
pub(crate) async fn entries(
    state: &AppState,
    signed: &Signed,
    q: &AuditQuery,
) -> Result<(Vec<AuditEntry>, Option<String>), AppError> {
    let f = filter(state, q).await?;
    let entries = state
        .store
        .audit_entries(&signed.user().scope(), &f)
        .await?;
    let next = next_cursor(&entries, &f);
    Ok((entries, next))
}
