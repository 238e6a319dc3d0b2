//! Loading a commune's bundle into this deployment: all or nothing, and
//! twice is once.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::audit::{Actor, Entity};

use super::tables::{Kind, TABLES, Table};
use super::{Cell, FORMAT, Manifest, VERSION, file_entry, hex, table_entry};
use crate::args::Args;
use crate::audit::{Change, Place};
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::{Result, Store, StoreError};

/// Rows of one table an import added, and found already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub label: String,
    pub added: u64,
    pub present: u64,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub bundle: Uuid,
    pub commune: String,
    pub tables: Vec<TableCount>,
    /// Superiors the deployment lacked, created from the bundle.
    pub created_units: Vec<String>,
    /// Catalogue entries (procedures, indicators) the deployment had under
    /// other ids: the bundle's rows now refer to the deployment's.
    pub matched_catalogue: u64,
    /// Dossiers whose officer has no account here: back in the queue.
    pub unassigned: u64,
}

impl ImportSummary {
    /// Rows written, superiors included: none for a bundle already loaded.
    pub fn added(&self) -> u64 {
        self.tables.iter().map(|t| t.added).sum::<u64>() + self.created_units.len() as u64
    }
}

/// `manifest.json` is a few kilobytes plus the superiors' rows.
const MANIFEST_LIMIT: u64 = 8 * 1024 * 1024;
/// The longest row (an audit entry's before and after of a long text).
const LINE_LIMIT: u64 = 64 * 1024 * 1024;
/// The largest file a bundle may carry.
const FILE_LIMIT: u64 = 512 * 1024 * 1024;
/// Rows checked against the deployment per query.
const CHUNK: usize = 200;
/// Bytes of files held before they are written.
const BATCH_BYTES: usize = 64 * 1024 * 1024;
/// Problems listed before the import stops looking.
const MAX_PROBLEMS: usize = 50;

type Archive = zip::ZipArchive<BufReader<File>>;

fn bad(entry: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(Invalid::one(entry, message))
}

fn open(path: &Path) -> Result<Archive> {
    let file = File::open(path)
        .map_err(|e| bad("tệp", format!("không mở được {}: {e}", path.display())))?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        bad(
            "tệp",
            format!(
                "{} không phải gói dữ liệu xã, phường (tệp nén hỏng: {e})",
                path.display()
            ),
        )
    })
}

fn entry<'a>(
    archive: &'a mut Archive,
    name: &str,
) -> Result<zip::read::ZipFile<'a, BufReader<File>>> {
    archive
        .by_name(name)
        .map_err(|_| bad(name, "thiếu trong gói"))
}

