//! A tax-debt list as the tax office sends it: one debtor per row.

use xaphuong_core::tax::DebtInput;

use super::{Column, Fields, GROUP, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct TaxDebts;

impl Register for TaxDebts {
    type Input = DebtInput;
    const SHEET: &'static str = "Nợ thuế";
    const TITLE: &'static str = "MẪU NHẬP DANH SÁCH NỢ THUẾ DO CƠ QUAN THUẾ CHUYỂN";
    const COLUMNS: &'static [Column] = &[
        Column::new("listed_on", "Ngày nhận danh sách", 14.0)
            .or(&["ngay danh sach", "ngay nhan"])
            .required(),
        Column::new("list_ref", "Văn bản kèm danh sách", 28.0).or(&["van ban", "so van ban"]),
        Column::new("debtor", "Người nợ thuế", 28.0)
            .or(&["ten nguoi nop thue", "nguoi nop thue", "ho ten"])
            .required(),
        Column::new("tax_code", "Mã số thuế", 16.0).or(&["mst"]),
        Column::new("address", "Địa chỉ", 28.0).or(&["dia chi kinh doanh"]),
        GROUP,
        Column::new("item", "Khoản nợ", 28.0).or(&["noi dung", "loai thue", "tieu muc"]),
        Column::new("amount", "Số tiền nợ (đồng)", 18.0)
            .or(&["so tien no", "so no", "tong no"])
            .required(),
        NOTE,
    ];
    const EXPORT_ONLY: &'static [Column] = &[
        Column::new("paid", "Đã thu (đồng)", 16.0),
        Column::new("state", "Tình trạng nợ", 22.0),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "05/07/2022",
            "Công văn số 1234/CCT-NV ngày 01/7/2022",
            "Hoàng Văn Nam",
            "4700123456",
            "Số 8, tổ 5",
            "Tổ 5",
            "Thuế khoán quý II/2022",
            "1.500.000",
            "",
        ])
    }

    fn input(f: &Fields) -> DebtInput {
        DebtInput {
            listed_on: f.date("listed_on"),
            list_ref: f.get("list_ref"),
            debtor: f.get("debtor"),
            tax_code: f.get("tax_code"),
            address: f.get("address"),
            item: f.get("item"),
            amount: f.get("amount"),
            note: f.get("note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::tax::validate_debt;

    use super::*;
    use crate::import::testing::template_rows;

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let rows = template_rows::<TaxDebts>();
        assert_eq!(rows.len(), 1);
        let v = validate_debt(&rows[0].input, jiff::civil::date(2022, 12, 31)).unwrap();
        assert_eq!((v.amount, v.tax_code.as_str()), (1_500_000, "4700123456"));
    }
}
