//! The activities register: list, record page with its form, new form,
//! export; and the year's titles of a commune's groups.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::activities::{ActivityInput, ActivityKind, TitleInput};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::activities::{Activity, GroupTitle};
use xaphuong_store::units::Unit;

use super::{ActivityForm, ListQuery, TitlesQuery, save, set_titles};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};
use crate::places::places;

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    ActivityKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "activities/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Activity>,
    pager: Pager,
    totals: (i64, i64),
    kinds: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let scope = signed.user().scope();
    let page = state.store.activities(&scope, &f).await?;
    let totals = match f.year {
        Some(y) => state.store.activity_totals(&scope, y).await?,
        None => (page.total, 0),
    };
    Ok(ListPage {
        l: Layout::new(&signed, "Hoạt động văn hóa, thể thao", "/activities"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        totals,
        kinds: kinds(),
        can_manage: may_manage(&signed),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "activities/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    a: Option<Activity>,
    f: ActivityForm,
    unit_id: String,
    places: Vec<Unit>,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    a: Option<Activity>,
    f: ActivityForm,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = a.as_ref().map_or_else(
        || "Thêm hoạt động văn hóa, thể thao".to_owned(),
        |a| a.name.clone(),
    );
    let places = places(state, signed, Uuid::try_parse(f.unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/activities"),
        id: a.as_ref().map(|a| a.id),
        a,
        unit_id: f.unit_id.clone(),
        f,
        places,
        kinds: kinds(),
        errors,
        can_manage: may_manage(signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let f = ActivityForm {
        unit_id: signed
            .user()
            .unit_id
            .map(|u| u.to_string())
            .unwrap_or_default(),
        input: ActivityInput {
            held_on: today().to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(&state, &signed, None, f, Invalid::default()).await
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let a = state.store.activity(&signed.user().scope(), id).await?;
    let f = ActivityForm::of(&a);
    form_page(&state, &signed, Some(a), f, Invalid::default()).await
}

async fn saved(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: ActivityForm,
) -> Result<Response, AppError> {
    match save(state, signed, id, &f).await {
        Ok(a) => {
            Ok(Redirect::to(&format!("/activities?year={}", a.held_on.year())).into_response())
        }
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            let a = match id {
                Some(id) => Some(state.store.activity(&signed.user().scope(), id).await?),
                None => None,
            };
            Ok((status, form_page(state, signed, a, f, errors).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<ActivityForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<ActivityForm>,
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
        .delete_activity(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/activities").into_response())
}

/// The register as a workbook, filtered as the list is: the import's
/// columns, so that it imports again.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::activities::Activities;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "SỔ THEO DÕI HOẠT ĐỘNG VĂN HÓA, THỂ THAO — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Activities, _>(
        "hoat-dong-van-hoa.xlsx",
        &title,
        state.store.activity_register(&scope, &f),
        |a: &Activity, c| match c.field {
            "held_on" => Cell::from(a.held_on.strftime("%d/%m/%Y").to_string()),
            "group" => Cell::from(a.group_name.clone().unwrap_or_default()),
            "kind" => Cell::from(a.kind.label()),
            "name" => Cell::from(a.name.as_str()),
            "participants" => Cell::Number(a.participants as f64),
            "place" => Cell::from(a.place.as_str()),
            "note" => Cell::from(a.note.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "activities/titles.html")]
pub struct TitlesPage {
    l: Layout,
    commune: Unit,
    year: i16,
    rows: Vec<(Unit, Option<GroupTitle>)>,
    recognised: usize,
    /// The communes in reach, to choose from when there are several.
    communes: Vec<Unit>,
    errors: Invalid,
    can_manage: bool,
}

async fn titles_page(
    state: &AppState,
    signed: &Signed,
    q: &TitlesQuery,
    errors: Invalid,
) -> Result<TitlesPage, AppError> {
    let (unit, year) = q.place(state, signed).await?;
    let (commune, rows) = state
        .store
        .group_titles(&signed.user().scope(), unit, year)
        .await?;
    let recognised = rows
        .iter()
        .filter(|(_, t)| t.as_ref().is_some_and(|t| t.recognised))
        .count();
    let communes = crate::places::communes(state, signed).await?;
    Ok(TitlesPage {
        communes,
        l: Layout::new(
            signed,
            format!("Thôn, tổ dân phố văn hóa năm {year}"),
            "/activities",
        ),
        commune,
        year,
        rows,
        recognised,
        errors,
        can_manage: may_manage(signed),
    })
}

pub async fn titles(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<TitlesQuery>,
) -> Result<TitlesPage, AppError> {
    titles_page(&state, &signed, &q, Invalid::default()).await
}

/// The titles form: for each group, whether recognised and the decision.
#[derive(Deserialize, Default)]
pub struct TitlesForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub group: Vec<String>,
    /// The groups ticked as recognised.
    #[serde(default)]
    pub recognised: Vec<String>,
    #[serde(default)]
    pub decision: Vec<String>,
}

pub async fn save_titles(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<TitlesForm>,
) -> Result<Response, AppError> {
    let titles: Vec<TitleInput> = f
        .group
        .iter()
        .enumerate()
        .map(|(i, g)| TitleInput {
            group: g.clone(),
            recognised: f.recognised.iter().any(|r| r == g),
            decision: f.decision.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    match set_titles(&state, &signed, &f.unit, &f.year, &titles).await {
        Ok((unit, year, _)) => Ok(Redirect::to(&format!(
            "/activities/titles?unit={unit}&year={year}"
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            let q = TitlesQuery {
                unit: Some(f.unit.clone()).filter(|u| !u.is_empty()),
                year: Some(f.year.clone()).filter(|y| !y.is_empty()),
            };
            let page = titles_page(&state, &signed, &q, errors).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
