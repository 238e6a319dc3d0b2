//! A commune's records moved as one bundle: a ward from SQLite to another
//! deployment, four wards' laptops into one server. The reports after are
//! the reports before; a second import changes nothing; a tampered or
//! colliding bundle changes nothing and says why.

use std::io::{Read, Write};
use std::path::Path;

use jiff::civil::{Date, date};
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::onestop::lifecycle::Channel;
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::Store;
use xaphuong_store::testing::{execute, scalar};
use xaphuong_store::units::Unit;

use crate::app_test;
use crate::helpers::*;

const SIGNED: Date = Date::constant(2026, 1, 10);

fn officer() -> Actor {
    Actor::system("kiểm thử")
}

/// What the reports of `unit` say for `year` as of `as_of`: the
/// resolution report, Biểu 06 and the household figures.
async fn reports(store: &Store, unit: &Unit, year: i16, as_of: Date) -> String {
    let report = store
        .resolution_report(&Scope::All, unit.id, year, as_of)
        .await
        .unwrap();
    let md = String::from_utf8(render(&report, Format::Md, SIGNED).unwrap()).unwrap();
    let stats = store
        .dossier_stats(&unit.scope(), date(year, 1, 1), as_of, &Default::default())
        .await
        .unwrap();
    let households = store.household_counts(&unit.scope(), year).await.unwrap();
    format!("{md}\n{stats:?}\n{households:?}")
}

/// Fails on the first line where two sets of reports differ.
fn same(after: &[String], before: &[String]) {
    assert_eq!(after.len(), before.len());
    for (a, b) in after.iter().zip(before) {
        for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
            assert_eq!(x, y, "line {}", i + 1);
        }
        assert_eq!(a.lines().count(), b.lines().count());
    }
}

/// A laptop as the ward ran it: the demo, with the catalogues `serve`
/// keeps in every deployment.
async fn laptop() -> xaphuong_store::testing::TestDb {
    let db = xaphuong_store::testing::sqlite().await;
    xaphuong::demo::seed(&db.store).await.unwrap();
    catalogues(&db.store).await;
    db
}

/// The catalogues every running deployment keeps (`serve` and `report`
/// make sure of them).
async fn catalogues(store: &Store) {
    store.ensure_indicator_catalogue(&officer()).await.unwrap();
    store.ensure_procedure_catalogue(&officer()).await.unwrap();
}

/// How many rows each table a bundle carries holds here.
async fn rows(store: &Store) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for t in xaphuong_store::bundles::table_names() {
        let n = scalar(store, &format!("SELECT COUNT(*) FROM {t}"))
            .await
            .unwrap();
        out.push((t, n));
    }
    out
}

