//! Writing a commune's bundle: every table read in one snapshot and
//! streamed row by row into the archive, so a ward's export costs its
//! largest row, not its size.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::units::Level;
use zip::write::SimpleFileOptions;

use super::tables::TABLES;
use super::{
    BundleUnit, Cell, ExportSummary, FORMAT, FileEntry, Manifest, TableEntry, VERSION, decode,
    file_entry, hex, table_entry, to_object,
};
use crate::args::Args;
use crate::db::Db;
use crate::{Result, Store, StoreError};

/// The archive being written, and what its manifest will say.
struct Writer {
    zip: zip::ZipWriter<BufWriter<File>>,
    tables: Vec<TableEntry>,
    files: Vec<FileEntry>,
    bytes: u64,
}

/// An entry being written: its bytes hashed on the way.
struct Open<'a> {
    w: &'a mut Writer,
    hash: Sha256,
    size: u64,
}

impl Open<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.w.zip.write_all(bytes)?;
        self.hash.update(bytes);
        self.size += bytes.len() as u64;
        Ok(())
    }

    fn close(self) -> (String, u64) {
        self.w.bytes += self.size;
        (hex(&self.hash.finalize()), self.size)
    }
}

impl Writer {
    fn start(&mut self, name: &str) -> Result<Open<'_>> {
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        self.zip.start_file(name, options).map_err(zip_error)?;
        Ok(Open {
            w: self,
            hash: Sha256::new(),
            size: 0,
        })
    }
}

fn zip_error(e: zip::result::ZipError) -> StoreError {
    StoreError::Io(std::io::Error::other(e))
}

/// The ids a unit's path names, from the top down.
fn path_ids(path: &str) -> impl Iterator<Item = Uuid> + '_ {
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| Uuid::parse_str(s).ok())
}

