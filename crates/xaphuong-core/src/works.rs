//! Public works of the commune (công trình, tuyến đường dân sinh): what was
//! built and where, who paid for it — the State's budgets by level and the
//! people's money, labour days and land ("Nhà nước và nhân dân cùng làm") —
//! and when it was started, due, finished and accepted (nghiệm thu). The
//! state follows from the dates, so that it never disagrees with them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, required_text};
use crate::{Invalid, numbers};

named_enum! {
    /// What kind of work it is; concreted residential roads count towards
    /// the resolution's target "bê tông hóa tuyến đường dân sinh".
    WorkKind {
        RoadConcrete => ("road_concrete", "Bê tông hóa đường dân sinh"),
        Road => ("road", "Đường giao thông khác"),
        Drainage => ("drainage", "Rãnh, cống thoát nước"),
        Lighting => ("lighting", "Điện chiếu sáng công cộng"),
        CulturalHouse => ("cultural_house", "Nhà văn hóa, sân thể thao"),
        Other => ("other", "Công trình khác"),
    }
}

named_enum! {
    /// Where a work stands, read from its dates.
    WorkState {
        Planned => ("planned", "Chuẩn bị đầu tư"),
        Building => ("building", "Đang thi công"),
        Completed => ("completed", "Hoàn thành, chờ nghiệm thu"),
        Accepted => ("accepted", "Đã nghiệm thu, đưa vào sử dụng"),
    }
}

/// A work as typed on its form or sent to the API: figures as an officer
/// writes them ("250", "3,5", "120.000.000").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkInput {
    pub name: String,
    /// road_concrete | road | drainage | lighting | cultural_house | other
    pub kind: String,
    /// Length in metres ("250,5"); for a road or a drain.
    pub length: String,
    /// Width in metres ("3,5").
    pub width: String,
    /// From the province's budget, in đồng.
    pub budget_province: String,
    /// From the commune's budget, in đồng.
    pub budget_commune: String,
    /// The people's contribution in money, in đồng.
    pub people_money: String,
    /// The people's contribution in labour, in days of work.
    pub people_labour_days: String,
    /// Land the people gave, in m².
    pub people_land: String,
    /// YYYY-MM-DD; each date may be left empty until it comes.
    pub started_on: String,
    /// The day it is due to be finished.
    pub due_on: String,
    pub completed_on: String,
    pub accepted_on: String,
    /// The documents: decision, contract, minutes of acceptance.
    pub documents: String,
    pub note: String,
}

/// A checked work. Lengths and areas in hundredths (of a metre, of a m²),
/// money in đồng.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidWork {
    pub name: String,
    pub kind: WorkKind,
    pub length: Option<i64>,
    pub width: Option<i64>,
    pub budget_province: i64,
    pub budget_commune: i64,
    pub people_money: i64,
    pub people_labour_days: i64,
    pub people_land: i64,
    pub started_on: Option<Date>,
    pub due_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub documents: String,
    pub note: String,
}

/// The state its dates say: accepted once accepted, completed once
/// finished, building once started.
pub fn state_of(
    started: Option<Date>,
    completed: Option<Date>,
    accepted: Option<Date>,
) -> WorkState {
    match (started, completed, accepted) {
        (_, _, Some(_)) => WorkState::Accepted,
        (_, Some(_), None) => WorkState::Completed,
        (Some(_), None, None) => WorkState::Building,
        (None, None, None) => WorkState::Planned,
    }
}

/// Behind schedule on `today`: due before it and not finished.
pub fn behind(due: Option<Date>, completed: Option<Date>, today: Date) -> bool {
    completed.is_none() && due.is_some_and(|d| d < today)
}

impl ValidWork {
    pub fn state(&self) -> WorkState {
        state_of(self.started_on, self.completed_on, self.accepted_on)
    }

    /// The State's money and the people's, in đồng.
    pub fn total_money(&self) -> i64 {
        self.budget_province
            .saturating_add(self.budget_commune)
            .saturating_add(self.people_money)
    }
}

/// At most a hundred kilometres, a hundred metres wide, a hundred
/// thousand billion đồng: beyond, a figure was mistyped.
const MAX_LENGTH: i64 = 10_000_000;
const MAX_WIDTH: i64 = 10_000;
const MAX_MONEY: i64 = 100_000_000_000_000;
const MAX_DAYS: i64 = 10_000_000;
const MAX_LAND: i64 = 1_000_000_000;

