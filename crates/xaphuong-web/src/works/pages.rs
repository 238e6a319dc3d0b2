//! The works register: list, record page, form, delete.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::numbers::{dong, hundredths};
use xaphuong_core::works::{WorkKind, WorkState};
use xaphuong_store::units::Unit;
use xaphuong_store::works::Work;

use super::{ListQuery, WorkForm, save};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};

/// A date as the pages print it, or a dash.
pub fn day(d: &Option<jiff::civil::Date>) -> String {
    d.map_or("—".into(), |d| d.strftime("%d/%m/%Y").to_string())
}

/// Metres with their decimals, or a dash.
pub fn metres(v: &Option<i64>) -> String {
    v.map_or("—".into(), |v| format!("{} m", hundredths(v)))
}

/// Đồng in Vietnamese notation.
pub fn money(v: &i64) -> String {
    format!("{} đ", dong(*v))
}

/// The groups a work runs through, by name.
pub fn groups(w: &Work) -> String {
    w.groups
        .iter()
        .map(|(_, n)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The register as a workbook, filtered as the list is: the import's
/// columns first, so that it imports again.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::works::Works;
    use xaphuong_report::xlsx::Cell;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "SỔ THEO DÕI CÔNG TRÌNH, TUYẾN ĐƯỜNG DÂN SINH — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    let date = |d: Option<jiff::civil::Date>| {
        d.map_or(Cell::Empty, |d| {
            Cell::from(d.strftime("%d/%m/%Y").to_string())
        })
    };
    // Money and days as whole numbers, lengths and areas in metres; an
    // empty figure stays empty, as it was typed.
    let whole = |n: i64| {
        if n == 0 {
            Cell::Empty
        } else {
            Cell::Number(n as f64)
        }
    };
    let decimal = |n: Option<i64>| n.map_or(Cell::Empty, |n| Cell::Number(n as f64 / 100.0));
    crate::page::register_export::<Works, _>(
        "cong-trinh.xlsx",
        &title,
        state.store.work_register(&scope, &f),
        |(w, groups): &(Work, String), c| match c.field {
            "name" => Cell::from(w.name.as_str()),
            "kind" => Cell::from(w.kind.label()),
            "group" => Cell::from(groups.as_str()),
            "length" => decimal(w.length),
            "width" => decimal(w.width),
            "budget_province" => whole(w.budget_province),
            "budget_commune" => whole(w.budget_commune),
            "people_money" => whole(w.people_money),
            "people_labour_days" => whole(w.people_labour_days),
            "people_land" => decimal((w.people_land != 0).then_some(w.people_land)),
            "started_on" => date(w.started_on),
            "due_on" => date(w.due_on),
            "completed_on" => date(w.completed_on),
            "accepted_on" => date(w.accepted_on),
            "documents" => Cell::from(w.documents.as_str()),
            "note" => Cell::from(w.note.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

#[derive(Template, WebTemplate)]
#[template(path = "works/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Work>,
    pager: Pager,
    kinds: Vec<(&'static str, &'static str)>,
    states: Vec<(&'static str, &'static str)>,
    today: jiff::civil::Date,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let page = state.store.works(&signed.user().scope(), &f).await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Công trình, tuyến đường dân sinh", "/works"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        kinds: WorkKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        states: WorkState::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        today: today(),
        can_manage: may_manage(&signed),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "works/show.html")]
pub struct ShowPage {
    l: Layout,
    w: Work,
    /// The commune budget's estimate for it and payments, by year.
    spending: Vec<(i16, xaphuong_store::spending::SpendingFigures)>,
    /// The work's name as a search of the spending register, encoded.
    spending_q: String,
    behind: bool,
    can_manage: bool,
    can_audit: bool,
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let w = state.store.work(&scope, id).await?;
    let spending = state.store.work_spending(&scope, id).await?;
    Ok(ShowPage {
        l: Layout::new(&signed, w.name.clone(), "/works"),
        spending,
        spending_q: form_urlencoded::byte_serialize(xaphuong_core::text::fold(&w.name).as_bytes())
            .collect(),
        behind: w.behind(today()),
        w,
        can_manage: may_manage(&signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "works/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    f: WorkForm,
    communes: Vec<Unit>,
    groups: Vec<Unit>,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Invalid,
}

impl FormPage {
    fn checked(&self, group: &Uuid) -> bool {
        self.f.groups.iter().any(|g| g.trim() == group.to_string())
    }
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    mut f: WorkForm,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let communes = crate::places::communes(state, signed).await?;
    if f.unit_id.trim().is_empty() {
        let own = signed.user().unit_id;
        if let Some(c) = communes
            .iter()
            .find(|c| Some(c.id) == own)
            .or(communes.first().filter(|_| communes.len() == 1))
        {
            f.unit_id = c.id.to_string();
        }
    }
    let commune = communes
        .iter()
        .find(|c| c.id.to_string() == f.unit_id.trim());
    let groups = match commune {
        Some(c) => state.store.groups_of(c).await?,
        None => Vec::new(),
    };
    Ok(FormPage {
        l: Layout::new(
            signed,
            if id.is_some() {
                "Sửa công trình"
            } else {
                "Thêm công trình, tuyến đường"
            },
            "/works",
        ),
        id,
        f,
        communes,
        groups,
        kinds: WorkKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        errors,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(f): Query<WorkForm>,
) -> Result<FormPage, AppError> {
    form_page(&state, &signed, None, f, Invalid::default()).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let w = state.store.work(&signed.user().scope(), id).await?;
    form_page(
        &state,
        &signed,
        Some(id),
        WorkForm::of(&w),
        Invalid::default(),
    )
    .await
}

async fn saved(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: WorkForm,
) -> Result<Response, AppError> {
    match save(state, signed, id, &f).await {
        Ok(w) => Ok(Redirect::to(&format!("/works/{}", w.id)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            Ok((status, form_page(state, signed, id, f, errors).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<WorkForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<WorkForm>,
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
        .delete_work(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/works").into_response())
}
