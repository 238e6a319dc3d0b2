//! Public works of a commune and the residential groups each runs through.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::text;
use xaphuong_core::units::Level;
use xaphuong_core::works::{self as rules, ValidWork, WorkInput, WorkKind, WorkState};

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, new_id, now_ms, search_pattern};

/// A work with the groups it runs through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Work {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    /// The residential groups it runs through, by id and name.
    pub groups: Vec<(Uuid, String)>,
    pub name: String,
    pub kind: WorkKind,
    /// Hundredths of a metre.
    pub length: Option<i64>,
    pub width: Option<i64>,
    /// Đồng.
    pub budget_province: i64,
    pub budget_commune: i64,
    pub people_money: i64,
    pub people_labour_days: i64,
    /// Hundredths of a square metre.
    pub people_land: i64,
    pub started_on: Option<Date>,
    pub due_on: Option<Date>,
    pub completed_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub documents: String,
    pub note: String,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl Work {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }

    pub fn state(&self) -> WorkState {
        rules::state_of(self.started_on, self.completed_on, self.accepted_on)
    }

    /// Due before `today` and not finished.
    pub fn behind(&self, today: Date) -> bool {
        rules::behind(self.due_on, self.completed_on, today)
    }
}

crate::audit::audited!(Work);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    unit_path: String,
    name: String,
    kind: Code<WorkKind>,
    length: Option<i64>,
    width: Option<i64>,
    budget_province: i64,
    budget_commune: i64,
    people_money: i64,
    people_labour_days: i64,
    people_land: i64,
    started_on: Option<Parsed<Date>>,
    due_on: Option<Parsed<Date>>,
    completed_on: Option<Parsed<Date>>,
    accepted_on: Option<Parsed<Date>>,
    documents: String,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Work {
    fn from(r: Row) -> Self {
        Work {
            id: r.id,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            groups: Vec::new(),
            name: r.name,
            kind: r.kind.0,
            length: r.length,
            width: r.width,
            budget_province: r.budget_province,
            budget_commune: r.budget_commune,
            people_money: r.people_money,
            people_labour_days: r.people_labour_days,
            people_land: r.people_land,
            started_on: r.started_on.map(|d| d.0),
            due_on: r.due_on.map(|d| d.0),
            completed_on: r.completed_on.map(|d| d.0),
            accepted_on: r.accepted_on.map(|d| d.0),
            documents: r.documents,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str =
    "SELECT w.id, w.commune_id, w.unit_path, w.name, w.kind, w.length, w.width, w.budget_province,
    w.budget_commune, w.people_money, w.people_labour_days, w.people_land, w.started_on, w.due_on,
    w.completed_on, w.accepted_on, w.documents, w.note, w.created_at, w.updated_at FROM works w";

/// `$3` the search, `$4` a kind, `$5`–`$6` a year any of whose dates fall
/// in, `$7` a state, `$8` a day the work is behind on, `$9`–`$10` the year
/// it was accepted in.
const FILTER: &str = "w.unit_path >= $1 AND w.unit_path < $2
    AND ($3 IS NULL OR w.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR w.kind = $4)
    AND ($5 IS NULL OR (w.started_on >= $5 AND w.started_on <= $6)
         OR (w.completed_on >= $5 AND w.completed_on <= $6)
         OR (w.accepted_on >= $5 AND w.accepted_on <= $6))
    AND ($7 IS NULL
         OR ($7 = 'accepted' AND w.accepted_on IS NOT NULL)
         OR ($7 = 'completed' AND w.completed_on IS NOT NULL AND w.accepted_on IS NULL)
         OR ($7 = 'building' AND w.started_on IS NOT NULL AND w.completed_on IS NULL)
         OR ($7 = 'planned' AND w.started_on IS NULL))
    AND ($8 IS NULL OR (w.completed_on IS NULL AND w.due_on < $8))
    AND ($9 IS NULL OR (w.accepted_on >= $9 AND w.accepted_on <= $10))";

const LIST: Listing = Listing {
    from: "works w",
    select: SELECT,
    filter: FILTER,
    order: "COALESCE(w.accepted_on, w.completed_on, w.started_on, w.due_on, '9999') DESC, w.id DESC",
};

/// What the works list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct WorkFilter {
    /// Words of the name, documents or note, diacritics ignored.
    pub q: Option<String>,
    pub kind: Option<WorkKind>,
    /// Started, finished or accepted in this year.
    pub year: Option<i16>,
    pub state: Option<WorkState>,
    /// Due before this day and not finished.
    pub behind_on: Option<Date>,
    /// Accepted in this year: the works the report counts.
    pub accepted_in: Option<i16>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A year's figures of the works, for the resolution report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkTotals {
    /// Works accepted in the year.
    pub accepted: i64,
    /// Concreted residential roads accepted in the year, and their length
    /// in hundredths of a metre.
    pub roads: i64,
    pub road_length: i64,
    /// What the people gave to the works accepted in the year.
    pub people_money: i64,
    pub people_labour_days: i64,
}

/// A work of the register's file, with its groups' names.
#[derive(sqlx::FromRow)]
struct RegisterRow {
    #[sqlx(flatten)]
    row: Row,
    group_names: Option<String>,
}

impl From<RegisterRow> for (Work, String) {
    fn from(r: RegisterRow) -> Self {
        (Work::from(r.row), r.group_names.unwrap_or_default())
    }
}

fn filter_args(scope: &Scope, f: &WorkFilter) -> Args {
    let (from, to) = crate::year_range(f.year);
    let (accepted_from, accepted_to) = crate::year_range(f.accepted_in);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(f.kind.map(|k| k.as_str()))
        .text(from)
        .text(to)
        .text(f.state.map(|s| s.as_str()))
        .text(f.behind_on.map(|d| d.to_string()))
        .text(accepted_from)
        .text(accepted_to)
}

fn search_key(v: &ValidWork) -> String {
    text::fold(&format!("{} {} {}", v.name, v.documents, v.note))
}

fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl Store {
    /// The commune a work is made in, and its groups, all in `scope` and
    /// in force: each group must be one of the commune's.
    async fn work_place(
        &self,
        scope: &Scope,
        commune_id: Uuid,
        groups: &[Uuid],
    ) -> Result<(crate::units::Unit, Vec<(Uuid, String)>)> {
        let commune = self.unit(scope, commune_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit_id", "Công trình ghi cho một xã, phường").into());
        }
        let mut found: Vec<(String, Uuid, String)> = Vec::with_capacity(groups.len());
        for id in groups {
            let g = self.unit(&commune.scope(), *id).await.ok();
            match g.filter(|g| g.level == Level::Group && g.id != commune.id) {
                Some(g) => {
                    if !found.iter().any(|(_, f, _)| f == id) {
                        found.push((g.path, g.id, g.name));
                    }
                }
                None => {
                    return Err(Invalid::one(
                        "groups",
                        "Tổ dân phố, thôn không thuộc xã, phường của công trình",
                    )
                    .into());
                }
            }
        }
        // In the order they are read back: by place in the tree.
        found.sort();
        Ok((
            commune,
            found.into_iter().map(|(_, id, name)| (id, name)).collect(),
        ))
    }

    /// The groups of `works`, read in one query and set on each.
    async fn with_groups(&self, works: &mut [Work]) -> Result<()> {
        if works.is_empty() {
            return Ok(());
        }
        let mut args = Args::new();
        let mut marks = Vec::with_capacity(works.len());
        for (i, w) in works.iter().enumerate() {
            args = args.bind(w.id);
            marks.push(format!("${}", i + 1));
        }
        let rows: Vec<(Uuid, Uuid, String)> = self
            .all(
                format!(
                    "SELECT wg.work_id, u.id, u.name FROM work_groups wg JOIN units u ON u.id = wg.group_id
                     WHERE wg.work_id IN ({}) ORDER BY u.path",
                    marks.join(", ")
                ),
                args,
            )
            .await?;
        for (work, id, name) in rows {
            if let Some(w) = works.iter_mut().find(|w| w.id == work) {
                w.groups.push((id, name));
            }
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn work(&self, scope: &Scope, id: Uuid) -> Result<Work> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE w.id = $1 AND w.unit_path >= $2 AND w.unit_path < $3"),
                scope,
                id,
                "công trình",
            )
            .await?;
        let mut w = [Work::from(row)];
        self.with_groups(&mut w).await?;
        let [w] = w;
        Ok(w)
    }

    /// The works matching `f`, latest first, a page at a time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn works(&self, scope: &Scope, f: &WorkFilter) -> Result<Page<Work>> {
        let mut page: Page<Work> = self
            .page::<Row, Work>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await?;
        self.with_groups(&mut page.items).await?;
        Ok(page)
    }

    /// Every work matching `f` (page and size ignored), in the list's
    /// order, with the names of its groups joined by "; ": the register as
    /// a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn work_register(
        &self,
        scope: &Scope,
        f: &WorkFilter,
    ) -> BoxStream<'_, Result<(Work, String)>> {
        // The names in the order the tree keeps them, as on the page.
        let names = match self.backend() {
            crate::Backend::Postgres => {
                "(SELECT string_agg(u.name, '; ' ORDER BY u.path) FROM work_groups wg
                  JOIN units u ON u.id = wg.group_id WHERE wg.work_id = w.id)"
            }
            crate::Backend::Sqlite => {
                "(SELECT group_concat(name, '; ') FROM (SELECT u.name FROM work_groups wg
                  JOIN units u ON u.id = wg.group_id WHERE wg.work_id = w.id ORDER BY u.path))"
            }
        };
        let sql = format!(
            "{}, {names} AS group_names FROM works w WHERE {FILTER} ORDER BY {}",
            SELECT.trim_end_matches(" FROM works w"),
            LIST.order
        );
        self.stream::<RegisterRow, (Work, String)>(sql, filter_args(scope, f))
    }

    /// The year's works accepted inside `scope`: how many, the concreted
    /// roads and their length, what the people gave.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn work_totals(&self, scope: &Scope, year: i16) -> Result<WorkTotals> {
        let (lo, hi) = scope.path_range();
        let (from, to) = crate::year_range(Some(year));
        let row: (i64, i64, Option<i64>, Option<i64>, Option<i64>) = self
            .one(
                "SELECT COUNT(*),
                        COALESCE(SUM(CASE WHEN kind = 'road_concrete' THEN 1 ELSE 0 END), 0),
                        CAST(SUM(CASE WHEN kind = 'road_concrete' THEN length ELSE 0 END) AS BIGINT),
                        CAST(SUM(people_money) AS BIGINT), CAST(SUM(people_labour_days) AS BIGINT)
                 FROM works
                 WHERE unit_path >= $1 AND unit_path < $2 AND accepted_on >= $3 AND accepted_on <= $4",
                Args::new().bind(&lo).bind(&hi).text(from).text(to),
            )
            .await?;
        Ok(WorkTotals {
            accepted: row.0,
            roads: row.1,
            road_length: row.2.unwrap_or(0),
            people_money: row.3.unwrap_or(0),
            people_labour_days: row.4.unwrap_or(0),
        })
    }

    /// Records a work of `commune_id` running through `groups`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_work(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        groups: &[Uuid],
        input: &WorkInput,
        today: Date,
    ) -> Result<Work> {
        let valid = rules::validate(input, today)?;
        let (commune, groups) = self.work_place(scope, commune_id, groups).await?;
        let now = now_ms();
        let w = new_work(&valid, &commune, groups, new_id(), now, now);
        let mut tx = self.db.begin().await?;
        insert_work(&mut tx, actor, &w, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(w)
    }

    /// Imports works into `commune_id` all or nothing: every row is checked
    /// (its fields, each group it names, by code or name, separated by
    /// ";" or ",") before anything is written; any problem → nothing
    /// written, every problem reported with its row and field.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_works(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<WorkInput>],
        today: Date,
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let mut groups: Vec<(String, Uuid, String)> = Vec::new();
            for written in r.group.split([';', ',']).filter(|g| !g.trim().is_empty()) {
                if let Some(g) = place.group(r.row, written, &mut errors)
                    && !groups.iter().any(|(_, id, _)| *id == g.id)
                {
                    groups.push((g.path.clone(), g.id, g.name.clone()));
                }
            }
            groups.sort();
            match rules::validate(&r.input, today) {
                Ok(v) => ready.push((v, groups)),
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (valid, groups) in &ready {
            let groups = groups
                .iter()
                .map(|(_, id, name)| (*id, name.clone()))
                .collect();
            let w = new_work(valid, &place.commune, groups, new_id(), now, now);
            insert_work(&mut tx, actor, &w, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    /// Changes a work on the version the caller read (`seen`): 409 if it
    /// changed since.
    #[tracing::instrument(level = "debug", skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn update_work(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        groups: &[Uuid],
        input: &WorkInput,
        today: Date,
    ) -> Result<Work> {
        let before = self.work(scope, id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let valid = rules::validate(input, today)?;
        let (commune, groups) = self.work_place(scope, before.commune_id, groups).await?;
        let next = version::next_version(before.updated_at);
        let after = new_work(&valid, &commune, groups, id, before.created_at, next);
        let mut tx = self
            .begin_claimed(Versioned::Work, id, before.updated_at, next)
            .await?;
        tx.run(
            "UPDATE works SET name = $2, search_key = $3, kind = $4, length = $5, width = $6, budget_province = $7,
                     budget_commune = $8, people_money = $9, people_labour_days = $10, people_land = $11,
                     started_on = $12, due_on = $13, completed_on = $14, accepted_on = $15, documents = $16, note = $17
                 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(&after.name)
                .bind(search_key(&valid))
                .bind(after.kind.as_str())
                .int(after.length)
                .int(after.width)
                .bind(after.budget_province)
                .bind(after.budget_commune)
                .bind(after.people_money)
                .bind(after.people_labour_days)
                .bind(after.people_land)
                .text(date_text(after.started_on))
                .text(date_text(after.due_on))
                .text(date_text(after.completed_on))
                .text(date_text(after.accepted_on))
                .bind(&after.documents)
                .bind(&after.note),
        )
        .await?;
        tx.run(
            "DELETE FROM work_groups WHERE work_id = $1",
            Args::new().bind(id),
        )
        .await?;
        insert_groups(&mut tx, &after).await?;
        audit::updated(&mut tx, actor, Entity::Work, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a work entered by mistake, with its groups.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_work(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let w = self.work(scope, id).await?;
        let (paid,): (i64,) = self
            .one(
                "SELECT COUNT(*) FROM spending_entries WHERE work_id = $1",
                Args::new().bind(id),
            )
            .await?;
        if paid > 0 {
            return Err(crate::StoreError::conflict(
                "id",
                format!(
                    "Không thể xóa «{}»: còn {paid} khoản dự toán, số chi ngân sách ghi cho công trình",
                    w.name
                ),
            ));
        }
        audit::deleted(
            &self.db,
            actor,
            Entity::Work,
            &w,
            &[
                "DELETE FROM work_groups WHERE work_id = $1",
                "DELETE FROM works WHERE id = $1",
            ],
        )
        .await
    }
}

/// Writes a new work, its groups and its audit entry in `tx`.
async fn insert_work(tx: &mut Tx, actor: &Actor, w: &Work, key: &str) -> Result<()> {
    tx.run(
            "INSERT INTO works (id, commune_id, unit_path, name, search_key, kind, length, width, budget_province,
                     budget_commune, people_money, people_labour_days, people_land, started_on, due_on, completed_on,
                     accepted_on, documents, note, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)",
            Args::new()
                .bind(w.id)
                .bind(w.commune_id)
                .bind(&w.unit_path)
                .bind(&w.name)
                .bind(key)
                .bind(w.kind.as_str())
                .int(w.length)
                .int(w.width)
                .bind(w.budget_province)
                .bind(w.budget_commune)
                .bind(w.people_money)
                .bind(w.people_labour_days)
                .bind(w.people_land)
                .text(date_text(w.started_on))
                .text(date_text(w.due_on))
                .text(date_text(w.completed_on))
                .text(date_text(w.accepted_on))
                .bind(&w.documents)
                .bind(&w.note)
                .bind(w.updated_at),
        )
        .await?;
    insert_groups(tx, w).await?;
    audit::inserted(tx, actor, Entity::Work, w).await
}

async fn insert_groups(tx: &mut Tx, w: &Work) -> Result<()> {
    for (group, _) in &w.groups {
        tx.run(
            "INSERT INTO work_groups (work_id, group_id) VALUES ($1, $2)",
            Args::new().bind(w.id).bind(*group),
        )
        .await?;
    }
    Ok(())
}

fn new_work(
    v: &ValidWork,
    commune: &crate::units::Unit,
    groups: Vec<(Uuid, String)>,
    id: Uuid,
    created_at: i64,
    updated_at: i64,
) -> Work {
    Work {
        id,
        commune_id: commune.id,
        unit_path: commune.path.clone(),
        groups,
        name: v.name.clone(),
        kind: v.kind,
        length: v.length,
        width: v.width,
        budget_province: v.budget_province,
        budget_commune: v.budget_commune,
        people_money: v.people_money,
        people_labour_days: v.people_labour_days,
        people_land: v.people_land,
        started_on: v.started_on,
        due_on: v.due_on,
        completed_on: v.completed_on,
        accepted_on: v.accepted_on,
        documents: v.documents.clone(),
        note: v.note.clone(),
        created_at,
        updated_at,
    }
}
