//! The calendar against published tables and over its whole range.

use jiff::ToSpan;
use jiff::civil::Date;
use xaphuong_core::calendar::lunar::{
    LunarDate, leap_month, month_length, tet, to_lunar, to_solar,
};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// Tết and Giỗ Tổ 1901–2099 as published by python-holidays 0.109 (see the
/// data file's header for where in the package).
#[test]
fn tet_and_gio_to_1901_2099_match_the_published_table() {
    let data = include_str!("data/tet_gio_to_1901_2099.txt");
    let mut n = 0;
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let year: i16 = parts[0].parse().unwrap();
        assert_eq!(tet(year).unwrap(), date(parts[1]), "Tết {year}");
        let gio_to = to_solar(LunarDate {
            year,
            month: 3,
            leap: false,
            day: 10,
        })
        .unwrap();
        assert_eq!(gio_to, date(parts[2]), "Giỗ Tổ {year}");
        n += 1;
    }
    assert_eq!(n, 199);
    // The range's ends.
    assert_eq!(tet(1900).unwrap(), date("1900-01-31"));
    assert!(tet(2100).unwrap() > date("2100-01-20"));
}

/// calendar.md §5.2: Tết, the length of the previous Chạp, and Giỗ Tổ,
/// 2020–2035, cross-checked with the official notices for 2024–2026.
#[test]
fn tet_2020_2035_with_the_length_of_chap() {
    let table = [
        (2020, "2020-01-25", 30, "2020-04-02"),
        (2021, "2021-02-12", 30, "2021-04-21"),
        (2022, "2022-02-01", 29, "2022-04-10"),
        (2023, "2023-01-22", 30, "2023-04-29"),
        (2024, "2024-02-10", 30, "2024-04-18"),
        (2025, "2025-01-29", 29, "2025-04-07"),
        (2026, "2026-02-17", 29, "2026-04-26"),
        (2027, "2027-02-06", 29, "2027-04-16"),
        (2028, "2028-01-26", 29, "2028-04-04"),
        (2029, "2029-02-13", 29, "2029-04-23"),
        (2030, "2030-02-02", 29, "2030-04-12"),
        (2031, "2031-01-23", 29, "2031-04-01"),
        (2032, "2032-02-11", 29, "2032-04-19"),
        (2033, "2033-01-31", 30, "2033-04-09"),
        (2034, "2034-02-19", 30, "2034-04-28"),
        (2035, "2035-02-08", 30, "2035-04-17"),
    ];
    for (year, t, chap, gio_to) in table {
        assert_eq!(tet(year).unwrap(), date(t), "Tết {year}");
        let prev = date(t) - 1.day();
        let l = to_lunar(prev).unwrap();
        assert_eq!(
            (l.year, l.month, l.day),
            (year - 1, 12, chap),
            "last day of Chạp before Tết {year}"
        );
        assert_eq!(month_length(year - 1, 12, false).unwrap(), chap);
        assert_eq!(
            to_solar(LunarDate {
                year,
                month: 3,
                leap: false,
                day: 10
            })
            .unwrap(),
            date(gio_to)
        );
    }
    // The official notices: 08/02/2024 and 16/02/2026 are 29 Chạp.
    assert_eq!(to_lunar(date("2024-02-08")).unwrap().day, 29);
    assert_eq!(to_lunar(date("2026-02-16")).unwrap().day, 29);
}

