use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::inspections::{CaseInput, InspectionInput};
use xaphuong_store::inspections::{Inspection, InspectionCase};

use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::forms::Placed;
use crate::json::{ApiJson, ApiResult, Paged};
use crate::page::today;

#[derive(Serialize, ToSchema)]
pub struct InspectionView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub inspected_on: String,
    pub place: String,
    pub team: String,
    pub note: String,
    pub cases: i64,
}

impl From<&Inspection> for InspectionView {
    fn from(i: &Inspection) -> Self {
        InspectionView {
            id: i.id,
            commune_id: i.commune_id,
            inspected_on: i.inspected_on.to_string(),
            place: i.place.clone(),
            team: i.team.clone(),
            note: i.note.clone(),
            cases: i.cases,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CaseView {
    pub id: Uuid,
    /// goods | signs | flower_pots | street_vendor | materials | vehicles | other
    pub kind: String,
    pub offender: String,
    pub address: String,
    /// reminded | removed | fined
    pub outcome: String,
    pub note: String,
}

impl From<&InspectionCase> for CaseView {
    fn from(c: &InspectionCase) -> Self {
        CaseView {
            id: c.id,
            kind: c.kind.as_str().into(),
            offender: c.offender.clone(),
            address: c.address.clone(),
            outcome: c.outcome.as_str().into(),
            note: c.note.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InspectionDetail {
    #[serde(flatten)]
    pub inspection: InspectionView,
    pub items: Vec<CaseView>,
}

#[utoipa::path(get, path = "/api/v1/inspections", operation_id = "get_inspections", tag = "inspections", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<InspectionView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<InspectionView>> {
    let p = state
        .store
        .inspections(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            &q.filter()?,
        )
        .await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/inspections/{id}", operation_id = "get_inspections_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "inspections", responses((status = 200, description = "Thành công", body = InspectionDetail), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<InspectionDetail> {
    let scope = signed.user().scope();
    let i = state.store.inspection(&scope, id).await?;
    let cases = state.store.inspection_cases(&scope, id).await?;
    Ok(Json(InspectionDetail {
        inspection: InspectionView::from(&i),
        items: cases.iter().map(CaseView::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/inspections", operation_id = "post_inspections", tag = "inspections", request_body = Placed<InspectionInput>,
    responses((status = 201, description = "Đã tạo", body = InspectionView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<Placed<InspectionInput>>,
) -> Result<(StatusCode, Json<InspectionView>), ApiError> {
    let u = signed.user();
    let unit = Uuid::try_parse(b.unit_id.trim())
        .ok()
        .or(u.unit_id)
        .ok_or_else(|| Invalid::one("unit_id", "Chọn xã, phường"))?;
    let i = state
        .store
        .create_inspection(&u.actor(), &u.scope(), unit, &b.input, today())
        .await?;
    Ok((StatusCode::CREATED, Json(InspectionView::from(&i))))
}

#[utoipa::path(put, path = "/api/v1/inspections/{id}", operation_id = "put_inspections_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "inspections", request_body = Placed<InspectionInput>,
    responses((status = 200, description = "Thành công", body = InspectionView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<Placed<InspectionInput>>,
) -> ApiResult<InspectionView> {
    let u = signed.user();
    Ok(Json(InspectionView::from(
        &state
            .store
            .update_inspection(&u.actor(), &u.scope(), id, &b.input, today())
            .await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/inspections/{id}", operation_id = "delete_inspections_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "inspections", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_inspection(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/inspections/{id}/cases", operation_id = "post_inspections_by_id_cases", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "inspections", request_body = CaseInput,
    responses((status = 201, description = "Đã tạo", body = CaseView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn add_case(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<CaseInput>,
) -> Result<(StatusCode, Json<CaseView>), ApiError> {
    let u = signed.user();
    let c = state
        .store
        .add_inspection_case(&u.actor(), &u.scope(), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(CaseView::from(&c))))
}

#[utoipa::path(delete, path = "/api/v1/inspections/{id}/cases/{case_id}", operation_id = "delete_inspections_by_id_cases_by_case_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi"), ("case_id" = Uuid, Path, description = "Mã (UUID) của trường hợp vi phạm")), tag = "inspections", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_case(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, case_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_inspection_case(&u.actor(), &u.scope(), id, case_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
