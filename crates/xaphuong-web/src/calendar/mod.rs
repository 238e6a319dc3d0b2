//! The working calendar: days off, office settings, conversions.

pub(crate) mod api;
pub(crate) mod pages;

use xaphuong_core::access::Permission;

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