/// Every day of 1900-01-31 … 2100-12-31: a valid lunar date that converts
/// back to itself, each next day either the next lunar day or day 1 of the
/// next month, every month 29 or 30 days, every year 12 or 13 months.
#[test]
fn every_day_of_the_range_round_trips() {
    let mut day = date("1900-01-31");
    let last = date("2100-12-31");
    let mut prev: Option<LunarDate> = None;
    let mut days = 0;
    let mut months_in_year = std::collections::BTreeMap::<i16, u32>::new();
    while day <= last {
        let l = to_lunar(day).unwrap();
        assert!((1..=30).contains(&l.day), "{day}: day {}", l.day);
        assert!((1..=12).contains(&l.month), "{day}: month {}", l.month);
        assert_eq!(to_solar(l).unwrap(), day, "{day} → {l:?} → back");
        if let Some(p) = prev {
            if l.day == 1 {
                assert!(
                    p.day == 29 || p.day == 30,
                    "{day}: previous month ended on day {}",
                    p.day
                );
                assert_eq!(month_length(p.year, p.month, p.leap).unwrap(), p.day);
                *months_in_year.entry(l.year).or_default() += 1;
                if l.leap {
                    assert_eq!(
                        l.month, p.month,
                        "{day}: a leap month repeats the month before it"
                    );
                    assert_eq!(leap_month(l.year), Some(l.month));
                } else if l.month == 1 {
                    assert_eq!(
                        (p.month, l.year),
                        (12, p.year + 1),
                        "{day}: Tết follows Chạp"
                    );
                } else {
                    assert_eq!(l.month, p.month + 1, "{day}");
                }
            } else {
                assert_eq!(
                    (l.year, l.month, l.leap, l.day),
                    (p.year, p.month, p.leap, p.day + 1),
                    "{day}"
                );
            }
        }
        prev = Some(l);
        day = day.tomorrow().unwrap();
        days += 1;
    }
    assert_eq!(days, 73_384);
    for (year, n) in months_in_year.range(1901..=2099) {
        let expected = if leap_month(*year).is_some() { 13 } else { 12 };
        assert_eq!(*n, expected, "lunar year {year}");
    }
}

mod deadlines {
    use jiff::civil::{Date, DateTime, Time};
    use xaphuong_core::calendar::days_off::{DayOff, WeeklyRest, builtin};
    use xaphuong_core::calendar::working::{OfficeHours, SAME_DAY_CUTOFF, WorkCalendar, WorkError};

    fn calendar(makeup_counts: bool) -> WorkCalendar {
        let rest = WeeklyRest::default();
        let days: Vec<DayOff> = (2019..=2027).flat_map(|y| builtin(y, &rest)).collect();
        WorkCalendar::new(rest, OfficeHours::default(), makeup_counts, &days)
    }

    fn dt(s: &str) -> DateTime {
        s.parse().unwrap()
    }

    /// onestop.md §7.6, with make-up Saturdays counted and ignored; the
    /// receipt time is kept (09:00 where the table gives none).
    #[test]
    fn the_worked_vectors() {
        let vectors = [
            (
                "2019-11-20T08:37",
                25,
                "2019-12-25T08:37",
                "2019-12-25T08:37",
            ),
            (
                "2026-02-13T09:00",
                5,
                "2026-02-27T09:00",
                "2026-02-27T09:00",
            ),
            (
                "2025-12-31T09:00",
                3,
                "2026-01-07T09:00",
                "2026-01-07T09:00",
            ),
            (
                "2026-01-08T09:00",
                2,
                "2026-01-10T09:00",
                "2026-01-12T09:00",
            ),
            (
                "2026-08-28T09:00",
                2,
                "2026-09-04T09:00",
                "2026-09-04T09:00",
            ),
            (
                "2026-04-24T09:00",
                1,
                "2026-04-28T09:00",
                "2026-04-28T09:00",
            ),
            (
                "2026-11-23T09:00",
                1,
                "2026-11-25T09:00",
                "2026-11-25T09:00",
            ),
            (
                "2025-04-25T09:00",
                3,
                "2025-04-29T09:00",
                "2025-05-05T09:00",
            ),
            (
                "2024-05-03T09:00",
                1,
                "2024-05-04T09:00",
                "2024-05-06T09:00",
            ),
        ];
        let (counted, ignored) = (calendar(true), calendar(false));
        for (received, n, due_counted, due_ignored) in vectors {
            assert_eq!(
                counted.add_working_days(dt(received), n).unwrap(),
                dt(due_counted),
                "{received} + {n} (make-up counted)"
            );
            assert_eq!(
                ignored.add_working_days(dt(received), n).unwrap(),
                dt(due_ignored),
                "{received} + {n} (make-up ignored)"
            );
        }
    }

