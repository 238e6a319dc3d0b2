//! The yearly review (rà soát, QĐ 24/2021/QĐ-TTg): its steps, and how a
//! household's class moved since last year.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Class;
use crate::Invalid;

named_enum! {
    /// How a household's class changed from last year's review, as the
    /// yearly report counts it.
    ///
    /// A poor household that becomes near-poor has its own value,
    /// `PoorToNearPoor`: Vietnamese reporting counts it among those that
    /// escaped poverty ("thoát nghèo" includes moving to near-poor) and, in
    /// the near-poor list, among the new near-poor households, so both
    /// balances add up (poor now = poor before − [`Transition::exits_poverty`]
    /// + [`Transition::enters_poverty`]). A near-poor household that becomes
    /// poor is labelled by its poverty event (`FellBack` or `NewlyPoor`),
    /// which is what the poverty list reports; a near-poor balance counts it
    /// from last year's class.
    Transition {
        ExitedPoverty => ("thoat-ngheo", "Thoát nghèo"),
        PoorToNearPoor => ("thoat-ngheo-sang-can-ngheo", "Thoát nghèo, chuyển sang hộ cận nghèo"),
        FellBack => ("tai-ngheo", "Tái nghèo"),
        NewlyPoor => ("phat-sinh", "Phát sinh mới"),
        StillPoor => ("van-ngheo", "Vẫn nghèo"),
        ExitedNearPoor => ("thoat-can-ngheo", "Thoát cận nghèo"),
        NewlyNearPoor => ("phat-sinh-can-ngheo", "Cận nghèo phát sinh mới"),
        StillNearPoor => ("van-can-ngheo", "Vẫn cận nghèo"),
    }
}

impl Transition {
    /// Counted in "số hộ thoát nghèo" (to near-poor included).
    pub fn exits_poverty(self) -> bool {
        matches!(self, Transition::ExitedPoverty | Transition::PoorToNearPoor)
    }

    /// Counted among the year's new poor households (tái nghèo, phát sinh).
    pub fn enters_poverty(self) -> bool {
        matches!(self, Transition::FellBack | Transition::NewlyPoor)
    }

    /// Counted among the year's new near-poor households.
    pub fn enters_near_poverty(self) -> bool {
        matches!(self, Transition::NewlyNearPoor | Transition::PoorToNearPoor)
    }
}

/// How a household moved between last year's class (`None`: it was not in
/// last year's review — a new or split household, one that moved in) and
/// this year's. `ever_poor_before`: the records show it poor in some year
/// before this one. A household neither poor nor near-poor in both years
/// has no transition.
///
/// - poor now: `StillPoor` if poor last year, else `FellBack` if poor in an
///   earlier year, else `NewlyPoor` (near-poor last year included);
/// - near-poor now: `PoorToNearPoor` if poor last year, `StillNearPoor` if
///   near-poor, else `NewlyNearPoor` (a return to near-poor included);
/// - neither now: `ExitedPoverty` if poor last year, `ExitedNearPoor` if
///   near-poor.
pub fn transition(
    previous: Option<Class>,
    current: Class,
    ever_poor_before: bool,
) -> Option<Transition> {
    let was_poor = previous == Some(Class::Poor);
    let was_near = previous == Some(Class::NearPoor);
    Some(match current {
        Class::Poor if was_poor => Transition::StillPoor,
        Class::Poor if ever_poor_before => Transition::FellBack,
        Class::Poor => Transition::NewlyPoor,
        Class::NearPoor if was_poor => Transition::PoorToNearPoor,
        Class::NearPoor if was_near => Transition::StillNearPoor,
        Class::NearPoor => Transition::NewlyNearPoor,
        _ if was_poor => Transition::ExitedPoverty,
        _ if was_near => Transition::ExitedNearPoor,
        _ => return None,
    })
}

named_enum! {
    /// The steps of the yearly review (QĐ 24/2021/QĐ-TTg), in order.
    ReviewStep {
        Listing => ("lap-danh-sach", "Lập danh sách"),
        Survey => ("dieu-tra", "Rà soát, chấm điểm"),
        Meeting => ("hop-dan", "Họp dân"),
        Posting => ("niem-yet", "Niêm yết công khai"),
        Decision => ("quyet-dinh", "Chủ tịch UBND quyết định công nhận"),
    }
}

impl ReviewStep {
    /// The step's place in the procedure, from 0.
    pub fn order(self) -> usize {
        ReviewStep::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(usize::MAX)
    }
}

