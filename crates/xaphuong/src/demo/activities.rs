//! Culture and sport in the residential areas: the seed ward's activities
//! of 2022 and its groups' titles of the year, and the new ward's 2026.

use jiff::civil::Date;
use xaphuong_core::activities::{ActivityInput, ActivityKind, TitleInput};
use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::activities::ActivityFilter;
use xaphuong_store::units::Unit;

use super::DemoError;

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

/// Records `list` (day, group code, kind, name, participants) in `ward`.
async fn held(
    store: &Store,
    ward: &Unit,
    list: &[(&str, &str, ActivityKind, &str, i64)],
    today: Date,
) -> Result<(), DemoError> {
    let groups = store.groups_of(ward).await?;
    for (on, code, kind, name, people) in list {
        let unit = groups
            .iter()
            .find(|g| g.code == *code)
            .map_or(ward.id, |g| g.id);
        let input = ActivityInput {
            held_on: (*on).into(),
            kind: kind.as_str().into(),
            name: (*name).into(),
            participants: people.to_string(),
            ..Default::default()
        };
        store
            .create_activity(&actor(), &ward.scope(), unit, &input, today)
            .await?;
    }
    Ok(())
}

/// The seed ward's 2022; none if the year already has activities.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let f = ActivityFilter {
        year: Some(2022),
        per_page: Some(1),
        ..Default::default()
    };
    if store.activities(&scope, &f).await?.total > 0 {
        return Ok(false);
    }
    use ActivityKind::*;
    held(
        store,
        ward,
        &[
            ("2022-01-28", "5", Arts, "Văn nghệ chào xuân Nhâm Dần", 150),
            ("2022-04-10", "7", Sport, "Giải cầu lông các tổ dân phố", 64),
            (
                "2022-05-19",
                "1",
                Outreach,
                "Tuyên truyền phòng, chống dịch COVID-19",
                90,
            ),
            (
                "2022-09-02",
                "5",
                Sport,
                "Giải bóng chuyền hơi mừng Quốc khánh",
                120,
            ),
            (
                "2022-11-15",
                "3",
                Festival,
                "Ngày hội Đại đoàn kết toàn dân tộc",
                230,
            ),
            (
                "2022-11-18",
                "7",
                Festival,
                "Ngày hội Đại đoàn kết toàn dân tộc",
                210,
            ),
            (
                "2022-12-10",
                "9",
                Club,
                "Câu lạc bộ dưỡng sinh tổ 9 ra mắt",
                40,
            ),
        ],
        Date::constant(2022, 12, 31),
    )
    .await?;
    // Every group but two recognised by the ward's decision of the year.
    let decision = "Quyết định số 215/QĐ-UBND ngày 15/12/2022 của UBND phường";
    let titles: Vec<TitleInput> = store
        .groups_of(ward)
        .await?
        .iter()
        .map(|g| TitleInput {
            group: g.id.to_string(),
            recognised: !matches!(g.code.as_str(), "2" | "8"),
            decision: if matches!(g.code.as_str(), "2" | "8") {
                String::new()
            } else {
                decision.into()
            },
        })
        .collect();
    store
        .set_group_titles(&actor(), &scope, ward.id, 2022, &titles)
        .await?;
    Ok(true)
}

/// The new ward's 2026 so far.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    use ActivityKind::*;
    let first = store
        .groups_of(ward)
        .await?
        .first()
        .map(|g| g.code.clone())
        .unwrap_or_default();
    held(
        store,
        ward,
        &[
            (
                "2026-02-08",
                first.as_str(),
                Arts,
                "Hội diễn văn nghệ mừng Đảng, mừng Xuân Bính Ngọ",
                300,
            ),
            (
                "2026-09-01",
                first.as_str(),
                Sport,
                "Giải bóng đá nam Phường Bắc Kạn mở rộng",
                180,
            ),
            (
                "2026-11-14",
                first.as_str(),
                Festival,
                "Ngày hội Đại đoàn kết toàn dân tộc",
                260,
            ),
        ],
        Date::constant(2026, 11, 30),
    )
    .await
}
