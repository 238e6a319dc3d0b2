//! Cooperatives on their pages and through the API: one kept on the
//! version read, its grades and supports set on its page and through the
//! API, the register exported and imported back unchanged, a bad file
//! refused by row and column.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

app_test!(cooperatives_on_pages_and_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let (ward, group) = (w.ward_a.id.to_string(), w.group_a.id.to_string());
    // The page: every problem at once, then kept.
    let res = s
        .post_form(
            "/cooperatives",
            &[
                ("unit_id", group.as_str()),
                ("founded_on", "2022-03-15"),
                ("members", "0"),
                ("capital", "nhiều"),
            ],
        )
        .await;
    says_all(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "Chưa nhập tên hợp tác xã",
            "Chưa nhập ngành, nghề kinh doanh",
            "Số thành viên không hợp lệ",
            "Vốn điều lệ không hợp lệ",
        ],
    )
    .await;
    let res = s
        .post_form(
            "/cooperatives",
            &[
                ("unit_id", group.as_str()),
                ("registration_no", "4701A0112"),
                ("name", "Hợp tác xã rau an toàn nhà lưới"),
                ("founded_on", "2022-03-15"),
                ("line_of_business", "Trồng rau an toàn"),
                ("members", "9"),
                ("capital", "500.000.000"),
                ("status", "active"),
            ],
        )
        .await;
    let page_url = location(&res);
    assert!(page_url.starts_with("/cooperatives/"), "{page_url}");
    let list = s.page("/cooperatives?founded=2022").await;
    assert!(
        list.contains("Hợp tác xã rau an toàn nhà lưới")
            && list.contains("1 hợp tác xã thành lập năm 2022")
            && list.contains("500.000.000"),
        "{list}"
    );
    assert!(
        s.page("/cooperatives?founded=2021")
            .await
            .contains("0 hợp tác xã")
    );

    // A grade and a support on the record page.
    let res = s
        .post_form(
            &format!("{page_url}/grades"),
            &[("year", "2022"), ("grade", "good"), ("score", "70")],
        )
        .await;
    says(res, StatusCode::UNPROCESSABLE_ENTITY, "70 điểm là loại Khá").await;
    let res = s
        .post_form(
            &format!("{page_url}/grades"),
            &[("year", "2022"), ("grade", "fair"), ("score", "70")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = s
        .post_form(
            &format!("{page_url}/supports"),
            &[
                ("year", "2022"),
                ("policy", ""),
                ("content", "Nhà lưới"),
                ("amount", "0"),
            ],
        )
        .await;
    says_all(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["Ghi chính sách hỗ trợ", "Số tiền hỗ trợ không hợp lệ"],
    )
    .await;
    let res = s
        .post_form(
            &format!("{page_url}/supports"),
            &[
                ("year", "2022"),
                ("policy", "Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn"),
                ("content", "Xây dựng nhà lưới"),
                ("amount", "150.000.000"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let record = s.page(&page_url).await;
    assert!(
        record.contains("<td>2022</td><td>Khá</td>")
            && record.contains("Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn")
            && record.contains("150.000.000"),
        "{record}"
    );

    // The API: the same record, changed on the version read.
    let found: Value = s.get_json("/api/v1/cooperatives?q=rau+an+toan").await;
    assert_eq!(found["total"], 1);
    let c = &found["items"][0];
    let url = format!("/api/v1/cooperatives/{}", c["id"].as_str().unwrap());
    let body = |version: &Value, members: &str| {
        json!({"unit_id": group, "version": version, "registration_no": "4701A0112",
               "name": "Hợp tác xã rau an toàn nhà lưới", "founded_on": "2022-03-15",
               "line_of_business": "Trồng rau an toàn", "members": members,
               "capital": "500000000", "status": "active"})
    };
    let res = s
        .send_json(Method::PUT, &url, &body(&c["version"], "12"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .send_json(Method::PUT, &url, &body(&c["version"], "30"))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let got: Value = s.get_json(&url).await;
    assert_eq!(got["cooperative"]["members"], 12, "{got}");
    assert_eq!(got["grades"][0]["grade"], "fair", "{got}");
    assert_eq!(got["supports"][0]["amount"], 150_000_000_i64, "{got}");
    // Grades and supports through the API.
    let res = s
        .send_json(
            Method::PUT,
            &format!("{url}/grades"),
            &json!({"year": "2022", "grade": "weak", "score": "81"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = s
        .send_json(
            Method::PUT,
            &format!("{url}/grades"),
            &json!({"year": "2022", "grade": "good", "score": "81"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .send_json(
            Method::POST,
            &format!("{url}/supports"),
            &json!({"year": "2022", "policy": "Ngân sách phường", "content": "Tập huấn", "amount": "5000000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let added: Value = res.json().await.unwrap();
    let got: Value = s.get_json(&url).await;
    assert_eq!(got["grades"].as_array().map(Vec::len), Some(1), "{got}");
    assert_eq!(got["grades"][0]["score"], 81, "{got}");
    assert_eq!(got["supports"].as_array().map(Vec::len), Some(2), "{got}");
    let res = s
        .send_json(
            Method::DELETE,
            &format!("{url}/supports/{}", added["id"].as_str().unwrap()),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let got: Value = s.get_json(&url).await;
    assert_eq!(got["supports"].as_array().map(Vec::len), Some(1), "{got}");

    // The register as a workbook imports back into the same cooperatives.
    let export = || async {
        let res = s.get("/cooperatives/export.xlsx").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let mut rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
        rows.sort();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0][3], "Tổ 5");
    let import = |bytes: Vec<u8>| {
        s.client
            .post(s.url(&format!("/api/v1/cooperatives/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body(bytes)
            .send()
    };
    let res = import(file).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, twice) = export().await;
    assert_eq!(twice, [first[0].clone(), first[0].clone()]);
    // A bad row in the middle: nothing written, row and column named.
    let csv = "Tên hợp tác xã;Ngày đăng ký thành lập;Tổ dân phố, thôn;Ngành, nghề kinh doanh;Số thành viên;Vốn điều lệ (đồng)\n\
               HTX chè;10/10/2022;Tổ 5;Trồng chè;7;300000000\n\
               HTX dược liệu;11/10/2022;Tổ 5;Dược liệu;nhiều;200000000\n\
               HTX mây tre;12/10/2022;Tổ 5;Mây tre đan;8;100000000\n";
    let res = s
        .post_file_for(
            "/cooperatives/import",
            &ward,
            "htx.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("<td>3</td><td>Số thành viên</td>"), "{page}");
    assert_eq!(export().await.1.len(), 2);
    // The same file mended imports whole.
    let fixed = csv.replace("nhiều", "6");
    let res = s
        .post_file_for(
            "/cooperatives/import",
            &ward,
            "htx.csv",
            fixed.as_bytes().to_vec(),
        )
        .await;
    assert!(
        res.text().await.unwrap().contains("Đã nhập 3 hợp tác xã."),
        "fixed file"
    );
    assert_eq!(export().await.1.len(), 5);

    // Every change is audited.
    for entity in [
        xaphuong_core::audit::Entity::Cooperative,
        xaphuong_core::audit::Entity::CooperativeGrade,
        xaphuong_core::audit::Entity::CooperativeSupport,
    ] {
        let n = app
            .store
            .audit_entries(
                &xaphuong_core::access::Scope::All,
                &xaphuong_store::audit::AuditFilter {
                    entity: Some(entity),
                    limit: Some(100),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .len();
        assert!(n >= 2, "{entity:?}: {n}");
    }
    let res = s.send_json(Method::DELETE, &url, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = s.get(&page_url).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});
