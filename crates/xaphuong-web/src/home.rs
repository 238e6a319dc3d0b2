use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use xaphuong_core::access::Permission;
use xaphuong_core::units::Level;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    l: Layout,
    breadcrumbs: Vec<String>,
    counts: Vec<(&'static str, i64)>,
    can_units: bool,
    can_users: bool,
    can_audit: bool,
    can_violations: bool,
    can_registers: bool,
    username: String,
}

pub async fn show(State(state): State<AppState>, signed: Signed) -> Result<HomePage, AppError> {
    let user = signed.user();
    let scope = user.scope();
    let mut breadcrumbs = Vec::new();
    if let Some(uid) = user.unit_id {
        let unit = state.store.unit(&scope, uid).await?;
        breadcrumbs = state
            .store
            .unit_ancestors(&unit)
            .await?
            .into_iter()
            .map(|u| u.name)
            .collect();
        breadcrumbs.push(unit.name);
    }
    let counts = state
        .store
        .unit_counts(&scope)
        .await?
        .into_iter()
        .map(|(level, n)| {
            let label = match level {
                Level::Province => "Tỉnh, thành phố",
                Level::District => "Huyện, quận, thị xã, thành phố thuộc tỉnh",
                Level::Commune => "Xã, phường, đặc khu",
                Level::Group => "Tổ dân phố, thôn",
            };
            (label, n)
        })
        .collect();
    let title = user
        .unit_name
        .clone()
        .unwrap_or_else(|| "Toàn hệ thống".into());
    Ok(HomePage {
        l: Layout::new(&signed, title, "/"),
        breadcrumbs,
        counts,
        can_units: user.role.allows(Permission::ManageUnits),
        can_users: user.role.allows(Permission::ViewUsers),
        can_audit: user.role.allows(Permission::ViewAudit),
        can_violations: user.role.allows(Permission::ViewViolations),
        can_registers: user.role.allows(Permission::ViewRegisters),
        username: user.username.clone(),
    })
}

/// The signed-in start page.
pub(crate) fn routes(t: crate::routes::Table) -> crate::routes::Table {
    t.get("/", crate::routes::Access::SignedIn, show)
}
