//! The HTTP face of xaphuong: Vietnamese HTML pages and the JSON API under
//! `/api/v1`. Handlers are thin: parse, authorize, call the store, render.

mod activities;
mod assets;
mod audit;
mod auth;
mod budget;
mod businesses;
mod calendar;
mod cooperatives;
mod csrf;
mod error;
mod forms;
mod handovers;
mod home;
mod households;
mod imports;
mod inspections;
mod json;
mod onestop;
mod openapi;
mod page;
pub mod passwords;
mod places;
mod problems;
mod receptions;
mod recruitment;
mod reorganisations;
mod resolutions;
mod routes;
mod spending;
mod tax;
mod units;
mod users;
mod violations;
pub mod webhooks;
mod works;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use xaphuong_store::Store;

pub use error::AppError;
pub use routes::{Access, RouteInfo};

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// A session unused this long ends.
    pub session_idle_ms: i64,
    /// Public dossier lookups and online filings allowed per address and
    /// minute, against scraping the codes.
    pub lookups_per_minute: u32,
    /// The address citizens reach the server at (`https://motcua.example.vn`),
    /// printed in the papers' QR codes; unset, the papers have none. An
    /// `https://` address turns on `Secure` cookies and HSTS.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client; from any
    /// other peer the header is ignored (anyone could write it).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How the webhook deliveries are paced.
    pub webhooks: webhooks::worker::WorkerConfig,
    /// The tile server the public map of reports draws from
    /// (`https://tiles.example.vn/{z}/{x}/{y}.png`); unset, no map is drawn
    /// and no page fetches anything from elsewhere.
    pub map_tiles: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_idle_ms: 8 * 60 * 60 * 1000,
            lookups_per_minute: 30,
            public_url: None,
            trusted_proxies: Vec::new(),
            webhooks: webhooks::worker::WorkerConfig::default(),
            map_tiles: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Public dossier lookups per address, against scraping the codes.
    pub lookups: Arc<governor::DefaultKeyedRateLimiter<String>>,
}

/// The whole application, ready to serve.
/// What a page may load and who may frame it: its own files only, no
/// inline script, never inside another site's frame.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy, with the configured tile server's origin allowed for
/// images (the public map's tiles) and nothing else.
fn content_security_policy(map_tiles: Option<&str>) -> HeaderValue {
    let origin = map_tiles.and_then(|t| {
        let (scheme, rest) = t.split_once("://")?;
        let host = rest.split('/').next().filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        })?;
        matches!(scheme, "http" | "https").then(|| format!("{scheme}://{host}"))
    });
    match origin {
        Some(o) => HeaderValue::from_str(
            &CONTENT_SECURITY_POLICY
                .replace("img-src 'self' data:", &format!("img-src 'self' data: {o}")),
        )
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY)),
        None => HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    }
}

impl WebConfig {
    /// Whether the deployment is reached over HTTPS, as its public address
    /// says.
    fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

pub fn app(store: Store, mut config: WebConfig) -> Router {
    // Served over HTTPS, cookies never travel in clear.
    config.secure_cookies |= config.https();
    let hsts = config.https().then(|| {
        SetResponseHeaderLayer::if_not_present(
            axum::http::header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        )
    });
    let per_minute =
        std::num::NonZeroU32::new(config.lookups_per_minute).unwrap_or(std::num::NonZeroU32::MIN);
    let state = AppState {
        store,
        config: Arc::new(config),
        lookups: Arc::new(governor::RateLimiter::keyed(governor::Quota::per_minute(
            per_minute,
        ))),
    };
    let request_id = HeaderName::from_static("x-request-id");
    let csp = content_security_policy(state.config.map_tiles.as_deref());
    routes::table()
        .router
        .fallback(error::no_such_page)
        .layer(tower::util::option_layer(hsts))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(axum::middleware::from_fn(error::json_errors))
        // Uploads (unit lists, later spreadsheets) may exceed axum's 2 MB
        // default; forms stay limited by the CSRF check.
        .layer(axum::extract::DefaultBodyLimit::max(units::pages::IMPORT_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::load_session))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        // Pages and files carry personal data: no browser or proxy keeps
        // them (the stylesheet says otherwise for itself).
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(axum::middleware::from_fn(error::remember_request_id))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Every route the application serves, with the access it requires.
pub fn routes() -> Vec<RouteInfo> {
    routes::table().list
}
