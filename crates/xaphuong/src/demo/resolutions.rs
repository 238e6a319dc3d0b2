//! The ward council's resolutions of 2021 and 2022 and their targets.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::DemoError;

/// The ward council's resolutions: for 2021 the revenue estimate and the
/// recruitment quota as targets; for 2022 the seed's T1–T4 (7.950.000.000 đ
/// revenue, ≥ 95% cultural families, poverty ≤ 1,0%, 01 road concreted).
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_store::resolutions::ResolutionInput;
    let actor = Actor::system("dữ liệu mẫu");
    store.ensure_indicator_catalogue(&actor).await?;
    if store
        .resolution(&ward.scope(), ward.id, 2021)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let targets = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
            .collect()
    };
    let years = [
        (
            2021,
            "18/NQ-HĐND",
            Date::constant(2020, 12, 18),
            targets(&[("thu-nsnn", "7.420.000.000"), ("tuyen-quan", "8")]),
        ),
        (
            2022,
            "25/NQ-HĐND",
            Date::constant(2021, 12, 20),
            targets(&[
                ("thu-nsnn", "7.950.000.000"),
                ("gia-dinh-van-hoa", "95"),
                ("ho-ngheo", "1,0"),
                ("be-tong-hoa-duong", "1"),
            ]),
        ),
    ];
    for (year, number, adopted_on, targets) in years {
        let input = ResolutionInput {
            number: number.into(),
            title: format!(
                "Nghị quyết về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm {year}"
            ),
            adopted_on: Some(adopted_on),
            targets,
        };
        store
            .save_resolution(&actor, &ward.scope(), ward.id, year, &input)
            .await?;
    }
    Ok(true)
}
