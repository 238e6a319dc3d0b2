//! Sidewalk and street-order inspections: list, inspection page with its
//! cases, forms, export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::inspections::{CaseInput, CaseKind, InspectionInput, Outcome};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::inspections::{Inspection, InspectionCase};
use xaphuong_store::units::Unit;

use super::ListQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::forms::Placed;
use crate::page::{Layout, Pager, today};

#[derive(Template, WebTemplate)]
#[template(path = "inspections/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Inspection>,
    pager: Pager,
    outcomes: Vec<(&'static str, i64)>,
    outcomes_total: i64,
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
    let page = state.store.inspections(&scope, &f).await?;
    let outcomes: Vec<(&'static str, i64)> = match f.year {
        Some(y) => state
            .store
            .inspection_outcomes(&scope, y)
            .await?
            .into_iter()
            .map(|(o, n)| (o.label(), n))
            .collect(),
        None => Vec::new(),
    };
    Ok(ListPage {
        l: Layout::new(&signed, "Kiểm tra vỉa hè, trật tự đô thị", "/inspections")
            .with_formers(&ls),
        pager: Pager::new(
            &page,
            &[
                ("q", q.q.clone()),
                ("year", q.year.clone()),
                ("former", q.former.clone()),
            ],
        ),
        rows: page.items,
        outcomes_total: outcomes.iter().map(|(_, n)| n).sum(),
        outcomes,
        can_manage: signed.user().role.allows(Permission::ManageRegisters),
        q,
    })
}

pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::import::inspections::Inspections;
    let f = q.filter()?;
    let ls = crate::places::list_scope(&state, &signed, &q.former).await?;
    let scope = ls.scope.clone();
    let title = format!(
        "KẾT QUẢ KIỂM TRA VỈA HÈ, TRẬT TỰ ĐÔ THỊ — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Inspections, _>(
        "kiem-tra-via-he.xlsx",
        &title,
        state.store.inspection_register(&scope, &f),
        |(i, k): &(Inspection, InspectionCase), c| match c.field {
            "inspected_on" => Cell::from(i.inspected_on.strftime("%d/%m/%Y").to_string()),
            "place" => Cell::from(i.place.as_str()),
            "team" => Cell::from(i.team.as_str()),
            "kind" => Cell::from(k.kind.label()),
            "offender" => Cell::from(k.offender.as_str()),
            "address" => Cell::from(k.address.as_str()),
            "outcome" => Cell::from(k.outcome.label()),
            "note" => Cell::from(k.note.as_str()),
            _ => crate::page::unknown_column(c),
        },
    )
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/show.html")]
pub struct ShowPage {
    l: Layout,
    i: Inspection,
    cases: Vec<InspectionCase>,
    kinds: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    form: CaseInput,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    form: CaseInput,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let i = state.store.inspection(&scope, id).await?;
    let cases = state.store.inspection_cases(&scope, id).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        l: Layout::new(
            signed,
            format!("Kiểm tra ngày {}", i.inspected_on.strftime("%d/%m/%Y")),
            "/inspections",
        ),
        i,
        cases,
        kinds: CaseKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label()))
            .collect(),
        form,
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
    show_page(
        &state,
        &signed,
        id,
        CaseInput::default(),
        Invalid::default(),
    )
    .await
}

pub async fn add_case(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<CaseInput>,
) -> Result<Response, AppError> {
    let user = signed.user();
    match state
        .store
        .add_inspection_case(&user.actor(), &user.scope(), id, &f)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/inspections/{id}")).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                show_page(&state, &signed, id, f, errors).await?,
            )
                .into_response())
        }
    }
}

pub async fn delete_case(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, case_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .delete_inspection_case(&user.actor(), &user.scope(), id, case_id)
        .await?;
    Ok(Redirect::to(&format!("/inspections/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "inspections/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    input: InspectionInput,
    communes: Vec<Unit>,
    errors: Invalid,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    input: InspectionInput,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = if id.is_some() {
        "Sửa đợt kiểm tra"
    } else {
        "Thêm đợt kiểm tra"
    };
    let communes = crate::places::communes(state, signed).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/inspections"),
        id,
        input,
        communes,
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let input = InspectionInput {
        inspected_on: today().to_string(),
        team: "Đội Quản lý trật tự đô thị thành phố".into(),
        ..InspectionInput::default()
    };
    form_page(&state, &signed, None, input, Invalid::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<Placed<InspectionInput>>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let errors = match Uuid::try_parse(f.unit_id.trim()).ok().or(user.unit_id) {
        None => Invalid::one("unit_id", "Chọn xã, phường"),
        Some(unit) => match state
            .store
            .create_inspection(&user.actor(), &user.scope(), unit, &f.input, today())
            .await
        {
            Ok(i) => return Ok(Redirect::to(&format!("/inspections/{}", i.id)).into_response()),
            Err(e) => field_problems(e)?,
        },
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        form_page(&state, &signed, None, f.input, errors).await?,
    )
        .into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let i = state.store.inspection(&signed.user().scope(), id).await?;
    let input = InspectionInput {
        inspected_on: i.inspected_on.to_string(),
        place: i.place,
        team: i.team,
        note: i.note,
    };
    form_page(&state, &signed, Some(id), input, Invalid::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<Placed<InspectionInput>>,
) -> Result<Response, AppError> {
    let user = signed.user();
    match state
        .store
        .update_inspection(&user.actor(), &user.scope(), id, &f.input, today())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/inspections/{id}")).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, &signed, Some(id), f.input, errors).await?,
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
    state
        .store
        .delete_inspection(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/inspections").into_response())
}
