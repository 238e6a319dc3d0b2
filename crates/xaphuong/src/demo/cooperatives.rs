//! Cooperatives: the seed ward's, one of them founded in 2022 and
//! supported under Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn, with their
//! grades of 2021 and 2022; and one founded in the new ward in 2026.

use jiff::civil::Date;
use xaphuong_core::audit::Actor;
use xaphuong_core::cooperatives::{CooperativeInput, GradeInput, SupportInput};
use xaphuong_store::Store;
use xaphuong_store::cooperatives::CooperativeFilter;
use xaphuong_store::units::Unit;

use super::DemoError;

fn actor() -> Actor {
    Actor::system("dữ liệu mẫu")
}

/// A cooperative as the demo writes it: number, name, day founded, line
/// of business, members, capital, director.
fn input(c: (&str, &str, &str, &str, i64, i64, &str)) -> CooperativeInput {
    let (no, name, on, business, members, capital, director) = c;
    CooperativeInput {
        registration_no: no.into(),
        name: name.into(),
        founded_on: on.into(),
        line_of_business: business.into(),
        members: members.to_string(),
        capital: capital.to_string(),
        director: director.into(),
        ..Default::default()
    }
}

fn grade(year: &str, grade: &str, score: &str) -> GradeInput {
    GradeInput {
        year: year.into(),
        grade: grade.into(),
        score: score.into(),
        note: String::new(),
    }
}

/// The seed ward's cooperatives; none if it already has some.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    let scope = ward.scope();
    let any = CooperativeFilter {
        per_page: Some(1),
        ..Default::default()
    };
    if store.cooperatives(&scope, &any).await?.total > 0 {
        return Ok(false);
    }
    let today = Date::constant(2022, 12, 31);
    let groups = store.groups_of(ward).await?;
    let group = |code: &str| {
        groups
            .iter()
            .find(|g| g.code == code)
            .map_or(ward.id, |g| g.id)
    };
    let older = store
        .create_cooperative(
            &actor(),
            &scope,
            group("3"),
            &input((
                "4701A0031",
                "Hợp tác xã dịch vụ tổng hợp Phùng Chí Kiên",
                "2019-05-20",
                "Dịch vụ nông nghiệp, thu mua, sơ chế nông sản",
                15,
                800_000_000,
                "Hoàng Văn Thắng",
            )),
            today,
        )
        .await?;
    for g in [grade("2021", "fair", "72"), grade("2022", "good", "81")] {
        store
            .set_cooperative_grade(&actor(), &scope, older.id, &g, today)
            .await?;
    }
    let vegetables = store
        .create_cooperative(
            &actor(),
            &scope,
            group("7"),
            &input((
                "4701A0112",
                "Hợp tác xã rau an toàn nhà lưới Phùng Chí Kiên",
                "2022-03-15",
                "Trồng rau an toàn trong nhà lưới, tiêu thụ rau",
                9,
                500_000_000,
                "Nông Thị Hạnh",
            )),
            today,
        )
        .await?;
    store
        .set_cooperative_grade(
            &actor(),
            &scope,
            vegetables.id,
            &grade("2022", "average", ""),
            today,
        )
        .await?;
    store
        .add_cooperative_support(
            &actor(),
            &scope,
            vegetables.id,
            &SupportInput {
                year: "2022".into(),
                policy: "Nghị quyết 08/2017/NQ-HĐND tỉnh Bắc Kạn".into(),
                content: "Hỗ trợ xây dựng 2.000 m² nhà lưới trồng rau".into(),
                amount: "150.000.000".into(),
                decision: "Quyết định số 87/QĐ-UBND ngày 20/6/2022 của UBND thành phố Bắc Kạn"
                    .into(),
            },
            today,
        )
        .await?;
    Ok(true)
}

/// The new ward's cooperative of 2026.
pub(super) async fn present(store: &Store, ward: &Unit) -> Result<(), DemoError> {
    store
        .create_cooperative(
            &actor(),
            &ward.scope(),
            ward.id,
            &input((
                "4701A0205",
                "Hợp tác xã dược liệu Phường Bắc Kạn",
                "2026-04-08",
                "Trồng, sơ chế dược liệu (giảo cổ lam, cà gai leo)",
                7,
                300_000_000,
                "Lường Văn Sơn",
            )),
            Date::constant(2026, 11, 30),
        )
        .await?;
    Ok(())
}
