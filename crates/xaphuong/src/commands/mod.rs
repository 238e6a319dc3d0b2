//! One file per subcommand of the command line; what they share here.

pub(crate) mod backup;
pub(crate) mod calendar;
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
