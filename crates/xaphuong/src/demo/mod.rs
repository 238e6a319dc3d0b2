//! The demo deployment as it is since the reform of 1 July 2025: Tỉnh Thái
//! Nguyên › Phường Bắc Kạn (01843), formed from Phường Phùng Chí Kiên —
//! which keeps the records behind the seed article's 2021 and 2022 figures
//! — and three other wards with a smaller history; Phường Đức Xuân beside
//! it; one account per role in the new ward, and its 2026 work. Each
//! feature's demo records live in the file named after the feature; this
//! module orders them. People's names are invented.
//!
//! With more communes it is a province for sizing a deployment: the ward
//! and as many generated wards beside it, each with the same registers in
//! the same proportions, all built the same way every time.

mod activities;
mod budget;
mod businesses;
mod cooperatives;
mod handovers;
mod households;
mod inspections;
mod names;
mod onestop;
mod problems;
mod receptions;
mod recruitment;
mod reorganisations;
mod resolutions;
mod spending;
mod units;
mod users;
mod violations;
mod works;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_store::units::{Unit, UnitFilter};
use xaphuong_store::{Store, StoreError};

pub use households::DEMO_HOUSEHOLDS;
pub use users::{ACCOUNTS, DemoAccount};

pub const WARD_CODE: &str = "01843";

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    AlreadyThere,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("Cơ sở dữ liệu đã có dữ liệu khác; dữ liệu mẫu chỉ được nạp vào cơ sở dữ liệu trống")]
    NotEmpty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How large a demo to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    /// Communes of the province: the demo ward, then generated ones.
    pub communes: usize,
    /// Households of each commune.
    pub households: usize,
    /// One-stop dossiers of each commune in the year; `None`: one to three
    /// a working day, as in the one-ward demo.
    pub dossiers: Option<usize>,
}

impl Default for Size {
    /// The one-ward demo.
    fn default() -> Self {
        Size {
            communes: 1,
            households: DEMO_HOUSEHOLDS,
            dossiers: None,
        }
    }
}

/// Fills an empty database with the one-ward demo; completes one that
/// already holds it with the records of later features; refuses one that
/// holds anything else.
pub async fn seed(store: &Store) -> Result<Outcome, DemoError> {
    seed_sized(store, &Size::default(), &mut |_, _| {}).await
}

/// [`seed`] at `size`; `progress` hears of each commune done (done, of).
pub async fn seed_sized(
    store: &Store,
    size: &Size,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Outcome, DemoError> {
    // The seed's ward as it was when it kept its records.
    let then = Some(jiff::civil::Date::constant(2021, 12, 31));
    if let Ok(ward) = store.unit_by_code(&Scope::All, WARD_CODE, then).await {
        let added = violations::seed(store, &ward).await?;
        let resolutions = resolutions::seed(store, &ward).await?;
        let households = households::seed(store, &ward, size.households, "PCK").await?;
        let works = works::seed(store, &ward).await?;
        let spending = spending::seed(store, &ward).await?;
        let activities = activities::seed(store, &ward).await?;
        let businesses = businesses::seed(store, &ward).await?;
        let cooperatives = cooperatives::seed(store, &ward).await?;
        return Ok(
            if added
                || resolutions
                || households
                || works
                || spending
                || activities
                || businesses
                || cooperatives
            {
                Outcome::Created
            } else {
                Outcome::AlreadyThere
            },
        );
    }
    let any = store
        .units(
            &Scope::All,
            &UnitFilter {
                per_page: Some(1),
                ..Default::default()
            },
        )
        .await?;
    if !any.items.is_empty() || store.count_users().await? > 0 {
        return Err(DemoError::NotEmpty);
    }
    let old = units::seed(store).await?;
    store
        .ensure_procedure_catalogue(&Actor::system("dữ liệu mẫu"))
        .await?;
    // Before 1 July 2025: the seed's ward and its neighbours.
    history(store, &old.ward, size, "PCK").await?;
    reorganisations::history(store, &old.ward, 30, 0).await?;
    for (w, _) in &old.merged {
        reorganisations::history(store, w, 10, 2).await?;
    }
    reorganisations::history(store, &old.neighbours[0], 10, 2).await?;
    let demo = reorganisations::apply(store, &old).await?;
    // Since: the new ward's accounts and its work.
    users::seed(store, &demo).await?;
    reorganisations::present(store, &demo.ward).await?;
    works::present(store, &demo.ward).await?;
    spending::present(store, &demo.ward).await?;
    activities::present(store, &demo.ward).await?;
    businesses::present(store, &demo.ward).await?;
    cooperatives::present(store, &demo.ward).await?;
    receptions::present(store, &demo.ward).await?;
    problems::present(store, &demo.ward).await?;
    let staff = onestop::Staff {
        counter: "motcua".into(),
        specialist: "chuyenmon".into(),
        leader: "lanhdao".into(),
    };
    onestop::seed(store, &demo.ward, &staff, size.dossiers).await?;
    progress(1, size.communes);
    let staff = onestop::Staff {
        counter: "Cán bộ một cửa".into(),
        specialist: "Công chức chuyên môn".into(),
        leader: "Lãnh đạo UBND".into(),
    };
    for k in 1..size.communes {
        let (commune, prefix) = units::seed_commune(store, &demo.province, k).await?;
        history(store, &commune, size, &prefix).await?;
        onestop::seed(store, &commune, &staff, size.dossiers).await?;
        problems::generate(store, &commune, size.households / 10).await?;
        progress(k + 1, size.communes);
    }
    Ok(Outcome::Created)
}

/// The registers of one commune but the one-stop dossiers: the seed's
/// 2021 and 2022.
async fn history(store: &Store, ward: &Unit, size: &Size, prefix: &str) -> Result<(), DemoError> {
    violations::seed(store, ward).await?;
    handovers::seed(store, ward).await?;
    recruitment::seed(store, ward).await?;
    budget::seed(store, ward).await?;
    inspections::seed(store, ward).await?;
    resolutions::seed(store, ward).await?;
    households::seed(store, ward, size.households, prefix).await?;
    works::seed(store, ward).await?;
    spending::seed(store, ward).await?;
    activities::seed(store, ward).await?;
    businesses::seed(store, ward).await?;
    cooperatives::seed(store, ward).await?;
    Ok(())
}

/// A small deterministic generator, so the demo is the same every time.
pub(super) struct Dice(u64);

impl Dice {
    pub(super) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}
