//! Reading a spreadsheet an officer uploads — XLSX (or XLS, ODS) or CSV —
//! into rows of text, with dates as `YYYY-MM-DD` and every cell checked for
//! legacy Vietnamese encodings.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use xaphuong_core::text::{clean, fold, legacy_encoding};
use xaphuong_core::{FieldError, Invalid};

/// The rows of the first sheet: headers folded (no diacritics, lower
/// case), and each row with its line number in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    /// The headers as written, for messages.
    pub labels: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    /// The column whose folded header is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.contains(&h.as_str()))
    }
}

/// An Excel serial day (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    use jiff::ToSpan;
    let base = jiff::civil::Date::constant(1899, 12, 30);
    match base.checked_add((serial.floor() as i64).days()) {
        Ok(d) => d.to_string(),
        Err(_) => serial.to_string(),
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "có" } else { "không" }.into(),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    // ZIP (xlsx, ods) or OLE2 (xls) signatures.
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads the file whole; the first row holds the headers.
pub fn read(bytes: &[u8]) -> Result<Sheet, Invalid> {
    let raw: Vec<(usize, Vec<String>)> = if is_spreadsheet(bytes) {
        let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| Invalid::one("tệp", format!("Không đọc được tệp Excel: {e}")))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| Invalid::one("tệp", "Tệp Excel không có trang tính nào"))?
            .map_err(|e| Invalid::one("tệp", format!("Không đọc được trang tính đầu tiên: {e}")))?;
        let first = range.start().map_or(0, |(r, _)| r as usize);
        range
            .rows()
            .enumerate()
            .map(|(i, r)| (first + i + 1, r.iter().map(cell_text).collect()))
            .collect()
    } else {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|_| {
            Invalid::one("tệp", "Tệp không phải Excel, cũng không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» hoặc «CSV UTF-8»")
        })?;
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| {
                Invalid::one("tệp", format!("Dòng {}: không đọc được ({e})", i + 1))
            })?;
            out.push((i + 1, rec.iter().map(str::to_owned).collect()));
        }
        out
    };
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    // A title line (one cell) may stand above the headers, as in exports.
    let mut rows = raw
        .into_iter()
        .filter(|(_, cells)| filled(cells) > 0)
        .skip_while(|(_, cells)| filled(cells) < 2);
    let (_, header_cells) = rows.next().ok_or_else(|| {
        Invalid::one(
            "tệp",
            "Tệp trống hoặc không có dòng tiêu đề (ít nhất hai cột)",
        )
    })?;
    let labels: Vec<String> = header_cells.iter().map(|h| clean(h)).collect();
    let headers = labels
        .iter()
        .map(|h| fold(h).replace(['_', '*'], " ").trim().to_owned())
        .collect();
    let mut errors = Vec::new();
    let rows: Vec<(usize, Vec<String>)> = rows
        .map(|(line, cells)| {
            for (i, c) in cells.iter().enumerate() {
                if let Some(enc) = legacy_encoding(c) {
                    let col = labels.get(i).cloned().unwrap_or_else(|| format!("cột {}", i + 1));
                    errors.push(
                        FieldError::new(
                            col,
                            format!("«{c}» có vẻ gõ bằng bảng mã cũ {enc}; hãy chuyển tệp sang Unicode (Unikey: Công cụ chuyển mã) rồi nhập lại"),
                        )
                        .at_row(line),
                    );
                }
            }
            (line, cells.iter().map(|c| clean(c)).collect())
        })
        .collect();
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    Ok(Sheet {
        headers,
        labels,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::{Cell, workbook};

    #[test]
    fn csv_and_xlsx_read_alike() {
        let csv = "\u{feff}Hộ vi phạm;Ngày phát hiện\nHộ ông Bảy;2021-03-01\n;\n";
        let s = read(csv.as_bytes()).unwrap();
        assert_eq!(s.headers, ["ho vi pham", "ngay phat hien"]);
        assert_eq!(
            s.rows,
            [(2, vec!["Hộ ông Bảy".to_owned(), "2021-03-01".to_owned()])]
        );
        let x = workbook(
            "A",
            "Tiêu đề",
            &[("Hộ vi phạm", 10.0), ("Số", 5.0)],
            vec![vec![Cell::from("Hộ ông Bảy"), Cell::Number(3.0)]],
        )
        .unwrap();
        let s = read(&x).unwrap();
        // The title line is skipped; the headers are on line 3.
        assert_eq!(s.headers, ["ho vi pham", "so"]);
        assert_eq!(s.rows, [(4, vec!["Hộ ông Bảy".to_owned(), "3".to_owned()])]);
    }

    #[test]
    fn legacy_text_and_bad_files_are_reported() {
        let e = read("Hộ vi phạm,Ghi chú\nNguyÔn V¨n An,\n".as_bytes()).unwrap_err();
        assert_eq!((e.0[0].row, e.0[0].field.as_str()), (Some(2), "Hộ vi phạm"));
        assert!(e.0[0].message.contains("TCVN3"));
        assert!(
            read(b"\xff\xfe\x00").unwrap_err().0[0]
                .message
                .contains("UTF-8")
        );
        assert!(read(b"").is_err());
        assert_eq!(excel_date(44256.0), "2021-03-01");
    }
}
