//! Webhook pages: the endpoints of the communes in the administrator's
//! scope, registering one (its secret shown once), and each endpoint's
//! recent deliveries and failures, with a replay for the dead ones.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::webhooks::KINDS;
use xaphuong_store::units::Unit;
use xaphuong_store::webhooks::{Delivery, Webhook, WebhookInput};

use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems, form_status};
use crate::page::{Layout, seen};
use crate::places::communes;

/// A webhook as the form sends it.
#[derive(Deserialize, Default, Clone)]
pub struct HookForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub url: String,
    /// The kinds ticked; `*` for all.
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub active: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub version: String,
}

impl HookForm {
    fn input(&self) -> WebhookInput {
        WebhookInput {
            url: self.url.clone(),
            events: self.events.join(","),
            active: !self.active.is_empty(),
            note: self.note.clone(),
        }
    }

    fn of(w: &Webhook) -> Self {
        HookForm {
            unit_id: w.commune_id.to_string(),
            url: w.url.clone(),
            events: w.events.split(',').map(str::to_owned).collect(),
            active: if w.active { "1".into() } else { String::new() },
            note: w.note.clone(),
            version: w.updated_at.to_string(),
        }
    }

    pub fn has(&self, kind: &str) -> bool {
        self.events.iter().any(|e| e == kind)
    }
}

/// "05/12/2026 08:37", Vietnam's time, of a moment in milliseconds.
pub fn when(ms: &i64) -> String {
    jiff::Timestamp::from_millisecond(*ms)
        .map(|t| {
            xaphuong_core::calendar::vietnam_time(t)
                .strftime("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_default()
}

pub fn state_label(state: &str) -> &'static str {
    match state {
        "pending" => "Chờ gửi",
        "delivered" => "Đã gửi",
        "dead" => "Thất bại hẳn",
        _ => "",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "webhooks/list.html")]
pub struct ListPage {
    l: Layout,
    hooks: Vec<(Webhook, String)>,
    communes: Vec<Unit>,
    form: HookForm,
    errors: Invalid,
    kinds: &'static [&'static str],
    /// The endpoint just registered and its secret, shown this once.
    secret: Option<(Uuid, String)>,
}

async fn list_page(
    state: &AppState,
    signed: &Signed,
    form: HookForm,
    errors: Invalid,
    secret: Option<(Uuid, String)>,
) -> Result<ListPage, AppError> {
    let communes = communes(state, signed).await?;
    let hooks = state
        .store
        .webhooks(&signed.user().scope())
        .await?
        .into_iter()
        .map(|w| {
            let name = communes
                .iter()
                .find(|c| c.id == w.commune_id)
                .map_or_else(String::new, |c| c.name.clone());
            (w, name)
        })
        .collect();
    Ok(ListPage {
        l: Layout::new(signed, "Địa chỉ nhận sự kiện (webhook)", "/webhooks"),
        hooks,
        communes,
        form,
        errors,
        kinds: KINDS,
        secret,
    })
}

pub async fn list(State(state): State<AppState>, signed: Signed) -> Result<ListPage, AppError> {
    let form = HookForm {
        active: "1".into(),
        events: vec!["*".into()],
        ..Default::default()
    };
    list_page(&state, &signed, form, Invalid::default(), None).await
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<HookForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let Ok(unit) = Uuid::try_parse(f.unit_id.trim()) else {
        let errors = Invalid::one("unit_id", "Chọn xã, phường");
        let page = list_page(&state, &signed, f, errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    match state
        .store
        .add_webhook(&user.actor(), &user.scope(), unit, &f.input())
        .await
    {
        Ok(w) => {
            let fresh = HookForm {
                active: "1".into(),
                events: vec!["*".into()],
                ..Default::default()
            };
            let page = list_page(
                &state,
                &signed,
                fresh,
                Invalid::default(),
                Some((w.id, w.secret)),
            )
            .await?;
            Ok((StatusCode::CREATED, page).into_response())
        }
        Err(e) => {
            let errors = field_problems(e)?;
            let page = list_page(&state, &signed, f, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// pending | delivered | dead
    pub state: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "webhooks/show.html")]
pub struct ShowPage {
    l: Layout,
    hook: Webhook,
    form: HookForm,
    errors: Invalid,
    kinds: &'static [&'static str],
    deliveries: Vec<Delivery>,
    state: String,
    failing: usize,
}

async fn show_page(
    state: &AppState,
    signed: &Signed,
    id: Uuid,
    filter: Option<String>,
    form: Option<HookForm>,
    errors: Invalid,
) -> Result<ShowPage, AppError> {
    let scope = signed.user().scope();
    let hook = state.store.webhook(&scope, id).await?;
    let filter = filter
        .filter(|s| ["pending", "delivered", "dead"].contains(&s.as_str()))
        .unwrap_or_default();
    let deliveries = state
        .store
        .deliveries(
            &scope,
            id,
            Some(filter.as_str()).filter(|s| !s.is_empty()),
            100,
        )
        .await?;
    Ok(ShowPage {
        l: Layout::new(signed, format!("Webhook {}", hook.url), "/webhooks"),
        form: form.unwrap_or_else(|| HookForm::of(&hook)),
        failing: deliveries
            .iter()
            .filter(|d| d.state != "delivered" && d.attempts > 0)
            .count(),
        hook,
        errors,
        kinds: KINDS,
        deliveries,
        state: filter,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> Result<ShowPage, AppError> {
    show_page(&state, &signed, id, q.state, None, Invalid::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    signed: Signed,
    Path(id): Path<Uuid>,
    Form(f): Form<HookForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let Some(version) = seen(&f.version) else {
        return Err(AppError::BadRequest("Thiếu phiên bản của bản ghi".into()));
    };
    match state
        .store
        .update_webhook(&user.actor(), &user.scope(), id, &f.input(), version)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/webhooks/{id}")).into_response()),
        Err(e) => {
            let errors = field_problems(e)?;
            let status = form_status(&errors);
            let page = show_page(&state, &signed, id, None, Some(f), errors).await?;
            Ok((status, page).into_response())
        }
    }
}

pub async fn replay(
    State(state): State<AppState>,
    signed: Signed,
    Path((id, delivery_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let user = signed.user();
    state
        .store
        .replay_delivery(&user.actor(), &user.scope(), id, delivery_id)
        .await?;
    Ok(Redirect::to(&format!("/webhooks/{id}")).into_response())
}
