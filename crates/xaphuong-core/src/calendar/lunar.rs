//! The Vietnamese lunar calendar (âm lịch), 1900–2100.
//!
//! Rules (Hồ Ngọc Đức's formulation of the traditional calendar):
//! 1. a month starts on the local day that contains the new moon;
//! 2. month 11 contains the winter solstice;
//! 3. a year (from month 11 to the next month 11) with 13 months has a leap
//!    month: the first month without a major solar term (trung khí);
//! 4. everything is computed at UTC+7, the meridian 105° E. China counts at
//!    UTC+8, which is why Tết differs in 1985, 2007, 2030…
//!
//! New moons and solar longitudes use the same astronomical series as Hồ Ngọc
//! Đức's published program, so dates agree with Vietnamese almanacs. Unlike a
//! straight port of its solar-to-lunar function (which returns "lunar day 0"
//! on e.g. 2054-05-07), every month start is found by listing the months of a
//! year between two months 11, and the table of all months 1900–2100 is built
//! once, on first use.

use std::f64::consts::PI;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::Serialize;

/// Hours east of UTC of the Vietnamese calendar meridian.
pub const TIME_ZONE: f64 = 7.0;
pub const FIRST_YEAR: i16 = 1900;
pub const LAST_YEAR: i16 = 2100;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LunarDate {
    pub year: i16,
    pub month: u8,
    pub leap: bool,
    pub day: u8,
}

impl LunarDate {
    /// The can-chi name of the lunar year, e.g. "Bính Ngọ" for 2026.
    pub fn year_name(&self) -> String {
        year_name(self.year)
    }
}

const CAN: [&str; 10] = [
    "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
];
const CHI: [&str; 12] = [
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
];

/// The can-chi (sexagenary) name of a lunar year: 1984 was Giáp Tý.
pub fn year_name(year: i16) -> String {
    let y = i32::from(year);
    format!(
        "{} {}",
        CAN[(y + 6).rem_euclid(10) as usize],
        CHI[(y + 8).rem_euclid(12) as usize]
    )
}

/// Why a conversion is impossible.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LunarError {
    #[error("Ngày {0} nằm ngoài khoảng lịch âm được hỗ trợ (31/01/1900 – 31/12/2100)")]
    OutOfRange(String),
    #[error("Năm âm lịch {0} nằm ngoài khoảng được hỗ trợ (1900 – 2100)")]
    YearOutOfRange(i32),
    #[error("Tháng {month} năm {year} âm lịch không phải tháng nhuận")]
    NotLeap { year: i16, month: u8 },
    #[error("Tháng âm lịch phải từ 1 đến 12")]
    BadMonth,
    #[error("Tháng {month}{leap} năm {year} âm lịch chỉ có {len} ngày")]
    BadDay {
        year: i16,
        month: u8,
        leap: &'static str,
        len: u8,
    },
}

// --- Astronomy (Hồ Ngọc Đức's series, after Meeus) -------------------------