/// Checks the recorded steps of a review, as listed (field `steps`): each
/// step at most once, in the procedure's order (a step may be left out,
/// as the procedure is often recorded as it goes), dates never going back,
/// and no decision without a public posting before it.
pub fn check_steps(steps: &[(ReviewStep, Date)]) -> Result<(), Invalid> {
    let mut e = Invalid::default();
    let mut seen: Vec<ReviewStep> = Vec::new();
    let mut last: Option<(ReviewStep, Date)> = None;
    for &(step, date) in steps {
        if seen.contains(&step) {
            e.push("steps", format!("Bước «{}» được ghi hai lần", step.label()));
            continue;
        }
        seen.push(step);
        if let Some((prev, prev_date)) = last {
            if step.order() < prev.order() {
                e.push(
                    "steps",
                    format!(
                        "Bước «{}» phải làm trước bước «{}»",
                        step.label(),
                        prev.label()
                    ),
                );
            }
            if date < prev_date {
                e.push(
                    "steps",
                    format!(
                        "Ngày {} của bước «{}» trước ngày {} của bước «{}»",
                        crate::text::vn_date(date),
                        step.label(),
                        crate::text::vn_date(prev_date),
                        prev.label()
                    ),
                );
            }
        }
        last = Some((step, date));
    }
    if seen.contains(&ReviewStep::Decision) && !seen.contains(&ReviewStep::Posting) {
        e.push(
            "steps",
            "Chưa niêm yết công khai danh sách thì chưa thể quyết định công nhận",
        );
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_year_over_year() {
        use Class::*;
        use Transition::*;
        let cases: &[(Option<Class>, Class, bool, Option<Transition>)] = &[
            (Some(Poor), Poor, true, Some(StillPoor)),
            (Some(Poor), Poor, false, Some(StillPoor)),
            (Some(Poor), NearPoor, true, Some(PoorToNearPoor)),
            (Some(Poor), AverageLiving, true, Some(ExitedPoverty)),
            (Some(Poor), NotPoor, true, Some(ExitedPoverty)),
            (Some(NotPoor), Poor, true, Some(FellBack)),
            (Some(AverageLiving), Poor, true, Some(FellBack)),
            (Some(NearPoor), Poor, true, Some(FellBack)),
            (None, Poor, true, Some(FellBack)),
            (Some(NotPoor), Poor, false, Some(NewlyPoor)),
            (Some(NearPoor), Poor, false, Some(NewlyPoor)),
            (None, Poor, false, Some(NewlyPoor)),
            (Some(NearPoor), NearPoor, false, Some(StillNearPoor)),
            (Some(NearPoor), AverageLiving, false, Some(ExitedNearPoor)),
            (Some(NearPoor), NotPoor, true, Some(ExitedNearPoor)),
            (Some(NotPoor), NearPoor, false, Some(NewlyNearPoor)),
            (Some(AverageLiving), NearPoor, true, Some(NewlyNearPoor)),
            (None, NearPoor, false, Some(NewlyNearPoor)),
            (Some(NotPoor), NotPoor, true, None),
            (Some(AverageLiving), NotPoor, false, None),
            (None, AverageLiving, false, None),
            (None, NotPoor, true, None),
        ];
        for &(prev, cur, ever, expected) in cases {
            assert_eq!(
                transition(prev, cur, ever),
                expected,
                "{prev:?} → {cur:?}, ever poor {ever}"
            );
        }
        assert!(PoorToNearPoor.exits_poverty() && ExitedPoverty.exits_poverty());
        assert!(!StillPoor.exits_poverty() && !ExitedNearPoor.exits_poverty());
        assert!(FellBack.enters_poverty() && NewlyPoor.enters_poverty());
        assert!(PoorToNearPoor.enters_near_poverty() && NewlyNearPoor.enters_near_poverty());
        assert_eq!(Transition::parse("tai-ngheo"), Some(FellBack));
        assert_eq!(FellBack.label(), "Tái nghèo");
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn review_steps_in_order() {
        use ReviewStep::*;
        let full = [
            (Listing, d("2025-09-01")),
            (Survey, d("2025-09-15")),
            (Meeting, d("2025-10-10")),
            (Posting, d("2025-10-12")),
            (Decision, d("2025-10-20")),
        ];
        assert!(check_steps(&full).is_ok());
        assert!(check_steps(&[]).is_ok());
        // Steps left out, same-day steps.
        assert!(check_steps(&[(Listing, d("2025-09-01")), (Survey, d("2025-09-01"))]).is_ok());
        assert!(check_steps(&[(Posting, d("2025-10-01")), (Decision, d("2025-10-01"))]).is_ok());

        let twice = check_steps(&[(Listing, d("2025-09-01")), (Listing, d("2025-09-02"))]);
        assert_eq!(
            twice.unwrap_err().message_for("steps"),
            Some("Bước «Lập danh sách» được ghi hai lần")
        );
        let backwards = check_steps(&[(Meeting, d("2025-10-01")), (Survey, d("2025-10-02"))]);
        assert_eq!(
            backwards.unwrap_err().message_for("steps"),
            Some("Bước «Rà soát, chấm điểm» phải làm trước bước «Họp dân»")
        );
        let earlier = check_steps(&[(Survey, d("2025-10-02")), (Meeting, d("2025-10-01"))]);
        assert_eq!(
            earlier.unwrap_err().message_for("steps"),
            Some(
                "Ngày 01/10/2025 của bước «Họp dân» trước ngày 02/10/2025 của bước «Rà soát, chấm điểm»"
            )
        );
        let unposted = check_steps(&[(Meeting, d("2025-10-01")), (Decision, d("2025-10-20"))]);
        assert_eq!(
            unposted.unwrap_err().message_for("steps"),
            Some("Chưa niêm yết công khai danh sách thì chưa thể quyết định công nhận")
        );
        // A posting after the decision is out of order as well.
        let late = check_steps(&[(Decision, d("2025-10-20")), (Posting, d("2025-10-21"))]);
        assert_eq!(late.unwrap_err().0.len(), 1);
        let orders: Vec<usize> = ReviewStep::ALL.iter().map(|s| s.order()).collect();
        assert_eq!(orders, [0, 1, 2, 3, 4]);
    }
}
