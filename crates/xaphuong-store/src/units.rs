//! Administrative units: the tree every record hangs from.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::text;
pub use xaphuong_core::units::ImportRow;
use xaphuong_core::units::{Kind, Level, UnitInput, ValidUnit, validate};
use xaphuong_core::{FieldError, Invalid};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::Tx;
use crate::error::on_unique;
use crate::{Listing, Page, Result, Store, StoreError, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub level: Level,
    pub kind: Kind,
    pub code: String,
    pub name: String,
    /// `/id/…/id/` from the top of the tree down to this unit.
    pub path: String,
    /// First day in force (`yyyy-mm-dd`); none: since before any record.
    pub valid_from: Option<String>,
    /// The day a reorganisation ended it (exclusive); none: in force.
    pub valid_to: Option<String>,
    /// The unit it was under until it ended (it hangs under its successor
    /// since).
    pub former_parent_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Unit {
    /// Whether a reorganisation has ended the unit.
    pub fn ended(&self) -> bool {
        self.valid_to.is_some()
    }

    /// Refuses a unit a reorganisation ended, naming `field`.
    pub fn refuse_ended(&self, field: &str) -> Result<()> {
        match &self.valid_to {
            None => Ok(()),
            Some(day) => Err(Invalid::one(
                field,
                format!(
                    "{} đã được sắp xếp lại từ ngày {}: hãy chọn đơn vị hiện nay",
                    self.name,
                    day.parse().map_or_else(|_| day.clone(), text::vn_date)
                ),
            )
            .into()),
        }
    }

    /// What the rules of a reorganisation need to know of it.
    pub fn facts(&self) -> Result<xaphuong_core::reorganisations::UnitFacts> {
        let day = |d: &Option<String>| -> Result<Option<jiff::civil::Date>> {
            d.as_deref()
                .map(|s| {
                    s.parse().map_err(|_| {
                        StoreError::Unsupported(format!(
                            "Ngày hiệu lực của đơn vị «{}» không đọc được: «{s}»",
                            self.name
                        ))
                    })
                })
                .transpose()
        };
        Ok(xaphuong_core::reorganisations::UnitFacts {
            id: self.id,
            level: self.level,
            name: self.name.clone(),
            valid_from: day(&self.valid_from)?,
            valid_to: day(&self.valid_to)?,
        })
    }

    /// The scope of an account bound to this unit.
    pub fn scope(&self) -> Scope {
        Scope::Subtree(self.path.clone())
    }

    pub(crate) fn place(&self) -> Place<'_> {
        Place::at(self.id, &self.path)
    }
}

/// What the audit trail keeps of a unit.
#[derive(Serialize)]
pub(crate) struct Snapshot<'a> {
    code: &'a str,
    name: &'a str,
    kind: Kind,
    level: Level,
    parent_id: Option<Uuid>,
    valid_from: Option<&'a str>,
    valid_to: Option<&'a str>,
}

