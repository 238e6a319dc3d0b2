//! Budget revenue: one estimate line, adjustment or collection per row.

use xaphuong_core::budget::{AmountInput, BudgetRow, Entry, Line};

use super::{Column, Fields, NOTE, Register};
use crate::xlsx::Cell;

pub struct Budget;

impl Register for Budget {
    type Input = BudgetRow;
    const SHEET: &'static str = "Thu ngân sách";
    const TITLE: &'static str = "MẪU NHẬP DỰ TOÁN VÀ SỐ THU NGÂN SÁCH";
    const COLUMNS: &'static [Column] = &[
        Column::new("on", "Ngày", 12.0)
            .or(&["ngay chung tu", "ngay thu"])
            .required(),
        Column::new("year", "Năm ngân sách", 10.0).or(&["nam"]),
        Column::new("entry", "Loại", 24.0)
            .or(&["loai but toan"])
            .required(),
        Column::new("line", "Khoản thu", 40.0)
            .or(&["noi dung thu", "muc thu"])
            .required(),
        Column::new("nsnn", "Thu NSNN trên địa bàn (đồng)", 22.0)
            .or(&["thu nsnn tren dia ban", "thu nsnn", "so tien"])
            .required(),
        Column::new("nsx", "Thu ngân sách xã (đồng)", 22.0).or(&["thu ngan sach xa", "thu nsx"]),
        Column::new("document", "Chứng từ, văn bản", 26.0).or(&["chung tu", "so chung tu"]),
        NOTE,
    ];
    // The line's group follows from the line; not `group`, which names a
    // residential group in the other registers.
    const EXPORT_ONLY: &'static [Column] = &[Column::new("line_group", "Nhóm", 34.0)];

    fn example() -> Vec<Cell> {
        vec![
            Cell::from("15/03/2021"),
            Cell::from("2021"),
            Cell::from(Entry::Collection.label()),
            Cell::from(Line::NonFarmLandTax.label()),
            Cell::Number(12_500_000.0),
            Cell::Number(12_500_000.0),
            Cell::from("Giấy nộp tiền số 0012"),
            Cell::from(""),
        ]
    }

    fn input(f: &Fields) -> BudgetRow {
        BudgetRow {
            year: f.get("year"),
            entry: f.code("entry", Entry::read, Entry::as_str),
            amount: AmountInput {
                line: f.code("line", Line::read, Line::as_str),
                on: f.date("on"),
                nsnn: f.get("nsnn"),
                nsx: f.get("nsx"),
                document: f.get("document"),
                note: f.get("note"),
            },
        }
    }
}
