//! The demo deployment: Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí
//! Kiên (01843) with its residential groups and one account per role. Later
//! features add their demo records here. People's names are invented.

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::units::{Unit, UnitFilter};
use xaphuong_store::{Store, StoreError};

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

/// Fills an empty database with the demo deployment; leaves one that already
/// holds it alone; refuses one that holds anything else.
pub async fn seed(store: &Store) -> Result<Outcome, DemoError> {
    if store.unit_by_code(&Scope::All, WARD_CODE).await.is_ok() {
        return Ok(Outcome::AlreadyThere);
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
    if any.total > 0 || store.count_users().await? > 0 {
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
    let mut groups: Vec<Unit> = Vec::new();
    for n in 1..=10 {
        let g = store
            .create_unit(
                &actor,
                &all,
                Some(ward.id),
                &input(&n.to_string(), &format!("Tổ {n}"), Kind::ToDanPho),
            )
            .await?;
        groups.push(g);
    }
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
    Ok(Outcome::Created)
}

async fn hash(password: &'static str) -> String {
    xaphuong_web::passwords::hash(password.to_owned())
        .await
        .unwrap_or_default()
}
