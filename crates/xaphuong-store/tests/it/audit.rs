use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;
use xaphuong_core::units::Kind;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::store_test;

use crate::support::*;

store_test!(audit_pages_by_cursor_and_filters_by_date, |store| {
    let t = tree(&store).await;
    for i in 0..7 {
        store
            .create_unit(
                &system(),
                &Scope::All,
                Some(t.ward_a.id),
                &unit_input(&format!("g{i}"), &format!("Tổ {i}"), Kind::ToDanPho),
            )
            .await
            .unwrap();
    }
    let all = store
        .audit_entries(&Scope::All, &AuditFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 6 + 7);
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .audit_entries(
                &Scope::All,
                &AuditFilter {
                    before: cursor,
                    limit: Some(5),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        cursor = page.last().map(|e| (e.at, e.id));
        seen.extend(page.into_iter().map(|e| e.id));
    }
    assert_eq!(seen, all.iter().map(|e| e.id).collect::<Vec<_>>());
    let newest = all[0].at;
    let f = AuditFilter {
        from: Some(newest + 1),
        ..Default::default()
    };
    assert_eq!(audit_count(&store, &Scope::All, &f).await, 0);
    let f = AuditFilter {
        to: Some(all.last().unwrap().at),
        ..Default::default()
    };
    assert_eq!(audit_count(&store, &Scope::All, &f).await, 0);
    let f = audit_of(Entity::User, None);
    assert_eq!(audit_count(&store, &Scope::All, &f).await, 0);
    // A group head's scope sees only its group's records.
    let all_kinds = AuditFilter::default();
    assert_eq!(audit_count(&store, &t.group_a.scope(), &all_kinds).await, 1);
});
