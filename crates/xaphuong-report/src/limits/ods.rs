//! ODS: the cells calamine expands an OpenDocument sheet to.

use std::io::Read;

use xaphuong_core::Invalid;

use super::zip::attr_values;
use super::{MAX_CELLS, MAX_SHEETS, too_many_cells, too_many_sheets};

/// What calamine allocates to build an ODS file's sheets: for each row, the
/// cells up to its last filled one (repeats expanded, 16.384 at most), then
/// the area from the first to the last filled row (row repeats expanded,
/// 1.048.576 rows at most) as wide as the widest row. Both are held at once
/// while a sheet is built, so together they are refused past
/// [`MAX_CELLS`] for the whole file.
pub(super) fn ods_cells(content: impl Read) -> Result<(), Invalid> {
    use quick_xml::events::{BytesStart, Event};

    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    xml.config_mut().check_end_names = false;
    // The largest of the values given (calamine takes the first), 1 if none
    // reads as a count.
    let number = |e: &BytesStart<'_>, key: &[u8]| -> usize {
        attr_values(e.attributes_raw().as_bytes(), key)
            .filter_map(|v| std::str::from_utf8(v).ok()?.trim().parse().ok())
            .max()
            .unwrap_or(1)
    };
    let mut tally = OdsTally::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (e, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "table-row" => tally.end_row()?,
                    "table" => tally.end_table()?,
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match e.local_name().as_ref() {
            "table" if !empty => {
                tally.sheets += 1;
                if tally.sheets > MAX_SHEETS {
                    return Err(too_many_sheets());
                }
                tally.end_table()?;
            }
            "table-row" => {
                tally.end_row()?;
                tally.row = Some((number(&e, b"number-rows-repeated"), 0, 0));
                if empty {
                    tally.end_row()?;
                }
            }
            "table-cell" | "covered-table-cell" => {
                // A cell with a value, a formula or content is filled.
                let raw = e.attributes_raw().as_bytes();
                let filled = !empty
                    || attr_values(raw, b"value-type").next().is_some()
                    || attr_values(raw, b"formula").next().is_some();
                tally.cell(number(&e, b"number-columns-repeated"), filled);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The cells an ODS file's rows make calamine allocate.
#[derive(Default)]
struct OdsTally {
    sheets: usize,
    /// Cells pushed row by row, all sheets.
    raw: usize,
    /// Sheet areas built from them, all sheets.
    area: usize,
    /// This sheet's rows so far, rows up to the last filled one, widest row.
    rows: usize,
    rows_filled: usize,
    widest: usize,
    /// This row's repeat count, cells materialised, empty cells pending.
    row: Option<(usize, usize, usize)>,
}

impl OdsTally {
    const MAX_ROWS: usize = 1_048_576;
    const MAX_COLUMNS: usize = 16_384;

    fn cell(&mut self, repeats: usize, filled: bool) {
        if let Some((_, width, pending)) = &mut self.row {
            if filled {
                *width = width
                    .saturating_add(*pending)
                    .saturating_add(repeats)
                    .min(Self::MAX_COLUMNS);
                *pending = 0;
            } else {
                *pending = pending.saturating_add(repeats);
            }
        }
    }

    fn end_row(&mut self) -> Result<(), Invalid> {
        if let Some((repeats, width, _)) = self.row.take() {
            self.rows += repeats.min(Self::MAX_ROWS.saturating_sub(self.rows));
            if width > 0 {
                self.rows_filled = self.rows;
                self.widest = self.widest.max(width);
            }
            self.raw = self.raw.saturating_add(width);
            if self.raw.saturating_add(self.area) > MAX_CELLS {
                return Err(too_many_cells());
            }
        }
        Ok(())
    }

    fn end_table(&mut self) -> Result<(), Invalid> {
        self.end_row()?;
        self.area = self
            .area
            .saturating_add(self.rows_filled.saturating_mul(self.widest));
        if self.raw.saturating_add(self.area) > MAX_CELLS {
            return Err(too_many_cells());
        }
        (self.rows, self.rows_filled, self.widest) = (0, 0, 0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use crate::sheet::read;

    #[test]
    fn an_ods_is_read_and_an_ods_cell_bomb_refused() {
        let s = read(&ods(2, 1)).unwrap();
        assert_eq!(s.headers, ["ho ten chu ho", "so nhan khau"]);
        assert_eq!(
            s.rows,
            [
                (2, vec!["Nguyễn Văn An".to_owned(), "4".to_owned()]),
                (3, vec!["Nguyễn Văn An".to_owned(), "4".to_owned()]),
            ]
        );
        // 1.001 rows of 16.385 cells, from 2 KB.
        let bomb = ods(1_000, 16_384);
        assert!(bomb.len() < 4_000);
        assert_eq!(refusal(read(&bomb)), CELLS);
    }
}
