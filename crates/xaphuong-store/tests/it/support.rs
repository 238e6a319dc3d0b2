use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::units::Unit;
use xaphuong_store::users::User;
use xaphuong_store::{Store, StoreError};

pub fn system() -> Actor {
    Actor::system("kiểm thử")
}

pub fn unit_input(code: &str, name: &str, kind: Kind) -> UnitInput {
    UnitInput {
        code: code.into(),
        name: name.into(),
        kind: kind.as_str().into(),
    }
}

/// Two wards of one province: Phùng Chí Kiên (A) and Sông Cầu (B), each
/// with a residential group.
pub struct Tree {
    pub province: Unit,
    pub ward_a: Unit,
    pub group_a: Unit,
    pub ward_b: Unit,
    pub group_b: Unit,
}

pub async fn tree(store: &Store) -> Tree {
    let a = system();
    let province = store
        .create_unit(
            &a,
            &Scope::All,
            None,
            &unit_input("06", "Tỉnh Bắc Kạn", Kind::Tinh),
        )
        .await
        .unwrap();
    let city = store
        .create_unit(
            &a,
            &Scope::All,
            Some(province.id),
            &unit_input("058", "Thành phố Bắc Kạn", Kind::ThanhPhoThuocTinh),
        )
        .await
        .unwrap();
    let ward_a = store
        .create_unit(
            &a,
            &Scope::All,
            Some(city.id),
            &unit_input("01843", "Phường Phùng Chí Kiên", Kind::Phuong),
        )
        .await
        .unwrap();
    let ward_b = store
        .create_unit(
            &a,
            &Scope::All,
            Some(city.id),
            &unit_input("01837", "Phường Sông Cầu", Kind::Phuong),
        )
        .await
        .unwrap();
    let group_a = store
        .create_unit(
            &a,
            &Scope::All,
            Some(ward_a.id),
            &unit_input("5", "Tổ 5", Kind::ToDanPho),
        )
        .await
        .unwrap();
    let group_b = store
        .create_unit(
            &a,
            &Scope::All,
            Some(ward_b.id),
            &unit_input("5", "Tổ 5", Kind::ToDanPho),
        )
        .await
        .unwrap();
    Tree {
        province,
        ward_a,
        group_a,
        ward_b,
        group_b,
    }
}

pub fn user_input(username: &str, role: Role) -> UserInput {
    UserInput {
        username: username.into(),
        full_name: "Nguyễn Văn Bình".into(),
        role: role.as_str().into(),
        fields: if role == Role::SpecialistOfficer {
            vec!["xay_dung".into()]
        } else {
            vec![]
        },
    }
}

pub async fn user(store: &Store, unit: Option<Uuid>, username: &str, role: Role) -> User {
    store
        .create_user(
            &system(),
            &Scope::All,
            unit,
            &user_input(username, role),
            "$argon2id$v=19$test",
        )
        .await
        .unwrap()
}

/// Refused because the record or the unit lies outside the caller's reach:
/// not found (the same as one that does not exist), forbidden, or a field
/// that says so; any other error is a refusal for another reason.
pub fn out_of_scope(e: StoreError) -> bool {
    match e {
        StoreError::NotFound(_) | StoreError::Forbidden(_) => true,
        StoreError::Invalid(i) => i.0.iter().any(|f| f.message.contains("phạm vi")),
        _ => false,
    }
}
