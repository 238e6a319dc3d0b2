//! A register from a spreadsheet, one record per row. Each register names
//! its columns once: the import finds them by header (diacritics ignored,
//! older wordings accepted), the template writes them, and the export uses
//! the same headers so an exported register can be imported again.

use xaphuong_core::import::ImportRow;
use xaphuong_core::{FieldError, Invalid};

use crate::sheet::Sheet;
use crate::xlsx::{self, Cell};

pub mod activities;
pub mod budget;
pub mod businesses;
pub mod cooperatives;
pub mod culture;
pub mod handovers;
pub mod households;
pub mod inspections;
pub mod poverty;
pub mod procedures;
pub mod recruitment;
pub mod spending;
pub mod tax_debts;
pub mod violations;
pub mod works;

/// One column of a register's file.
pub struct Column {
    /// The field name the rules report problems under.
    pub field: &'static str,
    /// The header as the template writes it.
    pub label: &'static str,
    pub width: f64,
    /// Other headers accepted for it, folded (no diacritics, lower case).
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl Column {
    pub const fn new(field: &'static str, label: &'static str, width: f64) -> Self {
        Column {
            field,
            label,
            width,
            aliases: &[],
            required: false,
        }
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn or(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }
}

/// The residential group, as most registers write it.
pub const GROUP: Column =
    Column::new("group", "Tổ dân phố, thôn", 16.0).or(&["to dan pho", "to", "thon"]);

/// A free note at the end of a row.
pub const NOTE: Column = Column::new("note", "Ghi chú", 30.0);

/// Urban or rural, as the household registers write it.
pub const AREA: Column = Column::new("area", "Khu vực", 12.0).or(&[
    "khu vuc (thanh thi/nong thon)",
    "thanh thi/nong thon",
    "thanh thi, nong thon",
]);

/// The household's code (mã hộ) under `field`, which every household
/// register needs.
pub const fn household_code(field: &'static str) -> Column {
    Column::new(field, "Mã hộ", 16.0)
        .or(&["ma ho gia dinh", "ma so ho", "ma so ho gia dinh"])
        .required()
}

/// An example row of texts, in column order.
pub fn texts(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|c| Cell::from(*c)).collect()
}

/// A register that can be read from a file.
pub trait Register {
    /// What one row becomes before the rules check it.
    type Input;
    const SHEET: &'static str;
    const TITLE: &'static str;
    const COLUMNS: &'static [Column];
    /// Columns the export shows after [`Register::COLUMNS`] (what the
    /// register records beyond what a file can bring in, such as a case's
    /// state); the import does not look for them.
    const EXPORT_ONLY: &'static [Column] = &[];
    /// The template's example row, in column order.
    fn example() -> Vec<Cell>;
    /// The record of one row; the residential group, if the register has
    /// one, comes from the `group` column.
    fn input(row: &Fields) -> Self::Input;
}

/// The cells of one row, by field name.
pub struct Fields<'a> {
    cells: &'a [String],
    at: &'a [(&'static str, Option<usize>)],
}

impl Fields<'_> {
    pub fn get(&self, field: &str) -> String {
        self.at
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, i)| i.and_then(|i| self.cells.get(i)))
            .cloned()
            .unwrap_or_default()
    }

    /// A date as officers type it (`dd/mm/yyyy`) or as ISO → `yyyy-mm-dd`;
    /// anything else is passed on for the rules to refuse.
    pub fn date(&self, field: &str) -> String {
        iso_date(&self.get(field))
    }

    /// A code written as the code or as its label: the code, or the text
    /// as written for the rules to refuse.
    pub fn code<E: Copy>(
        &self,
        field: &str,
        read: fn(&str) -> Option<E>,
        code: fn(E) -> &'static str,
    ) -> String {
        let v = self.get(field);
        read(&v).map_or(v, |e| code(e).to_owned())
    }
}

/// `dd/mm/yyyy` (or with dots or dashes) or `yyyy-mm-dd` → `yyyy-mm-dd`.
pub fn iso_date(s: &str) -> String {
    let parts: Vec<&str> = s.trim().split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => format!("{y}-{m:0>2}-{d:0>2}"),
        _ => s.trim().to_owned(),
    }
}

/// The Vietnamese header of a field, for messages.
pub fn label<R: Register>(field: &str) -> &str {
    R::COLUMNS
        .iter()
        .find(|c| c.field == field)
        .map_or(field, |c| c.label)
}

/// Headers and widths of the import's columns, for the template.
pub fn headers<R: Register>() -> Vec<(&'static str, f64)> {
    R::COLUMNS.iter().map(|c| (c.label, c.width)).collect()
}

