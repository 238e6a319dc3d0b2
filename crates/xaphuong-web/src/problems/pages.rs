//! The officers' pages: the queue with deadlines, a report with its
//! steps, the case it led to, the statistics, the routing of categories.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::problems::{Action, Category, Rejection, Status};
use xaphuong_core::violations::{CaseInput, Kind};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::problems::{
    PhotoInfo, Problem, ProblemCounts, ProblemEvent, Route, RouteInput,
};
use xaphuong_store::users::User;

use super::public::categories;
use super::{ListQuery, StepForm, sees_contact, take_step};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};

fn statuses() -> Vec<(&'static str, &'static str)> {
    Status::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Problem>,
    pager: Pager,
    categories: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    now: jiff::civil::DateTime,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let page = state
        .store
        .problems(&signed.user().scope(), &q.filter(&signed)?)
        .await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Phản ánh hiện trường", "/problems"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        categories: categories(),
        statuses: statuses(),
        now: crate::onestop::now(),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/show.html")]
pub struct ShowPage {
    l: Layout,
    p: Problem,
    photos: Vec<PhotoInfo>,
    events: Vec<ProblemEvent>,
    officers: Vec<User>,
    actions: Vec<(&'static str, &'static str)>,
    rejections: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    case_kind: &'static str,
    errors: Invalid,
    can_handle: bool,
    can_open_case: bool,
    sees_contact: bool,
    now: jiff::civil::DateTime,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let user = signed.user();
    let sees = sees_contact(signed);
    let p = state.store.problem(&user.scope(), id, sees).await?;
    let can_handle = user.role.allows(Permission::ManageRegisters);
    let officers = if can_handle {
        handlers(state, p.commune_id).await?
    } else {
        Vec::new()
    };
    let actions = Action::ALL
        .iter()
        .filter(|a| xaphuong_core::problems::next(p.status, **a).is_ok())
        .filter(|a| !(**a == Action::Publish && p.published))
        .map(|a| (a.as_str(), a.label()))
        .collect();
    Ok(ShowPage {
        l: Layout::new(signed, format!("Phản ánh {}", p.code), "/problems"),
        photos: state.store.problem_photos(p.id).await?,
        events: state.store.problem_events(p.id).await?,
        officers,
        actions,
        rejections: Rejection::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect(),
        kinds: Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(),
        case_kind: p.category.default_route().case_kind.as_str(),
        errors,
        can_handle,
        can_open_case: user.role.allows(Permission::ManageViolations) && p.violation_id.is_none(),
        sees_contact: sees,
        now: crate::onestop::now(),
        p,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    show_page(&state, &signed, id, Invalid::default()).await
}

pub async fn step(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<StepForm>,
) -> Result<Response, AppError> {
    match take_step(&state, &signed, id, &f).await {
        Ok(p) => Ok(Redirect::to(&format!("/problems/{}", p.id)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            Ok((status, show_page(&state, &signed, id, errors).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CaseForm {
    pub kind: String,
    pub offender: String,
    pub version: i64,
}

/// Opens the urban-order case a report led to, from its place, text and
/// day; the officer names the offender.
pub async fn open_case(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<CaseForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let p = state.store.problem(&user.scope(), id, false).await?;
    let input = CaseInput {
        kind: f.kind.clone(),
        offender: f.offender.clone(),
        address: p.address.clone(),
        description: format!("Theo phản ánh {}: {}", p.code, p.description),
        detected_on: p.received_at.date().to_string(),
    };
    match state
        .store
        .open_case_from_problem(&user.actor(), &user.scope(), id, f.version, &input, today())
        .await
    {
        Ok((_, case)) => Ok(Redirect::to(&format!("/violations/{case}")).into_response()),
        Err(e) => match AppError::from(e) {
            AppError::Invalid(errors) | AppError::Conflict(errors) => {
                let status = form_status(&errors);
                Ok((status, show_page(&state, &signed, id, errors).await?).into_response())
            }
            e => Err(e),
        },
    }
}

/// A photo, to an officer who may see the report.
pub async fn photo(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, photo)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let p = state
        .store
        .problem(&signed.user().scope(), id, false)
        .await?;
    let (kind, bytes) = state.store.problem_photo(p.id, photo).await?;
    Ok(super::public::photo_response(kind, bytes))
}

/// The queue as a workbook, filtered as the list is; no contact.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use futures_util::StreamExt;
    let f = q.filter(&signed)?;
    let scope = signed.user().scope();
    let title = format!(
        "PHẢN ÁNH HIỆN TRƯỜNG — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    let headers = [
        ("Mã", 12.0),
        ("Tiếp nhận", 16.0),
        ("Loại", 28.0),
        ("Địa điểm", 28.0),
        ("Tổ dân phố", 14.0),
        ("Nội dung", 40.0),
        ("Lĩnh vực", 18.0),
        ("Cán bộ", 20.0),
        ("Hạn xử lý", 16.0),
        ("Trạng thái", 14.0),
        ("Đúng hạn", 10.0),
        ("Trả lời", 40.0),
    ];
    let hm = |d: jiff::civil::DateTime| Cell::from(d.strftime("%H:%M %d/%m/%Y").to_string());
    let rows = state.store.problem_register(&scope, &f).map(move |r| {
        r.map(|p| {
            vec![
                Cell::from(p.code.as_str()),
                hm(p.received_at),
                Cell::from(p.category.label()),
                Cell::from(p.address.as_str()),
                Cell::from(p.group_name.clone().unwrap_or_default()),
                Cell::from(p.description.as_str()),
                Cell::from(p.field.as_str()),
                Cell::from(p.officer_name.clone().unwrap_or_default()),
                hm(p.due_at),
                Cell::from(p.status.label()),
                Cell::from(match p.on_time() {
                    Some(true) => "Có",
                    Some(false) => "Không",
                    None => "",
                }),
                Cell::from(p.public_note.as_str()),
            ]
        })
    });
    crate::page::xlsx_stream("phan-anh.xlsx", "Phản ánh", &title, &headers, rows).await
}

#[derive(Deserialize, Default)]
pub struct StatsQuery {
    pub year: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/stats.html")]
pub struct StatsPage {
    l: Layout,
    year: i16,
    counts: ProblemCounts,
    received: i64,
    finished: i64,
    on_time: i64,
    overdue: i64,
}

impl StatsPage {
    /// On time ÷ (finished + overdue), in per cent with one decimal.
    fn on_time_share(&self) -> String {
        let due = self.finished + self.overdue;
        if due == 0 {
            return "—".into();
        }
        let tenths = (self.on_time * 1000 + due / 2) / due;
        format!("{},{}%", tenths / 10, tenths % 10)
    }
}

pub async fn stats(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> Result<StatsPage, AppError> {
    let year = crate::page::parse_year(&q.year)?.unwrap_or(today().year());
    let counts = state
        .store
        .problem_counts(&signed.user().scope(), year, crate::onestop::now())
        .await?;
    let sum =
        |f: fn(&(Category, i64, i64, i64, i64)) -> i64| counts.by_category.iter().map(f).sum();
    Ok(StatsPage {
        l: Layout::new(
            &signed,
            format!("Thống kê phản ánh năm {year}"),
            "/problems",
        ),
        year,
        received: sum(|r| r.1),
        finished: sum(|r| r.2),
        on_time: sum(|r| r.3),
        overdue: sum(|r| r.4),
        counts,
    })
}

#[derive(Deserialize, Default)]
pub struct RoutesQuery {
    pub unit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/routes.html")]
pub struct RoutesPage {
    l: Layout,
    commune_id: Uuid,
    commune_name: String,
    routes: Vec<Route>,
    officers: Vec<User>,
    errors: Invalid,
    can_edit: bool,
}

async fn routes_view(
    state: &AppState,
    signed: &Signed,
    unit: &Option<String>,
    errors: Invalid,
) -> Result<RoutesPage, AppError> {
    let (commune_id, _) = crate::places::commune_year(state, signed, unit, &None).await?;
    let user = signed.user();
    // A commune asked for must be in reach; the caller's own (a group
    // head's is their group's) always is.
    let asked = unit.as_deref().is_some_and(|u| !u.trim().is_empty());
    let scope = if asked {
        user.scope()
    } else {
        xaphuong_core::access::Scope::All
    };
    let commune = state.store.unit(&scope, commune_id).await?;
    let officers = handlers(state, commune.id).await?;
    Ok(RoutesPage {
        l: Layout::new(
            signed,
            format!("Phân công xử lý phản ánh — {}", commune.name),
            "/problems",
        ),
        routes: state.store.problem_routes(commune.id).await?,
        commune_id: commune.id,
        commune_name: commune.name,
        officers,
        errors,
        can_edit: user.role.allows(Permission::ManageWebhooks),
    })
}

pub async fn routes_page(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<RoutesQuery>,
) -> Result<RoutesPage, AppError> {
    routes_view(&state, &signed, &q.unit, Invalid::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RouteForm {
    pub unit: String,
    pub category: String,
    pub field: String,
    pub officer_id: String,
    pub working_days: String,
    pub basis: String,
    pub version: i64,
}

pub async fn route_save(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<RouteForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = Some(f.unit.clone());
    let (commune_id, _) = crate::places::commune_year(&state, &signed, &unit, &None).await?;
    let Some(category) = Category::parse(f.category.trim()) else {
        return Err(AppError::Invalid(Invalid::one(
            "category",
            "Loại vấn đề không hợp lệ",
        )));
    };
    match state
        .store
        .set_problem_route(
            &user.actor(),
            &user.scope(),
            commune_id,
            category,
            &RouteInput {
                field: f.field.clone(),
                officer_id: f.officer_id.clone(),
                working_days: f.working_days.clone(),
                basis: f.basis.clone(),
                version: f.version,
            },
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/problems/routes?unit={commune_id}")).into_response()),
        Err(e) => match AppError::from(e) {
            AppError::Invalid(errors) | AppError::Conflict(errors) => {
                let status = form_status(&errors);
                Ok((status, routes_view(&state, &signed, &unit, errors).await?).into_response())
            }
            e => Err(e),
        },
    }
}

/// The officers of a commune (and its groups) who handle reports.
async fn handlers(state: &AppState, commune_id: Uuid) -> Result<Vec<User>, AppError> {
    let commune = state
        .store
        .unit(&xaphuong_core::access::Scope::All, commune_id)
        .await?;
    Ok(state
        .store
        .users(
            &xaphuong_core::access::Scope::Subtree(commune.path),
            &xaphuong_store::users::UserFilter {
                per_page: Some(xaphuong_store::MAX_PER_PAGE),
                ..Default::default()
            },
        )
        .await?
        .items
        .into_iter()
        .filter(|u| u.active && xaphuong_core::problems::sees_contact(u.role))
        .collect())
}
