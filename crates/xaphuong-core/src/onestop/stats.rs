//! The period's figures of Biểu số 06/VPCP/KSTT (TT 01/2020/TT-VPCP):
//! dossiers received (online; at the counter or by post; carried over),
//! resolved (early, on time, late) and pending at the period's end (in time,
//! overdue), by field; and the on-time rate the resolution report uses.

use jiff::civil::{Date, DateTime};

use super::lifecycle::{Channel, Timeliness, timeliness};
use crate::indicators::Quantity;

/// What the tally needs of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierTimes {
    pub field: String,
    pub channel: Channel,
    /// None: never received (refused or withdrawn before acceptance).
    pub received: Option<DateTime>,
    pub due: Option<DateTime>,
    /// When it left the ward's hands, if it has.
    pub finished: Option<DateTime>,
    /// Finished with a result (Đã xử lý xong, Đã trả kết quả), not stopped
    /// or withdrawn.
    pub resolved: bool,
}

/// One row of Biểu 06.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub field: String,
    pub online: i64,
    pub counter_or_post: i64,
    pub carried_over: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    pub pending_in_time: i64,
    pub pending_overdue: i64,
}

impl Row {
    /// Số hồ sơ nhận giải quyết: tổng số.
    pub fn received(&self) -> i64 {
        self.online + self.counter_or_post + self.carried_over
    }

    /// Số hồ sơ đã giải quyết: tổng số.
    pub fn resolved(&self) -> i64 {
        self.early + self.on_time + self.late
    }

    /// Số hồ sơ đang giải quyết: tổng số.
    pub fn pending(&self) -> i64 {
        self.pending_in_time + self.pending_overdue
    }

    fn add(&mut self, o: &Row) {
        self.online += o.online;
        self.counter_or_post += o.counter_or_post;
        self.carried_over += o.carried_over;
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        self.pending_in_time += o.pending_in_time;
        self.pending_overdue += o.pending_overdue;
    }

    /// Resolved early or on time ÷ resolved, in % with two decimals,
    /// half-up; None when nothing was resolved.
    pub fn on_time_rate(&self) -> Option<Quantity> {
        percent(self.early + self.on_time, self.resolved())
    }
}

/// n ÷ d in % with two decimals, half-up; None when d is 0 (QĐ 766: a
/// measure with nothing to count is not applicable).
fn percent(n: i64, d: i64) -> Option<Quantity> {
    if d <= 0 {
        return None;
    }
    let (n, d) = (i128::from(n), i128::from(d));
    let hundredths = (n * 20_000 + d) / (2 * d);
    Quantity::new(i64::try_from(hundredths).ok()?, 2)
}

/// The one-stop measures of the service index of QĐ 766/QĐ-TTg, as the
/// ward can compute them from its own records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index766 {
    /// 2.1 Tiến độ giải quyết: dossiers kept in time (resolved early or on
    /// time, or pending and not yet due) ÷ dossiers resolved or pending.
    pub progress: Option<Quantity>,
    /// 3.3 Tỷ lệ hồ sơ trực tuyến: received online ÷ received in the period
    /// (carried-over dossiers are not new receipts).
    pub online: Option<Quantity>,
    /// 5.4 Mức độ hài lòng: 100% − (overdue rate + dissatisfied rate), the
    /// overdue rate over dossiers resolved or pending, the dissatisfied
    /// rate over the period's ratings; never below 0.
    pub satisfaction: Option<Quantity>,
    pub overdue_rate: Option<Quantity>,
    pub dissatisfied_rate: Option<Quantity>,
}

/// The 766 measures from the period's total row and its ratings (all and
/// "không hài lòng").
pub fn index_766(total: &Row, ratings: i64, dissatisfied: i64) -> Index766 {
    let handled = total.resolved() + total.pending();
    let kept = total.early + total.on_time + total.pending_in_time;
    let overdue = total.late + total.pending_overdue;
    let overdue_rate = percent(overdue, handled);
    let dissatisfied_rate = percent(dissatisfied, ratings);
    let satisfaction = match (overdue_rate, dissatisfied_rate) {
        (None, None) => None,
        (o, r) => {
            let hundredths = |q: Option<Quantity>| q.map_or(0, |q| q.value());
            let left = (10_000 - hundredths(o) - hundredths(r)).max(0);
            Quantity::new(left, 2)
        }
    };
    Index766 {
        progress: percent(kept, handled),
        online: percent(total.online, total.online + total.counter_or_post),
        satisfaction,
        overdue_rate,
        dissatisfied_rate,
    }
}