/// The export's columns: the import's first, so that an exported file
/// imports again (the import finds its columns by header and passes over
/// the others), then those only the export shows.
pub fn export_columns<R: Register>() -> Vec<&'static Column> {
    R::COLUMNS.iter().chain(R::EXPORT_ONLY).collect()
}

/// Every row of the sheet as a record; a missing required column or an
/// empty file is refused before any row is looked at.
pub fn rows<R: Register>(sheet: &Sheet) -> Result<Vec<ImportRow<R::Input>>, Invalid> {
    let at = columns::<R>(&sheet.headers)?;
    if sheet.rows.is_empty() {
        return Err(no_rows());
    }
    Ok(sheet
        .rows
        .iter()
        .map(|(row, cells)| record::<R>(*row, cells, &at))
        .collect())
}

/// The file's rows as records, read a row at a time: each row's cells are
/// freed as its record is made, so a large file is never held as cells.
pub fn read_rows<R: Register>(bytes: &[u8]) -> Result<Vec<ImportRow<R::Input>>, Invalid> {
    let mut out = Vec::new();
    each_row::<R>(bytes, &mut |r| out.push(r))?;
    Ok(out)
}

/// Reads the file's rows one by one into `each`, none of them kept: a
/// register that checks rows as they come holds only what it keeps.
/// Refuses a file without a data row.
pub fn each_row<R: Register>(
    bytes: &[u8],
    each: &mut dyn FnMut(ImportRow<R::Input>),
) -> Result<(), Invalid> {
    let at = std::cell::OnceCell::new();
    let mut any = false;
    crate::sheet::read_each(
        bytes,
        &mut |h| {
            // The header comes once, before any row.
            let _ = at.set(columns::<R>(&h.headers)?);
            Ok(())
        },
        &mut |row, cells| {
            if let Some(at) = at.get() {
                any = true;
                each(record::<R>(row, &cells, at));
            }
        },
    )?;
    if !any {
        return Err(no_rows());
    }
    Ok(())
}

fn no_rows() -> Invalid {
    Invalid(vec![FieldError::new(
        "tệp",
        "Tệp không có dòng dữ liệu nào",
    )])
}

