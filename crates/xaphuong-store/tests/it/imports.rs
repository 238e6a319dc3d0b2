//! Register imports: one bad row → nothing written and every problem named
//! with its row; a good file → every row written, each with its audit entry.

use jiff::civil::Date;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::budget::{AmountInput, BudgetRow};
use xaphuong_core::handovers::HandoverInput;
use xaphuong_core::import::ImportRow;
use xaphuong_core::inspections::{CaseInput, InspectionInput, InspectionRow};
use xaphuong_core::recruitment::{RecruitInput, RecruitRow};
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::handovers::HandoverFilter;
use xaphuong_store::inspections::InspectionFilter;
use xaphuong_store::recruitment::RecruitFilter;
use xaphuong_store::{Store, StoreError, store_test};

use crate::support::*;

fn rows<T>(inputs: Vec<(&str, T)>) -> Vec<ImportRow<T>> {
    inputs
        .into_iter()
        .enumerate()
        .map(|(i, (group, input))| ImportRow {
            row: i + 4,
            group: group.into(),
            input,
        })
        .collect()
}

/// The (row, field) of each problem.
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

async fn audited(store: &Store, entity: Entity) -> usize {
    let f = AuditFilter {
        entity: Some(entity),
        limit: Some(1000),
        ..Default::default()
    };
    store.audit_entries(&Scope::All, &f).await.unwrap().len()
}

fn handover(household: &str, area: &str) -> HandoverInput {
    HandoverInput {
        project: "Nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên".into(),
        household: household.into(),
        address: "Số 3, đường Phùng Chí Kiên".into(),
        handed_over_on: "2021-06-15".into(),
        area: area.into(),
        document: "Biên bản số 12/BB-GPMB".into(),
        note: String::new(),
    }
}

store_test!(handover_import_is_all_or_nothing, |store| {
    let t = tree(&store).await;
    let (a, scope, today) = (system(), t.ward_a.scope(), Date::constant(2026, 11, 30));
    let bad = rows(vec![
        ("Tổ 5", handover("Hộ ông Nông Văn Thắng", "45,5")),
        ("Tổ 9", handover("Hộ bà Hà Thị Lan", "0")),
        ("", handover("", "12")),
    ]);
    let e = store
        .import_handovers(&a, &scope, t.ward_a.id, &bad, today)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (5, "group".to_owned()),
            (5, "area".to_owned()),
            (6, "household".to_owned())
        ]
    );
    let none = store
        .handovers(&scope, &HandoverFilter::default())
        .await
        .unwrap();
    assert_eq!(
        (none.total, audited(&store, Entity::Handover).await),
        (0, 0)
    );
    let good = rows(vec![
        ("tổ 5", handover("Hộ ông Nông Văn Thắng", "45,5")),
        ("", handover("Hộ bà Hà Thị Lan", "20")),
    ]);
    let n = store
        .import_handovers(&a, &scope, t.ward_a.id, &good, today)
        .await
        .unwrap();
    assert_eq!(n, 2);
    let f = HandoverFilter {
        q: Some("nong van thang".into()),
        ..Default::default()
    };
    let found = store.handovers(&scope, &f).await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].group_id, Some(t.group_a.id));
    assert_eq!(found.items[0].area, 4550);
    assert_eq!(audited(&store, Entity::Handover).await, 2);
    // Another ward's commune is out of reach.
    let e = store
        .import_handovers(&a, &scope, t.ward_b.id, &good, today)
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
});

fn recruit(year: &str, name: &str, born: &str) -> RecruitRow {
    RecruitRow {
        year: year.into(),
        recruit: RecruitInput {
            full_name: name.into(),
            birth_year: born.into(),
            address: "Tổ 5".into(),
            service: "military".into(),
        },
    }
}

store_test!(recruitment_import_is_all_or_nothing, |store| {
    let t = tree(&store).await;
    let (a, scope) = (system(), t.ward_a.scope());
    let bad = rows(vec![
        ("5", recruit("2021", "Hoàng Minh Đức", "2002")),
        ("", recruit("20x1", "Lý Văn Nam", "2002")),
        ("", recruit("2021", "Ma Văn Tài", "1980")),
    ]);
    let e = store
        .import_recruits(&a, &scope, t.ward_a.id, &bad)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [(5, "year".to_owned()), (6, "birth_year".to_owned())]
    );
    assert_eq!(audited(&store, Entity::Recruit).await, 0);
    let good = rows(vec![
        ("5", recruit("2021", "Hoàng Minh Đức", "2002")),
        ("", recruit("2022", "Lý Văn Nam", "2003")),
    ]);
    assert_eq!(
        store
            .import_recruits(&a, &scope, t.ward_a.id, &good)
            .await
            .unwrap(),
        2
    );
    let f = RecruitFilter {
        year: Some(2021),
        q: Some("hoang minh duc".into()),
        ..Default::default()
    };
    let found = store.recruits(&scope, &f).await.unwrap();
    assert_eq!(
        (found.total, found.items[0].group_id),
        (1, Some(t.group_a.id))
    );
    assert_eq!(audited(&store, Entity::Recruit).await, 2);
});

