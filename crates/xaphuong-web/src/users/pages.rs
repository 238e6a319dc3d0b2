use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::users::{FIELDS, Role, UserInput, field_label};
use xaphuong_store::units::Unit;
use xaphuong_store::users::{User, UserChange};

use super::{ListQuery, check_new_password};
use crate::AppState;
use crate::auth::{Signed, hash_password};
use crate::error::AppError;
use crate::page::{Layout, Pager, fmt_time, non_empty};
use crate::units::pages::choices;

#[derive(Template, WebTemplate)]
#[template(path = "users/list.html")]
pub struct ListPage {
    l: Layout,
    q: String,
    role: String,
    users: Vec<User>,
    pager: Pager,
    roles: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let f = q.filter()?;
    let page = state.store.users(&signed.user().scope(), &f).await?;
    let pager = Pager::new(
        &page,
        &[
            ("q", q.q.clone()),
            ("role", q.role.clone()),
            ("unit", q.unit.clone()),
        ],
    );
    Ok(ListPage {
        l: Layout::new(&signed, "Tài khoản", "/users"),
        q: q.q.unwrap_or_default(),
        role: q.role.unwrap_or_default(),
        users: page.items,
        pager,
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        can_manage: signed.user().role.allows(Permission::ManageUsers),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "users/show.html")]
pub struct ShowPage {
    l: Layout,
    u: User,
    fields: Vec<&'static str>,
    can_manage: bool,
    can_audit: bool,
    created: String,
    updated: String,
    notice: Option<&'static str>,
    errors: Invalid,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    saved: Option<String>,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    notice: Option<&'static str>,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let u = state.store.user(&signed.user().scope(), id).await?;
    let role = signed.user().role;
    Ok(ShowPage {
        l: Layout::new(signed, u.full_name.clone(), "/users"),
        fields: u.fields.iter().filter_map(|f| field_label(f)).collect(),
        created: fmt_time(u.created_at),
        updated: fmt_time(u.updated_at),
        u,
        can_manage: role.allows(Permission::ManageUsers),
        can_audit: role.allows(Permission::ViewAudit),
        notice,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> Result<ShowPage, AppError> {
    let notice = match q.saved.as_deref() {
        Some("password") => {
            Some("Đã đặt mật khẩu mới; các phiên đăng nhập của tài khoản đã kết thúc.")
        }
        Some(_) => Some("Đã lưu."),
        None => None,
    };
    show_page(&state, &signed, id, notice, Invalid::default()).await
}

#[derive(Template, WebTemplate)]
#[template(path = "users/form.html")]
pub struct FormPage {
    l: Layout,
    id: Option<Uuid>,
    input: UserInput,
    unit_id: String,
    active: bool,
    units: Vec<Unit>,
    roles: Vec<(&'static str, &'static str)>,
    all_fields: &'static [(&'static str, &'static str)],
    allow_no_unit: bool,
    errors: Invalid,
}

impl FormPage {
    fn has_field(&self, code: &&str) -> bool {
        self.input.fields.iter().any(|f| f == code)
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    unit: Option<String>,
}

async fn form_page(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    input: UserInput,
    unit_id: String,
    active: bool,
    errors: Invalid,
) -> Result<FormPage, AppError> {
    let scope = signed.user().scope();
    let title = if id.is_some() {
        "Sửa tài khoản"
    } else {
        "Thêm tài khoản"
    };
    Ok(FormPage {
        l: Layout::new(signed, title, "/users"),
        id,
        input,
        unit_id,
        active,
        units: choices(state, &scope).await?,
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect(),
        all_fields: FIELDS,
        allow_no_unit: matches!(scope, Scope::All),
        errors,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<NewQuery>,
) -> Result<FormPage, AppError> {
    let unit_id = non_empty(&q.unit)
        .or_else(|| signed.user().unit_id.map(|u| u.to_string()))
        .unwrap_or_default();
    form_page(
        &state,
        &signed,
        None,
        UserInput::default(),
        unit_id,
        true,
        Invalid::default(),
    )
    .await
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    fields: Vec<String>,
    #[serde(default)]
    unit_id: String,
    active: Option<String>,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

impl UserForm {
    fn input(&self) -> UserInput {
        UserInput {
            username: self.username.clone(),
            full_name: self.full_name.clone(),
            role: self.role.clone(),
            fields: self.fields.clone(),
        }
    }

    fn unit(&self) -> Result<Option<Uuid>, Invalid> {
        let s = self.unit_id.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            Uuid::try_parse(s)
                .map(Some)
                .map_err(|_| Invalid::one("unit_id", "Đơn vị không hợp lệ"))
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let result = async {
        let unit = f.unit()?;
        check_new_password(&f.password, &f.password_confirm)?;
        let hash = hash_password(f.password.clone()).await?;
        Ok::<_, AppError>(
            state
                .store
                .create_user(&user.actor(), &user.scope(), unit, &f.input(), &hash)
                .await?,
        )
    }
    .await;
    match result {
        Ok(created) => Ok(Redirect::to(&format!("/users/{}", created.id)).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let page = form_page(
                &state,
                &signed,
                None,
                f.input(),
                f.unit_id.clone(),
                true,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<FormPage, AppError> {
    let u = state.store.user(&signed.user().scope(), id).await?;
    let input = UserInput {
        username: u.username.clone(),
        full_name: u.full_name.clone(),
        role: u.role.as_str().into(),
        fields: u.fields.clone(),
    };
    form_page(
        &state,
        &signed,
        Some(id),
        input,
        u.unit_id.map(|x| x.to_string()).unwrap_or_default(),
        u.active,
        Invalid::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let active = f.active.is_some();
    let result = async {
        let change = UserChange {
            input: f.input(),
            unit_id: f.unit()?,
            active,
        };
        Ok::<_, AppError>(
            state
                .store
                .update_user(&user.actor(), &user.scope(), id, &change)
                .await?,
        )
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/users/{id}?saved=1")).into_response()),
        Err(AppError::Invalid(errors) | AppError::Conflict(errors)) => {
            let page = form_page(
                &state,
                &signed,
                Some(id),
                f.input(),
                f.unit_id.clone(),
                active,
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    if let Err(errors) = check_new_password(&f.password, &f.password_confirm) {
        let page = show_page(&state, &signed, id, None, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = hash_password(f.password).await?;
    state
        .store
        .set_password(&user.actor(), &user.scope(), id, &hash)
        .await?;
    Ok(Redirect::to(&format!("/users/{id}?saved=password")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "users/own_password.html")]
pub struct OwnPasswordPage {
    l: Layout,
    errors: Invalid,
}

pub async fn own_password_form(signed: Signed) -> OwnPasswordPage {
    OwnPasswordPage {
        l: Layout::new(&signed, "Đổi mật khẩu", ""),
        errors: Invalid::default(),
    }
}

pub async fn own_password_submit(
    State(state): State<AppState>,
    signed: Signed,
    client: crate::auth::Client,
    Form(f): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    // Guessing the current password here costs what it costs at sign-in.
    let key = crate::auth::admit_password_attempt(&state, &client, &user.username).await?;
    let found = state.store.user_for_login(&user.username).await?;
    let current_ok = match found {
        Some((_, hash)) => crate::passwords::verify(f.current.clone(), hash).await,
        None => false,
    };
    if current_ok {
        key.succeeded(&state).await?;
    }
    let checked = if current_ok {
        check_new_password(&f.password, &f.password_confirm)
    } else {
        Err(Invalid::one("current", "Mật khẩu hiện tại không đúng"))
    };
    if let Err(errors) = checked {
        let page = OwnPasswordPage {
            l: Layout::new(&signed, "Đổi mật khẩu", ""),
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let hash = hash_password(f.password).await?;
    // One's own account is always within reach.
    state
        .store
        .set_password(&user.actor(), &Scope::All, user.id, &hash)
        .await?;
    Ok(Redirect::to("/login").into_response())
}
