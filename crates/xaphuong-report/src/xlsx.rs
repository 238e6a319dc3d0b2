//! Registers exported as Excel workbooks: a bold header row, frozen, with
//! filters, and columns wide enough to read. Rows are written as they come
//! to temporary files (constant memory), so a province-sized export stays
//! small in RAM; past a sheet's last row the rows go on to the next sheet.

use std::path::Path;

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

/// Rows of an Excel worksheet: 1.048.576, of which the title, a blank line
/// and the headers take three.
pub const SHEET_ROWS: u32 = 1_048_576;
const FIRST_ROW: u32 = 3;

/// A workbook written row by row: the title and headers on every sheet,
/// a new sheet ("Sổ hộ (2)", …) when one is full.
pub struct SheetWriter {
    book: Workbook,
    name: String,
    title: String,
    headers: Vec<(String, f64)>,
    /// Rows a sheet holds (a test may make it smaller).
    capacity: u32,
    sheet: usize,
    /// The next row to write on the current sheet.
    row: u32,
    bold: Format,
    head: Format,
}

impl SheetWriter {
    pub fn new(sheet: &str, title: &str, headers: &[(&str, f64)]) -> Result<Self, XlsxError> {
        Self::with_capacity(sheet, title, headers, SHEET_ROWS)
    }

    /// As [`SheetWriter::new`], with sheets of `rows` rows.
    pub fn with_capacity(
        sheet: &str,
        title: &str,
        headers: &[(&str, f64)],
        rows: u32,
    ) -> Result<Self, XlsxError> {
        let mut w = SheetWriter {
            book: Workbook::new(),
            name: sheet.to_owned(),
            title: title.to_owned(),
            headers: headers.iter().map(|(h, w)| ((*h).to_owned(), *w)).collect(),
            capacity: rows.clamp(FIRST_ROW + 1, SHEET_ROWS),
            sheet: 0,
            row: FIRST_ROW,
            bold: Format::new().set_bold(),
            head: Format::new()
                .set_bold()
                .set_background_color("#E8EDF3")
                .set_border(rust_xlsxwriter::FormatBorder::Thin),
        };
        w.open_sheet()?;
        Ok(w)
    }

    /// How many sheets the rows took so far.
    pub fn sheets(&self) -> usize {
        self.sheet + 1
    }

    fn open_sheet(&mut self) -> Result<(), XlsxError> {
        let name = if self.sheet == 0 {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.sheet + 1)
        };
        let ws = self.book.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        ws.write_string_with_format(0, 0, &self.title, &self.bold)?;
        for (col, (name, width)) in self.headers.iter().enumerate() {
            let col = col as u16;
            ws.set_column_width(col, *width)?;
            ws.write_string_with_format(2, col, name, &self.head)?;
        }
        ws.set_freeze_panes(FIRST_ROW, 0)?;
        self.row = FIRST_ROW;
        Ok(())
    }

    /// Filters over the headers and the rows of the current sheet.
    fn close_sheet(&mut self) -> Result<(), XlsxError> {
        let last = (self.row - 1).max(FIRST_ROW - 1);
        let columns = self.headers.len() as u16;
        let ws = self.book.worksheet_from_index(self.sheet)?;
        if columns > 0 {
            ws.autofilter(FIRST_ROW - 1, 0, last, columns - 1)?;
        }
        Ok(())
    }

    pub fn push(&mut self, row: Vec<Cell>) -> Result<(), XlsxError> {
        if self.row >= self.capacity {
            self.close_sheet()?;
            self.sheet += 1;
            self.open_sheet()?;
        }
        let r = self.row;
        let ws = self.book.worksheet_from_index(self.sheet)?;
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
        self.row += 1;
        Ok(())
    }

    /// The workbook's bytes, for a small export.
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        self.close_sheet()?;
        self.book.save_to_buffer()
    }

    /// Writes the workbook to `path`, for a large one.
    pub fn finish_to(mut self, path: &Path) -> Result<(), XlsxError> {
        self.close_sheet()?;
        self.book.save(path)
    }
}

/// A sheet: its name, column headers with widths, and rows.
pub fn workbook(
    sheet: &str,
    title: &str,
    headers: &[(&str, f64)],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Result<Vec<u8>, XlsxError> {
    let mut w = SheetWriter::new(sheet, title, headers)?;
    for row in rows {
        w.push(row)?;
    }
    w.finish()
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

    #[test]
    fn a_full_sheet_goes_on_to_the_next() {
        use calamine::{Reader, Xlsx};
        // Sheets of 3 + 4 rows: ten rows take three sheets.
        let mut w = SheetWriter::with_capacity("Sổ hộ", "Sổ hộ", &[("Số", 8.0)], 7).unwrap();
        for i in 0..10 {
            w.push(vec![Cell::Number(f64::from(i))]).unwrap();
        }
        assert_eq!(w.sheets(), 3);
        let bytes = w.finish().unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Sổ hộ", "Sổ hộ (2)", "Sổ hộ (3)"]);
        let mut seen = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).unwrap();
            let rows: Vec<_> = range.rows().collect();
            // Every sheet has its headers.
            assert_eq!(rows[2][0].to_string(), "Số");
            seen.extend(rows[3..].iter().map(|r| r[0].to_string()));
        }
        assert_eq!(seen, (0..10).map(|i| i.to_string()).collect::<Vec<_>>());
    }
}
