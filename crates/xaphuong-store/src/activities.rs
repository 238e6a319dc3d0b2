//! Culture and sport in the residential areas: the activities held and
//! the groups' "Thôn, tổ dân phố văn hóa" titles by year.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::activities::{
    self as rules, ActivityInput, ActivityKind, TitleInput, ValidActivity,
};
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, new_id, now_ms, search_pattern, year_range};

/// An activity held in a residential group (or for the whole commune).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub held_on: Date,
    pub kind: ActivityKind,
    pub name: String,
    pub participants: i64,
    pub place: String,
    pub note: String,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl Activity {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Activity);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    held_on: Parsed<Date>,
    kind: Code<ActivityKind>,
    name: String,
    participants: i64,
    place: String,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Activity {
    fn from(r: Row) -> Self {
        Activity {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            held_on: r.held_on.0,
            kind: r.kind.0,
            name: r.name,
            participants: r.participants,
            place: r.place,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str =
    "SELECT a.id, a.commune_id, a.group_id, g.name AS group_name, a.unit_path, a.held_on, a.kind,
        a.name, a.participants, a.place, a.note, a.created_at, a.updated_at
    FROM activities a LEFT JOIN units g ON g.id = a.group_id";

/// `$3` the search, `$4`–`$5` the year, `$6` a kind.
const FILTER: &str = "a.unit_path >= $1 AND a.unit_path < $2
    AND ($3 IS NULL OR a.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (a.held_on >= $4 AND a.held_on <= $5))
    AND ($6 IS NULL OR a.kind = $6)";

const LIST: Listing = Listing {
    from: "activities a",
    select: SELECT,
    filter: FILTER,
    order: "a.held_on DESC, a.id DESC",
};

/// What the activities list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    /// Name, place or note, diacritics ignored.
    pub q: Option<String>,
    pub year: Option<i16>,
    pub kind: Option<ActivityKind>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn filter_args(scope: &Scope, f: &ActivityFilter) -> Args {
    let (from, to) = year_range(f.year);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(from)
        .text(to)
        .text(f.kind.map(ActivityKind::as_str))
}

fn search_key(v: &ValidActivity) -> String {
    text::fold(&format!("{} {} {}", v.name, v.place, v.note))
}

/// A residential group's title of a year, as recorded (none: not yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupTitle {
    pub id: Uuid,
    pub group_id: Uuid,
    pub group_name: String,
    pub year: i16,
    pub recognised: bool,
    pub decision: String,
    #[serde(skip)]
    pub unit_path: String,
    #[serde(skip)]
    pub commune_id: Uuid,
}

impl GroupTitle {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id, &self.unit_path)
    }
}

crate::audit::audited!(GroupTitle);

/// A residential group of a year and its title, if recorded.
pub type TitledGroup = (Unit, Option<GroupTitle>);

