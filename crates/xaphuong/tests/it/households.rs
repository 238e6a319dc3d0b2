//! Households over HTTP: the 2022 report's rates against counts made
//! directly in SQL on the demo data, and what each role sees of a
//! household's personal data.

use reqwest::StatusCode;
use xaphuong_core::access::Scope;
use xaphuong_core::indicators::{Quantity, Verdict};
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(the_2022_rates_are_the_households_counted_in_sql, |app| {
    let ward = seed_ward(&app.store).await;
    let report = app
        .store
        .resolution_report(&Scope::All, ward.id, 2022, jiff::civil::date(2022, 12, 31))
        .await
        .unwrap();
    let line = |code: &str| {
        report
            .results
            .iter()
            .find(|l| l.code == code)
            .unwrap_or_else(|| panic!("no {code} in the 2022 report"))
            .line
            .clone()
    };

    // Counted by hand: the households of the ward on the day of the
    // chairman's decision, and those the 2022 reviews classed.
    let url = &app.db.url;
    let path = &ward.path;
    let day: String = {
        use sqlx::Connection;
        let sql = format!(
            "SELECT on_date FROM review_steps WHERE commune_id IN (SELECT id FROM units WHERE path = '{path}')
             AND year = 2022 AND kind = 'poverty' AND step = 'quyet-dinh'"
        );
        if url.starts_with("sqlite") {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut c)
                .await
                .unwrap()
        } else {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut c)
                .await
                .unwrap()
        }
    };
    assert_eq!(day, "2022-12-10");
    let present = format!(
        "h.unit_path LIKE '{path}%' AND h.registered_on <= '{day}'
         AND (h.moved_out_on IS NULL OR h.moved_out_on > '{day}')"
    );
    let households = count(
        url,
        &format!("SELECT COUNT(*) FROM households h WHERE {present}"),
    )
    .await;
    let of_class = |class: &'static str| {
        format!(
            "SELECT COUNT(*) FROM households h JOIN poverty_reviews p ON p.household_id = h.id
             WHERE {present} AND p.year = 2022 AND p.class = '{class}'"
        )
    };
    let poor = count(url, &of_class("poor")).await;
    let near_poor = count(url, &of_class("near_poor")).await;
    let recognised = count(
        url,
        &format!(
            "SELECT COUNT(*) FROM households h JOIN culture_reviews r ON r.household_id = h.id
             WHERE {present} AND r.year = 2022 AND r.recognised"
        ),
    )
    .await;
    assert_eq!(households, xaphuong::demo::DEMO_HOUSEHOLDS as i64);
    assert!(poor > 0 && near_poor > 0 && recognised > 0);

    let share = |n: i64| (Quantity::whole(n), Some(Quantity::whole(households)));
    let poverty = line("ho-ngheo");
    let a = poverty.actual.unwrap();
    assert_eq!((a.value, a.of), share(poor));
    let both = line("ho-ngheo-can-ngheo").actual.unwrap();
    assert_eq!((both.value, both.of), share(poor + near_poor));
    let family = line("gia-dinh-van-hoa");
    let f = family.actual.unwrap();
    assert_eq!((f.value, f.of), share(recognised));
    // Against the targets of Nghị quyết 25/NQ-HĐND: ≤ 1,0% and ≥ 95%.
    assert_eq!(
        poverty.verdict(),
        Verdict::Exceeded,
        "{}",
        poverty.sentence()
    );
    assert_eq!(family.verdict(), Verdict::Exceeded, "{}", family.sentence());
    assert!(
        poverty.sentence().contains(&format!(
            "{}/{} hộ",
            Quantity::whole(poor),
            Quantity::whole(households)
        )),
        "{}",
        poverty.sentence()
    );

    // The report's figure opens down to the same households.
    let s = app
        .signed_in(ward.id, "canbo", "Lý Thị Tâm", Role::SpecialistOfficer)
        .await;
    let page = s.page("/households?year=2022&class=poor").await;
    assert!(page.contains(&format!("{poor} hộ")), "{page}");
    let page = s.page("/households/reviews?year=2022").await;
    assert!(
        page.contains(&format!("{poor}</a> / {}", Quantity::whole(households))),
        "{page}"
    );
});

