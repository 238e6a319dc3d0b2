use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::budget::{AmountInput, Entry, Line};
use xaphuong_store::budget::BudgetFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn amount(line: Line, on: &str, nsnn: &str, nsx: &str, document: &str) -> AmountInput {
    AmountInput {
        line: line.as_str().into(),
        on: on.into(),
        nsnn: nsnn.into(),
        nsx: nsx.into(),
        document: document.into(),
        note: String::new(),
    }
}

store_test!(estimate_collections_and_running_totals, |store| {
    let t = tree(&store).await;
    let a = system();
    let s = t.ward_a.scope();
    let ward = t.ward_a.id;
    store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Original,
            &amount(
                Line::RegistrationFee,
                "2021-01-05",
                "4.000.000.000",
                "1.200.000.000",
                "QĐ 12/QĐ-UBND",
            ),
        )
        .await
        .unwrap();
    store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Original,
            &amount(
                Line::Fees,
                "2021-01-05",
                "3.500.000.000",
                "3.500.000.000",
                "QĐ 12/QĐ-UBND",
            ),
        )
        .await
        .unwrap();
    store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Adjustment,
            &amount(
                Line::Fees,
                "2021-07-01",
                "-80.000.000",
                "-80.000.000",
                "QĐ 98/QĐ-UBND",
            ),
        )
        .await
        .unwrap();
    store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Original,
            &amount(
                Line::BalancingTransfer,
                "2021-01-05",
                "",
                "2.000.000.000",
                "QĐ 12/QĐ-UBND",
            ),
        )
        .await
        .unwrap();
    let c1 = store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Collection,
            &amount(
                Line::RegistrationFee,
                "2021-03-15",
                "4.400.000.000",
                "1.320.000.000",
                "GNT 0001",
            ),
        )
        .await
        .unwrap();
    store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Collection,
            &amount(
                Line::Fees,
                "2021-11-30",
                "3.661.000.000",
                "3.661.000.000",
                "GNT 0002",
            ),
        )
        .await
        .unwrap();
    // A transfer has no state-revenue part.
    let err = store
        .create_budget_entry(
            &a,
            &s,
            ward,
            2021,
            Entry::Collection,
            &amount(Line::BalancingTransfer, "2021-02-01", "1", "1", ""),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.message_for("nsnn").is_some()));
    // At year end: 8.061.000.000 collected against 7.420.000.000.
    let end = store
        .budget_summary(&s, 2021, Date::constant(2021, 12, 31))
        .await
        .unwrap();
    assert_eq!(
        (end.total.estimate_nsnn, end.total.collected_nsnn),
        (7_420_000_000, 8_061_000_000)
    );
    assert_eq!(
        (end.total.estimate_nsx, end.total.collected_nsx),
        (6_620_000_000, 4_981_000_000)
    );
    // In June, before the adjustment and the second collection.
    let june = store
        .budget_summary(&s, 2021, Date::constant(2021, 6, 30))
        .await
        .unwrap();
    assert_eq!(
        (june.total.estimate_nsnn, june.total.collected_nsnn),
        (7_500_000_000, 4_400_000_000)
    );
    let fees = end.lines.iter().find(|(l, _)| *l == Line::Fees).unwrap();
    assert_eq!(fees.1.estimate_nsnn, 3_420_000_000);
    // Lists and search.
    let collections = BudgetFilter {
        year: 2021,
        estimates: Some(false),
        ..Default::default()
    };
    assert_eq!(
        store.budget_entries(&s, &collections).await.unwrap().total,
        2
    );
    let found = store
        .budget_entries(
            &s,
            &BudgetFilter {
                year: 2021,
                q: Some("gnt 0001".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items[0].id, c1.id);
    // Isolation.
    assert!(matches!(
        store.budget_entry(&t.ward_b.scope(), c1.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .budget_summary(&t.ward_b.scope(), 2021, Date::constant(2021, 12, 31))
            .await
            .unwrap()
            .total
            .collected_nsnn,
        0
    );
    assert!(
        store
            .create_budget_entry(
                &a,
                &s,
                t.ward_b.id,
                2021,
                Entry::Collection,
                &amount(Line::Fees, "2021-03-01", "1", "1", "")
            )
            .await
            .is_err_and(out_of_scope)
    );
    // Corrections are audited.
    store
        .update_budget_entry(
            &a,
            &s,
            c1.id,
            &amount(
                Line::RegistrationFee,
                "2021-03-16",
                "4.400.000.000",
                "1.320.000.000",
                "GNT 0001",
            ),
        )
        .await
        .unwrap();
    store.delete_budget_entry(&a, &s, c1.id).await.unwrap();
    assert_eq!(
        audit_actions(&store, Entity::BudgetEntry, c1.id).await,
        ["delete", "update", "insert"]
    );
});
