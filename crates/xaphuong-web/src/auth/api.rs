use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::{Client, SESSION_COOKIE, Signed, session_cookie, sign_in, sign_out};
use crate::error::{ApiError, ErrorBody};
use crate::json::ApiJson;
use crate::users::api::UserView;

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SessionView {
    pub user: UserView,
    /// Send it back as the `X-CSRF-Token` header on every POST, PUT, DELETE.
    pub csrf_token: String,
}

/// Sign in: sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", operation_id = "post_session", tag = "session", request_body = LoginBody,
    responses((status = 200, description = "Thành công", body = SessionView), (status = 422, description = "Dữ liệu không hợp lệ: mỗi lỗi kèm trường (và dòng)", body = ErrorBody), (status = 429, description = "Quá nhiều lần thử", body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    client: Client,
    ApiJson(b): ApiJson<LoginBody>,
) -> Result<Response, ApiError> {
    let s = sign_in(&state, &client, &b.username, &b.password).await?;
    let view = SessionView {
        user: UserView::from(&s.user),
        csrf_token: s.csrf_token,
    };
    Ok((jar.add(session_cookie(&state, s.token)), Json(view)).into_response())
}

/// Sign out: ends the session.
#[utoipa::path(delete, path = "/api/v1/session", operation_id = "delete_session", tag = "session", responses((status = 204, description = "Xong, không có nội dung")))]
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    signed: Signed,
) -> Result<Response, ApiError> {
    sign_out(&state, &signed.0).await?;
    Ok((
        jar.remove(Cookie::build(SESSION_COOKIE).path("/")),
        axum::http::StatusCode::NO_CONTENT,
    )
        .into_response())
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "session", responses((status = 200, description = "Thành công", body = SessionView), (status = 401, description = "Cần đăng nhập", body = ErrorBody)))]
pub async fn me(signed: Signed) -> Json<SessionView> {
    Json(SessionView {
        user: UserView::from(signed.user()),
        csrf_token: signed.csrf().to_owned(),
    })
}
