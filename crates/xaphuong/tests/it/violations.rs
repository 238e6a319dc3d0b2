use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(register_pages_from_detection_to_remedy, |app| {
    let w = world(&app.store).await;
    let s = app
        .signed_in(
            w.ward_a.id,
            "chuyenmon",
            "Triệu Văn Đức",
            Role::SpecialistOfficer,
        )
        .await;
    let group = w.group_a.id.to_string();
    let res = s
        .post_form(
            "/violations",
            &[
                ("unit_id", &group),
                ("kind", "escape_route"),
                ("offender", "Hộ ông Hoàng Văn Bảy"),
                ("address", "Ngõ 12 đường Dương Mạc Hiếu"),
                ("detected_on", "2021-03-01"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = location(&res);
    let body = s.page(&page).await;
    assert!(body.contains("<h1>Hộ ông Hoàng Văn Bảy</h1>") && body.contains("Mới phát hiện"));
    // Edit.
    let res = s
        .post_form(
            &page,
            &[
                ("unit_id", &group),
                ("kind", "escape_route"),
                ("offender", "Hộ ông Hoàng Văn Bảy"),
                ("address", "Số 14 ngõ 12 đường Dương Mạc Hiếu"),
                ("detected_on", "2021-03-01"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Steps: record, then commit with a deadline.
    let events = format!("{page}/events");
    assert_eq!(
        s.post_form(
            &events,
            &[
                ("step", "record"),
                ("on", "2021-03-02"),
                ("document", "Biên bản số 12/BB-UBND")
            ]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        s.post_form(
            &events,
            &[
                ("step", "commitment"),
                ("on", "2021-03-05"),
                ("deadline", "2021-04-05")
            ]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    let body = s.page(&page).await;
    assert!(
        body.contains("Đã cam kết tự khắc phục") && body.contains("quá hạn khắc phục"),
        "the 2021 deadline has passed"
    );
    // An impossible step is refused with its reason.
    let res = s
        .post_form(&events, &[("step", "record"), ("on", "2021-03-06")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("biên bản đã được lập"));
    // Found without diacritics, with the overdue flag.
    let list = s.page("/violations?q=hoang+van+bay&overdue=1").await;
    assert!(
        list.contains("Hộ ông Hoàng Văn Bảy") && list.contains("quá hạn"),
        "{list}"
    );
    let list = s.page("/violations?q=khong+co+ai").await;
    assert!(list.contains("Không có vụ việc nào"));
    let year = s.page("/violations?year=2021").await;
    assert!(
        year.contains("đã cam kết tự khắc phục <strong>1</strong>"),
        "{year}"
    );
    // Remedied: the case leaves the overdue list.
    assert_eq!(
        s.post_form(&events, &[("step", "self_remedied"), ("on", "2021-04-20")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        s.page("/violations?overdue=1")
            .await
            .contains("Không có vụ việc nào")
    );
    // Export.
    let x = s.get("/violations/export.xlsx?year=2021").await;
    assert_eq!(x.status(), StatusCode::OK);
    assert_eq!(
        x.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert_eq!(&x.bytes().await.unwrap()[..2], b"PK");
    // Roles: a leader reads, the one-stop officer does not see the register.
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "lanhdao.a",
        "Nông Thị Hạnh",
        Role::Leader,
    )
    .await;
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "motcua",
        "Ma Thị Lan",
        Role::OneStopOfficer,
    )
    .await;
    let leader = app.login("lanhdao.a").await;
    assert_eq!(leader.get(&page).await.status(), StatusCode::OK);
    assert_eq!(
        leader.get("/violations/new").await.status(),
        StatusCode::FORBIDDEN
    );
    let counter = app.login("motcua").await;
    assert_eq!(
        counter.get("/violations").await.status(),
        StatusCode::FORBIDDEN
    );
    // Bad input names its fields and writes nothing.
    let res = s
        .post_form(
            "/violations",
            &[
                ("unit_id", &group),
                ("kind", "x"),
                ("offender", ""),
                ("address", ""),
                ("detected_on", "2030-01-01"),
            ],
        )
        .await;
    let errors = [
        "Loại vi phạm không hợp lệ",
        "Chưa nhập địa chỉ",
        "không được ở tương lai",
    ];
    says_all(res, StatusCode::UNPROCESSABLE_ENTITY, &errors).await;
    let total: Value = s.get_json("/api/v1/violations").await;
    assert_eq!(total["total"], 1);
});

app_test!(register_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let v = api_case(&s, w.ward_a.id).await;
    let id = v["id"].as_str().unwrap().to_owned();
    let events = format!("/api/v1/violations/{id}/events");
    let step = |body: Value| {
        let (s, events) = (&s, events.clone());
        async move { s.post_json(&events, &body).await }
    };
    let res = step(json!({"step": "decision", "on": "2021-05-10", "deadline": "2021-06-10", "document": "QĐ 45/QĐ-XPHC"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["state"], "decided");
    let res = step(json!({"step": "enforced", "on": "2021-06-20"})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["state"], "enforced");
    let res = step(json!({"step": "commitment", "on": "2021-06-21"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.json::<Value>().await.unwrap()["fields"][0]["field"],
        "step"
    );
    let detail: Value = s.get_json(&format!("/api/v1/violations/{id}")).await;
    assert_eq!(detail["state"], "enforced");
    assert_eq!(detail["events"].as_array().unwrap().len(), 2);
    assert_eq!(detail["events"][0]["document"], "QĐ 45/QĐ-XPHC");
    let list: Value = s
        .get_json("/api/v1/violations?state=enforced&q=dang+thi+hoa")
        .await;
    assert_eq!(list["total"], 1);
    let res = s
        .send_json(
            Method::DELETE,
            &format!("/api/v1/violations/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.get(&format!("/api/v1/violations/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
});

app_test!(
    a_step_on_an_old_page_or_sent_twice_at_once_is_refused,
    |app| {
        let w = world(&app.store).await;
        let s = app.login("quantri.a").await;
        let v = api_case(&s, w.ward_a.id).await;
        let id = v["id"].as_str().unwrap().to_owned();
        let version = v["version"].as_i64().unwrap();
        // Twelve clients send the one-time step «Lập biên bản» at once, each
        // with the version it read: one is written.
        let events = format!("/api/v1/violations/{id}/events");
        let body = json!({"step": "record", "on": "2021-05-02", "version": version});
        let statuses: Vec<StatusCode> =
            futures_util::future::join_all((0..12).map(|_| s.post_json(&events, &body)))
                .await
                .iter()
                .map(|r| r.status())
                .collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == StatusCode::OK).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| [
                StatusCode::OK,
                StatusCode::CONFLICT,
                StatusCode::UNPROCESSABLE_ENTITY
            ]
            .contains(s)),
            "{statuses:?}"
        );
        let detail: Value = s.get_json(&format!("/api/v1/violations/{id}")).await;
        assert_eq!(detail["events"].as_array().unwrap().len(), 1);
        assert_eq!(detail["state"], "recorded");
        // The API names the version and says why.
        let res = s
            .post_json(
                &events,
                &json!({"step": "decision", "on": "2021-05-03", "version": version}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["fields"][0]["field"], "version");
        assert_eq!(
            e["fields"][0]["message"],
            "Hồ sơ vừa được người khác cập nhật, hãy tải lại trang"
        );
        // The page's form carries the version it showed: an old page gets 409
        // and the case is unchanged; the current page's form is written.
        let page = format!("/violations/{id}/events");
        let res = s
            .post_form(
                &page,
                &[
                    ("step", "decision"),
                    ("on", "2021-05-03"),
                    ("version", &version.to_string()),
                ],
            )
            .await;
        says(
            res,
            StatusCode::CONFLICT,
            "Hồ sơ vừa được người khác cập nhật, hãy tải lại trang",
        )
        .await;
        let shown = s.page(&format!("/violations/{id}")).await;
        let current = detail["version"].as_i64().unwrap().to_string();
        assert!(shown.contains(&format!(r#"name="version" value="{current}""#)));
        let res = s
            .post_form(
                &page,
                &[
                    ("step", "decision"),
                    ("on", "2021-05-03"),
                    ("version", &current),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
);

async fn upload(s: &Session, unit: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    s.post_file_for("/violations/import", unit, name, bytes)
        .await
}

/// A 10.000-row workbook, one bad row in the middle: nothing is written;
/// corrected, every row is.
fn workbook(rows: usize, bad_at: Option<usize>) -> Vec<u8> {
    use xaphuong_report::import::{headers, violations::Violations};
    use xaphuong_report::xlsx::{Cell, workbook};
    let headers = headers::<Violations>();
    let data = (0..rows).map(|i| {
        let date = if Some(i) == bad_at {
            "31/02/2021".to_owned()
        } else {
            format!("{:02}/{:02}/2021", 1 + i % 28, 1 + i % 12)
        };
        vec![
            Cell::from(date),
            Cell::from(format!("Hộ ông Nguyễn Văn Số {i}")),
            Cell::from(format!("Số {i}, đường Trường Chinh")),
            Cell::from(if i % 2 == 0 { "Tổ 5" } else { "" }),
            Cell::from("Lấn chiếm vỉa hè, lòng đường"),
            Cell::from("Kê hàng hóa trên vỉa hè"),
        ]
    });
    workbook("Vi phạm", "Sổ vi phạm", &headers, data).unwrap()
}

app_test!(import_of_ten_thousand_rows_is_all_or_nothing, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    let count = || async {
        s.get("/api/v1/violations?per_page=1")
            .await
            .json::<Value>()
            .await
            .unwrap()["total"]
            .as_i64()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let res = upload(&s, &ward, "vi-pham.xlsx", workbook(10_000, Some(5_000))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    // Line 5004: the title, a blank line and the headers come first.
    assert!(
        body.contains("<td>5004</td><td>Ngày phát hiện</td>"),
        "{}",
        &body[..body.len().min(3000)]
    );
    assert!(body.contains("Tệp có 1 lỗi"));
    assert_eq!(count().await, 0);
    let res = upload(&s, &ward, "vi-pham.xlsx", workbook(10_000, None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Đã nhập 10000 vụ việc"));
    eprintln!("two imports of 10.000 rows: {:?}", started.elapsed());
    assert_eq!(count().await, 10_000);
    let to5: Value = s
        .get_json(&format!(
            "/api/v1/violations?group={}&per_page=1",
            w.group_a.id
        ))
        .await;
    assert_eq!(to5["total"], 5_000);
    // Legacy encodings are reported with their row and column.
    let legacy = "Ngày phát hiện,Hộ vi phạm,Địa chỉ,Loại vi phạm\n01/05/2021,Hé «ng NguyÔn V¨n An,Tæ 5,Vi phạm khác\n";
    let res = upload(&s, &ward, "cu.csv", legacy.as_bytes().to_vec()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("bảng mã cũ TCVN3") && body.contains("<td>2</td><td>Hộ vi phạm</td>"),
        "{body}"
    );
    // The template downloads and imports back (its example row).
    let template = s
        .get("/violations/import/mau.xlsx")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let res = upload(&s, &ward, "mau.xlsx", template).await;
    assert!(res.text().await.unwrap().contains("Đã nhập 1 vụ việc"));
    // An export imports back too.
    let exported = s
        .get(&format!(
            "/violations/export.xlsx?group={}&year=2021&q=so+1234",
            w.group_a.id
        ))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let res = upload(&s, &ward, "xuat.xlsx", exported).await;
    assert!(res.text().await.unwrap().contains("Đã nhập 1 vụ việc"));
});

app_test!(photos_and_documents_of_a_case, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let case = json!({"unit_id": w.ward_a.id, "kind": "sidewalk", "offender": "Hộ ông Bế Văn Quỳnh",
                       "address": "Số 21 đường Hùng Vương", "detected_on": "2021-05-01"});
    let v: Value = s
        .post_json("/api/v1/violations", &case)
        .await
        .json()
        .await
        .unwrap();
    let id = v["id"].as_str().unwrap().to_owned();
    let send = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        s.client
            .post(s.url(&format!("/violations/{id}/attachments?_csrf={}", s.csrf)))
            .multipart(form)
            .send()
    };
    let png = b"\x89PNG\r\n\x1a\n-anh-hien-truong".to_vec();
    assert_eq!(
        send("hiện trường.png", png.clone()).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let res = send("virus.exe", b"MZ\x90\x00".to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Chỉ nhận ảnh"));
    let page = s.page(&format!("/violations/{id}")).await;
    assert!(page.contains("hiện trường.png") && page.contains("Ảnh, tài liệu (1)"));
    let stored = app
        .store
        .violation_attachments(
            &xaphuong_core::access::Scope::All,
            uuid::Uuid::try_parse(&id).unwrap(),
        )
        .await
        .unwrap();
    let res = s
        .get(&format!("/violations/{id}/attachments/{}", stored[0].id))
        .await;
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    let res = s
        .post_form(
            &format!("/violations/{id}/attachments/{}/delete", stored[0].id),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        s.page(&format!("/violations/{id}"))
            .await
            .contains("Chưa có ảnh, tài liệu")
    );
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(xaphuong_core::audit::Entity::ViolationAttachment),
        ..Default::default()
    };
    let actions: Vec<String> = app
        .store
        .audit_entries(&xaphuong_core::access::Scope::All, &f)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["delete", "insert"]);
});

app_test!(
    a_corrupt_record_is_a_system_error_naming_the_request,
    |app| {
        let w = world(&app.store).await;
        let s = app.login("quantri.a").await;
        let id = api_case(&s, w.ward_a.id).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        // A state no version of the program wrote: never read as a default.
        xaphuong_store::testing::execute(
            &app.store,
            "UPDATE violations SET state = 'da-xu-ly-xong'",
        )
        .await
        .unwrap();
        let res = s.get(&format!("/violations/{id}")).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let request = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        let page = res.text().await.unwrap();
        assert!(
            page.contains(&format!("mã yêu cầu {request}")),
            "{request}: {page}"
        );
        // The database's details stay in the log.
        assert!(!page.contains("da-xu-ly-xong"));
        let res = s.get(&format!("/api/v1/violations/{id}")).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let request = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["code"], "internal");
        assert!(e["message"].as_str().unwrap().contains(&request), "{e}");
    }
);
