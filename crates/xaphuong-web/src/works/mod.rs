//! Public works of the commune: what was built where, who paid, when it
//! was started, finished and accepted.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_core::works::{WorkInput, WorkKind, WorkState};
use xaphuong_report::import::works::Works;
use xaphuong_store::works::{Work, WorkFilter};
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
        "/works/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Works>,
    )
    .post(
        "/works/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Works>,
    )
    .get(
        "/works/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Works>,
    )
    .get("/works/export.xlsx", p(ViewRegisters), pages::export)
    .get("/works", p(ViewRegisters), pages::list)
    .post("/works", p(ManageRegisters), pages::create)
    .get("/works/new", p(ManageRegisters), pages::new_form)
    .get("/works/{id}", p(ViewRegisters), pages::show)
    .post("/works/{id}", p(ManageRegisters), pages::update)
    .get("/works/{id}/edit", p(ManageRegisters), pages::edit_form)
    .post("/works/{id}/delete", p(ManageRegisters), pages::delete)
    .get("/api/v1/works", p(ViewRegisters), api::list)
    .post("/api/v1/works", p(ManageRegisters), api::create)
    .get("/api/v1/works/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/works/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/works/{id}", p(ManageRegisters), api::delete)
    .post(
        "/api/v1/works/import",
        p(ManageRegisters),
        crate::imports::api::works,
    )
}

/// The list's filters, for its page and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the name, documents or note, diacritics ignored.
    pub q: Option<String>,
    /// road_concrete | road | drainage | lighting | cultural_house | other
    pub kind: Option<String>,
    /// planned | building | completed | accepted
    pub state: Option<String>,
    /// Started, finished or accepted in this year.
    pub year: Option<String>,
    /// Any value: only works due and not finished.
    pub behind: Option<String>,
    /// Accepted (nghiệm thu) in this year: the works the report counts.
    pub accepted: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<WorkFilter, AppError> {
        Ok(WorkFilter {
            q: non_empty(&self.q),
            kind: parse_param(
                &self.kind,
                "kind",
                "Loại công trình không hợp lệ",
                WorkKind::parse,
            )?,
            state: parse_param(
                &self.state,
                "state",
                "Tình trạng không hợp lệ",
                WorkState::parse,
            )?,
            year: parse_year(&self.year)?,
            behind_on: non_empty(&self.behind).map(|_| today()),
            accepted_in: parse_year(&self.accepted)?,
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("kind", self.kind.clone()),
            ("state", self.state.clone()),
            ("year", self.year.clone()),
            ("behind", self.behind.clone()),
            ("accepted", self.accepted.clone()),
        ]
    }
}

/// A work as its form and the API send it: the commune, the groups it
/// runs through, the version read (for a change) and its fields.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct WorkForm {
    /// The commune (default: the caller's).
    #[serde(default)]
    pub unit_id: String,
    /// The residential groups it runs through.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: WorkInput,
}

impl WorkForm {
    /// The form of a work as it is, to edit.
    pub fn of(w: &Work) -> Self {
        use xaphuong_core::numbers::{dong, hundredths};
        let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let money = |n: i64| if n == 0 { String::new() } else { dong(n) };
        WorkForm {
            unit_id: w.commune_id.to_string(),
            groups: w.groups.iter().map(|(id, _)| id.to_string()).collect(),
            version: w.updated_at.to_string(),
            input: WorkInput {
                name: w.name.clone(),
                kind: w.kind.as_str().into(),
                length: w.length.map(hundredths).unwrap_or_default(),
                width: w.width.map(hundredths).unwrap_or_default(),
                budget_province: money(w.budget_province),
                budget_commune: money(w.budget_commune),
                people_money: money(w.people_money),
                people_labour_days: money(w.people_labour_days),
                people_land: if w.people_land == 0 {
                    String::new()
                } else {
                    hundredths(w.people_land)
                },
                started_on: date(w.started_on),
                due_on: date(w.due_on),
                completed_on: date(w.completed_on),
                accepted_on: date(w.accepted_on),
                documents: w.documents.clone(),
                note: w.note.clone(),
            },
        }
    }
}

/// Saves a work from its form or body: a new one without `id`, else a
/// change on the version the form carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &WorkForm,
) -> Result<Work, AppError> {
    let user = signed.user();
    let mut e = Invalid::default();
    let mut groups = Vec::with_capacity(f.groups.len());
    for g in f.groups.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        match Uuid::try_parse(g) {
            Ok(g) => groups.push(g),
            Err(_) => e.push("groups", "Tổ dân phố, thôn không hợp lệ"),
        }
    }
    let unit = match f.unit_id.trim() {
        "" => user.unit_id,
        u => Uuid::try_parse(u).ok(),
    };
    if unit.is_none() {
        e.push("unit_id", "Chọn xã, phường");
    }
    let version = id.and_then(|_| crate::page::seen_version(&f.version, &mut e));
    e.into_result()?;
    let unit = unit.unwrap_or_default();
    let (actor, scope) = (user.actor(), user.scope());
    Ok(match (id, version) {
        (Some(id), Some(seen)) => {
            state
                .store
                .update_work(&actor, &scope, id, seen, &groups, &f.input, today())
                .await?
        }
        _ => {
            state
                .store
                .create_work(&actor, &scope, unit, &groups, &f.input, today())
                .await?
        }
    })
}

impl Importable for Works {
    const BASE: &'static str = "/works";
    const NAME: &'static str = "Công trình";
    const HEADING: &'static str = "Nhập danh sách công trình, tuyến đường dân sinh từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-cong-trinh.xlsx";
    const ROW: &'static str = "một công trình";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_works(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} công trình."))
    }
}
