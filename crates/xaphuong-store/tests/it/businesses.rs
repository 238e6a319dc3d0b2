//! Business households and tax: households kept on the version read,
//! imported all or nothing with their numbers unique, counted as
//! registered and trading; tax-debt lists imported whole and followed up
//! on the debt's version, the year's collection counted as of a day.

use futures_util::StreamExt;
use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::businesses::BusinessInput;
use xaphuong_core::import::ImportRow;
use xaphuong_core::tax::{ActionInput, DebtInput, MeetingInput};
use xaphuong_store::businesses::BusinessFilter;
use xaphuong_store::tax::DebtFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

const TODAY: Date = Date::constant(2022, 12, 31);

fn shop(name: &str, number: &str, on: &str) -> BusinessInput {
    BusinessInput {
        name: name.into(),
        owner: "Nguyễn Minh Anh".into(),
        address: "Số 12, tổ 5".into(),
        line: "Bán lẻ hàng tạp hóa".into(),
        registration_no: number.into(),
        registered_on: on.into(),
        ..Default::default()
    }
}

fn problems(e: StoreError) -> Vec<(usize, String)> {
    match e {
        StoreError::Invalid(i) | StoreError::Conflict(i) => {
            i.0.into_iter()
                .map(|f| (f.row.unwrap_or(0), f.field))
                .collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

store_test!(business_households_are_kept_imported_and_counted, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let minh = store
        .create_business(
            &a,
            &scope,
            t.group_a.id,
            &shop("Tạp hóa Minh Anh", "13A8000123", "2022-02-14"),
            None,
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(minh.group_name.as_deref(), Some("Tổ 5"));
    // Another ward's group is out of reach; a number kept is refused.
    let e = store
        .create_business(
            &a,
            &scope,
            t.group_b.id,
            &shop("X", "1", "2022-01-01"),
            None,
            TODAY,
        )
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
    let e = store
        .create_business(
            &a,
            &scope,
            t.ward_a.id,
            &shop("Y", "13A8000123", "2022-01-01"),
            None,
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    // Closed on the version read; the old version is refused, nothing written.
    let closed = store
        .update_business(
            &a,
            &scope,
            minh.id,
            minh.updated_at,
            t.group_a.id,
            &BusinessInput {
                status: "closed".into(),
                status_on: "2022-11-30".into(),
                ..shop("Tạp hóa Minh Anh", "13A8000123", "2022-02-14")
            },
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(closed.status_on, Some(Date::constant(2022, 11, 30)));
    let stale = store
        .update_business(
            &a,
            &scope,
            minh.id,
            minh.updated_at,
            t.group_a.id,
            &shop("Đổi tên", "13A8000123", "2022-02-14"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");
    assert_eq!(
        store.business(&scope, minh.id).await.unwrap().name,
        "Tạp hóa Minh Anh"
    );
    assert_eq!(
        audit_actions(&store, Entity::Business, minh.id).await,
        ["update", "insert"]
    );

    // A file with a bad middle row, and a number twice: nothing written.
    let row = |row: usize, group: &str, input: BusinessInput| ImportRow {
        row,
        group: group.into(),
        input,
    };
    let bad = vec![
        row(
            2,
            "Tổ 5",
            shop("Quán phở Hương", "13A8000200", "2022-03-21"),
        ),
        row(
            3,
            "Tổ 5",
            BusinessInput {
                capital: "nhiều".into(),
                ..shop("Sửa xe", "13A8000201", "2022-13-01")
            },
        ),
        row(4, "Tổ 9", shop("Cắt tóc", "13A8000200", "2022-05-01")),
        row(5, "", shop("Trà sữa", "13A8000123", "2022-06-01")),
    ];
    let e = store
        .import_businesses(&a, &scope, t.ward_a.id, &bad, TODAY)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (3, "registered_on".to_owned()),
            (3, "capital".to_owned()),
            (4, "group".to_owned()),
            (4, "registration_no".to_owned()),
            (5, "registration_no".to_owned()),
        ]
    );
    let all = BusinessFilter::default();
    assert_eq!(store.businesses(&scope, &all).await.unwrap().total, 1);
    let good = vec![
        row(
            2,
            "Tổ 5",
            shop("Quán phở Hương", "13A8000200", "2022-03-21"),
        ),
        row(3, "", shop("Sửa xe Thắng", "13A8000201", "2023-01-05")),
    ];
    assert_eq!(
        store
            .import_businesses(&a, &scope, t.ward_a.id, &good, Date::constant(2023, 6, 30))
            .await
            .unwrap(),
        2
    );
    // 2022: two registered, one trading at its end (Minh Anh closed).
    assert_eq!(
        store.business_counts(&scope, 2022, TODAY).await.unwrap(),
        (2, 1)
    );
    // On 31/10/2022 Minh Anh still traded.
    assert_eq!(
        store
            .business_counts(&scope, 2022, Date::constant(2022, 10, 31))
            .await
            .unwrap(),
        (2, 2)
    );
    let trading = BusinessFilter {
        active: Some(2023),
        ..Default::default()
    };
    let names: Vec<String> = store
        .business_register(&scope, &trading)
        .map(|r| r.unwrap().name)
        .collect()
        .await;
    assert_eq!(names, ["Sửa xe Thắng", "Quán phở Hương"]);
    assert_eq!(
        store
            .business_counts(&t.ward_b.scope(), 2022, TODAY)
            .await
            .unwrap(),
        (0, 0)
    );
    store.delete_business(&a, &scope, minh.id).await.unwrap();
    assert!(out_of_scope(
        store.business(&scope, minh.id).await.unwrap_err()
    ));
});

fn debt(debtor: &str, code: &str, amount: &str) -> DebtInput {
    DebtInput {
        listed_on: "2022-07-05".into(),
        list_ref: "Công văn 1234/CCT-NV".into(),
        debtor: debtor.into(),
        tax_code: code.into(),
        item: "Thuế khoán quý II/2022".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

fn step(on: &str, kind: &str, amount: &str) -> ActionInput {
    ActionInput {
        done_on: on.into(),
        kind: kind.into(),
        amount: amount.into(),
        ..Default::default()
    }
}

store_test!(tax_debts_are_imported_whole_and_followed_up, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let row = |row: usize, input: DebtInput| ImportRow {
        row,
        group: "Tổ 5".into(),
        input,
    };
    let bad = vec![
        row(2, debt("Hoàng Văn Nam", "4700123456", "1.500.000")),
        row(3, debt("", "47001", "0")),
        row(4, debt("Bế Thị Thu", "4700456789", "3.100.000")),
    ];
    let e = store
        .import_tax_debts(&a, &scope, t.ward_a.id, &bad, TODAY)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (3, "debtor".to_owned()),
            (3, "tax_code".to_owned()),
            (3, "amount".to_owned())
        ]
    );
    let year = DebtFilter {
        year: Some(2022),
        ..Default::default()
    };
    assert_eq!(store.tax_debts(&scope, &year).await.unwrap().total, 0);
    let good = vec![
        row(2, debt("Hoàng Văn Nam", "4700123456", "1.500.000")),
        row(3, debt("Bế Thị Thu", "4700456789", "3.100.000")),
    ];
    assert_eq!(
        store
            .import_tax_debts(&a, &scope, t.ward_a.id, &good, TODAY)
            .await
            .unwrap(),
        2
    );
    // Another ward's commune is refused.
    let e = store
        .import_tax_debts(&a, &scope, t.ward_b.id, &good, TODAY)
        .await
        .unwrap_err();
    assert!(out_of_scope(e));
    let page = store.tax_debts(&scope, &year).await.unwrap();
    let thu = page
        .items
        .iter()
        .find(|d| d.debtor == "Bế Thị Thu")
        .unwrap()
        .clone();
    // Followed up on the version read: a reminder, two payments.
    let d = store
        .add_debt_action(
            &a,
            &scope,
            thu.id,
            thu.updated_at,
            &step("2022-07-12", "reminder", ""),
            TODAY,
        )
        .await
        .unwrap();
    let stale = store
        .add_debt_action(
            &a,
            &scope,
            thu.id,
            thu.updated_at,
            &step("2022-08-01", "payment", "1.000.000"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");
    let d = store
        .add_debt_action(
            &a,
            &scope,
            thu.id,
            d.updated_at,
            &step("2022-08-01", "payment", "1.000.000"),
            TODAY,
        )
        .await
        .unwrap();
    let d = store
        .add_debt_action(
            &a,
            &scope,
            thu.id,
            d.updated_at,
            &step("2022-10-11", "payment", "2.100.000"),
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!((d.paid, d.state().as_str()), (3_100_000, "paid"));
    // A step before the list came is refused.
    let e = store
        .add_debt_action(
            &a,
            &scope,
            thu.id,
            d.updated_at,
            &step("2022-07-01", "reminder", ""),
            TODAY,
        )
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "done_on".to_owned())]);
    // The year as of 30/9: 1,0 of 4,6 million; at its end 3,1.
    let t930 = store
        .tax_debt_totals(&scope, 2022, Date::constant(2022, 9, 30))
        .await
        .unwrap();
    assert_eq!(
        (t930.debts, t930.amount, t930.collected),
        (2, 4_600_000, 1_000_000)
    );
    let end = store.tax_debt_totals(&scope, 2022, TODAY).await.unwrap();
    assert_eq!((end.collected, end.paid_debts), (3_100_000, 1));
    // The last payment taken back: owed again, audited.
    let actions = store.debt_actions(&d).await.unwrap();
    assert_eq!(actions.len(), 3);
    let d = store
        .delete_debt_action(&a, &scope, thu.id, actions[2].id, d.updated_at)
        .await
        .unwrap();
    assert_eq!((d.paid, d.state().as_str()), (1_000_000, "open"));
    assert_eq!(
        store
            .tax_debt_totals(&scope, 2022, TODAY)
            .await
            .unwrap()
            .collected,
        1_000_000
    );
    let collected = DebtFilter {
        collected: true,
        ..Default::default()
    };
    assert_eq!(store.tax_debts(&scope, &collected).await.unwrap().total, 1);
    assert_eq!(
        audit_actions(&store, Entity::TaxDebt, thu.id).await.len(),
        // Imported, three steps, one taken back.
        5
    );
    assert_eq!(
        audit_count(&store, &scope, &audit_of(Entity::TaxDebtAction, None)).await,
        4
    );
    // Ward B sees none of it.
    assert!(out_of_scope(
        store.tax_debt(&t.ward_b.scope(), thu.id).await.unwrap_err()
    ));
    store.delete_tax_debt(&a, &scope, thu.id).await.unwrap();
    assert_eq!(store.tax_debts(&scope, &year).await.unwrap().total, 1);

    // The council's meetings are the commune's: a group is refused.
    let meeting = MeetingInput {
        held_on: "2022-01-12".into(),
        subject: "Ý kiến về mức thuế khoán năm 2022".into(),
        households: "45".into(),
        ..Default::default()
    };
    let e = store
        .create_tax_meeting(&a, &scope, t.group_a.id, &meeting, TODAY)
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
    let m = store
        .create_tax_meeting(&a, &scope, t.ward_a.id, &meeting, TODAY)
        .await
        .unwrap();
    assert_eq!(
        store.tax_meetings(&scope, 2022).await.unwrap(),
        std::slice::from_ref(&m)
    );
    assert!(
        store
            .tax_meetings(&t.ward_b.scope(), 2022)
            .await
            .unwrap()
            .is_empty()
    );
    store.delete_tax_meeting(&a, &scope, m.id).await.unwrap();
    assert_eq!(
        audit_actions(&store, Entity::TaxMeeting, m.id).await,
        ["delete", "insert"]
    );
});
