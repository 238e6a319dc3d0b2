use xaphuong_core::access::Scope;
use xaphuong_core::users::Role;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::units::UnitFilter;
use xaphuong_store::users::UserFilter;
use xaphuong_store::{Backend, Store, StoreError, store_test};

use crate::support::*;

store_test!(backup_copies_every_record, |store| {
    let t = tree(&store).await;
    user(&store, Some(t.ward_a.id), "lanhdao", Role::Leader).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.db");
    match store.backend() {
        Backend::Postgres => {
            let err = store.backup_to(&out).await.unwrap_err();
            assert!(matches!(err, StoreError::Unsupported(ref m) if m.contains("pg_dump")));
            return;
        }
        Backend::Sqlite => store.backup_to(&out).await.unwrap(),
    }
    // A second backup to the same file is refused, not overwritten.
    assert!(store.backup_to(&out).await.is_err());
    let copy = Store::open(&format!("sqlite://{}", out.display()))
        .await
        .unwrap();
    let units = |s: Store| async move {
        s.units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .items
    };
    let users = |s: Store| async move {
        s.users(&Scope::All, &UserFilter::default())
            .await
            .unwrap()
            .items
    };
    let audit = |s: Store| async move {
        s.audit_entries(
            &Scope::All,
            &AuditFilter {
                limit: Some(1000),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect::<Vec<_>>()
    };
    assert_eq!(units(copy.clone()).await, units(store.clone()).await);
    assert_eq!(users(copy.clone()).await, users(store.clone()).await);
    assert_eq!(audit(copy.clone()).await, audit(store.clone()).await);
    assert_eq!(units(copy.clone()).await.len(), 6);
    copy.close().await;
});
