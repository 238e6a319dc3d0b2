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
    let res = s.post_file_for(path, unit, name, bytes).await;
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
            ("/works", "Đã nhập 1 công trình."),
            ("/spending", "Đã nhập 1 dòng chi ngân sách."),
            ("/activities", "Đã nhập 1 hoạt động."),
            ("/businesses", "Đã nhập 1 hộ kinh doanh."),
            ("/tax/debts", "Đã nhập 1 khoản nợ thuế."),
            ("/cooperatives", "Đã nhập 1 hợp tác xã."),
        ] {
            let page = s.page(&format!("{base}/import")).await;
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
        let list: Value = s.get_json("/api/v1/handovers").await;
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
        let found: Value = s.get_json("/api/v1/handovers?q=ha+thi+lan").await;
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
        .post_json(
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
        .get_json(&format!("/api/v1/violations/{id}/attachments"))
        .await;
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

/// One register through its export and back: the template's example row
/// (in residential group «Tổ 5») imported into ward A, exported, the export
/// imported into an empty ward with a «Tổ 5» too, and exported again. The
/// export's headers are the register's declared export columns, import
/// columns first, and the second export holds the same cells as the first.
async fn exported_imports_again<R: xaphuong_report::import::Register>(
    a: (&Session, &str),
    c: (&Session, &str),
    base: &str,
    query: &str,
    done: &str,
) {
    use xaphuong_report::import::{export_columns, headers};
    use xaphuong_report::xlsx::{Cell, workbook};
    let mut example = R::example();
    if let Some(i) = R::COLUMNS.iter().position(|c| c.field == "group") {
        example[i] = Cell::from("Tổ 5");
    }
    let file = workbook(R::SHEET, R::TITLE, &headers::<R>(), vec![example]).unwrap();
    let (status, body) = upload(a.0, &format!("{base}/import"), a.1, "mau.xlsx", file).await;
    assert_eq!(status, StatusCode::OK, "{base}: {body}");
    assert!(body.contains(done), "{base}: {body}");
    async fn export(s: &Session, url: &str) -> Vec<u8> {
        let res = s.get(url).await;
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        res.bytes().await.unwrap().to_vec()
    }
    let url = format!("{base}/export.xlsx{query}");
    let first = export(a.0, &url).await;
    let sheet = xaphuong_report::sheet::read(&first).unwrap();
    let declared: Vec<&str> = export_columns::<R>().iter().map(|c| c.label).collect();
    assert_eq!(sheet.labels, declared, "{base}");
    assert_eq!(sheet.rows.len(), 1, "{base}");
    // The cells under the required import columns are filled.
    let row = &sheet.rows[0].1;
    for (i, col) in R::COLUMNS.iter().enumerate().filter(|(_, c)| c.required) {
        assert!(
            row.get(i).is_some_and(|v| !v.is_empty()),
            "{base}: «{}» in {row:?}",
            col.label
        );
    }
    let (status, body) = upload(c.0, &format!("{base}/import"), c.1, "xuat.xlsx", first).await;
    assert_eq!(status, StatusCode::OK, "{base}: {body}");
    assert!(body.contains(done), "{base}: {body}");
    let again = xaphuong_report::sheet::read(&export(c.0, &url).await).unwrap();
    assert_eq!(again.labels, sheet.labels, "{base}");
    let cells = |s: &xaphuong_report::sheet::Sheet| -> Vec<Vec<String>> {
        s.rows.iter().map(|(_, r)| r.clone()).collect()
    };
    assert_eq!(cells(&again), cells(&sheet), "{base}");
}

app_test!(every_register_exports_what_imports_again, |app| {
    use xaphuong_report::import::{
        budget::Budget, handovers::Handovers, households::Households, inspections::Inspections,
        recruitment::Recruitment, violations::Violations,
    };
    let w = world(&app.store).await;
    let system = xaphuong_core::audit::Actor::system("kiểm thử");
    let all = xaphuong_core::access::Scope::All;
    let unit = |code: &str, name: &str, kind: xaphuong_core::units::Kind| {
        xaphuong_core::units::UnitInput {
            code: code.into(),
            name: name.into(),
            kind: kind.as_str().into(),
        }
    };
    let ward_c = app
        .store
        .create_unit(
            &system,
            &all,
            w.ward_a.parent_id,
            &unit(
                "01840",
                "Phường Đức Xuân",
                xaphuong_core::units::Kind::Phuong,
            ),
        )
        .await
        .unwrap();
    app.store
        .create_unit(
            &system,
            &all,
            Some(ward_c.id),
            &unit("5", "Tổ 5", xaphuong_core::units::Kind::ToDanPho),
        )
        .await
        .unwrap();
    add_user(
        &app.store,
        Some(ward_c.id),
        "quantri.c",
        "Lý Thị Mai",
        xaphuong_core::users::Role::Admin,
    )
    .await;
    let sa = app.login("quantri.a").await;
    let sc = app.login("quantri.c").await;
    let (ward_a, ward_c) = (w.ward_a.id.to_string(), ward_c.id.to_string());
    let a = (&sa, ward_a.as_str());
    let c = (&sc, ward_c.as_str());
    let year = "?year=2021";
    exported_imports_again::<Violations>(a, c, "/violations", year, "Đã nhập 1 vụ việc.").await;
    exported_imports_again::<Handovers>(a, c, "/handovers", year, "Đã nhập 1 hộ bàn giao.").await;
    exported_imports_again::<Recruitment>(a, c, "/recruitment", year, "Đã nhập 1 công dân.").await;
    exported_imports_again::<Budget>(a, c, "/budget", year, "Đã nhập 1 dòng thu ngân sách.").await;
    exported_imports_again::<Inspections>(
        a,
        c,
        "/inspections",
        year,
        "Đã nhập 1 trường hợp trong 1 đợt kiểm tra.",
    )
    .await;
    exported_imports_again::<Households>(a, c, "/households", "", "Đã nhập 1 hộ, 1 nhân khẩu")
        .await;
});
