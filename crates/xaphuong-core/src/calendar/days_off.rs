//! Days off: the statutory holidays by rule, and the yearly official
//! schedules of the public sector as data.
//!
//! The exact Tết span, the day next to 2/9 and any swapped days are announced
//! each year (Bộ luật Lao động 2019 Art. 112(3)); they are never derived in
//! code. What the rules produce for a year without an announcement is a
//! suggestion, marked unconfirmed.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use super::lunar::{self, LunarDate};

/// How a date differs from the ordinary week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday (ngày nghỉ lễ, Tết).
    Holiday,
    /// Nghỉ bù: a holiday fell on a weekly rest day (Art. 111(3)).
    Compensatory,
    /// Nghỉ hoán đổi: a weekday off, worked on a make-up day instead.
    Swapped,
    /// Ngày làm bù: a rest day that is worked.
    MakeupWorkday,
}

impl DayKind {
    pub const ALL: [DayKind; 4] = [
        DayKind::Holiday,
        DayKind::Compensatory,
        DayKind::Swapped,
        DayKind::MakeupWorkday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Compensatory => "compensatory",
            DayKind::Swapped => "swapped",
            DayKind::MakeupWorkday => "makeup_workday",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DayKind::Holiday => "Nghỉ lễ, Tết",
            DayKind::Compensatory => "Nghỉ bù",
            DayKind::Swapped => "Nghỉ hoán đổi",
            DayKind::MakeupWorkday => "Làm bù",
        }
    }

    /// Whether the office is closed on such a day (make-up days are open).
    pub fn is_off(self) -> bool {
        !matches!(self, DayKind::MakeupWorkday)
    }
}

/// One date of a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    pub date: Date,
    pub kind: DayKind,
    pub name: String,
    /// The document that set it, e.g. "TB 9441/TB-BNV"; empty if unknown.
    pub document: String,
    /// Announced officially, or only suggested by the rules.
    pub confirmed: bool,
}

/// Which weekdays are weekly rest days (default Saturday and Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyRest(pub [bool; 7]);

impl Default for WeeklyRest {
    fn default() -> Self {
        let mut days = [false; 7];
        days[Weekday::Saturday.to_monday_zero_offset() as usize] = true;
        days[Weekday::Sunday.to_monday_zero_offset() as usize] = true;
        WeeklyRest(days)
    }
}

impl WeeklyRest {
    pub fn is_rest(&self, d: Date) -> bool {
        self.0[d.weekday().to_monday_zero_offset() as usize]
    }
}

/// The official public-sector schedules shipped with xaphuong
/// (date, kind, name, document); see `official_years`.
const OFFICIAL: &str = include_str!("official_days_off.csv");

/// Years whose official schedule is built in.
pub fn official_years() -> Vec<i16> {
    let mut years: Vec<i16> = official().keys().map(|d| d.year()).collect();
    years.dedup();
    years
}

fn official() -> &'static BTreeMap<Date, DayOff> {
    static TABLE: std::sync::OnceLock<BTreeMap<Date, DayOff>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        OFFICIAL
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let f: Vec<&str> = l.split(';').map(str::trim).collect();
                let date: Date = f.first()?.parse().ok()?;
                let day = DayOff {
                    date,
                    kind: DayKind::parse(f.get(1)?)?,
                    name: (*f.get(2)?).to_owned(),
                    document: (*f.get(3)?).to_owned(),
                    confirmed: *f.get(4)? == "true",
                };
                Some((date, day))
            })
            .collect()
    })
}

/// The built-in schedule of `year`: the official one where shipped, the
/// statutory suggestion otherwise.
pub fn builtin(year: i16, rest: &WeeklyRest) -> Vec<DayOff> {
    let from = Date::new(year, 1, 1).unwrap_or(Date::MIN);
    let to = Date::new(year, 12, 31).unwrap_or(Date::MAX);
    let days: Vec<DayOff> = official()
        .range(from..=to)
        .map(|(_, d)| d.clone())
        .collect();
    if days.is_empty() {
        statutory(year, rest)
    } else {
        days
    }
}

fn holiday(date: Date, name: &str, document: &str) -> DayOff {
    DayOff {
        date,
        kind: DayKind::Holiday,
        name: name.into(),
        document: document.into(),
        confirmed: false,
    }
}

const LAW: &str = "BLLĐ 2019 Điều 112";

