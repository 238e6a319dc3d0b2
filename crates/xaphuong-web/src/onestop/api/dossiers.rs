//! Dossiers through the API: the queues, a dossier with its timeline and
//! per-step deadlines, intake at the counter or by post, every step of the
//! lifecycle, the papers filed and the forms 01–04 — each through the same
//! function as its page.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::onestop::applicant::ApplicantInput;
use xaphuong_store::onestop::{Dossier, DossierEvent};

use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult};
use crate::onestop::dossier::{ActForm, add_paper, dossier_parts, take_step};
use crate::onestop::intake::{IntakeForm, receive};
use crate::onestop::queue::QueueQuery;
use crate::onestop::{action_label, now};

/// Vietnam's local time to the minute, as `2026-11-30T08:37`.
pub(crate) fn moment(d: &DateTime) -> String {
    d.strftime("%Y-%m-%dT%H:%M").to_string()
}

fn opt_moment(d: &Option<DateTime>) -> Option<String> {
    d.as_ref().map(moment)
}

/// A dossier as officers see it. Times are Vietnam's local time
/// (`YYYY-MM-DDTHH:MM`).
#[derive(Serialize, ToSchema)]
pub struct DossierView {
    pub id: Uuid,
    /// The code printed on the receipt (NĐ 118/2025 Art. 28).
    pub code: String,
    pub commune_id: Uuid,
    pub procedure_id: Uuid,
    pub procedure_name: String,
    /// counter | post | online
    pub channel: String,
    /// How the result goes back: counter | post | online
    pub return_channel: String,
    /// One of the ten statuses of the national portal (new, received, …, returned).
    pub status: String,
    pub status_label: String,
    /// Who holds it: receive | specialist | leader | return | transfer | done
    pub step: String,
    pub applicant: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub submitted_at: String,
    pub received_at: Option<String>,
    pub due_at: Option<String>,
    pub finished_at: Option<String>,
    pub supplements: i64,
    pub apologised: bool,
    pub transferred_to: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// Unfinished and past its due time.
    pub overdue: bool,
    /// The version to send back with a step.
    pub version: i64,
}

impl DossierView {
    pub(crate) fn of(d: &Dossier, now: DateTime) -> Self {
        DossierView {
            id: d.id,
            code: d.code.clone(),
            commune_id: d.commune_id,
            procedure_id: d.procedure_id,
            procedure_name: d.procedure_name.clone(),
            channel: d.channel.as_str().into(),
            return_channel: d.return_channel.as_str().into(),
            status: d.status.as_str().into(),
            status_label: d.status.label().into(),
            step: d.step.as_str().into(),
            applicant: d.applicant.clone(),
            address: d.address.clone(),
            phone: d.phone.clone(),
            email: d.email.clone(),
            submitted_at: moment(&d.submitted_at),
            received_at: opt_moment(&d.received_at),
            due_at: opt_moment(&d.due_at),
            finished_at: opt_moment(&d.finished_at),
            supplements: d.supplements,
            apologised: d.apologised,
            transferred_to: d.transferred_to.clone(),
            assignee_id: d.assignee_id,
            overdue: d.due_at.is_some_and(|due| due < now) && !d.status.is_finished(),
            version: d.updated_at,
        }
    }
}

/// A page of dossiers, most urgent first.
#[derive(Serialize, ToSchema)]
pub struct DossierList {
    pub items: Vec<DossierView>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<Uuid>,
    /// How many match, counted up to 10 000.
    pub count: i64,
    /// False when there are more than `count`.
    pub count_exact: bool,
}

/// The queues' filters, as on the page.
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DossierQuery {
    /// mine | soon (due within one working day) | overdue | all
    pub view: Option<String>,
    /// A full code, or words of the code or the applicant's name.
    pub q: Option<String>,
    /// A status code (new, received, processing, …).
    pub status: Option<String>,
    /// receive | specialist | leader | return | transfer
    pub step: Option<String>,
    /// The last id of the previous page.
    pub after: Option<String>,
}

/// The dossiers inside the caller's scope: the queue's view and filters,
/// by keyset pages of 50.
#[utoipa::path(get, path = "/api/v1/dossiers", operation_id = "get_dossiers", tag = "onestop", params(DossierQuery),
    responses((status = 200, description = "Thành công", body = DossierList), (status = 422, description = "Bộ lọc không hợp lệ", body = ErrorBody)))]
pub async fn dossiers(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DossierQuery>,
) -> ApiResult<DossierList> {
    let now = now();
    let f = QueueQuery {
        view: q.view,
        q: q.q,
        status: q.status,
        step: q.step,
        after: q.after,
    }
    .filter(&state, &signed, now)
    .await?;
    let page = state.store.dossiers(&signed.user().scope(), &f).await?;
    let (count, count_exact) = page.count.parts();
    Ok(Json(DossierList {
        items: page.items.iter().map(|d| DossierView::of(d, now)).collect(),
        next: page.next,
        count,
        count_exact,
    }))
}

