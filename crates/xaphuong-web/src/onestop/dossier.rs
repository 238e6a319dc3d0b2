//! A dossier: its timeline, its files, and the steps the officer may take.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jiff::civil::DateTime;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Scope, may_take};
use xaphuong_core::onestop::lifecycle::Action;
use xaphuong_core::onestop::procedures::{StepProgress, step_deadlines, step_progress};
use xaphuong_store::onestop::{Dossier, DossierEvent, DossierFile, Procedure};

use super::now;
use super::papers::{PaperKind, papers_of};
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;

/// A step the officer may take from here, with what it asks for.
pub struct Offer {
    pub code: &'static str,
    pub label: &'static str,
    pub reason: bool,
    pub agency: bool,
    pub new_due: bool,
    pub assignee: bool,
}

pub(crate) const OFFERS: &[(&str, &str, bool, bool, bool, bool)] = &[
    ("accept", "Tiếp nhận", false, false, false, false),
    (
        "intake_supplement",
        "Hướng dẫn bổ sung (chưa tiếp nhận)",
        true,
        false,
        false,
        false,
    ),
    ("refuse", "Từ chối tiếp nhận", true, false, false, false),
    (
        "assign",
        "Chuyển công chức chuyên môn",
        false,
        false,
        false,
        true,
    ),
    ("submit", "Trình lãnh đạo", false, false, false, false),
    ("send_back", "Trả lại chuyên môn", true, false, false, false),
    ("transfer", "Chuyển liên thông", false, true, false, false),
    (
        "transfer_back",
        "Nhận lại từ liên thông",
        false,
        false,
        false,
        false,
    ),
    (
        "request_supplement",
        "Yêu cầu bổ sung hồ sơ",
        true,
        false,
        false,
        false,
    ),
    (
        "supplement_received",
        "Đã nhận đủ hồ sơ bổ sung",
        false,
        false,
        false,
        false,
    ),
    (
        "request_financial",
        "Yêu cầu thực hiện nghĩa vụ tài chính",
        false,
        false,
        false,
        false,
    ),
    (
        "financial_done",
        "Đã thực hiện nghĩa vụ tài chính",
        false,
        false,
        false,
        false,
    ),
    (
        "apologise",
        "Xin lỗi, hẹn lại ngày trả",
        true,
        false,
        true,
        false,
    ),
    ("approve", "Phê duyệt", false, false, false, false),
    ("return_result", "Trả kết quả", false, false, false, false),
    ("withdraw", "Công dân rút hồ sơ", false, false, false, false),
    ("stop", "Dừng xử lý", true, false, false, false),
];

#[derive(Deserialize, Default)]
pub struct ActForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub agency: String,
    /// YYYY-MM-DDTHH:MM
    #[serde(default)]
    pub new_due: String,
    #[serde(default)]
    pub assignee: String,
    /// The version of the dossier the page showed.
    #[serde(default)]
    pub version: String,
}

