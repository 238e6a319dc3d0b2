//! Events out through webhooks: a receiver checks each delivery's signature
//! and the order of one dossier's events; a receiver that fails three
//! times gets the event once it recovers; a delivery that keeps failing is
//! dead until replayed; SIGKILL of the server between a change and its
//! delivery loses nothing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use xaphuong_core::users::Role;
use xaphuong_store::testing::TestDb;

use crate::helpers::*;

/// What a receiver got: the headers it checks and the body.
#[derive(Clone, Debug)]
struct Received {
    kind: String,
    delivery: String,
    signature: String,
    body: String,
    answered: u16,
}

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    /// Requests still to answer 500.
    failures: Arc<Mutex<u32>>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> AxumStatus {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let status = {
        let mut left = r.failures.lock().unwrap();
        if *left > 0 {
            *left -= 1;
            AxumStatus::INTERNAL_SERVER_ERROR
        } else {
            AxumStatus::NO_CONTENT
        }
    };
    r.got.lock().unwrap().push(Received {
        kind: header("x-xaphuong-event"),
        delivery: header("x-xaphuong-delivery"),
        signature: header("x-xaphuong-signature"),
        body,
        answered: status.as_u16(),
    });
    status
}

/// A receiver on `listener`, answering 500 to its first `failures` requests.
fn start_receiver(listener: tokio::net::TcpListener, failures: u32) -> Receiver {
    let r = Receiver {
        failures: Arc::new(Mutex::new(failures)),
        ..Default::default()
    };
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(r.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    r
}

/// Checks `t=…,v1=…` as a receiver would: HMAC-SHA256 of `t.body`.
fn signed_by(secret: &str, r: &Received) -> bool {
    let mut t = "";
    let mut v1 = "";
    for part in r.signature.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = v,
            Some(("v1", v)) => v1 = v,
            _ => {}
        }
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", r.body).as_bytes());
    let Ok(expected) = hex::decode(v1) else {
        return false;
    };
    !t.is_empty() && mac.verify_slice(&expected).is_ok()
}

