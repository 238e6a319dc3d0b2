//! The business households register: list, record page with its form,
//! new form (from a returned dossier or blank), export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::businesses::{BusinessInput, BusinessStatus};
use xaphuong_core::numbers;
use xaphuong_core::tax::rules::{TaxRule, rule_of_year};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::businesses::Business;
use xaphuong_store::units::Unit;

use super::{BusinessForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};
use crate::places::places;

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    BusinessStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "businesses/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Business>,
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
    let page = state.store.businesses(&signed.user().scope(), &f).await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Hộ kinh doanh", "/businesses"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        statuses: statuses(),
        can_manage: may_manage(&signed),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "businesses/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    b: Option<Business>,
    f: BusinessForm,
    unit_id: String,
    places: Vec<Unit>,
    statuses: Vec<(&'static str, &'static str)>,
    /// The dossier a new household comes from: its code.
    dossier_code: Option<String>,
    /// How the household pays tax this year.
    rule: Option<&'static TaxRule>,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

impl FormPage {
    fn money(&self, v: &Option<i64>) -> String {
        v.map(|v| format!("{} đ", numbers::dong(v)))
            .unwrap_or_default()
    }
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    b: Option<Business>,
    f: BusinessForm,
    dossier_code: Option<String>,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = b
        .as_ref()
        .map_or_else(|| "Thêm hộ kinh doanh".to_owned(), |b| b.name.clone());
    let places = places(state, signed, Uuid::try_parse(f.unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/businesses"),
        id: b.as_ref().map(|b| b.id),
        b,
        unit_id: f.unit_id.clone(),
        f,
        places,
        statuses: statuses(),
        dossier_code,
        rule: rule_of_year(today().year()),
        errors,
        can_manage: may_manage(signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

/// A new household's form: blank, or from a returned dossier.
#[derive(Deserialize, Default)]
pub struct NewQuery {
    pub dossier: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    let user = signed.user();
    let mut f = BusinessForm {
        unit_id: user.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        input: BusinessInput {
            registered_on: today().to_string(),
            status: BusinessStatus::Active.as_str().into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut code = None;
    if let Some(d) = crate::page::parse_id(&q.dossier, "dossier")? {
        let from = state.store.registration_dossier(&user.scope(), d).await?;
        f.unit_id = from.commune_id.to_string();
        f.dossier = from.dossier_id.to_string();
        f.input = BusinessInput {
            status: BusinessStatus::Active.as_str().into(),
            ..from.input
        };
        code = Some(from.code);
    }
    form_page(&state, &signed, None, f, code, Invalid::default()).await
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let b = state.store.business(&signed.user().scope(), id).await?;
    let f = BusinessForm::of(&b);
    form_page(&state, &signed, Some(b), f, None, Invalid::default()).await
}

async fn saved(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: BusinessForm,
) -> Result<Response, AppError> {
    match save(state, signed, id, &f).await {
        Ok(b) => Ok(Redirect::to(&format!("/businesses/{}", b.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            // A number or dossier already in the register is a conflict
            // with what is kept, as a change on an old version is.
            let (status, errors) = match e {
                AppError::Conflict(errors) => (axum::http::StatusCode::CONFLICT, errors),
                AppError::Invalid(errors) => (form_status(&errors), errors),
                _ => return Err(e),
            };
            let b = match id {
                Some(id) => Some(state.store.business(&signed.user().scope(), id).await?),
                None => None,
            };
            let code = (!f.dossier.is_empty()).then(|| f.dossier.clone());
            Ok((status, form_page(state, signed, b, f, code, errors).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<BusinessForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<BusinessForm>,
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
        .delete_business(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/businesses").into_response())
}

/// The register as a workbook, filtered as the list is, in the import's
/// columns so that it imports again.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::businesses::Businesses;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "SỔ THEO DÕI HỘ KINH DOANH — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    let day = |d: &jiff::civil::Date| Cell::from(d.strftime("%d/%m/%Y").to_string());
    crate::page::register_export::<Businesses, _>(
        "ho-kinh-doanh.xlsx",
        &title,
        state.store.business_register(&scope, &f),
        |b: &Business, c| match c.field {
            "name" => Cell::from(b.name.as_str()),
            "owner" => Cell::from(b.owner.as_str()),
            "address" => Cell::from(b.address.as_str()),
            "group" => Cell::from(b.group_name.clone().unwrap_or_default()),
            "line" => Cell::from(b.line.as_str()),
            "registration_no" => Cell::from(b.registration_no.as_str()),
            "registered_on" => day(&b.registered_on),
            "capital" => b.capital.map_or(Cell::Empty, |v| Cell::Number(v as f64)),
            "status" => Cell::from(b.status.label()),
            "status_on" => b.status_on.as_ref().map_or(Cell::Empty, day),
            "note" => Cell::from(b.note.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}
