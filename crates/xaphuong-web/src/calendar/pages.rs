//! The month calendar ("lịch") and the administrators' schedule editor.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::calendar::days_off::{DayKind, DayOff, validate_day};
use xaphuong_core::calendar::lunar;
use xaphuong_core::calendar::settings::{SettingsText, weekday_name};
use xaphuong_store::calendar::Source;
use xaphuong_store::units::Unit;

use super::{unit_for, work_calendar};
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, non_empty, parse_param, today};

pub struct Cell {
    pub day: i8,
    pub in_month: bool,
    pub today: bool,
    pub lunar: String,
    pub rest: bool,
    pub working: bool,
    pub kind: Option<&'static str>,
    pub kind_label: &'static str,
    pub name: String,
}

#[derive(Deserialize)]
pub struct MonthQuery {
    year: Option<String>,
    month: Option<String>,
    unit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar/month.html")]
pub struct MonthPage {
    l: Layout,
    unit_name: String,
    unit_param: String,
    year: i16,
    month: i8,
    lunar_year_name: String,
    weeks: Vec<Vec<Cell>>,
    heads: Vec<&'static str>,
    prev: (i16, i8),
    next: (i16, i8),
    listed: Vec<(String, &'static str, String)>,
    workdays: i64,
    can_edit: bool,
}

pub async fn month(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<MonthQuery>,
) -> Result<MonthPage, AppError> {
    let now = today();
    let year = parse_param(
        &q.year,
        "year",
        "Năm không hợp lệ (1900 – 2100)",
        |s| {
            s.parse::<i16>()
                .ok()
                .filter(|y| (lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(y))
        },
    )?
    .unwrap_or(now.year());
    let month = parse_param(&q.month, "month", "Tháng không hợp lệ", |s| {
        s.parse::<i8>().ok().filter(|m| (1..=12).contains(m))
    })?
    .unwrap_or(if year == now.year() { now.month() } else { 1 });
    let unit = unit_for(&state, &signed, &q.unit).await?;
    let (settings, days, cal) = work_calendar(&state, unit.as_ref(), year..=year).await?;
    let first =
        Date::new(year, month, 1).map_err(|_| Invalid::one("month", "Tháng không hợp lệ"))?;
    let last = first.last_of_month();
    let start = first - i64::from(first.weekday().to_monday_zero_offset()).days();
    let mut weeks = Vec::new();
    let mut d = start;
    while d <= last {
        let mut week = Vec::new();
        for _ in 0..7 {
            let entry = days.iter().find(|x| x.day.date == d);
            let l = lunar::to_lunar(d).ok();
            week.push(Cell {
                day: d.day(),
                in_month: d.month() == month,
                today: d == now,
                lunar: match l {
                    Some(l) if l.day == 1 || d.day() == 1 => {
                        format!("{}/{}{}", l.day, l.month, if l.leap { "N" } else { "" })
                    }
                    Some(l) => l.day.to_string(),
                    None => String::new(),
                },
                rest: settings.rest.is_rest(d),
                working: cal.is_working_day(d),
                kind: entry.map(|e| e.day.kind.as_str()),
                kind_label: entry.map_or("", |e| e.day.kind.label()),
                name: entry.map(|e| e.day.name.clone()).unwrap_or_default(),
            });
            d = d.tomorrow().unwrap_or(d);
        }
        weeks.push(week);
    }
    let listed = days
        .iter()
        .filter(|e| e.day.date.month() == month)
        .map(|e| {
            (
                e.day.date.strftime("%d/%m/%Y").to_string(),
                e.day.kind.label(),
                e.day.name.clone(),
            )
        })
        .collect();
    let workdays = cal.count_working_days(first, last).unwrap_or(0);
    let prev = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let next = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    // A month may span two lunar years (Tết): name both.
    let names: Vec<String> = [first, last]
        .iter()
        .filter_map(|d| lunar::to_lunar(*d).ok())
        .map(|l| l.year_name())
        .collect();
    let lunar_year_name = match names.as_slice() {
        [a, b] if a != b => format!("{a} – {b}"),
        [a, ..] => a.clone(),
        [] => String::new(),
    };
    Ok(MonthPage {
        l: Layout::new(&signed, format!("Lịch tháng {month}/{year}"), "/calendar"),
        unit_name: unit
            .as_ref()
            .map_or("Lịch chung của hệ thống".into(), |u| u.name.clone()),
        unit_param: q.unit.clone().unwrap_or_default(),
        year,
        month,
        lunar_year_name,
        weeks,
        heads: [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ]
        .map(weekday_name)
        .to_vec(),
        prev,
        next,
        listed,
        workdays,
        can_edit: signed.user().role.allows(Permission::ManageCalendar),
    })
}

#[derive(Deserialize)]
pub struct ScheduleQuery {
    year: Option<String>,
    unit: Option<String>,
}

pub struct ScheduleRow {
    pub date: String,
    pub iso: String,
    pub weekday: &'static str,
    pub kind: &'static str,
    pub name: String,
    pub document: String,
    pub confirmed: bool,
    pub source: String,
    /// Kept at the level being edited (can be deleted here).
    pub own: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar/schedule.html")]
pub struct SchedulePage {
    l: Layout,
    year: i16,
    level_name: String,
    unit_id: String,
    adopted: bool,
    rows: Vec<ScheduleRow>,
    kinds: Vec<(&'static str, &'static str)>,
    settings: SettingsText,
    day_form: DayForm,
    settings_errors: Invalid,
    day_errors: Invalid,
}

impl SchedulePage {
    fn day_error(&self, field: &str) -> &str {
        self.day_errors.message_for(field).unwrap_or_default()
    }

    fn settings_error(&self, field: &str) -> &str {
        self.settings_errors.message_for(field).unwrap_or_default()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct DayForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub document: String,
    pub confirmed: Option<String>,
}

/// The level an administrator edits: a unit of the scope, or the
/// deployment (empty) for a deployment administrator.
async fn level(state: &AppState, signed: &Signed, unit: &str) -> Result<Option<Unit>, AppError> {
    let unit = Some(unit.to_owned()).filter(|u| !u.trim().is_empty());
    match (&unit, signed.user().scope()) {
        (None, Scope::All) => Ok(None),
        _ => unit_for(state, signed, &unit).await,
    }
}

/// What the editor's two forms show: empty, or sent back with problems.
#[derive(Default)]
struct Forms {
    day: DayForm,
    day_errors: Invalid,
    settings: Option<SettingsText>,
    settings_errors: Invalid,
}

impl Forms {
    fn empty() -> Self {
        Forms {
            day: DayForm {
                confirmed: Some("1".into()),
                ..DayForm::default()
            },
            ..Forms::default()
        }
    }
}

async fn schedule_page(
    state: &AppState,
    signed: &Signed,
    year: i16,
    unit: Option<Unit>,
    forms: Forms,
) -> Result<SchedulePage, AppError> {
    let (settings, days, _) = work_calendar(state, unit.as_ref(), year..=year).await?;
    let level_id = unit.as_ref().map(|u| u.id);
    let own: Vec<Date> = state
        .store
        .own_calendar_days(level_id, year)
        .await?
        .into_iter()
        .map(|(_, d)| d.date)
        .collect();
    let adopted = state.store.calendar_year_adopted(year).await?;
    let rows = days
        .iter()
        .map(|e| ScheduleRow {
            date: e.day.date.strftime("%d/%m/%Y").to_string(),
            iso: e.day.date.to_string(),
            weekday: weekday_name(e.day.date.weekday()),
            kind: e.day.kind.label(),
            name: e.day.name.clone(),
            document: e.day.document.clone(),
            confirmed: e.day.confirmed,
            source: match &e.source {
                Source::Builtin => "Có sẵn".into(),
                Source::Deployment => "Lịch chung".into(),
                Source::Unit(id) if Some(*id) == level_id => "Riêng của đơn vị này".into(),
                Source::Unit(_) => "Đơn vị cấp trên".into(),
            },
            own: own.contains(&e.day.date),
        })
        .collect();
    Ok(SchedulePage {
        l: Layout::new(signed, format!("Lịch nghỉ năm {year}"), "/calendar"),
        year,
        level_name: unit
            .as_ref()
            .map_or("Lịch chung của hệ thống".into(), |u| u.name.clone()),
        unit_id: level_id.map(|id| id.to_string()).unwrap_or_default(),
        adopted,
        rows,
        kinds: DayKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        settings: forms.settings.unwrap_or_else(|| settings.to_text()),
        day_form: forms.day,
        settings_errors: forms.settings_errors,
        day_errors: forms.day_errors,
    })
}

fn parse_year(s: &Option<String>) -> Result<i16, AppError> {
    Ok(
        parse_param(s, "year", "Năm không hợp lệ (1900 – 2100)", |s| {
            s.parse::<i16>()
                .ok()
                .filter(|y| (lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(y))
        })?
        .unwrap_or(today().year()),
    )
}

pub async fn schedule(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ScheduleQuery>,
) -> Result<SchedulePage, AppError> {
    let year = parse_year(&q.year)?;
    let unit = level(&state, &signed, q.unit.as_deref().unwrap_or_default()).await?;
    schedule_page(&state, &signed, year, unit, Forms::empty()).await
}

fn back(year: i16, unit: &Option<Unit>) -> Response {
    let unit = unit
        .as_ref()
        .map(|u| format!("&unit={}", u.id))
        .unwrap_or_default();
    Redirect::to(&format!("/calendar/schedule?year={year}{unit}")).into_response()
}

pub async fn save_day(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<DayForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = level(&state, &signed, &f.unit_id).await?;
    let checked = validate_day(&f.date, &f.kind, &f.name, &f.document);
    let year_hint = f
        .date
        .get(..4)
        .and_then(|y| y.parse::<i16>().ok())
        .filter(|y| (lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(y));
    let result = match checked {
        Ok((date, kind, name, document)) => {
            let day = DayOff {
                date,
                kind,
                name,
                document,
                confirmed: f.confirmed.is_some(),
            };
            match state
                .store
                .put_calendar_day(
                    &user.actor(),
                    &user.scope(),
                    unit.as_ref().map(|u| u.id),
                    &day,
                )
                .await
            {
                Ok(()) => return Ok(back(date.year(), &unit)),
                Err(e) => field_problems(e)?,
            }
        }
        Err(e) => e,
    };
    let year = year_hint.unwrap_or(today().year());
    let forms = Forms {
        day: f,
        day_errors: result,
        ..Forms::empty()
    };
    let page = schedule_page(&state, &signed, year, unit, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    date: String,
}

pub async fn delete_day(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<DeleteForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = level(&state, &signed, &f.unit_id).await?;
    let date = xaphuong_core::calendar::input::date("date", &f.date)?;
    state
        .store
        .delete_calendar_day(
            &user.actor(),
            &user.scope(),
            unit.as_ref().map(|u| u.id),
            date,
        )
        .await?;
    Ok(back(date.year(), &unit))
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    rest_days: String,
    #[serde(default)]
    office_hours: String,
    makeup_counts: Option<String>,
    #[serde(default)]
    same_day_cutoff: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = level(&state, &signed, &f.unit_id).await?;
    let year = parse_year(&non_empty(&Some(f.year.clone())))?;
    let text = SettingsText {
        rest_days: f.rest_days.clone(),
        office_hours: f.office_hours.clone(),
        makeup_counts: f.makeup_counts.is_some(),
        same_day_cutoff: f.same_day_cutoff.clone(),
    };
    match state
        .store
        .set_calendar_settings(
            &user.actor(),
            &user.scope(),
            unit.as_ref().map(|u| u.id),
            &text,
        )
        .await
    {
        Ok(_) => Ok(back(year, &unit)),
        Err(e) => {
            let errors = field_problems(e)?;
            let forms = Forms {
                settings: Some(text),
                settings_errors: errors,
                ..Forms::empty()
            };
            let page = schedule_page(&state, &signed, year, unit, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
