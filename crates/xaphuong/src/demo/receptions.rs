//! The citizen-reception book of the new ward in 2026: a complaint
//! accepted and decided, a petition forwarded, a denunciation the
//! specialist officer handles (its denouncer seen by them alone).

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::petitions::ReceptionInput;
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::DemoError;

pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    let today = Date::constant(2026, 11, 30);
    let handler = store
        .user_for_login("chuyenmon")
        .await?
        .map(|(u, _)| Actor::user(u.id, &u.username))
        .unwrap_or_else(|| Actor::system("dữ liệu mẫu"));
    let entries = [
        ReceptionInput {
            received_on: "2026-04-06".into(),
            citizen: "Hoàng Văn Lực".into(),
            citizen_address: "Tổ 5, Phường Bắc Kạn".into(),
            matter: "Khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng".into(),
            kind: "complaint".into(),
            competent: true,
            accepted_on: "2026-04-10".into(),
            decision: "Quyết định giải quyết khiếu nại số 45/QĐ-UBND".into(),
            decided_on: "2026-05-05".into(),
            ..Default::default()
        },
        ReceptionInput {
            received_on: "2026-06-15".into(),
            citizen: "Lý Thị Nga".into(),
            matter: "Kiến nghị lắp đèn chiếu sáng ngõ 12".into(),
            kind: "proposal".into(),
            competent: false,
            forwarded_to: "Hướng dẫn gửi Công ty Điện lực Thái Nguyên".into(),
            ..Default::default()
        },
        ReceptionInput {
            received_on: "2026-10-20".into(),
            citizen: "Triệu Văn Bảo".into(),
            citizen_address: "Tổ 3, Phường Bắc Kạn".into(),
            matter: "Tố cáo việc thu tiền trông giữ xe trái phép tại chợ".into(),
            kind: "denunciation".into(),
            competent: true,
            accepted_on: "2026-10-27".into(),
            ..Default::default()
        },
    ];
    for input in &entries {
        store
            .create_reception(&handler, &ward.scope(), ward.id, input, today)
            .await?;
    }
    Ok(())
}
