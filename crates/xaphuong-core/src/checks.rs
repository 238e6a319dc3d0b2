//! Checks that many registers' rules make alike: a text that must be
//! written and fit in so many characters, a date that cannot be in the
//! future. Each pushes its own Vietnamese message under the field.

use jiff::civil::Date;

use crate::{Invalid, text};

/// The day the rules' tests take for today.
#[cfg(test)]
pub(crate) const TODAY: Date = Date::constant(2026, 11, 30);

/// The cleaned text; `missing` when it is empty, `too_long` when it has
/// more than `max` characters.
pub(crate) fn required_text(
    e: &mut Invalid,
    field: &str,
    written: &str,
    max: usize,
    missing: &str,
    too_long: &str,
) -> String {
    let v = text::clean(written);
    if v.is_empty() {
        e.push(field, missing);
    } else if v.chars().count() > max {
        e.push(field, too_long);
    }
    v
}

/// The cleaned text, which may be empty; `too_long` when it has more than
/// `max` characters.
pub(crate) fn limited_text(
    e: &mut Invalid,
    field: &str,
    written: &str,
    max: usize,
    too_long: &str,
) -> String {
    let v = text::clean(written);
    if v.chars().count() > max {
        e.push(field, too_long);
    }
    v
}

/// The year as written, if it is a whole number within `years`.
pub(crate) fn year_in(written: &str, years: std::ops::RangeInclusive<i16>) -> Option<i16> {
    written
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|y| years.contains(y))
}

/// The date as sent (`yyyy-mm-dd`), refused when it is not a date or is
/// after `today`; `what` names it at the start of the message ("Ngày bàn
/// giao"). The date is given back even when it is in the future.
pub(crate) fn past_date(
    e: &mut Invalid,
    field: &str,
    written: &str,
    what: &str,
    today: Date,
) -> Option<Date> {
    let date = written.trim().parse::<Date>().ok();
    match date {
        None => e.push(
            field,
            format!("{what} không hợp lệ (không có ngày này, hoặc sai dạng ngày/tháng/năm)"),
        ),
        Some(d) if d > today => e.push(field, format!("{what} không được ở tương lai")),
        _ => {}
    }
    date
}

/// A yes/no as JSON sends it (`true`) or a form's checkbox does (`"true"`,
/// `"on"`, `"1"`): a flattened form reads every value as text.
pub(crate) fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    use serde::Deserialize;
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    match Flag::deserialize(d)? {
        Flag::Bool(b) => Ok(b),
        Flag::Text(t) => match t.trim() {
            "true" | "on" | "1" => Ok(true),
            "false" | "off" | "0" | "" => Ok(false),
            other => Err(D::Error::custom(format!("«{other}» không phải có/không"))),
        },
    }
}
