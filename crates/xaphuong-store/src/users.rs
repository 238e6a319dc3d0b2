//! Accounts: who they are, their role, the unit they are bound to.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};
use xaphuong_core::users::{Role, UserInput, ValidUser, normalize_username, validate_user};
use xaphuong_core::{Invalid, text};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::error::on_unique;
use crate::{Listing, Page, Result, Store, StoreError, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Uuid,
    /// `None`: a deployment administrator.
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    #[serde(skip)]
    pub unit_path: Option<String>,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub fields: Vec<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl User {
    /// The part of the unit tree this account reaches.
    pub fn scope(&self) -> Scope {
        match &self.unit_path {
            Some(p) => Scope::Subtree(p.clone()),
            None => Scope::All,
        }
    }

    pub fn actor(&self) -> Actor {
        Actor::user(self.id, &self.username)
    }

    fn place(&self) -> Place<'_> {
        Place {
            unit_id: self.unit_id,
            unit_path: self.unit_path.as_deref(),
        }
    }
}

/// What the audit trail keeps of an account (never the password hash).
#[derive(Serialize)]
struct Snapshot<'a> {
    username: &'a str,
    full_name: &'a str,
    role: Role,
    fields: &'a [String],
    unit_id: Option<Uuid>,
    active: bool,
}

