//! The citizen-reception book through the API: the same entries as the
//! pages, from the same functions, with who came only where the caller
//! may see it.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::receptions::Reception;

use super::{ListQuery, ReceptionForm, save, viewer};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

/// An entry of the citizen-reception book.
#[derive(Serialize, ToSchema)]
pub struct ReceptionView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    /// YYYY-MM-DD
    pub received_on: String,
    /// Null where kept secret from the caller (a denouncer, for all but
    /// the handler).
    pub citizen: Option<String>,
    pub citizen_address: Option<String>,
    pub matter: String,
    /// feedback | proposal | complaint | denunciation
    pub kind: String,
    pub competent: bool,
    pub forwarded_to: String,
    pub accepted_on: Option<String>,
    /// ordinary | complex | very_complex
    pub complexity: String,
    pub remote: bool,
    pub round: i64,
    pub extensions: i64,
    /// The legal deadline from acceptance.
    pub due_on: Option<String>,
    pub decision: String,
    pub decided_on: Option<String>,
    pub note: String,
    pub handler_id: Option<Uuid>,
    pub version: i64,
}

impl From<&Reception> for ReceptionView {
    fn from(r: &Reception) -> Self {
        let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
        ReceptionView {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            received_on: r.received_on.to_string(),
            citizen: r.citizen.as_ref().map(|c| c.name.clone()),
            citizen_address: r.citizen.as_ref().map(|c| c.address.clone()),
            matter: r.matter.clone(),
            kind: r.kind.as_str().into(),
            competent: r.competent,
            forwarded_to: r.forwarded_to.clone(),
            accepted_on: day(r.accepted_on),
            complexity: r.complexity.as_str().into(),
            remote: r.remote,
            round: r.round,
            extensions: r.extensions,
            due_on: day(r.due_on),
            decision: r.decision.clone(),
            decided_on: day(r.decided_on),
            note: r.note.clone(),
            handler_id: r.handler_id,
            version: r.updated_at,
        }
    }
}

/// The book's entries in the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/receptions", operation_id = "get_receptions", tag = "receptions", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<ReceptionView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<ReceptionView>> {
    let page = state
        .store
        .receptions(&signed.user().scope(), viewer(&signed), &q.filter()?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

#[utoipa::path(get, path = "/api/v1/receptions/{id}", operation_id = "get_receptions_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "receptions", responses((status = 200, description = "Thành công", body = ReceptionView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<ReceptionView> {
    let r = state
        .store
        .reception(&signed.user().scope(), viewer(&signed), id)
        .await?;
    Ok(Json(ReceptionView::from(&r)))
}

/// Enters a visit or letter; the caller handles it.
#[utoipa::path(post, path = "/api/v1/receptions", operation_id = "post_receptions", tag = "receptions", request_body = ReceptionForm,
    responses((status = 201, description = "Đã tạo", body = ReceptionView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<ReceptionForm>,
) -> Result<(StatusCode, Json<ReceptionView>), ApiError> {
    let r = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(ReceptionView::from(&r))))
}

/// Changes an entry on the `version` read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/receptions/{id}", operation_id = "put_receptions_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "receptions", request_body = ReceptionForm,
    responses((status = 200, description = "Thành công", body = ReceptionView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<ReceptionForm>,
) -> ApiResult<ReceptionView> {
    let r = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(ReceptionView::from(&r)))
}

#[utoipa::path(delete, path = "/api/v1/receptions/{id}", operation_id = "delete_receptions_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "receptions", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_reception(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
