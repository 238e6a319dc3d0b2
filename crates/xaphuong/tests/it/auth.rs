use reqwest::StatusCode;
use xaphuong_core::audit::Entity;

use crate::app_test;
use crate::helpers::*;

app_test!(login_home_logout, |app| {
    let w = world(&app.store).await;
    let anon = app.client();
    let res = anon.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login?next=%2F");
    let s = app.login("quantri.a").await;
    let home = s.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    let body = home.text().await.unwrap();
    assert!(body.contains("<h1>Phường Phùng Chí Kiên</h1>"), "{body}");
    assert!(body.contains("Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí Kiên"));
    let out = s.post_form("/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.get("/").await.status(), StatusCode::SEE_OTHER);
    // Sign-in and sign-out are in the account's history.
    let actions = history(app, Entity::User, w.admin_a.id).await;
    assert_eq!(actions[..2], ["logout", "login"]);
});

app_test!(wrong_password_five_times_slows_down, |app| {
    world(&app.store).await;
    let c = app.client();
    let token = page_token(&c, &app.url("/login")).await;
    let attempt = |password: &'static str| {
        let c = c.clone();
        let url = app.url("/login");
        let token = token.clone();
        async move {
            c.post(url)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("username", "quantri.a"),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 0..4 {
        let res = attempt("sai-mat-khau").await;
        says(
            res,
            StatusCode::UNAUTHORIZED,
            "Tên đăng nhập hoặc mật khẩu không đúng",
        )
        .await;
    }
    // The fifth wrong password is still judged; the sixth attempt must wait,
    // even with the right password.
    assert_eq!(
        attempt("sai-mat-khau").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = attempt(PASSWORD).await;
    says(
        res,
        StatusCode::TOO_MANY_REQUESTS,
        "Vui lòng thử lại sau 30 giây",
    )
    .await;
    // The API says the same in JSON.
    let res = app
        .client()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"username": "quantri.a", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "too_many_requests");
});

app_test!(forms_without_a_valid_csrf_token_are_refused, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let before = app.unit_total().await;
    let parent = w.ward_a.id.to_string();
    let fields = [
        ("parent_id", parent.as_str()),
        ("code", "9"),
        ("name", "Tổ 9"),
        ("kind", "to_dan_pho"),
    ];
    // No token.
    let res = s
        .client
        .post(s.url("/units"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("CSRF"));
    // A wrong token.
    let mut wrong = vec![("_csrf", "0000")];
    wrong.extend_from_slice(&fields);
    assert_eq!(
        s.client
            .post(s.url("/units"))
            .form(&wrong)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    // The right token from another site.
    let mut right = vec![("_csrf", s.csrf.as_str())];
    right.extend_from_slice(&fields);
    let res = s
        .client
        .post(s.url("/units"))
        .header("sec-fetch-site", "cross-site")
        .form(&right)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = s
        .client
        .post(s.url("/units"))
        .header("origin", "http://evil.example")
        .form(&right)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The API needs the header too.
    let res = s
        .client
        .post(s.url("/api/v1/units"))
        .json(&serde_json::json!({"parent_id": w.ward_a.id, "code": "9", "name": "Tổ 9", "kind": "to_dan_pho"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.unit_total().await, before);
    // The login form itself needs its token.
    let anon = app.client();
    let res = anon
        .post(app.url("/login"))
        .form(&[("username", "quantri.a"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // With the token, the same form goes through.
    let res = s.post_form("/units", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.unit_total().await, before + 1);
});

app_test!(roles_are_denied_by_default, |app| {
    let w = world(&app.store).await;
    add_user(
        &app.store,
        Some(w.group_a.id),
        "totruong",
        "Lục Văn Sơn",
        xaphuong_core::users::Role::GroupHead,
    )
    .await;
    add_user(
        &app.store,
        Some(w.ward_a.id),
        "lanhdao.a",
        "Nông Thị Hạnh",
        xaphuong_core::users::Role::Leader,
    )
    .await;
    let head = app.login("totruong").await;
    assert_eq!(head.get("/units").await.status(), StatusCode::OK);
    assert_eq!(head.get("/users").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(head.get("/audit").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        head.get(&format!("/units/{}", w.ward_a.id)).await.status(),
        StatusCode::NOT_FOUND
    );
    let nav = head.page("/").await;
    assert!(!nav.contains("href=\"/users\""));
    let leader = app.login("lanhdao.a").await;
    assert_eq!(leader.get("/audit").await.status(), StatusCode::OK);
    assert_eq!(
        leader.get("/units/new").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = leader
        .post_form(
            "/units",
            &[("code", "9"), ("name", "Tổ 9"), ("kind", "to_dan_pho")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = leader
        .post_json("/api/v1/users", &serde_json::json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "forbidden");
    // Unsigned API calls get JSON 401, not a redirect.
    let res = app.get_anonymous("/api/v1/units").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "unauthorized"
    );
});

app_test!(
    personal_pages_are_not_stored_and_sign_in_stays_on_the_site,
    |app| {
        world(&app.store).await;
        let s = app.login("quantri.a").await;
        for path in ["/", "/households", "/households/export.xlsx", "/api/v1/me"] {
            let res = s.get(path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
        }
        let css = s.get("/static/app.css").await;
        assert_eq!(css.headers()["cache-control"], "public, max-age=3600");
        // A tab after the first slash is dropped by browsers, which then read
        // "//evil.example/x" as another site.
        let client = app.client();
        let res = app
            .post_login(&client, "quantri.a", "/\t/evil.example/x")
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/");
    }
);

app_test!(
    guesses_sent_together_are_checked_no_more_than_the_rule_allows,
    |app| {
        world(&app.store).await;
        let c = app.client();
        let token = page_token(&c, &app.url("/login")).await;
        // Thirty guesses at once: each is counted before it is checked. (Had
        // one been right, its success would rightly forget the count.)
        let tries = (0..30).map(|i| {
            let password = format!("sai-mat-khau-{i}");
            let (c, url, token) = (c.clone(), app.url("/login"), token.clone());
            async move {
                c.post(url)
                    .form(&[
                        ("_csrf", token.as_str()),
                        ("username", "quantri.a"),
                        ("password", password.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        let statuses = futures_util::future::join_all(tries).await;
        let checked = statuses
            .iter()
            .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!(
            checked as i64,
            xaphuong_core::throttle::FREE_FAILURES + 1,
            "{statuses:?}"
        );
    }
);

app_test!(
    the_current_password_is_guessed_no_faster_than_at_sign_in,
    |app| {
        world(&app.store).await;
        let s = app.login("quantri.a").await;
        let change = |current: &'static str| {
            let s = &s;
            async move {
                s.post_form(
                    "/account/password",
                    &[
                        ("current", current),
                        ("password", "mat-khau-moi-02"),
                        ("password_confirm", "mat-khau-moi-02"),
                    ],
                )
                .await
            }
        };
        for _ in 0..=xaphuong_core::throttle::FREE_FAILURES {
            assert_eq!(
                change("doan-mo").await.status(),
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        // The sixth attempt waits, even with the right password.
        let res = change(PASSWORD).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.text().await.unwrap().contains("30 giây"));
    }
);

app_test!(
    behind_a_trusted_proxy_one_address_neither_locks_out_nor_slows_another,
    |app| {
        world(&app.store).await;
        // The same database served behind a proxy on 127.0.0.1.
        let behind = xaphuong::Application::build(
            app.store.clone(),
            "127.0.0.1:0",
            xaphuong_web::WebConfig {
                trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let base = format!("http://127.0.0.1:{}", behind.port());
        tokio::spawn(behind.run_until_stopped(std::future::pending()));
        let c = app.client();
        let token = page_token(&c, &format!("{base}/login")).await;
        let attempt = |from: &'static str, user: String, password: &'static str| {
            let (c, url, token) = (c.clone(), format!("{base}/login"), token.clone());
            async move {
                c.post(url)
                    .header("x-forwarded-for", from)
                    .form(&[
                        ("_csrf", token.as_str()),
                        ("username", user.as_str()),
                        ("password", password),
                        ("next", "/"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        // One address sprays 20 accounts: past its free failures it is
        // slowed down.
        for i in 0..20 {
            let status = attempt("198.51.100.7", format!("khong-co-{i}"), "sai").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
        }
        // An officer at another address, through the same proxy, signs in
        // without the wait.
        let started = std::time::Instant::now();
        assert_eq!(
            attempt("203.0.113.9", "quantri.a".into(), PASSWORD).await,
            StatusCode::SEE_OTHER
        );
        let unhindered = started.elapsed();
        // From the spraying address the right password of an account nobody
        // attacked is slowed, never refused (a browser of its own: the one
        // above is signed in now).
        let c2 = app.client();
        let token2 = page_token(&c2, &format!("{base}/login")).await;
        let started = std::time::Instant::now();
        let res = c2
            .post(format!("{base}/login"))
            .header("x-forwarded-for", "198.51.100.7")
            .form(&[
                ("_csrf", token2.as_str()),
                ("username", "quantri.a"),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let slowed = started.elapsed();
        // The held attempt waits its two seconds; the other did not (the
        // password check costs both the same).
        assert!(
            slowed >= std::time::Duration::from_millis(1_900),
            "{slowed:?}"
        );
        assert!(unhindered < slowed, "{unhindered:?} against {slowed:?}");
    }
);

app_test!(pages_run_no_inline_script_and_are_never_framed, |app| {
    world(&app.store).await;
    let s = app.login("quantri.a").await;
    for path in ["/", "/login", "/tra-cuu", "/nop-ho-so", "/units"] {
        let res = s.get(path).await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        for part in [
            "script-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // Served over plain HTTP (the tests' public address), no HSTS.
        assert!(res.headers().get("strict-transport-security").is_none());
        let body = res.text().await.unwrap();
        // What the policy would block is not there to be blocked.
        for inline in [
            "<script>",
            "onsubmit=",
            "onclick=",
            "javascript:",
            "<style>",
        ] {
            assert!(!body.contains(inline), "{path}: {inline}");
        }
    }
    let js = s.get("/static/app.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert!(js.text().await.unwrap().contains("data-confirm"));
});

/// Behind an `https://` public address the browser is told to come back
/// over HTTPS only, and the session cookie never travels in clear.
#[tokio::test]
async fn an_https_deployment_sends_hsts_and_secure_cookies() {
    let app = TestApp::spawn_with(
        xaphuong_store::testing::sqlite().await,
        xaphuong_web::WebConfig {
            public_url: Some("https://motcua.example.vn".into()),
            ..Default::default()
        },
    )
    .await;
    let res = app.client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let cookies: Vec<&str> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(!cookies.is_empty());
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
    app.cleanup().await;
}

app_test!(an_unknown_address_gets_the_applications_not_found, |app| {
    world(&app.store).await;
    let s = app.login("quantri.a").await;
    let res = s.get("/khong-co-trang-nay").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let page = res.text().await.unwrap();
    assert!(page.contains("Không tìm thấy trang này") && page.contains("lang=\"vi\""));
    let res = s.get("/api/v1/khong-co").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["code"],
        "not_found"
    );
});

app_test!(a_group_head_is_not_offered_the_communes_report, |app| {
    let w = world(&app.store).await;
    let s = app
        .signed_in(
            w.group_a.id,
            "totruong",
            "Tổ Trưởng",
            xaphuong_core::users::Role::GroupHead,
        )
        .await;
    let home = s.page("/").await;
    assert!(!home.contains("href=\"/resolutions\""), "{home}");
    assert_eq!(s.get("/resolutions").await.status(), StatusCode::FORBIDDEN);
    // The ward's leader keeps it.
    let leader = app.login("quantri.a").await;
    assert!(leader.page("/").await.contains("href=\"/resolutions\""));
});
