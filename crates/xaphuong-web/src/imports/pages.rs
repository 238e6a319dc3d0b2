//! Importing a register from a spreadsheet: one page, one upload handler,
//! one template download and one API call, shared by every register. The
//! file is read and checked whole; the store writes all rows or none.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_report::import;
use xaphuong_store::units::Unit;

use super::{Importable, import_file};
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "imports/form.html")]
pub struct ImportPage {
    l: Layout,
    base: &'static str,
    back: &'static str,
    name: &'static str,
    row: &'static str,
    columns: Vec<&'static str>,
    communes: Vec<Unit>,
    done: Option<String>,
    errors: Invalid,
}

impl ImportPage {
    async fn new<R: Importable>(state: &AppState, signed: &Signed) -> Result<Self, AppError>
    where
        R::Input: Send + Sync,
    {
        let communes = crate::places::communes(state, signed).await?;
        Ok(ImportPage {
            l: Layout::new(signed, R::HEADING, R::BASE),
            base: R::BASE,
            back: R::BACK,
            name: R::NAME,
            row: R::ROW,
            columns: R::COLUMNS.iter().map(|c| c.label).collect(),
            communes,
            done: None,
            errors: Invalid::default(),
        })
    }
}

pub async fn form<R: Importable>(
    State(state): State<AppState>,
    signed: Signed,
) -> Result<ImportPage, AppError>
where
    R::Input: Send + Sync,
{
    ImportPage::new::<R>(&state, &signed).await
}

pub async fn submit<R: Importable>(
    State(state): State<AppState>,
    signed: Signed,
    mut multipart: Multipart,
) -> Result<Response, AppError>
where
    R::Input: Send + Sync,
{
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được tệp tải lên: {e}"))
    };
    let mut unit = String::new();
    let mut file: Option<axum::body::Bytes> = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("unit_id") => unit = field.text().await.unwrap_or_default(),
            Some("file") => file = Some(field.bytes().await.map_err(unreadable)?),
            _ => {}
        }
    }
    let result = match (
        Uuid::try_parse(unit.trim()).ok().or(signed.user().unit_id),
        file.filter(|f| !f.is_empty()),
    ) {
        (_, None) => Err(AppError::Invalid(Invalid::one("file", "Chưa chọn tệp"))),
        (None, _) => Err(AppError::Invalid(Invalid::one(
            "unit_id",
            "Chọn xã, phường",
        ))),
        (Some(commune), Some(bytes)) => import_file::<R>(&state, &signed, commune, &bytes).await,
    };
    let mut page = ImportPage::new::<R>(&state, &signed).await?;
    match result {
        Ok(done) => {
            page.done = Some(done);
            Ok(page.into_response())
        }
        Err(AppError::Invalid(errors)) => {
            page.errors = errors;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The register's empty workbook with one example row.
pub async fn template<R: Importable>() -> Response
where
    R::Input: Send + Sync,
{
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", R::FILE_NAME),
            ),
        ],
        import::template::<R>(),
    )
        .into_response()
}
