//! The one-stop shop through the JSON API alone: a dossier received at the
//! counter goes through every hand to its return, the citizen finds it with
//! the receipt's key and rates it, and Biểu 06 reads the same as its page;
//! a citizen files online with a paper and the counter opens it.

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xaphuong_core::access::Scope;
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

async fn step(s: &Session, d: &Value, body: Value) -> reqwest::Response {
    let id = d["dossier"]["id"].as_str().unwrap();
    let mut body = body;
    body["version"] = d["dossier"]["version"].clone();
    s.send_json(
        Method::POST,
        &format!("/api/v1/dossiers/{id}/actions"),
        &body,
    )
    .await
}

async fn ok_step(s: &Session, d: &Value, body: Value) -> Value {
    let res = step(s, d, body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

fn offered(d: &Value) -> Vec<String> {
    d["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap().to_owned())
        .collect()
}

/// The numbers of the page's row for `field`, in the table's order.
fn page_row(page: &str, field: &str) -> Vec<i64> {
    let start = page
        .find(&format!("<td>{field}</td>"))
        .unwrap_or_else(|| panic!("no row «{field}» on the page"));
    page[start..]
        .split("</tr>")
        .next()
        .unwrap()
        .split("<td>")
        .skip(2)
        .map(|c| c.split('<').next().unwrap().trim().parse().unwrap())
        .collect()
}

fn api_row(r: &Value) -> Vec<i64> {
    [
        "received",
        "online",
        "counter_or_post",
        "carried_over",
        "resolved",
        "early",
        "on_time",
        "late",
        "pending",
        "pending_in_time",
        "pending_overdue",
    ]
    .iter()
    .map(|k| r[k].as_i64().unwrap())
    .collect()
}

app_test!(a_dossier_lives_its_whole_life_through_the_api, |app| {
    let w = world(&app.store).await;
    let ward = w.ward_a.id.to_string();
    let specialist = onestop(&app.store, w.ward_a.id).await.specialist;
    let counter = app.login("motcua").await;
    let birth = counter
        .get_json("/api/v1/procedures?q=dang ky khai sinh")
        .await;
    let birth = birth
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "1.001193")
        .unwrap()
        .clone();

    // Intake by post (at the counter a dossier is accepted as it is
    // received): the body is checked field by field.
    let res = counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth["id"], "applicant": "Nguyễn Văn An", "channel": "online"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["fields"][0]["field"], "channel", "{e}");
    let res = counter
        .send_json(
            Method::POST,
            "/api/v1/dossiers",
            &json!({"procedure_id": birth["id"], "applicant": "Nguyễn Văn An", "phone": "0912 345 678",
                    "email": "an@example.vn", "channel": "post", "return_channel": "counter"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["dossier"]["status"], "new");
    assert_eq!(
        d["dossier"]["commune_id"],
        ward.as_str(),
        "the officer's own ward"
    );
    let code = d["dossier"]["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("000.00.00.X01843-"), "{code}");
    let key = d["lookup_key"].as_str().unwrap().to_owned();
    assert_eq!(
        offered(&d),
        ["accept", "intake_supplement", "refuse", "withdraw"]
    );

    // Accepted: the due time and the per-step deadlines are set; the
    // receipt (form 01) is there as a Word document.
    let d = ok_step(&counter, &d, json!({"action": "accept"})).await;
    assert_eq!(d["dossier"]["status"], "received");
    assert!(d["dossier"]["due_at"].as_str().is_some(), "{d}");
    let steps: Vec<&str> = d["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["receive", "specialist", "leader", "return"]);
    assert_eq!(d["papers"][0]["kind"], "tiep-nhan");
    let receipt = counter.get(d["papers"][0]["docx"].as_str().unwrap()).await;
    assert_eq!(receipt.status(), StatusCode::OK);
    assert!(receipt.bytes().await.unwrap().starts_with(b"PK"));

    // A step on a version already gone is a conflict, and changes nothing.
    let mut old = d.clone();
    old["dossier"]["version"] = json!(d["dossier"]["version"].as_i64().unwrap() - 1);
    let res = step(
        &counter,
        &old,
        json!({"action": "assign", "assignee": specialist.id}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // A step the rules do not allow is refused naming the field.
    let res = step(&counter, &d, json!({"action": "return_result"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["fields"][0]["field"], "action", "{e}");

    let d = ok_step(
        &counter,
        &d,
        json!({"action": "assign", "assignee": specialist.id}),
    )
    .await;
    assert_eq!(d["dossier"]["step"], "specialist");
    // The specialist finds it in their queue, and hands it to the leader.
    let tuphap = app.login("tuphap").await;
    let mine = tuphap.get_json("/api/v1/dossiers?view=mine").await;
    assert_eq!(mine["count"], 1, "{mine}");
    assert_eq!(mine["items"][0]["code"], code.as_str());
    let res = step(&tuphap, &d, json!({"action": "approve"})).await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "only a leader approves"
    );
    let d = ok_step(&tuphap, &d, json!({"action": "submit"})).await;
    assert_eq!(d["dossier"]["step"], "leader");
    let lanhdao = app.login("lanhdao").await;
    let d = ok_step(&lanhdao, &d, json!({"action": "approve"})).await;
    assert_eq!(d["dossier"]["status"], "resolved");
    let d = ok_step(&counter, &d, json!({"action": "return_result"})).await;
    assert_eq!(d["dossier"]["status"], "returned");
    // Early when resolved on a day before the due day, on time on the due
    // day itself: which one depends on the hour the test runs (accepted
    // after midnight, a dossier is due the same working day).
    let moment = |k: &str| {
        d["dossier"][k]
            .as_str()
            .unwrap_or_else(|| panic!("{k}: {d}"))
            .parse::<jiff::civil::DateTime>()
            .unwrap()
    };
    let early = moment("finished_at").date() < moment("due_at").date();
    let actions: Vec<&str> = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "file",
            "accept",
            "assign",
            "submit",
            "approve",
            "return_result"
        ]
    );
    assert_eq!(d["timeline"][4]["actor"], "lanhdao");

    // The citizen, no account: by code alone the status; with the key the
    // procedure and the masked name; a wrong key is the same 404 as an
    // unknown code.
    let citizen = app.client();
    let lookup = |q: String| {
        citizen
            .get(app.url(&format!("/api/v1/public/dossiers?{q}")))
            .send()
    };
    let by_code: Value = lookup(format!("code={code}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_code["status"], "returned");
    assert!(by_code["applicant"].is_null(), "{by_code}");
    let found: Value = lookup(format!("code={code}&key={key}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["applicant"], "Nguyễn V. A.", "{found}");
    assert_eq!(found["procedure_name"], birth["name"]);
    let wrong = lookup(format!("code={code}&key=ABCDEFGHJK")).await.unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let wrong: Value = wrong.json().await.unwrap();
    let unknown = lookup(format!("code={}9", &code[..code.len() - 1]))
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.json::<Value>().await.unwrap(), wrong);

    // The rating, once, by the holder of the key.
    let rate = |body: Value| {
        citizen
            .post(app.url("/api/v1/public/dossiers/rating"))
            .json(&body)
            .send()
    };
    let res = rate(json!({"code": code, "key": key, "level": "rat"}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<Value>().await.unwrap()["fields"][0]["field"],
        "level"
    );
    let res = rate(json!({"code": code, "key": key, "level": "hai_long", "comment": "Nhanh"}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = rate(json!({"code": code, "key": key, "level": "hai_long"}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Biểu 06 as JSON: the same row as the page, the dossier resolved
    // (ahead of its due day, or on it), one rating.
    let stats = lanhdao.get_json("/api/v1/dossiers/stats").await;
    let row = stats["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == birth["field"])
        .unwrap_or_else(|| panic!("no row for the field: {stats}"))
        .clone();
    let (e, o) = if early { (1, 0) } else { (0, 1) };
    assert_eq!(api_row(&row), [1, 0, 1, 0, 1, e, o, 0, 0, 0, 0], "{row}");
    assert_eq!(row["on_time_rate"], "100.00");
    assert_eq!(stats["index_766"]["ratings"], 1);
    assert_eq!(stats["index_766"]["satisfaction"], "100.00");
    let page = lanhdao.page("/dossiers/stats").await;
    assert_eq!(
        page_row(&page, row["field"].as_str().unwrap()),
        api_row(&row)
    );
    let late = lanhdao.get_json("/api/v1/dossiers/late").await;
    assert_eq!(late["total"], 0, "{late}");
    // A period that ends before the year began is refused by name.
    let res = lanhdao
        .get("/api/v1/dossiers/stats?from=2026-12-31&to=2026-01-01")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<Value>().await.unwrap()["fields"][0]["field"],
        "to"
    );
});

app_test!(a_citizen_files_online_through_the_api, |app| {
    let w = world(&app.store).await;
    onestop(&app.store, w.ward_a.id).await;
    let citizen = app.client();
    let communes: Value = json_at(&citizen, &app.url("/api/v1/public/communes")).await;
    let ward = communes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == w.ward_a.name.as_str())
        .unwrap()["id"]
        .clone();
    let procedures: Value = json_at(&citizen, &app.url("/api/v1/public/procedures")).await;
    let birth = procedures
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "1.001193")
        .unwrap()["id"]
        .clone();
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let file = |files: Value| {
        citizen
            .post(app.url("/api/v1/public/dossiers"))
            .json(
                &json!({"unit_id": ward, "procedure_id": birth, "applicant": "Lý Thị Mai",
                          "email": "mai@example.vn", "files": files}),
            )
            .send()
    };
    // A paper that is neither a picture nor a PDF is refused by name;
    // a paper that is not base64 names its place; nothing is filed.
    let res = file(json!([{"name": "to-khai.exe", "content_base64": b64(b"MZ\x90\x00")}]))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Tệp «to-khai.exe»"));
    let res = file(json!([{"name": "to-khai.pdf", "content_base64": "%%%"}]))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["fields"][0]["field"], "files[0].content_base64", "{e}");
    // More than 10 MB of papers is refused before anything is kept.
    let big = b64(&vec![b'%'; 11 * 1024 * 1024]);
    let res = file(json!([{"name": "ban-ve.pdf", "content_base64": big}]))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let pdf = b"%PDF-1.4\n%to khai\n";
    let res = file(json!([{"name": "to-khai.pdf", "content_base64": b64(pdf)}]))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let filed: Value = res.json().await.unwrap();
    assert_eq!(filed["status"], "new");
    let code = filed["code"].as_str().unwrap();
    assert_eq!(
        code.rsplit('-').next(),
        Some("0001"),
        "refusals took no number"
    );

    // The counter finds it by its code and reads the paper back.
    let counter = app.login("motcua").await;
    let list = counter
        .get_json(&format!("/api/v1/dossiers?q={code}"))
        .await;
    assert_eq!(list["count"], 1, "{list}");
    let id = list["items"][0]["id"].as_str().unwrap();
    let d = counter.get_json(&format!("/api/v1/dossiers/{id}")).await;
    assert_eq!(d["dossier"]["channel"], "online");
    assert_eq!(d["dossier"]["email"], "mai@example.vn");
    assert_eq!(d["lookup_key"], filed["key"]);
    let href = d["files"][0]["href"].as_str().unwrap();
    let res = counter.get(href).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(&res.bytes().await.unwrap()[..], pdf);
    // Keyset pages: with `after` the last one, the next page is empty.
    let next = counter
        .get_json(&format!("/api/v1/dossiers?q={code}&after={id}"))
        .await;
    assert_eq!(next["items"].as_array().unwrap().len(), 0, "{next}");
    let res = counter.get("/api/v1/dossiers?view=later").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
});

app_test!(an_officer_adds_papers_on_the_version_read, |app| {
    let w = world(&app.store).await;
    let birth = onestop(&app.store, w.ward_a.id).await.birth;
    let at = "2026-03-02T08:00".parse().unwrap();
    let d = counter_dossier(&app.store, &w.ward_a, birth.id, "Trần Văn Bình", at).await;
    let counter = app.login("motcua").await;
    let read = counter
        .get_json(&format!("/api/v1/dossiers/{}", d.id))
        .await;
    let version = read["dossier"]["version"].as_i64().unwrap();
    let add = |name: &str, version: i64, bytes: &'static [u8]| {
        counter
            .client
            .post(counter.url(&format!(
                "/api/v1/dossiers/{}/files?name={name}&version={version}",
                d.id
            )))
            .header("x-csrf-token", &counter.csrf)
            .body(bytes)
            .send()
    };
    let pdf: &[u8] = b"%PDF-1.4\n%giay chung sinh\n";
    let res = add("giay-chung-sinh.pdf", version, pdf).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let after: Value = res.json().await.unwrap();
    let now = after["dossier"]["version"].as_i64().unwrap();
    assert_ne!(now, version, "the dossier's version moves");
    assert_eq!(after["files"][0]["file_name"], "giay-chung-sinh.pdf");
    assert_eq!(after["files"][0]["content_type"], "application/pdf");
    let back = counter
        .get(after["files"][0]["href"].as_str().unwrap())
        .await;
    assert_eq!(&back.bytes().await.unwrap()[..], pdf);
    // On the version already gone: a conflict, nothing kept.
    let res = add("ban-sao.pdf", version, pdf).await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Neither a picture nor a PDF: refused by name.
    let res = add("to-khai.exe", now, b"MZ\x90\x00").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["fields"][0]["field"], "file", "{e}");
    assert_eq!(
        app.store
            .dossier_files(&Scope::All, d.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // The page's form adds the same way, on the version it was drawn with.
    let page = counter.page(&format!("/dossiers/{}", d.id)).await;
    assert!(
        page.contains(&format!("action=\"/dossiers/{}/tep?_csrf=", d.id)),
        "{page}"
    );
    let form = reqwest::multipart::Form::new()
        .text("version", now.to_string())
        .part(
            "file",
            file_part("ban-chup-cccd.png", b"\x89PNG\r\n\x1a\n0000".to_vec()),
        );
    let res = counter
        .post_multipart(&format!("/dossiers/{}/tep", d.id), form)
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = counter.page(&format!("/dossiers/{}", d.id)).await;
    assert!(page.contains("ban-chup-cccd.png"), "{page}");
    let files = app.store.dossier_files(&Scope::All, d.id).await.unwrap();
    assert_eq!(files.len(), 2);
    // Each addition is in the audit, under the one who added it.
    for f in &files {
        assert_eq!(
            history(app, xaphuong_core::audit::Entity::DossierFile, f.id).await,
            ["insert"]
        );
    }
    // A group head does not handle dossiers.
    let head = app
        .signed_in(w.group_a.id, "totruong.a", "Lò Văn Tổ", Role::GroupHead)
        .await;
    let res = head
        .client
        .post(head.url(&format!(
            "/api/v1/dossiers/{}/files?name=x.pdf&version={now}",
            d.id
        )))
        .header("x-csrf-token", &head.csrf)
        .body(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});
