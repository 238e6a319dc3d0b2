//! Business households through the API: the same register as the pages,
//! from the same functions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::businesses::Business;

use super::{BusinessForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

/// A business household.
#[derive(Serialize, ToSchema)]
pub struct BusinessView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub name: String,
    pub owner: String,
    pub address: String,
    pub line: String,
    pub registration_no: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    /// In đồng.
    pub capital: Option<i64>,
    /// active | suspended | closed
    pub status: String,
    /// YYYY-MM-DD: since when suspended or closed.
    pub status_on: Option<String>,
    pub note: String,
    /// The one-stop dossier whose result registered it.
    pub dossier_id: Option<Uuid>,
    pub version: i64,
}

impl From<&Business> for BusinessView {
    fn from(b: &Business) -> Self {
        BusinessView {
            id: b.id,
            commune_id: b.commune_id,
            group_id: b.group_id,
            group_name: b.group_name.clone(),
            name: b.name.clone(),
            owner: b.owner.clone(),
            address: b.address.clone(),
            line: b.line.clone(),
            registration_no: b.registration_no.clone(),
            registered_on: b.registered_on.to_string(),
            capital: b.capital,
            status: b.status.as_str().into(),
            status_on: b.status_on.map(|d| d.to_string()),
            note: b.note.clone(),
            dossier_id: b.dossier_id,
            version: b.updated_at,
        }
    }
}

/// The business households of the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/businesses", operation_id = "get_businesses", tag = "businesses", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<BusinessView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<BusinessView>> {
    let page = state
        .store
        .businesses(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

#[utoipa::path(get, path = "/api/v1/businesses/{id}", operation_id = "get_businesses_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "businesses", responses((status = 200, description = "Thành công", body = BusinessView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<BusinessView> {
    let b = state.store.business(&signed.user().scope(), id).await?;
    Ok(Json(BusinessView::from(&b)))
}

/// Records a business household; with `dossier`, the one registered by
/// that returned «Đăng ký thành lập hộ kinh doanh» dossier.
#[utoipa::path(post, path = "/api/v1/businesses", operation_id = "post_businesses", tag = "businesses", request_body = BusinessForm,
    responses((status = 201, description = "Đã tạo", body = BusinessView), (status = 404, description = "Không tìm thấy hồ sơ (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Số đăng ký hoặc hồ sơ đã có trong sổ", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<BusinessForm>,
) -> Result<(StatusCode, Json<BusinessView>), ApiError> {
    let b = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(BusinessView::from(&b))))
}

/// Changes a business household (its registration, its suspension or
/// closure) on the `version` read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/businesses/{id}", operation_id = "put_businesses_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "businesses", request_body = BusinessForm,
    responses((status = 200, description = "Thành công", body = BusinessView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc, hoặc số đăng ký trùng", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<BusinessForm>,
) -> ApiResult<BusinessView> {
    let b = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(BusinessView::from(&b)))
}

#[utoipa::path(delete, path = "/api/v1/businesses/{id}", operation_id = "delete_businesses_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "businesses", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_business(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
