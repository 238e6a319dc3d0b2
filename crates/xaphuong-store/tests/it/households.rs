//! Households: registering, members, moves with their history, the yearly
//! reviews and the counts the rates are made of; imports all or nothing.

use jiff::civil::date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::households::culture::CultureInput;
use xaphuong_core::households::household::{HouseholdInput, MemberInput};
use xaphuong_core::households::poverty::{Class, ReviewInput, ReviewStep, Transition};
use xaphuong_core::households::{MemberRow, PovertyRow};
use xaphuong_core::import::ImportRow;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::households::HouseholdFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn household(code: &str, head: &str) -> HouseholdInput {
    HouseholdInput {
        code: code.into(),
        head_name: head.into(),
        address: "Tổ 5".into(),
        ..Default::default()
    }
}

fn head(name: &str, born: &str) -> MemberInput {
    MemberInput {
        full_name: name.into(),
        birth_year: born.into(),
        sex: "male".into(),
        ..Default::default()
    }
}

fn review(year: &str, income: &str, deprivations: &str) -> ReviewInput {
    ReviewInput {
        year: year.into(),
        income: income.into(),
        deprivations: deprivations.into(),
        ..Default::default()
    }
}

fn culture(year: &str, met: bool) -> CultureInput {
    let yes = if met { "Đạt" } else { "Không đạt" };
    CultureInput {
        year: year.into(),
        law: yes.into(),
        emulation: "Đạt".into(),
        family: "Đạt".into(),
        meeting_date: format!("{year}-11-05"),
        posting_from: format!("{year}-11-06"),
        posting_to: format!("{year}-11-16"),
        decision_date: format!("{year}-11-24"),
        ..Default::default()
    }
}

