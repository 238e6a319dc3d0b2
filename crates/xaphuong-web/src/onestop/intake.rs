//! Intake at the counter: a dossier received in person.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::may_take;
use xaphuong_core::onestop::lifecycle::Channel;
use xaphuong_store::onestop::{ApplicantInput, Dossier, Filing, Procedure};
use xaphuong_store::units::Unit;

use super::now;
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::page::Layout;
use crate::places::communes;

#[derive(Template, WebTemplate)]
#[template(path = "onestop/intake.html")]
pub struct NewPage {
    l: Layout,
    procedures: Vec<Procedure>,
    communes: Vec<Unit>,
    form: IntakeForm,
    errors: Invalid,
}

#[derive(Deserialize, Default, Clone)]
pub struct IntakeForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub procedure_id: String,
    #[serde(default)]
    pub channel: String,
    /// How the citizen takes the result (counter, post, online).
    #[serde(default)]
    pub return_channel: String,
    #[serde(flatten)]
    pub applicant: ApplicantInput,
}

impl IntakeForm {
    /// How the result goes back; at the counter when not said.
    pub(crate) fn return_channel(&self) -> Result<Channel, Invalid> {
        match self.return_channel.trim() {
            "" => Ok(Channel::Counter),
            c => Channel::parse(c).ok_or_else(|| {
                Invalid::one(
                    "return_channel",
                    "Cách nhận kết quả là counter (tại bộ phận một cửa), post (bưu chính) hoặc online (bản điện tử)",
                )
            }),
        }
    }

    /// Sets a field the online form sent, by its name.
    pub(crate) fn set(&mut self, name: &str, value: String) {
        match name {
            "unit_id" => self.unit_id = value,
            "procedure_id" => self.procedure_id = value,
            "return_channel" => self.return_channel = value,
            "applicant" => self.applicant.applicant = value,
            "address" => self.applicant.address = value,
            "phone" => self.applicant.phone = value,
            "email" => self.applicant.email = value,
            _ => {}
        }
    }
}

pub(crate) async fn new_page(
    state: &AppState,
    signed: &Signed,
    form: IntakeForm,
    errors: Invalid,
) -> Result<NewPage, AppError> {
    Ok(NewPage {
        l: Layout::new(signed, "Tiếp nhận hồ sơ tại bộ phận một cửa", "/dossiers"),
        procedures: state.store.procedures(None).await?,
        communes: communes(state, signed).await?,
        form,
        errors,
    })
}

pub async fn new_form(State(state): State<AppState>, signed: Signed) -> Result<NewPage, AppError> {
    new_page(&state, &signed, IntakeForm::default(), Invalid::default()).await
}

/// Receives a dossier at the counter or by post, for the page and the API:
/// only the one-stop counter receives.
pub(crate) async fn receive(
    state: &AppState,
    signed: &Signed,
    f: &IntakeForm,
) -> Result<Dossier, AppError> {
    let user = signed.user();
    if !may_take(user.role, "accept") {
        return Err(AppError::Forbidden(
            "Chỉ bộ phận một cửa tiếp nhận hồ sơ".into(),
        ));
    }
    let channel = match f.channel.trim() {
        "" => Channel::Counter,
        c => match Channel::parse(c) {
            Some(c @ (Channel::Counter | Channel::Post)) => c,
            _ => {
                return Err(AppError::Invalid(Invalid::one(
                    "channel",
                    "Hình thức nhận hồ sơ là counter (trực tiếp) hoặc post (bưu chính)",
                )));
            }
        },
    };
    let unit = Uuid::try_parse(f.unit_id.trim()).ok().or(user.unit_id);
    let Some(unit) = unit else {
        return Err(AppError::Invalid(Invalid::one(
            "unit_id",
            "Chọn xã, phường",
        )));
    };
    let Some(procedure) = Uuid::try_parse(f.procedure_id.trim()).ok() else {
        return Err(AppError::Invalid(Invalid::one(
            "procedure_id",
            "Chọn thủ tục hành chính",
        )));
    };
    let commune = state.store.unit(&user.scope(), unit).await?;
    Ok(state
        .store
        .submit_dossier(
            &user.actor(),
            &user.scope(),
            &Filing {
                commune_id: unit,
                procedure_id: procedure,
                channel,
                return_channel: f.return_channel()?,
                applicant: f.applicant.clone(),
                files: Vec::new(),
            },
            now(),
            &state.store.dossier_code_pattern(&commune).await?,
            None,
        )
        .await?)
}

pub async fn create(
    State(state): State<AppState>,
    signed: Signed,
    Form(f): Form<IntakeForm>,
) -> Result<Response, AppError> {
    match receive(&state, &signed, &f).await {
        Ok(d) => Ok(Redirect::to(&format!("/dossiers/{}", d.id)).into_response()),
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            new_page(&state, &signed, f, errors).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
