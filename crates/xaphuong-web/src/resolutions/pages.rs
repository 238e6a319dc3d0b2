//! The resolution's targets against what the registers say: the dashboard
//! by field with bars drawn on the server, every figure linked to its
//! records, the report in every format, and the forms that set targets and
//! enter the figures no register counts.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jiff::civil::Date;
use serde::Deserialize;
use xaphuong_core::Invalid;
use xaphuong_core::access::Permission;
use xaphuong_core::indicators::Verdict;
use xaphuong_core::resolutions::{ReportLine, ResolutionReport};
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::resolutions::Indicator;
use xaphuong_store::units::Unit;

use super::{ReportQuery, new_indicator, save_resolution};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, today};
use crate::places::communes;

/// One indicator on the dashboard.
pub struct Row {
    pub line: ReportLine,
    pub target: String,
    pub actual: String,
    pub percent: String,
    pub verdict: Verdict,
    /// The bar: the result against its target (or share of its whole).
    pub bar: String,
    pub records: Option<String>,
    pub whole: Option<String>,
    pub missing: bool,
    /// Entered by hand long ago (or never): to be brought up to date.
    pub stale: bool,
}

/// A horizontal bar of `pct` (0–150%), a tick at 100%, drawn as SVG so the
/// page needs no script and prints as it shows.
pub fn bar(pct: Option<f64>, verdict: Verdict) -> String {
    let Some(p) = pct else {
        return String::new();
    };
    let w = (p.clamp(0.0, 150.0) / 150.0 * 200.0).round();
    let colour = match verdict {
        Verdict::NotMet => "#b42318",
        Verdict::Met | Verdict::Exceeded => "#1a7f37",
        Verdict::NoTarget => "#44617b",
    };
    format!(
        "<svg class=\"bar\" width=\"204\" height=\"14\" viewBox=\"0 0 204 14\" role=\"img\" aria-label=\"{p:.1}%\">\
         <rect x=\"0\" y=\"2\" width=\"200\" height=\"10\" fill=\"#e8edf3\"/>\
         <rect x=\"0\" y=\"2\" width=\"{w}\" height=\"10\" fill=\"{colour}\"/>\
         <line x1=\"133.3\" y1=\"0\" x2=\"133.3\" y2=\"14\" stroke=\"#000\" stroke-width=\"1\"/></svg>"
    )
}

