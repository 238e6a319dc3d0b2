//! The demo deployment: Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí
//! Kiên (01843) with its residential groups and one account per role. Later
//! features add their demo records here. People's names are invented.
//!
//! With more communes it is a province for sizing a deployment: the ward
//! and as many generated wards beside it, each with the same registers in
//! the same proportions, all built the same way every time.

mod households;
mod onestop;
mod violations;

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::units::{Unit, UnitFilter};
use xaphuong_store::{Store, StoreError};

pub use households::DEMO_HOUSEHOLDS;
use violations::*;

pub const WARD_CODE: &str = "01843";

/// A demo account and its password (printed at start).
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub full_name: &'static str,
    pub role: Role,
    pub fields: &'static [&'static str],
    /// Code of the unit it is bound to: the province, the ward, or a group.
    pub unit: &'static str,
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "quantri",
        password: "quantri@01843",
        full_name: "Hoàng Văn Thành",
        role: Role::Admin,
        fields: &[],
        unit: "06",
    },
    DemoAccount {
        username: "lanhdao",
        password: "lanhdao@01843",
        full_name: "Nông Thị Hạnh",
        role: Role::Leader,
        fields: &[],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "motcua",
        password: "motcua@01843",
        full_name: "Ma Thị Lan",
        role: Role::OneStopOfficer,
        fields: &[],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "chuyenmon",
        password: "chuyenmon@01843",
        full_name: "Triệu Văn Đức",
        role: Role::SpecialistOfficer,
        fields: &["dat_dai", "xay_dung"],
        unit: WARD_CODE,
    },
    DemoAccount {
        username: "totruong5",
        password: "totruong5@01843",
        full_name: "Lục Văn Sơn",
        role: Role::GroupHead,
        fields: &[],
        unit: "5",
    },
];

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

fn input(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
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
    if let Ok(ward) = store.unit_by_code(&Scope::All, WARD_CODE).await {
        let added = seed_violations(store, &ward).await?;
        let resolutions = seed_resolutions(store, &ward).await?;
        let households = households::seed(store, &ward, size.households, "PCK").await?;
        return Ok(if added || resolutions || households {
            Outcome::Created
        } else {
            Outcome::AlreadyThere
        });
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
    let actor = Actor::system("dữ liệu mẫu");
    let all = Scope::All;
    let province = store
        .create_unit(&actor, &all, None, &input("06", "Tỉnh Bắc Kạn", Kind::Tinh))
        .await?;
    let city = store
        .create_unit(
            &actor,
            &all,
            Some(province.id),
            &input("058", "Thành phố Bắc Kạn", Kind::ThanhPhoThuocTinh),
        )
        .await?;
    let ward = store
        .create_unit(
            &actor,
            &all,
            Some(city.id),
            &input(WARD_CODE, "Phường Phùng Chí Kiên", Kind::Phuong),
        )
        .await?;
    let groups = add_groups(store, &ward).await?;
    for a in ACCOUNTS {
        let unit_id = match a.unit {
            "06" => province.id,
            WARD_CODE => ward.id,
            group => groups
                .iter()
                .find(|g| g.code == group)
                .map_or(ward.id, |g| g.id),
        };
        let hash = hash(a.password).await;
        let input = UserInput {
            username: a.username.into(),
            full_name: a.full_name.into(),
            role: a.role.as_str().into(),
            fields: a.fields.iter().map(|f| f.to_string()).collect(),
        };
        store
            .create_user(&actor, &all, Some(unit_id), &input, &hash)
            .await?;
    }
    store.ensure_procedure_catalogue(&actor).await?;
    let staff = onestop::Staff {
        counter: "motcua".into(),
        specialist: "chuyenmon".into(),
        leader: "lanhdao".into(),
    };
    fill(store, &ward, size, "PCK", &staff).await?;
    progress(1, size.communes);
    // Since 1 July 2025 communes sit right under the province.
    let staff = onestop::Staff {
        counter: "Cán bộ một cửa".into(),
        specialist: "Công chức chuyên môn".into(),
        leader: "Lãnh đạo UBND".into(),
    };
    for k in 1..size.communes {
        let (name, prefix) = commune_name(k);
        let commune = store
            .create_unit(
                &actor,
                &all,
                Some(province.id),
                &input(&format!("9{k:04}"), &name, Kind::Phuong),
            )
            .await?;
        add_groups(store, &commune).await?;
        fill(store, &commune, size, &prefix, &staff).await?;
        progress(k + 1, size.communes);
    }
    Ok(Outcome::Created)
}

/// Tổ 1 … tổ 10 of a ward.
async fn add_groups(store: &Store, ward: &Unit) -> Result<Vec<Unit>, DemoError> {
    let actor = Actor::system("dữ liệu mẫu");
    let mut groups = Vec::with_capacity(10);
    for n in 1..=10 {
        groups.push(
            store
                .create_unit(
                    &actor,
                    &Scope::All,
                    Some(ward.id),
                    &input(&n.to_string(), &format!("Tổ {n}"), Kind::ToDanPho),
                )
                .await?,
        );
    }
    Ok(groups)
}

/// Every register of one commune.
async fn fill(
    store: &Store,
    ward: &Unit,
    size: &Size,
    prefix: &str,
    staff: &onestop::Staff,
) -> Result<(), DemoError> {
    seed_violations(store, ward).await?;
    seed_handovers(store, ward).await?;
    seed_recruitment(store, ward).await?;
    seed_budget(store, ward).await?;
    seed_inspections(store, ward).await?;
    seed_resolutions(store, ward).await?;
    onestop::seed(store, ward, staff, size.dossiers).await?;
    households::seed(store, ward, size.households, prefix).await?;
    Ok(())
}

/// The `k`-th generated ward's name and household code prefix: "Phường Yên
/// Sơn", "YS"; past the combinations, a number follows.
fn commune_name(k: usize) -> (String, String) {
    const FIRST: [&str; 12] = [
        "Yên", "Tân", "Hòa", "Phú", "Thanh", "Đồng", "Quang", "Kim", "Vĩnh", "Bình", "Xuân", "Cao",
    ];
    const SECOND: [&str; 10] = [
        "Sơn", "Lạc", "Thịnh", "Minh", "Phong", "Thành", "Hưng", "Lợi", "Mỹ", "An",
    ];
    let i = k - 1;
    let (a, b) = (
        FIRST[i % FIRST.len()],
        SECOND[(i / FIRST.len()) % SECOND.len()],
    );
    let round = i / (FIRST.len() * SECOND.len());
    let initials: String = [a, b]
        .iter()
        .filter_map(|w| xaphuong_core::text::fold(w).chars().next())
        .collect::<String>()
        .to_uppercase();
    if round == 0 {
        (format!("Phường {a} {b}"), initials)
    } else {
        (
            format!("Phường {a} {b} {}", round + 1),
            format!("{initials}{}", round + 1),
        )
    }
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

async fn hash(password: &'static str) -> String {
    xaphuong_web::passwords::hash(password.to_owned())
        .await
        .unwrap_or_default()
}
