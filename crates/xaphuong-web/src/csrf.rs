//! Protection of every state-changing request against cross-site forgery:
//! the browser's Fetch Metadata and Origin must not point elsewhere, and the
//! request must carry the session's synchronizer token (a hidden `_csrf`
//! field, a `_csrf` query parameter for file uploads, or an `X-CSRF-Token`
//! header). Before sign-in, the login form's token is double-submitted in a
//! cookie. JSON API calls without a session need no token: a browser cannot
//! send `application/json` cross-site without a CORS preflight, which this
//! server never grants.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use crate::auth::{LOGIN_CSRF_COOKIE, current_session};
use crate::error::{ApiError, AppError, wants_json};

/// Forms larger than this are refused before the token is looked for.
const FORM_LIMIT: usize = 2 * 1024 * 1024;

pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";

fn refuse(path: &str, why: &str) -> Response {
    tracing::warn!(path, why, "CSRF check refused a request");
    let e = AppError::Forbidden(
        "Yêu cầu bị từ chối vì thiếu hoặc sai mã bảo vệ biểu mẫu (CSRF). Vui lòng tải lại trang rồi thử lại.".into(),
    );
    if wants_json(path) {
        ApiError(e).into_response()
    } else {
        e.into_response()
    }
}

/// Compares in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn query_token(req: &Request) -> Option<String> {
    let q = req.uri().query()?;
    form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

pub async fn protect(req: Request, next: Next) -> Response {
    // Only the methods that change something are checked; any other goes
    // on to the router, which refuses what a route does not take (405).
    if !matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    // Open311 clients carry an API key, never a cookie: a forged request
    // would act with nobody's authority.
    if path.starts_with("/open311/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return refuse(&path, "cross-site fetch metadata");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
        if origin_host != host {
            return refuse(&path, "origin differs from host");
        }
    }
    let expected = match current_session(&req) {
        Some(s) => s.csrf_token.clone(),
        None => {
            let is_json = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("application/json"));
            if wants_json(&path) && is_json {
                return next.run(req).await;
            }
            match CookieJar::from_headers(headers).get(LOGIN_CSRF_COOKIE) {
                Some(c) => c.value().to_owned(),
                None => return refuse(&path, "no session and no login token"),
            }
        }
    };
    let provided = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| query_token(&req));
    if let Some(token) = provided {
        return if same(&token, &expected) {
            next.run(req).await
        } else {
            refuse(&path, "token mismatch")
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return refuse(&path, "no token");
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return refuse(&path, "form too large");
    };
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned());
    match token {
        Some(t) if same(&t, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse(&path, "form token missing or wrong"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn comparison_is_exact() {
        assert!(super::same("abc", "abc"));
        assert!(!super::same("abc", "abd"));
        assert!(!super::same("abc", "ab"));
    }
}
