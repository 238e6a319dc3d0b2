//! The urban-order violation cases of 2021.

use jiff::ToSpan;
use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::violations::{CaseInput, Event, Kind as CaseKind, Step};
use xaphuong_store::Store;
use xaphuong_store::units::{Unit, UnitFilter};

use super::DemoError;
use super::names::{STREETS, household};

/// The 2021 urban-order cases behind the ward's report: 53 households, 49
/// of whom removed their constructions themselves and 4 committed to, some
/// of them on the escape routes of tổ 5.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let existing = store.violation_counts(&scope, 2021).await?;
    if existing.iter().map(|(_, n)| n).sum::<i64>() > 0 {
        return Ok(false);
    }
    let groups = store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(ward.id),
                per_page: Some(50),
                ..Default::default()
            },
        )
        .await?
        .items;
    let group = |code: &str| {
        groups
            .iter()
            .find(|g| g.code == code)
            .map_or(ward.id, |g| g.id)
    };
    let actor = Actor::system("dữ liệu mẫu");
    let today = Date::constant(2021, 12, 31);
    for i in 0..53usize {
        // Cases 0–6: escape routes of tổ 5, cleared after persuasion.
        let escape = i < 7;
        let kind = if escape {
            CaseKind::EscapeRoute
        } else if i % 2 == 0 {
            CaseKind::IllegalConstruction
        } else {
            CaseKind::InfrastructureEncroachment
        };
        let group_no = if escape { 5 } else { 1 + (i * 3) % 10 };
        let detected = Date::constant(2021, 2, 1) + ((i as i64 * 4) % 240).days();
        let input = CaseInput {
            kind: kind.as_str().into(),
            offender: household(i),
            address: format!(
                "Số {}, {}, tổ {group_no}",
                3 + (i * 7) % 180,
                STREETS[i % STREETS.len()]
            ),
            description: match kind {
                CaseKind::EscapeRoute => {
                    "Dựng mái che, kê đồ đạc lấn lối thoát hiểm của khu dân cư".into()
                }
                CaseKind::IllegalConstruction => {
                    "Xây dựng công trình phụ không có giấy phép".into()
                }
                _ => "Làm mái che, bậc lên xuống lấn không gian hạ tầng kỹ thuật đô thị".into(),
            },
            detected_on: detected.to_string(),
        };
        let v = store
            .create_violation(&actor, &scope, group(&group_no.to_string()), &input, today)
            .await?;
        let step = |step: Step, on: Date, deadline: Option<Date>, document: String| Event {
            step,
            on,
            deadline,
            document,
            note: String::new(),
        };
        let mut steps = Vec::new();
        if escape {
            steps.push(step(
                Step::Reminder,
                detected + 2.days(),
                None,
                String::new(),
            ));
            steps.push(step(
                Step::SelfRemedied,
                detected + 12.days(),
                None,
                String::new(),
            ));
        } else {
            let number = 10 + i;
            steps.push(step(
                Step::Record,
                detected + 1.day(),
                None,
                format!("Biên bản số {number}/BB-TTĐT"),
            ));
            let committed = i >= 49;
            let deadline = if committed {
                Date::constant(2022, 3, 31)
            } else {
                detected + 45.days()
            };
            let promised = detected + 5.days();
            steps.push(step(
                Step::Commitment,
                promised,
                Some(deadline),
                format!("Bản cam kết ngày {}", promised.strftime("%d/%m/%Y")),
            ));
            if !committed {
                steps.push(step(
                    Step::SelfRemedied,
                    detected + (20 + (i as i64 % 20)).days(),
                    None,
                    String::new(),
                ));
            }
        }
        for e in &steps {
            store
                .add_violation_event(&actor, &scope, v.id, e, today, None)
                .await?;
        }
    }
    Ok(true)
}
