//! The start page after signing in: what needs attention, each with its
//! count and its list, and the year's indicators drawn against the year.

use reqwest::StatusCode;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(
    a_leader_sees_what_needs_attention_and_opens_each_list,
    |app| {
        let w = world(&app.store).await;
        let birth = onestop(&app.store, w.ward_a.id).await.birth;
        let sys = Actor::system("kiểm thử");
        let today = xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now());
        // A dossier received a month ago: past its due time.
        let long_ago = today
            .checked_sub(jiff::Span::new().days(40))
            .unwrap()
            .at(8, 0, 0, 0);
        let late =
            counter_dossier(&app.store, &w.ward_a, birth.id, "Đặng Văn Muộn", long_ago).await;
        // A case whose remedy deadline has passed.
        let admin = app.login("quantri.a").await;
        let case = api_case(&admin, w.group_a.id).await;
        let events = format!("/api/v1/violations/{}/events", case["id"].as_str().unwrap());
        for body in [
            serde_json::json!({"step": "record", "on": "2021-05-02"}),
            serde_json::json!({"step": "commitment", "on": "2021-05-03", "deadline": "2021-06-03"}),
        ] {
            let res = admin.post_json(&events, &body).await;
            assert!(res.status().is_success(), "{}", res.text().await.unwrap());
        }
        // A road due a week ago and not finished.
        let days_ago = |n: i64| {
            today
                .checked_sub(jiff::Span::new().days(n))
                .unwrap()
                .to_string()
        };
        let work = serde_json::json!({"unit_id": w.ward_a.id, "groups": [w.group_a.id],
            "name": "Bê tông hóa ngõ 9", "kind": "road_concrete", "length": "120",
            "started_on": days_ago(60), "due_on": days_ago(7)});
        let res = admin.post_json("/api/v1/works", &work).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
        // This year's resolution: revenue without an estimate, a figure
        // entered by hand never entered.
        app.store.ensure_indicator_catalogue(&sys).await.unwrap();
        app.store
            .save_resolution(
                &sys,
                &Scope::All,
                w.ward_a.id,
                today.year(),
                &xaphuong_store::resolutions::ResolutionInput {
                    number: "9/NQ-HĐND".into(),
                    targets: vec![
                        ("thu-nsnn".into(), "1.000.000.000".into()),
                        ("viec-lam".into(), "150".into()),
                    ],
                    ..Default::default()
                },
            )
            .await
            .unwrap();

        let s = app.login("lanhdao").await;
        let home = s.page("/").await;
        let item = |label: &str, href: &str| format!("<a href=\"{href}\">{label}</a>");
        for (label, href, count) in [
            ("Hồ sơ một cửa quá hạn", "/dossiers?view=overdue", Some(1)),
            (
                "Hồ sơ đến hạn trong một ngày làm việc",
                "/dossiers?view=soon",
                Some(1),
            ),
            (
                "Vụ vi phạm quá hạn khắc phục",
                "/violations?overdue=1",
                Some(1),
            ),
            ("Công trình chậm tiến độ", "/works?behind=1", Some(1)),
            (
                "Chỉ tiêu: Thu ngân sách Nhà nước trên địa bàn",
                "/budget?year=YEAR&#38;entries=collections",
                None,
            ),
        ] {
            let href = href.replace("YEAR", &today.year().to_string());
            let mut shown = item(label, &href);
            if let Some(n) = count {
                shown.push_str(&format!(": <strong>{n}</strong>"));
            }
            assert!(home.contains(&shown), "«{shown}» not on {home}");
        }
        assert!(home.contains("— Chưa có số liệu"), "{home}");
        assert!(
            home.contains(
                "Số liệu nhập tay: Lao động được giải quyết việc làm mới</a> — Chưa nhập"
            ),
            "{home}"
        );
        // The revenue's progress drawn; the months of the year drawn.
        assert_eq!(home.matches("<svg class=\"progress\"").count(), 2, "{home}");
        assert!(home.contains("<svg class=\"monthly\""));
        // Each item leads to its list, holding what was counted.
        let list = s.page("/dossiers?view=overdue").await;
        assert!(list.contains(&late.code), "{list}");
        let list = s.page("/violations?overdue=1").await;
        assert!(list.contains("Hộ bà Đặng Thị Hòa"), "{list}");
        let list = s.page("/works?behind=1").await;
        assert!(list.contains("Bê tông hóa ngõ 9"), "{list}");
        // The statistics page draws the same months.
        let stats = s.page("/dossiers/stats").await;
        assert!(stats.contains("<svg class=\"monthly\""), "{stats}");

        // An officer sees their own queue; a group head no dossiers at all.
        let counter = app.login("motcua").await.page("/").await;
        assert!(counter.contains(&item("Hồ sơ đang giao cho tôi", "/dossiers?view=mine")));
        let head = app
            .signed_in(w.group_a.id, "totruong", "Lò Văn Tổ", Role::GroupHead)
            .await;
        let page = head.get("/").await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        assert!(!page.contains("Hồ sơ một cửa"), "{page}");
    }
);
