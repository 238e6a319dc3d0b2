//! Budget spending on its pages and through the API: the estimate and the
//! payments by item, an investment paid for a public work, a change on the
//! version read, the register exported and imported back unchanged.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

app_test!(spending_is_kept_on_its_pages_and_through_the_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    // A road to pay for.
    let road: Value = s
        .post_json(
            "/api/v1/works",
            &json!({"unit_id": ward, "name": "Đường ngõ 35", "kind": "road_concrete", "length": "210"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let road_id = road["id"].as_str().unwrap().to_owned();
    // The page: an investment without its work is refused by name.
    let form = |item: &'static str, entry: &'static str, amount: &'static str, work: &str| {
        vec![
            ("unit_id", ward.clone()),
            ("year", "2022".to_owned()),
            ("entry", entry.to_owned()),
            ("item", item.to_owned()),
            ("work_id", work.to_owned()),
            ("on", "2022-07-20".to_owned()),
            ("amount", amount.to_owned()),
            ("document", "Giấy rút dự toán số 12".to_owned()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let s = &s;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post_form("/spending/entries", &f).await
        }
    };
    let res = post(form("investment", "payment", "150.000.000", "")).await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Chi đầu tư phát triển ghi cho một công trình",
    )
    .await;
    let res = post(form("investment", "payment", "150.000.000", &road_id)).await;
    assert_eq!(location(&res), "/spending?year=2022");
    let res = post(form("investment", "original", "160.000.000", &road_id)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = s.page("/spending?year=2022").await;
    assert!(
        page.contains("150.000.000") && page.contains("93,8"),
        "{page}"
    );
    assert!(page.contains(&format!("<a href=\"/works/{road_id}\">Đường ngõ 35</a>")));
    // The work's page shows what the budget set aside and paid for it,
    // opening the payments.
    let work_page = s.page(&format!("/works/{road_id}")).await;
    assert!(
        work_page
            .contains("<td class=\"num\">160.000.000 đ</td><td class=\"num\">150.000.000 đ</td>"),
        "{work_page}"
    );
    assert!(
        work_page.contains("/spending?year=2022&amp;item=investment&amp;q=duong+ngo+35"),
        "{work_page}"
    );
    let opened = s
        .page("/spending?year=2022&item=investment&q=duong+ngo+35")
        .await;
    assert!(opened.contains("2 mục"), "{opened}");

    // The API: created, read, changed on the version read (409 after).
    let res = s
        .post_json(
            "/api/v1/spending/entries",
            &json!({"unit_id": ward, "year": 2022, "entry": "original", "item": "culture",
                    "on": "2022-01-05", "amount": "120.000.000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let culture: Value = res.json().await.unwrap();
    let url = format!(
        "/api/v1/spending/entries/{}",
        culture["id"].as_str().unwrap()
    );
    let change = |version: &Value, amount: &str| json!({"version": version, "item": "culture", "on": "2022-01-05", "amount": amount});
    let res = s
        .send_json(
            Method::PUT,
            &url,
            &change(&culture["version"], "125.000.000"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .send_json(Method::PUT, &url, &change(&culture["version"], "1"))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let now: Value = s.get_json(&url).await;
    assert_eq!(now["amount"], 125_000_000);
    // A negative figure is only an adjustment.
    let res = s
        .post_json(
            "/api/v1/spending/entries",
            &json!({"unit_id": ward, "year": 2022, "entry": "payment", "item": "culture",
                    "on": "2022-03-05", "amount": "-5.000.000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let summary: Value = s
        .get_json("/api/v1/spending/summary?year=2022&as_of=2022-12-31")
        .await;
    assert_eq!(
        (&summary["total"]["estimate"], &summary["total"]["paid"]),
        (&json!(285_000_000), &json!(150_000_000))
    );

    // The register exported imports back as the same entries.
    let export = || async {
        let res = s.get("/spending/export.xlsx?year=2022").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let mut rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
        rows.sort();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 3);
    let res = s
        .client
        .post(s.url(&format!("/api/v1/spending/import?unit={ward}")))
        .header("x-csrf-token", &s.csrf)
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["message"], "Đã nhập 3 dòng chi ngân sách.");
    let (_, twice) = export().await;
    let mut doubled: Vec<Vec<String>> = first.iter().chain(&first).cloned().collect();
    doubled.sort();
    assert_eq!(twice, doubled);
    // A file whose middle row pays for a work the ward does not have
    // writes nothing, naming the row and the column.
    let csv = "Ngày;Loại;Khoản chi;Số tiền (đồng);Công trình\n\
               05/01/2022;Dự toán chi giao đầu năm;Chi sự nghiệp y tế;40.000.000;\n\
               05/05/2022;Số chi;Chi đầu tư phát triển (công trình);20.000.000;Cầu treo\n\
               06/05/2022;Số chi;Chi sự nghiệp y tế;10.000.000;\n";
    let res = s
        .post_file_for(
            "/spending/import",
            &ward,
            "chi.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("<td>3</td><td>Công trình</td>"), "{body}");
    let (_, after) = export().await;
    assert_eq!(after.len(), 6);

    // The entry's page changes it on the version it shows.
    let id = culture["id"].as_str().unwrap();
    let entry_page = s.page(&format!("/spending/entries/{id}")).await;
    assert!(entry_page.contains("name=\"version\""), "{entry_page}");
    let res = s
        .post_form(
            &format!("/spending/entries/{id}"),
            &[
                ("version", culture["version"].to_string().as_str()),
                ("item", "culture"),
                ("on", "2022-01-05"),
                ("amount", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Deleted by mistake, through the API.
    let res = s.send_json(Method::DELETE, &url, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(s.get(&url).await.status(), StatusCode::NOT_FOUND);
});
