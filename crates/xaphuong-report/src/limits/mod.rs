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

use std::io::{Cursor, Read};

use xaphuong_core::Invalid;
use xaphuong_core::numbers::dong;

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

fn broken_xls(what: &str) -> Invalid {
    refuse(format!(
        "Tệp Excel (.xls) bị hỏng ({what}). Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
    ))
}

/// Counts the rows and cells a reader hands on.
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

// ---------------------------------------------------------------- CSV

/// Walks CSV text as the csv crate splits it (a quote opens a quoted field
/// only at the start of a field; `""` inside quotes is a quote) and refuses
/// more than [`MAX_ROWS`] records, more than [`MAX_CELLS`] fields or a
/// record longer than [`MAX_LINE_BYTES`], before any record is read.
pub(crate) fn check_csv(text: &[u8], delimiter: u8) -> Result<(), Invalid> {
    let (mut records, mut fields) = (0usize, 0usize);
    // Where the current record starts, and its fields so far.
    let (mut start, mut record_fields) = (0usize, 0usize);
    let mut in_quotes = false;
    let mut field_start = true;
    let mut i = 0usize;
    while i <= text.len() {
        let b = text.get(i).copied();
        let end = match b {
            None => true,
            Some(b) if in_quotes => {
                if b == b'"' {
                    if text.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        in_quotes = false;
                    }
                }
                false
            }
            Some(b'"') if field_start => {
                in_quotes = true;
                field_start = false;
                false
            }
            Some(b) if b == delimiter => {
                record_fields += 1;
                field_start = true;
                false
            }
            Some(b'\n' | b'\r') => true,
            Some(_) => {
                field_start = false;
                false
            }
        };
        if end {
            if i > start || record_fields > 0 {
                records += 1;
                fields = fields.saturating_add(record_fields + 1);
                if records > MAX_ROWS {
                    return Err(too_many_rows());
                }
                if fields > MAX_CELLS {
                    return Err(too_many_cells());
                }
            }
            (start, record_fields, field_start) = (i + 1, 0, true);
        } else if i + 1 - start > MAX_LINE_BYTES {
            return Err(refuse(format!(
                "Dòng {} dài hơn {} byte; tệp CSV có thể bị hỏng (thiếu dấu ngoặc kép đóng?)",
                n(records as u64 + 1),
                n(MAX_LINE_BYTES as u64)
            )));
        }
        i += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------- ZIP

/// What a ZIP workbook holds, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZipKind {
    Xlsx,
    Ods,
}

/// Inspects a ZIP workbook's central directory, and the parts calamine
/// sizes its allocations from, before calamine opens it.
pub(crate) fn check_zip(bytes: &[u8]) -> Result<ZipKind, Invalid> {
    declared_entries(bytes)?;
    let broken = |e: zip::result::ZipError| {
        refuse(format!(
            "Không đọc được tệp Excel: tệp nén bị hỏng ({e}). Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_many_entries());
    }
    let mut total = 0u64;
    let (mut has_mimetype, mut has_content, mut has_workbook_xml, mut has_workbook_bin) =
        (false, false, false, false);
    let mut shared_strings = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(broken)?;
        let (size, packed) = (f.size(), f.compressed_size());
        let shown = f.name().map(|s| s.into_owned()).unwrap_or_default();
        let name = shown.replace('\\', "/").to_ascii_lowercase();
        if size > MAX_UNPACKED_BYTES {
            return Err(too_large());
        }
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large());
        }
        if size > PACK_RATIO_FLOOR && size / MAX_PACK_RATIO > packed {
            return Err(refuse(format!(
                "Mục «{}» trong tệp nén được nén hơn {} lần: có thể là «bom nén», không đọc",
                shown,
                n(MAX_PACK_RATIO)
            )));
        }
        match name.as_str() {
            "mimetype" => has_mimetype = true,
            "content.xml" => has_content = true,
            _ => {}
        }
        if name.ends_with("workbook.xml") {
            has_workbook_xml = true;
        }
        if name.ends_with("workbook.bin") {
            has_workbook_bin = true;
        }
        if name.ends_with("sharedstrings.xml") {
            shared_strings.push((i, size));
        }
    }
    if has_workbook_bin && !has_workbook_xml {
        return Err(refuse(
            "Tệp Excel nhị phân (.xlsb) chưa được hỗ trợ. Trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)»",
        ));
    }
    if has_mimetype && has_content && !has_workbook_xml {
        let content = zip.by_name("content.xml").map_err(broken)?;
        ods_cells(content)?;
        return Ok(ZipKind::Ods);
    }
    for (i, size) in shared_strings {
        let f = zip.by_index(i).map_err(broken)?;
        shared_string_count(f, size)?;
    }
    Ok(ZipKind::Xlsx)
}

fn too_many_entries() -> Invalid {
    refuse(format!(
        "Tệp Excel có hơn {} mục nén bên trong; đây không phải một bảng tính thông thường",
        n(MAX_ZIP_ENTRIES as u64)
    ))
}

fn too_large() -> Invalid {
    refuse(format!(
        "Tệp Excel khi giải nén lớn hơn {} byte ({} MB); hãy chia thành nhiều tệp nhỏ hơn",
        n(MAX_UNPACKED_BYTES),
        MAX_UNPACKED_BYTES / 1_000_000
    ))
}

