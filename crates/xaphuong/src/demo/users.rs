//! One demo account per role, bound to the province, the ward or a group.

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::Store;

use super::units::Ward;
use super::{DemoError, WARD_CODE};

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
        unit: "19",
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

/// The accounts of [`ACCOUNTS`], in the units of the demo ward.
pub(super) async fn seed(store: &Store, units: &Ward) -> Result<(), DemoError> {
    let actor = Actor::system("dữ liệu mẫu");
    for a in ACCOUNTS {
        let unit_id = match a.unit {
            "19" => units.province.id,
            WARD_CODE => units.ward.id,
            group => units
                .groups
                .iter()
                .find(|g| g.code == group)
                .map_or(units.ward.id, |g| g.id),
        };
        let hash = hash(a.password).await;
        let input = UserInput {
            username: a.username.into(),
            full_name: a.full_name.into(),
            role: a.role.as_str().into(),
            fields: a.fields.iter().map(|f| f.to_string()).collect(),
        };
        store
            .create_user(&actor, &Scope::All, Some(unit_id), &input, &hash)
            .await?;
    }
    Ok(())
}

async fn hash(password: &'static str) -> String {
    xaphuong_web::passwords::hash(password.to_owned())
        .await
        .unwrap_or_default()
}