impl<'a> From<&'a Unit> for Snapshot<'a> {
    fn from(u: &'a Unit) -> Self {
        Snapshot {
            code: &u.code,
            name: &u.name,
            kind: u.kind,
            level: u.level,
            parent_id: u.parent_id,
            valid_from: u.valid_from.as_deref(),
            valid_to: u.valid_to.as_deref(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    id: Uuid,
    parent_id: Option<Uuid>,
    level: String,
    kind: String,
    code: String,
    name: String,
    path: String,
    valid_from: Option<String>,
    valid_to: Option<String>,
    former_parent_id: Option<Uuid>,
    created_at: i64,
    updated_at: i64,
}

impl From<UnitRow> for Unit {
    fn from(r: UnitRow) -> Self {
        Unit {
            id: r.id,
            parent_id: r.parent_id,
            // The schema's CHECK and our own writes keep these valid.
            level: Level::parse(&r.level).unwrap_or(Level::Group),
            kind: Kind::parse(&r.kind).unwrap_or(Kind::ToDanPho),
            code: r.code,
            name: r.name,
            path: r.path,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            former_parent_id: r.former_parent_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) const COLUMNS: &str = "id, parent_id, level, kind, code, name, path, valid_from, valid_to, former_parent_id, created_at, updated_at";

#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub q: Option<String>,
    pub level: Option<Level>,
    pub parent_id: Option<Uuid>,
    /// In force (`true`) or ended by a reorganisation (`false`).
    pub in_force: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn duplicate_message(code: &str, existing: &str) -> String {
    format!("Mã {code} đã được dùng cho «{existing}»")
}

pub(crate) fn child_path(parent: Option<&Unit>, id: Uuid) -> String {
    let own = format!("{}/", id.simple());
    match parent {
        Some(p) => format!("{}{own}", p.path),
        None => format!("/{own}"),
    }
}

impl Store {
    /// A unit inside `scope`; `NotFound` for one outside it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unit(&self, scope: &Scope, id: Uuid) -> Result<Unit> {
        let (lo, hi) = scope.path_range();
        let row = self
            .opt::<UnitRow>(
                format!("SELECT {COLUMNS} FROM units WHERE id = $1 AND path >= $2 AND path < $3"),
                Args::new().bind(id).bind(&lo).bind(&hi),
            )
            .await?;
        row.map(Unit::from)
            .ok_or(StoreError::NotFound("đơn vị hành chính"))
    }

    /// A unit by its national code (provinces, districts, communes): the
    /// one in force on `day`, or the one in force now. A code names one
    /// unit at any date, not forever (the new Phường Bắc Kạn kept the code
    /// of Phường Phùng Chí Kiên).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unit_by_code(
        &self,
        scope: &Scope,
        code: &str,
        day: Option<jiff::civil::Date>,
    ) -> Result<Unit> {
        let (lo, hi) = scope.path_range();
        let sql = format!(
            "SELECT {COLUMNS} FROM units WHERE code = $1 AND level <> 'group' AND path >= $2 AND path < $3
               AND (CASE WHEN $4 IS NULL THEN valid_to IS NULL
                         ELSE (valid_from IS NULL OR valid_from <= $4) AND (valid_to IS NULL OR valid_to > $4) END)"
        );
        let row = self
            .opt::<UnitRow>(
                sql,
                Args::new()
                    .bind(code)
                    .bind(&lo)
                    .bind(&hi)
                    .text(day.map(|d| d.to_string())),
            )
            .await?;
        row.map(Unit::from)
            .ok_or(StoreError::NotFound("đơn vị hành chính"))
    }

    /// The units above `unit`, from the top down (for breadcrumbs). Not
    /// scoped: an account may always see the names of the units above it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unit_ancestors(&self, unit: &Unit) -> Result<Vec<Unit>> {
        let ids: Vec<Uuid> = unit
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .filter_map(|s| Uuid::try_parse(s).ok())
            .filter(|id| *id != unit.id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The tree is four levels deep, and a unit a reorganisation ended
        // hangs under its successor: pad to a fixed statement of six.
        let pad = |i: usize| ids.get(i).copied().unwrap_or(ids[0]);
        let args = (0..6).fold(Args::new(), |a, i| a.bind(pad(i)));
        let rows = self
            .all::<UnitRow>(
                format!(
                    "SELECT {COLUMNS} FROM units WHERE id IN ($1, $2, $3, $4, $5, $6) ORDER BY length(path)"
                ),
                args,
            )
            .await?;
        Ok(rows.into_iter().map(Unit::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn units(&self, scope: &Scope, f: &UnitFilter) -> Result<Page<Unit>> {
        const WHERE: &str = "path >= $1 AND path < $2
               AND ($3 IS NULL OR search_key LIKE $3 ESCAPE '\\' OR code = $4)
               AND ($5 IS NULL OR level = $5)
               AND ($6 IS NULL OR parent_id = $6)
               AND ($7 IS NULL OR (CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) = $7)";
        let args = Args::scope(scope)
            .text(crate::search_pattern(f.q.as_deref()))
            .text(f.q.as_deref().map(str::trim))
            .text(f.level.map(Level::as_str))
            .uuid(f.parent_id)
            .int(f.in_force.map(i64::from));
        let select = format!("SELECT {COLUMNS} FROM units");
        let list = Listing {
            from: "units",
            select: &select,
            filter: WHERE,
            order: "length(path), code",
        };
        self.page::<UnitRow, _>(&list, args, (f.page, f.per_page))
            .await
    }

    /// The communes of `scope` and their residential groups in tree order,
    /// each commune followed by its groups, for the forms and filters that
    /// pick one. When the scope holds many communes only those of `open`
    /// (a commune, or a group's commune) are listed with their groups, so
    /// that a province's picker stays short.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn places(&self, scope: &Scope, open: Option<Uuid>) -> Result<Vec<Unit>> {
        const FEW: usize = 20;
        let (lo, hi) = scope.path_range();
        let of_level = |level: &'static str| {
            let (lo, hi) = (lo.clone(), hi.clone());
            async move {
                let sql = format!(
                    "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 AND level = $3 AND valid_to IS NULL"
                );
                let rows: Vec<UnitRow> = self
                    .all(sql, Args::new().bind(&lo).bind(&hi).bind(level))
                    .await?;
                Ok::<_, StoreError>(rows.into_iter().map(Unit::from).collect::<Vec<_>>())
            }
        };
        let mut communes = of_level("commune").await?;
        communes.sort_by(|a, b| a.path.cmp(&b.path));
        let groups: Vec<Unit> = if communes.len() <= FEW {
            of_level("group").await?
        } else {
            let open = match open {
                Some(id) => match self.unit(scope, id).await {
                    Ok(u) if u.level == Level::Group => self.commune_of(&u).await.ok(),
                    Ok(u) => Some(u),
                    Err(_) => None,
                },
                None => None,
            };
            match open {
                Some(commune) => self.groups_of(&commune).await?,
                None => Vec::new(),
            }
        };
        // Tổ 2 before tổ 10.
        let order = |u: &Unit| (u.code.len(), u.code.clone());
        let mut out = Vec::with_capacity(communes.len() + groups.len());
        // A group belongs to the commune in force above it: a merged ward's
        // groups hang under their former ward, itself under the new one.
        let home = |g: &Unit| {
            communes
                .iter()
                .filter(|c| g.path.starts_with(&c.path))
                .max_by_key(|c| c.path.len())
                .map(|c| c.id)
        };
        for c in &communes {
            out.push(c.clone());
            let mut mine: Vec<&Unit> = groups.iter().filter(|g| home(g) == Some(c.id)).collect();
            mine.sort_by_key(|g| order(g));
            out.extend(mine.into_iter().cloned());
        }
        // A group head's scope is a group: no commune to hang it under.
        let mut orphans: Vec<&Unit> = groups.iter().filter(|g| home(g).is_none()).collect();
        orphans.sort_by_key(|g| order(g));
        out.extend(orphans.into_iter().cloned());
        Ok(out)
    }

    /// The commune in force a unit belongs to: itself, or the nearest one
    /// above (a merged ward's group hangs under its former ward, under
    /// the new ward).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn commune_of(&self, unit: &Unit) -> Result<Unit> {
        if unit.level == Level::Commune && !unit.ended() {
            return Ok(unit.clone());
        }
        self.unit_ancestors(unit)
            .await?
            .into_iter()
            .rev()
            .find(|u| u.level == Level::Commune && !u.ended())
            .ok_or(StoreError::NotFound("xã, phường của đơn vị"))
    }

    /// The residential groups in force of a commune, its former wards'
    /// included, in their order (tổ 2 before tổ 10).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn groups_of(&self, commune: &Unit) -> Result<Vec<Unit>> {
        let (lo, hi) = commune.scope().path_range();
        let rows: Vec<UnitRow> = self
            .all(
                format!(
                    "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 AND level = 'group'
                       AND valid_to IS NULL ORDER BY path LIMIT {}",
                    crate::MAX_PER_PAGE
                ),
                Args::new().bind(&lo).bind(&hi),
            )
            .await?;
        let mut groups: Vec<Unit> = rows.into_iter().map(Unit::from).collect();
        groups.sort_by_key(|g| (g.code.len(), g.code.clone()));
        Ok(groups)
    }

    /// How many units of each level lie inside `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unit_counts(&self, scope: &Scope) -> Result<Vec<(Level, i64)>> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<(String, i64)> = self
            .all(
                "SELECT level, COUNT(*) FROM units WHERE path >= $1 AND path < $2 GROUP BY level",
                Args::new().bind(&lo).bind(&hi),
            )
            .await?;
        let mut out: Vec<(Level, i64)> = rows
            .into_iter()
            .filter_map(|(l, n)| Level::parse(&l).map(|l| (l, n)))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Creates a unit under `parent_id` (a province when `None`, which only a
    /// deployment-wide scope may do).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_unit(
        &self,
        actor: &Actor,
        scope: &Scope,
        parent_id: Option<Uuid>,
        input: &UnitInput,
    ) -> Result<Unit> {
        let parent = match parent_id {
            Some(id) => Some(self.unit(scope, id).await.map_err(|_| {
                StoreError::Invalid(Invalid::one(
                    "parent",
                    "Đơn vị cấp trên không tồn tại hoặc ngoài phạm vi quản lý",
                ))
            })?),
            None if matches!(scope, Scope::All) => None,
            None => {
                return Err(StoreError::Forbidden(
                    "Chỉ quản trị toàn hệ thống mới thêm được đơn vị cấp tỉnh".into(),
                ));
            }
        };
        let valid = validate(input, parent.as_ref().map(|p| p.level))?;
        let mut tx = self.db.begin().await?;
        if let Some(existing) =
            find_same_code(&mut tx, &valid, parent.as_ref().map(|p| p.id)).await?
        {
            return Err(StoreError::conflict(
                "code",
                duplicate_message(&valid.code, &existing.name),
            ));
        }
        let unit = insert(&mut tx, actor, parent.as_ref(), &valid).await?;
        tx.commit().await?;
        Ok(unit)
    }

    /// Changes a unit's code, name and kind (within its level).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_unit(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &UnitInput,
    ) -> Result<Unit> {
        let before = self.unit(scope, id).await?;
        let parent_level = match before.parent_id {
            Some(pid) => Some(self.unit(&Scope::All, pid).await?.level),
            None => None,
        };
        let valid = validate(input, parent_level)?;
        if valid.level() != before.level {
            return Err(Invalid::one(
                "kind",
                "Không thể đổi cấp của đơn vị (chỉ đổi loại trong cùng cấp)",
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        if let Some(existing) = find_same_code(&mut tx, &valid, before.parent_id).await?
            && existing.id != id
        {
            return Err(StoreError::conflict(
                "code",
                duplicate_message(&valid.code, &existing.name),
            ));
        }
        let after = update_in(&mut tx, actor, &before, &valid).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a unit that nothing hangs from.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_unit(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let unit = self.unit(scope, id).await?;
        if scope == &unit.scope() {
            return Err(StoreError::Forbidden(
                "Không thể xóa đơn vị mà tài khoản của mình đang thuộc về".into(),
            ));
        }
        let mut tx = self.db.begin().await?;
        let (children, users): (i64, i64) = tx!(&mut tx, |c| {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM units WHERE parent_id = $1),
                    (SELECT COUNT(*) FROM users WHERE unit_id = $1)
                        + (SELECT COUNT(*) FROM calendar_days WHERE unit_id = $1)
                        + (SELECT COUNT(*) FROM calendar_settings WHERE unit_id = $1)
                        + (SELECT COUNT(*) FROM violations WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM handovers WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM recruits WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM recruitment_quotas WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM budget_entries WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM spending_entries WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM works WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM activities WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM group_titles WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM inspections WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM businesses WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM tax_meetings WHERE commune_id = $1)
                        + (SELECT COUNT(*) FROM tax_debts WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM cooperatives WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM receptions WHERE commune_id = $1 OR group_id = $1)
                        + (SELECT COUNT(*) FROM problems WHERE commune_id = $1 OR group_id = $1)",
            )
            .bind(id)
            .fetch_one(c)
            .await
        })?;
        if children > 0 || users > 0 {
            return Err(StoreError::conflict(
                "id",
                format!(
                    "Không thể xóa «{}»: còn {children} đơn vị trực thuộc và {users} tài khoản hoặc mục lịch riêng",
                    unit.name
                ),
            ));
        }
        tx.run("DELETE FROM units WHERE id = $1", Args::new().bind(id))
            .await?;
        tx.audit(
            actor,
            Change::delete(Entity::Unit, id, unit.place(), &Snapshot::from(&unit)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Imports a list of units all or nothing: every row is checked against
    /// the file and the database first; any problem → nothing is written and
    /// every problem is reported with its row and column. Units that exist
    /// (same code, same place) are updated when their name or kind changed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_units(
        &self,
        actor: &Actor,
        scope: &Scope,
        rows: &[ImportRow],
    ) -> Result<ImportSummary> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut tx = self.db.begin().await?;
        let (lo, hi) = scope.path_range();
        // Every national-level unit of the scope, in one query.
        let existing: Vec<UnitRow> = tx!(&mut tx, |c| {
            sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM units WHERE level <> 'group' AND path >= $1 AND path < $2"
            )))
            .bind(&lo)
            .bind(&hi)
            .fetch_all(c)
            .await
        })?;
        let mut national: HashMap<String, Unit> = existing
            .into_iter()
            .map(|r| {
                let u = Unit::from(r);
                (u.code.clone(), u)
            })
            .collect();
        // Groups of a commune, loaded once per commune the file touches.
        let mut groups: HashMap<Uuid, HashMap<String, Unit>> = HashMap::new();

        // Parents before children, keeping the file's order within a level.
        let mut order: Vec<&ImportRow> = rows.iter().collect();
        order.sort_by_key(|r| r.kind.level());
        let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
        let mut summary = ImportSummary::default();
        for row in order {
            let at = |field: &str, msg: String| FieldError::new(field, msg).at_row(row.row);
            let level = row.kind.level();
            let parent_code = row.parent_code.trim();
            let parent = if parent_code.is_empty() {
                None
            } else {
                match national.get(parent_code) {
                    Some(p) => Some(p.clone()),
                    None => {
                        errors.push(at("ma_cap_tren", format!("Không có đơn vị cấp trên mã {parent_code} (trong tệp hoặc trong phạm vi quản lý)")));
                        continue;
                    }
                }
            };
            if parent.is_none() && !matches!(scope, Scope::All) {
                errors.push(at(
                    "ma_cap_tren",
                    "Chỉ quản trị toàn hệ thống mới thêm được đơn vị cấp tỉnh".into(),
                ));
                continue;
            }
            let input = UnitInput {
                code: row.code.clone(),
                name: row.name.clone(),
                kind: row.kind.as_str().into(),
            };
            let valid = match validate(&input, parent.as_ref().map(|p| p.level)) {
                Ok(v) => v,
                Err(Invalid(es)) => {
                    for e in es {
                        let field = match e.field.as_str() {
                            "code" => "ma",
                            "name" => "ten",
                            "kind" => "loai",
                            _ => "ma_cap_tren",
                        };
                        errors.push(at(field, e.message));
                    }
                    continue;
                }
            };
            let key = (
                if level == Level::Group {
                    Some(parent_code.to_owned())
                } else {
                    None
                },
                valid.code.clone(),
            );
            if let Some(first) = seen.insert(key, row.row) {
                errors.push(at(
                    "ma",
                    format!("Mã {} bị trùng với dòng {first}", valid.code),
                ));
                continue;
            }
            let current = if level == Level::Group {
                let pid = parent.as_ref().map(|p| p.id).unwrap_or_default();
                if let Entry::Vacant(slot) = groups.entry(pid) {
                    let loaded: Vec<UnitRow> = tx!(&mut tx, |c| {
                        sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(format!(
                            "SELECT {COLUMNS} FROM units WHERE parent_id = $1 AND level = 'group'"
                        )))
                        .bind(pid)
                        .fetch_all(c)
                        .await
                    })?;
                    slot.insert(
                        loaded
                            .into_iter()
                            .map(|r| {
                                let u = Unit::from(r);
                                (u.code.clone(), u)
                            })
                            .collect(),
                    );
                }
                groups.get(&pid).and_then(|g| g.get(&valid.code)).cloned()
            } else {
                national.get(&valid.code).cloned()
            };
            match current {
                Some(cur)
                    if cur.parent_id != parent.as_ref().map(|p| p.id) || cur.level != level =>
                {
                    errors.push(at(
                        "ma",
                        duplicate_message(&valid.code, &cur.name) + " ở nơi khác trong cây đơn vị",
                    ));
                }
                Some(cur) if cur.name == valid.name && cur.kind == valid.kind => {
                    summary.unchanged += 1
                }
                Some(cur) => {
                    if errors.is_empty() {
                        let after = update_in(&mut tx, actor, &cur, &valid).await?;
                        if level != Level::Group {
                            national.insert(after.code.clone(), after);
                        }
                    }
                    summary.updated += 1;
                }
                None => {
                    // Keep checking after the first error, but write nothing more.
                    let unit = if errors.is_empty() {
                        insert(&mut tx, actor, parent.as_ref(), &valid).await?
                    } else {
                        let id = new_id();
                        Unit {
                            id,
                            parent_id: parent.as_ref().map(|p| p.id),
                            level,
                            kind: valid.kind,
                            code: valid.code.clone(),
                            name: valid.name.clone(),
                            path: child_path(parent.as_ref(), id),
                            valid_from: None,
                            valid_to: None,
                            former_parent_id: None,
                            created_at: 0,
                            updated_at: 0,
                        }
                    };
                    if level == Level::Group {
                        groups
                            .entry(unit.parent_id.unwrap_or_default())
                            .or_default()
                            .insert(unit.code.clone(), unit);
                    } else {
                        national.insert(unit.code.clone(), unit);
                    }
                    summary.created += 1;
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            // Dropping the transaction rolls back what was written so far.
            return Err(StoreError::Invalid(Invalid(errors)));
        }
        tx.commit().await?;
        Ok(summary)
    }
}

async fn find_same_code(
    tx: &mut Tx,
    valid: &ValidUnit,
    parent_id: Option<Uuid>,
) -> Result<Option<Unit>> {
    let row = if valid.level() == Level::Group {
        tx!(tx, |c| {
            sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(
            format!(
                "SELECT {COLUMNS} FROM units WHERE level = 'group' AND parent_id = $1 AND code = $2 AND valid_to IS NULL"
            )
        ))
        .bind(parent_id)
        .bind(&valid.code)
        .fetch_optional(c)
        .await
        })?
    } else {
        tx!(tx, |c| {
            sqlx::query_as::<_, UnitRow>(sqlx::AssertSqlSafe(
            format!("SELECT {COLUMNS} FROM units WHERE level <> 'group' AND code = $1 AND valid_to IS NULL")
        ))
        .bind(&valid.code)
        .fetch_optional(c)
        .await
        })?
    };
    Ok(row.map(Unit::from))
}

