use jiff::civil::Date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::violations::{CaseInput, Event, Kind, State, Step};
use xaphuong_store::violations::ViolationFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn today() -> Date {
    Date::constant(2021, 12, 31)
}

fn case(offender: &str, kind: Kind, detected: &str) -> CaseInput {
    CaseInput {
        kind: kind.as_str().into(),
        offender: offender.into(),
        address: "Ngõ 12 đường Dương Mạc Hiếu".into(),
        description: "Dựng mái tôn lấn lối thoát hiểm".into(),
        detected_on: detected.into(),
    }
}

fn step(step: Step, on: &str, deadline: Option<&str>) -> Event {
    Event {
        step,
        on: on.parse().unwrap(),
        deadline: deadline.map(|d| d.parse().unwrap()),
        document: "BB 12/BB-UBND".into(),
        note: String::new(),
    }
}

store_test!(cases_follow_their_steps_and_stay_in_their_ward, |store| {
    let t = tree(&store).await;
    let a = system();
    let v = store
        .create_violation(
            &a,
            &t.ward_a.scope(),
            t.group_a.id,
            &case("Hộ ông Hoàng Văn Bảy", Kind::EscapeRoute, "2021-03-01"),
            today(),
        )
        .await
        .unwrap();
    assert_eq!(
        (v.state, v.commune_id, v.group_id),
        (State::Detected, t.ward_a.id, Some(t.group_a.id))
    );
    store
        .add_violation_event(
            &a,
            &t.ward_a.scope(),
            v.id,
            &step(Step::Record, "2021-03-02", None),
            today(),
            None,
        )
        .await
        .unwrap();
    let v2 = store
        .add_violation_event(
            &a,
            &t.ward_a.scope(),
            v.id,
            &step(Step::Commitment, "2021-03-05", Some("2021-04-05")),
            today(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (v2.state, v2.deadline),
        (State::Committed, Some(Date::constant(2021, 4, 5)))
    );
    // Overdue after the deadline.
    let overdue = |on: Date| ViolationFilter {
        overdue_on: Some(on),
        ..Default::default()
    };
    assert_eq!(
        store
            .violations(&Scope::All, &overdue(Date::constant(2021, 4, 6)))
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        store
            .violations(&Scope::All, &overdue(Date::constant(2021, 4, 5)))
            .await
            .unwrap()
            .total,
        0
    );
    // An impossible step is refused and changes nothing.
    let audit_before = audit_trail(&store).await.len();
    let err = store
        .add_violation_event(
            &a,
            &t.ward_a.scope(),
            v.id,
            &step(Step::Record, "2021-03-06", None),
            today(),
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.message_for("step").is_some()),
        "{err:?}"
    );
    let err = store
        .add_violation_event(
            &a,
            &t.ward_a.scope(),
            v.id,
            &step(Step::Reminder, "2021-03-01", None),
            today(),
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.message_for("on").is_some()));
    assert_eq!(
        store
            .violation_events(&Scope::All, v.id)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(audit_trail(&store).await.len(), audit_before);
    let done = store
        .add_violation_event(
            &a,
            &t.ward_a.scope(),
            v.id,
            &step(Step::SelfRemedied, "2021-03-30", None),
            today(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (done.state, done.deadline, done.resolved_on),
        (State::SelfRemedied, None, Some(Date::constant(2021, 3, 30)))
    );
    // Isolation: the other ward and the other group see nothing of it.
    assert!(matches!(
        store.violation(&t.ward_b.scope(), v.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.violation(&t.group_b.scope(), v.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(store.violation(&t.group_a.scope(), v.id).await.is_ok());
    assert!(
        store
            .create_violation(
                &a,
                &t.ward_a.scope(),
                t.group_b.id,
                &case("X", Kind::Other, "2021-01-01"),
                today()
            )
            .await
            .is_err_and(out_of_scope)
    );
    assert!(
        store
            .add_violation_event(
                &a,
                &t.ward_b.scope(),
                v.id,
                &step(Step::Reinspected, "2021-04-01", None),
                today(),
                None
            )
            .await
            .is_err_and(out_of_scope)
    );
    // Every write is in the history: insert, 3 steps (+3 state updates).
    let f = audit_of(Entity::Violation, Some(v.id));
    assert_eq!(audit_count(&store, &Scope::All, &f).await, 4);
    let f = audit_of(Entity::ViolationEvent, None);
    assert_eq!(audit_count(&store, &t.ward_a.scope(), &f).await, 3);
    assert_eq!(audit_count(&store, &t.ward_b.scope(), &f).await, 0);
});

store_test!(lists_search_filter_and_count, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let one = store
        .create_violation(
            &a,
            &scope,
            t.group_a.id,
            &case(
                "Hộ bà Đặng Thị Hòa",
                Kind::IllegalConstruction,
                "2021-05-01",
            ),
            today(),
        )
        .await
        .unwrap();
    store
        .create_violation(
            &a,
            &scope,
            t.ward_a.id,
            &case(
                "Hộ ông Nông Văn Tư",
                Kind::InfrastructureEncroachment,
                "2021-06-01",
            ),
            today(),
        )
        .await
        .unwrap();
    store
        .create_violation(
            &a,
            &scope,
            t.ward_a.id,
            &case("Hộ ông Ma Văn Năm", Kind::Sidewalk, "2020-06-01"),
            today(),
        )
        .await
        .unwrap();
    store
        .create_violation(
            &a,
            &t.ward_b.scope(),
            t.ward_b.id,
            &case("Hộ ông Lý Văn Sáu", Kind::Sidewalk, "2021-06-01"),
            today(),
        )
        .await
        .unwrap();
    let find = |q: &str| ViolationFilter {
        q: Some(q.into()),
        ..Default::default()
    };
    let found = store
        .violations(&scope, &find("dang thi hoa"))
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|v| v.id).collect::<Vec<_>>(),
        [one.id]
    );
    let total =
        async |scope: &Scope, f: ViolationFilter| store.violations(scope, &f).await.unwrap().total;
    assert_eq!(total(&scope, find("duong mac hieu")).await, 3);
    let in_2021 = ViolationFilter {
        year: Some(2021),
        ..Default::default()
    };
    assert_eq!(total(&scope, in_2021).await, 2);
    let sidewalk = ViolationFilter {
        kind: Some(Kind::Sidewalk),
        ..Default::default()
    };
    assert_eq!(total(&scope, sidewalk).await, 1);
    let of_group_a = ViolationFilter {
        group_id: Some(t.group_a.id),
        ..Default::default()
    };
    assert_eq!(total(&scope, of_group_a).await, 1);
    assert_eq!(total(&Scope::All, ViolationFilter::default()).await, 4);
    assert_eq!(
        store.violation_counts(&scope, 2021).await.unwrap(),
        [(State::Detected, 2)]
    );
    // Correcting and deleting.
    let mut input = case(
        "Hộ bà Đặng Thị Hoà",
        Kind::IllegalConstruction,
        "2021-05-02",
    );
    input.address = "Số 5 đường Trường Chinh".into();
    let fixed = store
        .update_violation(&a, &scope, one.id, t.ward_a.id, &input, today())
        .await
        .unwrap();
    assert_eq!(
        (fixed.group_id, fixed.address.as_str()),
        (None, "Số 5 đường Trường Chinh")
    );
    assert_eq!(
        store
            .violations(&scope, &find("truong chinh"))
            .await
            .unwrap()
            .total,
        1
    );
    let bad = CaseInput {
        detected_on: "2022-01-01".into(),
        ..input.clone()
    };
    assert!(matches!(
        store
            .update_violation(&a, &scope, one.id, t.ward_a.id, &bad, today())
            .await,
        Err(StoreError::Invalid(_))
    ));
    store.delete_violation(&a, &scope, one.id).await.unwrap();
    assert!(
        store
            .violation(&scope, one.id)
            .await
            .is_err_and(out_of_scope)
    );
    assert_eq!(
        audit_actions(&store, Entity::Violation, one.id).await,
        ["delete", "update", "insert"]
    );
});
