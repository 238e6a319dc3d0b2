//! `xaphuong units convert`: the statistics office's old-to-new table of
//! 1 July 2025 applied to the units this deployment holds — previewed,
//! then applied with `--apply`.

use std::path::Path;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::reorganisations::Basis;

use super::Failure;

/// The national table is some 11.500 lines, under 2 MB.
const TABLE_LIMIT: u64 = 16 * 1024 * 1024;

pub(crate) async fn convert(
    store: &Store,
    file: &Path,
    basis: Basis,
    apply: bool,
) -> Result<(), Failure> {
    let unreadable =
        |e: std::io::Error| Failure::Input(format!("Không đọc được tệp {}: {e}", file.display()));
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > TABLE_LIMIT {
        return Err(Failure::Input(format!(
            "Tệp {} lớn hơn {} MB",
            file.display(),
            TABLE_LIMIT / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(file).map_err(unreadable)?;
    let rows = xaphuong_report::conversion_csv::parse(&bytes)
        .map_err(|e| Failure::Input(e.to_string()))?;
    let preview = store.conversion_preview(&Scope::All, &rows).await?;
    for p in &preview.provinces {
        let state = if p.id.is_some() {
            "đã có"
        } else {
            "sẽ tạo"
        };
        println!("{} ({}): {state}", p.name, p.code);
    }
    for line in &preview.communes {
        let c = &line.conversion;
        let from: Vec<String> = line
            .predecessors
            .iter()
            .map(|u| format!("{} ({})", u.name, u.code))
            .collect();
        let how = match (&c.into, line.done) {
            (_, true) => "đã sắp xếp",
            (Some(_), false) => "nhập vào đơn vị có sẵn",
            (None, false) => "thành lập đơn vị mới",
        };
        println!(
            "  {} ({}) ← {} — {how}",
            c.new_name,
            c.new_code,
            from.join(", ")
        );
    }
    println!(
        "{} xã, phường mới có đơn vị cũ trong cơ sở dữ liệu; {} dòng của bảng về đơn vị không có ở đây",
        preview.communes.len(),
        preview.other_rows
    );
    if !apply {
        println!("Chưa ghi gì. Chạy lại với --apply để thực hiện.");
        return Ok(());
    }
    let applied = store
        .apply_conversion(&Actor::system("dòng lệnh"), &Scope::All, &rows, &basis)
        .await?;
    println!("Đã thực hiện {applied} lần sắp xếp đơn vị hành chính");
    Ok(())
}
