//! Sidewalk and street-order inspections: one case found per row, with
//! the inspection's date, place and team.

use xaphuong_core::inspections::{CaseInput, CaseKind, InspectionInput, InspectionRow, Outcome};

use super::{Column, Fields, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Inspections;

impl Register for Inspections {
    type Input = InspectionRow;
    const SHEET: &'static str = "Kiểm tra";
    const TITLE: &'static str = "MẪU NHẬP KẾT QUẢ KIỂM TRA TRẬT TỰ VỈA HÈ, LÒNG ĐƯỜNG";
    const COLUMNS: &'static [Column] = &[
        Column::new("inspected_on", "Ngày kiểm tra", 14.0)
            .or(&["ngay"])
            .required(),
        Column::new("place", "Tuyến, địa bàn", 30.0)
            .or(&["tuyen duong", "dia ban"])
            .required(),
        Column::new("team", "Lực lượng phối hợp", 30.0).or(&["luc luong", "doan kiem tra"]),
        Column::new("kind", "Loại vi phạm", 32.0)
            .or(&["loai"])
            .required(),
        Column::new("offender", "Hộ, cơ sở vi phạm", 30.0)
            .or(&["ho vi pham", "co so", "ho, ca nhan vi pham"])
            .required(),
        Column::new("address", "Địa chỉ", 30.0),
        Column::new("outcome", "Kết quả", 20.0)
            .or(&["ket qua xu ly", "hinh thuc xu ly"])
            .required(),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "10/04/2021",
            "Đường Trường Chinh",
            "Đội Quản lý trật tự đô thị thành phố",
            CaseKind::Goods.label(),
            "Cửa hàng tạp hóa Minh Hằng",
            "Số 21, đường Trường Chinh",
            Outcome::Reminded.label(),
            "",
        ])
    }

    fn input(f: &Fields) -> InspectionRow {
        InspectionRow {
            inspection: InspectionInput {
                inspected_on: f.date("inspected_on"),
                place: f.get("place"),
                team: f.get("team"),
                note: String::new(),
            },
            case: CaseInput {
                kind: f.code("kind", CaseKind::read, CaseKind::as_str),
                offender: f.get("offender"),
                address: f.get("address"),
                outcome: f.code("outcome", Outcome::read, Outcome::as_str),
                note: f.get("note"),
            },
        }
    }
}
