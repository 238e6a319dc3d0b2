//! Importing a register from a spreadsheet: the same checks, preview and
//! all-or-nothing write for every register, on a page and through the API.

pub(crate) mod api;
pub(crate) mod pages;

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::today;
use axum::extract::Query;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::future::Future;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::{
    self, Register, budget::Budget, culture::CultureReviews, handovers::Handovers,
    households::Households, inspections::Inspections, poverty::PovertyReviews,
    recruitment::Recruitment, violations::Violations,
};
use xaphuong_store::{Store, StoreError};

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

impl Importable for Violations {
    const BASE: &'static str = "/violations";
    const NAME: &'static str = "Vi phạm trật tự xây dựng";
    const HEADING: &'static str = "Nhập sổ vi phạm từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-vi-pham.xlsx";
    const ROW: &'static str = "một vụ việc";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_violations(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} vụ việc."))
    }
}

impl Importable for Handovers {
    const BASE: &'static str = "/handovers";
    const NAME: &'static str = "Bàn giao mặt bằng";
    const HEADING: &'static str = "Nhập danh sách hộ bàn giao mặt bằng từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ban-giao-mat-bang.xlsx";
    const ROW: &'static str = "một hộ bàn giao";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_handovers(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} hộ bàn giao."))
    }
}

impl Importable for Recruitment {
    const BASE: &'static str = "/recruitment";
    const NAME: &'static str = "Tuyển quân";
    const HEADING: &'static str = "Nhập danh sách công dân gọi khám tuyển từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-tuyen-quan.xlsx";
    const ROW: &'static str = "một công dân";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store.import_recruits(actor, scope, commune, &rows).await?;
        Ok(format!("Đã nhập {n} công dân."))
    }
}

impl Importable for Households {
    const BASE: &'static str = "/households";
    const NAME: &'static str = "Hộ gia đình";
    const HEADING: &'static str = "Nhập sổ hộ (hộ và nhân khẩu) từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-so-ho.xlsx";
    const ROW: &'static str = "một nhân khẩu (các cột của hộ ghi lại trên mỗi dòng)";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let (households, members) = store
            .import_households(actor, scope, commune, rows, today)
            .await?;
        Ok(households_done(households, members))
    }

    async fn import(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        bytes: &[u8],
        today: Date,
    ) -> Result<String, AppError> {
        let mut file = store
            .household_import(scope, commune)
            .await
            .map_err(relabeled::<Self>)?;
        import::each_row::<Self>(bytes, &mut |r| file.add(r))?;
        let (households, members) = store
            .save_households(actor, file, today)
            .await
            .map_err(relabeled::<Self>)?;
        Ok(households_done(households, members))
    }
}

impl Importable for PovertyReviews {
    const BASE: &'static str = "/households/poverty";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Rà soát hộ nghèo";
    const HEADING: &'static str = "Nhập kết quả rà soát hộ nghèo, cận nghèo từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ra-soat-ho-ngheo.xlsx";
    const ROW: &'static str = "kết quả rà soát của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_poverty_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả rà soát của {n} hộ."))
    }
}

impl Importable for CultureReviews {
    const BASE: &'static str = "/households/culture";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Bình xét Gia đình văn hóa";
    const HEADING: &'static str = "Nhập kết quả bình xét Gia đình văn hóa từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-gia-dinh-van-hoa.xlsx";
    const ROW: &'static str = "kết quả bình xét của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_culture_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả bình xét của {n} hộ."))
    }
}

impl Importable for Budget {
    const BASE: &'static str = "/budget";
    const NAME: &'static str = "Thu ngân sách";
    const HEADING: &'static str = "Nhập dự toán và số thu ngân sách từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-thu-ngan-sach.xlsx";
    const ROW: &'static str = "một dòng dự toán, điều chỉnh hoặc số thu";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store.import_budget(actor, scope, commune, &rows).await?;
        Ok(format!("Đã nhập {n} dòng thu ngân sách."))
    }
}

impl Importable for Inspections {
    const BASE: &'static str = "/inspections";
    const NAME: &'static str = "Kiểm tra vỉa hè, lòng đường";
    const HEADING: &'static str = "Nhập kết quả kiểm tra vỉa hè, lòng đường từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-kiem-tra-via-he.xlsx";
    const ROW: &'static str =
        "một trường hợp vi phạm (các dòng cùng ngày, tuyến và lực lượng thành một đợt kiểm tra)";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let (inspections, cases) = store
            .import_inspections(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!(
            "Đã nhập {cases} trường hợp trong {inspections} đợt kiểm tra."
        ))
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
