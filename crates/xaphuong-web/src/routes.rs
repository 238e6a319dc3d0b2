//! The route table. Each route is registered with the access it requires,
//! enforced by a layer on that route: a route cannot exist without one.

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use xaphuong_core::access::Permission;

use crate::auth::current_session;
use crate::error::{AppError, wants_json};
use crate::{
    AppState, activities, assets, audit, auth, budget, businesses, calendar, cooperatives,
    handovers, home, households, inspections, onestop, openapi, problems, receptions, recruitment,
    reorganisations, resolutions, spending, tax, units, users, violations, webhooks, works,
};

/// What a route requires of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// A signed-in account whose role holds the permission.
    Permission(Permission),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

pub(crate) struct Table {
    pub router: Router<AppState>,
    pub list: Vec<RouteInfo>,
}

async fn enforce(access: Access, req: Request, next: Next) -> Response {
    let json = wants_json(req.uri().path());
    let denied = match (access, current_session(&req)) {
        (Access::Public, _) => None,
        (_, None) => Some(AppError::Unauthorized),
        (Access::SignedIn, Some(_)) => None,
        (Access::Permission(p), Some(s)) if s.user.role.allows(p) => None,
        (Access::Permission(_), Some(_)) => Some(AppError::Forbidden(
            "Vai trò của bạn không được phép thực hiện việc này".into(),
        )),
    };
    match denied {
        None => next.run(req).await,
        Some(e) if json => crate::error::ApiError(e).into_response(),
        Some(AppError::Unauthorized) => {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            auth::login_redirect(target)
        }
        Some(e) => e.into_response(),
    }
}

impl Table {
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        access: Access,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.list.push(RouteInfo {
            method,
            path,
            access,
        });
        // The CSRF check runs first, and only on a method the route takes:
        // any other is the router's 405.
        let guarded = route
            .route_layer(axum::middleware::from_fn(
                move |req: Request, next: Next| enforce(access, req, next),
            ))
            .route_layer(axum::middleware::from_fn(crate::csrf::protect));
        self.router = self.router.route(path, guarded);
        self
    }

    pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("GET", path, access, get(h))
    }

    pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("POST", path, access, post(h))
    }

    pub(crate) fn put<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("PUT", path, access, put(h))
    }

    pub(crate) fn delete<H: Handler<T, AppState>, T: 'static>(
        self,
        path: &'static str,
        access: Access,
        h: H,
    ) -> Self {
        self.add("DELETE", path, access, delete(h))
    }
}

/// Every route of the application. Each feature registers its own, beside
/// its handlers; the citizens' routes are kept apart from the officers'.
pub(crate) fn table() -> Table {
    let t = Table {
        router: Router::new(),
        list: Vec::new(),
    };
    // Anyone: files of the pages, signing in, the citizens' one-stop pages.
    let t = assets::routes(t);
    let t = auth::routes(t);
    let t = onestop::public_routes(t);
    let t = problems::public_routes(t);
    // Signed-in officers, each route with the permission it needs.
    let t = home::routes(t);
    let t = units::routes(t);
    let t = reorganisations::routes(t);
    let t = users::routes(t);
    let t = audit::routes(t);
    let t = calendar::routes(t);
    let t = onestop::routes(t);
    let t = households::routes(t);
    let t = violations::routes(t);
    let t = inspections::routes(t);
    let t = handovers::routes(t);
    let t = works::routes(t);
    let t = recruitment::routes(t);
    let t = budget::routes(t);
    let t = spending::routes(t);
    let t = activities::routes(t);
    let t = businesses::routes(t);
    let t = tax::routes(t);
    let t = cooperatives::routes(t);
    let t = receptions::routes(t);
    let t = problems::routes(t);
    let t = resolutions::routes(t);
    let t = webhooks::routes(t);
    openapi::mount(t)
}

impl Table {
    /// Routes served by a ready-made router (the API viewer), recorded so the
    /// table stays complete.
    pub(crate) fn merge_public(mut self, paths: &[&'static str], router: Router<AppState>) -> Self {
        for path in paths {
            self.list.push(RouteInfo {
                method: "GET",
                path,
                access: Access::Public,
            });
        }
        self.router = self.router.merge(router);
        self
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Each feature's API and pages share what they both need through the
    /// feature's `mod.rs`, `forms` or core, never through each other.
    #[test]
    fn the_api_and_the_pages_of_a_feature_never_import_each_other() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut features = 0;
        for dir in std::fs::read_dir(&src).unwrap() {
            let dir = dir.unwrap().path();
            let (api, pages) = (dir.join("api.rs"), dir.join("pages.rs"));
            if !api.exists() || !pages.exists() {
                continue;
            }
            features += 1;
            let api = std::fs::read_to_string(api).unwrap();
            let pages = std::fs::read_to_string(pages).unwrap();
            assert!(
                !api.contains("pages::"),
                "{} api.rs uses pages",
                dir.display()
            );
            assert!(
                !pages.contains("api::"),
                "{} pages.rs uses api",
                dir.display()
            );
        }
        assert!(features >= 10, "{features} features with pages and API");
    }

    /// Every route is registered by its feature, beside its handlers.
    #[test]
    fn every_route_is_registered_by_a_feature() {
        let table = include_str!("routes.rs");
        let composed = &table[table.find("pub(crate) fn table()").unwrap()..];
        let composed = &composed[..composed.find("\n}\n").unwrap()];
        for method in [".get(", ".post(", ".put(", ".delete("] {
            assert!(!composed.contains(method), "routes.rs registers {method}");
        }
    }
}
