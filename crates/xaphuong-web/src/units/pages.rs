use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::units::{Kind, Level, UnitInput};
use xaphuong_store::units::{ImportSummary, Unit, UnitFilter};

use super::UnitBody;
use super::{ListQuery, import_bytes};
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::error::field_problems;
use crate::page::{Layout, Pager, fmt_time, parse_id};

#[derive(Template, WebTemplate)]
#[template(path = "units/list.html")]
pub struct ListPage {
    l: Layout,
    q: String,
    level: String,
    state: String,
    units: Vec<Unit>,
    pager: Pager,
    levels: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let page = state.store.units(&signed.user().scope(), &f).await?;
    let pager = Pager::new(
        &page,
        &[
            ("q", q.q.clone()),
            ("level", q.level.clone()),
            ("parent", q.parent.clone()),
            ("state", q.state.clone()),
        ],
    );
    Ok(ListPage {
        l: Layout::new(&signed, "Đơn vị hành chính", "/units"),
        q: q.q.unwrap_or_default(),
        level: q.level.unwrap_or_default(),
        state: q.state.unwrap_or_default(),
        units: page.items,
        pager,
        levels: Level::ALL.iter().map(|l| (l.as_str(), l.label())).collect(),
        can_manage: signed.user().role.allows(Permission::ManageUnits),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "units/show.html")]
pub struct ShowPage {
    l: Layout,
    unit: Unit,
    breadcrumbs: Vec<Unit>,
    children: Vec<Unit>,
    children_total: i64,
    /// The units it took over from (a merged ward's former wards).
    predecessors: Vec<Unit>,
    /// The units that took it over, once it ended.
    successors: Vec<Unit>,
    can_manage: bool,
    can_users: bool,
    can_audit: bool,
    created: String,
    updated: String,
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let unit = state.store.unit(&scope, id).await?;
    let breadcrumbs = state.store.unit_ancestors(&unit).await?;
    let children = state
        .store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(id),
                per_page: Some(200),
                ..Default::default()
            },
        )
        .await?;
    let predecessors = state.store.predecessors(&unit).await?;
    let successors = state.store.successors(&unit).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        predecessors,
        successors,
        l: Layout::new(&signed, unit.name.clone(), "/units"),
        created: fmt_time(unit.created_at),
        updated: fmt_time(unit.updated_at),
        unit,
        breadcrumbs,
        children_total: children.total,
        children: children.items,
        can_manage: role.allows(Permission::ManageUnits),
        can_users: role.allows(Permission::ViewUsers),
        can_audit: role.allows(Permission::ViewAudit),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "units/form.html")]
pub struct FormPage {
    l: Layout,
    /// `None` for a new unit.
    id: Option<Uuid>,
    parent: Option<Unit>,
    input: UnitInput,
    kinds: Vec<(&'static str, &'static str)>,
    errors: Invalid,
}

