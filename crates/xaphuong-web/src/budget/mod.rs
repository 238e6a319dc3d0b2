//! Budget revenue: entries against the year's estimates.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::budget::Line;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::budget::Budget;
use xaphuong_store::Store;
use xaphuong_store::StoreError;
use xaphuong_store::budget::BudgetFilter;

use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_param};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/budget/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Budget>,
    )
    .post(
        "/budget/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Budget>,
    )
    .get(
        "/budget/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Budget>,
    )
    .get("/budget", p(ViewRegisters), pages::show)
    .get("/budget/export.xlsx", p(ViewRegisters), pages::export)
    .post("/budget/entries", p(ManageRegisters), pages::create)
    .get("/budget/entries/{id}", p(ViewRegisters), pages::entry)
    .post("/budget/entries/{id}", p(ManageRegisters), pages::update)
    .post(
        "/budget/entries/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/api/v1/budget/import",
        p(ManageRegisters),
        crate::imports::api::budget,
    )
    .get("/api/v1/budget/summary", p(ViewRegisters), api::summary)
    .get("/api/v1/budget/entries", p(ViewRegisters), api::list)
    .post("/api/v1/budget/entries", p(ManageRegisters), api::create)
    .get("/api/v1/budget/entries/{id}", p(ViewRegisters), api::get)
    .put(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::update,
    )
    .delete(
        "/api/v1/budget/entries/{id}",
        p(ManageRegisters),
        api::delete,
    )
}

/// Filters shared by the page, the export and the API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Budget year (default: this year).
    pub year: Option<String>,
    /// Figures as of this day, YYYY-MM-DD (default: today or the year's end).
    pub as_of: Option<String>,
    /// estimates | collections
    pub entries: Option<String>,
    pub line: Option<String>,
    /// Document or note, diacritics ignored.
    pub q: Option<String>,
    /// A former unit (a ward merged into the caller's): only its records.
    pub former: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn year(&self) -> Result<i16, AppError> {
        crate::page::budget_year(&self.year)
    }

    pub fn as_of(&self) -> Result<Date, AppError> {
        crate::page::budget_as_of(&self.year, &self.as_of)
    }

    pub fn filter(&self) -> Result<BudgetFilter, AppError> {
        Ok(BudgetFilter {
            year: self.year()?,
            estimates: parse_param(
                &self.entries,
                "entries",
                "Chọn dự toán hoặc số thu",
                |s| match s {
                    "estimates" => Some(true),
                    "collections" => Some(false),
                    _ => None,
                },
            )?,
            line: parse_param(&self.line, "line", "Khoản thu không hợp lệ", Line::parse)?,
            q: non_empty(&self.q),
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// A budget entry as its form and the API send it: the amounts, and, when
/// creating, the commune, the year and the kind of entry.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct EntryForm {
    /// The commune (UUID; ignored when updating; empty: the caller's).
    #[serde(default)]
    pub unit_id: String,
    /// Budget year ("2026" or 2026; ignored when updating; empty: this year).
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub year: String,
    /// original | adjustment | collection (ignored when updating)
    #[serde(default)]
    pub entry: String,
    #[serde(flatten)]
    pub input: xaphuong_core::budget::AmountInput,
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
