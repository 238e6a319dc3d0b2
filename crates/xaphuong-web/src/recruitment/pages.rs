//! The recruitment register: the year's quotas and figures, the citizens
//! called and their stage.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::recruitment::{self as rules, RecruitInput, Service, Stage};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::recruitment::{Recruit, Summary};
use xaphuong_store::units::Unit;

use super::ListQuery;
use super::RecruitBody;
use super::{QuotaForm, StageForm};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, Pager, parse_year, today};
use crate::places::places;

pub struct SummaryRow {
    pub service: &'static str,
    pub s: Summary,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    year: i16,
    summary: Vec<SummaryRow>,
    rows: Vec<Recruit>,
    pager: Pager,
    communes: Vec<Unit>,
    services: Vec<(&'static str, &'static str)>,
    stages: Vec<(&'static str, &'static str)>,
    errors: Invalid,
    can_manage: bool,
}

impl ListPage {
    fn selected(v: &Option<String>, option: &str) -> bool {
        v.as_deref() == Some(option)
    }
}

async fn list_page(
    state: &AppState,
    signed: &Signed,
    q: ListQuery,
    errors: Invalid,
) -> Result<ListPage, AppError> {
    let year = q.year()?;
    let ls = crate::places::list_scope(state, signed, &q.former).await?;
    let scope = ls.scope.clone();
    let summary = state
        .store
        .recruitment_summary(&scope, year)
        .await?
        .into_iter()
        .map(|(s, sum)| SummaryRow {
            service: s.label(),
            s: sum,
        })
        .collect();
    let page = state.store.recruits(&scope, &q.filter()?).await?;
    let mut params = vec![
        ("q", q.q.clone()),
        ("service", q.service.clone()),
        ("stage", q.stage.clone()),
        ("former", q.former.clone()),
    ];
    params.push(("year", Some(year.to_string())));
    Ok(ListPage {
        l: Layout::new(signed, format!("Tuyển quân năm {year}"), "/recruitment").with_formers(&ls),
        year,
        summary,
        pager: Pager::new(&page, &params),
        rows: page.items,
        communes: crate::places::communes(state, signed).await?,
        services: Service::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        stages: Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        errors,
        can_manage: signed.user().role.allows(Permission::ManageRegisters),
        q,
    })
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    list_page(&state, &signed, q, Invalid::default()).await
}

pub async fn set_quota(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<QuotaForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let errors = match f.quota(user.unit_id) {
        Ok((unit, year, service, quota)) => match state
            .store
            .set_recruitment_quota(&user.actor(), &user.scope(), unit, year, service, quota)
            .await
        {
            Ok(()) => return Ok(Redirect::to(&format!("/recruitment?year={year}")).into_response()),
            Err(e) => field_problems(e)?,
        },
        Err(errors) => errors,
    };
    let year = f.year.trim().parse::<i16>().ok();
    let q = ListQuery {
        year: Some(f.year.clone()).filter(|_| year.is_some()),
        ..ListQuery::default()
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        list_page(&state, &signed, q, errors).await?,
    )
        .into_response())
}

pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::recruitment::Recruitment;
    let f = q.filter()?;
    let scope = crate::places::list_scope(&state, &signed, &q.former)
        .await?
        .scope;
    let title = format!(
        "DANH SÁCH CÔNG DÂN TRONG ĐỢT TUYỂN QUÂN NĂM {} — xuất ngày {}",
        q.year()?,
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Recruitment, _>(
        "tuyen-quan.xlsx",
        &title,
        state.store.recruit_register(&scope, &f),
        |r: &Recruit, c| match c.field {
            "year" => Cell::Number(f64::from(r.year)),
            "full_name" => Cell::from(r.full_name.as_str()),
            "birth_year" => Cell::Number(f64::from(r.birth_year)),
            "address" => Cell::from(r.address.as_str()),
            "group" => Cell::from(r.group_name.clone()),
            "service" => Cell::from(r.service.label()),
            "stage" => Cell::from(r.stage.label()),
            "reason" => Cell::from(r.reason.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment/show.html")]
pub struct ShowPage {
    l: Layout,
    r: Recruit,
    next: Vec<(&'static str, &'static str)>,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let r = state.store.recruit(&signed.user().scope(), id).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        l: Layout::new(signed, r.full_name.clone(), "/recruitment"),
        next: Stage::ALL
            .iter()
            .filter(|s| rules::can_move(r.stage, **s))
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        r,
        errors,
        can_manage: role.allows(Permission::ManageRegisters),
        can_audit: role.allows(Permission::ViewAudit),
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    show_page(&state, &signed, id, Invalid::default()).await
}

pub async fn move_stage(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<StageForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let errors = match Stage::parse(f.stage.trim()) {
        None => Invalid::one("stage", "Chọn bước tiếp theo"),
        Some(stage) => match state
            .store
            .move_recruit(
                &user.actor(),
                &user.scope(),
                id,
                stage,
                &f.reason,
                crate::page::seen(&f.version),
            )
            .await
        {
            Ok(_) => return Ok(Redirect::to(&format!("/recruitment/{id}")).into_response()),
            Err(e) => field_problems(e)?,
        },
    };
    Ok((
        crate::error::form_status(&errors),
        show_page(&state, &signed, id, errors).await?,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    year: i16,
    input: RecruitInput,
    unit_id: String,
    places: Vec<Unit>,
    services: Vec<(&'static str, &'static str)>,
    errors: Invalid,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    year: i16,
    input: RecruitInput,
    unit_id: String,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = if id.is_some() {
        "Sửa thông tin công dân"
    } else {
        "Thêm công dân vào đợt tuyển quân"
    };
    let places = places(state, signed, uuid::Uuid::try_parse(unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/recruitment"),
        id,
        year,
        input,
        unit_id,
        places,
        services: Service::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        errors,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    year: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    let year = parse_year(&q.year)?.unwrap_or(today().year());
    let input = RecruitInput {
        service: Service::Military.as_str().into(),
        ..RecruitInput::default()
    };
    let unit = signed
        .user()
        .unit_id
        .map(|u| u.to_string())
        .unwrap_or_default();
    form_page(&state, &signed, None, year, input, unit, Invalid::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<RecruitBody>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let year = parse_year(&Some(f.year.clone()))?.unwrap_or(today().year());
    let saved = match Uuid::try_parse(f.unit_id.trim()) {
        Err(_) => Err(Invalid::one(
            "unit_id",
            "Chưa chọn xã, phường hoặc tổ dân phố",
        )),
        Ok(unit) => match state
            .store
            .create_recruit(&user.actor(), &user.scope(), unit, year, &f.input)
            .await
        {
            Ok(r) => Ok(r),
            Err(e) => Err(field_problems(e)?),
        },
    };
    match saved {
        Ok(r) => Ok(Redirect::to(&format!("/recruitment/{}", r.id)).into_response()),
        Err(errors) => {
            let page = form_page(&state, &signed, None, year, f.input, f.unit_id, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let r = state.store.recruit(&signed.user().scope(), id).await?;
    let input = RecruitInput {
        full_name: r.full_name,
        birth_year: r.birth_year.to_string(),
        address: r.address,
        service: r.service.as_str().into(),
    };
    form_page(
        &state,
        &signed,
        Some(id),
        r.year,
        input,
        r.group_id.unwrap_or(r.commune_id).to_string(),
        Invalid::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<RecruitBody>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let year = state.store.recruit(&user.scope(), id).await?.year;
    let saved = match Uuid::try_parse(f.unit_id.trim()) {
        Err(_) => Err(Invalid::one(
            "unit_id",
            "Chưa chọn xã, phường hoặc tổ dân phố",
        )),
        Ok(unit) => match state
            .store
            .update_recruit(&user.actor(), &user.scope(), id, unit, &f.input)
            .await
        {
            Ok(r) => Ok(r),
            Err(e) => Err(field_problems(e)?),
        },
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/recruitment/{id}")).into_response()),
        Err(errors) => {
            let page =
                form_page(&state, &signed, Some(id), year, f.input, f.unit_id, errors).await?;
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
    let r = state.store.recruit(&user.scope(), id).await?;
    state
        .store
        .delete_recruit(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to(&format!("/recruitment?year={}", r.year)).into_response())
}