async fn insert(tx: &mut Tx, actor: &Actor, parent: Option<&Unit>, v: &ValidUnit) -> Result<Unit> {
    insert_from(tx, actor, parent, v, None).await
}

/// A new unit in force from `valid_from` (none: since before any record).
pub(crate) async fn insert_from(
    tx: &mut Tx,
    actor: &Actor,
    parent: Option<&Unit>,
    v: &ValidUnit,
    valid_from: Option<String>,
) -> Result<Unit> {
    let id = new_id();
    let now = now_ms();
    let unit = Unit {
        id,
        parent_id: parent.map(|p| p.id),
        level: v.level(),
        kind: v.kind,
        code: v.code.clone(),
        name: v.name.clone(),
        path: child_path(parent, id),
        valid_from,
        valid_to: None,
        former_parent_id: None,
        created_at: now,
        updated_at: now,
    };
    tx.run(
        "INSERT INTO units (id, parent_id, level, kind, code, name, search_key, path, valid_from, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Args::new()
            .bind(unit.id)
            .bind(unit.parent_id)
            .bind(unit.level.as_str())
            .bind(unit.kind.as_str())
            .bind(&unit.code)
            .bind(&unit.name)
            .bind(text::fold(&unit.name))
            .bind(&unit.path)
            .text(unit.valid_from.clone())
            .bind(now)
            .bind(now),
    )
    .await
    .map_err(|e| on_unique(e, "code", format!("Mã {} đã được dùng", unit.code)))?;
    tx.audit(
        actor,
        Change::insert(Entity::Unit, id, unit.place(), &Snapshot::from(&unit)),
    )
    .await?;
    Ok(unit)
}

