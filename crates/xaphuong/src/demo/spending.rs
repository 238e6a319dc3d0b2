//! The commune budget's spending: the seed ward's 2022 estimate by item,
//! an adjustment and the payments, the year's roads paid for from it; and
//! the new ward's 2026 so far.

use xaphuong_core::audit::Actor;
use xaphuong_core::spending::{Entry, Item, SpendingInput};
use xaphuong_store::Store;
use xaphuong_store::spending::SpendingFilter;
use xaphuong_store::units::Unit;
use xaphuong_store::works::WorkFilter;

use super::DemoError;

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

/// The id of the commune's work whose name holds `words`.
async fn work(store: &Store, ward: &Unit, words: &str) -> Result<String, DemoError> {
    let f = WorkFilter {
        q: Some(words.into()),
        per_page: Some(1),
        ..Default::default()
    };
    let found = store.works(&ward.scope(), &f).await?.items;
    Ok(found.first().map(|w| w.id.to_string()).unwrap_or_default())
}

/// Writes `lines` (item, estimate, paid, work) of `year`: the estimate on
/// `decided`, the payment on `paid_on`.
async fn year(
    store: &Store,
    ward: &Unit,
    year: i16,
    decided: &str,
    paid_on: &str,
    lines: &[(Item, i64, i64, String)],
) -> Result<(), DemoError> {
    let m = 1_000_000_i64;
    for (item, estimate, paid, work_id) in lines {
        for (entry, amount, on, document) in [
            (
                Entry::Original,
                *estimate,
                decided,
                format!("Nghị quyết giao dự toán ngân sách năm {year}"),
            ),
            (
                Entry::Payment,
                *paid,
                paid_on,
                "Bảng kê chi ngân sách xã".to_owned(),
            ),
        ] {
            if amount == 0 {
                continue;
            }
            let input = SpendingInput {
                item: item.as_str().into(),
                on: on.into(),
                amount: (amount * m).to_string(),
                work_id: work_id.clone(),
                document,
                note: String::new(),
            };
            store
                .create_spending_entry(&actor(), &ward.scope(), ward.id, year, entry, &input)
                .await?;
        }
    }
    Ok(())
}

/// The seed ward's spending of 2022; none if the year already has some.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let f = SpendingFilter {
        year: 2022,
        per_page: Some(1),
        ..Default::default()
    };
    if store.spending_entries(&ward.scope(), &f).await?.total > 0 {
        return Ok(false);
    }
    let road = work(store, ward, "ngo 35").await?;
    let drain = work(store, ward, "ranh thoat nuoc").await?;
    let none = String::new;
    let lines = [
        (Item::Investment, 150, 150, road),
        (Item::Investment, 20, 20, drain),
        (Item::Defence, 180, 176, none()),
        (Item::Security, 150, 149, none()),
        (Item::Education, 90, 85, none()),
        (Item::Health, 40, 38, none()),
        (Item::Culture, 120, 128, none()),
        (Item::Sport, 60, 58, none()),
        (Item::Economic, 200, 185, none()),
        (Item::Administration, 2_100, 2_040, none()),
        (Item::Social, 350, 340, none()),
        (Item::Reserve, 70, 0, none()),
    ];
    year(store, ward, 2022, "2022-01-05", "2022-12-20", &lines).await?;
    // The year's festivals cost more than planned: the estimate was raised.
    let input = SpendingInput {
        item: Item::Culture.as_str().into(),
        on: "2022-09-15".into(),
        amount: "10.000.000".into(),
        document: "Nghị quyết điều chỉnh dự toán ngân sách năm 2022".into(),
        ..Default::default()
    };
    store
        .create_spending_entry(
            &actor(),
            &ward.scope(),
            ward.id,
            2022,
            Entry::Adjustment,
            &input,
        )
        .await?;
    Ok(true)
}

/// The new ward's 2026: the estimate and what was paid by the autumn.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    let road = work(store, ward, "na cao").await?;
    let none = String::new;
    let lines = [
        (Item::Investment, 100, 60, road),
        (Item::Defence, 420, 300, none()),
        (Item::Security, 380, 270, none()),
        (Item::Culture, 260, 150, none()),
        (Item::Administration, 5_800, 4_300, none()),
        (Item::Social, 900, 640, none()),
        (Item::Reserve, 160, 0, none()),
    ];
    year(store, ward, 2026, "2026-01-06", "2026-09-30", &lines).await
}
