//! The tax pages: the year (its rule, the council's meetings, the debts'
//! totals), the debts list with its export, and each debt with its
//! follow-up.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::numbers;
use xaphuong_core::tax::rules::{TaxRule, rule_of_year};
use xaphuong_core::tax::{ActionInput, ActionKind, DebtState, MeetingInput};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::tax::{DebtAction, DebtTotals, TaxDebt, TaxMeeting};
use xaphuong_store::units::Unit;

use super::{
    ActionForm, DebtQuery, MeetingForm, YearQuery, remove_action, save_action, save_meeting,
};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

fn money(v: i64) -> String {
    format!("{} đ", numbers::dong(v))
}

#[derive(Template, WebTemplate)]
#[template(path = "tax/index.html")]
pub struct IndexPage {
    l: Layout,
    commune: Unit,
    communes: Vec<Unit>,
    year: i16,
    rule: Option<&'static TaxRule>,
    meetings: Vec<TaxMeeting>,
    totals: DebtTotals,
    f: MeetingInput,
    errors: Invalid,
    can_manage: bool,
}

impl IndexPage {
    fn money(&self, v: &i64) -> String {
        money(*v)
    }

    fn rate(&self) -> String {
        numbers::percent(self.totals.collected, self.totals.amount, 1).unwrap_or_default()
    }
}

async fn index_page(
    state: &AppState,
    signed: &Signed,
    q: &YearQuery,
    f: MeetingInput,
    errors: Invalid,
) -> Result<IndexPage, AppError> {
    let (commune, year, scope) = q.place(state, signed).await?;
    let as_of = today().min(jiff::civil::Date::new(year, 12, 31).unwrap_or(today()));
    Ok(IndexPage {
        l: Layout::new(signed, format!("Thuế, nợ thuế năm {year}"), "/businesses"),
        meetings: state.store.tax_meetings(&scope, year).await?,
        totals: state.store.tax_debt_totals(&scope, year, as_of).await?,
        communes: crate::places::communes(state, signed).await?,
        commune,
        year,
        rule: rule_of_year(year),
        f,
        errors,
        can_manage: may_manage(signed),
    })
}

pub async fn index(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<YearQuery>,
) -> Result<IndexPage, AppError> {
    let f = MeetingInput {
        held_on: today().to_string(),
        ..Default::default()
    };
    index_page(&state, &signed, &q, f, Invalid::default()).await
}

pub async fn create_meeting(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<MeetingForm>,
) -> Result<Response, AppError> {
    match save_meeting(&state, &signed, &f).await {
        Ok(m) => Ok(Redirect::to(&format!(
            "/tax?unit={}&year={}",
            m.commune_id,
            m.held_on.year()
        ))
        .into_response()),
        Err(AppError::Invalid(errors)) => {
            let q = YearQuery {
                unit: Some(f.unit.clone()).filter(|u| !u.is_empty()),
                year: None,
            };
            let page = index_page(&state, &signed, &q, f.input, errors).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_meeting(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let m = state.store.tax_meeting(&user.scope(), id).await?;
    state
        .store
        .delete_tax_meeting(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to(&format!(
        "/tax?unit={}&year={}",
        m.commune_id,
        m.held_on.year()
    ))
    .into_response())
}

fn states() -> Vec<(&'static str, &'static str)> {
    DebtState::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "tax/debts.html")]
pub struct DebtsPage {
    l: Layout,
    signed: Signed,
    q: DebtQuery,
    rows: Vec<TaxDebt>,
    pager: Pager,
    states: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

impl DebtsPage {
    fn money(&self, v: &i64) -> String {
        money(*v)
    }

    fn code(&self, code: &str) -> String {
        super::shown_code(&self.signed, code)
    }
}

pub async fn debts(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DebtQuery>,
) -> Result<DebtsPage, AppError> {
    let page = state
        .store
        .tax_debts(&signed.user().scope(), &q.filter()?)
        .await?;
    Ok(DebtsPage {
        l: Layout::new(&signed, "Danh sách nợ thuế", "/businesses"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        states: states(),
        can_manage: may_manage(&signed),
        q,
        signed,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "tax/debt.html")]
pub struct DebtPage {
    l: Layout,
    d: TaxDebt,
    tax_code: String,
    actions: Vec<DebtAction>,
    kinds: Vec<(&'static str, &'static str)>,
    f: ActionInput,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

impl DebtPage {
    fn money(&self, v: &i64) -> String {
        money(*v)
    }
}

async fn debt_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    f: ActionInput,
    errors: Invalid,
) -> Result<DebtPage, AppError> {
    let d = state.store.tax_debt(&signed.user().scope(), id).await?;
    let actions = state.store.debt_actions(&d).await?;
    Ok(DebtPage {
        l: Layout::new(signed, format!("Nợ thuế: {}", d.debtor), "/businesses"),
        tax_code: super::shown_code(signed, &d.tax_code),
        d,
        actions,
        kinds: ActionKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        f,
        errors,
        can_manage: may_manage(signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

pub async fn debt(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<DebtPage, AppError> {
    let f = ActionInput {
        done_on: today().to_string(),
        kind: ActionKind::Reminder.as_str().into(),
        ..Default::default()
    };
    debt_page(&state, &signed, id, f, Invalid::default()).await
}

pub async fn add_action(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<ActionForm>,
) -> Result<Response, AppError> {
    match save_action(&state, &signed, id, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/tax/debts/{id}")).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            let page = debt_page(&state, &signed, id, f.input, errors).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The version a take-back form carries.
#[derive(Deserialize, Default)]
pub struct VersionForm {
    #[serde(default)]
    pub version: String,
}

pub async fn delete_action(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, action)): Path<(Uuid, Uuid)>,
    Form(f): Form<VersionForm>,
) -> Result<Response, AppError> {
    remove_action(&state, &signed, id, action, &f.version).await?;
    Ok(Redirect::to(&format!("/tax/debts/{id}")).into_response())
}

pub async fn delete_debt(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_tax_debt(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/tax/debts").into_response())
}

/// The debts as a workbook, filtered as the list is: the list's columns
/// (so it imports again), then what was collected and the state.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DebtQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::tax_debts::TaxDebts;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "DANH SÁCH NỢ THUẾ VÀ KẾT QUẢ ĐÔN ĐỐC — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<TaxDebts, _>(
        "no-thue.xlsx",
        &title,
        state.store.tax_debt_register(&scope, &f),
        |d: &TaxDebt, c| match c.field {
            "listed_on" => Cell::from(d.listed_on.strftime("%d/%m/%Y").to_string()),
            "list_ref" => Cell::from(d.list_ref.as_str()),
            "debtor" => Cell::from(d.debtor.as_str()),
            "tax_code" => Cell::from(super::shown_code(&signed, &d.tax_code)),
            "address" => Cell::from(d.address.as_str()),
            "group" => Cell::from(d.group_name.clone().unwrap_or_default()),
            "item" => Cell::from(d.item.as_str()),
            "amount" => Cell::Number(d.amount as f64),
            "note" => Cell::from(d.note.as_str()),
            "paid" => Cell::Number(d.paid as f64),
            "state" => Cell::from(d.state().label()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}
