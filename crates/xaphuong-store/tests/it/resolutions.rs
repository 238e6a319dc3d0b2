//! Resolutions: their targets kept as typed, figures entered by hand, and
//! the report's counted figures equal to the records of the unit.

use std::collections::BTreeMap;

use jiff::civil::date;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::households::culture::CultureInput;
use xaphuong_core::households::household::{HouseholdInput, MemberInput};
use xaphuong_core::households::poverty::{Class, ReviewInput};
use xaphuong_core::indicators::Quantity;
use xaphuong_core::resolutions::{Actual, CATALOGUE, ResolutionReport};
use xaphuong_store::resolutions::ResolutionInput;
use xaphuong_store::units::Unit;
use xaphuong_store::{Store, StoreError, store_test};

use crate::support::*;

const YEAR: i16 = 2022;

fn input(number: &str, targets: &[(&str, &str)]) -> ResolutionInput {
    ResolutionInput {
        number: number.into(),
        targets: targets
            .iter()
            .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
            .collect(),
        ..Default::default()
    }
}

/// The targets of `unit`'s resolution of `year` by indicator code, as
/// they print.
async fn targets(store: &Store, unit: &Unit, year: i16) -> BTreeMap<String, String> {
    let codes: BTreeMap<Uuid, String> = store
        .indicators()
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.code))
        .collect();
    let (_, targets) = store
        .resolution(&unit.scope(), unit.id, year)
        .await
        .unwrap()
        .expect("a resolution");
    targets
        .into_iter()
        .map(|(id, q)| (codes[&id].clone(), q.to_string()))
        .collect()
}

/// The fields a refusal names.
fn refused_fields(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(i) => i.0.into_iter().map(|f| f.field).collect(),
        other => panic!("refused for another reason: {other:?}"),
    }
}

/// The report's actual figure of indicator `code`, if it has a line.
fn actual(report: &ResolutionReport, code: &str) -> Option<Actual> {
    report
        .results
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no line {code}"))
        .line
        .actual
}

async fn report(store: &Store, unit: &Unit, year: i16) -> ResolutionReport {
    store
        .resolution_report(&unit.scope(), unit.id, year, date(year, 12, 31))
        .await
        .unwrap()
}

/// A household of `group` registered in 2020, with its head.
async fn household(store: &Store, group: &Unit, code: &str) -> Uuid {
    let name = format!("Chủ hộ {code}");
    store
        .create_household(
            &system(),
            &Scope::All,
            group.id,
            &HouseholdInput {
                code: code.into(),
                head_name: name.clone(),
                address: "Tổ 5".into(),
                ..Default::default()
            },
            &MemberInput {
                full_name: name,
                birth_year: "1970".into(),
                sex: "male".into(),
                ..Default::default()
            },
            date(2020, 1, 1),
        )
        .await
        .unwrap()
        .id
}

async fn poverty(store: &Store, id: Uuid, income: &str, deprivations: &str) -> Class {
    let input = ReviewInput {
        year: YEAR.to_string(),
        income: income.into(),
        deprivations: deprivations.into(),
        ..Default::default()
    };
    store
        .record_poverty_review(&system(), &Scope::All, id, &input, None)
        .await
        .unwrap()
        .class
}

async fn culture(store: &Store, id: Uuid, law_kept: bool) -> bool {
    let year = YEAR;
    let input = CultureInput {
        year: year.to_string(),
        law: if law_kept { "Đạt" } else { "Không đạt" }.into(),
        emulation: "Đạt".into(),
        family: "Đạt".into(),
        meeting_date: format!("{year}-11-05"),
        posting_from: format!("{year}-11-06"),
        posting_to: format!("{year}-11-16"),
        decision_date: format!("{year}-11-24"),
        ..Default::default()
    };
    store
        .record_culture_review(&system(), &Scope::All, id, &input, None)
        .await
        .unwrap()
        .recognised
}

