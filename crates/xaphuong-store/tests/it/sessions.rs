use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::throttle::{FREE_FAILURES, FREE_FAILURES_PER_ADDRESS};
use xaphuong_core::users::Role;
use xaphuong_store::sessions::NewSession;
use xaphuong_store::store_test;
use xaphuong_store::throttle::Admission;
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
        let (account, address) = ("u:lanhdao", "ip:127.0.0.1");
        // Every attempt counts until it succeeds: five are admitted, the
        // fifth locks the sixth out for 30 s.
        for _ in 0..=FREE_FAILURES {
            assert_eq!(
                store.login_attempt(account, address).await.unwrap().wait_ms,
                0
            );
        }
        let wait = store.login_attempt(account, address).await.unwrap().wait_ms;
        assert!(wait > 25_000 && wait <= 30_000, "{wait}");
        // A refused attempt is not counted: still 30 s, not 60.
        let again = store.login_attempt(account, address).await.unwrap().wait_ms;
        assert!(again <= 30_000, "{again}");
        store.login_succeeded(account, address).await.unwrap();
        assert_eq!(
            store.login_attempt(account, address).await.unwrap().wait_ms,
            0
        );
    }
);

store_test!(attempts_sent_together_are_counted_one_by_one, |store| {
    let tries = (0..30).map(|_| store.login_attempt("u:quantri", "ip:10.0.0.1"));
    let waits = futures_util::future::join_all(tries).await;
    let admitted = waits
        .iter()
        .filter(|w| w.as_ref().unwrap().wait_ms == 0)
        .count();
    assert_eq!(admitted as i64, FREE_FAILURES + 1);
});

store_test!(
    an_address_failing_everywhere_is_slowed_never_locked,
    |store| {
        let address = "ip:10.0.0.9";
        // Sprayed across accounts: each account stays under its own limit.
        for i in 0..FREE_FAILURES_PER_ADDRESS {
            let a = store
                .login_attempt(&format!("u:nguoi-{i}"), address)
                .await
                .unwrap();
            assert_eq!(
                a,
                Admission {
                    wait_ms: 0,
                    delay_ms: 0
                },
                "attempt {i}"
            );
        }
        // Past the address's free failures every attempt from it is slowed,
        // that of an account nobody attacked included, but admitted.
        let a = store.login_attempt("u:quantri", address).await.unwrap();
        assert_eq!(
            a,
            Admission {
                wait_ms: 0,
                delay_ms: 2_000
            }
        );
        // Successes do not count against the address: an office signing in
        // every morning is never slowed.
        let office = "ip:10.0.0.10";
        for i in 0..3 * FREE_FAILURES_PER_ADDRESS {
            let account = format!("u:can-bo-{i}");
            let a = store.login_attempt(&account, office).await.unwrap();
            assert_eq!(a.delay_ms, 0, "sign-in {i}");
            store.login_succeeded(&account, office).await.unwrap();
        }
    }
);
