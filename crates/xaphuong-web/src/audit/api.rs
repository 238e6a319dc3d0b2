use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AuditQuery, entries};
use crate::AppState;
use crate::auth::Signed;
use crate::json::ApiResult;

#[derive(Serialize, ToSchema)]
pub struct AuditView {
    pub id: Uuid,
    /// Epoch milliseconds, UTC.
    pub at: i64,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    /// unit | user
    pub entity: String,
    pub entity_id: Uuid,
    /// insert | update | delete | login | logout
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next: Option<String>,
}

/// The audit trail of the caller's scope, newest first, 100 per page.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "get_audit", tag = "audit",
    params(("entity" = Option<String>, Query), ("entity_id" = Option<String>, Query), ("actor" = Option<String>, Query, description = "username or id"),
           ("from" = Option<String>, Query, description = "yyyy-mm-dd"), ("to" = Option<String>, Query, description = "yyyy-mm-dd, inclusive"),
           ("before" = Option<String>, Query, description = "cursor from `next`")),
    responses((status = 200, description = "Thành công", body = AuditPage)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<AuditQuery>,
) -> ApiResult<AuditPage> {
    let (entries, next) = entries(&state, &signed, &q).await?;
    let parse = |s: &Option<String>| s.as_deref().and_then(|j| serde_json::from_str(j).ok());
    let items = entries
        .iter()
        .map(|e| AuditView {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id,
            action: e.action.clone(),
            before: parse(&e.before_json),
            after: parse(&e.after_json),
        })
        .collect();
    Ok(Json(AuditPage { items, next }))
}
