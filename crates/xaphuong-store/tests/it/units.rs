use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::units::{Kind, Level};
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::units::{ImportRow, UnitFilter};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

store_test!(a_ward_sees_its_own_subtree_only, |store| {
    let t = tree(&store).await;
    let a = t.ward_a.scope();
    assert_eq!(store.unit(&a, t.group_a.id).await.unwrap().name, "Tổ 5");
    assert!(matches!(
        store.unit(&a, t.ward_b.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.unit(&a, t.group_b.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.unit(&a, t.province.id).await,
        Err(StoreError::NotFound(_))
    ));
    let listed = store.units(&a, &UnitFilter::default()).await.unwrap();
    let ids: Vec<_> = listed.items.iter().map(|u| u.id).collect();
    assert_eq!(ids, vec![t.ward_a.id, t.group_a.id]);
    assert_eq!(listed.total, 2);
    // Writes outside the scope fail and change nothing.
    let before = store
        .units(&Scope::All, &UnitFilter::default())
        .await
        .unwrap()
        .total;
    let err = store
        .create_unit(
            &system(),
            &a,
            Some(t.ward_b.id),
            &unit_input("9", "Tổ 9", Kind::ToDanPho),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(
        store
            .update_unit(
                &system(),
                &a,
                t.group_b.id,
                &unit_input("6", "Tổ 6", Kind::ToDanPho)
            )
            .await
            .is_err_and(out_of_scope)
    );
    assert!(
        store
            .delete_unit(&system(), &a, t.group_b.id)
            .await
            .is_err_and(out_of_scope)
    );
    assert_eq!(
        store
            .units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .total,
        before
    );
    // The ancestors of a group, top down.
    let names: Vec<_> = store
        .unit_ancestors(&t.group_a)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(
        names,
        ["Tỉnh Bắc Kạn", "Thành phố Bắc Kạn", "Phường Phùng Chí Kiên"]
    );
});

store_test!(search_ignores_diacritics_and_filters_by_level, |store| {
    let _t = tree(&store).await;
    let f = UnitFilter {
        q: Some("phung chi KIEN".into()),
        ..Default::default()
    };
    let found = store.units(&Scope::All, &f).await.unwrap();
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].code, "01843");
    let by_code = store
        .units(
            &Scope::All,
            &UnitFilter {
                q: Some("01837".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_code.items[0].name, "Phường Sông Cầu");
    let groups = store
        .units(
            &Scope::All,
            &UnitFilter {
                level: Some(Level::Group),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(groups.total, 2);
    let paged = store
        .units(
            &Scope::All,
            &UnitFilter {
                page: Some(2),
                per_page: Some(4),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((paged.total, paged.items.len(), paged.pages()), (6, 2, 2));
    // LIKE wildcards in a query are literal.
    assert_eq!(
        store
            .units(
                &Scope::All,
                &UnitFilter {
                    q: Some("%".into()),
                    ..Default::default()
                }
            )
            .await
            .unwrap()
            .total,
        0
    );
});

store_test!(duplicate_codes_are_refused_and_change_nothing, |store| {
    let t = tree(&store).await;
    let count = |s: xaphuong_store::Store| async move {
        s.units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .total
    };
    let before = count(store.clone()).await;
    let audit_before = store
        .audit_entries(&Scope::All, &AuditFilter::default())
        .await
        .unwrap()
        .len();
    let err = store
        .create_unit(
            &system(),
            &Scope::All,
            Some(t.province.id),
            &unit_input("01843", "Phường Khác", Kind::Phuong),
        )
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict(e) => assert_eq!(
            e.message_for("code"),
            Some("Mã 01843 đã được dùng cho «Phường Phùng Chí Kiên»")
        ),
        other => panic!("{other:?}"),
    }
    // The same group code in another ward is fine; twice in one ward is not.
    assert!(
        store
            .create_unit(
                &system(),
                &Scope::All,
                Some(t.ward_a.id),
                &unit_input("5", "Tổ năm", Kind::ToDanPho)
            )
            .await
            .is_err()
    );
    // Renaming onto another unit's code is refused too.
    assert!(matches!(
        store
            .update_unit(
                &system(),
                &Scope::All,
                t.ward_b.id,
                &unit_input("01843", "Phường Sông Cầu", Kind::Phuong)
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(count(store.clone()).await, before);
    assert_eq!(
        store
            .audit_entries(&Scope::All, &AuditFilter::default())
            .await
            .unwrap()
            .len(),
        audit_before
    );
});

store_test!(
    every_unit_change_is_audited_with_before_and_after,
    |store| {
        let t = tree(&store).await;
        let actor = system();
        let g = store
            .create_unit(
                &actor,
                &Scope::All,
                Some(t.ward_a.id),
                &unit_input("10", "Tổ 10", Kind::ToDanPho),
            )
            .await
            .unwrap();
        let g2 = store
            .update_unit(
                &actor,
                &Scope::All,
                g.id,
                &unit_input("10", "Tổ dân phố 10", Kind::ToDanPho),
            )
            .await
            .unwrap();
        assert_eq!(g2.name, "Tổ dân phố 10");
        store.delete_unit(&actor, &Scope::All, g.id).await.unwrap();
        let f = audit_of(Entity::Unit, Some(g.id));
        let entries = store.audit_entries(&Scope::All, &f).await.unwrap();
        let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "insert"]);
        let update = &entries[1];
        assert!(update.before_json.as_deref().unwrap().contains("\"Tổ 10\""));
        assert!(
            update
                .after_json
                .as_deref()
                .unwrap()
                .contains("\"Tổ dân phố 10\"")
        );
        assert_eq!(update.actor_name, actor.name);
        assert!(entries[0].after_json.is_none() && entries[2].before_json.is_none());
        // The ward sees its own history, not the other ward's.
        let seen_by_b = store.audit_entries(&t.ward_b.scope(), &f).await.unwrap();
        assert!(seen_by_b.is_empty());
        assert_eq!(audit_count(&store, &t.ward_a.scope(), &f).await, 3);
        // A unit with children cannot be deleted.
        assert!(matches!(
            store.delete_unit(&actor, &Scope::All, t.ward_a.id).await,
            Err(StoreError::Conflict(_))
        ));
    }
);

fn row(row: usize, code: &str, name: &str, kind: Kind, parent: &str) -> ImportRow {
    ImportRow {
        row,
        code: code.into(),
        name: name.into(),
        kind,
        parent_code: parent.into(),
    }
}

store_test!(import_is_all_or_nothing_with_row_messages, |store| {
    let t = tree(&store).await;
    let before = store
        .units(&Scope::All, &UnitFilter::default())
        .await
        .unwrap()
        .total;
    let bad = vec![
        row(2, "01846", "Phường Huyền Tụng", Kind::Phuong, "058"),
        row(3, "1849", "Xã Dương Quang", Kind::Xa, "058"),
        row(4, "01846", "Phường Trùng", Kind::Phuong, "058"),
        row(5, "1", "Tổ 1", Kind::ToDanPho, "99999"),
    ];
    let err = store
        .import_units(&system(), &Scope::All, &bad)
        .await
        .unwrap_err();
    let StoreError::Invalid(e) = err else {
        panic!("{err:?}")
    };
    let rows: Vec<_> =
        e.0.iter()
            .map(|x| (x.row.unwrap(), x.field.as_str()))
            .collect();
    assert_eq!(rows, [(3, "ma"), (4, "ma"), (5, "ma_cap_tren")]);
    assert_eq!(
        store
            .units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .total,
        before
    );

    let good = vec![
        row(2, "1", "Tổ 1", Kind::ToDanPho, "01846"),
        row(3, "01846", "Phường Huyền Tụng", Kind::Phuong, "058"),
        row(4, "01843", "Phường Phùng Chí Kiên", Kind::Phuong, "058"),
        row(5, "01837", "Phường Sông Cầu mới", Kind::Phuong, "058"),
    ];
    let s = store
        .import_units(&system(), &Scope::All, &good)
        .await
        .unwrap();
    assert_eq!((s.created, s.updated, s.unchanged), (2, 1, 1));
    assert_eq!(
        store.unit(&Scope::All, t.ward_b.id).await.unwrap().name,
        "Phường Sông Cầu mới"
    );
    // A ward's account may import its own groups, nothing above them.
    let own = vec![row(2, "11", "Tổ 11", Kind::ToDanPho, "01843")];
    assert_eq!(
        store
            .import_units(&system(), &t.ward_a.scope(), &own)
            .await
            .unwrap()
            .created,
        1
    );
    let foreign = vec![row(2, "12", "Tổ 12", Kind::ToDanPho, "01837")];
    assert!(
        store
            .import_units(&system(), &t.ward_a.scope(), &foreign)
            .await
            .is_err_and(out_of_scope)
    );
});