/// The entry count the end-of-central-directory record declares (the
/// ZIP64 one if present), checked before the archive's directory is read.
fn declared_entries(bytes: &[u8]) -> Result<(), Invalid> {
    // The record is 22 bytes plus a comment of at most 65.535.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let Some(at) = bytes[from..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|p| from + p)
    else {
        return Ok(()); // The zip crate refuses it.
    };
    let eocd = &bytes[at..];
    if eocd.len() < 22 {
        return Ok(());
    }
    let entries = u16::from_le_bytes([eocd[10], eocd[11]]);
    if usize::from(entries) > MAX_ZIP_ENTRIES {
        return Err(too_many_entries());
    }
    // A ZIP64 locator stands 20 bytes before the record.
    if at >= 20 && &bytes[at - 20..at - 16] == b"PK\x06\x07" {
        let off = u64::from_le_bytes(bytes[at - 12..at - 4].try_into().unwrap_or_default());
        if let Some(rec) = usize::try_from(off).ok().and_then(|o| bytes.get(o..))
            && rec.len() >= 40
            && rec.starts_with(b"PK\x06\x06")
        {
            let total = u64::from_le_bytes(rec[32..40].try_into().unwrap_or_default());
            if total > MAX_ZIP_ENTRIES as u64 {
                return Err(too_many_entries());
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` an XLSX's shared-string table declares, which calamine
/// reserves as strings before reading one: at most [`MAX_CELLS`], and no
/// more than the part's size allows (a string takes 13 bytes at least,
/// `<si><t/></si>`). The table's opening tag is found as calamine finds it,
/// the first `sst` element the same XML reader reads (not one inside a
/// comment), and every `uniqueCount` on it is checked.
fn shared_string_count(part: impl Read, size: u64) -> Result<(), Invalid> {
    use quick_xml::events::Event;

    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let most = (size / 13).min(MAX_CELLS as u64);
    let e = loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => break e,
            Ok(Event::Eof) | Err(_) => return Ok(()), // calamine refuses it
            Ok(_) => {}
        }
    };
    for v in attr_values(e.attributes_raw().as_bytes(), b"uniqueCount") {
        // calamine reads the digits into a usize; anything else is skipped.
        let digits = !v.is_empty() && v.iter().all(u8::is_ascii_digit);
        let declared = std::str::from_utf8(v)
            .ok()
            .and_then(|s| s.parse::<u64>().ok());
        if digits && declared.is_none_or(|d| d > most) {
            return Err(refuse(format!(
                "Bảng chuỗi của tệp Excel khai báo {} chuỗi, quá số chuỗi tệp có thể chứa (tối đa {} chuỗi); tệp bị hỏng",
                declared.map_or_else(|| String::from_utf8_lossy(v).into_owned(), n),
                n(most)
            )));
        }
    }
    Ok(())
}

/// Every value given to an attribute named `name` (with any prefix) in a tag.
fn attr_values<'a>(tag: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(p) = tag[i..].windows(name.len()).position(|w| w == name) {
            let at = i + p;
            i = at + name.len();
            let before = at.checked_sub(1).map(|j| tag[j]);
            if before.is_some_and(|b| !(b.is_ascii_whitespace() || b == b':')) {
                continue;
            }
            let rest = &tag[i..];
            let eq = rest.iter().position(|b| !b.is_ascii_whitespace())?;
            if rest[eq] != b'=' {
                continue;
            }
            let rest = &rest[eq + 1..];
            let q = rest.iter().position(|b| !b.is_ascii_whitespace())?;
            let quote = rest[q];
            if quote != b'"' && quote != b'\'' {
                continue;
            }
            let value = &rest[q + 1..];
            let end = value.iter().position(|b| *b == quote)?;
            i += eq + 1 + q + 1 + end + 1;
            return Some(&value[..end]);
        }
        None
    })
}

/// What calamine allocates to build an ODS file's sheets: for each row, the
/// cells up to its last filled one (repeats expanded, 16.384 at most), then
/// the area from the first to the last filled row (row repeats expanded,
/// 1.048.576 rows at most) as wide as the widest row. Both are held at once
/// while a sheet is built, so together they are refused past
/// [`MAX_CELLS`] for the whole file.
fn ods_cells(content: impl Read) -> Result<(), Invalid> {
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

fn too_many_sheets() -> Invalid {
    refuse(format!(
        "Tệp có hơn {} trang tính; hãy chỉ giữ trang cần nhập",
        n(MAX_SHEETS as u64)
    ))
}

// ---------------------------------------------------------------- XLS

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

/// A compound file read the way calamine reads it, refusing what would
/// make calamine loop, index out of bounds or read past a sector.
struct Cfb<'a> {
    file: &'a [u8],
    size: usize,
    maxid: u32,
    fats: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl<'a> Cfb<'a> {
    fn sector(&self, id: u32) -> Result<&'a [u8], Invalid> {
        // Sector 0 follows the header, which fills the first sector.
        let start = (id as usize + 1) * self.size;
        if id > self.maxid || start + self.size > self.file.len() {
            return Err(broken_xls("một khối dữ liệu nằm ngoài tệp"));
        }
        Ok(&self.file[start..start + self.size])
    }

    /// The chain from `id` until the end mark or `len` bytes.
    fn chain(&self, mut id: u32, len: usize) -> Result<Vec<u8>, Invalid> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid as usize + 1 {
                return Err(broken_xls("chuỗi khối dữ liệu lặp vòng"));
            }
            let s = self.sector(id)?;
            let take = s.len().min(len - out.len());
            out.extend_from_slice(&s[..take]);
            if out.len() >= len {
                break;
            }
            id = *self
                .fats
                .get(id as usize)
                .ok_or_else(|| broken_xls("bảng cấp phát khối quá ngắn"))?;
        }
        Ok(out)
    }
}

/// The same chain through the mini stream's 64-byte sectors.
fn mini_chain(
    mini: &[u8],
    mini_fats: &[u32],
    maxid: u32,
    mut id: u32,
    len: usize,
) -> Result<Vec<u8>, Invalid> {
    let mut out = Vec::new();
    let mut steps = 0usize;
    while id != ENDOFCHAIN {
        steps += 1;
        let start = id as usize * 64;
        if steps > mini.len() / 64 + 1
            || u64::from(id) > u64::from(maxid) * 8
            || start + 64 > mini.len()
        {
            return Err(broken_xls("chuỗi khối nhỏ hỏng"));
        }
        let s = &mini[start..start + 64];
        let take = s.len().min(len - out.len());
        out.extend_from_slice(&s[..take]);
        if out.len() >= len {
            break;
        }
        id = *mini_fats
            .get(id as usize)
            .ok_or_else(|| broken_xls("bảng cấp phát khối nhỏ quá ngắn"))?;
    }
    Ok(out)
}

/// The workbook stream of an OLE2 file, read as calamine reads it; `None`
/// when calamine refuses the file by itself.
fn xls_stream(file: &[u8]) -> Result<Option<Vec<u8>>, Invalid> {
    if file.len() < 512 || !file.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(None);
    }
    let h = &file[..512];
    let size = match u16_at(h, 30) {
        Some(0x0009) => 512,
        Some(0x000C) if file.len() >= 4096 => 4096,
        _ => return Ok(None),
    };
    if u16_at(h, 32) != Some(6) {
        return Ok(None);
    }
    let version = u16_at(h, 26).unwrap_or(0);
    let dir_start = u32_at(h, 48).unwrap_or(0);
    let mini_fat_start = u32_at(h, 60).unwrap_or(0);
    let mini_fat_len = u32_at(h, 64).unwrap_or(0) as usize;
    let difat_start = u32_at(h, 68).unwrap_or(0);
    let maxid = u32::try_from(file.len() / size).unwrap_or(u32::MAX);
    let mut cfb = Cfb {
        file,
        size,
        maxid,
        fats: Vec::new(),
    };
    let mut difat: Vec<u32> = u32s(&h[76..512]).collect();
    let mut id = difat_start;
    let mut n = 0usize;
    while id < RESERVED_SECTORS {
        n += 1;
        if n > maxid as usize + 1 {
            return Err(broken_xls("chuỗi DIFAT lặp vòng"));
        }
        difat.extend(u32s(cfb.sector(id)?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // calamine reads each listed sector, however often it is listed.
    if fat_sectors.len() > maxid as usize + 1 {
        return Err(broken_xls("bảng cấp phát khối dài hơn tệp"));
    }
    let mut fats = Vec::new();
    for id in fat_sectors {
        fats.extend(u32s(cfb.sector(id)?));
    }
    cfb.fats = fats;
    let dirs = cfb.chain(dir_start, usize::MAX)?;
    // Name (UTF-16, up to its first NUL), start sector, length.
    let dirs: Vec<(String, u32, usize)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let units = d[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            let name: String = char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .take_while(|c| *c != '\0')
                .collect();
            let start = u32_at(d, 116).unwrap_or(0);
            let len = if size == 512 {
                u32_at(d, 120).unwrap_or(0) as usize
            } else {
                let lo = u64::from(u32_at(d, 120).unwrap_or(0));
                let hi = u64::from(u32_at(d, 124).unwrap_or(0));
                usize::try_from(lo | (hi << 32)).unwrap_or(usize::MAX)
            };
            (name, start, len)
        })
        .collect();
    let Some(root) = dirs.first() else {
        return Ok(None);
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    let (mini_fats, mini) = if mini_fat_len > 0 {
        let mini = cfb.chain(root.1, root.2)?;
        let mini_fats: Vec<u32> =
            u32s(&cfb.chain(mini_fat_start, mini_fat_len.saturating_mul(size))?).collect();
        (mini_fats, mini)
    } else {
        (Vec::new(), Vec::new())
    };
    for name in ["Workbook", "Book"] {
        if let Some((_, start, len)) = dirs.iter().find(|d| d.0.eq_ignore_ascii_case(name)) {
            let stream = if *len < 4096 {
                mini_chain(&mini, &mini_fats, maxid, *start, *len)?
            } else {
                cfb.chain(*start, *len)?
            };
            return Ok(Some(stream));
        }
    }
    Ok(None)
}

/// One BIFF record: type, data; `Continue` records after it are skipped.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rest = &stream[at..];
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        at += 4 + len;
        while let (Some(0x003C), Some(l)) = (u16_at(&stream[at..], 0), u16_at(&stream[at..], 2)) {
            if stream.len() < at + 4 + usize::from(l) {
                break;
            }
            at += 4 + usize::from(l);
        }
        Some((typ, data))
    })
}

/// The smallest length calamine assumes, without checking, of a workbook
/// record it reads.
fn globals_min_len(typ: u16) -> usize {
    match typ {
        0x002F | 0x0042 | 0x0022 | 0x0809 => 2, // FilePass, CodePage, DateMode, BOF
        0x0085 => 8,                            // BoundSheet8: position, state, type, name length
        0x0018 => 15,                           // Lbl
        _ => 0,
    }
}

/// Checks an XLS file's workbook stream for what calamine allocates when it
/// opens the file: every sheet is built whole, as the area its cells span.
pub(crate) fn check_xls(file: &[u8]) -> Result<(), Invalid> {
    let Some(stream) = xls_stream(file)? else {
        return Ok(());
    };
    let mut sheets = Vec::new();
    for (typ, data) in records(&stream) {
        if data.len() < globals_min_len(typ) {
            return Err(broken_xls("bản ghi quá ngắn"));
        }
        match typ {
            0x0085 => {
                let pos = u32_at(data, 0).unwrap_or(0) as usize;
                if pos > stream.len() {
                    return Err(broken_xls("trang tính nằm ngoài tệp"));
                }
                sheets.push(pos);
                if sheets.len() > MAX_SHEETS {
                    return Err(too_many_sheets());
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut walked = 0usize;
    let mut area = 0u64;
    for pos in sheets {
        let mut depth = 0usize;
        let mut seen_bof = false;
        // Row and column bounds of the cells, and of the formulas.
        let mut cells: Option<(u32, u32, u32, u32)> = None;
        let mut formulas: Option<(u32, u32, u32, u32)> = None;
        let widen = |b: &mut Option<(u32, u32, u32, u32)>, r: u32, c0: u32, c1: u32| {
            let (r0, r1, a, z) = b.unwrap_or((r, r, c0, c1));
            *b = Some((r0.min(r), r1.max(r), a.min(c0), z.max(c1)));
        };
        for (typ, data) in records(&stream[pos..]) {
            walked = walked.saturating_add(4 + data.len());
            if walked > stream.len().saturating_mul(2) + 65_536 {
                return Err(broken_xls("các trang tính chồng lên nhau"));
            }
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let pos_of = |d: &[u8]| -> Result<(u32, u32), Invalid> {
                match (u16_at(d, 0), u16_at(d, 2)) {
                    (Some(r), Some(c)) => Ok((u32::from(r), u32::from(c))),
                    _ => Err(broken_xls("bản ghi ô quá ngắn")),
                }
            };
            match typ {
                0x0809 => {
                    if data.len() < 2 {
                        return Err(broken_xls("bản ghi quá ngắn"));
                    }
                    if seen_bof {
                        depth += 1;
                    } else {
                        seen_bof = true;
                    }
                }
                // Dimensions: calamine reserves rows × columns cells.
                0x0200 => {
                    let (rf, rl, mut cf, cl) = match data.len() {
                        10 => (
                            u32::from(u16_at(data, 0).unwrap_or(0)),
                            u32::from(u16_at(data, 2).unwrap_or(0)),
                            u32::from(u16_at(data, 4).unwrap_or(0)),
                            u32::from(u16_at(data, 6).unwrap_or(0)),
                        ),
                        14 | 16 => (
                            u32_at(data, 0).unwrap_or(0),
                            u32_at(data, 4).unwrap_or(0),
                            u32::from(u16_at(data, 8).unwrap_or(0)),
                            u32::from(u16_at(data, 10).unwrap_or(0)),
                        ),
                        _ => continue,
                    };
                    if 0xFF < cf || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        if rf > rl - 1 || cf > cl - 1 {
                            return Err(broken_xls("kích thước trang tính sai"));
                        }
                        let declared = u64::from(rl - rf) * u64::from(cl - cf);
                        if declared > MAX_CELLS as u64 {
                            return Err(refuse(format!(
                                "Trang tính khai báo {} ô, quá giới hạn {} ô; hãy chia thành nhiều tệp nhỏ hơn",
                                n(declared),
                                n(MAX_CELLS as u64)
                            )));
                        }
                    }
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                    let (r, c) = pos_of(data)?;
                    widen(&mut cells, r, c, c);
                }
                0x0006 => {
                    let (r, c) = pos_of(data)?;
                    widen(&mut cells, r, c, c);
                    widen(&mut formulas, r, c, c);
                }
                // MulRk: a row of cells from the first column to the last.
                0x00BD => {
                    let (r, first) = pos_of(data)?;
                    let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                    match last {
                        Some(last)
                            if data.len() >= 6 && u32::from(last) >= first && last < 0xFFFF =>
                        {
                            widen(&mut cells, r, first, u32::from(last))
                        }
                        _ => return Err(broken_xls("bản ghi MulRk sai")),
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        for (r0, r1, c0, c1) in [cells, formulas].into_iter().flatten() {
            area = area.saturating_add(u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1));
        }
        if area > MAX_CELLS as u64 {
            return Err(too_many_cells());
        }
    }
    Ok(())
}

/// Hostile and ordinary files built in memory, for the tests and as the
/// seeds of the fuzz corpora.
#[cfg(test)]
pub(crate) mod fixtures {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    /// A ZIP of the given entries, deflated or stored.
    pub fn zip_of(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        for (name, data) in entries {
            w.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// The entries of a ZIP, to rebuild it with some replaced.
    pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut f, &mut data).unwrap();
                (f.name().unwrap().into_owned(), data)
            })
            .collect()
    }

    /// `bytes` with the entries named replaced or added.
    pub fn with_entries(bytes: &[u8], parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut entries = unzip(bytes);
        for (name, data) in parts {
            match entries.iter_mut().find(|(n, _)| n == name) {
                Some(e) => e.1 = data.to_vec(),
                None => entries.push((name.to_string(), data.to_vec())),
            }
        }
        let refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        zip_of(&refs, true)
    }

    /// Sets every central-directory entry's declared uncompressed size.
    pub fn declare_size(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
        let mut i = 0;
        while let Some(p) = zip[i..].windows(4).position(|w| w == b"PK\x01\x02") {
            let at = i + p;
            zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
            i = at + 4;
        }
        zip
    }

    /// A small XLSX with a header and two households.
    pub fn xlsx() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["Họ tên chủ hộ", "Số nhân khẩu", "Ngày lập"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "Nguyễn Văn An").unwrap();
        ws.write_number(1, 1, 4.0).unwrap();
        ws.write_string(1, 2, "2025-07-01").unwrap();
        ws.write_string(2, 0, "Trần Thị Bình").unwrap();
        ws.write_number(2, 1, 2.0).unwrap();
        book.save_to_buffer().unwrap()
    }

    /// An XLSX whose shared-string table declares `count` strings.
    pub fn shared_string_bomb(count: &str) -> Vec<u8> {
        let sst = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}"><si><t>Hộ</t></si></sst>"#
        );
        with_entries(&xlsx(), &[("xl/sharedStrings.xml", sst.as_bytes())])
    }

    /// An XLSX whose first sheet nests `depth` elements inside a cell.
    pub fn deep_xml(depth: usize) -> Vec<u8> {
        let mut x = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Họ tên chủ hộ</t></is></c><c r="B1" t="inlineStr"><is><t>Số nhân khẩu</t></is></c></row><row r="2"><c r="B2"><v>4</v></c><c r="A2" t="inlineStr"><is>"#,
        );
        x.push_str(&"<r>".repeat(depth));
        x.push_str("<t>x</t>");
        x.push_str(&"</r>".repeat(depth));
        x.push_str("</is></c></row></sheetData></worksheet>");
        with_entries(&xlsx(), &[("xl/worksheets/sheet1.xml", x.as_bytes())])
    }

    /// An ODS whose one sheet has `rows` rows (repeated), each with a
    /// header cell and `cols` filled cells (repeated).
    pub fn ods(rows: usize, cols: usize) -> Vec<u8> {
        let mimetype = b"application/vnd.oasis.opendocument.spreadsheet";
        let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Hộ"><table:table-row><table:table-cell office:value-type="string"><text:p>Họ tên chủ hộ</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Số nhân khẩu</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string"><text:p>Nguyễn Văn An</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="4" table:number-columns-repeated="{cols}"><text:p>4</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip_of(
            &[
                ("mimetype", mimetype),
                ("META-INF/manifest.xml", manifest),
                ("content.xml", content.as_bytes()),
            ],
            false,
        )
    }

    /// One BIFF record.
    pub fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    /// A BIFF8 Number record.
    pub fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(v.to_le_bytes());
        record(0x0203, &d)
    }

    /// A BIFF8 Label record (a string cell, UTF-16).
    pub fn label(row: u16, col: u16, s: &str) -> Vec<u8> {
        let units: Vec<u16> = s.encode_utf16().collect();
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend((units.len() as u16).to_le_bytes());
        d.push(1);
        for u in units {
            d.extend(u.to_le_bytes());
        }
        record(0x0204, &d)
    }

    /// A BIFF8 Dimensions record.
    pub fn dimensions(
        first_row: u32,
        last_row_plus1: u32,
        first_col: u16,
        last_col_plus1: u16,
    ) -> Vec<u8> {
        let mut d = first_row.to_le_bytes().to_vec();
        d.extend(last_row_plus1.to_le_bytes());
        d.extend(first_col.to_le_bytes());
        d.extend(last_col_plus1.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        record(0x0200, &d)
    }

    /// A workbook stream with one sheet holding the given records.
    pub fn biff(sheet: &[Vec<u8>]) -> Vec<u8> {
        biff_with(&[], sheet)
    }

    /// The same, with more records in the workbook's globals.
    pub fn biff_with(globals_extra: &[Vec<u8>], sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = |dt: u16| {
            let mut d = 0x0600u16.to_le_bytes().to_vec();
            d.extend(dt.to_le_bytes());
            d.extend([0u8; 12]);
            record(0x0809, &d)
        };
        let mut globals = bof(0x0005);
        globals.extend(record(0x0042, &1200u16.to_le_bytes()));
        for r in globals_extra {
            globals.extend(r);
        }
        let name: Vec<u8> = "Hộ".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let bound_sheet = |pos: u32| {
            let mut d = pos.to_le_bytes().to_vec();
            d.extend([0, 0, 2, 1]);
            d.extend(&name);
            record(0x0085, &d)
        };
        let eof = record(0x000A, &[]);
        let len = globals.len() + bound_sheet(0).len() + eof.len();
        globals.extend(bound_sheet(len as u32));
        globals.extend(&eof);
        globals.extend(bof(0x0010));
        for r in sheet {
            globals.extend(r);
        }
        globals.extend(&eof);
        globals
    }

    /// An OLE2 compound file holding `stream` as "Workbook" (padded to
    /// 4.096 bytes so it lives in regular sectors). `fat` may rewrite the
    /// sector table before it is written.
    pub fn ole2(stream: &[u8], fat: impl FnOnce(&mut Vec<u32>)) -> Vec<u8> {
        let mut stream = stream.to_vec();
        stream.resize(stream.len().max(4096).div_ceil(512) * 512, 0);
        let n = stream.len() / 512;
        // Sector 0: the FAT; sector 1: the directory; 2..: the stream.
        let mut table = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
        for i in 0..n as u32 {
            table.push(if i + 1 == n as u32 {
                0xFFFF_FFFE
            } else {
                3 + i
            });
        }
        table.resize(128, 0xFFFF_FFFF);
        fat(&mut table);
        let mut h = vec![0u8; 512];
        h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        h[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        h[26..28].copy_from_slice(&3u16.to_le_bytes());
        h[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        h[30..32].copy_from_slice(&9u16.to_le_bytes());
        h[32..34].copy_from_slice(&6u16.to_le_bytes());
        h[44..48].copy_from_slice(&1u32.to_le_bytes());
        h[48..52].copy_from_slice(&1u32.to_le_bytes());
        h[56..60].copy_from_slice(&4096u32.to_le_bytes());
        h[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        h[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for (i, c) in h[76..512].chunks_mut(4).enumerate() {
            c.copy_from_slice(&(if i == 0 { 0u32 } else { 0xFFFF_FFFF }).to_le_bytes());
        }
        let mut out = h;
        out.extend(table.iter().flat_map(|v| v.to_le_bytes()));
        let entry = |name: &str, typ: u8, start: u32, len: u32| {
            let mut e = vec![0u8; 128];
            let units: Vec<u8> = name
                .encode_utf16()
                .chain([0])
                .flat_map(u16::to_le_bytes)
                .collect();
            e[..units.len()].copy_from_slice(&units);
            e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
            e[66] = typ;
            e[68..80].copy_from_slice(&[0xFF; 12]);
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&len.to_le_bytes());
            e
        };
        out.extend(entry("Root Entry", 5, 0xFFFF_FFFE, 0));
        let mut wb = entry("Workbook", 2, 2, stream.len() as u32);
        // The root's child.
        out[512 + 512 + 76..512 + 512 + 80].copy_from_slice(&1u32.to_le_bytes());
        wb[68..76].copy_from_slice(&[0xFF; 8]);
        out.extend(wb);
        out.resize(512 * 3, 0);
        out.extend(&stream);
        out
    }

    /// An XLS file with a header row and one household.
    pub fn xls() -> Vec<u8> {
        ole2(
            &biff(&[
                dimensions(0, 2, 0, 2),
                label(0, 0, "Họ tên chủ hộ"),
                label(0, 1, "Số nhân khẩu"),
                label(1, 0, "Nguyễn Văn An"),
                number(1, 1, 4.0),
            ]),
            |_| {},
        )
    }
}

#[cfg(test)]
mod seeds {
    use super::fixtures::*;

    /// What a reader makes of a file, to compare a seed kept in the corpus
    /// with the one built here (a workbook's bytes differ by its creation
    /// time; what it reads as does not).
    fn outcome(target: &str, bytes: &[u8]) -> String {
        if target == "sheet" {
            format!(
                "{:?}",
                crate::sheet::read(bytes).map(|s| (s.headers, s.rows))
            )
        } else {
            format!("{:?}", crate::units_csv::parse(bytes).map(|r| r.len()))
        }
    }

    /// The seeds of the fuzz corpora (`fuzz/corpus/<target>/seed-*`) are in
    /// the corpus and read as the files built here do. With
    /// `XAPHUONG_WRITE_FUZZ_SEEDS=1` the test writes them instead.
    #[test]
    fn the_fuzz_seeds_are_in_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
        let writing = std::env::var_os("XAPHUONG_WRITE_FUZZ_SEEDS").is_some();
        let write = |target: &str, name: &str, bytes: &[u8]| {
            let dir = root.join(target);
            let path = dir.join(format!("seed-{name}"));
            if writing {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(path, bytes).unwrap();
            } else {
                let kept =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(outcome(target, &kept), outcome(target, bytes), "{name}");
            }
        };
        let xlsx = xlsx();
        let sheet: Vec<(&str, Vec<u8>)> = vec![
            ("households.xlsx", xlsx.clone()),
            ("households.xls", xls()),
            ("households.ods", ods(3, 2)),
            ("comma.csv", "Họ tên chủ hộ,Số nhân khẩu,Ngày lập\nNguyễn Văn An,4,2025-07-01\n\"Trần, Thị Bình\",2,\n".into()),
            ("semicolon.csv", "\u{feff}Tiêu đề\nHộ vi phạm;Ngày phát hiện\r\nHộ ông Bảy;01/03/2021\r\n\"Hộ \"\"bà\"\" Tư\";\r\n".into()),
            ("tcvn3.csv", "Họ tên,Địa chỉ\nNguyÔn V¨n An,tæ 5\n".into()),
            ("vni.csv", "Họ tên,Địa chỉ\nNguyeãn Vaên An,Vieät Nam\n".into()),
            ("not-utf8.csv", b"H\xf4 t\xean,S\xf4\n\xff\xfe,1\n".to_vec()),
            ("unclosed-quote.csv", "Họ tên,Số\n\"Nguyễn,4\nTrần,2\n".into()),
            ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
            ("no-directory.xlsx", xlsx[..xlsx.len() - 22].to_vec()),
            ("deep-xml.xlsx", deep_xml(2_000)),
            ("shared-string-bomb.xlsx", shared_string_bomb("4000000000")),
            ("declared-size.xlsx", declare_size(xlsx.clone(), 400_000_000)),
            ("ratio-bomb.xlsx", with_entries(&xlsx, &[("xl/worksheets/sheet1.xml", &vec![b' '; 3_000_000])])),
            ("cell-bomb.ods", ods(1_000, 16_384)),
            ("dimensions.xls", ole2(&biff(&[dimensions(0, 4_000_000_000, 0, 200)]), |_| {})),
            ("inverted-dimensions.xls", ole2(&biff(&[dimensions(10, 2, 0, 2)]), |_| {})),
            ("far-cells.xls", ole2(&biff(&[number(0, 0, 1.0), number(65_535, 255, 1.0)]), |_| {})),
            ("chain-loop.xls", ole2(&biff(&[number(0, 0, 1.0)]), |t| t[1] = 1)),
        ];
        for (name, bytes) in &sheet {
            write("sheet", name, bytes);
        }
        let units: Vec<(&str, Vec<u8>)> = vec![
            ("template.csv", crate::units_csv::TEMPLATE.into()),
            ("flat-semicolon.csv", "Mã TP;Tỉnh / Thành Phố;Mã QH;Quận Huyện;Mã PX;Phường Xã;Cấp\r\n06;Tỉnh Bắc Kạn;058;Thành phố Bắc Kạn;01834;Phường Nguyễn Thị Minh Khai;Phường\r\n06;Tỉnh Bắc Kạn;058;Thành phố Bắc Kạn;01849;Xã Dương Quang;Xã\r\n".into()),
            ("flat-2025.csv", "Mã TP,Tỉnh / Thành Phố,Mã,Tên,Cấp\n19,Tỉnh Thái Nguyên,01843,Phường Bắc Kạn,Phường\n".into()),
            ("conflict.csv", "Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp\n06,Tỉnh Bắc Kạn,01834,Phường A,Phường\n06,Tỉnh Khác,01837,Phường B,Phường\n".into()),
            ("tcvn3.csv", "ma,ten,loai,ma_cap_tren\n06,TØnh B¾c K¹n,TØnh,\n".into()),
            ("not-utf8.csv", b"ma,ten,loai,ma_cap_tren\n06,T\xecnh,\xff,\n".to_vec()),
            ("unclosed-quote.csv", "ma,ten,loai,ma_cap_tren\n\"06,Tỉnh Bắc Kạn,Tỉnh,\n".into()),
        ];
        for (name, bytes) in &units {
            write("units_csv", name, bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::sheet::read;
    use crate::units_csv::parse;

    /// The one message a refused file gets.
    fn refusal(r: Result<impl std::fmt::Debug, Invalid>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.0.len(), 1, "{e:?}");
        assert_eq!(e.0[0].field, "tệp");
        e.0[0].message.clone()
    }

    const ROWS: &str = "Tệp có hơn 1.048.576 dòng; hãy chia thành nhiều tệp nhỏ hơn";
    const CELLS: &str = "Tệp có hơn 10.000.000 ô dữ liệu; hãy chia thành nhiều tệp nhỏ hơn";
    const LINE_2: &str =
        "Dòng 2 dài hơn 1.000.000 byte; tệp CSV có thể bị hỏng (thiếu dấu ngoặc kép đóng?)";

    fn broken(what: &str) -> String {
        format!(
            "Tệp Excel (.xls) bị hỏng ({what}). Hãy mở tệp trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» rồi nhập lại"
        )
    }

    #[test]
    fn the_limits_read_as_their_messages_say() {
        assert_eq!(n(MAX_ROWS as u64), "1.048.576");
        assert_eq!(n(MAX_CELLS as u64), "10.000.000");
        assert_eq!(n(MAX_UNPACKED_BYTES), "300.000.000");
    }

    #[test]
    fn a_csv_of_more_rows_than_the_limit_is_refused_before_reading() {
        let mut csv = String::from("Họ tên,Số\n");
        csv.push_str(&"a,1\n".repeat(MAX_ROWS));
        assert_eq!(refusal(read(csv.as_bytes())), ROWS);
        let mut units = String::from("ma,ten,loai,ma_cap_tren\n");
        units.push_str(&"06,Tỉnh Bắc Kạn,Tỉnh,\n".repeat(MAX_ROWS));
        assert_eq!(refusal(parse(units.as_bytes())), ROWS);
        // At the limit, the file is read.
        let at_limit = &csv.as_bytes()[..csv.len() - 4];
        assert_eq!(read(at_limit).unwrap().rows.len(), MAX_ROWS - 1);
    }

    #[test]
    fn a_csv_of_more_cells_than_the_limit_is_refused() {
        let mut csv = String::from("Họ tên,Số\n");
        let line = format!("{}\n", ",".repeat(9_999));
        csv.push_str(&line.repeat(MAX_CELLS / 10_000));
        assert_eq!(refusal(read(csv.as_bytes())), CELLS);
    }

    #[test]
    fn a_giant_csv_field_or_an_unclosed_quote_is_refused() {
        let long = format!("Họ tên,Số\n{},1\n", "x".repeat(MAX_LINE_BYTES));
        assert_eq!(refusal(read(long.as_bytes())), LINE_2);
        let unclosed = format!("Họ tên,Số\n\"Nguyễn,1\n{}", "Trần,2\n".repeat(200_000));
        assert_eq!(refusal(read(unclosed.as_bytes())), LINE_2);
        let units = format!(
            "ma,ten,loai,ma_cap_tren\n06,\"{},Tỉnh,\n",
            "Tỉnh\n".repeat(200_000)
        );
        assert_eq!(refusal(parse(units.as_bytes())), LINE_2);
        // Quotes inside a field and doubled quotes do not open a record.
        let fine = "Họ tên,Ghi chú\nNguyễn Văn \"Tư\",\"có \"\"dấu\"\" phẩy, và\nxuống dòng\"\n";
        let s = read(fine.as_bytes()).unwrap();
        // Cleaned: the line break inside the quotes reads as a space.
        assert_eq!(s.rows[0].1[1], "có \"dấu\" phẩy, và xuống dòng");
    }

    #[test]
    fn invalid_utf8_and_legacy_encodings_are_named() {
        assert_eq!(
            refusal(read(b"H\xf4 t\xean,S\xf4\n\xff,1\n")),
            "Tệp không phải Excel, cũng không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)» hoặc «CSV UTF-8»"
        );
        assert_eq!(
            refusal(parse(b"ma,ten,loai,ma_cap_tren\n06,T\xecnh,,\n")),
            "Tệp không phải văn bản UTF-8. Trong Excel, chọn Lưu thành → «CSV UTF-8 (Comma delimited)»"
        );
        let e = read("Họ tên,Địa chỉ\nVieät Nam,Hà Nội\n".as_bytes()).unwrap_err();
        assert_eq!(
            (e.0[0].row, e.0[0].field.as_str(), e.0[0].message.as_str()),
            (
                Some(2),
                "Họ tên",
                "«Vieät Nam» có vẻ gõ bằng bảng mã cũ VNI; hãy chuyển tệp sang Unicode (Unikey: Công cụ chuyển mã) rồi nhập lại"
            )
        );
    }

    #[test]
    fn a_zip_of_too_many_entries_is_refused() {
        let names: Vec<String> = (0..=MAX_ZIP_ENTRIES)
            .map(|i| format!("xl/{i}.xml"))
            .collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert_eq!(
            refusal(read(&zip_of(&entries, false))),
            "Tệp Excel có hơn 5.000 mục nén bên trong; đây không phải một bảng tính thông thường"
        );
    }

    #[test]
    fn a_zip_declaring_a_huge_entry_is_refused() {
        assert_eq!(
            refusal(read(&declare_size(xlsx(), 400_000_000))),
            "Tệp Excel khi giải nén lớn hơn 300.000.000 byte (300 MB); hãy chia thành nhiều tệp nhỏ hơn"
        );
        // Declared smaller than it inflates to: the zip crate stops at the
        // declared size.
        let lying = declare_size(xlsx(), 10);
        assert!(refusal(read(&lying)).starts_with("Không đọc được tệp Excel"));
    }

    #[test]
    fn a_compression_bomb_is_refused() {
        let bomb = with_entries(
            &xlsx(),
            &[("xl/worksheets/sheet1.xml", &vec![b' '; 3_000_000])],
        );
        assert_eq!(
            refusal(read(&bomb)),
            "Mục «xl/worksheets/sheet1.xml» trong tệp nén được nén hơn 250 lần: có thể là «bom nén», không đọc"
        );
    }

    #[test]
    fn a_shared_string_bomb_is_refused_before_calamine_reserves_it() {
        // 176 bytes of table hold 13 strings at most.
        assert_eq!(
            refusal(read(&shared_string_bomb("4000000000"))),
            "Bảng chuỗi của tệp Excel khai báo 4.000.000.000 chuỗi, quá số chuỗi tệp có thể chứa (tối đa 13 chuỗi); tệp bị hỏng"
        );
        assert_eq!(
            refusal(read(&shared_string_bomb("99999999999999999999999"))),
            "Bảng chuỗi của tệp Excel khai báo 99999999999999999999999 chuỗi, quá số chuỗi tệp có thể chứa (tối đa 15 chuỗi); tệp bị hỏng"
        );
        // A decoy inside a comment, the real tag past the first 64 KB.
        let sst = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><!-- <sst uniqueCount="1"> {} --><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000"><si><t>Hộ</t></si></sst>"#,
            "x".repeat(70_000)
        );
        let decoy = with_entries(&xlsx(), &[("xl/sharedStrings.xml", sst.as_bytes())]);
        assert_eq!(
            refusal(read(&decoy)),
            "Bảng chuỗi của tệp Excel khai báo 4.000.000.000 chuỗi, quá số chuỗi tệp có thể chứa (tối đa 5.399 chuỗi); tệp bị hỏng"
        );
        // rust_xlsxwriter's table, with its true count, is read.
        assert!(
            unzip(&xlsx())
                .iter()
                .any(|(n, _)| n == "xl/sharedStrings.xml")
        );
        assert_eq!(read(&xlsx()).unwrap().rows.len(), 2);
    }

    #[test]
    fn a_deeply_nested_worksheet_is_read_in_bounded_time() {
        let s = read(&deep_xml(100_000)).unwrap();
        assert_eq!(s.headers, ["ho ten chu ho", "so nhan khau"]);
        assert_eq!(s.rows, [(2, vec!["x".to_owned(), "4".to_owned()])]);
    }

    #[test]
    fn an_xlsx_of_more_rows_than_the_limit_is_refused() {
        let mut x = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        x.push_str(&"<row><c><v>1</v></c><c><v>2</v></c></row>".repeat(MAX_ROWS + 1));
        x.push_str("</sheetData></worksheet>");
        let mut entries = unzip(&xlsx());
        entries.retain(|(n, _)| n != "xl/worksheets/sheet1.xml");
        let mut refs: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        refs.push(("xl/worksheets/sheet1.xml", x.as_bytes()));
        // Stored: such a regular sheet deflates past the ratio limit.
        assert_eq!(refusal(read(&zip_of(&refs, false))), ROWS);
    }

    #[test]
    fn xlsb_is_refused() {
        let book = zip_of(&[("xl/workbook.bin", b"\x83\x01\x00")], true);
        assert_eq!(
            refusal(read(&book)),
            "Tệp Excel nhị phân (.xlsb) chưa được hỗ trợ. Trong Excel, chọn Lưu thành → «Excel Workbook (.xlsx)»"
        );
    }

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

    #[test]
    fn an_xls_is_read() {
        let s = read(&xls()).unwrap();
        assert_eq!(s.headers, ["ho ten chu ho", "so nhan khau"]);
        assert_eq!(
            s.rows,
            [(2, vec!["Nguyễn Văn An".to_owned(), "4".to_owned()])]
        );
    }

    #[test]
    fn xls_declared_dimensions_are_bounded() {
        let huge = ole2(&biff(&[dimensions(0, 4_000_000_000, 0, 200)]), |_| {});
        assert_eq!(
            refusal(read(&huge)),
            "Trang tính khai báo 800.000.000.000 ô, quá giới hạn 10.000.000 ô; hãy chia thành nhiều tệp nhỏ hơn"
        );
        // Last row before the first: calamine would subtract past zero.
        let inverted = ole2(&biff(&[dimensions(10, 2, 0, 2)]), |_| {});
        assert_eq!(
            refusal(read(&inverted)),
            broken("kích thước trang tính sai")
        );
    }

    #[test]
    fn xls_cells_far_apart_are_refused() {
        // calamine would allocate the 65.536 × 256 cells between them.
        let far = ole2(
            &biff(&[number(0, 0, 1.0), number(65_535, 255, 1.0)]),
            |_| {},
        );
        assert_eq!(refusal(read(&far)), CELLS);
    }

    #[test]
    fn xls_sector_chains_that_loop_or_leave_the_file_are_refused() {
        // The directory's sector points to itself: calamine would read it
        // forever.
        let looping = ole2(&biff(&[number(0, 0, 1.0)]), |t| t[1] = 1);
        assert_eq!(
            refusal(read(&looping)),
            broken("chuỗi khối dữ liệu lặp vòng")
        );
        let outside = ole2(&biff(&[number(0, 0, 1.0)]), |t| t[1] = 0);
        assert_eq!(
            refusal(read(&outside)),
            broken("một khối dữ liệu nằm ngoài tệp")
        );
        // The FAT listed once per DIFAT slot: calamine would read it 109
        // times over.
        let mut listed = ole2(&biff(&[number(0, 0, 1.0)]), |_| {});
        for c in listed[76..512].chunks_mut(4) {
            c.copy_from_slice(&0u32.to_le_bytes());
        }
        listed.truncate(512 * 4);
        assert_eq!(
            refusal(read(&listed)),
            broken("bảng cấp phát khối dài hơn tệp")
        );
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
