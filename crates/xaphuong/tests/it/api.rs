use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

app_test!(openapi_document_describes_every_api_route, |app| {
    let res = app.get_anonymous("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["info"]["title"], "xaphuong API");
    // Kept for the validator CI runs on it.
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::write(
        artifacts.join("openapi.json"),
        serde_json::to_vec_pretty(&doc).unwrap(),
    )
    .unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = xaphuong_web::routes()
        .into_iter()
        .filter(|r| {
            r.path.starts_with("/api/v1/")
                && !r.path.starts_with("/api/v1/docs")
                && r.path != "/api/v1/openapi.json"
        })
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, served);
    // A parameter said to be in the path is in the path's template (a
    // query's filters described as path parameters make the document invalid).
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for op in ops.as_object().unwrap().values() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "path" {
                    let name = p["name"].as_str().unwrap();
                    assert!(path.contains(&format!("{{{name}}}")), "{path}: {name}");
                }
            }
        }
    }
    // Every schema a document names is defined, and each body is its
    // route's own (two structs of one name would describe one route with
    // the other's fields).
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let text = doc.to_string();
    for name in text.split("\"#/components/schemas/").skip(1) {
        let name = name.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is not defined");
    }
    // A body's fields: its own and those of the schemas it is composed of.
    fn fields(schemas: &serde_json::Map<String, Value>, s: &Value, out: &mut BTreeSet<String>) {
        if let Some(r) = s["$ref"].as_str() {
            fields(schemas, &schemas[r.rsplit('/').next().unwrap()], out);
        }
        for part in s["allOf"].as_array().into_iter().flatten() {
            fields(schemas, part, out);
        }
        out.extend(
            s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone()),
        );
    }
    let body = |path: &str| {
        let mut out = BTreeSet::new();
        fields(
            schemas,
            &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"],
            &mut out,
        );
        out
    };
    let violation = body("/api/v1/violations");
    assert!(violation.contains("detected_on") && violation.contains("unit_id"));
    assert!(!violation.contains("outcome"));
    assert!(body("/api/v1/inspections/{id}/cases").contains("outcome"));
    assert!(body("/api/v1/recruits").contains("full_name"));
    // The viewer is served from the binary.
    let ui = app.get_anonymous("/api/v1/docs/").await;
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap().contains("swagger"));
});

app_test!(api_crud_with_session_and_csrf_header, |app| {
    let w = world(&app.store).await;
    let c = app.client();
    let res = c
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "quantri.a", "password": "sai"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = c
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "quantri.a", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let session: Value = res.json().await.unwrap();
    assert_eq!(session["user"]["role"], "admin");
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    let send = |m: Method, path: &str, body: Value| {
        c.request(m, app.url(path))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };

    let res = send(
        Method::POST,
        "/api/v1/units",
        json!({"parent_id": w.ward_a.id, "code": "8", "name": "Tổ 8", "kind": "to_dan_pho"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let unit: Value = res.json().await.unwrap();
    let id = unit["id"].as_str().unwrap().to_owned();
    // Duplicate code: 409 naming the field, nothing written.
    let before = app.unit_total().await;
    let res = send(
        Method::POST,
        "/api/v1/units",
        json!({"parent_id": w.ward_a.id, "code": "8", "name": "Tổ Tám", "kind": "to_dan_pho"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "code");
    assert_eq!(app.unit_total().await, before);
    // Bad input: 422 with every field named.
    let res = send(
        Method::POST,
        "/api/v1/units",
        json!({"parent_id": w.ward_a.id, "code": "", "name": "", "kind": "vung"}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = res.json().await.unwrap();
    let fields: BTreeSet<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, BTreeSet::from(["kind", "name"]));
    let res = c
        .post(app.url("/api/v1/units"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.json::<Value>().await.unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("JSON không hợp lệ")
    );

    let res = send(
        Method::PUT,
        &format!("/api/v1/units/{id}"),
        json!({"code": "8", "name": "Tổ dân phố 8", "kind": "to_dan_pho"}),
    )
    .await
    .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["name"], "Tổ dân phố 8");
    let list = json_at(&c, &app.url("/api/v1/units?q=to+dan+pho+8")).await;
    assert_eq!(list["total"], 1);
    let res = send(Method::DELETE, &format!("/api/v1/units/{id}"), json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let audit = json_at(
        &c,
        &app.url(&format!("/api/v1/audit?entity=unit&entity_id={id}")),
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["delete", "update", "insert"]);
    assert_eq!(audit["items"][1]["before"]["name"], "Tổ 8");

    // Accounts.
    let res = send(Method::POST, "/api/v1/users", json!({"unit_id": w.group_a.id, "username": "totruong", "full_name": "Lục Văn Sơn", "role": "group_head", "password": PASSWORD})).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let u: Value = res.json().await.unwrap();
    let res = send(Method::PUT, &format!("/api/v1/users/{}", u["id"].as_str().unwrap()), json!({"unit_id": w.group_a.id, "username": "totruong", "full_name": "Lục Văn Sơn", "role": "group_head", "active": false})).await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["active"], false);
    // A change that does not mention `active` leaves the account locked.
    let res = send(Method::PUT, &format!("/api/v1/users/{}", u["id"].as_str().unwrap()), json!({"unit_id": w.group_a.id, "username": "totruong", "full_name": "Lục Văn Sơn Hai", "role": "group_head"})).await.unwrap();
    let v = res.json::<Value>().await.unwrap();
    assert_eq!(
        (v["full_name"].as_str(), v["active"].as_bool()),
        (Some("Lục Văn Sơn Hai"), Some(false))
    );
    let res = send(Method::POST, "/api/v1/units/import", json!(""))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = c
        .post(app.url("/api/v1/units/import"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "text/csv")
        .body("ma,ten,loai,ma_cap_tren\n21,Tổ 21,Tổ dân phố,01843\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["created"], 1);
    let res = send(Method::DELETE, "/api/v1/session", json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
});
