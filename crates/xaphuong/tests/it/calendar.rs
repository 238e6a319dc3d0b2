use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

app_test!(month_page_and_schedule_editor, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let feb = s.get("/calendar?year=2026&month=2").await;
    assert_eq!(feb.status(), StatusCode::OK);
    let body = feb.text().await.unwrap();
    assert!(body.contains("Lịch tháng 2/2026"));
    assert!(body.contains("Tết Nguyên đán Bính Ngọ (mùng 1)"), "{body}");
    assert!(
        body.contains("<span class=\"lunar\">1/1</span>"),
        "Tết shows lunar 1/1"
    );
    assert!(body.contains("Bính Ngọ"));
    // The ward's own festival.
    let ward = w.ward_a.id.to_string();
    let res = s
        .post_form(
            "/calendar/schedule/days",
            &[
                ("unit_id", &ward),
                ("date", "2026-03-05"),
                ("kind", "holiday"),
                ("name", "Lễ hội Lồng tồng"),
                ("confirmed", "1"),
            ],
        )
        .await;
    redirected(res).await;
    let mar = s.page("/calendar?year=2026&month=3").await;
    assert!(mar.contains("Lễ hội Lồng tồng"));
    assert!(
        mar.contains("21 ngày làm việc"),
        "March 2026 has 22 weekdays, one is the festival"
    );
    let editor = s
        .page(&format!("/calendar/schedule?year=2026&unit={ward}"))
        .await;
    assert!(editor.contains("Riêng của đơn vị này") && editor.contains("Có sẵn"));
    // A bad day comes back with its fields named, nothing saved.
    let res = s
        .post_form(
            "/calendar/schedule/days",
            &[
                ("unit_id", &ward),
                ("date", "2026-02-30"),
                ("kind", "nghi"),
                ("name", ""),
            ],
        )
        .await;
    let errors = [
        "Ngày không hợp lệ",
        "Loại ngày không hợp lệ",
        "Tên ngày không được để trống",
    ];
    says_all(res, StatusCode::UNPROCESSABLE_ENTITY, &errors).await;
    // Settings: a bad one is refused, a good one used for deadlines.
    let res = s
        .post_form(
            "/calendar/settings",
            &[
                ("unit_id", &ward),
                ("year", "2026"),
                ("rest_days", "6,7"),
                ("office_hours", "7h-11h"),
                ("same_day_cutoff", "15:00"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ca làm việc «7h-11h» không hợp lệ",
    )
    .await;
    let res = s
        .post_form(
            "/calendar/settings",
            &[
                ("unit_id", &ward),
                ("year", "2026"),
                ("rest_days", "6,7"),
                ("office_hours", "07:30-11:30,13:30-17:30"),
                ("same_day_cutoff", "16:00"),
                ("makeup_counts", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let due: Value = s
        .get_json("/api/v1/calendar/deadline?received=2026-03-04T16:30&same_day=true")
        .await;
    assert_eq!(
        due["due"], "2026-03-06T17:30",
        "after the ward's 16:00 cut-off, past the festival, at the ward's closing time"
    );
    // Deleting the festival.
    let res = s
        .post_form(
            "/calendar/schedule/days/delete",
            &[("unit_id", &ward), ("date", "2026-03-05")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        !s.page("/calendar?year=2026&month=3")
            .await
            .contains("Lễ hội Lồng tồng")
    );
    // A leader reads the calendar but does not edit it.
    let leader = app
        .signed_in(w.ward_a.id, "lanhdao.a", "Nông Thị Hạnh", Role::Leader)
        .await;
    assert_eq!(leader.get("/calendar").await.status(), StatusCode::OK);
    assert_eq!(
        leader.get("/calendar/schedule").await.status(),
        StatusCode::FORBIDDEN
    );
});

app_test!(calendar_api, |app| {
    let w = world(&app.store).await;
    add_user(&app.store, None, "quantri", "Hoàng Văn Thành", Role::Admin).await;
    let s = app.login("quantri").await;
    let get = |path: String| {
        let c = s.client.clone();
        let url = s.url(&path);
        async move {
            let res = c.get(url).send().await.unwrap();
            (res.status(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, v) = get("/api/v1/calendar/lunar?date=2026-02-17".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v,
        json!({"date": "2026-02-17", "lunar_day": 1, "lunar_month": 1, "lunar_year": 2026, "leap": false, "year_name": "Bính Ngọ"})
    );
    assert_eq!(
        get("/api/v1/calendar/solar?year=2026&month=3&day=10".into())
            .await
            .1["date"],
        "2026-04-26"
    );
    assert_eq!(
        get("/api/v1/calendar/deadline?received=2019-11-20T08:37&days=25".into())
            .await
            .1["due"],
        "2019-12-25T08:37"
    );
    assert_eq!(
        get("/api/v1/calendar/workdays?from=2026-01-01&to=2026-01-31".into())
            .await
            .1["workdays"],
        21
    );
    let (status, v) =
        get("/api/v1/calendar/deadline?received=2026-03-04T09:00&days=-1".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["fields"][0]["field"], "days");
    let (status, v) = get("/api/v1/calendar/lunar?date=1899-01-01".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["message"].as_str().unwrap().contains("1900"));
    let (_, v) = get("/api/v1/calendar/days-off?year=2026".into()).await;
    let items = v["items"].as_array().unwrap();
    assert!(items.iter().all(|d| d["source"] == "builtin"));
    assert!(
        items
            .iter()
            .any(|d| d["date"] == "2026-04-26" && d["differs_from_week"] == false)
    );
    // The deployment administrator corrects the schedule.
    let put_day = async |day: Value| {
        s.send_json(Method::PUT, "/api/v1/calendar/days", &day)
            .await
    };
    let res =
        put_day(json!({"date": "2026-12-31", "kind": "swapped", "name": "Nghỉ hoán đổi"})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, v) = get("/api/v1/calendar/days-off?year=2026".into()).await;
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["source"] == "deployment")
    );
    let res = s
        .send_json(
            Method::DELETE,
            "/api/v1/calendar/days?date=2026-12-31",
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = s
        .send_json(
            Method::PUT,
            "/api/v1/calendar/settings",
            &json!({"unit_id": w.ward_a.id, "rest_days": "7", "office_hours": "07:00-11:30,13:30-17:00", "makeup_counts": false, "same_day_cutoff": "15:00"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, v) = get(format!("/api/v1/calendar/settings?unit={}", w.group_a.id)).await;
    assert_eq!(
        (v["rest_days"].as_str(), v["makeup_counts"].as_bool()),
        (Some("7"), Some(false))
    );
    // Saturday is a working day in ward A now.
    let (_, v) = get(format!(
        "/api/v1/calendar/workdays?from=2026-10-10&to=2026-10-10&unit={}",
        w.ward_a.id
    ))
    .await;
    assert_eq!(v["workdays"], 1);
    let res = put_day(json!({"date": "2026-02-30", "kind": "x", "name": ""})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
});
