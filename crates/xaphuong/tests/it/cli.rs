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
            13
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
