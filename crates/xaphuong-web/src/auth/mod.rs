//! Signing in and out, sessions in the database, who is asking.

pub(crate) mod api;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use xaphuong_core::audit::Action;
use xaphuong_store::sessions::{NewSession, Session};
use xaphuong_store::users::User;

use crate::error::AppError;
use crate::{AppState, passwords};

pub const SESSION_COOKIE: &str = "xaphuong_session";
pub const LOGIN_CSRF_COOKIE: &str = "xaphuong_login_csrf";

/// A fresh random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    let mut buf = [0u8; 32];
    // The OS random source failing leaves no safe way to go on.
    getrandom::fill(&mut buf).expect("operating system random source");
    hex::encode(buf)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashes a password with Argon2id on the password workers.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    passwords::hash(password)
        .await
        .ok_or_else(|| AppError::internal("password worker stopped"))
}

/// Loads the session named by the cookie, if any, into the request.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match state
            .store
            .session(&token_hash(cookie.value()), state.config.session_idle_ms)
            .await
        {
            Ok(Some(s)) => {
                req.extensions_mut().insert(Arc::new(s));
            }
            Ok(None) => {}
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    next.run(req).await
}

pub fn current_session(req: &Request) -> Option<&Arc<Session>> {
    req.extensions().get::<Arc<Session>>()
}

/// The signed-in account of a request. Routes are guarded before handlers
/// run, so a missing session here is a programming error reported as 401.
#[derive(Clone)]
pub struct Signed(pub Arc<Session>);

impl Signed {
    pub fn user(&self) -> &User {
        &self.0.user
    }

    pub fn csrf(&self) -> &str {
        &self.0.csrf_token
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Signed {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Arc<Session>>()
            .cloned()
            .map(Signed)
            .ok_or(AppError::Unauthorized)
    }
}

/// The caller's network address and browser, kept with the session.
pub struct Client {
    pub address: String,
    pub user_agent: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let address = match peer {
            Some(peer) => {
                let forwarded = parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok());
                client_address(peer, forwarded, &state.config.trusted_proxies).to_string()
            }
            None => "unknown".into(),
        };
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        Ok(Client {
            address,
            user_agent,
        })
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy;
/// then the `X-Forwarded-For` chain read from the right, past every
/// trusted proxy, to the first address that is not one (the leftmost
/// entries may be written by anyone).
fn client_address<'a>(
    peer: IpAddr,
    forwarded: impl Iterator<Item = &'a str>,
    trusted: &[ipnet::IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain: Vec<&str> = forwarded.flat_map(|v| v.split(',')).collect();
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            // An entry that is not an address ends what can be believed.
            Err(_) => break,
        }
    }
    client
}

pub fn login_redirect(target: &str) -> Response {
    let next: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// Only same-site paths are followed after sign-in: a path, not "//host",
/// and nothing a browser would drop or turn into a slash (tabs, line
/// breaks, spaces, backslashes: "/\t/evil.example" is read as
/// "//evil.example").
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n
                    .chars()
                    .any(|c| c.is_control() || c.is_whitespace() || c == '\\') =>
        {
            n
        }
        _ => "/",
    }
}

pub struct SignedIn {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
}

/// Counts an attempt at an account's password (signing in, or changing
/// it) before it is checked, so that guesses sent together cannot all be
/// judged; refuses it while the account or the address must wait. Returns
/// the account's key, to forget its count after a success.
pub(crate) async fn admit_password_attempt(
    state: &AppState,
    client: &Client,
    username: &str,
) -> Result<ThrottleKeys, AppError> {
    let keys = ThrottleKeys {
        account: format!("u:{}", xaphuong_core::users::normalize_username(username)),
        address: format!("ip:{}", client.address),
    };
    let admission = state
        .store
        .login_attempt(&keys.account, &keys.address)
        .await?;
    if admission.wait_ms > 0 {
        return Err(AppError::TooManyRequests((admission.wait_ms + 999) / 1000));
    }
    if admission.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(admission.delay_ms as u64)).await;
    }
    Ok(keys)
}

/// The throttle's keys of one attempt: its account and its address.
pub(crate) struct ThrottleKeys {
    account: String,
    address: String,
}

impl ThrottleKeys {
    /// The password was right: the account's failures are forgotten.
    pub(crate) async fn succeeded(&self, state: &AppState) -> Result<(), AppError> {
        Ok(state
            .store
            .login_succeeded(&self.account, &self.address)
            .await?)
    }
}

/// Checks the password, slowing down repeated failures, and opens a session.
pub async fn sign_in(
    state: &AppState,
    client: &Client,
    username: &str,
    password: &str,
) -> Result<SignedIn, AppError> {
    let keys = admit_password_attempt(state, client, username).await?;
    let found = state.store.user_for_login(username).await?;
    let ok = match &found {
        Some((user, hash)) => {
            passwords::verify(password.to_owned(), hash.clone()).await && user.active
        }
        None => {
            // Spend the same time as a real check, so timing does not tell
            // which usernames exist.
            let _ = passwords::verify(password.to_owned(), DUMMY_HASH.to_owned()).await;
            false
        }
    };
    let Some((user, _)) = found.filter(|_| ok) else {
        return Err(AppError::Invalid(xaphuong_core::Invalid::one(
            "password",
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa",
        )));
    };
    keys.succeeded(state).await?;
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = jiff::Timestamp::now().as_millisecond() + state.config.session_idle_ms;
    state
        .store
        .create_session(&NewSession {
            token_hash: &token_hash(&token),
            user_id: user.id,
            csrf_token: &csrf_token,
            expires_at,
            address: &client.address,
            user_agent: &client.user_agent,
        })
        .await?;
    state.store.audit_session(&user, Action::Login).await?;
    Ok(SignedIn {
        token,
        csrf_token,
        user,
    })
}