/// The last day of `year`, as stored.
fn year_end(year: i16) -> String {
    format!("{year:04}-12-31")
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn activity(&self, scope: &Scope, id: Uuid) -> Result<Activity> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE a.id = $1 AND a.unit_path >= $2 AND a.unit_path < $3"),
                scope,
                id,
                "hoạt động văn hóa, thể thao",
            )
            .await?;
        Ok(Activity::from(row))
    }

    /// The activities matching `f`, latest first, a page at a time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn activities(&self, scope: &Scope, f: &ActivityFilter) -> Result<Page<Activity>> {
        self.page::<Row, Activity>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every activity matching `f` (page and size ignored), in the list's
    /// order: the register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn activity_register(
        &self,
        scope: &Scope,
        f: &ActivityFilter,
    ) -> BoxStream<'_, Result<Activity>> {
        self.stream::<Row, Activity>(LIST.rows(), filter_args(scope, f))
    }

    /// The year's activities inside `scope`: how many, and how many took part.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn activity_totals(&self, scope: &Scope, year: i16) -> Result<(i64, i64)> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let row: (i64, Option<i64>) = self
            .one(
                "SELECT COUNT(*), CAST(SUM(participants) AS BIGINT) FROM activities
                 WHERE unit_path >= $1 AND unit_path < $2 AND held_on >= $3 AND held_on <= $4",
                Args::new().bind(&lo).bind(&hi).text(from).text(to),
            )
            .await?;
        Ok((row.0, row.1.unwrap_or(0)))
    }

    /// Records an activity of a commune or of one of its groups.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_activity(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &ActivityInput,
        today: Date,
    ) -> Result<Activity> {
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let now = now_ms();
        let a = new_activity(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            new_id(),
            now,
            now,
        );
        let mut tx = self.db.begin().await?;
        insert_activity(&mut tx, actor, &a, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(a)
    }

    /// Changes an activity on the version the caller read (`seen`): 409 if
    /// it changed since.
    #[tracing::instrument(level = "debug", skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn update_activity(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        unit_id: Uuid,
        input: &ActivityInput,
        today: Date,
    ) -> Result<Activity> {
        let before = self.activity(scope, id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        let next = version::next_version(before.updated_at);
        let after = new_activity(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            id,
            before.created_at,
            next,
        );
        let mut tx = self
            .begin_claimed(Versioned::Activity, id, before.updated_at, next)
            .await?;
        tx.run(
            "UPDATE activities SET commune_id = $2, group_id = $3, unit_path = $4, held_on = $5, kind = $6, name = $7,
                     search_key = $8, participants = $9, place = $10, note = $11
                 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.commune_id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(after.held_on.to_string())
                .bind(after.kind.as_str())
                .bind(&after.name)
                .bind(search_key(&valid))
                .bind(after.participants)
                .bind(&after.place)
                .bind(&after.note),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Activity, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_activity(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let a = self.activity(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Activity,
            &a,
            &["DELETE FROM activities WHERE id = $1"],
        )
        .await
    }

    /// Imports activities into `commune_id` all or nothing: every row is
    /// checked (its fields, its residential group) before anything is
    /// written; any problem → nothing written, each reported with its row.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_activities(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<ActivityInput>],
        today: Date,
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let group = place.group(r.row, &r.group, &mut errors);
            match rules::validate(&r.input, today) {
                Ok(v) => ready.push((v, group)),
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (valid, group) in &ready {
            let a = new_activity(
                valid,
                place.commune.id,
                *group,
                place.path(*group),
                new_id(),
                now,
                now,
            );
            insert_activity(&mut tx, actor, &a, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    /// The commune's residential groups of `year` (in force at its end),
    /// each with its title as recorded, in their order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn group_titles(
        &self,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
    ) -> Result<(Unit, Vec<TitledGroup>)> {
        // A ward a reorganisation ended keeps its past years' titles; a
        // caller inside the commune (a group head) sees their own groups.
        let commune = self
            .unit(&Scope::All, commune_id)
            .await
            .ok()
            .filter(|u| u.level == xaphuong_core::units::Level::Commune);
        let (own_lo, own_hi) = scope.path_range();
        let range = commune.as_ref().and_then(|c| {
            let (lo, hi) = c.scope().path_range();
            if lo >= own_lo && lo < own_hi {
                Some((lo, hi))
            } else if own_lo.starts_with(&c.path) {
                Some((own_lo.clone(), own_hi.clone()))
            } else {
                None
            }
        });
        let (Some(commune), Some((lo, hi))) = (commune, range) else {
            return Err(Invalid::one(
                "unit_id",
                "Xã, phường không tồn tại hoặc ngoài phạm vi quản lý",
            )
            .into());
        };
        let end = year_end(year);
        let groups: Vec<crate::units::UnitRow> = self
            .all(
                format!(
                    "SELECT {} FROM units WHERE path >= $1 AND path < $2 AND level = 'group'
                       AND (valid_from IS NULL OR valid_from <= $3) AND (valid_to IS NULL OR valid_to > $3)
                     ORDER BY path LIMIT {}",
                    crate::units::COLUMNS,
                    crate::MAX_PER_PAGE
                ),
                Args::new().bind(&lo).bind(&hi).bind(&end),
            )
            .await?;
        let titles: Vec<(Uuid, Uuid, bool, String)> = self
            .all(
                "SELECT id, group_id, recognised, decision FROM group_titles
                 WHERE unit_path >= $1 AND unit_path < $2 AND year = $3",
                Args::new().bind(&lo).bind(&hi).bind(i64::from(year)),
            )
            .await?;
        let mut groups: Vec<Unit> = groups.into_iter().map(Unit::from).collect();
        groups.sort_by_key(|g| (g.code.len(), g.code.clone()));
        let rows = groups
            .into_iter()
            .map(|g| {
                let t = titles.iter().find(|(_, group, _, _)| *group == g.id).map(
                    |(id, _, recognised, decision)| GroupTitle {
                        id: *id,
                        group_id: g.id,
                        group_name: g.name.clone(),
                        year,
                        recognised: *recognised,
                        decision: decision.clone(),
                        unit_path: g.path.clone(),
                        commune_id: commune.id,
                    },
                );
                (g, t)
            })
            .collect();
        Ok((commune, rows))
    }

    /// Records the year's titles of the commune's groups, all or none: each
    /// group must be one of the year's; only the titles that change are
    /// written, each with its audit entry.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_group_titles(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        inputs: &[TitleInput],
    ) -> Result<usize> {
        if !(1990..=2100).contains(&year) {
            return Err(Invalid::one("year", "Năm không hợp lệ").into());
        }
        let (commune, groups) = self.group_titles(scope, commune_id, year).await?;
        let mut errors = Vec::new();
        let mut changes = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let found = Uuid::try_parse(input.group.trim())
                .ok()
                .and_then(|id| groups.iter().find(|(g, _)| g.id == id));
            let Some((group, before)) = found else {
                errors.push(
                    xaphuong_core::FieldError::new(
                        "group",
                        format!("Tổ dân phố, thôn không thuộc {} năm {year}", commune.name),
                    )
                    .at_row(i + 1),
                );
                continue;
            };
            match rules::validate_title(input) {
                Ok((recognised, decision)) => {
                    let after = GroupTitle {
                        id: before.as_ref().map_or_else(new_id, |b| b.id),
                        group_id: group.id,
                        group_name: group.name.clone(),
                        year,
                        recognised,
                        decision,
                        unit_path: group.path.clone(),
                        commune_id: commune.id,
                    };
                    if before.as_ref() != Some(&after) {
                        changes.push((before.clone(), after));
                    }
                }
                Err(e) => errors.extend(e.0.into_iter().map(|f| f.at_row(i + 1))),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (before, after) in &changes {
            match before {
                Some(b) => {
                    tx.run(
                        "UPDATE group_titles SET recognised = $3, decision = $4, updated_at = $5
                         WHERE group_id = $1 AND year = $2",
                        Args::new()
                            .bind(after.group_id)
                            .bind(i64::from(year))
                            .bind(after.recognised)
                            .bind(&after.decision)
                            .bind(now),
                    )
                    .await?;
                    audit::updated(&mut tx, actor, Entity::GroupTitle, b, after).await?;
                }
                None => {
                    tx.run(
                        "INSERT INTO group_titles (id, commune_id, group_id, unit_path, year, recognised, decision, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        Args::new()
                            .bind(after.id)
                            .bind(after.commune_id)
                            .bind(after.group_id)
                            .bind(&after.unit_path)
                            .bind(i64::from(year))
                            .bind(after.recognised)
                            .bind(&after.decision)
                            .bind(now),
                    )
                    .await?;
                    audit::inserted(&mut tx, actor, Entity::GroupTitle, after).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(changes.len())
    }

    /// The year's groups recognised "Thôn, tổ dân phố văn hóa" inside
    /// `scope`, the titles recorded for the year, and the groups in force
    /// at the year's end.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn title_counts(&self, scope: &Scope, year: i16) -> Result<(i64, i64, i64)> {
        let (lo, hi) = scope.path_range();
        let end = year_end(year);
        let row: (i64, i64, i64) = self
            .one(
                "SELECT (SELECT COUNT(*) FROM group_titles
                          WHERE unit_path >= $1 AND unit_path < $2 AND year = $4 AND recognised),
                        (SELECT COUNT(*) FROM group_titles
                          WHERE unit_path >= $1 AND unit_path < $2 AND year = $4),
                        (SELECT COUNT(*) FROM units WHERE path >= $1 AND path < $2 AND level = 'group'
                          AND (valid_from IS NULL OR valid_from <= $3) AND (valid_to IS NULL OR valid_to > $3))",
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&end)
                    .bind(i64::from(year)),
            )
            .await?;
        Ok(row)
    }
}

async fn insert_activity(tx: &mut Tx, actor: &Actor, a: &Activity, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO activities (id, commune_id, group_id, unit_path, held_on, kind, name, search_key, participants,
                 place, note, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        Args::new()
            .bind(a.id)
            .bind(a.commune_id)
            .bind(a.group_id)
            .bind(&a.unit_path)
            .bind(a.held_on.to_string())
            .bind(a.kind.as_str())
            .bind(&a.name)
            .bind(key)
            .bind(a.participants)
            .bind(&a.place)
            .bind(&a.note)
            .bind(a.created_at)
            .bind(a.updated_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Activity, a).await
}

fn new_activity(
    v: &ValidActivity,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    id: Uuid,
    created_at: i64,
    updated_at: i64,
) -> Activity {
    Activity {
        id,
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        held_on: v.held_on,
        kind: v.kind,
        name: v.name.clone(),
        participants: v.participants,
        place: v.place.clone(),
        note: v.note.clone(),
        created_at,
        updated_at,
    }
}
