//! A commune's records as one file, to move them to another deployment:
//! four wards that each kept a laptop become one ward on the province's
//! server; a ward moves from SQLite to PostgreSQL.
//!
//! The format (version 1) is a ZIP archive:
//!
//! - `manifest.json`: `format` (`xaphuong-commune`), `version`, the
//!   bundle's `id`, `exported_at`, the schema version it was read from,
//!   the `commune` (id, code, name, path), the `outside` units it refers
//!   to (its superiors and the former superiors of its former units, as
//!   rows of `units`), and for every table its entry, columns, row count
//!   and SHA-256; for every file its entry, size and SHA-256;
//! - `tables/<table>.jsonl`: one JSON object per row, columns by name,
//!   ids as text, in the order of [`tables::TABLES`];
//! - `files/<table>/<id>`: the bytes of a dossier's file or a case's
//!   attachment.
//!
//! Rows keep their ids (UUIDv7, unique across deployments). An import is
//! one transaction: every checksum is verified before the first write; a
//! row already present must be the same row; catalogue rows (procedures,
//! indicators) are matched by code; superiors are matched by level and
//! code or created. Importing the same bundle twice changes nothing.

mod export;
mod import;
pub(crate) mod tables;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::bulk::Ty;
pub use import::{ImportSummary, TableCount};

/// The tables a bundle carries, in load order.
pub fn table_names() -> impl Iterator<Item = &'static str> {
    tables::TABLES.iter().map(|t| t.name)
}

/// What `manifest.json` says `format` is.
pub const FORMAT: &str = "xaphuong-commune";
/// The version of the format this build writes and reads.
pub const VERSION: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub id: Uuid,
    pub exported_at: String,
    /// The last migration of the database it was read from.
    pub schema: i64,
    pub commune: BundleUnit,
    /// Units outside the commune its rows refer to, as rows of `units`.
    pub outside: Vec<Map<String, Value>>,
    pub tables: Vec<TableEntry>,
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleUnit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    pub table: String,
    pub entry: String,
    pub columns: Vec<String>,
    pub rows: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileEntry {
    pub entry: String,
    pub size: u64,
    pub sha256: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub commune: String,
    /// Rows per table label, in load order.
    pub tables: Vec<(String, u64)>,
    pub files: usize,
    pub bytes: u64,
}

/// One value of a row, typed by its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    Null,
    Uuid(Uuid),
    Text(String),
    Int(i64),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl Cell {
    fn json(&self) -> Value {
        match self {
            Cell::Null | Cell::Bytes(_) => Value::Null,
            Cell::Uuid(u) => Value::String(u.to_string()),
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Int(i) => Value::from(*i),
            Cell::Bool(b) => Value::Bool(*b),
        }
    }

    /// The cell a JSON value of a `ty` column stands for; `None` if it
    /// cannot be one.
    fn from_json(v: &Value, ty: Ty) -> Option<Cell> {
        Some(match (v, ty) {
            (Value::Null, _) => Cell::Null,
            (Value::String(s), Ty::Uuid) => Cell::Uuid(Uuid::parse_str(s).ok()?),
            (Value::String(s), Ty::Text) => Cell::Text(s.clone()),
            (Value::Number(n), Ty::Int) => Cell::Int(n.as_i64()?),
            (Value::Bool(b), Ty::Bool) => Cell::Bool(*b),
            _ => return None,
        })
    }

    fn uuid(&self) -> Option<Uuid> {
        match self {
            Cell::Uuid(u) => Some(*u),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// A row read from either backend, cell by cell as its columns say.
pub(crate) fn decode<'r, R>(row: &'r R, columns: &[(&str, Ty)]) -> crate::Result<Vec<Cell>>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<Uuid>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<Vec<u8>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let mut out = Vec::with_capacity(columns.len());
    for (i, (_, ty)) in columns.iter().enumerate() {
        let cell = match ty {
            Ty::Uuid => row.try_get::<Option<Uuid>, _>(i)?.map(Cell::Uuid),
            Ty::Text => row.try_get::<Option<String>, _>(i)?.map(Cell::Text),
            Ty::Int => row.try_get::<Option<i64>, _>(i)?.map(Cell::Int),
            Ty::Bool => row.try_get::<Option<bool>, _>(i)?.map(Cell::Bool),
            Ty::Bytes => row.try_get::<Option<Vec<u8>>, _>(i)?.map(Cell::Bytes),
        };
        out.push(cell.unwrap_or(Cell::Null));
    }
    Ok(out)
}

/// The JSON object of a row; a file column is left out (its bytes travel
/// as an entry of their own).
pub(crate) fn to_object(columns: &[(&str, Ty)], cells: &[Cell]) -> Map<String, Value> {
    columns
        .iter()
        .zip(cells)
        .filter(|((_, ty), _)| *ty != Ty::Bytes)
        .map(|((name, _), cell)| ((*name).to_owned(), cell.json()))
        .collect()
}

/// The entry holding the bytes of the file of row `key` of `table`.
pub(crate) fn file_entry(table: &str, key: &str) -> String {
    format!("files/{table}/{key}")
}

/// The entry holding the rows of `table`.
pub(crate) fn table_entry(table: &str) -> String {
    format!("tables/{table}.jsonl")
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
