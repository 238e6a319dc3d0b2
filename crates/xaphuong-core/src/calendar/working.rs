//! Working days and deadlines in working time.
//!
//! A processing time of N working days is N × the day's office hours of
//! office time, counted from the moment of receipt, as provincial one-stop
//! systems count it and as the Civil Code's day counting (BLDS 2015 Art.
//! 147–148: a period starts the day after its trigger and ends with the last
//! day, rolled past days off) agrees with. A receipt outside office hours
//! counts from the next opening; a due moment on a shift boundary is the end
//! of the earlier shift (17:00, not 07:00 the next day).

use std::collections::HashMap;

use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};

use super::days_off::{DayKind, DayOff, WeeklyRest};

/// Office shifts of a day, in order, e.g. 07:00–11:30 and 13:30–17:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours(pub Vec<(Time, Time)>);

impl Default for OfficeHours {
    fn default() -> Self {
        OfficeHours(vec![
            (Time::constant(7, 0, 0, 0), Time::constant(11, 30, 0, 0)),
            (Time::constant(13, 30, 0, 0), Time::constant(17, 0, 0, 0)),
        ])
    }
}

fn minutes(t: Time) -> i64 {
    i64::from(t.hour()) * 60 + i64::from(t.minute())
}

fn at(d: Date, m: i64) -> DateTime {
    d.to_datetime(Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).unwrap_or(Time::midnight()))
}

impl OfficeHours {
    /// Minutes of office time in one working day (480 by default).
    pub fn day_minutes(&self) -> i64 {
        self.0.iter().map(|(a, b)| minutes(*b) - minutes(*a)).sum()
    }

    /// Checks that shifts are non-empty, ordered and do not overlap.
    pub fn validate(&self) -> Result<(), crate::Invalid> {
        let ok = !self.0.is_empty()
            && self.0.iter().all(|(a, b)| a < b)
            && self.0.windows(2).all(|w| w[0].1 <= w[1].0);
        if ok {
            Ok(())
        } else {
            Err(crate::Invalid::one(
                "office_hours",
                "Giờ làm việc không hợp lệ: các ca phải theo thứ tự, không chồng nhau",
            ))
        }
    }

    fn close(&self) -> i64 {
        self.0.last().map_or(0, |(_, b)| minutes(*b))
    }
}

/// A unit's working calendar: weekly rest days, the dated exceptions, office
/// hours, and whether make-up Saturdays count as working days.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    pub rest: WeeklyRest,
    pub hours: OfficeHours,
    /// Default true: make-up days are worked with the weekday hours.
    pub makeup_counts: bool,
    days: HashMap<Date, DayKind>,
}

/// Why a deadline cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkError {
    #[error("Thời hạn phải là số dương")]
    NotPositive,
    #[error("Thời hạn quá dài (tối đa 10.000 ngày làm việc)")]
    TooLong,
    #[error("Không tìm được ngày làm việc trong 3 năm sau {0}: kiểm tra lịch nghỉ")]
    NoWorkingDay(Date),
    #[error("Ngày bắt đầu ({0}) sau ngày kết thúc ({1})")]
    Reversed(Date, Date),
}

impl WorkCalendar {
    /// The calendar a unit works by: its settings (rest days, office
    /// hours, make-up days) over its days off. Every calendar of the
    /// application is built here.
    pub fn of(settings: &super::settings::CalendarSettings, days: &[DayOff]) -> Self {
        Self::new(
            settings.rest,
            settings.hours.clone(),
            settings.makeup_counts,
            days,
        )
    }

    pub fn new(rest: WeeklyRest, hours: OfficeHours, makeup_counts: bool, days: &[DayOff]) -> Self {
        WorkCalendar {
            rest,
            hours,
            makeup_counts,
            days: days.iter().map(|d| (d.date, d.kind)).collect(),
        }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        match self.days.get(&d) {
            Some(DayKind::MakeupWorkday) => self.makeup_counts,
            Some(_) => false,
            None => !self.rest.is_rest(d),
        }
    }

    fn next_working_day(&self, d: Date) -> Result<Date, WorkError> {
        let mut x = d;
        for _ in 0..1100 {
            x = x.tomorrow().map_err(|_| WorkError::NoWorkingDay(d))?;
            if self.is_working_day(x) {
                return Ok(x);
            }
        }
        Err(WorkError::NoWorkingDay(d))
    }

