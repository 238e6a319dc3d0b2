//! The citizen-reception book's pages: list, entry page with its form, new
//! form, export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::petitions::{Complexity, PetitionKind, ReceptionInput};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::receptions::Reception;
use xaphuong_store::units::Unit;

use super::{ListQuery, ReceptionForm, save, viewer};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, form_status};
use crate::page::{Layout, Pager, today};
use crate::places::places;

/// What a viewer reads where who came is kept from them.
pub(crate) const SECRET: &str = "Giữ bí mật (chỉ người xử lý đơn tố cáo được xem)";

fn may_manage(signed: &Signed) -> bool {
    signed.user().role.allows(Permission::ManageRegisters)
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    PetitionKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "receptions/list.html")]
pub struct ListPage {
    l: Layout,
    q: ListQuery,
    rows: Vec<Reception>,
    pager: Pager,
    kinds: Vec<(&'static str, &'static str)>,
    today: jiff::civil::Date,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let page = state
        .store
        .receptions(&signed.user().scope(), viewer(&signed), &q.filter()?)
        .await?;
    Ok(ListPage {
        l: Layout::new(&signed, "Sổ tiếp công dân", "/receptions"),
        pager: Pager::new(&page, &q.params()),
        rows: page.items,
        kinds: kinds(),
        today: today(),
        can_manage: may_manage(&signed),
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "receptions/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    r: Option<Reception>,
    f: ReceptionForm,
    unit_id: String,
    places: Vec<Unit>,
    kinds: Vec<(&'static str, &'static str)>,
    complexities: Vec<(&'static str, &'static str)>,
    /// Who came is kept from this viewer.
    secret: bool,
    errors: Invalid,
    can_manage: bool,
    can_audit: bool,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    r: Option<Reception>,
    f: ReceptionForm,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let title = r.as_ref().map_or_else(
        || "Ghi sổ tiếp công dân".to_owned(),
        |r| {
            format!(
                "{} ngày {}",
                r.kind.label(),
                r.received_on.strftime("%d/%m/%Y")
            )
        },
    );
    let places = places(state, signed, Uuid::try_parse(f.unit_id.trim()).ok()).await?;
    Ok(FormPage {
        l: Layout::new(signed, title, "/receptions"),
        id: r.as_ref().map(|r| r.id),
        secret: r.as_ref().is_some_and(|r| r.citizen.is_none()),
        r,
        unit_id: f.unit_id.clone(),
        f,
        places,
        kinds: kinds(),
        complexities: Complexity::ALL
            .iter()
            .map(|c| (c.as_str(), c.label()))
            .collect(),
        errors,
        can_manage: may_manage(signed),
        can_audit: signed.user().role.allows(Permission::ViewAudit),
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<FormPage, AppError> {
    let f = ReceptionForm {
        unit_id: signed
            .user()
            .unit_id
            .map(|u| u.to_string())
            .unwrap_or_default(),
        input: ReceptionInput {
            received_on: today().to_string(),
            competent: true,
            ..Default::default()
        },
        ..Default::default()
    };
    form_page(&state, &signed, None, f, Invalid::default()).await
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let r = state
        .store
        .reception(&signed.user().scope(), viewer(&signed), id)
        .await?;
    let f = ReceptionForm::of(&r);
    form_page(&state, &signed, Some(r), f, Invalid::default()).await
}

async fn saved(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: ReceptionForm,
) -> Result<Response, AppError> {
    match save(state, signed, id, &f).await {
        Ok(r) => Ok(Redirect::to(&format!("/receptions/{}", r.id)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let status = form_status(&errors);
            let r = match id {
                Some(id) => Some(
                    state
                        .store
                        .reception(&signed.user().scope(), viewer(signed), id)
                        .await?,
                ),
                None => None,
            };
            Ok((status, form_page(state, signed, r, f, errors).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<ReceptionForm>,
) -> Result<Response, AppError> {
    saved(&state, &signed, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<ReceptionForm>,
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
        .delete_reception(&user.actor(), &user.scope(), id)
        .await?;
    Ok(Redirect::to("/receptions").into_response())
}

/// The book as a workbook, filtered as the list is, who came shown only
/// where the caller may see it.
pub async fn export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    use futures_util::StreamExt;
    let f = q.filter()?;
    let scope = signed.user().scope();
    let title = format!(
        "SỔ TIẾP CÔNG DÂN — xuất ngày {}",
        today().strftime("%d/%m/%Y")
    );
    let headers = [
        ("Ngày tiếp nhận", 14.0),
        ("Người đến, gửi đơn", 24.0),
        ("Địa chỉ", 24.0),
        ("Nội dung", 40.0),
        ("Phân loại", 14.0),
        ("Thuộc thẩm quyền", 12.0),
        ("Chuyển đến, hướng dẫn", 24.0),
        ("Ngày thụ lý", 14.0),
        ("Hạn giải quyết", 14.0),
        ("Quyết định, trả lời", 30.0),
        ("Ngày quyết định", 14.0),
    ];
    let day = |d: Option<jiff::civil::Date>| {
        d.map_or(Cell::Empty, |d| {
            Cell::from(d.strftime("%d/%m/%Y").to_string())
        })
    };
    let rows = state
        .store
        .reception_register(&scope, viewer(&signed), &f)
        .map(move |r| {
            r.map(|r| {
                let (who, address) = match &r.citizen {
                    Some(c) => (c.name.clone(), c.address.clone()),
                    None => (SECRET.to_owned(), String::new()),
                };
                vec![
                    day(Some(r.received_on)),
                    Cell::from(who),
                    Cell::from(address),
                    Cell::from(r.matter.as_str()),
                    Cell::from(r.kind.label()),
                    Cell::from(if r.competent { "Có" } else { "Không" }),
                    Cell::from(r.forwarded_to.as_str()),
                    day(r.accepted_on),
                    day(r.due_on),
                    Cell::from(r.decision.as_str()),
                    day(r.decided_on),
                ]
            })
        });
    crate::page::xlsx_stream(
        "so-tiep-cong-dan.xlsx",
        "Tiếp công dân",
        &title,
        &headers,
        rows,
    )
    .await
}
