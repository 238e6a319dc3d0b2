//! `xaphuong calendar …`: the working calendar on the command line, one JSON
//! object per line. Without `--database` the built-in schedules are used.

use std::ops::RangeInclusive;

use clap::{ArgGroup, Subcommand};
use jiff::civil::DateTime;
use serde::Serialize;
use xaphuong_core::Invalid;
use xaphuong_core::calendar::days_off::{self, DayOff};
use xaphuong_core::calendar::input;
use xaphuong_core::calendar::lunar::{self, LunarDate};
use xaphuong_core::calendar::settings::CalendarSettings;
use xaphuong_core::calendar::working::WorkCalendar;

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// Đổi ngày dương lịch sang âm lịch
    Lunar {
        /// Ngày dương lịch YYYY-MM-DD (một hoặc nhiều)
        #[arg(required = true)]
        dates: Vec<String>,
    },
    /// Đổi ngày âm lịch sang dương lịch
    Solar {
        lunar_year: String,
        lunar_month: String,
        lunar_day: String,
        /// Tháng nhuận
        #[arg(long)]
        leap: bool,
    },
    /// Các ngày khác lịch tuần thường lệ của một năm (nghỉ lễ, nghỉ bù, hoán đổi, làm bù)
    DaysOff { year: String },
    /// Hạn giải quyết tính theo thời gian làm việc
    #[command(group(ArgGroup::new("span").required(true).args(["days", "hours", "same_day"])))]
    Deadline {
        /// Thời điểm tiếp nhận YYYY-MM-DDTHH:MM (giờ Việt Nam)
        #[arg(long)]
        received: String,
        /// Số ngày làm việc
        #[arg(long, allow_negative_numbers = true)]
        days: Option<String>,
        /// Số giờ làm việc
        #[arg(long, allow_negative_numbers = true)]
        hours: Option<String>,
        /// Trả trong ngày (nhận sau giờ chốt thì trả ngày làm việc tiếp theo)
        #[arg(long)]
        same_day: bool,
        /// Giờ chốt của quy tắc trong ngày, HH:MM (mặc định theo cài đặt, 15:00)
        #[arg(long, requires = "same_day")]
        cutoff: Option<String>,
    },
    /// Số ngày làm việc trong khoảng [FROM, TO]
    Workdays { from: String, to: String },
    /// Thêm hoặc sửa một ngày trong lịch của bản cài đặt (hoặc của --unit)
    SetDay {
        /// Ngày YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// holiday | compensatory | swapped | makeup_workday
        #[arg(long)]
        kind: String,
        /// Tên ngày, ví dụ «Tết Nguyên đán»
        #[arg(long)]
        name: String,
        /// Văn bản quy định, ví dụ «TB 9441/TB-BNV»
        #[arg(long, default_value = "")]
        document: String,
        /// Chưa được công bố chính thức
        #[arg(long)]
        unconfirmed: bool,
    },
    /// Xóa một ngày khỏi lịch của bản cài đặt (hoặc của --unit)
    DeleteDay {
        #[arg(long)]
        date: String,
    },
}

/// A unit's schedule for the years a command needs.
pub struct Schedule {
    pub settings: CalendarSettings,
    pub days: Vec<DayOff>,
}

impl Schedule {
    /// No days at all: for commands that need no schedule.
    pub fn none() -> Self {
        Schedule {
            settings: CalendarSettings::default(),
            days: Vec::new(),
        }
    }

    /// The schedules shipped with xaphuong.
    pub fn builtin(years: RangeInclusive<i16>) -> Self {
        let settings = CalendarSettings::default();
        let days = years
            .flat_map(|y| days_off::builtin(y, &settings.rest))
            .collect();
        Schedule { settings, days }
    }

    fn work_calendar(&self) -> WorkCalendar {
        WorkCalendar::of(&self.settings, &self.days)
    }
}

#[derive(Serialize)]
struct LunarLine {
    date: String,
    lunar_day: u8,
    lunar_month: u8,
    lunar_year: i16,
    leap: bool,
    year_name: String,
}

#[derive(Serialize)]
struct DateLine {
    date: String,
}

#[derive(Serialize)]
struct DayOffLine<'a> {
    date: String,
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct DueLine {
    due: String,
}

#[derive(Serialize)]
struct WorkdaysLine {
    workdays: i64,
}

fn line<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn fmt_minute(t: DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M").to_string()
}

