//! Spending of the commune budget (chi ngân sách xã) against the year's
//! estimate: the estimate by item as decided and adjusted, and what was
//! paid, so that execution can be read at any date. Items follow the
//! commune budget's settlement forms (Thông tư 344/2016/TT-BTC): I.
//! development investment, by public work; II. recurrent spending, by
//! field; III. the reserve. Every amount is whole đồng.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Invalid, numbers, text};

named_enum! {
    /// Spending items of a commune budget.
    Item {
        Investment => ("investment", "Chi đầu tư phát triển (công trình)"),
        Defence => ("defence", "Chi quốc phòng"),
        Security => ("security", "Chi an ninh, trật tự an toàn xã hội"),
        Education => ("education", "Chi sự nghiệp giáo dục, đào tạo"),
        Health => ("health", "Chi sự nghiệp y tế"),
        Culture => ("culture", "Chi sự nghiệp văn hóa, thông tin"),
        Broadcasting => ("broadcasting", "Chi sự nghiệp phát thanh, truyền thanh"),
        Sport => ("sport", "Chi sự nghiệp thể dục, thể thao"),
        Environment => ("environment", "Chi sự nghiệp bảo vệ môi trường"),
        Economic => ("economic", "Chi các hoạt động kinh tế"),
        Administration => ("administration", "Chi quản lý nhà nước, Đảng, đoàn thể"),
        Social => ("social", "Chi đảm bảo xã hội"),
        Other => ("other", "Chi khác"),
        Reserve => ("reserve", "Dự phòng ngân sách"),
    }
}

impl Item {
    /// The settlement form's group.
    pub fn group(self) -> &'static str {
        match self {
            Item::Investment => "I. Chi đầu tư phát triển",
            Item::Reserve => "III. Dự phòng ngân sách",
            _ => "II. Chi thường xuyên",
        }
    }
}

named_enum! {
    /// What an entry of the spending register is: the estimate as first
    /// decided, a later adjustment of it, or money paid out.
    Entry {
        Original => ("original", "Dự toán chi giao đầu năm"),
        Adjustment => ("adjustment", "Điều chỉnh dự toán chi"),
        Payment => ("payment", "Số chi"),
    }
}

impl Entry {
    pub fn is_estimate(self) -> bool {
        !matches!(self, Entry::Payment)
    }
}

/// An entry as typed on its form or sent to the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SpendingEntryInput))]
pub struct SpendingInput {
    /// investment | defence | security | education | health | culture |
    /// broadcasting | sport | environment | economic | administration |
    /// social | other | reserve
    pub item: String,
    /// YYYY-MM-DD: the decision's day, or the day paid.
    pub on: String,
    /// Đồng ("150.000.000"); an adjustment may be negative.
    pub amount: String,
    /// The public work (its id) a development investment is for.
    pub work_id: String,
    pub document: String,
    pub note: String,
}

/// An entry read from a row of an imported file: the budget year (empty:
/// the date's), the kind of entry, the work by name, and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpendingRow {
    pub year: String,
    pub entry: String,
    /// The public work's name, for an investment.
    pub work: String,
    pub input: SpendingInput,
}

/// A checked entry; the work is checked by the store, which knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidSpending {
    pub item: Item,
    pub on: Date,
    pub amount: i64,
    pub document: String,
    pub note: String,
}

/// Checks an entry of `year`: the item, the day (in the budget year or the
/// next year's first months, when the accounts are closed), the amount
/// (negative only for an adjustment, never zero), and that a work is named
/// for a development investment and for nothing else.
pub fn validate(
    input: &SpendingInput,
    year: i16,
    entry: Entry,
    has_work: bool,
) -> Result<ValidSpending, Invalid> {
    let mut e = Invalid::default();
    let item = Item::parse(input.item.trim());
    if item.is_none() {
        e.push("item", "Chọn khoản chi");
    }
    let on = input.on.trim().parse::<Date>().ok();
    match on {
        None => e.push(
            "on",
            "Ngày không hợp lệ (không có ngày này, hoặc sai dạng ngày/tháng/năm)",
        ),
        Some(d) if d.year() != year && d.year() != year + 1 => e.push(
            "on",
            format!("Ngày phải thuộc năm ngân sách {year} (hoặc thời gian chỉnh lý đầu năm sau)"),
        ),
        _ => {}
    }
    let raw = input.amount.trim();
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) if entry == Entry::Adjustment => (true, rest),
        _ => (false, raw),
    };
    let amount = match numbers::parse_dong(digits) {
        _ if raw.is_empty() => {
            e.push("amount", "Chưa nhập số tiền");
            0
        }
        Some(0) => {
            e.push("amount", "Số tiền phải khác 0");
            0
        }
        Some(v) if v <= 1_000_000_000_000_000 => {
            if negative {
                -v
            } else {
                v
            }
        }
        _ => {
            e.push(
                "amount",
                format!("Số tiền «{raw}» không hợp lệ (đồng, ví dụ 150.000.000)"),
            );
            0
        }
    };
    match (item, has_work) {
        (Some(Item::Investment), false) => e.push(
            "work_id",
            "Chi đầu tư phát triển ghi cho một công trình: chọn công trình",
        ),
        (Some(i), true) if i != Item::Investment => e.push(
            "work_id",
            "Chỉ khoản chi đầu tư phát triển mới gắn với công trình",
        ),
        _ => {}
    }
    e.into_result()?;
    Ok(ValidSpending {
        item: item.unwrap_or(Item::Other),
        on: on.unwrap_or(Date::ZERO),
        amount,
        document: text::clean(&input.document),
        note: text::clean(&input.note),
    })
}

