//! Budget revenue of a commune against the year's estimate (dự toán).
//!
//! Two totals are kept apart (Luật NSNN 2015; the commune disclosure form
//! has THU NSNN and THU NSX columns): "thu NSNN trên địa bàn" — all state
//! revenue collected in the commune, shares going up included — and "thu
//! ngân sách xã được hưởng" — what the commune's own budget receives,
//! transfers from above included. Every amount is whole đồng.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Invalid, numbers, text};

named_enum! {
    /// Revenue line items of a commune budget.
    Line {
        Fees => ("fees", "Phí, lệ phí"),
        PublicLand => ("public_land", "Thu từ quỹ đất công ích và hoa lợi công sản"),
        Services => ("services", "Thu từ hoạt động kinh tế và sự nghiệp"),
        Fines => ("fines", "Thu phạt, tịch thu"),
        Contributions => ("contributions", "Đóng góp của nhân dân"),
        Other => ("other", "Thu khác"),
        NonFarmLandTax => ("non_farm_land_tax", "Thuế sử dụng đất phi nông nghiệp"),
        LicenceFee => ("licence_fee", "Lệ phí môn bài"),
        RegistrationFee => ("registration_fee", "Lệ phí trước bạ nhà, đất"),
        LandRent => ("land_rent", "Tiền thuê đất"),
        LandUse => ("land_use", "Tiền sử dụng đất"),
        PrivateSector => ("private_sector", "Thu ngoài quốc doanh (hộ cá thể, hợp tác xã)"),
        Aid => ("aid", "Viện trợ không hoàn lại trực tiếp cho xã"),
        BalancingTransfer => ("balancing_transfer", "Thu bổ sung cân đối từ ngân sách cấp trên"),
        TargetedTransfer => ("targeted_transfer", "Thu bổ sung có mục tiêu từ ngân sách cấp trên"),
        Surplus => ("surplus", "Thu kết dư"),
        CarryOver => ("carry_over", "Thu chuyển nguồn"),
    }
}

impl Line {
    /// The disclosure form's group: I. 100% to the commune, II. shared by
    /// rates, III. aid, or (none) counted in the commune budget only.
    pub fn group(self) -> &'static str {
        use Line::*;
        match self {
            Fees | PublicLand | Services | Fines | Contributions | Other => "I. Các khoản thu 100%",
            NonFarmLandTax | LicenceFee | RegistrationFee | LandRent | LandUse | PrivateSector => {
                "II. Các khoản thu phân chia theo tỷ lệ"
            }
            Aid => "III. Viện trợ không hoàn lại",
            BalancingTransfer | TargetedTransfer | Surplus | CarryOver => {
                "IV. Thu bổ sung, kết dư, chuyển nguồn (chỉ ngân sách xã)"
            }
        }
    }

    /// Whether the line is state revenue collected in the commune (and so
    /// part of "thu NSNN trên địa bàn"); transfers and carry-overs are not.
    pub fn is_state_revenue(self) -> bool {
        !matches!(
            self,
            Line::BalancingTransfer | Line::TargetedTransfer | Line::Surplus | Line::CarryOver
        )
    }
}

named_enum! {
    /// What an entry of the budget register is: the estimate as first
    /// decided, a later adjustment of it, or money collected.
    Entry {
        Original => ("original", "Dự toán giao đầu năm"),
        Adjustment => ("adjustment", "Điều chỉnh dự toán"),
        Collection => ("collection", "Số thu"),
    }
}

impl Entry {
    pub fn is_estimate(self) -> bool {
        !matches!(self, Entry::Collection)
    }
}

/// Amounts typed into a form: the state-revenue part and the commune
/// budget's part of one line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// A form and the API send the same fields; a missing one is empty, for
// the rules to name.
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = BudgetEntryInput))]
pub struct AmountInput {
    pub line: String,
    pub on: String,
    pub nsnn: String,
    pub nsx: String,
    pub document: String,
    pub note: String,
}

/// An entry read from a row of an imported file: the budget year (empty:
/// the year of the date), the kind of entry and the amount, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetRow {
    pub year: String,
    pub entry: String,
    pub amount: AmountInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAmount {
    pub line: Line,
    pub on: Date,
    pub nsnn: i64,
    pub nsx: i64,
    pub document: String,
    pub note: String,
}

