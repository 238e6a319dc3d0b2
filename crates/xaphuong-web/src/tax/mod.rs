//! The commune's side of taxing business households: the rules of the
//! year, the tax advisory council's meetings, the tax-debt lists and the
//! follow-up on each debtor.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_core::tax::{ActionInput, DebtState, MeetingInput};
use xaphuong_report::import::tax_debts::TaxDebts;
use xaphuong_store::tax::{DebtFilter, TaxDebt, TaxMeeting};
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
    t.get("/tax", p(ViewRegisters), pages::index)
        .post("/tax/meetings", p(ManageRegisters), pages::create_meeting)
        .post(
            "/tax/meetings/{id}/delete",
            p(ManageRegisters),
            pages::delete_meeting,
        )
        .get(
            "/tax/debts/import",
            p(ManageRegisters),
            crate::imports::pages::form::<TaxDebts>,
        )
        .post(
            "/tax/debts/import",
            p(ManageRegisters),
            crate::imports::pages::submit::<TaxDebts>,
        )
        .get(
            "/tax/debts/import/mau.xlsx",
            p(ManageRegisters),
            crate::imports::pages::template::<TaxDebts>,
        )
        .get("/tax/debts", p(ViewRegisters), pages::debts)
        .get("/tax/debts/export.xlsx", p(ViewRegisters), pages::export)
        .get("/tax/debts/{id}", p(ViewRegisters), pages::debt)
        .post(
            "/tax/debts/{id}/actions",
            p(ManageRegisters),
            pages::add_action,
        )
        .post(
            "/tax/debts/{id}/actions/{action}/delete",
            p(ManageRegisters),
            pages::delete_action,
        )
        .post(
            "/tax/debts/{id}/delete",
            p(ManageRegisters),
            pages::delete_debt,
        )
        .get("/api/v1/tax/rules", p(ViewRegisters), api::rules)
        .get("/api/v1/tax/meetings", p(ViewRegisters), api::meetings)
        .post(
            "/api/v1/tax/meetings",
            p(ManageRegisters),
            api::create_meeting,
        )
        .delete(
            "/api/v1/tax/meetings/{id}",
            p(ManageRegisters),
            api::delete_meeting,
        )
        .post(
            "/api/v1/tax/debts/import",
            p(ManageRegisters),
            crate::imports::api::tax_debts,
        )
        .get("/api/v1/tax/debts", p(ViewRegisters), api::debts)
        .get("/api/v1/tax/debts/{id}", p(ViewRegisters), api::debt)
        .delete(
            "/api/v1/tax/debts/{id}",
            p(ManageRegisters),
            api::delete_debt,
        )
        .post(
            "/api/v1/tax/debts/{id}/actions",
            p(ManageRegisters),
            api::add_action,
        )
        .delete(
            "/api/v1/tax/debts/{id}/actions/{action}",
            p(ManageRegisters),
            api::delete_action,
        )
}

/// A debtor's tax code as the caller's role may see it (the one rule of
/// identification numbers, [`xaphuong_core::households::household::personal_view`]).
pub(crate) fn shown_code(signed: &Signed, code: &str) -> String {
    let view = xaphuong_core::households::household::personal_view(signed.user().role);
    xaphuong_core::tax::shown_tax_code(code, view.citizen_id)
}

/// Which commune's year.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct YearQuery {
    /// The commune (default: the caller's).
    pub unit: Option<String>,
    /// The year (default: this year).
    pub year: Option<String>,
}

impl YearQuery {
    /// The commune and year asked for, and what of the commune the caller
    /// reads: all of it, or a group head's own group of it.
    pub async fn place(
        &self,
        state: &AppState,
        signed: &Signed,
    ) -> Result<(xaphuong_store::units::Unit, i16, Scope), AppError> {
        let (unit, year) =
            crate::places::commune_year(state, signed, &self.unit, &self.year).await?;
        let own = signed.user().scope();
        let commune = state
            .store
            .unit(&Scope::All, unit)
            .await
            .map_err(|_| StoreError::NotFound("xã, phường"))?;
        let scope = if own.contains(&commune.path) {
            commune.scope()
        } else if commune.scope().contains(&own.path_range().0) {
            own
        } else {
            return Err(StoreError::NotFound("xã, phường").into());
        };
        Ok((commune, year, scope))
    }
}

