//! The resolution report computed from the demo's records: the seed
//! article's figures, in its notation, and a change to a record shows at once.

use std::process::Command;

use jiff::civil::Date;
use xaphuong::demo::{WARD_CODE, seed};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::registers::violations::{Event, State, Step};
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::violations::ViolationFilter;

use crate::app_test;

const SIGNED: Date = Date::constant(2022, 1, 10);

app_test!(the_seed_report_is_computed_from_the_records, |app| {
    let store = &app.store;
    seed(store).await.unwrap();
    let ward = store.unit_by_code(&Scope::All, WARD_CODE).await.unwrap();
    let year_end = Date::constant(2021, 12, 31);
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
    // The HTML opens each figure down to its records.
    let html = String::from_utf8(render(&report, Format::Html, SIGNED).unwrap()).unwrap();
    assert!(
        html.contains("<a href=\"/violations?year=2021&amp;state=self_remedied\">49</a>/<a href=\"/violations?year=2021\">53</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/handovers?year=2021\">01</a>"));
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
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không có đơn vị mã 99999"));
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
