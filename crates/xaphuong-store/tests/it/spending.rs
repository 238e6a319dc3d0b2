//! Budget spending: the estimate by item with its adjustments, payments up
//! to a date, investments paid for public works, changes on the version
//! read, imports all or nothing; every write audited, all inside scope.

use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::import::ImportRow;
use xaphuong_core::spending::{Entry, Item, SpendingInput, SpendingRow};
use xaphuong_core::works::WorkInput;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::spending::{SpendingFigures, SpendingFilter};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn entry(item: &str, on: &str, amount: &str) -> SpendingInput {
    SpendingInput {
        item: item.into(),
        on: on.into(),
        amount: amount.into(),
        document: "Giấy rút dự toán".into(),
        ..Default::default()
    }
}

fn fields(e: StoreError) -> Vec<(usize, String)> {
    match e {
        StoreError::Invalid(i) => {
            i.0.into_iter()
                .map(|f| (f.row.unwrap_or(0), f.field))
                .collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

store_test!(spending_is_kept_against_its_estimate, |store| {
    let t = tree(&store).await;
    let a = system();
    let (ward, scope) = (&t.ward_a, t.ward_a.scope());
    let road = store
        .create_work(
            &a,
            &scope,
            ward.id,
            &[],
            &WorkInput {
                name: "Đường ngõ 35".into(),
                kind: "road_concrete".into(),
                length: "210".into(),
                ..Default::default()
            },
            Date::constant(2022, 12, 31),
        )
        .await
        .unwrap();
    let add = |e: Entry, input: SpendingInput| {
        let (store, a, scope) = (&store, &a, &scope);
        async move {
            store
                .create_spending_entry(a, scope, ward.id, 2022, e, &input)
                .await
        }
    };
    add(
        Entry::Original,
        entry("culture", "2022-01-05", "120.000.000"),
    )
    .await
    .unwrap();
    add(
        Entry::Adjustment,
        entry("culture", "2022-09-15", "-20.000.000"),
    )
    .await
    .unwrap();
    add(Entry::Payment, entry("culture", "2022-06-30", "45.000.000"))
        .await
        .unwrap();
    let late = add(Entry::Payment, entry("culture", "2022-11-30", "50.000.000"))
        .await
        .unwrap();
    // An investment names its work; a work of another ward is refused.
    let bare = add(
        Entry::Payment,
        entry("investment", "2022-07-20", "150.000.000"),
    )
    .await
    .unwrap_err();
    assert_eq!(fields(bare), [(0, "work_id".to_owned())]);
    let mut pay = entry("investment", "2022-07-20", "150.000.000");
    pay.work_id = road.id.to_string();
    let paid = add(Entry::Payment, pay.clone()).await.unwrap();
    assert_eq!(paid.work_name.as_deref(), Some("Đường ngõ 35"));
    let elsewhere = store
        .create_spending_entry(
            &a,
            &t.ward_b.scope(),
            t.ward_b.id,
            2022,
            Entry::Payment,
            &pay,
        )
        .await
        .unwrap_err();
    assert_eq!(fields(elsewhere), [(0, "work_id".to_owned())]);

    // The year's execution at the end, and as of mid-year.
    let year_end = store
        .spending_summary(&scope, 2022, Date::constant(2022, 12, 31))
        .await
        .unwrap();
    assert_eq!(
        year_end.items,
        [
            (
                Item::Investment,
                SpendingFigures {
                    estimate: 0,
                    paid: 150_000_000
                }
            ),
            (
                Item::Culture,
                SpendingFigures {
                    estimate: 100_000_000,
                    paid: 95_000_000
                }
            ),
        ]
    );
    let mid = store
        .spending_summary(&scope, 2022, Date::constant(2022, 6, 30))
        .await
        .unwrap();
    assert_eq!(
        mid.total,
        SpendingFigures {
            estimate: 120_000_000,
            paid: 45_000_000
        }
    );
    // Ward B sees none of it.
    let other = store
        .spending_summary(&t.ward_b.scope(), 2022, Date::constant(2022, 12, 31))
        .await
        .unwrap();
    assert_eq!(other.total, SpendingFigures::default());
    assert!(out_of_scope(
        store
            .spending_entry(&t.ward_b.scope(), late.id)
            .await
            .unwrap_err()
    ));

    // Changed on the version read; an older version is refused, unwritten.
    let fixed = store
        .update_spending_entry(
            &a,
            &scope,
            late.id,
            late.updated_at,
            &entry("culture", "2022-11-30", "55.000.000"),
        )
        .await
        .unwrap();
    assert_eq!(fixed.amount, 55_000_000);
    let stale = store
        .update_spending_entry(
            &a,
            &scope,
            late.id,
            late.updated_at,
            &entry("culture", "2022-11-30", "1"),
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");
    assert_eq!(
        store.spending_entry(&scope, late.id).await.unwrap().amount,
        55_000_000
    );
    // The work paid for cannot be deleted from under its payment.
    let refused = store.delete_work(&a, &scope, road.id).await.unwrap_err();
    assert!(matches!(refused, StoreError::Conflict(_)), "{refused:?}");
    store
        .delete_spending_entry(&a, &scope, paid.id)
        .await
        .unwrap();
    store.delete_work(&a, &scope, road.id).await.unwrap();

    // Filters: payments of an item, words of the document.
    let f = SpendingFilter {
        year: 2022,
        estimates: Some(false),
        item: Some(Item::Culture),
        q: Some("giay rut".into()),
        ..Default::default()
    };
    assert_eq!(store.spending_entries(&scope, &f).await.unwrap().total, 2);
    // Every write audited: 5 created (one refused twice), 1 changed, 1 deleted.
    let audited = store
        .audit_entries(
            &xaphuong_core::access::Scope::All,
            &AuditFilter {
                entity: Some(Entity::SpendingEntry),
                limit: Some(100),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .len();
    assert_eq!(audited, 7);
});

store_test!(spending_import_is_all_or_nothing, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    store
        .create_work(
            &a,
            &scope,
            t.ward_a.id,
            &[],
            &WorkInput {
                name: "Rãnh thoát nước tổ 5".into(),
                kind: "drainage".into(),
                ..Default::default()
            },
            Date::constant(2022, 12, 31),
        )
        .await
        .unwrap();
    let row = |row: usize, entry: &str, work: &str, input: SpendingInput| ImportRow {
        row,
        group: String::new(),
        input: SpendingRow {
            year: String::new(),
            entry: entry.into(),
            work: work.into(),
            input,
        },
    };
    let bad = vec![
        row(
            2,
            "original",
            "",
            entry("health", "2022-01-05", "40.000.000"),
        ),
        row(
            3,
            "payment",
            "Đường lạ",
            entry("investment", "2022-05-05", "ba"),
        ),
        row(
            4,
            "payment",
            "ranh thoat nuoc to 5",
            entry("health", "2022-05-05", "1"),
        ),
    ];
    let e = store
        .import_spending(&a, &scope, t.ward_a.id, &bad)
        .await
        .unwrap_err();
    assert_eq!(
        fields(e),
        [
            (3, "work".to_owned()),
            (3, "amount".to_owned()),
            (4, "work".to_owned())
        ]
    );
    let none = SpendingFilter {
        year: 2022,
        ..Default::default()
    };
    assert_eq!(
        store.spending_entries(&scope, &none).await.unwrap().total,
        0
    );
    let good = vec![
        row(
            2,
            "original",
            "",
            entry("health", "2022-01-05", "40.000.000"),
        ),
        row(
            3,
            "payment",
            "ranh thoat nuoc to 5",
            entry("investment", "2022-05-05", "20.000.000"),
        ),
    ];
    let n = store
        .import_spending(&a, &scope, t.ward_a.id, &good)
        .await
        .unwrap();
    assert_eq!(n, 2);
    let all = store.spending_entries(&scope, &none).await.unwrap();
    assert_eq!(all.total, 2);
    assert!(
        all.items
            .iter()
            .any(|s| s.work_name.as_deref() == Some("Rãnh thoát nước tổ 5"))
    );
});
