use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::users::UserInput;
use xaphuong_store::users::{User, UserChange};

use super::{ListQuery, check_new_password};
use crate::AppState;
use crate::auth::{Signed, hash_password};
use crate::error::{ApiError, ErrorBody};
use crate::json::{ApiJson, ApiResult, Paged};

#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub username: String,
    pub full_name: String,
    /// admin | leader | one_stop_officer | specialist_officer | group_head
    pub role: String,
    pub fields: Vec<String>,
    pub active: bool,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView {
            id: u.id,
            unit_id: u.unit_id,
            unit_name: u.unit_name.clone(),
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            role: u.role.as_str().into(),
            fields: u.fields.clone(),
            active: u.active,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UserBody {
    pub unit_id: Option<Uuid>,
    #[serde(flatten)]
    pub input: UserInput,
    /// Required when creating; ignored when updating.
    pub password: Option<String>,
    /// When creating, defaults to true; when updating, left as it is.
    pub active: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/users", operation_id = "get_users", tag = "users", params(ListQuery), responses((status = 200, description = "Thành công", body = Paged<UserView>)))]
pub async fn list(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<ListQuery>,
) -> ApiResult<Paged<UserView>> {
    let f = q.filter()?;
    let p = state.store.users(&signed.user().scope(), &f).await?;
    Ok(Json(Paged::of(&p)))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", operation_id = "get_users_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "users", responses((status = 200, description = "Thành công", body = UserView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> ApiResult<UserView> {
    Ok(Json(UserView::from(
        &state.store.user(&signed.user().scope(), id).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/users", operation_id = "post_users", tag = "users", request_body = UserBody,
    responses((status = 201, description = "Đã tạo", body = UserView), (status = 409, description = "Bản ghi vừa được người khác cập nhật, hoặc trùng với bản ghi đã có", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    ApiJson(b): ApiJson<UserBody>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let u = signed.user();
    let password = b.password.clone().unwrap_or_default();
    check_new_password(&password, &password)?;
    let hash = hash_password(password).await?;
    let created = state
        .store
        .create_user(&u.actor(), &u.scope(), b.unit_id, &b.input, &hash)
        .await?;
    Ok((StatusCode::CREATED, Json(UserView::from(&created))))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", operation_id = "put_users_by_id", params(("id" = Uuid, Path, description = "Mã (UUID) của bản ghi")), tag = "users", request_body = UserBody,
    responses((status = 200, description = "Thành công", body = UserView), (status = 404, description = "Không tìm thấy (hoặc ngoài phạm vi quản lý)", body = ErrorBody), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    ApiJson(b): ApiJson<UserBody>,
) -> ApiResult<UserView> {
    let u = signed.user();
    // A locked account stays locked unless the body says otherwise.
    let active = match b.active {
        Some(active) => active,
        None => state.store.user(&u.scope(), id).await?.active,
    };
    let change = UserChange {
        input: b.input.clone(),
        unit_id: b.unit_id,
        active,
    };
    Ok(Json(UserView::from(
        &state
            .store
            .update_user(&u.actor(), &u.scope(), id, &change)
            .await?,
    )))
}