/// One step of the timeline.
#[derive(Serialize, ToSchema)]
pub struct DossierEventView {
    pub at: String,
    pub action: String,
    pub action_label: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub step: String,
    /// The due time this step set, if it set one.
    pub due_at: Option<String>,
    pub actor: String,
    pub note: String,
}

impl From<&DossierEvent> for DossierEventView {
    fn from(e: &DossierEvent) -> Self {
        let short = |s: &str| s.get(..16).unwrap_or(s).to_owned();
        DossierEventView {
            at: short(&e.at),
            action: e.action.clone(),
            action_label: action_label(&e.action).into(),
            from_status: e.from_status.clone(),
            to_status: e.to_status.clone(),
            step: e.step.clone(),
            due_at: e.due_at.as_deref().map(short),
            actor: e.actor_name.clone(),
            note: e.note.clone(),
        }
    }
}

/// A step's own deadline since the clock last started, and how it was kept.
#[derive(Serialize, ToSchema)]
pub struct StepView {
    /// receive | specialist | leader | return
    pub step: String,
    pub deadline: String,
    pub done: Option<String>,
    /// early | on_time | late, once done.
    pub verdict: Option<String>,
    pub overdue: bool,
}

/// A step the caller may take from here, and what it asks for.
#[derive(Serialize, ToSchema)]
pub struct OfferView {
    pub action: String,
    pub label: String,
    pub needs_reason: bool,
    pub needs_agency: bool,
    pub needs_new_due: bool,
    pub needs_assignee: bool,
}

/// A paper filed with the dossier.
#[derive(Serialize, ToSchema)]
pub struct FileView {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Where its bytes are.
    pub href: String,
}

/// A form of 01–04 the dossier has.
#[derive(Serialize, ToSchema)]
pub struct PaperView {
    /// tiep-nhan | bo-sung | tu-choi | xin-loi
    pub kind: String,
    pub label: String,
    /// The Word document.
    pub docx: String,
}

/// A dossier with all an officer sees of it.
#[derive(Serialize, ToSchema)]
pub struct DossierDetail {
    pub dossier: DossierView,
    /// The key printed on the receipt, with which the citizen looks the
    /// dossier up and rates it.
    pub lookup_key: String,
    pub timeline: Vec<DossierEventView>,
    pub steps: Vec<StepView>,
    pub actions: Vec<OfferView>,
    pub files: Vec<FileView>,
    pub papers: Vec<PaperView>,
}

/// A dossier: its timeline, per-step deadlines, files, papers and the
/// steps the caller may take.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}", operation_id = "get_dossier", tag = "onestop",
    params(("id" = Uuid, Path, description = "Mã hồ sơ (id)")),
    responses((status = 200, description = "Thành công", body = DossierDetail), (status = 404, description = "Không tìm thấy", body = ErrorBody)))]
pub async fn dossier(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<DossierDetail> {
    Ok(Json(detail(&state, &signed, id).await?))
}

async fn detail(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
) -> Result<DossierDetail, crate::error::AppError> {
    let p = dossier_parts(state, signed, id).await?;
    Ok(DossierDetail {
        dossier: DossierView::of(&p.d, now()),
        lookup_key: p.d.lookup_key.clone(),
        timeline: p.events.iter().map(DossierEventView::from).collect(),
        steps: p
            .steps
            .iter()
            .map(|s| StepView {
                step: s.step.as_str().into(),
                deadline: moment(&s.deadline),
                done: opt_moment(&s.done),
                verdict: s.verdict.map(|v| v.as_str().into()),
                overdue: s.overdue,
            })
            .collect(),
        actions: p
            .offers
            .iter()
            .map(|o| OfferView {
                action: o.code.into(),
                label: o.label.into(),
                needs_reason: o.reason,
                needs_agency: o.agency,
                needs_new_due: o.new_due,
                needs_assignee: o.assignee,
            })
            .collect(),
        files: p
            .files
            .iter()
            .map(|f| FileView {
                id: f.id,
                file_name: f.file_name.clone(),
                content_type: f.content_type.clone(),
                size: f.size,
                href: format!("/api/v1/dossiers/{id}/files/{}", f.id),
            })
            .collect(),
        papers: p
            .papers
            .iter()
            .map(|k| PaperView {
                kind: k.slug().into(),
                label: k.label().into(),
                docx: format!("/api/v1/dossiers/{id}/papers/{}", k.slug()),
            })
            .collect(),
    })
}

/// A dossier received at the counter or by post.
#[derive(Deserialize, ToSchema)]
pub struct IntakeBody {
    /// The receiving commune; the officer's own when left out.
    pub unit_id: Option<Uuid>,
    pub procedure_id: Uuid,
    /// counter (received at once) | post (waits to be checked); counter by default.
    pub channel: Option<String>,
    /// counter | post | online; counter by default.
    pub return_channel: Option<String>,
    pub applicant: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// Receives a dossier at the counter (accepted at once) or by post.
#[utoipa::path(post, path = "/api/v1/dossiers", operation_id = "post_dossier", tag = "onestop", request_body = IntakeBody,
    responses((status = 201, description = "Đã tiếp nhận", body = DossierDetail), (status = 403, description = "Chỉ bộ phận một cửa", body = ErrorBody), (status = 404, description = "Xã, phường không tìm thấy", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<IntakeBody>,
) -> Result<(StatusCode, Json<DossierDetail>), ApiError> {
    let form = IntakeForm {
        unit_id: b.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        procedure_id: b.procedure_id.to_string(),
        channel: b.channel.unwrap_or_default(),
        return_channel: b.return_channel.unwrap_or_default(),
        applicant: ApplicantInput {
            applicant: b.applicant,
            address: b.address,
            phone: b.phone,
            email: b.email,
        },
    };
    let d = receive(&state, &signed, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &signed, d.id).await?),
    ))
}

