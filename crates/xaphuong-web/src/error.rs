//! One error type for the web layer, mapped once to HTTP: an HTML page for
//! pages, `{code, message, fields}` JSON under `/api`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use xaphuong_core::{FieldError, Invalid};
use xaphuong_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Bạn cần đăng nhập")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("Không tìm thấy {0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{0}")]
    Conflict(Invalid),
    #[error("{0}")]
    BadRequest(String),
    #[error("Bạn đã nhập sai nhiều lần liên tiếp. Vui lòng thử lại sau {0} giây.")]
    TooManyRequests(i64),
    #[error("{0}")]
    Unavailable(String),
    /// A failure of the system, its causes kept for the log.
    #[error("Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị kèm mã yêu cầu.")]
    Internal(#[source] BoxError),
}

/// Any error, kept with its chain of causes.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

tokio::task_local! {
    /// The id of the request being answered (`x-request-id`), shown with a
    /// system error so that the administrator finds it in the log.
    static REQUEST_ID: String;
}

/// Keeps the request's id at hand while it is answered.
pub(crate) async fn remember_request_id(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    REQUEST_ID.scope(id, next.run(req)).await
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what.into()),
            StoreError::Forbidden(m) => AppError::Forbidden(m),
            StoreError::Invalid(i) => AppError::Invalid(i),
            StoreError::Conflict(i) => AppError::Conflict(i),
            StoreError::Stale => AppError::Conflict(stale()),
            StoreError::Unsupported(m) => AppError::Unavailable(m),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::Invalid(e)
    }
}

impl AppError {
    /// A failure of the system: an error (its causes kept) or a message.
    pub fn internal(e: impl Into<BoxError>) -> Self {
        AppError::Internal(e.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::NOT_IMPLEMENTED,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Unavailable(_) => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    fn fields(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(i) | AppError::Conflict(i) => &i.0,
            _ => &[],
        }
    }

    /// What the user is told: a system error names the request's id, the
    /// key to its entry in the log.
    fn message(&self) -> String {
        match (self, REQUEST_ID.try_with(Clone::clone)) {
            (AppError::Internal(_), Ok(id)) => {
                format!("Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị kèm mã yêu cầu {id}.")
            }
            _ => self.to_string(),
        }
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            // The whole chain: the database's words are the end of it.
            let mut chain = e.to_string();
            let mut cause = e.source();
            while let Some(c) = cause {
                chain.push_str(": ");
                chain.push_str(&c.to_string());
                cause = c.source();
            }
            tracing::error!(error = %chain, "internal error");
        }
    }
}

/// Field problems go back into the form they came from; anything else
/// becomes an error page.
pub(crate) fn field_problems(e: StoreError) -> Result<Invalid, AppError> {
    match e {
        StoreError::Invalid(i) | StoreError::Conflict(i) => Ok(i),
        StoreError::Stale => Ok(stale()),
        other => Err(other.into()),
    }
}

/// The status of a form sent back with its problems: 409 when the record
/// changed under it, else 422.
pub(crate) fn form_status(problems: &Invalid) -> StatusCode {
    if problems.message_for("version").is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The change was prepared on an old state of the record: said on the
/// `version` field the form carried.
fn stale() -> Invalid {
    Invalid::one("version", xaphuong_store::STALE)
}

/// An address the application does not serve: the same page (or JSON) as
/// a record that does not exist.
pub(crate) async fn no_such_page(uri: axum::http::Uri) -> Response {
    let e = AppError::NotFound("trang này".into());
    if wants_json(uri.path()) {
        ApiError(e).into_response()
    } else {
        e.into_response()
    }
}

pub(crate) fn wants_json(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/open311/")
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    message: String,
    fields: &'a [FieldError],
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        let page = ErrorPage {
            status: status.as_u16(),
            message: self.message(),
            fields: self.fields(),
        };
        (status, page).into_response()
    }
}

/// The JSON form of an error, for the API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine-readable kind: unauthorized, forbidden, not_found, invalid, conflict, …
    pub code: &'static str,
    /// Vietnamese message for people.
    pub message: String,
    /// Problems per field (and row, for imports).
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldErrorBody {
    pub row: Option<usize>,
    pub field: String,
    pub message: String,
}

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let body = ErrorBody {
            code: e.code(),
            message: e.message(),
            fields: e
                .fields()
                .iter()
                .map(|f| FieldErrorBody {
                    row: f.row,
                    field: f.field.clone(),
                    message: f.message.clone(),
                })
                .collect(),
        };
        (e.status(), Json(body)).into_response()
    }
}

/// Under `/api` every error answers in the one JSON shape: the framework's
/// own refusals (a path id that is no UUID, a query that does not parse, a
/// method the route does not take, a body over the limit) come as plain
/// text and are rewritten here, their reason kept in the message.
pub(crate) async fn json_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !wants_json(req.uri().path()) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (parts, body) = res.into_parts();
    // The framework's reasons are a line or two; anything longer is cut.
    let reason = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "Địa chỉ này không nhận phương thức HTTP này".to_owned(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload_too_large", "Dữ liệu gửi lên quá lớn".to_owned())
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            format!("Kiểu nội dung không được nhận: {reason}"),
        ),
        s if s.is_server_error() => (
            "internal",
            "Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị kèm mã yêu cầu.".to_owned(),
        ),
        _ => ("bad_request", format!("Yêu cầu không hợp lệ: {reason}")),
    };
    let body = ErrorBody {
        code,
        message,
        fields: Vec::new(),
    };
    let mut out = (status, Json(body)).into_response();
    // The `Allow` of a 405, and the request's id, stay.
    for (name, value) in parts.headers.iter() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
