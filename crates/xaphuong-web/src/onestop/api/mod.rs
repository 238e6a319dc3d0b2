//! The one-stop shop through the API: the procedures catalogue, read by
//! every officer, kept by the deployment's administrators; dossiers and
//! their lifecycle; the statistics; the citizens' public side — the same
//! reads, rules and writes as its pages.

pub(crate) mod dossiers;
pub(crate) mod public;
pub(crate) mod stats;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::onestop::procedures::ProcedureInput;
use xaphuong_store::onestop::Procedure;

use super::keeper;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult};

/// A procedure of the catalogue.
#[derive(Serialize, ToSchema)]
pub struct ProcedureView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub field: String,
    /// The processing time as written ("05 ngày làm việc").
    pub time: String,
    pub fee: String,
    pub papers: Vec<String>,
    pub result: String,
    /// full | partial | offline
    pub online: String,
    pub basis: String,
    /// Shares of the processing time per step, in percent: receive,
    /// specialist, leader, return.
    pub steps: Vec<u32>,
}

impl From<Procedure> for ProcedureView {
    fn from(p: Procedure) -> Self {
        ProcedureView {
            id: p.id,
            code: p.code,
            name: p.name,
            field: p.field,
            time: p.time_text,
            fee: p.fee,
            papers: p.papers,
            result: p.result,
            online: p.online.as_str().into(),
            basis: p.basis,
            steps: p.steps,
        }
    }
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ProcedureQuery {
    /// Words of the name, without accents if one likes.
    pub q: Option<String>,
}

/// The catalogue, by field and name.
#[utoipa::path(get, path = "/api/v1/procedures", operation_id = "get_procedures", tag = "onestop", params(ProcedureQuery),
    responses((status = 200, description = "Thành công", body = Vec<ProcedureView>)))]
pub async fn procedures(
    State(state): State<AppState>,
    _signed: Signed,
    Query(q): Query<ProcedureQuery>,
) -> ApiResult<Vec<ProcedureView>> {
    let q = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let all = state.store.procedures(q).await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// One procedure.
#[utoipa::path(get, path = "/api/v1/procedures/{id}", operation_id = "get_procedure", tag = "onestop",
    params(("id" = Uuid, Path, description = "Mã thủ tục")),
    responses((status = 200, description = "Thành công", body = ProcedureView), (status = 404, description = "Không tìm thấy", body = ErrorBody)))]
pub async fn procedure(
    State(state): State<AppState>,
    _signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<ProcedureView> {
    Ok(Json(state.store.procedure(id).await?.into()))
}

/// Adds a procedure to the catalogue.
#[utoipa::path(post, path = "/api/v1/procedures", operation_id = "post_procedure", tag = "onestop", request_body = ProcedureInput,
    responses((status = 201, description = "Đã tạo", body = ProcedureView), (status = 403, description = "Chỉ quản trị toàn hệ thống", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ (kể cả mã thủ tục đã có): mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn create_procedure(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(input): ApiJson<ProcedureInput>,
) -> Result<(StatusCode, Json<ProcedureView>), ApiError> {
    keeper(&signed)?;
    let p = state
        .store
        .save_procedure(&signed.user().actor(), None, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// Replaces a procedure's details.
#[utoipa::path(put, path = "/api/v1/procedures/{id}", operation_id = "put_procedure", tag = "onestop", request_body = ProcedureInput,
    params(("id" = Uuid, Path, description = "Mã thủ tục")),
    responses((status = 200, description = "Thành công", body = ProcedureView), (status = 403, description = "Chỉ quản trị toàn hệ thống", body = ErrorBody), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ (kể cả mã thủ tục đã có): mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn update_procedure(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<ProcedureInput>,
) -> ApiResult<ProcedureView> {
    keeper(&signed)?;
    let p = state
        .store
        .save_procedure(&signed.user().actor(), Some(id), &input)
        .await?;
    Ok(Json(p.into()))
}

/// The catalogue as an Excel file in the columns the import reads.
#[utoipa::path(get, path = "/api/v1/procedures/export", operation_id = "get_procedures_export", tag = "onestop",
    responses((status = 200, description = "Tệp Excel", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
pub async fn export_procedures(
    State(state): State<AppState>,
    _signed: Signed,
) -> Result<axum::response::Response, ApiError> {
    Ok(super::procedures::catalogue_file(&state).await?)
}

/// What an import of the catalogue wrote.
#[derive(Serialize, ToSchema)]
pub struct ProceduresImported {
    pub added: usize,
    pub changed: usize,
    /// The same, said as on the page.
    pub message: String,
}

/// Imports the catalogue from its Excel file (the export's columns), all
/// rows or none: a code already there is updated.
#[utoipa::path(post, path = "/api/v1/procedures/import", operation_id = "post_procedures_import", tag = "onestop",
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    responses((status = 200, description = "Thành công", body = ProceduresImported), (status = 403, description = "Chỉ quản trị toàn hệ thống", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm dòng và cột", body = ErrorBody)))]
pub async fn import_procedures(
    State(state): State<AppState>,
    signed: Signed,
    body: axum::body::Bytes,
) -> ApiResult<ProceduresImported> {
    let (added, changed) = super::procedures::import_catalogue(&state, &signed, &body).await?;
    Ok(Json(ProceduresImported {
        added,
        changed,
        message: super::procedures::imported(added, changed),
    }))
}