/// One step of the lifecycle, taken on the version the client read.
#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// accept, intake_supplement, refuse, assign, submit, send_back,
    /// transfer, transfer_back, request_supplement, supplement_received,
    /// request_financial, financial_done, apologise, approve,
    /// return_result, withdraw, stop — as `actions` of the dossier offers.
    pub action: String,
    /// Required by refuse, intake_supplement, send_back,
    /// request_supplement, apologise and stop.
    #[serde(default)]
    pub reason: String,
    /// The agency a transfer goes to.
    #[serde(default)]
    pub agency: String,
    /// The new due time an apology sets (`YYYY-MM-DDTHH:MM`).
    #[serde(default)]
    pub new_due: String,
    /// The specialist an assignment goes to.
    pub assignee: Option<Uuid>,
    /// The dossier's `version` as read.
    pub version: i64,
}

/// Takes a step of the lifecycle (NĐ 118/2025 Art. 16–22): refused with
/// 422 naming the field when the rules do not allow it, 409 when the
/// dossier changed since it was read.
#[utoipa::path(post, path = "/api/v1/dossiers/{id}/actions", operation_id = "post_dossier_action", tag = "onestop", request_body = ActionBody,
    params(("id" = Uuid, Path, description = "Mã hồ sơ (id)")),
    responses((status = 200, description = "Đã thực hiện", body = DossierDetail), (status = 403, description = "Vai trò không thực hiện bước này", body = ErrorBody), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 409, description = "Hồ sơ vừa được người khác cập nhật", body = ErrorBody), (status = 422, description = "Bước không hợp lệ", body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<ActionBody>,
) -> ApiResult<DossierDetail> {
    let form = ActForm {
        action: b.action,
        reason: b.reason,
        agency: b.agency,
        new_due: b.new_due,
        assignee: b.assignee.map(|a| a.to_string()).unwrap_or_default(),
        version: b.version.to_string(),
    };
    take_step(&state, &signed, id, &form).await?;
    Ok(Json(detail(&state, &signed, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AddFileQuery {
    /// The file's name, e.g. `giay-chung-sinh.pdf`; its kind is read from the bytes.
    pub name: String,
    /// The dossier's `version` as read: 409 if it changed since.
    pub version: i64,
}

/// Adds a paper (JPEG, PNG, WebP or PDF, at most 10 MB) to a dossier on
/// the version read: the request body is the file. Answers the dossier
/// with its new version.
#[utoipa::path(post, path = "/api/v1/dossiers/{id}/files", operation_id = "post_dossier_file", tag = "onestop",
    params(("id" = Uuid, Path, description = "Mã hồ sơ (id)"), AddFileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "Đã thêm", body = DossierDetail), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 409, description = "Hồ sơ vừa được người khác cập nhật", body = ErrorBody), (status = 422, description = "Tệp không hợp lệ (loại, cỡ, số tệp)", body = ErrorBody)))]
pub async fn add_file(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Query(q): Query<AddFileQuery>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<DossierDetail>), ApiError> {
    add_paper(&state, &signed, id, q.version, &q.name, &body).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &signed, id).await?),
    ))
}

/// A paper filed with the dossier, as it was sent.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}/files/{file_id}", operation_id = "get_dossier_file", tag = "onestop",
    params(("id" = Uuid, Path, description = "Mã hồ sơ (id)"), ("file_id" = Uuid, Path, description = "Mã tệp")),
    responses((status = 200, description = "Tệp", content_type = "application/octet-stream", body = Vec<u8>), (status = 404, description = "Không tìm thấy", body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    let (f, bytes) = state
        .store
        .dossier_file(&signed.user().scope(), id, file_id)
        .await?;
    Ok(crate::page::download(&f.file_name, &f.content_type, bytes))
}

/// A form of 01–04 (receipt, supplement request, refusal, apology) as a
/// Word document.
#[utoipa::path(get, path = "/api/v1/dossiers/{id}/papers/{kind}", operation_id = "get_dossier_paper", tag = "onestop",
    params(("id" = Uuid, Path, description = "Mã hồ sơ (id)"), ("kind" = String, Path, description = "tiep-nhan | bo-sung | tu-choi | xin-loi")),
    responses((status = 200, description = "Tệp DOCX", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>), (status = 404, description = "Hồ sơ không có phiếu này", body = ErrorBody)))]
pub async fn paper(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, kind)): Path<(Uuid, String)>,
) -> Result<Response, ApiError> {
    Ok(crate::onestop::papers::docx_of(&state, &signed, id, &kind).await?)
}
