//! Citizens' reports over HTTP: a citizen reports a blocked escape route
//! with a photo and no account; the officer sees it with its deadline,
//! opens the violation case from it and answers; the citizen reads the
//! answer by code and key; the public list and Open311 show it without
//! the reporter's contact. And an Open311 round trip with a client that
//! knows only the specification's paths and field names.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xaphuong_core::problems::photos::{grey_jpeg, with_gps};
use xaphuong_core::users::Role;

use crate::app_test;
use crate::helpers::*;

const NAME: &str = "Lục Thị Phản";
const PHONE: &str = "0912777888";
const EMAIL: &str = "luc.phan@example.vn";

/// The text between `id="{id}">` and the next `<`.
fn marked(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("{id} not in {page}"))
        + id.len()
        + 6;
    page[start..].split('<').next().unwrap().to_owned()
}

app_test!(
    a_citizen_report_goes_from_the_form_to_a_public_answer,
    |app| {
        let w = world(&app.store).await;
        let officer = app
            .signed_in(
                w.ward_a.id,
                "diachinh",
                "Hoàng Văn Địa",
                Role::SpecialistOfficer,
            )
            .await;
        let leader = app
            .signed_in(w.ward_a.id, "chutich", "Ma Văn Chủ", Role::Leader)
            .await;
        // The citizen: no account, a browser that keeps the form's cookie.
        let citizen = app.client();
        let form_page = text_at(&citizen, &app.url(&format!("/phan-anh?xa={}", w.ward_a.id))).await;
        assert!(form_page.contains("Lối thoát hiểm bị lấn chiếm"));
        assert!(
            form_page.contains(&w.group_a.name),
            "the ward's groups are offered"
        );
        let token = hidden_csrf(&form_page);
        let send = |fields: Vec<(&'static str, String)>, photos: Vec<Vec<u8>>| {
            let mut form = reqwest::multipart::Form::new();
            for (k, v) in fields {
                form = form.text(k, v);
            }
            for p in photos {
                form = form.part("photos", file_part("anh.jpg", p));
            }
            citizen
                .post(app.url(&format!("/phan-anh?_csrf={token}")))
                .multipart(form)
                .send()
        };
        // Refused whole: the fields at fault named, a PDF named as the photo.
        let res = send(
            vec![
                ("commune_id", w.ward_a.id.to_string()),
                ("email", "khong-dung".into()),
            ],
            vec![b"%PDF-1.7".to_vec()],
        )
        .await
        .unwrap();
        says_all(
            res,
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "Chọn loại vấn đề phản ánh",
                "Mô tả vấn đề cần phản ánh",
                "Ghi địa điểm",
                "Địa chỉ e-mail không đúng dạng",
                "Ảnh thứ 1: chỉ nhận ảnh",
            ],
        )
        .await;
        assert_eq!(
            app.store
                .problems(&xaphuong_core::access::Scope::All, &Default::default())
                .await
                .unwrap()
                .total,
            0
        );
        // A photo whose EXIF names the place (22°08'51" N, 105°50'02" E).
        let photo = with_gps(&grey_jpeg(), (22, 8, 51), (105, 50, 2));
        let res = send(
            vec![
                ("commune_id", w.ward_a.id.to_string()),
                ("category", "escape_route".into()),
                (
                    "description",
                    "Lối thoát hiểm nhà trọ bị khóa và chất đầy xe máy".into(),
                ),
                ("address", "Ngõ 12 đường Trường Chinh".into()),
                ("group_id", w.group_a.id.to_string()),
                ("name", NAME.into()),
                ("phone", PHONE.into()),
                ("email", EMAIL.into()),
                ("notify", "1".into()),
            ],
            vec![photo],
        )
        .await
        .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        let code = marked(&page, "ma-phan-anh");
        let key = marked(&page, "ma-tra-cuu");
        assert!(code.starts_with("PA") && code.len() == 10, "{code}");

        // The officer's queue: the report with its deadline (2 working days).
        let queue = officer.page("/problems").await;
        assert!(
            queue.contains(&code) && queue.contains("Lối thoát hiểm"),
            "{queue}"
        );
        let list = officer
            .get_json(&format!("/api/v1/problems?q={code}"))
            .await;
        assert_eq!(list["total"], 1);
        let id = list["items"][0]["id"].as_str().unwrap().to_owned();
        assert!(
            list["items"][0]["contact_name"].is_null(),
            "no contact in a list"
        );
        let p = officer.get_json(&format!("/api/v1/problems/{id}")).await;
        assert_eq!(p["status"], "received");
        assert_eq!(p["field"], "Phòng cháy, chữa cháy");
        assert_eq!(p["contact_name"], NAME);
        assert!((p["lat"].as_f64().unwrap() - 22.1475).abs() < 1e-3, "{p}");
        assert!((p["long"].as_f64().unwrap() - 105.8339).abs() < 1e-3, "{p}");
        let received: jiff::civil::DateTime = p["received_at"].as_str().unwrap().parse().unwrap();
        let due: jiff::civil::DateTime = p["due_at"].as_str().unwrap().parse().unwrap();
        assert!(
            due > received && due.date() <= received.date() + jiff::Span::new().days(4),
            "{p}"
        );
        let show = officer.page(&format!("/problems/{id}")).await;
        assert!(
            show.contains("id=\"han-xu-ly\"") && show.contains(NAME),
            "{show}"
        );
        // The photo as kept: no EXIF left.
        let photos = app
            .store
            .problem_photos(uuid::Uuid::parse_str(&id).unwrap())
            .await
            .unwrap();
        let kept = officer
            .get(&format!("/problems/{id}/photos/{}", photos[0].id))
            .await;
        assert_eq!(kept.headers()["content-type"], "image/jpeg");
        let kept = kept.bytes().await.unwrap();
        assert!(!kept.windows(4).any(|w| w == b"Exif"));
        // A leader reads the report, never the contact.
        let as_leader = leader.get_json(&format!("/api/v1/problems/{id}")).await;
        assert!(as_leader["contact_name"].is_null() && as_leader["contact_phone"].is_null());
        let leader_page = leader.page(&format!("/problems/{id}")).await;
        assert!(!leader_page.contains(NAME) && !leader_page.contains(PHONE));

        // The officer opens the violation case from it.
        let res = officer
            .post_form(
                &format!("/problems/{id}/case"),
                &[
                    ("kind", "escape_route"),
                    ("offender", "Nhà trọ Hưng Thịnh"),
                    ("version", &p["version"].to_string()),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let case_path = location(&res);
        assert!(case_path.starts_with("/violations/"), "{case_path}");
        let case = officer.page(&case_path).await;
        assert!(
            case.contains("Nhà trọ Hưng Thịnh") && case.contains(&code),
            "{case}"
        );
        let p = officer.get_json(&format!("/api/v1/problems/{id}")).await;
        assert_eq!(
            p["violation_id"]
                .as_str()
                .map(|v| format!("/violations/{v}")),
            Some(case_path)
        );
        // A step on the version read, and a stale one refused.
        let me = officer.get_json("/api/v1/me").await;
        let stale = p["version"].clone();
        let res = officer
            .post_json(
                &format!("/api/v1/problems/{id}/steps"),
                &json!({"action": "assign", "officer_id": me["user"]["id"], "version": stale}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["status"], "assigned");
        let res = officer
            .post_json(
                &format!("/api/v1/problems/{id}/steps"),
                &json!({"action": "start", "version": stale}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        // Answering needs its public note.
        let res = officer
            .post_json(
                &format!("/api/v1/problems/{id}/steps"),
                &json!({"action": "answer", "version": p["version"]}),
            )
            .await;
        says(
            res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Ghi nội dung trả lời",
        )
        .await;
        let answer = "Đã lập biên bản, chủ nhà trọ đã dỡ khóa và dọn lối thoát hiểm";
        let res = officer
            .post_json(
                &format!("/api/v1/problems/{id}/steps"),
                &json!({"action": "answer", "note": answer, "version": p["version"]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["status"], "answered");
        assert!(p["finished_at"].is_string());

        // The citizen reads the answer by code and key; by code alone the
        // text stays unpublished; a wrong key reads like an unknown code.
        let own = text_at(
            &citizen,
            &app.url(&format!("/phan-anh/tra-cuu?ma={code}&khoa={key}")),
        )
        .await;
        assert!(
            own.contains(answer) && own.contains("nhà trọ bị khóa"),
            "{own}"
        );
        assert!(own.contains("Đã trả lời"));
        assert!(!own.contains(NAME) && !own.contains(PHONE) && !own.contains(EMAIL));
        let by_code = text_at(&citizen, &app.url(&format!("/phan-anh/tra-cuu?ma={code}"))).await;
        assert!(
            by_code.contains(answer) && !by_code.contains("nhà trọ bị khóa"),
            "{by_code}"
        );
        let wrong = text_at(
            &citizen,
            &app.url(&format!("/phan-anh/tra-cuu?ma={code}&khoa=00000-00000")),
        )
        .await;
        let unknown = text_at(
            &citizen,
            &app.url("/phan-anh/tra-cuu?ma=PA22222222&khoa=00000-00000"),
        )
        .await;
        assert!(
            wrong.contains("Không tìm thấy phản ánh")
                && unknown.contains("Không tìm thấy phản ánh")
        );
        assert!(!wrong.contains(answer));
        // The photo: the reporter's with the key; the public's only once published.
        let photo_path = format!("/phan-anh/anh/{code}/{}", photos[0].id);
        assert_eq!(
            app.get_anonymous(&photo_path).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get_anonymous(&format!("{photo_path}?khoa={key}"))
                .await
                .status(),
            StatusCode::OK
        );

        // The public list: the answer, never the contact; the text after
        // moderation.
        let public = text_at(
            &citizen,
            &app.url(&format!("/phan-anh/cong-khai?xa={}", w.ward_a.id)),
        )
        .await;
        assert!(
            public.contains(&code) && public.contains(answer),
            "{public}"
        );
        for private in [NAME, PHONE, EMAIL, "nhà trọ bị khóa"] {
            assert!(!public.contains(private), "«{private}» on the public list");
        }
        let res = officer
            .post_json(
                &format!("/api/v1/problems/{id}/steps"),
                &json!({"action": "publish", "version": p["version"]}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let public_page = text_at(&citizen, &app.url(&format!("/phan-anh/cong-khai/{code}"))).await;
        assert!(
            public_page.contains("nhà trọ bị khóa") && !public_page.contains(NAME),
            "{public_page}"
        );
        assert_eq!(
            app.get_anonymous(&photo_path).await.status(),
            StatusCode::OK
        );
        // The reporter asked to be told: each step is a letter in the outbox.
        let letters = count(
            &app.db.url,
            &format!(
                "SELECT COUNT(*) FROM deliveries WHERE channel = 'email' AND address = '{EMAIL}'"
            ),
        )
        .await;
        // Filed, assigned, answered; publishing tells nobody.
        assert_eq!(letters, 3);
        // Every change audited, the contact never in the trail.
        let trail = officer
            .page(&format!("/api/v1/audit?entity=problem&entity_id={id}"))
            .await;
        assert!(
            !trail.contains(NAME) && !trail.contains(PHONE) && !trail.contains(EMAIL),
            "{trail}"
        );
        let history = history(
            app,
            xaphuong_core::audit::Entity::Problem,
            uuid::Uuid::parse_str(&id).unwrap(),
        )
        .await;
        assert_eq!(history.len(), 5, "{history:?}");

        // Statistics: one report, answered on time.
        let stats = officer
            .page(&format!("/problems/stats?year={}", received.year()))
            .await;
        assert!(stats.contains("100,0%"), "{stats}");
    }
);

/// An Open311 GeoReport v2 client, written from the specification: the
/// paths, the form fields and the answer's field names, nothing else.
struct Open311 {
    http: reqwest::Client,
    endpoint: String,
    api_key: String,
    jurisdiction_id: String,
}

impl Open311 {
    async fn services(&self) -> Vec<Value> {
        let url = format!(
            "{}/services.json?jurisdiction_id={}",
            self.endpoint, self.jurisdiction_id
        );
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn post_request(&self, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form = vec![
            ("api_key", self.api_key.as_str()),
            ("jurisdiction_id", self.jurisdiction_id.as_str()),
        ];
        form.extend_from_slice(fields);
        self.http
            .post(format!("{}/requests.json", self.endpoint))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    async fn get_request(&self, id: &str) -> Vec<Value> {
        let url = format!(
            "{}/requests/{id}.json?jurisdiction_id={}",
            self.endpoint, self.jurisdiction_id
        );
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn get_requests(&self, query: &str) -> Vec<Value> {
        let url = format!(
            "{}/requests.json?jurisdiction_id={}&{query}",
            self.endpoint, self.jurisdiction_id
        );
        self.http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

app_test!(an_open311_client_files_and_follows_a_request, |app| {
    let w = world(&app.store).await;
    // The deployment's administrator issues the app its key.
    add_user(
        &app.store,
        None,
        "quantri.tinh",
        "Quản Trị Tỉnh",
        Role::Admin,
    )
    .await;
    let admin = app.login("quantri.tinh").await;
    let res = admin
        .post_form("/api-clients", &[("name", "Ứng dụng Phản ánh Bắc Kạn")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let api_key = marked(&page, "khoa-moi");
    assert!(api_key.starts_with("o311_"), "{api_key}");
    let ward_admin = app
        .signed_in(
            w.ward_a.id,
            "quantri.phuong",
            "Quản Trị Phường",
            Role::Admin,
        )
        .await;
    says(
        ward_admin.get("/api-clients").await,
        StatusCode::FORBIDDEN,
        "Chỉ quản trị toàn hệ thống",
    )
    .await;

    let client = Open311 {
        http: reqwest::Client::new(),
        endpoint: app.url("/open311/v2"),
        api_key,
        jurisdiction_id: w.ward_a.id.to_string(),
    };
    // The service list.
    let services = client.services().await;
    let codes: Vec<&str> = services
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"sidewalk") && codes.contains(&"escape_route"),
        "{codes:?}"
    );
    for s in &services {
        assert!(s["service_name"].is_string() && s["metadata"] == false && s["type"] == "realtime");
    }
    // A deployment of several communes asks which one.
    let res = reqwest::get(app.url("/open311/v2/services.json"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let errors: Vec<Value> = res.json().await.unwrap();
    assert_eq!(errors[0]["code"], 400);
    // Without a valid key, nothing is filed.
    let stranger = Open311 {
        api_key: "o311_sai".into(),
        ..client
    };
    let res = stranger
        .post_request(&[
            ("service_code", "sidewalk"),
            ("description", "Lấn chiếm"),
            ("lat", "22.147"),
            ("long", "105.834"),
        ])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let errors: Vec<Value> = res.json().await.unwrap();
    assert_eq!(errors[0]["code"], 403);
    let client = Open311 {
        api_key: client_key(&page),
        ..stranger
    };
    // A bad request names the field.
    let res = client
        .post_request(&[("service_code", "khong-co"), ("description", "x")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let errors: Vec<Value> = res.json().await.unwrap();
    assert!(
        errors[0]["description"]
            .as_str()
            .unwrap()
            .contains("category"),
        "{errors:?}"
    );
    // File a request by coordinates.
    let res = client
        .post_request(&[
            ("service_code", "sidewalk"),
            (
                "description",
                "Quán nước bày bàn ghế kín vỉa hè trước số 45",
            ),
            ("lat", "22.1471"),
            ("long", "105.8342"),
            ("email", "app.user@example.vn"),
            ("first_name", "Bình"),
            ("last_name", "Nông Văn"),
        ])
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let filed: Vec<Value> = res.json().await.unwrap();
    let id = filed[0]["service_request_id"].as_str().unwrap().to_owned();
    // Read it back: open, with the standard's fields, no personal data.
    let got = client.get_request(&id).await;
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "sidewalk");
    assert!((r["lat"].as_f64().unwrap() - 22.1471).abs() < 1e-6);
    assert!((r["long"].as_f64().unwrap() - 105.8342).abs() < 1e-6);
    for field in [
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
    ] {
        let v = r[field].as_str().unwrap();
        assert!(v.ends_with("+07:00"), "{field}: {v}");
        assert!(v.parse::<jiff::Timestamp>().is_ok(), "{field}: {v}");
    }
    let text = r.to_string();
    assert!(
        !text.contains("app.user@example.vn") && !text.contains("Nông Văn"),
        "{text}"
    );
    // An officer closes it; the client sees the status change.
    let officer = app
        .signed_in(
            w.ward_a.id,
            "trattu",
            "Đinh Văn Trật",
            Role::SpecialistOfficer,
        )
        .await;
    let list = officer.get_json(&format!("/api/v1/problems?q={id}")).await;
    let pid = list["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(list["items"][0]["channel"], "open311");
    let p = officer.get_json(&format!("/api/v1/problems/{pid}")).await;
    assert_eq!(p["contact_email"], "app.user@example.vn");
    let res = officer
        .post_json(
            &format!("/api/v1/problems/{pid}/steps"),
            &json!({"action": "reject", "rejection": "outside", "forwarded_to": "Công an phường", "note": "Đã chuyển Công an phường xử lý", "version": p["version"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let got = client.get_request(&id).await;
    assert_eq!(got[0]["status"], "closed");
    assert!(
        got[0]["status_notes"]
            .as_str()
            .unwrap()
            .contains("Đã chuyển Công an phường")
    );
    // The list by status and by id.
    let closed = client.get_requests("status=closed").await;
    assert!(
        closed
            .iter()
            .any(|r| r["service_request_id"] == id.as_str())
    );
    let open = client.get_requests("status=open").await;
    assert!(!open.iter().any(|r| r["service_request_id"] == id.as_str()));
    let by_id = client
        .get_requests(&format!("service_request_id={id}"))
        .await;
    assert_eq!(by_id.len(), 1);
    // An unknown id answers the standard's error list.
    let res = reqwest::get(app.url("/open311/v2/requests/PA22222222.json"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A revoked key files nothing more.
    let clients = app.store.api_clients().await.unwrap();
    let res = admin
        .post_form(&format!("/api-clients/{}/revoke", clients[0].id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = client
        .post_request(&[
            ("service_code", "noise"),
            ("description", "Ồn"),
            ("address_string", "Tổ 1"),
        ])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
});

/// The key shown on the page that issued it.
fn client_key(page: &str) -> String {
    marked(page, "khoa-moi")
}

app_test!(
    the_public_map_is_drawn_only_from_the_configured_tile_server,
    |app| {
        let w = world(&app.store).await;
        let list = format!("/phan-anh/cong-khai?xa={}", w.ward_a.id);
        // By default: a list, no map, images from this server only.
        let res = app.get_anonymous(&list).await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("img-src 'self' data:;"), "{csp}");
        let page = res.text().await.unwrap();
        assert!(!page.contains("id=\"map\"") && !page.contains("map.js"));
        // With a tile server: the map, and its origin allowed for images alone.
        let tiles = TestApp::spawn_with(
            xaphuong_store::testing::sqlite().await,
            xaphuong_web::WebConfig {
                map_tiles: Some("https://tiles.example.vn/{z}/{x}/{y}.png".into()),
                ..Default::default()
            },
        )
        .await;
        let res = tiles.get_anonymous("/phan-anh/cong-khai").await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("img-src 'self' data: https://tiles.example.vn;"),
            "{csp}"
        );
        assert!(
            csp.contains("default-src 'self'; script-src 'self';"),
            "{csp}"
        );
        let page = res.text().await.unwrap();
        assert!(
            page.contains("data-tiles=\"https://tiles.example.vn/{z}/{x}/{y}.png\""),
            "{page}"
        );
        assert!(page.contains("/static/map.js"));
        tiles.cleanup().await;
    }
);
