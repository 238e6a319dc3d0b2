//! Budget spending: one estimate line, adjustment or payment per row.

use xaphuong_core::spending::{Entry, Item, SpendingInput, SpendingRow};

use super::{Column, Fields, NOTE, Register};
use crate::xlsx::Cell;

pub struct Spending;

impl Register for Spending {
    type Input = SpendingRow;
    const SHEET: &'static str = "Chi ngân sách";
    const TITLE: &'static str = "MẪU NHẬP DỰ TOÁN VÀ SỐ CHI NGÂN SÁCH XÃ";
    const COLUMNS: &'static [Column] = &[
        Column::new("on", "Ngày", 12.0)
            .or(&["ngay chung tu", "ngay chi"])
            .required(),
        Column::new("year", "Năm ngân sách", 10.0).or(&["nam"]),
        Column::new("entry", "Loại", 24.0)
            .or(&["loai but toan"])
            .required(),
        Column::new("item", "Khoản chi", 40.0)
            .or(&["noi dung chi", "muc chi"])
            .required(),
        Column::new("amount", "Số tiền (đồng)", 20.0)
            .or(&["so tien", "so chi", "so tien (dong)"])
            .required(),
        // An investment's work, by its name in the works register.
        Column::new("work", "Công trình", 36.0).or(&["ten cong trinh"]),
        Column::new("document", "Chứng từ, văn bản", 26.0).or(&["chung tu", "so chung tu"]),
        NOTE,
    ];
    const EXPORT_ONLY: &'static [Column] = &[Column::new("item_group", "Nhóm", 30.0)];

    fn example() -> Vec<Cell> {
        vec![
            Cell::from("15/03/2022"),
            Cell::from("2022"),
            Cell::from(Entry::Payment.label()),
            Cell::from(Item::Culture.label()),
            Cell::Number(12_500_000.0),
            Cell::from(""),
            Cell::from("Giấy rút dự toán số 0012"),
            Cell::from(""),
        ]
    }

    fn input(f: &Fields) -> SpendingRow {
        SpendingRow {
            year: f.get("year"),
            entry: f.code("entry", Entry::read, Entry::as_str),
            work: f.get("work"),
            input: SpendingInput {
                item: f.code("item", Item::read, Item::as_str),
                on: f.date("on"),
                amount: f.get("amount"),
                work_id: String::new(),
                document: f.get("document"),
                note: f.get("note"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::spending::{row_year_and_entry, validate};

    use super::*;
    use crate::import::testing::{csv_rows, template_rows};

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let rows = template_rows::<Spending>();
        assert_eq!(rows.len(), 1);
        let (year, entry) = row_year_and_entry(&rows[0].input).unwrap();
        assert_eq!((year, entry), (2022, Entry::Payment));
        let v = validate(&rows[0].input.input, year, entry, false).unwrap();
        assert_eq!((v.item, v.amount), (Item::Culture, 12_500_000));
    }

    #[test]
    fn an_investment_names_its_work() {
        let rows = csv_rows::<Spending>(
            "Ngay chi,Loai,Noi dung chi,So tien,Ten cong trinh\n20/7/2022,so chi,chi dau tu phat trien (cong trinh),150.000.000,Đường ngõ 35\n",
        );
        let r = &rows[0].input;
        assert_eq!(
            (r.entry.as_str(), r.input.item.as_str(), r.work.as_str()),
            ("payment", "investment", "Đường ngõ 35")
        );
    }
}