pub(crate) async fn update_in(
    tx: &mut Tx,
    actor: &Actor,
    before: &Unit,
    v: &ValidUnit,
) -> Result<Unit> {
    let now = now_ms();
    let after = Unit {
        kind: v.kind,
        code: v.code.clone(),
        name: v.name.clone(),
        updated_at: now,
        ..before.clone()
    };
    // Written over the state it was read in only: a rename made meanwhile
    // (by hand, or by a reorganisation) is not lost silently.
    let changed = tx
        .run(
            "UPDATE units SET kind = $2, code = $3, name = $4, search_key = $5, updated_at = $6
                 WHERE id = $1 AND updated_at = $7",
            Args::new()
                .bind(after.id)
                .bind(after.kind.as_str())
                .bind(&after.code)
                .bind(&after.name)
                .bind(text::fold(&after.name))
                .bind(now)
                .bind(before.updated_at),
        )
        .await
        .map_err(|e| on_unique(e, "code", format!("Mã {} đã được dùng", after.code)))?;
    if changed != 1 {
        return Err(StoreError::Stale);
    }
    tx.audit(
        actor,
        Change::update(
            Entity::Unit,
            after.id,
            after.place(),
            &Snapshot::from(before),
            &Snapshot::from(&after),
        ),
    )
    .await?;
    Ok(after)
}
