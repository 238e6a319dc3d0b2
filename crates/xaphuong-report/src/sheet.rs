//! Reading a spreadsheet an officer uploads — XLSX (or XLS, ODS) or CSV —
//! into rows of text, with dates as `YYYY-MM-DD` and every cell checked for
//! legacy Vietnamese encodings.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Xls, Xlsx};
use xaphuong_core::text::{clean, fold, legacy_encoding};
use xaphuong_core::{FieldError, Invalid};

use crate::limits::{self, Budget, ZipKind};

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

/// Columns read of any row: a cell further right is ignored, so a stray
/// cell at XFD1048576 costs nothing.
pub const MAX_COLUMNS: usize = 200;

type RowFn<'a> = dyn FnMut(usize, Vec<String>) -> Result<(), Invalid> + 'a;

/// A calamine call that panics on a malformed file (it indexes some records
/// without checking their length) is an unreadable file, not a crash. What
/// no unwinding can contain (allocations sized by the file, loops) is
/// refused by [`limits`] before calamine sees the file.
fn shielded<T>(f: impl FnOnce() -> T) -> Result<T, Invalid> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        Invalid::one(
            "tệp",
            "Tệp Excel bị hỏng, không đọc được. Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại",
        )
    })
}

fn unreadable(e: impl std::fmt::Display) -> Invalid {
    Invalid::one("tệp", format!("Không đọc được tệp Excel: {e}"))
}

fn unreadable_sheet(e: impl std::fmt::Display) -> Invalid {
    Invalid::one("tệp", format!("Không đọc được trang tính đầu tiên: {e}"))
}

/// Each row of the file's first sheet in order, with its line number, as
/// text; an XLSX sheet is read cell by cell, never whole. At most
/// [`limits::MAX_ROWS`] rows and [`limits::MAX_CELLS`] cells are read.
fn each_raw_row(bytes: &[u8], f: &mut RowFn<'_>) -> Result<(), Invalid> {
    let mut budget = Budget::default();
    if bytes.starts_with(b"PK\x03\x04") {
        match limits::check_zip(bytes)? {
            ZipKind::Xlsx => {
                let mut book = shielded(|| Xlsx::new(Cursor::new(bytes)))?.map_err(unreadable)?;
                xlsx_rows(&mut book, &mut budget, f)
            }
            ZipKind::Ods => {
                let book = shielded(|| Ods::new(Cursor::new(bytes)))?.map_err(unreadable)?;
                range_rows(book, &mut budget, f)
            }
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        limits::check_xls(bytes)?;
        let book = shielded(|| Xls::new(Cursor::new(bytes)))?.map_err(unreadable)?;
        range_rows(book, &mut budget, f)
    } else {
        let mut reader = csv_reader(
            bytes,
            "Tệp không phải Excel, cũng không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» hoặc «CSV UTF-8»",
            false,
        )?;
        let mut rec = csv::StringRecord::new();
        let mut line = 0;
        loop {
            line += 1;
            match reader.read_record(&mut rec) {
                Ok(true) => {
                    budget.row()?;
                    budget.cells(rec.len())?;
                    f(
                        line,
                        rec.iter().take(MAX_COLUMNS).map(str::to_owned).collect(),
                    )?
                }
                Ok(false) => return Ok(()),
                Err(e) => {
                    return Err(Invalid::one(
                        "tệp",
                        format!("Dòng {line}: không đọc được ({e})"),
                    ));
                }
            }
        }
    }
}

/// A CSV file's reader: a byte-order mark skipped, UTF-8 required (else
/// `not_text` is the message), `;` or `,` as its first line says, and its
/// records, fields and lengths bounded before the reader grows a buffer.
pub(crate) fn csv_reader<'a>(
    bytes: &'a [u8],
    not_text: &str,
    has_headers: bool,
) -> Result<csv::Reader<&'a [u8]>, Invalid> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Invalid::one("tệp", not_text))?;
    let delimiter = delimiter(text);
    limits::check_csv(text.as_bytes(), delimiter)?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(has_headers)
        .from_reader(text.as_bytes()))
}

/// The message for a CSV file that is not UTF-8 text.
pub(crate) const NOT_UTF8_CSV: &str =
    "Tệp không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → «CSV UTF-8 (Comma delimited)»";

/// `;` if the first line has more of them than of `,`.
pub(crate) fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The first sheet of a workbook calamine has already built whole (XLS,
/// ODS; their size was checked before).
fn range_rows<'b, R>(mut book: R, budget: &mut Budget, f: &mut RowFn<'_>) -> Result<(), Invalid>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    let range = shielded(|| book.worksheet_range_at(0))?
        .ok_or_else(|| Invalid::one("tệp", "Tệp Excel không có trang tính nào"))?
        .map_err(unreadable_sheet)?;
    let first = range.start().map_or(0, |(r, _)| r as usize);
    for (i, r) in range.rows().enumerate() {
        budget.row()?;
        budget.cells(r.len().min(MAX_COLUMNS))?;
        f(
            first + i + 1,
            r.iter().take(MAX_COLUMNS).map(cell_text).collect(),
        )?;
    }
    Ok(())
}

