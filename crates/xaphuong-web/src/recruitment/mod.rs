//! Military recruitment: recruits, stages, quotas.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_core::recruitment::{Service, Stage};
use xaphuong_report::import::recruitment::Recruitment;
use xaphuong_store::Store;
use xaphuong_store::StoreError;
use xaphuong_store::recruitment::RecruitFilter;

use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/recruitment/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Recruitment>,
    )
    .post(
        "/recruitment/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Recruitment>,
    )
    .get(
        "/recruitment/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Recruitment>,
    )
    .get("/recruitment", p(ViewRegisters), pages::list)
    .post("/recruitment", p(ManageRegisters), pages::create)
    .get("/recruitment/new", p(ManageRegisters), pages::new_form)
    .post("/recruitment/quotas", p(ManageRegisters), pages::set_quota)
    .get("/recruitment/export.xlsx", p(ViewRegisters), pages::export)
    .get("/recruitment/{id}", p(ViewRegisters), pages::show)
    .post("/recruitment/{id}", p(ManageRegisters), pages::update)
    .get(
        "/recruitment/{id}/edit",
        p(ManageRegisters),
        pages::edit_form,
    )
    .post(
        "/recruitment/{id}/stage",
        p(ManageRegisters),
        pages::move_stage,
    )
    .post(
        "/recruitment/{id}/delete",
        p(ManageRegisters),
        pages::delete,
    )
    .post(
        "/api/v1/recruitment/import",
        p(ManageRegisters),
        crate::imports::api::recruitment,
    )
    .get(
        "/api/v1/recruitment/summary",
        p(ViewRegisters),
        api::summary,
    )
    .put(
        "/api/v1/recruitment/quotas",
        p(ManageRegisters),
        api::set_quota,
    )
    .get("/api/v1/recruits", p(ViewRegisters), api::list)
    .post("/api/v1/recruits", p(ManageRegisters), api::create)
    .get("/api/v1/recruits/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/recruits/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/recruits/{id}", p(ManageRegisters), api::delete)
    .post(
        "/api/v1/recruits/{id}/stage",
        p(ManageRegisters),
        api::move_stage,
    )
}

/// Filters of the list, shared by the page, the export and the API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Name or address, diacritics ignored.
    pub q: Option<String>,
    /// Year of the call (default: this year).
    pub year: Option<String>,
    /// military | police
    pub service: Option<String>,
    /// called | examined | passed | failed | postponed | exempted | enlisted
    pub stage: Option<String>,
    /// A former unit (a ward merged into the caller's): only its records.
    pub former: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn year(&self) -> Result<i16, AppError> {
        Ok(parse_year(&self.year)?.unwrap_or(today().year()))
    }

    pub fn filter(&self) -> Result<RecruitFilter, AppError> {
        Ok(RecruitFilter {
            q: non_empty(&self.q),
            year: Some(self.year()?),
            service: parse_param(
                &self.service,
                "service",
                "Loại nghĩa vụ không hợp lệ",
                Service::parse,
            )?,
            stage: parse_param(&self.stage, "stage", "Bước không hợp lệ", Stage::parse)?,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// A recruit as its form and the API send it: the record, the commune or
/// group, and the year of the call (ignored when updating; empty: this year).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct RecruitBody {
    /// The commune or residential group (UUID).
    #[serde(default)]
    pub unit_id: String,
    /// Year of the call ("2026" or 2026).
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub year: String,
    #[serde(flatten)]
    pub input: xaphuong_core::recruitment::RecruitInput,
}

impl RecruitBody {
    pub(crate) fn unit(&self) -> Result<uuid::Uuid, xaphuong_core::Invalid> {
        crate::forms::place(&self.unit_id)
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

/// A commune's quota for a year and service, as its form and the API send it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct QuotaForm {
    /// The commune given the quota (UUID; empty: the caller's).
    #[serde(default)]
    pub unit_id: String,
    /// "2026" or 2026.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub year: String,
    /// military | police
    #[serde(default)]
    pub service: String,
    /// "8" or 8.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub quota: String,
}

impl QuotaForm {
    /// The commune, year, service and quota, each problem naming its field.
    pub(crate) fn quota(
        &self,
        own_unit: Option<uuid::Uuid>,
    ) -> Result<(uuid::Uuid, i16, xaphuong_core::recruitment::Service, i64), xaphuong_core::Invalid>
    {
        let mut errors = xaphuong_core::Invalid::default();
        let unit = uuid::Uuid::try_parse(self.unit_id.trim()).ok().or(own_unit);
        let year = self.year.trim().parse::<i16>().ok();
        let service = xaphuong_core::recruitment::Service::parse(self.service.trim());
        let quota = self.quota.trim().parse::<i64>().ok();
        if unit.is_none() {
            errors.push("unit_id", "Chọn xã, phường");
        }
        if year.is_none() {
            errors.push("year", "Năm không hợp lệ");
        }
        if service.is_none() {
            errors.push("service", "Chọn loại nghĩa vụ");
        }
        if quota.is_none() {
            errors.push("quota", "Chỉ tiêu phải là số nguyên");
        }
        match (unit, year, service, quota) {
            (Some(u), Some(y), Some(s), Some(q)) => Ok((u, y, s, q)),
            _ => Err(errors),
        }
    }
}

/// A recruit's next stage, as its form and the API send it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct StageForm {
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub reason: String,
    /// The `version` of the record this change was prepared on; if it has
    /// changed since, the change is refused with 409.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
}
