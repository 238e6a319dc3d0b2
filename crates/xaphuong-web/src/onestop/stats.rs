//! Statistics of the one-stop shop: on time, late, by procedure; the export.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_store::onestop::{Dossier, Procedure, StatsFilter};
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::{Layout, non_empty, parse_param};
use crate::places::communes;

#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// YYYY-MM-DD (default: 1 January of this year).
    pub from: Option<String>,
    /// YYYY-MM-DD (default: today).
    pub to: Option<String>,
    /// A unit inside the officer's scope (default: all of it).
    pub unit: Option<String>,
    pub field: Option<String>,
    pub procedure: Option<String>,
}

/// The statistics' period, scope and filter, read and checked once for the
/// page and its export.
pub(crate) struct StatsView {
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
    pub scope: Scope,
    pub filter: StatsFilter,
}

impl StatsQuery {
    pub(crate) async fn view(
        &self,
        state: &AppState,
        signed: &Signed,
    ) -> Result<StatsView, AppError> {
        let (from, to) = self.period()?;
        let mut scope = signed.user().scope();
        if let Some(id) = parse_param(&self.unit, "unit", "Đơn vị không hợp lệ", |s| {
            Uuid::try_parse(s).ok()
        })? {
            let unit = state.store.unit(&scope, id).await?;
            scope = Scope::Subtree(unit.path);
        }
        let filter = StatsFilter {
            field: non_empty(&self.field),
            procedure: parse_param(
                &self.procedure,
                "procedure",
                "Thủ tục không hợp lệ",
                |s| Uuid::try_parse(s).ok(),
            )?,
        };
        Ok(StatsView {
            from,
            to,
            scope,
            filter,
        })
    }

