//! The fuzz corpora's seeds, checked against the files built here.

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
            let kept = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
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
