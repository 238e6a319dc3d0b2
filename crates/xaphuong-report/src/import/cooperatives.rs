//! Cooperatives: one cooperative per row, with its group.

use xaphuong_core::cooperatives::{CooperativeInput, CooperativeStatus};

use super::{Column, Fields, GROUP, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Cooperatives;

impl Register for Cooperatives {
    type Input = CooperativeInput;
    const SHEET: &'static str = "Hợp tác xã";
    const TITLE: &'static str = "MẪU NHẬP SỔ THEO DÕI HỢP TÁC XÃ";
    const COLUMNS: &'static [Column] = &[
        Column::new("registration_no", "Mã số hợp tác xã", 16.0).or(&[
            "ma so htx",
            "ma so",
            "so dang ky",
            "ma so dang ky",
        ]),
        Column::new("name", "Tên hợp tác xã", 40.0)
            .or(&["ten htx", "hop tac xa", "ten"])
            .required(),
        Column::new("founded_on", "Ngày đăng ký thành lập", 14.0)
            .or(&["ngay thanh lap", "ngay dang ky", "thanh lap"])
            .required(),
        GROUP,
        Column::new("line_of_business", "Ngành, nghề kinh doanh", 36.0)
            .or(&["nganh nghe", "nganh nghe kinh doanh", "linh vuc"])
            .required(),
        Column::new("members", "Số thành viên", 12.0)
            .or(&["thanh vien", "so xa vien"])
            .required(),
        Column::new("capital", "Vốn điều lệ (đồng)", 18.0)
            .or(&["von dieu le", "von"])
            .required(),
        Column::new("director", "Giám đốc, Chủ tịch HĐQT", 24.0).or(&[
            "giam doc",
            "chu tich hdqt",
            "giam doc/chu tich hdqt",
            "nguoi dai dien",
        ]),
        Column::new("address", "Địa chỉ", 30.0).or(&["tru so", "dia chi tru so"]),
        Column::new("status", "Tình trạng hoạt động", 20.0).or(&["tinh trang", "trang thai"]),
        Column::new("status_on", "Ngày tạm ngừng, giải thể", 14.0)
            .or(&["ngay tam ngung", "ngay giai the"]),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "4701A0123",
            "Hợp tác xã rau an toàn Phùng Chí Kiên",
            "15/03/2022",
            "Tổ 5",
            "Trồng rau an toàn trong nhà lưới",
            "12",
            "500.000.000",
            "Hoàng Văn Thái",
            "Tổ 5, phường Phùng Chí Kiên",
            CooperativeStatus::Active.label(),
            "",
            "",
        ])
    }

    fn input(f: &Fields) -> CooperativeInput {
        CooperativeInput {
            registration_no: f.get("registration_no"),
            name: f.get("name"),
            founded_on: f.date("founded_on"),
            line_of_business: f.get("line_of_business"),
            members: f.get("members"),
            capital: f.get("capital"),
            director: f.get("director"),
            address: f.get("address"),
            status: f.code("status", CooperativeStatus::read, CooperativeStatus::as_str),
            status_on: f.date("status_on"),
            note: f.get("note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::cooperatives::validate;

    use super::*;
    use crate::import::testing::template_rows;

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let rows = template_rows::<Cooperatives>();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].group, "Tổ 5");
        let v = validate(&rows[0].input, jiff::civil::date(2022, 12, 31)).unwrap();
        assert_eq!(
            (v.members, v.capital, v.status),
            (12, 500_000_000, CooperativeStatus::Active)
        );
    }
}
