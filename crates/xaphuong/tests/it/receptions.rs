//! The citizen-reception book over HTTP: a denouncer's name walks past
//! every page, file, API answer and audit view of each role, and only the
//! handler's show it; a complaint's deadline and the overdue list.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

async fn body(s: &Session, path: String) -> (StatusCode, String) {
    let res = s.get(&path).await;
    let status = res.status();
    (status, res.text().await.unwrap())
}

/// The book's file as the session downloads it, one line per row.
async fn file(s: &Session) -> String {
    let bytes = s
        .get("/receptions/export.xlsx")
        .await
        .bytes()
        .await
        .unwrap();
    let sheet = xaphuong_report::sheet::read(&bytes).unwrap();
    sheet
        .rows
        .iter()
        .map(|(_, r)| r.join("|"))
        .collect::<Vec<_>>()
        .join("\n")
}

const NAME: &str = "Hà Văn Kín";
const ADDRESS: &str = "Ngõ 17 bí mật";

app_test!(only_the_handler_sees_a_denouncer_anywhere, |app| {
    let w = world(&app.store).await;
    let handler = app
        .signed_in(
            w.ward_a.id,
            "tuphap",
            "Nông Văn Hải",
            Role::SpecialistOfficer,
        )
        .await;
    let group = w.group_a.id.to_string();
    // Refused by field first, then kept.
    let res = handler
        .post_form(
            "/receptions",
            &[
                ("unit_id", group.as_str()),
                ("received_on", "2026-03-02"),
                ("kind", "denunciation"),
            ],
        )
        .await;
    says_all(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "Chưa nhập họ tên người đến",
            "Chưa nhập nội dung vụ việc",
            "Không thuộc thẩm quyền: ghi cơ quan",
        ],
    )
    .await;
    let res = handler
        .post_json(
            "/api/v1/receptions",
            &json!({"unit_id": group, "received_on": "2026-03-02", "citizen": NAME, "citizen_address": ADDRESS,
                    "matter": "Tố cáo việc thu tiền trái phép ở chợ", "kind": "denunciation", "competent": true,
                    "accepted_on": "2026-03-09"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let r: Value = res.json().await.unwrap();
    assert_eq!(
        (r["citizen"].as_str(), r["due_on"].as_str()),
        (Some(NAME), Some("2026-04-08")),
        "{r}"
    );
    let id = r["id"].as_str().unwrap().to_owned();
    // Changed by the leader of the ward? A leader only reads; the admin
    // changes it without seeing the name, which stays.
    let admin = app.login("quantri.a").await;
    let res = admin
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/receptions/{id}"),
            &json!({"unit_id": group, "version": r["version"], "received_on": "2026-03-02",
                    "matter": "Tố cáo việc thu tiền trái phép ở chợ", "kind": "denunciation", "competent": true,
                    "accepted_on": "2026-03-09", "decision": "Kết luận số 3/KL-UBND", "decided_on": "2026-03-30"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let leader = app
        .signed_in(w.ward_a.id, "chutich", "Lục Văn Chủ", Role::Leader)
        .await;
    let head = app
        .signed_in(w.group_a.id, "totruong", "Lò Văn Tổ", Role::GroupHead)
        .await;
    let pages = |id: &str| {
        vec![
            "/receptions".to_owned(),
            format!("/receptions/{id}"),
            "/receptions?q=thu+tien".to_owned(),
            "/api/v1/receptions".to_owned(),
            format!("/api/v1/receptions/{id}"),
            format!("/audit?entity=reception&entity_id={id}"),
            format!("/api/v1/audit?entity=reception&entity_id={id}"),
        ]
    };
    let mut walked = 0;
    for (who, s) in [
        ("quantri.a", &admin),
        ("chutich", &leader),
        ("totruong", &head),
    ] {
        for path in pages(&id) {
            let (status, text) = body(s, path.clone()).await;
            if status == StatusCode::FORBIDDEN {
                continue;
            }
            assert_eq!(status, StatusCode::OK, "{who} {path}: {text}");
            assert!(
                !text.contains(NAME) && !text.contains(ADDRESS),
                "{who} {path} shows the denouncer: {text}"
            );
            walked += 1;
        }
        let rows = file(s).await;
        assert!(
            rows.contains("Giữ bí mật") && !rows.contains(NAME),
            "{who}: {rows}"
        );
    }
    assert!(walked >= 12, "only {walked} views walked");
    // The handler sees who came, on the page, in the API and the file.
    let (_, page) = body(&handler, format!("/receptions/{id}")).await;
    assert!(page.contains(NAME) && page.contains(ADDRESS), "{page}");
    let (_, api) = body(&handler, format!("/api/v1/receptions/{id}")).await;
    assert!(api.contains(NAME));
    assert!(file(&handler).await.contains(NAME));
    // Searching by the name finds nothing, even for the handler.
    let found: Value = handler.get_json("/api/v1/receptions?q=ha+van+kin").await;
    assert_eq!(found["total"], 0);
});

app_test!(a_complaint_runs_late_on_the_overdue_list, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let ward = w.ward_a.id.to_string();
    let res = s
        .post_form(
            "/receptions",
            &[
                ("unit_id", ward.as_str()),
                ("received_on", "2026-03-02"),
                ("citizen", "Nông Văn Khải"),
                ("matter", "Khiếu nại quyết định xử phạt"),
                ("kind", "complaint"),
                ("competent", "true"),
                ("accepted_on", "2026-03-09"),
                ("extensions", "1"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Khiếu nại không gia hạn",
    )
    .await;
    let res = s
        .post_form(
            "/receptions",
            &[
                ("unit_id", ward.as_str()),
                ("received_on", "2026-03-02"),
                ("citizen", "Nông Văn Khải"),
                ("matter", "Khiếu nại quyết định xử phạt"),
                ("kind", "complaint"),
                ("competent", "true"),
                ("accepted_on", "2026-03-09"),
                ("remote", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = s.page(&location(&res)).await;
    // Remote, first complaint: 45 days (Luật Khiếu nại 2011, Điều 28).
    assert!(page.contains("23/04/2026"), "{page}");
    let list = s.page("/receptions?overdue=1").await;
    assert!(
        list.contains("Nông Văn Khải") && list.contains("quá hạn"),
        "{list}"
    );
});