/// A hash of a random password, verified against when the user is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$o9S4j7xRxS0wQbHqYl8m9wAq0n3a4LCXH6n1V2fT0mY";

pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies)
        .same_site(SameSite::Lax)
        .build()
}

pub async fn sign_out(state: &AppState, s: &Session) -> Result<(), AppError> {
    state.store.delete_session(&s.token_hash).await?;
    state.store.audit_session(&s.user, Action::Logout).await?;
    Ok(())
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The double-submitted token of a form shown before sign-in.
pub(crate) fn login_csrf(state: &AppState, jar: CookieJar) -> (CookieJar, String) {
    match jar.get(LOGIN_CSRF_COOKIE) {
        Some(c) => {
            let v = c.value().to_owned();
            (jar, v)
        }
        None => {
            let token = random_token();
            let cookie = Cookie::build((LOGIN_CSRF_COOKIE, token.clone()))
                .path("/")
                .http_only(true)
                .secure(state.config.secure_cookies)
                .same_site(SameSite::Strict)
                .build();
            (jar.add(cookie), token)
        }
    }
}

pub async fn login_page(
    State(state): State<AppState>,
    jar: CookieJar,
    signed: Option<Signed>,
    Query(q): Query<NextQuery>,
) -> Response {
    if signed.is_some() {
        return Redirect::to(safe_next(q.next.as_deref())).into_response();
    }
    let (jar, csrf) = login_csrf(&state, jar);
    let page = LoginPage {
        csrf,
        next: safe_next(q.next.as_deref()).to_owned(),
        username: String::new(),
        error: None,
    };
    (jar, page).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login_submit(
    State(state): State<AppState>,
    jar: CookieJar,
    client: Client,
    Form(f): Form<LoginForm>,
) -> Response {
    let next = safe_next(f.next.as_deref()).to_owned();
    match sign_in(&state, &client, &f.username, &f.password).await {
        Ok(s) => {
            let jar = jar
                .add(session_cookie(&state, s.token))
                .remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/"));
            (jar, Redirect::to(&next)).into_response()
        }
        Err(e @ (AppError::Invalid(_) | AppError::TooManyRequests(_))) => {
            let status = e.status();
            let error = match &e {
                AppError::Invalid(i) => i.0.first().map(|x| x.message.clone()),
                other => Some(other.to_string()),
            };
            let (jar, csrf) = login_csrf(&state, jar);
            let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
                StatusCode::UNAUTHORIZED
            } else {
                status
            };
            (
                status,
                jar,
                LoginPage {
                    csrf,
                    next,
                    username: f.username,
                    error,
                },
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    signed: Signed,
) -> Result<Response, AppError> {
    sign_out(&state, &signed.0).await?;
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/login")).into_response())
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for Signed {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Arc<Session>>().cloned().map(Signed))
    }
}

/// Signing in and out, on the page and through the API.
pub(crate) fn routes(t: crate::routes::Table) -> crate::routes::Table {
    use crate::routes::Access::{Public, SignedIn};
    t.get("/login", Public, login_page)
        .post("/login", Public, login_submit)
        .post("/logout", SignedIn, logout)
        .post("/api/v1/session", Public, api::login)
        .delete("/api/v1/session", SignedIn, api::logout)
        .get("/api/v1/me", SignedIn, api::me)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_client_is_read_past_trusted_proxies_only() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let at = |peer: &str, xff: &[&str]| {
            super::client_address(ip(peer), xff.iter().copied(), &trusted).to_string()
        };
        // Not a proxy: the header is anyone's to write.
        assert_eq!(at("203.0.113.7", &["198.51.100.1"]), "203.0.113.7");
        // Behind the proxy: the address it saw.
        assert_eq!(at("10.0.0.2", &["198.51.100.1"]), "198.51.100.1");
        // A forged first entry and a second proxy: the first untrusted hop
        // from the right.
        assert_eq!(
            at("10.0.0.2", &["1.2.3.4, 198.51.100.1", "10.0.0.3"]),
            "198.51.100.1"
        );
        // No header, or garbage: the proxy itself.
        assert_eq!(at("10.0.0.2", &[]), "10.0.0.2");
        assert_eq!(at("10.0.0.2", &["không phải địa chỉ"]), "10.0.0.2");
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next(Some("/units?page=2")), "/units?page=2");
        assert_eq!(
            super::safe_next(Some("/households?q=nguyễn")),
            "/households?q=nguyễn"
        );
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\t/evil.example/x")), "/");
        assert_eq!(super::safe_next(Some("/\n/evil.example/x")), "/");
        assert_eq!(super::safe_next(Some("/ /evil.example/x")), "/");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/");
        assert_eq!(super::safe_next(Some("/a\\/evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
    }

    #[tokio::test]
    async fn dummy_hash_is_well_formed_and_matches_nothing_typed() {
        assert!(argon2::password_hash::PasswordHash::new(super::DUMMY_HASH).is_ok());
        assert!(!crate::passwords::verify("x".into(), super::DUMMY_HASH.into()).await);
    }
}
