//! The demo's units: Tỉnh Bắc Kạn › Thành phố Bắc Kạn › Phường Phùng Chí
//! Kiên and its ten residential groups, and the generated wards of a
//! province-sized demo.

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::{DemoError, WARD_CODE};

/// The units of the one-ward demo, as the accounts are bound to them.
pub(super) struct Ward {
    pub(super) province: Unit,
    pub(super) ward: Unit,
    pub(super) groups: Vec<Unit>,
}

fn input(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
}

/// The province, the city, the demo ward and its groups.
pub(super) async fn seed(store: &Store) -> Result<Ward, DemoError> {
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
    Ok(Ward {
        province,
        ward,
        groups,
    })
}

/// The `k`-th generated ward (from 1) and its groups, with its household
/// code prefix. Since 1 July 2025 communes sit right under the province.
pub(super) async fn seed_commune(
    store: &Store,
    province: &Unit,
    k: usize,
) -> Result<(Unit, String), DemoError> {
    let actor = Actor::system("dữ liệu mẫu");
    let (name, prefix) = commune_name(k);
    let commune = store
        .create_unit(
            &actor,
            &Scope::All,
            Some(province.id),
            &input(&format!("9{k:04}"), &name, Kind::Phuong),
        )
        .await?;
    add_groups(store, &commune).await?;
    Ok((commune, prefix))
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
