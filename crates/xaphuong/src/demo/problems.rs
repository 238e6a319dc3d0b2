//! Citizens' reports of the new ward in 2026: one about the sidewalk,
//! answered and published with its photo; one about a street light being
//! dealt with; one about a blocked escape route still waiting past its
//! deadline. The escape-route category goes straight to the specialist
//! officer.

use jiff::civil::{DateTime, date};
use xaphuong_core::audit::Actor;
use xaphuong_core::problems::photos;
use xaphuong_core::problems::{ReportInput, StepInput, validate_report, validate_step};
use xaphuong_store::Store;
use xaphuong_store::problems::{NewProblem, RouteInput};
use xaphuong_store::units::Unit;

use super::DemoError;

pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    let Some((officer, _)) = store.user_for_login("chuyenmon").await? else {
        return Ok(());
    };
    let actor = Actor::user(officer.id, &officer.username);
    let scope = ward.scope();
    store
        .set_problem_route(
            &actor,
            &scope,
            ward.id,
            xaphuong_core::problems::Category::EscapeRoute,
            &RouteInput {
                field: "Phòng cháy, chữa cháy".into(),
                officer_id: officer.id.to_string(),
                working_days: "2".into(),
                basis: "Phân công của Chủ tịch UBND phường".into(),
                version: 0,
            },
        )
        .await?;
    let citizen = Actor::system("người dân phản ánh");
    let photo = photos::take(
        1,
        &photos::with_gps(&photos::grey_jpeg(), (22, 8, 51), (105, 50, 2)),
    )
    .map_err(xaphuong_store::StoreError::from)?;
    let file = |category: &str, description: &str, address: &str, name: &str| ReportInput {
        category: category.into(),
        description: description.into(),
        address: address.into(),
        name: name.into(),
        ..Default::default()
    };
    let reports: [(ReportInput, DateTime, &[&str]); 3] = [
        (
            file(
                "sidewalk",
                "Các quán nước bày bàn ghế kín vỉa hè trước cổng chợ, người đi bộ phải xuống lòng đường",
                "Đường Trường Chinh, trước cổng chợ",
                "Nông Thị Hạnh",
            ),
            date(2026, 10, 5).at(9, 10, 0, 0),
            &["assign", "start", "answer", "publish"],
        ),
        (
            file(
                "lighting",
                "Ba bóng đèn đường trong ngõ 12 không sáng từ một tuần nay",
                "Ngõ 12 đường Nguyễn Văn Tố",
                "",
            ),
            date(2026, 11, 20).at(14, 0, 0, 0),
            &["assign", "start"],
        ),
        (
            file(
                "escape_route",
                "Lối thoát hiểm phía sau khu nhà trọ bị khóa và chất đầy xe máy",
                "Khu nhà trọ ngõ 7, tổ 5",
                "Hà Văn Thoát",
            ),
            date(2026, 11, 25).at(8, 30, 0, 0),
            &[],
        ),
    ];
    for (n, (input, at, steps)) in reports.iter().enumerate() {
        let report = validate_report(input).map_err(xaphuong_store::StoreError::from)?;
        let mut p = store
            .file_problem(
                &citizen,
                NewProblem {
                    commune_id: ward.id,
                    report: &report,
                    photos: if n == 0 {
                        std::slice::from_ref(&photo)
                    } else {
                        &[]
                    },
                    channel: "web",
                    client_id: None,
                },
                *at,
            )
            .await?;
        for (k, action) in steps.iter().enumerate() {
            let note = match *action {
                "answer" => {
                    "Phường đã nhắc nhở, các hộ đã dọn bàn ghế khỏi vỉa hè và cam kết không tái phạm; tổ trật tự đô thị kiểm tra hằng tuần"
                }
                _ => "",
            };
            let step = validate_step(&StepInput {
                action: (*action).into(),
                note: note.into(),
                officer_id: officer.id.to_string(),
                ..Default::default()
            })
            .map_err(xaphuong_store::StoreError::from)?;
            let when = *at + jiff::SignedDuration::from_hours(20 * (k as i64 + 1));
            p = store
                .problem_step(&actor, &scope, p.id, p.updated_at, &step, when)
                .await?;
        }
    }
    Ok(())
}

/// Reports of a generated commune, for a province's figures: `n` spread
/// over 2026 across the categories, one in three rejected as unfounded,
/// the rest waiting (most past their deadline).
pub(super) async fn generate(store: &Store, commune: &Unit, n: usize) -> Result<(), DemoError> {
    let citizen = Actor::system("người dân phản ánh");
    let officer = Actor::system("Công chức chuyên môn");
    let categories = xaphuong_core::problems::Category::ALL;
    let mut dice = super::Dice(commune.code.bytes().map(u64::from).sum());
    for k in 0..n {
        let category = categories[k % categories.len()];
        let report = validate_report(&ReportInput {
            category: category.as_str().into(),
            description: format!("{} (phản ánh số {})", category.label(), k + 1),
            address: format!("Số {} đường {}", dice.next(200) + 1, commune.name),
            ..Default::default()
        })
        .map_err(xaphuong_store::StoreError::from)?;
        let month = i8::try_from(dice.next(11) + 1).unwrap_or(1);
        let day = i8::try_from(dice.next(28) + 1).unwrap_or(1);
        let at = date(2026, month, day).at(8 + (k % 9) as i8, 0, 0, 0);
        let p = store
            .file_problem(
                &citizen,
                NewProblem {
                    commune_id: commune.id,
                    report: &report,
                    photos: &[],
                    channel: "web",
                    client_id: None,
                },
                at,
            )
            .await?;
        if k % 3 == 0 {
            let step = validate_step(&StepInput {
                action: "reject".into(),
                note: "Đã kiểm tra tại chỗ, không có vi phạm".into(),
                rejection: "unfounded".into(),
                ..Default::default()
            })
            .map_err(xaphuong_store::StoreError::from)?;
            store
                .problem_step(
                    &officer,
                    &commune.scope(),
                    p.id,
                    p.updated_at,
                    &step,
                    at + jiff::SignedDuration::from_hours(24),
                )
                .await?;
        }
    }
    Ok(())
}
