//! The one-stop shop's pages: the work queues, intake at the counter, the
//! dossier with its timeline and the steps the officer may take, the
//! receipt, the procedure catalogue; and the public lookup and rating.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jiff::civil::DateTime;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Scope, may_take};
use xaphuong_core::onestop::code::{looks_like_code, same_lookup_key, show_lookup_key};
use xaphuong_core::onestop::lifecycle::{Action, Channel, Status, Step, mask_name};
use xaphuong_core::onestop::procedures::{StepProgress, step_deadlines, step_progress};
use xaphuong_core::units::Level;
use xaphuong_report::paper::{Line, Paper};
use xaphuong_store::onestop::{
    ApplicantInput, Dossier, DossierEvent, DossierFile, DossierFilter, Filing, Procedure,
    StatsFilter,
};
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Keyset, Layout, non_empty, parse_after, parse_param};
use crate::places::communes;

/// The ways a citizen takes the result (NĐ 118/2025 Art. 22): at the
/// counter, by public post, or online.
pub const RETURN_CHANNELS: &[(&str, &str)] = &[
    ("counter", "Tại bộ phận một cửa"),
    ("post", "Qua dịch vụ bưu chính công ích"),
    ("online", "Trực tuyến (bản điện tử)"),
];

pub fn return_label(c: Channel) -> &'static str {
    RETURN_CHANNELS
        .iter()
        .find(|(code, _)| *code == c.as_str())
        .map_or("", |(_, l)| l)
}

pub const STEPS: &[Step] = Step::ALL;

/// Now in Vietnam, to the minute.
pub fn now() -> DateTime {
    let t = xaphuong_core::calendar::vietnam_time(jiff::Timestamp::now()).datetime();
    t.with().second(0).subsec_nanosecond(0).build().unwrap_or(t)
}

pub fn dmy_hm(d: &DateTime) -> String {
    d.strftime("%H:%M %d/%m/%Y").to_string()
}

pub fn opt_dmy_hm(d: &Option<DateTime>) -> String {
    d.as_ref().map(dmy_hm).unwrap_or_default()
}

/// "2026-11-30T08:37" as shown: "08:37 30/11/2026".
pub fn iso_hm(s: &Option<String>) -> String {
    s.as_deref()
        .and_then(|s| s.parse::<DateTime>().ok())
        .map(|d| dmy_hm(&d))
        .unwrap_or_default()
}

/// The timeline's name for a step, by its stored code.
pub fn action_label(code: &str) -> &str {
    if code == "file" {
        return "Nộp hồ sơ";
    }
    OFFERS.iter().find(|o| o.0 == code).map_or(code, |o| o.1)
}

pub fn status_label(code: &str) -> &'static str {
    Status::parse(code).map_or("", Status::label)
}

