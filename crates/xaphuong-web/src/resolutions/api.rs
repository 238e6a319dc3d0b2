//! The resolution report as data: each indicator with its target, its
//! result computed from the registers, and where its records are listed.

use axum::Json;
use axum::extract::{Query, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::{ReportQuery, new_indicator, save_resolution};
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
    Ok(Json(all.into_iter().map(IndicatorView::from).collect()))
}

impl From<xaphuong_store::resolutions::Indicator> for IndicatorView {
    fn from(i: xaphuong_store::resolutions::Indicator) -> Self {
        IndicatorView {
            id: i.id,
            code: i.code,
            name: i.name,
            field: i.field.as_str().into(),
            unit: i.unit,
            direction: i.direction.as_str().into(),
            decimals: i.decimals,
            computed: i.measure.is_some(),
        }
    }
}

/// Adds an indicator of the deployment's own (entered by hand, no register
/// counts it) to the catalogue; only an account over the whole deployment.
#[utoipa::path(post, path = "/api/v1/resolutions/indicators", operation_id = "post_resolution_indicator", tag = "resolutions",
    request_body = xaphuong_core::resolutions::IndicatorInput,
    responses((status = 201, description = "Đã tạo", body = IndicatorView), (status = 403, description = "Chỉ quản trị toàn hệ thống", body = crate::error::ErrorBody), (status = 409, description = "Mã chỉ tiêu đã có trong danh mục", body = crate::error::ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = crate::error::ErrorBody)))]
pub async fn add_indicator(
    State(state): State<AppState>,
    signed: Signed,
    crate::json::ApiJson(input): crate::json::ApiJson<xaphuong_core::resolutions::IndicatorInput>,
) -> Result<(axum::http::StatusCode, Json<IndicatorView>), crate::error::ApiError> {
    let i = new_indicator(&state, &signed, &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(i.into())))
}

#[derive(serde::Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ResolutionQuery {
    /// The commune (default: the caller's, or the first in reach).
    pub unit: Option<String>,
    /// The year (default: the latest with a resolution).
    pub year: Option<String>,
}

/// The resolution itself: its number, title and day of adoption.
#[derive(Serialize, ToSchema)]
pub struct ResolutionDoc {
    pub id: uuid::Uuid,
    pub number: String,
    pub title: String,
    /// YYYY-MM-DD
    pub adopted_on: Option<String>,
}

/// A target of the resolution.
#[derive(Serialize, ToSchema)]
pub struct TargetView {
    /// The indicator's code.
    pub indicator: String,
    /// Vietnamese notation ("7.950.000.000", "1,0").
    pub value: String,
}

/// A figure entered by hand for an indicator no register counts.
#[derive(Serialize, ToSchema)]
pub struct EnteredValueView {
    pub indicator: String,
    /// Vietnamese notation ("93,5").
    pub value: String,
    /// The document the figure rests on.
    pub evidence: String,
    pub entered_by: String,
    /// RFC 3339.
    pub entered_at: String,
}

/// A unit's year: the resolution with its targets (absent before one is
/// adopted) and the figures entered by hand.
#[derive(Serialize, ToSchema)]
pub struct ResolutionYear {
    pub unit_id: uuid::Uuid,
    pub year: i16,
    pub resolution: Option<ResolutionDoc>,
    pub targets: Vec<TargetView>,
    pub values: Vec<EnteredValueView>,
}

