//! The citizens' side as JSON, no account needed: the communes and the
//! catalogue to file against, online filing with papers, the lookup by
//! code and key, the rating — under the public pages' quota and rules (an
//! unknown code and a wrong key answer alike).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::onestop::applicant::ApplicantInput;
use xaphuong_core::onestop::lifecycle::mask_name;

use super::ProcedureView;
use super::dossiers::moment;
use crate::AppState;
use crate::auth::Client;
use crate::error::{ApiError, AppError, ErrorBody};
use crate::json::ApiJson;
use crate::onestop::intake::IntakeForm;
use crate::onestop::public::{
    NOT_FOUND, ONLINE_LIMIT, TOO_MANY, file_online, open_communes, public_dossier, rate_public,
};

/// The 429 of a public client over its quota, before anything is read.
fn over_quota(state: &AppState, client: &Client) -> Option<Response> {
    if state.lookups.check_key(&client.address).is_ok() {
        if state.lookups.len() > 10_000 {
            state.lookups.retain_recent();
        }
        return None;
    }
    let body = ErrorBody {
        code: "too_many_requests",
        message: TOO_MANY.into(),
        fields: Vec::new(),
    };
    Some((StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response())
}

/// A commune that takes dossiers.
#[derive(Serialize, ToSchema)]
pub struct PublicCommune {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// The communes in force, to file a dossier with.
#[utoipa::path(get, path = "/api/v1/public/communes", operation_id = "get_public_communes", tag = "public",
    responses((status = 200, description = "Thành công", body = Vec<PublicCommune>)))]
pub async fn communes(State(state): State<AppState>) -> Result<Json<Vec<PublicCommune>>, ApiError> {
    Ok(Json(
        open_communes(&state)
            .await?
            .into_iter()
            .map(|u| PublicCommune {
                id: u.id,
                code: u.code,
                name: u.name,
            })
            .collect(),
    ))
}

/// The procedures catalogue, as published.
#[utoipa::path(get, path = "/api/v1/public/procedures", operation_id = "get_public_procedures", tag = "public",
    responses((status = 200, description = "Thành công", body = Vec<ProcedureView>)))]
