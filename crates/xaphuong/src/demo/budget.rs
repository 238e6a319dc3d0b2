//! The commune's budget revenue of 2021: the estimate and the collections.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::DemoError;

/// R1: the 2021 estimate of 7.420.000.000 đ of state revenue and the
/// 8.061.000.000 đ collected, by line, quarter by quarter. The commune's
/// shares of the shared lines are illustrative rates, not a province's.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::budget::{AmountInput, Entry, Line};
    let scope = ward.scope();
    if store
        .budget_summary(&scope, 2021, Date::constant(2021, 12, 31))
        .await?
        .total
        != Default::default()
    {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    // (line, estimate, collected, commune share in %), million đồng.
    let lines: [(Line, i64, i64, i64); 9] = [
        (Line::RegistrationFee, 2_600, 2_915, 30),
        (Line::LandUse, 1_800, 1_984, 20),
        (Line::PrivateSector, 1_350, 1_402, 30),
        (Line::NonFarmLandTax, 420, 431, 100),
        (Line::LicenceFee, 310, 318, 100),
        (Line::LandRent, 440, 452, 30),
        (Line::Fees, 280, 296, 100),
        (Line::Fines, 120, 141, 100),
        (Line::Other, 100, 122, 100),
    ];
    let m = 1_000_000_i64;
    let amount = |line: Line, on: &str, nsnn: i64, nsx: i64, document: String| AmountInput {
        line: line.as_str().into(),
        on: on.into(),
        nsnn: if nsnn == 0 {
            String::new()
        } else {
            nsnn.to_string()
        },
        nsx: nsx.to_string(),
        document,
        note: String::new(),
    };
    let decision = "QĐ 05/QĐ-UBND ngày 05/01/2021 giao dự toán thu ngân sách".to_owned();
    for (line, estimate, collected, share) in lines {
        let est = estimate * m;
        store
            .create_budget_entry(
                &actor,
                &scope,
                ward.id,
                2021,
                Entry::Original,
                &amount(line, "2021-01-05", est, est * share / 100, decision.clone()),
            )
            .await?;
        let total = collected * m;
        let mut left = total;
        for (i, (on, part)) in [
            ("2021-03-15", 20),
            ("2021-06-15", 25),
            ("2021-09-15", 25),
            ("2021-12-14", 30),
        ]
        .iter()
        .enumerate()
        {
            let nsnn = if i == 3 { left } else { total * part / 100 };
            left -= nsnn;
            let document = format!("Bảng kê thu quý {} năm 2021", i + 1);
            store
                .create_budget_entry(
                    &actor,
                    &scope,
                    ward.id,
                    2021,
                    Entry::Collection,
                    &amount(line, on, nsnn, nsnn * share / 100, document),
                )
                .await?;
        }
    }
    store
        .create_budget_entry(
            &actor,
            &scope,
            ward.id,
            2021,
            Entry::Original,
            &amount(
                Line::BalancingTransfer,
                "2021-01-05",
                0,
                3_150 * m,
                decision,
            ),
        )
        .await?;
    Ok(true)
}
