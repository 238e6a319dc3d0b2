//! The client apps an administrator allows to file reports through
//! Open311: each gets its own key, shown once; a key can be revoked.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_store::problems::ApiClient;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;

#[derive(Template, WebTemplate)]
#[template(path = "problems/clients.html")]
pub struct ClientsPage {
    l: Layout,
    clients: Vec<ApiClient>,
    /// The key just issued, shown this once.
    issued: Option<(String, String)>,
    errors: Invalid,
}

/// Keys are the deployment's: only its own administrators (above every
/// unit) issue them.
fn deployment_admin(signed: &Signed) -> Result<(), AppError> {
    if signed.user().unit_id.is_some() {
        return Err(AppError::Forbidden(
            "Chỉ quản trị toàn hệ thống cấp và thu hồi khóa cho ứng dụng".into(),
        ));
    }
    Ok(())
}

async fn page(
    state: &AppState,
    signed: &Signed,
    issued: Option<(String, String)>,
    errors: Invalid,
) -> Result<ClientsPage, AppError> {
    deployment_admin(signed)?;
    Ok(ClientsPage {
        l: Layout::new(signed, "Ứng dụng kết nối Open311", "/problems"),
        clients: state.store.api_clients().await?,
        issued,
        errors,
    })
}

pub async fn list(State(state): State<AppState>, signed: Signed) -> Result<ClientsPage, AppError> {
    page(&state, &signed, None, Invalid::default()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ClientForm {
    pub name: String,
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<ClientForm>,
) -> Result<Response, AppError> {
    deployment_admin(&signed)?;
    match state
        .store
        .add_api_client(&signed.user().actor(), &f.name)
        .await
    {
        Ok((c, key)) => Ok(
            page(&state, &signed, Some((c.name, key)), Invalid::default())
                .await?
                .into_response(),
        ),
        Err(e) => match AppError::from(e) {
            AppError::Invalid(errors) => Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(&state, &signed, None, errors).await?,
            )
                .into_response()),
            e => Err(e),
        },
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    deployment_admin(&signed)?;
    state
        .store
        .revoke_api_client(&signed.user().actor(), id)
        .await?;
    Ok(Redirect::to("/api-clients").into_response())
}
