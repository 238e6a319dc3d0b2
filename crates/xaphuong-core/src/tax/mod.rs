//! The commune's side of taxing business households: its tax advisory
//! council's meetings and decisions by year, the tax-debt lists the tax
//! office sends, and the ward's follow-up on each debtor (reminders,
//! payments, referral). How a household is taxed in a period is dated data
//! (`rules`), not code.

pub mod rules;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::checks::{limited_text, past_date, required_text};
use crate::{Invalid, numbers};

/// Money beyond this was mistyped.
const MAX_MONEY: i64 = 100_000_000_000_000;

/// A meeting of the commune's tax advisory council (Hội đồng tư vấn thuế).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    /// YYYY-MM-DD, not in the future.
    pub held_on: String,
    /// What it considered ("Ý kiến về doanh thu, mức thuế khoán năm 2022").
    pub subject: String,
    /// What it concluded or decided, with its document.
    pub decision: String,
    /// How many households it considered ("45"), may be empty.
    pub households: String,
    pub note: String,
}

/// A checked meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidMeeting {
    pub held_on: Date,
    pub subject: String,
    pub decision: String,
    pub households: Option<i64>,
    pub note: String,
}

pub fn validate_meeting(input: &MeetingInput, today: Date) -> Result<ValidMeeting, Invalid> {
    let mut e = Invalid::default();
    let held_on = past_date(&mut e, "held_on", &input.held_on, "Ngày họp", today);
    let subject = required_text(
        &mut e,
        "subject",
        &input.subject,
        500,
        "Chưa nhập nội dung cuộc họp",
        "Nội dung dài quá 500 ký tự",
    );
    let decision = limited_text(
        &mut e,
        "decision",
        &input.decision,
        1000,
        "Kết luận dài quá 1.000 ký tự",
    );
    let households = match input.households.trim() {
        "" => None,
        s => match numbers::parse_dong(s) {
            Some(n) if (0..=1_000_000).contains(&n) => Some(n),
            _ => {
                e.push(
                    "households",
                    "Số hộ được xem xét không hợp lệ (số nguyên, ví dụ 45)",
                );
                None
            }
        },
    };
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidMeeting {
        held_on: held_on.unwrap_or(Date::ZERO),
        subject,
        decision,
        households,
        note,
    })
}

/// A debtor on a tax-debt list the tax office sent, as one row of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebtInput {
    /// YYYY-MM-DD: the day the list was received, not in the future.
    pub listed_on: String,
    /// The tax office's document the list came with.
    pub list_ref: String,
    /// The debtor (household or person).
    pub debtor: String,
    /// Tax code: 10 digits, 10 digits '-' 3 digits, or a person's 12-digit
    /// identification number.
    pub tax_code: String,
    pub address: String,
    /// What is owed ("Thuế khoán quý III/2022").
    pub item: String,
    /// The debt in đồng ("1.500.000").
    pub amount: String,
    pub note: String,
}

/// A checked debt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidDebt {
    pub listed_on: Date,
    pub list_ref: String,
    pub debtor: String,
    pub tax_code: String,
    pub address: String,
    pub item: String,
    pub amount: i64,
    pub note: String,
}

/// A tax code as the tax office writes them: 10 digits, or 10 digits, a
/// dash and 3 digits for a dependent unit; since 01/07/2025 a person's
/// 12-digit identification number serves as their tax code (Thông tư
/// 86/2024/TT-BTC).
pub fn is_tax_code(s: &str) -> bool {
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('-') {
        None => digits(s, 10) || digits(s, 12),
        Some((a, b)) => digits(a, 10) && digits(b, 3),
    }
}

/// A tax code as `view` shows it: a person's identification number
/// serving as tax code is personal data, masked where that role sees
/// identification numbers masked; a business's code is public.
pub fn shown_tax_code(code: &str, view: crate::households::household::IdView) -> String {
    use crate::households::household::{IdView, mask_citizen_id};
    let personal = code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit());
    match view {
        IdView::Full => code.to_owned(),
        _ if !personal => code.to_owned(),
        IdView::Masked => mask_citizen_id(code),
        IdView::Hidden => String::new(),
    }
}

