//! The violation register from a spreadsheet: one case per row.

use xaphuong_core::registers::violations::{CaseInput, ImportCase, Kind};
use xaphuong_core::text::fold;
use xaphuong_core::{FieldError, Invalid};

use crate::sheet::Sheet;
use crate::xlsx::{self, Cell};

/// The column header for each field, as the template writes it (the export
/// uses the same, so an exported register can be imported again).
pub const COLUMNS: [(&str, &str, f64); 6] = [
    ("detected_on", "Ngày phát hiện", 14.0),
    ("offender", "Hộ, cá nhân, tổ chức vi phạm", 32.0),
    ("address", "Địa chỉ, vị trí", 36.0),
    ("group", "Tổ dân phố, thôn", 16.0),
    ("kind", "Loại vi phạm", 34.0),
    ("description", "Mô tả", 40.0),
];

/// The Vietnamese header of a field, for messages.
pub fn column_label(field: &str) -> &str {
    COLUMNS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map_or(field, |(_, l, _)| l)
}

fn kind_code(s: &str) -> String {
    let key = fold(s);
    Kind::ALL
        .iter()
        .find(|k| k.as_str() == s.trim() || fold(k.label()) == key)
        .map_or_else(|| s.trim().to_owned(), |k| k.as_str().to_owned())
}

/// `dd/mm/yyyy` (as officers type it) or `yyyy-mm-dd` → `yyyy-mm-dd`.
fn iso_date(s: &str) -> String {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => format!("{y}-{:0>2}-{:0>2}", m, d),
        _ => s.trim().to_owned(),
    }
}

pub fn rows(sheet: &Sheet) -> Result<Vec<ImportCase>, Invalid> {
    let find = |names: &[&str]| sheet.column(names);
    let detected = find(&["ngay phat hien"]);
    let offender = find(&[
        "ho, ca nhan, to chuc vi pham",
        "ho, ca nhan vi pham",
        "ho vi pham",
        "ho, ca nhan",
    ]);
    let address = find(&["dia chi, vi tri", "dia chi", "vi tri"]);
    let group = find(&["to dan pho, thon", "to dan pho", "to", "thon"]);
    let kind = find(&["loai vi pham", "loai"]);
    let description = find(&["mo ta", "noi dung"]);
    let mut missing = Invalid::default();
    for (col, field) in [
        (detected, "detected_on"),
        (offender, "offender"),
        (address, "address"),
        (kind, "kind"),
    ] {
        if col.is_none() {
            missing.push(
                column_label(field),
                format!("Thiếu cột «{}» ở dòng tiêu đề", column_label(field)),
            );
        }
    }
    missing.into_result()?;
    let get = |cells: &[String], col: Option<usize>| {
        col.and_then(|c| cells.get(c)).cloned().unwrap_or_default()
    };
    let out: Vec<ImportCase> = sheet
        .rows
        .iter()
        .map(|(row, cells)| ImportCase {
            row: *row,
            group: get(cells, group),
            input: CaseInput {
                kind: kind_code(&get(cells, kind)),
                offender: get(cells, offender),
                address: get(cells, address),
                description: get(cells, description),
                detected_on: iso_date(&get(cells, detected)),
            },
        })
        .collect();
    if out.is_empty() {
        return Err(Invalid(vec![FieldError::new(
            "tệp",
            "Tệp không có dòng dữ liệu nào",
        )]));
    }
    Ok(out)
}

/// An empty workbook with the register's columns and one example row.
pub fn template() -> Vec<u8> {
    let headers: Vec<(&str, f64)> = COLUMNS.iter().map(|(_, l, w)| (*l, *w)).collect();
    let example = vec![
        Cell::from("02/03/2021"),
        Cell::from("Hộ ông Hoàng Văn Bảy"),
        Cell::from("Số 14, ngõ 12 đường Dương Mạc Hiếu"),
        Cell::from("Tổ 5"),
        Cell::from(Kind::EscapeRoute.label()),
        Cell::from("Dựng mái tôn lấn lối thoát hiểm"),
    ];
    xlsx::workbook(
        "Vi phạm",
        "MẪU NHẬP SỔ THEO DÕI VI PHẠM TRẬT TỰ XÂY DỰNG (xóa dòng ví dụ trước khi nhập)",
        &headers,
        vec![example],
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::read;

    #[test]
    fn the_template_reads_back() {
        let sheet = read(&template()).unwrap();
        let cases = rows(&sheet).unwrap();
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!(
            (
                c.group.as_str(),
                c.input.kind.as_str(),
                c.input.detected_on.as_str()
            ),
            ("Tổ 5", "escape_route", "2021-03-02")
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let sheet = read("Hộ vi phạm,Địa chỉ\nA,B\n".as_bytes()).unwrap();
        let e = rows(&sheet).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["Ngày phát hiện", "Loại vi phạm"]);
    }
}