store_test!(a_resolution_keeps_its_targets_as_typed, |store| {
    let t = tree(&store).await;
    let a = system();
    let ward = &t.ward_a;
    assert_eq!(
        store.ensure_indicator_catalogue(&a).await.unwrap(),
        CATALOGUE.len()
    );
    assert_eq!(store.ensure_indicator_catalogue(&a).await.unwrap(), 0);

    let r = store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR,
            &input(
                "15/NQ-HĐND",
                &[
                    ("ho-ngheo", "1,5"),
                    ("be-tong-hoa-duong", "2"),
                    ("via-he", " "),
                ],
            ),
        )
        .await
        .unwrap();
    assert_eq!(r.number, "15/NQ-HĐND");
    assert_eq!(
        r.title,
        "Nghị quyết về nhiệm vụ phát triển kinh tế – xã hội năm 2022"
    );
    // A blank target is no target.
    assert_eq!(
        targets(&store, ward, YEAR).await,
        BTreeMap::from([
            ("be-tong-hoa-duong".to_owned(), "2".to_owned()),
            ("ho-ngheo".to_owned(), "1,5".to_owned()),
        ])
    );

    // Saved again: the same resolution, the target given changed, the
    // other kept.
    let again = store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR,
            &input("16/NQ-HĐND", &[("ho-ngheo", "1,20")]),
        )
        .await
        .unwrap();
    assert_eq!((again.id, again.number.as_str()), (r.id, "16/NQ-HĐND"));
    assert_eq!(
        targets(&store, ward, YEAR).await,
        BTreeMap::from([
            ("be-tong-hoa-duong".to_owned(), "2".to_owned()),
            ("ho-ngheo".to_owned(), "1,20".to_owned()),
        ])
    );

    // Every problem is named, and nothing is written.
    let err = store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR,
            &input("", &[("ho-ngheo", "nhiều"), ("khong-co", "1")]),
        )
        .await
        .unwrap_err();
    assert_eq!(refused_fields(err), ["number", "ho-ngheo", "khong-co"]);
    let (kept, _) = store
        .resolution(&ward.scope(), ward.id, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept, again);
    assert_eq!(targets(&store, ward, YEAR).await["ho-ngheo"], "1,20");

    store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR + 1,
            &input("20/NQ-HĐND", &[]),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .resolution_years(&ward.scope(), ward.id)
            .await
            .unwrap(),
        [YEAR + 1, YEAR]
    );
    assert!(
        store
            .resolution_years(&t.ward_b.scope(), t.ward_b.id)
            .await
            .unwrap()
            .is_empty()
    );
});

