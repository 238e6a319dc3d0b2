//! The one-stop shop's figures through the API: Biểu số 06/VPCP/KSTT, the
//! measures of QĐ 766/QĐ-TTg and the late list, for any period, unit,
//! field or procedure; the commune's dossier code pattern.

use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::indicators::Quantity;
use xaphuong_core::onestop::code::CodePatternInput;
use xaphuong_core::onestop::stats::{Row, index_766};

use super::dossiers::DossierView;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, ErrorBody};
use crate::json::{ApiJson, ApiResult};
use crate::onestop::now;
use crate::onestop::stats::{LATE_SHOWN, StatsQuery};

/// A figure in percent as a plain decimal ("97.50"); absent when there
/// is nothing to count.
fn decimal(q: Option<Quantity>) -> Option<String> {
    q.map(|q| {
        let scale = 10_i64.pow(q.scale());
        let v = q.value();
        if q.scale() == 0 {
            v.to_string()
        } else {
            format!(
                "{}{}.{:0w$}",
                if v < 0 { "-" } else { "" },
                (v / scale).abs(),
                (v % scale).abs(),
                w = q.scale() as usize
            )
        }
    })
}

/// One row of Biểu 06: a field, or the total.
#[derive(Serialize, ToSchema)]
pub struct Bieu06Row {
    pub field: String,
    /// Số hồ sơ nhận giải quyết: tổng số.
    pub received: i64,
    pub online: i64,
    pub counter_or_post: i64,
    /// Carried over from before the period.
    pub carried_over: i64,
    /// Số hồ sơ đã giải quyết: tổng số.
    pub resolved: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    /// Số hồ sơ đang giải quyết: tổng số.
    pub pending: i64,
    pub pending_in_time: i64,
    pub pending_overdue: i64,
    /// (early + on time) ÷ resolved, in percent.
    pub on_time_rate: Option<String>,
}

impl From<&Row> for Bieu06Row {
    fn from(r: &Row) -> Self {
        Bieu06Row {
            field: r.field.clone(),
            received: r.received(),
            online: r.online,
            counter_or_post: r.counter_or_post,
            carried_over: r.carried_over,
            resolved: r.resolved(),
            early: r.early,
            on_time: r.on_time,
            late: r.late,
            pending: r.pending(),
            pending_in_time: r.pending_in_time,
            pending_overdue: r.pending_overdue,
            on_time_rate: decimal(r.on_time_rate()),
        }
    }
}

/// The one-stop measures of QĐ 766/QĐ-TTg, in percent.
#[derive(Serialize, ToSchema)]
pub struct Index766View {
    /// 2.1 Tiến độ giải quyết.
    pub progress: Option<String>,
    /// 3.3 Tỷ lệ hồ sơ trực tuyến.
    pub online: Option<String>,
    /// 5.4 Mức độ hài lòng.
    pub satisfaction: Option<String>,
    pub overdue_rate: Option<String>,
    pub dissatisfied_rate: Option<String>,
    /// Ratings given in the period, and how many were "không hài lòng".
    pub ratings: i64,
    pub dissatisfied: i64,
}

/// Biểu 06 of a period.
#[derive(Serialize, ToSchema)]
pub struct Bieu06View {
    pub from: String,
    pub to: String,
    pub rows: Vec<Bieu06Row>,
    pub total: Bieu06Row,
    pub index_766: Index766View,
}

/// Biểu số 06/VPCP/KSTT and the 766 measures for a period (1 January to
/// today by default), a unit inside the caller's scope, a field or a
/// procedure — the figures of the statistics page.
#[utoipa::path(get, path = "/api/v1/dossiers/stats", operation_id = "get_dossier_stats", tag = "onestop", params(StatsQuery),
    responses((status = 200, description = "Thành công", body = Bieu06View), (status = 404, description = "Đơn vị không tìm thấy", body = ErrorBody), (status = 422, description = "Bộ lọc không hợp lệ", body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Bieu06View> {
    let v = q.view(&state, &signed).await?;
    let b = state
        .store
        .dossier_stats(&v.scope, v.from, v.to, &v.filter)
        .await?;
    let i = index_766(&b.total, b.rated, b.dissatisfied);
    Ok(Json(Bieu06View {
        from: v.from.to_string(),
        to: v.to.to_string(),
        rows: b.rows.iter().map(Bieu06Row::from).collect(),
        total: Bieu06Row::from(&b.total),
        index_766: Index766View {
            progress: decimal(i.progress),
            online: decimal(i.online),
            satisfaction: decimal(i.satisfaction),
            overdue_rate: decimal(i.overdue_rate),
            dissatisfied_rate: decimal(i.dissatisfied_rate),
            ratings: b.rated,
            dissatisfied: b.dissatisfied,
        },
    }))
}

/// The period's late dossiers, the latest due first.
#[derive(Serialize, ToSchema)]
pub struct LateList {
    /// At most 200.
    pub items: Vec<DossierView>,
    /// How many there are in all.
    pub total: i64,
}

/// The dossiers resolved late or pending past their due time in the
/// period, with whether each had its apology (as on the statistics page).
#[utoipa::path(get, path = "/api/v1/dossiers/late", operation_id = "get_late_dossiers", tag = "onestop", params(StatsQuery),
    responses((status = 200, description = "Thành công", body = LateList), (status = 404, description = "Đơn vị không tìm thấy", body = ErrorBody), (status = 422, description = "Bộ lọc không hợp lệ", body = ErrorBody)))]