fn record<R: Register>(
    row: usize,
    cells: &[String],
    at: &[(&'static str, Option<usize>)],
) -> ImportRow<R::Input> {
    let f = Fields { cells, at };
    ImportRow {
        row,
        group: f.get("group"),
        input: R::input(&f),
    }
}

/// Where each of the register's columns is among the file's (folded)
/// headers; a missing required column is refused.
fn columns<R: Register>(headers: &[String]) -> Result<Vec<(&'static str, Option<usize>)>, Invalid> {
    let at: Vec<(&'static str, Option<usize>)> = R::COLUMNS
        .iter()
        .map(|c| {
            let own = xaphuong_core::text::fold(c.label);
            let mut names = vec![own.as_str()];
            names.extend(c.aliases.iter().copied());
            (
                c.field,
                headers.iter().position(|h| names.contains(&h.as_str())),
            )
        })
        .collect();
    let mut missing = Invalid::default();
    for (c, (_, i)) in R::COLUMNS.iter().zip(&at) {
        if c.required && i.is_none() {
            missing.push(c.label, format!("Thiếu cột «{}» ở dòng tiêu đề", c.label));
        }
    }
    missing.into_result()?;
    Ok(at)
}

/// Problems reported under field names, renamed to the file's headers.
pub fn relabel<R: Register>(mut problems: Invalid) -> Invalid {
    for p in &mut problems.0 {
        p.field = label::<R>(&p.field).to_owned();
    }
    problems
}

/// An empty workbook with the register's columns and one example row.
pub fn template<R: Register>() -> Vec<u8> {
    xlsx::workbook(
        R::SHEET,
        &format!("{} (xóa dòng ví dụ trước khi nhập)", R::TITLE),
        &headers::<R>(),
        vec![R::example()],
    )
    .unwrap_or_default()
}

/// Reading a register's files in its tests.
#[cfg(test)]
pub(crate) mod testing {
    use xaphuong_core::Invalid;
    use xaphuong_core::import::ImportRow;

    use super::{Register, rows, template};
    use crate::sheet::read;

    /// The register's template read back.
    pub fn template_rows<R: Register>() -> Vec<ImportRow<R::Input>> {
        rows::<R>(&read(&template::<R>()).unwrap()).unwrap()
    }

    /// The rows of a CSV file.
    pub fn csv_rows<R: Register>(csv: &str) -> Vec<ImportRow<R::Input>> {
        rows::<R>(&read(csv.as_bytes()).unwrap()).unwrap()
    }

    /// What a CSV file without some required column is refused with.
    pub fn csv_refused<R: Register>(csv: &str) -> Invalid {
        rows::<R>(&read(csv.as_bytes()).unwrap())
            .map(|_| ())
            .unwrap_err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::read;

    /// Each register's template reads back into exactly its example row,
    /// with no problem on the way.
    #[test]
    fn every_template_reads_back() {
        fn one<R: Register>() -> usize {
            let sheet = read(&template::<R>()).unwrap();
            for c in R::COLUMNS {
                assert!(
                    sheet
                        .column(&[&xaphuong_core::text::fold(c.label)])
                        .is_some(),
                    "{}",
                    c.label
                );
            }
            rows::<R>(&sheet).unwrap().len()
        }
        assert_eq!(one::<violations::Violations>(), 1);
        assert_eq!(one::<handovers::Handovers>(), 1);
        assert_eq!(one::<recruitment::Recruitment>(), 1);
        assert_eq!(one::<budget::Budget>(), 1);
        assert_eq!(one::<inspections::Inspections>(), 1);
        assert_eq!(one::<procedures::Procedures>(), 1);
        assert_eq!(one::<households::Households>(), 1);
        assert_eq!(one::<poverty::PovertyReviews>(), 1);
        assert_eq!(one::<culture::CultureReviews>(), 1);
        assert_eq!(one::<works::Works>(), 1);
        assert_eq!(one::<spending::Spending>(), 1);
        assert_eq!(one::<activities::Activities>(), 1);
        assert_eq!(one::<businesses::Businesses>(), 1);
        assert_eq!(one::<tax_debts::TaxDebts>(), 1);
        assert_eq!(one::<cooperatives::Cooperatives>(), 1);
    }

    /// An exported register imports again: its import columns are found
    /// where the export put them, and the columns only the export shows
    /// are passed over, none of them taken for an import column.
    #[test]
    fn every_export_imports_again() {
        fn one<R: Register>() {
            let export = export_columns::<R>();
            let labels: Vec<&str> = export.iter().map(|c| c.label).collect();
            assert_eq!(
                labels[..R::COLUMNS.len()],
                headers::<R>().iter().map(|h| h.0).collect::<Vec<_>>()[..]
            );
            let headers: Vec<String> = labels
                .iter()
                .map(|l| xaphuong_core::text::fold(l))
                .collect();
            let at = columns::<R>(&headers).unwrap();
            for (i, (field, found)) in at.iter().enumerate() {
                assert_eq!(*found, Some(i), "{}: {field}", R::SHEET);
            }
            for c in R::EXPORT_ONLY {
                let own = xaphuong_core::text::fold(c.label);
                for i in R::COLUMNS {
                    assert!(
                        xaphuong_core::text::fold(i.label) != own
                            && !i.aliases.contains(&own.as_str()),
                        "{}: «{}» reads as «{}»",
                        R::SHEET,
                        c.label,
                        i.label
                    );
                }
            }
            // The example row with the export's own cells after it.
            let mut row = R::example();
            row.extend(R::EXPORT_ONLY.iter().map(|_| Cell::from("x")));
            let widths: Vec<(&str, f64)> = export.iter().map(|c| (c.label, c.width)).collect();
            let file = xlsx::workbook(R::SHEET, R::TITLE, &widths, vec![row]).unwrap();
            let sheet = read(&file).unwrap();
            let template = read(&template::<R>()).unwrap();
            // The reader drops a row's trailing empty cells.
            let import_cells = |cells: &[String]| -> Vec<String> {
                (0..R::COLUMNS.len())
                    .map(|i| cells.get(i).cloned().unwrap_or_default())
                    .collect()
            };
            assert_eq!(
                import_cells(&sheet.rows[0].1),
                import_cells(&template.rows[0].1),
                "{}",
                R::SHEET
            );
            assert_eq!(rows::<R>(&sheet).unwrap().len(), 1);
        }
        one::<violations::Violations>();
        one::<handovers::Handovers>();
        one::<recruitment::Recruitment>();
        one::<budget::Budget>();
        one::<inspections::Inspections>();
        one::<households::Households>();
        one::<poverty::PovertyReviews>();
        one::<culture::CultureReviews>();
        one::<works::Works>();
        one::<spending::Spending>();
        one::<activities::Activities>();
        one::<businesses::Businesses>();
        one::<tax_debts::TaxDebts>();
        one::<cooperatives::Cooperatives>();
    }

    #[test]
    fn dates_as_typed() {
        assert_eq!(iso_date("2/3/2021"), "2021-03-02");
        assert_eq!(iso_date("2021-03-02"), "2021-03-02");
        assert_eq!(iso_date("02.03.2021"), "2021-03-02");
        assert_eq!(iso_date("hôm qua"), "hôm qua");
    }
}
