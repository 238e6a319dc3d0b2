//! Open311 GeoReport v2 in JSON, so that existing client apps file and
//! follow reports: the service list and definitions, filing with an API
//! key the administrator issued, the requests list and one request. Field
//! names are the standard's; errors are its list of `{code, description}`.
//! A request's public fields only: no reporter's contact, the text only
//! once published.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use xaphuong_core::problems::{Category, ReportInput};
use xaphuong_store::problems::{Problem, PublicFilter};

use super::file_report;
use super::public::open_communes_ids;
use crate::AppState;
use crate::error::AppError;

/// An Open311 error answer: the status and a list of one error.
fn error(status: StatusCode, description: impl Into<String>) -> Response {
    (
        status,
        Json(vec![serde_json::json!({
            "code": status.as_u16(),
            "description": description.into(),
        })]),
    )
        .into_response()
}

fn app_error(e: AppError) -> Response {
    match e {
        AppError::Invalid(problems) | AppError::Conflict(problems) => {
            let text = problems
                .0
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("; ");
            error(StatusCode::BAD_REQUEST, text)
        }
        AppError::NotFound(what) => error(StatusCode::NOT_FOUND, format!("Không tìm thấy {what}")),
        other => other.into_response(),
    }
}

/// `{name}.json` as a path segment: the name, or None for another format.
fn json_name(file: &str) -> Option<&str> {
    file.strip_suffix(".json").filter(|n| !n.is_empty())
}

#[derive(Deserialize, Default)]
pub struct Jurisdiction {
    /// The commune's id; needed where the deployment serves several.
    pub jurisdiction_id: Option<String>,
}

/// The commune a request names, or the only one the deployment serves.
async fn commune(state: &AppState, jurisdiction: &Option<String>) -> Result<Uuid, Response> {
    let open = open_communes_ids(state)
        .await
        .map_err(IntoResponse::into_response)?;
    match jurisdiction
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty())
    {
        Some(j) => Uuid::try_parse(j)
            .ok()
            .filter(|id| open.contains(id))
            .ok_or_else(|| {
                error(
                    StatusCode::NOT_FOUND,
                    "jurisdiction_id: không có xã, phường này",
                )
            }),
        None if open.len() == 1 => Ok(open[0]),
        None => Err(error(
            StatusCode::BAD_REQUEST,
            "jurisdiction_id: máy chủ phục vụ nhiều xã, phường; ghi mã (id) của xã, phường",
        )),
    }
}

/// Where the service list and requests are, for clients that discover.
pub async fn discovery() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "changeset": "2026-12-06T00:00:00+07:00",
        "contact": "Ủy ban nhân dân xã, phường",
        "key_service": "Khóa API do quản trị hệ thống cấp cho từng ứng dụng",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": "/open311/v2",
            "changeset": "2026-12-06T00:00:00+07:00",
            "type": "production",
            "formats": ["application/json"],
        }],
    }))
}

