//! The bodies pages and the API both accept. A register's record is one
//! type of the rules (`xaphuong_core::<feature>::…Input`), the same the
//! import reads from a file; the form and the API add only where the record
//! belongs and which version of it the writer saw.

use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use uuid::Uuid;
use xaphuong_core::Invalid;

use crate::page::seen;

/// A record and the commune or residential group it belongs to.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct Placed<T> {
    /// The commune or residential group (UUID).
    #[serde(default)]
    pub unit_id: String,
    #[serde(flatten)]
    pub input: T,
}

impl<T> Placed<T> {
    pub fn unit(&self) -> Result<Uuid, Invalid> {
        place(&self.unit_id)
    }
}

/// The commune or residential group a form or a body names.
pub fn place(unit_id: &str) -> Result<Uuid, Invalid> {
    Uuid::try_parse(unit_id.trim())
        .map_err(|_| Invalid::one("unit_id", "Chưa chọn xã, phường hoặc tổ dân phố"))
}

/// A form's fields with the version of the record it was prepared on.
#[derive(serde::Deserialize)]
pub struct WithVersion<T> {
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub input: T,
}

impl<T> WithVersion<T> {
    pub fn seen(&self) -> Option<i64> {
        seen(&self.version)
    }
}

/// A field a form sends as text and JSON may send as a number ("2026" or
/// 2026) or as null (empty), kept as text for the rules to read and name.
pub fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Text(String),
        Number(i64),
        Null(()),
    }
    Ok(match Either::deserialize(d)? {
        Either::Text(s) => s,
        Either::Number(n) => n.to_string(),
        Either::Null(()) => String::new(),
    })
}