/// Checks an estimate line or a collection of `year`. An adjustment may be
/// negative; collections and first estimates may not. Transfers carry no
/// state-revenue part.
pub fn validate(
    input: &AmountInput,
    year: i16,
    allow_negative: bool,
) -> Result<ValidAmount, Invalid> {
    let mut e = Invalid::default();
    let line = Line::parse(input.line.trim());
    if line.is_none() {
        e.push("line", "Chọn khoản thu");
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
    let amount = |e: &mut Invalid, field: &str, raw: &str| -> i64 {
        let raw = raw.trim();
        if raw.is_empty() {
            return 0;
        }
        let (neg, digits) = match raw.strip_prefix('-') {
            Some(rest) if allow_negative => (true, rest),
            _ => (false, raw),
        };
        match numbers::parse_dong(digits) {
            Some(v) if v <= 1_000_000_000_000_000 => {
                if neg {
                    -v
                } else {
                    v
                }
            }
            _ => {
                e.push(
                    field,
                    format!("Số tiền «{raw}» không hợp lệ (đồng, ví dụ 7.420.000.000)"),
                );
                0
            }
        }
    };
    let nsnn = amount(&mut e, "nsnn", &input.nsnn);
    let nsx = amount(&mut e, "nsx", &input.nsx);
    if let Some(l) = line
        && !l.is_state_revenue()
        && nsnn != 0
    {
        e.push(
            "nsnn",
            "Khoản bổ sung, kết dư, chuyển nguồn không tính vào thu NSNN trên địa bàn",
        );
    }
    if e.is_empty() && nsnn == 0 && nsx == 0 {
        e.push("nsnn", "Chưa nhập số tiền");
    }
    e.into_result()?;
    Ok(ValidAmount {
        line: line.unwrap_or(Line::Other),
        on: on.unwrap_or(Date::ZERO),
        nsnn,
        nsx,
        document: text::clean(&input.document),
        note: text::clean(&input.note),
    })
}

/// Checks an imported row: the kind of entry, the budget year (the date's
/// year when the cell is blank) and the amount for that year.
pub fn validate_row(row: &BudgetRow) -> Result<(i16, Entry, ValidAmount), Invalid> {
    let mut e = Invalid::default();
    let entry = Entry::parse(row.entry.trim());
    if entry.is_none() {
        e.push(
            "entry",
            "Loại phải là «Dự toán giao đầu năm», «Điều chỉnh dự toán» hoặc «Số thu»",
        );
    }
    let date_year = row.amount.on.trim().parse::<Date>().ok().map(|d| d.year());
    let year = if row.year.trim().is_empty() {
        date_year
    } else {
        match crate::recruitment::parse_year("year", &row.year) {
            Ok(y) => Some(y),
            Err(Invalid(es)) => {
                e.0.extend(es);
                None
            }
        }
    };
    // Without a valid year the date's own stands in, so that the other
    // fields are still checked and reported in the same pass.
    let checked = validate(
        &row.amount,
        year.or(date_year).unwrap_or(2000),
        entry == Some(Entry::Adjustment),
    );
    match (checked, year, entry) {
        (Ok(v), Some(y), Some(k)) if e.is_empty() => Ok((y, k, v)),
        (Err(Invalid(es)), _, _) => {
            e.0.extend(es);
            Err(e)
        }
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(line: &str, nsnn: &str, nsx: &str) -> AmountInput {
        AmountInput {
            line: line.into(),
            on: "2021-03-15".into(),
            nsnn: nsnn.into(),
            nsx: nsx.into(),
            ..Default::default()
        }
    }

    #[test]
    fn amounts_are_checked() {
        let v = validate(
            &input("registration_fee", "1.250.000.000", "375.000.000"),
            2021,
            false,
        )
        .unwrap();
        assert_eq!((v.nsnn, v.nsx), (1_250_000_000, 375_000_000));
        assert!(validate(&input("balancing_transfer", "100", "100"), 2021, false).is_err());
        assert!(
            validate(
                &input("balancing_transfer", "", "2.000.000.000"),
                2021,
                false
            )
            .is_ok()
        );
        assert!(validate(&input("fees", "-5.000.000", ""), 2021, false).is_err());
        assert_eq!(
            validate(&input("fees", "-5.000.000", ""), 2021, true)
                .unwrap()
                .nsnn,
            -5_000_000
        );
        assert!(validate(&input("fees", "", ""), 2021, false).is_err());
        let wrong_year = AmountInput {
            on: "2020-12-31".into(),
            ..input("fees", "1", "1")
        };
        assert!(
            validate(&wrong_year, 2021, false)
                .unwrap_err()
                .message_for("on")
                .is_some()
        );
        assert!(Line::Fees.is_state_revenue() && !Line::Surplus.is_state_revenue());
        assert_eq!(
            Line::LandUse.group(),
            "II. Các khoản thu phân chia theo tỷ lệ"
        );
    }
}