pub fn validate_debt(input: &DebtInput, today: Date) -> Result<ValidDebt, Invalid> {
    let mut e = Invalid::default();
    let listed_on = past_date(
        &mut e,
        "listed_on",
        &input.listed_on,
        "Ngày nhận danh sách",
        today,
    );
    let list_ref = limited_text(
        &mut e,
        "list_ref",
        &input.list_ref,
        300,
        "Văn bản kèm danh sách dài quá 300 ký tự",
    );
    let debtor = required_text(
        &mut e,
        "debtor",
        &input.debtor,
        300,
        "Chưa nhập người nợ thuế",
        "Tên người nợ thuế dài quá 300 ký tự",
    );
    let tax_code: String = input.tax_code.split_whitespace().collect();
    if !tax_code.is_empty() && !is_tax_code(&tax_code) {
        e.push(
            "tax_code",
            "Mã số thuế không hợp lệ (10 chữ số, 10 chữ số-3 chữ số, hoặc số định danh 12 chữ số)",
        );
    }
    let address = limited_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Địa chỉ dài quá 300 ký tự",
    );
    let item = limited_text(
        &mut e,
        "item",
        &input.item,
        300,
        "Khoản nợ dài quá 300 ký tự",
    );
    let amount = match numbers::parse_dong(&input.amount) {
        Some(v) if (1..=MAX_MONEY).contains(&v) => v,
        _ => {
            e.push(
                "amount",
                "Số tiền nợ không hợp lệ (số đồng lớn hơn 0, ví dụ 1.500.000)",
            );
            0
        }
    };
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidDebt {
        listed_on: listed_on.unwrap_or(Date::ZERO),
        list_ref,
        debtor,
        tax_code,
        address,
        item,
        amount,
        note,
    })
}

named_enum! {
    /// What the ward did about a debt.
    ActionKind {
        Reminder => ("reminder", "Nhắc nợ, vận động nộp"),
        Payment => ("payment", "Nộp tiền"),
        Referred => ("referred", "Chuyển cơ quan thuế cưỡng chế"),
        Other => ("other", "Khác"),
    }
}

/// One step of the ward's follow-up on a debt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionInput {
    /// YYYY-MM-DD, not in the future nor before the list.
    pub done_on: String,
    /// reminder | payment | referred | other
    pub kind: String,
    /// For a payment: đồng paid ("500.000").
    pub amount: String,
    pub note: String,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAction {
    pub done_on: Date,
    pub kind: ActionKind,
    /// Zero but for a payment.
    pub amount: i64,
    pub note: String,
}

/// Checks a step on a debt listed on `listed_on`: a payment has its
/// amount, nothing else has one.
pub fn validate_action(
    input: &ActionInput,
    listed_on: Date,
    today: Date,
) -> Result<ValidAction, Invalid> {
    let mut e = Invalid::default();
    let done_on = past_date(&mut e, "done_on", &input.done_on, "Ngày thực hiện", today);
    if done_on.is_some_and(|d| d < listed_on) {
        e.push(
            "done_on",
            "Ngày thực hiện không được trước ngày nhận danh sách",
        );
    }
    let kind = ActionKind::parse(input.kind.trim());
    if kind.is_none() {
        e.push("kind", "Chọn việc đã làm");
    }
    let amount = match (kind, input.amount.trim()) {
        (Some(ActionKind::Payment), s) => match numbers::parse_dong(s) {
            Some(v) if (1..=MAX_MONEY).contains(&v) => v,
            _ => {
                e.push(
                    "amount",
                    "Số tiền đã nộp không hợp lệ (số đồng lớn hơn 0, ví dụ 500.000)",
                );
                0
            }
        },
        (_, "") => 0,
        (_, _) => {
            e.push("amount", "Chỉ ghi số tiền khi người nợ nộp tiền");
            0
        }
    };
    let note = limited_text(
        &mut e,
        "note",
        &input.note,
        1000,
        "Ghi chú dài quá 1.000 ký tự",
    );
    e.into_result()?;
    Ok(ValidAction {
        done_on: done_on.unwrap_or(Date::ZERO),
        kind: kind.unwrap_or(ActionKind::Other),
        amount,
        note,
    })
}

