use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Entity;

use crate::app_test;
use crate::helpers::*;

fn location_id(res: &reqwest::Response) -> uuid::Uuid {
    let loc = res.headers()["location"].to_str().unwrap();
    uuid::Uuid::try_parse(loc.rsplit('/').next().unwrap().split('?').next().unwrap()).unwrap()
}

app_test!(unit_pages_write_and_audit_every_change, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let parent = w.ward_a.id.to_string();
    let res = s
        .post_form(
            "/units",
            &[
                ("parent_id", &parent),
                ("code", "T10"),
                ("name", "  Tổ   10 "),
                ("kind", "to_dan_pho"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location_id(&res);
    let page = s.page(&format!("/units/{id}")).await;
    assert!(page.contains("<h1>Tổ 10</h1>"));
    // A bad edit comes back with the field's message and changes nothing.
    let res = s
        .post_form(
            &format!("/units/{id}"),
            &[("code", "T 10"), ("name", ""), ("kind", "to_dan_pho")],
        )
        .await;
    let errors = [
        "Tên đơn vị không được để trống",
        "Mã tổ dân phố, thôn chỉ gồm",
    ];
    says_all(res, StatusCode::UNPROCESSABLE_ENTITY, &errors).await;
    assert_eq!(app.store.unit(&Scope::All, id).await.unwrap().name, "Tổ 10");
    // A duplicate code too.
    let res = s
        .post_form(
            "/units",
            &[
                ("parent_id", &parent),
                ("code", "5"),
                ("name", "Tổ Năm"),
                ("kind", "to_dan_pho"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Mã 5 đã được dùng cho «Tổ 5»",
    )
    .await;
    let res = s
        .post_form(
            &format!("/units/{id}"),
            &[
                ("code", "T10"),
                ("name", "Tổ dân phố 10"),
                ("kind", "to_dan_pho"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = s.post_form(&format!("/units/{id}/delete"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        history(app, Entity::Unit, id).await,
        ["delete", "update", "insert"]
    );
    // The audit page shows them to the ward's administrator.
    let audit = s.page(&format!("/audit?entity=unit&entity_id={id}")).await;
    assert!(
        audit.contains("Tổ dân phố 10") && audit.contains("Xóa") && audit.contains("quantri.a")
    );
    // Searching without diacritics.
    let list = s.page("/units?q=phung+chi+kien").await;
    assert!(list.contains("Phường Phùng Chí Kiên"));
});

app_test!(account_pages_write_and_audit_every_change, |app| {
    let w = world(&app.store).await;
    let s = app.login("quantri.a").await;
    let unit = w.ward_a.id.to_string();
    let res = s
        .post_form(
            "/users",
            &[
                ("username", "motcua"),
                ("full_name", "Ma Thị Lan"),
                ("role", "one_stop_officer"),
                ("unit_id", &unit),
                ("password", "ngan"),
                ("password_confirm", "ngan"),
            ],
        )
        .await;
    says(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Mật khẩu phải có ít nhất 8 ký tự",
    )
    .await;
    let res = s
        .post_form(
            "/users",
            &[
                ("username", "motcua"),
                ("full_name", "Ma Thị Lan"),
                ("role", "one_stop_officer"),
                ("unit_id", &unit),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location_id(&res);
    // Specialist with two fields; then disabled.
    let res = s
        .post_form(
            &format!("/users/{id}"),
            &[
                ("username", "motcua"),
                ("full_name", "Ma Thị Lan"),
                ("role", "specialist_officer"),
                ("fields", "ho_tich"),
                ("fields", "chung_thuc"),
                ("unit_id", &unit),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let u = app.store.user(&Scope::All, id).await.unwrap();
    assert_eq!(u.fields, ["chung_thuc", "ho_tich"]);
    assert!(!u.active, "an unticked box disables the account");
    let res = s
        .post_form(
            &format!("/users/{id}/password"),
            &[
                ("password", "mat-khau-moi-02"),
                ("password_confirm", "mat-khau-moi-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        history(app, Entity::User, id).await,
        ["update", "update", "insert"]
    );
    // Changing one's own password ends the session.
    let res = s
        .post_form(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "mat-khau-moi-03"),
                ("password_confirm", "mat-khau-moi-03"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(history(app, Entity::User, w.admin_a.id).await[0], "update");
    let total = app.user_total().await;
    assert_eq!(total, 3);
});

app_test!(csv_import_is_all_or_nothing, |app| {
    world(&app.store).await;
    let s = app.login("quantri.a").await;
    let before = app.unit_total().await;
    let upload = |csv: &'static str| {
        let form = Form::new().part("file", Part::bytes(csv.as_bytes()).file_name("tdp.csv"));
        s.client
            .post(s.url(&format!("/units/import?_csrf={}", s.csrf)))
            .multipart(form)
            .send()
    };
    let bad = "ma,ten,loai,ma_cap_tren\n11,Tổ 11,Tổ dân phố,01843\n12,Tổ 12,Khu vực,01843\n11,Tổ 11 lặp,Tổ dân phố,01843\n13,Tổ 13,Tổ dân phố,01837\n";
    let res = upload(bad).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("Không rõ loại đơn vị «Khu vực»"), "{body}");
    assert_eq!(app.unit_total().await, before);
    let bad = "ma,ten,loai,ma_cap_tren\n11,Tổ 11,Tổ dân phố,01843\n11,Tổ 11 lặp,Tổ dân phố,01843\n13,Tổ 13,Tổ dân phố,01837\n";
    let body = upload(bad).await.unwrap().text().await.unwrap();
    assert!(body.contains("Mã 11 bị trùng với dòng 2"), "{body}");
    assert!(body.contains("Không có đơn vị cấp trên mã 01837"), "{body}");
    assert_eq!(app.unit_total().await, before);
    let good =
        "\u{feff}ma;ten;loai;ma_cap_tren\n11;Tổ 11;Tổ dân phố;01843\n12;Tổ 12;Tổ dân phố;01843\n";
    let res = upload(good).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("thêm mới 2"));
    assert_eq!(app.unit_total().await, before + 2);
    let template = s.get("/units/import/mau.csv").await;
    assert_eq!(
        template.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(
        template
            .text()
            .await
            .unwrap()
            .starts_with("\u{feff}ma,ten,loai,ma_cap_tren")
    );
});
