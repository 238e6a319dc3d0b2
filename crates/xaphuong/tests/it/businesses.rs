//! Business households and tax on their pages and through the API: a
//! household made from a returned «Đăng ký thành lập hộ kinh doanh»
//! dossier, kept on the version read, closed, exported and imported back;
//! a tax-debt list imported whole and followed up; the council's meetings.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app_test;
use crate::helpers::*;

async fn act(s: &Session, id: &str, fields: &[(&str, &str)]) {
    let res = s
        .post_form(&format!("/dossiers/{id}/actions"), fields)
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{fields:?}");
}

app_test!(
    a_business_household_comes_from_its_returned_dossier,
    |app| {
        let w = world(&app.store).await;
        let OneStop {
            specialist: officer,
            birth,
        } = onestop(&app.store, w.ward_a.id).await;
        let procedure = app
            .store
            .procedures(Some("ho kinh doanh"))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Đăng ký thành lập hộ kinh doanh")
            .expect("the catalogue holds the household registration");
        let now = jiff::Zoned::now()
            .with_time_zone(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
            .datetime();
        let d = counter_dossier(&app.store, &w.ward_a, procedure.id, "Nguyễn Minh Anh", now).await;
        let id = d.id.to_string();
        let counter = app.login("motcua").await;
        let specialist = app.login("tuphap").await;
        let leader = app.login("lanhdao").await;
        let assignee = officer.id.to_string();
        act(
            &counter,
            &id,
            &[("action", "assign"), ("assignee", &assignee)],
        )
        .await;
        act(&specialist, &id, &[("action", "submit")]).await;
        act(&leader, &id, &[("action", "approve")]).await;
        // Not yet returned: not yet a household.
        let new = format!("/businesses/new?dossier={id}");
        let page = specialist.page(&format!("/dossiers/{id}")).await;
        assert!(!page.contains("Vào sổ hộ kinh doanh"), "{page}");
        says(
            specialist.get(&new).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hồ sơ chưa trả kết quả",
        )
        .await;
        act(&counter, &id, &[("action", "return_result")]).await;
        // Returned: the dossier offers it, the form starts from the dossier.
        let page = specialist.page(&format!("/dossiers/{id}")).await;
        assert!(page.contains(&new.replace('&', "&amp;")), "{page}");
        let form = specialist.page(&new).await;
        assert!(
            form.contains("value=\"Nguyễn Minh Anh\"") && form.contains(&format!("value=\"{id}\"")),
            "{form}"
        );
        let today = now.date().to_string();
        let ward = w.ward_a.id.to_string();
        let fields = [
            ("unit_id", ward.as_str()),
            ("dossier", id.as_str()),
            ("name", "Hộ kinh doanh Tạp hóa Minh Anh"),
            ("owner", "Nguyễn Minh Anh"),
            ("address", "Số 12, tổ 5"),
            ("line", "Bán lẻ hàng tạp hóa"),
            ("registration_no", "13A8000123"),
            ("registered_on", today.as_str()),
            ("status", "active"),
        ];
        let res = specialist.post_form("/businesses", &fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let at = location(&res);
        let b: Value = specialist
            .get_json(&at.replace("/businesses/", "/api/v1/businesses/"))
            .await;
        assert_eq!(
            (b["owner"].as_str(), b["dossier_id"].as_str()),
            (Some("Nguyễn Minh Anh"), Some(id.as_str())),
            "{b}"
        );
        // Once in the register, the dossier makes no second household.
        let res = specialist.post_form("/businesses", &fields).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let page = specialist.page(&format!("/dossiers/{id}")).await;
        assert!(!page.contains("Vào sổ hộ kinh doanh"));
        // Another procedure's dossier is no registration.
        let birth = counter_dossier(&app.store, &w.ward_a, birth.id, "Lê Văn Bé", now).await;
        says(
            specialist
                .get(&format!("/businesses/new?dossier={}", birth.id))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "không phải thủ tục",
        )
        .await;
        assert_eq!(
            history(
                app,
                xaphuong_core::audit::Entity::Business,
                uuid::Uuid::parse_str(b["id"].as_str().unwrap()).unwrap()
            )
            .await,
            ["insert"]
        );
    }
);

app_test!(business_households_on_pages_and_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let (ward, group) = (w.ward_a.id.to_string(), w.group_a.id.to_string());
    let res = s
        .post_form(
            "/businesses",
            &[
                ("unit_id", group.as_str()),
                ("registered_on", "2022-03-15"),
                ("capital", "nhiều"),
            ],
        )
        .await;
    says_all(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "Chưa nhập tên hộ kinh doanh",
            "Chưa nhập chủ hộ kinh doanh",
            "Chưa nhập số đăng ký hộ kinh doanh",
            "Vốn kinh doanh không hợp lệ",
        ],
    )
    .await;
    let body = |version: &Value, status: &str, since: &str| {
        json!({"unit_id": group, "version": version, "name": "Hộ kinh doanh Quán phở Hương",
               "owner": "Hoàng Thị Hương", "address": "Số 3, tổ 5", "line": "Dịch vụ ăn uống",
               "registration_no": "13A8000200", "registered_on": "2022-03-21",
               "capital": "80.000.000", "status": status, "status_on": since})
    };
    let res = s
        .post_json("/api/v1/businesses", &body(&Value::Null, "active", ""))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let b: Value = res.json().await.unwrap();
    assert_eq!(
        (b["capital"].as_i64(), b["group_name"].as_str()),
        (Some(80_000_000), Some("Tổ 5"))
    );
    // The same number twice in a commune is refused.
    let res = s
        .post_json("/api/v1/businesses", &body(&Value::Null, "active", ""))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Closed on the version read: the day is needed; an old version is 409.
    let url = format!("/api/v1/businesses/{}", b["id"].as_str().unwrap());
    let res = s
        .send_json(Method::PUT, &url, &body(&b["version"], "closed", ""))
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ghi ngày tạm ngừng hoặc chấm dứt",
    )
    .await;
    let res = s
        .send_json(
            Method::PUT,
            &url,
            &body(&b["version"], "closed", "2024-06-30"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = s
        .send_json(Method::PUT, &url, &body(&b["version"], "active", ""))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Trading at the end of 2023, not of 2024; registered in 2022.
    for (q, n) in [
        ("active=2023", 1),
        ("active=2024", 0),
        ("registered=2022", 1),
        ("registered=2023", 0),
        ("status=closed", 1),
    ] {
        let page: Value = s.get_json(&format!("/api/v1/businesses?{q}")).await;
        assert_eq!(page["total"], n, "{q}");
    }
    let list = s.page("/businesses?status=closed").await;
    assert!(list.contains("Chấm dứt hoạt động từ 30/06/2024"), "{list}");

    // The register as a workbook imports back into the same households.
    let export = || async {
        let res = s.get("/businesses/export.xlsx").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 1);
    let import = |bytes: Vec<u8>| {
        s.client
            .post(s.url(&format!("/api/v1/businesses/import?unit={ward}")))
            .header("x-csrf-token", &s.csrf)
            .body(bytes)
            .send()
    };
    // While the household is kept, its number is taken: row 2 says so.
    let res = import(file.clone()).await.unwrap();
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Số đăng ký này đã có trong sổ",
    )
    .await;
    let res = s.send_json(Method::DELETE, &url, &Value::Null).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = import(file).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, again) = export().await;
    assert_eq!(again, first);
    // A bad row in the middle: nothing written, row and column named.
    let csv = "Tên hộ kinh doanh;Chủ hộ kinh doanh;Địa điểm kinh doanh;Tổ dân phố, thôn;Ngành, nghề kinh doanh;Số đăng ký hộ kinh doanh;Ngày đăng ký\n\
               Hộ kinh doanh A;Nguyễn Văn A;Số 1;Tổ 5;Tạp hóa;13A8000301;10/10/2022\n\
               Hộ kinh doanh B;Nguyễn Văn B;Số 2;Tổ 5;Tạp hóa;13A8000302;31/02/2022\n\
               Hộ kinh doanh C;Nguyễn Văn C;Số 3;Tổ 5;Tạp hóa;13A8000301;12/10/2022\n";
    let res = s
        .post_file_for(
            "/businesses/import",
            &ward,
            "hkd.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("<td>3</td><td>Ngày đăng ký</td>"), "{page}");
    assert!(
        page.contains("<td>4</td><td>Số đăng ký hộ kinh doanh</td>"),
        "{page}"
    );
    assert_eq!(export().await.1.len(), 1);
    let fixed = csv
        .replace("31/02/2022", "28/02/2022")
        .replace("13A8000301;12/10", "13A8000303;12/10");
    let res = s
        .post_file_for("/businesses/import", &ward, "hkd.csv", fixed.into_bytes())
        .await;
    says(res, StatusCode::OK, "Đã nhập 3 hộ kinh doanh.").await;
});

