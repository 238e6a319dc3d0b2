//! `xaphuong backup --out FILE`: a consistent copy of a running SQLite
//! database.

use std::path::Path;

use xaphuong_store::Store;

use super::Failure;

pub(crate) async fn run(store: &Store, out: &Path) -> Result<(), Failure> {
    store.backup_to(out).await?;
    println!("Đã sao lưu vào {}", out.display());
    Ok(())
}
