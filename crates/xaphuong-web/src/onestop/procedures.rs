//! The procedure catalogue: list, export and import as XLSX, add and edit.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::onestop::procedures::{OnlineLevel, ProcedureInput};
use xaphuong_report::import::{self, Register, procedures::Procedures};
use xaphuong_report::xlsx::Cell;
use xaphuong_store::onestop::Procedure;

use super::{keeper, may_keep};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, non_empty};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub q: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/procedures.html")]
pub struct ListPage {
    l: Layout,
    q: Option<String>,
    rows: Vec<Procedure>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let query = non_empty(&q.q);
    Ok(ListPage {
        l: Layout::new(&signed, "Thủ tục hành chính", "/dossiers"),
        rows: state.store.procedures(query.as_deref()).await?,
        q: query,
        can_manage: may_keep(&signed),
    })
}

/// The catalogue in the columns the import reads, so it comes back in.
pub async fn export(State(state): State<AppState>) -> Result<Response, AppError> {
    catalogue_file(&state).await
}

/// The catalogue as an XLSX download, for the page and the API.
pub(crate) async fn catalogue_file(state: &AppState) -> Result<Response, AppError> {
    let rows: Vec<Vec<Cell>> = state
        .store
        .procedures(None)
        .await?
        .into_iter()
        .map(|p| {
            vec![
                Cell::from(p.code),
                Cell::from(p.name),
                Cell::from(p.field),
                Cell::from(p.time_text),
                Cell::from(p.fee),
                // A cell's line breaks do not survive every reader.
                Cell::from(p.papers.join("; ")),
                Cell::from(p.result),
                Cell::from(p.online.label()),
                Cell::from(p.basis),
                Cell::from(
                    p.steps
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
            ]
        })
        .collect();
    let bytes = xaphuong_report::xlsx::workbook(
        Procedures::SHEET,
        Procedures::TITLE,
        &import::headers::<Procedures>(),
        rows,
    )
    .map_err(AppError::internal)?;
    Ok(crate::page::xlsx_download("danh-muc-thu-tuc.xlsx", bytes))
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/procedure_form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    input: ProcedureInput,
    errors: Invalid,
    levels: Vec<(&'static str, &'static str)>,
}

impl FormPage {
    fn new(signed: &Signed, id: Option<Uuid>, input: ProcedureInput, errors: Invalid) -> Self {
        FormPage {
            l: Layout::new(
                signed,
                if id.is_some() {
                    "Sửa thủ tục hành chính"
                } else {
                    "Thêm thủ tục hành chính"
                },
                "/dossiers",
            ),
            id,
            input,
            errors,
            levels: OnlineLevel::ALL
                .iter()
                .map(|l| (l.as_str(), l.label()))
                .collect(),
        }
    }
}

pub async fn new_form(signed: Signed) -> Result<FormPage, AppError> {
    keeper(&signed)?;
    Ok(FormPage::new(
        &signed,
        None,
        ProcedureInput {
            online: OnlineLevel::Partial.as_str().into(),
            ..Default::default()
        },
        Invalid::default(),
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    keeper(&signed)?;
    let p = state.store.procedure(id).await?;
    Ok(FormPage::new(
        &signed,
        Some(id),
        p.input(),
        Invalid::default(),
    ))
}

async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    input: ProcedureInput,
) -> Result<Response, AppError> {
    keeper(signed)?;
    match state
        .store
        .save_procedure(&signed.user().actor(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to("/procedures").into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage::new(signed, id, input, errors),
            )
                .into_response())
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(input): Form<ProcedureInput>,
) -> Result<Response, AppError> {
    save(&state, &signed, None, input).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(input): Form<ProcedureInput>,
) -> Result<Response, AppError> {
    save(&state, &signed, Some(id), input).await
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/procedures_import.html")]
pub struct ImportPage {
    l: Layout,
    done: Option<String>,
    errors: Invalid,
    columns: Vec<&'static str>,
}

impl ImportPage {
    fn new(signed: &Signed) -> Self {
        ImportPage {
            l: Layout::new(signed, "Nhập danh mục thủ tục từ Excel", "/dossiers"),
            done: None,
            errors: Invalid::default(),
            columns: Procedures::COLUMNS.iter().map(|c| c.label).collect(),
        }
    }
}

pub async fn import_form(signed: Signed) -> Result<ImportPage, AppError> {
    keeper(&signed)?;
    Ok(ImportPage::new(&signed))
}

pub async fn import_template() -> Response {
    crate::page::xlsx_download(
        "mau-danh-muc-thu-tuc.xlsx",
        import::template::<Procedures>(),
    )
}

pub async fn import_submit(
    State(state): State<AppState>,
    signed: Signed,
    multipart: Multipart,
) -> Result<Response, AppError> {
    keeper(&signed)?;
    let bytes = crate::units::pages::uploaded_file(multipart).await?;
    let mut page = ImportPage::new(&signed);
    let result = import_catalogue(&state, &signed, &bytes).await;
    match result {
        Ok((added, changed)) => {
            page.done = Some(imported(added, changed));
            Ok(page.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// What an import of the catalogue wrote, as said to the officer.
pub(crate) fn imported(added: usize, changed: usize) -> String {
    format!("Đã nhập: thêm {added} thủ tục, cập nhật {changed} thủ tục.")
}

/// Reads a catalogue file and writes it, all rows or none (codes already
/// there are updated); problems come back under the file's column names.
pub(crate) async fn import_catalogue(
    state: &AppState,
    signed: &Signed,
    bytes: &[u8],
) -> Result<(usize, usize), AppError> {
    keeper(signed)?;
    let sheet = xaphuong_report::sheet::read(bytes)?;
    let rows = import::rows::<Procedures>(&sheet)?;
    match state
        .store
        .import_procedures(&signed.user().actor(), &rows)
        .await
    {
        Ok(n) => Ok(n),
        Err(e) => Err(AppError::Invalid(import::relabel::<Procedures>(
            field_problems(e)?,
        ))),
    }
}
