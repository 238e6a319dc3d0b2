use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::recruitment::{RecruitInput, Service, Stage};
use xaphuong_store::recruitment::{RecruitFilter, Summary};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn citizen(name: &str) -> RecruitInput {
    RecruitInput {
        full_name: name.into(),
        birth_year: "2002".into(),
        address: "Tổ 5".into(),
        service: "military".into(),
    }
}

store_test!(quota_and_the_way_to_enlistment, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    store
        .set_recruitment_quota(&a, &scope, t.ward_a.id, 2021, Service::Military, 2)
        .await
        .unwrap();
    store
        .set_recruitment_quota(&a, &scope, t.ward_a.id, 2021, Service::Military, 3)
        .await
        .unwrap();
    assert!(
        store
            .set_recruitment_quota(&a, &scope, t.ward_b.id, 2021, Service::Military, 1)
            .await
            .is_err_and(out_of_scope)
    );
    assert!(
        store
            .set_recruitment_quota(&a, &scope, t.group_a.id, 2021, Service::Military, 1)
            .await
            .is_err()
    );
    let tung = store
        .create_recruit(&a, &scope, t.group_a.id, 2021, &citizen("Hoàng Văn Tùng"))
        .await
        .unwrap();
    let hai = store
        .create_recruit(&a, &scope, t.ward_a.id, 2021, &citizen("Nông Văn Hải"))
        .await
        .unwrap();
    for s in [Stage::Examined, Stage::Passed, Stage::Enlisted] {
        store
            .move_recruit(&a, &scope, tung.id, s, "", None)
            .await
            .unwrap();
    }
    // No enlistment without the examination; deferral needs a reason.
    let err = store
        .move_recruit(&a, &scope, hai.id, Stage::Enlisted, "", None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.message_for("stage").is_some()));
    let err = store
        .move_recruit(&a, &scope, hai.id, Stage::Postponed, " ", None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.message_for("reason").is_some()));
    store
        .move_recruit(
            &a,
            &scope,
            hai.id,
            Stage::Postponed,
            "Đang học đại học chính quy",
            None,
        )
        .await
        .unwrap();
    let summary = store.recruitment_summary(&scope, 2021).await.unwrap();
    assert_eq!(
        summary[0],
        (
            Service::Military,
            Summary {
                quota: 3,
                called: 2,
                examined: 1,
                passed: 1,
                failed: 0,
                postponed: 1,
                exempted: 0,
                enlisted: 1
            }
        )
    );
    assert_eq!(summary[1].1, Summary::default());
    assert_eq!(
        store
            .recruitment_summary(&t.ward_b.scope(), 2021)
            .await
            .unwrap()[0]
            .1,
        Summary::default()
    );
    // Lists, search, isolation.
    let found = store
        .recruits(
            &scope,
            &RecruitFilter {
                q: Some("hoang van tung".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items[0].stage, Stage::Enlisted);
    assert_eq!(
        store
            .recruits(
                &scope,
                &RecruitFilter {
                    stage: Some(Stage::Postponed),
                    year: Some(2021),
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .total,
        1
    );
    assert!(matches!(
        store.recruit(&t.ward_b.scope(), tung.id).await,
        Err(StoreError::NotFound(_))
    ));
    let edited = store
        .update_recruit(
            &a,
            &scope,
            hai.id,
            t.group_a.id,
            &RecruitInput {
                service: "police".into(),
                ..citizen("Nông Văn Hải")
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (edited.service, edited.stage),
        (Service::Police, Stage::Postponed)
    );
    store.delete_recruit(&a, &scope, hai.id).await.unwrap();
    let f = audit_of(Entity::Recruit, Some(tung.id));
    assert_eq!(audit_count(&store, &Scope::All, &f).await, 4);
    let f = audit_of(Entity::RecruitmentQuota, None);
    let quotas: Vec<_> = store
        .audit_entries(&scope, &f)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(quotas, ["update", "insert"]);
});