    /// The query string that keeps the filter, for the export link.
    pub fn query_string(&self) -> String {
        [
            ("from", &self.from),
            ("to", &self.to),
            ("unit", &self.unit),
            ("field", &self.field),
            ("procedure", &self.procedure),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{k}={}", urlencoding(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// Percent-encodes a query value.
pub(crate) fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl StatsQuery {
    fn period(&self) -> Result<(jiff::civil::Date, jiff::civil::Date), AppError> {
        let today = crate::page::today();
        let day = |v: &Option<String>, field: &str, default: jiff::civil::Date| match non_empty(v) {
            None => Ok(default),
            Some(s) => s.parse::<jiff::civil::Date>().map_err(|_| {
                AppError::Invalid(Invalid::one(field, "Ngày không hợp lệ (YYYY-MM-DD)"))
            }),
        };
        let from = day(&self.from, "from", jiff::civil::date(today.year(), 1, 1))?;
        let to = day(&self.to, "to", today)?;
        if to < from {
            return Err(AppError::Invalid(Invalid::one(
                "to",
                "Ngày cuối kỳ trước ngày đầu kỳ",
            )));
        }
        Ok((from, to))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/stats.html")]
pub struct StatsPage {
    l: Layout,
    q: StatsQuery,
    from: String,
    to: String,
    rows: Vec<xaphuong_core::onestop::stats::Row>,
    total: xaphuong_core::onestop::stats::Row,
    rate: String,
    index: xaphuong_core::onestop::stats::Index766,
    ratings: (i64, i64),
    late: Vec<Dossier>,
    late_total: i64,
    communes: Vec<Unit>,
    fields: Vec<String>,
    procedures: Vec<Procedure>,
    /// Month by month through the year the period ends in.
    monthly: String,
}

impl StatsPage {
    fn pct(q: &Option<xaphuong_core::indicators::Quantity>) -> String {
        q.map_or("—".into(), |q| format!("{q}%"))
    }
}

/// Dossiers received month by month in `year` up to `until` and the share
/// resolved on time, as a chart: each month read from the Biểu 06
/// aggregates with `filter`, for the home page and the statistics page.
pub(crate) async fn monthly_chart(
    state: &AppState,
    scope: &xaphuong_core::access::Scope,
    year: i16,
    until: jiff::civil::Date,
    filter: &xaphuong_store::onestop::StatsFilter,
) -> Result<String, AppError> {
    let mut months = Vec::with_capacity(12);
    for m in 1..=12i8 {
        let Ok(from) = jiff::civil::Date::new(year, m, 1) else {
            continue;
        };
        if from > until {
            break;
        }
        let to = from.last_of_month().min(until);
        let t = state
            .store
            .dossier_stats(scope, from, to, filter)
            .await?
            .total;
        let rate = t.on_time_rate().map(|q| q.value());
        months.push((t.online + t.counter_or_post, rate));
    }
    months.resize(12, (0, None));
    Ok(xaphuong_report::charts::monthly(
        &format!("Hồ sơ tiếp nhận và tỷ lệ giải quyết đúng hạn theo tháng, năm {year}"),
        &months,
    ))
}

/// Late dossiers listed on the page at most.
pub(crate) const LATE_SHOWN: i64 = 200;

/// Biểu số 06/VPCP/KSTT for a period, unit, field or procedure: received,
/// resolved and pending dossiers by field; the 766 measures; the late
/// dossiers and whether each had its apology.
pub async fn stats(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> Result<StatsPage, AppError> {
    let v = q.view(&state, &signed).await?;
    let b = state
        .store
        .dossier_stats(&v.scope, v.from, v.to, &v.filter)
        .await?;
    let (rows, total, ratings) = (b.rows, b.total, (b.rated, b.dissatisfied));
    let (late, late_total) = state
        .store
        .late_dossiers(&v.scope, v.from, v.to, &v.filter, LATE_SHOWN)
        .await?;
    let monthly = monthly_chart(&state, &v.scope, v.to.year(), v.to, &v.filter).await?;
    Ok(StatsPage {
        monthly,
        l: Layout::new(
            &signed,
            "Thống kê giải quyết thủ tục hành chính",
            "/dossiers",
        ),
        from: v.from.to_string(),
        to: v.to.to_string(),
        rate: total.on_time_rate().map_or("—".into(), |r| format!("{r}%")),
        index: xaphuong_core::onestop::stats::index_766(&total, ratings.0, ratings.1),
        ratings,
        rows,
        total,
        late,
        late_total,
        // Biểu 06 of a merged ward's former wards too: their dossiers
        // are counted under their own ranges.
        communes: {
            let mut all = communes(&state, &signed).await?;
            all.extend(
                state
                    .store
                    .former_units(&signed.user().scope(), xaphuong_core::units::Level::Commune)
                    .await?,
            );
            all
        },
        fields: state.store.procedure_fields().await?,
        procedures: state.store.procedures(None).await?,
        q,
    })
}

pub async fn stats_export(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    use xaphuong_report::xlsx::{Cell, workbook};
    let v = q.view(&state, &signed).await?;
    let (from, to) = (v.from, v.to);
    let b = state
        .store
        .dossier_stats(&v.scope, from, to, &v.filter)
        .await?;
    let (rows, total) = (b.rows, b.total);
    let headers = [
        ("STT", 6.0),
        ("Lĩnh vực", 28.0),
        ("Nhận: tổng số", 10.0),
        ("Nhận: trực tuyến", 10.0),
        ("Nhận: trực tiếp, bưu chính", 12.0),
        ("Nhận: từ kỳ trước", 10.0),
        ("Đã giải quyết: tổng số", 12.0),
        ("Trước hạn", 10.0),
        ("Đúng hạn", 10.0),
        ("Quá hạn", 10.0),
        ("Đang giải quyết: tổng số", 12.0),
        ("Trong hạn", 10.0),
        ("Quá hạn (đang giải quyết)", 12.0),
    ];
    let n = |v: i64| Cell::Number(v as f64);
    let line = |i: Option<usize>, r: &xaphuong_core::onestop::stats::Row| {
        vec![
            i.map_or(Cell::Empty, |i| Cell::Number(i as f64)),
            Cell::from(r.field.clone()),
            n(r.received()),
            n(r.online),
            n(r.counter_or_post),
            n(r.carried_over),
            n(r.resolved()),
            n(r.early),
            n(r.on_time),
            n(r.late),
            n(r.pending()),
            n(r.pending_in_time),
            n(r.pending_overdue),
        ]
    };
    let mut out: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| line(Some(i + 1), r))
        .collect();
    out.push(line(None, &total));
    let title = format!(
        "BIỂU SỐ 06/VPCP/KSTT — TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC, từ {} đến {}",
        from.strftime("%d/%m/%Y"),
        to.strftime("%d/%m/%Y")
    );
    let bytes = workbook("Biểu 06", &title, &headers, out).map_err(AppError::internal)?;
    Ok(crate::page::xlsx_download("bieu-06-vpcp-kstt.xlsx", bytes))
}
