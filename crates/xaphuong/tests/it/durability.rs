//! What was acknowledged stays: the server killed with SIGKILL while
//! several clients write keeps every record it answered 201 for, on SQLite
//! and PostgreSQL; a PostgreSQL backup (`pg_dump`/`pg_restore`) holds every
//! record.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use xaphuong_core::access::Scope;
use xaphuong_store::Store;
use xaphuong_store::testing::TestDb;
use xaphuong_store::units::UnitFilter;

use crate::helpers::*;

/// `xaphuong serve` on a free port of 127.0.0.1 over `db`, with `env`
/// set, once it answers.
pub(crate) async fn serve(db: &str, env: &[(&str, &str)]) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_xaphuong"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("XAPHUONG_DATABASE_URL", db)
        .env("XAPHUONG_LOG", "warn")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("start xaphuong serve");
    let base = format!("http://127.0.0.1:{port}");
    xaphuong_web::webhooks::worker::install_tls_provider();
    for _ in 0..200 {
        if reqwest::get(format!("{base}/health")).await.is_ok() {
            return (child, base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not start on {base}");
}

async fn acknowledged_records_survive_sigkill(db: TestDb) {
    let w = world(&db.store).await;
    let url = db.url.clone();
    let (mut server, base) = serve(&url, &[]).await;
    let app = TestApp {
        base,
        store: db.store.clone(),
        db,
    };
    // Four clients create cases as fast as they are answered.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut clients = Vec::new();
    for c in 0..4 {
        let s = app.login("quantri.a").await;
        let acknowledged = acknowledged.clone();
        let ward = w.ward_a.id;
        clients.push(tokio::spawn(async move {
            for i in 0.. {
                let body = json!({"unit_id": ward, "kind": "illegal_construction",
                    "offender": format!("Hộ số {c}-{i}"), "address": "Tổ 5", "detected_on": "2021-05-01"});
                let res = s
                    .client
                    .post(s.url("/api/v1/violations"))
                    .header("x-csrf-token", &s.csrf)
                    .json(&body)
                    .send()
                    .await;
                let Ok(res) = res else { break };
                if res.status() != StatusCode::CREATED {
                    break;
                }
                let Ok(v) = res.json::<Value>().await else {
                    break;
                };
                acknowledged
                    .lock()
                    .unwrap()
                    .push(v["id"].as_str().unwrap().to_owned());
            }
        }));
    }
    // Killed mid-write, with no chance to flush or close anything.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 20,
        "only {} written",
        acknowledged.len()
    );
    eprintln!("{} records acknowledged before SIGKILL", acknowledged.len());
    // Restarted on the same database, it has every one of them.
    let (mut server, base) = serve(&url, &[]).await;
    let app = TestApp { base, ..app };
    let s = app.login("quantri.a").await;
    for id in &acknowledged {
        let res = s.get(&format!("/api/v1/violations/{id}")).await;
        assert_eq!(res.status(), StatusCode::OK, "{id} was acknowledged");
    }
    server.kill().unwrap();
    server.wait().unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_keeps_what_it_acknowledged_through_sigkill() {
    acknowledged_records_survive_sigkill(xaphuong_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn postgres_keeps_what_it_acknowledged_through_sigkill() {
    let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    acknowledged_records_survive_sigkill(db).await;
}

/// The backup the README documents, restored into an empty database, holds
/// every record and opens as a working store.
#[tokio::test]
async fn a_postgres_dump_restores_whole() {
    let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    let w = world(&db.store).await;
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("xaphuong.dump");
    let out = Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(&db.url)
        .output()
        .expect("pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = xaphuong_store::testing::postgres().await.unwrap();
    // Restored into an empty database (the fresh test database is migrated:
    // empty it first, as a new server's database would be).
    copy.store.close().await;
    let out = Command::new("psql")
        .arg(&copy.url)
        .args(["-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&copy.url)
        .arg(&dump)
        .output()
        .expect("pg_restore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = Store::open(&copy.url).await.unwrap();
    let units = |s: Store| async move {
        s.units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .items
    };
    assert_eq!(units(db.store.clone()).await, units(restored.clone()).await);
    let user = restored.user(&Scope::All, w.admin_a.id).await.unwrap();
    assert_eq!(user.username, "quantri.a");
    // Opening it found its migrations recorded; it takes new records.
    let to_dan_pho = xaphuong_core::units::Kind::ToDanPho;
    add_unit(
        &restored,
        Some(&w.ward_a),
        "TO-9",
        "Tổ dân phố 9",
        to_dan_pho,
    )
    .await;
    restored.close().await;
    copy.cleanup().await;
    db.cleanup().await;
}