/// Julian day number of a Gregorian date.
pub fn jd_from_date(d: Date) -> i32 {
    let (dd, mm, yy) = (
        i32::from(d.day()),
        i32::from(d.month()),
        i32::from(d.year()),
    );
    let a = (14 - mm) / 12;
    let y = yy + 4800 - a;
    let m = mm + 12 * a - 3;
    dd + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

/// The Gregorian date of a Julian day number.
pub fn date_from_jd(jd: i32) -> Date {
    let a = jd + 32044;
    let b = (4 * a + 3) / 146097;
    let c = a - b * 146097 / 4;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = b * 100 + d - 4800 + m / 10;
    // Callers stay within 1900–2101, where every value is a valid date.
    Date::new(year as i16, month as i8, day as i8).unwrap_or(Date::ZERO)
}

/// The moment (Julian day, UT) of the `k`-th new moon after 1900-01-01.
fn new_moon(k: i32) -> f64 {
    let k = f64::from(k);
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude, radians in [0, 2π), at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * (l / (PI * 2.0)).floor()
}

/// The 30° sector (0–11) the sun is in at the start of local day `jd`; a
/// sector boundary is a major solar term (trung khí).
fn sun_sector(jd: i32) -> i32 {
    (sun_longitude(f64::from(jd) - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i32
}

/// The local day (Julian day number) of the `k`-th new moon.
fn new_moon_day(k: i32) -> i32 {
    (new_moon(k) + 0.5 + TIME_ZONE / 24.0).floor() as i32
}

const SYNODIC: f64 = 29.530588853;
const EPOCH: f64 = 2415021.076998695;

/// The new-moon index `k` whose day is `jd` (a month start).
fn index_of(jd: i32) -> i32 {
    let mut k = ((f64::from(jd) - EPOCH) / SYNODIC + 0.5).floor() as i32;
    while new_moon_day(k) > jd {
        k -= 1;
    }
    while new_moon_day(k + 1) <= jd {
        k += 1;
    }
    k
}

/// The first day of lunar month 11 (the month with the winter solstice) of
/// the lunar year that begins in Gregorian year `year`.
fn month_11(year: i32) -> i32 {
    let Some(dec31) = Date::new(year as i16, 12, 31).ok() else {
        return 0;
    };
    let off = f64::from(jd_from_date(dec31)) - 2415021.0;
    let k = (off / SYNODIC).floor() as i32;
    let nm = new_moon_day(k);
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

// --- The month table ---------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Month {
    /// Julian day number of day 1.
    start: i32,
    year: i16,
    number: u8,
    leap: bool,
}

/// Every lunar month from month 11 of 1899 to month 11 of 2101, in order,
/// followed by a sentinel holding the end of the last month.
fn months() -> &'static [Month] {
    static TABLE: OnceLock<Vec<Month>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::with_capacity(2500);
        for year in i32::from(FIRST_YEAR)..=i32::from(LAST_YEAR) + 1 {
            // The months from month 11 of `year - 1` up to month 11 of `year`.
            let a11 = month_11(year - 1);
            let b11 = month_11(year);
            let k0 = index_of(a11);
            let starts: Vec<i32> = (0..)
                .map(|i| new_moon_day(k0 + i))
                .take_while(|&s| s < b11)
                .collect();
            // In a 13-month year the first month (after month 11) whose start
            // and end fall in the same solar sector holds no major term.
            let leap_at = (starts.len() == 13).then(|| {
                (1..13)
                    .find(|&i| {
                        let end = if i + 1 < starts.len() {
                            starts[i + 1]
                        } else {
                            b11
                        };
                        sun_sector(starts[i]) == sun_sector(end)
                    })
                    .unwrap_or(12)
            });
            let mut number = 11u8;
            for (i, &start) in starts.iter().enumerate() {
                let leap = leap_at == Some(i);
                if i > 0 && !leap {
                    number = if number == 12 { 1 } else { number + 1 };
                }
                let lunar_year = if number >= 11 { year - 1 } else { year } as i16;
                table.push(Month {
                    start,
                    year: lunar_year,
                    number,
                    leap,
                });
            }
        }
        let end = month_11(i32::from(LAST_YEAR) + 1);
        table.push(Month {
            start: end,
            year: LAST_YEAR + 1,
            number: 11,
            leap: false,
        });
        table
    })
}

fn first_day() -> i32 {
    // Tết of 1900.
    months()
        .iter()
        .find(|m| m.year == FIRST_YEAR && m.number == 1 && !m.leap)
        .map_or(0, |m| m.start)
}

fn last_day() -> i32 {
    jd_from_date(Date::constant(2100, 12, 31))
}

/// The lunar date of a Gregorian date between 1900-01-31 and 2100-12-31.
pub fn to_lunar(date: Date) -> Result<LunarDate, LunarError> {
    let jd = jd_from_date(date);
    if jd < first_day() || jd > last_day() {
        return Err(LunarError::OutOfRange(date.to_string()));
    }
    let table = months();
    // The last month that starts on or before the day.
    let i = table.partition_point(|m| m.start <= jd) - 1;
    let m = table[i];
    Ok(LunarDate {
        year: m.year,
        month: m.number,
        leap: m.leap,
        day: (jd - m.start + 1) as u8,
    })
}

