//! Reading calendar inputs typed on the command line, in forms or in API
//! queries, with Vietnamese messages naming the field.

use jiff::civil::{Date, DateTime, Time};

use super::lunar::{FIRST_YEAR, LAST_YEAR};
use crate::Invalid;

fn in_range(year: i16) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// Refuses a year the calendar does not reach, for a date or a moment.
fn supported(field: &str, year: i16) -> Result<(), Invalid> {
    if in_range(year) {
        return Ok(());
    }
    Err(Invalid::one(
        field,
        format!("Năm {year} nằm ngoài khoảng được hỗ trợ (1900 – 2100)"),
    ))
}

/// A value written exactly as `format` shows it (as long, and parsed);
/// `what` names it in the message.
fn written_as<T: std::str::FromStr>(
    field: &str,
    s: &str,
    what: &str,
    format: &str,
) -> Result<T, Invalid> {
    let s = s.trim();
    s.parse()
        .ok()
        .filter(|_| s.len() == format.len())
        .ok_or_else(|| {
            Invalid::one(
                field,
                format!("{what} «{s}» không hợp lệ (định dạng {format})"),
            )
        })
}

/// A date or a moment written as `format` shows it, in a year the
/// calendar reaches.
fn within_years<T: std::str::FromStr>(
    field: &str,
    s: &str,
    what: &str,
    format: &str,
    year: fn(&T) -> i16,
) -> Result<T, Invalid> {
    let v: T = written_as(field, s, what, format)?;
    supported(field, year(&v))?;
    Ok(v)
}

/// A date `YYYY-MM-DD` between 1900 and 2100.
pub fn date(field: &str, s: &str) -> Result<Date, Invalid> {
    within_years(field, s, "Ngày", "YYYY-MM-DD", |d: &Date| d.year())
}

/// A year between 1900 and 2100.
pub fn year(field: &str, s: &str) -> Result<i16, Invalid> {
    crate::checks::year_in(s, FIRST_YEAR..=LAST_YEAR).ok_or_else(|| {
        Invalid::one(
            field,
            format!("Năm «{s}» không hợp lệ: chỉ hỗ trợ từ 1900 đến 2100"),
        )
    })
}

/// A moment `YYYY-MM-DDTHH:MM` (a space may stand for the T), Vietnamese
/// civil time, between 1900 and 2100.
pub fn moment(field: &str, s: &str) -> Result<DateTime, Invalid> {
    within_years(
        field,
        s,
        "Thời điểm",
        "YYYY-MM-DDTHH:MM",
        |t: &DateTime| t.year(),
    )
}

/// A time of day `HH:MM`.
pub fn time(field: &str, s: &str) -> Result<Time, Invalid> {
    written_as(field, s, "Giờ", "HH:MM")
}

/// A positive whole number.
pub fn positive(field: &str, what: &str, s: &str) -> Result<i64, Invalid> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err(Invalid::one(
            field,
            format!("{what} phải là số nguyên dương, không phải «{s}»"),
        )),
        Err(_) => Err(Invalid::one(
            field,
            format!("{what} «{s}» không phải số nguyên"),
        )),
    }
}

/// A number in a range.
pub fn small(
    field: &str,
    what: &str,
    s: &str,
    range: std::ops::RangeInclusive<u8>,
) -> Result<u8, Invalid> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| Invalid::one(field, format!("{what} «{s}» không hợp lệ")))
}

/// The years a deadline of `days` working days (or `hours` working hours)
/// from `from` may reach, for loading schedules.
pub fn years_reached(from: i16, days: i64) -> std::ops::RangeInclusive<i16> {
    let span = (days / 200 + 1).min(i64::from(LAST_YEAR - from).max(0)) as i16;
    from..=from.saturating_add(span).min(LAST_YEAR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field() {
        assert!(date("from", "2026-02-17").is_ok());
        assert_eq!(date("from", "2026-2-17").unwrap_err().0[0].field, "from");
        assert!(
            date("from", "2101-01-01")
                .unwrap_err()
                .to_string()
                .contains("1900 – 2100")
        );
        assert!(moment("received", "2026-02-17T08:30").is_ok());
        assert!(moment("received", "2026-02-17").is_err());
        assert!(moment("received", "2026-02-17T24:30").is_err());
        assert!(time("cutoff", "15:00").is_ok());
        assert!(time("cutoff", "3pm").is_err());
        assert_eq!(
            positive("days", "Số ngày", "-3").unwrap_err().0[0].message,
            "Số ngày phải là số nguyên dương, không phải «-3»"
        );
        assert!(year("year", "1899").is_err());
        assert_eq!(
            small("month", "Tháng", "13", 1..=12).unwrap_err().0[0].field,
            "month"
        );
        assert_eq!(years_reached(2026, 25), 2026..=2027);
        assert_eq!(years_reached(2100, 25), 2100..=2100);
    }
}