app_test!(each_role_sees_what_it_needs_of_a_household, |app| {
    let w = world(&app.store).await;
    let h = household(
        &app.store,
        w.group_a.id,
        "PCK-T05-0001",
        "Nguyễn Văn Hùng",
        "Số 12, ngõ 3",
        ("1975", "006075008642"),
    )
    .await;
    let roles = [
        ("lanhdao", Some(w.ward_a.id), Role::Leader),
        ("chuyenmon", Some(w.ward_a.id), Role::SpecialistOfficer),
        ("totruong", Some(w.group_a.id), Role::GroupHead),
        ("motcua", Some(w.ward_a.id), Role::OneStopOfficer),
    ];
    for (name, unit, role) in roles {
        add_user(&app.store, unit, name, "Người Dùng", role).await;
    }
    let page = |s: Session| async move {
        let res = s.get(&format!("/households/{}", h.id)).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.unwrap()
    };
    // (user, full name shown, full ID shown, masked ID shown, birth year)
    let expect = [
        ("quantri.a", true, true, false, true),
        ("lanhdao", true, true, false, true),
        ("chuyenmon", true, true, false, true),
        ("totruong", true, false, true, true),
        ("motcua", false, false, true, false),
    ];
    for (user, name, id, masked_id, born) in expect {
        let body = page(app.login(user).await).await;
        assert_eq!(body.contains("Nguyễn Văn Hùng"), name, "{user}: full name");
        assert_eq!(body.contains("Nguyễn V. H."), !name, "{user}: masked name");
        assert_eq!(body.contains("006075008642"), id, "{user}: full ID");
        assert_eq!(
            body.contains("006******642"),
            masked_id,
            "{user}: masked ID"
        );
        assert_eq!(body.contains("<td>1975</td>"), born, "{user}: birth year");
        // Income and deprivations: not the one-stop officer's to see.
        assert_eq!(
            body.contains("Rà soát hộ nghèo, cận nghèo"),
            user != "motcua",
            "{user}: poverty reviews"
        );
    }
    // The API shows each role the same, by the same rule.
    for (user, name, id, masked_id, born) in expect {
        let s = app.login(user).await;
        let d = s.get_json(&format!("/api/v1/households/{}", h.id)).await;
        let text = d.to_string();
        assert_eq!(
            text.contains("Nguyễn Văn Hùng"),
            name,
            "API {user}: full name"
        );
        assert_eq!(text.contains("006075008642"), id, "API {user}: full ID");
        assert_eq!(
            text.contains("006******642"),
            masked_id,
            "API {user}: masked ID"
        );
        assert_eq!(
            d["members"][0]["birth_year"] == "1975",
            born,
            "API {user}: birth year"
        );
        assert_eq!(
            d["poverty"].is_null(),
            user == "motcua",
            "API {user}: poverty"
        );
        let list = s.get_json("/api/v1/households?q=PCK-T05").await;
        assert_eq!(list["count"], 1, "API {user}: {list}");
        assert_eq!(
            list["items"][0]["head"] == "Nguyễn Văn Hùng",
            name,
            "API {user}: list"
        );
    }
    // The list masks the same way; a group head of another group sees
    // nothing of this one.
    let list = app.login("motcua").await.page("/households").await;
    assert!(list.contains("Nguyễn V. H.") && !list.contains("Nguyễn Văn Hùng"));
    assert!(
        !list.contains("Số 12, ngõ 3"),
        "the address goes with the name"
    );
    let other = app
        .signed_in(w.group_b.id, "totruong.b", "Người Khác", Role::GroupHead)
        .await;
    assert_eq!(
        other.get(&format!("/households/{}", h.id)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(!other.page("/households").await.contains("PCK-T05-0001"));
    // Only roles that keep households change them.
    let s = app.login("motcua").await;
    let res = s
        .post_form(
            &format!("/households/{}/poverty", h.id),
            &[
                ("year", "2022"),
                ("income", "1000000"),
                ("deprivations", "1;2;3"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let s = app.login("totruong").await;
    let res = s
        .post_form(
            &format!("/households/{}/poverty", h.id),
            &[
                ("year", "2022"),
                ("income", "1.000.000"),
                ("deprivations", "1;2;3"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let r = app.store.poverty_reviews(&Scope::All, h.id).await.unwrap();
    assert_eq!(r[0].class.as_str(), "poor");
    // The year's rates with what they divide.
    let rates = app
        .login("lanhdao")
        .await
        .get_json("/api/v1/households/rates?year=2022")
        .await;
    assert_eq!(rates["poverty_rate"]["numerator"], 1, "{rates}");
    assert_eq!(rates["poverty_rate"]["denominator"], 1, "{rates}");
    assert_eq!(rates["poverty_rate"]["percent"], "100.00", "{rates}");
    assert!(rates["culture_rate"]["percent"].is_string(), "{rates}");
});

app_test!(the_register_goes_out_to_excel_and_back_in, |app| {
    let w = world(&app.store).await;
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    for (code, head, id) in [
        ("A-1", "Nguyễn Văn Hùng", "006075008642"),
        ("A-2", "Hà Thị Lan", ""),
    ] {
        app.store
            .create_household(
                &sys,
                &Scope::All,
                w.group_a.id,
                &xaphuong_core::households::household::HouseholdInput {
                    code: code.into(),
                    head_name: head.into(),
                    address: "Số 1".into(),
                    ..Default::default()
                },
                &xaphuong_core::households::household::MemberInput {
                    full_name: head.into(),
                    birth_year: "1975".into(),
                    sex: if id.is_empty() { "female" } else { "male" }.into(),
                    citizen_id: id.into(),
                    ..Default::default()
                },
                jiff::civil::date(2020, 1, 1),
            )
            .await
            .unwrap();
    }
    let s = app.login("quantri.a").await;
    let xlsx = s
        .get("/households/export.xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    // Ward A already has these codes: the same file is refused whole.
    let ward = w.ward_a.id.to_string();
    let res = s
        .post_file_for("/households/import", &ward, "so-ho.xlsx", xlsx.to_vec())
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Đã có hộ mã A-1"));
    // Into another ward with a "Tổ 5", it reads back as the same
    // households and members, the ID kept whole (text, not a number).
    let to_dan_pho = xaphuong_core::units::Kind::ToDanPho;
    add_unit(&app.store, Some(&w.ward_b), "5", "Tổ 5", to_dan_pho).await;
    add_user(&app.store, None, "quantri", "Quản Trị", Role::Admin).await;
    let root = app.login("quantri").await;
    let ward_b = w.ward_b.id.to_string();
    let res = root
        .post_file_for("/households/import", &ward_b, "so-ho.xlsx", xlsx.to_vec())
        .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("Đã nhập 2 hộ, 2 nhân khẩu"), "{body}");
    use futures_util::TryStreamExt;
    let b: Vec<_> = app
        .store
        .household_register(&w.ward_b.scope(), &Default::default())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let a: Vec<_> = app
        .store
        .household_register(&w.ward_a.scope(), &Default::default())
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let key = |v: &Vec<(
        xaphuong_store::households::Household,
        xaphuong_store::households::Member,
    )>| {
        v.iter()
            .map(|(h, m)| {
                (
                    h.code.clone(),
                    h.head_name.clone(),
                    h.area,
                    m.full_name.clone(),
                    m.relation.clone(),
                    m.birth_year,
                    m.sex.clone(),
                    m.citizen_id.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&b), key(&a));
});

app_test!(a_register_longer_than_a_sheet_goes_on_to_a_second, |app| {
    // 1.050 households of 1.000 members: more rows than one Excel sheet
    // holds (1.048.576, of which the title and headers take three).
    let w = world(&app.store).await;
    xaphuong_store::testing::many_members(&app.store, &w.group_a, 1_050, 1_000)
        .await
        .unwrap();
    let s = app
        .signed_in(w.ward_a.id, "lanhdao", "Nông Thị Hạnh", Role::Leader)
        .await;
    let res = s.get("/households/export.xlsx").await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Sổ hộ", "Sổ hộ (2)"]);
    // The first sheet is full, read by its dimensions alone.
    let full = book
        .worksheet_cells_reader("Sổ hộ")
        .unwrap()
        .dimensions()
        .end;
    assert_eq!(full, (1_048_575, 9));
    // The rest, with the headers again, on the second.
    let rest = book.worksheet_range("Sổ hộ (2)").unwrap();
    let rows: Vec<_> = rest.rows().collect();
    assert_eq!(rows[2][0].to_string(), "Mã hộ");
    let data = &rows[3..];
    assert_eq!(data.len(), 1_050_000 - 1_048_573);
    let last = data.last().unwrap();
    assert_eq!(
        (last[0].to_string(), last[5].to_string()),
        ("H001050".to_owned(), "Thành viên 001000".to_owned())
    );
});

app_test!(
    an_import_with_bad_rows_writes_nothing_and_names_each_row,
    |app| {
        // Rows are checked as the file is read: problems anywhere in it come
        // back together, under the file's columns, and nothing is written.
        let w = world(&app.store).await;
        let url = app.db.url.clone();
        let s = app.login("quantri.a").await;
        let header = "Mã hộ,Họ tên chủ hộ,Địa chỉ,Tổ dân phố,Khu vực,Họ tên thành viên,Quan hệ với chủ hộ,Năm sinh,Giới tính\n";
        let good = [
            "N-1,Lê Văn An,Số 1,Tổ 5,Thành thị,Lê Văn An,Chủ hộ,1970,Nam",
            "N-1,Lê Văn An,Số 1,Tổ 5,Thành thị,Phạm Thị Bình,Vợ,1972,Nữ",
            "N-2,Hà Thị Cúc,Số 2,Tổ 5,Thành thị,Hà Thị Cúc,Chủ hộ,1980,Nữ",
            "N-3,Đinh Văn Dũng,Số 3,Tổ 5,Thành thị,Đinh Văn Dũng,Chủ hộ,1965,Nam",
            "N-3,Đinh Văn Dũng,Số 3,Tổ 5,Thành thị,Đinh Thị Em,Con,2001,Nữ",
        ];
        let post = |body: String| {
            s.client
                .post(s.url(&format!("/api/v1/households/import?unit={}", w.ward_a.id)))
                .header("X-CSRF-Token", &s.csrf)
                .header("Content-Type", "text/csv")
                .body(body)
                .send()
        };
        let members = "SELECT COUNT(*) FROM household_members";
        let audit = "SELECT COUNT(*) FROM audit_log";
        let (m0, a0) = (count(&url, members).await, count(&url, audit).await);
        let mut bad = good.map(str::to_owned);
        bad[1] = bad[1].replace("1972", "một chín bảy hai");
        bad[2] = bad[2].replace("Tổ 5", "Tổ 99");
        let res = post(format!("{header}{}\n", bad.join("\n"))).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let v: serde_json::Value = res.json().await.unwrap();
        let at: Vec<(i64, String)> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["row"].as_i64().unwrap(),
                    f["field"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            at,
            [(3, "Năm sinh".to_owned()), (4, "Tổ dân phố".to_owned())],
            "{v}"
        );
        assert_eq!(count(&url, members).await, m0);
        assert_eq!(count(&url, audit).await, a0);
        // The good file: three households, five members, each audited.
        let res = post(format!("{header}{}\n", good.join("\n")))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["message"], "Đã nhập 3 hộ, 5 nhân khẩu.");
        assert_eq!(count(&url, members).await, m0 + 5);
        assert_eq!(count(&url, audit).await, a0 + 8);
    }
);

app_test!(
    every_household_route_shows_each_role_what_personal_view_says,
    |app| {
        use xaphuong_core::households::household::{IdView, NameView, personal_view};
        let w = world(&app.store).await;
        let sys = xaphuong_core::audit::Actor::system("kiểm thử");
        let h = household(
            &app.store,
            w.group_a.id,
            "PCK-T05-0002",
            "Lường Văn Khải",
            "Số 77, ngõ 9",
            ("1957", "006057004321"),
        )
        .await;
        app.store
            .record_poverty_review(
                &sys,
                &Scope::All,
                h.id,
                &xaphuong_core::households::poverty::ReviewInput {
                    year: "2022".into(),
                    income: "1.234.000".into(),
                    deprivations: "1;2;3".into(),
                    ..Default::default()
                },
                None,
            )
            .await
            .unwrap();
        let users = [
            ("quantri.a", None, Role::Admin),
            ("lanhdao", Some(w.ward_a.id), Role::Leader),
            ("chuyenmon", Some(w.ward_a.id), Role::SpecialistOfficer),
            ("totruong", Some(w.group_a.id), Role::GroupHead),
            ("motcua", Some(w.ward_a.id), Role::OneStopOfficer),
        ];
        for (name, unit, role) in &users[1..] {
            add_user(&app.store, *unit, name, "Người Dùng", *role).await;
        }
        // Every page or file of households a role may open without input;
        // a new one must be added here (or to the list of forms).
        let forms = [
            "/households/new",
            "/households/import",
            "/households/import/mau.xlsx",
            "/households/poverty/import",
            "/households/poverty/import/mau.xlsx",
            "/households/culture/import",
            "/households/culture/import/mau.xlsx",
            "/households/reviews/steps",
        ];
        let walked: Vec<&str> = xaphuong_web::routes()
            .into_iter()
            .filter(|r| {
                r.method == "GET"
                    && (r.path.starts_with("/households")
                        || r.path.starts_with("/api/v1/households"))
            })
            .map(|r| r.path)
            .filter(|p| !forms.contains(p))
            .collect();
        assert_eq!(
            walked,
            [
                "/households",
                "/households/export.xlsx",
                "/households/reviews",
                "/households/{id}",
                "/api/v1/households",
                "/api/v1/households/rates",
                "/api/v1/households/export",
                "/api/v1/households/reviews",
                "/api/v1/households/{id}",
            ]
        );
        for (user, _, role) in users {
            let view = personal_view(role);
            let s = app.login(user).await;
            for path in &walked {
                let res = s
                    .get(
                        &path
                            .replace("{id}", &h.id.to_string())
                            .replace("/reviews", "/reviews?year=2022"),
                    )
                    .await;
                assert_eq!(res.status(), StatusCode::OK, "{user} {path}");
                let workbook = path.ends_with(".xlsx") || path.ends_with("/export");
                // A workbook is read back as its cells' text.
                let shown = if workbook {
                    let bytes = res.bytes().await.unwrap();
                    let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
                    sheet
                        .rows
                        .iter()
                        .flat_map(|(_, cells)| cells.iter().cloned())
                        .collect::<Vec<_>>()
                        .join("|")
                } else {
                    res.text().await.unwrap()
                };
                let at = format!("{user} {path}");
                if !shown.contains("PCK-T05-0002") {
                    // A page of counts names no household at all.
                    // (Whole values: a page's ids and tokens are hex and
                    // may hold any short run of digits.)
                    for p in [
                        "Lường",
                        "Số 77",
                        "006057004321",
                        "006******321",
                        "1.234.000",
                    ] {
                        assert!(!shown.contains(p), "{at}: {p}");
                    }
                    continue;
                }
                let full = view.names == NameView::Full;
                assert_eq!(shown.contains("Lường Văn Khải"), full, "{at}: name");
                assert_eq!(shown.contains("Lường V. K."), !full, "{at}: masked name");
                assert_eq!(shown.contains("Số 77, ngõ 9"), full, "{at}: address");
                // The household and the register show its members' numbers as
                // the role may see them; other pages show none.
                let members = path.ends_with("{id}") || workbook;
                if members || shown.contains("006057004321") {
                    assert_eq!(
                        shown.contains("006057004321"),
                        view.citizen_id == IdView::Full,
                        "{at}: ID"
                    );
                }
                if shown.contains("006******321") {
                    assert_eq!(view.citizen_id, IdView::Masked, "{at}: masked ID");
                }
                // The year in its own cell, of a table or of the workbook.
                if shown.contains("<td>1957</td>") || shown.contains("|1957|") {
                    assert!(view.birth_year, "{at}: birth year");
                }
                if shown.contains("1.234.000") {
                    assert!(view.poverty, "{at}: income");
                }
            }
        }
        // A role not shown addresses cannot find households by them
        // either; by name it can.
        for (user, _, role) in users {
            let view = personal_view(role);
            let s = app.login(user).await;
            for q in ["so 77", "Lường Văn Khải"] {
                let q = q.replace(' ', "+");
                let list = s.page(&format!("/households?q={q}")).await;
                let export = s
                    .get(&format!("/households/export.xlsx?q={q}"))
                    .await
                    .bytes()
                    .await
                    .unwrap();
                let rows = xaphuong_report::sheet::read(&export).unwrap().rows.len();
                let found = q.starts_with("Lường") || view.addresses();
                assert_eq!(
                    list.contains("PCK-T05-0002"),
                    found,
                    "{user} searched «{q}»"
                );
                assert_eq!(rows > 0, found, "{user} exported «{q}»");
            }
        }
    }
);

app_test!(
    a_group_head_is_given_a_code_and_learns_none_of_other_groups,
    |app| {
        let w = world(&app.store).await;
        // Ward A's group "5" and a second group: the second holds "5-0001"
        // and "5-0007" (codes are the ward's to give, and unique in it).
        let to_dan_pho = xaphuong_core::units::Kind::ToDanPho;
        let other = add_unit(&app.store, Some(&w.ward_a), "6", "Tổ 6", to_dan_pho).await;
        for code in ["5-0001", "5-0007"] {
            household(
                &app.store,
                other.id,
                code,
                "Hà Văn Sáu",
                "Tổ 6",
                ("1970", ""),
            )
            .await;
        }
        let s = app
            .signed_in(w.group_a.id, "totruong", "Tổ Trưởng", Role::GroupHead)
            .await;
        // The form does not ask for a code.
        let form = s.page("/households/new").await;
        assert!(form.contains("cấp tự động") && !form.contains(r#"name="code""#));
        // Even a code sent by hand, taken in the other group, is not answered
        // about: the next free code of the series is given.
        let group = w.group_a.id.to_string();
        let fields = |name: &'static str| {
            [
                ("unit_id", group.clone()),
                ("code", "5-0007".to_owned()),
                ("head_name", name.to_owned()),
                ("address", "Số 3".to_owned()),
                ("head_birth_year", "1980".to_owned()),
                ("head_sex", "male".to_owned()),
            ]
        };
        let mut codes = Vec::new();
        for name in ["Nông Văn Một", "Nông Văn Hai"] {
            let f = fields(name);
            let res = s
                .post_form("/households", &f.each_ref().map(|(k, v)| (*k, v.as_str())))
                .await;
            let page = s.page(&redirected(res).await).await;
            assert!(!page.contains("Đã có hộ mã"));
            let found = app
                .store
                .households(
                    &w.group_a.scope(),
                    &xaphuong_store::households::HouseholdFilter {
                        q: Some(name.into()),
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            codes.push(found.items[0].code.clone());
        }
        assert_eq!(codes, ["5-0008", "5-0009"]);
        // The ward's officers still pick codes, and are told of a taken one.
        let admin = app.login("quantri.a").await;
        let f = fields("Nông Văn Ba");
        let res = admin
            .post_form("/households", &f.each_ref().map(|(k, v)| (*k, v.as_str())))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("Đã có hộ mã 5-0007"));
    }
);

app_test!(a_household_is_kept_through_the_api, |app| {
    use reqwest::Method;
    use serde_json::{Value, json};
    let w = world(&app.store).await;
    add_user(
        &app.store,
        Some(w.group_a.id),
        "totruong",
        "Hà Văn Tổ",
        Role::GroupHead,
    )
    .await;
    let s = app.login("totruong").await;
    // The group head registers a household of their group by default.
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/households",
            &json!({"code": "PCK-T05-0100", "head_name": "Lý Văn Sơn", "address": "Số 3, ngõ 8",
                    "area": "urban", "head_birth_year": 1980, "head_sex": "nam"}),
        )
        .await;
    let status = res.status();
    let d: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(
        d["household"]["group_id"],
        w.group_a.id.to_string().as_str()
    );
    let id = d["household"]["id"].as_str().unwrap().to_owned();
    // A bad area and a missing address are named.
    let res = s
        .send_json(
            Method::POST,
            "/api/v1/households",
            &json!({"code": "PCK-T05-0101", "head_name": "Lý Văn Hà", "area": "biển"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = res.json::<Value>().await.unwrap();
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"area") && fields.contains(&"address"),
        "{e}"
    );
    let today = xaphuong_core::calendar::vietnam_time(jiff::Timestamp::now())
        .date()
        .to_string();
    let post = |path: String, body: Value| {
        let s = &s;
        async move {
            let res = s.send_json(Method::POST, &path, &body).await;
            let status = res.status();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (status, d) = post(
        format!("/api/v1/households/{id}/members"),
        json!({"full_name": "Lý Thị Mai", "relation": "con", "birth_year": 2010, "sex": "nu"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["members"].as_array().unwrap().len(), 2);
    let version = d["household"]["version"].clone();
    let (status, d) = post(
        format!("/api/v1/households/{id}/poverty"),
        json!({"year": 2022, "income": 1000000, "deprivations": ["1", "2", "3"], "version": version}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["poverty"][0]["class"], "poor");
    // A review on the version already gone is a conflict.
    let (status, _) = post(
        format!("/api/v1/households/{id}/culture"),
        json!({"year": 2022, "law": true, "emulation": true, "family": true, "version": version}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, d) = post(
        format!("/api/v1/households/{id}/culture"),
        json!({"year": 2022, "law": true, "emulation": true, "family": true,
               "meeting_date": "2022-12-01", "decision_date": "2022-12-20", "version": d["household"]["version"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["culture"][0]["recognised"], true);
    let (status, d) = post(
        format!("/api/v1/households/{id}/move"),
        json!({"on": today, "note": "Chuyển đi nơi khác"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["household"]["moved_out_on"], today.as_str());
    assert_eq!(d["moves"].as_array().unwrap().len(), 1);
    // A one-stop officer reads households but keeps none.
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "motcua",
        "Ma Thị Lan",
        Role::OneStopOfficer,
    )
    .await;
    let res = app
        .login("motcua")
        .await
        .send_json(
            Method::POST,
            &format!("/api/v1/households/{id}/members"),
            &json!({"full_name": "Lý Văn Nam", "relation": "con"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        history(
            app,
            xaphuong_core::audit::Entity::Household,
            id.parse().unwrap()
        )
        .await
        .len()
            >= 2
    );
});

app_test!(the_review_steps_are_kept_through_the_api, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id;
    async fn put(who: &Session, body: serde_json::Value) -> reqwest::Response {
        who.send_json(
            reqwest::Method::PUT,
            "/api/v1/households/reviews/steps",
            &body,
        )
        .await
    }
    // Every problem at once, each by its field; nothing is kept.
    let res = put(
        &s,
        serde_json::json!({"unit": ward, "year": 2025, "step": "hop-to", "on": "20/12/2025"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["step", "on"], "{e}");
    // No decision before the lists were posted (QĐ 24/2021/QĐ-TTg Art. 4).
    let decision = serde_json::json!({"unit": ward, "year": 2025, "step": "quyet-dinh",
                                      "on": "2025-12-20", "document": "QĐ số 215/QĐ-UBND"});
    let res = put(&s, decision.clone()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: serde_json::Value = res.json().await.unwrap();
    assert_eq!(e["fields"][0]["field"], "steps", "{e}");
    let res = put(
        &s,
        serde_json::json!({"unit": ward, "year": 2025, "step": "niem-yet", "on": "2025-12-10"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = put(&s, decision).await;
    assert_eq!(res.status(), StatusCode::OK);
    let year: serde_json::Value = res.json().await.unwrap();
    assert_eq!(year["steps"][0]["step"], "niem-yet", "{year}");
    assert_eq!(year["steps"][1]["step"], "quyet-dinh", "{year}");
    assert_eq!(year["steps"][1]["on"], "2025-12-20");
    assert_eq!(year["steps"][1]["document"], "QĐ số 215/QĐ-UBND");
    // The same read back, and the day households are counted on moves to
    // the chairman's decision.
    let read = s
        .get_json(&format!("/api/v1/households/reviews?unit={ward}&year=2025"))
        .await;
    assert_eq!(read, year);
    let rates = s
        .get_json(&format!("/api/v1/households/rates?unit={ward}&year=2025"))
        .await;
    assert_eq!(rates["review_date"], "2025-12-20", "{rates}");
    // The one-stop officer does not keep households; a group head's reach
    // is their group, not the ward's review.
    add_user(
        &app.store,
        Some(ward),
        "motcua",
        "Ma Thị Lan",
        Role::OneStopOfficer,
    )
    .await;
    add_user(
        &app.store,
        Some(w.group_a.id),
        "totruong",
        "Lò Văn Tổ",
        Role::GroupHead,
    )
    .await;
    let body =
        serde_json::json!({"unit": ward, "year": 2025, "step": "hop-dan", "on": "2025-11-02"});
    let res = put(&app.login("motcua").await, body.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = put(&app.login("totruong").await, body).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let steps = app
        .store
        .review_steps(&Scope::All, ward, 2025)
        .await
        .unwrap();
    assert_eq!(steps.len(), 2, "{steps:?}");
});