/// An XLSX sheet's cells in file order, gathered into rows.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    budget: &mut Budget,
    f: &mut RowFn<'_>,
) -> Result<(), Invalid> {
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Invalid::one("tệp", "Tệp Excel không có trang tính nào"))?;
    let mut cells = shielded(|| book.worksheet_cells_reader(&name))?.map_err(unreadable_sheet)?;
    let mut row: Option<(u32, Vec<String>)> = None;
    let mut emit = |at: u32, cells: Vec<String>, budget: &mut Budget| -> Result<(), Invalid> {
        budget.row()?;
        f(at as usize + 1, cells)
    };
    while let Some(cell) = shielded(|| cells.next_cell())?.map_err(unreadable_sheet)? {
        budget.cells(1)?;
        let (r, c) = cell.get_position();
        if row.as_ref().is_some_and(|(at, _)| *at != r)
            && let Some((at, cells)) = row.take()
        {
            emit(at, cells, budget)?;
        }
        let (_, cells) = row.get_or_insert_with(|| (r, Vec::new()));
        let c = c as usize;
        if c < MAX_COLUMNS {
            if cells.len() <= c {
                cells.resize(c + 1, String::new());
            }
            cells[c] = cell_text(&Data::from(cell.get_value().clone()));
        }
    }
    if let Some((at, cells)) = row {
        emit(at, cells, budget)?;
    }
    Ok(())
}

/// The header row of a file: folded (no diacritics, lower case) to find
/// columns, and as written, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub headers: Vec<String>,
    pub labels: Vec<String>,
}

impl Header {
    /// The column whose folded header is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.contains(&h.as_str()))
    }
}

/// Reads the file a row at a time: the first row of two cells or more is
/// the header (a title line may stand above it, as in exports), given to
/// `header`; each filled row after it goes to `row` with its line number.
/// Text typed in a legacy Vietnamese encoding is reported for the whole
/// file at the end.
pub fn read_each(
    bytes: &[u8],
    header: &mut dyn FnMut(&Header) -> Result<(), Invalid>,
    row: &mut dyn FnMut(usize, Vec<String>),
) -> Result<Header, Invalid> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.trim().is_empty()).count();
    let mut head: Option<Header> = None;
    let mut errors = Vec::new();
    each_raw_row(bytes, &mut |line, cells| {
        let n = filled(&cells);
        if n == 0 {
            return Ok(());
        }
        let Some(h) = &head else {
            // A title line (one cell) may stand above the headers.
            if n >= 2 {
                let labels: Vec<String> = cells.iter().map(|h| clean(h)).collect();
                let headers = labels
                    .iter()
                    .map(|h| fold(h).replace(['_', '*'], " ").trim().to_owned())
                    .collect();
                let h = Header { headers, labels };
                header(&h)?;
                head = Some(h);
            }
            return Ok(());
        };
        for (i, c) in cells.iter().enumerate() {
            if let Some(enc) = legacy_encoding(c) {
                let col = h
                    .labels
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("cột {}", i + 1));
                errors.push(
                    FieldError::new(
                        col,
                        format!("«{c}» có vẻ gõ bằng bảng mã cũ {enc}; hãy chuyển tệp sang Unicode (Unikey: Công cụ chuyển mã) rồi nhập lại"),
                    )
                    .at_row(line),
                );
            }
        }
        row(line, cells.iter().map(|c| clean(c)).collect());
        Ok(())
    })?;
    let head = head.ok_or_else(|| {
        Invalid::one(
            "tệp",
            "Tệp trống hoặc không có dòng tiêu đề (ít nhất hai cột)",
        )
    })?;
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    Ok(head)
}

/// Reads the file whole; the first row holds the headers.
pub fn read(bytes: &[u8]) -> Result<Sheet, Invalid> {
    let mut rows = Vec::new();
    let head = read_each(bytes, &mut |_| Ok(()), &mut |line, cells| {
        rows.push((line, cells))
    })?;
    Ok(Sheet {
        headers: head.headers,
        labels: head.labels,
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
    fn a_stray_cell_far_away_costs_nothing() {
        // Rows are read cell by cell: a cell at XFD1048576 neither widens
        // every row nor allocates the sheet's whole range.
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, "Hộ vi phạm").unwrap();
        ws.write_string(0, 1, "Số").unwrap();
        ws.write_string(1, 0, "Hộ ông Bảy").unwrap();
        ws.write_number(1, 1, 3.0).unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let s = read(&bytes).unwrap();
        assert_eq!(s.headers, ["ho vi pham", "so"]);
        assert_eq!(
            s.rows[0],
            (2, vec!["Hộ ông Bảy".to_owned(), "3".to_owned()])
        );
        // Past the columns read, the stray cell makes no row.
        assert_eq!(s.rows.len(), 1);
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