/// The budget year and kind of an imported row: the year written, or the
/// date's when the cell is blank.
pub fn row_year_and_entry(row: &SpendingRow) -> Result<(i16, Entry), Invalid> {
    let mut e = Invalid::default();
    let entry = Entry::parse(row.entry.trim());
    if entry.is_none() {
        e.push(
            "entry",
            "Loại phải là «Dự toán chi giao đầu năm», «Điều chỉnh dự toán chi» hoặc «Số chi»",
        );
    }
    let year = if row.year.trim().is_empty() {
        let d = row.input.on.trim().parse::<Date>().ok().map(|d| d.year());
        if d.is_none() {
            e.push(
                "on",
                "Ngày không hợp lệ (không có ngày này, hoặc sai dạng ngày/tháng/năm)",
            );
        }
        d
    } else {
        match crate::recruitment::parse_year("year", &row.year) {
            Ok(y) => Some(y),
            Err(Invalid(es)) => {
                e.0.extend(es);
                None
            }
        }
    };
    match (year, entry) {
        (Some(y), Some(k)) if e.is_empty() => Ok((y, k)),
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(item: &str, amount: &str) -> SpendingInput {
        SpendingInput {
            item: item.into(),
            on: "2022-03-15".into(),
            amount: amount.into(),
            ..Default::default()
        }
    }

    #[test]
    fn amounts_items_and_works_are_checked() {
        let v = validate(
            &input("education", "45.000.000"),
            2022,
            Entry::Payment,
            false,
        )
        .unwrap();
        assert_eq!((v.item, v.amount), (Item::Education, 45_000_000));
        // Negative only for an adjustment; never zero, never empty.
        let cut = validate(
            &input("culture", "-5.000.000"),
            2022,
            Entry::Adjustment,
            false,
        );
        assert_eq!(cut.unwrap().amount, -5_000_000);
        for (amount, entry) in [
            ("-5.000.000", Entry::Payment),
            ("0", Entry::Original),
            ("", Entry::Payment),
            ("năm triệu", Entry::Payment),
        ] {
            let e = validate(&input("culture", amount), 2022, entry, false).unwrap_err();
            assert_eq!(e.fields(), ["amount"], "{amount}");
        }
        // A development investment names its work, and nothing else does.
        let e = validate(
            &input("investment", "150.000.000"),
            2022,
            Entry::Payment,
            false,
        );
        assert_eq!(e.unwrap_err().fields(), ["work_id"]);
        assert!(
            validate(
                &input("investment", "150.000.000"),
                2022,
                Entry::Payment,
                true
            )
            .is_ok()
        );
        let e = validate(&input("health", "1.000.000"), 2022, Entry::Payment, true);
        assert_eq!(e.unwrap_err().fields(), ["work_id"]);
        // The day belongs to the budget year or the next year's first months.
        let e = validate(&input("health", "1.000.000"), 2021, Entry::Payment, false);
        assert!(e.is_ok(), "2022-03-15 closes the accounts of 2021");
        let e = validate(&input("health", "1.000.000"), 2020, Entry::Payment, false);
        assert_eq!(e.unwrap_err().fields(), ["on"]);
        let e = validate(&input("", ""), 2022, Entry::Payment, false).unwrap_err();
        assert_eq!(e.fields(), ["item", "amount"]);
        assert_eq!(Item::Sport.group(), "II. Chi thường xuyên");
        assert_eq!(Item::Investment.group(), "I. Chi đầu tư phát triển");
    }

    #[test]
    fn an_imported_row_takes_the_year_of_its_date() {
        let row = SpendingRow {
            entry: "payment".into(),
            input: input("health", "1"),
            ..Default::default()
        };
        assert_eq!(row_year_and_entry(&row).unwrap(), (2022, Entry::Payment));
        let row = SpendingRow {
            year: "2021".into(),
            entry: "chi".into(),
            ..row
        };
        assert_eq!(row_year_and_entry(&row).unwrap_err().fields(), ["entry"]);
    }
}
