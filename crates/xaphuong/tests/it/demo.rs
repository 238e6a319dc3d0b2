//! The demo deployment holds the records the seed article's figures come from.

use xaphuong::demo::{Outcome, WARD_CODE, seed};
use xaphuong_core::access::Scope;
use xaphuong_core::violations::{Kind, State};
use xaphuong_store::violations::ViolationFilter;

use crate::app_test;

app_test!(demo_counts_are_those_of_the_report, |app| {
    let store = &app.store;
    assert_eq!(seed(store).await.unwrap(), Outcome::Created);
    let ward = store.unit_by_code(&Scope::All, WARD_CODE).await.unwrap();
    let scope = ward.scope();
    // R2, R3: 53 households in 2021, 49 removed their constructions, 4 committed to.
    let mut counts = store.violation_counts(&scope, 2021).await.unwrap();
    counts.sort_by_key(|(s, _)| s.as_str());
    assert_eq!(counts, [(State::Committed, 4), (State::SelfRemedied, 49)]);
    let all_2021 = store
        .violations(
            &scope,
            &ViolationFilter {
                year: Some(2021),
                per_page: Some(500),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all_2021.total, 53);
    // R7: escape routes of tổ 5, cleared by the households.
    let to5 = store
        .units(
            &scope,
            &xaphuong_store::units::UnitFilter {
                q: Some("Tổ 5".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items[0]
        .clone();
    let escape = ViolationFilter {
        kind: Some(Kind::EscapeRoute),
        group_id: Some(to5.id),
        year: Some(2021),
        ..Default::default()
    };
    let escape = store.violations(&scope, &escape).await.unwrap();
    assert_eq!(escape.total, 7);
    assert!(escape.items.iter().all(|v| v.state == State::SelfRemedied));
    // Every case's state follows from its recorded steps.
    for v in &all_2021.items {
        let steps: Vec<_> = store
            .violation_events(&scope, v.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect();
        assert_eq!(
            xaphuong_core::violations::replay(&steps).unwrap().0,
            v.state
        );
    }
    // R4: one household handed its land over for the junction.
    let (n, _) = store.handover_totals(&scope, 2021).await.unwrap();
    assert_eq!(n, 1);
    // R6: recruitment 8/8.
    let military = &store.recruitment_summary(&scope, 2021).await.unwrap()[0].1;
    assert_eq!((military.quota, military.enlisted), (8, 8));
    assert_eq!(
        (
            military.called,
            military.postponed,
            military.failed,
            military.exempted
        ),
        (13, 2, 2, 1)
    );
    // R1: 8.061.000.000 đ collected against an estimate of 7.420.000.000 đ: 108,6%.
    let budget = store
        .budget_summary(&scope, 2021, jiff::civil::Date::constant(2021, 12, 31))
        .await
        .unwrap();
    assert_eq!(
        (budget.total.estimate_nsnn, budget.total.collected_nsnn),
        (7_420_000_000, 8_061_000_000)
    );
    assert_eq!(
        xaphuong_core::numbers::percent(budget.total.collected_nsnn, budget.total.estimate_nsnn, 1)
            .as_deref(),
        Some("108,6")
    );
    // R5: 70 sidewalk cases found in inspections with the city's team.
    let outcomes = store.inspection_outcomes(&scope, 2021).await.unwrap();
    assert_eq!(outcomes.iter().map(|(_, n)| n).sum::<i64>(), 70);
    // Seeding again changes nothing.
    assert_eq!(seed(store).await.unwrap(), Outcome::AlreadyThere);
    assert_eq!(
        store
            .violations(&scope, &ViolationFilter::default())
            .await
            .unwrap()
            .total,
        53
    );
});
