use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::recruitment::Stage;
use xaphuong_store::recruitment::Recruit;

use super::ListQuery;
use super::RecruitBody;
use super::{QuotaForm, StageForm};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

#[derive(Serialize, ToSchema)]
pub struct RecruitmentSummaryView {
    /// military | police
    pub service: String,
    pub quota: i64,
    pub called: i64,
    pub examined: i64,
    pub passed: i64,
    pub failed: i64,
    pub postponed: i64,
    pub exempted: i64,
    pub enlisted: i64,
}

/// The year's quota and figures per service, in the caller's scope.
#[utoipa::path(get, path = "/api/v1/recruitment/summary", operation_id = "get_recruitment_summary", tag = "recruitment", params(ListQuery), responses((status = 200, description = "Thành công", body = Vec<RecruitmentSummaryView>)))]
pub async fn summary(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Vec<RecruitmentSummaryView>> {
    let rows = state
        .store
        .recruitment_summary(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            q.year()?,
        )
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(s, m)| RecruitmentSummaryView {
                service: s.as_str().into(),
                quota: m.quota,
                called: m.called,
                examined: m.examined,
                passed: m.passed,
                failed: m.failed,
                postponed: m.postponed,
                exempted: m.exempted,
                enlisted: m.enlisted,
            })
            .collect(),
    ))
}

/// Sets a commune's quota (chỉ tiêu giao) for a year and service.
#[utoipa::path(put, path = "/api/v1/recruitment/quotas", operation_id = "put_recruitment_quotas", tag = "recruitment", request_body = QuotaForm,
    responses((status = 204, description = "Xong, không có nội dung"), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn set_quota(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<QuotaForm>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    let (unit, year, service, quota) = b.quota(u.unit_id)?;
    state
        .store
        .set_recruitment_quota(&u.actor(), &u.scope(), unit, year, service, quota)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct RecruitView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub year: i16,
    pub service: String,
    pub full_name: String,
    pub birth_year: i16,
    pub address: String,
    /// called | examined | passed | failed | postponed | exempted | enlisted
    pub stage: String,
    pub reason: String,
    /// The record's version: send it back with a stage change so that a
    /// change prepared on an older state is refused with 409.
    pub version: i64,
}

impl From<&Recruit> for RecruitView {
    fn from(r: &Recruit) -> Self {
        RecruitView {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            year: r.year,
            service: r.service.as_str().into(),
            full_name: r.full_name.clone(),
            birth_year: r.birth_year,
            address: r.address.clone(),
            stage: r.stage.as_str().into(),
            reason: r.reason.clone(),
            version: r.updated_at,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/recruits", operation_id = "get_recruits", tag = "recruitment", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<RecruitView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<RecruitView>> {
    let p = state
        .store
        .recruits(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            &q.filter()?,
        )
        .await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/recruits/{id}", operation_id = "get_recruits_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "recruitment", responses((status = 200, description = "Thành công", body = RecruitView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<RecruitView> {
    Ok(Json(RecruitView::from(
        &state.store.recruit(&signed.user().scope(), id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/recruits", operation_id = "post_recruits", tag = "recruitment", request_body = RecruitBody,
    responses((status = 201, description = "Đã tạo", body = RecruitView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<RecruitBody>,
) -> Result<(StatusCode, Json<RecruitView>), ApiError> {
    let u = signed.user();
    let year =
        crate::page::parse_year(&Some(b.year.clone()))?.unwrap_or(crate::page::today().year());
    let r = state
        .store
        .create_recruit(&u.actor(), &u.scope(), b.unit()?, year, &b.input)
        .await?;
    Ok((StatusCode::CREATED, Json(RecruitView::from(&r))))
}

#[utoipa::path(put, path = "/api/v1/recruits/{id}", operation_id = "put_recruits_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "recruitment", request_body = RecruitBody,
    responses((status = 200, description = "Thành công", body = RecruitView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<RecruitBody>,
) -> ApiResult<RecruitView> {
    let u = signed.user();
    Ok(Json(RecruitView::from(
        &state
            .store
            .update_recruit(&u.actor(), &u.scope(), id, b.unit()?, &b.input)
            .await?,
    )))
}

/// Moves a citizen to the next stage (deferral and exemption need a reason).
#[utoipa::path(post, path = "/api/v1/recruits/{id}/stage", operation_id = "post_recruits_by_id_stage", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "recruitment", request_body = StageForm,
    responses((status = 200, description = "Thành công", body = RecruitView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn move_stage(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<StageForm>,
) -> ApiResult<RecruitView> {
    let stage = Stage::parse(&b.stage).ok_or_else(|| Invalid::one("stage", "Bước không hợp lệ"))?;
    let u = signed.user();
    Ok(Json(RecruitView::from(
        &state
            .store
            .move_recruit(
                &u.actor(),
                &u.scope(),
                id,
                stage,
                &b.reason,
                crate::page::seen(&b.version),
            )
            .await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/recruits/{id}", operation_id = "delete_recruits_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "recruitment", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_recruit(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
