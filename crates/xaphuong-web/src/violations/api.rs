use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::violations::{self as rules, CaseInput};
use xaphuong_store::violations::{RecordedEvent, Violation};

use super::{ListQuery, StepForm};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::forms::Placed;
use crate::json::{ApiJson, ApiResult, Paged};
use crate::page::today;

#[derive(Serialize, ToSchema)]
pub struct ViolationView {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    pub kind: String,
    pub offender: String,
    pub address: String,
    pub description: String,
    /// YYYY-MM-DD
    pub detected_on: String,
    /// detected | recorded | decided | committed | self_remedied | enforced
    pub state: String,
    pub deadline: Option<String>,
    pub resolved_on: Option<String>,
    pub overdue: bool,
    /// The record's version: send it back with a step so that a step
    /// prepared on an older state is refused with 409.
    pub version: i64,
}

impl From<&Violation> for ViolationView {
    fn from(v: &Violation) -> Self {
        ViolationView {
            id: v.id,
            commune_id: v.commune_id,
            group_id: v.group_id,
            group_name: v.group_name.clone(),
            kind: v.kind.as_str().into(),
            offender: v.offender.clone(),
            address: v.address.clone(),
            description: v.description.clone(),
            detected_on: v.detected_on.to_string(),
            state: v.state.as_str().into(),
            deadline: v.deadline.map(|d| d.to_string()),
            resolved_on: v.resolved_on.map(|d| d.to_string()),
            overdue: rules::is_overdue(v.state, v.deadline, today()),
            version: v.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventView {
    /// record | decision | reminder | commitment | self_remedied | enforced | reinspected
    pub step: String,
    pub on: String,
    pub deadline: Option<String>,
    pub document: String,
    pub note: String,
    pub recorded_by: String,
}

impl From<&RecordedEvent> for EventView {
    fn from(e: &RecordedEvent) -> Self {
        EventView {
            step: e.event.step.as_str().into(),
            on: e.event.on.to_string(),
            deadline: e.event.deadline.map(|d| d.to_string()),
            document: e.event.document.clone(),
            note: e.event.note.clone(),
            recorded_by: e.actor_name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ViolationDetail {
    #[serde(flatten)]
    pub case: ViolationView,
    pub events: Vec<EventView>,
}

#[utoipa::path(get, path = "/api/v1/violations", operation_id = "get_violations", tag = "violations", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<ViolationView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<ViolationView>> {
    let p = state
        .store
        .violations(
            &crate::places::list_scope(&state, &signed, &q.former)
                .await?
                .scope,
            &q.filter()?,
        )
        .await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/violations/{id}", operation_id = "get_violations_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "violations", responses((status = 200, description = "Thành công", body = ViolationDetail), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<ViolationDetail> {
    let scope = signed.user().scope();
    let v = state.store.violation(&scope, id).await?;
    let events = state.store.violation_events(&scope, id).await?;
    Ok(Json(ViolationDetail {
        case: ViolationView::from(&v),
        events: events.iter().map(EventView::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/violations", operation_id = "post_violations", tag = "violations", request_body = Placed<CaseInput>,
    responses((status = 201, description = "Đã tạo", body = ViolationView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<Placed<CaseInput>>,
) -> Result<(StatusCode, Json<ViolationView>), ApiError> {
    let u = signed.user();
    let v = state
        .store
        .create_violation(&u.actor(), &u.scope(), b.unit()?, &b.input, today())
        .await?;
    Ok((StatusCode::CREATED, Json(ViolationView::from(&v))))
}

#[utoipa::path(put, path = "/api/v1/violations/{id}", operation_id = "put_violations_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "violations", request_body = Placed<CaseInput>,
    responses((status = 200, description = "Thành công", body = ViolationView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<Placed<CaseInput>>,
) -> ApiResult<ViolationView> {
    let u = signed.user();
    let v = state
        .store
        .update_violation(&u.actor(), &u.scope(), id, b.unit()?, &b.input, today())
        .await?;
    Ok(Json(ViolationView::from(&v)))
}

/// Records the next legal step; an impossible one is refused with 422.
#[utoipa::path(post, path = "/api/v1/violations/{id}/events", operation_id = "post_violations_by_id_events", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "violations", request_body = StepForm,
    responses((status = 200, description = "Thành công", body = ViolationView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn add_event(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<StepForm>,
) -> ApiResult<ViolationView> {
    let event = b.event()?;
    let u = signed.user();
    let v = state
        .store
        .add_violation_event(
            &u.actor(),
            &u.scope(),
            id,
            &event,
            today(),
            crate::page::seen(&b.version),
        )
        .await?;
    Ok(Json(ViolationView::from(&v)))
}

#[utoipa::path(delete, path = "/api/v1/violations/{id}", operation_id = "delete_violations_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "violations", responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_violation(&u.actor(), &u.scope(), id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Who attached it.
    pub actor_name: String,
    /// Milliseconds since 1970-01-01 UTC.
    pub created_at: i64,
}

impl From<xaphuong_store::violations::Attachment> for AttachmentView {
    fn from(a: xaphuong_store::violations::Attachment) -> Self {
        AttachmentView {
            id: a.id,
            file_name: a.file_name,
            content_type: a.content_type,
            size: a.size,
            actor_name: a.actor_name,
            created_at: a.created_at,
        }
    }
}

/// The photos and documents of a case, oldest first (without their bytes).
#[utoipa::path(get, path = "/api/v1/violations/{id}/attachments", operation_id = "get_violations_by_id_attachments", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "violations",
    responses((status = 200, description = "Thành công", body = Vec<AttachmentView>), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn attachments(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<AttachmentView>> {
    let list = state
        .store
        .violation_attachments(&signed.user().scope(), id)
        .await?;
    Ok(Json(list.into_iter().map(AttachmentView::from).collect()))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AttachQuery {
    /// The file's name, e.g. `bien-ban.pdf`; its type is checked from the bytes.
    pub name: String,
}

/// Attaches a photo (JPEG, PNG) or a PDF to a case: the request body is the file.
#[utoipa::path(post, path = "/api/v1/violations/{id}/attachments", operation_id = "post_violations_by_id_attachments", tag = "violations", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi"), AttachQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "Đã tạo", body = AttachmentView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn attach(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Query(q): Query<AttachQuery>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<AttachmentView>), ApiError> {
    let u = signed.user();
    let a = state
        .store
        .attach_to_violation(&u.actor(), &u.scope(), id, &q.name, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// The attachment's bytes, with its content type.
#[utoipa::path(get, path = "/api/v1/violations/{id}/attachments/{attachment_id}", operation_id = "get_violations_by_id_attachments_by_attachment_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi"), ("attachment_id" = Uuid, Path, description = "Mã (UUID) của tệp đính kèm")), tag = "violations",
    responses((status = 200, description = "Thành công", content_type = "application/octet-stream", body = Vec<u8>), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn attachment(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, attachment_id)): Path<(Uuid, Uuid)>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let (a, data) = state
        .store
        .violation_attachment(&signed.user().scope(), id, attachment_id)
        .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, a.content_type)], data).into_response())
}

#[utoipa::path(delete, path = "/api/v1/violations/{id}/attachments/{attachment_id}", operation_id = "delete_violations_by_id_attachments_by_attachment_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi"), ("attachment_id" = Uuid, Path, description = "Mã (UUID) của tệp đính kèm")), tag = "violations",
    responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_attachment(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, attachment_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    state
        .store
        .delete_violation_attachment(&u.actor(), &u.scope(), id, attachment_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