/// The holidays the law fixes for `year`, with the usual pattern for the
/// parts the Prime Minister decides each year, and a compensatory day after
/// each holiday that falls on a weekly rest day (Art. 111(3)). Unconfirmed.
pub fn statutory(year: i16, rest: &WeeklyRest) -> Vec<DayOff> {
    let mut days: Vec<DayOff> = Vec::new();
    let date = |m: i8, d: i8| Date::new(year, m, d).ok();
    if let Some(d) = date(1, 1) {
        days.push(holiday(d, "Tết Dương lịch", LAW));
    }
    // Tết: five days; usually the last day of the old year and mùng 1–4.
    if let Ok(tet) = lunar::tet(year) {
        for i in -1..4 {
            let d = tet + i.days();
            let name = if i < 0 {
                "Tết Nguyên đán (cuối năm cũ)"
            } else {
                "Tết Nguyên đán"
            };
            days.push(holiday(d, name, LAW));
        }
    }
    if let Ok(d) = lunar::to_solar(LunarDate {
        year,
        month: 3,
        leap: false,
        day: 10,
    }) {
        days.push(holiday(d, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW));
    }
    if let Some(d) = date(4, 30) {
        days.push(holiday(d, "Ngày Chiến thắng", LAW));
    }
    if let Some(d) = date(5, 1) {
        days.push(holiday(d, "Ngày Quốc tế Lao động", LAW));
    }
    if let Some(d) = date(9, 2) {
        days.push(holiday(d, "Quốc khánh", LAW));
        // The adjacent day: after 2/9 when 2/9 is a Monday, else before.
        let adjacent = if d.weekday() == Weekday::Monday {
            d + 1.day()
        } else {
            d - 1.day()
        };
        days.push(holiday(adjacent, "Quốc khánh (ngày liền kề)", LAW));
    }
    if year >= 2026
        && let Some(d) = date(11, 24)
    {
        days.push(holiday(d, "Ngày Văn hóa Việt Nam", "NQ 28/2026/QH16"));
    }
    days.sort_by_key(|d| d.date);
    let taken: std::collections::BTreeSet<Date> = days.iter().map(|d| d.date).collect();
    let mut extra = Vec::new();
    let mut used = taken.clone();
    for h in days.iter().filter(|h| rest.is_rest(h.date)) {
        let mut d = h.date;
        loop {
            d = d.tomorrow().unwrap_or(Date::MAX);
            if !rest.is_rest(d) && !used.contains(&d) {
                break;
            }
        }
        used.insert(d);
        extra.push(DayOff {
            date: d,
            kind: DayKind::Compensatory,
            name: format!("Nghỉ bù {}", h.name),
            document: "BLLĐ 2019 Điều 111(3)".into(),
            confirmed: false,
        });
    }
    days.extend(extra);
    days.sort_by_key(|d| d.date);
    days
}

/// Applies overrides to a base schedule: `layers` from the widest (the
/// deployment's) to the narrowest (a unit's own); a date in a narrower layer
/// replaces the same date of a wider one.
pub fn merge(layers: &[Vec<DayOff>]) -> Vec<DayOff> {
    let mut by_date: BTreeMap<Date, DayOff> = BTreeMap::new();
    for layer in layers {
        for d in layer {
            by_date.insert(d.date, d.clone());
        }
    }
    by_date.into_values().collect()
}

/// Checks a day typed by an officer.
pub fn validate_day(
    date: &str,
    kind: &str,
    name: &str,
    document: &str,
) -> Result<(Date, DayKind, String, String), crate::Invalid> {
    let mut e = crate::Invalid::default();
    let d = date
        .trim()
        .parse::<Date>()
        .ok()
        .filter(|d| (lunar::FIRST_YEAR..=lunar::LAST_YEAR).contains(&d.year()));
    if d.is_none() {
        e.push(
            "date",
            "Ngày không hợp lệ (YYYY-MM-DD, từ năm 1900 đến 2100)",
        );
    }
    let k = DayKind::parse(kind.trim());
    if k.is_none() {
        e.push("kind", "Loại ngày không hợp lệ");
    }
    let name = crate::checks::required_text(
        &mut e,
        "name",
        name,
        200,
        "Tên ngày không được để trống",
        "Tên ngày dài quá 200 ký tự",
    );
    let document = crate::checks::limited_text(
        &mut e,
        "document",
        document,
        200,
        "Số hiệu văn bản dài quá 200 ký tự",
    );
    e.into_result()?;
    Ok((
        d.unwrap_or(Date::MIN),
        k.unwrap_or(DayKind::Holiday),
        name,
        document,
    ))
}

