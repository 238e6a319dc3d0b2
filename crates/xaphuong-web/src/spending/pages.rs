//! Budget spending: the year's execution by item against the estimate at
//! any date, and the register of estimates, adjustments and payments.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::spending::{Entry, Item, SpendingInput};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::spending::{SpendingEntry, SpendingFigures};
use xaphuong_store::units::Unit;
use xaphuong_store::works::WorkFilter;

use super::{EntryForm, ListQuery, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};

pub use crate::budget::pages::{money, pct};

pub struct SummaryRow {
    pub group: &'static str,
    pub label: &'static str,
    pub f: SpendingFigures,
}

#[derive(Template, WebTemplate)]
#[template(path = "spending/show.html")]
pub struct SpendingPage {
    l: Layout,
    q: ListQuery,
    year: i16,
    as_of: String,
    rows: Vec<SummaryRow>,
    total: SpendingFigures,
    entries: Vec<SpendingEntry>,
    pager: Pager,
    communes: Vec<Unit>,
    items: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    works: Vec<(String, String)>,
    form: EntryForm,
    errors: Invalid,
    can_manage: bool,
}

impl SpendingPage {
    fn selected(v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }
}

fn items() -> Vec<(&'static str, &'static str)> {
    Item::ALL.iter().map(|i| (i.as_str(), i.label())).collect()
}

/// The works an investment can be recorded for: those of the caller's
/// communes, latest first.
async fn works(state: &AppState, signed: &Signed) -> Result<Vec<(String, String)>, AppError> {
    let f = WorkFilter {
        per_page: Some(xaphuong_store::MAX_PER_PAGE),
        ..Default::default()
    };
    Ok(state
        .store
        .works(&signed.user().scope(), &f)
        .await?
        .items
        .into_iter()
        .map(|w| (w.id.to_string(), w.name))
        .collect())
}

async fn page(
    state: &AppState,
    signed: &Signed,
    q: ListQuery,
    form: EntryForm,
    errors: Invalid,
) -> Result<SpendingPage, AppError> {
    let year = q.year()?;
    let as_of = q.as_of()?;
    let ls = crate::places::list_scope(state, signed, &q.former).await?;
    let scope = ls.scope.clone();
    let summary = state.store.spending_summary(&scope, year, as_of).await?;
    let list = state.store.spending_entries(&scope, &q.filter()?).await?;
    Ok(SpendingPage {
        l: Layout::new(signed, format!("Chi ngân sách năm {year}"), "/spending").with_formers(&ls),
        year,
        as_of: as_of.to_string(),
        rows: summary
            .items
            .into_iter()
            .map(|(i, f)| SummaryRow {
                group: i.group(),
                label: i.label(),
                f,
            })
            .collect(),
        total: summary.total,
        pager: Pager::new(&list, &q.params(year)),
        entries: list.items,
        communes: crate::places::communes(state, signed).await?,
        items: items(),
        kinds: Entry::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        works: works(state, signed).await?,
        form,
        errors,
        can_manage: signed.user().role.allows(Permission::ManageRegisters),
        q,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<SpendingPage, AppError> {
    let form = EntryForm {
        entry: Entry::Payment.as_str().into(),
        input: SpendingInput {
            on: today().to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    page(&state, &signed, q, form, Invalid::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<EntryForm>,
) -> Result<Response, AppError> {
    match save(&state, &signed, None, &f).await {
        Ok(s) => Ok(Redirect::to(&format!("/spending?year={}", s.year)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let q = ListQuery {
                year: Some(f.year.clone()).filter(|y| !y.trim().is_empty()),
                ..ListQuery::default()
            };
            let q = if q.year().is_ok() {
                q
            } else {
                ListQuery::default()
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &signed, q, f, errors).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "spending/entry.html")]
pub struct EntryPage {
    l: Layout,
    s: SpendingEntry,
    form: EntryForm,
    items: Vec<(&'static str, &'static str)>,
    works: Vec<(String, String)>,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn entry_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    form: Option<EntryForm>,
    errors: Invalid,
) -> Result<EntryPage, AppError> {
    let s = state
        .store
        .spending_entry(&signed.user().scope(), id)
        .await?;
    let role = signed.user().role;
    Ok(EntryPage {
        l: Layout::new(
            signed,
            format!("{} — {}", s.entry.label(), s.item.label()),
            "/spending",
        ),
        form: form.unwrap_or_else(|| EntryForm::of(&s)),
        s,
        items: items(),
        works: works(state, signed).await?,
        errors,
        can_manage: role.allows(Permission::ManageRegisters),
        can_audit: role.allows(Permission::ViewAudit),
    })
}

pub async fn entry(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<EntryPage, AppError> {
    entry_page(&state, &signed, id, None, Invalid::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<EntryForm>,
) -> Result<Response, AppError> {
    match save(&state, &signed, Some(id), &f).await {
        Ok(s) => Ok(Redirect::to(&format!("/spending?year={}", s.year)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            Ok((
                status,
                entry_page(&state, &signed, id, Some(f), errors).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let s = state.store.spending_entry(&user.scope(), id).await?;
    state
        .store
        .delete_spending_entry(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to(&format!("/spending?year={}", s.year)).into_response())
}

pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::spending::Spending;
    let f = q.filter()?;
    let scope = crate::places::list_scope(&state, &signed, &q.former)
        .await?
        .scope;
    let title = format!(
        "DỰ TOÁN VÀ SỐ CHI NGÂN SÁCH XÃ NĂM {} — xuất ngày {}",
        f.year,
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Spending, _>(
        "chi-ngan-sach.xlsx",
        &title,
        state.store.spending_register(&scope, &f),
        |s: &SpendingEntry, c| match c.field {
            "on" => Cell::from(s.on.strftime("%d/%m/%Y").to_string()),
            // The budget year, which a date of the next year's first
            // months does not tell.
            "year" => Cell::Number(f64::from(s.year)),
            "entry" => Cell::from(s.entry.label()),
            "item" => Cell::from(s.item.label()),
            "amount" => Cell::Number(s.amount as f64),
            "work" => Cell::from(s.work_name.clone().unwrap_or_default()),
            "document" => Cell::from(s.document.as_str()),
            "note" => Cell::from(s.note.as_str()),
            "item_group" => Cell::from(s.item.group()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}
