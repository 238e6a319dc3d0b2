//! What citizens do without an account: report a problem with photos and
//! a place, follow it by code and private key, read the public list. The
//! public never sees a reporter's contact; a report's text and photos only
//! once an officer has published them (its reporter, with the key, always).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::code::same_lookup_key;
use xaphuong_core::problems::{Category, ReportInput, looks_like_code, photos};
use xaphuong_core::units::Level;
use xaphuong_store::problems::{PhotoInfo, Problem, ProblemEvent, PublicFilter};
use xaphuong_store::units::{Unit, UnitFilter};

use super::file_report;
use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::onestop::public::{TOO_MANY, form_token, open_communes};
use crate::page::Pager;

/// All one report may send, photos included, before a byte is read.
pub const REPORT_LIMIT: usize = photos::PHOTOS_MAX * photos::PHOTO_MAX_BYTES + 64 * 1024;

/// The one answer for a code that does not exist and a key that does not
/// match: the page must not tell which codes exist.
pub(crate) const NOT_FOUND: &str = "Không tìm thấy phản ánh có mã (và mã tra cứu) này";

pub(crate) fn categories() -> Vec<(&'static str, &'static str)> {
    Category::ALL
        .iter()
        .map(|c| (c.as_str(), c.label()))
        .collect()
}

