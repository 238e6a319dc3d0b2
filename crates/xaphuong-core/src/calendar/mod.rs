//! The Vietnamese working calendar: lunar dates, days off, working time.

pub mod days_off;
pub mod input;
pub mod lunar;
pub mod settings;
pub mod working;

/// Vietnam keeps UTC+7 all year (no daylight saving).
pub fn vietnam_time(ts: jiff::Timestamp) -> jiff::Zoned {
    ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
}

/// The instant a Vietnamese civil time names (UTC+7 all year: no daylight
/// saving since 1975).
pub fn vietnam_instant(t: jiff::civil::DateTime) -> jiff::Timestamp {
    t.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
        .map(|z| z.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The civil date in Vietnam at `ts`.
pub fn vietnam_date(ts: jiff::Timestamp) -> jiff::civil::Date {
    vietnam_time(ts).date()
}
