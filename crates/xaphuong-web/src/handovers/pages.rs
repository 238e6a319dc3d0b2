//! The land hand-over register: list, record page, forms, export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::handovers::HandoverInput;
use xaphuong_core::numbers::hundredths;
use xaphuong_report::xlsx::Cell;
use xaphuong_store::handovers::Handover;
use xaphuong_store::units::Unit;

use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::forms::Placed;
use crate::page::{Layout, Pager, today};
use crate::places::places;

/// Square metres in Vietnamese notation.
pub fn area(h: &Handover) -> String {
    hundredths(h.area)
}

#[derive(Template, WebTemplate)]
#[template(path = "handovers/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Handover>,
    pager: Pager,
    totals: Option<(i64, String)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let ls = crate::places::list_scope(&state, &signed, &q.former).await?;
    let scope = ls.scope.clone();
    let page = state.store.handovers(&scope, &f).await?;
    let totals = match f.year {
        Some(y) => {
            let (n, a) = state.store.handover_totals(&scope, y).await?;
            Some((n, hundredths(a)))
        }
        None => None,
    };
    Ok(ListPage {
        l: Layout::new(&signed, "Bàn giao mặt bằng", "/handovers").with_formers(&ls),
        pager: Pager::new(
            &page,
            &[
                ("q", q.q.clone()),
                ("year", q.year.clone()),
                ("former", q.former.clone()),
            ],
        ),
        rows: page.items,
        totals,
        can_manage: signed.user().role.allows(Permission::ManageRegisters),
        q,
    })
}

pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::handovers::Handovers;
    let f = q.filter()?;
    let ls = crate::places::list_scope(&state, &signed, &q.former).await?;
    let scope = ls.scope.clone();
    let title = format!(
        "SỔ THEO DÕI BÀN GIAO MẶT BẰNG — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Handovers, _>(
        "ban-giao-mat-bang.xlsx",
        &title,
        state.store.handover_register(&scope, &f),
        |h: &Handover, c| match c.field {
            "handed_over_on" => Cell::from(h.handed_over_on.strftime("%d/%m/%Y").to_string()),
            "household" => Cell::from(h.household.as_str()),
            "address" => Cell::from(h.address.as_str()),
            "group" => Cell::from(h.group_name.clone()),
            "project" => Cell::from(h.project.as_str()),
            "area" => Cell::Number(h.area as f64 / 100.0),
            "document" => Cell::from(h.document.as_str()),
            "note" => Cell::from(h.note.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "handovers/show.html")]
pub struct ShowPage {
    l: Layout,
    h: Handover,
    area: String,
    can_manage: bool,
    can_audit: bool,
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    let h = state.store.handover(&signed.user().scope(), id).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        l: Layout::new(&signed, h.household.clone(), "/handovers"),
        area: area(&h),
        h,
        can_manage: role.allows(Permission::ManageRegisters),
        can_audit: role.allows(Permission::ViewAudit),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "handovers/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    input: HandoverInput,
    unit_id: String,
    places: Vec<Unit>,
    errors: Invalid,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    input: HandoverInput,
    unit_id: String,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = if id.is_some() {
        "Sửa biên bản bàn giao"
    } else {
        "Thêm biên bản bàn giao mặt bằng"
    };
    let places = places(state, signed, uuid::Uuid::try_parse(unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/handovers"),
        id,
        input,
        unit_id,
        places,
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let input = HandoverInput {
        handed_over_on: today().to_string(),
        ..HandoverInput::default()
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
    f: &Placed<HandoverInput>,
) -> Result<Result<Handover, Invalid>, AppError> {
    let user = signed.user();
    let unit = match f.unit() {
        Ok(u) => u,
        Err(e) => return Ok(Err(e)),
    };
    let saved = match id {
        Some(id) => {
            state
                .store
                .update_handover(&user.actor(), &user.scope(), id, unit, &f.input, today())
                .await
        }
        None => {
            state
                .store
                .create_handover(&user.actor(), &user.scope(), unit, &f.input, today())
                .await
        }
    };
    match saved {
        Ok(h) => Ok(Ok(h)),
        Err(e) => Ok(Err(field_problems(e)?)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<Placed<HandoverInput>>,
) -> Result<Response, AppError> {
    match save(&state, &signed, None, &f).await? {
        Ok(h) => Ok(Redirect::to(&format!("/handovers/{}", h.id)).into_response()),
        Err(errors) => {
            let page = form_page(&state, &signed, None, f.input, f.unit_id, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let h = state.store.handover(&signed.user().scope(), id).await?;
    let input = HandoverInput {
        area: area(&h),
        project: h.project,
        household: h.household,
        address: h.address,
        handed_over_on: h.handed_over_on.to_string(),
        document: h.document,
        note: h.note,
    };
    form_page(
        &state,
        &signed,
        Some(id),
        input,
        h.group_id.unwrap_or(h.commune_id).to_string(),
        Invalid::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<Placed<HandoverInput>>,
) -> Result<Response, AppError> {
    match save(&state, &signed, Some(id), &f).await? {
        Ok(_) => Ok(Redirect::to(&format!("/handovers/{id}")).into_response()),
        Err(errors) => {
            let page = form_page(&state, &signed, Some(id), f.input, f.unit_id, errors).await?;
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
        .delete_handover(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/handovers").into_response())
}
