//! CSV: records and fields counted as the csv crate would split them.

use xaphuong_core::Invalid;

use super::{MAX_CELLS, MAX_LINE_BYTES, MAX_ROWS, n, refuse, too_many_cells, too_many_rows};

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

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::sheet::read;
    use crate::units_csv::parse;

    const LINE_2: &str =
        "Dòng 2 dài hơn 1.000.000 byte; tệp CSV có thể bị hỏng (thiếu dấu ngoặc kép đóng?)";

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
}
