//! Importing a register from a spreadsheet: the same checks, preview and
//! all-or-nothing write for every register, on a page and through the API.

pub(crate) mod api;
pub(crate) mod pages;

use std::future::Future;

use axum::extract::Query;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::{self, Register};
use xaphuong_store::{Store, StoreError};

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::today;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    /// The commune to import into (default: the caller's).
    pub unit: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ImportView {
    /// What was written, e.g. "Đã nhập 53 vụ việc."
    pub message: String,
}

/// The API's import: the request body is the file.
pub(crate) async fn api<R: Importable>(
    state: &AppState,
    signed: &Signed,
    Query(q): Query<ImportQuery>,
    body: &[u8],
) -> Result<ImportView, AppError>
where
    R::Input: Send + Sync,
{
    let commune = crate::page::parse_id(&q.unit, "unit")?
        .or(signed.user().unit_id)
        .ok_or_else(|| Invalid::one("unit", "Chọn xã, phường"))?;
    let message = import_file::<R>(state, signed, commune, body).await?;
    Ok(ImportView { message })
}

/// A register the web imports: where it lives, and how the store saves it.
pub(crate) trait Importable: Register + Sized + 'static
where
    Self::Input: Send + Sync,
{
    /// The register's list page, e.g. `/violations`; the import lives under it.
    const BASE: &'static str;
    /// The register's name, for the breadcrumb.
    const NAME: &'static str;
    /// Where the breadcrumb leads: the list page, or for a register that
    /// has none of its own, the page that shows it.
    const BACK: &'static str = Self::BASE;
    const HEADING: &'static str;
    const FILE_NAME: &'static str;
    /// What one row is, e.g. "một vụ việc".
    const ROW: &'static str;

    /// Saves all rows or none; says what was written.
    fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;

    /// Reads the file and saves its rows, all or none. A register whose
    /// rows are checked as they are read overrides it, so that a large
    /// file's rows are never all held at once.
    fn import(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        bytes: &[u8],
        today: Date,
    ) -> impl Future<Output = Result<String, AppError>> + Send {
        async move {
            let rows = import::read_rows::<Self>(bytes)?;
            Self::save(store, actor, scope, commune, rows, today)
                .await
                .map_err(relabeled::<Self>)
        }
    }
}

/// Reads, checks and imports a file into a commune, all or nothing; field
/// problems come back under the file's column names.
pub(crate) async fn import_file<R: Importable>(
    state: &AppState,
    signed: &Signed,
    commune: Uuid,
    bytes: &[u8],
) -> Result<String, AppError>
where
    R::Input: Send + Sync,
{
    let user = signed.user();
    R::import(
        &state.store,
        &user.actor(),
        &user.scope(),
        commune,
        bytes,
        today(),
    )
    .await
}

/// A store's refusal with its fields named by the file's columns.
pub(crate) fn relabeled<R: Register>(e: StoreError) -> AppError {
    match field_problems(e) {
        Ok(problems) => AppError::Invalid(import::relabel::<R>(problems)),
        Err(e) => e,
    }
}

pub(crate) fn households_done(households: usize, members: usize) -> String {
    let n = |n: usize| xaphuong_core::numbers::dong(i64::try_from(n).unwrap_or(i64::MAX));
    format!("Đã nhập {} hộ, {} nhân khẩu.", n(households), n(members))
}