impl<'a> From<&'a User> for Snapshot<'a> {
    fn from(u: &'a User) -> Self {
        Snapshot {
            username: &u.username,
            full_name: &u.full_name,
            role: u.role,
            fields: &u.fields,
            unit_id: u.unit_id,
            active: u.active,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    unit_id: Option<Uuid>,
    unit_name: Option<String>,
    unit_path: Option<String>,
    username: String,
    full_name: String,
    role: String,
    fields: String,
    active: bool,
    created_at: i64,
    updated_at: i64,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            unit_path: r.unit_path,
            username: r.username,
            full_name: r.full_name,
            // The schema's CHECK keeps roles valid; fall back to the least.
            role: Role::parse(&r.role).unwrap_or(Role::GroupHead),
            fields: r
                .fields
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) const SELECT: &str =
    "SELECT u.id, u.unit_id, n.name AS unit_name, n.path AS unit_path, u.username, u.full_name,
        u.role, u.fields, u.active, u.created_at, u.updated_at
    FROM users u LEFT JOIN units n ON n.id = u.unit_id";

/// Users visible to a scope: a subtree sees the accounts bound inside it;
/// only the whole deployment sees deployment administrators.
const IN_SCOPE: &str = "($1 OR (n.path >= $2 AND n.path < $3))";

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub q: Option<String>,
    pub role: Option<Role>,
    pub unit_id: Option<Uuid>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The changes an administrator makes to an account.
#[derive(Debug, Clone)]
pub struct UserChange {
    pub input: UserInput,
    pub unit_id: Option<Uuid>,
    pub active: bool,
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn user(&self, scope: &Scope, id: Uuid) -> Result<User> {
        let (lo, hi) = scope.path_range();
        let row = self
            .opt::<UserRow>(
                format!("{SELECT} WHERE u.id = $4 AND {IN_SCOPE}"),
                Args::new()
                    .bind(matches!(scope, Scope::All))
                    .bind(&lo)
                    .bind(&hi)
                    .bind(id),
            )
            .await?;
        row.map(User::from).ok_or(StoreError::NotFound("tài khoản"))
    }

    /// The account and its password hash, for signing in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn user_for_login(&self, username: &str) -> Result<Option<(User, String)>> {
        let username = normalize_username(username);
        let row = read!(&self.db, |c| {
            let hash: Option<(Uuid, String)> =
                sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
                    .bind(&username)
                    .fetch_optional(c)
                    .await?;
            match hash {
                None => Ok::<_, sqlx::Error>(None),
                Some((id, hash)) => {
                    let row = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
                        "{SELECT} WHERE u.id = $1"
                    )))
                    .bind(id)
                    .fetch_one(c)
                    .await?;
                    Ok(Some((User::from(row), hash)))
                }
            }
        })?;
        Ok(row)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn users(&self, scope: &Scope, f: &UserFilter) -> Result<Page<User>> {
        let (lo, hi) = scope.path_range();
        let filter = format!(
            "{IN_SCOPE} AND ($4 IS NULL OR u.search_key LIKE $4 ESCAPE '\\') AND ($5 IS NULL OR u.role = $5) AND ($6 IS NULL OR u.unit_id = $6)"
        );
        let args = Args::new()
            .bool(matches!(scope, Scope::All))
            .text(Some(lo))
            .text(Some(hi))
            .text(crate::search_pattern(f.q.as_deref()))
            .text(f.role.map(Role::as_str))
            .uuid(f.unit_id);
        let list = Listing {
            from: "users u LEFT JOIN units n ON n.id = u.unit_id",
            select: SELECT,
            filter: &filter,
            order: "u.username",
        };
        self.page::<UserRow, _>(&list, args, (f.page, f.per_page))
            .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn count_users(&self) -> Result<i64> {
        Ok(read!(&self.db, |c| sqlx::query_scalar(
            "SELECT COUNT(*) FROM users"
        )
        .fetch_one(c)
        .await)?)
    }

    /// Creates an account bound to `unit_id` (inside `scope`), or a
    /// deployment administrator when `None` (only from the whole scope).
    /// `password_hash` is a PHC string made by the caller.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_user(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Option<Uuid>,
        input: &UserInput,
        password_hash: &str,
    ) -> Result<User> {
        let valid = validate_user(input)?;
        let unit = self.bind_target(scope, unit_id, valid.role).await?;
        let now = now_ms();
        let user = User {
            id: new_id(),
            unit_id,
            unit_name: unit.as_ref().map(|u| u.name.clone()),
            unit_path: unit.as_ref().map(|u| u.path.clone()),
            username: valid.username.clone(),
            full_name: valid.full_name.clone(),
            role: valid.role,
            fields: valid.fields.clone(),
            active: true,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO users (id, unit_id, username, full_name, search_key, role, fields, password_hash, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            Args::new()
                .bind(user.id)
                .bind(user.unit_id)
                .bind(&user.username)
                .bind(&user.full_name)
                .bind(search_key(&valid))
                .bind(user.role.as_str())
                .bind(user.fields.join(","))
                .bind(password_hash)
                .bind(true)
                .bind(now)
                .bind(now),
        )
        .await
        .map_err(|e| on_unique(e, "username", format!("Tên đăng nhập «{}» đã có người dùng", user.username)))?;
        tx.audit(
            actor,
            Change::insert(Entity::User, user.id, user.place(), &Snapshot::from(&user)),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_user(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        change: &UserChange,
    ) -> Result<User> {
        let before = self.user(scope, id).await?;
        let valid = validate_user(&change.input)?;
        let unit = self.bind_target(scope, change.unit_id, valid.role).await?;
        if actor.user_id == Some(id)
            && (!change.active || valid.role != before.role || change.unit_id != before.unit_id)
        {
            return Err(StoreError::Forbidden(
                "Không thể tự khóa, đổi vai trò hoặc đổi đơn vị của chính tài khoản mình".into(),
            ));
        }
        let now = now_ms();
        let after = User {
            unit_id: change.unit_id,
            unit_name: unit.as_ref().map(|u| u.name.clone()),
            unit_path: unit.as_ref().map(|u| u.path.clone()),
            username: valid.username.clone(),
            full_name: valid.full_name.clone(),
            role: valid.role,
            fields: valid.fields.clone(),
            active: change.active,
            updated_at: now,
            ..before.clone()
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE users SET unit_id = $2, username = $3, full_name = $4, search_key = $5, role = $6, fields = $7, active = $8, updated_at = $9
             WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.unit_id)
                .bind(&after.username)
                .bind(&after.full_name)
                .bind(search_key(&valid))
                .bind(after.role.as_str())
                .bind(after.fields.join(","))
                .bind(after.active)
                .bind(now),
        )
        .await
        .map_err(|e| on_unique(e, "username", format!("Tên đăng nhập «{}» đã có người dùng", after.username)))?;
        if !after.active || after.role != before.role || after.unit_id != before.unit_id {
            // A narrowed or disabled account loses its open sessions at once.
            tx.run(
                "DELETE FROM sessions WHERE user_id = $1",
                Args::new().bind(id),
            )
            .await?;
        }
        tx.audit(
            actor,
            Change::update(
                Entity::User,
                id,
                after.place(),
                &Snapshot::from(&before),
                &Snapshot::from(&after),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Sets a new password hash and ends the account's sessions.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_password(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        password_hash: &str,
    ) -> Result<()> {
        let user = self.user(scope, id).await?;
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
            Args::new().bind(id).bind(password_hash).bind(now_ms()),
        )
        .await?;
        tx.run(
            "DELETE FROM sessions WHERE user_id = $1",
            Args::new().bind(id),
        )
        .await?;
        #[derive(Serialize)]
        struct PasswordChanged {
            password: &'static str,
        }
        tx.audit(
            actor,
            Change::new(
                Entity::User,
                id,
                Action::Update,
                user.place(),
                None::<&()>,
                Some(&PasswordChanged {
                    password: "đã đổi"
                }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a sign-in or sign-out of `user` in the audit trail.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn audit_session(&self, user: &User, action: Action) -> Result<()> {
        let mut tx = self.db.begin().await?;
        tx.audit(
            &user.actor(),
            Change::new(
                Entity::User,
                user.id,
                action,
                user.place(),
                None::<&()>,
                None::<&()>,
            ),
        )
        .await?;
        tx.commit().await
    }

    /// Checks where an account may be bound: a unit inside the scope, or
    /// nowhere (deployment administrator) from the whole scope only.
    async fn bind_target(
        &self,
        scope: &Scope,
        unit_id: Option<Uuid>,
        role: Role,
    ) -> Result<Option<crate::units::Unit>> {
        match unit_id {
            Some(uid) => self.unit(scope, uid).await.map(Some).map_err(|_| {
                StoreError::Invalid(Invalid::one(
                    "unit_id",
                    "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý",
                ))
            }),
            None if !matches!(scope, Scope::All) => Err(StoreError::Invalid(Invalid::one(
                "unit_id",
                "Phải chọn đơn vị cho tài khoản",
            ))),
            None if role != Role::Admin => Err(StoreError::Invalid(Invalid::one(
                "unit_id",
                "Chỉ tài khoản quản trị mới được để trống đơn vị (quản trị toàn hệ thống)",
            ))),
            None => Ok(None),
        }
    }
}

fn search_key(v: &ValidUser) -> String {
    text::fold(&format!("{} {}", v.username, v.full_name))
}
