//! An account of ward A never reads or writes ward B's records, on every
//! route the application serves. The test walks the route table itself, so a
//! new route without a case here fails it.

use reqwest::{Method, StatusCode};
use serde_json::json;
use xaphuong_core::access::Scope;
use xaphuong_store::audit::AuditFilter;
use xaphuong_store::units::UnitFilter;
use xaphuong_store::users::UserFilter;
use xaphuong_web::Access;

use crate::app_test;
use crate::helpers::*;

/// What a request of A's account about B's records must get.
enum Expect {
    /// Refused outright (403, 404 or a field error), B unchanged.
    Refused,
    /// Refused for B, while the same request for ward A (the answer held
    /// here) succeeds.
    RefusedWhileAllowedForA(reqwest::Response),
    /// Answered, but nothing of B's is in the body.
    NothingOfB,
    /// The route touches no record of another unit (public or one's own).
    NotApplicable,
}

/// What a refusal because of the scope says: the record is not found (the
/// same as one that does not exist), the unit is outside the caller's
/// reach, or the catalogue is the whole deployment's.
const SCOPE_REASONS: [&str; 5] = [
    "Không tìm thấy",
    "ngoài phạm vi quản lý",
    "trong phạm vi quản lý",
    "Chỉ quản trị toàn hệ thống",
    "Không tìm thấy hồ sơ có mã",
];

app_test!(ward_a_never_reaches_ward_b_on_any_route, |app| {
    walk(app, false).await;
});

// After the reform: ward B took over a ward merged into it, which hangs
// under B with its records. Ward A, a neighbour (as Phường Đức Xuân is of
// Phường Bắc Kạn), reaches nothing of B nor of its predecessor.
app_test!(
    a_neighbour_never_reaches_a_merged_ward_or_its_predecessors,
    |app| {
        walk(app, true).await;
    }
);

