//! What citizens do without an account: file online, look a dossier up, rate it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::code::{looks_like_code, same_lookup_key};
use xaphuong_core::onestop::lifecycle::{Channel, mask_name};
use xaphuong_core::units::Level;
use xaphuong_store::onestop::{Dossier, Filing, Procedure};
use xaphuong_store::units::Unit;

use super::intake::IntakeForm;
use super::now;
use crate::AppState;
use crate::auth::Signed;
use crate::error::{AppError, field_problems};

#[derive(Deserialize, Default)]
pub struct LookupQuery {
    pub ma: Option<String>,
    /// The lookup key printed on the receipt.
    pub khoa: Option<String>,
    #[serde(rename = "danh-gia")]
    pub danh_gia: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/lookup.html")]
pub struct LookupPage {
    csrf: String,
    code: String,
    key: String,
    found: Option<Dossier>,
    /// With the right key: the procedure, the masked name, the rating.
    detailed: bool,
    masked: String,
    message: String,
    rated: bool,
}

/// The one answer for a code that does not exist and for a key that does
/// not match: the page must not tell which codes exist.
pub(crate) const NOT_FOUND: &str = "Không tìm thấy hồ sơ có mã (và mã tra cứu) này";

/// What the public may see of a dossier: by code alone its status and due
/// date; with the receipt's key also its procedure and the masked name.
/// `None` for an unknown code or a wrong key alike.
pub(crate) async fn public_dossier(
    state: &AppState,
    code: &str,
    key: &str,
) -> Result<Option<(Dossier, bool)>, AppError> {
    if !looks_like_code(code) {
        return Ok(None);
    }
    let found = match state.store.dossier_by_code(code).await {
        Ok(d) => d,
        Err(xaphuong_store::StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if key.trim().is_empty() {
        return Ok(Some((found, false)));
    }
    Ok(same_lookup_key(key, &found.lookup_key).then_some((found, true)))
}

/// The public lookup by dossier code (and key): status, due date and, with
/// the key, the procedure and the applicant's name masked. No account
/// needed.
pub async fn lookup(
    State(state): State<AppState>,
    signed: Option<Signed>,
    client: crate::auth::Client,
    jar: axum_extra::extract::CookieJar,
    Query(q): Query<LookupQuery>,
) -> Result<Response, AppError> {
    let (jar, csrf) = match &signed {
        Some(s) => (jar, s.csrf().to_owned()),
        None => crate::auth::login_csrf(&state, jar),
    };
    let code = q.ma.unwrap_or_default().trim().to_owned();
    let key = q.khoa.unwrap_or_default().trim().to_owned();
    let mut page = LookupPage {
        csrf,
        found: None,
        detailed: false,
        masked: String::new(),
        message: String::new(),
        rated: q.danh_gia.is_some(),
        code: code.clone(),
        key: key.clone(),
    };
    if code.is_empty() {
        return Ok((jar, page).into_response());
    }
    if state.lookups.check_key(&client.address).is_err() {
        page.message =
            "Bạn tra cứu quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.".into();
        return Ok((StatusCode::TOO_MANY_REQUESTS, jar, page).into_response());
    }
    if state.lookups.len() > 10_000 {
        state.lookups.retain_recent();
    }
    if !looks_like_code(&code) {
        page.message = "Mã hồ sơ không đúng dạng (ví dụ 000.00.00.X01843-261130-0001)".into();
        return Ok((jar, page).into_response());
    }
    match public_dossier(&state, &code, &key).await? {
        Some((d, detailed)) => {
            if detailed {
                page.masked = mask_name(&d.applicant);
            }
            page.detailed = detailed;
            page.found = Some(d);
        }
        None => page.message = NOT_FOUND.into(),
    }
    Ok((jar, page).into_response())
}

#[derive(Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    pub ma: String,
    /// The lookup key printed on the receipt.
    #[serde(default)]
    pub khoa: String,
    /// rat_hai_long | hai_long | khong_hai_long
    #[serde(default)]
    pub muc: String,
    #[serde(default)]
    pub y_kien: String,
}

/// The citizen's rating after the result is returned (NĐ 118/2025 Art.
/// 33), on the three-level scale counters use. Only the holder of the
/// receipt's key may rate.
pub async fn rate(
    State(state): State<AppState>,
    client: crate::auth::Client,
    Form(f): Form<RateForm>,
) -> Result<Response, AppError> {
    // Ratings share the public quota: unthrottled, they could be sent by
    // the thousand to learn which codes exist.
    if state.lookups.check_key(&client.address).is_err() {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            "Bạn gửi quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.",
        )
            .into_response());
    }
    let d = rate_public(&state, &f.ma, &f.khoa, &f.muc, &f.y_kien).await?;
    // The stored code and key, never the text as sent, go back into the
    // address.
    Ok(Redirect::to(&format!(
        "/tra-cuu?ma={}&khoa={}&danh-gia=1",
        d.code, d.lookup_key
    ))
    .into_response())
}

