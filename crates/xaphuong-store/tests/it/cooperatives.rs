//! Cooperatives: kept on the version read, out of another ward's reach,
//! imported all or nothing, counted by the year founded; their grades and
//! supports audited and reached only through their cooperative.

use futures_util::StreamExt;
use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::cooperatives::{CooperativeInput, Grade, GradeInput, SupportInput};
use xaphuong_core::import::ImportRow;
use xaphuong_store::cooperatives::CooperativeFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

const TODAY: Date = Date::constant(2022, 12, 31);

fn coop(name: &str, founded: &str, members: &str) -> CooperativeInput {
    CooperativeInput {
        name: name.into(),
        founded_on: founded.into(),
        line_of_business: "Trồng rau an toàn".into(),
        members: members.into(),
        capital: "500.000.000".into(),
        ..Default::default()
    }
}

fn problems(e: StoreError) -> Vec<(usize, String)> {
    match e {
        StoreError::Invalid(i) => {
            i.0.into_iter()
                .map(|f| (f.row.unwrap_or(0), f.field))
                .collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

store_test!(cooperatives_are_kept_imported_and_counted, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let veg = store
        .create_cooperative(
            &a,
            &scope,
            t.group_a.id,
            &coop("HTX rau an toàn", "2022-03-15", "9"),
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(veg.group_name.as_deref(), Some("Tổ 5"));
    // Another ward's group is out of reach.
    let e = store
        .create_cooperative(
            &a,
            &scope,
            t.group_b.id,
            &coop("X", "2022-03-15", "9"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
    // Changed on the version read; the old version is refused and writes
    // nothing.
    let more = store
        .update_cooperative(
            &a,
            &scope,
            veg.id,
            veg.updated_at,
            t.group_a.id,
            &coop("HTX rau an toàn", "2022-03-15", "12"),
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(more.members, 12);
    let stale = store
        .update_cooperative(
            &a,
            &scope,
            veg.id,
            veg.updated_at,
            t.group_a.id,
            &coop("HTX đổi tên", "2022-03-15", "30"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");
    let kept = store.cooperative(&scope, veg.id).await.unwrap();
    assert_eq!((kept.name.as_str(), kept.members), ("HTX rau an toàn", 12));
    assert_eq!(
        audit_actions(&store, Entity::Cooperative, veg.id)
            .await
            .len(),
        2
    );
    // Ward B does not see it.
    assert!(out_of_scope(
        store
            .cooperative(&t.ward_b.scope(), veg.id)
            .await
            .unwrap_err()
    ));

    // A file with a bad middle row writes nothing, naming row and field.
    let row = |row: usize, group: &str, input: CooperativeInput| ImportRow {
        row,
        group: group.into(),
        input,
    };
    let bad = vec![
        row(2, "Tổ 5", coop("HTX chè", "2022-05-01", "7")),
        row(3, "Tổ 5", coop("HTX dược liệu", "2022-13-01", "không")),
        row(4, "Tổ 9", coop("HTX mây tre", "2021-01-01", "8")),
    ];
    let e = store
        .import_cooperatives(&a, &scope, t.ward_a.id, &bad, TODAY)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (3, "founded_on".to_owned()),
            (3, "members".to_owned()),
            (4, "group".to_owned())
        ]
    );
    assert_eq!(store.cooperatives_founded(&scope, 2022).await.unwrap(), 1);
    let good = vec![
        row(2, "Tổ 5", coop("HTX chè", "2022-05-01", "7")),
        row(3, "", coop("HTX mây tre", "2021-01-01", "8")),
    ];
    assert_eq!(
        store
            .import_cooperatives(&a, &scope, t.ward_a.id, &good, TODAY)
            .await
            .unwrap(),
        2
    );
    // Counted by the year founded, inside the scope only.
    assert_eq!(store.cooperatives_founded(&scope, 2022).await.unwrap(), 2);
    assert_eq!(store.cooperatives_founded(&scope, 2021).await.unwrap(), 1);
    assert_eq!(
        store
            .cooperatives_founded(&t.ward_b.scope(), 2022)
            .await
            .unwrap(),
        0
    );
    let founded = CooperativeFilter {
        founded: Some(2022),
        ..Default::default()
    };
    assert_eq!(store.cooperatives(&scope, &founded).await.unwrap().total, 2);
    let names: Vec<String> = store
        .cooperative_register(&scope, &founded)
        .map(|r| r.unwrap().name)
        .collect()
        .await;
    assert_eq!(names, ["HTX chè", "HTX rau an toàn"]);
    let searched = CooperativeFilter {
        q: Some("may tre".into()),
        ..Default::default()
    };
    assert_eq!(
        store.cooperatives(&scope, &searched).await.unwrap().total,
        1
    );
    store.delete_cooperative(&a, &scope, veg.id).await.unwrap();
    assert!(out_of_scope(
        store.cooperative(&scope, veg.id).await.unwrap_err()
    ));
    assert_eq!(store.cooperatives_founded(&scope, 2022).await.unwrap(), 1);
});

store_test!(a_cooperatives_grades_and_supports_are_audited, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let veg = store
        .create_cooperative(
            &a,
            &scope,
            t.ward_a.id,
            &coop("HTX rau an toàn", "2021-03-15", "9"),
            TODAY,
        )
        .await
        .unwrap();
    let grade = |year: &str, grade: &str, score: &str| GradeInput {
        year: year.into(),
        grade: grade.into(),
        score: score.into(),
        note: String::new(),
    };
    // A grade that disagrees with its score is refused, nothing written.
    let e = store
        .set_cooperative_grade(&a, &scope, veg.id, &grade("2022", "good", "70"), TODAY)
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "grade".to_owned())]);
    assert!(
        store
            .cooperative_grades(&scope, veg.id)
            .await
            .unwrap()
            .is_empty()
    );
    let g = store
        .set_cooperative_grade(&a, &scope, veg.id, &grade("2022", "fair", "70"), TODAY)
        .await
        .unwrap();
    // The year's grade is replaced, not added.
    let again = store
        .set_cooperative_grade(&a, &scope, veg.id, &grade("2022", "good", "82"), TODAY)
        .await
        .unwrap();
    assert_eq!(again.id, g.id);
    store
        .set_cooperative_grade(&a, &scope, veg.id, &grade("2021", "weak", ""), TODAY)
        .await
        .unwrap();
    let grades: Vec<(i16, Grade, Option<i64>)> = store
        .cooperative_grades(&scope, veg.id)
        .await
        .unwrap()
        .iter()
        .map(|g| (g.year, g.grade, g.score))
        .collect();
    assert_eq!(
        grades,
        [(2022, Grade::Good, Some(82)), (2021, Grade::Weak, None)]
    );
    let mut actions = audit_actions(&store, Entity::CooperativeGrade, g.id).await;
    actions.sort();
    assert_eq!(actions, ["insert", "update"]);

    let support = SupportInput {
        year: "2022".into(),
        policy: "Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn".into(),
        content: "Xây dựng nhà lưới".into(),
        amount: "150.000.000".into(),
        decision: String::new(),
    };
    let s = store
        .add_cooperative_support(&a, &scope, veg.id, &support, TODAY)
        .await
        .unwrap();
    assert_eq!(s.amount, 150_000_000);
    let e = store
        .add_cooperative_support(
            &a,
            &scope,
            veg.id,
            &SupportInput {
                amount: "0".into(),
                ..support.clone()
            },
            TODAY,
        )
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "amount".to_owned())]);
    // Another ward reaches neither the cooperative's grades nor its
    // supports.
    let b = t.ward_b.scope();
    assert!(out_of_scope(
        store
            .set_cooperative_grade(&a, &b, veg.id, &grade("2022", "weak", ""), TODAY)
            .await
            .unwrap_err()
    ));
    assert!(out_of_scope(
        store
            .add_cooperative_support(&a, &b, veg.id, &support, TODAY)
            .await
            .unwrap_err()
    ));
    assert!(out_of_scope(
        store
            .delete_cooperative_support(&a, &b, veg.id, s.id)
            .await
            .unwrap_err()
    ));
    assert!(out_of_scope(
        store.cooperative_supports(&b, veg.id).await.unwrap_err()
    ));
    assert_eq!(
        store
            .cooperative_supports(&scope, veg.id)
            .await
            .unwrap()
            .len(),
        1
    );
    store
        .delete_cooperative_support(&a, &scope, veg.id, s.id)
        .await
        .unwrap();
    assert!(
        store
            .cooperative_supports(&scope, veg.id)
            .await
            .unwrap()
            .is_empty()
    );
    let mut actions = audit_actions(&store, Entity::CooperativeSupport, s.id).await;
    actions.sort();
    assert_eq!(actions, ["delete", "insert"]);
    // Ward B's audit trail shows none of it.
    assert_eq!(
        audit_count(&store, &b, &audit_of(Entity::CooperativeSupport, None)).await,
        0
    );
    // The cooperative goes with its grades.
    store.delete_cooperative(&a, &scope, veg.id).await.unwrap();
    assert!(out_of_scope(
        store.cooperative_grades(&scope, veg.id).await.unwrap_err()
    ));
});