named_enum! {
    /// Where a debt stands, read from its follow-up.
    DebtState {
        Open => ("open", "Còn nợ"),
        Referred => ("referred", "Đã chuyển cơ quan thuế"),
        Paid => ("paid", "Đã nộp đủ"),
    }
}

/// A debt's state from what was paid and whether it was referred.
pub fn debt_state(amount: i64, paid: i64, referred: bool) -> DebtState {
    if paid >= amount {
        DebtState::Paid
    } else if referred {
        DebtState::Referred
    } else {
        DebtState::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TODAY;

    #[test]
    fn a_debt_row_is_checked_whole() {
        let ok = DebtInput {
            listed_on: "2022-07-05".into(),
            debtor: "Hoàng Văn Nam".into(),
            tax_code: " 4700123456 ".into(),
            amount: "1.500.000".into(),
            ..Default::default()
        };
        let v = validate_debt(&ok, TODAY).unwrap();
        assert_eq!((v.tax_code.as_str(), v.amount), ("4700123456", 1_500_000));
        let bad = DebtInput {
            listed_on: "05/07/2022".into(),
            tax_code: "47001234".into(),
            amount: "0".into(),
            ..Default::default()
        };
        assert_eq!(
            validate_debt(&bad, TODAY).unwrap_err().fields(),
            ["listed_on", "debtor", "tax_code", "amount"]
        );
        assert!(is_tax_code("4700123456-001"));
        use crate::households::household::IdView;
        assert_eq!(
            shown_tax_code("001090012345", IdView::Masked),
            "001******345"
        );
        assert_eq!(shown_tax_code("001090012345", IdView::Full), "001090012345");
        assert_eq!(shown_tax_code("4700123456", IdView::Masked), "4700123456");
        assert_eq!(shown_tax_code("001090012345", IdView::Hidden), "");
        assert!(!is_tax_code("4700123456-01"));
    }

    #[test]
    fn only_a_payment_has_an_amount() {
        let listed = jiff::civil::date(2022, 7, 5);
        let pay = ActionInput {
            done_on: "2022-08-01".into(),
            kind: "payment".into(),
            amount: "500.000".into(),
            ..Default::default()
        };
        assert_eq!(
            validate_action(&pay, listed, TODAY).unwrap().amount,
            500_000
        );
        let reminder = ActionInput {
            kind: "reminder".into(),
            ..pay.clone()
        };
        assert_eq!(
            validate_action(&reminder, listed, TODAY)
                .unwrap_err()
                .fields(),
            ["amount"]
        );
        let early = ActionInput {
            done_on: "2022-07-01".into(),
            amount: String::new(),
            ..pay
        };
        assert_eq!(
            validate_action(&early, listed, TODAY).unwrap_err().fields(),
            ["done_on", "amount"]
        );
        assert_eq!(debt_state(100, 100, false), DebtState::Paid);
        assert_eq!(debt_state(100, 40, true), DebtState::Referred);
        assert_eq!(debt_state(100, 40, false), DebtState::Open);
    }

    #[test]
    fn a_meeting_has_its_day_and_subject() {
        let bad = MeetingInput {
            held_on: "2030-01-01".into(),
            households: "-3".into(),
            ..Default::default()
        };
        assert_eq!(
            validate_meeting(&bad, TODAY).unwrap_err().fields(),
            ["held_on", "subject", "households"]
        );
    }
}
