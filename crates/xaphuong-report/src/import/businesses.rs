//! Business households: one household per row, with its group.

use xaphuong_core::businesses::{BusinessInput, BusinessStatus};

use super::{Column, Fields, GROUP, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Businesses;

impl Register for Businesses {
    type Input = BusinessInput;
    const SHEET: &'static str = "Hộ kinh doanh";
    const TITLE: &'static str = "MẪU NHẬP SỔ THEO DÕI HỘ KINH DOANH";
    const COLUMNS: &'static [Column] = &[
        Column::new("name", "Tên hộ kinh doanh", 34.0)
            .or(&["ten ho", "ho kinh doanh"])
            .required(),
        Column::new("owner", "Chủ hộ kinh doanh", 24.0)
            .or(&["chu ho", "ho ten chu ho"])
            .required(),
        Column::new("address", "Địa điểm kinh doanh", 30.0)
            .or(&["dia chi", "dia diem"])
            .required(),
        GROUP,
        Column::new("line", "Ngành, nghề kinh doanh", 30.0)
            .or(&["nganh nghe", "nganh nghe kinh doanh", "nganh, nghe"])
            .required(),
        Column::new("registration_no", "Số đăng ký hộ kinh doanh", 20.0)
            .or(&["so dang ky", "ma so ho kinh doanh", "so giay chung nhan"])
            .required(),
        Column::new("registered_on", "Ngày đăng ký", 14.0)
            .or(&["ngay dang ky lan dau", "ngay cap"])
            .required(),
        Column::new("capital", "Vốn kinh doanh (đồng)", 18.0).or(&["von kinh doanh", "von"]),
        Column::new("status", "Tình trạng", 22.0).or(&["tinh trang hoat dong"]),
        Column::new("status_on", "Ngày tạm ngừng, chấm dứt", 16.0)
            .or(&["ngay tam ngung", "ngay cham dut"]),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "Hộ kinh doanh Tạp hóa Minh Anh",
            "Nguyễn Minh Anh",
            "Số 12, tổ 5",
            "Tổ 5",
            "Bán lẻ hàng tạp hóa",
            "13A8000123",
            "15/03/2022",
            "50.000.000",
            BusinessStatus::Active.label(),
            "",
            "",
        ])
    }

    fn input(f: &Fields) -> BusinessInput {
        BusinessInput {
            name: f.get("name"),
            owner: f.get("owner"),
            address: f.get("address"),
            line: f.get("line"),
            registration_no: f.get("registration_no"),
            registered_on: f.date("registered_on"),
            capital: f.get("capital"),
            status: f.code("status", BusinessStatus::read, BusinessStatus::as_str),
            status_on: f.date("status_on"),
            note: f.get("note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::businesses::validate;

    use super::*;
    use crate::import::testing::template_rows;

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let rows = template_rows::<Businesses>();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].group, "Tổ 5");
        let v = validate(&rows[0].input, jiff::civil::date(2022, 12, 31)).unwrap();
        assert_eq!(
            (v.status, v.capital, v.registration_no.as_str()),
            (BusinessStatus::Active, Some(50_000_000), "13A8000123")
        );
    }
}
