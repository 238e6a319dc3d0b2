//! Land hand-overs: one household's hand-over per row.

use xaphuong_core::handovers::HandoverInput;

use super::{Column, Fields, GROUP, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Handovers;

impl Register for Handovers {
    type Input = HandoverInput;
    const SHEET: &'static str = "Bàn giao";
    const TITLE: &'static str = "MẪU NHẬP DANH SÁCH HỘ BÀN GIAO MẶT BẰNG";
    const COLUMNS: &'static [Column] = &[
        Column::new("handed_over_on", "Ngày bàn giao", 14.0)
            .or(&["ngay"])
            .required(),
        Column::new("household", "Hộ bàn giao", 30.0)
            .or(&["ho", "ho gia dinh", "chu ho"])
            .required(),
        Column::new("address", "Địa chỉ", 30.0),
        GROUP,
        Column::new("project", "Công trình, dự án", 40.0)
            .or(&["cong trinh", "du an"])
            .required(),
        Column::new("area", "Diện tích (m²)", 14.0)
            .or(&["dien tich", "dien tich (m2)"])
            .required(),
        Column::new("document", "Văn bản", 30.0).or(&["bien ban", "so bien ban"]),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "15/06/2021",
            "Hộ ông Nông Văn Thắng",
            "Số 3, đường Phùng Chí Kiên",
            "Tổ 7",
            "Nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên",
            "45,5",
            "Biên bản bàn giao số 12/BB-GPMB",
            "",
        ])
    }

    fn input(f: &Fields) -> HandoverInput {
        HandoverInput {
            project: f.get("project"),
            household: f.get("household"),
            address: f.get("address"),
            handed_over_on: f.date("handed_over_on"),
            area: f.get("area"),
            document: f.get("document"),
            note: f.get("note"),
        }
    }
}
