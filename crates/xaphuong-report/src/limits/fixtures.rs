//! Hostile and ordinary files built in memory, for the tests and as the
//! seeds of the fuzz corpora.

use std::io::Write;

use xaphuong_core::Invalid;
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

/// The one message a refused file gets.
pub fn refusal(r: Result<impl std::fmt::Debug, Invalid>) -> String {
    let e = r.unwrap_err();
    assert_eq!(e.0.len(), 1, "{e:?}");
    assert_eq!(e.0[0].field, "tệp");
    e.0[0].message.clone()
}

pub const ROWS: &str = "Tệp có hơn 1.048.576 dòng; hãy chia thành nhiều tệp nhỏ hơn";

pub const CELLS: &str = "Tệp có hơn 10.000.000 ô dữ liệu; hãy chia thành nhiều tệp nhỏ hơn";
