//! Military recruitment: one citizen called per row.

use xaphuong_core::recruitment::{RecruitInput, RecruitRow, Service};

use super::{Column, Fields, GROUP, Register, texts};
use crate::xlsx::Cell;

pub struct Recruitment;

impl Register for Recruitment {
    type Input = RecruitRow;
    const SHEET: &'static str = "Tuyển quân";
    const TITLE: &'static str = "MẪU NHẬP DANH SÁCH CÔNG DÂN GỌI KHÁM TUYỂN";
    const COLUMNS: &'static [Column] = &[
        Column::new("year", "Năm", 8.0)
            .or(&["nam tuyen quan", "nam goi nhap ngu"])
            .required(),
        Column::new("full_name", "Họ và tên", 28.0)
            .or(&["ho ten", "ho va ten cong dan"])
            .required(),
        Column::new("birth_year", "Năm sinh", 10.0).required(),
        Column::new("address", "Địa chỉ", 30.0).or(&["noi cu tru", "dia chi thuong tru"]),
        GROUP,
        Column::new("service", "Nghĩa vụ", 30.0).or(&["loai nghia vu"]),
    ];
    const EXPORT_ONLY: &'static [Column] = &[
        Column::new("stage", "Kết quả", 20.0),
        Column::new("reason", "Lý do tạm hoãn, miễn", 36.0),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "2021",
            "Hoàng Minh Đức",
            "2002",
            "Số 8, đường Trần Hưng Đạo",
            "Tổ 3",
            Service::Military.label(),
        ])
    }

    fn input(f: &Fields) -> RecruitRow {
        let service = f.code("service", Service::read, Service::as_str);
        RecruitRow {
            year: f.get("year"),
            recruit: RecruitInput {
                full_name: f.get("full_name"),
                birth_year: f.get("birth_year"),
                address: f.get("address"),
                // Most calls are for military service: an empty cell means it.
                service: if service.is_empty() {
                    Service::Military.as_str().to_owned()
                } else {
                    service
                },
            },
        }
    }
}
