//! The resolution report computed from the demo's records: the seed
//! article's figures, in its notation, and a change to a record shows at once.

use std::process::Command;

use jiff::civil::Date;
use xaphuong::demo::{WARD_CODE, seed};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::violations::{Event, State, Step};
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::violations::ViolationFilter;

use crate::app_test;
use crate::helpers::{says, seed_ward};

const SIGNED: Date = Date::constant(2022, 1, 10);

app_test!(the_seed_report_is_computed_from_the_records, |app| {
    let store = &app.store;
    seed(store).await.unwrap();
    let year_end = Date::constant(2021, 12, 31);
    // The code named Phường Phùng Chí Kiên then.
    let ward = store
        .unit_by_code(&Scope::All, WARD_CODE, Some(year_end))
        .await
        .unwrap();
    assert_eq!(ward.name, "Phường Phùng Chí Kiên");
    let report = store
        .resolution_report(&Scope::All, ward.id, 2021, year_end)
        .await
        .unwrap();
    let md = String::from_utf8(render(&report, Format::Md, SIGNED).unwrap()).unwrap();
    for figure in [
        // R1
        "đạt 8.061.000.000 đ/7.420.000.000 đ, bằng 108,6% kế hoạch",
        "Tám tỷ không trăm sáu mươi mốt triệu đồng",
        // R2, R3
        "tự tháo dỡ: 49/53 hộ, bằng 92,45%",
        "đã cam kết tự tháo dỡ: 04 hộ",
        // R4, R5, R6
        "Hộ bàn giao mặt bằng cho Nhà nước: 01 hộ",
        "tập kết vật liệu được kiểm tra, nhắc nhở: 70 trường hợp",
        "8/8 công dân, bằng 100% chỉ tiêu",
        // T1–T4
        "Thu ngân sách Nhà nước trên địa bàn: 7.950.000.000 đ trở lên",
        "Tỷ lệ hộ đạt danh hiệu \"Gia đình văn hóa\": 95% trở lên",
        "Tỷ lệ hộ nghèo theo chuẩn đa chiều: không quá 1,0%",
        "Bê tông hóa tuyến đường dân sinh: 01 tuyến",
        // The layout's fixed parts.
        "Phùng Chí Kiên, ngày 10 tháng 01 năm 2022",
        "Số:      /BC-UBND",
        "Kết quả thực hiện Nghị quyết năm 2021 và phương hướng, nhiệm vụ năm 2022",
    ] {
        assert!(md.contains(figure), "missing «{figure}» in\n{md}");
    }
    // Beside the resolution's targets, registers that hold nothing for
    // 2021 (the public works) add no line.
    for absent in [
        "Bê tông hóa tuyến đường dân sinh: 0 tuyến",
        "nghiệm thu đưa vào sử dụng:",
        "Hợp tác xã thành lập mới",
    ] {
        assert!(!md.contains(absent), "«{absent}» in\n{md}");
    }
    // The HTML opens each figure down to its records.
    let html = String::from_utf8(render(&report, Format::Html, SIGNED).unwrap()).unwrap();
    assert!(
        html.contains("<a href=\"/violations?year=2021&amp;state=self_remedied\">49</a>/<a href=\"/violations?year=2021\">53</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/handovers?year=2021\">01</a>"));
    // T4 of 2022 counted from the public works: the road accepted in July.
    let y2022 = store
        .resolution_report(&Scope::All, ward.id, 2022, Date::constant(2022, 12, 31))
        .await
        .unwrap();
    let md = String::from_utf8(render(&y2022, Format::Md, SIGNED).unwrap()).unwrap();
    assert!(
        md.contains("Bê tông hóa tuyến đường dân sinh: 01 tuyến"),
        "{md}"
    );
    // Spending beside revenue, from the spending register.
    assert!(
        md.contains("Chi ngân sách xã: đạt 3.369.000.000 đ/3.540.000.000 đ, bằng 95,2% dự toán"),
        "{md}"
    );
    let html = String::from_utf8(render(&y2022, Format::Html, SIGNED).unwrap()).unwrap();
    assert!(
        html.contains("<a href=\"/works?accepted=2022&amp;kind=road_concrete\">01</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/spending?year=2022&amp;entries=payments\">"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/businesses?registered=2022\">06</a>")
            && html.contains("<a href=\"/tax/debts?year=2022&amp;collected=1\">"),
        "{html}"
    );
    // Culture in the residential areas, from the activities and titles.
    for figure in [
        "Tỷ lệ thôn, tổ dân phố đạt danh hiệu \"Thôn, tổ dân phố văn hóa\": 8/10 thôn, tổ dân phố, bằng 80,0%",
        "Hoạt động văn hóa, văn nghệ, thể dục thể thao ở khu dân cư: 07 hoạt động",
        // Business households and tax, from their registers.
        "Hộ kinh doanh đăng ký thành lập mới: 06 hộ",
        "Hộ kinh doanh đang hoạt động: 05 hộ",
        "Thu nợ thuế theo danh sách cơ quan thuế chuyển: đạt 4.900.000 đ/8.000.000 đ, bằng 61,3% số nợ theo danh sách",
    ] {
        assert!(md.contains(figure), "missing «{figure}» in\n{md}");
    }
    // Cooperatives registered in the year, opened down to the register.
    assert!(
        md.contains("Hợp tác xã thành lập mới: 01 hợp tác xã"),
        "{md}"
    );
    assert!(
        html.contains("<a href=\"/cooperatives?founded=2022\">01</a>"),
        "{html}"
    );
    let lines: Vec<&str> = y2022.results.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        lines[..2],
        ["thu-nsnn", "chi-nsx"],
        "spending follows revenue"
    );
    // One more household removes its construction: the report follows.
    let scope = ward.scope();
    let committed = store
        .violations(
            &scope,
            &ViolationFilter {
                year: Some(2021),
                state: Some(State::Committed),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items[0]
        .clone();
    let event = Event {
        step: Step::SelfRemedied,
        on: Date::constant(2021, 12, 20),
        deadline: None,
        document: "Biên bản kiểm tra".into(),
        note: String::new(),
    };
    store
        .add_violation_event(
            &Actor::system("kiểm thử"),
            &scope,
            committed.id,
            &event,
            Date::constant(2021, 12, 31),
            None,
        )
        .await
        .unwrap();
    let report = store
        .resolution_report(&Scope::All, ward.id, 2021, year_end)
        .await
        .unwrap();
    let md = String::from_utf8(render(&report, Format::Md, SIGNED).unwrap()).unwrap();
    assert!(md.contains("tự tháo dỡ: 50/53 hộ, bằng 94,34%"), "{md}");
    assert!(md.contains("đã cam kết tự tháo dỡ: 03 hộ"), "{md}");
    // As of mid-year only what was collected by then counts.
    let mid = store
        .resolution_report(&Scope::All, ward.id, 2021, Date::constant(2021, 6, 30))
        .await
        .unwrap();
    let revenue = &mid.results[0].line;
    assert!(revenue.actual.unwrap().value < report.results[0].line.actual.unwrap().value);
    // The workbook holds the table; the document is a Word file.
    for format in [Format::Xlsx, Format::Docx] {
        let bytes = render(&report, format, SIGNED).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "{format:?}");
    }
});

