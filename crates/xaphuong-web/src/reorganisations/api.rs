use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use xaphuong_core::reorganisations::{MergeInput, SplitInput};
use xaphuong_store::reorganisations::MergePlan;

use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult};

/// A reorganisation as the API gives it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReorganisationView {
    pub id: uuid::Uuid,
    /// merge | split | rename | recode | reparent
    pub kind: String,
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub note: String,
    /// The unit it made or changed.
    pub unit_id: uuid::Uuid,
    pub plan: MergePlan,
    pub created_by: String,
}

impl From<xaphuong_store::reorganisations::Reorganisation> for ReorganisationView {
    fn from(r: xaphuong_store::reorganisations::Reorganisation) -> Self {
        ReorganisationView {
            id: r.id,
            kind: r.kind.as_str().into(),
            basis: r.basis,
            basis_date: r.basis_date,
            effective_on: r.effective_on,
            note: r.note,
            unit_id: r.unit_id,
            plan: r.plan,
            created_by: r.created_by,
        }
    }
}

/// The reorganisations of units in the caller's scope, the latest first.
#[utoipa::path(get, path = "/api/v1/reorganisations", operation_id = "get_reorganisations", tag = "units",
    responses((status = 200, description = "Thành công", body = Vec<ReorganisationView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
) -> ApiResult<Vec<ReorganisationView>> {
    let all = state.store.reorganisations(&signed.user().scope()).await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// What a merge would do (units ended, groups renamed, records and
/// accounts that follow), written nowhere.
#[utoipa::path(post, path = "/api/v1/reorganisations/merge/preview", operation_id = "post_reorganisations_merge_preview", tag = "units", request_body = MergeInput,
    responses((status = 200, description = "Thành công", body = MergePlan), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn preview(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<MergeInput>,
) -> ApiResult<MergePlan> {
    Ok(Json(
        state
            .store
            .merge_preview(&signed.user().scope(), &b)
            .await?,
    ))
}

/// Applies a merge, all or nothing.
#[utoipa::path(post, path = "/api/v1/reorganisations/merge", operation_id = "post_reorganisations_merge", tag = "units", request_body = MergeInput,
    responses((status = 201, description = "Đã tạo", body = ReorganisationView), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<MergeInput>,
) -> Result<(StatusCode, Json<ReorganisationView>), ApiError> {
    let u = signed.user();
    let r = state.store.merge_units(&u.actor(), &u.scope(), &b).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}

/// What a split would do (the commune ended, the groups each part takes,
/// renamed where needed, the records that follow), written nowhere.
#[utoipa::path(post, path = "/api/v1/reorganisations/split/preview", operation_id = "post_reorganisations_split_preview", tag = "units", request_body = SplitInput,
    responses((status = 200, description = "Thành công", body = MergePlan), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn split_preview(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<SplitInput>,
) -> ApiResult<MergePlan> {
    Ok(Json(
        state
            .store
            .split_preview(&signed.user().scope(), &b)
            .await?,
    ))
}

/// Splits a commune among two or more, all or nothing.
#[utoipa::path(post, path = "/api/v1/reorganisations/split", operation_id = "post_reorganisations_split", tag = "units", request_body = SplitInput,
    responses((status = 201, description = "Đã tạo", body = ReorganisationView), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn split(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<SplitInput>,
) -> Result<(StatusCode, Json<ReorganisationView>), ApiError> {
    let u = signed.user();
    let r = state.store.split_unit(&u.actor(), &u.scope(), &b).await?;
    Ok((StatusCode::CREATED, Json(r.into())))
}
