//! The land handed over in 2021.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::{Unit, UnitFilter};

use super::DemoError;

/// R4: the household that handed its land over for the junction.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    if store.handover_totals(&scope, 2021).await?.0 > 0 {
        return Ok(false);
    }
    let groups = store
        .units(
            &scope,
            &UnitFilter {
                parent_id: Some(ward.id),
                per_page: Some(50),
                ..Default::default()
            },
        )
        .await?
        .items;
    let to7 = groups
        .iter()
        .find(|g| g.code == "7")
        .map_or(ward.id, |g| g.id);
    let input = xaphuong_core::handovers::HandoverInput {
        project: "Cải tạo nút giao Dương Mạc Hiếu – Trần Hưng Đạo – Phùng Chí Kiên".into(),
        household: "Hộ ông Hà Văn Thịnh".into(),
        address: "Số 2, đường Dương Mạc Hiếu, tổ 7".into(),
        handed_over_on: "2021-09-15".into(),
        area: "38,6".into(),
        document: "Biên bản bàn giao mặt bằng số 05/BB-GPMB ngày 15/9/2021".into(),
        note: "Tự nguyện bàn giao trước thời hạn".into(),
    };
    store
        .create_handover(
            &Actor::system("dữ liệu mẫu"),
            &scope,
            to7,
            &input,
            Date::constant(2021, 12, 31),
        )
        .await?;
    Ok(true)
}