fn rows(report: &ResolutionReport) -> Vec<(String, Vec<Row>)> {
    let table = xaphuong_report::resolution::table(report);
    report
        .by_field()
        .into_iter()
        .map(|(field, lines)| {
            let rows = lines
                .into_iter()
                .map(|l| {
                    let i = report.results.iter().position(|x| x == l).unwrap_or(0);
                    let [_, _, target, actual, percent, _] = table[i].clone();
                    let x = &l.line;
                    let pct = x
                        .percent()
                        .and_then(|p| p.replace(',', ".").parse::<f64>().ok());
                    Row {
                        target,
                        actual,
                        percent,
                        verdict: x.verdict(),
                        bar: bar(pct, x.verdict()),
                        records: l.records.as_ref().map(|r| r.0.clone()),
                        whole: l.records.as_ref().and_then(|r| r.1.clone()),
                        missing: x.actual.is_none(),
                        stale: l.stale(report.as_of, 90),
                        line: l.clone(),
                    }
                })
                .collect();
            (field.label().to_owned(), rows)
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "resolutions/show.html")]
pub struct ResolutionsPage {
    l: Layout,
    communes: Vec<Unit>,
    unit: Unit,
    year: i16,
    as_of: String,
    years: Vec<i16>,
    resolution: Option<String>,
    fields: Vec<(String, Vec<Row>)>,
    next: Vec<String>,
    /// Share of the year gone by at `as_of`, for the progress line.
    elapsed: String,
    query: String,
    /// Whether the commune was formed from others: the report offers a
    /// breakdown by them.
    has_formers: bool,
    can_manage: bool,
    indicators: Vec<Indicator>,
    /// Targets of the year as typed, by indicator code.
    targets: Vec<(String, String)>,
    number: String,
    title: String,
    adopted_on: String,
    errors: Invalid,
    fields_all: Vec<(&'static str, &'static str)>,
}

impl ResolutionsPage {
    pub fn target_of(&self, code: &str) -> String {
        self.targets
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

async fn page(
    state: &AppState,
    signed: &Signed,
    q: &ReportQuery,
    errors: Invalid,
) -> Result<ResolutionsPage, AppError> {
    let c = q.choose(state, signed).await?;
    let scope = signed.user().scope();
    let report = state
        .store
        .resolution_report(&scope, c.unit.id, c.year, c.as_of)
        .await?;
    let resolution = state.store.resolution(&scope, c.unit.id, c.year).await?;
    let indicators = state.store.indicators().await?;
    let targets = resolution
        .as_ref()
        .map(|(_, ts)| {
            ts.iter()
                .filter_map(|(id, q)| {
                    let i = indicators.iter().find(|i| i.id == *id)?;
                    Some((i.code.clone(), q.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let start = Date::new(c.year, 1, 1).unwrap_or(c.as_of);
    let days = (c.as_of - start).get_days().max(0) + 1;
    let in_year = if start.in_leap_year() { 366 } else { 365 };
    let elapsed =
        xaphuong_core::numbers::percent(i64::from(days.min(in_year)), i64::from(in_year), 0)
            .unwrap_or_default();
    let query = format!("unit={}&year={}&as_of={}", c.unit.id, c.year, c.as_of);
    Ok(ResolutionsPage {
        l: Layout::new(signed, "Nghị quyết và báo cáo kết quả", "/resolutions"),
        communes: communes(state, signed).await?,
        years: state.store.resolution_years(&scope, c.unit.id).await?,
        resolution: report.resolution.clone(),
        fields: rows(&report),
        next: report
            .next_targets
            .iter()
            .filter_map(|l| l.line.target_sentence())
            .collect(),
        elapsed,
        query,
        has_formers: !state
            .store
            .former_units(&c.unit.scope(), c.unit.level)
            .await?
            .is_empty(),
        can_manage: signed.user().role.allows(Permission::ManageRegisters),
        targets,
        number: resolution
            .as_ref()
            .map(|(r, _)| r.number.clone())
            .unwrap_or_default(),
        title: resolution
            .as_ref()
            .map(|(r, _)| r.title.clone())
            .unwrap_or_default(),
        adopted_on: resolution
            .as_ref()
            .and_then(|(r, _)| r.adopted_on.clone())
            .unwrap_or_default(),
        indicators,
        as_of: c.as_of.to_string(),
        year: c.year,
        unit: c.unit,
        errors,
        fields_all: xaphuong_core::resolutions::Field::ALL
            .iter()
            .map(|f| (f.as_str(), f.label()))
            .collect(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ReportQuery>,
) -> Result<ResolutionsPage, AppError> {
    page(&state, &signed, &q, Invalid::default()).await
}

/// The report file in any format.
pub async fn report(
    State(state): State<AppState>,
    signed: Signed,
    axum::extract::Path(file): axum::extract::Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let format = file
        .strip_prefix("report.")
        .and_then(Format::parse)
        .ok_or_else(|| AppError::NotFound("định dạng báo cáo".into()))?;
    let c = q.choose(&state, &signed).await?;
    let scope = signed.user().scope();
    let mut report = state
        .store
        .resolution_report(&scope, c.unit.id, c.year, c.as_of)
        .await?;
    if q.by_former.is_some() {
        state
            .store
            .former_breakdown(&scope, &mut report, c.unit.id, c.as_of)
            .await?;
    }
    let bytes = render(&report, format, today()).map_err(AppError::internal)?;
    let name = format!(
        "bao-cao-nghi-quyet-{}-{}.{}",
        c.unit.code,
        c.year,
        format.extension()
    );
    let disposition = if format == Format::Html {
        "inline".to_owned()
    } else {
        format!("attachment; filename=\"{name}\"")
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            // The report is one self-contained document (its style inside,
            // so that it prints the same when saved): style, nothing else.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The resolution form: number, title, date, and a target per indicator
/// (fields named `target_<code>`).
#[derive(Deserialize, Default)]
pub struct ResolutionForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub adopted_on: String,
    #[serde(flatten)]
    pub rest: std::collections::HashMap<String, String>,
}

pub async fn save(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<ResolutionForm>,
) -> Result<Response, AppError> {
    let q = ReportQuery {
        unit: Some(f.unit.clone()),
        year: Some(f.year.clone()),
        as_of: None,
        by_former: None,
    };
    let c = q.choose(&state, &signed).await?;
    let targets = f
        .rest
        .into_iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("target_")?.to_owned(), v)))
        .collect();
    match save_resolution(
        &state,
        &signed,
        &c,
        f.number,
        f.title,
        &f.adopted_on,
        targets,
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/resolutions?unit={}&year={}", c.unit.id, c.year))
                .into_response(),
        ),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &signed, &q, errors).await?,
            )
                .into_response())
        }
    }
}

/// A figure entered by hand for an indicator no register counts.
#[derive(Deserialize, Default)]
pub struct ValueForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub evidence: String,
}

pub async fn set_value(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<ValueForm>,
) -> Result<Response, AppError> {
    let q = ReportQuery {
        unit: Some(f.unit.clone()),
        year: Some(f.year.clone()),
        as_of: None,
        by_former: None,
    };
    let c = q.choose(&state, &signed).await?;
    let user = signed.user();
    match state
        .store
        .set_indicator_value(
            &user.actor(),
            &user.scope(),
            c.unit.id,
            &f.indicator,
            c.year,
            &f.value,
            &f.evidence,
        )
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("/resolutions?unit={}&year={}", c.unit.id, c.year))
                .into_response(),
        ),
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &signed, &q, errors).await?,
            )
                .into_response())
        }
    }
}

/// Adds an indicator of the deployment's own to the catalogue.
pub async fn add_indicator(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<xaphuong_core::resolutions::IndicatorInput>,
) -> Result<Response, AppError> {
    match new_indicator(&state, &signed, &f).await {
        Ok(_) => Ok(Redirect::to("/resolutions").into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            page(&state, &signed, &ReportQuery::default(), errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