async fn year_of(
    state: &AppState,
    signed: &Signed,
    c: &super::Chosen,
) -> Result<ResolutionYear, crate::error::AppError> {
    let scope = signed.user().scope();
    let indicators = state.store.indicators().await?;
    let code = |id: uuid::Uuid| {
        indicators
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.code.clone())
            .unwrap_or_default()
    };
    let found = state.store.resolution(&scope, c.unit.id, c.year).await?;
    let values = state
        .store
        .indicator_values(&scope, c.unit.id, c.year)
        .await?;
    let (resolution, targets) = match found {
        Some((r, targets)) => (
            Some(ResolutionDoc {
                id: r.id,
                number: r.number,
                title: r.title,
                adopted_on: r.adopted_on,
            }),
            targets
                .into_iter()
                .map(|(id, q)| TargetView {
                    indicator: code(id),
                    value: q.to_string(),
                })
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    Ok(ResolutionYear {
        unit_id: c.unit.id,
        year: c.year,
        resolution,
        targets,
        values: values
            .into_iter()
            .map(|v| EnteredValueView {
                indicator: v.indicator,
                value: v.value.to_string(),
                evidence: v.evidence,
                entered_by: v.actor_name,
                entered_at: jiff::Timestamp::from_millisecond(v.recorded_at)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

fn chosen_query(unit: Option<uuid::Uuid>, year: i16) -> ReportQuery {
    ReportQuery {
        unit: unit.map(|u| u.to_string()),
        year: Some(year.to_string()),
        as_of: None,
        by_former: None,
    }
}

/// A unit's resolution of a year, its targets and the figures entered by
/// hand.
#[utoipa::path(get, path = "/api/v1/resolutions", operation_id = "get_resolution", tag = "resolutions", params(ResolutionQuery),
    responses((status = 200, description = "Thành công", body = ResolutionYear)))]
pub async fn resolution(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ResolutionQuery>,
) -> ApiResult<ResolutionYear> {
    let q = ReportQuery {
        unit: q.unit,
        year: q.year,
        as_of: None,
        by_former: None,
    };
    let c = q.choose(&state, &signed).await?;
    Ok(Json(year_of(&state, &signed, &c).await?))
}

/// A resolution and its targets as adopted.
#[derive(serde::Deserialize, ToSchema)]
pub struct ResolutionBody {
    /// The commune (default: the caller's).
    pub unit: Option<uuid::Uuid>,
    pub year: i16,
    /// Số, ký hiệu ("15/NQ-HĐND").
    pub number: String,
    #[serde(default)]
    pub title: String,
    /// YYYY-MM-DD
    #[serde(default)]
    pub adopted_on: Option<String>,
    /// Targets by indicator code, as written ("7.950.000.000", "1,0");
    /// targets left out keep their value.
    #[serde(default)]
    pub targets: std::collections::BTreeMap<String, String>,
}

/// Records (or corrects) a unit's resolution of a year and its targets.
#[utoipa::path(put, path = "/api/v1/resolutions", operation_id = "put_resolution", tag = "resolutions", request_body = ResolutionBody,
    responses((status = 200, description = "Đã ghi", body = ResolutionYear), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (mã chỉ tiêu với chỉ tiêu)", body = crate::error::ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    signed: Signed,
    crate::json::ApiJson(b): crate::json::ApiJson<ResolutionBody>,
) -> ApiResult<ResolutionYear> {
    let c = chosen_query(b.unit, b.year).choose(&state, &signed).await?;
    save_resolution(
        &state,
        &signed,
        &c,
        b.number,
        b.title,
        b.adopted_on.as_deref().unwrap_or_default(),
        b.targets.into_iter().collect(),
    )
    .await?;
    Ok(Json(year_of(&state, &signed, &c).await?))
}

/// A figure entered by hand, with the document it rests on.
#[derive(serde::Deserialize, ToSchema)]
pub struct ValueBody {
    /// The commune (default: the caller's).
    pub unit: Option<uuid::Uuid>,
    pub year: i16,
    /// The indicator's code (one no register counts).
    pub indicator: String,
    /// As written ("93,5").
    pub value: String,
    pub evidence: String,
}

/// Enters (or corrects) a unit's figure of a year for an indicator no
/// register counts.
#[utoipa::path(put, path = "/api/v1/resolutions/values", operation_id = "put_resolution_value", tag = "resolutions", request_body = ValueBody,
    responses((status = 200, description = "Đã ghi", body = ResolutionYear), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường", body = crate::error::ErrorBody)))]
pub async fn set_value(
    State(state): State<AppState>,
    signed: Signed,
    crate::json::ApiJson(b): crate::json::ApiJson<ValueBody>,
) -> ApiResult<ResolutionYear> {
    let c = chosen_query(b.unit, b.year).choose(&state, &signed).await?;
    let user = signed.user();
    state
        .store
        .set_indicator_value(
            &user.actor(),
            &user.scope(),
            c.unit.id,
            &b.indicator,
            c.year,
            &b.value,
            &b.evidence,
        )
        .await?;
    Ok(Json(year_of(&state, &signed, &c).await?))
}
