//! `xaphuong commune export|import`: a commune's records as one bundle,
//! to move a ward from its laptop to the province's server or from SQLite
//! to PostgreSQL.

use std::path::Path;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;

use super::{Failure, unit_at};

pub(crate) async fn export(
    store: &Store,
    code: &str,
    as_of: Option<&str>,
    out: &Path,
) -> Result<(), Failure> {
    let unit = unit_at(store, code, as_of).await?;
    let summary = store.export_commune(&Scope::All, unit.id, out).await?;
    let rows: u64 = summary.tables.iter().map(|(_, n)| n).sum();
    for (label, n) in summary.tables.iter().filter(|(_, n)| *n > 0) {
        println!("  {label}: {n}");
    }
    println!(
        "Đã xuất {}: {rows} bản ghi, {} tệp đính kèm, {} byte dữ liệu vào {}",
        summary.commune,
        summary.files,
        summary.bytes,
        out.display()
    );
    Ok(())
}

pub(crate) async fn import(
    store: &Store,
    file: &Path,
    parent: Option<&str>,
) -> Result<(), Failure> {
    let parent = match parent {
        Some(code) => Some(unit_at(store, code, None).await?.id),
        None => None,
    };
    let summary = store
        .import_commune(&Actor::system("dòng lệnh"), file, parent)
        .await?;
    if summary.added() == 0 {
        println!(
            "Gói của {} đã được nhập trước đó: không có gì thay đổi",
            summary.commune
        );
        return Ok(());
    }
    for unit in &summary.created_units {
        println!("  Tạo đơn vị cấp trên: {unit}");
    }
    for t in summary.tables.iter().filter(|t| t.added + t.present > 0) {
        println!("  {}: {} mới, {} đã có", t.label, t.added, t.present);
    }
    if summary.matched_catalogue > 0 {
        println!(
            "  {} mục danh mục (thủ tục, chỉ tiêu) dùng mục cùng mã đã có ở đây",
            summary.matched_catalogue
        );
    }
    if summary.unassigned > 0 {
        println!(
            "  {} hồ sơ có cán bộ thụ lý không có tài khoản ở đây: trở lại hàng chờ phân công",
            summary.unassigned
        );
    }
    println!(
        "Đã nhập {}: {} bản ghi mới",
        summary.commune,
        summary.added()
    );
    Ok(())
}