fn entry(year: &str, entry: &str, line: &str, on: &str, nsnn: &str) -> BudgetRow {
    BudgetRow {
        year: year.into(),
        entry: entry.into(),
        amount: AmountInput {
            line: line.into(),
            on: on.into(),
            nsnn: nsnn.into(),
            nsx: String::new(),
            document: "Quyết định giao dự toán".into(),
            note: String::new(),
        },
    }
}

store_test!(budget_import_is_all_or_nothing, |store| {
    let t = tree(&store).await;
    let (a, scope) = (system(), t.ward_a.scope());
    let as_of = Date::constant(2022, 1, 31);
    let bad = rows(vec![
        (
            "",
            entry(
                "2021",
                "original",
                "non_farm_land_tax",
                "2021-01-05",
                "100.000.000",
            ),
        ),
        (
            "",
            entry(
                "",
                "payment",
                "non_farm_land_tax",
                "2021-03-05",
                "5.000.000",
            ),
        ),
        (
            "",
            entry(
                "2021",
                "collection",
                "non_farm_land_tax",
                "2023-03-05",
                "abc",
            ),
        ),
    ]);
    let e = store
        .import_budget(&a, &scope, t.ward_a.id, &bad)
        .await
        .unwrap_err();
    assert_eq!(
        problems(e),
        [
            (5, "entry".to_owned()),
            (6, "on".to_owned()),
            (6, "nsnn".to_owned())
        ]
    );
    assert_eq!(
        store
            .budget_summary(&scope, 2021, as_of)
            .await
            .unwrap()
            .total
            .estimate_nsnn,
        0
    );
    let good = rows(vec![
        (
            "",
            entry(
                "2021",
                "original",
                "non_farm_land_tax",
                "2021-01-05",
                "100.000.000",
            ),
        ),
        (
            "",
            entry(
                "",
                "collection",
                "non_farm_land_tax",
                "2021-03-05",
                "5.000.000",
            ),
        ),
        // Collected in January for the year before: its year is given.
        (
            "",
            entry(
                "2021",
                "collection",
                "non_farm_land_tax",
                "2022-01-10",
                "1.000.000",
            ),
        ),
    ]);
    assert_eq!(
        store
            .import_budget(&a, &scope, t.ward_a.id, &good)
            .await
            .unwrap(),
        3
    );
    let total = store
        .budget_summary(&scope, 2021, as_of)
        .await
        .unwrap()
        .total;
    assert_eq!(
        (total.estimate_nsnn, total.collected_nsnn),
        (100_000_000, 6_000_000)
    );
    assert_eq!(audited(&store, Entity::BudgetEntry).await, 3);
});

fn case(on: &str, place: &str, offender: &str, outcome: &str) -> InspectionRow {
    InspectionRow {
        inspection: InspectionInput {
            inspected_on: on.into(),
            place: place.into(),
            team: "Đội Quản lý trật tự đô thị thành phố".into(),
            note: String::new(),
        },
        case: CaseInput {
            kind: "goods".into(),
            offender: offender.into(),
            address: String::new(),
            outcome: outcome.into(),
            note: String::new(),
        },
    }
}