/// A copy of the bundle at `from` with `entry` changed by `change`.
fn rewrite(from: &Path, to: &Path, entry: &str, change: impl Fn(&mut Vec<u8>)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == entry {
            change(&mut bytes);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

app_test!(
    a_ward_moves_to_another_deployment_with_the_same_reports,
    |app| {
        let laptop = laptop().await;
        let source = &laptop.store;
        let ward = source
            .unit_by_code(&Scope::All, "01843", None)
            .await
            .unwrap();
        // A paper of a dossier and a photo of a case travel with their bytes.
        let procedure = source.procedures(None).await.unwrap()[0].id;
        let counter = Channel::Counter;
        let pdf = b"%PDF-1.4\n%giay to\n".to_vec();
        let dossier = source
            .submit_dossier(
                &officer(),
                &Scope::All,
                &xaphuong_store::onestop::Filing {
                    commune_id: ward.id,
                    procedure_id: procedure,
                    channel: counter,
                    return_channel: counter,
                    applicant: xaphuong_store::onestop::ApplicantInput {
                        applicant: "Lường Thị Mai".into(),
                        ..Default::default()
                    },
                    files: vec![("don.pdf".into(), pdf.clone())],
                },
                date(2026, 3, 2).at(9, 0, 0, 0),
                &source.dossier_code_pattern(&ward).await.unwrap(),
                None,
            )
            .await
            .unwrap();
        let case = source
            .violations(&ward.scope(), &Default::default())
            .await
            .unwrap()
            .items[0]
            .clone();
        let photo = b"\x89PNG\r\n\x1a\nanh hien truong".to_vec();
        source
            .attach_to_violation(&officer(), &Scope::All, case.id, "hien-truong.png", &photo)
            .await
            .unwrap();
        let then = date(2021, 12, 31);
        let seed_ward = source
            .unit_by_code(&Scope::All, "01843", Some(then))
            .await
            .unwrap();
        let periods = [(2026, date(2026, 6, 30)), (2025, date(2025, 12, 31))];
        let mut before = Vec::new();
        for (year, as_of) in periods {
            before.push(reports(source, &ward, year, as_of).await);
        }
        before.push(reports(source, &seed_ward, 2021, then).await);
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("phuong-bac-kan.zip");
        let exported = source
            .export_commune(&Scope::All, ward.id, &bundle)
            .await
            .unwrap();
        // The paper, the case's photo and the demo report's photo.
        assert_eq!(exported.files, 3);
        // A bundle is never written over.
        let again = source
            .export_commune(&Scope::All, ward.id, &bundle)
            .await
            .unwrap_err();
        assert!(again.to_string().contains("đã tồn tại"), "{again}");

        let store = &app.store;
        catalogues(store).await;
        let summary = store
            .import_commune(&officer(), &bundle, None)
            .await
            .unwrap();
        let dossiers = summary
            .tables
            .iter()
            .find(|t| t.table == "dossiers")
            .unwrap();
        let in_source = scalar(source, "SELECT COUNT(*) FROM dossiers")
            .await
            .unwrap();
        assert_eq!(dossiers.added as i64, in_source);
        assert_eq!(
            summary.created_units,
            [
                "Tỉnh Thái Nguyên (19)",
                "Tỉnh Bắc Kạn (06)",
                "Thành phố Bắc Kạn (058)"
            ]
        );
        let moved = store
            .unit_by_code(&Scope::All, "01843", None)
            .await
            .unwrap();
        assert_eq!(moved.id, ward.id);
        let seed_moved = store
            .unit_by_code(&Scope::All, "01843", Some(then))
            .await
            .unwrap();
        let mut after = Vec::new();
        for (year, as_of) in periods {
            after.push(reports(store, &moved, year, as_of).await);
        }
        after.push(reports(store, &seed_moved, 2021, then).await);
        same(&after, &before);
        assert!(after[2].contains("tự tháo dỡ: 49/53 hộ, bằng 92,45%"));
        let (_, bytes) = store
            .dossier_file(
                &Scope::All,
                dossier.id,
                store.dossier_files(&Scope::All, dossier.id).await.unwrap()[0].id,
            )
            .await
            .unwrap();
        assert_eq!(bytes, pdf);
        let attachment = store
            .violation_attachments(&Scope::All, case.id)
            .await
            .unwrap()[0]
            .id;
        let (_, bytes) = store
            .violation_attachment(&Scope::All, case.id, attachment)
            .await
            .unwrap();
        assert_eq!(bytes, photo);
        // The import is in the audit trail, with what it loaded.
        assert_eq!(
            history(app, Entity::Bundle, summary.bundle).await,
            ["insert"]
        );

        // Twice is once: nothing is written, not even an audit entry.
        let counted = rows(store).await;
        let twice = store
            .import_commune(&officer(), &bundle, None)
            .await
            .unwrap();
        assert_eq!(twice.added(), 0);
        assert_eq!(rows(store).await, counted);

        // A byte changed in the archive: refused before anything is written.
        let tampered = dir.path().join("sua.zip");
        rewrite(&bundle, &tampered, "tables/violations.jsonl", |b| {
            let at = b.iter().position(|c| *c == b'4').unwrap();
            b[at] = b'5';
        });
        let err = store
            .import_commune(&officer(), &tampered, None)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("tables/violations.jsonl") && err.contains("SHA-256"),
            "{err}"
        );
        assert_eq!(rows(store).await, counted);

        // The laptop went on after the move: the same case now says something
        // else, and a new dossier was filed. The new bundle collides.
        // (The laptop is SQLite: ids are 16-byte blobs.)
        let changed = execute(
            source,
            &format!(
                "UPDATE violations SET offender = 'Hộ ông Triệu Văn Sinh' WHERE id = X'{}'",
                case.id.simple()
            ),
        )
        .await
        .unwrap();
        assert_eq!(changed, 1);
        let later = dir.path().join("sau.zip");
        source
            .export_commune(&Scope::All, ward.id, &later)
            .await
            .unwrap();
        let err = store
            .import_commune(&officer(), &later, None)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("Vụ vi phạm trật tự xây dựng")
                && err.contains(&case.id.to_string())
                && err.contains("nội dung khác"),
            "{err}"
        );
        assert_eq!(rows(store).await, counted);
        laptop.cleanup().await;
    }
);

