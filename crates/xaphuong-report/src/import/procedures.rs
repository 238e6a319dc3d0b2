//! The procedure catalogue: one procedure per row, by its national code.

use xaphuong_core::onestop::procedures::{OnlineLevel, ProcedureInput};

use super::{Column, Fields, Register, texts};
use crate::xlsx::Cell;

pub struct Procedures;

impl Register for Procedures {
    type Input = ProcedureInput;
    const SHEET: &'static str = "Thủ tục";
    const TITLE: &'static str = "DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ";
    const COLUMNS: &'static [Column] = &[
        Column::new("code", "Mã thủ tục", 12.0)
            .or(&["ma tthc", "ma so", "ma"])
            .required(),
        Column::new("name", "Tên thủ tục", 50.0)
            .or(&["ten tthc", "thu tuc hanh chinh"])
            .required(),
        Column::new("field", "Lĩnh vực", 18.0).required(),
        Column::new("time", "Thời hạn giải quyết", 22.0)
            .or(&["thoi han", "thoi gian giai quyet"])
            .required(),
        Column::new("fee", "Phí, lệ phí", 24.0).or(&["phi, le phi", "le phi", "phi"]),
        Column::new("papers", "Thành phần hồ sơ", 50.0).or(&["ho so gom"]),
        Column::new("result", "Kết quả", 30.0).or(&["ket qua thuc hien"]),
        Column::new("online", "Dịch vụ công trực tuyến", 16.0).or(&[
            "muc do dvc",
            "dvctt",
            "muc do",
        ]),
        Column::new("basis", "Căn cứ pháp lý", 40.0).or(&["can cu"]),
        Column::new("steps", "Tỷ lệ thời gian các bước (%)", 18.0).or(&["ty le cac buoc"]),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "1.001193",
            "Đăng ký khai sinh",
            "Hộ tịch",
            "Trong ngày",
            "Miễn lệ phí",
            "Tờ khai đăng ký khai sinh; Giấy chứng sinh",
            "Giấy khai sinh",
            OnlineLevel::Full.label(),
            "Luật Hộ tịch 2014, Điều 16",
            "10;50;30;10",
        ])
    }

    fn input(f: &Fields) -> ProcedureInput {
        ProcedureInput {
            code: f.get("code"),
            name: f.get("name"),
            field: f.get("field"),
            time: f.get("time"),
            fee: f.get("fee"),
            papers: f.get("papers"),
            result: f.get("result"),
            online: f.get("online"),
            basis: f.get("basis"),
            steps: f.get("steps"),
        }
    }
}
