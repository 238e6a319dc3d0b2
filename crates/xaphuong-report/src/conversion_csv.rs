//! The old-to-new conversion table of the commune arrangement of 1 July
//! 2025, as the statistics office publishes it: a heading line, then the
//! header `Tỉnh, thành phố, Tên Xã mới, Mã Xã mới, Tên Xã cũ, Mã Xã cũ, Ghi
//! chú, Quận/huyện, Tỉnh cũ`, a heading row before each province's rows
//! ("TỈNH THÁI NGUYÊN"), and one row per old commune with its new one; the
//! province is written "Tỉnh Thái Nguyên (19)". Headers are matched without
//! diacritics or case; the whole file is read and every problem reported
//! with its line and column.

use xaphuong_core::reorganisations::conversion::ConversionRow;
use xaphuong_core::text::{clean, fold};
use xaphuong_core::{FieldError, Invalid};

const COLUMNS: [(&str, &str); 6] = [
    ("tinh, thanh pho", "Tỉnh, thành phố"),
    ("ten xa moi", "Tên Xã mới"),
    ("ma xa moi", "Mã Xã mới"),
    ("ten xa cu", "Tên Xã cũ"),
    ("ma xa cu", "Mã Xã cũ"),
    ("ghi chu", "Ghi chú"),
];

/// "Tỉnh Thái Nguyên (19)" → ("Tỉnh Thái Nguyên", "19").
fn named_code(s: &str) -> Option<(String, String)> {
    let s = clean(s);
    let open = s.rfind('(')?;
    let code = s[open + 1..].strip_suffix(')')?.trim().to_owned();
    let name = s[..open].trim().to_owned();
    (!name.is_empty() && code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()))
        .then_some((name, code))
}

fn commune_code(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.to_owned())
}

pub fn parse(bytes: &[u8]) -> Result<Vec<ConversionRow>, Invalid> {
    let mut reader = crate::sheet::csv_reader(bytes, crate::sheet::NOT_UTF8_CSV, false)?;
    let mut columns: Option<[usize; 6]> = None;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors
                    .push(FieldError::new("tệp", format!("Không đọc được dòng: {e}")).at_row(line));
                continue;
            }
        };
        let Some(cols) = columns else {
            // The header is the first line naming every column.
            let headers: Vec<String> = record.iter().map(fold).collect();
            let found: Vec<Option<usize>> = COLUMNS
                .iter()
                .map(|(key, _)| headers.iter().position(|h| h == key))
                .collect();
            if found.iter().all(Option::is_some) {
                let mut c = [0; 6];
                for (k, f) in found.into_iter().enumerate() {
                    c[k] = f.unwrap_or_default();
                }
                columns = Some(c);
            } else if line >= 5 {
                let missing: Vec<&str> = COLUMNS
                    .iter()
                    .zip(&found)
                    .filter(|(_, f)| f.is_none())
                    .map(|((_, label), _)| *label)
                    .collect();
                return Err(Invalid::one(
                    "tệp",
                    format!(
                        "Không thấy dòng tiêu đề của bảng chuyển đổi trong 5 dòng đầu; thiếu cột {}",
                        missing.join(", ")
                    ),
                ));
            }
            continue;
        };
        let cell = |k: usize| record.get(cols[k]).map(clean).unwrap_or_default();
        // A province's heading row, or an empty line.
        if cell(2).is_empty() && cell(4).is_empty() {
            continue;
        }
        // A new unit made of no old commune (a district become a special
        // zone, a foreshore): nothing held here can be its predecessor.
        if cell(4).is_empty() {
            continue;
        }
        let mut bad = |k: usize, message: String| {
            errors.push(FieldError::new(COLUMNS[k].1, message).at_row(line));
        };
        let province = named_code(&cell(0));
        if province.is_none() {
            bad(
                0,
                format!("«{}» không có dạng «Tỉnh Thái Nguyên (19)»", cell(0)),
            );
        }
        let new_code = commune_code(&cell(2));
        if new_code.is_none() {
            bad(2, format!("Mã xã «{}» phải gồm đúng 5 chữ số", cell(2)));
        }
        let old_code = commune_code(&cell(4));
        if old_code.is_none() {
            bad(4, format!("Mã xã «{}» phải gồm đúng 5 chữ số", cell(4)));
        }
        for k in [1, 3] {
            if cell(k).is_empty() {
                bad(k, "Không được để trống".into());
            }
        }
        if let (Some((province_name, province_code)), Some(new_code), Some(old_code)) =
            (province, new_code, old_code)
        {
            rows.push(ConversionRow {
                row: line,
                province_code,
                province_name,
                new_code,
                new_name: cell(1),
                old_code,
                old_name: cell(3),
                note: cell(5),
            });
        }
    }
    if columns.is_none() {
        return Err(Invalid::one(
            "tệp",
            "Tệp không có dòng tiêu đề của bảng chuyển đổi",
        ));
    }
    if !errors.is_empty() {
        return Err(Invalid(errors));
    }
    if rows.is_empty() {
        return Err(Invalid::one("tệp", "Bảng chuyển đổi không có dòng nào"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_table_reads_row_by_row() {
        let bytes = include_bytes!("../tests/data/chuyen-doi-2025-thanh-pho-bac-kan.csv");
        let rows = parse(bytes).unwrap();
        assert_eq!(rows.len(), 8);
        let pck = rows.iter().find(|r| r.old_code == "01843").unwrap();
        assert_eq!(
            (
                pck.row,
                pck.province_code.as_str(),
                pck.province_name.as_str(),
                pck.new_code.as_str(),
                pck.new_name.as_str(),
                pck.old_name.as_str(),
                pck.note.as_str()
            ),
            (
                8,
                "19",
                "Tỉnh Thái Nguyên",
                "01843",
                "Phường Bắc Kạn",
                "Phường Phùng Chí Kiên",
                "Nhập toàn bộ"
            )
        );
    }

    #[test]
    fn every_bad_cell_is_named_with_its_line() {
        let file = "\"Tỉnh, thành phố\",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú\n\
            Tỉnh Thái Nguyên (19),Phường Bắc Kạn,1843,Phường Sông Cầu,01837,Nhập toàn bộ\n\
            Thái Nguyên,Phường Bắc Kạn,01843,,01843,\n";
        let e = parse(file.as_bytes()).unwrap_err();
        let got: Vec<(Option<usize>, &str)> =
            e.0.iter().map(|f| (f.row, f.field.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some(2), "Mã Xã mới"),
                (Some(3), "Tỉnh, thành phố"),
                (Some(3), "Tên Xã cũ")
            ]
        );
        let e = parse(b"ma,ten\n1,2\n3,4\n5,6\n7,8\n9,10\n").unwrap_err();
        assert!(
            e.0[0].message.contains("thiếu cột Tỉnh, thành phố"),
            "{e:?}"
        );
    }
}