app_test!(four_wards_laptops_become_one_server, |app| {
    // Before 1 July 2025 each of the four wards kept its own laptop.
    let wards = [
        ("01843", "Phường Phùng Chí Kiên"),
        ("01837", "Phường Sông Cầu"),
        ("01852", "Xã Nông Thượng"),
        ("01855", "Phường Xuất Hóa"),
    ];
    let day = date(2025, 6, 30);
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    let mut bundles = Vec::new();
    for (code, name) in wards {
        let laptop = laptop().await;
        let ward = laptop
            .store
            .unit_by_code(&Scope::All, code, Some(day))
            .await
            .unwrap();
        assert_eq!(ward.name, name);
        let mut said = vec![reports(&laptop.store, &ward, 2025, day).await];
        if code == "01843" {
            said.push(reports(&laptop.store, &ward, 2021, date(2021, 12, 31)).await);
        }
        expected.push(said);
        let file = dir.path().join(format!("{code}.zip"));
        laptop
            .store
            .export_commune(&Scope::All, ward.id, &file)
            .await
            .unwrap();
        bundles.push(file);
        laptop.cleanup().await;
    }
    let store = &app.store;
    catalogues(store).await;
    let mut created = Vec::new();
    let mut matched = 0;
    for file in &bundles {
        let s = store.import_commune(&officer(), file, None).await.unwrap();
        created.extend(s.created_units);
        matched += s.matched_catalogue;
    }
    // The superiors were made once, from the first laptop; the others'
    // were found by their codes, and so were their catalogues' entries.
    assert_eq!(created.len(), 4, "{created:?}");
    assert!(matched > 0);
    for ((code, _), said) in wards.iter().zip(&expected) {
        let ward = store
            .unit_by_code(&Scope::All, code, Some(day))
            .await
            .unwrap();
        let mut now = vec![reports(store, &ward, 2025, day).await];
        if *code == "01843" {
            now.push(reports(store, &ward, 2021, date(2021, 12, 31)).await);
        }
        same(&now, said);
    }
    // The four wards hang under one Phường Bắc Kạn, whose 2025 sums theirs.
    let bac_kan = store
        .unit_by_code(&Scope::All, "01843", None)
        .await
        .unwrap();
    assert_eq!(bac_kan.name, "Phường Bắc Kạn");
    for (code, _) in wards {
        let w = store
            .unit_by_code(&Scope::All, code, Some(day))
            .await
            .unwrap();
        assert!(w.path.starts_with(&bac_kan.path), "{code}");
    }
    let counted = rows(store).await;
    for file in &bundles {
        let s = store.import_commune(&officer(), file, None).await.unwrap();
        assert_eq!(s.added(), 0);
    }
    assert_eq!(rows(store).await, counted);
});

app_test!(an_account_name_taken_here_refuses_the_whole_bundle, |app| {
    let laptop = laptop().await;
    let ward = laptop
        .store
        .unit_by_code(&Scope::All, "01843", None)
        .await
        .unwrap();
    let file = tempfile::tempdir().unwrap();
    let bundle = file.path().join("bk.zip");
    laptop
        .store
        .export_commune(&Scope::All, ward.id, &bundle)
        .await
        .unwrap();
    let taken: String = {
        let users = laptop
            .store
            .users(&ward.scope(), &Default::default())
            .await
            .unwrap();
        users.items[0].username.clone()
    };
    add_user(
        &app.store,
        None,
        &taken,
        "Người khác",
        xaphuong_core::users::Role::Admin,
    )
    .await;
    let units = app.unit_total().await;
    let err = app
        .store
        .import_commune(&officer(), &bundle, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("tên đăng nhập «{taken}» đã có")),
        "{err}"
    );
    assert_eq!(app.unit_total().await, units);
    // Not a bundle at all: said so.
    let junk = file.path().join("junk.zip");
    std::fs::write(&junk, b"not a zip").unwrap();
    let err = app
        .store
        .import_commune(&officer(), &junk, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("không phải gói dữ liệu xã, phường"), "{err}");
    // A bundle of a later format: refused by name, before anything else.
    let later = file.path().join("v2.zip");
    rewrite(&bundle, &later, "manifest.json", |b| {
        let text = String::from_utf8(b.clone()).unwrap();
        *b = text
            .replace("\"version\": 1,", "\"version\": 2,")
            .into_bytes();
    });
    let err = app
        .store
        .import_commune(&officer(), &later, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("gói theo định dạng phiên bản 2"), "{err}");
    laptop.cleanup().await;
});

app_test!(
    a_ward_leaves_either_database_and_comes_back_unchanged,
    |app| {
        // The server's ward goes to a laptop, and its bundle, loaded back
        // where it came from, finds every row already there.
        let store = &app.store;
        let ward = demo_ward(store).await;
        catalogues(store).await;
        let then = date(2021, 12, 31);
        let seed_ward = store
            .unit_by_code(&Scope::All, "01843", Some(then))
            .await
            .unwrap();
        let before = vec![
            reports(store, &ward, 2026, date(2026, 6, 30)).await,
            reports(store, &seed_ward, 2021, then).await,
        ];
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("bk.zip");
        store
            .export_commune(&Scope::All, ward.id, &bundle)
            .await
            .unwrap();
        let laptop = xaphuong_store::testing::sqlite().await;
        catalogues(&laptop.store).await;
        laptop
            .store
            .import_commune(&officer(), &bundle, None)
            .await
            .unwrap();
        let moved = laptop
            .store
            .unit_by_code(&Scope::All, "01843", None)
            .await
            .unwrap();
        let seed_moved = laptop
            .store
            .unit_by_code(&Scope::All, "01843", Some(then))
            .await
            .unwrap();
        let after = vec![
            reports(&laptop.store, &moved, 2026, date(2026, 6, 30)).await,
            reports(&laptop.store, &seed_moved, 2021, then).await,
        ];
        same(&after, &before);
        let counted = rows(store).await;
        let home = store
            .import_commune(&officer(), &bundle, None)
            .await
            .unwrap();
        assert_eq!(home.added(), 0);
        assert_eq!(rows(store).await, counted);
        laptop.cleanup().await;
    }
);
