use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::budget::Entry;
use xaphuong_store::budget::BudgetEntry;

use super::EntryForm;
use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

#[derive(Serialize, ToSchema)]
pub struct FiguresView {
    /// Line code, or "total".
    pub line: String,
    pub estimate_nsnn: i64,
    pub collected_nsnn: i64,
    pub estimate_nsx: i64,
    pub collected_nsx: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetSummaryView {
    pub year: i16,
    pub as_of: String,
    pub lines: Vec<FiguresView>,
    pub total: FiguresView,
}

/// The year's estimate and collections up to a date, by line, in đồng.
#[utoipa::path(get, path = "/api/v1/budget/summary", operation_id = "get_budget_summary", tag = "budget", params(ListQuery), responses((status = 200, description = "Thành công", body = BudgetSummaryView)))]
pub async fn summary(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<BudgetSummaryView> {
    let (year, as_of) = (q.year()?, q.as_of()?);
    let s = state
        .store
        .budget_summary(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            year,
            as_of,
        )
        .await?;
    let view = |line: &str, f: &xaphuong_store::budget::Figures| FiguresView {
        line: line.into(),
        estimate_nsnn: f.estimate_nsnn,
        collected_nsnn: f.collected_nsnn,
        estimate_nsx: f.estimate_nsx,
        collected_nsx: f.collected_nsx,
    };
    Ok(Json(BudgetSummaryView {
        year,
        as_of: as_of.to_string(),
        lines: s.lines.iter().map(|(l, f)| view(l.as_str(), f)).collect(),
        total: view("total", &s.total),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct EntryView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub year: i16,
    /// original | adjustment | collection
    pub entry: String,
    pub line: String,
    pub on: String,
    pub nsnn: i64,
    pub nsx: i64,
    pub document: String,
    pub note: String,
}

impl From<&BudgetEntry> for EntryView {
    fn from(b: &BudgetEntry) -> Self {
        EntryView {
            id: b.id,
            commune_id: b.commune_id,
            year: b.year,
            entry: b.entry.as_str().into(),
            line: b.line.as_str().into(),
            on: b.on.to_string(),
            nsnn: b.nsnn,
            nsx: b.nsx,
            document: b.document.clone(),
            note: b.note.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/budget/entries", operation_id = "get_budget_entries", tag = "budget", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<EntryView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<EntryView>> {
    let p = state
        .store
        .budget_entries(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            &q.filter()?,
        )
        .await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/budget/entries/{id}", operation_id = "get_budget_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "budget", responses((status = 200, description = "Thành công", body = EntryView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<EntryView> {
    Ok(Json(EntryView::from(
        &state.store.budget_entry(&signed.user().scope(), id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/budget/entries", operation_id = "post_budget_entries", tag = "budget", request_body = EntryForm,
    responses((status = 201, description = "Đã tạo", body = EntryView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<EntryForm>,
) -> Result<(StatusCode, Json<EntryView>), ApiError> {
    let u = signed.user();
    let unit = Uuid::try_parse(b.unit_id.trim())
        .ok()
        .or(u.unit_id)
        .ok_or_else(|| Invalid::one("unit_id", "Chọn xã, phường"))?;
    let entry = Entry::parse(b.entry.trim())
        .ok_or_else(|| Invalid::one("entry", "Chọn original, adjustment hoặc collection"))?;
    let year =
        crate::page::parse_year(&Some(b.year.clone()))?.unwrap_or(crate::page::today().year());
    let e = state
        .store
        .create_budget_entry(&u.actor(), &u.scope(), unit, year, entry, &b.input)
        .await?;
    Ok((StatusCode::CREATED, Json(EntryView::from(&e))))
}

#[utoipa::path(put, path = "/api/v1/budget/entries/{id}", operation_id = "put_budget_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "budget", request_body = EntryForm,
    responses((status = 200, description = "Thành công", body = EntryView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<EntryForm>,
) -> ApiResult<EntryView> {
    let u = signed.user();
    Ok(Json(EntryView::from(
        &state
            .store
            .update_budget_entry(&u.actor(), &u.scope(), id, &b.input)
            .await?,
    )))
}

#[utoipa::path(delete, path = "/api/v1/budget/entries/{id}", operation_id = "delete_budget_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "budget", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_budget_entry(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
