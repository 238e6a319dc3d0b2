//! Registers exported as Excel workbooks: a bold header row, frozen, with
//! filters, and columns wide enough to read. Rows are streamed to a temporary
//! file (constant memory), so a province-sized export stays small in RAM.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One cell of an exported row.
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

/// A sheet: its name, column headers with widths, and rows.
pub fn workbook(
    sheet: &str,
    title: &str,
    headers: &[(&str, f64)],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EDF3")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name(sheet)?;
    ws.write_string_with_format(0, 0, title, &bold)?;
    for (col, (name, width)) in headers.iter().enumerate() {
        let col = col as u16;
        ws.set_column_width(col, *width)?;
        ws.write_string_with_format(2, col, *name, &head)?;
    }
    let mut last = 2;
    for (i, row) in rows.into_iter().enumerate() {
        let r = 3 + i as u32;
        for (col, cell) in row.into_iter().enumerate() {
            match cell {
                Cell::Text(t) => {
                    ws.write_string(r, col as u16, t)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, col as u16, n)?;
                }
                Cell::Empty => {}
            }
        }
        last = r;
    }
    ws.set_freeze_panes(3, 0)?;
    if !headers.is_empty() {
        ws.autofilter(2, 0, last, headers.len() as u16 - 1)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_workbook() {
        let bytes = workbook(
            "Vi phạm",
            "Sổ theo dõi",
            &[("Hộ", 30.0), ("Số", 8.0)],
            vec![vec![Cell::from("Hộ ông Bảy"), Cell::Number(3.0)]],
        )
        .unwrap();
        // An XLSX file is a ZIP archive.
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}
