//! A unit's calendar settings and their text forms, as kept in the database
//! and typed into forms: rest days "6,7" (ISO weekdays), office hours
//! "07:00-11:30,13:30-17:00", the same-day cut-off "15:00".

use jiff::civil::{Time, Weekday};
use serde::{Deserialize, Serialize};

use super::days_off::WeeklyRest;
use super::working::{OfficeHours, SAME_DAY_CUTOFF};
use crate::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSettings {
    pub rest: WeeklyRest,
    pub hours: OfficeHours,
    /// Whether make-up Saturdays are working days (default yes).
    pub makeup_counts: bool,
    pub same_day_cutoff: Time,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings {
            rest: WeeklyRest::default(),
            hours: OfficeHours::default(),
            makeup_counts: true,
            same_day_cutoff: SAME_DAY_CUTOFF,
        }
    }
}

/// The settings as text, field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsText {
    pub rest_days: String,
    pub office_hours: String,
    pub makeup_counts: bool,
    pub same_day_cutoff: String,
}

fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn parse_hhmm(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl CalendarSettings {
    pub fn to_text(&self) -> SettingsText {
        let rest_days = (0..7)
            .filter(|i| self.rest.0[*i as usize])
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(",");
        let office_hours = self
            .hours
            .0
            .iter()
            .map(|(a, b)| format!("{}-{}", hhmm(*a), hhmm(*b)))
            .collect::<Vec<_>>()
            .join(",");
        SettingsText {
            rest_days,
            office_hours,
            makeup_counts: self.makeup_counts,
            same_day_cutoff: hhmm(self.same_day_cutoff),
        }
    }

    /// Reads settings typed by an officer; every problem names its field.
    pub fn from_text(t: &SettingsText) -> Result<Self, Invalid> {
        let mut errors = Invalid::default();
        let mut rest = [false; 7];
        for part in t
            .rest_days
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match part.parse::<usize>() {
                Ok(n) if (1..=7).contains(&n) => rest[n - 1] = true,
                _ => errors.push(
                    "rest_days",
                    format!(
                        "Ngày nghỉ hằng tuần «{part}» không hợp lệ: dùng 1 (thứ Hai) … 7 (Chủ nhật)"
                    ),
                ),
            }
        }
        if rest.iter().all(|r| *r) {
            errors.push("rest_days", "Phải có ít nhất một ngày làm việc trong tuần");
        }
        let mut shifts = Vec::new();
        for part in t
            .office_hours
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match part
                .split_once('-')
                .and_then(|(a, b)| Some((parse_hhmm(a)?, parse_hhmm(b)?)))
            {
                Some(shift) => shifts.push(shift),
                None => errors.push(
                    "office_hours",
                    format!("Ca làm việc «{part}» không hợp lệ: dùng HH:MM-HH:MM"),
                ),
            }
        }
        let hours = OfficeHours(shifts);
        if errors.message_for("office_hours").is_none()
            && let Err(e) = hours.validate()
        {
            errors.0.extend(e.0);
        }
        let cutoff = parse_hhmm(&t.same_day_cutoff);
        if cutoff.is_none() {
            errors.push("same_day_cutoff", "Giờ chốt không hợp lệ: dùng HH:MM");
        }
        errors.into_result()?;
        Ok(CalendarSettings {
            rest: WeeklyRest(rest),
            hours,
            makeup_counts: t.makeup_counts,
            same_day_cutoff: cutoff.unwrap_or(SAME_DAY_CUTOFF),
        })
    }
}

/// Vietnamese name of a weekday ("Thứ Hai" … "Chủ nhật").
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Thứ Hai",
        Weekday::Tuesday => "Thứ Ba",
        Weekday::Wednesday => "Thứ Tư",
        Weekday::Thursday => "Thứ Năm",
        Weekday::Friday => "Thứ Sáu",
        Weekday::Saturday => "Thứ Bảy",
        Weekday::Sunday => "Chủ nhật",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_text() {
        let d = CalendarSettings::default();
        let t = d.to_text();
        assert_eq!(
            (
                t.rest_days.as_str(),
                t.office_hours.as_str(),
                t.same_day_cutoff.as_str()
            ),
            ("6,7", "07:00-11:30,13:30-17:00", "15:00")
        );
        assert_eq!(CalendarSettings::from_text(&t).unwrap(), d);
        assert_eq!(d.hours.day_minutes(), 480);
    }

    #[test]
    fn bad_settings_name_their_fields() {
        let t = SettingsText {
            rest_days: "6,8".into(),
            office_hours: "13:30-17:00,07:00-11:30".into(),
            makeup_counts: false,
            same_day_cutoff: "3h".into(),
        };
        let e = CalendarSettings::from_text(&t).unwrap_err();
        assert!(e.message_for("rest_days").unwrap().contains("«8»"));
        assert!(
            e.message_for("office_hours")
                .unwrap()
                .contains("theo thứ tự")
        );
        assert!(e.message_for("same_day_cutoff").is_some());
        let all_rest = SettingsText {
            rest_days: "1,2,3,4,5,6,7".into(),
            ..CalendarSettings::default().to_text()
        };
        assert!(CalendarSettings::from_text(&all_rest).is_err());
        let one_shift = SettingsText {
            office_hours: "07:30-16:30".into(),
            ..CalendarSettings::default().to_text()
        };
        assert_eq!(
            CalendarSettings::from_text(&one_shift)
                .unwrap()
                .hours
                .day_minutes(),
            540
        );
    }
}
