//! The working calendar: days off, office settings, conversions.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;
use xaphuong_core::calendar::days_off::DayOff;
use xaphuong_core::calendar::settings::CalendarSettings;
use xaphuong_core::calendar::working::WorkCalendar;
use xaphuong_store::calendar::EffectiveDay;
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::parse_id;
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Access::SignedIn;
    use Permission::ManageCalendar;
    let p = Access::Permission;
    t.get("/calendar", SignedIn, pages::month)
        .get("/calendar/schedule", p(ManageCalendar), pages::schedule)
        .post(
            "/calendar/schedule/days",
            p(ManageCalendar),
            pages::save_day,
        )
        .post(
            "/calendar/schedule/days/delete",
            p(ManageCalendar),
            pages::delete_day,
        )
        .post(
            "/calendar/settings",
            p(ManageCalendar),
            pages::save_settings,
        )
        .get("/api/v1/calendar/lunar", SignedIn, api::to_lunar)
        .get("/api/v1/calendar/solar", SignedIn, api::to_solar)
        .get("/api/v1/calendar/days-off", SignedIn, api::days_off)
        .get("/api/v1/calendar/deadline", SignedIn, api::deadline)
        .get("/api/v1/calendar/workdays", SignedIn, api::workdays)
        .put("/api/v1/calendar/days", p(ManageCalendar), api::put_day)
        .delete("/api/v1/calendar/days", p(ManageCalendar), api::delete_day)
        .get("/api/v1/calendar/settings", SignedIn, api::settings)
        .put(
            "/api/v1/calendar/settings",
            p(ManageCalendar),
            api::put_settings,
        )
}

/// The unit whose calendar is asked for: `unit` if given (inside the scope),
/// else the account's own unit (none for a deployment administrator).
pub(crate) async fn unit_for(
    state: &AppState,
    signed: &Signed,
    unit: &Option<String>,
) -> Result<Option<Unit>, AppError> {
    let scope = signed.user().scope();
    match parse_id(unit, "unit")?.or(signed.user().unit_id) {
        Some(id) => Ok(Some(state.store.unit(&scope, id).await?)),
        None => Ok(None),
    }
}

/// A unit's working calendar over `years`, with its settings.
pub(crate) async fn work_calendar(
    state: &AppState,
    unit: Option<&Unit>,
    years: std::ops::RangeInclusive<i16>,
) -> Result<(CalendarSettings, Vec<EffectiveDay>, WorkCalendar), AppError> {
    let settings = state.store.calendar_settings(unit).await?;
    let days = state.store.calendar_days(unit, years).await?;
    let plain: Vec<DayOff> = days.iter().map(|d| d.day.clone()).collect();
    let cal = WorkCalendar::of(&settings, &plain);
    Ok((settings, days, cal))
}