/// The whole export, on the connection of a read snapshot `$c` of either
/// backend.
macro_rules! export_on {
    ($c:expr, $w:expr, $commune:expr) => {{
        let c = $c;
        let (lo, hi) = $commune.scope().path_range();
        let units = TABLES[0].columns;
        let names = |cols: &[(&str, crate::bulk::Ty)]| {
            cols.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        };
        // The units outside the commune its rows name: its superiors, and
        // the former superiors of the units that ended inside it.
        let mut outside: BTreeSet<Uuid> = path_ids(&$commune.path).collect();
        outside.remove(&$commune.id);
        let formers: Vec<(String,)> = sqlx::query_as(
            "SELECT p.path FROM units u JOIN units p ON p.id = u.former_parent_id
                 WHERE u.path >= $1 AND u.path < $2 AND NOT (p.path >= $1 AND p.path < $2)",
        )
        .bind(&lo)
        .bind(&hi)
        .fetch_all(&mut *c)
        .await?;
        for (path,) in &formers {
            outside.extend(path_ids(path));
        }
        let mut outside_rows = Vec::new();
        for id in outside {
            let sql = format!("SELECT {} FROM units WHERE id = $1", names(units));
            if let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
            {
                outside_rows.push(decode(&row, units)?);
            }
        }
        // Superiors first: an import creates them top down.
        let path = TABLES[0].column("path").unwrap_or_default();
        outside_rows.sort_by_key(|r| r[path].text().map_or(0, str::len));
        let outside: Vec<_> = outside_rows.iter().map(|r| to_object(units, r)).collect();
        let mut counts = Vec::new();
        for table in TABLES {
            let file_col = table.file_column();
            let listed: Vec<(&str, crate::bulk::Ty)> = table
                .columns
                .iter()
                .filter(|(_, t)| *t != crate::bulk::Ty::Bytes)
                .copied()
                .collect();
            let sql = format!(
                "SELECT {} FROM {} WHERE {}",
                names(&listed),
                table.name,
                table.rows
            );
            let entry = table_entry(table.name);
            let mut open = $w.start(&entry)?;
            let mut rows = 0u64;
            let mut keys = Vec::new();
            {
                let mut stream =
                    sqlx::query_with(sqlx::AssertSqlSafe(sql), Args::new().bind(&lo).bind(&hi))
                        .fetch(&mut *c);
                while let Some(row) = stream.try_next().await? {
                    let cells = decode(&row, &listed)?;
                    if file_col.is_some() {
                        keys.push(cells[0].clone());
                    }
                    let mut line = serde_json::to_vec(&to_object(&listed, &cells))
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    line.push(b'\n');
                    open.write(&line)?;
                    rows += 1;
                }
            }
            let (sha256, _) = open.close();
            $w.tables.push(TableEntry {
                table: table.name.to_owned(),
                entry,
                columns: listed.iter().map(|(n, _)| (*n).to_owned()).collect(),
                rows,
                sha256,
            });
            counts.push((table.label.to_owned(), rows));
            if let Some(i) = file_col {
                let (data, _) = table.columns[i];
                let key = table.key[0];
                for id in keys {
                    let Cell::Uuid(id) = id else {
                        return Err(StoreError::Corrupt(format!(
                            "{}: khóa không phải mã",
                            table.name
                        )));
                    };
                    let sql = format!("SELECT {data} FROM {} WHERE {key} = $1", table.name);
                    let (bytes,): (Vec<u8>,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(id)
                        .fetch_one(&mut *c)
                        .await?;
                    let entry = file_entry(table.name, &id.to_string());
                    let mut open = $w.start(&entry)?;
                    open.write(&bytes)?;
                    let (sha256, size) = open.close();
                    $w.files.push(FileEntry {
                        entry,
                        size,
                        sha256,
                    });
                }
            }
        }
        (outside, counts)
    }};
}

impl Store {
    /// Writes every record of `unit_id` (a commune in `scope`) and of its
    /// groups and former units to a new bundle at `out`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn export_commune(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        out: &Path,
    ) -> Result<ExportSummary> {
        let commune = self.unit(scope, unit_id).await?;
        if commune.level != Level::Commune {
            return Err(StoreError::Invalid(Invalid::one(
                "unit",
                format!(
                    "{} không phải xã, phường: gói dữ liệu là của một xã, phường",
                    commune.name
                ),
            )));
        }
        if out.exists() {
            return Err(StoreError::Unsupported(format!(
                "Tệp {} đã tồn tại; chọn tên khác để không ghi đè",
                out.display()
            )));
        }
        let mut part = out.as_os_str().to_owned();
        part.push(".part");
        let part = std::path::PathBuf::from(part);
        let written = self.write_bundle(&commune, &part).await;
        match written {
            Ok(summary) => {
                std::fs::rename(&part, out)?;
                Ok(summary)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                Err(e)
            }
        }
    }

    async fn write_bundle(
        &self,
        commune: &crate::units::Unit,
        part: &Path,
    ) -> Result<ExportSummary> {
        let mut w = Writer {
            zip: zip::ZipWriter::new(BufWriter::new(File::create(part)?)),
            tables: Vec::new(),
            files: Vec::new(),
            bytes: 0,
        };
        // One snapshot: a server may keep writing while the ward exports.
        let (outside, counts) = match &self.db {
            Db::Sqlite { read, .. } => {
                let mut t = read.begin().await?;
                export_on!(&mut *t, w, commune)
            }
            Db::Postgres(pool) => {
                let mut t = pool.begin().await?;
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *t)
                    .await?;
                export_on!(&mut *t, w, commune)
            }
        };
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            version: VERSION,
            id: crate::new_id(),
            exported_at: jiff::Timestamp::now().to_string(),
            schema: crate::db::schema_version(),
            commune: BundleUnit {
                id: commune.id,
                code: commune.code.clone(),
                name: commune.name.clone(),
                path: commune.path.clone(),
            },
            outside,
            tables: std::mem::take(&mut w.tables),
            files: std::mem::take(&mut w.files),
        };
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        w.zip
            .start_file("manifest.json", SimpleFileOptions::default())
            .map_err(zip_error)?;
        w.zip.write_all(&json)?;
        let mut file = w.zip.finish().map_err(zip_error)?;
        file.flush()?;
        file.get_ref().sync_all()?;
        Ok(ExportSummary {
            commune: format!("{} ({})", commune.name, commune.code),
            tables: counts,
            files: manifest.files.len(),
            bytes: w.bytes,
        })
    }
}
