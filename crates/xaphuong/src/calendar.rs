//! `xaphuong calendar …`: the working calendar on the command line, one JSON
//! object per line. Without a database the built-in schedules are used.

use clap::{ArgGroup, Subcommand};
use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;
use xaphuong_core::calendar::days_off::{self, DayOff, WeeklyRest};
use xaphuong_core::calendar::lunar::{self, LunarDate};
use xaphuong_core::calendar::working::{OfficeHours, SAME_DAY_CUTOFF, WorkCalendar};

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
        /// Giờ chốt của quy tắc trong ngày, HH:MM (mặc định 15:00)
        #[arg(long, requires = "same_day")]
        cutoff: Option<String>,
    },
    /// Số ngày làm việc trong khoảng [FROM, TO]
    Workdays { from: String, to: String },
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

fn parse_date(s: &str) -> Result<Date, String> {
    let bad = || format!("Ngày «{s}» không hợp lệ (định dạng YYYY-MM-DD)");
    if s.len() != 10 {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

fn parse_year(s: &str) -> Result<i16, String> {
    match s.trim().parse::<i16>() {
        Ok(y) if (lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&y) => Ok(y),
        _ => Err(format!(
            "Năm «{s}» không hợp lệ: chỉ hỗ trợ từ 1900 đến 2100"
        )),
    }
}

fn parse_number(s: &str, what: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err(format!("{what} phải là số nguyên dương, không phải «{s}»")),
        Err(_) => Err(format!("{what} «{s}» không phải số nguyên")),
    }
}

fn parse_minute(s: &str) -> Result<DateTime, String> {
    let bad = || format!("Thời điểm «{s}» không hợp lệ (định dạng YYYY-MM-DDTHH:MM)");
    if s.len() != 16 {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

fn parse_time(s: &str) -> Result<Time, String> {
    let bad = || format!("Giờ «{s}» không hợp lệ (định dạng HH:MM)");
    if s.len() != 5 {
        return Err(bad());
    }
    s.parse().map_err(|_| bad())
}

fn fmt_minute(t: DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// Where the schedule comes from: built in, or a deployment's own.
pub trait Schedules {
    fn year(&self, year: i16) -> Vec<DayOff>;
    fn rest(&self) -> WeeklyRest;
    fn hours(&self) -> OfficeHours;
    fn makeup_counts(&self) -> bool;
}

/// The schedules shipped with xaphuong.
pub struct Builtin;

impl Schedules for Builtin {
    fn year(&self, year: i16) -> Vec<DayOff> {
        days_off::builtin(year, &WeeklyRest::default())
    }
    fn rest(&self) -> WeeklyRest {
        WeeklyRest::default()
    }
    fn hours(&self) -> OfficeHours {
        OfficeHours::default()
    }
    fn makeup_counts(&self) -> bool {
        true
    }
}

/// A working calendar covering `from`'s year and the following ones that a
/// deadline may reach.
fn work_calendar(s: &dyn Schedules, from: i16, to: i16) -> WorkCalendar {
    let last = to.min(lunar::LAST_YEAR);
    let days: Vec<DayOff> = (from..=last).flat_map(|y| s.year(y)).collect();
    WorkCalendar::new(s.rest(), s.hours(), s.makeup_counts(), &days)
}

fn line<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Runs a calendar command; the lines to print, or a message for stderr.
pub fn run(cmd: &CalendarCommand, s: &dyn Schedules) -> Result<Vec<String>, String> {
    match cmd {
        CalendarCommand::Lunar { dates } => dates
            .iter()
            .map(|raw| {
                let date = parse_date(raw)?;
                let l = lunar::to_lunar(date).map_err(|e| e.to_string())?;
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
            let year = parse_year(lunar_year)?;
            let month = lunar_month
                .trim()
                .parse::<u8>()
                .map_err(|_| format!("Tháng âm lịch «{lunar_month}» không hợp lệ"))?;
            let day = lunar_day
                .trim()
                .parse::<u8>()
                .map_err(|_| format!("Ngày âm lịch «{lunar_day}» không hợp lệ"))?;
            let date = lunar::to_solar(LunarDate {
                year,
                month,
                leap: *leap,
                day,
            })
            .map_err(|e| e.to_string())?;
            Ok(vec![line(&DateLine {
                date: date.to_string(),
            })])
        }
        CalendarCommand::DaysOff { year } => {
            let year = parse_year(year)?;
            let days = s.year(year);
            let rest = s.rest();
            Ok(days_off::differing(&days, &rest)
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
            same_day,
            cutoff,
        } => {
            let received = parse_minute(received)?;
            let year = received.year();
            if !(lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&year) {
                return Err(format!(
                    "Năm {year} nằm ngoài khoảng được hỗ trợ (1900 – 2100)"
                ));
            }
            let span_years = match (days, hours) {
                (Some(d), _) => parse_number(d, "Số ngày làm việc")? / 200 + 2,
                (_, Some(h)) => parse_number(h, "Số giờ làm việc")? / 1600 + 2,
                _ => 2,
            };
            let cal = work_calendar(s, year, year.saturating_add(span_years.min(100) as i16));
            let due = if let Some(d) = days {
                cal.add_working_days(received, parse_number(d, "Số ngày làm việc")?)
            } else if let Some(h) = hours {
                cal.add_working_hours(received, parse_number(h, "Số giờ làm việc")?)
            } else {
                debug_assert!(*same_day);
                let cut = cutoff
                    .as_deref()
                    .map(parse_time)
                    .transpose()?
                    .unwrap_or(SAME_DAY_CUTOFF);
                cal.same_day(received, cut)
            }
            .map_err(|e| e.to_string())?;
            Ok(vec![line(&DueLine {
                due: fmt_minute(due),
            })])
        }
        CalendarCommand::Workdays { from, to } => {
            let (a, b) = (parse_date(from)?, parse_date(to)?);
            for d in [a, b] {
                if !(lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&d.year()) {
                    return Err(format!(
                        "Năm {} nằm ngoài khoảng được hỗ trợ (1900 – 2100)",
                        d.year()
                    ));
                }
            }
            let cal = work_calendar(s, a.year(), b.year());
            let n = cal.count_working_days(a, b).map_err(|e| e.to_string())?;
            Ok(vec![line(&WorkdaysLine { workdays: n })])
        }
    }
}
