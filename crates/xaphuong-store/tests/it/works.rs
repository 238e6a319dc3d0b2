use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::units::Kind;
use xaphuong_core::works::{WorkInput, WorkKind, WorkState};
use xaphuong_store::works::{WorkFilter, WorkTotals};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn road(name: &str) -> WorkInput {
    WorkInput {
        name: name.into(),
        kind: "road_concrete".into(),
        length: "250".into(),
        width: "3,5".into(),
        budget_commune: "150.000.000".into(),
        people_money: "45.000.000".into(),
        people_labour_days: "320".into(),
        started_on: "2022-03-15".into(),
        due_on: "2022-06-30".into(),
        completed_on: "2022-06-20".into(),
        accepted_on: "2022-07-05".into(),
        documents: "Biên bản nghiệm thu số 07/BB-NT".into(),
        ..Default::default()
    }
}

store_test!(
    works_are_kept_with_their_groups_totalled_and_scoped,
    |store| {
        let t = tree(&store).await;
        let a = system();
        let today = Date::constant(2026, 11, 30);
        let group_6 = add_unit(&store, Some(&t.ward_a), "6", "Tổ 6", Kind::ToDanPho).await;
        let w = store
            .create_work(
                &a,
                &t.ward_a.scope(),
                t.ward_a.id,
                &[t.group_a.id, group_6.id, t.group_a.id],
                &road("Bê tông hóa đường ngõ 12 tổ 5 – tổ 6"),
                today,
            )
            .await
            .unwrap();
        assert_eq!(w.state(), WorkState::Accepted);
        assert_eq!(
            w.groups,
            [
                (t.group_a.id, "Tổ 5".to_owned()),
                (group_6.id, "Tổ 6".to_owned())
            ]
        );
        // A drain still being built, due last month: behind.
        let drain = WorkInput {
            name: "Rãnh thoát nước tổ 6".into(),
            kind: "drainage".into(),
            length: "80".into(),
            started_on: "2026-09-01".into(),
            due_on: "2026-10-31".into(),
            ..Default::default()
        };
        let d = store
            .create_work(
                &a,
                &t.ward_a.scope(),
                t.ward_a.id,
                &[group_6.id],
                &drain,
                today,
            )
            .await
            .unwrap();
        assert!(d.behind(today));
        // Ward B's group is not ward A's; ward B is out of ward A's reach.
        let e = store
            .create_work(
                &a,
                &t.ward_a.scope(),
                t.ward_a.id,
                &[t.group_b.id],
                &drain,
                today,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Invalid(i) if i.fields() == ["groups"]),
            "{e:?}"
        );
        let e = store
            .create_work(&a, &t.ward_a.scope(), t.ward_b.id, &[], &drain, today)
            .await
            .unwrap_err();
        assert!(out_of_scope(e));

        // The year's figures count what was accepted in it.
        assert_eq!(
            store.work_totals(&t.ward_a.scope(), 2022).await.unwrap(),
            WorkTotals {
                accepted: 1,
                roads: 1,
                road_length: 25_000,
                people_money: 45_000_000,
                people_labour_days: 320,
            }
        );
        assert_eq!(
            store.work_totals(&t.ward_b.scope(), 2022).await.unwrap(),
            WorkTotals::default()
        );
        // The list by state, kind, year, lateness and words; ward B sees none.
        let list = |f: WorkFilter| {
            let store = store.clone();
            let scope = t.ward_a.scope();
            async move {
                store
                    .works(&scope, &f)
                    .await
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|w| w.name)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(list(WorkFilter::default()).await.len(), 2);
        let accepted = list(WorkFilter {
            state: Some(WorkState::Accepted),
            year: Some(2022),
            ..Default::default()
        })
        .await;
        assert_eq!(accepted, ["Bê tông hóa đường ngõ 12 tổ 5 – tổ 6"]);
        let late = list(WorkFilter {
            behind_on: Some(today),
            ..Default::default()
        })
        .await;
        assert_eq!(late, ["Rãnh thoát nước tổ 6"]);
        let found = list(WorkFilter {
            q: Some("nghiem thu so 07".into()),
            kind: Some(WorkKind::RoadConcrete),
            ..Default::default()
        })
        .await;
        assert_eq!(found.len(), 1);
        let page = store
            .works(&t.ward_a.scope(), &WorkFilter::default())
            .await
            .unwrap();
        assert!(
            page.items.iter().all(|w| !w.groups.is_empty()),
            "groups read with the page"
        );
        assert_eq!(
            store
                .works(&t.ward_b.scope(), &WorkFilter::default())
                .await
                .unwrap()
                .total,
            0
        );
        assert!(out_of_scope(
            store.work(&t.ward_b.scope(), w.id).await.unwrap_err()
        ));

        // Finished, on the version read; an old version is refused whole.
        let mut done = drain.clone();
        done.completed_on = "2026-11-20".into();
        let d2 = store
            .update_work(
                &a,
                &t.ward_a.scope(),
                d.id,
                d.updated_at,
                &[group_6.id, t.group_a.id],
                &done,
                today,
            )
            .await
            .unwrap();
        assert_eq!(d2.state(), WorkState::Completed);
        assert_eq!(d2.groups.len(), 2);
        let e = store
            .update_work(
                &a,
                &t.ward_a.scope(),
                d.id,
                d.updated_at,
                &[],
                &drain,
                today,
            )
            .await
            .unwrap_err();
        assert!(matches!(e, StoreError::Stale), "{e:?}");
        assert_eq!(store.work(&t.ward_a.scope(), d.id).await.unwrap(), d2);
        // Deleted with its groups; each change audited.
        store
            .delete_work(&a, &t.ward_a.scope(), d.id)
            .await
            .unwrap();
        assert_eq!(
            audit_actions(&store, Entity::Work, d.id).await,
            ["delete", "update", "insert"]
        );
        assert_eq!(list(WorkFilter::default()).await.len(), 1);
    }
);