/// The manifest, checked against what this build reads.
fn manifest(archive: &mut Archive) -> Result<Manifest> {
    const NAME: &str = "manifest.json";
    let mut bytes = Vec::new();
    entry(archive, NAME)?
        .take(MANIFEST_LIMIT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MANIFEST_LIMIT {
        return Err(bad(NAME, "lớn bất thường, không đọc"));
    }
    let m: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| bad(NAME, format!("không đọc được: {e}")))?;
    if m.format != FORMAT {
        return Err(bad(
            "format",
            format!("«{}» không phải gói dữ liệu xã, phường", m.format),
        ));
    }
    if m.version != VERSION {
        return Err(bad(
            "version",
            format!(
                "gói theo định dạng phiên bản {}; phiên bản xaphuong này đọc định dạng {VERSION}",
                m.version
            ),
        ));
    }
    let ours = crate::db::schema_version();
    if m.schema > ours {
        return Err(bad(
            "schema",
            format!(
                "gói được xuất từ cơ sở dữ liệu cấu trúc số {}, mới hơn phiên bản này (số {ours}): hãy cập nhật xaphuong trước khi nhập",
                m.schema
            ),
        ));
    }
    if m.tables.len() != TABLES.len() {
        return Err(bad("tables", "danh sách bảng khác với phiên bản này"));
    }
    for (t, e) in TABLES.iter().zip(&m.tables) {
        let ours: Vec<&str> = t
            .columns
            .iter()
            .filter(|(_, ty)| *ty != Ty::Bytes)
            .map(|(n, _)| *n)
            .collect();
        if e.table != t.name || e.entry != table_entry(t.name) || e.columns != ours {
            return Err(bad(
                &e.table,
                format!(
                    "bảng hoặc cột khác với phiên bản này (cần bảng {} với các cột {})",
                    t.name,
                    ours.join(", ")
                ),
            ));
        }
    }
    Ok(m)
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// Every entry is listed and every listed entry is there with its
/// checksum: checked before anything is written.
fn verify(archive: &mut Archive, m: &Manifest) -> Result<()> {
    let mut listed: HashMap<&str, (&str, Option<u64>)> = HashMap::new();
    for t in &m.tables {
        listed.insert(&t.entry, (&t.sha256, None));
    }
    for f in &m.files {
        listed.insert(&f.entry, (&f.sha256, Some(f.size)));
    }
    for i in 0..archive.len() {
        let f = archive
            .by_index_raw(i)
            .map_err(|e| bad("tệp", format!("tệp nén hỏng: {e}")))?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if name != "manifest.json" && !listed.contains_key(name.as_str()) {
            return Err(bad(&name, "có trong gói mà không có trong manifest.json"));
        }
    }
    for (name, (sha, size)) in listed {
        let limit = size.map_or(u64::MAX, |s| s.min(FILE_LIMIT) + 1);
        let mut reader = Hashing {
            inner: entry(archive, name)?.take(limit),
            hash: Sha256::new(),
        };
        let read = std::io::copy(&mut reader, &mut std::io::sink())?;
        if size.is_some_and(|s| s != read || s > FILE_LIMIT) {
            return Err(bad(name, "kích thước khác với manifest.json hoặc quá lớn"));
        }
        if hex(&reader.hash.finalize()) != sha {
            return Err(bad(
                name,
                "tổng kiểm tra SHA-256 không khớp: gói đã bị sửa hoặc hỏng",
            ));
        }
    }
    Ok(())
}

/// A row's key as text, to find it among the rows already here.
fn key_of(table: &Table, cells: &[Cell]) -> String {
    table
        .key
        .iter()
        .map(|k| match &cells[table.column(k).unwrap_or_default()] {
            Cell::Uuid(u) => u.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

fn push(batch: &mut Batch, cells: Vec<Cell>, columns: &[(&str, Ty)]) {
    for (cell, (_, ty)) in cells.into_iter().zip(columns) {
        match (ty, cell) {
            (Ty::Uuid, c) => batch.uuid(c.uuid()),
            (Ty::Text, Cell::Text(s)) => batch.opt_text(Some(s)),
            (Ty::Int, Cell::Int(i)) => batch.int(i),
            (Ty::Bool, Cell::Bool(b)) => batch.opt_bool(Some(b)),
            (Ty::Bytes, Cell::Bytes(b)) => batch.bytes(Some(b)),
            // What does not decode as its column's type was refused when
            // the row was read: only NULL is left.
            (Ty::Text, _) => batch.opt_text(None),
            (Ty::Int, _) => batch.int(None),
            (Ty::Bool, _) => batch.opt_bool(None),
            (Ty::Bytes, _) => batch.bytes(None),
        };
    }
}

/// What the load knows as it goes.
struct Load {
    /// Ids of the bundle that stand for other ids here (superiors and
    /// catalogue entries found under their codes).
    ids: HashMap<Uuid, Uuid>,
    from_root: String,
    to_root: String,
    /// Accounts the bundle carries.
    users: HashSet<Uuid>,
    /// Accounts of this deployment looked up, and whether they exist.
    known_users: HashMap<Uuid, bool>,
    problems: Invalid,
    summary: ImportSummary,
    /// Former superiors set once every unit is in.
    formers: Vec<(Uuid, Uuid)>,
    dossiers_added: bool,
}

impl Load {
    fn problem(&mut self, table: &Table, message: String) {
        if self.problems.0.len() < MAX_PROBLEMS {
            self.problems.push(table.label, message);
        }
    }

    fn stopped(&self) -> bool {
        self.problems.0.len() >= MAX_PROBLEMS
    }

    /// The row as it is to be here: ids and paths moved.
    fn map(&self, table: &Table, cells: &mut [Cell]) {
        for ((name, _), cell) in table.columns.iter().zip(cells.iter_mut()) {
            match cell {
                Cell::Uuid(u) => {
                    if let Some(to) = self.ids.get(u) {
                        *u = *to;
                    }
                }
                Cell::Text(s)
                    if matches!(*name, "path" | "unit_path" | "from_path" | "to_path")
                        && s.starts_with(&self.from_root) =>
                {
                    *s = format!("{}{}", self.to_root, &s[self.from_root.len()..]);
                }
                _ => {}
            }
        }
    }
}

/// The next rows of `table` from its entry `name`: up to [`CHUNK`] rows,
/// or fewer once their files hold [`BATCH_BYTES`]; none at the end.
fn next_chunk(
    reader: &mut impl BufRead,
    table: &Table,
    name: &str,
    files: &mut Archive,
    line_no: &mut u64,
) -> Result<Vec<Vec<Cell>>> {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut held = 0usize;
    while chunk.len() < CHUNK && held < BATCH_BYTES {
        let mut line = Vec::new();
        reader
            .by_ref()
            .take(LINE_LIMIT + 1)
            .read_until(b'\n', &mut line)?;
        if line.is_empty() {
            break;
        }
        *line_no += 1;
        if line.len() as u64 > LINE_LIMIT {
            return Err(bad(name, format!("dòng {line_no} quá dài")));
        }
        let object: Map<String, Value> = serde_json::from_slice(&line)
            .map_err(|e| bad(name, format!("dòng {line_no}: không đọc được ({e})")))?;
        let cells = row_of(table, &object, files, *line_no)?;
        held += cells
            .iter()
            .map(|c| match c {
                Cell::Bytes(b) => b.len(),
                _ => 0,
            })
            .sum::<usize>();
        chunk.push(cells);
    }
    Ok(chunk)
}

/// A row of `table` from its JSON object; the file column from `files`.
fn row_of(
    table: &Table,
    object: &Map<String, Value>,
    files: &mut Archive,
    line: u64,
) -> Result<Vec<Cell>> {
    let at = |msg: String| {
        StoreError::Invalid(Invalid(vec![
            xaphuong_core::FieldError::new(table_entry(table.name), msg).at_row(line as usize),
        ]))
    };
    let mut cells = Vec::with_capacity(table.columns.len());
    for (name, ty) in table.columns {
        if *ty == Ty::Bytes {
            cells.push(Cell::Null);
            continue;
        }
        let v = object
            .get(*name)
            .ok_or_else(|| at(format!("thiếu cột {name}")))?;
        let cell = Cell::from_json(v, *ty)
            .ok_or_else(|| at(format!("cột {name}: giá trị không đúng kiểu")))?;
        cells.push(cell);
    }
    if let Some(i) = table.file_column() {
        let key = key_of(table, &cells);
        let name = file_entry(table.name, &key);
        let mut bytes = Vec::new();
        entry(files, &name)?
            .take(FILE_LIMIT + 1)
            .read_to_end(&mut bytes)?;
        if bytes.len() as u64 > FILE_LIMIT {
            return Err(bad(&name, "quá lớn"));
        }
        cells[i] = Cell::Bytes(bytes);
    }
    Ok(cells)
}

impl Store {
    /// Loads the bundle at `file` into this deployment in one transaction.
    /// The commune goes under `parent` if given, else under the unit here
    /// that has its superior's level and code (created if there is none).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_commune(
        &self,
        actor: &Actor,
        file: &Path,
        parent: Option<Uuid>,
    ) -> Result<ImportSummary> {
        let mut archive = open(file)?;
        let m = manifest(&mut archive)?;
        verify(&mut archive, &m)?;
        let mut files = open(file)?;
        let mut tx = self.db.begin().await?;
        if matches!(tx, Tx::Postgres(_)) {
            // The tables grow inside this one transaction, unseen by the
            // planner's statistics: without this, each chunk's lookup of
            // the rows already here scans the whole table it is filling
            // (a ward of 120.000 dossier steps took a minute instead of
            // seconds).
            tx.run("SET LOCAL enable_seqscan = off", Args::new())
                .await?;
        }
        let mut load = Load {
            ids: HashMap::new(),
            from_root: m.commune.path.clone(),
            to_root: String::new(),
            users: HashSet::new(),
            known_users: HashMap::new(),
            problems: Invalid::default(),
            summary: ImportSummary {
                bundle: m.id,
                commune: format!("{} ({})", m.commune.name, m.commune.code),
                tables: Vec::new(),
                created_units: Vec::new(),
                matched_catalogue: 0,
                unassigned: 0,
            },
            formers: Vec::new(),
            dossiers_added: false,
        };
        let parent_path = superiors(&mut tx, actor, &m, parent, &mut load).await?;
        load.to_root = format!("{parent_path}{}/", m.commune.id.simple());
        for (table, listed) in TABLES.iter().zip(&m.tables) {
            let mut reader = BufReader::new(Hashing {
                inner: entry(&mut archive, &listed.entry)?,
                hash: Sha256::new(),
            });
            let mut count = TableCount {
                table: table.name.to_owned(),
                label: table.label.to_owned(),
                added: 0,
                present: 0,
            };
            let mut line_no = 0u64;
            loop {
                let chunk =
                    next_chunk(&mut reader, table, &listed.entry, &mut files, &mut line_no)?;
                if chunk.is_empty() {
                    break;
                }
                match table.kind {
                    Kind::Record => records(&mut tx, table, chunk, &mut load, &mut count).await?,
                    Kind::Catalogue | Kind::Keyed => {
                        catalogue(&mut tx, table, chunk, &mut load, &mut count).await?
                    }
                }
                if load.stopped() {
                    break;
                }
            }
            if !load.stopped() {
                let hash = reader.into_inner().hash.finalize();
                if hex(&hash) != listed.sha256 || line_no != listed.rows {
                    return Err(bad(
                        &listed.entry,
                        "nội dung khác với manifest.json: gói đã bị sửa hoặc hỏng",
                    ));
                }
            }
            if table.name == "dossiers" && count.added > 0 {
                load.dossiers_added = true;
            }
            load.summary.tables.push(count);
            if load.stopped() {
                break;
            }
        }
        if !load.problems.0.is_empty() {
            return Err(StoreError::Conflict(load.problems));
        }
        for (id, former) in std::mem::take(&mut load.formers) {
            tx.run(
                "UPDATE units SET former_parent_id = $2 WHERE id = $1",
                Args::new().bind(id).bind(former),
            )
            .await?;
        }
        let summary = load.summary;
        if summary.added() == 0 {
            // Already here, row for row: nothing to write, not even a
            // line in the audit trail.
            return Ok(summary);
        }
        tx.audit(
            actor,
            Change::insert(
                Entity::Bundle,
                m.id,
                Place {
                    unit_id: Some(m.commune.id),
                    unit_path: Some(&load.to_root),
                },
                &summary,
            ),
        )
        .await?;
        if load.dossiers_added {
            self.commit_and_recount(tx).await?;
        } else {
            tx.commit().await?;
        }
        Ok(summary)
    }
}

/// Finds or creates the units outside the commune that the bundle names;
/// the path the commune goes under.
async fn superiors(
    tx: &mut Tx,
    actor: &Actor,
    m: &Manifest,
    parent: Option<Uuid>,
    load: &mut Load,
) -> Result<String> {
    let units = &TABLES[0];
    let col = |n: &str| units.column(n).unwrap_or_default();
    let mut paths: HashMap<Uuid, String> = HashMap::new();
    let mut outside = Vec::new();
    for (i, object) in m.outside.iter().enumerate() {
        let mut cells = Vec::new();
        for (name, ty) in units.columns {
            let cell = object
                .get(*name)
                .and_then(|v| Cell::from_json(v, *ty))
                .ok_or_else(|| {
                    bad(
                        "manifest.json",
                        format!("đơn vị ngoài thứ {}: cột {name} không đọc được", i + 1),
                    )
                })?;
            cells.push(cell);
        }
        outside.push(cells);
    }
    outside.sort_by_key(|c| c[col("path")].text().map_or(0, str::len));
    for cells in outside {
        let Some(id) = cells[col("id")].uuid() else {
            return Err(bad("manifest.json", "đơn vị ngoài không có mã"));
        };
        let text = |n: &str| cells[col(n)].text().map(str::to_owned);
        let (level, code, name) = (
            text("level").unwrap_or_default(),
            text("code").unwrap_or_default(),
            text("name").unwrap_or_default(),
        );
        let valid_to = text("valid_to");
        let mut here: Option<(Uuid, String)> = tx!(tx, |c| sqlx::query_as(
            "SELECT id, path FROM units WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(c)
        .await)?;
        if here.is_none() {
            here = tx!(tx, |c| sqlx::query_as(
                "SELECT id, path FROM units
                     WHERE level = $1 AND code = $2 AND COALESCE(valid_to, '') = $3
                     ORDER BY path LIMIT 1"
            )
            .bind(&level)
            .bind(&code)
            .bind(valid_to.clone().unwrap_or_default())
            .fetch_optional(c)
            .await)?;
        }
        if let Some((to, path)) = here {
            load.ids.insert(id, to);
            paths.insert(to, path);
            continue;
        }
        let over = cells[col("parent_id")]
            .uuid()
            .map(|p| load.ids.get(&p).copied().unwrap_or(p));
        let over_path = match over {
            Some(p) => paths.get(&p).cloned().ok_or_else(|| {
                bad(
                    "manifest.json",
                    format!("đơn vị {name} ({code}) thiếu cấp trên trong gói"),
                )
            })?,
            None => "/".to_owned(),
        };
        let path = format!("{over_path}{}/", id.simple());
        let former = cells[col("former_parent_id")].uuid().and_then(|f| {
            load.ids
                .get(&f)
                .copied()
                .or(paths.contains_key(&f).then_some(f))
        });
        tx.run(
            "INSERT INTO units (id, parent_id, level, kind, code, name, search_key, path, created_at, updated_at,
                                valid_from, valid_to, former_parent_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            Args::new()
                .bind(id)
                .bind(over)
                .bind(&level)
                .bind(text("kind"))
                .bind(&code)
                .bind(&name)
                .bind(text("search_key"))
                .bind(&path)
                .bind(cells[col("created_at")].clone().int())
                .bind(cells[col("updated_at")].clone().int())
                .bind(text("valid_from"))
                .bind(valid_to)
                .bind(former),
        )
        .await
        .map_err(|e| {
            crate::error::on_unique(
                e,
                units.label,
                format!("không tạo được {name} ({code}): mã đã dùng cho đơn vị khác ở cơ sở dữ liệu này"),
            )
        })?;
        let mut row = m
            .outside
            .iter()
            .find(|o| o.get("id") == Some(&Value::String(id.to_string())))
            .cloned()
            .unwrap_or_default();
        row.insert("path".into(), Value::String(path.clone()));
        tx.audit(
            actor,
            Change::insert(
                Entity::Unit,
                id,
                Place {
                    unit_id: Some(id),
                    unit_path: Some(&path),
                },
                &row,
            ),
        )
        .await?;
        load.summary.created_units.push(format!("{name} ({code})"));
        load.ids.insert(id, id);
        paths.insert(id, path);
    }
    // The commune's own superior: the one named, or the bundle's as found
    // or created above.
    let bundle_parent = m
        .commune
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .nth(1)
        .and_then(|s| Uuid::parse_str(s).ok());
    let target = match parent {
        Some(p) => {
            let found: Option<(String,)> = tx!(tx, |c| {
                sqlx::query_as(
                "SELECT path FROM units WHERE id = $1 AND level IN ('province', 'district') AND valid_to IS NULL"
            )
            .bind(p)
            .fetch_optional(c)
            .await
            })?;
            let (path,) = found.ok_or_else(|| {
                bad(
                    "parent",
                    "đơn vị cấp trên phải là tỉnh (hoặc huyện) đang có hiệu lực",
                )
            })?;
            if let Some(b) = bundle_parent {
                load.ids.insert(b, p);
            }
            Some(path)
        }
        None => bundle_parent.and_then(|b| {
            let to = load.ids.get(&b).copied().unwrap_or(b);
            paths.get(&to).cloned()
        }),
    };
    Ok(target.unwrap_or_else(|| "/".to_owned()))
}

impl Cell {
    fn int(self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(i),
            _ => None,
        }
    }
}

/// The rows of `table` already here among those of `chunk`, by key.
async fn present(
    tx: &mut Tx,
    table: &Table,
    chunk: &[Vec<Cell>],
) -> Result<HashMap<String, Vec<Cell>>> {
    let names = table
        .columns
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    let mut args = Args::new();
    let mut wheres = Vec::with_capacity(chunk.len());
    for cells in chunk {
        let mut parts = Vec::new();
        for k in table.key {
            let i = table.column(k).unwrap_or_default();
            args = match &cells[i] {
                Cell::Uuid(u) => args.bind(*u),
                Cell::Text(s) => args.bind(s.as_str()),
                Cell::Int(n) => args.bind(*n),
                _ => args.text(None::<String>),
            };
            parts.push(format!("{k} = ${}", args.len()));
        }
        wheres.push(format!("({})", parts.join(" AND ")));
    }
    let sql = format!(
        "SELECT {names} FROM {} WHERE {}",
        table.name,
        wheres.join(" OR ")
    );
    let rows: Vec<Vec<Cell>> = tx!(tx, |c| {
        let rows = sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
            .fetch_all(c)
            .await?;
        rows.iter()
            .map(|r| super::decode(r, table.columns))
            .collect::<Result<Vec<_>>>()
    })?;
    Ok(rows.into_iter().map(|r| (key_of(table, &r), r)).collect())
}

/// A unique value of a row to insert that this deployment already holds.
async fn clash(tx: &mut Tx, table: &Table, cells: &[Cell]) -> Result<Option<String>> {
    let get = |n: &str| table.column(n).and_then(|i| cells[i].text());
    let found: Option<(String,)> = match table.name {
        "units" if get("level") != Some("group") && get("valid_to").is_none() => {
            let code = get("code").unwrap_or_default();
            tx!(tx, |c| sqlx::query_as(
                "SELECT name || ' (' || code || ')' FROM units WHERE code = $1 AND level <> 'group' AND valid_to IS NULL"
            )
            .bind(code)
            .fetch_optional(c)
            .await)?
            .map(|(n,): (String,)| (format!("mã đơn vị {code} đã dùng cho {n} ở cơ sở dữ liệu này"),))
        }
        "users" => {
            let name = get("username").unwrap_or_default();
            tx!(tx, |c| sqlx::query_as("SELECT username FROM users WHERE username = $1")
                .bind(name)
                .fetch_optional(c)
                .await)?
            .map(|(n,): (String,)| (format!("tên đăng nhập «{n}» đã có ở cơ sở dữ liệu này (đổi tên tài khoản ở nơi xuất rồi xuất lại)"),))
        }
        "dossiers" => {
            let code = get("code").unwrap_or_default();
            tx!(tx, |c| sqlx::query_as(
                "SELECT code FROM dossiers WHERE code = $1"
            )
            .bind(code)
            .fetch_optional(c)
            .await)?
            .map(|(n,): (String,)| (format!("mã hồ sơ {n} đã có ở cơ sở dữ liệu này"),))
        }
        _ => None,
    };
    Ok(found.map(|(m,)| m))
}

/// The commune's own rows: added, found the same, or refused.
async fn records(
    tx: &mut Tx,
    table: &'static Table,
    mut chunk: Vec<Vec<Cell>>,
    load: &mut Load,
    count: &mut TableCount,
) -> Result<()> {
    for cells in &mut chunk {
        load.map(table, cells);
    }
    if table.name == "dossiers" {
        let i = table.column("assignee_id").unwrap_or_default();
        for cells in &mut chunk {
            let Some(officer) = cells[i].uuid() else {
                continue;
            };
            if load.users.contains(&officer) {
                continue;
            }
            let known = match load.known_users.get(&officer) {
                Some(k) => *k,
                None => {
                    let found: Option<(Uuid,)> =
                        tx!(tx, |c| sqlx::query_as("SELECT id FROM users WHERE id = $1")
                            .bind(officer)
                            .fetch_optional(c)
                            .await)?;
                    load.known_users.insert(officer, found.is_some());
                    found.is_some()
                }
            };
            if !known {
                cells[i] = Cell::Null;
                load.summary.unassigned += 1;
            }
        }
    }
    let here = present(tx, table, &chunk).await?;
    let mut batch = Batch::new(table.name, table.columns);
    let former =
        (table.name == "units").then(|| table.column("former_parent_id").unwrap_or_default());
    for mut cells in chunk {
        let key = key_of(table, &cells);
        if let Some(existing) = here.get(&key) {
            if *existing == cells {
                count.present += 1;
            } else {
                load.problem(
                    table,
                    format!("bản ghi {key} đã có ở cơ sở dữ liệu này với nội dung khác"),
                );
            }
            continue;
        }
        if let Some(message) = clash(tx, table, &cells).await? {
            load.problem(table, message);
            continue;
        }
        if table.name == "users"
            && let Some(id) = cells[0].uuid()
        {
            load.users.insert(id);
        }
        if let Some(i) = former
            && let Some(f) = cells[i].uuid()
        {
            // Set once every unit is in: a former ward may sort after the
            // group that was once under it.
            load.formers.push((cells[0].uuid().unwrap_or_default(), f));
            cells[i] = Cell::Null;
        }
        push(&mut batch, cells, table.columns);
        count.added += 1;
    }
    if load.problems.0.is_empty() {
        flush(tx, table, &mut batch).await?;
    }
    Ok(())
}

/// Catalogue rows: the deployment's where it has the code, else added.
async fn catalogue(
    tx: &mut Tx,
    table: &'static Table,
    chunk: Vec<Vec<Cell>>,
    load: &mut Load,
    count: &mut TableCount,
) -> Result<()> {
    let code_col = table.column("code").unwrap_or_default();
    let mut batch = Batch::new(table.name, table.columns);
    for cells in chunk {
        let code = cells[code_col].text().unwrap_or_default().to_owned();
        let found: Option<(String,)> = match table.kind {
            Kind::Keyed => tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT code FROM {} WHERE code = $1",
                table.name
            )))
            .bind(&code)
            .fetch_optional(c)
            .await)?,
            _ => {
                let id: Option<(Uuid,)> = tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(
                    format!("SELECT id FROM {} WHERE code = $1", table.name)
                ))
                .bind(&code)
                .fetch_optional(c)
                .await)?;
                if let (Some((here,)), Some(ours)) = (id, cells[0].uuid())
                    && here != ours
                {
                    load.ids.insert(ours, here);
                    load.summary.matched_catalogue += 1;
                }
                id.map(|(u,)| (u.to_string(),))
            }
        };
        if found.is_some() {
            count.present += 1;
            continue;
        }
        push(&mut batch, cells, table.columns);
        count.added += 1;
    }
    if load.problems.0.is_empty() {
        flush(tx, table, &mut batch).await?;
    }
    Ok(())
}

async fn flush(tx: &mut Tx, table: &Table, batch: &mut Batch) -> Result<()> {
    batch.flush(tx).await.map_err(|e| match e {
        StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            StoreError::conflict(
                table.label,
                format!(
                    "một bản ghi trùng với dữ liệu đã có ở cơ sở dữ liệu này ({})",
                    db.message()
                ),
            )
        }
        StoreError::Database(sqlx::Error::Database(db)) if db.is_foreign_key_violation() => {
            StoreError::Invalid(Invalid::one(
                table.label,
                format!(
                    "bản ghi trỏ tới dữ liệu không có trong gói ({})",
                    db.message()
                ),
            ))
        }
        other => other,
    })
}