impl ActForm {
    fn action(&self) -> Result<Action, Invalid> {
        let reason = xaphuong_core::text::clean(&self.reason);
        let need_reason = |a: fn(String) -> Action| {
            if reason.is_empty() {
                Err(Invalid::one("reason", "Ghi lý do"))
            } else {
                Ok(a(reason.clone()))
            }
        };
        match self.action.as_str() {
            "accept" => Ok(Action::Accept),
            "refuse" => need_reason(|reason| Action::Refuse { reason }),
            "intake_supplement" => need_reason(|reason| Action::IntakeSupplement { reason }),
            "assign" => Ok(Action::Assign),
            "submit" => Ok(Action::Submit),
            "send_back" => need_reason(|reason| Action::SendBack { reason }),
            "transfer" => {
                let agency = xaphuong_core::text::clean(&self.agency);
                if agency.is_empty() {
                    Err(Invalid::one("agency", "Ghi cơ quan nhận liên thông"))
                } else {
                    Ok(Action::Transfer { agency })
                }
            }
            "transfer_back" => Ok(Action::TransferBack),
            "request_supplement" => need_reason(|reason| Action::RequestSupplement { reason }),
            "supplement_received" => Ok(Action::SupplementReceived),
            "request_financial" => Ok(Action::RequestFinancial),
            "financial_done" => Ok(Action::FinancialDone),
            "apologise" => {
                let new_due = self
                    .new_due
                    .trim()
                    .parse::<DateTime>()
                    .map_err(|_| Invalid::one("new_due", "Ghi ngày giờ hẹn trả mới"))?;
                if reason.is_empty() {
                    Err(Invalid::one("reason", "Ghi lý do"))
                } else {
                    Ok(Action::Apologise { reason, new_due })
                }
            }
            "approve" => Ok(Action::Approve),
            "return_result" => Ok(Action::ReturnResult),
            "withdraw" => Ok(Action::Withdraw),
            "stop" => need_reason(|reason| Action::Stop { reason }),
            _ => Err(Invalid::one("action", "Bước xử lý không hợp lệ")),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/dossier.html")]
pub struct ShowPage {
    l: Layout,
    d: Dossier,
    procedure: Procedure,
    events: Vec<DossierEvent>,
    offers: Vec<Offer>,
    officers: Vec<(Uuid, String)>,
    errors: Invalid,
    overdue: bool,
    papers: Vec<PaperKind>,
    steps: Vec<StepProgress>,
    files: Vec<DossierFile>,
    can_add_files: bool,
    /// A returned household registration not yet in the business
    /// households register, which the officer may enter there.
    can_register_business: bool,
}

/// What an officer sees of a dossier: the page and the API alike.
pub(crate) struct DossierParts {
    pub d: Dossier,
    pub procedure: Procedure,
    pub events: Vec<DossierEvent>,
    pub offers: Vec<Offer>,
    pub overdue: bool,
    pub papers: Vec<PaperKind>,
    pub steps: Vec<StepProgress>,
    pub files: Vec<DossierFile>,
}

/// The dossier inside the officer's scope, its timeline, its per-step
/// deadlines, its files and papers, and the steps the officer may take
/// from here.
pub(crate) async fn dossier_parts(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
) -> Result<DossierParts, AppError> {
    let user = signed.user();
    let d = state.store.dossier(&user.scope(), id).await?;
    let procedure = state.store.procedure(d.procedure_id).await?;
    let events = state.store.dossier_events(d.id).await?;
    let now = now();
    let commune = state.store.unit(&Scope::All, d.commune_id).await?;
    let cal = state
        .store
        .work_calendar(Some(&commune), now.year() - 1..=now.year() + 1)
        .await?;
    let offers = OFFERS
        .iter()
        .filter(|(code, ..)| may_take(user.role, code))
        .filter(|(code, ..)| {
            let probe = ActForm {
                action: (*code).into(),
                reason: "x".into(),
                agency: "x".into(),
                new_due: d
                    .due_at
                    .and_then(|x| x.checked_add(jiff::Span::new().days(1)).ok())
                    .map(|x| x.strftime("%Y-%m-%dT%H:%M").to_string())
                    .unwrap_or_default(),
                assignee: String::new(),
                version: String::new(),
            };
            // Offer only the steps the lifecycle allows from here (an
            // apology is offered whenever it may still be given).
            probe.action().is_ok_and(|a| {
                xaphuong_core::onestop::lifecycle::apply(&d.state(), &a, now, &procedure.time, &cal)
                    .is_ok()
            })
        })
        .map(|&(code, label, reason, agency, new_due, assignee)| Offer {
            code,
            label,
            reason,
            agency,
            new_due,
            assignee,
        })
        .collect();
    Ok(DossierParts {
        overdue: d.due_at.is_some_and(|due| due < now) && d.finished_at.is_none(),
        papers: papers_of(&events),
        steps: step_lines(&d, &procedure, &events, &cal, now),
        files: state.store.dossier_files(&user.scope(), d.id).await?,
        d,
        procedure,
        events,
        offers,
    })
}

pub(crate) async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let user = signed.user();
    let parts = dossier_parts(state, signed, id).await?;
    let officers = state
        .store
        .users(
            &user.scope(),
            &xaphuong_store::users::UserFilter {
                per_page: Some(200),
                ..Default::default()
            },
        )
        .await?
        .items
        .into_iter()
        .filter(|u| u.role == xaphuong_core::users::Role::SpecialistOfficer)
        .map(|u| (u.id, u.full_name))
        .collect();
    let can_register_business = user
        .role
        .allows(xaphuong_core::access::Permission::ManageRegisters)
        && parts.d.status == xaphuong_core::onestop::lifecycle::Status::Returned
        && xaphuong_core::text::fold(&parts.d.procedure_name)
            == xaphuong_core::text::fold(xaphuong_store::businesses::REGISTRATION_PROCEDURE)
        && state
            .store
            .registration_dossier(&user.scope(), parts.d.id)
            .await
            .is_ok();
    Ok(ShowPage {
        can_register_business,
        l: Layout::new(signed, format!("Hồ sơ {}", parts.d.code), "/dossiers"),
        overdue: parts.overdue,
        papers: parts.papers,
        steps: parts.steps,
        files: parts.files,
        d: parts.d,
        procedure: parts.procedure,
        events: parts.events,
        offers: parts.offers,
        officers,
        errors,
        can_add_files: user
            .role
            .allows(xaphuong_core::access::Permission::HandleDossiers),
    })
}

/// The per-step deadlines since the clock last started (at acceptance, or
/// when a supplement arrived, Art. 19(5)), and how each step kept its own.
pub(crate) fn step_lines(
    d: &Dossier,
    procedure: &Procedure,
    events: &[DossierEvent],
    cal: &xaphuong_core::calendar::working::WorkCalendar,
    now: DateTime,
) -> Vec<StepProgress> {
    let at = |e: &DossierEvent| e.at.parse::<DateTime>().ok();
    let Some(start_pos) = events
        .iter()
        .rposition(|e| matches!(e.action.as_str(), "accept" | "supplement_received"))
    else {
        return Vec::new();
    };
    let (Some(start), Some(due)) = (at(&events[start_pos]), d.due_at) else {
        return Vec::new();
    };
    let Ok(deadlines) = step_deadlines(cal, start, due, &procedure.steps) else {
        return Vec::new();
    };
    // Steps taken before the restart count too: the steps before it were
    // done once and are not repeated.
    let taken: Vec<(&str, DateTime)> = events
        .iter()
        .filter_map(|e| Some((e.action.as_str(), at(e)?)))
        .collect();
    step_progress(&deadlines, &taken, now)
}

/// Adds a paper to a dossier on the version the officer read; for the
/// page and the API.
pub(crate) async fn add_paper(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    version: i64,
    name: &str,
    bytes: &[u8],
) -> Result<DossierFile, AppError> {
    let user = signed.user();
    let (f, _) = state
        .store
        .add_dossier_file(&user.actor(), &user.scope(), id, version, name, bytes)
        .await?;
    Ok(f)
}

/// Adds a paper to the dossier: the form's `version`, then its `file`.
pub async fn add_file(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}"))
    };
    let (mut version, mut file) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("version") => {
                version = field.text().await.map_err(unreadable)?.trim().parse().ok();
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                file = Some((name, field.bytes().await.map_err(unreadable)?));
            }
            _ => {}
        }
    }
    let result = match (version, file) {
        (Some(version), Some((name, bytes))) => {
            add_paper(&state, &signed, id, version, &name, &bytes).await
        }
        (None, _) => Err(AppError::Invalid(Invalid::one(
            "version",
            "Thiếu phiên bản hồ sơ: tải lại trang rồi thử lại",
        ))),
        (_, None) => Err(AppError::Invalid(Invalid::one("file", "Chọn tệp"))),
    };
    after_change(&state, &signed, id, result.map(|_| ())).await
}

