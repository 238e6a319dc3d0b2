//! The demo's units: the map before 1 July 2025 — Tỉnh Bắc Kạn › Thành
//! phố Bắc Kạn › Phường Phùng Chí Kiên and the wards merged with it and
//! beside it — and Tỉnh Thái Nguyên, which the reform made their province;
//! and the generated wards of a province-sized demo.

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_store::Store;
use xaphuong_store::units::Unit;

use super::{DemoError, WARD_CODE};

/// The units of the demo since the reform, as the accounts are bound to
/// them.
pub(super) struct Ward {
    pub(super) province: Unit,
    pub(super) ward: Unit,
    pub(super) groups: Vec<Unit>,
}

/// The map before the reform.
pub(super) struct OldMap {
    pub(super) province: Unit,
    pub(super) thai_nguyen: Unit,
    /// Phường Phùng Chí Kiên, the seed's ward.
    pub(super) ward: Unit,
    /// The other wards that became Phường Bắc Kạn, with their household
    /// code prefixes.
    pub(super) merged: Vec<(Unit, &'static str)>,
    /// The wards that became Phường Đức Xuân, Đức Xuân itself first.
    pub(super) neighbours: Vec<Unit>,
}

fn input(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
}

async fn add(
    store: &Store,
    parent: Option<&Unit>,
    code: &str,
    name: &str,
    kind: Kind,
) -> Result<Unit, DemoError> {
    let actor = Actor::system("dữ liệu mẫu");
    Ok(store
        .create_unit(
            &actor,
            &Scope::All,
            parent.map(|p| p.id),
            &input(code, name, kind),
        )
        .await?)
}

/// The old province, its city and the seven wards of the city that the
/// reform merged into two (codes of QĐ 124/2004/QĐ-TTg; the merges of
/// Nghị quyết 1683/NQ-UBTVQH15), each with its groups; and Thái Nguyên.
pub(super) async fn seed(store: &Store) -> Result<OldMap, DemoError> {
    let province = add(store, None, "06", "Tỉnh Bắc Kạn", Kind::Tinh).await?;
    let city = add(
        store,
        Some(&province),
        "058",
        "Thành phố Bắc Kạn",
        Kind::ThanhPhoThuocTinh,
    )
    .await?;
    let ward = add(
        store,
        Some(&city),
        WARD_CODE,
        "Phường Phùng Chí Kiên",
        Kind::Phuong,
    )
    .await?;
    add_groups(store, &ward, 10).await?;
    let mut merged = Vec::new();
    for (code, name, kind, prefix) in [
        ("01837", "Phường Sông Cầu", Kind::Phuong, "SC"),
        ("01852", "Xã Nông Thượng", Kind::Xa, "NT"),
        ("01855", "Phường Xuất Hóa", Kind::Phuong, "XH"),
    ] {
        let w = add(store, Some(&city), code, name, kind).await?;
        if kind == Kind::Xa {
            for (c, n) in [
                ("KP", "Thôn Khuổi Pái"),
                ("NP", "Thôn Nà Pài"),
                ("PT", "Thôn Phặc Tràng"),
            ] {
                add(store, Some(&w), c, n, Kind::Thon).await?;
            }
        } else {
            add_groups(store, &w, 3).await?;
        }
        merged.push((w, prefix));
    }
    let mut neighbours = Vec::new();
    for (code, name) in [
        ("01840", "Phường Đức Xuân"),
        ("01834", "Phường Nguyễn Thị Minh Khai"),
        ("01846", "Phường Huyền Tụng"),
    ] {
        let w = add(store, Some(&city), code, name, Kind::Phuong).await?;
        add_groups(store, &w, 2).await?;
        neighbours.push(w);
    }
    let thai_nguyen = add(store, None, "19", "Tỉnh Thái Nguyên", Kind::Tinh).await?;
    Ok(OldMap {
        province,
        thai_nguyen,
        ward,
        merged,
        neighbours,
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
    add_groups(store, &commune, 10).await?;
    Ok((commune, prefix))
}

/// Tổ 1 … tổ `n` of a ward.
async fn add_groups(store: &Store, ward: &Unit, n: usize) -> Result<Vec<Unit>, DemoError> {
    let actor = Actor::system("dữ liệu mẫu");
    let mut groups = Vec::with_capacity(n);
    for n in 1..=n {
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
