//! The command line, run as a person would run it.

use std::process::{Command, Output, Stdio};

use xaphuong_core::access::Scope;
use xaphuong_store::Store;
use xaphuong_store::units::UnitFilter;
use xaphuong_store::users::UserFilter;

fn xaphuong(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xaphuong"))
        .args(args)
        .env("XAPHUONG_DATABASE_URL", db)
        .stdin(Stdio::null())
        .output()
        .expect("run xaphuong")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn unknown_database_scheme_is_refused_with_exit_2() {
    let out = xaphuong("mysql://root@localhost/x", &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("không được hỗ trợ") && err.contains("sqlite://"),
        "{err}"
    );
}

#[tokio::test]
async fn first_admin_demo_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let out = xaphuong(
        &db,
        &[
            "user",
            "add",
            "--username",
            "QuanTri",
            "--full-name",
            "Hoàng Văn Thành",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Đã tạo tài khoản quantri (Quản trị)") && said.contains("Mật khẩu: "),
        "{said}"
    );
    let again = xaphuong(
        &db,
        &["user", "add", "--username", "quantri", "--full-name", "X"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("đã có người dùng"));
    let bad_role = xaphuong(
        &db,
        &[
            "user",
            "add",
            "--username",
            "x",
            "--full-name",
            "X",
            "--role",
            "chu_tich",
        ],
    );
    assert_eq!(bad_role.status.code(), Some(2));
    // The demo fills only an empty database.
    let demo = xaphuong(&db, &["demo"]);
    assert_eq!(demo.status.code(), Some(2));
    assert!(text(&demo.stderr).contains("cơ sở dữ liệu trống"));

    let demo_db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let demo = xaphuong(&demo_db, &["demo"]);
    assert_eq!(demo.status.code(), Some(0), "{}", text(&demo.stderr));
    assert!(text(&demo.stdout).contains("lanhdao    / lanhdao@01843"));
    // Running it again leaves the data alone and prints the accounts again.
    let demo = xaphuong(&demo_db, &["demo"]);
    assert!(text(&demo.stdout).contains("Dữ liệu mẫu đã có sẵn"));
    let backup = dir.path().join("sao-luu.db");
    let out = xaphuong(&demo_db, &["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let again = xaphuong(&demo_db, &["backup", "--out", backup.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    // The copy holds every record of the original.
    let original = Store::open(&demo_db).await.unwrap();
    let copy = Store::open(&format!("sqlite://{}", backup.display()))
        .await
        .unwrap();
    for s in [&original, &copy] {
        assert_eq!(
            s.units(&Scope::All, &UnitFilter::default())
                .await
                .unwrap()
                .total,
            // The seven wards of Thành phố Bắc Kạn and their groups before
            // 1 July 2025, the two provinces, and Phường Bắc Kạn.
            36
        );
        assert_eq!(
            s.users(&Scope::All, &UserFilter::default())
                .await
                .unwrap()
                .total,
            5
        );
    }
    assert_eq!(
        original
            .units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .items,
        copy.units(&Scope::All, &UnitFilter::default())
            .await
            .unwrap()
            .items
    );
}

fn calendar(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xaphuong"))
        .arg("calendar")
        .args(args)
        .env_remove("XAPHUONG_DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("run xaphuong");
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn calendar_lunar_and_solar_in_the_documented_form() {
    let (code, out, _) = calendar(&["lunar", "2026-02-17", "2007-02-17"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "{\"date\":\"2026-02-17\",\"lunar_day\":1,\"lunar_month\":1,\"lunar_year\":2026,\"leap\":false,\"year_name\":\"Bính Ngọ\"}\n\
         {\"date\":\"2007-02-17\",\"lunar_day\":1,\"lunar_month\":1,\"lunar_year\":2007,\"leap\":false,\"year_name\":\"Đinh Hợi\"}\n"
    );
    assert_eq!(
        calendar(&["solar", "2026", "3", "10"]).1,
        "{\"date\":\"2026-04-26\"}\n"
    );
    assert_eq!(
        calendar(&["solar", "2025", "6", "1", "--leap"]).1,
        "{\"date\":\"2025-07-25\"}\n"
    );
    for bad in [
        &["solar", "2025", "12", "30"][..],
        &["solar", "2024", "6", "1", "--leap"],
        &["solar", "1899", "1", "1"],
        &["solar", "2026", "13", "1"],
    ] {
        let (code, out, err) = calendar(bad);
        assert_eq!(code, Some(2), "{bad:?}");
        assert!(out.is_empty() && err.starts_with("Lỗi: "), "{bad:?}: {err}");
    }
}

/// calendar.md §3, the days off derived from the official table.
#[test]
fn calendar_days_off_lists_the_official_schedules() {
    let listed = |year: &str| -> Vec<(String, String)> {
        let (code, out, err) = calendar(&["days-off", year]);
        assert_eq!(code, Some(0), "{err}");
        out.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                assert!(!v["name"].as_str().unwrap().is_empty());
                (
                    v["date"].as_str().unwrap().to_owned(),
                    v["kind"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let off = |l: &[(String, String)]| {
        l.iter()
            .filter(|(_, k)| k != "makeup_workday")
            .map(|(d, _)| d[5..].to_owned())
            .collect::<Vec<_>>()
    };
    let worked = |l: &[(String, String)]| {
        l.iter()
            .filter(|(_, k)| k == "makeup_workday")
            .map(|(d, _)| d[5..].to_owned())
            .collect::<Vec<_>>()
    };
    let y = listed("2024");
    assert_eq!(
        off(&y),
        [
            "01-01", "02-08", "02-09", "02-12", "02-13", "02-14", "04-18", "04-29", "04-30",
            "05-01", "09-02", "09-03"
        ]
    );
    assert_eq!(worked(&y), ["05-04"]);
    let y = listed("2025");
    assert_eq!(
        off(&y),
        [
            "01-01", "01-27", "01-28", "01-29", "01-30", "01-31", "04-07", "04-30", "05-01",
            "05-02", "09-01", "09-02"
        ]
    );
    assert_eq!(worked(&y), ["04-26"]);
    let y = listed("2026");
    assert_eq!(
        off(&y),
        [
            "01-01", "01-02", "02-16", "02-17", "02-18", "02-19", "02-20", "04-27", "04-30",
            "05-01", "08-31", "09-01", "09-02", "11-24"
        ]
    );
    assert_eq!(worked(&y), ["01-10", "08-22"]);
    let kinds: Vec<&str> = y.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "swapped").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "compensatory").count(), 1);
    let (code, _, err) = calendar(&["days-off", "2101"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("1900 đến 2100"));
}

#[test]
fn calendar_deadlines_and_workdays() {
    let due = |args: &[&str]| {
        let mut all = vec!["deadline"];
        all.extend_from_slice(args);
        let (code, out, err) = calendar(&all);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        out
    };
    assert_eq!(
        due(&["--received", "2019-11-20T08:37", "--days", "25"]),
        "{\"due\":\"2019-12-25T08:37\"}\n"
    );
    assert_eq!(
        due(&["--received", "2026-10-09T18:00", "--days", "1"]),
        "{\"due\":\"2026-10-12T17:00\"}\n"
    );
    assert_eq!(
        due(&["--received", "2026-01-08T10:00", "--days", "2"]),
        "{\"due\":\"2026-01-10T10:00\"}\n"
    );
    assert_eq!(
        due(&["--received", "2026-10-07T10:00", "--hours", "2"]),
        "{\"due\":\"2026-10-07T14:00\"}\n"
    );
    assert_eq!(
        due(&["--received", "2026-10-07T15:30", "--same-day"]),
        "{\"due\":\"2026-10-08T17:00\"}\n"
    );
    assert_eq!(
        due(&[
            "--received",
            "2026-10-07T15:30",
            "--same-day",
            "--cutoff",
            "16:00"
        ]),
        "{\"due\":\"2026-10-07T17:00\"}\n"
    );
    assert_eq!(
        calendar(&["workdays", "2026-01-01", "2026-01-31"]).1,
        "{\"workdays\":21}\n"
    );
    for bad in [
        &["deadline", "--received", "2026-10-07T10:00", "--days", "-3"][..],
        &["deadline", "--received", "2026-10-07T10:00", "--days", "0"],
        &["deadline", "--received", "2026-10-07", "--days", "1"],
        &["deadline", "--received", "2026-10-07T25:00", "--days", "1"],
        &[
            "deadline",
            "--received",
            "2026-10-07T10:00",
            "--same-day",
            "--cutoff",
            "3pm",
        ],
        &["deadline", "--received", "2026-10-07T10:00"],
        &["workdays", "2026-02-01", "2026-01-01"],
        &["workdays", "2026-02-30", "2026-03-01"],
        &["lunar", "2026-13-01"],
        &["lunar", "2101-01-01"],
    ] {
        let (code, out, err) = calendar(bad);
        assert_eq!(code, Some(2), "{bad:?}");
        assert!(out.is_empty(), "{bad:?}");
        assert!(err.starts_with("Lỗi"), "{bad:?}: {err}");
    }
}

#[test]
fn calendar_with_a_database_uses_its_edited_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lich.db").display());
    assert_eq!(xaphuong(&db, &["demo"]).status.code(), Some(0));
    let run = |args: &[&str]| {
        let mut all = vec!["calendar"];
        all.extend_from_slice(args);
        let out = xaphuong(&db, &all);
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let (code, _, err) = run(&[
        "set-day",
        "--date",
        "2026-12-31",
        "--kind",
        "swapped",
        "--name",
        "Nghỉ hoán đổi cuối năm",
        "--document",
        "TB 1/TB-BNV",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["delete-day", "--date", "2026-11-24"]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, _) = run(&["days-off", "2026"]);
    assert!(out.contains("\"2026-12-31\",\"kind\":\"swapped\""), "{out}");
    assert!(!out.contains("2026-11-24"));
    // The ward's own festival applies to the ward only.
    let (code, _, err) = run(&[
        "--unit",
        "01843",
        "set-day",
        "--date",
        "2026-03-05",
        "--kind",
        "holiday",
        "--name",
        "Lễ hội Lồng tồng",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        run(&["--unit", "01843", "days-off", "2026"])
            .1
            .contains("Lễ hội Lồng tồng")
    );
    assert!(!run(&["days-off", "2026"]).1.contains("Lễ hội Lồng tồng"));
    assert_eq!(
        run(&[
            "--unit",
            "01843",
            "deadline",
            "--received",
            "2026-03-04T09:00",
            "--days",
            "1"
        ])
        .1,
        "{\"due\":\"2026-03-06T09:00\"}\n"
    );
    assert_eq!(
        run(&["deadline", "--received", "2026-03-04T09:00", "--days", "1"]).1,
        "{\"due\":\"2026-03-05T09:00\"}\n"
    );
    // Bad input changes nothing and exits 2.
    let (code, _, err) = run(&[
        "set-day",
        "--date",
        "2026-02-30",
        "--kind",
        "nghi",
        "--name",
        "",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("Ngày không hợp lệ") && err.contains("Loại ngày") && err.contains("Tên ngày"),
        "{err}"
    );
    assert_eq!(run(&["--unit", "99999", "days-off", "2026"]).0, Some(2));
    // The edits are in the audit trail.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(Store::open(&db)).unwrap();
    let f = xaphuong_store::audit::AuditFilter {
        entity: Some(xaphuong_core::audit::Entity::CalendarDay),
        limit: Some(1000),
        ..Default::default()
    };
    let entries = rt.block_on(store.audit_entries(&Scope::All, &f)).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "delete" && e.actor_name.contains("dòng lệnh"))
    );
}

#[test]
fn a_new_poverty_standard_is_a_data_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("chuan.db").display());
    // The shipped standards, in the file format a new decree is written in.
    let list = xaphuong(&db, &["standards", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    let shipped = text(&list.stdout);
    assert!(shipped.contains("[nd07-2021]") && shipped.contains("[nd351-2025]"));
    // A standard for 2031–2035, made from the 2027–2030 one.
    let start = shipped.find("[nd351-2025]").unwrap();
    let next = shipped[start..]
        .replace("[nd351-2025]", "[nd-2031]")
        .replace("years: 2027-2030", "years: 2031-2035")
        .replace("2.800.000", "3.100.000");
    let file = dir.path().join("chuan-2031.txt");
    std::fs::write(&file, &next).unwrap();
    let add = xaphuong(&db, &["standards", "add", "--file", file.to_str().unwrap()]);
    assert_eq!(add.status.code(), Some(0), "{}", text(&add.stderr));
    let list = text(&xaphuong(&db, &["standards", "list"]).stdout);
    assert!(
        list.contains("[nd-2031]") && list.contains("3.100.000"),
        "{list}"
    );
    // One whose years overlap a standard in force is refused, exit code 2.
    let overlap = next
        .replace("[nd-2031]", "[nd-khac]")
        .replace("years: 2031-2035", "years: 2030-2032");
    std::fs::write(&file, overlap).unwrap();
    let bad = xaphuong(&db, &["standards", "add", "--file", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("chồng lấn"),
        "{}",
        text(&bad.stderr)
    );
    // A file far larger than any standard is refused before it is read.
    std::fs::write(&file, vec![b'x'; 65 * 1024]).unwrap();
    let big = xaphuong(&db, &["standards", "add", "--file", file.to_str().unwrap()]);
    assert_eq!(big.status.code(), Some(2));
    assert!(
        text(&big.stderr).contains("lớn hơn 64 KB"),
        "{}",
        text(&big.stderr)
    );
}

#[test]
fn a_ward_goes_out_as_a_bundle_and_comes_in_once() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = format!("sqlite://{}", dir.path().join("laptop.db").display());
    let server = format!("sqlite://{}", dir.path().join("server.db").display());
    assert_eq!(xaphuong(&laptop, &["demo"]).status.code(), Some(0));
    let bundle = dir.path().join("bac-kan.zip");
    let bundle = bundle.to_str().unwrap();
    let out = xaphuong(
        &laptop,
        &["commune", "export", "--unit", "01843", "--out", bundle],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Đã xuất Phường Bắc Kạn (01843)") && said.contains("Hộ gia đình: 1500"),
        "{said}"
    );
    // A former ward is named by its code on a day it held it.
    let out = xaphuong(
        &laptop,
        &[
            "commune",
            "export",
            "--unit",
            "01837",
            "--out",
            dir.path().join("song-cau.zip").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Không có đơn vị hiện nay mang mã 01837"));
    let out = xaphuong(&server, &["commune", "import", bundle]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Tạo đơn vị cấp trên: Tỉnh Thái Nguyên (19)")
            && said.contains("Hộ gia đình: 1500 mới, 0 đã có")
            && said.contains("Đã nhập Phường Bắc Kạn (01843)"),
        "{said}"
    );
    let out = xaphuong(&server, &["commune", "import", bundle]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("đã được nhập trước đó: không có gì thay đổi"));
    // The report of the moved ward is the report it had.
    let report = |db: &str| {
        let out = xaphuong(
            db,
            &["report", "resolution", "--unit", "01843", "--year", "2025"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(report(&server), report(&laptop));
    let out = xaphuong(&server, &["commune", "import", "khong-co.zip"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("không mở được khong-co.zip"));
}