/// Every route, asked by ward A's administrator of ward B's records; when
/// `merged`, ward B is the successor of a ward merged into it first.
async fn walk(app: &TestApp, merged: bool) {
    let w = world(&app.store).await;
    let former = if merged {
        Some(merge_into_b(app, &w).await)
    } else {
        None
    };
    let s = app.login("quantri.a").await;
    let (ub, gb, lb) = (
        w.ward_b.id.to_string(),
        w.group_b.id.to_string(),
        w.leader_b.id.to_string(),
    );
    // The same requests aimed at ward A, the caller's own: they succeed, so
    // a refusal for B is the scope's and not the request's.
    let (ua, ga) = (w.ward_a.id.to_string(), w.group_a.id.to_string());
    let mut controls = 0;
    // Everything outside ward A: A's own changes (the controls) aside.
    let own = w.ward_a.scope();
    let snapshot = || async {
        let units = app
            .store
            .units(
                &Scope::All,
                &UnitFilter {
                    per_page: Some(500),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|u| !own.contains(&u.path))
            .collect::<Vec<_>>();
        let users = app
            .store
            .users(&Scope::All, &UserFilter::default())
            .await
            .unwrap()
            .items
            .into_iter()
            .filter(|u| !u.unit_path.as_deref().is_some_and(|p| own.contains(p)))
            .collect::<Vec<_>>();
        (units, users)
    };
    // Ward B keeps its own calendar too.
    let festival = xaphuong_core::calendar::days_off::DayOff {
        date: jiff::civil::Date::constant(2026, 3, 5),
        kind: xaphuong_core::calendar::days_off::DayKind::Holiday,
        name: "Lễ hội Sông Cầu".into(),
        document: String::new(),
        confirmed: true,
    };
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    app.store
        .put_calendar_day(&sys, &Scope::All, Some(w.ward_b.id), &festival)
        .await
        .unwrap();
    let b_settings = xaphuong_core::calendar::settings::SettingsText {
        rest_days: "7".into(),
        office_hours: "07:00-11:00,13:00-17:00".into(),
        makeup_counts: true,
        same_day_cutoff: "15:00".into(),
    };
    app.store
        .set_calendar_settings(&sys, &Scope::All, Some(w.ward_b.id), &b_settings)
        .await
        .unwrap();
    let calendar_of_b = || async {
        (
            app.store
                .own_calendar_days(Some(w.ward_b.id), 2026)
                .await
                .unwrap(),
            app.store.calendar_settings(Some(&w.ward_b)).await.unwrap(),
        )
    };
    let calendar_before = calendar_of_b().await;
    // And a violation case.
    let case_b = xaphuong_core::violations::CaseInput {
        kind: "sidewalk".into(),
        offender: "Hộ ông Lý Văn Sáu".into(),
        address: "Đường Sông Cầu".into(),
        description: String::new(),
        detected_on: "2021-05-01".into(),
    };
    let vb = app
        .store
        .create_violation(
            &sys,
            &Scope::All,
            w.group_b.id,
            &case_b,
            jiff::civil::Date::constant(2021, 12, 31),
        )
        .await
        .unwrap();
    let vb_id = vb.id.to_string();
    let photo = app
        .store
        .attach_to_violation(
            &sys,
            &Scope::All,
            vb.id,
            "hien-truong.png",
            b"\x89PNG\r\n\x1a\nanh",
        )
        .await
        .unwrap();
    let photo_id = photo.id.to_string();
    let violation_b_path = |p: &str| {
        p.replace("{id}", &vb_id)
            .replace("{attachment_id}", &photo_id)
    };
    let attachments_of_b = || async {
        app.store
            .violation_attachments(&Scope::All, vb.id)
            .await
            .unwrap()
    };
    let violations_of_b = || async {
        (
            app.store.violation(&Scope::All, vb.id).await.unwrap(),
            app.store
                .violation_events(&Scope::All, vb.id)
                .await
                .unwrap(),
        )
    };
    let violations_before = violations_of_b().await;
    let hand_b = xaphuong_core::handovers::HandoverInput {
        project: "Đường Sông Cầu".into(),
        household: "Hộ ông Lý Văn Sáu".into(),
        handed_over_on: "2021-05-01".into(),
        area: "30".into(),
        ..Default::default()
    };
    let hb = app
        .store
        .create_handover(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &hand_b,
            jiff::civil::Date::constant(2021, 12, 31),
        )
        .await
        .unwrap();
    let hb_id = hb.id.to_string();
    let handover_b_path = |p: &str| p.replace("{id}", &hb_id);
    let wk_b = app
        .store
        .create_work(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &[w.group_b.id],
            &xaphuong_core::works::WorkInput {
                name: "Đường bê tông Sông Cầu".into(),
                kind: "road_concrete".into(),
                length: "120".into(),
                ..Default::default()
            },
            jiff::civil::Date::constant(2021, 12, 31),
        )
        .await
        .unwrap();
    let wk_b_id = wk_b.id.to_string();
    let work_b_path = |p: &str| p.replace("{id}", &wk_b_id);
    use xaphuong_core::recruitment::{RecruitInput, Service};
    app.store
        .set_recruitment_quota(&sys, &Scope::All, w.ward_b.id, 2026, Service::Military, 5)
        .await
        .unwrap();
    let rb_input = RecruitInput {
        full_name: "Lý Văn Sáu".into(),
        birth_year: "2004".into(),
        address: "Sông Cầu".into(),
        service: "military".into(),
    };
    let rb = app
        .store
        .create_recruit(&sys, &Scope::All, w.ward_b.id, 2026, &rb_input)
        .await
        .unwrap();
    let rb_id = rb.id.to_string();
    let recruit_b_path = |p: &str| p.replace("{id}", &rb_id);
    let recruitment_of_b = || async {
        (
            app.store.recruit(&Scope::All, rb.id).await.unwrap(),
            app.store
                .recruitment_summary(&w.ward_b.scope(), 2026)
                .await
                .unwrap(),
        )
    };
    let recruitment_before = recruitment_of_b().await;
    let entry_b = xaphuong_core::budget::AmountInput {
        line: "fees".into(),
        on: "2026-03-01".into(),
        nsnn: "1.000.000".into(),
        nsx: "1.000.000".into(),
        document: "GNT Sông Cầu".into(),
        note: String::new(),
    };
    let bb = app
        .store
        .create_budget_entry(
            &sys,
            &Scope::All,
            w.ward_b.id,
            2026,
            xaphuong_core::budget::Entry::Collection,
            &entry_b,
        )
        .await
        .unwrap();
    let bb_id = bb.id.to_string();
    let budget_b_path = |p: &str| p.replace("{id}", &bb_id);
    let sp_b = app
        .store
        .create_spending_entry(
            &sys,
            &Scope::All,
            w.ward_b.id,
            2026,
            xaphuong_core::spending::Entry::Payment,
            &xaphuong_core::spending::SpendingInput {
                item: "culture".into(),
                on: "2026-03-01".into(),
                amount: "7.777.777".into(),
                document: "Chi lễ hội Sông Cầu".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let sp_b_id = sp_b.id.to_string();
    let spending_b_path = |p: &str| p.replace("{id}", &sp_b_id);
    let act_b = app
        .store
        .create_activity(
            &sys,
            &Scope::All,
            w.group_b.id,
            &xaphuong_core::activities::ActivityInput {
                held_on: "2026-03-01".into(),
                kind: "festival".into(),
                name: "Lễ hội đền Sông Cầu".into(),
                participants: "500".into(),
                ..Default::default()
            },
            jiff::civil::Date::constant(2026, 11, 30),
        )
        .await
        .unwrap();
    let act_b_id = act_b.id.to_string();
    let activity_b_path = |p: &str| p.replace("{id}", &act_b_id);
    let day = jiff::civil::Date::constant(2026, 11, 30);
    let bus_b = app
        .store
        .create_business(
            &sys,
            &Scope::All,
            w.group_b.id,
            &xaphuong_core::businesses::BusinessInput {
                name: "Hộ kinh doanh Cá Sông Cầu".into(),
                owner: "Quách Thị Tám".into(),
                address: "Bờ sông".into(),
                line: "Bán cá".into(),
                registration_no: "13A1837TAM".into(),
                registered_on: "2026-03-01".into(),
                ..Default::default()
            },
            None,
            day,
        )
        .await
        .unwrap();
    let bus_b_id = bus_b.id.to_string();
    let business_b_path = |p: &str| p.replace("{id}", &bus_b_id);
    let meet_b = app
        .store
        .create_tax_meeting(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &xaphuong_core::tax::MeetingInput {
                held_on: "2026-03-01".into(),
                subject: "Họp thuế Sông Cầu".into(),
                ..Default::default()
            },
            day,
        )
        .await
        .unwrap();
    let meet_b_id = meet_b.id.to_string();
    app.store
        .import_tax_debts(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &[xaphuong_core::import::ImportRow {
                row: 2,
                group: String::new(),
                input: xaphuong_core::tax::DebtInput {
                    listed_on: "2026-03-01".into(),
                    debtor: "Quách Thị Tám".into(),
                    amount: "7.777.777".into(),
                    ..Default::default()
                },
            }],
            day,
        )
        .await
        .unwrap();
    let debt_b = app
        .store
        .tax_debts(&w.ward_b.scope(), &Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    let debt_b = app
        .store
        .add_debt_action(
            &sys,
            &Scope::All,
            debt_b.id,
            debt_b.updated_at,
            &xaphuong_core::tax::ActionInput {
                done_on: "2026-03-02".into(),
                kind: "reminder".into(),
                ..Default::default()
            },
            day,
        )
        .await
        .unwrap();
    let action_b_id = app.store.debt_actions(&debt_b).await.unwrap()[0]
        .id
        .to_string();
    let debt_b_id = debt_b.id.to_string();
    let debt_b_path = |p: &str| {
        p.replace("{id}", &debt_b_id)
            .replace("{action}", &action_b_id)
    };
    let debt_b_version = debt_b.updated_at.to_string();
    let rec_b = app
        .store
        .create_reception(
            &sys,
            &Scope::All,
            w.group_b.id,
            &xaphuong_core::petitions::ReceptionInput {
                received_on: "2026-03-01".into(),
                citizen: "Quách Thị Tám".into(),
                matter: "Phản ánh bến cát Sông Cầu".into(),
                kind: "feedback".into(),
                competent: true,
                ..Default::default()
            },
            day,
        )
        .await
        .unwrap();
    let rec_b_id = rec_b.id.to_string();
    let reception_b_path = |p: &str| p.replace("{id}", &rec_b_id);
    let prob_photo =
        xaphuong_core::problems::photos::take(1, &xaphuong_core::problems::photos::grey_jpeg())
            .unwrap();
    let prob_b = app
        .store
        .file_problem(
            &sys,
            xaphuong_store::problems::NewProblem {
                commune_id: w.ward_b.id,
                report: &xaphuong_core::problems::validate_report(
                    &xaphuong_core::problems::ReportInput {
                        category: "rubbish".into(),
                        description: "Bãi rác lạ bên Sông Cầu".into(),
                        address: "Bến Sông Cầu".into(),
                        name: "Người Báo Lạ".into(),
                        ..Default::default()
                    },
                )
                .unwrap(),
                photos: std::slice::from_ref(&prob_photo),
                channel: "web",
                client_id: None,
            },
            jiff::civil::date(2026, 3, 2).at(9, 0, 0, 0),
        )
        .await
        .unwrap();
    let prob_b_photo = app.store.problem_photos(prob_b.id).await.unwrap()[0]
        .id
        .to_string();
    let prob_b_id = prob_b.id.to_string();
    let problem_b_path = |p: &str| {
        p.replace("{id}", &prob_b_id)
            .replace("{photo}", &prob_b_photo)
    };
    let prob_b_version = prob_b.updated_at.to_string();
    let coop_b = app
        .store
        .create_cooperative(
            &sys,
            &Scope::All,
            w.group_b.id,
            &xaphuong_core::cooperatives::CooperativeInput {
                name: "Hợp tác xã chè Sông Cầu".into(),
                founded_on: "2026-03-01".into(),
                line_of_business: "Trồng, chế biến chè".into(),
                members: "7".into(),
                capital: "100.000.000".into(),
                ..Default::default()
            },
            jiff::civil::Date::constant(2026, 11, 30),
        )
        .await
        .unwrap();
    let coop_support_b = app
        .store
        .add_cooperative_support(
            &sys,
            &Scope::All,
            coop_b.id,
            &xaphuong_core::cooperatives::SupportInput {
                year: "2026".into(),
                policy: "Nghị quyết 08/2017/NQ-HĐND".into(),
                content: "Máy sao chè".into(),
                amount: "20.000.000".into(),
                decision: String::new(),
            },
            jiff::civil::Date::constant(2026, 11, 30),
        )
        .await
        .unwrap();
    let coop_b_id = coop_b.id.to_string();
    let coop_support_b_id = coop_support_b.id.to_string();
    let cooperative_b_path = |p: &str| {
        p.replace("{id}", &coop_b_id)
            .replace("{support_id}", &coop_support_b_id)
    };
    let insp_input = xaphuong_core::inspections::InspectionInput {
        inspected_on: "2026-03-01".into(),
        place: "Đường Sông Cầu".into(),
        team: "Đội".into(),
        note: String::new(),
    };
    let ib = app
        .store
        .create_inspection(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &insp_input,
            jiff::civil::Date::constant(2026, 11, 30),
        )
        .await
        .unwrap();
    let case_b = xaphuong_core::inspections::CaseInput {
        kind: "goods".into(),
        offender: "Cửa hàng Lý Văn Sáu".into(),
        address: String::new(),
        outcome: "reminded".into(),
        note: String::new(),
    };
    let cb = app
        .store
        .add_inspection_case(&sys, &Scope::All, ib.id, &case_b)
        .await
        .unwrap();
    let (ib_id, cb_id) = (ib.id.to_string(), cb.id.to_string());
    let inspection_b_path = |p: &str| p.replace("{id}", &ib_id).replace("{case_id}", &cb_id);
    let inspections_of_b = || async {
        (
            app.store.inspection(&Scope::All, ib.id).await.unwrap(),
            app.store
                .inspection_cases(&Scope::All, ib.id)
                .await
                .unwrap(),
        )
    };
    let inspections_before = inspections_of_b().await;
    // And a dossier at ward B's counter.
    app.store.ensure_procedure_catalogue(&sys).await.unwrap();
    // With the indicators, the resolution forms can succeed for ward A.
    app.store.ensure_indicator_catalogue(&sys).await.unwrap();
    let procedure = app.store.procedures(None).await.unwrap()[0].clone();
    let applicant_b = xaphuong_store::onestop::ApplicantInput {
        applicant: "Đặng Thị Sương".into(),
        ..Default::default()
    };
    let db = app
        .store
        .submit_dossier(
            &sys,
            &Scope::All,
            &xaphuong_store::onestop::Filing {
                commune_id: w.ward_b.id,
                procedure_id: procedure.id,
                channel: xaphuong_core::onestop::lifecycle::Channel::Counter,
                return_channel: xaphuong_core::onestop::lifecycle::Channel::Counter,
                applicant: applicant_b,
                files: vec![("giay-to.pdf".into(), b"%PDF-1.4\n%test\n".to_vec())],
            },
            jiff::civil::date(2026, 11, 2).at(9, 0, 0, 0),
            &xaphuong_store::Store::default_code_pattern(&w.ward_b),
            None,
        )
        .await
        .unwrap();
    let db_id = db.id.to_string();
    // Ward B's webhook (registered after its dossier: nothing to deliver).
    let hook_b = app
        .store
        .add_webhook(
            &sys,
            &Scope::All,
            w.ward_b.id,
            &xaphuong_store::webhooks::WebhookInput {
                url: "http://127.0.0.1:9/so-b".into(),
                events: "*".into(),
                active: true,
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let hook_b_id = hook_b.id.to_string();
    let dossier_of_b = || async {
        (
            app.store.dossier(&Scope::All, db.id).await.unwrap(),
            app.store.dossier_events(db.id).await.unwrap(),
        )
    };
    // And a household of ward B with its reviews.
    let house_b = app
        .store
        .create_household(
            &sys,
            &Scope::All,
            w.group_b.id,
            &xaphuong_core::households::household::HouseholdInput {
                code: "SC-0001".into(),
                head_name: "Quách Văn Bảy".into(),
                address: "Sông Cầu".into(),
                ..Default::default()
            },
            &xaphuong_core::households::household::MemberInput {
                full_name: "Quách Văn Bảy".into(),
                birth_year: "1970".into(),
                sex: "male".into(),
                ..Default::default()
            },
            jiff::civil::date(2020, 1, 1),
        )
        .await
        .unwrap();
    let hh_b = house_b.id.to_string();
    let household_of_b = || async {
        (
            app.store.household(&Scope::All, house_b.id).await.unwrap(),
            app.store
                .household_members(&Scope::All, house_b.id)
                .await
                .unwrap(),
            app.store
                .poverty_reviews(&Scope::All, house_b.id)
                .await
                .unwrap(),
            app.store
                .culture_reviews(&Scope::All, house_b.id)
                .await
                .unwrap(),
        )
    };
    let household_before = household_of_b().await;
    let dossier_before = dossier_of_b().await;
    let before = snapshot().await;
    let (former_id, former_case) = former
        .as_ref()
        .map(|(u, v)| (u.id.to_string(), v.to_string()))
        .unwrap_or_else(|| ("Sông Cầu".into(), "01837".into()));
    let b_marks = [
        "Bãi rác lạ bên Sông Cầu",
        "Người Báo Lạ",
        "Xuất Hóa",
        "01855",
        former_id.as_str(),
        former_case.as_str(),
        "Sông Cầu",
        "01837",
        "lanhdao.b",
        "Đinh Thị Bích",
        "07:00-11:00",
        "Lý Văn Sáu",
        "Đường bê tông Sông Cầu",
        "1.000.000",
        ub.as_str(),
        gb.as_str(),
        lb.as_str(),
        vb_id.as_str(),
        hb_id.as_str(),
        rb_id.as_str(),
        bb_id.as_str(),
        sp_b_id.as_str(),
        act_b_id.as_str(),
        "Lễ hội đền Sông Cầu",
        coop_b_id.as_str(),
        "Hợp tác xã chè Sông Cầu",
        "Chi lễ hội Sông Cầu",
        ib_id.as_str(),
        db_id.as_str(),
        "Đặng Thị Sương",
        "Quách Văn Bảy",
        "SC-0001",
        hh_b.as_str(),
        "Quách Thị Tám",
        bus_b_id.as_str(),
        meet_b_id.as_str(),
        debt_b_id.as_str(),
        rec_b_id.as_str(),
    ];
    let group_b_path = |p: &str| p.replace("{id}", &gb);
    let user_b_path = |p: &str| p.replace("{id}", &lb);
    let unit_form = [
        ("parent_id", ub.as_str()),
        ("code", "99"),
        ("name", "Tổ lạ"),
        ("kind", "to_dan_pho"),
    ];
    let user_form = [
        ("username", "xam.nhap"),
        ("full_name", "Người Lạ"),
        ("role", "leader"),
        ("unit_id", ub.as_str()),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let mut checked = 0;
    let mut wrong_reason: Vec<String> = Vec::new();
    let mut xlsx_read = 0;
    for route in xaphuong_web::routes() {
        let (m, p) = (route.method, route.path);
        let (res, expect) = match (m, p) {
            ("GET", "/health" | "/static/app.css" | "/static/paper.css" | "/static/app.js" | "/login" | "/api/v1/openapi.json")
            | ("POST", "/login" | "/api/v1/session")
            | ("GET", "/api/v1/docs" | "/api/v1/docs/" | "/api/v1/docs/{*rest}") => {
                assert_eq!(route.access, Access::Public, "{m} {p}");
                (None, Expect::NotApplicable)
            }
            // One's own session and password: no other unit's record is named.
            ("POST", "/logout") | ("DELETE", "/api/v1/session") | ("POST", "/account/password") => (None, Expect::NotApplicable),
            ("GET", "/" | "/account/password" | "/api/v1/me" | "/units/import" | "/units/import/mau.csv") => {
                (Some(s.get(p).await), Expect::NothingOfB)
            }
            ("GET", "/units" | "/api/v1/units") => (Some(s.get(&format!("{p}?parent={ub}")).await), Expect::NothingOfB),
            ("GET", "/reorganisations" | "/api/v1/reorganisations" | "/reorganisations/convert") => (Some(s.get(p).await), Expect::NothingOfB),
            ("POST", "/reorganisations/convert") => {
                // The table names ward B: only what A's administrator holds
                // is touched, and no province may be made from a ward.
                let table = include_bytes!("../../../xaphuong-report/tests/data/chuyen-doi-2025-thanh-pho-bac-kan.csv");
                let form = reqwest::multipart::Form::new()
                    .part("file", reqwest::multipart::Part::bytes(table.to_vec()).file_name("x.csv"))
                    .text("apply", "1");
                let res = s.client.post(s.url(&format!("{p}?_csrf={}", s.csrf))).multipart(form).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("GET", "/reorganisations/merge") => (Some(s.get(&format!("{p}?within={ub}")).await), Expect::Refused),
            ("POST", "/reorganisations/merge") => {
                let form = [
                    ("predecessors", ua.as_str()),
                    ("predecessors", ub.as_str()),
                    ("into", ua.as_str()),
                    ("basis", "1683/NQ-UBTVQH15"),
                    ("basis_date", "2025-06-16"),
                    ("effective_on", "2025-07-01"),
                    ("action", "apply"),
                ];
                (Some(s.post_form(p, &form).await), Expect::Refused)
            }
            ("POST", "/api/v1/reorganisations/merge" | "/api/v1/reorganisations/merge/preview") => {
                let body = json!({"predecessors": [ua, ub], "into": ua, "basis": "1683/NQ-UBTVQH15",
                    "basis_date": "2025-06-16", "effective_on": "2025-07-01"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/reorganisations/split") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("POST", "/reorganisations/split") => {
                let form = [
                    ("into1", ""),
                    ("code1", "01998"),
                    ("name1", "Phường Lạ"),
                    ("kind1", "phuong"),
                    ("into2", ub.as_str()),
                    ("basis", "1683/NQ-UBTVQH15"),
                    ("basis_date", "2025-06-16"),
                    ("effective_on", "2025-07-01"),
                    ("action", "apply"),
                ];
                (Some(s.post_form(&format!("{p}?unit={ua}"), &form).await), Expect::Refused)
            }
            ("POST", "/api/v1/reorganisations/split" | "/api/v1/reorganisations/split/preview") => {
                // A's own ward split with a part given to B: B is out of reach.
                let body = json!({"unit": ua, "basis": "1683/NQ-UBTVQH15", "basis_date": "2025-06-16",
                    "effective_on": "2025-07-01",
                    "parts": [{"into": ub}, {"successor": {"code": "01998", "name": "Phường Lạ", "kind": "phuong"}}]});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/users" | "/api/v1/users") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::NothingOfB),
            ("GET", "/audit" | "/api/v1/audit") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/units/new") => (Some(s.get(&format!("{p}?parent={ub}")).await), Expect::Refused),
            ("GET", "/users/new") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::NothingOfB),
            ("POST", "/units") => (Some(s.post_form(p, &unit_form).await), Expect::Refused),
            ("POST", "/users") => (Some(s.post_form(p, &user_form).await), Expect::Refused),
            ("POST", "/units/import") => {
                let csv = "ma,ten,loai,ma_cap_tren\n99,Tổ lạ,Tổ dân phố,01837\n";
                let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(csv.as_bytes()).file_name("x.csv"));
                let res = s.client.post(s.url(&format!("{p}?_csrf={}", s.csrf))).multipart(form).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("POST", "/api/v1/units/import") => {
                let res = s
                    .client
                    .post(s.url(p))
                    .header("x-csrf-token", &s.csrf)
                    .body("ma,ten,loai,ma_cap_tren\n99,Tổ lạ,Tổ dân phố,01837\n")
                    .send()
                    .await
                    .unwrap();
                (Some(res), Expect::Refused)
            }
            ("GET", "/units/{id}" | "/units/{id}/edit" | "/api/v1/units/{id}") => (Some(s.get(&group_b_path(p)).await), Expect::Refused),
            ("POST", "/units/{id}") => (Some(s.post_form(&group_b_path(p), &[("code", "7"), ("name", "Đổi tên"), ("kind", "to_dan_pho")]).await), Expect::Refused),
            ("POST", "/units/{id}/delete") => (Some(s.post_form(&group_b_path(p), &[]).await), Expect::Refused),
            ("PUT", "/api/v1/units/{id}") => {
                (Some(s.send_json(Method::PUT, &group_b_path(p), &json!({"code": "7", "name": "Đổi tên", "kind": "to_dan_pho"})).await), Expect::Refused)
            }
            ("DELETE", "/api/v1/units/{id}") => (Some(s.send_json(Method::DELETE, &group_b_path(p), &json!({})).await), Expect::Refused),
            ("POST", "/api/v1/units") => {
                let body = |parent: &str| json!({"parent_id": parent, "code": "99", "name": "Tổ lạ", "kind": "to_dan_pho"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/users/{id}" | "/users/{id}/edit" | "/api/v1/users/{id}") => (Some(s.get(&user_b_path(p)).await), Expect::Refused),
            ("POST", "/users/{id}") => {
                let f = [("username", "lanhdao.b"), ("full_name", "Đổi"), ("role", "leader"), ("unit_id", ub.as_str()), ("active", "1")];
                (Some(s.post_form(&user_b_path(p), &f).await), Expect::Refused)
            }
            ("POST", "/users/{id}/password") => {
                (Some(s.post_form(&user_b_path(p), &[("password", "mat-khau-chiem"), ("password_confirm", "mat-khau-chiem")]).await), Expect::Refused)
            }
            ("PUT", "/api/v1/users/{id}") => {
                let body = json!({"unit_id": ub, "username": "lanhdao.b", "full_name": "Đổi", "role": "leader"});
                (Some(s.send_json(Method::PUT, &user_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/users") => {
                let body = |unit: &str, username: &str| json!({"unit_id": unit, "username": username, "full_name": "Người Lạ", "role": "leader", "password": PASSWORD});
                let control = s.send_json(Method::POST, p, &body(&ua, "nguoi.a")).await;
                (Some(s.send_json(Method::POST, p, &body(&ub, "xam.nhap")).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/calendar") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("GET", "/calendar/schedule") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("POST", "/calendar/schedule/days") => {
                let f = [("unit_id", ub.as_str()), ("date", "2026-03-05"), ("kind", "swapped"), ("name", "Đổi"), ("confirmed", "1")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/calendar/schedule/days/delete") => {
                (Some(s.post_form(p, &[("unit_id", ub.as_str()), ("date", "2026-03-05")]).await), Expect::Refused)
            }
            ("POST", "/calendar/settings") => {
                let f = [("unit_id", ub.as_str()), ("rest_days", "6,7"), ("office_hours", "07:00-17:00"), ("same_day_cutoff", "15:00")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("GET", "/api/v1/calendar/lunar") => (Some(s.get(&format!("{p}?date=2026-02-17")).await), Expect::NothingOfB),
            ("GET", "/api/v1/calendar/solar") => (Some(s.get(&format!("{p}?year=2026&month=1&day=1")).await), Expect::NothingOfB),
            ("GET", "/api/v1/calendar/days-off") => (Some(s.get(&format!("{p}?year=2026&unit={ub}")).await), Expect::Refused),
            ("GET", "/api/v1/calendar/deadline") => {
                (Some(s.get(&format!("{p}?received=2026-03-04T09:00&days=1&unit={ub}")).await), Expect::Refused)
            }
            ("GET", "/api/v1/calendar/workdays") => {
                (Some(s.get(&format!("{p}?from=2026-03-01&to=2026-03-31&unit={ub}")).await), Expect::Refused)
            }
            ("GET", "/api/v1/calendar/settings") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("PUT", "/api/v1/calendar/days") => {
                let body = json!({"unit_id": ub, "date": "2026-03-05", "kind": "swapped", "name": "Đổi"});
                (Some(s.send_json(Method::PUT, p, &body).await), Expect::Refused)
            }
            ("DELETE", "/api/v1/calendar/days") => {
                (Some(s.send_json(Method::DELETE, &format!("{p}?date=2026-03-05&unit={ub}"), &json!({})).await), Expect::Refused)
            }
            ("PUT", "/api/v1/calendar/settings") => {
                let body = json!({"unit_id": ub, "rest_days": "6,7", "office_hours": "07:00-17:00", "makeup_counts": true, "same_day_cutoff": "15:00"});
                (Some(s.send_json(Method::PUT, p, &body).await), Expect::Refused)
            }
            ("GET", "/violations" | "/api/v1/violations" | "/violations/new") => (Some(s.get(p).await), Expect::NothingOfB),
            // The export runs the list's scoped query; its cells are compressed, so the case is checked by status only.
            ("GET", "/violations/export.xlsx") => (Some(s.get(&format!("{p}?q=ly+van+sau")).await), Expect::NothingOfB),
            ("POST", "/violations") => {
                let f = [("unit_id", gb.as_str()), ("kind", "sidewalk"), ("offender", "Hộ lạ"), ("address", "X"), ("detected_on", "2021-05-01")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/violations") => {
                let body = |unit: &str| json!({"unit_id": unit, "kind": "sidewalk", "offender": "Hộ lạ", "address": "X", "detected_on": "2021-05-01"});
                let control = s.send_json(Method::POST, p, &body(&ga)).await;
                (Some(s.send_json(Method::POST, p, &body(&gb)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/violations/{id}" | "/violations/{id}/edit" | "/api/v1/violations/{id}") => {
                (Some(s.get(&violation_b_path(p)).await), Expect::Refused)
            }
            ("POST", "/violations/{id}") => {
                let f = [("unit_id", gb.as_str()), ("kind", "sidewalk"), ("offender", "Đổi"), ("address", "X"), ("detected_on", "2021-05-01")];
                (Some(s.post_form(&violation_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/violations/{id}") => {
                let body = json!({"unit_id": gb, "kind": "sidewalk", "offender": "Đổi", "address": "X", "detected_on": "2021-05-01"});
                (Some(s.send_json(Method::PUT, &violation_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/violations/{id}/events") => {
                (Some(s.post_form(&violation_b_path(p), &[("step", "record"), ("on", "2021-05-02")]).await), Expect::Refused)
            }
            ("POST", "/api/v1/violations/{id}/events") => {
                (Some(s.send_json(Method::POST, &violation_b_path(p), &json!({"step": "record", "on": "2021-05-02"})).await), Expect::Refused)
            }
            ("POST", "/violations/{id}/delete") => (Some(s.post_form(&violation_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/violations/{id}") => (Some(s.send_json(Method::DELETE, &violation_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/violations/import" | "/handovers/import" | "/recruitment/import" | "/budget/import" | "/inspections/import" | "/works/import" | "/spending/import" | "/activities/import" | "/businesses/import" | "/tax/debts/import" | "/cooperatives/import") => {
                (Some(s.get(p).await), Expect::NothingOfB)
            }
            (
                "GET",
                "/violations/import/mau.xlsx" | "/handovers/import/mau.xlsx" | "/recruitment/import/mau.xlsx" | "/budget/import/mau.xlsx"
                | "/inspections/import/mau.xlsx"
                | "/works/import/mau.xlsx"
                | "/spending/import/mau.xlsx"
                | "/activities/import/mau.xlsx"
                | "/businesses/import/mau.xlsx"
                | "/tax/debts/import/mau.xlsx"
                | "/cooperatives/import/mau.xlsx",
            ) => (Some(s.get(p).await), Expect::NothingOfB),
            // Each file is valid for its register, so only the unit (ward B) can refuse it.
            ("POST", _) if p.ends_with("/import") && !p.starts_with("/units") && !p.starts_with("/api/v1/units") && !p.starts_with("/procedures") && !p.starts_with("/api/v1/procedures") => {
                let csv = import_csv(p);
                let res = if p.starts_with("/api/") {
                    s.client.post(s.url(&format!("{p}?unit={ub}"))).header("x-csrf-token", &s.csrf).body(csv).send().await.unwrap()
                } else {
                    let form = reqwest::multipart::Form::new()
                        .text("unit_id", ub.clone())
                        .part("file", reqwest::multipart::Part::bytes(csv.as_bytes()).file_name("x.csv"));
                    s.client.post(s.url(&format!("{p}?_csrf={}", s.csrf))).multipart(form).send().await.unwrap()
                };
                let problem = res.status();
                let body = res.text().await.unwrap();
                assert!(body.contains("ngoài phạm vi quản lý"), "{p}: {problem} {body}");
                (None, Expect::Refused)
            }
            ("GET", "/api/v1/violations/{id}/attachments" | "/api/v1/violations/{id}/attachments/{attachment_id}") => {
                (Some(s.get(&violation_b_path(p)).await), Expect::Refused)
            }
            ("POST", "/api/v1/violations/{id}/attachments") => {
                let url = format!("{}?name=x.pdf", violation_b_path(p));
                let res = s.client.post(s.url(&url)).header("x-csrf-token", &s.csrf).body(b"%PDF-1.4 x".to_vec()).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("DELETE", "/api/v1/violations/{id}/attachments/{attachment_id}") => {
                (Some(s.send_json(Method::DELETE, &violation_b_path(p), &json!({})).await), Expect::Refused)
            }
            ("GET", "/handovers" | "/api/v1/handovers" | "/handovers/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/handovers/export.xlsx") => (Some(s.get(&format!("{p}?q=ly+van+sau")).await), Expect::NothingOfB),
            ("POST", "/handovers") => {
                let f = [("unit_id", ub.as_str()), ("project", "X"), ("household", "Hộ lạ"), ("handed_over_on", "2021-05-01"), ("area", "1")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/handovers") => {
                let body = |unit: &str| json!({"unit_id": unit, "project": "X", "household": "Hộ lạ", "handed_over_on": "2021-05-01", "area": "1"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/handovers/{id}" | "/handovers/{id}/edit" | "/api/v1/handovers/{id}") => (Some(s.get(&handover_b_path(p)).await), Expect::Refused),
            ("POST", "/handovers/{id}") => {
                let f = [("unit_id", ub.as_str()), ("project", "X"), ("household", "Đổi"), ("handed_over_on", "2021-05-01"), ("area", "1")];
                (Some(s.post_form(&handover_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/handovers/{id}") => {
                let body = json!({"unit_id": ub, "project": "X", "household": "Đổi", "handed_over_on": "2021-05-01", "area": "1"});
                (Some(s.send_json(Method::PUT, &handover_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/handovers/{id}/delete") => (Some(s.post_form(&handover_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/handovers/{id}") => (Some(s.send_json(Method::DELETE, &handover_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/works" | "/api/v1/works" | "/works/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/works/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/works") => {
                let f = [("unit_id", ub.as_str()), ("name", "Đường lạ"), ("kind", "road")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/works") => {
                let body = |unit: &str| json!({"unit_id": unit, "name": "Đường lạ", "kind": "road"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/works/{id}" | "/works/{id}/edit" | "/api/v1/works/{id}") => (Some(s.get(&work_b_path(p)).await), Expect::Refused),
            ("POST", "/works/{id}") => {
                let v = wk_b.updated_at.to_string();
                let f = [("unit_id", ub.as_str()), ("version", v.as_str()), ("name", "Đổi"), ("kind", "road")];
                (Some(s.post_form(&work_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/works/{id}") => {
                let body = json!({"unit_id": ub, "version": wk_b.updated_at, "name": "Đổi", "kind": "road"});
                (Some(s.send_json(Method::PUT, &work_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/works/{id}/delete") => (Some(s.post_form(&work_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/works/{id}") => (Some(s.send_json(Method::DELETE, &work_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/recruitment" | "/api/v1/recruits" | "/recruitment/new" | "/api/v1/recruitment/summary") => {
                (Some(s.get(p).await), Expect::NothingOfB)
            }
            ("GET", "/recruitment/export.xlsx") => (Some(s.get(&format!("{p}?q=ly+van+sau")).await), Expect::NothingOfB),
            ("POST", "/recruitment") => {
                let f = [("unit_id", ub.as_str()), ("year", "2026"), ("full_name", "Người Lạ"), ("birth_year", "2004"), ("service", "military")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/recruits") => {
                let body = |unit: &str| json!({"unit_id": unit, "year": 2026, "full_name": "Người Lạ", "birth_year": "2004", "service": "military"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("POST", "/recruitment/quotas") => {
                let f = [("unit_id", ub.as_str()), ("year", "2026"), ("service", "military"), ("quota", "99")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/recruitment/quotas") => {
                let body = |unit: &str| json!({"unit_id": unit, "year": 2026, "service": "military", "quota": 99});
                let control = s.send_json(Method::PUT, p, &body(&ua)).await;
                (Some(s.send_json(Method::PUT, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/recruitment/{id}" | "/recruitment/{id}/edit" | "/api/v1/recruits/{id}") => (Some(s.get(&recruit_b_path(p)).await), Expect::Refused),
            ("POST", "/recruitment/{id}") => {
                let f = [("unit_id", ub.as_str()), ("full_name", "Đổi"), ("birth_year", "2004"), ("service", "military")];
                (Some(s.post_form(&recruit_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/recruits/{id}") => {
                let body = json!({"unit_id": ub, "full_name": "Đổi", "birth_year": "2004", "service": "military"});
                (Some(s.send_json(Method::PUT, &recruit_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/recruitment/{id}/stage") => (Some(s.post_form(&recruit_b_path(p), &[("stage", "examined")]).await), Expect::Refused),
            ("POST", "/api/v1/recruits/{id}/stage") => {
                (Some(s.send_json(Method::POST, &recruit_b_path(p), &json!({"stage": "examined"})).await), Expect::Refused)
            }
            ("POST", "/recruitment/{id}/delete") => (Some(s.post_form(&recruit_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/recruits/{id}") => (Some(s.send_json(Method::DELETE, &recruit_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/budget" | "/api/v1/budget/summary" | "/api/v1/budget/entries") => (Some(s.get(&format!("{p}?year=2026")).await), Expect::NothingOfB),
            ("GET", "/budget/export.xlsx") => (Some(s.get(&format!("{p}?year=2026&q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/budget/entries") => {
                let f = [("unit_id", ub.as_str()), ("year", "2026"), ("entry", "collection"), ("line", "fees"), ("on", "2026-03-02"), ("nsnn", "5"), ("nsx", "5")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/budget/entries") => {
                let body = |unit: &str| json!({"unit_id": unit, "year": 2026, "entry": "collection", "line": "fees", "on": "2026-03-02", "nsnn": "5", "nsx": "5"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/budget/entries/{id}" | "/api/v1/budget/entries/{id}") => (Some(s.get(&budget_b_path(p)).await), Expect::Refused),
            ("POST", "/budget/entries/{id}") => {
                (Some(s.post_form(&budget_b_path(p), &[("line", "fees"), ("on", "2026-03-02"), ("nsnn", "9"), ("nsx", "9")]).await), Expect::Refused)
            }
            ("PUT", "/api/v1/budget/entries/{id}") => {
                let body = json!({"line": "fees", "on": "2026-03-02", "nsnn": "9", "nsx": "9"});
                (Some(s.send_json(Method::PUT, &budget_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/budget/entries/{id}/delete") => (Some(s.post_form(&budget_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/budget/entries/{id}") => (Some(s.send_json(Method::DELETE, &budget_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/spending" | "/api/v1/spending/summary" | "/api/v1/spending/entries") => {
                (Some(s.get(&format!("{p}?year=2026")).await), Expect::NothingOfB)
            }
            ("GET", "/spending/export.xlsx") => (Some(s.get(&format!("{p}?year=2026&q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/spending/entries") => {
                let f = [("unit_id", ub.as_str()), ("year", "2026"), ("entry", "payment"), ("item", "culture"), ("on", "2026-03-02"), ("amount", "5")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/spending/entries") => {
                let body = |unit: &str| json!({"unit_id": unit, "year": 2026, "entry": "payment", "item": "culture", "on": "2026-03-02", "amount": "5"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/spending/entries/{id}" | "/api/v1/spending/entries/{id}") => (Some(s.get(&spending_b_path(p)).await), Expect::Refused),
            ("POST", "/spending/entries/{id}") => {
                let v = sp_b.updated_at.to_string();
                let f = [("version", v.as_str()), ("item", "culture"), ("on", "2026-03-02"), ("amount", "9")];
                (Some(s.post_form(&spending_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/spending/entries/{id}") => {
                let body = json!({"version": sp_b.updated_at, "item": "culture", "on": "2026-03-02", "amount": "9"});
                (Some(s.send_json(Method::PUT, &spending_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/spending/entries/{id}/delete") => (Some(s.post_form(&spending_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/spending/entries/{id}") => (Some(s.send_json(Method::DELETE, &spending_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/activities" | "/api/v1/activities" | "/activities/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/activities/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/activities") => {
                let f = [("unit_id", gb.as_str()), ("held_on", "2026-03-02"), ("kind", "sport"), ("name", "Lạ"), ("participants", "5")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/activities") => {
                let body = |unit: &str| json!({"unit_id": unit, "held_on": "2026-03-02", "kind": "sport", "name": "Kéo co", "participants": "5"});
                let control = s.send_json(Method::POST, p, &body(&ga)).await;
                (Some(s.send_json(Method::POST, p, &body(&gb)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/activities/{id}" | "/api/v1/activities/{id}") => (Some(s.get(&activity_b_path(p)).await), Expect::Refused),
            ("POST", "/activities/{id}") => {
                let v = act_b.updated_at.to_string();
                let f = [("unit_id", gb.as_str()), ("version", v.as_str()), ("held_on", "2026-03-02"), ("kind", "sport"), ("name", "Đổi"), ("participants", "5")];
                (Some(s.post_form(&activity_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/activities/{id}") => {
                let body = json!({"unit_id": gb, "version": act_b.updated_at, "held_on": "2026-03-02", "kind": "sport", "name": "Đổi", "participants": "5"});
                (Some(s.send_json(Method::PUT, &activity_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/activities/{id}/delete") => (Some(s.post_form(&activity_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/activities/{id}") => (Some(s.send_json(Method::DELETE, &activity_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/activities/titles" | "/api/v1/activities/titles") => (Some(s.get(&format!("{p}?unit={ub}&year=2026")).await), Expect::Refused),
            ("POST", "/activities/titles") => {
                let f = [("unit", ub.as_str()), ("year", "2026"), ("group", gb.as_str()), ("recognised", gb.as_str()), ("decision", "QĐ 1")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/activities/titles") => {
                let body = |unit: &str, group: &str| json!({"unit": unit, "year": 2026, "titles": [{"group": group, "recognised": true, "decision": "QĐ 1"}]});
                let control = s.send_json(Method::PUT, p, &body(&ua, &ga)).await;
                (Some(s.send_json(Method::PUT, p, &body(&ub, &gb)).await), Expect::RefusedWhileAllowedForA(control))
            }
            // Citizens' reports: the public pages and Open311 are public by
            // design (what they may show is tested in problems.rs).
            ("GET", "/phan-anh" | "/phan-anh/tra-cuu" | "/phan-anh/cong-khai" | "/phan-anh/cong-khai/{code}"
                | "/phan-anh/anh/{code}/{photo}" | "/static/report.js" | "/static/map.js"
                | "/open311/v2/discovery.json" | "/open311/v2/services.json" | "/open311/v2/services/{file}"
                | "/open311/v2/requests.json" | "/open311/v2/requests/{file}")
            | ("POST", "/phan-anh" | "/open311/v2/requests.json") => (None, Expect::NotApplicable),
            ("GET", "/problems" | "/api/v1/problems" | "/problems/stats") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/problems/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("GET", "/problems/routes") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("POST", "/problems/routes") => {
                let f = [("unit", ub.as_str()), ("category", "rubbish"), ("field", "Lạ"), ("working_days", "1"), ("basis", "Lạ"), ("version", "0")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("GET", "/problems/{id}" | "/api/v1/problems/{id}" | "/problems/{id}/photos/{photo}") => {
                (Some(s.get(&problem_b_path(p)).await), Expect::Refused)
            }
            ("POST", "/problems/{id}/steps") => {
                let f = [("action", "start"), ("version", prob_b_version.as_str())];
                (Some(s.post_form(&problem_b_path(p), &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/problems/{id}/steps") => {
                let body = json!({"action": "reject", "rejection": "unfounded", "note": "Lạ", "version": prob_b.updated_at});
                (Some(s.send_json(Method::POST, &problem_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/problems/{id}/case") => {
                let f = [("kind", "other"), ("offender", "Lạ"), ("version", prob_b_version.as_str())];
                (Some(s.post_form(&problem_b_path(p), &f).await), Expect::Refused)
            }
            // Keys of client apps are the deployment's: a ward's administrator
            // neither reads nor issues them.
            ("GET", "/api-clients") => (Some(s.get(p).await), Expect::Refused),
            ("POST", "/api-clients") => (Some(s.post_form(p, &[("name", "Ứng dụng lạ")]).await), Expect::Refused),
            ("POST", "/api-clients/{id}/revoke") => {
                (Some(s.post_form(&p.replace("{id}", &prob_b_id), &[]).await), Expect::Refused)
            }
            ("GET", "/receptions" | "/api/v1/receptions" | "/receptions/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/receptions/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/receptions") => {
                let f = [("unit_id", gb.as_str()), ("received_on", "2026-03-02"), ("citizen", "Lạ"), ("matter", "Lạ"), ("kind", "feedback"), ("competent", "true")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/receptions") => {
                let body = |unit: &str| json!({"unit_id": unit, "received_on": "2026-03-02", "citizen": "Lạ", "matter": "Phản ánh", "kind": "feedback", "competent": true});
                let control = s.send_json(Method::POST, p, &body(&ga)).await;
                (Some(s.send_json(Method::POST, p, &body(&gb)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/receptions/{id}" | "/api/v1/receptions/{id}") => (Some(s.get(&reception_b_path(p)).await), Expect::Refused),
            ("POST", "/receptions/{id}") => {
                let v = rec_b.updated_at.to_string();
                let f = [("unit_id", gb.as_str()), ("version", v.as_str()), ("received_on", "2026-03-01"), ("citizen", "Lạ"), ("matter", "Đổi"), ("kind", "feedback"), ("competent", "true")];
                (Some(s.post_form(&reception_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/receptions/{id}") => {
                let body = json!({"unit_id": gb, "version": rec_b.updated_at, "received_on": "2026-03-01", "citizen": "Lạ", "matter": "Đổi", "kind": "feedback", "competent": true});
                (Some(s.send_json(Method::PUT, &reception_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/receptions/{id}/delete") => (Some(s.post_form(&reception_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/receptions/{id}") => (Some(s.send_json(Method::DELETE, &reception_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/businesses" | "/api/v1/businesses" | "/businesses/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/businesses/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/businesses") => {
                let f = [("unit_id", gb.as_str()), ("name", "Lạ"), ("owner", "Lạ"), ("address", "X"), ("line", "Y"), ("registration_no", "LA-1"), ("registered_on", "2026-03-02")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/businesses") => {
                let body = |unit: &str, no: &str| json!({"unit_id": unit, "name": "Lạ", "owner": "Lạ", "address": "X", "line": "Y", "registration_no": no, "registered_on": "2026-03-02"});
                let control = s.send_json(Method::POST, p, &body(&ga, "LA-A")).await;
                (Some(s.send_json(Method::POST, p, &body(&gb, "LA-B")).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/businesses/{id}" | "/api/v1/businesses/{id}") => (Some(s.get(&business_b_path(p)).await), Expect::Refused),
            ("POST", "/businesses/{id}") => {
                let v = bus_b.updated_at.to_string();
                let f = [("unit_id", gb.as_str()), ("version", v.as_str()), ("name", "Đổi"), ("owner", "Lạ"), ("address", "X"), ("line", "Y"), ("registration_no", "13A1837TAM"), ("registered_on", "2026-03-01")];
                (Some(s.post_form(&business_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/businesses/{id}") => {
                let body = json!({"unit_id": gb, "version": bus_b.updated_at, "name": "Đổi", "owner": "Lạ", "address": "X", "line": "Y", "registration_no": "13A1837TAM", "registered_on": "2026-03-01"});
                (Some(s.send_json(Method::PUT, &business_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/businesses/{id}/delete") => (Some(s.post_form(&business_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/businesses/{id}") => (Some(s.send_json(Method::DELETE, &business_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/tax" | "/api/v1/tax/meetings") => (Some(s.get(&format!("{p}?unit={ub}&year=2026")).await), Expect::Refused),
            ("GET", "/api/v1/tax/rules") => (Some(s.get(p).await), Expect::NothingOfB),
            ("POST", "/tax/meetings") => {
                let f = [("unit", ub.as_str()), ("held_on", "2026-03-02"), ("subject", "Lạ")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/tax/meetings") => {
                let body = |unit: &str| json!({"unit": unit, "held_on": "2026-03-02", "subject": "Họp thuế"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("POST", "/tax/meetings/{id}/delete") => (Some(s.post_form(&p.replace("{id}", &meet_b_id), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/tax/meetings/{id}") => (Some(s.send_json(Method::DELETE, &p.replace("{id}", &meet_b_id), &json!({})).await), Expect::Refused),
            ("GET", "/tax/debts" | "/api/v1/tax/debts") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/tax/debts/export.xlsx") => (Some(s.get(&format!("{p}?q=quach")).await), Expect::NothingOfB),
            ("GET", "/tax/debts/{id}" | "/api/v1/tax/debts/{id}") => (Some(s.get(&debt_b_path(p)).await), Expect::Refused),
            ("POST", "/tax/debts/{id}/actions") => {
                let f = [("version", debt_b_version.as_str()), ("done_on", "2026-03-03"), ("kind", "reminder")];
                (Some(s.post_form(&debt_b_path(p), &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/tax/debts/{id}/actions") => {
                let body = json!({"version": debt_b.updated_at, "done_on": "2026-03-03", "kind": "reminder"});
                (Some(s.send_json(Method::POST, &debt_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/tax/debts/{id}/actions/{action}/delete") => {
                (Some(s.post_form(&debt_b_path(p), &[("version", debt_b_version.as_str())]).await), Expect::Refused)
            }
            ("DELETE", "/api/v1/tax/debts/{id}/actions/{action}") => {
                (Some(s.send_json(Method::DELETE, &format!("{}?version={debt_b_version}", debt_b_path(p)), &json!({})).await), Expect::Refused)
            }
            ("POST", "/tax/debts/{id}/delete") => (Some(s.post_form(&debt_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/tax/debts/{id}") => (Some(s.send_json(Method::DELETE, &debt_b_path(p), &json!({})).await), Expect::Refused),
            ("GET", "/cooperatives" | "/api/v1/cooperatives" | "/cooperatives/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/cooperatives/export.xlsx") => (Some(s.get(&format!("{p}?q=song+cau")).await), Expect::NothingOfB),
            ("POST", "/cooperatives") => {
                let f = [("unit_id", gb.as_str()), ("name", "Lạ"), ("founded_on", "2026-03-02"), ("line_of_business", "X"), ("members", "7"), ("capital", "1")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/cooperatives") => {
                let body = |unit: &str| json!({"unit_id": unit, "name": "HTX Kéo co", "founded_on": "2026-03-02", "line_of_business": "X", "members": "7", "capital": "1"});
                let control = s.send_json(Method::POST, p, &body(&ga)).await;
                (Some(s.send_json(Method::POST, p, &body(&gb)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/cooperatives/{id}" | "/api/v1/cooperatives/{id}") => (Some(s.get(&cooperative_b_path(p)).await), Expect::Refused),
            ("POST", "/cooperatives/{id}") => {
                let v = coop_b.updated_at.to_string();
                let f = [("unit_id", gb.as_str()), ("version", v.as_str()), ("name", "Đổi"), ("founded_on", "2026-03-02"), ("line_of_business", "X"), ("members", "7"), ("capital", "1")];
                (Some(s.post_form(&cooperative_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/cooperatives/{id}") => {
                let body = json!({"unit_id": gb, "version": coop_b.updated_at, "name": "Đổi", "founded_on": "2026-03-02", "line_of_business": "X", "members": "7", "capital": "1"});
                (Some(s.send_json(Method::PUT, &cooperative_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/cooperatives/{id}/delete" | "/cooperatives/{id}/supports/{support_id}/delete") => {
                (Some(s.post_form(&cooperative_b_path(p), &[]).await), Expect::Refused)
            }
            ("DELETE", "/api/v1/cooperatives/{id}" | "/api/v1/cooperatives/{id}/supports/{support_id}") => {
                (Some(s.send_json(Method::DELETE, &cooperative_b_path(p), &json!({})).await), Expect::Refused)
            }
            ("POST", "/cooperatives/{id}/grades") => {
                let f = [("year", "2026"), ("grade", "weak")];
                (Some(s.post_form(&cooperative_b_path(p), &f).await), Expect::Refused)
            }
            ("PUT", "/api/v1/cooperatives/{id}/grades") => {
                let body = json!({"year": "2026", "grade": "weak"});
                (Some(s.send_json(Method::PUT, &cooperative_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/cooperatives/{id}/supports") => {
                let f = [("year", "2026"), ("policy", "X"), ("content", "Y"), ("amount", "1000")];
                (Some(s.post_form(&cooperative_b_path(p), &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/cooperatives/{id}/supports") => {
                let body = json!({"year": "2026", "policy": "X", "content": "Y", "amount": "1000"});
                (Some(s.send_json(Method::POST, &cooperative_b_path(p), &body).await), Expect::Refused)
            }
            ("GET", "/inspections" | "/api/v1/inspections" | "/inspections/new") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/inspections/export.xlsx") => (Some(s.get(&format!("{p}?q=ly+van+sau")).await), Expect::NothingOfB),
            ("POST", "/inspections") => {
                let f = [("unit_id", ub.as_str()), ("inspected_on", "2026-03-02"), ("place", "X"), ("team", "Y")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/inspections") => {
                let body = |unit: &str| json!({"unit_id": unit, "inspected_on": "2026-03-02", "place": "X"});
                let control = s.send_json(Method::POST, p, &body(&ua)).await;
                (Some(s.send_json(Method::POST, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/inspections/{id}" | "/inspections/{id}/edit" | "/api/v1/inspections/{id}") => (Some(s.get(&inspection_b_path(p)).await), Expect::Refused),
            ("POST", "/inspections/{id}") => {
                (Some(s.post_form(&inspection_b_path(p), &[("inspected_on", "2026-03-02"), ("place", "Đổi"), ("team", "Y")]).await), Expect::Refused)
            }
            ("PUT", "/api/v1/inspections/{id}") => {
                (Some(s.send_json(Method::PUT, &inspection_b_path(p), &json!({"inspected_on": "2026-03-02", "place": "Đổi"})).await), Expect::Refused)
            }
            ("POST", "/inspections/{id}/delete") => (Some(s.post_form(&inspection_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/inspections/{id}") => (Some(s.send_json(Method::DELETE, &inspection_b_path(p), &json!({})).await), Expect::Refused),
            ("POST", "/inspections/{id}/cases") => {
                let f = [("kind", "goods"), ("offender", "Lạ"), ("outcome", "fined")];
                (Some(s.post_form(&inspection_b_path(p), &f).await), Expect::Refused)
            }
            ("POST", "/api/v1/inspections/{id}/cases") => {
                let body = json!({"kind": "goods", "offender": "Lạ", "outcome": "fined"});
                (Some(s.send_json(Method::POST, &inspection_b_path(p), &body).await), Expect::Refused)
            }
            ("POST", "/inspections/{id}/cases/{case_id}/delete") => (Some(s.post_form(&inspection_b_path(p), &[]).await), Expect::Refused),
            ("DELETE", "/api/v1/inspections/{id}/cases/{case_id}") => {
                (Some(s.send_json(Method::DELETE, &inspection_b_path(p), &json!({})).await), Expect::Refused)
            }
            ("POST", "/violations/{id}/attachments") => {
                let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("x.pdf"));
                let res = s.client.post(s.url(&format!("{}?_csrf={}", violation_b_path(p), s.csrf))).multipart(form).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("GET", "/violations/{id}/attachments/{attachment_id}") => (Some(s.get(&violation_b_path(p)).await), Expect::Refused),
            ("POST", "/violations/{id}/attachments/{attachment_id}/delete") => (Some(s.post_form(&violation_b_path(p), &[]).await), Expect::Refused),
            ("GET", "/resolutions") => {
                // Its own ward by default; ward B's by id is refused.
                let own = s.get(p).await;
                assert_eq!(own.status(), StatusCode::OK);
                let own = own.text().await.unwrap();
                assert!(!b_marks.iter().any(|mark| own.contains(mark)), "/resolutions shows ward B");
                (Some(s.get(&format!("{p}?unit={ub}&year=2021")).await), Expect::Refused)
            }
            ("GET", "/resolutions/{file}") => (Some(s.get(&format!("/resolutions/report.md?unit={ub}&year=2021")).await), Expect::Refused),
            // The catalogue is the deployment's, the same for every ward.
            ("GET", "/api/v1/resolutions/indicators") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/api/v1/resolutions/report") => (Some(s.get(&format!("{p}?unit={ub}&year=2021")).await), Expect::Refused),
            ("POST", "/api/v1/resolutions/indicators") => {
                let body = json!({"code": "la", "name": "Lạ", "field": "economy", "unit": "km", "direction": "at_least", "decimals": "0"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/api/v1/resolutions") => (Some(s.get(&format!("{p}?unit={ub}&year=2021")).await), Expect::Refused),
            ("PUT", "/api/v1/resolutions") => {
                let body = |unit: &str| json!({"unit": unit, "year": 2021, "number": "1/NQ-HĐND", "targets": {"thu-nsnn": "1"}});
                let control = s.send_json(Method::PUT, p, &body(&ua)).await;
                (Some(s.send_json(Method::PUT, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("PUT", "/api/v1/resolutions/values") => {
                let body = |unit: &str| json!({"unit": unit, "year": 2021, "indicator": "viec-lam", "value": "1", "evidence": "X"});
                let control = s.send_json(Method::PUT, p, &body(&ua)).await;
                (Some(s.send_json(Method::PUT, p, &body(&ub)).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("POST", "/resolutions") => {
                let f = |unit: &str| [("unit", unit.to_owned()), ("year", "2021".into()), ("number", "1/NQ-HĐND".into()), ("target_thu-nsnn", "1".into())];
                let control = s.post_form(p, &f(&ua).each_ref().map(|(k, v)| (*k, v.as_str()))).await;
                (Some(s.post_form(p, &f(&ub).each_ref().map(|(k, v)| (*k, v.as_str()))).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("POST", "/resolutions/values") => {
                let f = |unit: &str| [("unit", unit.to_owned()), ("year", "2021".into()), ("indicator", "viec-lam".into()), ("value", "1".into()), ("evidence", "X".into())];
                let control = s.post_form(p, &f(&ua).each_ref().map(|(k, v)| (*k, v.as_str()))).await;
                (Some(s.post_form(p, &f(&ub).each_ref().map(|(k, v)| (*k, v.as_str()))).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("GET", "/dossiers" | "/dossiers/new" | "/procedures" | "/dossiers/stats") => (Some(s.get(p).await), Expect::NothingOfB),
            // Figures only; ward B's dossier would make the total 2 (A has 1 at most).
            ("GET", "/dossiers/stats.xlsx") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/dossiers/{id}/tep/{file_id}") => {
                let files = app.store.dossier_files(&Scope::All, db.id).await.unwrap();
                let path = p.replace("{id}", &db_id).replace("{file_id}", &files[0].id.to_string());
                (Some(s.get(&path).await), Expect::Refused)
            }
            ("GET", "/dossiers/{id}" | "/dossiers/{id}/phieu/{kind}" | "/dossiers/{id}/phieu/{kind}/docx") => {
                (Some(s.get(&p.replace("{id}", &db_id).replace("{kind}", "tiep-nhan")).await), Expect::Refused)
            }
            ("GET", "/api/v1/households" | "/api/v1/households/rates") => {
                // Unnarrowed, nothing of B's; narrowed to B, refused.
                let own = s.page(p).await;
                assert!(!b_marks.iter().any(|mark| own.contains(mark)), "{p} shows ward B");
                (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused)
            }
            ("POST", "/api/v1/households") => {
                let body = json!({"unit_id": gb, "code": "LA-0001", "head_name": "Người Lạ"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/households/{id}/members") => {
                let body = json!({"full_name": "Người Lạ", "relation": "con"});
                (Some(s.send_json(Method::POST, &p.replace("{id}", &hh_b), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/households/{id}/move") => {
                let body = json!({"to": ga, "on": "2026-01-01"});
                (Some(s.send_json(Method::POST, &p.replace("{id}", &hh_b), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/households/{id}/poverty") => {
                let body = json!({"year": 2022, "income": 1000000, "deprivations": ["1"], "version": 0});
                (Some(s.send_json(Method::POST, &p.replace("{id}", &hh_b), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/households/{id}/culture") => {
                let body = json!({"year": 2022, "law": true, "emulation": true, "family": true, "version": 0});
                (Some(s.send_json(Method::POST, &p.replace("{id}", &hh_b), &body).await), Expect::Refused)
            }
            ("GET", "/api/v1/households/{id}") => (Some(s.get(&p.replace("{id}", &hh_b)).await), Expect::Refused),
            ("GET", "/api/v1/households/export" | "/api/v1/households/reviews") => {
                (Some(s.get(&format!("{p}?unit={ub}&year=2022")).await), Expect::Refused)
            }
            ("PUT", "/api/v1/households/reviews/steps") => {
                let body = json!({"unit": ub, "year": 2022, "step": "quyet-dinh", "on": "2022-12-10"});
                (Some(s.send_json(Method::PUT, p, &body).await), Expect::Refused)
            }
            ("GET", "/households/export.xlsx") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("GET", "/households" | "/households/new" | "/households/reviews") => (Some(s.get(&format!("{p}?unit={ub}")).await), if p == "/households" { Expect::Refused } else { Expect::NothingOfB }),
            (
                "GET",
                "/households/import" | "/households/import/mau.xlsx" | "/households/poverty/import" | "/households/poverty/import/mau.xlsx"
                | "/households/culture/import" | "/households/culture/import/mau.xlsx",
            ) => (Some(s.get(p).await), Expect::NothingOfB),
            ("POST", "/households") => {
                let f = |group: &str, code: &str| [("unit_id", group.to_owned()), ("code", code.to_owned()), ("head_name", "Người Lạ".into()), ("address", "Số 1".into()), ("head_birth_year", "1980".into()), ("head_sex", "male".into())];
                let control = s.post_form(p, &f(&ga, "LA-A").each_ref().map(|(k, v)| (*k, v.as_str()))).await;
                (Some(s.post_form(p, &f(&gb, "LA-1").each_ref().map(|(k, v)| (*k, v.as_str()))).await), Expect::RefusedWhileAllowedForA(control))
            }
            ("POST", "/households/reviews/steps") => {
                let f = [("unit", ub.as_str()), ("year", "2022"), ("step", "quyet-dinh"), ("on", "2022-12-10")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("GET", "/households/{id}") => (Some(s.get(&p.replace("{id}", &hh_b)).await), Expect::Refused),
            ("POST", "/households/{id}/members") => {
                let f = [("full_name", "Người Lạ"), ("relation", "child"), ("birth_year", "2000"), ("sex", "male")];
                (Some(s.post_form(&p.replace("{id}", &hh_b), &f).await), Expect::Refused)
            }
            ("POST", "/households/{id}/move") => {
                (Some(s.post_form(&p.replace("{id}", &hh_b), &[("to", "out"), ("on", "2022-01-01")]).await), Expect::Refused)
            }
            ("POST", "/households/{id}/poverty") => {
                let f = [("year", "2022"), ("income", "1000000"), ("deprivations", "1;2;3")];
                (Some(s.post_form(&p.replace("{id}", &hh_b), &f).await), Expect::Refused)
            }
            ("POST", "/households/{id}/culture") => {
                (Some(s.post_form(&p.replace("{id}", &hh_b), &[("year", "2022"), ("law", "Đạt")]).await), Expect::Refused)
            }
            ("GET", "/dossiers/ma-so") => (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused),
            ("POST", "/dossiers/ma-so") => {
                let f = [("unit", ub.as_str()), ("identifier", "000.00.00.B99"), ("width", "4"), ("separator", "-")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/dossiers") => {
                let procedure_id = procedure.id.to_string();
                let f = [("unit_id", ub.as_str()), ("procedure_id", procedure_id.as_str()), ("channel", "counter"), ("applicant", "Người Lạ")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/dossiers/{id}/actions") => {
                (Some(s.post_form(&p.replace("{id}", &db_id), &[("action", "assign")]).await), Expect::Refused)
            }
            // Public pages: the lookup by code and key shows a masked name only, and
            // the online form lists every commune (they are public).
            ("GET", "/tra-cuu") => {
                let res = s.get(&format!("{p}?ma={}&khoa={}", db.code, db.lookup_key)).await;
                let body = res.text().await.unwrap();
                assert!(body.contains("Đặng T. S.") && !body.contains("Đặng Thị Sương"), "{body}");
                // By code alone, not even the masked name.
                let body = s.page(&format!("{p}?ma={}", db.code)).await;
                assert!(!body.contains("Đặng T. S."), "{body}");
                (None, Expect::Refused)
            }
            ("POST", "/tra-cuu/danh-gia") => {
                let ma = db.code.clone();
                (Some(s.post_form(p, &[("ma", ma.as_str()), ("muc", "hai_long")]).await), Expect::Refused)
            }
            ("GET", "/nop-ho-so") => (None, Expect::Refused),
            ("POST", "/nop-ho-so") => (None, Expect::Refused),
            // The catalogue is the deployment's: a ward's administrator reads
            // it but may not change it.
            ("GET", "/procedures.xlsx" | "/procedures/import/mau.xlsx") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/procedures/new" | "/procedures/import") => (Some(s.get(p).await), Expect::Refused),
            ("GET", "/procedures/{id}/edit") => (Some(s.get(&p.replace("{id}", &procedure.id.to_string())).await), Expect::Refused),
            ("POST", "/procedures") => {
                let f = [("code", "9.999999"), ("name", "Lạ"), ("field", "Lạ"), ("time", "1 ngày")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("POST", "/procedures/{id}") => {
                let f = [("code", procedure.code.as_str()), ("name", "Lạ"), ("field", "Lạ"), ("time", "1 ngày")];
                (Some(s.post_form(&p.replace("{id}", &procedure.id.to_string()), &f).await), Expect::Refused)
            }
            // The dossiers' API: the same store calls as the pages.
            ("GET", "/api/v1/dossiers") => (Some(s.get(&format!("{p}?q={}", db.code)).await), Expect::NothingOfB),
            ("POST", "/api/v1/dossiers") => {
                let body = json!({"unit_id": ub, "procedure_id": procedure.id, "channel": "counter", "applicant": "Người Lạ"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/api/v1/dossiers/stats" | "/api/v1/dossiers/late" | "/api/v1/dossiers/code-pattern") => {
                (Some(s.get(&format!("{p}?unit={ub}")).await), Expect::Refused)
            }
            ("PUT", "/api/v1/dossiers/code-pattern") => {
                let body = json!({"unit_id": ub, "identifier": "000.00.00.B99", "width": 4, "separator": "-"});
                (Some(s.send_json(Method::PUT, p, &body).await), Expect::Refused)
            }
            ("GET", "/api/v1/dossiers/{id}") => (Some(s.get(&p.replace("{id}", &db_id)).await), Expect::Refused),
            ("POST", "/api/v1/dossiers/{id}/actions") => {
                let body = json!({"action": "assign", "version": db.updated_at});
                (Some(s.send_json(Method::POST, &p.replace("{id}", &db_id), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/dossiers/{id}/files") => {
                let path = format!("{}?name=x.pdf&version={}", p.replace("{id}", &db_id), db.updated_at);
                let res = s.client.post(s.url(&path)).header("x-csrf-token", &s.csrf).body(&b"%PDF-1.4\n"[..]).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("POST", "/dossiers/{id}/tep") => {
                let form = reqwest::multipart::Form::new()
                    .text("version", db.updated_at.to_string())
                    .part("file", reqwest::multipart::Part::bytes(&b"%PDF-1.4\n"[..]).file_name("x.pdf"));
                (Some(s.post_multipart(&p.replace("{id}", &db_id), form).await), Expect::Refused)
            }
            ("GET", "/api/v1/procedures/export") => (Some(s.get(p).await), Expect::NothingOfB),
            ("POST", "/api/v1/procedures/import") => {
                let csv = "Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết\n9.999999,Lạ,Lạ,1 ngày\n";
                let res = s.client.post(s.url(p)).header("x-csrf-token", &s.csrf).body(csv).send().await.unwrap();
                (Some(res), Expect::Refused)
            }
            ("GET", "/api/v1/dossiers/{id}/files/{file_id}") => {
                let files = app.store.dossier_files(&Scope::All, db.id).await.unwrap();
                let path = p.replace("{id}", &db_id).replace("{file_id}", &files[0].id.to_string());
                (Some(s.get(&path).await), Expect::Refused)
            }
            ("GET", "/api/v1/dossiers/{id}/papers/{kind}") => {
                (Some(s.get(&p.replace("{id}", &db_id).replace("{kind}", "tiep-nhan")).await), Expect::Refused)
            }
            // The citizens' JSON: communes and catalogue are public; the
            // lookup with the key shows the masked name only.
            ("GET", "/api/v1/public/communes" | "/api/v1/public/procedures") => (None, Expect::NotApplicable),
            ("GET", "/api/v1/public/dossiers") => {
                let found = s.get_json(&format!("{p}?code={}&key={}", db.code, db.lookup_key)).await;
                assert_eq!(found["applicant"], "Đặng T. S.", "{found}");
                let by_code = s.get_json(&format!("{p}?code={}", db.code)).await;
                assert!(by_code["applicant"].is_null() && by_code["procedure_name"].is_null(), "{by_code}");
                (Some(s.get(&format!("{p}?code={}&key=ABCDEFGHJK", db.code)).await), Expect::Refused)
            }
            ("POST", "/api/v1/public/dossiers") => (None, Expect::Refused),
            ("POST", "/api/v1/public/dossiers/rating") => {
                let body = json!({"code": db.code, "key": "", "level": "hai_long"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/webhooks") => {
                let body = s.page(p).await;
                assert!(!body.contains("so-b"), "{body}");
                (Some(s.get(p).await), Expect::NothingOfB)
            }
            ("POST", "/webhooks") => {
                let f = [("unit_id", ub.as_str()), ("url", "http://127.0.0.1:9/la"), ("events", "*"), ("active", "1")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            ("GET", "/webhooks/{id}") => (Some(s.get(&p.replace("{id}", &hook_b_id)).await), Expect::Refused),
            ("POST", "/webhooks/{id}") => {
                let version = hook_b.updated_at.to_string();
                let f = [("url", "http://127.0.0.1:9/la"), ("events", "*"), ("version", version.as_str())];
                (Some(s.post_form(&p.replace("{id}", &hook_b_id), &f).await), Expect::Refused)
            }
            ("POST", "/webhooks/{id}/deliveries/{delivery_id}/replay") => {
                let path = p.replace("{id}", &hook_b_id).replace("{delivery_id}", &db_id);
                (Some(s.post_form(&path, &[]).await), Expect::Refused)
            }
            // Webhooks: ward B's endpoint is out of reach.
            ("GET", "/api/v1/webhooks") => {
                let body = s.page(p).await;
                assert!(!body.contains("so-b"), "{body}");
                (Some(s.get(p).await), Expect::NothingOfB)
            }
            ("POST", "/api/v1/webhooks") => {
                let body = json!({"unit_id": ub, "url": "http://127.0.0.1:9/la", "events": ["*"]});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("GET", "/api/v1/webhooks/{id}" | "/api/v1/webhooks/{id}/deliveries") => {
                (Some(s.get(&p.replace("{id}", &hook_b_id)).await), Expect::Refused)
            }
            ("PUT", "/api/v1/webhooks/{id}") => {
                let body = json!({"url": "http://127.0.0.1:9/la", "events": ["*"], "active": false, "version": hook_b.updated_at});
                (Some(s.send_json(Method::PUT, &p.replace("{id}", &hook_b_id), &body).await), Expect::Refused)
            }
            ("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/replay") => {
                let path = p.replace("{id}", &hook_b_id).replace("{delivery_id}", &db_id);
                (Some(s.send_json(Method::POST, &path, &json!({})).await), Expect::Refused)
            }
            ("GET", "/api/v1/procedures") => (Some(s.get(p).await), Expect::NothingOfB),
            ("GET", "/api/v1/procedures/{id}") => (Some(s.get(&p.replace("{id}", &procedure.id.to_string())).await), Expect::NothingOfB),
            ("POST", "/api/v1/procedures") => {
                let body = json!({"code": "9.999999", "name": "Lạ", "field": "Lạ", "time": "1 ngày"});
                (Some(s.send_json(Method::POST, p, &body).await), Expect::Refused)
            }
            ("PUT", "/api/v1/procedures/{id}") => {
                let body = json!({"code": procedure.code, "name": "Lạ", "field": "Lạ", "time": "1 ngày"});
                (Some(s.send_json(Method::PUT, &p.replace("{id}", &procedure.id.to_string()), &body).await), Expect::Refused)
            }
            ("POST", "/procedures/import") => {
                (Some(s.post_file(p, "thu-tuc.csv", b"Ma thu tuc,Ten thu tuc,Linh vuc,Thoi han giai quyet\n9.999999,La,La,1 ngay\n").await), Expect::Refused)
            }
            ("POST", "/resolutions/indicators") => {
                let f = [("code", "la"), ("name", "Lạ"), ("field", "economy"), ("unit", "km"), ("direction", "at_least"), ("decimals", "0")];
                (Some(s.post_form(p, &f).await), Expect::Refused)
            }
            _ => panic!("route {m} {p} has no isolation case: add one"),
        };
        let Some(res) = res else { continue };
        let status = res.status();
        let bytes = res.bytes().await.unwrap();
        // A workbook is compressed: its cells are read back to be searched.
        let body = if bytes.starts_with(b"PK") {
            let sheet = xaphuong_report::sheet::read(&bytes)
                .unwrap_or_else(|e| panic!("{m} {p}: unreadable workbook: {e}"));
            xlsx_read += 1;
            let mut text = sheet.labels.join("|");
            for (_, cells) in &sheet.rows {
                text.push('|');
                text.push_str(&cells.join("|"));
            }
            text
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        match expect {
            Expect::RefusedWhileAllowedForA(control) => {
                let allowed = control.status();
                assert!(
                    allowed.is_success() || allowed == StatusCode::SEE_OTHER,
                    "{m} {p} for ward A answered {allowed}: {}",
                    control.text().await.unwrap()
                );
                controls += 1;
                assert!(
                    matches!(
                        status,
                        StatusCode::NOT_FOUND
                            | StatusCode::FORBIDDEN
                            | StatusCode::UNPROCESSABLE_ENTITY
                    ),
                    "{m} {p} answered {status}: {body}"
                );
                if !SCOPE_REASONS.iter().any(|r| body.contains(r)) {
                    wrong_reason.push(format!("{m} {p} {status}"));
                }
            }
            Expect::Refused => {
                assert!(
                    matches!(
                        status,
                        StatusCode::NOT_FOUND
                            | StatusCode::FORBIDDEN
                            | StatusCode::UNPROCESSABLE_ENTITY
                    ),
                    "{m} {p} answered {status}: {body}"
                );
                // Refused for the right reason: the scope, not a bad token
                // or a field the case forgot.
                if !SCOPE_REASONS.iter().any(|r| body.contains(r)) {
                    wrong_reason.push(format!("{m} {p} {status}"));
                }
            }
            Expect::NothingOfB => {
                assert_eq!(status, StatusCode::OK, "{m} {p}: {body}");
                for mark in b_marks {
                    assert!(!body.contains(mark), "{m} {p} shows «{mark}» of ward B");
                }
            }
            Expect::NotApplicable => {}
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} routes checked");
    assert!(xlsx_read >= 5, "only {xlsx_read} workbooks read back");
    assert_eq!(controls, 21, "ward-A controls");
    eprintln!("{checked} routes checked, {xlsx_read} workbooks read back");
    assert!(
        wrong_reason.is_empty(),
        "refused, but not for ward B being out of scope:\n{}",
        wrong_reason.join("\n")
    );
    assert_eq!(snapshot().await, before, "ward B's records changed");
    assert_eq!(
        dossier_of_b().await,
        dossier_before,
        "ward B's dossier changed"
    );
    assert_eq!(
        household_of_b().await,
        household_before,
        "ward B's household changed"
    );
    assert_eq!(
        calendar_of_b().await,
        calendar_before,
        "ward B's calendar changed"
    );
    assert_eq!(
        violations_of_b().await,
        violations_before,
        "ward B's violation case changed"
    );
    assert_eq!(
        attachments_of_b().await,
        vec![photo.clone()],
        "ward B's attachments changed"
    );
    assert_eq!(
        app.store.handover(&Scope::All, hb.id).await.unwrap(),
        hb,
        "ward B's hand-over changed"
    );
    assert_eq!(
        app.store.work(&Scope::All, wk_b.id).await.unwrap(),
        wk_b,
        "ward B's work changed"
    );
    assert_eq!(
        app.store.cooperative(&Scope::All, coop_b.id).await.unwrap(),
        coop_b,
        "ward B's cooperative changed"
    );
    assert_eq!(
        app.store
            .cooperative_supports(&Scope::All, coop_b.id)
            .await
            .unwrap(),
        std::slice::from_ref(&coop_support_b),
        "ward B's cooperative's supports changed"
    );
    assert!(
        app.store
            .cooperative_grades(&Scope::All, coop_b.id)
            .await
            .unwrap()
            .is_empty(),
        "ward B's cooperative was graded"
    );
    assert_eq!(
        recruitment_of_b().await,
        recruitment_before,
        "ward B's recruitment changed"
    );
    assert_eq!(
        app.store.budget_entry(&Scope::All, bb.id).await.unwrap(),
        bb,
        "ward B's budget changed"
    );
    assert_eq!(
        inspections_of_b().await,
        inspections_before,
        "ward B's inspections changed"
    );
    assert_eq!(
        app.store.business(&Scope::All, bus_b.id).await.unwrap(),
        bus_b,
        "ward B's business household changed"
    );
    assert_eq!(
        app.store
            .reception(&Scope::All, None, rec_b.id)
            .await
            .unwrap(),
        rec_b.clone(),
        "ward B's reception entry changed"
    );
    assert_eq!(
        app.store.tax_debt(&Scope::All, debt_b.id).await.unwrap(),
        debt_b,
        "ward B's tax debt changed"
    );
    assert_eq!(
        app.store
            .tax_meetings(&w.ward_b.scope(), 2026)
            .await
            .unwrap(),
        std::slice::from_ref(&meet_b),
        "ward B's council meetings changed"
    );
    if let Some((c, case)) = &former {
        let v = app.store.violation(&Scope::All, *case).await.unwrap();
        assert_eq!(
            (v.commune_id, v.offender.as_str()),
            (c.id, "Hộ bà Hà Thị Xuân"),
            "the former ward's case changed"
        );
    }
    // No audit entry was written about B's records by A.
    let by_a = app
        .store
        .audit_entries(
            &Scope::All,
            &AuditFilter {
                actor_id: Some(w.admin_a.id),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // (Its own records, the controls, are audited in ward A.)
    let of_b = [w.ward_b.id, w.group_b.id];
    let about_b: Vec<_> = by_a
        .iter()
        .filter(|e| e.action != "login")
        .filter(|e| e.unit_id.is_none_or(|u| of_b.contains(&u)))
        .collect();
    assert!(about_b.is_empty(), "{about_b:?}");
    assert!(
        by_a.iter().filter(|e| e.action != "login").count() >= 8,
        "the controls' records, audited in ward A"
    );
    // B's account still signs in with its own password.
    app.login("lanhdao.b").await;
}

/// A one-row file, valid for the register the import path names.
/// Makes a third ward with a case and merges it into ward B (1 July 2025):
/// the former ward and its case's id.
async fn merge_into_b(app: &TestApp, w: &World) -> (xaphuong_store::units::Unit, uuid::Uuid) {
    use xaphuong_core::units::{Kind, UnitInput};
    let sys = xaphuong_core::audit::Actor::system("kiểm thử");
    let c = app
        .store
        .create_unit(
            &sys,
            &Scope::All,
            w.ward_b.parent_id,
            &UnitInput {
                code: "01855".into(),
                name: "Phường Xuất Hóa".into(),
                kind: Kind::Phuong.as_str().into(),
            },
        )
        .await
        .unwrap();
    let case = xaphuong_core::violations::CaseInput {
        kind: "sidewalk".into(),
        offender: "Hộ bà Hà Thị Xuân".into(),
        address: "Phường Xuất Hóa".into(),
        description: String::new(),
        detected_on: "2025-03-01".into(),
    };
    let v = app
        .store
        .create_violation(
            &sys,
            &Scope::All,
            c.id,
            &case,
            jiff::civil::date(2025, 6, 30),
        )
        .await
        .unwrap();
    let merge = xaphuong_core::reorganisations::MergeInput {
        basis: "1683/NQ-UBTVQH15".into(),
        basis_date: "2025-06-16".into(),
        effective_on: "2025-07-01".into(),
        note: String::new(),
        predecessors: vec![w.ward_b.id, c.id],
        into: Some(w.ward_b.id),
        successor: UnitInput::default(),
        parent: None,
    };
    app.store
        .merge_units(&sys, &Scope::All, &merge)
        .await
        .unwrap();
    let c = app.store.unit(&Scope::All, c.id).await.unwrap();
    assert!(w.ward_b.scope().contains(&c.path));
    (c, v.id)
}

fn import_csv(path: &str) -> &'static str {
    let register = path.trim_start_matches("/api/v1").trim_start_matches('/');
    match register.split('/').next() {
        Some("violations") => {
            "Ngày phát hiện,Hộ vi phạm,Địa chỉ,Loại vi phạm\n01/05/2021,Hộ lạ,X,Vi phạm khác\n"
        }
        Some("handovers") => {
            "Ngày bàn giao,Hộ bàn giao,Công trình,Diện tích\n01/05/2021,Hộ lạ,Đường X,10\n"
        }
        Some("recruitment") => "Năm,Họ và tên,Năm sinh\n2021,Người Lạ,2002\n",
        Some("works") => "Tên công trình,Loại công trình\nĐường lạ,Đường giao thông khác\n",
        Some("activities") => {
            "Ngày tổ chức,Loại hoạt động,Tên hoạt động,Số người tham gia\n01/05/2021,Hoạt động khác,Lạ,5\n"
        }
        Some("businesses") => {
            "Tên hộ kinh doanh;Chủ hộ kinh doanh;Địa điểm kinh doanh;Ngành, nghề kinh doanh;Số đăng ký hộ kinh doanh;Ngày đăng ký\nHộ lạ;Người Lạ;X;Tạp hóa;LA-1;01/05/2021\n"
        }
        Some("tax") => {
            "Ngày nhận danh sách,Người nợ thuế,Số tiền nợ (đồng)\n01/05/2021,Người Lạ,1000\n"
        }
        Some("cooperatives") => {
            "Tên hợp tác xã,Ngày đăng ký thành lập,Ngành nghề kinh doanh,Số thành viên,Vốn điều lệ\nHTX lạ,01/05/2021,Trồng rau,7,1000\n"
        }
        Some("spending") => "Ngày,Loại,Khoản chi,Số tiền (đồng)\n01/05/2021,Số chi,Chi khác,1000\n",
        Some("budget") => {
            "Ngày,Loại,Khoản thu,Thu NSNN trên địa bàn\n01/05/2021,Số thu,Thu khác,1000\n"
        }
        Some("inspections") => {
            "Ngày kiểm tra,Địa bàn,Loại vi phạm,Hộ vi phạm,Kết quả\n01/05/2021,Đường X,Bán hàng rong,Lạ,Nhắc nhở\n"
        }
        Some("households") if path.contains("/poverty/") => {
            "Mã hộ,Năm rà soát,Thu nhập bình quân (đồng/người/tháng)\nSC-0001,2022,1000000\n"
        }
        Some("households") if path.contains("/culture/") => "Mã hộ,Năm\nSC-0001,2022\n",
        Some("households") => {
            "Mã hộ,Họ tên chủ hộ,Họ tên thành viên,Quan hệ với chủ hộ,Năm sinh,Giới tính\nLA-1,Người Lạ,Người Lạ,Chủ hộ,1980,Nam\n"
        }
        _ => panic!("no import file for {path}"),
    }
}