store_test!(the_report_counts_the_households_of_its_ward, |store| {
    let t = tree(&store).await;
    store.ensure_indicator_catalogue(&system()).await.unwrap();
    let ward = &t.ward_a;
    store
        .save_resolution(
            &system(),
            &ward.scope(),
            ward.id,
            YEAR,
            &input("15/NQ-HĐND", &[("ho-ngheo", "1,5")]),
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for code in ["H-1", "H-2", "H-3", "H-4"] {
        ids.push(household(&store, &t.group_a, code).await);
    }
    // At the urban line with three deprivations is poor; under it with
    // one, near-poor; a đồng over it, neither.
    assert_eq!(
        poverty(&store, ids[0], "2.000.000", "1;2;3").await,
        Class::Poor
    );
    assert_eq!(
        poverty(&store, ids[1], "1.800.000", "1").await,
        Class::NearPoor
    );
    assert_eq!(
        poverty(&store, ids[2], "2.000.001", "1;2;3").await,
        Class::AverageLiving
    );
    assert!(culture(&store, ids[0], true).await);
    assert!(culture(&store, ids[1], true).await);
    assert!(!culture(&store, ids[2], false).await);
    // Ward B: one household, poor.
    let theirs = household(&store, &t.group_b, "H-1").await;
    poverty(&store, theirs, "2.000.000", "1;2;3").await;

    let r = report(&store, ward, YEAR).await;
    assert_eq!(r.resolution.as_deref(), Some("15/NQ-HĐND"));
    assert_eq!(actual(&r, "ho-ngheo"), Some(Actual::share(1, 4)));
    assert_eq!(actual(&r, "ho-ngheo-can-ngheo"), Some(Actual::share(2, 4)));
    assert_eq!(actual(&r, "gia-dinh-van-hoa"), Some(Actual::share(2, 4)));
    let line = r.results.iter().find(|l| l.code == "ho-ngheo").unwrap();
    assert_eq!(line.line.target, Quantity::parse("1,5"));
    let b = report(&store, &t.ward_b, YEAR).await;
    assert_eq!(actual(&b, "ho-ngheo"), Some(Actual::share(1, 1)));
    assert_eq!(b.resolution, None);

    // A household gone before the year's end is no longer counted, nor
    // are its reviews.
    store
        .move_household(
            &system(),
            &Scope::All,
            ids[0],
            None,
            date(YEAR, 6, 1),
            "Chuyển đi tỉnh khác",
        )
        .await
        .unwrap();
    let r = report(&store, ward, YEAR).await;
    assert_eq!(actual(&r, "ho-ngheo"), Some(Actual::share(0, 3)));
    assert_eq!(actual(&r, "ho-ngheo-can-ngheo"), Some(Actual::share(1, 3)));
    assert_eq!(actual(&r, "gia-dinh-van-hoa"), Some(Actual::share(1, 3)));
    let counts = store.household_counts(&ward.scope(), YEAR).await.unwrap();
    assert_eq!(
        (
            counts.households,
            counts.poor,
            counts.near_poor,
            counts.culture_reviewed,
            counts.recognised
        ),
        (3, 0, 1, 2, 1)
    );
});

store_test!(figures_entered_by_hand_reach_the_report, |store| {
    let t = tree(&store).await;
    let a = system();
    store.ensure_indicator_catalogue(&a).await.unwrap();
    let ward = &t.ward_a;
    let set = |code: &'static str, year: i16, typed: &'static str, evidence: &'static str| {
        let (store, a) = (&store, &a);
        async move {
            store
                .set_indicator_value(a, &ward.scope(), ward.id, code, year, typed, evidence)
                .await
        }
    };
    let line = |r: &ResolutionReport| r.results.iter().find(|l| l.code == "viec-lam").cloned();
    // Targeted but not entered yet: the line is there, without a figure.
    store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR,
            &input("15/NQ-HĐND", &[("viec-lam", "5")]),
        )
        .await
        .unwrap();
    let r = report(&store, ward, YEAR).await;
    let empty = line(&r).unwrap();
    assert_eq!((empty.line.actual, empty.entered_at), (None, None));
    assert_eq!(empty.line.target, Some(Quantity::whole(5)));

    set("viec-lam", YEAR, "3", "Báo cáo số 12/BC-UBND")
        .await
        .unwrap();
    let entered = line(&report(&store, ward, YEAR).await).unwrap();
    assert_eq!(entered.line.actual, Some(Actual::count(3)));
    assert!(entered.entered_at.is_some());
    assert_eq!(entered.records, None);

    // Corrected, the new figure replaces it.
    set("viec-lam", YEAR, "4", "Báo cáo số 15/BC-UBND")
        .await
        .unwrap();
    let r = report(&store, ward, YEAR).await;
    assert_eq!(actual(&r, "viec-lam"), Some(Actual::count(4)));
    // A figure without a target is not reported.
    set("viec-lam", YEAR + 1, "6", "Báo cáo số 3/BC-UBND")
        .await
        .unwrap();
    assert_eq!(line(&report(&store, ward, YEAR + 1).await), None);

    // A counted indicator is not typed in; a figure needs its document
    // and a number.
    let counted = set("ho-ngheo", YEAR, "2", "Báo cáo").await.unwrap_err();
    assert_eq!(refused_fields(counted), ["indicator"]);
    let bare = set("viec-lam", YEAR, "5", "  ").await.unwrap_err();
    assert_eq!(refused_fields(bare), ["evidence"]);
    let word = set("viec-lam", YEAR, "năm", "Báo cáo").await.unwrap_err();
    assert_eq!(refused_fields(word), ["value"]);
    let r = report(&store, ward, YEAR).await;
    assert_eq!(actual(&r, "viec-lam"), Some(Actual::count(4)));
});

store_test!(a_resolution_of_another_ward_is_out_of_reach, |store| {
    let t = tree(&store).await;
    let a = system();
    store.ensure_indicator_catalogue(&a).await.unwrap();
    let (ward, other) = (&t.ward_a, t.ward_b.scope());
    let r = store
        .save_resolution(
            &a,
            &ward.scope(),
            ward.id,
            YEAR,
            &input("15/NQ-HĐND", &[("ho-ngheo", "1,5"), ("viec-lam", "120")]),
        )
        .await
        .unwrap();

    assert!(out_of_scope(
        store.resolution(&other, ward.id, YEAR).await.unwrap_err()
    ));
    assert!(out_of_scope(
        store.resolution_years(&other, ward.id).await.unwrap_err()
    ));
    assert!(out_of_scope(
        store
            .resolution_report(&other, ward.id, YEAR, date(YEAR, 12, 31))
            .await
            .unwrap_err()
    ));
    let overwrite = store
        .save_resolution(
            &a,
            &other,
            ward.id,
            YEAR,
            &input("99/NQ-HĐND", &[("ho-ngheo", "9")]),
        )
        .await
        .unwrap_err();
    assert!(out_of_scope(overwrite));
    let typed = store
        .set_indicator_value(&a, &other, ward.id, "viec-lam", YEAR, "7", "Báo cáo")
        .await
        .unwrap_err();
    assert!(out_of_scope(typed));

    // Nothing changed; the province above reads it.
    let (kept, _) = store
        .resolution(&t.province.scope(), ward.id, YEAR)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept, r);
    assert_eq!(targets(&store, ward, YEAR).await["ho-ngheo"], "1,5");
    let r = report(&store, ward, YEAR).await;
    assert_eq!(actual(&r, "viec-lam"), None);
});
