//! The list of administrative units from CSV, in either of two layouts:
//!
//! - one unit per line: `ma,ten,loai,ma_cap_tren` (code, name, kind, code of
//!   the unit above — empty for a province);
//! - the national statistics office's flat list, one commune per line with
//!   its province and district: `Mã TP, Tỉnh / Thành Phố, Mã QH, Quận Huyện,
//!   Mã PX, Phường Xã, Cấp` (the district columns may be absent, as in lists
//!   after 01/07/2025).
//!
//! Headers are matched without diacritics or case; `,` or `;` separates. The
//! whole file is read and every problem reported with its line and column.

use std::collections::HashMap;

use xaphuong_core::text::{clean, fold};
use xaphuong_core::units::{ImportRow, Kind, Level};
use xaphuong_core::{FieldError, Invalid};

/// A template officers can fill in (UTF-8 with a byte-order mark, which Excel
/// needs to read Vietnamese).
pub const TEMPLATE: &str = "\u{feff}ma,ten,loai,ma_cap_tren
06,Tỉnh Bắc Kạn,Tỉnh,
058,Thành phố Bắc Kạn,Thành phố thuộc tỉnh,06
01843,Phường Phùng Chí Kiên,Phường,058
T01,Tổ 1,Tổ dân phố,01843
";

enum Layout {
    PerUnit {
        code: usize,
        name: usize,
        kind: usize,
        parent: usize,
    },
    Flat {
        p_code: usize,
        p_name: usize,
        d: Option<(usize, usize)>,
        c_code: usize,
        c_name: usize,
        c_kind: Option<usize>,
    },
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| names.contains(&h.as_str()))
}

fn layout(headers: &[String]) -> Result<Layout, Invalid> {
    if let Some(p_code) = find(headers, &["ma tp", "ma tinh"]) {
        let need = |names: &[&str], label: &str| {
            find(headers, names).ok_or_else(|| Invalid::one(label, format!("Thiếu cột «{label}»")))
        };
        let p_name = need(
            &[
                "tinh / thanh pho",
                "tinh/thanh pho",
                "tinh thanh pho",
                "tinh",
            ],
            "Tỉnh / Thành Phố",
        )?;
        let c_code = need(&["ma px", "ma xa", "ma"], "Mã PX")?;
        let c_name = need(&["phuong xa", "xa", "ten"], "Phường Xã")?;
        let d = match (
            find(headers, &["ma qh", "ma huyen"]),
            find(headers, &["quan huyen", "huyen"]),
        ) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        };
        return Ok(Layout::Flat {
            p_code,
            p_name,
            d,
            c_code,
            c_name,
            c_kind: find(headers, &["cap", "loai"]),
        });
    }
    let mut missing = Invalid::default();
    let mut need = |names: &[&str], label: &str| {
        let i = find(headers, names);
        if i.is_none() {
            missing.push(label, format!("Thiếu cột «{label}» ở dòng tiêu đề"));
        }
        i.unwrap_or(0)
    };
    let code = need(&["ma"], "ma");
    let name = need(&["ten"], "ten");
    let kind = need(&["loai", "cap"], "loai");
    let parent = need(&["ma_cap_tren", "ma cap tren"], "ma_cap_tren");
    missing.into_result()?;
    Ok(Layout::PerUnit {
        code,
        name,
        kind,
        parent,
    })
}

/// The level a national code's length implies.
fn level_of_code(code: &str) -> Option<Level> {
    match code.len() {
        2 => Some(Level::Province),
        3 => Some(Level::District),
        5 => Some(Level::Commune),
        _ => None,
    }
}

/// The kind from an explicit label, or from the first words of the name
/// ("Phường Phùng Chí Kiên" → Phường).
fn kind_of(label: Option<&str>, name: &str, level: Option<Level>) -> Option<Kind> {
    if let Some(l) = label.map(str::trim).filter(|l| !l.is_empty()) {
        return Kind::from_label(l, level);
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=3).rev().filter(|n| *n <= words.len()).find_map(|n| {
        Kind::from_label(&words[..n].join(" "), level)
            .filter(|k| level.is_none_or(|l| k.level() == l))
    })
}

