//! Webhooks through the API: an administrator registers an endpoint for a
//! commune of their scope, chooses the kinds of event it gets, reads its
//! deliveries and replays the dead ones.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::webhooks::{Delivery, Webhook, WebhookInput};

use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, AppError, ErrorBody};
use crate::json::{ApiJson, ApiResult};

fn moment(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// An endpoint told of a commune's events.
#[derive(Serialize, ToSchema)]
pub struct WebhookView {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub url: String,
    /// The kinds it gets; `["*"]` for all.
    pub events: Vec<String>,
    pub active: bool,
    pub note: String,
    pub created_at: String,
    /// The version to send back with a change.
    pub version: i64,
    /// The signing secret: given once, when the endpoint is registered.
    pub secret: Option<String>,
}

impl WebhookView {
    fn of(w: Webhook, with_secret: bool) -> Self {
        WebhookView {
            id: w.id,
            unit_id: w.commune_id,
            events: w.events.split(',').map(str::to_owned).collect(),
            url: w.url,
            active: w.active,
            note: w.note,
            created_at: moment(w.created_at),
            version: w.updated_at,
            secret: with_secret.then_some(w.secret),
        }
    }
}

/// The webhooks of the communes in the caller's scope.
#[utoipa::path(get, path = "/api/v1/webhooks", operation_id = "get_webhooks", tag = "webhooks",
    responses((status = 200, description = "Thành công", body = Vec<WebhookView>)))]
pub async fn list(State(state): State<AppState>, signed: Signed) -> ApiResult<Vec<WebhookView>> {
    let all = state.store.webhooks(&signed.user().scope()).await?;
    Ok(Json(
        all.into_iter().map(|w| WebhookView::of(w, false)).collect(),
    ))
}

/// A new endpoint.
#[derive(Deserialize, ToSchema)]
pub struct NewWebhook {
    /// The commune whose events it gets.
    pub unit_id: Uuid,
    /// http:// or https:// address that takes a POST.
    pub url: String,
    /// Kinds of event (`dossier.received`, …, `violation.step`,
    /// `review.recorded`), or `["*"]` for all.
    pub events: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub note: String,
}

fn yes() -> bool {
    true
}

/// Registers an endpoint; the answer holds its signing secret, shown this
/// once.
#[utoipa::path(post, path = "/api/v1/webhooks", operation_id = "post_webhook", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, description = "Đã đăng ký (kèm khóa ký, chỉ hiện một lần)", body = WebhookView)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<NewWebhook>,
) -> Result<(StatusCode, Json<WebhookView>), ApiError> {
    let user = signed.user();
    let input = WebhookInput {
        url: b.url,
        events: b.events.join(","),
        active: b.active,
        note: b.note,
    };
    let w = state
        .store
        .add_webhook(&user.actor(), &user.scope(), b.unit_id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(WebhookView::of(w, true))))
}

/// One endpoint.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", operation_id = "get_webhook", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Mã địa chỉ nhận sự kiện")),
    responses((status = 200, description = "Thành công", body = WebhookView)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<WebhookView> {
    let w = state.store.webhook(&signed.user().scope(), id).await?;
    Ok(Json(WebhookView::of(w, false)))
}

/// An endpoint's new address, kinds, state or note.
#[derive(Deserialize, ToSchema)]
pub struct WebhookChange {
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    #[serde(default)]
    pub note: String,
    /// The `version` as read.
    pub version: i64,
}

/// Changes an endpoint, on the version read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/webhooks/{id}", operation_id = "put_webhook", tag = "webhooks", request_body = WebhookChange,
    params(("id" = Uuid, Path, description = "Mã địa chỉ nhận sự kiện")),
    responses((status = 200, description = "Đã lưu", body = WebhookView), (status = 409, description = "Vừa được người khác sửa", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<WebhookChange>,
) -> ApiResult<WebhookView> {
    let user = signed.user();
    let input = WebhookInput {
        url: b.url,
        events: b.events.join(","),
        active: b.active,
        note: b.note,
    };
    let w = state
        .store
        .update_webhook(&user.actor(), &user.scope(), id, &input, b.version)
        .await?;
    Ok(Json(WebhookView::of(w, false)))
}

/// One event sent, or to be sent, to an endpoint.
#[derive(Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub kind: String,
    pub record: String,
    pub record_id: Uuid,
    /// pending | delivered | dead
    pub state: String,
    pub attempts: i64,
    /// When it is tried next, while pending.
    pub next_at: String,
    pub last_status: Option<i64>,
    pub last_error: String,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl From<Delivery> for DeliveryView {
    fn from(d: Delivery) -> Self {
        DeliveryView {
            id: d.id,
            event_id: d.event_id,
            kind: d.kind,
            record: d.record,
            record_id: d.record_id,
            state: d.state,
            attempts: d.attempts,
            next_at: moment(d.next_at),
            last_status: d.last_status,
            last_error: d.last_error,
            delivered_at: d.delivered_at.map(moment),
            created_at: moment(d.created_at),
        }
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DeliveryQuery {
    /// pending | delivered | dead (all by default)
    pub state: Option<String>,
}

/// An endpoint's latest 200 deliveries, newest first.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", operation_id = "get_webhook_deliveries", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Mã địa chỉ nhận sự kiện"), DeliveryQuery),
    responses((status = 200, description = "Thành công", body = Vec<DeliveryView>)))]
pub async fn deliveries(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Query(q): Query<DeliveryQuery>,
) -> ApiResult<Vec<DeliveryView>> {
    let kind = q.state.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if kind.is_some_and(|k| !["pending", "delivered", "dead"].contains(&k)) {
        return Err(AppError::Invalid(xaphuong_core::Invalid::one(
            "state",
            "Trạng thái là pending, delivered hoặc dead",
        ))
        .into());
    }
    let all = state
        .store
        .deliveries(&signed.user().scope(), id, kind, 200)
        .await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// Sends a dead delivery again from its first attempt.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay", operation_id = "post_webhook_replay", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Mã địa chỉ nhận sự kiện"), ("delivery_id" = Uuid, Path, description = "Mã lần gửi")),
    responses((status = 204, description = "Sẽ gửi lại"), (status = 422, description = "Lần gửi chưa thất bại hẳn", body = ErrorBody)))]
pub async fn replay(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, delivery_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let user = signed.user();
    state
        .store
        .replay_delivery(&user.actor(), &user.scope(), id, delivery_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
