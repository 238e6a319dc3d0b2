use xaphuong_core::access::Scope;
use xaphuong_core::users::Role;
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
        let trail = audit_trail(&s).await;
        trail.into_iter().map(|e| e.id).collect::<Vec<_>>()
    };
    assert_eq!(units(copy.clone()).await, units(store.clone()).await);
    assert_eq!(users(copy.clone()).await, users(store.clone()).await);
    assert_eq!(audit(copy.clone()).await, audit(store.clone()).await);
    assert_eq!(units(copy.clone()).await.len(), 6);
    copy.close().await;
});

#[tokio::test]
async fn sqlite_commits_survive_a_power_cut_unless_lowered() {
    // WAL with synchronous=NORMAL may lose the last commits on power loss;
    // FULL is the default, NORMAL only when the URL asks for it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let full = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(full.sqlite_synchronous().await.unwrap(), Some("full"));
    full.close().await;
    let normal = Store::open(&format!("sqlite://{}?synchronous=normal", path.display()))
        .await
        .unwrap();
    assert_eq!(normal.sqlite_synchronous().await.unwrap(), Some("normal"));
    normal.close().await;
    let err = Store::open(&format!("sqlite://{}?synchronous=off", path.display()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("synchronous=off"), "{err}");
}
