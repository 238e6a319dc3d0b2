//! Cooperatives through the API: the same register, grades and supports
//! as the pages, from the same functions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::cooperatives::{GradeInput, SupportInput};
use xaphuong_store::cooperatives::{Cooperative, CooperativeGrade, CooperativeSupport};

use super::{CooperativeForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};
use crate::page::today;

/// A cooperative (hợp tác xã).
#[derive(Serialize, ToSchema)]
pub struct CooperativeView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub registration_no: String,
    pub name: String,
    /// YYYY-MM-DD
    pub founded_on: String,
    pub line_of_business: String,
    pub members: i64,
    /// Vốn điều lệ, in đồng.
    pub capital: i64,
    pub director: String,
    pub address: String,
    /// active | suspended | dissolved
    pub status: String,
    /// YYYY-MM-DD, when suspended or dissolved.
    pub status_on: Option<String>,
    pub note: String,
    pub version: i64,
}

impl From<&Cooperative> for CooperativeView {
    fn from(c: &Cooperative) -> Self {
        CooperativeView {
            id: c.id,
            commune_id: c.commune_id,
            group_id: c.group_id,
            group_name: c.group_name.clone(),
            registration_no: c.registration_no.clone(),
            name: c.name.clone(),
            founded_on: c.founded_on.to_string(),
            line_of_business: c.line_of_business.clone(),
            members: c.members,
            capital: c.capital,
            director: c.director.clone(),
            address: c.address.clone(),
            status: c.status.as_str().into(),
            status_on: c.status_on.map(|d| d.to_string()),
            note: c.note.clone(),
            version: c.updated_at,
        }
    }
}

/// A cooperative's classification of a year.
#[derive(Serialize, ToSchema)]
pub struct GradeView {
    pub id: Uuid,
    pub year: i16,
    /// good | fair | average | weak
    pub grade: String,
    /// The total score out of 100, when recorded.
    pub score: Option<i64>,
    pub note: String,
}

impl From<&CooperativeGrade> for GradeView {
    fn from(g: &CooperativeGrade) -> Self {
        GradeView {
            id: g.id,
            year: g.year,
            grade: g.grade.as_str().into(),
            score: g.score,
            note: g.note.clone(),
        }
    }
}

/// A support a cooperative received.
#[derive(Serialize, ToSchema)]
pub struct SupportView {
    pub id: Uuid,
    pub year: i16,
    pub policy: String,
    pub content: String,
    /// In đồng.
    pub amount: i64,
    pub decision: String,
}

impl From<&CooperativeSupport> for SupportView {
    fn from(s: &CooperativeSupport) -> Self {
        SupportView {
            id: s.id,
            year: s.year,
            policy: s.policy.clone(),
            content: s.content.clone(),
            amount: s.amount,
            decision: s.decision.clone(),
        }
    }
}

/// A cooperative with its classifications and supports, latest year first.
#[derive(Serialize, ToSchema)]
pub struct CooperativeRecord {
    pub cooperative: CooperativeView,
    pub grades: Vec<GradeView>,
    pub supports: Vec<SupportView>,
}

/// The cooperatives of the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/cooperatives", operation_id = "get_cooperatives", tag = "cooperatives", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<CooperativeView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<CooperativeView>> {
    let page = state
        .store
        .cooperatives(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

#[utoipa::path(get, path = "/api/v1/cooperatives/{id}", operation_id = "get_cooperatives_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "cooperatives", responses((status = 200, description = "Thành công", body = CooperativeRecord), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<CooperativeRecord> {
    let scope = signed.user().scope();
    let c = state.store.cooperative(&scope, id).await?;
    let grades = state.store.cooperative_grades(&scope, id).await?;
    let supports = state.store.cooperative_supports(&scope, id).await?;
    Ok(Json(CooperativeRecord {
        cooperative: CooperativeView::from(&c),
        grades: grades.iter().map(GradeView::from).collect(),
        supports: supports.iter().map(SupportView::from).collect(),
    }))
}

/// Records a cooperative of a commune or of one of its groups.
#[utoipa::path(post, path = "/api/v1/cooperatives", operation_id = "post_cooperatives", tag = "cooperatives", request_body = CooperativeForm,
    responses((status = 201, description = "Đã tạo", body = CooperativeView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<CooperativeForm>,
) -> Result<(StatusCode, Json<CooperativeView>), ApiError> {
    let c = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(CooperativeView::from(&c))))
}

/// Changes a cooperative on the `version` read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/cooperatives/{id}", operation_id = "put_cooperatives_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "cooperatives", request_body = CooperativeForm,
    responses((status = 200, description = "Thành công", body = CooperativeView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<CooperativeForm>,
) -> ApiResult<CooperativeView> {
    let c = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(CooperativeView::from(&c)))
}

#[utoipa::path(delete, path = "/api/v1/cooperatives/{id}", operation_id = "delete_cooperatives_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "cooperatives", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_cooperative(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the cooperative's classification of a year, replacing the
/// year's; a score given must agree with the grade.
#[utoipa::path(put, path = "/api/v1/cooperatives/{id}/grades", operation_id = "put_cooperatives_by_id_grades", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "cooperatives", request_body = GradeInput,
    responses((status = 200, description = "Thành công", body = GradeView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn set_grade(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(g): ApiJson<GradeInput>,
) -> ApiResult<GradeView> {
    let u = signed.user();
    let g = state
        .store
        .set_cooperative_grade(&u.actor(), &u.scope(), id, &g, today())
        .await?;
    Ok(Json(GradeView::from(&g)))
}

/// Records a support the cooperative received.
#[utoipa::path(post, path = "/api/v1/cooperatives/{id}/supports", operation_id = "post_cooperatives_by_id_supports", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "cooperatives", request_body = SupportInput,
    responses((status = 201, description = "Đã tạo", body = SupportView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn add_support(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(s): ApiJson<SupportInput>,
) -> Result<(StatusCode, Json<SupportView>), ApiError> {
    let u = signed.user();
    let s = state
        .store
        .add_cooperative_support(&u.actor(), &u.scope(), id, &s, today())
        .await?;
    Ok((StatusCode::CREATED, Json(SupportView::from(&s))))
}

/// Deletes a support entered by mistake.
#[utoipa::path(delete, path = "/api/v1/cooperatives/{id}/supports/{support_id}", operation_id = "delete_cooperatives_by_id_supports_by_support_id", params(("id" = Uuid, Path, description = "Mã (UUID) của hợp tác xã"), ("support_id" = Uuid, Path, description = "Mã (UUID) của khoản hỗ trợ")), tag = "cooperatives", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_support(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, support_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_cooperative_support(&u.actor(), &u.scope(), id, support_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
