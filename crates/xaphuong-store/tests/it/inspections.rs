use futures_util::TryStreamExt;
use jiff::civil::Date;
use xaphuong_core::audit::Entity;
use xaphuong_core::inspections::{CaseInput, InspectionInput, Outcome};
use xaphuong_store::inspections::InspectionFilter;
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

fn case(offender: &str, outcome: Outcome) -> CaseInput {
    CaseInput {
        kind: "goods".into(),
        offender: offender.into(),
        address: "Đường Trường Chinh".into(),
        outcome: outcome.as_str().into(),
        note: String::new(),
    }
}

store_test!(inspections_cases_and_yearly_outcomes, |store| {
    let t = tree(&store).await;
    let a = system();
    let s = t.ward_a.scope();
    let today = Date::constant(2026, 11, 30);
    let input = InspectionInput {
        inspected_on: "2021-04-12".into(),
        place: "Đường Trường Chinh".into(),
        team: "Đội Quản lý trật tự đô thị thành phố".into(),
        note: String::new(),
    };
    let i = store
        .create_inspection(&a, &s, t.ward_a.id, &input, today)
        .await
        .unwrap();
    store
        .add_inspection_case(
            &a,
            &s,
            i.id,
            &case("Cửa hàng tạp hóa Hương Lan", Outcome::Reminded),
        )
        .await
        .unwrap();
    let c2 = store
        .add_inspection_case(&a, &s, i.id, &case("Quán phở Ngọc Hà", Outcome::Removed))
        .await
        .unwrap();
    assert!(matches!(
        store
            .add_inspection_case(&a, &s, i.id, &CaseInput::default())
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.inspection(&s, i.id).await.unwrap().cases, 2);
    assert_eq!(
        store.inspection_outcomes(&s, 2021).await.unwrap(),
        [(Outcome::Reminded, 1), (Outcome::Removed, 1)]
    );
    // Found by a case's name, without diacritics.
    let found = store
        .inspections(
            &s,
            &InspectionFilter {
                q: Some("pho ngoc ha".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items[0].id, i.id);
    // The export's joined rows: every case with its inspection, one query.
    let rows: Vec<_> = store
        .inspection_register(
            &s,
            &InspectionFilter {
                year: Some(2021),
                ..Default::default()
            },
        )
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = rows
        .iter()
        .map(|(i, c)| (i.id, c.offender.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (i.id, "Cửa hàng tạp hóa Hương Lan"),
            (i.id, "Quán phở Ngọc Hà")
        ]
    );
    let of_b: Vec<_> = store
        .inspection_register(&t.ward_b.scope(), &InspectionFilter::default())
        .try_collect()
        .await
        .unwrap();
    assert!(of_b.is_empty());
    // Moving the inspection moves its cases' year.
    let moved = InspectionInput {
        inspected_on: "2022-01-05".into(),
        ..input.clone()
    };
    store
        .update_inspection(&a, &s, i.id, &moved, today)
        .await
        .unwrap();
    assert!(
        store
            .inspection_outcomes(&s, 2021)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.inspection_outcomes(&s, 2022).await.unwrap().len(), 2);
    // Isolation.
    assert!(matches!(
        store.inspection(&t.ward_b.scope(), i.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(
        store
            .add_inspection_case(&a, &t.ward_b.scope(), i.id, &case("X", Outcome::Fined))
            .await
            .is_err_and(out_of_scope)
    );
    assert!(
        store
            .create_inspection(&a, &s, t.ward_b.id, &input, today)
            .await
            .is_err_and(out_of_scope)
    );
    store
        .delete_inspection_case(&a, &s, i.id, c2.id)
        .await
        .unwrap();
    store.delete_inspection(&a, &s, i.id).await.unwrap();
    assert_eq!(
        audit_actions(&store, Entity::Inspection, i.id).await,
        ["delete", "update", "insert"]
    );
    let f = audit_of(Entity::InspectionCase, None);
    assert_eq!(audit_count(&store, &s, &f).await, 3);
});