#[derive(Deserialize, Default, Clone)]
pub struct QueueQuery {
    /// mine | soon | overdue | all
    pub view: Option<String>,
    pub q: Option<String>,
    pub status: Option<String>,
    /// receive | specialist | leader | return | transfer
    pub step: Option<String>,
    /// The page after this dossier.
    pub after: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossiers_list.html")]
pub struct QueuePage {
    l: Layout,
    q: QueueQuery,
    view: String,
    rows: Vec<Dossier>,
    pager: Keyset,
    now: DateTime,
    can_receive: bool,
    statuses: Vec<(&'static str, &'static str)>,
    can_configure: bool,
}

impl QueuePage {
    fn overdue(&self, d: &Dossier) -> bool {
        d.due_at.is_some_and(|due| due < self.now) && !d.status.is_finished()
    }
}

pub async fn queue(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, AppError> {
    let user = signed.user();
    let now = now();
    let view = q.view.clone().unwrap_or_else(|| "all".into());
    let mut f = DossierFilter {
        q: non_empty(&q.q),
        status: parse_param(
            &q.status,
            "status",
            "Trạng thái không hợp lệ",
            Status::parse,
        )?,
        step: parse_param(&q.step, "step", "Bước xử lý không hợp lệ", Step::parse)?,
        after: parse_after(&q.after)?,
        ..Default::default()
    };
    match view.as_str() {
        "mine" => f.assignee_id = Some(user.id),
        // Due within one working day, on the calendar of the officer's unit.
        "soon" => {
            let unit = match user.unit_id {
                Some(id) => Some(state.store.unit(&user.scope(), id).await?),
                None => None,
            };
            let cal = state
                .store
                .work_calendar(unit.as_ref(), now.year()..=now.year() + 1)
                .await?;
            f.due_by = cal.add_working_days(now, 1).ok();
        }
        "overdue" => f.due_by = Some(now),
        _ => {}
    }
    let page = state.store.dossiers(&user.scope(), &f).await?;
    let pager = Keyset::new(
        &page,
        f.after,
        &[
            ("view", Some(view.clone())),
            ("q", q.q.clone()),
            ("status", q.status.clone()),
            ("step", q.step.clone()),
        ],
    );
    Ok(QueuePage {
        l: Layout::new(&signed, "Hồ sơ một cửa", "/dossiers"),
        can_receive: may_take(user.role, "accept"),
        can_configure: user
            .role
            .allows(xaphuong_core::access::Permission::ManageProcedures),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        rows: page.items,
        pager,
        now,
        view,
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_new.html")]
pub struct NewPage {
    l: Layout,
    procedures: Vec<Procedure>,
    communes: Vec<Unit>,
    form: IntakeForm,
    errors: Invalid,
}

impl NewPage {
    fn error(&self, field: &str) -> &str {
        self.errors.message_for(field).unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct IntakeForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub procedure_id: String,
    #[serde(default)]
    pub channel: String,
    /// How the citizen takes the result (counter, post, online).
    #[serde(default)]
    pub return_channel: String,
    #[serde(flatten)]
    pub applicant: ApplicantInput,
}

impl IntakeForm {
    fn return_channel(&self) -> Channel {
        Channel::parse(self.return_channel.trim()).unwrap_or(Channel::Counter)
    }

    /// Sets a field the online form sent, by its name.
    fn set(&mut self, name: &str, value: String) {
        match name {
            "unit_id" => self.unit_id = value,
            "procedure_id" => self.procedure_id = value,
            "return_channel" => self.return_channel = value,
            "applicant" => self.applicant.applicant = value,
            "address" => self.applicant.address = value,
            "phone" => self.applicant.phone = value,
            "email" => self.applicant.email = value,
            _ => {}
        }
    }
}

async fn new_page(
    state: &AppState,
    signed: &Signed,
    form: IntakeForm,
    errors: Invalid,
) -> Result<NewPage, AppError> {
    Ok(NewPage {
        l: Layout::new(signed, "Tiếp nhận hồ sơ tại bộ phận một cửa", "/dossiers"),
        procedures: state.store.procedures(None).await?,
        communes: communes(state, signed).await?,
        form,
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<NewPage, AppError> {
    new_page(&state, &signed, IntakeForm::default(), Invalid::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<IntakeForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    if !may_take(user.role, "accept") {
        return Err(AppError::Forbidden(
            "Chỉ bộ phận một cửa tiếp nhận hồ sơ".into(),
        ));
    }
    let unit = Uuid::try_parse(f.unit_id.trim()).ok().or(user.unit_id);
    let procedure = Uuid::try_parse(f.procedure_id.trim()).ok();
    let channel = Channel::parse(f.channel.trim()).unwrap_or(Channel::Counter);
    let result = match (unit, procedure) {
        (None, _) => Err(AppError::Invalid(Invalid::one(
            "unit_id",
            "Chọn xã, phường",
        ))),
        (_, None) => Err(AppError::Invalid(Invalid::one(
            "procedure_id",
            "Chọn thủ tục hành chính",
        ))),
        (Some(unit), Some(procedure)) => {
            let commune = state.store.unit(&user.scope(), unit).await?;
            state
                .store
                .submit_dossier(
                    &user.actor(),
                    &user.scope(),
                    &Filing {
                        commune_id: unit,
                        procedure_id: procedure,
                        channel,
                        return_channel: f.return_channel(),
                        applicant: f.applicant.clone(),
                        files: Vec::new(),
                    },
                    now(),
                    &state.store.dossier_code_pattern(&commune).await?,
                    None,
                )
                .await
                .map_err(AppError::from)
        }
    };
    match result {
        Ok(d) => Ok(Redirect::to(&format!("/dossiers/{}", d.id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            new_page(&state, &signed, f, errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// A step the officer may take from here, with what it asks for.
pub struct Offer {
    pub code: &'static str,
    pub label: &'static str,
    pub reason: bool,
    pub agency: bool,
    pub new_due: bool,
    pub assignee: bool,
}

const OFFERS: &[(&str, &str, bool, bool, bool, bool)] = &[
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
#[template(path = "dossier_show.html")]
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
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
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
    Ok(ShowPage {
        l: Layout::new(signed, format!("Hồ sơ {}", d.code), "/dossiers"),
        overdue: d.due_at.is_some_and(|due| due < now) && d.finished_at.is_none(),
        papers: papers_of(&events),
        steps: step_lines(&d, &procedure, &events, &cal, now),
        files: state.store.dossier_files(&user.scope(), d.id).await?,
        d,
        procedure,
        events,
        offers,
        officers,
        errors,
    })
}

/// The per-step deadlines since the clock last started (at acceptance, or
/// when a supplement arrived, Art. 19(5)), and how each step kept its own.
fn step_lines(
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

pub async fn act(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<ActForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    if !may_take(user.role, &f.action) {
        return Err(AppError::Forbidden(
            "Vai trò của bạn không thực hiện bước này".into(),
        ));
    }
    let assignee = Uuid::try_parse(f.assignee.trim()).ok();
    let result = match f.action() {
        Err(e) => Err(AppError::Invalid(e)),
        Ok(action) => state
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
            .await
            .map_err(AppError::from),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/dossiers/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            show_page(&state, &signed, id, errors).await?,
        )
            .into_response()),
        Err(AppError::Conflict(errors)) => Ok((
            StatusCode::CONFLICT,
            show_page(&state, &signed, id, errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// The papers of forms 01–04, by the name in their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperKind {
    Receipt,
    Supplement,
    Refusal,
    Apology,
}

impl PaperKind {
    pub const ALL: [PaperKind; 4] = [
        PaperKind::Receipt,
        PaperKind::Supplement,
        PaperKind::Refusal,
        PaperKind::Apology,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PaperKind::Receipt => "tiep-nhan",
            PaperKind::Supplement => "bo-sung",
            PaperKind::Refusal => "tu-choi",
            PaperKind::Apology => "xin-loi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaperKind::Receipt => "Giấy tiếp nhận và hẹn trả kết quả",
            PaperKind::Supplement => "Phiếu yêu cầu bổ sung hồ sơ",
            PaperKind::Refusal => "Phiếu từ chối tiếp nhận",
            PaperKind::Apology => "Phiếu xin lỗi và hẹn lại",
        }
    }

    /// The timeline's steps that give rise to the paper.
    fn actions(self) -> &'static [&'static str] {
        match self {
            PaperKind::Receipt => &["accept"],
            PaperKind::Supplement => &["intake_supplement", "request_supplement"],
            PaperKind::Refusal => &["refuse"],
            PaperKind::Apology => &["apologise"],
        }
    }

    fn parse(s: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == s)
            .ok_or_else(|| AppError::NotFound("Không có mẫu phiếu này".into()))
    }
}

/// The papers a dossier has, from its timeline.
pub fn papers_of(events: &[DossierEvent]) -> Vec<PaperKind> {
    PaperKind::ALL
        .into_iter()
        .filter(|k| {
            events
                .iter()
                .any(|e| k.actions().contains(&e.action.as_str()))
        })
        .collect()
}

/// Where the public lookup lives, for the QR code: only the configured
/// public address. A `Host` header is the client's to choose, and a QR
/// code printed from it could send citizens elsewhere.
fn public_base(state: &AppState) -> Option<String> {
    state
        .config
        .public_url
        .as_ref()
        .map(|u| u.trim_end_matches('/').to_owned())
}

/// The public lookup of a dossier with its key, as its QR code opens it.
fn lookup_url(base: &str, d: &Dossier) -> String {
    format!("{base}/tra-cuu?ma={}&khoa={}", d.code, d.lookup_key)
}

async fn paper_of(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    kind: &str,
) -> Result<(Paper, String), AppError> {
    use xaphuong_report::paper;
    let kind = PaperKind::parse(kind)?;
    let user = signed.user();
    let d = state.store.dossier(&user.scope(), id).await?;
    let procedure = state.store.procedure(d.procedure_id).await?;
    let unit = state.store.unit(&user.scope(), d.commune_id).await?;
    let events = state.store.dossier_events(d.id).await?;
    let Some(pos) = events
        .iter()
        .rposition(|e| kind.actions().contains(&e.action.as_str()))
    else {
        return Err(AppError::NotFound(format!(
            "Hồ sơ {} chưa có «{}»",
            d.code,
            kind.label()
        )));
    };
    let event = &events[pos];
    let when = |t: &Option<DateTime>| {
        t.as_ref()
            .map(|t| t.strftime("%H giờ %M phút, ngày %d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let at = |s: &Option<String>| when(&s.as_deref().and_then(|s| s.parse().ok()));
    let facts = paper::DossierFacts {
        unit_name: unit.name.clone(),
        code: d.code.clone(),
        applicant: d.applicant.clone(),
        address: d.address.clone(),
        phone: d.phone.clone(),
        email: d.email.clone(),
        procedure: procedure.name.clone(),
        papers: procedure.papers.clone(),
        time_text: procedure.time_text.clone(),
        submitted_at: when(&Some(d.submitted_at)),
        received_at: when(&d.received_at),
        due_at: when(&d.due_at),
        lookup: public_base(state).map(|base| lookup_url(&base, &d)),
        lookup_key: xaphuong_core::onestop::code::show_lookup_key(&d.lookup_key),
    };
    let today = event
        .at
        .parse::<DateTime>()
        .map(|t| t.date())
        .unwrap_or_else(|_| now().date());
    let p = match kind {
        PaperKind::Receipt => paper::receipt(
            &facts,
            today,
            &paper::return_place(d.return_channel, &unit.name, &d.address),
        ),
        PaperKind::Supplement => paper::supplement_request(&facts, today, &event.note),
        PaperKind::Refusal => paper::refusal(&facts, today, &event.note),
        PaperKind::Apology => {
            // The due date the apology replaced: the last one set before it.
            let old = events[..pos].iter().rev().find_map(|e| e.due_at.clone());
            paper::apology(&facts, today, &event.note, &at(&old), &at(&event.due_at))
        }
    };
    Ok((p, format!("{}-{}", kind.slug(), d.code)))
}

#[derive(Template, WebTemplate)]
#[template(path = "paper.html")]
pub struct PaperPage {
    p: Paper,
    qr: String,
    docx: String,
}

/// A paper of forms 01–04, printable on A5.
pub async fn paper(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, kind)): Path<(Uuid, String)>,
) -> Result<PaperPage, AppError> {
    let (p, _) = paper_of(&state, &signed, id, &kind).await?;
    let qr = match &p.lookup {
        Some(url) => xaphuong_report::paper::qr_svg(url, 110).map_err(AppError::internal)?,
        None => String::new(),
    };
    Ok(PaperPage {
        p,
        qr,
        docx: format!("/dossiers/{id}/phieu/{kind}/docx"),
    })
}

/// The same paper as a Word document.
pub async fn paper_docx(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, kind)): Path<(Uuid, String)>,
) -> Result<Response, AppError> {
    let (p, name) = paper_of(&state, &signed, id, &kind).await?;
    let bytes = xaphuong_report::paper::docx(&p).map_err(AppError::internal)?;
    Ok(crate::page::download(
        &format!("{name}.docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        bytes,
    ))
}

#[derive(Deserialize, Default)]
pub struct LookupQuery {
    pub ma: Option<String>,
    /// The lookup key printed on the receipt.
    pub khoa: Option<String>,
    #[serde(rename = "danh-gia")]
    pub danh_gia: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "lookup.html")]
pub struct LookupPage {
    csrf: String,
    code: String,
    key: String,
    found: Option<Dossier>,
    /// With the right key: the procedure, the masked name, the rating.
    detailed: bool,
    masked: String,
    message: String,
    rated: bool,
}

/// The one answer for a code that does not exist and for a key that does
/// not match: the page must not tell which codes exist.
const NOT_FOUND: &str = "Không tìm thấy hồ sơ có mã (và mã tra cứu) này";

/// What the public may see of a dossier: by code alone its status and due
/// date; with the receipt's key also its procedure and the masked name.
/// `None` for an unknown code or a wrong key alike.
async fn public_dossier(
    state: &AppState,
    code: &str,
    key: &str,
) -> Result<Option<(Dossier, bool)>, AppError> {
    if !looks_like_code(code) {
        return Ok(None);
    }
    let found = match state.store.dossier_by_code(code).await {
        Ok(d) => d,
        Err(xaphuong_store::StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if key.trim().is_empty() {
        return Ok(Some((found, false)));
    }
    Ok(same_lookup_key(key, &found.lookup_key).then_some((found, true)))
}

/// The public lookup by dossier code (and key): status, due date and, with
/// the key, the procedure and the applicant's name masked. No account
/// needed.
pub async fn lookup(
    State(state): State<AppState>,
    signed: Option<Signed>,
    client: crate::auth::Client,
    jar: axum_extra::extract::CookieJar,
    Query(q): Query<LookupQuery>,
) -> Result<Response, AppError> {
    let (jar, csrf) = match &signed {
        Some(s) => (jar, s.csrf().to_owned()),
        None => crate::auth::login_csrf(&state, jar),
    };
    let code = q.ma.unwrap_or_default().trim().to_owned();
    let key = q.khoa.unwrap_or_default().trim().to_owned();
    let mut page = LookupPage {
        csrf,
        found: None,
        detailed: false,
        masked: String::new(),
        message: String::new(),
        rated: q.danh_gia.is_some(),
        code: code.clone(),
        key: key.clone(),
    };
    if code.is_empty() {
        return Ok((jar, page).into_response());
    }
    if state.lookups.check_key(&client.address).is_err() {
        page.message =
            "Bạn tra cứu quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.".into();
        return Ok((StatusCode::TOO_MANY_REQUESTS, jar, page).into_response());
    }
    if state.lookups.len() > 10_000 {
        state.lookups.retain_recent();
    }
    if !looks_like_code(&code) {
        page.message = "Mã hồ sơ không đúng dạng (ví dụ 000.00.00.X01843-261130-0001)".into();
        return Ok((jar, page).into_response());
    }
    match public_dossier(&state, &code, &key).await? {
        Some((d, detailed)) => {
            if detailed {
                page.masked = mask_name(&d.applicant);
            }
            page.detailed = detailed;
            page.found = Some(d);
        }
        None => page.message = NOT_FOUND.into(),
    }
    Ok((jar, page).into_response())
}

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    pub ma: String,
    /// The lookup key printed on the receipt.
    #[serde(default)]
    pub khoa: String,
    /// rat_hai_long | hai_long | khong_hai_long
    #[serde(default)]
    pub muc: String,
    #[serde(default)]
    pub y_kien: String,
}

/// The citizen's rating after the result is returned (NĐ 118/2025 Art.
/// 33), on the three-level scale counters use. Only the holder of the
/// receipt's key may rate.
pub async fn rate(
    State(state): State<AppState>,
    client: crate::auth::Client,
    Form(f): Form<RateForm>,
) -> Result<Response, AppError> {
    // Ratings share the public quota: unthrottled, they could be sent by
    // the thousand to learn which codes exist.
    if state.lookups.check_key(&client.address).is_err() {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            "Bạn gửi quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.",
        )
            .into_response());
    }
    if !["rat_hai_long", "hai_long", "khong_hai_long"].contains(&f.muc.as_str()) {
        return Err(AppError::Invalid(Invalid::one("muc", "Chọn mức hài lòng")));
    }
    let d = match public_dossier(&state, f.ma.trim(), &f.khoa).await? {
        Some((d, true)) => d,
        _ => return Err(AppError::Invalid(Invalid::one("khoa", NOT_FOUND))),
    };
    match state
        .store
        .rate_dossier(
            &d.code,
            "3 mức: rất hài lòng / hài lòng / không hài lòng",
            &f.muc,
            &f.y_kien,
            jiff::Timestamp::now(),
        )
        .await
    {
        // The stored code and key, never the text as sent, go back into
        // the address.
        Ok(()) => Ok(Redirect::to(&format!(
            "/tra-cuu?ma={}&khoa={}&danh-gia=1",
            d.code, d.lookup_key
        ))
        .into_response()),
        Err(e) => {
            let problems = field_problems(e)?;
            Err(AppError::Invalid(problems))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "submit_online.html")]
pub struct SubmitPage {
    csrf: String,
    communes: Vec<Unit>,
    procedures: Vec<Procedure>,
    form: IntakeForm,
    errors: Invalid,
    /// The code and lookup key of the dossier just filed.
    code: Option<(String, String)>,
}

/// A lookup key as printed, for templates.
pub fn show_key(key: &str) -> String {
    show_lookup_key(key)
}

impl SubmitPage {
    fn error(&self, field: &str) -> &str {
        self.errors.message_for(field).unwrap_or_default()
    }
}

async fn submit_page(
    state: &AppState,
    csrf: String,
    form: IntakeForm,
    errors: Invalid,
    code: Option<(String, String)>,
) -> Result<SubmitPage, AppError> {
    let communes = state
        .store
        .units(
            &Scope::All,
            &xaphuong_store::units::UnitFilter {
                level: Some(Level::Commune),
                per_page: Some(xaphuong_store::MAX_PER_PAGE),
                ..Default::default()
            },
        )
        .await?
        .items;
    Ok(SubmitPage {
        csrf,
        communes,
        procedures: state.store.procedures(None).await?,
        form,
        errors,
        code,
    })
}

fn form_token(
    state: &AppState,
    signed: &Option<Signed>,
    jar: axum_extra::extract::CookieJar,
) -> (axum_extra::extract::CookieJar, String) {
    match signed {
        Some(s) => (jar, s.csrf().to_owned()),
        None => crate::auth::login_csrf(state, jar),
    }
}

/// The citizen's online filing, no account needed: the dossier waits as
/// "Mới đăng ký" until the counter accepts it or asks for more (within 8
/// working hours, NĐ 118/2025 Art. 17(2)).
pub async fn submit_form(
    State(state): State<AppState>,
    signed: Option<Signed>,
    jar: axum_extra::extract::CookieJar,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    let page = submit_page(
        &state,
        csrf,
        IntakeForm::default(),
        Invalid::default(),
        None,
    )
    .await?;
    Ok((jar, page).into_response())
}

/// All an anonymous online filing may send, papers included.
pub const ONLINE_LIMIT: usize = 10 * 1024 * 1024;

pub async fn submit_online(
    State(state): State<AppState>,
    signed: Option<Signed>,
    client: crate::auth::Client,
    jar: axum_extra::extract::CookieJar,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    // Both checks come before a byte of the body is read.
    if state.lookups.check_key(&client.address).is_err() {
        let mut errors = Invalid::default();
        errors.push(
            "form",
            "Bạn gửi quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.",
        );
        let page = submit_page(&state, csrf, IntakeForm::default(), errors, None).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, jar, page).into_response());
    }
    let too_large = || {
        Invalid::one(
            "files",
            format!(
                "Hồ sơ gửi lên quá lớn: các tệp đính kèm cộng lại tối đa {} MB",
                ONLINE_LIMIT / (1024 * 1024)
            ),
        )
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > ONLINE_LIMIT) {
        let page = submit_page(&state, csrf, IntakeForm::default(), too_large(), None).await?;
        return Ok((StatusCode::PAYLOAD_TOO_LARGE, jar, page).into_response());
    }
    let mut f = IntakeForm::default();
    let mut files = Vec::new();
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được hồ sơ gửi lên: {e}"))
    };
    // A body without a declared length is counted as it comes.
    let mut read = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                read += chunk.len();
                if read > ONLINE_LIMIT {
                    let page = submit_page(&state, csrf, f, too_large(), None).await?;
                    return Ok((StatusCode::PAYLOAD_TOO_LARGE, jar, page).into_response());
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends one empty part.
            if !(file_name.is_empty() && bytes.is_empty()) {
                files.push((file_name, bytes));
            }
        } else {
            let text = field.text().await.map_err(unreadable)?;
            read += text.len();
            f.set(&name, text);
        }
    }
    let unit = Uuid::try_parse(f.unit_id.trim()).ok();
    let procedure = Uuid::try_parse(f.procedure_id.trim()).ok();
    let result = match (unit, procedure) {
        (None, _) => Err(AppError::Invalid(Invalid::one(
            "unit_id",
            "Chọn xã, phường nhận hồ sơ",
        ))),
        (_, None) => Err(AppError::Invalid(Invalid::one(
            "procedure_id",
            "Chọn thủ tục hành chính",
        ))),
        (Some(unit), Some(procedure)) => match state.store.unit(&Scope::All, unit).await {
            Err(_) => Err(AppError::Invalid(Invalid::one(
                "unit_id",
                "Chọn xã, phường nhận hồ sơ",
            ))),
            Ok(commune) => state
                .store
                .submit_dossier(
                    &xaphuong_core::audit::Actor::system("công dân nộp trực tuyến"),
                    &Scope::All,
                    &Filing {
                        commune_id: unit,
                        procedure_id: procedure,
                        channel: Channel::Online,
                        return_channel: f.return_channel(),
                        applicant: f.applicant.clone(),
                        files,
                    },
                    now(),
                    &state.store.dossier_code_pattern(&commune).await?,
                    None,
                )
                .await
                .map_err(AppError::from),
        },
    };
    match result {
        Ok(d) => {
            let page = submit_page(
                &state,
                csrf,
                IntakeForm::default(),
                Invalid::default(),
                Some((d.code, d.lookup_key)),
            )
            .await?;
            Ok((jar, page).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let page = submit_page(&state, csrf, f, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct StatsQuery {
    /// YYYY-MM-DD (default: 1 January of this year).
    pub from: Option<String>,
    /// YYYY-MM-DD (default: today).
    pub to: Option<String>,
    /// A unit inside the officer's scope (default: all of it).
    pub unit: Option<String>,
    pub field: Option<String>,
    pub procedure: Option<String>,
}

/// The statistics' period, scope and filter, read and checked once for the
/// page and its export.
struct StatsView {
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    scope: Scope,
    filter: StatsFilter,
}

impl StatsQuery {
    async fn view(&self, state: &AppState, signed: &Signed) -> Result<StatsView, AppError> {
        let (from, to) = self.period()?;
        let mut scope = signed.user().scope();
        if let Some(id) = parse_param(&self.unit, "unit", "Đơn vị không hợp lệ", |s| {
            Uuid::try_parse(s).ok()
        })? {
            let unit = state.store.unit(&scope, id).await?;
            scope = Scope::Subtree(unit.path);
        }
        let filter = StatsFilter {
            field: non_empty(&self.field),
            procedure: parse_param(
                &self.procedure,
                "procedure",
                "Thủ tục không hợp lệ",
                |s| Uuid::try_parse(s).ok(),
            )?,
        };
        Ok(StatsView {
            from,
            to,
            scope,
            filter,
        })
    }

    /// The query string that keeps the filter, for the export link.
    pub fn query_string(&self) -> String {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("unit", &self.unit),
            ("field", &self.field),
            ("procedure", &self.procedure),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{k}={}", urlencoding(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// Percent-encodes a query value.
fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl StatsQuery {
    fn period(&self) -> Result<(jiff::civil::Date, jiff::civil::Date), AppError> {
        let today = crate::page::today();
        let day = |v: &Option<String>, field: &str, default: jiff::civil::Date| match non_empty(v) {
            None => Ok(default),
            Some(s) => s.parse::<jiff::civil::Date>().map_err(|_| {
                AppError::Invalid(Invalid::one(field, "Ngày không hợp lệ (YYYY-MM-DD)"))
            }),
        };
        let from = day(&self.from, "from", jiff::civil::date(today.year(), 1, 1))?;
        let to = day(&self.to, "to", today)?;
        if to < from {
            return Err(AppError::Invalid(Invalid::one(
                "to",
                "Ngày cuối kỳ trước ngày đầu kỳ",
            )));
        }
        Ok((from, to))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_stats.html")]
pub struct StatsPage {
    l: Layout,
    q: StatsQuery,
    from: String,
    to: String,
    rows: Vec<xaphuong_core::onestop::stats::Row>,
    total: xaphuong_core::onestop::stats::Row,
    rate: String,
    index: xaphuong_core::onestop::stats::Index766,
    ratings: (i64, i64),
    late: Vec<Dossier>,
    late_total: i64,
    communes: Vec<Unit>,
    fields: Vec<String>,
    procedures: Vec<Procedure>,
}

impl StatsPage {
    fn pct(q: &Option<xaphuong_core::indicators::Quantity>) -> String {
        q.map_or("—".into(), |q| format!("{q}%"))
    }
}

/// Late dossiers listed on the page at most.
const LATE_SHOWN: i64 = 200;

/// Biểu số 06/VPCP/KSTT for a period, unit, field or procedure: received,
/// resolved and pending dossiers by field; the 766 measures; the late
/// dossiers and whether each had its apology.
pub async fn stats(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> Result<StatsPage, AppError> {
    let v = q.view(&state, &signed).await?;
    let b = state
        .store
        .dossier_stats(&v.scope, v.from, v.to, &v.filter)
        .await?;
    let (rows, total, ratings) = (b.rows, b.total, (b.rated, b.dissatisfied));
    let (late, late_total) = state
        .store
        .late_dossiers(&v.scope, v.from, v.to, &v.filter, LATE_SHOWN)
        .await?;
    Ok(StatsPage {
        l: Layout::new(
            &signed,
            "Thống kê giải quyết thủ tục hành chính",
            "/dossiers",
        ),
        from: v.from.to_string(),
        to: v.to.to_string(),
        rate: total.on_time_rate().map_or("—".into(), |r| format!("{r}%")),
        index: xaphuong_core::onestop::stats::index_766(&total, ratings.0, ratings.1),
        ratings,
        rows,
        total,
        late,
        late_total,
        communes: communes(&state, &signed).await?,
        fields: state.store.procedure_fields().await?,
        procedures: state.store.procedures(None).await?,
        q,
    })
}

pub async fn stats_export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::xlsx::{Cell, workbook};
    let v = q.view(&state, &signed).await?;
    let (from, to) = (v.from, v.to);
    let b = state
        .store
        .dossier_stats(&v.scope, from, to, &v.filter)
        .await?;
    let (rows, total) = (b.rows, b.total);
    let headers = [
        ("STT", 6.0),
        ("Lĩnh vực", 28.0),
        ("Nhận: tổng số", 10.0),
        ("Nhận: trực tuyến", 10.0),
        ("Nhận: trực tiếp, bưu chính", 12.0),
        ("Nhận: từ kỳ trước", 10.0),
        ("Đã giải quyết: tổng số", 12.0),
        ("Trước hạn", 10.0),
        ("Đúng hạn", 10.0),
        ("Quá hạn", 10.0),
        ("Đang giải quyết: tổng số", 12.0),
        ("Trong hạn", 10.0),
        ("Quá hạn (đang giải quyết)", 12.0),
    ];
    let n = |v: i64| Cell::Number(v as f64);
    let line = |i: Option<usize>, r: &xaphuong_core::onestop::stats::Row| {
        vec![
            i.map_or(Cell::Empty, |i| Cell::Number(i as f64)),
            Cell::from(r.field.clone()),
            n(r.received()),
            n(r.online),
            n(r.counter_or_post),
            n(r.carried_over),
            n(r.resolved()),
            n(r.early),
            n(r.on_time),
            n(r.late),
            n(r.pending()),
            n(r.pending_in_time),
            n(r.pending_overdue),
        ]
    };
    let mut out: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| line(Some(i + 1), r))
        .collect();
    out.push(line(None, &total));
    let title = format!(
        "BIỂU SỐ 06/VPCP/KSTT — TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC, từ {} đến {}",
        from.strftime("%d/%m/%Y"),
        to.strftime("%d/%m/%Y")
    );
    let bytes = workbook("Biểu 06", &title, &headers, out).map_err(AppError::internal)?;
    Ok(crate::page::xlsx_download("bieu-06-vpcp-kstt.xlsx", bytes))
}

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    pub unit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_code.html")]
pub struct CodePage {
    l: Layout,
    communes: Vec<Unit>,
    unit: Unit,
    input: xaphuong_core::onestop::code::CodePatternInput,
    example: String,
    errors: Invalid,
    saved: bool,
}

impl CodePage {
    fn error(&self, field: &str) -> &str {
        self.errors.message_for(field).unwrap_or_default()
    }
}

async fn code_page(
    state: &AppState,
    signed: &Signed,
    unit: Option<Uuid>,
    input: Option<xaphuong_core::onestop::code::CodePatternInput>,
    errors: Invalid,
) -> Result<CodePage, AppError> {
    let communes = communes(state, signed).await?;
    let unit = match unit.or(signed.user().unit_id) {
        Some(id) => communes.iter().find(|u| u.id == id).cloned(),
        None => communes.first().cloned(),
    }
    .ok_or_else(|| AppError::NotFound("Không có xã, phường nào trong phạm vi quản lý".into()))?;
    let pattern = state.store.dossier_code_pattern(&unit).await?;
    Ok(CodePage {
        l: Layout::new(signed, "Mã số hồ sơ", "/dossiers"),
        example: pattern.format(now().date(), 1),
        input: input
            .unwrap_or_else(|| xaphuong_core::onestop::code::CodePatternInput::of(&pattern)),
        communes,
        unit,
        errors,
        saved: false,
    })
}

/// The commune's dossier code pattern (NĐ 118/2025 Art. 28): its mã định
/// danh (QĐ 20/2020/QĐ-TTg) and the layout of date and number.
pub async fn code_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<CodeQuery>,
) -> Result<CodePage, AppError> {
    let unit = parse_param(&q.unit, "unit", "Đơn vị không hợp lệ", |s| {
        Uuid::try_parse(s).ok()
    })?;
    code_page(&state, &signed, unit, None, Invalid::default()).await
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    pub unit: String,
    #[serde(flatten)]
    pub pattern: xaphuong_core::onestop::code::CodePatternInput,
}

pub async fn code_save(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = Uuid::try_parse(f.unit.trim())
        .map_err(|_| AppError::Invalid(Invalid::one("unit", "Chọn xã, phường")))?;
    match state
        .store
        .set_dossier_code_pattern(&user.actor(), &user.scope(), unit, &f.pattern)
        .await
    {
        Ok(_) => {
            let mut page = code_page(&state, &signed, Some(unit), None, Invalid::default()).await?;
            page.saved = true;
            Ok(page.into_response())
        }
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                code_page(&state, &signed, Some(unit), Some(f.pattern), errors).await?,
            )
                .into_response())
        }
    }
}
