use jiff::civil::Date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::handovers::HandoverInput;
use xaphuong_store::handovers::HandoverFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn input(household: &str, on: &str, area: &str) -> HandoverInput {
    HandoverInput {
        project: "Nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên".into(),
        household: household.into(),
        address: "Tổ 7".into(),
        handed_over_on: on.into(),
        area: area.into(),
        document: "Biên bản bàn giao số 05/BB-GPMB".into(),
        note: String::new(),
    }
}

store_test!(handovers_are_kept_searched_totalled_and_scoped, |store| {
    let t = tree(&store).await;
    let a = system();
    let today = Date::constant(2026, 11, 30);
    let h = store
        .create_handover(
            &a,
            &t.ward_a.scope(),
            t.group_a.id,
            &input("Hộ ông Hà Văn Thịnh", "2021-09-15", "45,5"),
            today,
        )
        .await
        .unwrap();
    store
        .create_handover(
            &a,
            &t.ward_a.scope(),
            t.ward_a.id,
            &input("Hộ bà Lường Thị Mai", "2022-03-01", "20"),
            today,
        )
        .await
        .unwrap();
    store
        .create_handover(
            &a,
            &t.ward_b.scope(),
            t.ward_b.id,
            &input("Hộ ông Vi Văn Tư", "2021-05-01", "30"),
            today,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .handover_totals(&t.ward_a.scope(), 2021)
            .await
            .unwrap(),
        (1, 4_550)
    );
    let find = |q: &str| HandoverFilter {
        q: Some(q.into()),
        ..Default::default()
    };
    let found = store
        .handovers(&t.ward_a.scope(), &find("ha van thinh"))
        .await
        .unwrap();
    assert_eq!(found.items.iter().map(|x| x.id).collect::<Vec<_>>(), [h.id]);
    let total =
        async |scope: &Scope, f: HandoverFilter| store.handovers(scope, &f).await.unwrap().total;
    assert_eq!(total(&t.ward_a.scope(), find("duong mac hieu")).await, 2);
    assert_eq!(total(&Scope::All, HandoverFilter::default()).await, 3);
    assert!(matches!(
        store.handover(&t.ward_b.scope(), h.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        store
            .update_handover(
                &a,
                &t.ward_b.scope(),
                h.id,
                t.ward_b.id,
                &input("X", "2021-01-01", "1"),
                today
            )
            .await
            .is_err_and(out_of_scope)
    );
    let bad = store
        .create_handover(
            &a,
            &t.ward_a.scope(),
            t.ward_a.id,
            &input("", "2030-01-01", "-1"),
            today,
        )
        .await
        .unwrap_err();
    assert!(matches!(bad, StoreError::Invalid(ref e) if e.0.len() == 3));
    let fixed = store
        .update_handover(
            &a,
            &t.ward_a.scope(),
            h.id,
            t.group_a.id,
            &input("Hộ ông Hà Văn Thịnh", "2021-09-15", "46"),
            today,
        )
        .await
        .unwrap();
    assert_eq!(fixed.area, 4_600);
    store
        .delete_handover(&a, &t.ward_a.scope(), h.id)
        .await
        .unwrap();
    assert_eq!(
        audit_actions(&store, Entity::Handover, h.id).await,
        ["delete", "update", "insert"]
    );
    let f = audit_of(Entity::Handover, Some(h.id));
    assert_eq!(audit_count(&store, &t.ward_b.scope(), &f).await, 0);
});
