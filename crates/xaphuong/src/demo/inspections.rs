//! The sidewalk inspections of 2021 and the cases found in them.

use jiff::ToSpan;
use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::DemoError;
use super::names::{STREETS, household};

/// R5: 70 cases of goods, signs, flower pots, street vendors and building
/// materials on the sidewalks, found with the city's urban-order team in
/// seven inspections of 2021, most of them reminded.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::inspections::{CaseInput, CaseKind, InspectionInput, Outcome as Result_};
    let scope = ward.scope();
    if !store.inspection_outcomes(&scope, 2021).await?.is_empty() {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    let today = Date::constant(2021, 12, 31);
    let kinds = [
        CaseKind::Goods,
        CaseKind::Signs,
        CaseKind::FlowerPots,
        CaseKind::StreetVendor,
        CaseKind::Materials,
    ];
    let shops = [
        "Cửa hàng tạp hóa",
        "Quán phở",
        "Cửa hàng điện thoại",
        "Quán cà phê",
        "Cửa hàng vật liệu xây dựng",
        "Tiệm may",
        "Quán bún",
    ];
    for n in 0..7usize {
        let on = Date::constant(2021, 2, 20) + ((n as i64) * 45).days();
        let input = InspectionInput {
            inspected_on: on.to_string(),
            place: format!(
                "{} và các ngõ lân cận",
                STREETS[n % STREETS.len()].replace("đường", "Đường")
            ),
            team: "Đội Quản lý trật tự đô thị thành phố Bắc Kạn phối hợp Công an phường".into(),
            note: String::new(),
        };
        let inspection = store
            .create_inspection(&actor, &scope, ward.id, &input, today)
            .await?;
        for k in 0..10usize {
            let i = n * 10 + k;
            let outcome = match i % 14 {
                0 | 7 => Result_::Removed,
                13 if i < 45 => Result_::Fined,
                _ => Result_::Reminded,
            };
            let owner = household(i + 200);
            let case = CaseInput {
                kind: kinds[i % kinds.len()].as_str().into(),
                offender: format!(
                    "{} {}",
                    shops[i % shops.len()],
                    owner
                        .trim_start_matches("Hộ ông ")
                        .trim_start_matches("Hộ bà ")
                ),
                address: format!("Số {}, {}", 2 + (i * 3) % 150, STREETS[n % STREETS.len()]),
                outcome: outcome.as_str().into(),
                note: String::new(),
            };
            store
                .add_inspection_case(&actor, &scope, inspection.id, &case)
                .await?;
        }
    }
    Ok(true)
}
