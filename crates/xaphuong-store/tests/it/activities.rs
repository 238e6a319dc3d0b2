//! Culture and sport: activities kept on the version read, imported all or
//! nothing; the groups' titles of a year set all or none and counted.

use futures_util::StreamExt;
use jiff::civil::Date;
use xaphuong_core::activities::{ActivityInput, TitleInput};
use xaphuong_core::import::ImportRow;
use xaphuong_core::units::Kind;
use xaphuong_store::activities::ActivityFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

const TODAY: Date = Date::constant(2022, 12, 31);

fn activity(name: &str, kind: &str, people: &str) -> ActivityInput {
    ActivityInput {
        held_on: "2022-09-02".into(),
        kind: kind.into(),
        name: name.into(),
        participants: people.into(),
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

store_test!(activities_are_kept_imported_and_counted, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let ball = store
        .create_activity(
            &a,
            &scope,
            t.group_a.id,
            &activity("Bóng chuyền hơi", "sport", "120"),
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(ball.group_name.as_deref(), Some("Tổ 5"));
    // Another ward's group is out of reach.
    let e = store
        .create_activity(
            &a,
            &scope,
            t.group_b.id,
            &activity("X", "sport", "1"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
    // Changed on the version read; the old version is refused.
    let more = store
        .update_activity(
            &a,
            &scope,
            ball.id,
            ball.updated_at,
            t.group_a.id,
            &activity("Bóng chuyền hơi", "sport", "140"),
            TODAY,
        )
        .await
        .unwrap();
    assert_eq!(more.participants, 140);
    let stale = store
        .update_activity(
            &a,
            &scope,
            ball.id,
            ball.updated_at,
            t.group_a.id,
            &activity("Bóng chuyền hơi", "sport", "1"),
            TODAY,
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Stale), "{stale:?}");

    // A file with a bad middle row writes nothing.
    let row = |row: usize, group: &str, input: ActivityInput| ImportRow {
        row,
        group: group.into(),
        input,
    };
    let bad = vec![
        row(2, "Tổ 5", activity("Văn nghệ", "arts", "80")),
        row(3, "Tổ 5", activity("Bóng đá", "bong da", "không")),
        row(4, "Tổ 9", activity("Hội thi", "other", "30")),
    ];
    let e = store
        .import_activities(&a, &scope, t.ward_a.id, &bad, TODAY)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (3, "kind".to_owned()),
            (3, "participants".to_owned()),
            (4, "group".to_owned())
        ]
    );
    let year = ActivityFilter {
        year: Some(2022),
        ..Default::default()
    };
    assert_eq!(store.activities(&scope, &year).await.unwrap().total, 1);
    let good = vec![
        row(2, "Tổ 5", activity("Văn nghệ", "arts", "80")),
        row(3, "", activity("Ngày hội Đại đoàn kết", "festival", "200")),
    ];
    assert_eq!(
        store
            .import_activities(&a, &scope, t.ward_a.id, &good, TODAY)
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.activity_totals(&scope, 2022).await.unwrap(), (3, 420));
    let names: Vec<String> = store
        .activity_register(&scope, &year)
        .map(|r| r.unwrap().name)
        .collect()
        .await;
    assert_eq!(names.len(), 3);
    assert_eq!(
        store
            .activity_totals(&t.ward_b.scope(), 2022)
            .await
            .unwrap(),
        (0, 0)
    );
    store.delete_activity(&a, &scope, ball.id).await.unwrap();
    assert!(out_of_scope(
        store.activity(&scope, ball.id).await.unwrap_err()
    ));
});

store_test!(the_groups_titles_are_set_all_or_none, |store| {
    let t = tree(&store).await;
    let a = system();
    let scope = t.ward_a.scope();
    let g6 = add_unit(&store, Some(&t.ward_a), "6", "Tổ 6", Kind::ToDanPho).await;
    let title = |g: uuid::Uuid, recognised: bool, decision: &str| TitleInput {
        group: g.to_string(),
        recognised,
        decision: decision.into(),
    };
    // Nothing recorded: the rate is not known yet.
    assert_eq!(store.title_counts(&scope, 2022).await.unwrap(), (0, 0, 2));
    // A recognised group without its decision, and ward B's group: refused
    // by row, nothing written.
    let e = store
        .set_group_titles(
            &a,
            &scope,
            t.ward_a.id,
            2022,
            &[
                title(t.group_a.id, true, "QĐ 215/QĐ-UBND"),
                title(g6.id, true, ""),
                title(t.group_b.id, true, "QĐ 1"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [(2, "decision".to_owned()), (3, "group".to_owned())]
    );
    assert_eq!(store.title_counts(&scope, 2022).await.unwrap(), (0, 0, 2));
    let n = store
        .set_group_titles(
            &a,
            &scope,
            t.ward_a.id,
            2022,
            &[
                title(t.group_a.id, true, "QĐ 215/QĐ-UBND"),
                title(g6.id, false, ""),
            ],
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(store.title_counts(&scope, 2022).await.unwrap(), (1, 2, 2));
    // The same again changes nothing; a change is one write.
    let again = store
        .set_group_titles(
            &a,
            &scope,
            t.ward_a.id,
            2022,
            &[
                title(t.group_a.id, true, "QĐ 215/QĐ-UBND"),
                title(g6.id, false, ""),
            ],
        )
        .await
        .unwrap();
    assert_eq!(again, 0);
    let (_, rows) = store.group_titles(&scope, t.ward_a.id, 2022).await.unwrap();
    let recognised: Vec<(String, Option<bool>)> = rows
        .iter()
        .map(|(g, t)| (g.name.clone(), t.as_ref().map(|t| t.recognised)))
        .collect();
    assert_eq!(
        recognised,
        [
            ("Tổ 5".to_owned(), Some(true)),
            ("Tổ 6".to_owned(), Some(false))
        ]
    );
    // Ward B cannot read or write ward A's titles.
    assert!(
        store
            .group_titles(&t.ward_b.scope(), t.ward_a.id, 2022)
            .await
            .is_err()
    );
});
