use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Entity};
use xaphuong_core::users::Role;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::users::{UserChange, UserFilter};
use xaphuong_store::{StoreError, store_test};

use crate::support::*;

store_test!(accounts_are_scoped_to_their_units, |store| {
    let t = tree(&store).await;
    let a = user(&store, Some(t.ward_a.id), "lanhdao.a", Role::Leader).await;
    let b = user(&store, Some(t.group_b.id), "totruong.b", Role::GroupHead).await;
    let root = user(&store, None, "quantri", Role::Admin).await;
    assert_eq!(root.scope(), Scope::All);
    assert_eq!(a.scope(), t.ward_a.scope());
    assert!(store.user(&a.scope(), a.id).await.is_ok());
    assert!(matches!(
        store.user(&a.scope(), b.id).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.user(&a.scope(), root.id).await,
        Err(StoreError::NotFound(_))
    ));
    let listed = store
        .users(&t.ward_b.scope(), &UserFilter::default())
        .await
        .unwrap();
    assert_eq!(
        listed
            .items
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["totruong.b"]
    );
    let all = store
        .users(
            &Scope::All,
            &UserFilter {
                q: Some("nguyen van binh".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    // A ward cannot create accounts elsewhere or above itself.
    let err = store
        .create_user(
            &a.actor(),
            &a.scope(),
            Some(t.ward_b.id),
            &user_input("x1", Role::Leader),
            "h",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.message_for("unit_id").is_some()),
        "{err:?}"
    );
    assert!(
        store
            .create_user(
                &a.actor(),
                &a.scope(),
                None,
                &user_input("x2", Role::Admin),
                "h"
            )
            .await
            .is_err_and(|e| matches!(e, StoreError::Invalid(ref i) if i.message_for("unit_id") == Some("Phải chọn đơn vị cho tài khoản")))
    );
    assert!(
        store
            .create_user(
                &root.actor(),
                &Scope::All,
                None,
                &user_input("x3", Role::Leader),
                "h"
            )
            .await
            .is_err()
    );
});

store_test!(usernames_are_unique_and_login_finds_the_hash, |store| {
    let t = tree(&store).await;
    let u = user(&store, Some(t.ward_a.id), "motcua", Role::OneStopOfficer).await;
    let err = store
        .create_user(
            &system(),
            &Scope::All,
            Some(t.ward_b.id),
            &user_input("MotCua", Role::Leader),
            "h",
        )
        .await
        .unwrap_err();
    match err {
        StoreError::Conflict(e) => assert_eq!(
            e.message_for("username"),
            Some("Tên đăng nhập «motcua» đã có người dùng")
        ),
        other => panic!("{other:?}"),
    }
    let (found, hash) = store.user_for_login(" MOTCUA ").await.unwrap().unwrap();
    assert_eq!(found.id, u.id);
    assert_eq!(found.unit_name.as_deref(), Some("Phường Phùng Chí Kiên"));
    assert_eq!(hash, "$argon2id$v=19$test");
    assert!(store.user_for_login("nobody").await.unwrap().is_none());
    assert_eq!(store.count_users().await.unwrap(), 1);
});

store_test!(every_account_change_is_audited, |store| {
    let t = tree(&store).await;
    let admin = user(&store, Some(t.ward_a.id), "quantri.a", Role::Admin).await;
    let mut input = user_input("chuyenmon", Role::SpecialistOfficer);
    let u = store
        .create_user(
            &admin.actor(),
            &admin.scope(),
            Some(t.ward_a.id),
            &input,
            "h1",
        )
        .await
        .unwrap();
    input.fields = vec!["xay_dung".into(), "dat_dai".into()];
    input.full_name = "Hoàng Thị Dung".into();
    let change = UserChange {
        input,
        unit_id: Some(t.group_a.id),
        active: false,
    };
    let after = store
        .update_user(&admin.actor(), &admin.scope(), u.id, &change)
        .await
        .unwrap();
    assert_eq!(after.fields, ["dat_dai", "xay_dung"]);
    assert!(!after.active);
    store
        .set_password(&admin.actor(), &admin.scope(), u.id, "h2")
        .await
        .unwrap();
    store.audit_session(&admin, Action::Login).await.unwrap();
    let f = AuditFilter {
        entity: Some(Entity::User),
        entity_id: Some(u.id),
        ..Default::default()
    };
    let entries = store.audit_entries(&Scope::All, &f).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["update", "update", "insert"]
    );
    assert!(entries.iter().all(|e| e.actor_id == Some(admin.id)));
    assert!(
        entries[1]
            .after_json
            .as_deref()
            .unwrap()
            .contains("Hoàng Thị Dung")
    );
    assert!(entries[0].after_json.as_deref().unwrap().contains("đã đổi"));
    assert!(
        !entries
            .iter()
            .any(|e| e.after_json.as_deref().unwrap_or("").contains("h2"))
    );
    let by_actor = store
        .audit_entries(
            &Scope::All,
            &AuditFilter {
                actor_id: Some(admin.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(by_actor.len(), 4);
    // One cannot lock oneself out.
    let own = UserChange {
        input: user_input("quantri.a", Role::Admin),
        unit_id: Some(t.ward_a.id),
        active: false,
    };
    assert!(matches!(
        store
            .update_user(&admin.actor(), &admin.scope(), admin.id, &own)
            .await,
        Err(StoreError::Forbidden(_))
    ));
});
