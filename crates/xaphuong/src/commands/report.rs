//! `xaphuong report resolution`: the year-end report against the
//! resolution, as Markdown, HTML, DOCX or XLSX.

use std::path::PathBuf;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_report::resolution::{Format, render};
use xaphuong_store::Store;

use super::{Failure, day, unit_at};

/// A unit named by its code as on a day (none: today), and whether its
/// figures are broken down by the units it was formed from.
pub(crate) struct UnitAt {
    pub code: String,
    pub on: Option<String>,
    pub by_former: bool,
}

pub(crate) async fn resolution(
    database: &str,
    unit: UnitAt,
    year: i16,
    format: String,
    out: Option<PathBuf>,
    as_of: Option<String>,
) -> Result<(), Failure> {
    let format = Format::parse(&format).ok_or_else(|| {
        Failure::Input(format!(
            "Định dạng «{format}» không hợp lệ; dùng md, html, docx hoặc xlsx"
        ))
    })?;
    if out.is_none() && matches!(format, Format::Docx | Format::Xlsx) {
        return Err(Failure::Input("Định dạng docx, xlsx cần --out TỆP".into()));
    }
    let today = xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now());
    let as_of = match as_of {
        Some(s) => day(&s)?,
        None => jiff::civil::Date::new(year, 12, 31)
            .map_err(|_| Failure::Input(format!("Năm {year} không hợp lệ")))?
            .min(today),
    };
    let store = Store::open(database).await?;
    store
        .ensure_indicator_catalogue(&Actor::system("danh mục chỉ tiêu"))
        .await?;
    let ward = unit_at(&store, &unit.code, unit.on.as_deref()).await?;
    let mut report = store
        .resolution_report(&Scope::All, ward.id, year, as_of)
        .await?;
    if unit.by_former {
        store
            .former_breakdown(&Scope::All, &mut report, ward.id, as_of)
            .await?;
    }
    let bytes = render(&report, format, today).map_err(Failure::Other)?;
    match out {
        Some(path) => {
            std::fs::write(&path, bytes)
                .map_err(|e| Failure::Input(format!("Không ghi được {}: {e}", path.display())))?;
            println!("Đã ghi {}", path.display());
        }
        None => print!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(())
}
