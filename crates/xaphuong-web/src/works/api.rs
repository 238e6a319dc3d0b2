//! Public works through the API: the same list, rules and writes as the
//! pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::works::Work;

use super::{ListQuery, WorkForm, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

/// A residential group a work runs through.
#[derive(Serialize, ToSchema)]
pub struct WorkGroupView {
    pub id: Uuid,
    pub name: String,
}

/// A public work.
#[derive(Serialize, ToSchema)]
pub struct WorkView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub groups: Vec<WorkGroupView>,
    pub name: String,
    /// road_concrete | road | drainage | lighting | cultural_house | other
    pub kind: String,
    /// planned | building | completed | accepted, read from the dates.
    pub state: String,
    /// Due and not finished today.
    pub behind: bool,
    /// Metres, Vietnamese notation ("250", "3,5").
    pub length: Option<String>,
    pub width: Option<String>,
    /// Đồng.
    pub budget_province: i64,
    pub budget_commune: i64,
    pub people_money: i64,
    pub people_labour_days: i64,
    /// m², Vietnamese notation.
    pub people_land: String,
    /// YYYY-MM-DD
    pub started_on: Option<String>,
    pub due_on: Option<String>,
    pub completed_on: Option<String>,
    pub accepted_on: Option<String>,
    pub documents: String,
    pub note: String,
    pub version: i64,
}

impl From<&Work> for WorkView {
    fn from(w: &Work) -> Self {
        use xaphuong_core::numbers::hundredths;
        let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
        WorkView {
            id: w.id,
            commune_id: w.commune_id,
            groups: w
                .groups
                .iter()
                .map(|(id, name)| WorkGroupView {
                    id: *id,
                    name: name.clone(),
                })
                .collect(),
            name: w.name.clone(),
            kind: w.kind.as_str().into(),
            state: w.state().as_str().into(),
            behind: w.behind(crate::page::today()),
            length: w.length.map(hundredths),
            width: w.width.map(hundredths),
            budget_province: w.budget_province,
            budget_commune: w.budget_commune,
            people_money: w.people_money,
            people_labour_days: w.people_labour_days,
            people_land: hundredths(w.people_land),
            started_on: date(w.started_on),
            due_on: date(w.due_on),
            completed_on: date(w.completed_on),
            accepted_on: date(w.accepted_on),
            documents: w.documents.clone(),
            note: w.note.clone(),
            version: w.updated_at,
        }
    }
}

/// The works of the caller's scope, filtered as on the page.
#[utoipa::path(get, path = "/api/v1/works", operation_id = "get_works", tag = "works", params(ListQuery),
    responses((status = 200, description = "Thành công", body = Paged<WorkView>), (status = 422, description = "Bộ lọc không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<WorkView>> {
    let page = state
        .store
        .works(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

/// One work.
#[utoipa::path(get, path = "/api/v1/works/{id}", operation_id = "get_work", tag = "works",
    params(("id" = Uuid, Path, description = "Mã công trình")),
    responses((status = 200, description = "Thành công", body = WorkView), (status = 404, description = "Không tìm thấy", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<WorkView> {
    let w = state.store.work(&signed.user().scope(), id).await?;
    Ok(Json(WorkView::from(&w)))
}

/// Records a work of a commune and the groups it runs through.
#[utoipa::path(post, path = "/api/v1/works", operation_id = "post_work", tag = "works", request_body = WorkForm,
    responses((status = 201, description = "Đã tạo", body = WorkView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<WorkForm>,
) -> Result<(StatusCode, Json<WorkView>), ApiError> {
    let w = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(WorkView::from(&w))))
}

/// Replaces a work's details on the `version` read.
#[utoipa::path(put, path = "/api/v1/works/{id}", operation_id = "put_work", tag = "works", request_body = WorkForm,
    params(("id" = Uuid, Path, description = "Mã công trình")),
    responses((status = 200, description = "Thành công", body = WorkView), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 409, description = "Công trình vừa được người khác cập nhật", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<WorkForm>,
) -> ApiResult<WorkView> {
    let w = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(WorkView::from(&w)))
}

/// Deletes a work entered by mistake.
#[utoipa::path(delete, path = "/api/v1/works/{id}", operation_id = "delete_work", tag = "works",
    params(("id" = Uuid, Path, description = "Mã công trình")),
    responses((status = 204, description = "Đã xóa"), (status = 404, description = "Không tìm thấy", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let user = signed.user();
    state
        .store
        .delete_work(&user.actor(), &user.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