/// What dossiers add to one day, kept per unit and day as aggregates in the
/// same transaction as every change, so that a period's Biểu 06 is two sums
/// (the days before the period, and the period's days) instead of a pass
/// over every dossier in hand. Each counter is the number of dossiers whose
/// moment falls on the day:
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// received online, and at the counter or by post;
    pub received_online: i64,
    pub received_other: i64,
    /// left the ward's hands (with or without a result);
    pub finished: i64,
    /// finished with a result, by timeliness;
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    /// came due; and came due and was finished (on the later of the two);
    pub due: i64,
    pub due_finished: i64,
    /// rated by the citizen, and rated "không hài lòng".
    pub rated: i64,
    pub dissatisfied: i64,
}

impl DayCounts {
    /// The counters in their storage order.
    pub const NAMES: [&'static str; 10] = [
        "received_online",
        "received_other",
        "finished",
        "early",
        "on_time",
        "late",
        "due",
        "due_finished",
        "rated",
        "dissatisfied",
    ];

    pub fn to_array(self) -> [i64; 10] {
        [
            self.received_online,
            self.received_other,
            self.finished,
            self.early,
            self.on_time,
            self.late,
            self.due,
            self.due_finished,
            self.rated,
            self.dissatisfied,
        ]
    }

    pub fn from_array(a: [i64; 10]) -> Self {
        DayCounts {
            received_online: a[0],
            received_other: a[1],
            finished: a[2],
            early: a[3],
            on_time: a[4],
            late: a[5],
            due: a[6],
            due_finished: a[7],
            rated: a[8],
            dissatisfied: a[9],
        }
    }

    pub fn received(&self) -> i64 {
        self.received_online + self.received_other
    }

    pub fn is_zero(&self) -> bool {
        self.to_array().iter().all(|n| *n == 0)
    }

    /// Each counter times `k` (−1 takes a dossier's old state back out).
    pub fn times(self, k: i64) -> Self {
        Self::from_array(self.to_array().map(|n| n * k))
    }

    pub fn add(&mut self, o: &DayCounts) {
        let mut a = self.to_array();
        for (x, y) in a.iter_mut().zip(o.to_array()) {
            *x += y;
        }
        *self = Self::from_array(a);
    }
}

/// The days a dossier counts on. A moment before the receipt (which the
/// lifecycle never gives) counts on the day of receipt, so the sums stay
/// exact whatever the data.
pub fn day_counts(d: &DossierTimes) -> Vec<(Date, DayCounts)> {
    let Some(received) = d.received else {
        return Vec::new();
    };
    let r = received.date();
    let mut out = Vec::with_capacity(5);
    let one = DayCounts::default();
    out.push((
        r,
        if d.channel == Channel::Online {
            DayCounts {
                received_online: 1,
                ..one
            }
        } else {
            DayCounts {
                received_other: 1,
                ..one
            }
        },
    ));
    let finished = d.finished.map(|f| f.date().max(r));
    if let Some(f) = finished {
        let mut c = DayCounts { finished: 1, ..one };
        if let (Some(due), Some(at), true) = (d.due, d.finished, d.resolved) {
            match timeliness(due, at) {
                Timeliness::Early => c.early = 1,
                Timeliness::OnTime => c.on_time = 1,
                Timeliness::Late => c.late = 1,
            }
        }
        out.push((f, c));
    }
    if let Some(due) = d.due.map(|x| x.date().max(r)) {
        out.push((due, DayCounts { due: 1, ..one }));
        if let Some(f) = finished {
            out.push((
                due.max(f),
                DayCounts {
                    due_finished: 1,
                    ..one
                },
            ));
        }
    }
    out
}

/// What a citizen's rating adds, on the day it was given.
pub fn rating_counts(day: Date, dissatisfied: bool) -> (Date, DayCounts) {
    (
        day,
        DayCounts {
            rated: 1,
            dissatisfied: i64::from(dissatisfied),
            ..DayCounts::default()
        },
    )
}

