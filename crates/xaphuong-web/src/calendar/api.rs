use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xaphuong_core::Invalid;
use xaphuong_core::calendar::days_off::{DayOff, validate_day};
use xaphuong_core::calendar::input;
use xaphuong_core::calendar::lunar::{self, LunarDate};
use xaphuong_core::calendar::settings::SettingsText;
use xaphuong_store::calendar::Source;

use super::{unit_for, work_calendar};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult};

fn required<'a>(v: &'a Option<String>, field: &str) -> Result<&'a str, Invalid> {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| Invalid::one(field, "Thiếu giá trị"))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LunarQuery {
    /// Gregorian date YYYY-MM-DD (1900-01-31 … 2100-12-31)
    pub date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LunarView {
    pub date: String,
    pub lunar_day: u8,
    pub lunar_month: u8,
    pub lunar_year: i16,
    pub leap: bool,
    /// Can-chi name of the lunar year, e.g. "Bính Ngọ"
    pub year_name: String,
}

/// The lunar date of a Gregorian date (Vietnamese rules, UTC+7).
#[utoipa::path(get, path = "/api/v1/calendar/lunar", operation_id = "get_calendar_lunar", tag = "calendar", params(LunarQuery),
    responses((status = 200, description = "Thành công", body = LunarView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn to_lunar(Query(q): Query<LunarQuery>) -> ApiResult<LunarView> {
    let date = input::date("date", required(&q.date, "date")?)?;
    let l = lunar::to_lunar(date).map_err(|e| Invalid::one("date", e.to_string()))?;
    Ok(Json(LunarView {
        date: date.to_string(),
        lunar_day: l.day,
        lunar_month: l.month,
        lunar_year: l.year,
        leap: l.leap,
        year_name: l.year_name(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SolarQuery {
    /// Lunar year
    pub year: Option<String>,
    pub month: Option<String>,
    pub day: Option<String>,
    /// The leap month
    #[serde(default)]
    pub leap: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DateView {
    pub date: String,
}

/// The Gregorian date of a lunar date.
#[utoipa::path(get, path = "/api/v1/calendar/solar", operation_id = "get_calendar_solar", tag = "calendar", params(SolarQuery),
    responses((status = 200, description = "Thành công", body = DateView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn to_solar(Query(q): Query<SolarQuery>) -> ApiResult<DateView> {
    let year = input::year("year", required(&q.year, "year")?)?;
    let month = input::small(
        "month",
        "Tháng âm lịch",
        required(&q.month, "month")?,
        1..=12,
    )?;
    let day = input::small("day", "Ngày âm lịch", required(&q.day, "day")?, 1..=30)?;
    let date = lunar::to_solar(LunarDate {
        year,
        month,
        leap: q.leap,
        day,
    })
    .map_err(|e| Invalid::one("day", e.to_string()))?;
    Ok(Json(DateView {
        date: date.to_string(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DaysOffQuery {
    pub year: Option<String>,
    /// Unit id (default: the caller's unit)
    pub unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DayView {
    pub date: String,
    /// holiday | compensatory | swapped | makeup_workday
    pub kind: String,
    pub name: String,
    pub document: String,
    pub confirmed: bool,
    /// builtin | deployment | unit
    pub source: String,
    /// False for a holiday on a weekly rest day.
    pub differs_from_week: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DaysOffView {
    pub items: Vec<DayView>,
}

/// A unit's days off and make-up days of a year.
#[utoipa::path(get, path = "/api/v1/calendar/days-off", operation_id = "get_calendar_days_off", tag = "calendar", params(DaysOffQuery),
    responses((status = 200, description = "Thành công", body = DaysOffView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn days_off(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DaysOffQuery>,
) -> ApiResult<DaysOffView> {
    let year = input::year("year", required(&q.year, "year")?)?;
    let unit = unit_for(&state, &signed, &q.unit).await?;
    let (settings, days, _) = work_calendar(&state, unit.as_ref(), year..=year).await?;
    let items = days
        .into_iter()
        .map(|e| DayView {
            differs_from_week: e.day.kind.is_off() != settings.rest.is_rest(e.day.date),
            date: e.day.date.to_string(),
            kind: e.day.kind.as_str().into(),
            name: e.day.name,
            document: e.day.document,
            confirmed: e.day.confirmed,
            source: match e.source {
                Source::Builtin => "builtin",
                Source::Deployment => "deployment",
                Source::Unit(_) => "unit",
            }
            .into(),
        })
        .collect();
    Ok(Json(DaysOffView { items }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// Moment of receipt YYYY-MM-DDTHH:MM, Vietnamese time
    pub received: Option<String>,
    /// Working days
    pub days: Option<String>,
    /// Working hours
    pub hours: Option<String>,
    /// Same-day rule
    #[serde(default)]
    pub same_day: bool,
    /// Cut-off of the same-day rule HH:MM (default: the unit's setting, 15:00)
    pub cutoff: Option<String>,
    pub unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DueView {
    /// YYYY-MM-DDTHH:MM, Vietnamese time
    pub due: String,
}

/// The due moment of a processing time on a unit's working calendar.
#[utoipa::path(get, path = "/api/v1/calendar/deadline", operation_id = "get_calendar_deadline", tag = "calendar", params(DeadlineQuery),
    responses((status = 200, description = "Thành công", body = DueView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn deadline(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DeadlineQuery>,
) -> ApiResult<DueView> {
    let received = input::moment("received", required(&q.received, "received")?)?;
    let chosen = [q.days.is_some(), q.hours.is_some(), q.same_day]
        .iter()
        .filter(|x| **x)
        .count();
    if chosen != 1 {
        return Err(Invalid::one("days", "Chọn đúng một trong: days, hours, same_day").into());
    }
    let days = q
        .days
        .as_deref()
        .map(|d| input::positive("days", "Số ngày làm việc", d))
        .transpose()?;
    let hours = q
        .hours
        .as_deref()
        .map(|h| input::positive("hours", "Số giờ làm việc", h))
        .transpose()?;
    let span = days.or(hours.map(|h| h / 8 + 1)).unwrap_or(1);
    let unit = unit_for(&state, &signed, &q.unit).await?;
    let (settings, _, cal) = work_calendar(
        &state,
        unit.as_ref(),
        input::years_reached(received.year(), span),
    )
    .await?;
    let due = match (days, hours) {
        (Some(n), _) => cal.add_working_days(received, n),
        (_, Some(n)) => cal.add_working_hours(received, n),
        _ => {
            let cut = q
                .cutoff
                .as_deref()
                .map(|c| input::time("cutoff", c))
                .transpose()?
                .unwrap_or(settings.same_day_cutoff);
            cal.same_day(received, cut)
        }
    }
    .map_err(|e| Invalid::one("received", e.to_string()))?;
    Ok(Json(DueView {
        due: due.strftime("%Y-%m-%dT%H:%M").to_string(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkdaysQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct WorkdaysView {
    /// Working days in the closed interval [from, to]
    pub workdays: i64,
}

/// Working days between two dates, both included.
#[utoipa::path(get, path = "/api/v1/calendar/workdays", operation_id = "get_calendar_workdays", tag = "calendar", params(WorkdaysQuery),
    responses((status = 200, description = "Thành công", body = WorkdaysView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn workdays(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<WorkdaysQuery>,
) -> ApiResult<WorkdaysView> {
    let from = input::date("from", required(&q.from, "from")?)?;
    let to = input::date("to", required(&q.to, "to")?)?;
    if from > to {
        return Err(Invalid::one("to", "Ngày kết thúc phải sau ngày bắt đầu").into());
    }
    let unit = unit_for(&state, &signed, &q.unit).await?;
    let (_, _, cal) = work_calendar(&state, unit.as_ref(), from.year()..=to.year()).await?;
    let n = cal
        .count_working_days(from, to)
        .map_err(|e| Invalid::one("to", e.to_string()))?;
    Ok(Json(WorkdaysView { workdays: n }))
}

#[derive(Deserialize, ToSchema)]
pub struct DayBody {
    /// Unit whose own calendar is edited; omitted: the deployment's.
    pub unit_id: Option<uuid::Uuid>,
    pub date: String,
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub document: String,
    #[serde(default = "yes")]
    pub confirmed: bool,
}

fn yes() -> bool {
    true
}

/// Adds or corrects a day of the deployment's (or a unit's) schedule.
#[utoipa::path(put, path = "/api/v1/calendar/days", operation_id = "put_calendar_days", tag = "calendar", request_body = DayBody,
    responses((status = 204, description = "Xong, không có nội dung"), (status = 403, description = "Không được phép", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn put_day(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<DayBody>,
) -> Result<StatusCode, ApiError> {
    let (date, kind, name, document) = validate_day(&b.date, &b.kind, &b.name, &b.document)?;
    let u = signed.user();
    let day = DayOff {
        date,
        kind,
        name,
        document,
        confirmed: b.confirmed,
    };
    state
        .store
        .put_calendar_day(&u.actor(), &u.scope(), b.unit_id, &day)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteDayQuery {
    pub date: Option<String>,
    /// Unit whose own calendar is edited; omitted: the deployment's.
    pub unit: Option<String>,
}

/// Removes a day from the deployment's (or a unit's) schedule.
#[utoipa::path(delete, path = "/api/v1/calendar/days", operation_id = "delete_calendar_days", tag = "calendar", params(DeleteDayQuery),
    responses((status = 204, description = "Xong, không có nội dung"), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn delete_day(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DeleteDayQuery>,
) -> Result<StatusCode, ApiError> {
    let date = input::date("date", required(&q.date, "date")?)?;
    let unit = crate::page::parse_id(&q.unit, "unit")?;
    let u = signed.user();
    state
        .store
        .delete_calendar_day(&u.actor(), &u.scope(), unit, date)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SettingsBody {
    /// Unit whose settings are meant; omitted: the deployment's.
    pub unit_id: Option<uuid::Uuid>,
    /// Weekly rest days, ISO numbers: "6,7"
    pub rest_days: String,
    /// Office shifts: "07:00-11:30,13:30-17:00"
    pub office_hours: String,
    /// Whether make-up Saturdays are working days
    pub makeup_counts: bool,
    /// Cut-off of the same-day rule: "15:00"
    pub same_day_cutoff: String,
}

/// The calendar settings in force for a unit.
#[utoipa::path(get, path = "/api/v1/calendar/settings", operation_id = "get_calendar_settings", tag = "calendar", params(("unit" = Option<String>, Query)),
    responses((status = 200, description = "Thành công", body = SettingsBody)))]
pub async fn settings(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<DaysOffQuery>,
) -> ApiResult<SettingsBody> {
    let unit = unit_for(&state, &signed, &q.unit).await?;
    let t = state
        .store
        .calendar_settings(unit.as_ref())
        .await?
        .to_text();
    Ok(Json(SettingsBody {
        unit_id: unit.map(|u| u.id),
        rest_days: t.rest_days,
        office_hours: t.office_hours,
        makeup_counts: t.makeup_counts,
        same_day_cutoff: t.same_day_cutoff,
    }))
}

/// Sets the calendar settings of the deployment or of a unit.
#[utoipa::path(put, path = "/api/v1/calendar/settings", operation_id = "put_calendar_settings", tag = "calendar", request_body = SettingsBody,
    responses((status = 204, description = "Xong, không có nội dung"), (status = 403, description = "Không được phép", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<SettingsBody>,
) -> Result<StatusCode, ApiError> {
    let u = signed.user();
    let text = SettingsText {
        rest_days: b.rest_days,
        office_hours: b.office_hours,
        makeup_counts: b.makeup_counts,
        same_day_cutoff: b.same_day_cutoff,
    };
    state
        .store
        .set_calendar_settings(&u.actor(), &u.scope(), b.unit_id, &text)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
