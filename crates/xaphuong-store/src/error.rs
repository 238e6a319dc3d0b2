use xaphuong_core::Invalid;

/// Everything the store can refuse or fail with. Messages are Vietnamese;
/// database details stay in the source chain for the logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist, or lies outside the caller's scope: the
    /// two are indistinguishable on purpose.
    #[error("Không tìm thấy {0}")]
    NotFound(&'static str),
    /// The caller may not do this here.
    #[error("{0}")]
    Forbidden(String),
    /// The input breaks a rule; each problem names its field (and row).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The input clashes with a record that exists (a duplicate code…).
    #[error("{0}")]
    Conflict(Invalid),
    /// The record changed between the read its change was checked on and
    /// the write: the caller acted on an old state.
    #[error("{STALE}")]
    Stale,
    #[error(
        "Địa chỉ cơ sở dữ liệu không được hỗ trợ: «{0}». Dùng sqlite://ĐƯỜNG_DẪN (mặc định sqlite://xaphuong.db) hoặc postgres://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN_CSDL"
    )]
    UnsupportedUrl(String),
    #[error("{0}")]
    Unsupported(String),
    /// A stored value the store does not understand: never read as a
    /// default.
    #[error("Dữ liệu đã lưu không đọc được: {0}")]
    Corrupt(String),
    /// A file the store reads or writes itself (a commune bundle).
    #[error("Lỗi đọc, ghi tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    #[error("Lỗi cập nhật cấu trúc cơ sở dữ liệu: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What a caller who acted on an old state is told.
pub const STALE: &str = "Hồ sơ vừa được người khác cập nhật, hãy tải lại trang";

impl StoreError {
    pub(crate) fn conflict(field: &str, message: impl Into<String>) -> Self {
        StoreError::Conflict(Invalid::one(field, message))
    }
}

/// Turns a unique-key violation into a field conflict; other errors pass.
pub(crate) fn on_unique(
    err: impl Into<StoreError>,
    field: &str,
    message: impl Into<String>,
) -> StoreError {
    match err.into() {
        StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            StoreError::conflict(field, message)
        }
        err => err,
    }
}
