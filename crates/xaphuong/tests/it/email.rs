//! E-mail to citizens over a real SMTP server (Python's aiosmtpd): the
//! applicant who gave an address is told, in Vietnamese, that the dossier
//! needs papers and that its result was returned, with the code and the
//! lookup link; with the mail server down the messages wait, and go out
//! once it is back.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xaphuong_store::testing::TestDb;

use crate::helpers::*;

/// The SMTP sink on `port`, writing what it takes to `out`, once it
/// listens; `None` where Python or aiosmtpd is missing (outside CI).
fn smtp_sink(port: u16, out: &std::path::Path) -> Option<Child> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/smtp_sink.py");
    let child = Command::new("python3")
        .arg(script)
        .arg(port.to_string())
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("e-mail test not run: python3 is missing ({e})");
            return None;
        }
        Err(e) => panic!("python3 is needed for the e-mail test: {e}"),
    };
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    if line.trim() != "ready" {
        let _ = child.kill();
        assert!(
            std::env::var_os("CI").is_none(),
            "the SMTP sink did not start (pip install aiosmtpd)"
        );
        eprintln!("e-mail test not run: aiosmtpd is missing");
        return None;
    }
    Some(child)
}

fn messages(out: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(out)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

async fn citizens_are_told_by_email(db: TestDb) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mail.jsonl");
    // The mail server is down when the dossier moves.
    let app = TestApp::spawn_with(
        db,
        xaphuong_web::WebConfig {
            public_url: Some(PUBLIC_URL.into()),
            webhooks: xaphuong_web::webhooks::worker::WorkerConfig {
                poll: Duration::from_millis(50),
                retry_base: Duration::from_millis(200),
                smtp: Some(xaphuong_web::webhooks::email::SmtpSettings {
                    url: format!("smtp://127.0.0.1:{port}"),
                    from: "Bộ phận một cửa Phường Phùng Chí Kiên <motcua@example.vn>".into(),
                }),
                ..Default::default()
            },
            ..Default::default()
        },
    )
    .await;
    let w = world(&app.store).await;
    let OneStop { specialist, birth } = onestop(&app.store, w.ward_a.id).await;
    let counter = app.login("motcua").await;
    let step = |id: String, body: Value| {
        let counter = &counter;
        async move {
            let res = counter
                .send_json(
                    Method::POST,
                    &format!("/api/v1/dossiers/{id}/actions"),
                    &body,
                )
                .await;
            let status = res.status();
            let v: Value = res.json().await.unwrap();
            assert_eq!(status, StatusCode::OK, "{v}");
            v
        }
    };
    // One applicant with an address, one without.
    let res = counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth.id, "applicant": "Nguyễn Văn An", "channel": "post",
                    "email": "an@example.vn"}),
        )
        .await;
    let d: Value = res.json().await.unwrap();
    let id = d["dossier"]["id"].as_str().unwrap().to_owned();
    let code = d["dossier"]["code"].as_str().unwrap().to_owned();
    let key = d["lookup_key"].as_str().unwrap().to_owned();
    counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth.id, "applicant": "Lý Văn Bình", "channel": "post"}),
        )
        .await;
    let d = step(
        id.clone(),
        json!({"action": "intake_supplement", "reason": "Thiếu giấy chứng sinh", "version": d["dossier"]["version"]}),
    )
    .await;
    // Not yet: the server is down, the messages wait.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let Some(mut sink) = smtp_sink(port, &out) else {
        app.cleanup().await;
        return;
    };
    let wait = |n: usize| {
        let out = out.clone();
        async move {
            for _ in 0..300 {
                let got = messages(&out);
                if got.len() >= n {
                    return got;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("only {:?} arrived", messages(&out));
        }
    };
    let got = wait(2).await;
    let subjects: Vec<&str> = got.iter().map(|m| m["subject"].as_str().unwrap()).collect();
    assert_eq!(
        subjects,
        [
            format!("[{code}] Đã nhận hồ sơ"),
            format!("[{code}] Cần bổ sung hồ sơ"),
        ]
    );
    assert!(got.iter().all(|m| m["to"] == json!(["an@example.vn"])));
    let body = got[1]["body"].as_str().unwrap();
    assert!(body.contains("Thiếu giấy chứng sinh"), "{body}");
    assert!(body.contains(&format!("Mã hồ sơ: {code}")), "{body}");
    assert!(
        body.contains(&format!("{PUBLIC_URL}/tra-cuu?ma={code}&khoa={key}")),
        "{body}"
    );
    assert!(
        got[0]["from"]
            .as_str()
            .unwrap()
            .contains("motcua@example.vn")
    );

    // The papers come, the leader approves, the counter returns.
    let d = step(
        id.clone(),
        json!({"action": "accept", "version": d["dossier"]["version"]}),
    )
    .await;
    let d = step(
        id.clone(),
        json!({"action": "assign", "assignee": specialist.id, "version": d["dossier"]["version"]}),
    )
    .await;
    let tuphap = app.login("tuphap").await;
    let res = tuphap
        .send_json(
            Method::POST,
            &format!("/api/v1/dossiers/{id}/actions"),
            &json!({"action": "submit", "version": d["dossier"]["version"]}),
        )
        .await;
    let d: Value = res.json().await.unwrap();
    let lanhdao = app.login("lanhdao").await;
    let res = lanhdao
        .send_json(
            Method::POST,
            &format!("/api/v1/dossiers/{id}/actions"),
            &json!({"action": "approve", "version": d["dossier"]["version"]}),
        )
        .await;
    let d: Value = res.json().await.unwrap();
    step(
        id.clone(),
        json!({"action": "return_result", "version": d["dossier"]["version"]}),
    )
    .await;
    let got = wait(4).await;
    let subjects: Vec<&str> = got.iter().map(|m| m["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects[2], format!("[{code}] Đã có kết quả"));
    assert_eq!(subjects[3], format!("[{code}] Đã trả kết quả"));
    assert!(got[3]["body"].as_str().unwrap().contains("đánh giá"));
    // Nothing for the applicant without an address, nothing else sent.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(messages(&out).len(), 4);
    sink.kill().unwrap();
    sink.wait().unwrap();
    app.cleanup().await;
}

#[tokio::test]
async fn sqlite_tells_citizens_by_email() {
    citizens_are_told_by_email(xaphuong_store::testing::sqlite().await).await;
}

#[tokio::test]
async fn postgres_tells_citizens_by_email() {
    let Some(db) = xaphuong_store::testing::postgres_or_not_run().await else {
        return;
    };
    citizens_are_told_by_email(db).await;
}
