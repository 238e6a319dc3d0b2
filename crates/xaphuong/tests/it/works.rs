//! Public works on their pages and through the API: a road concreted
//! through two groups, changed on the version read, found by its state,
//! deleted when entered by mistake; every step audited.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xaphuong_core::audit::Entity;
use xaphuong_core::units::Kind;
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(a_work_is_kept_on_its_pages_and_through_the_api, |app| {
    let w = world(&app.store).await;
    let group_6 = add_unit(&app.store, Some(&w.ward_a), "6", "Tổ 6", Kind::ToDanPho).await;
    let s = app.login("quantri.a").await;
    let (ward, g5, g6) = (
        w.ward_a.id.to_string(),
        w.group_a.id.to_string(),
        group_6.id.to_string(),
    );
    // The form lists the ward's groups.
    let form = s.page("/works/new").await;
    assert!(form.contains(&format!("value=\"{g6}\"")), "{form}");
    // Every problem at once, by field.
    let res = s
        .post_form(
            "/works",
            &[
                ("unit_id", &ward),
                ("kind", "road_concrete"),
                ("completed_on", "2022-06-20"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for m in [
        "Chưa nhập tên công trình",
        "Tuyến đường bê tông hóa cần chiều dài",
        "cần ngày khởi công",
    ] {
        assert!(body.contains(m), "{m}: {body}");
    }
    let road = [
        ("unit_id", ward.as_str()),
        ("groups", g5.as_str()),
        ("groups", g6.as_str()),
        ("name", "Bê tông hóa đường ngõ 12"),
        ("kind", "road_concrete"),
        ("length", "250"),
        ("width", "3,5"),
        ("budget_commune", "150.000.000"),
        ("people_money", "45.000.000"),
        ("people_labour_days", "320"),
        ("started_on", "2022-03-15"),
        ("due_on", "2022-06-30"),
    ];
    let res = s.post_form("/works", &road).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = location(&res);
    let id = page.trim_start_matches("/works/").to_owned();
    let shown = s.page(&page).await;
    for m in [
        "Tổ 5, Tổ 6",
        "250 m × 3,5 m",
        "150.000.000 đ",
        "chậm tiến độ",
    ] {
        assert!(shown.contains(m), "{m}: {shown}");
    }
    // Finished and accepted, on the version the form was drawn with; a
    // second save of that old form is a conflict, and changes nothing.
    let edit = s.page(&format!("{page}/edit")).await;
    let version = hidden_value(&edit, "version");
    let mut done = road.to_vec();
    done.push(("version", version.as_str()));
    done.push(("completed_on", "2022-06-20"));
    done.push(("accepted_on", "2022-07-05"));
    let res = s.post_form(&page, &done).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = s.post_form(&page, &done).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // The list finds it by state and year; the API reads the same.
    let list = s.page("/works?state=accepted&year=2022").await;
    assert!(
        list.contains("Bê tông hóa đường ngõ 12") && list.contains("Đã nghiệm thu"),
        "{list}"
    );
    assert!(!s.page("/works?behind=1").await.contains("ngõ 12"));
    let one = s.get_json(&format!("/api/v1/works/{id}")).await;
    assert_eq!(one["state"], "accepted", "{one}");
    assert_eq!(one["length"], "250");
    assert_eq!(one["groups"].as_array().unwrap().len(), 2);
    assert_eq!(one["people_money"], 45_000_000);

    // Through the API: a drain due last month, not finished: behind.
    let res = s
        .post_json(
            "/api/v1/works",
            &json!({"unit_id": ward, "groups": [g6], "name": "Rãnh thoát nước tổ 6", "kind": "drainage",
                    "length": "80", "started_on": "2026-09-01", "due_on": "2026-10-31"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let drain: Value = res.json().await.unwrap();
    assert_eq!(
        (&drain["state"], &drain["behind"]),
        (&json!("building"), &json!(true))
    );
    let late = s.get_json("/api/v1/works?behind=1").await;
    assert_eq!(late["total"], 1, "{late}");
    let res = s.get("/api/v1/works?state=done").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Changed on its version (a number, as read); an old one is refused.
    let path = format!("/api/v1/works/{}", drain["id"].as_str().unwrap());
    let mut body = json!({"unit_id": ward, "groups": [g6], "name": "Rãnh thoát nước tổ 6", "kind": "drainage",
                          "length": "80", "started_on": "2026-09-01", "due_on": "2026-10-31",
                          "completed_on": "2026-11-20", "version": drain["version"]});
    let res = s.send_json(Method::PUT, &path, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s.send_json(Method::PUT, &path, &body).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    body["version"] = json!("");
    let res = s.send_json(Method::PUT, &path, &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = s.send_json(Method::DELETE, &path, &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let drain_id: uuid::Uuid = drain["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        history(app, Entity::Work, drain_id).await,
        ["delete", "update", "insert"]
    );
    // A group head reads the works but does not keep them.
    let head = app
        .signed_in(w.group_a.id, "totruong", "Lò Văn Tổ", Role::GroupHead)
        .await;
    let res = head.post_form("/works", &road).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

/// The value of the hidden field `name` of a form.
fn hidden_value(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

app_test!(works_import_all_or_nothing_and_export_imports_back, |app| {
    let w = world(&app.store).await;
    add_unit(&app.store, Some(&w.ward_a), "6", "Tổ 6", Kind::ToDanPho).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    let header = "Tên công trình;Loại công trình;Tổ dân phố, thôn đi qua;Chiều dài (m);Chiều rộng (m);\
                  Nhân dân đóng góp tiền (đồng);Ngày khởi công;Ngày hoàn thành;Ngày nghiệm thu\n";
    let good_1 = "Bê tông hóa ngõ 12;Bê tông hóa đường dân sinh;\"Tổ 5; Tổ 6\";250,5;3,5;40.000.000;01/03/2022;20/06/2022;15/07/2022\n";
    let bad = "Rãnh ngõ 3;Đường đất;Tổ 5;ba mươi;;;;;\n";
    let good_3 = "Điện chiếu sáng tổ 99;lighting;Tổ 99;;;;05/05/2022;;\n";
    // A bad row in the middle and an unknown group: nothing is written,
    // each problem named by its row and the file's column.
    let res = s
        .post_file_for(
            "/works/import",
            &ward,
            "ct.csv",
            format!("{header}{good_1}{bad}{good_3}").into_bytes(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for cell in [
        "<td>3</td><td>Loại công trình</td>",
        "<td>3</td><td>Chiều dài (m)</td>",
        "<td>4</td><td>Tổ dân phố, thôn đi qua</td>",
    ] {
        assert!(body.contains(cell), "«{cell}» not in {body}");
    }
    assert!(!body.contains("<td>2</td>"), "{body}");
    let none: Value = s.get_json("/api/v1/works").await;
    assert_eq!(none["total"], 0);

    // Fixed, through the API: all three written, each audited.
    let fixed = format!(
        "{header}{good_1}{}{}",
        bad.replace("Đường đất", "Rãnh, cống thoát nước")
            .replace("ba mươi", "30"),
        good_3.replace("Tổ 99", "6")
    );
    let import = |bytes: Vec<u8>| {
        s.client
            .post(s.url(&format!("/api/v1/works/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body(bytes)
            .send()
    };
    let res = import(fixed.into_bytes()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["message"], "Đã nhập 3 công trình.");
    let road: Value = s.get_json("/api/v1/works?q=ngo+12").await;
    let road = &road["items"][0];
    assert_eq!(road["state"], "accepted", "{road}");
    assert_eq!(road["length"], "250,5", "{road}");
    let names: Vec<&str> = road["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Tổ 5", "Tổ 6"]);
    let id = road["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(history(app, Entity::Work, id).await.len(), 1);
    // The year's accepted roads, as the report opens them.
    let accepted: Value = s
        .get_json("/api/v1/works?accepted=2022&kind=road_concrete")
        .await;
    assert_eq!(accepted["total"], 1);

    // The export imports back into the same records.
    let export = || async {
        let res = s.get("/works/export.xlsx").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let mut rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
        rows.sort();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 3);
    assert!(
        first.iter().any(
            |r| r.first().map(String::as_str) == Some("Bê tông hóa ngõ 12")
                && r.contains(&"Tổ 5; Tổ 6".to_owned())
        ),
        "{first:?}"
    );
    let res = import(file).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, twice) = export().await;
    let mut doubled: Vec<Vec<String>> = first.iter().chain(&first).cloned().collect();
    doubled.sort();
    assert_eq!(twice, doubled);
});
