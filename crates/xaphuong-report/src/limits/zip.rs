//! ZIP workbooks (XLSX, ODS): the central directory and the parts calamine
//! sizes its allocations from.

use std::io::{Cursor, Read};

use xaphuong_core::Invalid;

use super::ods::ods_cells;
use super::{
    MAX_CELLS, MAX_PACK_RATIO, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, PACK_RATIO_FLOOR, n, refuse,
};

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
pub(super) fn attr_values<'a>(
    tag: &'a [u8],
    name: &'a [u8],
) -> impl Iterator<Item = &'a [u8]> + 'a {
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

#[cfg(test)]
mod tests {
    use super::super::MAX_ROWS;
    use super::super::fixtures::*;
    use super::*;
    use crate::sheet::read;

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
}