pub async fn late(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<StatsQuery>,
) -> ApiResult<LateList> {
    let v = q.view(&state, &signed).await?;
    let (items, total) = state
        .store
        .late_dossiers(&v.scope, v.from, v.to, &v.filter, LATE_SHOWN)
        .await?;
    let now = now();
    Ok(Json(LateList {
        items: items.iter().map(|d| DossierView::of(d, now)).collect(),
        total,
    }))
}

/// A commune's dossier code pattern (NĐ 118/2025 Art. 28).
#[derive(Serialize, ToSchema)]
pub struct CodePatternView {
    pub unit_id: Uuid,
    /// The commune's mã định danh (QĐ 20/2020/QĐ-TTg), e.g. 000.00.00.X01843.
    pub identifier: String,
    /// YYYYMMDD instead of YYMMDD.
    pub long_year: bool,
    /// Digits of the number within the day.
    pub width: u8,
    pub separator: String,
    /// Today's first code under this pattern.
    pub example: String,
}

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CodePatternQuery {
    /// The commune (the caller's own by default).
    pub unit: Option<Uuid>,
}

async fn pattern_view(
    state: &AppState,
    signed: &Signed,
    unit: Option<Uuid>,
) -> Result<CodePatternView, AppError> {
    let unit = unit
        .or(signed.user().unit_id)
        .ok_or_else(|| AppError::Invalid(xaphuong_core::Invalid::one("unit", "Chọn xã, phường")))?;
    let commune = state.store.unit(&signed.user().scope(), unit).await?;
    if commune.level != xaphuong_core::units::Level::Commune {
        return Err(AppError::Invalid(xaphuong_core::Invalid::one(
            "unit",
            "Mã số hồ sơ đặt cho xã, phường",
        )));
    }
    let p = state.store.dossier_code_pattern(&commune).await?;
    Ok(CodePatternView {
        unit_id: commune.id,
        example: p.format(now().date(), 1),
        identifier: p.identifier,
        long_year: p.long_year,
        width: p.width,
        separator: p.separator.to_string(),
    })
}

/// The commune's dossier code pattern.
#[utoipa::path(get, path = "/api/v1/dossiers/code-pattern", operation_id = "get_code_pattern", tag = "onestop", params(CodePatternQuery),
    responses((status = 200, description = "Thành công", body = CodePatternView), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 422, description = "Không phải xã, phường", body = ErrorBody)))]
pub async fn code_pattern(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<CodePatternQuery>,
) -> ApiResult<CodePatternView> {
    Ok(Json(pattern_view(&state, &signed, q.unit).await?))
}

/// A new code pattern for a commune.
#[derive(Deserialize, ToSchema)]
pub struct CodePatternBody {
    pub unit_id: Uuid,
    pub identifier: String,
    #[serde(default)]
    pub long_year: bool,
    pub width: u8,
    pub separator: String,
}

/// Sets the commune's dossier code pattern; codes already issued keep
/// theirs.
#[utoipa::path(put, path = "/api/v1/dossiers/code-pattern", operation_id = "put_code_pattern", tag = "onestop", request_body = CodePatternBody,
    responses((status = 200, description = "Đã lưu", body = CodePatternView), (status = 403, description = "Không có quyền", body = ErrorBody), (status = 404, description = "Không tìm thấy", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ", body = ErrorBody)))]
pub async fn set_code_pattern(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<CodePatternBody>,
) -> ApiResult<CodePatternView> {
    let user = signed.user();
    let input = CodePatternInput {
        identifier: b.identifier,
        long_year: if b.long_year {
            "on".into()
        } else {
            String::new()
        },
        width: b.width.to_string(),
        separator: b.separator,
    };
    state
        .store
        .set_dossier_code_pattern(&user.actor(), &user.scope(), b.unit_id, &input)
        .await?;
    Ok(Json(pattern_view(&state, &signed, Some(b.unit_id)).await?))
}
