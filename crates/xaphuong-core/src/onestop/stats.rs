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
        let n = i128::from(self.early + self.on_time);
        let d = i128::from(self.resolved());
        if d == 0 {
            return None;
        }
        let hundredths = (n * 20_000 + d) / (2 * d);
        Quantity::new(i64::try_from(hundredths).ok()?, 2)
    }
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
    let mut total = Row {
        field: "Tổng cộng".into(),
        ..Row::default()
    };
    for r in &rows {
        total.add(r);
    }
    (rows, total)
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
}