pub fn parse(bytes: &[u8]) -> Result<Vec<ImportRow>, Invalid> {
    let mut reader = crate::sheet::csv_reader(bytes, crate::sheet::NOT_UTF8_CSV, true)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Invalid::one("tệp", format!("Không đọc được dòng tiêu đề: {e}")))?
        .iter()
        .map(|h| {
            fold(h)
                .replace('_', " ")
                .replace("ma cap tren", "ma_cap_tren")
        })
        .collect();
    let layout = layout(&headers)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    // Provinces and districts repeat on every line of the flat list.
    let mut uppers: HashMap<String, (usize, String)> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors
                    .push(FieldError::new("tệp", format!("Không đọc được dòng: {e}")).at_row(line));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| clean(record.get(i).unwrap_or_default());
        match &layout {
            Layout::PerUnit {
                code,
                name,
                kind,
                parent,
            } => {
                let (code, name, label, parent) =
                    (cell(*code), cell(*name), cell(*kind), cell(*parent));
                let level = level_of_code(&code).or(if parent.is_empty() {
                    Some(Level::Province)
                } else {
                    None
                });
                match kind_of(Some(&label), &name, level) {
                    Some(kind) => rows.push(ImportRow {
                        row: line,
                        code,
                        name,
                        kind,
                        parent_code: parent,
                    }),
                    None => errors.push(
                        FieldError::new("loai", format!("Không rõ loại đơn vị «{label}»"))
                            .at_row(line),
                    ),
                }
            }
            Layout::Flat {
                p_code,
                p_name,
                d,
                c_code,
                c_name,
                c_kind,
            } => {
                let mut parent = String::new();
                let mut uppers_of_line =
                    vec![(cell(*p_code), cell(*p_name), Level::Province, "Mã TP")];
                if let Some((dc, dn)) = d {
                    uppers_of_line.push((cell(*dc), cell(*dn), Level::District, "Mã QH"));
                }
                for (code, name, level, column) in uppers_of_line {
                    if code.is_empty() {
                        continue;
                    }
                    match uppers.get(&code) {
                        Some((_, known)) if fold(known) != fold(&name) => errors.push(
                            FieldError::new(
                                column,
                                format!("Mã {code} đã gặp với tên «{known}», nay lại là «{name}»"),
                            )
                            .at_row(line),
                        ),
                        Some(_) => {}
                        None => match kind_of(None, &name, Some(level)) {
                            Some(kind) => {
                                uppers.insert(code.clone(), (line, name.clone()));
                                rows.push(ImportRow {
                                    row: line,
                                    code: code.clone(),
                                    name,
                                    kind,
                                    parent_code: parent.clone(),
                                });
                            }
                            None => errors.push(
                                FieldError::new(
                                    column,
                                    format!("Không rõ loại đơn vị của «{name}»"),
                                )
                                .at_row(line),
                            ),
                        },
                    }
                    parent = code;
                }
                let (code, name) = (cell(*c_code), cell(*c_name));
                let label = c_kind.map(cell);
                match kind_of(label.as_deref(), &name, Some(Level::Commune)) {
                    Some(kind) => rows.push(ImportRow {
                        row: line,
                        code,
                        name,
                        kind,
                        parent_code: parent,
                    }),
                    None => errors.push(
                        FieldError::new("Cấp", format!("Không rõ loại đơn vị của «{name}»"))
                            .at_row(line),
                    ),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    if rows.is_empty() {
        return Err(Invalid::one("tệp", "Tệp không có dòng dữ liệu nào"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses() {
        let rows = parse(TEMPLATE.as_bytes()).unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.row, r.code.as_str(), r.kind, r.parent_code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "06", Kind::Tinh, ""),
                (3, "058", Kind::ThanhPhoThuocTinh, "06"),
                (4, "01843", Kind::Phuong, "058"),
                (5, "T01", Kind::ToDanPho, "01843"),
            ]
        );
    }

    #[test]
    fn the_flat_national_list_parses_with_semicolons() {
        let csv = "Mã TP;Tỉnh / Thành Phố;Mã QH;Quận Huyện;Mã PX;Phường Xã;Cấp\n\
                   06;Tỉnh Bắc Kạn;058;Thành phố Bắc Kạn;01834;Phường Nguyễn Thị Minh Khai;Phường\n\
                   06;Tỉnh Bắc Kạn;058;Thành phố Bắc Kạn;01849;Xã Dương Quang;Xã\n";
        let rows = parse(csv.as_bytes()).unwrap();
        let got: Vec<_> = rows
            .iter()
            .map(|r| (r.code.as_str(), r.kind, r.parent_code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("06", Kind::Tinh, ""),
                ("058", Kind::ThanhPhoThuocTinh, "06"),
                ("01834", Kind::Phuong, "058"),
                ("01849", Kind::Xa, "058"),
            ]
        );
        // After 2025: no district columns, communes directly under the province.
        let csv =
            "Mã TP,Tỉnh / Thành Phố,Mã,Tên,Cấp\n19,Tỉnh Thái Nguyên,01843,Phường Bắc Kạn,Phường\n";
        let rows = parse(csv.as_bytes()).unwrap();
        assert_eq!(rows[1].parent_code, "19");
    }

    #[test]
    fn problems_name_line_and_column() {
        let csv = "ma,ten,loai,ma_cap_tren\n06,Tỉnh Bắc Kạn,Tỉnh,\n058,Thành phố Bắc Kạn,Vùng,06\n";
        let e = parse(csv.as_bytes()).unwrap_err();
        assert_eq!(
            e.0,
            [FieldError::new("loai", "Không rõ loại đơn vị «Vùng»").at_row(3)]
        );
        let e = parse(b"code,name\n1,2\n").unwrap_err();
        assert_eq!(e.0.len(), 4);
        assert!(e.0.iter().all(|x| x.message.contains("Thiếu cột")));
        let e = parse(b"ma,ten,loai,ma_cap_tren\n\xff\n").unwrap_err();
        assert!(e.0[0].message.contains("UTF-8"));
        assert!(parse("ma,ten,loai,ma_cap_tren\n".as_bytes()).is_err());
        let conflicting = "Mã TP,Tỉnh / Thành Phố,Mã PX,Phường Xã,Cấp\n06,Tỉnh Bắc Kạn,01834,Phường A,Phường\n06,Tỉnh Khác,01837,Phường B,Phường\n";
        let e = parse(conflicting.as_bytes()).unwrap_err();
        assert_eq!((e.0[0].row, e.0[0].field.as_str()), (Some(3), "Mã TP"));
    }
}
