//! The urban-order violation register.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_core::violations::{Event, Kind, State as CaseState, Step};
use xaphuong_report::import::violations::Violations;
use xaphuong_store::Store;
use xaphuong_store::StoreError;
use xaphuong_store::violations::ViolationFilter;

use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_id, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageViolations, ViewViolations};
    let p = Access::Permission;
    t.get("/violations", p(ViewViolations), pages::list)
        .post("/violations", p(ManageViolations), pages::create)
        .get("/violations/new", p(ManageViolations), pages::new_form)
        .get("/violations/export.xlsx", p(ViewViolations), pages::export)
        .get("/violations/{id}", p(ViewViolations), pages::show)
        .post("/violations/{id}", p(ManageViolations), pages::update)
        .get(
            "/violations/{id}/edit",
            p(ManageViolations),
            pages::edit_form,
        )
        .post(
            "/violations/{id}/events",
            p(ManageViolations),
            pages::add_step,
        )
        .post(
            "/violations/{id}/delete",
            p(ManageViolations),
            pages::delete,
        )
        .post(
            "/violations/{id}/attachments",
            p(ManageViolations),
            pages::attach,
        )
        .get(
            "/violations/{id}/attachments/{attachment_id}",
            p(ViewViolations),
            pages::attachment,
        )
        .post(
            "/violations/{id}/attachments/{attachment_id}/delete",
            p(ManageViolations),
            pages::delete_attachment,
        )
        .get(
            "/violations/import",
            p(ManageViolations),
            crate::imports::pages::form::<Violations>,
        )
        .post(
            "/violations/import",
            p(ManageViolations),
            crate::imports::pages::submit::<Violations>,
        )
        .get(
            "/violations/import/mau.xlsx",
            p(ManageViolations),
            crate::imports::pages::template::<Violations>,
        )
        .get("/api/v1/violations", p(ViewViolations), api::list)
        .post("/api/v1/violations", p(ManageViolations), api::create)
        .get("/api/v1/violations/{id}", p(ViewViolations), api::get)
        .put("/api/v1/violations/{id}", p(ManageViolations), api::update)
        .delete("/api/v1/violations/{id}", p(ManageViolations), api::delete)
        .post(
            "/api/v1/violations/{id}/events",
            p(ManageViolations),
            api::add_event,
        )
        .post(
            "/api/v1/violations/import",
            p(ManageViolations),
            crate::imports::api::violations,
        )
        .get(
            "/api/v1/violations/{id}/attachments",
            p(ViewViolations),
            api::attachments,
        )
        .post(
            "/api/v1/violations/{id}/attachments",
            p(ManageViolations),
            api::attach,
        )
        .get(
            "/api/v1/violations/{id}/attachments/{attachment_id}",
            p(ViewViolations),
            api::attachment,
        )
        .delete(
            "/api/v1/violations/{id}/attachments/{attachment_id}",
            p(ManageViolations),
            api::delete_attachment,
        )
}

/// Filters of the register, shared by the page, the export and the API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Household or address, diacritics ignored.
    pub q: Option<String>,
    /// detected | recorded | decided | committed | self_remedied | enforced
    pub state: Option<String>,
    /// illegal_construction | infrastructure_encroachment | escape_route | sidewalk | public_land | other
    pub kind: Option<String>,
    /// Residential group id.
    pub group: Option<String>,
    /// Year of detection.
    pub year: Option<String>,
    /// Only cases past their remedy deadline.
    pub overdue: Option<String>,
    /// A former unit (a ward merged into the caller's): only its records.
    pub former: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<ViolationFilter, AppError> {
        Ok(ViolationFilter {
            q: non_empty(&self.q),
            state: parse_param(
                &self.state,
                "state",
                "Tình trạng không hợp lệ",
                CaseState::parse,
            )?,
            kind: parse_param(&self.kind, "kind", "Loại vi phạm không hợp lệ", Kind::parse)?,
            group_id: parse_id(&self.group, "group")?,
            year: parse_year(&self.year)?,
            overdue_on: non_empty(&self.overdue).map(|_| today()),
            page: self.page,
            per_page: self.per_page,
        })
    }

    fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("former", self.former.clone()),
            ("state", self.state.clone()),
            ("kind", self.kind.clone()),
            ("group", self.group.clone()),
            ("year", self.year.clone()),
            ("overdue", self.overdue.clone()),
        ]
    }
}

#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct StepForm {
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub on: String,
    /// YYYY-MM-DD, or empty.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub deadline: String,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub note: String,
    /// The `version` of the case this step was prepared on; if it has
    /// changed since, the step is refused with 409.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
}

impl StepForm {
    /// The step as an event, each problem naming its field.
    pub fn event(&self) -> Result<Event, Invalid> {
        let mut e = Invalid::default();
        let step = Step::parse(self.step.trim());
        if step.is_none() {
            e.push("step", "Chưa chọn bước xử lý");
        }
        let on = self.on.trim().parse::<Date>().ok();
        if on.is_none() {
            e.push("on", "Ngày không hợp lệ (YYYY-MM-DD)");
        }
        let deadline = match self.deadline.trim() {
            "" => None,
            d => match d.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    e.push("deadline", "Thời hạn không hợp lệ (YYYY-MM-DD)");
                    None
                }
            },
        };
        e.into_result()?;
        Ok(Event {
            step: step.unwrap_or(Step::Reminder),
            on: on.unwrap_or(Date::ZERO),
            deadline,
            document: xaphuong_core::text::clean(&self.document),
            note: xaphuong_core::text::clean(&self.note),
        })
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
