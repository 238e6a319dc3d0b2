//! `xaphuong standards …`: the poverty standards, a data file per decree.

use std::path::Path;

use xaphuong_core::audit::Actor;
use xaphuong_store::Store;

use super::Failure;

/// The largest poverty-standards file read.
const STANDARDS_FILE_LIMIT: u64 = 64 * 1024;

pub(crate) async fn list(store: &Store) -> Result<(), Failure> {
    let all = store.poverty_standards().await?;
    print!(
        "{}",
        xaphuong_core::households::poverty::format_standards(&all)
    );
    Ok(())
}

pub(crate) async fn add(store: &Store, file: &Path) -> Result<(), Failure> {
    let unreadable =
        |e: std::io::Error| Failure::Input(format!("Không đọc được tệp {}: {e}", file.display()));
    // A standards file is a few lines; its size is checked
    // before it is read.
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > STANDARDS_FILE_LIMIT {
        return Err(Failure::Input(format!(
            "Tệp {} lớn hơn {} KB: tệp chuẩn nghèo chỉ vài dòng",
            file.display(),
            STANDARDS_FILE_LIMIT / 1024
        )));
    }
    let body = std::fs::read_to_string(file).map_err(unreadable)?;
    let added = store
        .add_poverty_standards(&Actor::system("dòng lệnh"), &body)
        .await?;
    println!("Đã thêm chuẩn nghèo: {}", added.join(", "));
    Ok(())
}
