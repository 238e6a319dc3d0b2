use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::handovers::HandoverInput;
use xaphuong_core::numbers::hundredths;
use xaphuong_store::handovers::Handover;

use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::forms::Placed;
use crate::json::{ApiJson, ApiResult, Paged};
use crate::page::today;

#[derive(Serialize, ToSchema)]
pub struct HandoverView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub project: String,
    pub household: String,
    pub address: String,
    pub handed_over_on: String,
    /// Square metres, Vietnamese notation ("45,5").
    pub area: String,
    pub document: String,
    pub note: String,
}

impl From<&Handover> for HandoverView {
    fn from(h: &Handover) -> Self {
        HandoverView {
            id: h.id,
            commune_id: h.commune_id,
            group_id: h.group_id,
            project: h.project.clone(),
            household: h.household.clone(),
            address: h.address.clone(),
            handed_over_on: h.handed_over_on.to_string(),
            area: hundredths(h.area),
            document: h.document.clone(),
            note: h.note.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/handovers", operation_id = "get_handovers", tag = "handovers", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<HandoverView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<HandoverView>> {
    let p = state
        .store
        .handovers(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            &q.filter()?,
        )
        .await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/handovers/{id}", operation_id = "get_handovers_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "handovers", responses((status = 200, description = "Thành công", body = HandoverView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<HandoverView> {
    Ok(Json(HandoverView::from(
        &state.store.handover(&signed.user().scope(), id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/handovers", operation_id = "post_handovers", tag = "handovers", request_body = Placed<HandoverInput>,
    responses((status = 201, description = "Đã tạo", body = HandoverView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<Placed<HandoverInput>>,
) -> Result<(StatusCode, Json<HandoverView>), ApiError> {
    let u = signed.user();
    let h = state
        .store
        .create_handover(&u.actor(), &u.scope(), b.unit()?, &b.input, today())
        .await?;
    Ok((StatusCode::CREATED, Json(HandoverView::from(&h))))
}

#[utoipa::path(put, path = "/api/v1/handovers/{id}", operation_id = "put_handovers_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "handovers", request_body = Placed<HandoverInput>,
    responses((status = 200, description = "Thành công", body = HandoverView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<Placed<HandoverInput>>,
) -> ApiResult<HandoverView> {
    let u = signed.user();
    Ok(Json(HandoverView::from(
        &state
            .store
            .update_handover(&u.actor(), &u.scope(), id, b.unit()?, &b.input, today())
            .await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/handovers/{id}", operation_id = "delete_handovers_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "handovers", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_handover(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