fn invalid(e: impl std::fmt::Display, field: &str) -> Invalid {
    Invalid::one(field, e.to_string())
}

/// The years whose schedule a command needs, `None` if it needs none.
pub fn years_needed(cmd: &CalendarCommand) -> Result<Option<RangeInclusive<i16>>, Invalid> {
    Ok(match cmd {
        CalendarCommand::DaysOff { year } => {
            let y = input::year("year", year)?;
            Some(y..=y)
        }
        CalendarCommand::Deadline {
            received,
            days,
            hours,
            ..
        } => {
            let from = input::moment("received", received)?.year();
            let span = match (days, hours) {
                (Some(d), _) => input::positive("days", "Số ngày làm việc", d)?,
                (_, Some(h)) => input::positive("hours", "Số giờ làm việc", h)? / 8 + 1,
                _ => 1,
            };
            Some(input::years_reached(from, span))
        }
        CalendarCommand::Workdays { from, to } => {
            let (a, b) = (input::date("from", from)?, input::date("to", to)?);
            Some(a.year()..=b.year().max(a.year()))
        }
        _ => None,
    })
}

/// Runs a reading command on `schedule`; the lines to print.
pub fn run(cmd: &CalendarCommand, schedule: &Schedule) -> Result<Vec<String>, Invalid> {
    match cmd {
        CalendarCommand::Lunar { dates } => dates
            .iter()
            .map(|raw| {
                let date = raw
                    .trim()
                    .parse()
                    .ok()
                    .filter(|_| raw.trim().len() == 10)
                    .ok_or_else(|| {
                        Invalid::one(
                            "date",
                            format!("Ngày «{raw}» không hợp lệ (định dạng YYYY-MM-DD)"),
                        )
                    })?;
                let l = lunar::to_lunar(date).map_err(|e| invalid(e, "date"))?;
                Ok(line(&LunarLine {
                    date: date.to_string(),
                    lunar_day: l.day,
                    lunar_month: l.month,
                    lunar_year: l.year,
                    leap: l.leap,
                    year_name: l.year_name(),
                }))
            })
            .collect(),
        CalendarCommand::Solar {
            lunar_year,
            lunar_month,
            lunar_day,
            leap,
        } => {
            let year = input::year("lunar_year", lunar_year)?;
            let month = input::small("lunar_month", "Tháng âm lịch", lunar_month, 1..=12)?;
            let day = input::small("lunar_day", "Ngày âm lịch", lunar_day, 1..=30)?;
            let date = lunar::to_solar(LunarDate {
                year,
                month,
                leap: *leap,
                day,
            })
            .map_err(|e| invalid(e, "lunar_day"))?;
            Ok(vec![line(&DateLine {
                date: date.to_string(),
            })])
        }
        CalendarCommand::DaysOff { year } => {
            let year = input::year("year", year)?;
            let days: Vec<DayOff> = schedule
                .days
                .iter()
                .filter(|d| d.date.year() == year)
                .cloned()
                .collect();
            Ok(days_off::differing(&days, &schedule.settings.rest)
                .map(|d| {
                    line(&DayOffLine {
                        date: d.date.to_string(),
                        kind: d.kind.as_str(),
                        name: &d.name,
                    })
                })
                .collect())
        }
        CalendarCommand::Deadline {
            received,
            days,
            hours,
            cutoff,
            ..
        } => {
            let received = input::moment("received", received)?;
            let cal = schedule.work_calendar();
            let due = if let Some(d) = days {
                cal.add_working_days(received, input::positive("days", "Số ngày làm việc", d)?)
            } else if let Some(h) = hours {
                cal.add_working_hours(received, input::positive("hours", "Số giờ làm việc", h)?)
            } else {
                let cut = match cutoff {
                    Some(c) => input::time("cutoff", c)?,
                    None => schedule.settings.same_day_cutoff,
                };
                cal.same_day(received, cut)
            }
            .map_err(|e| invalid(e, "received"))?;
            Ok(vec![line(&DueLine {
                due: fmt_minute(due),
            })])
        }
        CalendarCommand::Workdays { from, to } => {
            let (a, b) = (input::date("from", from)?, input::date("to", to)?);
            let n = schedule
                .work_calendar()
                .count_working_days(a, b)
                .map_err(|e| invalid(e, "to"))?;
            Ok(vec![line(&WorkdaysLine { workdays: n })])
        }
        CalendarCommand::SetDay { .. } | CalendarCommand::DeleteDay { .. } => Ok(Vec::new()),
    }
}
