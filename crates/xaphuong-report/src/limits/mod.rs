//! Bounds on the work an imported file can make the readers do.
//!
//! Every import goes through [`crate::sheet`] or [`crate::units_csv`]; before
//! calamine opens a workbook, the file is inspected here without trusting a
//! number it declares:
//!
//! - a ZIP (XLSX, ODS): the entry count, each entry's and the total declared
//!   uncompressed size, each entry's compression ratio, the shared-string
//!   count an XLSX declares (calamine reserves that many strings), and the
//!   cells an ODS expands to (calamine builds every sheet whole when it
//!   opens the file, repeated rows and columns included);
//! - an OLE2 file (XLS): the compound file's sector chains (calamine follows
//!   a chain that loops forever, and reads as many FAT sectors as the header
//!   lists), each sheet's declared dimensions (reserved as cells) and the
//!   area its cells span (allocated whole for every sheet when the file is
//!   opened), the records calamine indexes without checking their length;
//! - a CSV: the number of records and the length of each, before the csv
//!   reader grows its buffers.
//!
//! The zip crate refuses to inflate an entry past its declared uncompressed
//! size, so the declared sizes checked here also bound the bytes actually
//! inflated. Rows and cells are also counted while a sheet is read.
//!
//! Each refusal is an [`Invalid`] on the field «tệp» whose message names the
//! limit.

mod csv;
#[cfg(test)]
pub(crate) mod fixtures;
mod ods;
#[cfg(test)]
mod seeds;
mod xls;
mod zip;

use xaphuong_core::Invalid;
use xaphuong_core::numbers::dong;

// `self::`: the crates csv and zip share these modules' names.
pub(crate) use self::csv::check_csv;
pub(crate) use self::xls::check_xls;
pub(crate) use self::zip::{ZipKind, check_zip};

/// Rows read from a sheet or a CSV file: Excel's own limit, several times a
/// province's household list.
pub const MAX_ROWS: usize = 1_048_576;
/// Cells read from a file (a workbook's sheets as calamine builds them, or a
/// CSV's fields): 400.000 rows of 25 columns.
pub const MAX_CELLS: usize = 10_000_000;
/// Bytes in one CSV record (one line, or several lines inside quotes).
pub const MAX_LINE_BYTES: usize = 1_000_000;
/// Entries in a ZIP workbook; a spreadsheet has a few dozen.
pub const MAX_ZIP_ENTRIES: usize = 5_000;
/// Declared uncompressed bytes of a ZIP workbook, any entry and all of them:
/// a 20 MB upload at the ratio XLSX usually reaches.
pub const MAX_UNPACKED_BYTES: u64 = 300_000_000;
/// The most an entry larger than [`PACK_RATIO_FLOOR`] may have been
/// compressed; deflate reaches about 1.000 only on degenerate input.
pub const MAX_PACK_RATIO: u64 = 250;
/// Entries up to this many uncompressed bytes may be compressed any amount.
pub const PACK_RATIO_FLOOR: u64 = 1_000_000;
/// Sheets in an XLS or ODS file, which calamine reads all at once.
pub const MAX_SHEETS: usize = 256;

/// A thousands-dotted number: 1048576 → "1.048.576".
pub(crate) fn n(v: u64) -> String {
    dong(i64::try_from(v).unwrap_or(i64::MAX))
}

fn refuse(message: impl Into<String>) -> Invalid {
    Invalid::one("tệp", message)
}

pub(crate) fn too_many_rows() -> Invalid {
    refuse(format!(
        "Tệp có hơn {} dòng; hãy chia thành nhiều tệp nhỏ hơn",
        n(MAX_ROWS as u64)
    ))
}

pub(crate) fn too_many_cells() -> Invalid {
    refuse(format!(
        "Tệp có hơn {} ô dữ liệu; hãy chia thành nhiều tệp nhỏ hơn",
        n(MAX_CELLS as u64)
    ))
}

#[derive(Debug, Default)]
pub(crate) struct Budget {
    rows: usize,
    cells: usize,
}

impl Budget {
    pub(crate) fn row(&mut self) -> Result<(), Invalid> {
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(too_many_rows());
        }
        Ok(())
    }

    pub(crate) fn cells(&mut self, k: usize) -> Result<(), Invalid> {
        self.cells = self.cells.saturating_add(k);
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        Ok(())
    }
}

fn too_many_sheets() -> Invalid {
    refuse(format!(
        "Tệp có hơn {} trang tính; hãy chỉ giữ trang cần nhập",
        n(MAX_SHEETS as u64)
    ))
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::sheet::read;

    #[test]
    fn the_limits_read_as_their_messages_say() {
        assert_eq!(n(MAX_ROWS as u64), "1.048.576");
        assert_eq!(n(MAX_CELLS as u64), "10.000.000");
        assert_eq!(n(MAX_UNPACKED_BYTES), "300.000.000");
    }

    /// calamine's reading of a cell reference of too many letters
    /// overflows (found by the `sheet` fuzz target): a panic where overflow
    /// is checked, as in tests and fuzzing, caught as an unreadable file.
    #[test]
    fn a_cell_reference_of_too_many_letters_is_an_unreadable_file() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="AAAAAAAAAAAAAAAAAAAAA1" t="inlineStr"><is><t>Họ tên</t></is></c></row></sheetData></worksheet>"#;
        let book = with_entries(&xlsx(), &[("xl/worksheets/sheet1.xml", x.as_bytes())]);
        let r = read(&book);
        if cfg!(debug_assertions) {
            assert_eq!(
                refusal(r),
                "Tệp Excel bị hỏng, không đọc được. Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
            );
        } else {
            // Unchecked, the column wraps to some number and the one cell
            // makes no header.
            assert_eq!(
                refusal(r),
                "Tệp trống hoặc không có dòng tiêu đề (ít nhất hai cột)"
            );
        }
    }

    #[test]
    fn a_panic_inside_calamine_is_an_unreadable_file() {
        // A defined name whose formula is longer than its record: calamine
        // slices before the record's start and panics.
        let mut lbl = vec![0u8; 15];
        lbl[4..6].copy_from_slice(&1_000u16.to_le_bytes());
        let stream = biff_with(&[record(0x0018, &lbl)], &[number(0, 0, 1.0)]);
        let file = ole2(&stream, |_| {});
        assert_eq!(
            refusal(read(&file)),
            "Tệp Excel bị hỏng, không đọc được. Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
        );
    }
}
