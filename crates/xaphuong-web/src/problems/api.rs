//! Reports through the API: the same queue and steps as the pages, from
//! the same functions, the contact only where the caller's role may see
//! it.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_store::problems::Problem;

use super::{ListQuery, StepForm, sees_contact, take_step};
use crate::AppState;
use crate::auth::Signed;
use crate::error::ErrorBody;
use crate::json::{ApiJson, ApiResult, Paged};

/// A citizen's report of a problem in the ward.
#[derive(Serialize, ToSchema)]
pub struct ProblemView {
    pub id: Uuid,
    /// The public code (Open311's service_request_id).
    pub code: String,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    /// sidewalk | construction | escape_route | rubbish | lighting | road | noise | other
    pub category: String,
    pub description: String,
    pub address: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// received | assigned | in_progress | answered | closed | rejected
    pub status: String,
    /// duplicate | outside | unfounded
    pub rejection: Option<String>,
    pub forwarded_to: String,
    pub duplicate_of: String,
    pub field: String,
    pub officer_id: Option<Uuid>,
    /// YYYY-MM-DDTHH:MM:SS, Vietnam time.
    pub received_at: String,
    pub due_at: String,
    pub finished_at: Option<String>,
    /// The note the public reads.
    pub public_note: String,
    pub published: bool,
    pub violation_id: Option<Uuid>,
    /// web | open311
    pub channel: String,
    /// Null where the caller's role may not see it (or none was given).
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub version: i64,
}

impl From<&Problem> for ProblemView {
    fn from(p: &Problem) -> Self {
        let c = p.contact.as_ref();
        ProblemView {
            id: p.id,
            code: p.code.clone(),
            commune_id: p.commune_id,
            group_id: p.group_id,
            category: p.category.as_str().into(),
            description: p.description.clone(),
            address: p.address.clone(),
            lat: p.lat,
            long: p.long,
            status: p.status.as_str().into(),
            rejection: p.rejection.map(|r| r.as_str().into()),
            forwarded_to: p.forwarded_to.clone(),
            duplicate_of: p.duplicate_of.clone(),
            field: p.field.clone(),
            officer_id: p.officer_id,
            received_at: p.received_at.to_string(),
            due_at: p.due_at.to_string(),
            finished_at: p.finished_at.map(|d| d.to_string()),
            public_note: p.public_note.clone(),
            published: p.published,
            violation_id: p.violation_id,
            channel: p.channel.clone(),
            contact_name: c.map(|c| c.name.clone()),
            contact_phone: c.map(|c| c.phone.clone()),
            contact_email: c.map(|c| c.email.clone()),
            version: p.updated_at,
        }
    }
}

/// The reports in the caller's scope, filtered as on the page; no
/// contact in a list.
#[utoipa::path(get, path = "/api/v1/problems", operation_id = "get_problems", tag = "problems", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<ProblemView>), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<ProblemView>> {
    let page = state
        .store
        .problems(&signed.user().scope(), &q.filter(&signed)?)
        .await?;
    Ok(Json(Paged::of(&page)))
}

#[utoipa::path(get, path = "/api/v1/problems/{id}", operation_id = "get_problems_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "problems", responses((status = 200, description = "Thành công", body = ProblemView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<ProblemView> {
    let p = state
        .store
        .problem(&signed.user().scope(), id, sees_contact(&signed))
        .await?;
    Ok(Json(ProblemView::from(&p)))
}

/// Takes a step on the `version` read (409 if it changed since).
#[utoipa::path(post, path = "/api/v1/problems/{id}/steps", operation_id = "post_problems_steps", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "problems", request_body = StepForm,
    responses((status = 200, description = "Thành công", body = ProblemView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 409, description = "Bản ghi đã đổi sau khi đọc", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(f): ApiJson<StepForm>,
) -> ApiResult<ProblemView> {
    take_step(&state, &signed, id, &f).await?;
    let p = state
        .store
        .problem(&signed.user().scope(), id, sees_contact(&signed))
        .await?;
    Ok(Json(ProblemView::from(&p)))
}
