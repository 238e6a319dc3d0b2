use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::units::{ImportSummary, Unit};

use super::UnitBody;
use super::{ListQuery, import_bytes};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    /// province | district | commune | group
    pub level: String,
    /// tinh, thanh_pho_trung_uong, huyen, …, phuong, xa, …, to_dan_pho, thon, …
    pub kind: String,
    pub code: String,
    pub name: String,
    /// First day in force (`yyyy-mm-dd`); null: since before any record.
    pub valid_from: Option<String>,
    /// The day a reorganisation ended it; null: in force.
    pub valid_to: Option<String>,
}

impl From<&Unit> for UnitView {
    fn from(u: &Unit) -> Self {
        UnitView {
            id: u.id,
            parent_id: u.parent_id,
            level: u.level.as_str().into(),
            kind: u.kind.as_str().into(),
            code: u.code.clone(),
            name: u.name.clone(),
            valid_from: u.valid_from.clone(),
            valid_to: u.valid_to.clone(),
        }
    }
}

/// Units in the caller's scope.
#[utoipa::path(get, path = "/api/v1/units", operation_id = "get_units", tag = "units", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<UnitView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<UnitView>> {
    let f = q.filter()?;
    let p = state.store.units(&signed.user().scope(), &f).await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/units/{id}", operation_id = "get_units_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "units", responses((status = 200, description = "Thành công", body = UnitView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<UnitView> {
    Ok(Json(UnitView::from(
        &state.store.unit(&signed.user().scope(), id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/units", operation_id = "post_units", tag = "units", request_body = UnitBody,
    responses((status = 201, description = "Đã tạo", body = UnitView), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<UnitBody>,
) -> Result<(StatusCode, Json<UnitView>), ApiError> {
    let u = signed.user();
    let unit = state
        .store
        .create_unit(
            &u.actor(),
            &u.scope(),
            crate::page::parse_id(&b.parent_id, "parent_id")?,
            &b.input,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(UnitView::from(&unit))))
}

/// Changes code, name and kind (`parent_id` is ignored: units do not move).
#[utoipa::path(put, path = "/api/v1/units/{id}", operation_id = "put_units_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "units", request_body = UnitBody,
    responses((status = 200, description = "Thành công", body = UnitView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<UnitBody>,
) -> ApiResult<UnitView> {
    let u = signed.user();
    Ok(Json(UnitView::from(
        &state
            .store
            .update_unit(&u.actor(), &u.scope(), id, &b.input)
            .await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/units/{id}", operation_id = "delete_units_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "units", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state.store.delete_unit(&u.actor(), &u.scope(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ImportView {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl From<ImportSummary> for ImportView {
    fn from(s: ImportSummary) -> Self {
        ImportView {
            created: s.created,
            updated: s.updated,
            unchanged: s.unchanged,
        }
    }
}

/// Imports a CSV unit list (body: the file, `text/csv`), all or nothing.
#[utoipa::path(post, path = "/api/v1/units/import", operation_id = "post_units_import", tag = "units", request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "Thành công", body = ImportView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    signed: Signed,
    body: Bytes,
) -> ApiResult<ImportView> {
    Ok(Json(import_bytes(&state, &signed, &body).await?.into()))
}
