//! The citizen-reception book: entries kept on the version read with their
//! legal deadline; a denouncer seen by the handler alone — not by another
//! officer's read, list, file or search, nor in the audit trail; kept as is
//! when another officer changes the entry.

use futures_util::StreamExt;
use jiff::civil::Date;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::petitions::ReceptionInput;
use xaphuong_store::receptions::ReceptionFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

const TODAY: Date = Date::constant(2026, 11, 30);

fn denunciation() -> ReceptionInput {
    ReceptionInput {
        received_on: "2026-03-02".into(),
        citizen: "Hà Văn Kín".into(),
        citizen_address: "Số 9, tổ 5".into(),
        matter: "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục".into(),
        kind: "denunciation".into(),
        competent: true,
        accepted_on: "2026-03-09".into(),
        complexity: "complex".into(),
        extensions: "1".into(),
        ..Default::default()
    }
}

store_test!(a_denouncer_is_seen_by_the_handler_alone, |store| {
    let t = tree(&store).await;
    let scope = t.ward_a.scope();
    let handler = user(
        &store,
        Some(t.ward_a.id),
        "tuphap",
        xaphuong_core::users::Role::SpecialistOfficer,
    )
    .await;
    let other = user(
        &store,
        Some(t.ward_a.id),
        "chutich",
        xaphuong_core::users::Role::Leader,
    )
    .await;
    let (h, o) = (
        Actor::user(handler.id, "tuphap"),
        Actor::user(other.id, "chutich"),
    );
    let r = store
        .create_reception(&h, &scope, t.group_a.id, &denunciation(), TODAY)
        .await
        .unwrap();
    // Accepted 09/3, complex, extended once: 60 days (Luật Tố cáo 2018, Điều 30).
    assert_eq!(r.due_on, Some(Date::constant(2026, 5, 8)));
    assert_eq!(
        r.citizen.as_ref().map(|c| c.name.as_str()),
        Some("Hà Văn Kín")
    );
    assert!(
        store
            .reception(&scope, Some(handler.id), r.id)
            .await
            .unwrap()
            .citizen
            .is_some()
    );
    assert!(
        store
            .reception(&scope, Some(other.id), r.id)
            .await
            .unwrap()
            .citizen
            .is_none()
    );
    let all = ReceptionFilter::default();
    let listed = store
        .receptions(&scope, Some(other.id), &all)
        .await
        .unwrap();
    assert_eq!((listed.total, listed.items[0].citizen.is_none()), (1, true));
    let streamed: Vec<_> = store
        .reception_register(&scope, Some(other.id), &all)
        .map(|r| r.unwrap().citizen)
        .collect()
        .await;
    assert_eq!(streamed, [None]);
    // The name is not searchable; the matter is.
    let by = |q: &str| ReceptionFilter {
        q: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .receptions(&scope, Some(handler.id), &by("ha van kin"))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        store
            .receptions(&scope, Some(other.id), &by("dia chinh"))
            .await
            .unwrap()
            .total,
        1
    );
    // Another officer decides it without seeing the name: kept as is; a
    // change of its kind is refused.
    let decided = ReceptionInput {
        citizen: String::new(),
        citizen_address: String::new(),
        decision: "Kết luận nội dung tố cáo số 12/KL-UBND".into(),
        decided_on: "2026-04-20".into(),
        ..denunciation()
    };
    let e = store
        .update_reception(
            &o,
            &scope,
            r.id,
            r.updated_at,
            t.group_a.id,
            &ReceptionInput {
                kind: "complaint".into(),
                ..decided.clone()
            },
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    let after = store
        .update_reception(
            &o,
            &scope,
            r.id,
            r.updated_at,
            t.group_a.id,
            &decided,
            TODAY,
        )
        .await
        .unwrap();
    assert!(after.citizen.is_none());
    let kept = store
        .reception(&scope, Some(handler.id), r.id)
        .await
        .unwrap();
    assert_eq!(
        (kept.citizen.unwrap().address.as_str(), kept.decided_on),
        ("Số 9, tổ 5", Some(Date::constant(2026, 4, 20)))
    );
    // An old version is refused.
    let stale = store
        .update_reception(
            &h,
            &scope,
            r.id,
            r.updated_at,
            t.group_a.id,
            &denunciation(),
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");
    // The audit trail never holds the denouncer.
    let trail = audit_trail(&store).await;
    let of_it: Vec<_> = trail.iter().filter(|e| e.entity == "reception").collect();
    assert_eq!(of_it.len(), 2);
    for e in &of_it {
        let text = format!("{:?} {:?}", e.before_json, e.after_json);
        assert!(
            !text.contains("Hà Văn Kín") && !text.contains("Số 9, tổ 5"),
            "{text}"
        );
    }
    // Ward B sees nothing of it.
    assert!(out_of_scope(
        store
            .reception(&t.ward_b.scope(), Some(other.id), r.id)
            .await
            .unwrap_err()
    ));
    store.delete_reception(&h, &scope, r.id).await.unwrap();
    assert_eq!(
        audit_actions(&store, Entity::Reception, r.id).await,
        ["delete", "update", "insert"]
    );
    let trail = audit_trail(&store).await;
    assert!(!format!("{trail:?}").contains("Hà Văn Kín"));
});

store_test!(a_complaint_is_listed_overdue_past_its_deadline, |store| {
    let t = tree(&store).await;
    let scope = t.ward_a.scope();
    let a = system();
    let complaint = ReceptionInput {
        kind: "complaint".into(),
        complexity: String::new(),
        extensions: String::new(),
        citizen: "Nông Văn Khải".into(),
        ..denunciation()
    };
    let r = store
        .create_reception(&a, &scope, t.ward_a.id, &complaint, TODAY)
        .await
        .unwrap();
    assert_eq!(r.due_on, Some(Date::constant(2026, 4, 8)));
    let overdue = |on: Date| ReceptionFilter {
        overdue_on: Some(on),
        ..Default::default()
    };
    assert_eq!(
        store
            .receptions(&scope, None, &overdue(Date::constant(2026, 4, 8)))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        store
            .receptions(&scope, None, &overdue(Date::constant(2026, 4, 9)))
            .await
            .unwrap()
            .total,
        1
    );
    // A complaint's name is searchable and seen by anyone in scope.
    let q = ReceptionFilter {
        q: Some("nong van khai".into()),
        ..Default::default()
    };
    let found = store
        .receptions(&scope, Some(uuid::Uuid::from_u128(9)), &q)
        .await
        .unwrap();
    assert_eq!(
        found.items[0].citizen.as_ref().map(|c| c.name.as_str()),
        Some("Nông Văn Khải")
    );
    // Not competent: where it went, never accepted.
    let forwarded = ReceptionInput {
        competent: false,
        accepted_on: String::new(),
        forwarded_to: "Thanh tra tỉnh".into(),
        ..complaint
    };
    let f = store
        .create_reception(&a, &scope, t.ward_a.id, &forwarded, TODAY)
        .await
        .unwrap();
    assert_eq!(
        (f.due_on, f.forwarded_to.as_str()),
        (None, "Thanh tra tỉnh")
    );
});