#[tokio::test]
async fn the_command_prints_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xaphuong"))
            .args(args)
            .env("XAPHUONG_DATABASE_URL", &db)
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2021",
        "--format",
        "md",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("bằng 108,6% kế hoạch") && md.contains("49/53 hộ, bằng 92,45%"),
        "{md}"
    );
    // The code as it named a unit on a day: the seed's ward under its city,
    // its resolution's targets with the figures.
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2021",
        "--as-unit-of",
        "2021-12-31",
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    for line in [
        "UBND THÀNH PHỐ BẮC KẠN",
        "**PHƯỜNG PHÙNG CHÍ KIÊN**",
        "(Nghị quyết số 18/NQ-HĐND)",
        "đạt 8.061.000.000 đ/7.420.000.000 đ, bằng 108,6% kế hoạch (chỉ tiêu Nghị quyết: 7.420.000.000 đ trở lên — vượt)",
        "8/8 công dân, bằng 100% chỉ tiêu (chỉ tiêu Nghị quyết: 08 công dân trở lên — đạt)",
    ] {
        assert!(md.contains(line), "missing «{line}» in\n{md}");
    }
    // Today's 01843, Phường Bắc Kạn: 2026 against 2025, which it counts
    // over the four wards it was formed from.
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2026",
        "--as-of",
        "2026-11-30",
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("**PHƯỜNG BẮC KẠN**") && md.contains("năm trước: 6.870.000.000 đ"),
        "{md}"
    );
    // With the breakdown by the wards it was formed from.
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2025",
        "--as-of",
        "2025-12-31",
        "--by-former-unit",
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| Thu ngân sách Nhà nước trên địa bàn | 570.000.000 / 1.140.000.000 | 1.710.000.000 / 3.420.000.000 | 570.000.000 / 1.140.000.000 | 570.000.000 / 1.140.000.000 | 6.870.000.000 / 6.840.000.000 |"),
        "{md}"
    );
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2021",
        "--as-unit-of",
        "1990-01-01x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let docx = dir.path().join("bao-cao.docx");
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2021",
        "--format",
        "docx",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    // Bad input: exit 2 with the reason.
    let out = run(&["report", "resolution", "--unit", "99999", "--year", "2021"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Không có đơn vị hiện nay mang mã 99999")
    );
    let out = run(&[
        "report",
        "resolution",
        "--unit",
        "01843",
        "--year",
        "2021",
        "--format",
        "pdf",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// The DOCX opens in LibreOffice as an A4 page in the Nghị định 30 layout;
/// page 1 is kept as `target/artifacts/bao-cao-2021-trang-1.png`. Runs when
/// XAPHUONG_TEST_SOFFICE names LibreOffice (scripts/test sets it).
#[tokio::test]
async fn the_docx_renders_in_libreoffice() {
    let Ok(soffice) = std::env::var("XAPHUONG_TEST_SOFFICE") else {
        xaphuong_store::testing::not_run("set XAPHUONG_TEST_SOFFICE to LibreOffice's soffice");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store =
        xaphuong_store::Store::open(&format!("sqlite://{}", dir.path().join("r.db").display()))
            .await
            .unwrap();
    seed(&store).await.unwrap();
    let ward = store
        .unit_by_code(&Scope::All, WARD_CODE, Some(Date::constant(2021, 12, 31)))
        .await
        .unwrap();
    let report = store
        .resolution_report(&Scope::All, ward.id, 2021, Date::constant(2021, 12, 31))
        .await
        .unwrap();
    let docx = dir.path().join("bao-cao.docx");
    std::fs::write(&docx, render(&report, Format::Docx, SIGNED).unwrap()).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let out = Command::new(&soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("bao-cao.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(
        info.contains("595.") && info.contains("841.") && info.contains("(A4)"),
        "{info}"
    );
    let text = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let page1 = String::from_utf8_lossy(&text.stdout).into_owned();
    for part in [
        "UBND THÀNH PHỐ BẮC KẠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "/BC-UBND",
        "Phùng Chí Kiên, ngày 10 tháng 01 năm 2022",
        "BÁO CÁO",
        "bằng 108,6% kế hoạch",
        "49/53 hộ, bằng 92,45%",
    ] {
        assert!(page1.contains(part), "page 1 lacks «{part}»:\n{page1}");
    }
    // The agency block stands left of the national motto, on one band.
    let band = page1
        .lines()
        .find(|l| l.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        .unwrap();
    assert!(band.contains("UBND THÀNH PHỐ BẮC KẠN"), "{band}");
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(artifacts.join("bao-cao-2021-trang-1"))
        .status()
        .unwrap();
    assert!(png.success());
}

/// The one-stop receipt opens in LibreOffice as one A5 page with its QR
/// code; kept as `target/artifacts/giay-tiep-nhan.png`.
#[test]
fn the_receipt_docx_renders_in_libreoffice() {
    use xaphuong_report::paper;
    let Ok(soffice) = std::env::var("XAPHUONG_TEST_SOFFICE") else {
        xaphuong_store::testing::not_run("set XAPHUONG_TEST_SOFFICE to LibreOffice's soffice");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let facts = paper::DossierFacts {
        unit_name: "Phường Phùng Chí Kiên".into(),
        code: "000.00.00.X01843-261130-0007".into(),
        applicant: "Nguyễn Văn An".into(),
        address: "Tổ 5".into(),
        procedure: "Đăng ký khai sinh".into(),
        papers: vec!["Tờ khai đăng ký khai sinh".into(), "Giấy chứng sinh".into()],
        time_text: "Trong ngày".into(),
        submitted_at: "08 giờ 30 phút, ngày 30/11/2026".into(),
        received_at: "08 giờ 35 phút, ngày 30/11/2026".into(),
        due_at: "17 giờ 00 phút, ngày 30/11/2026".into(),
        lookup: Some(
            "https://motcua.example.vn/tra-cuu?ma=000.00.00.X01843-261130-0007&khoa=A1B2C3D4E5"
                .into(),
        ),
        lookup_key: "A1B2C-3D4E5".into(),
        ..Default::default()
    };
    let p = paper::receipt(
        &facts,
        Date::constant(2026, 11, 30),
        "Bộ phận Một cửa Phường Phùng Chí Kiên",
    );
    let docx = dir.path().join("giay-tiep-nhan.docx");
    std::fs::write(&docx, paper::docx(&p).unwrap()).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let out = Command::new(&soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    let pdf = dir.path().join("giay-tiep-nhan.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    // A5 is 419,53 × 595,28 pt; one page.
    let pages = info.lines().find(|l| l.starts_with("Pages:"));
    assert!(
        info.contains("Page size:       419.")
            && info.contains(" x 595.")
            && pages.is_some_and(|l| l.ends_with(" 1")),
        "{info}"
    );

    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    for part in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        // The national motto on one line beside the agency block.
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "000.00.00.X01843-261130-0007",
        "17 giờ 00 phút, ngày",
        "Phùng Chí Kiên, ngày 30 tháng 11 năm 2026",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ] {
        assert!(text.contains(part), "the receipt lacks «{part}»:\n{text}");
    }
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let images = String::from_utf8_lossy(&images.stdout).into_owned();
    assert_eq!(
        images.lines().count(),
        3,
        "one image, the QR code:\n{images}"
    );
    let artifacts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&pdf)
        .arg(artifacts.join("giay-tiep-nhan"))
        .status()
        .unwrap();
    assert!(png.success());
}

app_test!(
    the_resolution_pages_set_targets_and_open_the_figures,
    |app| {
        use reqwest::StatusCode;
        use serde_json::Value;
        let ward = seed_ward(&app.store).await;
        let s = app
            .signed_in(
                ward.id,
                "chuyenvien",
                "Nông Thị Hà",
                xaphuong_core::users::Role::SpecialistOfficer,
            )
            .await;
        let page = s.page("/resolutions?year=2021").await;
        assert!(
            page.contains("<a href=\"/violations?year=2021&#38;state=self_remedied\">49 / 53</a>"),
            "{page}"
        );
        assert!(page.contains("Nghị quyết số 18/NQ-HĐND") && page.contains("<svg class=\"bar\""));
        // A target that is not a number is refused, named, and nothing changes.
        let unit = ward.id.to_string();
        let res = s
            .post_form(
                "/resolutions",
                &[
                    ("unit", unit.as_str()),
                    ("year", "2023"),
                    ("number", "30/NQ-HĐND"),
                    ("target_thu-nsnn", "tám tỷ"),
                ],
            )
            .await;
        says(
            res,
            StatusCode::UNPROCESSABLE_ENTITY,
            "giá trị «tám tỷ» không hợp lệ",
        )
        .await;
        let res = s
            .post_form(
                "/resolutions",
                &[
                    ("unit", unit.as_str()),
                    ("year", "2023"),
                    ("number", "30/NQ-HĐND"),
                    ("target_thu-nsnn", "8.200.000.000"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        // The road of 2022 is counted from the public works, not typed in.
        let res = s
            .post_form(
                "/resolutions/values",
                &[
                    ("unit", unit.as_str()),
                    ("year", "2022"),
                    ("indicator", "be-tong-hoa-duong"),
                    ("value", "1"),
                    ("evidence", "Biên bản nghiệm thu ngày 20/12/2022"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        // A figure no register counts, entered with its evidence.
        let jobs = |evidence: &'static str| {
            [
                ("unit", unit.clone()),
                ("year", "2022".into()),
                ("indicator", "viec-lam".into()),
                ("value", "135".into()),
                ("evidence", evidence.into()),
            ]
        };
        fn form<'a>(f: &'a [(&'static str, String); 5]) -> [(&'static str, &'a str); 5] {
            f.each_ref().map(|(k, v)| (*k, v.as_str()))
        }
        let res = s.post_form("/resolutions/values", &form(&jobs(""))).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = s
            .post_form(
                "/resolutions/values",
                &form(&jobs("Báo cáo số 210/BC-UBND ngày 15/12/2022")),
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let report = format!("/api/v1/resolutions/report?unit={unit}&year=2022");
        let v: Value = s.get_json(&report).await;
        let road = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == "be-tong-hoa-duong")
            .unwrap();
        assert_eq!(
            (&road["actual"], &road["target"], &road["verdict"]),
            (&Value::from("1"), &Value::from("1"), &Value::from("met"))
        );
        assert_eq!(road["records"], "/works?accepted=2022&kind=road_concrete");
        // The catalogue through the API: the hand-entered indicator and
        // computed ones.
        let catalogue: Value = s.get_json("/api/v1/resolutions/indicators").await;
        let computed = |code: &str| {
            catalogue
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["code"] == code)
                .map(|i| i["computed"].clone())
        };
        assert_eq!(computed("viec-lam"), Some(Value::from(false)));
        assert_eq!(computed("be-tong-hoa-duong"), Some(Value::from(true)));
        assert_eq!(computed("thu-nsnn"), Some(Value::from(true)));
        let res = s.get("/resolutions/report.docx?year=2021").await;
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert_eq!(
            s.get("/resolutions/report.pdf").await.status(),
            StatusCode::NOT_FOUND
        );
        // The shared catalogue takes an indicator from a deployment
        // administrator only; its code must be new.
        let road = [
            ("code", "km-duong-be-tong"),
            ("name", "Km đường dân sinh được bê tông hóa"),
            ("field", "economy"),
            ("unit", "km"),
            ("direction", "at_least"),
            ("decimals", "1"),
        ];
        assert_eq!(
            s.post_form("/resolutions/indicators", &road).await.status(),
            StatusCode::FORBIDDEN
        );
        crate::helpers::add_user(
            &app.store,
            None,
            "quantri.tinh",
            "Hoàng Văn Thành",
            xaphuong_core::users::Role::Admin,
        )
        .await;
        let admin = app.login("quantri.tinh").await;
        assert_eq!(
            admin
                .post_form("/resolutions/indicators", &road)
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        let again = admin.post_form("/resolutions/indicators", &road).await;
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            again
                .text()
                .await
                .unwrap()
                .contains("Mã chỉ tiêu đã có trong danh mục")
        );
        assert!(
            app.store
                .indicators()
                .await
                .unwrap()
                .iter()
                .any(|i| i.code == "km-duong-be-tong")
        );
        // Every change is in the audit trail.
        for entity in [
            xaphuong_core::audit::Entity::Resolution,
            xaphuong_core::audit::Entity::Target,
            xaphuong_core::audit::Entity::IndicatorValue,
        ] {
            let f = xaphuong_store::audit::AuditFilter {
                entity: Some(entity),
                actor_id: None,
                ..Default::default()
            };
            let by_officer = app
                .store
                .audit_entries(&Scope::All, &f)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.actor_name == "chuyenvien")
                .count();
            assert_eq!(by_officer, 1, "{entity:?}");
        }
    }
);

app_test!(
    a_resolution_and_its_hand_entered_figures_go_through_the_api,
    |app| {
        use reqwest::{Method, StatusCode};
        use serde_json::{Value, json};
        let ward = seed_ward(&app.store).await;
        let s = app
            .signed_in(
                ward.id,
                "chuyenvien",
                "Nông Thị Hà",
                xaphuong_core::users::Role::SpecialistOfficer,
            )
            .await;
        // A target that is not a number, and an indicator not in the
        // catalogue, are each refused by their code; nothing is kept.
        let res = s
            .send_json(
                Method::PUT,
                "/api/v1/resolutions",
                &json!({"unit": ward.id, "year": 2024, "number": "41/NQ-HĐND",
                        "targets": {"thu-nsnn": "tám tỷ", "khong-co": "1"}}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = res.json().await.unwrap();
        let mut fields: Vec<&str> = e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, ["khong-co", "thu-nsnn"], "{e}");
        let none = s
            .get_json(&format!("/api/v1/resolutions?unit={}&year=2024", ward.id))
            .await;
        assert!(none["resolution"].is_null(), "{none}");
        let res = s
            .send_json(
                Method::PUT,
                "/api/v1/resolutions",
                &json!({"unit": ward.id, "year": 2024, "number": "41/NQ-HĐND",
                        "adopted_on": "2023-12-18",
                        "targets": {"thu-nsnn": "8.500.000.000", "ho-ngheo": "0,8",
                                    "viec-lam": "120"}}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let saved: Value = res.json().await.unwrap();
        assert_eq!(saved["resolution"]["number"], "41/NQ-HĐND", "{saved}");
        assert_eq!(saved["resolution"]["adopted_on"], "2023-12-18");
        let target = |v: &Value, code: &str| {
            v["targets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["indicator"] == code)
                .map(|t| t["value"].clone())
        };
        assert_eq!(
            target(&saved, "thu-nsnn"),
            Some(Value::from("8.500.000.000"))
        );
        assert_eq!(target(&saved, "ho-ngheo"), Some(Value::from("0,8")));
        // A figure no register counts needs its evidence; with it, it is
        // kept with who entered it, and the report counts it.
        let value = |evidence: &str| {
            json!({"unit": ward.id, "year": 2024, "indicator": "viec-lam",
                   "value": "126", "evidence": evidence})
        };
        let res = s
            .send_json(Method::PUT, "/api/v1/resolutions/values", &value(""))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["fields"][0]["field"], "evidence", "{e}");
        let res = s
            .send_json(
                Method::PUT,
                "/api/v1/resolutions/values",
                &value("Báo cáo số 198/BC-UBND ngày 15/11/2024"),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let year: Value = res.json().await.unwrap();
        assert_eq!(year["values"][0]["indicator"], "viec-lam", "{year}");
        assert_eq!(year["values"][0]["value"], "126");
        assert_eq!(
            year["values"][0]["evidence"],
            "Báo cáo số 198/BC-UBND ngày 15/11/2024"
        );
        assert_eq!(year["values"][0]["entered_by"], "chuyenvien");
        // A counted indicator takes no hand-entered figure.
        let mut counted = value("Báo cáo");
        counted["indicator"] = "thu-nsnn".into();
        let res = s
            .send_json(Method::PUT, "/api/v1/resolutions/values", &counted)
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let report = s
            .get_json(&format!(
                "/api/v1/resolutions/report?unit={}&year=2024",
                ward.id
            ))
            .await;
        let jobs = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == "viec-lam")
            .unwrap_or_else(|| panic!("{report}"));
        assert_eq!(
            (&jobs["actual"], &jobs["target"]),
            (&Value::from("126"), &Value::from("120"))
        );
        assert_eq!(jobs["verdict"], "exceeded");
        assert_eq!(report["resolution"], "41/NQ-HĐND");
        // A group head reads reports but does not keep resolutions.
        let head = app
            .signed_in(
                ward.id,
                "totruong",
                "Lò Văn Tổ",
                xaphuong_core::users::Role::GroupHead,
            )
            .await;
        let res = head
            .send_json(Method::PUT, "/api/v1/resolutions/values", &value("x"))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        // The shared catalogue takes an indicator from the deployment's
        // administrator alone, once per code.
        let road = json!({"code": "km-duong-be-tong", "name": "Km đường dân sinh được bê tông hóa",
                          "field": "economy", "unit": "km", "direction": "at_least", "decimals": "1"});
        let res = s
            .send_json(Method::POST, "/api/v1/resolutions/indicators", &road)
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        crate::helpers::add_user(
            &app.store,
            None,
            "quantri.tinh",
            "Hoàng Văn Thành",
            xaphuong_core::users::Role::Admin,
        )
        .await;
        let admin = app.login("quantri.tinh").await;
        let res = admin
            .send_json(Method::POST, "/api/v1/resolutions/indicators", &road)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let made: Value = res.json().await.unwrap();
        assert_eq!(
            (&made["decimals"], &made["computed"]),
            (&Value::from(1), &Value::from(false))
        );
        let res = admin
            .send_json(Method::POST, "/api/v1/resolutions/indicators", &road)
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let mut bad = road.clone();
        bad["code"] = "khac".into();
        bad["direction"] = "up".into();
        let res = admin
            .send_json(Method::POST, "/api/v1/resolutions/indicators", &bad)
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["fields"][0]["field"], "direction", "{e}");
    }
);

app_test!(a_year_with_nothing_recorded_says_so, |app| {
    // The seed ward keeps 2021; in 2023 there is no estimate, no case, no
    // household review: the report says what is missing, not "0 đ/0 đ,
    // bằng 0,0%", "Không đồng" or "00".
    let ward = seed_ward(&app.store).await;
    let s = app
        .signed_in(
            ward.id,
            "pho.chutich",
            "Nông Thị Hạnh",
            xaphuong_core::users::Role::Leader,
        )
        .await;
    let md = s
        .page(&format!(
            "/resolutions/report.md?unit={}&year=2023",
            ward.id
        ))
        .await;
    assert!(
        md.contains("Thu ngân sách Nhà nước trên địa bàn: chưa có dự toán thu ngân sách trong sổ"),
        "{md}"
    );
    assert!(md.contains("chưa có vụ vi phạm nào trong sổ"), "{md}");
    assert!(
        md.contains("theo chuẩn đa chiều: chưa có kết quả rà soát hộ nghèo của năm trong sổ hộ"),
        "{md}"
    );
    for wrong in ["0 đ/0 đ", "0,0%", "Không đồng", ": 00 ", "0/0"] {
        assert!(!md.contains(wrong), "«{wrong}» in {md}");
    }
    // The 2021 report still reads as the seed.
    let md = s
        .page(&format!(
            "/resolutions/report.md?unit={}&year=2021",
            ward.id
        ))
        .await;
    assert!(
        md.contains("đạt 8.061.000.000 đ/7.420.000.000 đ, bằng 108,6% kế hoạch"),
        "{md}"
    );
});
