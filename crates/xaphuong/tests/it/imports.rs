//! Every register's import over HTTP: the template downloads and imports
//! back, a bad file writes nothing and names row and column, the API
//! answers the same in JSON.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

async fn upload(
    s: &Session,
    path: &str,
    unit: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new()
        .text("unit_id", unit.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let res = s
        .client
        .post(s.url(&format!("{path}?_csrf={}", s.csrf)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

app_test!(
    every_register_imports_its_template_and_refuses_bad_rows,
    |app| {
        let w = world(&app.store).await;
        let s = app.login("quantri.a").await;
        let ward = w.ward_a.id.to_string();
        for (base, done) in [
            ("/violations", "Đã nhập 1 vụ việc."),
            ("/handovers", "Đã nhập 1 hộ bàn giao."),
            ("/recruitment", "Đã nhập 1 công dân."),
            ("/budget", "Đã nhập 1 dòng thu ngân sách."),
            ("/inspections", "Đã nhập 1 trường hợp trong 1 đợt kiểm tra."),
        ] {
            let page = s.get(&format!("{base}/import")).await.text().await.unwrap();
            assert!(
                page.contains("tải tệp mẫu") && page.contains(&format!("{base}/import/mau.xlsx")),
                "{base}"
            );
            let res = s.get(&format!("{base}/import/mau.xlsx")).await;
            assert_eq!(res.status(), StatusCode::OK, "{base}");
            let template = res.bytes().await.unwrap().to_vec();
            // The example row's group («Tổ 5», «Tổ 7», «Tổ 3») is not ward A's
            // but for «Tổ 5»: an unknown group is named with its row.
            let (status, body) = upload(
                &s,
                &format!("{base}/import"),
                &ward,
                "mau.xlsx",
                template.clone(),
            )
            .await;
            if base == "/handovers" || base == "/recruitment" {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{base}: {body}");
                assert!(
                    body.contains("<td>4</td><td>Tổ dân phố, thôn</td>"),
                    "{base}: {body}"
                );
                continue;
            }
            assert_eq!(status, StatusCode::OK, "{base}: {body}");
            assert!(body.contains(done), "{base}: {body}");
        }
        // A bad row in a CSV: named by its row and the file's own header.
        let csv = "Ngày bàn giao;Hộ bàn giao;Công trình, dự án;Diện tích (m²)\n15/06/2021;Hộ ông Nông Văn Thắng;Nút giao;45,5\n31/06/2021;Hộ bà Hà Thị Lan;Nút giao;20\n";
        let (status, body) = upload(
            &s,
            "/handovers/import",
            &ward,
            "bg.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("<td>3</td><td>Ngày bàn giao</td>"), "{body}");
        let list: Value = s.get("/api/v1/handovers").await.json().await.unwrap();
        assert_eq!(list["total"], 0);
        // The same file fixed, through the API.
        let fixed = csv.replace("31/06/2021", "30/06/2021");
        let res = s
            .client
            .post(s.url(&format!("/api/v1/handovers/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body(fixed)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["message"], "Đã nhập 2 hộ bàn giao.");
        let found: Value = s
            .get("/api/v1/handovers?q=ha+thi+lan")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["total"], 1);
        // The API's problems are JSON, with row and column.
        let res = s
            .client
            .post(s.url(&format!("/api/v1/recruitment/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body("Năm,Họ và tên,Năm sinh\n2021,Hoàng Minh Đức,1950\n")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: Value = res.json().await.unwrap();
        let text = v.to_string();
        assert!(
            text.contains("Năm sinh") && text.contains("\"row\":2"),
            "{text}"
        );
    }
);

app_test!(attachments_over_the_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let v: Value = s
        .send_json(
            Method::POST,
            "/api/v1/violations",
            &json!({"unit_id": w.ward_a.id, "kind": "sidewalk", "offender": "Hộ bà Đinh Thị Hoa",
                    "address": "Số 2, đường Kon Tum", "detected_on": "2021-05-01"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_str().unwrap().to_owned();
    let pdf = b"%PDF-1.4 bien ban".to_vec();
    let send = |name: &str, bytes: Vec<u8>| {
        s.client
            .post(s.url(&format!("/api/v1/violations/{id}/attachments?name={name}")))
            .header("x-csrf-token", &s.csrf)
            .body(bytes)
            .send()
    };
    let res = send("bien-ban.pdf", pdf.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let a: Value = res.json().await.unwrap();
    assert_eq!(
        (a["content_type"].as_str(), a["size"].as_i64()),
        (Some("application/pdf"), Some(17))
    );
    let res = send("x.exe", b"MZ\x90\x00".to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list: Value = s
        .get(&format!("/api/v1/violations/{id}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let one = format!(
        "/api/v1/violations/{id}/attachments/{}",
        a["id"].as_str().unwrap()
    );
    let res = s.get(&one).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    let res = s.send_json(Method::DELETE, &one, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get(&one).await.status(), StatusCode::NOT_FOUND);
});
