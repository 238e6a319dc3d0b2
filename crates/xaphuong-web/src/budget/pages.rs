//! Budget revenue: the year's figures by line against the estimate at any
//! date, and the register of estimates, adjustments and collections.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::budget::{AmountInput, Entry, Line};
use xaphuong_core::numbers::{dong, percent};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::budget::{BudgetEntry, BudgetSummary, Figures};
use xaphuong_store::units::Unit;

use super::EntryForm;
use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, Pager, today};

pub struct SummaryRow {
    pub group: &'static str,
    pub label: &'static str,
    pub f: Figures,
}

/// "108,6" or "—" when there is no estimate.
pub fn pct(num: &i64, den: &i64) -> String {
    percent(*num, *den, 1).unwrap_or_else(|| "—".into())
}

pub fn money(v: &i64) -> String {
    dong(*v)
}

#[derive(Template, WebTemplate)]
#[template(path = "budget/show.html")]
pub struct BudgetPage {
    l: Layout,
    q: ListQuery,
    year: i16,
    as_of: String,
    rows: Vec<SummaryRow>,
    total: Figures,
    entries: Vec<BudgetEntry>,
    pager: Pager,
    communes: Vec<Unit>,
    lines: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    form: EntryForm,
    errors: Invalid,
    can_manage: bool,
}

impl BudgetPage {
    fn selected(v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }
}

fn summary_rows(s: BudgetSummary) -> (Vec<SummaryRow>, Figures) {
    (
        s.lines
            .into_iter()
            .map(|(l, f)| SummaryRow {
                group: l.group(),
                label: l.label(),
                f,
            })
            .collect(),
        s.total,
    )
}

async fn page(
    state: &AppState,
    signed: &Signed,
    q: ListQuery,
    form: EntryForm,
    errors: Invalid,
) -> Result<BudgetPage, AppError> {
    let year = q.year()?;
    let as_of = q.as_of()?;
    let ls = crate::places::list_scope(state, signed, &q.former).await?;
    let scope = ls.scope.clone();
    let (rows, total) = summary_rows(state.store.budget_summary(&scope, year, as_of).await?);
    let list = state.store.budget_entries(&scope, &q.filter()?).await?;
    let params = vec![
        ("year", Some(year.to_string())),
        ("as_of", q.as_of.clone()),
        ("entries", q.entries.clone()),
        ("line", q.line.clone()),
        ("q", q.q.clone()),
        ("former", q.former.clone()),
    ];
    Ok(BudgetPage {
        l: Layout::new(signed, format!("Thu ngân sách năm {year}"), "/budget").with_formers(&ls),
        year,
        as_of: as_of.to_string(),
        rows,
        total,
        pager: Pager::new(&list, &params),
        entries: list.items,
        communes: crate::places::communes(state, signed).await?,
        lines: Line::ALL.iter().map(|l| (l.as_str(), l.label())).collect(),
        kinds: Entry::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
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
) -> Result<BudgetPage, AppError> {
    let form = EntryForm {
        entry: Entry::Collection.as_str().into(),
        input: AmountInput {
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
    let user = signed.user();
    let year = f.year.trim().parse::<i16>().unwrap_or(today().year());
    let unit = Uuid::try_parse(f.unit_id.trim()).ok().or(user.unit_id);
    let errors = match (unit, Entry::parse(f.entry.trim())) {
        (None, _) => Invalid::one("unit_id", "Chọn xã, phường"),
        (_, None) => Invalid::one("entry", "Chọn dự toán, điều chỉnh hoặc số thu"),
        (Some(unit), Some(entry)) => match state
            .store
            .create_budget_entry(&user.actor(), &user.scope(), unit, year, entry, &f.input)
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/budget?year={year}")).into_response()),
            Err(e) => field_problems(e)?,
        },
    };
    let q = ListQuery {
        year: Some(year.to_string()),
        ..ListQuery::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page(&state, &signed, q, f, errors).await?,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "budget/entry.html")]
pub struct EntryPage {
    l: Layout,
    b: BudgetEntry,
    input: AmountInput,
    lines: Vec<(&'static str, &'static str)>,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

fn input_of(b: &BudgetEntry) -> AmountInput {
    AmountInput {
        line: b.line.as_str().into(),
        on: b.on.to_string(),
        nsnn: if b.nsnn < 0 {
            format!("-{}", dong(-b.nsnn))
        } else {
            dong(b.nsnn)
        },
        nsx: if b.nsx < 0 {
            format!("-{}", dong(-b.nsx))
        } else {
            dong(b.nsx)
        },
        document: b.document.clone(),
        note: b.note.clone(),
    }
}

async fn entry_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    input: Option<AmountInput>,
    errors: Invalid,
) -> Result<EntryPage, AppError> {
    let b = state.store.budget_entry(&signed.user().scope(), id).await?;
    let role = signed.user().role;
    Ok(EntryPage {
        l: Layout::new(
            signed,
            format!("{} — {}", b.entry.label(), b.line.label()),
            "/budget",
        ),
        input: input.unwrap_or_else(|| input_of(&b)),
        b,
        lines: Line::ALL.iter().map(|l| (l.as_str(), l.label())).collect(),
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
    Form(input): Form<AmountInput>,
) -> Result<Response, AppError> {
    let user = signed.user();
    match state
        .store
        .update_budget_entry(&user.actor(), &user.scope(), id, &input)
        .await
    {
        Ok(b) => Ok(Redirect::to(&format!("/budget?year={}", b.year)).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                entry_page(&state, &signed, id, Some(input), errors).await?,
            )
                .into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let b = state.store.budget_entry(&user.scope(), id).await?;
    state
        .store
        .delete_budget_entry(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to(&format!("/budget?year={}", b.year)).into_response())
}

pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::budget::Budget;
    let f = q.filter()?;
    let scope = crate::places::list_scope(&state, &signed, &q.former)
        .await?
        .scope;
    let title = format!(
        "DỰ TOÁN VÀ SỐ THU NGÂN SÁCH NĂM {} — xuất ngày {}",
        f.year,
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Budget, _>(
        "thu-ngan-sach.xlsx",
        &title,
        state.store.budget_register(&scope, &f),
        |b: &BudgetEntry, c| match c.field {
            "on" => Cell::from(b.on.strftime("%d/%m/%Y").to_string()),
            // The budget year, which a date of the next year's first
            // months does not tell.
            "year" => Cell::Number(f64::from(b.year)),
            "entry" => Cell::from(b.entry.label()),
            "line" => Cell::from(b.line.label()),
            "nsnn" => Cell::Number(b.nsnn as f64),
            "nsx" => Cell::Number(b.nsx as f64),
            "document" => Cell::from(b.document.as_str()),
            "note" => Cell::from(b.note.as_str()),
            "line_group" => Cell::from(b.line.group()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}
