//! The urban-order violation register: list, case page with its steps,
//! forms, export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Multipart;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::units::Level;
use xaphuong_core::violations::{self as rules, CaseInput, Kind, State as CaseState, Step};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::units::Unit;
use xaphuong_store::violations::{Attachment, RecordedEvent, Violation};

use super::{ListQuery, StepForm};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::forms::Placed;
use crate::page::{Layout, Pager, today};
use crate::places::places;

fn dmy(d: Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

pub struct Row {
    pub v: Violation,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "violations/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Row>,
    pager: Pager,
    export: String,
    states: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    groups: Vec<Unit>,
    counts: Vec<(&'static str, i64)>,
    can_manage: bool,
}

impl ListPage {
    fn selected(v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let ls = crate::places::list_scope(&state, &signed, &q.former).await?;
    let scope = ls.scope.clone();
    let page = state.store.violations(&scope, &f).await?;
    let counts = match f.year {
        Some(y) => state
            .store
            .violation_counts(&scope, y)
            .await?
            .into_iter()
            .map(|(s, n)| (s.label(), n))
            .collect(),
        None => Vec::new(),
    };
    let pager = Pager::new(&page, &q.params());
    let now = today();
    Ok(ListPage {
        l: Layout::new(
            &signed,
            "Vi phạm trật tự xây dựng, lấn chiếm",
            "/violations",
        )
        .with_formers(&ls),
        export: pager.base.clone(),
        rows: page
            .items
            .into_iter()
            .map(|v| Row {
                overdue: rules::is_overdue(v.state, v.deadline, now),
                v,
            })
            .collect(),
        pager,
        states: CaseState::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        kinds: Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        groups: places(
            &state,
            &signed,
            q.group
                .as_deref()
                .and_then(|g| Uuid::try_parse(g.trim()).ok()),
        )
        .await?
        .into_iter()
        .filter(|u| u.level == Level::Group)
        .collect(),
        counts,
        can_manage: signed.user().role.allows(Permission::ManageViolations),
        q,
    })
}

/// The register as an Excel workbook, with the list's filters.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::violations::Violations;
    let f = q.filter()?;
    let ls = crate::places::list_scope(&state, &signed, &q.former).await?;
    let scope = ls.scope.clone();
    let now = today();
    let title = format!(
        "SỔ THEO DÕI VI PHẠM TRẬT TỰ XÂY DỰNG, LẤN CHIẾM — xuất ngày {}",
        dmy(now)
    );
    crate::page::register_export::<Violations, _>(
        "vi-pham-trat-tu-xay-dung.xlsx",
        &title,
        state.store.violation_register(&scope, &f),
        |v: &Violation, c| match c.field {
            "detected_on" => Cell::from(dmy(v.detected_on)),
            "offender" => Cell::from(v.offender.as_str()),
            "address" => Cell::from(v.address.as_str()),
            "group" => Cell::from(v.group_name.clone()),
            "kind" => Cell::from(v.kind.label()),
            "description" => Cell::from(v.description.as_str()),
            "state" if rules::is_overdue(v.state, v.deadline, now) => {
                Cell::from(format!("{} (quá hạn)", v.state.label()))
            }
            "state" => Cell::from(v.state.label()),
            "deadline" => Cell::from(v.deadline.map(dmy)),
            "resolved_on" => Cell::from(v.resolved_on.map(dmy)),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "violations/show.html")]
pub struct ShowPage {
    l: Layout,
    v: Violation,
    overdue: bool,
    events: Vec<RecordedEvent>,
    attachments: Vec<Attachment>,
    steps: Vec<(&'static str, &'static str)>,
    form: StepForm,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    form: StepForm,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let v = state.store.violation(&scope, id).await?;
    let events = state.store.violation_events(&scope, id).await?;
    let attachments = state.store.violation_attachments(&scope, id).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        attachments,
        l: Layout::new(signed, v.offender.clone(), "/violations"),
        overdue: rules::is_overdue(v.state, v.deadline, today()),
        steps: Step::ALL
            .iter()
            .filter(|s| rules::next_state(v.state, **s).is_ok())
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        v,
        events,
        form,
        errors,
        can_manage: role.allows(Permission::ManageViolations),
        can_audit: role.allows(Permission::ViewAudit),
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    show_page(
        &state,
        &signed,
        id,
        StepForm {
            on: today().to_string(),
            ..StepForm::default()
        },
        Invalid::default(),
    )
    .await
}

pub async fn add_step(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let result = match f.event() {
        Ok(event) => match state
            .store
            .add_violation_event(
                &user.actor(),
                &user.scope(),
                id,
                &event,
                today(),
                crate::page::seen(&f.version),
            )
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/violations/{id}")).into_response()),
            Err(e) => field_problems(e)?,
        },
        Err(e) => e,
    };
    let status = crate::error::form_status(&result);
    let page = show_page(&state, &signed, id, f, result).await?;
    Ok((status, page).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "violations/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    input: CaseInput,
    unit_id: String,
    places: Vec<Unit>,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Invalid,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    input: CaseInput,
    unit_id: String,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = if id.is_some() {
        "Sửa vụ vi phạm"
    } else {
        "Thêm vụ vi phạm"
    };
    let places = places(state, signed, uuid::Uuid::try_parse(unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/violations"),
        id,
        input,
        unit_id,
        places,
        kinds: Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let input = CaseInput {
        detected_on: today().to_string(),
        ..CaseInput::default()
    };
    let unit = signed
        .user()
        .unit_id
        .map(|u| u.to_string())
        .unwrap_or_default();
    form_page(&state, &signed, None, input, unit, Invalid::default()).await
}

async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &Placed<CaseInput>,
) -> Result<Result<Violation, Invalid>, AppError> {
    let user = signed.user();
    let unit = match f.unit() {
        Ok(u) => u,
        Err(e) => return Ok(Err(e)),
    };
    let saved = match id {
        Some(id) => {
            state
                .store
                .update_violation(&user.actor(), &user.scope(), id, unit, &f.input, today())
                .await
        }
        None => {
            state
                .store
                .create_violation(&user.actor(), &user.scope(), unit, &f.input, today())
                .await
        }
    };
    match saved {
        Ok(v) => Ok(Ok(v)),
        Err(e) => Ok(Err(field_problems(e)?)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<Placed<CaseInput>>,
) -> Result<Response, AppError> {
    match save(&state, &signed, None, &f).await? {
        Ok(v) => Ok(Redirect::to(&format!("/violations/{}", v.id)).into_response()),
        Err(errors) => {
            let page = form_page(
                &state,
                &signed,
                None,
                f.input.clone(),
                f.unit_id.clone(),
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let v = state.store.violation(&signed.user().scope(), id).await?;
    let input = CaseInput {
        kind: v.kind.as_str().into(),
        offender: v.offender,
        address: v.address,
        description: v.description,
        detected_on: v.detected_on.to_string(),
    };
    form_page(
        &state,
        &signed,
        Some(id),
        input,
        v.group_id.unwrap_or(v.commune_id).to_string(),
        Invalid::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<Placed<CaseInput>>,
) -> Result<Response, AppError> {
    match save(&state, &signed, Some(id), &f).await? {
        Ok(_) => Ok(Redirect::to(&format!("/violations/{id}")).into_response()),
        Err(errors) => {
            let page = form_page(
                &state,
                &signed,
                Some(id),
                f.input.clone(),
                f.unit_id.clone(),
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_violation(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/violations").into_response())
}

/// Uploads a photo or a PDF to a case (the form's `file` field).
pub async fn attach(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let user = signed.user();
    let mut errors = Invalid::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}")))?;
        if let Err(e) = state
            .store
            .attach_to_violation(&user.actor(), &user.scope(), id, &name, &bytes)
            .await
        {
            errors = field_problems(e)?;
        }
    }
    if errors.is_empty() {
        return Ok(Redirect::to(&format!("/violations/{id}")).into_response());
    }
    let form = StepForm {
        on: today().to_string(),
        ..StepForm::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        show_page(&state, &signed, id, form, errors).await?,
    )
        .into_response())
}

/// The attachment itself, shown in the browser.
pub async fn attachment(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, attachment_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let (a, data) = state
        .store
        .violation_attachment(&signed.user().scope(), id, attachment_id)
        .await?;
    let disposition = format!(
        "inline; filename*=UTF-8''{}",
        form_urlencoded::byte_serialize(a.file_name.as_bytes()).collect::<String>()
    );
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        data,
    )
        .into_response())
}

pub async fn delete_attachment(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, attachment_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_violation_attachment(&user.actor(), &user.scope(), id, attachment_id)
        .await?;
    Ok(Redirect::to(&format!("/violations/{id}")).into_response())
}
