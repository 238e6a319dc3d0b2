//! Merging two wards from the pages: chosen, previewed (nothing written),
//! applied, listed; and through the API, with its errors named.

use reqwest::{Method, StatusCode};
use serde_json::json;
use xaphuong_core::access::Scope;
use xaphuong_core::units::Kind;
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(an_administrator_previews_then_merges_two_wards, |app| {
    let w = world(&app.store).await;
    let city = app
        .store
        .unit(&Scope::All, w.ward_a.parent_id.unwrap())
        .await
        .unwrap();
    let province = app
        .store
        .unit(&Scope::All, city.parent_id.unwrap())
        .await
        .unwrap();
    let thai_nguyen = add_unit(&app.store, None, "19", "Tỉnh Thái Nguyên", Kind::Tinh).await;
    let s = app
        .signed_in(
            thai_nguyen.id,
            "quantri.tinh",
            "Hoàng Văn Thành",
            Role::Admin,
        )
        .await;
    // Scoped to Thái Nguyên, the old province's wards are out of reach.
    let refused = s
        .get(&format!("/reorganisations/merge?within={}", city.id))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let s = app
        .signed_in(province.id, "quantri.cu", "Hoàng Văn Thành", Role::Admin)
        .await;
    let form_url = format!("/reorganisations/merge?within={}", city.id);
    let page = s.page(&form_url).await;
    assert!(
        page.contains("Phường Phùng Chí Kiên (01843)") && page.contains("Phường Sông Cầu (01837)"),
        "{page}"
    );
    let (a, b, parent) = (
        w.ward_a.id.to_string(),
        w.ward_b.id.to_string(),
        city.id.to_string(),
    );
    let mut form = vec![
        ("predecessors", a.as_str()),
        ("predecessors", b.as_str()),
        ("into", ""),
        ("kind", "phuong"),
        ("code", "01843"),
        ("name", "Phường Bắc Kạn"),
        ("parent", parent.as_str()),
        ("basis", "1683/NQ-UBTVQH15"),
        ("basis_date", "2025-06-16"),
        ("effective_on", "2025-07-01"),
        ("action", "preview"),
    ];
    let res = s.post_form(&form_url, &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview = res.text().await.unwrap();
    assert!(
        preview.contains("Xem trước: Phường Bắc Kạn (01843) từ ngày 2025-07-01")
            && preview.contains("Tổ Bảy Sông Cầu")
            && preview.contains(">Thực hiện</button>"),
        "{preview}"
    );
    // A preview writes nothing.
    let a_now = app.store.unit(&Scope::All, w.ward_a.id).await.unwrap();
    assert_eq!(a_now.valid_to, None);
    // A bad date is named; nothing is written.
    let mut bad = form.clone();
    bad[9] = ("effective_on", "2025-02-30");
    bad[10] = ("action", "apply");
    let res = s.post_form(&form_url, &bad).await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ngày có hiệu lực không hợp lệ",
    )
    .await;
    assert_eq!(
        app.store
            .unit(&Scope::All, w.ward_a.id)
            .await
            .unwrap()
            .valid_to,
        None
    );
    form[10] = ("action", "apply");
    let res = s.post_form(&form_url, &form).await;
    assert_eq!(redirected(res).await, "/reorganisations");
    let list = s.page("/reorganisations").await;
    assert!(
        list.contains("1683/NQ-UBTVQH15 ngày 2025-06-16") && list.contains("Phường Bắc Kạn"),
        "{list}"
    );
    let a_now = app.store.unit(&Scope::All, w.ward_a.id).await.unwrap();
    assert_eq!(a_now.valid_to.as_deref(), Some("2025-07-01"));
    // The former ward's page names its successor; the new one its two.
    let show = s.page(&format!("/units/{}", w.ward_a.id)).await;
    assert!(
        show.contains("Đơn vị kế thừa") && show.contains("Phường Bắc Kạn"),
        "{show}"
    );
    let ended = s.page("/units?state=ended").await;
    assert!(
        ended.contains("Phường Sông Cầu") && !ended.contains(">Tổ Bảy Sông Cầu<"),
        "{ended}"
    );
    // The API lists it, and names what a merge of a gone ward lacks.
    let listed: serde_json::Value = s.get("/api/v1/reorganisations").await.json().await.unwrap();
    assert_eq!(
        listed[0]["plan"]["predecessors"].as_array().unwrap().len(),
        2
    );
    assert_eq!(listed[0]["kind"], "merge");
    let again = s
        .send_json(
            Method::POST,
            "/api/v1/reorganisations/merge/preview",
            &json!({"predecessors": [a, b], "basis": "", "basis_date": "2025-06-16",
                    "effective_on": "2025-07-01", "parent": parent,
                    "successor": {"code": "01844", "name": "Phường Mới", "kind": "phuong"}}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = again.text().await.unwrap();
    assert!(
        body.contains("\"basis\"")
            && body.contains("Phường Phùng Chí Kiên đã kết thúc từ ngày 01/07/2025"),
        "{body}"
    );
});

app_test!(every_register_list_narrows_to_a_former_ward, |app| {
    let ward = demo_ward(&app.store).await;
    let s = app
        .signed_in(ward.id, "lanhdao.bk", "Nông Thị Hạnh", Role::Leader)
        .await;
    let day = Some(jiff::civil::date(2025, 6, 30));
    let song_cau = app
        .store
        .unit_by_code(&Scope::All, "01837", day)
        .await
        .unwrap();
    let duc_xuan = app
        .store
        .unit_by_code(&Scope::All, "01840", None)
        .await
        .unwrap();
    let total = |v: serde_json::Value| v["total"].as_i64().unwrap();
    // The new ward's list holds its four former wards' cases: the seed
    // ward's 53 of 2021 and two of 2025 in each of the three others.
    let all: serde_json::Value = s.get("/api/v1/violations").await.json().await.unwrap();
    assert_eq!(total(all), 59);
    let sc = format!("/api/v1/violations?former={}", song_cau.id);
    let only: serde_json::Value = s.get(&sc).await.json().await.unwrap();
    assert_eq!(total(only), 2);
    // The page offers the four, and keeps the choice.
    let page = s.page(&format!("/violations?former={}", song_cau.id)).await;
    assert!(
        page.contains("Chỉ Phường Sông Cầu (01837, đến 2025-07-01)")
            && page.contains("Chỉ Xã Nông Thượng")
            && page.contains(&format!("value=\"{}\" selected", song_cau.id)),
        "{page}"
    );
    assert!(page.contains("2 vụ việc"), "{page}");
    // The budget of 2025: Sông Cầu's own estimate and first half.
    let budget: serde_json::Value = s
        .get(&format!(
            "/api/v1/budget/summary?year=2025&former={}",
            song_cau.id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(budget["total"]["estimate_nsnn"], 1_140_000_000);
    // A neighbour's ward is no former unit of this one.
    let res = s.get(&format!("/violations?former={}", duc_xuan.id)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The report, on demand, by the four wards it was formed from.
    let page = s
        .page(&format!("/resolutions?unit={}&year=2025", ward.id))
        .await;
    assert!(page.contains("by_former=1"), "{page}");
    let html = s
        .page(&format!(
            "/resolutions/report.html?unit={}&year=2025&as_of=2025-12-31&by_former=1",
            ward.id
        ))
        .await;
    assert!(
        html.contains("Chi tiết theo đơn vị trước sắp xếp")
            && html.contains("<th>Phường Sông Cầu (01837)</th>")
            && html.contains("<td>570.000.000 / 1.140.000.000</td>")
            && html.contains("<td>6.870.000.000 / 6.840.000.000</td>"),
        "{html}"
    );
    // Biểu 06 offers the former wards beside the new one.
    let stats = s
        .page(&format!("/dossiers/stats?unit={}", song_cau.id))
        .await;
    assert!(
        stats.contains(&format!(
            "<option value=\"{}\" selected>Phường Sông Cầu</option>",
            song_cau.id
        )),
        "{stats}"
    );
    for list in ["/handovers", "/inspections", "/recruitment", "/budget"] {
        let res = s.get(&format!("{list}?former={}", song_cau.id)).await;
        assert_eq!(res.status(), StatusCode::OK, "{list}");
    }
});

/// The rows of Thành phố Bắc Kạn of the statistics office's table.
const TABLE: &[u8] =
    include_bytes!("../../../xaphuong-report/tests/data/chuyen-doi-2025-thanh-pho-bac-kan.csv");

app_test!(
    the_conversion_table_merges_what_the_deployment_holds_once,
    |app| {
        use xaphuong_store::reorganisations::Basis;
        let w = world(&app.store).await;
        let city = app
            .store
            .unit(&Scope::All, w.ward_a.parent_id.unwrap())
            .await
            .unwrap();
        for (code, name) in [
            ("01852", "Xã Nông Thượng"),
            ("01840", "Phường Đức Xuân"),
            ("01834", "Phường Nguyễn Thị Minh Khai"),
        ] {
            let kind = xaphuong_core::reorganisations::conversion::commune_kind(name);
            add_unit(&app.store, Some(&city), code, name, kind).await;
        }
        let rows = xaphuong_report::conversion_csv::parse(TABLE).unwrap();
        let sys = xaphuong_core::audit::Actor::system("kiểm thử");
        let preview = app
            .store
            .conversion_preview(&Scope::All, &rows)
            .await
            .unwrap();
        let lines: Vec<(&str, Option<&str>, usize)> = preview
            .communes
            .iter()
            .map(|l| {
                (
                    l.conversion.new_name.as_str(),
                    l.conversion.into.as_deref(),
                    l.predecessors.len(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("Phường Đức Xuân", Some("01840"), 2),
                ("Phường Bắc Kạn", None, 3)
            ]
        );
        // Thái Nguyên is made; Huyền Tụng, Xuất Hóa and Dương Quang are not here.
        assert_eq!(preview.provinces[0].id, None);
        assert_eq!(preview.other_rows, 3);
        assert!(
            app.store
                .unit_by_code(&Scope::All, "19", None)
                .await
                .is_err()
        );

        let basis = Basis {
            basis: "1683/NQ-UBTVQH15".into(),
            basis_date: "2025-06-16".into(),
            effective_on: "2025-07-01".into(),
        };
        let applied = app
            .store
            .apply_conversion(&sys, &Scope::All, &rows, &basis)
            .await
            .unwrap();
        assert_eq!(applied, 2);
        let bac_kan = app
            .store
            .unit_by_code(&Scope::All, "01843", None)
            .await
            .unwrap();
        let thai_nguyen = app
            .store
            .unit_by_code(&Scope::All, "19", None)
            .await
            .unwrap();
        assert_eq!(
            (bac_kan.name.as_str(), bac_kan.parent_id),
            ("Phường Bắc Kạn", Some(thai_nguyen.id))
        );
        let former: Vec<String> = app
            .store
            .predecessors(&bac_kan)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .collect();
        assert_eq!(former, ["01837", "01843", "01852"]);
        let duc_xuan = app
            .store
            .unit_by_code(&Scope::All, "01840", None)
            .await
            .unwrap();
        assert_eq!(duc_xuan.parent_id, Some(thai_nguyen.id));
        // The old province merged into Thái Nguyên, its city ended with it.
        assert!(
            app.store
                .unit_by_code(&Scope::All, "06", None)
                .await
                .is_err()
        );
        assert!(
            app.store
                .unit_by_code(&Scope::All, "058", None)
                .await
                .is_err()
        );
        let city = app.store.unit(&Scope::All, city.id).await.unwrap();
        assert_eq!(city.valid_to.as_deref(), Some("2025-07-01"));
        // Ward B's case is the new ward's.
        let vb = app
            .store
            .violations(&bac_kan.scope(), &Default::default())
            .await
            .unwrap();
        assert_eq!(vb.total, 0);
        // A second run finds everything done and changes nothing.
        let count = |app: &TestApp| {
            let store = app.store.clone();
            async move {
                (
                    store
                        .units(&Scope::All, &Default::default())
                        .await
                        .unwrap()
                        .total,
                    store.reorganisations(&Scope::All).await.unwrap().len(),
                )
            }
        };
        let before = count(app).await;
        let preview = app
            .store
            .conversion_preview(&Scope::All, &rows)
            .await
            .unwrap();
        assert!(
            preview.communes.iter().all(|l| l.done),
            "{:?}",
            preview.communes
        );
        let again = app
            .store
            .apply_conversion(&sys, &Scope::All, &rows, &basis)
            .await
            .unwrap();
        assert_eq!(again, 0);
        assert_eq!(count(app).await, before);
        assert_eq!(before.1, 3);
    }
);

app_test!(the_conversion_page_previews_then_applies, |app| {
    let w = world(&app.store).await;
    add_user(
        &app.store,
        None,
        "quantri.ht",
        "Hoàng Văn Thành",
        Role::Admin,
    )
    .await;
    let s = app.login("quantri.ht").await;
    assert!(s.page("/reorganisations/convert").await.contains("Gửi tệp"));
    let send = |apply: bool| {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(TABLE.to_vec()).file_name("chuyen-doi.csv"),
        );
        if apply {
            form = form.text("apply", "1").text("basis", "1683/NQ-UBTVQH15");
        }
        s.client
            .post(s.url(&format!("/reorganisations/convert?_csrf={}", s.csrf)))
            .multipart(form)
            .send()
    };
    let preview = send(false).await.unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let page = preview.text().await.unwrap();
    assert!(
        page.contains("Phường Bắc Kạn (01843)")
            && page.contains("Phường Sông Cầu (01837), Phường Phùng Chí Kiên (01843)")
            && page.contains("thành lập đơn vị mới")
            && page.contains("Tỉnh Thái Nguyên (19): sẽ được tạo"),
        "{page}"
    );
    assert_eq!(
        app.store
            .unit(&Scope::All, w.ward_a.id)
            .await
            .unwrap()
            .valid_to,
        None
    );
    let done = send(true).await.unwrap().text().await.unwrap();
    assert!(done.contains("Đã thực hiện 1 lần sắp xếp"), "{done}");
    let listed = app.store.reorganisations(&Scope::All).await.unwrap();
    assert!(listed.iter().all(|r| r.basis == "1683/NQ-UBTVQH15"));
    assert_eq!(listed.len(), 2);
    // Not a table: named, nothing written.
    let bad = s
        .client
        .post(s.url(&format!("/reorganisations/convert?_csrf={}", s.csrf)))
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"a,b\n1,2\n".to_vec()).file_name("x.csv"),
        ))
        .send()
        .await
        .unwrap();
    says(
        bad,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Tệp không có dòng tiêu đề của bảng chuyển đổi",
    )
    .await;
});

app_test!(an_administrator_splits_a_ward_through_the_api, |app| {
    let w = world(&app.store).await;
    let city = w.ward_a.parent_id.unwrap();
    let province = app
        .store
        .unit(&Scope::All, city)
        .await
        .unwrap()
        .parent_id
        .unwrap();
    let s = app
        .signed_in(province, "quantri.tinh", "Hoàng Văn Thành", Role::Admin)
        .await;
    let mut body = json!({
        "unit": w.ward_a.id, "basis": "1683/NQ-UBTVQH15", "basis_date": "2025-06-16",
        "effective_on": "2025-07-01",
        "parts": [
            {"successor": {"code": "01999", "name": "Phường Mới", "kind": "phuong"}, "groups": []},
            {"into": w.ward_b.id, "groups": []}
        ]
    });
    // Tổ 5 given to no one: named, nothing written.
    let res = s
        .send_json(Method::POST, "/api/v1/reorganisations/split", &body)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = res.text().await.unwrap();
    assert!(
        said.contains("\"parts\"") && said.contains("Còn 1 tổ dân phố, thôn chưa được chia"),
        "{said}"
    );
    body["parts"][1]["groups"] = json!([w.group_a.id]);
    let plan: serde_json::Value = s
        .send_json(Method::POST, "/api/v1/reorganisations/split/preview", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["parts"][1]["successor"]["name"], "Phường Sông Cầu");
    assert_eq!(plan["parts"][1]["groups"][0]["name"], "Tổ 5");
    let res = s
        .send_json(Method::POST, "/api/v1/reorganisations/split", &body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let listed: serde_json::Value = s.get("/api/v1/reorganisations").await.json().await.unwrap();
    assert_eq!(listed[0]["kind"], "split");
    assert_eq!(listed[0]["plan"]["parts"].as_array().unwrap().len(), 2);
    let group = app.store.unit(&Scope::All, w.group_a.id).await.unwrap();
    assert!(group.path.starts_with(&w.ward_b.path));
    // The leader of Sông Cầu now sees Tổ 5 among its groups.
    let leader = app.login("lanhdao.b").await;
    let units = leader.page(&format!("/units?parent={}", w.ward_b.id)).await;
    assert!(units.contains("Tổ 5"), "{units}");
});

app_test!(
    an_administrator_previews_then_splits_a_ward_on_its_page,
    |app| {
        let w = world(&app.store).await;
        let city = w.ward_a.parent_id.unwrap();
        let s = app
            .signed_in(city, "quantri.tp", "Hoàng Văn Thành", Role::Admin)
            .await;
        let url = format!("/reorganisations/split?unit={}", w.ward_a.id);
        let page = s.page(&url).await;
        assert!(
            page.contains("Tổ 5 (5) về đơn vị") && page.contains("Phường Sông Cầu (01837)"),
            "{page}"
        );
        let (b, g) = (w.ward_b.id.to_string(), format!("{}:2", w.group_a.id));
        let mut form = vec![
            ("into1", ""),
            ("code1", "01999"),
            ("name1", "Phường Mới"),
            ("kind1", "phuong"),
            ("into2", b.as_str()),
            ("groups", g.as_str()),
            ("basis", "1683/NQ-UBTVQH15"),
            ("basis_date", "2025-06-16"),
            ("effective_on", "2025-07-01"),
            ("action", "preview"),
        ];
        let res = s.post_form(&url, &form).await;
        assert_eq!(res.status(), StatusCode::OK);
        let preview = res.text().await.unwrap();
        assert!(
            preview.contains("Đơn vị bị chia, tách")
                && preview.contains("Phường Mới <span class=\"badge\">thành lập mới</span>")
                && preview.contains(">Thực hiện</button>"),
            "{preview}"
        );
        assert_eq!(
            app.store
                .unit(&Scope::All, w.ward_a.id)
                .await
                .unwrap()
                .valid_to,
            None
        );
        // A new commune without a name: named under its part.
        form[2] = ("name1", "");
        form[9] = ("action", "apply");
        let res = s.post_form(&url, &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        form[2] = ("name1", "Phường Mới");
        let res = s.post_form(&url, &form).await;
        assert_eq!(redirected(res).await, "/reorganisations");
        let list = s.page("/reorganisations").await;
        assert!(
            list.contains("Chia, tách: <a") && list.contains("Phường Phùng Chí Kiên</a> (01843)"),
            "{list}"
        );
    }
);