/// The dates of a schedule that differ from the weekly pattern: weekdays
/// off and rest days worked. A holiday on a Sunday changes nothing.
pub fn differing<'a>(
    days: &'a [DayOff],
    rest: &'a WeeklyRest,
) -> impl Iterator<Item = &'a DayOff> + 'a {
    days.iter()
        .filter(move |d| d.kind.is_off() != rest.is_rest(d.date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(year: i16) -> Vec<(String, &'static str)> {
        let rest = WeeklyRest::default();
        let days = builtin(year, &rest);
        differing(&days, &rest)
            .map(|d| (d.date.strftime("%d/%m").to_string(), d.kind.as_str()))
            .collect()
    }

    fn dates(list: &[(String, &str)], kind_off: bool) -> Vec<String> {
        list.iter()
            .filter(|(_, k)| (*k != "makeup_workday") == kind_off)
            .map(|(d, _)| d.clone())
            .collect()
    }

    /// The year's listed days off and make-up working days, as `dd/mm`.
    fn assert_schedule(year: i16, off: &[&str], makeup: &[&str]) {
        let list = listed(year);
        assert_eq!(dates(&list, true), off, "{year}");
        assert_eq!(dates(&list, false), makeup, "{year}");
    }

    /// calendar.md §3, "Days off derived from this table".
    #[test]
    fn official_schedules_2024_2026() {
        assert_schedule(
            2024,
            &[
                "01/01", "08/02", "09/02", "12/02", "13/02", "14/02", "18/04", "29/04", "30/04",
                "01/05", "02/09", "03/09",
            ],
            &["04/05"],
        );
        assert_schedule(
            2025,
            &[
                "01/01", "27/01", "28/01", "29/01", "30/01", "31/01", "07/04", "30/04", "01/05",
                "02/05", "01/09", "02/09",
            ],
            &["26/04"],
        );
        assert_schedule(
            2026,
            &[
                "01/01", "02/01", "16/02", "17/02", "18/02", "19/02", "20/02", "27/04", "30/04",
                "01/05", "31/08", "01/09", "02/09", "24/11",
            ],
            &["10/01", "22/08"],
        );
        assert_eq!(official_years(), [2024, 2025, 2026]);
        let tb = builtin(2026, &WeeklyRest::default());
        let tet = tb
            .iter()
            .find(|d| d.date == Date::constant(2026, 2, 16))
            .unwrap();
        assert_eq!(
            (tet.kind, tet.document.as_str(), tet.confirmed),
            (DayKind::Holiday, "TB 9441/TB-BNV", true)
        );
    }

    #[test]
    fn narrower_layers_win_and_days_are_checked() {
        let d = |m: i8, day: i8, kind: DayKind, name: &str| DayOff {
            date: Date::constant(2026, m, day),
            kind,
            name: name.into(),
            document: String::new(),
            confirmed: true,
        };
        let deployment = vec![
            d(1, 1, DayKind::Holiday, "Tết Dương lịch"),
            d(1, 2, DayKind::Swapped, "Hoán đổi"),
        ];
        let unit = vec![
            d(1, 2, DayKind::MakeupWorkday, "Làm việc bình thường"),
            d(3, 5, DayKind::Holiday, "Lễ hội địa phương"),
        ];
        let merged = merge(&[deployment, unit]);
        let kinds: Vec<_> = merged.iter().map(|x| (x.date.day(), x.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, DayKind::Holiday),
                (2, DayKind::MakeupWorkday),
                (5, DayKind::Holiday)
            ]
        );
        assert!(validate_day("2026-11-24", "holiday", " Ngày  Văn hóa ", "").is_ok());
        let e = validate_day("2026-02-30", "nghi", "", "").unwrap_err();
        assert_eq!(e.0.len(), 3);
        assert!(validate_day("2101-01-01", "holiday", "X", "").is_err());
    }

    #[test]
    fn statutory_suggestion_for_an_unannounced_year() {
        let rest = WeeklyRest::default();
        let days = statutory(2027, &rest);
        assert!(days.iter().all(|d| !d.confirmed));
        let find = |m: i8, d: i8| {
            days.iter()
                .find(|x| x.date == Date::constant(2027, m, d))
                .map(|x| x.kind)
        };
        // Tết Đinh Mùi: mùng 1 = Sat 06/02/2027; 05/02 is the last day of the old year.
        assert_eq!(find(2, 5), Some(DayKind::Holiday));
        assert_eq!(find(2, 9), Some(DayKind::Holiday));
        // Sat 06 and Sun 07 are Tết days on rest days: two compensatory days
        // after the span, Wed 10 and Thu 11.
        assert_eq!(find(2, 10), Some(DayKind::Compensatory));
        assert_eq!(find(2, 11), Some(DayKind::Compensatory));
        // Giỗ Tổ 2027 is Fri 16/04; 2/9/2027 is a Thursday, so 1/9 is added.
        assert_eq!(find(4, 16), Some(DayKind::Holiday));
        assert_eq!(find(9, 1), Some(DayKind::Holiday));
        assert_eq!(find(11, 24), Some(DayKind::Holiday));
        // 2024's 2/9 was a Monday: the adjacent day is 3/9.
        assert!(
            statutory(2024, &rest)
                .iter()
                .any(|d| d.date == Date::constant(2024, 9, 3))
        );
        assert!(
            !statutory(2025, &rest)
                .iter()
                .any(|d| d.date.month() == 11 && d.date.day() == 24)
        );
    }
}
