//! The resolution report as data: each indicator with its target, its
//! result computed from the registers, and where its records are listed.

use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::ReportQuery;
use crate::AppState;
use crate::auth::Signed;
use crate::json::ApiResult;

#[derive(Serialize, ToSchema)]
pub struct LineView {
    pub code: String,
    /// economy | society | defence | government | reform
    pub field: String,
    pub name: String,
    pub unit: String,
    /// at_least | at_most | exactly
    pub direction: String,
    /// Vietnamese notation ("7.950.000.000", "1,0"); absent without a target.
    pub target: Option<String>,
    /// The figure counted or entered; absent without data.
    pub actual: Option<String>,
    /// What the figure is a share of (the estimate, all cases, the quota).
    pub of: Option<String>,
    /// Percentage printed with the indicator's decimals ("108,6").
    pub percent: Option<String>,
    /// no_target | not_met | met | exceeded
    pub verdict: String,
    /// The sentence of the report.
    pub sentence: String,
    /// The register page listing the records counted.
    pub records: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub unit_code: String,
    pub unit_name: String,
    pub year: i16,
    /// YYYY-MM-DD
    pub as_of: String,
    pub resolution: Option<String>,
    pub results: Vec<LineView>,
    pub next_year_targets: Vec<String>,
}

/// The year's results against the resolution's targets, computed from the
/// registers as of a day.
#[utoipa::path(get, path = "/api/v1/resolutions/report", operation_id = "get_resolutions_report", tag = "resolutions", params(ReportQuery),
    responses((status = 200, description = "Thành công", body = ReportView)))]
pub async fn report(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ReportQuery>,
) -> ApiResult<ReportView> {
    let c = q.choose(&state, &signed).await?;
    let r = state
        .store
        .resolution_report(&signed.user().scope(), c.unit.id, c.year, c.as_of)
        .await?;
    let results = r
        .results
        .iter()
        .map(|l| LineView {
            code: l.code.clone(),
            field: l.field.as_str().into(),
            name: l.line.name.clone(),
            unit: l.line.unit.clone(),
            direction: l.line.direction.as_str().into(),
            target: l.line.target.map(|t| t.to_string()),
            actual: l.line.actual.map(|a| a.value.to_string()),
            of: l.line.actual.and_then(|a| a.of).map(|o| o.to_string()),
            percent: l.line.percent(),
            verdict: l.line.verdict().as_str().into(),
            sentence: l.line.sentence(),
            records: l.records.as_ref().map(|r| r.0.clone()),
        })
        .collect();
    Ok(Json(ReportView {
        unit_code: r.unit_code.clone(),
        unit_name: r.unit_name.clone(),
        year: r.year,
        as_of: r.as_of.to_string(),
        resolution: r.resolution.clone(),
        results,
        next_year_targets: r
            .next_targets
            .iter()
            .filter_map(|l| l.line.target_sentence())
            .collect(),
    }))
}

/// An indicator of the catalogue the resolutions set targets for.
#[derive(Serialize, ToSchema)]
pub struct IndicatorView {
    pub id: uuid::Uuid,
    pub code: String,
    pub name: String,
    /// economy | society | defence | government | reform
    pub field: String,
    pub unit: String,
    /// at_least | at_most | exactly
    pub direction: String,
    pub decimals: u32,
    /// Computed from the registers; otherwise entered by hand with its
    /// evidence.
    pub computed: bool,
}

/// The indicators, in the report's order.
#[utoipa::path(get, path = "/api/v1/resolutions/indicators", operation_id = "get_resolution_indicators", tag = "resolutions",
    responses((status = 200, description = "Thành công", body = Vec<IndicatorView>)))]
pub async fn indicators(
    State(state): State<AppState>,
    _signed: Signed,
) -> ApiResult<Vec<IndicatorView>> {
    let all = state.store.indicators().await?;
    Ok(Json(
        all.into_iter()
            .map(|i| IndicatorView {
                id: i.id,
                code: i.code,
                name: i.name,
                field: i.field.as_str().into(),
                unit: i.unit,
                direction: i.direction.as_str().into(),
                decimals: i.decimals,
                computed: i.measure.is_some(),
            })
            .collect(),
    ))
}