    #[test]
    fn out_of_hours_receipts_and_shift_boundaries() {
        let c = calendar(true);
        type Add = fn(&WorkCalendar, DateTime, i64) -> Result<DateTime, WorkError>;
        let days: Add = WorkCalendar::add_working_days;
        let hours: Add = WorkCalendar::add_working_hours;
        // (received, what is added, how many, due)
        for (from, add, n, due) in [
            // 18:00 on a Friday + 1 → 17:00 on Monday, not 07:00 on Tuesday.
            ("2026-10-09T18:00", days, 1, "2026-10-12T17:00"),
            // Lunch break: counts from 13:30; the 8 hours end on a shift
            // boundary, written as the end of the morning shift.
            ("2026-10-07T12:00", days, 1, "2026-10-08T11:30"),
            // Before opening.
            ("2026-10-07T06:00", days, 2, "2026-10-08T17:00"),
            // A day off: counts from the next opening.
            ("2026-10-11T10:00", days, 1, "2026-10-12T17:00"),
            // Hours: 10:00 + 2 h = 12:00 → 11:30 + 30 min after lunch = 14:00.
            ("2026-10-07T10:00", hours, 2, "2026-10-07T14:00"),
            // 8 working hours = one working day; ending on 11:30 stays 11:30.
            ("2026-10-07T07:00", hours, 8, "2026-10-07T17:00"),
            ("2026-10-07T09:30", hours, 2, "2026-10-07T11:30"),
            // Seconds are dropped.
            ("2019-11-20T08:37:59", days, 25, "2019-12-25T08:37"),
        ] {
            assert_eq!(add(&c, dt(from), n).unwrap(), dt(due), "{from} + {n}");
        }
        for n in [0, -3] {
            assert_eq!(
                c.add_working_days(dt("2026-10-07T09:00"), n),
                Err(WorkError::NotPositive)
            );
        }
    }

    #[test]
    fn same_day_rule_with_its_cut_off() {
        let c = calendar(true);
        // (received, due)
        for (from, due) in [
            ("2026-10-07T14:59", "2026-10-07T17:00"),
            ("2026-10-07T15:00", "2026-10-07T17:00"),
            ("2026-10-07T15:01", "2026-10-08T17:00"),
            // Friday after the cut-off → Monday; Saturday → Monday.
            ("2026-10-09T16:00", "2026-10-12T17:00"),
            ("2026-10-10T08:00", "2026-10-12T17:00"),
            // Before Tết 2026: Fri 13/02 after 15:00 → Mon 23/02.
            ("2026-02-13T15:30", "2026-02-23T17:00"),
        ] {
            assert_eq!(
                c.same_day(dt(from), SAME_DAY_CUTOFF).unwrap(),
                dt(due),
                "{from}"
            );
        }
        // Another cut-off.
        assert_eq!(
            c.same_day(dt("2026-10-07T15:30"), Time::constant(16, 0, 0, 0))
                .unwrap(),
            dt("2026-10-07T17:00")
        );
    }

    #[test]
    fn working_days_in_a_closed_interval() {
        let d = |s: &str| -> Date { s.parse().unwrap() };
        let (counted, ignored) = (calendar(true), calendar(false));
        // (calendar, first day, last day, working days)
        for (c, first, last, n) in [
            // January 2026: 22 weekdays − 01, 02 off + Sat 10 make-up.
            (&counted, "2026-01-01", "2026-01-31", 21),
            (&ignored, "2026-01-01", "2026-01-31", 20),
            (&counted, "2026-02-16", "2026-02-22", 0),
            (&counted, "2026-10-07", "2026-10-07", 1),
        ] {
            assert_eq!(
                c.count_working_days(d(first), d(last)).unwrap(),
                n,
                "{first} – {last}"
            );
        }
        assert!(matches!(
            counted.count_working_days(d("2026-10-08"), d("2026-10-07")),
            Err(WorkError::Reversed(..))
        ));
    }
}