app_test!(tax_debts_and_the_council_on_pages_and_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    // The rules are dated: khoán in 2022, self-declaration in 2026.
    let r: Value = s.get_json("/api/v1/tax/rules?year=2022").await;
    assert_eq!(r["rule"]["method"], "presumptive", "{r}");
    let r: Value = s.get_json("/api/v1/tax/rules?year=2026").await;
    assert_eq!(r["rule"]["method"], "declaration", "{r}");
    let page = s.page(&format!("/tax?unit={ward}&year=2026")).await;
    assert!(page.contains("Tự khai theo doanh thu thực tế"), "{page}");
    // A council meeting: the page refuses what is missing, then keeps it.
    let res = s
        .post_form(
            "/tax/meetings",
            &[("unit", ward.as_str()), ("held_on", "2022-01-12")],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Chưa nhập nội dung cuộc họp",
    )
    .await;
    let res = s
        .post_form(
            "/tax/meetings",
            &[
                ("unit", ward.as_str()),
                ("held_on", "2022-01-12"),
                ("subject", "Ý kiến về mức thuế khoán năm 2022"),
                ("households", "45"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/tax?unit={ward}&year=2022"));
    let m: Value = s
        .get_json(&format!("/api/v1/tax/meetings?unit={ward}&year=2022"))
        .await;
    assert_eq!(
        (m[0]["households"].as_i64(), m.as_array().map(Vec::len)),
        (Some(45), Some(1)),
        "{m}"
    );

    // The tax office's list: a bad row in the middle writes nothing.
    let csv = "Ngày nhận danh sách;Người nợ thuế;Mã số thuế;Tổ dân phố, thôn;Khoản nợ;Số tiền nợ (đồng)\n\
               05/07/2022;Hoàng Văn Nam;4700123456;Tổ 5;Thuế khoán quý II/2022;1.500.000\n\
               05/07/2022;Lý Thị Lan;47002345;Tổ 5;Thuế khoán quý II/2022;0\n\
               05/07/2022;Bế Thị Thu;4700456789;Tổ 5;Thuế khoán quý II/2022;3.100.000\n";
    let res = s
        .post_file_for(
            "/tax/debts/import",
            &ward,
            "no-thue.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("<td>3</td><td>Mã số thuế</td>"), "{page}");
    assert!(
        page.contains("<td>3</td><td>Số tiền nợ (đồng)</td>"),
        "{page}"
    );
    let none: Value = s.get_json("/api/v1/tax/debts").await;
    assert_eq!(none["total"], 0);
    let fixed = csv
        .replace("47002345;", "4700234567;")
        .replace(";0\n", ";2.400.000\n");
    let res = s
        .post_file_for(
            "/tax/debts/import",
            &ward,
            "no-thue.csv",
            fixed.into_bytes(),
        )
        .await;
    says(res, StatusCode::OK, "Đã nhập 3 khoản nợ thuế.").await;
    // Followed up on the page: a reminder, then a payment in full.
    let list: Value = s.get_json("/api/v1/tax/debts?q=hoang+van+nam").await;
    let nam = &list["items"][0];
    let debt_page = format!("/tax/debts/{}", nam["id"].as_str().unwrap());
    let version = nam["version"].to_string();
    let res = s
        .post_form(
            &format!("{debt_page}/actions"),
            &[
                ("version", version.as_str()),
                ("done_on", "2022-07-12"),
                ("kind", "reminder"),
                ("amount", "5"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Chỉ ghi số tiền khi người nợ nộp tiền",
    )
    .await;
    let res = s
        .post_form(
            &format!("{debt_page}/actions"),
            &[
                ("version", version.as_str()),
                ("done_on", "2022-07-12"),
                ("kind", "reminder"),
            ],
        )
        .await;
    assert_eq!(location(&res), debt_page);
    // The API, on the version read: the page's step made it old.
    let api = format!("/api/v1{debt_page}");
    let res = s
        .post_json(
            &format!("{api}/actions"),
            &json!({"version": nam["version"], "done_on": "2022-07-20", "kind": "payment", "amount": "1.500.000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let now: Value = s.get_json(&api).await;
    let res = s
        .post_json(
            &format!("{api}/actions"),
            &json!({"version": now["debt"]["version"], "done_on": "2022-07-20", "kind": "payment", "amount": "1.500.000"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let d: Value = res.json().await.unwrap();
    assert_eq!(
        (d["debt"]["state"].as_str(), d["debt"]["paid"].as_i64()),
        (Some("paid"), Some(1_500_000)),
        "{d}"
    );
    assert_eq!(d["actions"].as_array().map(Vec::len), Some(2));
    // The year: 1,5 of 7,0 million collected; the list's filters agree.
    let page = s.page(&format!("/tax?unit={ward}&year=2022")).await;
    assert!(
        page.contains("3 khoản nợ, tổng 7.000.000 đ; đã thu 1.500.000 đ (21,4%)"),
        "{page}"
    );
    for (q, n) in [
        ("collected=1", 1),
        ("state=paid", 1),
        ("state=open", 2),
        ("year=2023", 0),
    ] {
        let page: Value = s.get_json(&format!("/api/v1/tax/debts?{q}")).await;
        assert_eq!(page["total"], n, "{q}");
    }
    // The payment taken back on the version read: owed again.
    let action = d["actions"][1]["id"].as_str().unwrap();
    let res = s
        .send_json(
            Method::DELETE,
            &format!("{api}/actions/{action}?version={}", d["debt"]["version"]),
            &Value::Null,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let back: Value = res.json().await.unwrap();
    assert_eq!(
        (
            back["debt"]["state"].as_str(),
            back["debt"]["paid"].as_i64()
        ),
        (Some("open"), Some(0))
    );
    // The list exported imports again, unchanged.
    let export = || async {
        let res = s.get("/tax/debts/export.xlsx").await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
        let mut rows: Vec<Vec<String>> = sheet
            .rows
            .into_iter()
            .map(|(_, r)| r[..9].to_vec())
            .collect();
        rows.sort();
        (bytes, rows)
    };
    let (file, first) = export().await;
    assert_eq!(first.len(), 3);
    let res = s
        .client
        .post(s.url(&format!("/api/v1/tax/debts/import?unit={ward}")))
        .header("x-csrf-token", &s.csrf)
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, twice) = export().await;
    let mut expected: Vec<Vec<String>> =
        first.iter().flat_map(|r| [r.clone(), r.clone()]).collect();
    expected.sort();
    assert_eq!(twice, expected);
    // A person's identification number serving as tax code is personal
    // data: a group head sees it masked on the page, in the API and in
    // the export; the specialist in full.
    let csv = "Ngày nhận danh sách;Người nợ thuế;Mã số thuế;Tổ dân phố, thôn;Số tiền nợ (đồng)\n\
               06/07/2022;Đàm Văn Tư;001090012345;Tổ 5;900.000\n";
    let res = s
        .post_file_for(
            "/tax/debts/import",
            &ward,
            "no-thue.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    says(res, StatusCode::OK, "Đã nhập 1 khoản nợ thuế.").await;
    let head = app
        .signed_in(
            w.group_a.id,
            "totruong",
            "Lò Văn Tổ",
            xaphuong_core::users::Role::GroupHead,
        )
        .await;
    let seen: Value = head.get_json("/api/v1/tax/debts?q=dam+van+tu").await;
    assert_eq!(seen["items"][0]["tax_code"], "001******345", "{seen}");
    let id = seen["items"][0]["id"].as_str().unwrap().to_owned();
    let one: Value = head.get_json(&format!("/api/v1/tax/debts/{id}")).await;
    assert_eq!(one["debt"]["tax_code"], "001******345");
    for page in [
        head.page("/tax/debts?q=dam+van+tu").await,
        head.page(&format!("/tax/debts/{id}")).await,
    ] {
        assert!(
            page.contains("001******345") && !page.contains("001090012345"),
            "{page}"
        );
    }
    let file = head
        .get("/tax/debts/export.xlsx?q=dam+van+tu")
        .await
        .bytes()
        .await
        .unwrap();
    let sheet = xaphuong_report::sheet::read(&file).unwrap();
    assert_eq!(sheet.rows[0].1[3], "001******345");
    // The group head's tax page is their group's part of the commune's.
    let page = head.page("/tax?year=2022").await;
    assert!(
        page.contains("Thuế hộ kinh doanh năm 2022")
            && page.contains("7 khoản nợ, tổng 14.900.000 đ"),
        "{page}"
    );
    let full: Value = s.get_json("/api/v1/tax/debts?q=dam+van+tu").await;
    assert_eq!(full["items"][0]["tax_code"], "001090012345");
    // Each step audited.
    for entity in [
        xaphuong_core::audit::Entity::TaxMeeting,
        xaphuong_core::audit::Entity::TaxDebt,
        xaphuong_core::audit::Entity::TaxDebtAction,
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
        assert!(n > 0, "{entity:?}");
    }
});