    /// The first moment of office time at or after `t` (minute precision).
    fn opening_at_or_after(&self, t: DateTime) -> Result<(Date, i64), WorkError> {
        // Seconds are dropped: deadlines are kept to the minute.
        let (mut day, mut m) = (t.date(), minutes(t.time()));
        loop {
            if self.is_working_day(day)
                && let Some((a, _)) = self
                    .hours
                    .0
                    .iter()
                    .map(|(a, b)| (minutes(*a), minutes(*b)))
                    .find(|(_, b)| m < *b)
            {
                return Ok((day, m.max(a)));
            }
            day = self.next_working_day(day)?;
            m = 0;
        }
    }

    /// `received` plus `total` minutes of office time.
    fn add_office_minutes(&self, received: DateTime, total: i64) -> Result<DateTime, WorkError> {
        let (mut day, mut m) = self.opening_at_or_after(received)?;
        let mut left = total;
        loop {
            for (a, b) in self.hours.0.iter().map(|(a, b)| (minutes(*a), minutes(*b))) {
                if m >= b {
                    continue;
                }
                let start = m.max(a);
                let available = b - start;
                if left <= available {
                    return Ok(at(day, start + left));
                }
                left -= available;
                m = b;
            }
            day = self.next_working_day(day)?;
            m = 0;
        }
    }

    /// `from` plus `n` minutes of office time; `from` itself for `n` = 0.
    pub fn add_minutes(&self, from: DateTime, n: i64) -> Result<DateTime, WorkError> {
        if n < 0 {
            return Err(WorkError::NotPositive);
        }
        if n == 0 {
            return Ok(from);
        }
        self.add_office_minutes(from, n)
    }

    /// Minutes of office time between two moments; 0 when `to` is not
    /// after `from`.
    pub fn minutes_between(&self, from: DateTime, to: DateTime) -> Result<i64, WorkError> {
        if to <= from {
            return Ok(0);
        }
        let mut total = 0;
        let mut day = from.date();
        for _ in 0..10_000 {
            if day > to.date() {
                return Ok(total);
            }
            if self.is_working_day(day) {
                let lo = if day == from.date() {
                    minutes(from.time())
                } else {
                    0
                };
                let hi = if day == to.date() {
                    minutes(to.time())
                } else {
                    24 * 60
                };
                for (a, b) in self.hours.0.iter().map(|(a, b)| (minutes(*a), minutes(*b))) {
                    total += (b.min(hi) - a.max(lo)).max(0);
                }
            }
            day = day.tomorrow().map_err(|_| WorkError::NoWorkingDay(day))?;
        }
        Err(WorkError::TooLong)
    }

    /// Due moment of a processing time of `n` working days.
    pub fn add_working_days(&self, received: DateTime, n: i64) -> Result<DateTime, WorkError> {
        if n <= 0 {
            return Err(WorkError::NotPositive);
        }
        if n > 10_000 {
            return Err(WorkError::TooLong);
        }
        self.add_office_minutes(received, n * self.hours.day_minutes())
    }

    /// Due moment of a processing time of `n` working hours.
    pub fn add_working_hours(&self, received: DateTime, n: i64) -> Result<DateTime, WorkError> {
        if n <= 0 {
            return Err(WorkError::NotPositive);
        }
        if n > 10_000 * 24 {
            return Err(WorkError::TooLong);
        }
        self.add_office_minutes(received, n * 60)
    }

    /// The "same day" rule (Luật Hộ tịch 2014; NĐ 23/2015/NĐ-CP Art. 7):
    /// received on a working day up to `cutoff` → due at that day's close;
    /// after it, or on a day off → at the close of the next working day.
    pub fn same_day(&self, received: DateTime, cutoff: Time) -> Result<DateTime, WorkError> {
        let day = received.date();
        let due_day = if self.is_working_day(day) && received.time() <= cutoff {
            day
        } else {
            self.next_working_day(day)?
        };
        Ok(at(due_day, self.hours.close()))
    }

    /// Working days in the closed interval [from, to].
    pub fn count_working_days(&self, from: Date, to: Date) -> Result<i64, WorkError> {
        if from > to {
            return Err(WorkError::Reversed(from, to));
        }
        let mut n = 0;
        let mut d = from;
        while d <= to {
            if self.is_working_day(d) {
                n += 1;
            }
            match d.tomorrow() {
                Ok(x) => d = x,
                Err(_) => break,
            }
        }
        Ok(n)
    }
}

/// The default cut-off of the same-day rule.
pub const SAME_DAY_CUTOFF: Time = Time::constant(15, 0, 0, 0);
