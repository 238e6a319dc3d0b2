//! The pattern of dossier codes a unit issues.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_store::units::Unit;

use super::now;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};
use crate::page::{Layout, parse_param};
use crate::places::communes;

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    pub unit: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/codes.html")]
pub struct CodePage {
    l: Layout,
    communes: Vec<Unit>,
    unit: Unit,
    input: xaphuong_core::onestop::code::CodePatternInput,
    example: String,
    errors: Invalid,
    saved: bool,
}

pub(crate) async fn code_page(
    state: &AppState,
    signed: &Signed,
    unit: Option<Uuid>,
    input: Option<xaphuong_core::onestop::code::CodePatternInput>,
    errors: Invalid,
) -> Result<CodePage, AppError> {
    let communes = communes(state, signed).await?;
    let unit = match unit.or(signed.user().unit_id) {
        Some(id) => communes.iter().find(|u| u.id == id).cloned(),
        None => communes.first().cloned(),
    }
    .ok_or_else(|| AppError::NotFound("Không có xã, phường nào trong phạm vi quản lý".into()))?;
    let pattern = state.store.dossier_code_pattern(&unit).await?;
    Ok(CodePage {
        l: Layout::new(signed, "Mã số hồ sơ", "/dossiers"),
        example: pattern.format(now().date(), 1),
        input: input
            .unwrap_or_else(|| xaphuong_core::onestop::code::CodePatternInput::of(&pattern)),
        communes,
        unit,
        errors,
        saved: false,
    })
}

/// The commune's dossier code pattern (NĐ 118/2025 Art. 28): its mã định
/// danh (QĐ 20/2020/QĐ-TTg) and the layout of date and number.
pub async fn code_form(
    State(state): State<AppState>,
    signed: Signed,
    Query(q): Query<CodeQuery>,
) -> Result<CodePage, AppError> {
    let unit = parse_param(&q.unit, "unit", "Đơn vị không hợp lệ", |s| {
        Uuid::try_parse(s).ok()
    })?;
    code_page(&state, &signed, unit, None, Invalid::default()).await
}

#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    pub unit: String,
    #[serde(flatten)]
    pub pattern: xaphuong_core::onestop::code::CodePatternInput,
}

pub async fn code_save(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<CodeForm>,
) -> Result<Response, AppError> {
    let user = signed.user();
    let unit = Uuid::try_parse(f.unit.trim())
        .map_err(|_| AppError::Invalid(Invalid::one("unit", "Chọn xã, phường")))?;
    match state
        .store
        .set_dossier_code_pattern(&user.actor(), &user.scope(), unit, &f.pattern)
        .await
    {
        Ok(_) => {
            let mut page = code_page(&state, &signed, Some(unit), None, Invalid::default()).await?;
            page.saved = true;
            Ok(page.into_response())
        }
        Err(e) => {
            let errors = field_problems(e)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                code_page(&state, &signed, Some(unit), Some(f.pattern), errors).await?,
            )
                .into_response())
        }
    }
}