/// The debts list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DebtQuery {
    /// Words of the debtor, tax code, address, item or list.
    pub q: Option<String>,
    /// Listed in this year.
    pub year: Option<String>,
    /// open | referred | paid
    pub state: Option<String>,
    /// "1": only debts something was collected on.
    pub collected: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl DebtQuery {
    pub fn filter(&self) -> Result<DebtFilter, AppError> {
        Ok(DebtFilter {
            q: non_empty(&self.q),
            year: parse_year(&self.year)?,
            state: parse_param(
                &self.state,
                "state",
                "Tình trạng nợ không hợp lệ",
                DebtState::parse,
            )?,
            collected: parse_param(
                &self.collected,
                "collected",
                "Chỉ nhận 1 hoặc 0",
                |v| match v {
                    "1" | "true" => Some(true),
                    "0" | "false" => Some(false),
                    _ => None,
                },
            )?
            .unwrap_or(false),
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("year", self.year.clone()),
            ("state", self.state.clone()),
            ("collected", self.collected.clone()),
        ]
    }
}

/// A council meeting as its form and the API send it.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct MeetingForm {
    /// The commune (default: the caller's).
    #[serde(default)]
    pub unit: String,
    #[serde(flatten)]
    pub input: MeetingInput,
}

/// Records a meeting: the page and the API.
pub(crate) async fn save_meeting(
    state: &AppState,
    signed: &Signed,
    f: &MeetingForm,
) -> Result<TaxMeeting, AppError> {
    let unit = Some(f.unit.clone()).filter(|u| !u.trim().is_empty());
    let (commune, _) = crate::places::commune_year(state, signed, &unit, &None).await?;
    let user = signed.user();
    Ok(state
        .store
        .create_tax_meeting(&user.actor(), &user.scope(), commune, &f.input, today())
        .await?)
}

/// A step of the follow-up as its form and the API send it: the debt's
/// version read, and the step.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct ActionForm {
    /// The debt's `version` read.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: ActionInput,
}

/// Records a step on a debt: the page and the API.
pub(crate) async fn save_action(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    f: &ActionForm,
) -> Result<TaxDebt, AppError> {
    let mut e = Invalid::default();
    let seen = crate::page::seen_version(&f.version, &mut e);
    e.into_result()?;
    let user = signed.user();
    Ok(state
        .store
        .add_debt_action(
            &user.actor(),
            &user.scope(),
            id,
            seen.unwrap_or_default(),
            &f.input,
            today(),
        )
        .await?)
}

/// Takes back a step on the debt's version read: the page and the API.
pub(crate) async fn remove_action(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    action: Uuid,
    version: &str,
) -> Result<TaxDebt, AppError> {
    let mut e = Invalid::default();
    let seen = crate::page::seen_version(version, &mut e);
    e.into_result()?;
    let user = signed.user();
    Ok(state
        .store
        .delete_debt_action(
            &user.actor(),
            &user.scope(),
            id,
            action,
            seen.unwrap_or_default(),
        )
        .await?)
}

impl Importable for TaxDebts {
    const BASE: &'static str = "/tax/debts";
    const NAME: &'static str = "Danh sách nợ thuế";
    const HEADING: &'static str = "Nhập danh sách nợ thuế do cơ quan thuế chuyển";
    const FILE_NAME: &'static str = "mau-nhap-danh-sach-no-thue.xlsx";
    const ROW: &'static str = "một người nợ thuế";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_tax_debts(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} khoản nợ thuế."))
    }
}
