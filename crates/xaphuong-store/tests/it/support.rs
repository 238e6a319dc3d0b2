use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::units::{Kind, UnitInput};
use xaphuong_core::users::{Role, UserInput};
use xaphuong_store::audit::{AuditEntry, AuditFilter};
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

/// A unit of `kind` under `parent`, created by the system.
pub async fn add_unit(
    store: &Store,
    parent: Option<&Unit>,
    code: &str,
    name: &str,
    kind: Kind,
) -> Unit {
    store
        .create_unit(
            &system(),
            &Scope::All,
            parent.map(|p| p.id),
            &unit_input(code, name, kind),
        )
        .await
        .unwrap()
}

pub async fn tree(store: &Store) -> Tree {
    let province = add_unit(store, None, "06", "Tỉnh Bắc Kạn", Kind::Tinh).await;
    let city = add_unit(
        store,
        Some(&province),
        "058",
        "Thành phố Bắc Kạn",
        Kind::ThanhPhoThuocTinh,
    )
    .await;
    let ward_a = add_unit(
        store,
        Some(&city),
        "01843",
        "Phường Phùng Chí Kiên",
        Kind::Phuong,
    )
    .await;
    let ward_b = add_unit(store, Some(&city), "01837", "Phường Sông Cầu", Kind::Phuong).await;
    let group_a = add_unit(store, Some(&ward_a), "5", "Tổ 5", Kind::ToDanPho).await;
    let group_b = add_unit(store, Some(&ward_b), "5", "Tổ 5", Kind::ToDanPho).await;
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

/// How many audit entries of `f` a caller of `scope` sees.
pub async fn audit_count(store: &Store, scope: &Scope, f: &AuditFilter) -> usize {
    store.audit_entries(scope, f).await.unwrap().len()
}

/// The whole audit trail (up to 1000 entries), newest first.
pub async fn audit_trail(store: &Store) -> Vec<AuditEntry> {
    let f = AuditFilter {
        limit: Some(1000),
        ..Default::default()
    };
    store.audit_entries(&Scope::All, &f).await.unwrap()
}

/// The audit filter of one kind of record, or of one record of it.
pub fn audit_of(entity: Entity, id: Option<Uuid>) -> AuditFilter {
    AuditFilter {
        entity: Some(entity),
        entity_id: id,
        ..Default::default()
    }
}

/// The actions the audit trail holds for one record, newest first.
pub async fn audit_actions(store: &Store, entity: Entity, id: Uuid) -> Vec<String> {
    store
        .audit_entries(&Scope::All, &audit_of(entity, Some(id)))
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}