/// Checks a work whole: every problem named by its field. Dates may be
/// empty; a date given cannot be in the future (but the due day), and
/// they keep their order: started ≤ completed ≤ accepted, started ≤ due.
pub fn validate(input: &WorkInput, today: Date) -> Result<ValidWork, Invalid> {
    let mut e = Invalid::default();
    let name = required_text(
        &mut e,
        "name",
        &input.name,
        300,
        "Chưa nhập tên công trình",
        "Tên công trình dài quá 300 ký tự",
    );
    let kind = WorkKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push("kind", "Chọn loại công trình");
    }
    let measure = |e: &mut Invalid, field: &str, written: &str, what: &str, max: i64| {
        if written.trim().is_empty() {
            return None;
        }
        match numbers::parse_hundredths(written) {
            Some(v) if v > 0 && v <= max => Some(v),
            Some(v) if v > max => {
                e.push(field, format!("{what} quá lớn"));
                None
            }
            _ => {
                e.push(
                    field,
                    format!("{what} không hợp lệ (mét, ví dụ 250 hoặc 3,5)"),
                );
                None
            }
        }
    };
    let length = measure(&mut e, "length", &input.length, "Chiều dài", MAX_LENGTH);
    let width = measure(&mut e, "width", &input.width, "Chiều rộng", MAX_WIDTH);
    if kind == Some(WorkKind::RoadConcrete) && length.is_none() && e.message_for("length").is_none()
    {
        e.push("length", "Tuyến đường bê tông hóa cần chiều dài (mét)");
    }
    let whole = |e: &mut Invalid, field: &str, written: &str, what: &str, max: i64| {
        if written.trim().is_empty() {
            return 0;
        }
        match numbers::parse_dong(written) {
            Some(v) if v <= max => v,
            Some(_) => {
                e.push(field, format!("{what} quá lớn"));
                0
            }
            None => {
                e.push(
                    field,
                    format!("{what} không hợp lệ (số nguyên, ví dụ 120.000.000)"),
                );
                0
            }
        }
    };
    let budget_province = whole(
        &mut e,
        "budget_province",
        &input.budget_province,
        "Vốn ngân sách tỉnh",
        MAX_MONEY,
    );
    let budget_commune = whole(
        &mut e,
        "budget_commune",
        &input.budget_commune,
        "Vốn ngân sách xã",
        MAX_MONEY,
    );
    let people_money = whole(
        &mut e,
        "people_money",
        &input.people_money,
        "Tiền nhân dân đóng góp",
        MAX_MONEY,
    );
    let people_labour_days = whole(
        &mut e,
        "people_labour_days",
        &input.people_labour_days,
        "Ngày công nhân dân đóng góp",
        MAX_DAYS,
    );
    let people_land = match input.people_land.trim() {
        "" => 0,
        s => match numbers::parse_hundredths(s) {
            Some(v) if (0..=MAX_LAND).contains(&v) => v,
            _ => {
                e.push(
                    "people_land",
                    "Diện tích đất hiến không hợp lệ (m², ví dụ 45,5)",
                );
                0
            }
        },
    };
    let date = |e: &mut Invalid, field: &str, written: &str, what: &str, future: bool| {
        let written = written.trim();
        if written.is_empty() {
            return None;
        }
        match written.parse::<Date>() {
            Ok(d) if !future && d > today => {
                e.push(field, format!("{what} không được ở tương lai"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                e.push(field, format!("{what} không hợp lệ (năm-tháng-ngày)"));
                None
            }
        }
    };
    let started_on = date(
        &mut e,
        "started_on",
        &input.started_on,
        "Ngày khởi công",
        false,
    );
    let due_on = date(
        &mut e,
        "due_on",
        &input.due_on,
        "Ngày phải hoàn thành",
        true,
    );
    let completed_on = date(
        &mut e,
        "completed_on",
        &input.completed_on,
        "Ngày hoàn thành",
        false,
    );
    let accepted_on = date(
        &mut e,
        "accepted_on",
        &input.accepted_on,
        "Ngày nghiệm thu",
        false,
    );
    let order = [
        (
            "completed_on",
            completed_on,
            started_on,
            "Ngày hoàn thành trước ngày khởi công",
        ),
        (
            "accepted_on",
            accepted_on,
            completed_on,
            "Ngày nghiệm thu trước ngày hoàn thành",
        ),
        (
            "due_on",
            due_on,
            started_on,
            "Ngày phải hoàn thành trước ngày khởi công",
        ),
    ];
    for (field, later, earlier, message) in order {
        if let (Some(l), Some(r)) = (later, earlier)
            && l < r
        {
            e.push(field, message);
        }
    }
    if completed_on.is_some() && started_on.is_none() && e.message_for("started_on").is_none() {
        e.push("started_on", "Công trình đã hoàn thành cần ngày khởi công");
    }
    if accepted_on.is_some() && completed_on.is_none() && e.message_for("completed_on").is_none() {
        e.push(
            "completed_on",
            "Công trình đã nghiệm thu cần ngày hoàn thành",
        );
    }
    let documents = limited_text(
        &mut e,
        "documents",
        &input.documents,
        2000,
        "Văn bản dài quá 2.000 ký tự",
    );
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        2000,
        "Ghi chú dài quá 2.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidWork {
        name,
        kind: kind.unwrap_or(WorkKind::Other),
        length,
        width,
        budget_province,
        budget_commune,
        people_money,
        people_labour_days,
        people_land,
        started_on,
        due_on,
        completed_on,
        accepted_on,
        documents,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TODAY;

    fn road() -> WorkInput {
        WorkInput {
            name: "Bê tông hóa đường ngõ 12 tổ 5".into(),
            kind: "road_concrete".into(),
            length: "250".into(),
            width: "3,5".into(),
            budget_commune: "150.000.000".into(),
            people_money: "45.000.000".into(),
            people_labour_days: "320".into(),
            people_land: "120,5".into(),
            started_on: "2022-03-15".into(),
            due_on: "2022-06-30".into(),
            completed_on: "2022-06-20".into(),
            accepted_on: "2022-07-05".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_road_of_2022_is_accepted() {
        let w = validate(&road(), TODAY).unwrap();
        assert_eq!((w.length, w.width), (Some(25_000), Some(350)));
        assert_eq!(w.people_land, 12_050);
        assert_eq!(w.total_money(), 195_000_000);
        assert_eq!(w.state(), WorkState::Accepted);
        assert!(!behind(w.due_on, w.completed_on, TODAY));
    }

    #[test]
    fn the_state_follows_the_dates() {
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        assert_eq!(state_of(None, None, None), WorkState::Planned);
        assert_eq!(state_of(d("2026-01-01"), None, None), WorkState::Building);
        assert_eq!(
            state_of(d("2026-01-01"), d("2026-02-01"), None),
            WorkState::Completed
        );
        // Due yesterday, not finished: behind; finished late: not behind.
        assert!(behind(d("2026-11-29"), None, TODAY));
        assert!(!behind(d("2026-11-29"), d("2026-11-30"), TODAY));
        assert!(!behind(d("2026-12-31"), None, TODAY));
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let bad = WorkInput {
            kind: "bridge".into(),
            length: "-3".into(),
            people_money: "nhiều".into(),
            started_on: "2026-12-01".into(),
            completed_on: "2026-11-01".into(),
            accepted_on: "2026-10-01".into(),
            ..Default::default()
        };
        let e = validate(&bad, TODAY).unwrap_err();
        assert_eq!(
            e.fields(),
            [
                "name",
                "kind",
                "length",
                "people_money",
                "started_on",
                "accepted_on"
            ],
            "{e:?}"
        );
        // A road to concrete needs its length; dates keep their order.
        let mut r = road();
        r.length = String::new();
        r.completed_on = "2022-03-01".into();
        let e = validate(&r, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["length", "completed_on"], "{e:?}");
        // Accepted without having been finished.
        let mut r = road();
        r.completed_on = String::new();
        let e = validate(&r, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["completed_on"]);
        // The due day may be ahead; nothing else.
        let mut r = road();
        r.accepted_on = String::new();
        r.completed_on = String::new();
        r.due_on = "2027-06-30".into();
        assert_eq!(validate(&r, TODAY).unwrap().state(), WorkState::Building);
    }
}