#[derive(Deserialize, Default)]
pub struct FormQuery {
    /// The commune chosen, whose groups the form lists.
    pub xa: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/report.html")]
pub struct ReportPage {
    csrf: String,
    communes: Vec<Unit>,
    commune_id: String,
    groups: Vec<Unit>,
    categories: Vec<(&'static str, &'static str)>,
    f: ReportInput,
    errors: Invalid,
    /// The code and key of the report just filed.
    filed: Option<(String, String, String)>,
}

async fn report_page(
    state: &AppState,
    csrf: String,
    commune_id: String,
    f: ReportInput,
    errors: Invalid,
    filed: Option<(String, String, String)>,
) -> Result<ReportPage, AppError> {
    let communes = open_communes(state).await?;
    let chosen = Uuid::try_parse(commune_id.trim())
        .ok()
        .and_then(|c| communes.iter().find(|u| u.id == c))
        .or_else(|| communes.first());
    // The groups in force anywhere under the commune: a merged ward's
    // groups may still sit under the wards it was formed from.
    let groups = match chosen {
        Some(c) => {
            state
                .store
                .units(
                    &Scope::Subtree(c.path.clone()),
                    &UnitFilter {
                        level: Some(Level::Group),
                        in_force: Some(true),
                        per_page: Some(xaphuong_store::MAX_PER_PAGE),
                        ..Default::default()
                    },
                )
                .await?
                .items
        }
        None => Vec::new(),
    };
    let chosen = chosen.map(|c| c.id);
    Ok(ReportPage {
        csrf,
        commune_id: chosen.map(|c| c.to_string()).unwrap_or_default(),
        communes,
        groups,
        categories: categories(),
        f,
        errors,
        filed,
    })
}

pub async fn form(
    State(state): State<AppState>,
    signed: Option<Signed>,
    jar: axum_extra::extract::CookieJar,
    Query(q): Query<FormQuery>,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    let page = report_page(
        &state,
        csrf,
        q.xa.unwrap_or_default(),
        ReportInput::default(),
        Invalid::default(),
        None,
    )
    .await?;
    Ok((jar, page).into_response())
}

/// The public form's post: limited per address, bounded before a byte of
/// the body is read, then checked whole.
pub async fn submit(
    State(state): State<AppState>,
    signed: Option<Signed>,
    client: crate::auth::Client,
    jar: axum_extra::extract::CookieJar,
    headers: axum::http::HeaderMap,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let (jar, csrf) = form_token(&state, &signed, jar);
    let refused = |status: StatusCode, field: &str, why: String| {
        let state = state.clone();
        let csrf = csrf.clone();
        let field = field.to_owned();
        async move {
            let page = report_page(
                &state,
                csrf,
                String::new(),
                ReportInput::default(),
                Invalid::one(field, why),
                None,
            )
            .await?;
            Ok::<_, AppError>((status, page))
        }
    };
    if state.lookups.check_key(&client.address).is_err() {
        let r = refused(StatusCode::TOO_MANY_REQUESTS, "form", TOO_MANY.into()).await?;
        return Ok((jar, r).into_response());
    }
    let too_large = || {
        format!(
            "Phản ánh gửi lên quá lớn: tối đa {} ảnh, mỗi ảnh 5 MB",
            photos::PHOTOS_MAX
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > REPORT_LIMIT) {
        let r = refused(StatusCode::PAYLOAD_TOO_LARGE, "photos", too_large()).await?;
        return Ok((jar, r).into_response());
    }
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("Không đọc được phản ánh gửi lên: {e}"))
    };
    let mut f = ReportInput::default();
    let mut commune_id = String::new();
    let mut sent: Vec<Vec<u8>> = Vec::new();
    let mut read = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photos" {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                read += chunk.len();
                if read > REPORT_LIMIT {
                    let r = refused(StatusCode::PAYLOAD_TOO_LARGE, "photos", too_large()).await?;
                    return Ok((jar, r).into_response());
                }
                bytes.extend_from_slice(&chunk);
            }
            // A file input left empty still sends one empty part.
            if !bytes.is_empty() {
                sent.push(bytes);
            }
            continue;
        }
        let text = field.text().await.map_err(unreadable)?;
        read += text.len();
        if read > REPORT_LIMIT {
            let r = refused(StatusCode::PAYLOAD_TOO_LARGE, "form", too_large()).await?;
            return Ok((jar, r).into_response());
        }
        match name.as_str() {
            "commune_id" => commune_id = text,
            "category" => f.category = text,
            "description" => f.description = text,
            "address" => f.address = text,
            "group_id" => f.group_id = text,
            "lat" => f.lat = text,
            "long" => f.long = text,
            "name" => f.name = text,
            "phone" => f.phone = text,
            "email" => f.email = text,
            "notify" => f.notify = matches!(text.as_str(), "1" | "on" | "true"),
            _ => {}
        }
    }
    match file_report(&state, &commune_id, &f, &sent, "web", None).await {
        Ok(p) => {
            let page = report_page(
                &state,
                csrf,
                p.commune_id.to_string(),
                ReportInput::default(),
                Invalid::default(),
                Some((
                    p.code.clone(),
                    crate::onestop::show_key(&p.lookup_key),
                    p.due_at.strftime("%H:%M %d/%m/%Y").to_string(),
                )),
            )
            .await?;
            Ok((jar, page).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let page = report_page(&state, csrf, commune_id, f, errors, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, jar, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct LookupQuery {
    pub ma: Option<String>,
    pub khoa: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/lookup.html")]
pub struct LookupPage {
    code: String,
    key: String,
    message: String,
    found: Option<Problem>,
    /// The reporter (with the key): the text and photos whatever their
    /// moderation.
    own: bool,
    photos: Vec<PhotoInfo>,
    events: Vec<ProblemEvent>,
    /// Whether this is the public page of a published report (no form).
    public_page: bool,
}

impl LookupPage {
    /// What the page may show of the text.
    fn shows_text(&self) -> bool {
        self.own || self.found.as_ref().is_some_and(|p| p.published)
    }
}

/// A report as its reporter (with the key) or the public may see it:
/// `None` for an unknown code and a wrong key alike.
pub(crate) async fn public_problem(
    state: &AppState,
    code: &str,
    key: &str,
) -> Result<Option<(Problem, bool)>, AppError> {
    let code = code.trim().to_uppercase();
    if !looks_like_code(&code) {
        return Ok(None);
    }
    let Some(p) = state.store.problem_by_code(&code).await? else {
        return Ok(None);
    };
    if key.trim().is_empty() {
        return Ok(Some((p, false)));
    }
    let own = same_lookup_key(key, &p.lookup_key);
    Ok(own.then_some((p, true)))
}

async fn lookup_page(
    state: &AppState,
    code: String,
    key: String,
    public_page: bool,
) -> Result<LookupPage, AppError> {
    let mut page = LookupPage {
        code: code.clone(),
        key: key.clone(),
        message: String::new(),
        found: None,
        own: false,
        photos: Vec::new(),
        events: Vec::new(),
        public_page,
    };
    if code.trim().is_empty() {
        return Ok(page);
    }
    match public_problem(state, &code, &key).await? {
        Some((p, own)) => {
            if own || p.published {
                page.photos = state.store.problem_photos(p.id).await?;
            }
            page.events = state.store.problem_events(p.id).await?;
            page.own = own;
            page.found = Some(p);
        }
        None => page.message = NOT_FOUND.into(),
    }
    Ok(page)
}

/// The reporter's lookup by code and key.
pub async fn lookup(
    State(state): State<AppState>,
    client: crate::auth::Client,
    Query(q): Query<LookupQuery>,
) -> Result<Response, AppError> {
    let code = q.ma.unwrap_or_default().trim().to_owned();
    let key = q.khoa.unwrap_or_default().trim().to_owned();
    if !code.is_empty() && state.lookups.check_key(&client.address).is_err() {
        let mut page = lookup_page(&state, String::new(), String::new(), false).await?;
        page.message = TOO_MANY.into();
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    Ok(lookup_page(&state, code, key, false).await?.into_response())
}

/// A report's public page.
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let page = lookup_page(&state, code, String::new(), true).await?;
    if page.found.is_none() {
        return Err(AppError::NotFound("phản ánh".into()));
    }
    Ok(page.into_response())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub xa: Option<String>,
    pub category: Option<String>,
    /// open | closed
    pub status: Option<String>,
    pub page: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problems/public_list.html")]
pub struct ListPage {
    communes: Vec<Unit>,
    /// The commune listed.
    chosen: String,
    q: ListQuery,
    rows: Vec<Problem>,
    pager: Pager,
    categories: Vec<(&'static str, &'static str)>,
    /// The tile server configured (`--map-tiles`), if any: without one no
    /// map is drawn and nothing is fetched from elsewhere.
    map_tiles: Option<String>,
}

/// The public list: every report but those merged into another, its
/// status and the ward's answer; the text only once published.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    // One commune at a time (the first in force unless one is chosen): a
    // ward's list costs what the ward's reports cost.
    let communes = open_communes(&state).await?;
    let commune_id = crate::page::parse_id(&q.xa, "xa")?.or_else(|| communes.first().map(|c| c.id));
    let f = PublicFilter {
        commune_id,
        category: crate::page::parse_param(
            &q.category,
            "category",
            "Loại vấn đề không hợp lệ",
            Category::parse,
        )?,
        open: crate::page::parse_param(
            &q.status,
            "status",
            "Chỉ nhận open hoặc closed",
            |s| match s {
                "open" => Some(true),
                "closed" => Some(false),
                _ => None,
            },
        )?,
        page: q.page,
        per_page: Some(20),
        ..Default::default()
    };
    let page = state.store.public_problems(&f).await?;
    Ok(ListPage {
        chosen: commune_id.map(|c| c.to_string()).unwrap_or_default(),
        communes,
        pager: Pager::new(
            &page,
            &[
                ("xa", q.xa.clone()),
                ("category", q.category.clone()),
                ("status", q.status.clone()),
            ],
        ),
        rows: page.items,
        categories: categories(),
        map_tiles: state.config.map_tiles.clone(),
        q,
    })
}

#[derive(Deserialize, Default)]
pub struct PhotoQuery {
    pub khoa: Option<String>,
}

/// A photo: public once the report is published, or to its reporter.
pub async fn photo(
    State(state): State<AppState>,
    Path((code, photo)): Path<(String, Uuid)>,
    Query(q): Query<PhotoQuery>,
) -> Result<Response, AppError> {
    let key = q.khoa.unwrap_or_default();
    let found = public_problem(&state, &code, &key).await?;
    let Some((p, _)) = found.filter(|(p, own)| *own || p.published) else {
        return Err(AppError::NotFound("ảnh".into()));
    };
    let (kind, bytes) = state.store.problem_photo(p.id, photo).await?;
    Ok(photo_response(kind, bytes))
}

/// A stored photo as an answer: its kind as kept, never sniffed again.
pub(crate) fn photo_response(kind: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The ids of the communes that take reports (those in force).
pub(crate) async fn open_communes_ids(state: &AppState) -> Result<Vec<Uuid>, AppError> {
    Ok(open_communes(state)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect())
}

/// A step's moment as the public pages show it.
pub fn event_time(ms: &i64) -> String {
    jiff::Timestamp::from_millisecond(*ms)
        .map(|t| {
            xaphuong_core::calendar::vietnam_time(t)
                .strftime("%H:%M %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_default()
}

/// A step's name by its stored code.
pub fn event_label(code: &str) -> &'static str {
    if code == "file" {
        return "Gửi phản ánh";
    }
    xaphuong_core::problems::Action::parse(code).map_or("", |a| a.label())
}
