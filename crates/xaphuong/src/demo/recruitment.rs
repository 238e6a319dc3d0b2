//! The military call-up of 2021.

use xaphuong_core::audit::Actor;
use xaphuong_store::Store;
use xaphuong_store::units::{Unit, UnitFilter};

use super::DemoError;
use super::names::{MEN, STREETS, SURNAMES};

/// R6: the 2021 call-up: quota 8, 8 enlisted; others examined, deferred or
/// found unfit on the way.
pub(super) async fn seed(store: &Store, ward: &Unit) -> Result<bool, DemoError> {
    use xaphuong_core::recruitment::{RecruitInput, Service, Stage};
    let scope = ward.scope();
    if store
        .recruitment_summary(&scope, 2021)
        .await?
        .iter()
        .any(|(_, s)| s.quota > 0 || s.called > 0)
    {
        return Ok(false);
    }
    let actor = Actor::system("dữ liệu mẫu");
    store
        .set_recruitment_quota(&actor, &scope, ward.id, 2021, Service::Military, 8)
        .await?;
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
    // 8 enlisted, 2 deferred for study, 2 found unfit, 1 exempted.
    let mut plan: Vec<(Vec<Stage>, &str)> =
        vec![(vec![Stage::Examined, Stage::Passed, Stage::Enlisted], ""); 8];
    plan.push((vec![Stage::Postponed], "Đang học đại học hệ chính quy"));
    plan.push((vec![Stage::Postponed], "Đang học cao đẳng hệ chính quy"));
    plan.push((vec![Stage::Examined, Stage::Failed], ""));
    plan.push((vec![Stage::Examined, Stage::Failed], ""));
    plan.push((vec![Stage::Exempted], "Con của liệt sĩ"));
    for (i, (way, reason)) in plan.iter().enumerate() {
        let group = &groups[i % groups.len().max(1)];
        let middle = ["Văn", "Đức", "Minh"][i % 3];
        let name = format!(
            "{} {middle} {}",
            SURNAMES[(i * 4 + 1) % SURNAMES.len()],
            MEN[(i * 5 + 2) % MEN.len()]
        );
        let input = RecruitInput {
            full_name: name,
            birth_year: (2000 + (i % 3) as i16).to_string(),
            address: format!("{}, {}", group.name, STREETS[i % STREETS.len()]),
            service: Service::Military.as_str().into(),
        };
        let r = store
            .create_recruit(&actor, &scope, group.id, 2021, &input)
            .await?;
        for stage in way {
            store
                .move_recruit(&actor, &scope, r.id, *stage, reason, None)
                .await?;
        }
    }
    Ok(true)
}