fn kinds_under(parent: Option<&Unit>, current: Option<Level>) -> Vec<(&'static str, &'static str)> {
    Kind::ALL
        .into_iter()
        .filter(|k| match current {
            Some(level) => k.level() == level,
            None => match parent {
                Some(p) => k.level().allowed_parents().contains(&p.level),
                None => k.level() == Level::Province,
            },
        })
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

#[derive(Deserialize)]
pub struct NewQuery {
    parent: Option<String>,
}

async fn parent_for_new(
    state: &AppState,
    signed: &Signed,
    parent: Option<Uuid>,
) -> Result<Option<Unit>, AppError> {
    let scope = signed.user().scope();
    match (parent, signed.user().unit_id) {
        (Some(id), _) => Ok(Some(state.store.unit(&scope, id).await?)),
        // Without a parent, a ward's administrator adds under the ward.
        (None, Some(own)) => Ok(Some(state.store.unit(&scope, own).await?)),
        (None, None) => Ok(None),
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    let parent = parent_for_new(&state, &signed, parse_id(&q.parent, "parent")?).await?;
    Ok(FormPage {
        l: Layout::new(&signed, "Thêm đơn vị hành chính", "/units"),
        id: None,
        kinds: kinds_under(parent.as_ref(), None),
        parent,
        input: UnitInput::default(),
        errors: Invalid::default(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<UnitBody>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let parent_id = parse_id(&f.parent_id, "parent_id")?;
    match state
        .store
        .create_unit(&user.actor(), &user.scope(), parent_id, &f.input)
        .await
    {
        Ok(unit) => Ok(Redirect::to(&format!("/units/{}", unit.id)).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            let parent = match parent_id {
                Some(id) => Some(state.store.unit(&user.scope(), id).await?),
                None => None,
            };
            let page = FormPage {
                l: Layout::new(&signed, "Thêm đơn vị hành chính", "/units"),
                id: None,
                kinds: kinds_under(parent.as_ref(), None),
                parent,
                input: f.input.clone(),
                errors,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let unit = state.store.unit(&signed.user().scope(), id).await?;
    Ok(FormPage {
        l: Layout::new(&signed, format!("Sửa {}", unit.name), "/units"),
        id: Some(id),
        kinds: kinds_under(None, Some(unit.level)),
        parent: None,
        input: UnitInput {
            code: unit.code,
            name: unit.name,
            kind: unit.kind.as_str().into(),
        },
        errors: Invalid::default(),
    })
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<UnitBody>,
) -> Result<Response, AppError> {
    let user = signed.user();
    match state
        .store
        .update_unit(&user.actor(), &user.scope(), id, &f.input)
        .await
    {
        Ok(unit) => Ok(Redirect::to(&format!("/units/{}", unit.id)).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            let unit = state.store.unit(&user.scope(), id).await?;
            let page = FormPage {
                l: Layout::new(&signed, format!("Sửa {}", unit.name), "/units"),
                id: Some(id),
                kinds: kinds_under(None, Some(unit.level)),
                parent: None,
                input: f.input.clone(),
                errors,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = state.store.unit(&user.scope(), id).await?;
    state
        .store
        .delete_unit(&user.actor(), &user.scope(), id)
        .await?;
    let back = unit
        .parent_id
        .map_or_else(|| "/units".to_owned(), |p| format!("/units/{p}"));
    Ok(Redirect::to(&back).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "units/import.html")]
pub struct ImportPage {
    l: Layout,
    summary: Option<ImportSummary>,
    errors: Invalid,
}

pub async fn import_form(signed: Signed) -> ImportPage {
    ImportPage {
        l: Layout::new(&signed, "Nhập danh mục đơn vị hành chính", "/units"),
        summary: None,
        errors: Invalid::default(),
    }
}

/// Files larger than this are refused (the national list is about 1 MB).
pub const IMPORT_LIMIT: usize = 20 * 1024 * 1024;

/// Reads the uploaded file of a multipart form.
pub async fn uploaded_file(mut multipart: Multipart) -> Result<Vec<u8>, AppError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}")))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}")))?;
            if bytes.len() > IMPORT_LIMIT {
                return Err(AppError::BadRequest("Tệp quá lớn (tối đa 20 MB)".into()));
            }
            return Ok(bytes.to_vec());
        }
    }
    Err(Invalid::one("file", "Chưa chọn tệp").into())
}

pub async fn import_submit(
    State(state): State<AppState>,
    signed: Signed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let l = Layout::new(&signed, "Nhập danh mục đơn vị hành chính", "/units");
    let bytes = uploaded_file(multipart).await?;
    match import_bytes(&state, &signed, &bytes).await {
        Ok(summary) => Ok(ImportPage {
            l,
            summary: Some(summary),
            errors: Invalid::default(),
        }
        .into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            ImportPage {
                l,
                summary: None,
                errors,
            },
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

pub async fn import_template() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mau-don-vi-hanh-chinh.csv\"",
            ),
        ],
        xaphuong_report::units_csv::TEMPLATE,
    )
}

/// Units an account may be bound to, for the account form.
pub async fn choices(state: &AppState, scope: &Scope) -> Result<Vec<Unit>, AppError> {
    Ok(state
        .store
        .units(
            scope,
            &UnitFilter {
                per_page: Some(500),
                ..Default::default()
            },
        )
        .await?
        .items)
}