/// A paper filed with the dossier.
pub async fn file(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, file_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let (f, bytes) = state
        .store
        .dossier_file(&signed.user().scope(), id, file_id)
        .await?;
    Ok(crate::page::download(&f.file_name, &f.content_type, bytes))
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    show_page(&state, &signed, id, Invalid::default()).await
}

/// Takes the step the form or the API body names, on the version the
/// caller read.
pub(crate) async fn take_step(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    f: &ActForm,
) -> Result<Dossier, AppError> {
    let user = signed.user();
    if !may_take(user.role, &f.action) {
        return Err(AppError::Forbidden(
            "Vai trò của bạn không thực hiện bước này".into(),
        ));
    }
    let assignee = Uuid::try_parse(f.assignee.trim()).ok();
    let action = f.action()?;
    Ok(state
        .store
        .act_on_dossier(
            &user.actor(),
            &user.scope(),
            id,
            &action,
            now(),
            assignee,
            &f.reason,
            None,
            crate::page::seen(&f.version),
        )
        .await?)
}

pub async fn act(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<ActForm>,
) -> Result<Response, AppError> {
    let result = take_step(&state, &signed, id, &f).await;
    after_change(&state, &signed, id, result.map(|_| ())).await
}

/// Back to the dossier after a change; refused, its page again with the
/// problems (409 when it changed under the officer).
async fn after_change(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    result: Result<(), AppError>,
) -> Result<Response, AppError> {
    let (status, errors) = match result {
        Ok(()) => return Ok(Redirect::to(&format!("/dossiers/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Conflict(errors)) => (StatusCode::CONFLICT, errors),
        Err(e) => return Err(e),
    };
    Ok((status, show_page(state, signed, id, errors).await?).into_response())
}
