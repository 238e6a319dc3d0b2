//! The resolution's targets and the report computed from the registers.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::units::Level;
use xaphuong_store::StoreError;
use xaphuong_store::resolutions::{Resolution, ResolutionInput};
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{non_empty, parse_id, parse_year, today};
use crate::places::communes;
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewReports};
    let p = Access::Permission;
    t.get("/resolutions", p(ViewReports), pages::show)
        .post(
            "/resolutions/indicators",
            p(ManageRegisters),
            pages::add_indicator,
        )
        .post("/resolutions", p(ManageRegisters), pages::save)
        .post("/resolutions/values", p(ManageRegisters), pages::set_value)
        .get("/resolutions/{file}", p(ViewReports), pages::report)
        .get("/api/v1/resolutions/report", p(ViewReports), api::report)
        .get(
            "/api/v1/resolutions/indicators",
            p(ViewReports),
            api::indicators,
        )
        .post(
            "/api/v1/resolutions/indicators",
            p(ManageRegisters),
            api::add_indicator,
        )
        .get("/api/v1/resolutions", p(ViewReports), api::resolution)
        .put("/api/v1/resolutions", p(ManageRegisters), api::save)
        .put(
            "/api/v1/resolutions/values",
            p(ManageRegisters),
            api::set_value,
        )
}

/// Which report: the unit, the year, and the day figures are counted to.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReportQuery {
    /// The commune (default: the caller's, or the first in reach).
    pub unit: Option<String>,
    /// Year of the resolution (default: the latest with one).
    pub year: Option<String>,
    /// Figures as of this day, YYYY-MM-DD (default: today or the year's end).
    pub as_of: Option<String>,
    /// Any value: each counted figure also by the units the commune was
    /// formed from.
    pub by_former: Option<String>,
}

impl ReportQuery {
    pub async fn choose(&self, state: &AppState, signed: &Signed) -> Result<Chosen, AppError> {
        let scope = signed.user().scope();
        let unit = match parse_id(&self.unit, "unit")? {
            Some(id) => state.store.unit(&scope, id).await?,
            None => {
                let own = match signed.user().unit_id {
                    Some(id) => Some(state.store.unit(&scope, id).await?),
                    None => None,
                };
                match own.filter(|u| u.level == Level::Commune) {
                    Some(u) => u,
                    None => communes(state, signed)
                        .await?
                        .into_iter()
                        .next()
                        .ok_or_else(|| {
                            Invalid::one("unit", "Không có xã, phường nào trong phạm vi quản lý")
                        })?,
                }
            }
        };
        let now = today();
        let year = match parse_year(&self.year)? {
            Some(y) => y,
            None => state
                .store
                .resolution_years(&scope, unit.id)
                .await?
                .into_iter()
                .find(|y| *y <= now.year())
                .unwrap_or(now.year()),
        };
        let year_end =
            Date::new(year, 12, 31).map_err(|_| Invalid::one("year", "Năm không hợp lệ"))?;
        let as_of = match non_empty(&self.as_of) {
            Some(s) => s
                .parse::<Date>()
                .map_err(|_| Invalid::one("as_of", "Ngày không hợp lệ (YYYY-MM-DD)"))?,
            None => year_end.min(now),
        };
        Ok(Chosen { unit, year, as_of })
    }
}

/// Saves the chosen unit's resolution of the chosen year, its targets
/// typed as the officer writes them ("7.950.000.000", "1,0") by indicator
/// code; targets left out keep their value. For the form and the API.
pub(crate) async fn save_resolution(
    state: &AppState,
    signed: &Signed,
    c: &Chosen,
    number: String,
    title: String,
    adopted_on: &str,
    targets: Vec<(String, String)>,
) -> Result<Resolution, StoreError> {
    let adopted_on = match adopted_on.trim() {
        "" => None,
        s => Some(
            s.parse::<Date>()
                .map_err(|_| Invalid::one("adopted_on", "Ngày thông qua không hợp lệ"))?,
        ),
    };
    let input = ResolutionInput {
        number,
        title,
        adopted_on,
        targets,
    };
    let user = signed.user();
    state
        .store
        .save_resolution(&user.actor(), &user.scope(), c.unit.id, c.year, &input)
        .await
}

/// Adds an indicator of the deployment's own to the catalogue. The
/// catalogue serves every unit of the deployment: only an account over all
/// of it may add to it.
pub(crate) async fn new_indicator(
    state: &AppState,
    signed: &Signed,
    input: &xaphuong_core::resolutions::IndicatorInput,
) -> Result<xaphuong_store::resolutions::Indicator, AppError> {
    let user = signed.user();
    if user.scope() != xaphuong_core::access::Scope::All {
        return Err(AppError::Forbidden(
            "Chỉ quản trị toàn hệ thống được thêm chỉ tiêu vào danh mục chung".into(),
        ));
    }
    Ok(state.store.create_indicator(&user.actor(), input).await?)
}

pub(crate) struct Chosen {
    pub unit: Unit,
    pub year: i16,
    pub as_of: Date,
}