/// Biểu 06's row of `field` from the sums of the days before the period
/// (`before`) and of the period's days (`within`): the same figures
/// [`tally`] counts from the dossiers themselves.
pub fn row_from_sums(field: String, before: &DayCounts, within: &DayCounts) -> Row {
    let mut upto = *before;
    upto.add(within);
    let pending = upto.received() - upto.finished;
    let overdue = upto.due - upto.due_finished;
    Row {
        field,
        online: within.received_online,
        counter_or_post: within.received_other,
        carried_over: before.received() - before.finished,
        early: within.early,
        on_time: within.on_time,
        late: within.late,
        pending_in_time: pending - overdue,
        pending_overdue: overdue,
    }
}

/// The total row of `rows`.
pub fn total(rows: &[Row]) -> Row {
    let mut total = Row {
        field: "Tổng cộng".into(),
        ..Row::default()
    };
    for r in rows {
        total.add(r);
    }
    total
}

/// Tallies `dossiers` for the period `from`–`to` (both days included),
/// one row per field in the order first met, and the total last.
pub fn tally(dossiers: &[DossierTimes], from: Date, to: Date) -> (Vec<Row>, Row) {
    let start = from.at(0, 0, 0, 0);
    let end = to.at(23, 59, 59, 0);
    let mut rows: Vec<Row> = Vec::new();
    for d in dossiers {
        let Some(received) = d.received else { continue };
        if received > end {
            continue;
        }
        let finished = d.finished.filter(|f| *f <= end);
        if finished.is_some_and(|f| f < start) {
            continue;
        }
        let i = match rows.iter().position(|r| r.field == d.field) {
            Some(i) => i,
            None => {
                rows.push(Row {
                    field: d.field.clone(),
                    ..Row::default()
                });
                rows.len() - 1
            }
        };
        let r = &mut rows[i];
        if received < start {
            r.carried_over += 1;
        } else if d.channel == Channel::Online {
            r.online += 1;
        } else {
            r.counter_or_post += 1;
        }
        match (finished, d.due) {
            (Some(f), Some(due)) if d.resolved => match timeliness(due, f) {
                Timeliness::Early => r.early += 1,
                Timeliness::OnTime => r.on_time += 1,
                Timeliness::Late => r.late += 1,
            },
            // Stopped or withdrawn: neither resolved nor pending.
            (Some(_), _) => {}
            (None, Some(due)) if due < end => r.pending_overdue += 1,
            (None, _) => r.pending_in_time += 1,
        }
    }
    let total = total(&rows);
    (rows, total)
}

#[cfg(test)]
mod index_tests {
    use super::*;

