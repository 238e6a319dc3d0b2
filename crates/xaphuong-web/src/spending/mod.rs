//! Spending of the commune budget: entries against the year's estimate.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_core::spending::{Entry, Item, SpendingInput};
use xaphuong_report::import::spending::Spending;
use xaphuong_store::spending::{SpendingEntry, SpendingFilter};
use xaphuong_store::{Store, StoreError};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/spending/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Spending>,
    )
    .post(
        "/spending/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Spending>,
    )
    .get(
        "/spending/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Spending>,
    )
    .get("/spending", p(ViewRegisters), pages::show)
    .get("/spending/export.xlsx", p(ViewRegisters), pages::export)
    .post("/spending/entries", p(ManageRegisters), pages::create)
    .get("/spending/entries/{id}", p(ViewRegisters), pages::entry)
    .post("/spending/entries/{id}", p(ManageRegisters), pages::update)
    .post(
        "/spending/entries/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/api/v1/spending/import",
        p(ManageRegisters),
        crate::imports::api::spending,
    )
    .get("/api/v1/spending/summary", p(ViewRegisters), api::summary)
    .get("/api/v1/spending/entries", p(ViewRegisters), api::list)
    .post("/api/v1/spending/entries", p(ManageRegisters), api::create)
    .get("/api/v1/spending/entries/{id}", p(ViewRegisters), api::get)
    .put(
        "/api/v1/spending/entries/{id}",
        p(ManageRegisters),
        api::update,
    )
    .delete(
        "/api/v1/spending/entries/{id}",
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
    /// estimates | payments
    pub entries: Option<String>,
    /// A spending item, e.g. investment, education.
    pub item: Option<String>,
    /// Document, note or work, diacritics ignored.
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

    pub fn filter(&self) -> Result<SpendingFilter, AppError> {
        Ok(SpendingFilter {
            year: self.year()?,
            estimates: parse_param(
                &self.entries,
                "entries",
                "Chọn dự toán hoặc số chi",
                |s| match s {
                    "estimates" => Some(true),
                    "payments" => Some(false),
                    _ => None,
                },
            )?,
            item: parse_param(&self.item, "item", "Khoản chi không hợp lệ", Item::parse)?,
            q: non_empty(&self.q),
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self, year: i16) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("year", Some(year.to_string())),
            ("as_of", self.as_of.clone()),
            ("entries", self.entries.clone()),
            ("item", self.item.clone()),
            ("q", self.q.clone()),
            ("former", self.former.clone()),
        ]
    }
}

/// An entry as its form and the API send it: when creating, the commune,
/// the year and the kind of entry; when changing, the version read.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = SpendingEntryForm)]
pub(crate) struct EntryForm {
    /// The commune (UUID; ignored when changing; empty: the caller's).
    #[serde(default)]
    pub unit_id: String,
    /// Budget year ("2026" or 2026; ignored when changing; empty: this year).
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub year: String,
    /// original | adjustment | payment (ignored when changing)
    #[serde(default)]
    pub entry: String,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: SpendingInput,
}

impl EntryForm {
    /// The form of an entry as it is, to change.
    pub fn of(s: &SpendingEntry) -> Self {
        let amount = if s.amount < 0 {
            format!("-{}", xaphuong_core::numbers::dong(-s.amount))
        } else {
            xaphuong_core::numbers::dong(s.amount)
        };
        EntryForm {
            unit_id: s.commune_id.to_string(),
            year: s.year.to_string(),
            entry: s.entry.as_str().into(),
            version: s.updated_at.to_string(),
            input: SpendingInput {
                item: s.item.as_str().into(),
                on: s.on.to_string(),
                amount,
                work_id: s.work_id.map(|w| w.to_string()).unwrap_or_default(),
                document: s.document.clone(),
                note: s.note.clone(),
            },
        }
    }
}

/// Saves an entry from its form or body: a new one without `id`, else a
/// change on the version the form carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &EntryForm,
) -> Result<SpendingEntry, AppError> {
    let user = signed.user();
    let (actor, scope) = (user.actor(), user.scope());
    if let Some(id) = id {
        let mut e = Invalid::default();
        let seen = crate::page::seen_version(&f.version, &mut e);
        e.into_result()?;
        let seen = seen.unwrap_or_default();
        return Ok(state
            .store
            .update_spending_entry(&actor, &scope, id, seen, &f.input)
            .await?);
    }
    let mut e = Invalid::default();
    let unit = match f.unit_id.trim() {
        "" => user.unit_id,
        u => Uuid::try_parse(u).ok(),
    };
    if unit.is_none() {
        e.push("unit_id", "Chọn xã, phường");
    }
    let entry = Entry::parse(f.entry.trim());
    if entry.is_none() {
        e.push("entry", "Chọn dự toán, điều chỉnh hoặc số chi");
    }
    let year = match parse_year(&Some(f.year.clone())) {
        Ok(y) => y.unwrap_or(today().year()),
        Err(_) => {
            e.push("year", "Năm ngân sách không hợp lệ");
            today().year()
        }
    };
    e.into_result()?;
    Ok(state
        .store
        .create_spending_entry(
            &actor,
            &scope,
            unit.unwrap_or_default(),
            year,
            entry.unwrap_or(Entry::Payment),
            &f.input,
        )
        .await?)
}

impl Importable for Spending {
    const BASE: &'static str = "/spending";
    const NAME: &'static str = "Chi ngân sách";
    const HEADING: &'static str = "Nhập dự toán và số chi ngân sách từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-chi-ngan-sach.xlsx";
    const ROW: &'static str = "một dòng dự toán, điều chỉnh hoặc số chi";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store.import_spending(actor, scope, commune, &rows).await?;
        Ok(format!("Đã nhập {n} dòng chi ngân sách."))
    }
}
