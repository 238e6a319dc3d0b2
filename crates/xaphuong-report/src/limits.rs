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
/// `<si><t/></si>`).
fn shared_string_count(part: impl Read, size: u64) -> Result<(), Invalid> {
    // The opening tag comes first; its attributes are all that is read.
    let mut head = Vec::new();
    part.take(64 * 1024).read_to_end(&mut head).ok();
    let Some(tag) = find_tag(&head, b"sst") else {
        return Ok(());
    };
    let most = (size / 13).min(MAX_CELLS as u64);
    for v in attr_values(tag, b"uniqueCount") {
        // calamine reads the digits into a usize; anything else is skipped.
        let digits = v.iter().all(u8::is_ascii_digit) && !v.is_empty();
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

/// The bytes of the first start tag whose local name is `local`, from `<`
/// to `>`.
fn find_tag<'a>(xml: &'a [u8], local: &[u8]) -> Option<&'a [u8]> {
    let mut i = 0;
    while let Some(p) = xml[i..].iter().position(|b| *b == b'<') {
        let start = i + p;
        let end = xml[start..].iter().position(|b| *b == b'>')? + start;
        let tag = &xml[start + 1..end];
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let local_name = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        if local_name == local {
            return Some(&xml[start..=end]);
        }
        i = end + 1;
    }
    None
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
/// 1.048.576 rows at most) as wide as the widest row. Both are refused past
/// [`MAX_CELLS`] for the whole file.
fn ods_cells(content: impl Read) -> Result<(), Invalid> {
    use quick_xml::events::{BytesStart, Event};

    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    xml.config_mut().check_end_names = false;
    let number = |e: &BytesStart<'_>, key: &str| -> Option<usize> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == key)
            .and_then(|a| a.value.trim().parse().ok())
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
                tally.row = Some((number(&e, "number-rows-repeated").unwrap_or(1), 0, 0));
                if empty {
                    tally.end_row()?;
                }
            }
            "table-cell" | "covered-table-cell" => {
                // A cell with a value, a formula or content is filled.
                let filled = !empty
                    || e.attributes()
                        .flatten()
                        .any(|a| matches!(a.key.local_name().as_ref(), "value-type" | "formula"));
                tally.cell(number(&e, "number-columns-repeated").unwrap_or(1), filled);
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
            if self.raw > MAX_CELLS {
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
        if self.area > MAX_CELLS {
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
fn records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8])> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rest = &stream[at..];
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        let here = at;
        at += 4 + len;
        while let (Some(0x003C), Some(l)) = (u16_at(&stream[at..], 0), u16_at(&stream[at..], 2)) {
            if stream.len() < at + 4 + usize::from(l) {
                break;
            }
            at += 4 + usize::from(l);
        }
        Some((here, typ, data))
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
    for (_, typ, data) in records(&stream) {
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
        for (_, typ, data) in records(&stream[pos..]) {
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
