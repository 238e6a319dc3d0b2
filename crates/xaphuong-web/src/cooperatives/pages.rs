//! The cooperatives register: list, record page with its form, its grades
//! and supports, new form, export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::cooperatives::{
    CooperativeInput, CooperativeStatus, Grade, GradeInput, SupportInput,
};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::cooperatives::{Cooperative, CooperativeGrade, CooperativeSupport};
use xaphuong_store::units::Unit;

use super::{CooperativeForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};
use crate::places::places;

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    CooperativeStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

fn grades() -> Vec<(&'static str, &'static str)> {
    Grade::ALL.iter().map(|g| (g.as_str(), g.label())).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "cooperatives/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Cooperative>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let page = state.store.cooperatives(&signed.user().scope(), &f).await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Hợp tác xã", "/cooperatives"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        statuses: statuses(),
        can_manage: may_manage(&signed),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "cooperatives/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    c: Option<Cooperative>,
    f: CooperativeForm,
    unit_id: String,
    places: Vec<Unit>,
    statuses: Vec<(&'static str, &'static str)>,
    grades: Vec<(&'static str, &'static str)>,
    errors: Invalid,
    /// The record's grades and supports, latest year first.
    graded: Vec<CooperativeGrade>,
    supports: Vec<CooperativeSupport>,
    /// The grade and support forms as typed, with their problems.
    g: GradeInput,
    grade_errors: Invalid,
    s: SupportInput,
    support_errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

/// What the record page's two smaller forms hold.
#[derive(Default)]
struct Sections {
    g: GradeInput,
    grade_errors: Invalid,
    s: SupportInput,
    support_errors: Invalid,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    c: Option<Cooperative>,
    f: CooperativeForm,
    errors: Invalid,
    sections: Sections,
) -> Result<FormPage, AppError> {
    let title = c
        .as_ref()
        .map_or_else(|| "Thêm hợp tác xã".to_owned(), |c| c.name.clone());
    let places = places(state, signed, Uuid::try_parse(f.unit_id.trim()).ok()).await?;
    let scope = signed.user().scope();
    let (graded, supports) = match &c {
        Some(c) => (
            state.store.cooperative_grades(&scope, c.id).await?,
            state.store.cooperative_supports(&scope, c.id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let year = today().year().to_string();
    let Sections {
        mut g,
        grade_errors,
        mut s,
        support_errors,
    } = sections;
    if g.year.is_empty() {
        g.year.clone_from(&year);
    }
    if s.year.is_empty() {
        s.year = year;
    }
    Ok(FormPage {
        l: Layout::new(signed, title, "/cooperatives"),
        id: c.as_ref().map(|c| c.id),
        c,
        unit_id: f.unit_id.clone(),
        f,
        places,
        statuses: statuses(),
        grades: grades(),
        errors,
        graded,
        supports,
        g,
        grade_errors,
        s,
        support_errors,
        can_manage: may_manage(signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let f = CooperativeForm {
        unit_id: signed
            .user()
            .unit_id
            .map(|u| u.to_string())
            .unwrap_or_default(),
        input: CooperativeInput {
            founded_on: today().to_string(),
            status: CooperativeStatus::Active.as_str().into(),
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(
        &state,
        &signed,
        None,
        f,
        Invalid::default(),
        Sections::default(),
    )
    .await
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let c = state.store.cooperative(&signed.user().scope(), id).await?;
    let f = CooperativeForm::of(&c);
    form_page(
        &state,
        &signed,
        Some(c),
        f,
        Invalid::default(),
        Sections::default(),
    )
    .await
}

async fn saved(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: CooperativeForm,
) -> Result<Response, AppError> {
    match save(state, signed, id, &f).await {
        Ok(c) => Ok(Redirect::to(&format!("/cooperatives/{}", c.id)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            let c = match id {
                Some(id) => Some(state.store.cooperative(&signed.user().scope(), id).await?),
                None => None,
            };
            let page = form_page(state, signed, c, f, errors, Sections::default()).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<CooperativeForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<CooperativeForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, Some(id), f).await
}

pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_cooperative(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/cooperatives").into_response())
}

/// The record page again, as it is, with the problems of one of its
/// smaller forms.
async fn refused(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    sections: Sections,
) -> Result<Response, AppError> {
    let c = state.store.cooperative(&signed.user().scope(), id).await?;
    let f = CooperativeForm::of(&c);
    let page = form_page(state, signed, Some(c), f, Invalid::default(), sections).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Records the cooperative's classification of a year.
pub async fn set_grade(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(g): Form<GradeInput>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let done = state
        .store
        .set_cooperative_grade(&user.actor(), &user.scope(), id, &g, today())
        .await;
    match done.map_err(AppError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/cooperatives/{id}#xep-loai")).into_response()),
        Err(AppError::Invalid(grade_errors)) => {
            let sections = Sections {
                g,
                grade_errors,
                ..Default::default()
            };
            refused(&state, &signed, id, sections).await
        }
        Err(e) => Err(e),
    }
}

/// Records a support the cooperative received.
pub async fn add_support(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(s): Form<SupportInput>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let done = state
        .store
        .add_cooperative_support(&user.actor(), &user.scope(), id, &s, today())
        .await;
    match done.map_err(AppError::from) {
        Ok(_) => Ok(Redirect::to(&format!("/cooperatives/{id}#ho-tro")).into_response()),
        Err(AppError::Invalid(support_errors)) => {
            let sections = Sections {
                s,
                support_errors,
                ..Default::default()
            };
            refused(&state, &signed, id, sections).await
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_support(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, support_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_cooperative_support(&user.actor(), &user.scope(), id, support_id)
        .await?;
    Ok(Redirect::to(&format!("/cooperatives/{id}#ho-tro")).into_response())
}

/// The register as a workbook, filtered as the list is: the import's
/// columns, so that it imports again.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::cooperatives::Cooperatives;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "SỔ THEO DÕI HỢP TÁC XÃ — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Cooperatives, _>(
        "hop-tac-xa.xlsx",
        &title,
        state.store.cooperative_register(&scope, &f),
        |c: &Cooperative, col| match col.field {
            "registration_no" => Cell::from(c.registration_no.as_str()),
            "name" => Cell::from(c.name.as_str()),
            "founded_on" => Cell::from(c.founded_on.strftime("%d/%m/%Y").to_string()),
            "group" => Cell::from(c.group_name.clone().unwrap_or_default()),
            "line_of_business" => Cell::from(c.line_of_business.as_str()),
            "members" => Cell::Number(c.members as f64),
            "capital" => Cell::Number(c.capital as f64),
            "director" => Cell::from(c.director.as_str()),
            "address" => Cell::from(c.address.as_str()),
            "status" => Cell::from(c.status.label()),
            "status_on" => Cell::from(
                c.status_on
                    .map(|d| d.strftime("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
            ),
            "note" => Cell::from(c.note.as_str()),
            _ => crate::page::unknown_column(col),
        },
    )
    .await
}
