use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::throttle::{FREE_FAILURES, FREE_FAILURES_PER_ADDRESS};
use xaphuong_core::users::Role;
use xaphuong_store::sessions::NewSession;
use xaphuong_store::store_test;
use xaphuong_store::users::UserChange;

use crate::support::*;

fn new_session(hash: &str, user_id: uuid::Uuid, expires_at: i64) -> NewSession<'_> {
    NewSession {
        token_hash: hash,
        user_id,
        csrf_token: "csrf",
        expires_at,
        address: "127.0.0.1",
        user_agent: "test",
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

store_test!(sessions_live_in_the_database_and_end, |store| {
    let t = tree(&store).await;
    let u = user(&store, Some(t.ward_a.id), "lanhdao", Role::Leader).await;
    store
        .create_session(&new_session("h-live", u.id, now() + 60_000))
        .await
        .unwrap();
    store
        .create_session(&new_session("h-old", u.id, now() - 1))
        .await
        .unwrap();
    let s = store.session("h-live", 60_000).await.unwrap().unwrap();
    assert_eq!((s.user.id, s.csrf_token.as_str()), (u.id, "csrf"));
    assert!(store.session("h-old", 60_000).await.unwrap().is_none());
    assert!(store.session("unknown", 60_000).await.unwrap().is_none());
    assert_eq!(store.sweep_sessions().await.unwrap(), 1);
    store.delete_session("h-live").await.unwrap();
    assert!(store.session("h-live", 60_000).await.unwrap().is_none());
    // Disabling an account ends its sessions.
    store
        .create_session(&new_session("h-2", u.id, now() + 60_000))
        .await
        .unwrap();
    let change = UserChange {
        input: user_input("lanhdao", Role::Leader),
        unit_id: Some(t.ward_a.id),
        active: false,
    };
    store
        .update_user(&Actor::system("kiểm thử"), &Scope::All, u.id, &change)
        .await
        .unwrap();
    assert!(store.session("h-2", 60_000).await.unwrap().is_none());
});

store_test!(
    fifth_failure_in_a_row_makes_the_next_attempt_wait,
    |store| {
        let keys = [
            ("u:lanhdao", FREE_FAILURES),
            ("ip:127.0.0.1", FREE_FAILURES_PER_ADDRESS),
        ];
        // Every attempt counts until it succeeds: five are admitted, the
        // fifth locks the sixth out for 30 s.
        for _ in 0..=FREE_FAILURES {
            assert_eq!(store.login_attempt(&keys).await.unwrap(), 0);
        }
        let wait = store.login_attempt(&keys).await.unwrap();
        assert!(wait > 25_000 && wait <= 30_000, "{wait}");
        // A refused attempt is not counted: still 30 s, not 60.
        let again = store.login_attempt(&keys).await.unwrap();
        assert!(again <= 30_000, "{again}");
        store.login_succeeded(keys[0].0).await.unwrap();
        assert_eq!(store.login_attempt(&keys).await.unwrap(), 0);
    }
);

store_test!(attempts_sent_together_are_counted_one_by_one, |store| {
    let keys = [
        ("u:quantri", FREE_FAILURES),
        ("ip:10.0.0.1", FREE_FAILURES_PER_ADDRESS),
    ];
    let tries = (0..30).map(|_| store.login_attempt(&keys));
    let waits = futures_util::future::join_all(tries).await;
    let admitted = waits.iter().filter(|w| *w.as_ref().unwrap() == 0).count();
    assert_eq!(admitted as i64, FREE_FAILURES + 1);
});
