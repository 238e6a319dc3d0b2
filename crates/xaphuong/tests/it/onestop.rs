//! The one-stop shop over HTTP: a citizen files online, the counter accepts,
//! the specialist and the leader handle it, the result is returned, the
//! citizen finds it by code and rates it; the supplement and the apology
//! are each allowed once.

use reqwest::StatusCode;
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

/// The dossier's id from the page it redirects to.
fn dossier_id(res: &reqwest::Response) -> String {
    location(res).trim_start_matches("/dossiers/").to_owned()
}

async fn act(s: &Session, id: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    s.post_form(&format!("/dossiers/{id}/actions"), fields)
        .await
}

app_test!(a_dossier_from_online_filing_to_rating, |app| {
    let w = world(&app.store).await;
    let OneStop { specialist, birth } = onestop(&app.store, w.ward_a.id).await;
    let birth = &birth;

    // A citizen, no account, files online.
    let citizen = app.client();
    let page = text_at(&citizen, &app.url("/nop-ho-so")).await;
    assert!(page.contains("Phường Phùng Chí Kiên") && page.contains("Đăng ký khai sinh"));
    let token = hidden_csrf(&page);
    let ward = w.ward_a.id.to_string();
    let procedure = birth.id.to_string();
    let filing = |file: (&'static str, &'static [u8])| {
        reqwest::multipart::Form::new()
            .text("unit_id", ward.clone())
            .text("procedure_id", procedure.clone())
            .text("applicant", "Nguyễn Văn An")
            .text("phone", "0912 345 678")
            .text("return_channel", "post")
            .part(
                "files",
                reqwest::multipart::Part::bytes(file.1).file_name(file.0),
            )
    };
    let post = |form| {
        citizen
            .post(app.url(&format!("/nop-ho-so?_csrf={token}")))
            .multipart(form)
            .send()
    };
    // A file that is neither a picture nor a PDF is refused, by name, and
    // nothing is filed.
    let res = post(filing(("to-khai.exe", b"MZ\x90\x00"))).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Tệp «to-khai.exe»"));
    // Papers over 10 MB in all are refused before they are kept.
    let big: &'static [u8] = Vec::leak(vec![b'%'; 11 * 1024 * 1024]);
    let res = post(filing(("ban-ve.pdf", big))).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("tối đa 10 MB"));
    let res = post(filing(("to-khai.pdf", b"%PDF-1.4\n%to khai\n")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    let start = body.find("id=\"ma-ho-so\">").unwrap() + "id=\"ma-ho-so\">".len();
    let code = body[start..].split('<').next().unwrap().to_owned();
    assert!(code.starts_with("000.00.00.X01843-"), "{code}");
    let d = app.store.dossier_by_code(&code).await.unwrap();
    assert_eq!(d.status.as_str(), "new");
    // The page gives the citizen the lookup key too, as printed.
    let start = body.find("id=\"ma-tra-cuu\">").unwrap() + "id=\"ma-tra-cuu\">".len();
    let shown_key = body[start..].split('<').next().unwrap().to_owned();
    assert_eq!(shown_key.len(), 11, "{shown_key}");
    assert_eq!(shown_key.replace('-', ""), d.lookup_key);
    let key = d.lookup_key.clone();
    assert_eq!(d.return_channel.as_str(), "post");
    assert_eq!(
        d.code.rsplit('-').next(),
        Some("0001"),
        "the refused filing took no number"
    );
    let files = app
        .store
        .dossier_files(&xaphuong_core::access::Scope::All, d.id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].file_name.as_str(), files[0].content_type.as_str()),
        ("to-khai.pdf", "application/pdf")
    );
    let id = d.id.to_string();

    // The specialist may not accept; the counter does.
    let s_specialist = app.login("tuphap").await;
    assert_eq!(
        act(&s_specialist, &id, &[("action", "accept")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let s_counter = app.login("motcua").await;
    let res = act(&s_counter, &id, &[("action", "accept")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let assignee = specialist.id.to_string();
    act(
        &s_counter,
        &id,
        &[("action", "assign"), ("assignee", assignee.as_str())],
    )
    .await;
    // The specialist's queue holds it.
    let mine = s_specialist.page("/dossiers?view=mine").await;
    assert!(mine.contains(&code), "{mine}");
    assert_eq!(
        act(&s_specialist, &id, &[("action", "submit")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let s_leader = app.login("lanhdao").await;
    assert_eq!(
        act(&s_leader, &id, &[("action", "approve")]).await.status(),
        StatusCode::SEE_OTHER
    );
    // Returning twice is refused with the reason.
    assert_eq!(
        act(&s_counter, &id, &[("action", "return_result")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = act(&s_counter, &id, &[("action", "return_result")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The timeline names each step and who took it.
    let page = s_counter.page(&format!("/dossiers/{id}")).await;
    for who in ["motcua", "tuphap", "lanhdao"] {
        assert!(page.contains(who), "{who}");
    }
    assert!(page.contains("Đã trả kết quả"));
    let receipt = s_counter
        .page(&format!("/dossiers/{id}/phieu/tiep-nhan"))
        .await;
    assert!(receipt.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") && receipt.contains(&code));
    // The receipt prints the lookup key; its QR code opens the lookup with
    // it at the configured public address.
    assert!(receipt.contains(&shown_key), "{receipt}");
    assert!(
        receipt.contains("<svg")
            && receipt.contains(&format!("{PUBLIC_URL}/tra-cuu?ma={code}"))
            && receipt.contains(&format!("khoa={key}")),
        "{receipt}"
    );
    let docx = s_counter
        .get(&format!("/dossiers/{id}/phieu/tiep-nhan/docx"))
        .await;
    assert_eq!(docx.status(), 200);
    assert!(docx.bytes().await.unwrap().starts_with(b"PK"));
    // The paper the citizen uploaded opens from the dossier.
    let file = s_counter
        .get(&format!("/dossiers/{id}/tep/{}", files[0].id))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(&file.bytes().await.unwrap()[..], b"%PDF-1.4\n%to khai\n");
    // The receipt says the result goes by post.
    assert!(receipt.contains("bưu chính công ích"), "{receipt}");
    // No refusal was made, so there is no refusal paper.
    let none = s_counter
        .get(&format!("/dossiers/{id}/phieu/tu-choi"))
        .await;
    assert_eq!(none.status(), 404);

    // By code alone the public sees the status and the due date only.
    let lookup = |q: String| {
        let citizen = &citizen;
        async move {
            citizen
                .get(app.url(&format!("/tra-cuu?{q}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let page = lookup(format!("ma={code}")).await;
    assert!(page.contains("Đã trả kết quả"), "{page}");
    for hidden in [
        "Nguyễn V. A.",
        "Nguyễn Văn An",
        &d.procedure_name,
        "Đánh giá mức độ hài lòng",
    ] {
        assert!(!page.contains(hidden), "{hidden}");
    }
    // With the receipt's key (as printed, in any case) the citizen sees the
    // procedure and the masked name, and rates it once.
    let page = lookup(format!("ma={code}&khoa={}", shown_key.to_lowercase())).await;
    assert!(
        page.contains("Nguyễn V. A.") && !page.contains("Nguyễn Văn An"),
        "{page}"
    );
    assert!(page.contains(&d.procedure_name));
    assert!(page.contains("Đã trả kết quả") && page.contains("Đánh giá mức độ hài lòng"));
    // A wrong key and an unknown code get the same page.
    let wrong = lookup(format!("ma={code}&khoa=0000000000")).await;
    let unknown = lookup("ma=000.00.00.X01843-261130-9999&khoa=0000000000".into()).await;
    assert!(wrong.contains("Không tìm thấy hồ sơ"), "{wrong}");
    assert_eq!(
        wrong.replace(&code, "MA"),
        unknown.replace("000.00.00.X01843-261130-9999", "MA")
    );
    let token = hidden_csrf(&page);
    let rate = |muc: &'static str, code: String, key: String| {
        citizen
            .post(app.url("/tra-cuu/danh-gia"))
            .form(&[
                ("_csrf", token.clone()),
                ("ma", code),
                ("khoa", key),
                ("muc", muc.to_owned()),
            ])
            .send()
    };
    // Without the key, or for a code that does not exist, the rating is
    // refused alike and nothing is counted.
    let without = rate("khong_hai_long", code.clone(), String::new())
        .await
        .unwrap();
    assert_eq!(without.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let without = without.text().await.unwrap();
    let nowhere = rate(
        "khong_hai_long",
        "000.00.00.X01843-261130-9999".into(),
        key.clone(),
    )
    .await
    .unwrap();
    assert_eq!(nowhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(without, nowhere.text().await.unwrap());
    assert!(without.contains("Không tìm thấy hồ sơ"), "{without}");
    assert_eq!(
        rate("rat_hai_long", code.clone(), key.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        rate("hai_long", code.clone(), key.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // An unknown code, and a malformed one.
    let page = citizen
        .get(app.url("/tra-cuu?ma=000.00.00.X01843-261130-9999"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Không tìm thấy hồ sơ"));
});

app_test!(supplement_and_apology_are_allowed_once, |app| {
    let w = world(&app.store).await;
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "motcua",
        "Ma Thị Lan",
        Role::OneStopOfficer,
    )
    .await;
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "tuphap",
        "Nông Văn Hải",
        Role::SpecialistOfficer,
    )
    .await;
    // Xác nhận tình trạng hôn nhân: 3 working days, room for an apology.
    let p = app.store.procedures(Some("1.004873")).await.unwrap()[0].clone();
    let s_counter = app.login("motcua").await;
    let ward = w.ward_a.id.to_string();
    let procedure = p.id.to_string();
    let res = s_counter
        .post_form(
            "/dossiers",
            &[
                ("unit_id", ward.as_str()),
                ("procedure_id", procedure.as_str()),
                ("channel", "counter"),
                ("applicant", "Hà Thị Hoa"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = dossier_id(&res);
    let d = app
        .store
        .dossier(
            &xaphuong_core::access::Scope::All,
            uuid::Uuid::try_parse(&id).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(d.status.as_str(), "received");
    let due = d.due_at.unwrap();
    act(&s_counter, &id, &[("action", "assign")]).await;
    let s = app.login("tuphap").await;
    // A supplement without a reason is refused, then asked once.
    assert_eq!(
        act(&s, &id, &[("action", "request_supplement")])
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        act(
            &s,
            &id,
            &[
                ("action", "request_supplement"),
                ("reason", "Thiếu tờ khai")
            ]
        )
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&s, &id, &[("action", "supplement_received")])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = act(
        &s,
        &id,
        &[("action", "request_supplement"), ("reason", "Thiếu ảnh")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The clock restarted when the supplement arrived (Art. 19(5)).
    let d = app
        .store
        .dossier(&xaphuong_core::access::Scope::All, d.id)
        .await
        .unwrap();
    assert!(d.due_at.unwrap() >= due, "{:?} < {due:?}", d.due_at);
    // An apology with a new date, once.
    let new_due = d
        .due_at
        .unwrap()
        .checked_add(jiff::Span::new().days(2))
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let apologise = [
        ("action", "apologise"),
        ("reason", "Chờ xác minh"),
        ("new_due", new_due.as_str()),
    ];
    assert_eq!(
        act(&s, &id, &apologise).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        act(&s, &id, &apologise).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let d = app
        .store
        .dossier(&xaphuong_core::access::Scope::All, d.id)
        .await
        .unwrap();
    assert!(d.apologised);
    assert_eq!(
        d.due_at.unwrap().strftime("%Y-%m-%dT%H:%M").to_string(),
        new_due
    );
    // Form 04 names the reason and both return times; form 02 the reason.
    let apology = s.page(&format!("/dossiers/{id}/phieu/xin-loi")).await;
    let shown = |t: jiff::civil::DateTime| t.strftime("%H giờ %M phút, ngày %d/%m/%Y").to_string();
    assert!(apology.contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"));
    assert!(apology.contains("Chờ xác minh"));
    assert!(apology.contains(&shown(d.due_at.unwrap())), "{apology}");
    let supplement = s.page(&format!("/dossiers/{id}/phieu/bo-sung")).await;
    // The supplement that was made, not the second one refused.
    assert!(
        supplement.contains("PHIẾU YÊU CẦU BỔ SUNG")
            && supplement.contains("Thiếu tờ khai")
            && !supplement.contains("Thiếu ảnh"),
        "{supplement}"
    );
    // Every step is in the audit trail.
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(xaphuong_core::audit::Entity::Dossier),
        entity_id: Some(d.id),
        ..Default::default()
    };
    let entries = app
        .store
        .audit_entries(&xaphuong_core::access::Scope::All, &f)
        .await
        .unwrap();
    assert_eq!(entries.len(), 5, "{entries:?}");
});

app_test!(the_demo_year_in_bieu_06_and_the_report, |app| {
    use xaphuong_core::access::Scope;
    use xaphuong_core::onestop::lifecycle::Status;
    use xaphuong_store::onestop::DossierFilter;
    let ward = demo_ward(&app.store).await;
    let scope = ward.scope();
    let count = |status: Option<Status>| {
        let f = DossierFilter {
            status,
            per_page: Some(1),
            ..Default::default()
        };
        let store = &app.store;
        let scope = &scope;
        async move { store.dossiers(scope, &f).await.unwrap().count.at_least() }
    };
    let (all, returned) = (count(None).await, count(Some(Status::Returned)).await);
    assert!(all > 300 && returned > 250, "{all} {returned}");
    let from = jiff::civil::date(2026, 1, 1);
    let to = jiff::civil::date(2026, 11, 30);
    let times = app
        .store
        .dossier_times(&scope, from, to, &Default::default())
        .await
        .unwrap();
    let (rows, total) = xaphuong_core::onestop::stats::tally(&times, from, to);
    assert!(rows.len() >= 2);
    assert_eq!(total.resolved(), returned);
    assert_eq!(total.received(), all);
    assert!(total.late > 0 && total.online > 0 && total.counter_or_post > 0);
    let rate = total.on_time_rate().unwrap();
    // The late list holds Biểu 06's late and overdue cells, and the
    // dossiers kept to an apology's new date.
    let (late, late_total) = app
        .store
        .late_dossiers(&scope, from, to, &Default::default(), 1000)
        .await
        .unwrap();
    assert_eq!(late.len() as i64, late_total);
    let end = to.at(23, 59, 0, 0);
    let missed_current = |d: &xaphuong_store::onestop::Dossier| match d.finished_at {
        Some(f) if f <= end => f > d.due_at.unwrap(),
        _ => d.due_at.unwrap() <= end,
    };
    let kept_new_date: Vec<_> = late.iter().filter(|d| !missed_current(d)).collect();
    assert!(kept_new_date.iter().all(|d| d.apologised));
    assert_eq!(
        late_total - kept_new_date.len() as i64,
        total.late + total.pending_overdue
    );
    assert!(!kept_new_date.is_empty(), "the demo has apologies");
    // A field's figures are that field's row.
    let field = rows[0].field.clone();
    let f = xaphuong_store::onestop::StatsFilter {
        field: Some(field.clone()),
        procedure: None,
    };
    let times = app.store.dossier_times(&scope, from, to, &f).await.unwrap();
    let (only, sub) = xaphuong_core::onestop::stats::tally(&times, from, to);
    assert_eq!(only.len(), 1);
    assert_eq!(only[0], rows[0]);
    assert_eq!(sub.received(), rows[0].received());
    // Ratings: as many as the dossiers rated, counted directly.
    let (rated, dissatisfied) = app
        .store
        .rating_counts(&scope, from, to, &Default::default())
        .await
        .unwrap();
    assert!(rated > 0 && dissatisfied <= rated, "{rated} {dissatisfied}");
    // The same rate is the resolution report's computed indicator.
    let report = app
        .store
        .resolution_report(&Scope::All, ward.id, 2026, to)
        .await
        .unwrap();
    let line = report
        .results
        .iter()
        .find(|l| l.code == "ho-so-dung-han")
        .unwrap();
    assert_eq!(line.line.actual.unwrap().value, rate);
    // The page shows it; the workbook downloads.
    let s = app
        .signed_in(ward.id, "motcua2", "Ma Thị Lan", Role::OneStopOfficer)
        .await;
    let page = s
        .page("/dossiers/stats?from=2026-01-01&to=2026-11-30")
        .await;
    assert!(
        page.contains(&format!("<strong id=\"ty-le-dung-han\">{rate}%</strong>")),
        "{page}"
    );
    let index = xaphuong_core::onestop::stats::index_766(&total, rated, dissatisfied);
    assert!(page.contains(&format!(
        "<td id=\"chi-so-truc-tuyen\"><strong>{}%</strong>",
        index.online.unwrap()
    )));
    assert!(page.contains(&format!("Hồ sơ quá hạn, xin lỗi và hẹn lại ({late_total})")));
    // Filtered by field on the page.
    let page = s
        .page(&format!(
            "/dossiers/stats?from=2026-01-01&to=2026-11-30&field={}",
            field.replace(' ', "+")
        ))
        .await;
    assert!(
        page.contains(&format!(
            "<td>1</td><td>{field}</td><td>{}</td>",
            rows[0].received()
        )),
        "{page}"
    );
    let res = s
        .get("/dossiers/stats.xlsx?from=2026-01-01&to=2026-11-30")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
});

/// Sends `request` 35 times in a row and asserts that 30 a minute pass and
/// the rest wait, each refusal saying `text`.
async fn only_30_a_minute_pass(request: impl Fn() -> reqwest::RequestBuilder, text: &str) {
    let mut limited = 0;
    for _ in 0..35 {
        let res = request().send().await.unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
            assert!(res.text().await.unwrap().contains(text));
        }
    }
    assert!((4..=5).contains(&limited), "{limited}");
}

app_test!(the_public_lookup_is_rate_limited, |app| {
    let citizen = app.client();
    let lookup = app.url("/tra-cuu?ma=000.00.00.X01843-261130-0001");
    only_30_a_minute_pass(|| citizen.get(&lookup), "tra cứu quá nhiều lần").await;
});

app_test!(ratings_share_the_public_quota, |app| {
    let citizen = app.client();
    let token = page_token(&citizen, &app.url("/nop-ho-so")).await;
    let rate = || {
        citizen.post(app.url("/tra-cuu/danh-gia")).form(&[
            ("_csrf", token.as_str()),
            ("ma", "000.00.00.X01843-261130-0001"),
            ("muc", "hai_long"),
        ])
    };
    only_30_a_minute_pass(rate, "quá nhiều lần").await;
});

app_test!(due_soon_means_within_one_working_day, |app| {
    let w = world(&app.store).await;
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    let s = app
        .signed_in(w.ward_a.id, "motcua", "Ma Thị Lan", Role::OneStopOfficer)
        .await;
    let ward = w.ward_a.id.to_string();
    let file = |code: &'static str, name: &'static str| {
        let (s, ward) = (&s, ward.clone());
        let store = &app.store;
        async move {
            let p = store.procedures(Some(code)).await.unwrap()[0]
                .id
                .to_string();
            let res = s
                .post_form(
                    "/dossiers",
                    &[
                        ("unit_id", ward.as_str()),
                        ("procedure_id", p.as_str()),
                        ("channel", "counter"),
                        ("applicant", name),
                    ],
                )
                .await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
    };
    // Chứng thực bản sao: the same day (or the next working day after 15:00).
    file("2.000815", "Lục Thị Nhung").await;
    // Giám hộ: 3 working days.
    file("1.004837", "Vi Văn Tú").await;
    // In the list exactly when due within one working day from now, on the
    // ward's calendar (whatever day the test runs).
    let now = xaphuong_core::calendar::vietnam_time(jiff::Timestamp::now()).datetime();
    let cal = app
        .store
        .work_calendar(Some(&w.ward_a), now.year()..=now.year() + 1)
        .await
        .unwrap();
    let limit = cal.add_working_days(now, 1).unwrap();
    let soon = s.page("/dossiers?view=soon").await;
    let page = app
        .store
        .dossiers(&w.ward_a.scope(), &Default::default())
        .await
        .unwrap();
    assert_eq!(page.count, xaphuong_store::Count::Exact(2));
    for d in page.items {
        let due = d.due_at.unwrap();
        assert_eq!(
            soon.contains(&d.applicant),
            due <= limit,
            "{} due {due}, limit {limit}",
            d.applicant
        );
    }
    // Giám hộ's three working days are never within one.
    assert!(!soon.contains("Vi Văn Tú"));
    let all = s.page("/dossiers?view=all").await;
    assert!(all.contains("Lục Thị Nhung") && all.contains("Vi Văn Tú"));
});

app_test!(the_catalogue_goes_out_to_excel_and_back, |app| {
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    let shipped = app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    add_user(&app.store, None, "quantri", "Quản Trị", Role::Admin).await;
    let s = app.login("quantri").await;

    // The export reads back as the same catalogue: nothing added or changed.
    let xlsx = s.get("/procedures.xlsx").await.bytes().await.unwrap();
    let res = s
        .post_file("/procedures/import", "danh-muc.xlsx", &xlsx)
        .await;
    let body = res.text().await.unwrap();
    assert!(
        body.contains("thêm 0 thủ tục, cập nhật 0 thủ tục"),
        "{body}"
    );

    // A file with one bad row writes nothing and names each problem.
    let csv = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Tỷ lệ thời gian các bước (%)\n\
               1.001193,Đăng ký khai sinh,Hộ tịch,3 ngày làm việc,\n\
               1.00119,Lạ,Hộ tịch,sớm,10;10;10;10\n\
               2.000001,Thủ tục mới,Chứng thực,2 ngày làm việc,\n";
    let res = s
        .post_file("/procedures/import", "danh-muc.csv", csv.as_bytes())
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for field in [
        "Mã thủ tục",
        "Thời hạn giải quyết",
        "Tỷ lệ thời gian các bước (%)",
    ] {
        assert!(
            body.contains(&format!("<td>3</td><td>{field}</td>")),
            "{field}: {body}"
        );
    }
    assert_eq!(app.store.procedures(None).await.unwrap().len(), shipped);

    // Fixed, it adds one and changes one, each with its audit entry.
    let csv = csv.replace("1.00119,Lạ,Hộ tịch,sớm,10;10;10;10\n", "");
    let res = s
        .post_file("/procedures/import", "danh-muc.csv", csv.as_bytes())
        .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("thêm 1 thủ tục, cập nhật 1 thủ tục")
    );
    let all = app.store.procedures(None).await.unwrap();
    assert_eq!(all.len(), shipped + 1);
    let birth = all.iter().find(|p| p.code == "1.001193").unwrap();
    assert_eq!(birth.time_text, "3 ngày làm việc");
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(xaphuong_core::audit::Entity::Procedure),
        entity_id: Some(birth.id),
        ..Default::default()
    };
    let trail = app
        .store
        .audit_entries(&xaphuong_core::access::Scope::All, &f)
        .await
        .unwrap();
    assert_eq!(trail.len(), 2, "inserted, then changed");

    // The form edits one; a clash of codes is refused by field.
    let res = s
        .post_form(
            &format!("/procedures/{}", birth.id),
            &[
                ("code", "2.000001"),
                ("name", "Đăng ký khai sinh"),
                ("field", "Hộ tịch"),
                ("time", "Trong ngày"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Đã có thủ tục mã 2.000001",
    )
    .await;
    let res = s
        .post_form(
            &format!("/procedures/{}", birth.id),
            &[
                ("code", "1.001193"),
                ("name", "Đăng ký khai sinh"),
                ("field", "Hộ tịch"),
                ("time", "Trong ngày"),
                ("steps", "10;50;30;10"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let birth = app.store.procedure(birth.id).await.unwrap();
    assert_eq!(birth.steps, [10, 50, 30, 10]);

    // The counter officer reads the catalogue but does not change it.
    let w = world(&app.store).await;
    let counter = app
        .signed_in(w.ward_a.id, "motcua", "Ma Thị Lan", Role::OneStopOfficer)
        .await;
    assert_eq!(counter.get("/procedures").await.status(), StatusCode::OK);
    assert_eq!(
        counter
            .post_form("/procedures", &[("code", "3.000001")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
});

app_test!(a_commune_sets_its_dossier_code_pattern, |app| {
    let w = world(&app.store).await;
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    // A bad identifier is refused by field; nothing changes.
    let res = s
        .post_form(
            "/dossiers/ma-so",
            &[
                ("unit", ward.as_str()),
                ("identifier", "000 17"),
                ("width", "2"),
                ("separator", "-"),
            ],
        )
        .await;
    let errors = ["Mã định danh gồm các nhóm", "từ 3 đến 8"];
    says_all(res, StatusCode::UNPROCESSABLE_ENTITY, &errors).await;
    let res = s
        .post_form(
            "/dossiers/ma-so",
            &[
                ("unit", ward.as_str()),
                ("identifier", "000.17.22.h56"),
                ("long_year", "on"),
                ("width", "5"),
                ("separator", "."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The next dossier takes the new pattern.
    let p = app.store.procedures(Some("2.000815")).await.unwrap()[0].clone();
    let d = counter_dossier(
        &app.store,
        &w.ward_a,
        p.id,
        "Lục Thị Nhung",
        jiff::civil::date(2026, 11, 30).at(9, 0, 0, 0),
    )
    .await;
    assert_eq!(d.code, "000.17.22.H56.20261130.00001");
    // The change is audited, before and after.
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(xaphuong_core::audit::Entity::DossierCode),
        entity_id: Some(w.ward_a.id),
        ..Default::default()
    };
    let trail = app
        .store
        .audit_entries(&xaphuong_core::access::Scope::All, &f)
        .await
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(
        trail[0]
            .before_json
            .as_deref()
            .unwrap()
            .contains("000.00.00.X")
    );
    assert!(
        trail[0]
            .after_json
            .as_deref()
            .unwrap()
            .contains("000.17.22.H56")
    );
});

/// Without a configured public address the receipt has no QR code: the
/// `Host` header a client sends is not trusted to print one.
#[tokio::test]
async fn the_qr_code_never_comes_from_the_host_header() {
    let app = TestApp::spawn_with(
        xaphuong_store::testing::sqlite().await,
        xaphuong_web::WebConfig::default(),
    )
    .await;
    let w = world(&app.store).await;
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    let p = app.store.procedures(Some("2.000815")).await.unwrap()[0].clone();
    let d = counter_dossier(
        &app.store,
        &w.ward_a,
        p.id,
        "Lục Thị Nhung",
        jiff::civil::date(2026, 11, 30).at(9, 0, 0, 0),
    )
    .await;
    let s = app.login("quantri.a").await;
    let receipt = s
        .client
        .get(s.url(&format!("/dossiers/{}/phieu/tiep-nhan", d.id)))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(receipt.contains("GIẤY TIẾP NHẬN HỒ SƠ"), "{receipt}");
    assert!(!receipt.contains("<svg") && !receipt.contains("evil.example"));
    // The key is printed all the same.
    let shown = xaphuong_core::onestop::code::show_lookup_key(&d.lookup_key);
    assert!(receipt.contains(&shown), "{receipt}");
    app.cleanup().await;
}

app_test!(
    the_catalogue_is_kept_through_the_api_by_the_deployment_only,
    |app| {
        let sys = xaphuong_core::audit::Actor::system("kiểm thử");
        app.store.ensure_procedure_catalogue(&sys).await.unwrap();
        add_user(&app.store, None, "quantri", "Quản Trị", Role::Admin).await;
        let s = app.login("quantri").await;
        let body = serde_json::json!({
            "code": "2.000999", "name": "Chứng thực bản sao điện tử", "field": "Chứng thực",
            "time": "02 ngày làm việc", "fee": "2.000 đồng/trang", "papers": "Bản chính\nBản sao",
            "online": "full", "steps": "10;60;20;10"
        });
        let res = s
            .send_json(reqwest::Method::POST, "/api/v1/procedures", &body)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let made: serde_json::Value = res.json().await.unwrap();
        assert_eq!(made["papers"], serde_json::json!(["Bản chính", "Bản sao"]));
        assert_eq!(made["steps"], serde_json::json!([10, 60, 20, 10]));
        let id = made["id"].as_str().unwrap().to_owned();
        // Found by words without accents, read back alone.
        let found = s.get_json("/api/v1/procedures?q=ban sao dien tu").await;
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found[0]["id"], made["id"]);
        let one = s.get_json(&format!("/api/v1/procedures/{id}")).await;
        // The time as the catalogue writes it.
        assert_eq!(one["time"], "2 ngày làm việc");
        // Renamed; a code another procedure has, and an empty name, refused
        // by field.
        let mut renamed = body.clone();
        renamed["name"] = "Chứng thực điện tử bản sao từ bản chính".into();
        let res = s
            .send_json(
                reqwest::Method::PUT,
                &format!("/api/v1/procedures/{id}"),
                &renamed,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let mut clash = renamed.clone();
        clash["code"] = "1.001193".into();
        let res = s
            .send_json(
                reqwest::Method::PUT,
                &format!("/api/v1/procedures/{id}"),
                &clash,
            )
            .await;
        says(res, StatusCode::UNPROCESSABLE_ENTITY, "\"code\"").await;
        let mut nameless = renamed.clone();
        nameless["name"] = "".into();
        let res = s
            .send_json(
                reqwest::Method::PUT,
                &format!("/api/v1/procedures/{id}"),
                &nameless,
            )
            .await;
        says(res, StatusCode::UNPROCESSABLE_ENTITY, "\"name\"").await;
        let id: uuid::Uuid = id.parse().unwrap();
        assert_eq!(
            history(app, xaphuong_core::audit::Entity::Procedure, id).await,
            ["update", "insert"]
        );
        // A ward's administrator reads the catalogue and may not change it.
        let w = world(&app.store).await;
        let ward = app
            .signed_in(
                w.ward_a.id,
                "quantri.phuong",
                "Hoàng Văn Thành",
                Role::Admin,
            )
            .await;
        let read = ward.get_json(&format!("/api/v1/procedures/{id}")).await;
        assert_eq!(read["name"], "Chứng thực điện tử bản sao từ bản chính");
        let res = ward
            .send_json(
                reqwest::Method::PUT,
                &format!("/api/v1/procedures/{id}"),
                &body,
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            app.store.procedure(id).await.unwrap().name,
            "Chứng thực điện tử bản sao từ bản chính"
        );

        // The catalogue goes out as a workbook and comes back in unchanged.
        let import = |who: &Session, bytes: Vec<u8>| {
            who.client
                .post(who.url("/api/v1/procedures/import"))
                .header("x-csrf-token", &who.csrf)
                .body(bytes)
                .send()
        };
        let res = ward.get("/api/v1/procedures/export").await;
        assert_eq!(res.status(), StatusCode::OK);
        let book = res.bytes().await.unwrap().to_vec();
        let sheet = xaphuong_report::sheet::read(&book).unwrap();
        let total = app.store.procedures(None).await.unwrap().len();
        assert_eq!(sheet.rows.len(), total);
        assert!(
            sheet
                .rows
                .iter()
                .any(|(_, r)| r.iter().any(|c| c == "2.000999")),
            "the added procedure is in the export"
        );
        let res = import(&s, book.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let done: serde_json::Value = res.json().await.unwrap();
        assert_eq!(
            (done["added"].as_i64(), done["changed"].as_i64()),
            (Some(0), Some(0)),
            "{done}"
        );
        // A file with a bad row is refused naming the row and the column,
        // and nothing of it is written.
        let csv = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết\n\
                   2.000998,Chứng thực chữ ký,Chứng thực,01 ngày làm việc\n\
                   2.000997,,Chứng thực,01 ngày làm việc\n";
        let res = import(&s, csv.as_bytes().to_vec()).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: serde_json::Value = res.json().await.unwrap();
        assert_eq!(e["fields"][0]["row"], 3, "{e}");
        assert_eq!(app.store.procedures(None).await.unwrap().len(), total);
        let good = csv.lines().take(2).collect::<Vec<_>>().join("\n");
        let res = import(&s, good.into_bytes()).await.unwrap();
        let done: serde_json::Value = res.json().await.unwrap();
        assert_eq!(done["added"], 1, "{done}");
        // A ward's administrator may not import into the shared catalogue.
        let res = import(&ward, book).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);