/// Records a citizen's rating, for the page and the public API: only the
/// holder of the receipt's key, once, after the result is returned.
pub(crate) async fn rate_public(
    state: &AppState,
    code: &str,
    key: &str,
    level: &str,
    comment: &str,
) -> Result<Dossier, AppError> {
    if !["rat_hai_long", "hai_long", "khong_hai_long"].contains(&level) {
        return Err(AppError::Invalid(Invalid::one("muc", "Chọn mức hài lòng")));
    }
    let d = match public_dossier(state, code.trim(), key).await? {
        Some((d, true)) => d,
        _ => return Err(AppError::Invalid(Invalid::one("khoa", NOT_FOUND))),
    };
    state
        .store
        .rate_dossier(
            &d.code,
            "3 mức: rất hài lòng / hài lòng / không hài lòng",
            level,
            comment,
            jiff::Timestamp::now(),
        )
        .await
        .map_err(|e| match field_problems(e) {
            Ok(problems) => AppError::Invalid(problems),
            Err(e) => e,
        })?;
    Ok(d)
}

#[derive(Template, WebTemplate)]
#[template(path = "onestop/submit.html")]
pub struct SubmitPage {
    csrf: String,
    communes: Vec<Unit>,
    procedures: Vec<Procedure>,
    form: IntakeForm,
    errors: Invalid,
    /// The code and lookup key of the dossier just filed.
    code: Option<(String, String)>,
}

pub(crate) async fn submit_page(
    state: &AppState,
    csrf: String,
    form: IntakeForm,
    errors: Invalid,
    code: Option<(String, String)>,
) -> Result<SubmitPage, AppError> {
    Ok(SubmitPage {
        csrf,
        communes: open_communes(state).await?,
        procedures: state.store.procedures(None).await?,
        form,
        errors,
        code,
    })
}

/// The communes that take dossiers: those in force (a ward a
/// reorganisation ended takes no new dossier).
pub(crate) async fn open_communes(state: &AppState) -> Result<Vec<Unit>, AppError> {
    Ok(state
        .store
        .units(
            &Scope::All,
            &xaphuong_store::units::UnitFilter {
                level: Some(Level::Commune),
                in_force: Some(true),
                per_page: Some(xaphuong_store::MAX_PER_PAGE),
                ..Default::default()
            },
        )
        .await?
        .items)
}

/// The answer to a public client over its quota.
pub(crate) const TOO_MANY: &str =
    "Bạn gửi quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.";

pub(crate) fn form_token(
    state: &AppState,
    signed: &Option<Signed>,
    jar: axum_extra::extract::CookieJar,
) -> (axum_extra::extract::CookieJar, String) {
    match signed {
        Some(s) => (jar, s.csrf().to_owned()),
        None => crate::auth::login_csrf(state, jar),
    }
}

/// The citizen's online filing, no account needed: the dossier waits as
/// "Mới đăng ký" until the counter accepts it or asks for more (within 8
/// working hours, NĐ 118/2025 Art. 17(2)).
pub async fn submit_form(
    State(state): State<AppState>,
    signed: Option<Signed>,
    jar: axum_extra::extract::CookieJar,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    let page = submit_page(
        &state,
        csrf,
        IntakeForm::default(),
        Invalid::default(),
        None,
    )
    .await?;
    Ok((jar, page).into_response())
}

