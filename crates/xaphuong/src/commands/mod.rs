//! One file per subcommand of the command line; what they share here.

pub(crate) mod backup;
pub(crate) mod calendar;
pub(crate) mod commune;
pub(crate) mod demo;
pub(crate) mod migrate;
pub(crate) mod report;
pub(crate) mod serve;
pub(crate) mod standards;
pub(crate) mod units;
pub(crate) mod user;

use xaphuong_store::StoreError;

pub(crate) const DEFAULT_DATABASE: &str = "sqlite://xaphuong.db";

/// Problems of the input exit with 2, everything else with 1.
pub(crate) enum Failure {
    Input(String),
    Other(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(_)
            | StoreError::Conflict(_)
            | StoreError::Stale
            | StoreError::UnsupportedUrl(_)
            | StoreError::NotFound(_)
            | StoreError::Forbidden(_)
            | StoreError::Unsupported(_) => Failure::Input(e.to_string()),
            other => Failure::Other(other.to_string()),
        }
    }
}

pub(crate) fn input_failure(e: xaphuong_core::Invalid) -> Failure {
    Failure::Input(
        e.0.iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// A date given on the command line.
pub(crate) fn day(s: &str) -> Result<jiff::civil::Date, Failure> {
    s.trim()
        .parse::<jiff::civil::Date>()
        .map_err(|_| Failure::Input(format!("Ngày «{s}» không hợp lệ (YYYY-MM-DD)")))
}

/// The unit that held `code` on day `on` (today if none): one code names
/// different units over time (01843 before and after 1 July 2025).
pub(crate) async fn unit_at(
    store: &xaphuong_store::Store,
    code: &str,
    on: Option<&str>,
) -> Result<xaphuong_store::units::Unit, Failure> {
    let on = on.map(day).transpose()?;
    let code = code.trim();
    store
        .unit_by_code(&xaphuong_core::access::Scope::All, code, on)
        .await
        .map_err(|_| match on {
            Some(d) => Failure::Input(format!(
                "Không có đơn vị mang mã {code} vào ngày {}",
                xaphuong_core::text::vn_date(d)
            )),
            None => Failure::Input(format!("Không có đơn vị hiện nay mang mã {code}")),
        })
}