fn find_month(year: i16, month: u8, leap: bool) -> Result<(Month, u8), LunarError> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(LunarError::YearOutOfRange(i32::from(year)));
    }
    if !(1..=12).contains(&month) {
        return Err(LunarError::BadMonth);
    }
    let table = months();
    // In calendar order the months are sorted by (year, number, leap): a leap
    // month follows the month it repeats.
    let i = table[..table.len() - 1]
        .binary_search_by(|m| (m.year, m.number, m.leap).cmp(&(year, month, leap)))
        .map_err(|_| LunarError::NotLeap { year, month })?;
    let len = (table[i + 1].start - table[i].start) as u8;
    Ok((table[i], len))
}

/// Days in lunar month `month` (the leap one if `leap`) of `year`: 29 or 30.
pub fn month_length(year: i16, month: u8, leap: bool) -> Result<u8, LunarError> {
    find_month(year, month, leap).map(|(_, len)| len)
}

/// The leap month of lunar year `year`, if it has one.
pub fn leap_month(year: i16) -> Option<u8> {
    months()
        .iter()
        .find(|m| m.year == year && m.leap)
        .map(|m| m.number)
}

/// The Gregorian date of a lunar date.
pub fn to_solar(l: LunarDate) -> Result<Date, LunarError> {
    let (m, len) = find_month(l.year, l.month, l.leap)?;
    if l.day < 1 || l.day > len {
        return Err(LunarError::BadDay {
            year: l.year,
            month: l.month,
            leap: if l.leap { " nhuận" } else { "" },
            len,
        });
    }
    let date = date_from_jd(m.start + i32::from(l.day) - 1);
    if jd_from_date(date) > last_day() {
        return Err(LunarError::OutOfRange(date.to_string()));
    }
    Ok(date)
}

/// Tết (day 1 of month 1) of lunar year `year`.
pub fn tet(year: i16) -> Result<Date, LunarError> {
    to_solar(LunarDate {
        year,
        month: 1,
        leap: false,
        day: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_documented_examples() {
        assert_eq!(
            to_lunar(d(2026, 2, 17)).unwrap(),
            LunarDate {
                year: 2026,
                month: 1,
                leap: false,
                day: 1
            }
        );
        assert_eq!(year_name(2026), "Bính Ngọ");
        assert_eq!(year_name(1984), "Giáp Tý");
        assert_eq!(year_name(2024), "Giáp Thìn");
        assert_eq!(
            to_lunar(d(1900, 1, 31)).unwrap(),
            LunarDate {
                year: 1900,
                month: 1,
                leap: false,
                day: 1
            }
        );
        assert!(to_lunar(d(1900, 1, 30)).is_err());
        assert!(to_lunar(d(2101, 1, 1)).is_err());
        // Where a straight port says "day 0".
        assert_ne!(to_lunar(d(2054, 5, 7)).unwrap().day, 0);
        assert_ne!(to_lunar(d(2062, 4, 9)).unwrap().day, 0);
    }

    #[test]
    fn vietnamese_not_chinese_tet() {
        assert_eq!(tet(1968).unwrap(), d(1968, 1, 29));
        assert_eq!(tet(1969).unwrap(), d(1969, 2, 16));
        assert_eq!(tet(1985).unwrap(), d(1985, 1, 21));
        assert_eq!(tet(2007).unwrap(), d(2007, 2, 17));
        assert_eq!(tet(2030).unwrap(), d(2030, 2, 2));
        assert_eq!(tet(2053).unwrap(), d(2053, 2, 18));
    }

    #[test]
    fn leap_months_and_invalid_input() {
        // 2023 had a leap 2nd month, 2025 a leap 6th.
        assert_eq!(leap_month(2023), Some(2));
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2024), None);
        assert!(matches!(
            to_solar(LunarDate {
                year: 2024,
                month: 6,
                leap: true,
                day: 1
            }),
            Err(LunarError::NotLeap { .. })
        ));
        // Chạp of Ất Tỵ (2025) has 29 days: 30 Chạp does not exist.
        assert_eq!(month_length(2025, 12, false).unwrap(), 29);
        assert!(matches!(
            to_solar(LunarDate {
                year: 2025,
                month: 12,
                leap: false,
                day: 30
            }),
            Err(LunarError::BadDay { len: 29, .. })
        ));
        assert!(
            to_solar(LunarDate {
                year: 1899,
                month: 1,
                leap: false,
                day: 1
            })
            .is_err()
        );
        assert!(
            to_solar(LunarDate {
                year: 2026,
                month: 13,
                leap: false,
                day: 1
            })
            .is_err()
        );
    }
}