store_test!(a_household_its_members_reviews_and_rates, |store| {
    let t = tree(&store).await;
    let a = system();
    let all = Scope::All;
    let on = date(2020, 1, 1);
    let mut ids = Vec::new();
    for (i, name) in [
        "Nguyễn Văn An",
        "Hoàng Văn Bình",
        "Ma Thị Chi",
        "Lục Văn Dũng",
    ]
    .iter()
    .enumerate()
    {
        let h = store
            .create_household(
                &a,
                &all,
                t.group_a.id,
                &household(&format!("H-{i}"), name),
                &head(name, "1970"),
                on,
            )
            .await
            .unwrap();
        // The group names the household's group; the ward is urban.
        assert_eq!(h.group_id, Some(t.group_a.id));
        assert_eq!(h.area.as_str(), "urban");
        ids.push(h.id);
    }
    // The code is unique in the commune; the unit must be a group.
    let again = store
        .create_household(
            &a,
            &all,
            t.group_a.id,
            &household("H-0", "X Y"),
            &head("X Y", "1970"),
            on,
        )
        .await;
    assert!(matches!(again, Err(StoreError::Invalid(e)) if e.0[0].field == "code"));
    let in_ward = store
        .create_household(
            &a,
            &all,
            t.ward_a.id,
            &household("H-9", "X Y"),
            &head("X Y", "1970"),
            on,
        )
        .await;
    assert!(matches!(in_ward, Err(StoreError::Invalid(e)) if e.0[0].field == "unit_id"));

    // A second head is refused; a child is added.
    let second = MemberInput {
        full_name: "Nguyễn Văn Em".into(),
        relation: "head".into(),
        birth_year: "1995".into(),
        sex: "male".into(),
        ..Default::default()
    };
    assert!(
        store
            .add_member(&a, &all, ids[0], &second, date(2022, 1, 1))
            .await
            .is_err()
    );
    let child = MemberInput {
        relation: "child".into(),
        ..second
    };
    store
        .add_member(&a, &all, ids[0], &child, date(2022, 1, 1))
        .await
        .unwrap();
    assert_eq!(
        store.household_members(&all, ids[0]).await.unwrap().len(),
        2
    );

    // 2021: 0 poor, 1 near-poor; 2022: 0 poor again… by the urban line.
    // Urban line 2.000.000: exactly at the line with 3 deprivations is poor.
    store
        .record_poverty_review(
            &a,
            &all,
            ids[0],
            &review("2021", "2.000.000", "1;2;3"),
            None,
        )
        .await
        .unwrap();
    store
        .record_poverty_review(&a, &all, ids[1], &review("2021", "1.800.000", "1"), None)
        .await
        .unwrap();
    store
        .record_poverty_review(
            &a,
            &all,
            ids[0],
            &review("2022", "2.000.001", "1;2;3"),
            None,
        )
        .await
        .unwrap();
    store
        .record_poverty_review(
            &a,
            &all,
            ids[1],
            &review("2022", "1.800.000", "1;2;3"),
            None,
        )
        .await
        .unwrap();
    store
        .record_poverty_review(&a, &all, ids[2], &review("2022", "1.500.000", ""), None)
        .await
        .unwrap();
    let r = store.poverty_reviews(&all, ids[0]).await.unwrap();
    assert_eq!(
        r.iter().map(|x| x.class).collect::<Vec<_>>(),
        [Class::Poor, Class::AverageLiving]
    );
    // Recording a year again replaces it, with before and after audited.
    store
        .record_poverty_review(&a, &all, ids[2], &review("2022", "1.500.000", "4"), None)
        .await
        .unwrap();
    let trail = store
        .audit_entries(
            &all,
            &AuditFilter {
                entity: Some(Entity::PovertyReview),
                entity_id: Some(ids[2]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(trail.len(), 2);
    assert!(trail.iter().any(|e| e.before_json.is_some()));

    // Cultural family: three of four recognised in 2022.
    for (i, met) in [true, true, true, false].iter().enumerate() {
        store
            .record_culture_review(&a, &all, ids[i], &culture("2022", *met), None)
            .await
            .unwrap();
    }
    let c = store.culture_reviews(&all, ids[3]).await.unwrap();
    assert!(!c[0].recognised && c[0].reasons.contains("I"), "{c:?}");

    // One household moves within the ward, one leaves it before the
    // review: the counts of 2022 take three households.
    let moved = store
        .move_household(&a, &all, ids[2], Some(t.group_a.id), date(2022, 6, 1), "")
        .await
        .unwrap();
    assert_eq!(moved.group_id, Some(t.group_a.id));
    store
        .move_household(
            &a,
            &all,
            ids[3],
            None,
            date(2022, 12, 1),
            "Chuyển đến Hà Nội",
        )
        .await
        .unwrap();
    let moves = store.household_moves(&all, ids[3]).await.unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].to_name, "Chuyển đi khỏi địa bàn");
    store
        .set_review_step(
            &a,
            &all,
            t.ward_a.id,
            2022,
            ReviewStep::Posting,
            date(2022, 12, 5),
            "",
        )
        .await
        .unwrap();
    store
        .set_review_step(
            &a,
            &all,
            t.ward_a.id,
            2022,
            ReviewStep::Decision,
            date(2022, 12, 10),
            "QĐ 1",
        )
        .await
        .unwrap();
    // Steps stay in order: a posting after the decision is refused.
    assert!(
        store
            .set_review_step(
                &a,
                &all,
                t.ward_a.id,
                2022,
                ReviewStep::Posting,
                date(2022, 12, 20),
                ""
            )
            .await
            .is_err()
    );
    let c = store
        .household_counts(&t.ward_a.scope(), 2022)
        .await
        .unwrap();
    assert_eq!(c.review_date, "2022-12-10");
    assert_eq!(
        (c.households, c.poor, c.near_poor, c.recognised),
        (3, 1, 1, 3),
        "{c:?}"
    );
    // Ward B counts none of it.
    let b = store
        .household_counts(&t.ward_b.scope(), 2022)
        .await
        .unwrap();
    assert_eq!(b.households, 0);
    // The drill-down lists the same households.
    let poor = store
        .households(
            &t.ward_a.scope(),
            &HouseholdFilter {
                year: Some(2022),
                class: Some(Class::Poor),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        poor.items
            .iter()
            .map(|h| h.code.as_str())
            .collect::<Vec<_>>(),
        ["H-1"]
    );
    let present = store
        .households(
            &t.ward_a.scope(),
            &HouseholdFilter {
                year: Some(2022),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(present.count, xaphuong_store::Count::Exact(3));
    // Transitions 2021 → 2022: H-0 left poverty, H-1 near-poor to poor (new
    // to the list), H-2 new near-poor.
    let tr = store
        .poverty_transitions(&t.ward_a.scope(), 2022)
        .await
        .unwrap();
    let n = |x: Transition| tr.iter().find(|(t, _)| *t == x).map_or(0, |(_, n)| *n);
    assert_eq!(n(Transition::ExitedPoverty), 1, "{tr:?}");
    assert_eq!(n(Transition::NewlyPoor), 1, "{tr:?}");
    assert_eq!(n(Transition::NewlyNearPoor), 1, "{tr:?}");
    // A household moves to a group of ward B with its history and reviews:
    // ward B counts it from then on, ward A no longer does.
    let away = store
        .move_household(&a, &all, ids[0], Some(t.group_b.id), date(2023, 2, 1), "")
        .await
        .unwrap();
    assert_eq!(
        (away.commune_id, away.group_id),
        (t.ward_b.id, Some(t.group_b.id))
    );
    let moves = store.household_moves(&all, ids[0]).await.unwrap();
    assert!(moves[0].to_name.ends_with(&t.ward_b.name), "{moves:?}");
    assert_eq!(
        store
            .poverty_reviews(&t.ward_b.scope(), ids[0])
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .household(&t.ward_a.scope(), ids[0])
            .await
            .is_err_and(out_of_scope)
    );
    assert_eq!(
        store
            .household_counts(&t.ward_b.scope(), 2023)
            .await
            .unwrap()
            .households,
        1
    );
});

fn member_row(
    row: usize,
    code: &str,
    head: &str,
    name: &str,
    relation: &str,
    id: &str,
) -> ImportRow<MemberRow> {
    ImportRow {
        row,
        group: "Tổ 5".into(),
        input: MemberRow {
            household: HouseholdInput {
                code: code.into(),
                head_name: head.into(),
                address: "Số 1".into(),
                group: "Tổ 5".into(),
                ..Default::default()
            },
            member: MemberInput {
                household: code.into(),
                full_name: name.into(),
                relation: relation.into(),
                birth_year: "1980".into(),
                sex: "male".into(),
                citizen_id: id.into(),
            },
        },
    }
}

store_test!(importing_households_is_all_or_nothing, |store| {
    let t = tree(&store).await;
    let a = system();
    let all = Scope::All;
    let on = date(2022, 1, 1);
    let good = vec![
        member_row(2, "K-1", "Vi Văn Tú", "Vi Văn Tú", "head", "006080000001"),
        member_row(3, "K-1", "Vi Văn Tú", "Vi Thị Mai", "wife", ""),
        member_row(4, "K-2", "Đàm Văn Lợi", "Đàm Văn Lợi", "head", ""),
    ];
    // Each problem named by row and field; nothing written.
    let mut bad = good.clone();
    bad.push(member_row(
        5,
        "K-3",
        "Hà Văn Nam",
        "Hà Văn Nam",
        "child",
        "",
    )); // no head
    bad.push(member_row(
        6,
        "K-2",
        "Người Khác",
        "Đàm Thị Hoa",
        "wife",
        "",
    )); // head differs
    bad.push(member_row(
        7,
        "K-4",
        "Lò Văn Bốn",
        "Lò Văn Bốn",
        "head",
        "006080000001",
    )); // ID twice
    bad.push(member_row(
        8,
        "K-5",
        "Lò Văn Năm",
        "Lò Văn Năm",
        "ông trời",
        "",
    )); // relation
    let Err(StoreError::Invalid(e)) = store
        .import_households(&a, &all, t.ward_a.id, bad.clone(), on)
        .await
    else {
        panic!("a bad file was accepted");
    };
    let got: Vec<(Option<usize>, &str)> = e.0.iter().map(|f| (f.row, f.field.as_str())).collect();
    for want in [
        (Some(5), "relation"),
        (Some(6), "code"),
        (Some(7), "citizen_id"),
        (Some(8), "relation"),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    let none = store
        .households(
            &all,
            &HouseholdFilter {
                with_moved_out: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(none.count, xaphuong_store::Count::Exact(0));
    // The good file: 2 households, 3 members, each audited.
    let (h, m) = store
        .import_households(&a, &all, t.ward_a.id, good.clone(), on)
        .await
        .unwrap();
    assert_eq!((h, m), (2, 3));
    let audits = store
        .audit_entries(
            &all,
            &AuditFilter {
                entity: Some(Entity::HouseholdMember),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(audits.len(), 3);
    // Importing the same households again is refused by code.
    assert!(
        store
            .import_households(&a, &all, t.ward_a.id, good.clone(), on)
            .await
            .is_err()
    );
    // Reviews of an unknown household or a year with no standard: refused.
    let rows = vec![
        ImportRow {
            row: 2,
            group: String::new(),
            input: PovertyRow {
                household: "K-1".into(),
                review: review("2022", "1.000.000", "1;2;3"),
            },
        },
        ImportRow {
            row: 3,
            group: String::new(),
            input: PovertyRow {
                household: "K-9".into(),
                review: review("2022", "1.000.000", ""),
            },
        },
        ImportRow {
            row: 4,
            group: String::new(),
            input: PovertyRow {
                household: "K-2".into(),
                review: review("2019", "1.000.000", ""),
            },
        },
    ];
    let Err(StoreError::Invalid(e)) = store
        .import_poverty_reviews(&a, &all, t.ward_a.id, &rows)
        .await
    else {
        panic!("bad reviews accepted");
    };
    let got: Vec<(Option<usize>, &str)> = e.0.iter().map(|f| (f.row, f.field.as_str())).collect();
    assert_eq!(got, [(Some(3), "household"), (Some(4), "year")]);
    assert_eq!(
        store
            .household_counts(&t.ward_a.scope(), 2022)
            .await
            .unwrap()
            .poor,
        0
    );
    let n = store
        .import_poverty_reviews(&a, &all, t.ward_a.id, &rows[..1])
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        store
            .household_counts(&t.ward_a.scope(), 2022)
            .await
            .unwrap()
            .poor,
        1
    );
});

store_test!(
    a_stored_code_it_does_not_know_is_an_error_not_a_default,
    |store| {
        let t = tree(&store).await;
        let h = store
            .create_household(
                &system(),
                &Scope::All,
                t.group_a.id,
                &household("H-1", "Nguyễn Văn An"),
                &head("Nguyễn Văn An", "1970"),
                date(2020, 1, 1),
            )
            .await
            .unwrap();
        assert!(store.household(&Scope::All, h.id).await.is_ok());
        // Once read as 1 January of year 0 or as "still here", a damaged date
        // is now refused, naming the column and the value. (Codes are also
        // held by CHECK constraints where the schema has them.)
        for (sql, column, value) in [
            (
                "UPDATE households SET registered_on = '2020-13-45'",
                "registered_on",
                "2020-13-45",
            ),
            (
                "UPDATE households SET registered_on = '2020-01-01', moved_out_on = 'hôm qua'",
                "moved_out_on",
                "hôm qua",
            ),
        ] {
            xaphuong_store::testing::execute(&store, sql).await.unwrap();
            let err = store.household(&Scope::All, h.id).await.unwrap_err();
            let text = err.to_string();
            assert!(
                matches!(err, StoreError::Database(_))
                    && text.contains(column)
                    && text.contains(value),
                "{text}"
            );
        }
    }
);

store_test!(an_import_failing_while_it_writes_leaves_nothing, |store| {
    let t = tree(&store).await;
    let a = system();
    let all = Scope::All;
    // Every row passes the checks; the database refuses the last member
    // as it is written (a trigger stands in for a disk or a constraint
    // failing mid-import).
    let postgres = store.backend() == xaphuong_store::Backend::Postgres;
    let trigger: &[&str] = if postgres {
        &[
            "CREATE FUNCTION refuse_member() RETURNS trigger AS $$
             BEGIN IF NEW.full_name = 'Lò Thị Cuối' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END
             $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_member BEFORE INSERT ON household_members
             FOR EACH ROW EXECUTE FUNCTION refuse_member()",
        ]
    } else {
        &[
            "CREATE TRIGGER refuse_member BEFORE INSERT ON household_members
           WHEN NEW.full_name = 'Lò Thị Cuối' BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ]
    };
    for sql in trigger {
        xaphuong_store::testing::execute(&store, sql).await.unwrap();
    }
    let mut rows = Vec::new();
    for i in 0..50 {
        let code = format!("Q-{i}");
        let head = format!("Hộ số {i}");
        rows.push(member_row(i + 2, &code, &head, &head, "head", ""));
    }
    rows.push(member_row(
        52,
        "Q-49",
        "Hộ số 49",
        "Lò Thị Cuối",
        "wife",
        "",
    ));
    let audits_before = store
        .audit_entries(&all, &AuditFilter::default())
        .await
        .unwrap()
        .len();
    let err = store
        .import_households(&a, &all, t.ward_a.id, rows, date(2022, 1, 1))
        .await;
    assert!(matches!(err, Err(StoreError::Database(_))), "{err:?}");
    // The fifty households written before the failure are gone with it,
    // and so are their audit entries.
    let none = store
        .households(&all, &HouseholdFilter::default())
        .await
        .unwrap();
    assert_eq!(none.count, xaphuong_store::Count::Exact(0));
    assert_eq!(
        store
            .audit_entries(&all, &AuditFilter::default())
            .await
            .unwrap()
            .len(),
        audits_before
    );
});