/// Waits until `done` holds of what the receiver got, up to `secs`.
async fn until(r: &Receiver, secs: u64, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
    for _ in 0..secs * 20 {
        let got = r.got.lock().unwrap().clone();
        if done(&got) {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = r.got.lock().unwrap().clone();
    panic!("the receiver got only {got:#?}");
}

fn delivered(got: &[Received]) -> Vec<&Received> {
    got.iter().filter(|g| g.answered == 204).collect()
}

async fn register(s: &Session, unit: uuid::Uuid, url: &str, events: Value) -> Value {
    let res = s
        .post_json(
            "/api/v1/webhooks",
            &json!({"unit_id": unit, "url": url, "events": events}),
        )
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

async fn quick_app(db: TestDb) -> TestApp {
    TestApp::spawn_with(
        db,
        xaphuong_web::WebConfig {
            public_url: Some(PUBLIC_URL.into()),
            webhooks: xaphuong_web::webhooks::worker::WorkerConfig {
                poll: Duration::from_millis(50),
                lease: Duration::from_secs(5),
                retry_base: Duration::from_millis(5),
                timeout: Duration::from_secs(2),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .await
}

async fn a_dossiers_events_arrive_signed_and_in_order(db: TestDb) {
    let app = quick_app(db).await;
    let w = world(&app.store).await;
    let OneStop { specialist, birth } = onestop(&app.store, w.ward_a.id).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    // The receiver fails three times before it recovers.
    let receiver = start_receiver(listener, 3);

    let admin = app.login("quantri.a").await;
    // Kinds and addresses are checked by name.
    let res = admin
        .post_json(
            "/api/v1/webhooks",
            &json!({"unit_id": w.ward_a.id, "url": "ftp://x", "events": ["dossier.lost"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = res.json().await.unwrap();
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["url", "events"], "{e}");
    // Registered on the page, the secret is shown once.
    let ward_a = w.ward_a.id.to_string();
    let res = admin
        .post_form(
            "/webhooks",
            &[
                ("unit_id", ward_a.as_str()),
                ("url", "https://cong.example.vn/xaphuong"),
                ("events", "dossier.returned"),
                ("active", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("id=\"khoa-ky\"") && page.contains("cong.example.vn"),
        "{page}"
    );
    let res = admin
        .post_form(
            "/webhooks",
            &[
                ("unit_id", ward_a.as_str()),
                ("url", "cong"),
                ("events", "*"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hook = register(&admin, w.ward_a.id, &url, json!(["*"])).await;
    let secret = hook["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    // The secret is shown once.
    let again = admin
        .get_json(&format!(
            "/api/v1/webhooks/{}",
            hook["id"].as_str().unwrap()
        ))
        .await;
    assert!(again["secret"].is_null(), "{again}");
    // Ward B's endpoint hears nothing of ward A.
    let other = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_url = format!("http://{}/hook", other.local_addr().unwrap());
    let other_receiver = start_receiver(other, 0);
    add_user(
        &app.store,
        Some(w.ward_b.id),
        "quantri.b",
        "Lò Văn Minh",
        Role::Admin,
    )
    .await;
    let b_admin = app.login("quantri.b").await;
    register(&b_admin, w.ward_b.id, &other_url, json!(["*"])).await;
    // A ward's administrator registers nothing for another ward.
    let res = admin
        .post_json(
            "/api/v1/webhooks",
            &json!({"unit_id": w.ward_b.id, "url": url, "events": ["*"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A dossier by post, accepted, handed to the specialist.
    let counter = app.login("motcua").await;
    let res = counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth.id, "applicant": "Nguyễn Văn An", "channel": "post"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let d: Value = res.json().await.unwrap();
    let id = d["dossier"]["id"].as_str().unwrap().to_owned();
    let act = |body: Value, version: &Value| {
        let mut body = body;
        body["version"] = version.clone();
        let (counter, id) = (&counter, id.clone());
        async move {
            let res = counter
                .send_json(
                    Method::POST,
                    &format!("/api/v1/dossiers/{id}/actions"),
                    &body,
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    let d = act(json!({"action": "accept"}), &d["dossier"]["version"]).await;
    act(
        json!({"action": "assign", "assignee": specialist.id}),
        &d["dossier"]["version"],
    )
    .await;

    let got = until(&receiver, 20, |g| delivered(g).len() >= 3).await;
    // Three 500s for the first event, then each event once, in order.
    let kinds: Vec<(&str, u16)> = got.iter().map(|g| (g.kind.as_str(), g.answered)).collect();
    assert_eq!(
        kinds,
        [
            ("dossier.received", 500),
            ("dossier.received", 500),
            ("dossier.received", 500),
            ("dossier.received", 204),
            ("dossier.accepted", 204),
            ("dossier.assigned", 204),
        ]
    );
    assert!(
        got[..4].iter().all(|g| g.delivery == got[0].delivery),
        "one delivery retried"
    );
    for g in &got {
        assert!(signed_by(&secret, g), "bad signature on {g:?}");
        assert!(!signed_by("another secret", g));
    }
    let bodies: Vec<Value> = delivered(&got)
        .iter()
        .map(|g| serde_json::from_str(&g.body).unwrap())
        .collect();
    let seqs: Vec<i64> = bodies.iter().map(|b| b["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert!(bodies.iter().all(|b| b["record_id"] == id.as_str()));
    assert_eq!(bodies[1]["data"]["status"], "received");
    assert_eq!(bodies[0]["data"]["code"], d["dossier"]["code"]);
    // No personal data leaves with the event.
    assert!(!got[0].body.contains("Nguyễn Văn An"), "{}", got[0].body);

    // The deliveries as the administrator sees them.
    let hook_id = hook["id"].as_str().unwrap();
    let list = admin
        .get_json(&format!("/api/v1/webhooks/{hook_id}/deliveries"))
        .await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert!(list.iter().all(|d| d["state"] == "delivered"));
    let first = list
        .iter()
        .find(|d| d["kind"] == "dossier.received")
        .unwrap();
    assert_eq!(first["attempts"], 4);
    assert!(other_receiver.got.lock().unwrap().is_empty());

    // An endpoint that never answers ends dead after the last attempt; a
    // replay sends it again once it works.
    let gone = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gone_addr = gone.local_addr().unwrap();
    drop(gone);
    let dead_hook = register(
        &admin,
        w.ward_a.id,
        &format!("http://{gone_addr}/hook"),
        json!(["dossier.returned", "dossier.refused"]),
    )
    .await;
    let dead_id = dead_hook["id"].as_str().unwrap();
    let res = counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth.id, "applicant": "Lý Văn Bình", "channel": "post"}),
        )
        .await;
    let d2: Value = res.json().await.unwrap();
    let id2 = d2["dossier"]["id"].as_str().unwrap();
    let res = counter
        .send_json(
            Method::POST,
            &format!("/api/v1/dossiers/{id2}/actions"),
            &json!({"action": "refuse", "reason": "Không thuộc thẩm quyền", "version": d2["dossier"]["version"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut dead = Vec::new();
    for _ in 0..400 {
        dead = admin
            .get_json(&format!("/api/v1/webhooks/{dead_id}/deliveries?state=dead"))
            .await
            .as_array()
            .unwrap()
            .clone();
        if !dead.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dead.len(), 1, "the refusal, the one kind it asked for");
    assert_eq!(dead[0]["kind"], "dossier.refused");
    assert_eq!(dead[0]["attempts"], xaphuong_core::webhooks::MAX_ATTEMPTS);
    // Pointed at the working receiver, the dead delivery is replayed.
    let res = admin
        .send_json(
            Method::PUT,
            &format!("/api/v1/webhooks/{dead_id}"),
            &json!({"url": url, "events": ["dossier.refused"], "active": true, "version": dead_hook["version"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The version read is the one a change is made on.
    let res = admin
        .send_json(
            Method::PUT,
            &format!("/api/v1/webhooks/{dead_id}"),
            &json!({"url": url, "events": ["*"], "active": true, "version": dead_hook["version"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // The endpoint's page shows the failure and offers the replay.
    let page = admin.page(&format!("/webhooks/{dead_id}?state=dead")).await;
    assert!(
        page.contains("Thất bại hẳn") && page.contains("dossier.refused"),
        "{page}"
    );
    assert!(page.contains("/replay"), "{page}");
    let delivery = dead[0]["id"].as_str().unwrap();
    let replay = format!("/api/v1/webhooks/{dead_id}/deliveries/{delivery}/replay");
    let res = admin.post_json(&replay, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let got = until(&receiver, 20, |g| {
        g.iter().any(|r| r.kind == "dossier.refused")
    })
    .await;
    let refused = got.iter().find(|r| r.kind == "dossier.refused").unwrap();
    assert_eq!(refused.answered, 204);
    // A delivery that is not dead is not replayed.
    let res = admin.post_json(&replay, &json!({})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        history(
            &app,
            xaphuong_core::audit::Entity::Webhook,
            dead_id.parse().unwrap()
        )
        .await
        .len(),
        3,
        "registered, changed, replayed"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_delivers_a_dossiers_events_signed_and_in_order() {
    a_dossiers_events_arrive_signed_and_in_order(xaphuong_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn postgres_delivers_a_dossiers_events_signed_and_in_order() {
    let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    a_dossiers_events_arrive_signed_and_in_order(db).await;
}

/// Retries after a second, and a claim that dies with its server held for
/// a second only.
const QUICK: &[(&str, &str)] = &[
    ("XAPHUONG_WEBHOOK_RETRY_SECONDS", "1"),
    ("XAPHUONG_WEBHOOK_LEASE_SECONDS", "1"),
];

/// The server is killed with SIGKILL after a change was acknowledged and
/// before its event could be delivered (the receiver is down); started
/// again, it delivers the event.
async fn no_event_is_lost_to_sigkill(db: TestDb) {
    let w = world(&db.store).await;
    let url = db.url.clone();
    let (mut server, base) = crate::durability::serve(&url, QUICK).await;
    let app = TestApp {
        base,
        store: db.store.clone(),
        db,
    };
    let s = app.login("quantri.a").await;
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = reserved.local_addr().unwrap();
    drop(reserved);
    let hook = register(
        &s,
        w.ward_a.id,
        &format!("http://{addr}/hook"),
        json!(["violation.step"]),
    )
    .await;
    let v = api_case(&s, w.ward_a.id).await;
    let case = v["id"].as_str().unwrap().to_owned();
    let res = s
        .post_json(
            &format!("/api/v1/violations/{case}/events"),
            &json!({"step": "decision", "on": "2021-05-10", "deadline": "2021-06-10", "document": "QĐ 45/QĐ-XPHC"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    server.kill().expect("SIGKILL");
    server.wait().unwrap();

    let receiver = start_receiver(tokio::net::TcpListener::bind(addr).await.unwrap(), 0);
    let (mut server, _) = crate::durability::serve(&url, QUICK).await;
    let got = until(&receiver, 30, |g| !delivered(g).is_empty()).await;
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["kind"], "violation.step");
    assert_eq!(body["record_id"], case.as_str());
    assert_eq!(body["data"]["state"], "decided");
    assert!(signed_by(hook["secret"].as_str().unwrap(), &got[0]));
    server.kill().unwrap();
    server.wait().unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_loses_no_event_to_sigkill() {
    no_event_is_lost_to_sigkill(xaphuong_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn postgres_loses_no_event_to_sigkill() {
    let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    no_event_is_lost_to_sigkill(db).await;
}

crate::app_test!(
    what_was_delivered_is_forgotten_in_time_the_rest_kept,
    |app| {
        use xaphuong_store::webhooks::{Channel, WebhookInput};
        let w = world(&app.store).await;
        let OneStop { birth, .. } = onestop(&app.store, w.ward_a.id).await;
        let sys = xaphuong_core::audit::Actor::system("kiểm thử");
        let all = xaphuong_core::access::Scope::All;
        let input = WebhookInput {
            url: "https://cong.example.vn/xaphuong".into(),
            events: "*".into(),
            active: true,
            note: String::new(),
        };
        app.store
            .add_webhook(&sys, &all, w.ward_a.id, &input)
            .await
            .unwrap();
        // Two dossiers received at the counter: two events each (filed,
        // accepted). The first's are delivered; the second's first fails.
        let at = "2026-03-02T08:00".parse().unwrap();
        let a = counter_dossier(&app.store, &w.ward_a, birth.id, "Hà Văn An", at).await;
        let b = counter_dossier(&app.store, &w.ward_a, birth.id, "Lò Thị Bình", at).await;
        for _ in 0..3 {
            for d in app
                .store
                .claim_deliveries(Channel::Webhook, 60_000, 100)
                .await
                .unwrap()
            {
                let failed = (d.record_id == b.id).then_some("500");
                app.store
                    .finish_delivery(&d, Some(200), failed, 60_000)
                    .await
                    .unwrap();
            }
        }
        let url = app.db.url.clone();
        let delivered = "SELECT COUNT(*) FROM deliveries WHERE state = 'delivered'";
        assert_eq!(count(&url, delivered).await, 2);
        assert_eq!(count(&url, "SELECT COUNT(*) FROM deliveries").await, 4);
        // Nothing is old enough yet.
        let now = jiff::Timestamp::now().as_millisecond();
        assert_eq!(
            app.store.prune_outbox(now - 86_400_000, 100).await.unwrap(),
            (0, 0)
        );
        // Later: what was delivered goes, and the first's older event; its
        // latest stays (the next one's number follows it), and all of the
        // second's, which still wait.
        assert_eq!(app.store.prune_outbox(now + 1, 100).await.unwrap(), (2, 1));
        assert_eq!(count(&url, delivered).await, 0);
        let events = |id: uuid::Uuid| {
            let url = url.clone();
            async move {
                let hex = id.simple().to_string();
                let sql = if url.starts_with("sqlite") {
                    format!(
                        "SELECT COUNT(*) FROM outbox_events WHERE hex(record_id) = upper('{hex}')"
                    )
                } else {
                    format!("SELECT COUNT(*) FROM outbox_events WHERE record_id = '{id}'")
                };
                count(&url, &sql).await
            }
        };
        assert_eq!(events(a.id).await, 1);
        assert_eq!(events(b.id).await, 2);
        assert_eq!(
            count(&url, "SELECT MAX(seq) FROM outbox_events").await,
            2,
            "the first dossier's latest number is kept"
        );
    }
);
