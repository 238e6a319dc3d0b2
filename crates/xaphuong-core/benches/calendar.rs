//! Lunar conversions and deadline computation: `cargo bench -p xaphuong-core`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use xaphuong_core::calendar::days_off::{DayOff, WeeklyRest, builtin};
use xaphuong_core::calendar::lunar::{to_lunar, to_solar};
use xaphuong_core::calendar::working::{OfficeHours, WorkCalendar};

fn lunar(c: &mut Criterion) {
    let start = Date::constant(2026, 1, 1);
    let days: Vec<Date> = (0..365).map(|i| start + i.days()).collect();
    // Build the month table before timing.
    let _ = to_lunar(start);
    c.bench_function("solar→lunar, 365 days of 2026", |b| {
        b.iter(|| {
            for d in &days {
                black_box(to_lunar(black_box(*d)).ok());
            }
        })
    });
    let lunar_days: Vec<_> = days.iter().filter_map(|d| to_lunar(*d).ok()).collect();
    c.bench_function("lunar→solar, 365 days of 2026", |b| {
        b.iter(|| {
            for l in &lunar_days {
                black_box(to_solar(black_box(*l)).ok());
            }
        })
    });
}

fn deadlines(c: &mut Criterion) {
    let rest = WeeklyRest::default();
    let days: Vec<DayOff> = (2024..=2028).flat_map(|y| builtin(y, &rest)).collect();
    let cal = WorkCalendar::new(rest, OfficeHours::default(), true, &days);
    let received: DateTime = "2026-02-13T09:00".parse().expect("a date-time");
    c.bench_function("deadline: +25 working days across Tết 2026", |b| {
        b.iter(|| black_box(cal.add_working_days(black_box(received), 25).ok()))
    });
    c.bench_function("deadline: +5 working days", |b| {
        b.iter(|| black_box(cal.add_working_days(black_box(received), 5).ok()))
    });
    c.bench_function("building a 5-year work calendar", |b| {
        b.iter(|| {
            black_box(WorkCalendar::new(
                rest,
                OfficeHours::default(),
                true,
                black_box(&days),
            ))
        })
    });
}

criterion_group!(benches, lunar, deadlines);
criterion_main!(benches);