store_test!(inspection_import_groups_rows_into_inspections, |store| {
    let t = tree(&store).await;
    let (a, scope, today) = (system(), t.ward_a.scope(), Date::constant(2026, 11, 30));
    let bad = rows(vec![
        (
            "",
            case(
                "2021-04-10",
                "Đường Trường Chinh",
                "Tạp hóa Minh Hằng",
                "reminded",
            ),
        ),
        (
            "",
            case(
                "2021-04-10",
                "Đường Trường Chinh",
                "Quán Bún Cô Ba",
                "scolded",
            ),
        ),
    ]);
    let e = store
        .import_inspections(&a, &scope, t.ward_a.id, &bad, today)
        .await
        .unwrap_err();
    assert_eq!(problems(e), [(5, "outcome".to_owned())]);
    assert_eq!(audited(&store, Entity::InspectionCase).await, 0);
    let good = rows(vec![
        (
            "",
            case(
                "2021-04-10",
                "Đường Trường Chinh",
                "Tạp hóa Minh Hằng",
                "reminded",
            ),
        ),
        (
            "",
            case("2021-04-12", "Đường Kon Tum", "Cửa hàng Phú Cường", "fined"),
        ),
        (
            "",
            case(
                "2021-04-10",
                "Đường Trường Chinh",
                "Quán Bún Cô Ba",
                "removed",
            ),
        ),
    ]);
    let (inspections, cases) = store
        .import_inspections(&a, &scope, t.ward_a.id, &good, today)
        .await
        .unwrap();
    assert_eq!((inspections, cases), (2, 3));
    let f = InspectionFilter {
        q: Some("truong chinh".into()),
        ..Default::default()
    };
    let list = store.inspections(&scope, &f).await.unwrap();
    assert_eq!((list.total, list.items[0].cases), (1, 2));
    assert_eq!(
        (
            audited(&store, Entity::Inspection).await,
            audited(&store, Entity::InspectionCase).await
        ),
        (2, 3)
    );
});

store_test!(
    works_import_is_all_or_nothing_and_the_register_streams_them,
    |store| {
        use futures_util::StreamExt;
        use xaphuong_core::works::WorkInput;
        use xaphuong_store::works::WorkFilter;
        let t = tree(&store).await;
        let (a, scope) = (system(), t.ward_a.scope());
        let today = Date::constant(2022, 12, 31);
        add_unit(
            &store,
            Some(&t.ward_a),
            "6",
            "Tổ 6",
            xaphuong_core::units::Kind::ToDanPho,
        )
        .await;
        let work = |name: &str, kind: &str, length: &str| WorkInput {
            name: name.into(),
            kind: kind.into(),
            length: length.into(),
            started_on: "2022-03-01".into(),
            accepted_on: "2022-07-15".into(),
            completed_on: "2022-07-01".into(),
            ..Default::default()
        };
        // The middle row's kind and length are wrong, the last row's group
        // is not the ward's: nothing written, each named.
        let bad = rows(vec![
            ("Tổ 5; tổ 6", work("Đường ngõ 12", "road_concrete", "250")),
            ("5", work("Rãnh ngõ 3", "duong dat", "-3")),
            ("Tổ 99", work("Đèn tổ 99", "lighting", "")),
        ]);
        let e = store
            .import_works(&a, &scope, t.ward_a.id, &bad, today)
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            [
                (5, "kind".to_owned()),
                (5, "length".to_owned()),
                (6, "group".to_owned())
            ]
        );
        let none = store.works(&scope, &WorkFilter::default()).await.unwrap();
        assert_eq!((none.total, audited(&store, Entity::Work).await), (0, 0));
        let good = rows(vec![
            ("Tổ 5; tổ 6", work("Đường ngõ 12", "road_concrete", "250")),
            ("", work("Rãnh ngõ 3", "drainage", "30")),
        ]);
        let n = store
            .import_works(&a, &scope, t.ward_a.id, &good, today)
            .await
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(audited(&store, Entity::Work).await, 2);
        // The register: both, each with its groups' names in the tree's order.
        let register: Vec<(String, String)> = store
            .work_register(&scope, &WorkFilter::default())
            .map(|r| r.map(|(w, groups)| (w.name, groups)))
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut register = register;
        register.sort();
        assert_eq!(
            register,
            [
                ("Rãnh ngõ 3".to_owned(), String::new()),
                ("Đường ngõ 12".to_owned(), "Tổ 5; Tổ 6".to_owned())
            ]
        );
        // The year's accepted roads, as the report counts them.
        let roads = WorkFilter {
            accepted_in: Some(2022),
            kind: Some(xaphuong_core::works::WorkKind::RoadConcrete),
            ..Default::default()
        };
        assert_eq!(store.works(&scope, &roads).await.unwrap().total, 1);
        let later = WorkFilter {
            accepted_in: Some(2023),
            ..Default::default()
        };
        assert_eq!(store.works(&scope, &later).await.unwrap().total, 0);
        assert_eq!(store.work_totals(&scope, 2022).await.unwrap().roads, 1);
        // Another ward's commune is out of reach.
        let e = store
            .import_works(&a, &scope, t.ward_b.id, &good, today)
            .await
            .unwrap_err();
        assert_eq!(problems(e), [(0, "unit_id".to_owned())]);
    }
);
