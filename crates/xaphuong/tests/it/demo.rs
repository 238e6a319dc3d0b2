//! The demo deployment holds the records the seed article's figures come from.

use jiff::civil::Date;
use xaphuong::demo::{Outcome, WARD_CODE, seed};
use xaphuong_core::access::Scope;
use xaphuong_core::violations::{Kind, State};
use xaphuong_store::violations::ViolationFilter;

use crate::app_test;

app_test!(demo_counts_are_those_of_the_report, |app| {
    let store = &app.store;
    assert_eq!(seed(store).await.unwrap(), Outcome::Created);
    // The seed's ward, as the code named it in 2021.
    let ward = store
        .unit_by_code(&Scope::All, WARD_CODE, Some(Date::constant(2021, 12, 31)))
        .await
        .unwrap();
    assert_eq!(
        (ward.name.as_str(), ward.valid_to.as_deref()),
        ("Phường Phùng Chí Kiên", Some("2025-07-01"))
    );
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

app_test!(the_demo_is_the_ward_since_the_reform, |app| {
    let store = &app.store;
    seed(store).await.unwrap();
    // 01843 today is Phường Bắc Kạn of Tỉnh Thái Nguyên, formed on 1 July
    // 2025 from four wards.
    let ward = store
        .unit_by_code(&Scope::All, WARD_CODE, None)
        .await
        .unwrap();
    assert_eq!(
        (ward.name.as_str(), ward.valid_from.as_deref()),
        ("Phường Bắc Kạn", Some("2025-07-01"))
    );
    let province = store
        .unit(&Scope::All, ward.parent_id.unwrap())
        .await
        .unwrap();
    assert_eq!((province.code.as_str(), province.valid_to), ("19", None));
    let former = store.predecessors(&ward).await.unwrap();
    let codes: Vec<&str> = former.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["01837", "01843", "01852", "01855"]);
    // Its 2025 revenue sums the four wards' first half and its own second.
    let year_end = Date::constant(2025, 12, 31);
    let total = store
        .budget_summary(&ward.scope(), 2025, year_end)
        .await
        .unwrap()
        .total;
    let mut parts = (0, 0);
    for f in &former {
        let t = store
            .budget_summary(&f.scope(), 2025, year_end)
            .await
            .unwrap()
            .total;
        parts = (parts.0 + t.estimate_nsnn, parts.1 + t.collected_nsnn);
    }
    assert_eq!(parts, (6_840_000_000, 3_420_000_000));
    assert_eq!(
        (total.estimate_nsnn, total.collected_nsnn),
        (parts.0, parts.1 + 3_450_000_000)
    );
    // The 2026 report compares with that 2025.
    let report = store
        .resolution_report(&Scope::All, ward.id, 2026, Date::constant(2026, 11, 30))
        .await
        .unwrap();
    let revenue = report
        .results
        .iter()
        .find(|l| l.code == "thu-nsnn")
        .unwrap();
    let previous = revenue.line.previous.unwrap();
    assert_eq!(previous.value.value(), total.collected_nsnn);
    assert!(revenue.line.target.is_some());
    // The old province and its city ended with the reform; the neighbour
    // Phường Đức Xuân took over its two neighbours.
    let old = store
        .unit_by_code(&Scope::All, "06", Some(Date::constant(2025, 6, 30)))
        .await
        .unwrap();
    assert_eq!(old.valid_to.as_deref(), Some("2025-07-01"));
    assert!(store.unit_by_code(&Scope::All, "06", None).await.is_err());
    let duc_xuan = store
        .unit_by_code(&Scope::All, "01840", None)
        .await
        .unwrap();
    assert_eq!(store.predecessors(&duc_xuan).await.unwrap().len(), 2);
    assert_eq!(duc_xuan.parent_id, Some(province.id));
    // The demo accounts work in the new ward.
    let (leader, _) = store.user_for_login("lanhdao").await.unwrap().unwrap();
    assert_eq!(leader.unit_id, Some(ward.id));
});