    #[test]
    fn the_766_measures_follow_their_formulas() {
        let total = Row {
            online: 30,
            counter_or_post: 70,
            carried_over: 5,
            early: 40,
            on_time: 45,
            late: 5,
            pending_in_time: 8,
            pending_overdue: 2,
            ..Row::default()
        };
        // 20 ratings, 1 dissatisfied: 5%; overdue 7 of 100: 7%.
        let i = index_766(&total, 20, 1);
        let q = |x: Option<Quantity>| x.map(|q| q.to_string());
        assert_eq!(q(i.progress).as_deref(), Some("93,00"));
        assert_eq!(q(i.online).as_deref(), Some("30,00"));
        assert_eq!(q(i.overdue_rate).as_deref(), Some("7,00"));
        assert_eq!(q(i.dissatisfied_rate).as_deref(), Some("5,00"));
        assert_eq!(q(i.satisfaction).as_deref(), Some("88,00"));
        // Nothing to count: not applicable, not zero.
        let none = index_766(&Row::default(), 0, 0);
        assert_eq!(
            (none.progress, none.online, none.satisfaction),
            (None, None, None)
        );
        // 2 of 3: 66,67 (half-up).
        assert_eq!(q(percent(2, 3)).as_deref(), Some("66,67"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn d(
        field: &str,
        channel: Channel,
        received: (i8, i8),
        due: (i8, i8),
        finished: Option<(i8, i8)>,
    ) -> DossierTimes {
        let at = |(m, day): (i8, i8)| date(2026, m, day).at(9, 0, 0, 0);
        DossierTimes {
            field: field.into(),
            channel,
            received: Some(at(received)),
            due: Some(at(due)),
            finished: finished.map(at),
            resolved: true,
        }
    }

    #[test]
    fn the_columns_of_bieu_06() {
        use Channel::*;
        let all = [
            d("Hộ tịch", Online, (3, 2), (3, 5), Some((3, 4))), // early
            d("Hộ tịch", Counter, (3, 2), (3, 5), Some((3, 5))), // on time
            d("Hộ tịch", Post, (3, 10), (3, 13), Some((3, 16))), // late
            d("Hộ tịch", Counter, (2, 25), (3, 2), Some((3, 2))), // carried over, on time
            d("Chứng thực", Counter, (3, 30), (4, 2), None),    // pending, in time
            d("Chứng thực", Counter, (3, 20), (3, 25), None),   // pending, overdue
            d("Chứng thực", Counter, (2, 1), (2, 5), Some((2, 4))), // before the period
            d("Chứng thực", Counter, (4, 2), (4, 5), None),     // after the period
        ];
        let (rows, total) = tally(&all, date(2026, 3, 1), date(2026, 3, 31));
        // Every cell of the table, known by construction.
        let row = |field: &str, cells: [i64; 8]| Row {
            field: field.into(),
            online: cells[0],
            counter_or_post: cells[1],
            carried_over: cells[2],
            early: cells[3],
            on_time: cells[4],
            late: cells[5],
            pending_in_time: cells[6],
            pending_overdue: cells[7],
        };
        assert_eq!(
            rows,
            [
                row("Hộ tịch", [1, 2, 1, 1, 2, 1, 0, 0]),
                row("Chứng thực", [0, 2, 0, 0, 0, 0, 1, 1]),
            ]
        );
        assert_eq!(total, row("Tổng cộng", [1, 4, 1, 1, 2, 1, 1, 1]));
        assert_eq!(
            (total.received(), total.resolved(), total.pending()),
            (6, 4, 2)
        );
        assert_eq!(total.on_time_rate().unwrap().to_string(), "75,00");
    }

    #[test]
    fn rates_round_half_up_and_need_a_resolved_dossier() {
        let r = Row {
            early: 2,
            late: 1,
            ..Row::default()
        };
        assert_eq!(r.on_time_rate().unwrap().to_string(), "66,67");
        assert_eq!(Row::default().on_time_rate(), None);
    }

    /// Random dossiers of early 2026, to the minute, as the lifecycle
    /// makes them: due and finished after the receipt.
    fn dossier() -> impl proptest::strategy::Strategy<Value = DossierTimes> {
        use proptest::prelude::*;
        let minute = || 0i64..(120 * 24 * 60);
        (
            prop_oneof![Just("A"), Just("B")],
            any::<bool>(),
            prop::option::weighted(0.9, minute()),
            prop::option::weighted(0.9, 0i64..(20 * 24 * 60)),
            prop::option::weighted(0.7, 0i64..(30 * 24 * 60)),
            any::<bool>(),
        )
            .prop_map(|(field, online, received, due, finished, resolved)| {
                let at = |m: i64| {
                    date(2026, 1, 1)
                        .at(0, 0, 0, 0)
                        .checked_add(jiff::SignedDuration::from_mins(m))
                        .unwrap()
                };
                DossierTimes {
                    field: field.into(),
                    channel: if online {
                        Channel::Online
                    } else {
                        Channel::Counter
                    },
                    received: received.map(at),
                    due: received.zip(due).map(|(r, d)| at(r + d)),
                    finished: received.zip(finished).map(|(r, f)| at(r + f)),
                    resolved,
                }
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any period's Biểu 06 summed from the day counts is the tally of
        /// the dossiers themselves.
        #[test]
        fn day_counts_sum_to_the_tally(
            dossiers in proptest::collection::vec(dossier(), 0..40),
            start in 0i64..130,
            length in 0i64..60,
        ) {
            let from = date(2026, 1, 1).checked_add(jiff::Span::new().days(start)).unwrap();
            let to = from.checked_add(jiff::Span::new().days(length)).unwrap();
            let (rows, total_row) = tally(&dossiers, from, to);
            for field in ["A", "B"] {
                let (mut before, mut within) = (DayCounts::default(), DayCounts::default());
                for d in dossiers.iter().filter(|d| d.field == field) {
                    for (day, c) in day_counts(d) {
                        if day < from {
                            before.add(&c);
                        } else if day <= to {
                            within.add(&c);
                        }
                    }
                }
                let summed = row_from_sums(field.into(), &before, &within);
                let counted = rows.iter().find(|r| r.field == field).cloned().unwrap_or(Row {
                    field: field.into(),
                    ..Row::default()
                });
                proptest::prop_assert_eq!(summed, counted);
            }
            let mut all: Vec<Row> = rows.clone();
            all.sort_by(|a, b| a.field.cmp(&b.field));
            proptest::prop_assert_eq!(total(&all), total_row);
        }
    }
}
