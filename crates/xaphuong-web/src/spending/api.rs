//! Budget spending through the API: the same figures and register as the
//! pages, from the same functions.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::spending::{SpendingEntry, SpendingFigures};

use super::{EntryForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

#[derive(Serialize, ToSchema)]
pub struct SpendingFiguresView {
    /// Item code, or "total".
    pub item: String,
    /// The estimate with its adjustments, đồng.
    pub estimate: i64,
    /// Paid up to the date, đồng.
    pub paid: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SpendingSummaryView {
    pub year: i16,
    pub as_of: String,
    pub items: Vec<SpendingFiguresView>,
    pub total: SpendingFiguresView,
}

/// The year's estimate and payments up to a date, by item, in đồng.
#[utoipa::path(get, path = "/api/v1/spending/summary", operation_id = "get_spending_summary", tag = "spending", params(ListQuery), responses((status = 200, description = "Thành công", body = SpendingSummaryView), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<SpendingSummaryView> {
    let (year, as_of) = (q.year()?, q.as_of()?);
    let scope = crate::places::list_scope(&state, &signed, &q.former)
        .await?
        .scope;
    let s = state.store.spending_summary(&scope, year, as_of).await?;
    let view = |item: &str, f: &SpendingFigures| SpendingFiguresView {
        item: item.into(),
        estimate: f.estimate,
        paid: f.paid,
    };
    Ok(Json(SpendingSummaryView {
        year,
        as_of: as_of.to_string(),
        items: s.items.iter().map(|(i, f)| view(i.as_str(), f)).collect(),
        total: view("total", &s.total),
    }))
}

/// An estimate line, an adjustment or a payment.
#[derive(Serialize, ToSchema)]
pub struct SpendingEntryView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub year: i16,
    /// original | adjustment | payment
    pub entry: String,
    pub item: String,
    /// YYYY-MM-DD
    pub on: String,
    /// Đồng; an adjustment may be negative.
    pub amount: i64,
    /// The public work a development investment pays for.
    pub work_id: Option<Uuid>,
    pub work_name: Option<String>,
    pub document: String,
    pub note: String,
    pub version: i64,
}

impl From<&SpendingEntry> for SpendingEntryView {
    fn from(s: &SpendingEntry) -> Self {
        SpendingEntryView {
            id: s.id,
            commune_id: s.commune_id,
            year: s.year,
            entry: s.entry.as_str().into(),
            item: s.item.as_str().into(),
            on: s.on.to_string(),
            amount: s.amount,
            work_id: s.work_id,
            work_name: s.work_name.clone(),
            document: s.document.clone(),
            note: s.note.clone(),
            version: s.updated_at,
        }
    }
}

/// The year's register, filtered as on the page, latest first.
#[utoipa::path(get, path = "/api/v1/spending/entries", operation_id = "get_spending_entries", tag = "spending", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<SpendingEntryView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<SpendingEntryView>> {
    let scope = crate::places::list_scope(&state, &signed, &q.former)
        .await?
        .scope;
    let p = state.store.spending_entries(&scope, &q.filter()?).await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/spending/entries/{id}", operation_id = "get_spending_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "spending", responses((status = 200, description = "Thành công", body = SpendingEntryView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<SpendingEntryView> {
    Ok(Json(SpendingEntryView::from(
        &state
            .store
            .spending_entry(&signed.user().scope(), id)
            .await?,
    )))
}

/// Records an estimate line, an adjustment or a payment.
#[utoipa::path(post, path = "/api/v1/spending/entries", operation_id = "post_spending_entries", tag = "spending", request_body = EntryForm,
    responses((status = 201, description = "Đã tạo", body = SpendingEntryView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(f): ApiJson<EntryForm>,
) -> Result<(StatusCode, Json<SpendingEntryView>), ApiError> {
    let s = save(&state, &signed, None, &f).await?;
    Ok((StatusCode::CREATED, Json(SpendingEntryView::from(&s))))
}

/// Changes an entry on the `version` read (409 if it changed since).
#[utoipa::path(put, path = "/api/v1/spending/entries/{id}", operation_id = "put_spending_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "spending", request_body = EntryForm,
    responses((status = 200, description = "Thành công", body = SpendingEntryView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<EntryForm>,
) -> ApiResult<SpendingEntryView> {
    let s = save(&state, &signed, Some(id), &f).await?;
    Ok(Json(SpendingEntryView::from(&s)))
}

#[utoipa::path(delete, path = "/api/v1/spending/entries/{id}", operation_id = "delete_spending_entries_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "spending", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_spending_entry(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