/// All an anonymous online filing may send, papers included.
pub const ONLINE_LIMIT: usize = 10 * 1024 * 1024;

pub async fn submit_online(
    State(state): State<AppState>,
    signed: Option<Signed>,
    client: crate::auth::Client,
    jar: axum_extra::extract::CookieJar,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    // Both checks come before a byte of the body is read.
    if state.lookups.check_key(&client.address).is_err() {
        let mut errors = Invalid::default();
        errors.push(
            "form",
            "Bạn gửi quá nhiều lần trong một phút. Vui lòng thử lại sau ít phút.",
        );
        let page = submit_page(&state, csrf, IntakeForm::default(), errors, None).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, jar, page).into_response());
    }
    let too_large = || {
        Invalid::one(
            "files",
            format!(
                "Hồ sơ gửi lên quá lớn: các tệp đính kèm cộng lại tối đa {} MB",
                ONLINE_LIMIT / (1024 * 1024)
            ),
        )
    };
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > ONLINE_LIMIT) {
        let page = submit_page(&state, csrf, IntakeForm::default(), too_large(), None).await?;
        return Ok((StatusCode::PAYLOAD_TOO_LARGE, jar, page).into_response());
    }
    let mut f = IntakeForm::default();
    let mut files = Vec::new();
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được hồ sơ gửi lên: {e}"))
    };
    // A body without a declared length is counted as it comes.
    let mut read = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "files" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                read += chunk.len();
                if read > ONLINE_LIMIT {
                    let page = submit_page(&state, csrf, f, too_large(), None).await?;
                    return Ok((StatusCode::PAYLOAD_TOO_LARGE, jar, page).into_response());
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends one empty part.
            if !(file_name.is_empty() && bytes.is_empty()) {
                files.push((file_name, bytes));
            }
        } else {
            let text = field.text().await.map_err(unreadable)?;
            read += text.len();
            f.set(&name, text);
        }
    }
    let result = file_online(&state, &f, files).await;
    match result {
        Ok(d) => {
            let page = submit_page(
                &state,
                csrf,
                IntakeForm::default(),
                Invalid::default(),
                Some((d.code, d.lookup_key)),
            )
            .await?;
            Ok((jar, page).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let page = submit_page(&state, csrf, f, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Files a citizen's dossier online, for the page and the public API: a
/// commune in force, a procedure, the applicant, the papers.
pub(crate) async fn file_online(
    state: &AppState,
    f: &IntakeForm,
    files: Vec<(String, Vec<u8>)>,
) -> Result<Dossier, AppError> {
    let pick_commune = || AppError::Invalid(Invalid::one("unit_id", "Chọn xã, phường nhận hồ sơ"));
    let unit = Uuid::try_parse(f.unit_id.trim()).map_err(|_| pick_commune())?;
    let Some(procedure) = Uuid::try_parse(f.procedure_id.trim()).ok() else {
        return Err(AppError::Invalid(Invalid::one(
            "procedure_id",
            "Chọn thủ tục hành chính",
        )));
    };
    let commune = match state.store.unit(&Scope::All, unit).await {
        Ok(c) if c.level == Level::Commune => c,
        Ok(_) | Err(xaphuong_store::StoreError::NotFound(_)) => return Err(pick_commune()),
        Err(e) => return Err(e.into()),
    };
    Ok(state
        .store
        .submit_dossier(
            &xaphuong_core::audit::Actor::system("công dân nộp trực tuyến"),
            &Scope::All,
            &Filing {
                commune_id: unit,
                procedure_id: procedure,
                channel: Channel::Online,
                return_channel: f.return_channel()?,
                applicant: f.applicant.clone(),
                files,
            },
            now(),
            &state.store.dossier_code_pattern(&commune).await?,
            None,
        )
        .await?)
}
