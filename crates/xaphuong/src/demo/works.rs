//! The public works: the road concreted in 2022 (the resolution's target
//! "bê tông hóa 01 tuyến đường dân sinh") and a drain of the same year, and
//! the new ward's work of 2026 that is behind schedule. None in 2021, so
//! that the 2021 report states the seed's figures and nothing more.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::works::{WorkInput, WorkKind};
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::DemoError;

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

/// The ward's residential groups in force with the given codes (all of
/// them for none).
async fn groups(store: &Store, ward: &Unit, codes: &[&str]) -> Result<Vec<uuid::Uuid>, DemoError> {
    Ok(store
        .groups_of(ward)
        .await?
        .iter()
        .filter(|g| codes.is_empty() || codes.contains(&g.code.as_str()))
        .map(|g| g.id)
        .collect())
}

/// The seed ward's works of 2022; none if the 2022 road is there.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    if store.work_totals(&scope, 2022).await?.roads > 0 {
        return Ok(false);
    }
    let road = WorkInput {
        name: "Bê tông hóa đường ngõ 35, tổ 7 (nối đường Phùng Chí Kiên)".into(),
        kind: WorkKind::RoadConcrete.as_str().into(),
        length: "210".into(),
        width: "3".into(),
        budget_province: String::new(),
        budget_commune: "150.000.000".into(),
        people_money: "60.000.000".into(),
        people_labour_days: "420".into(),
        people_land: "35,5".into(),
        started_on: "2022-03-15".into(),
        due_on: "2022-06-30".into(),
        completed_on: "2022-06-20".into(),
        accepted_on: "2022-07-08".into(),
        documents: "Quyết định số 45/QĐ-UBND ngày 01/3/2022 phê duyệt báo cáo kinh tế – kỹ thuật; \
                    Biên bản nghiệm thu hoàn thành đưa vào sử dụng số 12/BB-NT ngày 08/7/2022"
            .into(),
        note: "Nhà nước và nhân dân cùng làm".into(),
    };
    let drain = WorkInput {
        name: "Rãnh thoát nước dọc đường Trần Hưng Đạo, tổ 5".into(),
        kind: WorkKind::Drainage.as_str().into(),
        length: "120".into(),
        width: "0,6".into(),
        budget_province: "80.000.000".into(),
        budget_commune: "20.000.000".into(),
        people_labour_days: "150".into(),
        started_on: "2022-08-02".into(),
        due_on: "2022-10-15".into(),
        completed_on: "2022-10-08".into(),
        accepted_on: "2022-10-20".into(),
        documents: "Biên bản nghiệm thu số 19/BB-NT ngày 20/10/2022".into(),
        ..Default::default()
    };
    for (input, codes) in [(drain, ["5"]), (road, ["7"])] {
        let groups = groups(store, ward, &codes).await?;
        store
            .create_work(
                &actor(),
                &scope,
                ward.id,
                &groups,
                &input,
                Date::constant(2022, 12, 31),
            )
            .await?;
    }
    Ok(true)
}

/// The new ward's road of 2026, due at the end of November and not
/// finished: the leader's home page lists it behind schedule.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    let all = groups(store, ward, &[]).await?;
    let input = WorkInput {
        name: "Bê tông hóa đường vào khu dân cư Nà Cạo".into(),
        kind: WorkKind::RoadConcrete.as_str().into(),
        length: "340".into(),
        width: "3,5".into(),
        budget_province: "400.000.000".into(),
        budget_commune: "100.000.000".into(),
        people_money: "50.000.000".into(),
        people_labour_days: "600".into(),
        started_on: "2026-08-03".into(),
        due_on: "2026-11-30".into(),
        documents: "Quyết định số 112/QĐ-UBND ngày 20/7/2026 phê duyệt báo cáo kinh tế – kỹ thuật"
            .into(),
        ..Default::default()
    };
    store
        .create_work(
            &actor(),
            &ward.scope(),
            ward.id,
            &all.into_iter().take(1).collect::<Vec<_>>(),
            &input,
            Date::constant(2026, 11, 30),
        )
        .await?;
    Ok(())
}