/// A service: a category of reports.
#[derive(Serialize)]
pub struct Service {
    pub service_code: &'static str,
    pub service_name: &'static str,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

pub async fn services(State(state): State<AppState>, Query(j): Query<Jurisdiction>) -> Response {
    let commune = match commune(&state, &j.jurisdiction_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let routes = match state.store.problem_routes(commune).await {
        Ok(r) => r,
        Err(e) => return AppError::from(e).into_response(),
    };
    let list: Vec<Service> = routes
        .iter()
        .map(|r| Service {
            service_code: r.category.as_str(),
            service_name: r.category.label(),
            description: format!(
                "{} — xử lý trong {} ngày làm việc ({})",
                r.field, r.working_days, r.basis
            ),
            metadata: false,
            kind: "realtime",
            keywords: r.category.label().to_lowercase().replace(", ", ","),
            group: r.field.clone(),
        })
        .collect();
    Json(list).into_response()
}

/// A service's definition: no extra attributes are asked.
pub async fn service(Path(file): Path<String>) -> Response {
    match json_name(&file).and_then(Category::parse) {
        Some(c) => Json(serde_json::json!({
            "service_code": c.as_str(),
            "attributes": [],
        }))
        .into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "service_code: không có loại vấn đề này",
        ),
    }
}

/// A request as Open311 names its fields.
#[derive(Serialize)]
pub struct Request {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: &'static str,
    pub service_code: &'static str,
    /// Null until an officer publishes the text.
    pub description: Option<String>,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: String,
    pub address: String,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// A civil moment in Vietnam, with its zone as the standard asks.
fn moment(d: jiff::civil::DateTime) -> String {
    format!("{}+07:00", d.strftime("%Y-%m-%dT%H:%M:%S"))
}

fn moment_ms(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| moment(xaphuong_core::calendar::vietnam_time(t).datetime()))
        .unwrap_or_default()
}

async fn request_of(state: &AppState, p: Problem) -> Result<Request, AppError> {
    let media_url = if p.published {
        state
            .store
            .problem_photos(p.id)
            .await?
            .first()
            .map(|ph| format!("{}/phan-anh/anh/{}/{}", base(state), p.code, ph.id))
    } else {
        None
    };
    Ok(Request {
        service_request_id: p.code.clone(),
        status: p.status.open311(),
        status_notes: if p.public_note.is_empty() {
            p.status.label().to_owned()
        } else {
            format!("{}: {}", p.status.label(), p.public_note)
        },
        service_name: p.category.label(),
        service_code: p.category.as_str(),
        description: p.published.then(|| p.description.clone()),
        agency_responsible: format!("{} — {}", p.commune_name, p.field),
        service_notice: format!("Hạn xử lý {}", p.due_at.strftime("%H:%M %d/%m/%Y")),
        requested_datetime: moment(p.received_at),
        updated_datetime: moment_ms(p.updated_at),
        expected_datetime: moment(p.due_at),
        address: p.address.clone(),
        address_id: None,
        zipcode: None,
        lat: p.lat,
        long: p.long,
        media_url,
    })
}

fn base(state: &AppState) -> String {
    state
        .config
        .public_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_owned()
}

#[derive(Deserialize, Default)]
pub struct RequestsQuery {
    pub jurisdiction_id: Option<String>,
    /// Comma-separated codes.
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// open | closed
    pub status: Option<String>,
}

fn parse_moment(field: &str, v: &Option<String>) -> Result<Option<jiff::civil::DateTime>, String> {
    let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    // W3C dates with a zone, or a day alone.
    let parsed = v
        .parse::<jiff::Timestamp>()
        .map(|t| xaphuong_core::calendar::vietnam_time(t).datetime())
        .or_else(|_| v.parse::<jiff::civil::DateTime>())
        .or_else(|_| {
            v.parse::<jiff::civil::Date>()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        });
    parsed
        .map(Some)
        .map_err(|_| format!("{field}: ngày giờ theo W3C, ví dụ 2026-12-05T09:15:30+07:00"))
}

/// The requests list: by codes, or by service, status and dates (the
/// last 90 days unless dates are given), at most 1.000, latest first.
pub async fn requests(State(state): State<AppState>, Query(q): Query<RequestsQuery>) -> Response {
    let commune = match q
        .jurisdiction_id
        .as_deref()
        .map(str::trim)
        .filter(|j| !j.is_empty())
    {
        Some(_) => match commune(&state, &q.jurisdiction_id).await {
            Ok(c) => Some(c),
            Err(r) => return r,
        },
        None => None,
    };
    let codes: Vec<String> = q
        .service_request_id
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|c| c.trim().to_uppercase())
        .filter(|c| xaphuong_core::problems::looks_like_code(c))
        .collect();
    let category = match q
        .service_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => match Category::parse(s) {
            Some(c) => Some(c),
            None => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "service_code: không có loại vấn đề này",
                );
            }
        },
        None => None,
    };
    let open = match q.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some("open") => Some(true),
        Some("closed") => Some(false),
        Some(_) => return error(StatusCode::BAD_REQUEST, "status: open hoặc closed"),
        None => None,
    };
    let (from, to) = match (
        parse_moment("start_date", &q.start_date),
        parse_moment("end_date", &q.end_date),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(why), _) | (_, Err(why)) => return error(StatusCode::BAD_REQUEST, why),
    };
    let from = match (from, to, codes.is_empty()) {
        (None, None, true) => {
            Some(crate::onestop::now() - jiff::SignedDuration::from_hours(90 * 24))
        }
        (f, _, _) => f,
    };
    let f = PublicFilter {
        commune_id: commune,
        category,
        open,
        from,
        to,
        codes,
        page: Some(1),
        per_page: Some(xaphuong_store::MAX_PER_PAGE),
    };
    let page = match state.store.public_problems(&f).await {
        Ok(p) => p,
        Err(e) => return AppError::from(e).into_response(),
    };
    let mut out = Vec::with_capacity(page.items.len());
    for p in page.items {
        match request_of(&state, p).await {
            Ok(r) => out.push(r),
            Err(e) => return e.into_response(),
        }
    }
    Json(out).into_response()
}

