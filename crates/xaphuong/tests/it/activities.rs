//! Culture and sport on their pages and through the API: an activity of a
//! group kept on the version read, the register exported and imported back
//! unchanged, a bad file refused by row, the year's titles set on the page
//! and read through the API.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

app_test!(activities_and_titles_on_pages_and_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let (ward, group) = (w.ward_a.id.to_string(), w.group_a.id.to_string());
    // The page: every problem at once, then kept.
    let res = s
        .post_form(
            "/activities",
            &[
                ("unit_id", group.as_str()),
                ("held_on", "2022-09-02"),
                ("participants", "0"),
            ],
        )
        .await;
    says_all(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "Chọn loại hoạt động",
            "Chưa nhập tên hoạt động",
            "Số người tham gia không hợp lệ",
        ],
    )
    .await;
    let res = s
        .post_form(
            "/activities",
            &[
                ("unit_id", group.as_str()),
                ("held_on", "2022-09-02"),
                ("kind", "sport"),
                ("name", "Giải bóng chuyền hơi"),
                ("participants", "120"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/activities?year=2022");
    let list = s.page("/activities?year=2022").await;
    assert!(
        list.contains("Giải bóng chuyền hơi") && list.contains("1 hoạt động, 120 lượt người"),
        "{list}"
    );
    // The API: the same record, changed on the version read.
    let found: Value = s.get_json("/api/v1/activities?q=bong+chuyen").await;
    assert_eq!(found["total"], 1);
    let a = &found["items"][0];
    let url = format!("/api/v1/activities/{}", a["id"].as_str().unwrap());
    let body = |version: &Value, people: &str| {
        json!({"unit_id": group, "version": version, "held_on": "2022-09-02", "kind": "sport",
               "name": "Giải bóng chuyền hơi", "participants": people})
    };
    let res = s
        .send_json(Method::PUT, &url, &body(&a["version"], "140"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .send_json(Method::PUT, &url, &body(&a["version"], "1"))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(s.get_json(&url).await["participants"], 140);

    // The register as a workbook imports back into the same activities.
    let export = || async {
        let res = s.get("/activities/export.xlsx").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let mut rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
        rows.sort();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0][1], "Tổ 5");
    let import = |bytes: Vec<u8>| {
        s.client
            .post(s.url(&format!("/api/v1/activities/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body(bytes)
            .send()
    };
    let res = import(file).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, twice) = export().await;
    assert_eq!(twice, [first[0].clone(), first[0].clone()]);
    // A bad row in the middle: nothing written, row and column named.
    let csv = "Ngày tổ chức;Tổ dân phố, thôn;Loại hoạt động;Tên hoạt động;Số người tham gia\n\
               10/10/2022;Tổ 5;Văn hóa, văn nghệ;Hội diễn;80\n\
               11/10/2022;Tổ 5;Thể dục, thể thao;Kéo co;nhiều\n\
               12/10/2022;Tổ 5;Câu lạc bộ;Dưỡng sinh;30\n";
    let res = s
        .post_file_for(
            "/activities/import",
            &ward,
            "hd.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<td>3</td><td>Số người tham gia</td>"),
        "{page}"
    );
    assert_eq!(export().await.1.len(), 2);

    // The year's titles: the form sets them, the API reads them.
    let page = s
        .page(&format!("/activities/titles?unit={ward}&year=2022"))
        .await;
    assert!(
        page.contains("0/1 thôn, tổ dân phố đạt danh hiệu"),
        "{page}"
    );
    let res = s
        .post_form(
            "/activities/titles",
            &[
                ("unit", ward.as_str()),
                ("year", "2022"),
                ("group", group.as_str()),
                ("recognised", group.as_str()),
                ("decision", ""),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ghi số, ngày quyết định công nhận danh hiệu",
    )
    .await;
    let res = s
        .post_form(
            "/activities/titles",
            &[
                ("unit", ward.as_str()),
                ("year", "2022"),
                ("group", group.as_str()),
                ("recognised", group.as_str()),
                ("decision", "Quyết định số 215/QĐ-UBND"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let titles: Value = s
        .get_json(&format!("/api/v1/activities/titles?unit={ward}&year=2022"))
        .await;
    assert_eq!(titles["recognised"], 1, "{titles}");
    assert_eq!(titles["groups"][0]["decision"], "Quyết định số 215/QĐ-UBND");
    // Through the API, taken back.
    let res = s
        .send_json(
            Method::PUT,
            "/api/v1/activities/titles",
            &json!({"unit": ward, "year": 2022, "titles": [{"group": group, "recognised": false}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["groups"][0]["recognised"], false, "{v}");
    // A group head reads their own group's title, as their commune's page.
    let head = app
        .signed_in(
            w.group_a.id,
            "totruong",
            "Lò Văn Tổ",
            xaphuong_core::users::Role::GroupHead,
        )
        .await;
    let own: Value = head.get_json("/api/v1/activities/titles?year=2022").await;
    assert_eq!(own["groups"].as_array().map(Vec::len), Some(1), "{own}");
    assert_eq!(own["groups"][0]["group_name"], "Tổ 5");
    let page = head.page("/activities/titles?year=2022").await;
    assert!(page.contains("Tổ 5"), "{page}");
    // Every change is audited.
    for entity in [
        xaphuong_core::audit::Entity::Activity,
        xaphuong_core::audit::Entity::GroupTitle,
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
});
