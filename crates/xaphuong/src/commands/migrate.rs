//! `xaphuong migrate`: brings the database's structure up to date (opening
//! it does).

use xaphuong_store::Store;

use super::Failure;

pub(crate) async fn run(database: &str) -> Result<(), Failure> {
    Store::open(database).await?;
    println!("Cơ sở dữ liệu đã ở phiên bản mới nhất.");
    Ok(())
}