/// One request, as a list of one (the standard's shape).
pub async fn request(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(code) = json_name(&file) else {
        return error(StatusCode::NOT_FOUND, "Chỉ phục vụ định dạng .json");
    };
    let code = code.trim().to_uppercase();
    if !xaphuong_core::problems::looks_like_code(&code) {
        return error(
            StatusCode::NOT_FOUND,
            "service_request_id: không có phản ánh này",
        );
    }
    match state.store.problem_by_code(&code).await {
        Ok(Some(p)) if p.duplicate_of.is_empty() => match request_of(&state, p).await {
            Ok(r) => Json(vec![r]).into_response(),
            Err(e) => e.into_response(),
        },
        Ok(_) => error(
            StatusCode::NOT_FOUND,
            "service_request_id: không có phản ánh này",
        ),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// A request as a client files it (form-encoded, the standard's names).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FileForm {
    pub api_key: String,
    pub jurisdiction_id: Option<String>,
    pub service_code: String,
    pub lat: String,
    pub long: String,
    pub address_string: String,
    pub address_id: String,
    pub email: String,
    pub device_id: String,
    pub account_id: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub description: String,
    pub media_url: String,
}

/// Files a request for a client app holding a key the administrator
/// issued. The answer carries the request's id at once (no token step).
pub async fn file(
    State(state): State<AppState>,
    client: crate::auth::Client,
    axum_extra::extract::Form(f): axum_extra::extract::Form<FileForm>,
) -> Response {
    if state.lookups.check_key(&client.address).is_err() {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            crate::onestop::public::TOO_MANY,
        );
    }
    let app = match state.store.api_client_by_key(&f.api_key).await {
        Ok(Some(a)) => a,
        Ok(None) => return error(StatusCode::FORBIDDEN, "api_key: thiếu hoặc không hợp lệ"),
        Err(e) => return AppError::from(e).into_response(),
    };
    let commune = match commune(&state, &f.jurisdiction_id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let name = format!("{} {}", f.last_name.trim(), f.first_name.trim());
    let input = ReportInput {
        category: f.service_code.clone(),
        description: f.description.clone(),
        address: if f.address_string.trim().is_empty() {
            f.address_id.clone()
        } else {
            f.address_string.clone()
        },
        group_id: String::new(),
        lat: f.lat.clone(),
        long: f.long.clone(),
        name: name.trim().to_owned(),
        phone: f.phone.clone(),
        email: f.email.clone(),
        notify: false,
    };
    // Open311 names the place by coordinates alone; the form's "address"
    // then says where they point.
    let input = if input.address.trim().is_empty() && !input.lat.trim().is_empty() {
        ReportInput {
            address: format!("Tọa độ {}, {}", input.lat.trim(), input.long.trim()),
            ..input
        }
    } else {
        input
    };
    match file_report(
        &state,
        &commune.to_string(),
        &input,
        &[],
        "open311",
        Some(app.id),
    )
    .await
    {
        Ok(p) => (
            StatusCode::CREATED,
            Json(vec![serde_json::json!({
                "service_request_id": p.code,
                "service_notice": format!("Hạn xử lý {}", p.due_at.strftime("%H:%M %d/%m/%Y")),
                "account_id": null,
            })]),
        )
            .into_response(),
        Err(e) => app_error(e),
    }
}