pub async fn procedures(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProcedureView>>, ApiError> {
    let all = state.store.procedures(None).await?;
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// A paper sent with an online filing.
#[derive(Deserialize, ToSchema)]
pub struct PaperUpload {
    /// The file's name, e.g. to-khai.pdf (a PDF or a picture).
    pub name: String,
    /// Its bytes in standard base64.
    pub content_base64: String,
}

/// A dossier filed online.
#[derive(Deserialize, ToSchema)]
pub struct OnlineFiling {
    /// The receiving commune (from `/api/v1/public/communes`).
    pub unit_id: Uuid,
    /// The procedure (from `/api/v1/public/procedures`).
    pub procedure_id: Uuid,
    /// counter | post | online; counter by default.
    pub return_channel: Option<String>,
    pub applicant: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// Where the citizen is told of the dossier's steps.
    #[serde(default)]
    pub email: String,
    /// The papers, 10 MB in all at most.
    #[serde(default)]
    pub files: Vec<PaperUpload>,
}

/// What the citizen keeps: the code and the lookup key of the receipt.
#[derive(Serialize, ToSchema)]
pub struct Filed {
    pub code: String,
    pub key: String,
    pub status: String,
}

fn too_large() -> AppError {
    AppError::Invalid(Invalid::one(
        "files",
        format!(
            "Hồ sơ gửi lên quá lớn: các tệp đính kèm cộng lại tối đa {} MB",
            ONLINE_LIMIT / (1024 * 1024)
        ),
    ))
}

/// Base64 takes four bytes for three, and the fields come with them.
const FILING_BODY_LIMIT: usize = ONLINE_LIMIT / 3 * 4 + 64 * 1024;

/// Files a dossier online: it waits as "Mới đăng ký" until the counter
/// accepts it or asks for more (NĐ 118/2025 Art. 17(2)). The same checks
/// as the online form: a commune in force, the procedure, the applicant,
/// PDF or picture papers, the commune's cap of waiting dossiers.
#[utoipa::path(post, path = "/api/v1/public/dossiers", operation_id = "post_public_dossier", tag = "public", request_body = OnlineFiling,
    responses((status = 201, description = "Đã nộp", body = Filed), (status = 400, description = "JSON hoặc base64 không đọc được", body = ErrorBody), (status = 413, description = "Quá lớn", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody), (status = 429, description = "Quá nhiều lần", body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    client: Client,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    if let Some(refused) = over_quota(&state, &client) {
        return Ok(refused);
    }
    // The size is bounded before a byte is read, and while it is read.
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let too_big = || (StatusCode::PAYLOAD_TOO_LARGE, ApiError(too_large())).into_response();
    if declared.is_some_and(|n| n > FILING_BODY_LIMIT) {
        return Ok(too_big());
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), FILING_BODY_LIMIT).await else {
        return Ok(too_big());
    };
    let f: OnlineFiling = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(format!("Dữ liệu JSON không hợp lệ: {e}")))?;
    let mut files = Vec::with_capacity(f.files.len().min(32));
    let mut total = 0usize;
    for (i, p) in f.files.iter().enumerate() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(p.content_base64.as_bytes())
            .map_err(|_| {
                AppError::Invalid(Invalid::one(
                    format!("files[{i}].content_base64"),
                    "Nội dung tệp không phải base64 hợp lệ",
                ))
            })?;
        total += bytes.len();
        if total > ONLINE_LIMIT {
            return Ok((StatusCode::PAYLOAD_TOO_LARGE, ApiError(too_large())).into_response());
        }
        files.push((p.name.clone(), bytes));
    }
    let form = IntakeForm {
        unit_id: f.unit_id.to_string(),
        procedure_id: f.procedure_id.to_string(),
        channel: String::new(),
        return_channel: f.return_channel.unwrap_or_default(),
        applicant: ApplicantInput {
            applicant: f.applicant,
            address: f.address,
            phone: f.phone,
            email: f.email,
        },
    };
    let d = file_online(&state, &form, files).await?;
    let filed = Filed {
        status: d.status.as_str().into(),
        code: d.code,
        key: d.lookup_key,
    };
    Ok((StatusCode::CREATED, Json(filed)).into_response())
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct LookupParams {
    /// The dossier code of the receipt.
    pub code: String,
    /// The lookup key of the receipt; without it only the status shows.
    pub key: Option<String>,
}

/// What the public sees of a dossier.
#[derive(Serialize, ToSchema)]
pub struct PublicDossier {
    pub code: String,
    pub status: String,
    pub status_label: String,
    pub due_at: Option<String>,
    pub finished_at: Option<String>,
    /// True when the key matched: the procedure and the masked name show.
    pub detailed: bool,
    pub procedure_name: Option<String>,
    /// The applicant's name with all but the given name masked.
    pub applicant: Option<String>,
}

/// Looks a dossier up by its code (status and due time) and key (also the
/// procedure and the masked name). An unknown code and a wrong key both
/// answer 404 with the same message.
#[utoipa::path(get, path = "/api/v1/public/dossiers", operation_id = "get_public_dossier", tag = "public", params(LookupParams),
    responses((status = 200, description = "Thành công", body = PublicDossier), (status = 404, description = "Không tìm thấy (mã hoặc mã tra cứu sai)", body = ErrorBody), (status = 429, description = "Quá nhiều lần", body = ErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    client: Client,
    Query(q): Query<LookupParams>,
) -> Result<Response, ApiError> {
    if let Some(refused) = over_quota(&state, &client) {
        return Ok(refused);
    }
    let key = q.key.unwrap_or_default();
    let Some((d, detailed)) = public_dossier(&state, q.code.trim(), key.trim()).await? else {
        return Err(
            AppError::NotFound(NOT_FOUND.trim_start_matches("Không tìm thấy ").into()).into(),
        );
    };
    Ok(Json(PublicDossier {
        code: d.code.clone(),
        status: d.status.as_str().into(),
        status_label: d.status.label().into(),
        due_at: d.due_at.as_ref().map(moment),
        finished_at: d.finished_at.as_ref().map(moment),
        detailed,
        procedure_name: detailed.then(|| d.procedure_name.clone()),
        applicant: detailed.then(|| mask_name(&d.applicant)),
    })
    .into_response())
}

/// A citizen's rating of a returned dossier.
#[derive(Deserialize, ToSchema)]
pub struct RatingBody {
    pub code: String,
    pub key: String,
    /// rat_hai_long | hai_long | khong_hai_long
    pub level: String,
    #[serde(default)]
    pub comment: String,
}

/// Rates a returned dossier once (NĐ 118/2025 Art. 33), by the holder of
/// its key.
#[utoipa::path(post, path = "/api/v1/public/dossiers/rating", operation_id = "post_public_rating", tag = "public", request_body = RatingBody,
    responses((status = 204, description = "Đã ghi nhận"), (status = 400, description = "JSON không đọc được", body = ErrorBody), (status = 422, description = "Mức, mã hoặc trạng thái không hợp lệ", body = ErrorBody), (status = 429, description = "Quá nhiều lần", body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    client: Client,
    ApiJson(b): ApiJson<RatingBody>,
) -> Result<Response, ApiError> {
    if let Some(refused) = over_quota(&state, &client) {
        return Ok(refused);
    }
    // The page's rule, its fields named as this body names them.
    rate_public(&state, &b.code, &b.key, &b.level, &b.comment)
        .await
        .map_err(|e| match e {
            AppError::Invalid(i) => AppError::Invalid(Invalid(
                i.0.into_iter()
                    .map(|mut f| {
                        f.field = match f.field.as_str() {
                            "muc" => "level".into(),
                            "khoa" => "key".into(),
                            _ => f.field,
                        };
                        f
                    })
                    .collect(),
            )),
            e => e,
        })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
