//! Culture and sport through the API: the same register and titles as the
//! pages, from the same functions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::activities::Activity;

use super::{ActivityForm, ListQuery, TitlesBody, TitlesQuery, save, set_titles};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

/// A culture or sport activity.
#[derive(Serialize, ToSchema)]
pub struct ActivityView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    /// YYYY-MM-DD
    pub held_on: String,
    /// arts | sport | festival | outreach | club | other
    pub kind: String,
    pub name: String,
    pub participants: i64,
    pub place: String,
    pub note: String,
    pub version: i64,
}

impl From<&Activity> for ActivityView {
    fn from(a: &Activity) -> Self {
        ActivityView {
            id: a.id,
            commune_id: a.commune_id,
            group_id: a.group_id,
            group_name: a.group_name.clone(),
            held_on: a.held_on.to_string(),
            kind: a.kind.as_str().into(),
            name: a.name.clone(),
            participants: a.participants,
            place: a.place.clone(),
            note: a.note.clone(),
            version: a.updated_at,
        }
    }
}

/// The activities of the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/activities", operation_id = "get_activities", tag = "activities", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<ActivityView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<ActivityView>> {
    let page = state
        .store
        .activities(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

#[utoipa::path(get, path = "/api/v1/activities/{id}", operation_id = "get_activities_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "activities", responses((status = 200, description = "Thành công", body = ActivityView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<ActivityView> {
    let a = state.store.activity(&signed.user().scope(), id).await?;
    Ok(Json(ActivityView::from(&a)))
}

/// Records an activity of a commune or of one of its groups.
#[utoipa::path(post, path = "/api/v1/activities", operation_id = "post_activities", tag = "activities", request_body = ActivityForm,
    responses((status = 201, description = "Đã tạo", body = ActivityView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<ActivityForm>,
) -> Result<(StatusCode, Json<ActivityView>), ApiError> {
    let a = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(ActivityView::from(&a))))
}

/// Changes an activity on the `version` read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/activities/{id}", operation_id = "put_activities_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "activities", request_body = ActivityForm,
    responses((status = 200, description = "Thành công", body = ActivityView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<ActivityForm>,
) -> ApiResult<ActivityView> {
    let a = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(ActivityView::from(&a)))
}

#[utoipa::path(delete, path = "/api/v1/activities/{id}", operation_id = "delete_activities_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "activities", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_activity(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A group's title of the year.
#[derive(Serialize, ToSchema)]
pub struct GroupTitleView {
    pub group_id: Uuid,
    pub group_name: String,
    /// None: not recorded yet.
    pub recognised: Option<bool>,
    pub decision: String,
}

#[derive(Serialize, ToSchema)]
pub struct TitlesView {
    pub unit_id: Uuid,
    pub year: i16,
    /// Every group of the year (in force at its end), in order.
    pub groups: Vec<GroupTitleView>,
    pub recognised: usize,
}

async fn titles_view(
    state: &AppState,
    signed: &Signed,
    unit: Uuid,
    year: i16,
) -> Result<TitlesView, ApiError> {
    let (commune, rows) = state
        .store
        .group_titles(&signed.user().scope(), unit, year)
        .await?;
    let groups: Vec<GroupTitleView> = rows
        .into_iter()
        .map(|(g, t)| GroupTitleView {
            group_id: g.id,
            group_name: g.name,
            recognised: t.as_ref().map(|t| t.recognised),
            decision: t.map(|t| t.decision).unwrap_or_default(),
        })
        .collect();
    Ok(TitlesView {
        unit_id: commune.id,
        year,
        recognised: groups.iter().filter(|g| g.recognised == Some(true)).count(),
        groups,
    })
}

/// A commune's groups of a year with their "Thôn, tổ dân phố văn hóa" titles.
#[utoipa::path(get, path = "/api/v1/activities/titles", operation_id = "get_activities_titles", tag = "activities", params(TitlesQuery), responses((status = 200, description = "Thành công", body = TitlesView), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn titles(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<TitlesQuery>,
) -> ApiResult<TitlesView> {
    let (unit, year) = q.place(&state, &signed).await?;
    Ok(Json(titles_view(&state, &signed, unit, year).await?))
}

/// Records a commune's titles of a year, all or none; answers the year.
#[utoipa::path(put, path = "/api/v1/activities/titles", operation_id = "put_activities_titles", tag = "activities", request_body = TitlesBody,
    responses((status = 200, description = "Thành công", body = TitlesView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường và dòng", body = ErrorBody)))]
pub async fn set_titles_api(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<TitlesBody>,
) -> ApiResult<TitlesView> {
    let year = b.year.map(|y| y.to_string()).unwrap_or_default();
    let (unit, year, _) = set_titles(&state, &signed, &b.unit, &year, &b.titles).await?;
    Ok(Json(titles_view(&state, &signed, unit, year).await?))
}
