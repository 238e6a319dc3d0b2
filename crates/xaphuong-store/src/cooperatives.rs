//! Cooperatives (hợp tác xã): the register, each one's classification of a
//! year and the supports it received.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::cooperatives::{
    self as rules, CooperativeInput, CooperativeStatus, Grade, GradeInput, SupportInput,
    ValidCooperative,
};
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

/// A cooperative of a commune (or registered in one of its groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cooperative {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub registration_no: String,
    pub name: String,
    pub founded_on: Date,
    pub line_of_business: String,
    pub members: i64,
    /// Vốn điều lệ, in đồng.
    pub capital: i64,
    pub director: String,
    pub address: String,
    pub status: CooperativeStatus,
    pub status_on: Option<Date>,
    pub note: String,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl Cooperative {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Cooperative);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    registration_no: String,
    name: String,
    founded_on: Parsed<Date>,
    line_of_business: String,
    members: i64,
    capital: i64,
    director: String,
    address: String,
    status: Code<CooperativeStatus>,
    status_on: Option<Parsed<Date>>,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Cooperative {
    fn from(r: Row) -> Self {
        Cooperative {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            registration_no: r.registration_no,
            name: r.name,
            founded_on: r.founded_on.0,
            line_of_business: r.line_of_business,
            members: r.members,
            capital: r.capital,
            director: r.director,
            address: r.address,
            status: r.status.0,
            status_on: r.status_on.map(|d| d.0),
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT c.id, c.commune_id, c.group_id, g.name AS group_name, c.unit_path,
        c.registration_no, c.name, c.founded_on, c.line_of_business, c.members, c.capital,
        c.director, c.address, c.status, c.status_on, c.note, c.created_at, c.updated_at
    FROM cooperatives c LEFT JOIN units g ON g.id = c.group_id";

/// `$3` the search, `$4`–`$5` the year founded, `$6` a status.
const FILTER: &str = "c.unit_path >= $1 AND c.unit_path < $2
    AND ($3 IS NULL OR c.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (c.founded_on >= $4 AND c.founded_on <= $5))
    AND ($6 IS NULL OR c.status = $6)";

const LIST: Listing = Listing {
    from: "cooperatives c",
    select: SELECT,
    filter: FILTER,
    order: "c.founded_on DESC, c.id DESC",
};

/// What the cooperatives list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct CooperativeFilter {
    /// Name, registration number, line of business, director or note,
    /// diacritics ignored.
    pub q: Option<String>,
    /// Founded (registered) in this year.
    pub founded: Option<i16>,
    pub status: Option<CooperativeStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn filter_args(scope: &Scope, f: &CooperativeFilter) -> Args {
    let (from, to) = year_range(f.founded);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(from)
        .text(to)
        .text(f.status.map(CooperativeStatus::as_str))
}

fn search_key(v: &ValidCooperative) -> String {
    text::fold(&format!(
        "{} {} {} {} {}",
        v.name, v.registration_no, v.line_of_business, v.director, v.note
    ))
}

/// A cooperative's classification of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CooperativeGrade {
    pub id: Uuid,
    pub cooperative_id: Uuid,
    pub year: i16,
    pub grade: Grade,
    /// The total score out of 100, when recorded.
    pub score: Option<i64>,
    pub note: String,
    #[serde(skip)]
    unit_id: Uuid,
    #[serde(skip)]
    unit_path: String,
}

impl CooperativeGrade {
    fn place(&self) -> Place<'_> {
        Place::at(self.unit_id, &self.unit_path)
    }
}

/// A support a cooperative received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CooperativeSupport {
    pub id: Uuid,
    pub cooperative_id: Uuid,
    pub year: i16,
    pub policy: String,
    pub content: String,
    /// In đồng.
    pub amount: i64,
    pub decision: String,
    #[serde(skip)]
    unit_id: Uuid,
    #[serde(skip)]
    unit_path: String,
}

impl CooperativeSupport {
    fn place(&self) -> Place<'_> {
        Place::at(self.unit_id, &self.unit_path)
    }
}

crate::audit::audited!(CooperativeGrade, CooperativeSupport);

#[derive(sqlx::FromRow)]
struct GradeRow {
    id: Uuid,
    year: i64,
    grade: Code<Grade>,
    score: Option<i64>,
    note: String,
}

#[derive(sqlx::FromRow)]
struct SupportRow {
    id: Uuid,
    year: i64,
    policy: String,
    content: String,
    amount: i64,
    decision: String,
}

fn year_of(stored: i64) -> i16 {
    i16::try_from(stored).unwrap_or_default()
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cooperative(&self, scope: &Scope, id: Uuid) -> Result<Cooperative> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE c.id = $1 AND c.unit_path >= $2 AND c.unit_path < $3"),
                scope,
                id,
                "hợp tác xã",
            )
            .await?;
        Ok(Cooperative::from(row))
    }

    /// The cooperatives matching `f`, latest founded first, a page at a time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cooperatives(
        &self,
        scope: &Scope,
        f: &CooperativeFilter,
    ) -> Result<Page<Cooperative>> {
        self.page::<Row, Cooperative>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every cooperative matching `f` (page and size ignored), in the
    /// list's order: the register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn cooperative_register(
        &self,
        scope: &Scope,
        f: &CooperativeFilter,
    ) -> BoxStream<'_, Result<Cooperative>> {
        self.stream::<Row, Cooperative>(LIST.rows(), filter_args(scope, f))
    }

    /// How many cooperatives inside `scope` were registered in `year`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cooperatives_founded(&self, scope: &Scope, year: i16) -> Result<i64> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let row: (i64,) = self
            .one(
                "SELECT COUNT(*) FROM cooperatives
                 WHERE unit_path >= $1 AND unit_path < $2 AND founded_on >= $3 AND founded_on <= $4",
                Args::new().bind(&lo).bind(&hi).text(from).text(to),
            )
            .await?;
        Ok(row.0)
    }

    /// Records a cooperative of a commune or of one of its groups.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_cooperative(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &CooperativeInput,
        today: Date,
    ) -> Result<Cooperative> {
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let now = now_ms();
        let c = new_cooperative(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            new_id(),
            now,
            now,
        );
        let mut tx = self.db.begin().await?;
        insert_cooperative(&mut tx, actor, &c, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Changes a cooperative on the version the caller read (`seen`): 409
    /// if it changed since.
    #[tracing::instrument(level = "debug", skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn update_cooperative(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        unit_id: Uuid,
        input: &CooperativeInput,
        today: Date,
    ) -> Result<Cooperative> {
        let before = self.cooperative(scope, id).await?;
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
        let after = new_cooperative(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            id,
            before.created_at,
            next,
        );
        let mut tx = self
            .begin_claimed(Versioned::Cooperative, id, before.updated_at, next)
            .await?;
        tx.run(
            "UPDATE cooperatives SET commune_id = $2, group_id = $3, unit_path = $4, registration_no = $5,
                     name = $6, search_key = $7, founded_on = $8, line_of_business = $9, members = $10,
                     capital = $11, director = $12, address = $13, status = $14, status_on = $15, note = $16
                 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.commune_id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(&after.registration_no)
                .bind(&after.name)
                .bind(search_key(&valid))
                .bind(after.founded_on.to_string())
                .bind(&after.line_of_business)
                .bind(after.members)
                .bind(after.capital)
                .bind(&after.director)
                .bind(&after.address)
                .bind(after.status.as_str())
                .text(after.status_on.map(|d| d.to_string()))
                .bind(&after.note),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Cooperative, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a cooperative entered by mistake, with its grades and
    /// supports.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_cooperative(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let c = self.cooperative(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Cooperative,
            &c,
            &[
                "DELETE FROM cooperative_grades WHERE cooperative_id = $1",
                "DELETE FROM cooperative_supports WHERE cooperative_id = $1",
                "DELETE FROM cooperatives WHERE id = $1",
            ],
        )
        .await
    }

    /// Imports cooperatives into `commune_id` all or nothing: every row is
    /// checked (its fields, its residential group) before anything is
    /// written; any problem → nothing written, each reported with its row.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_cooperatives(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<CooperativeInput>],
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
            let c = new_cooperative(
                valid,
                place.commune.id,
                *group,
                place.path(*group),
                new_id(),
                now,
                now,
            );
            insert_cooperative(&mut tx, actor, &c, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    /// A cooperative's classifications, latest year first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cooperative_grades(
        &self,
        scope: &Scope,
        id: Uuid,
    ) -> Result<Vec<CooperativeGrade>> {
        let c = self.cooperative(scope, id).await?;
        self.grades_of(&c).await
    }

    async fn grades_of(&self, c: &Cooperative) -> Result<Vec<CooperativeGrade>> {
        let rows: Vec<GradeRow> = self
            .all(
                "SELECT id, year, grade, score, note FROM cooperative_grades
                 WHERE cooperative_id = $1 ORDER BY year DESC",
                Args::new().bind(c.id),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CooperativeGrade {
                id: r.id,
                cooperative_id: c.id,
                year: year_of(r.year),
                grade: r.grade.0,
                score: r.score,
                note: r.note,
                unit_id: c.group_id.unwrap_or(c.commune_id),
                unit_path: c.unit_path.clone(),
            })
            .collect())
    }

    /// Records a cooperative's classification of a year, replacing the
    /// year's if there is one; audited with the change.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_cooperative_grade(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &GradeInput,
        today: Date,
    ) -> Result<CooperativeGrade> {
        let c = self.cooperative(scope, id).await?;
        let valid = rules::validate_grade(input, c.founded_on, today)?;
        let before = self
            .grades_of(&c)
            .await?
            .into_iter()
            .find(|g| g.year == valid.year);
        let after = CooperativeGrade {
            id: before.as_ref().map_or_else(new_id, |b| b.id),
            cooperative_id: c.id,
            year: valid.year,
            grade: valid.grade,
            score: valid.score,
            note: valid.note,
            unit_id: c.group_id.unwrap_or(c.commune_id),
            unit_path: c.unit_path.clone(),
        };
        if before.as_ref() == Some(&after) {
            return Ok(after);
        }
        let mut tx = self.db.begin().await?;
        match &before {
            Some(b) => {
                tx.run(
                    "UPDATE cooperative_grades SET grade = $2, score = $3, note = $4, updated_at = $5
                     WHERE id = $1",
                    Args::new()
                        .bind(after.id)
                        .bind(after.grade.as_str())
                        .int(after.score)
                        .bind(&after.note)
                        .bind(now_ms()),
                )
                .await?;
                audit::updated(&mut tx, actor, Entity::CooperativeGrade, b, &after).await?;
            }
            None => {
                tx.run(
                    "INSERT INTO cooperative_grades (id, cooperative_id, year, grade, score, note, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    Args::new()
                        .bind(after.id)
                        .bind(c.id)
                        .bind(i64::from(after.year))
                        .bind(after.grade.as_str())
                        .int(after.score)
                        .bind(&after.note)
                        .bind(now_ms()),
                )
                .await?;
                audit::inserted(&mut tx, actor, Entity::CooperativeGrade, &after).await?;
            }
        }
        tx.commit().await?;
        Ok(after)
    }

    /// The supports a cooperative received, latest year first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn cooperative_supports(
        &self,
        scope: &Scope,
        id: Uuid,
    ) -> Result<Vec<CooperativeSupport>> {
        let c = self.cooperative(scope, id).await?;
        self.supports_of(&c).await
    }

    async fn supports_of(&self, c: &Cooperative) -> Result<Vec<CooperativeSupport>> {
        let rows: Vec<SupportRow> = self
            .all(
                "SELECT id, year, policy, content, amount, decision FROM cooperative_supports
                 WHERE cooperative_id = $1 ORDER BY year DESC, created_at DESC, id",
                Args::new().bind(c.id),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CooperativeSupport {
                id: r.id,
                cooperative_id: c.id,
                year: year_of(r.year),
                policy: r.policy,
                content: r.content,
                amount: r.amount,
                decision: r.decision,
                unit_id: c.group_id.unwrap_or(c.commune_id),
                unit_path: c.unit_path.clone(),
            })
            .collect())
    }

    /// Records a support a cooperative received.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_cooperative_support(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &SupportInput,
        today: Date,
    ) -> Result<CooperativeSupport> {
        let c = self.cooperative(scope, id).await?;
        let valid = rules::validate_support(input, c.founded_on, today)?;
        let s = CooperativeSupport {
            id: new_id(),
            cooperative_id: c.id,
            year: valid.year,
            policy: valid.policy,
            content: valid.content,
            amount: valid.amount,
            decision: valid.decision,
            unit_id: c.group_id.unwrap_or(c.commune_id),
            unit_path: c.unit_path.clone(),
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO cooperative_supports (id, cooperative_id, year, policy, content, amount, decision, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Args::new()
                .bind(s.id)
                .bind(c.id)
                .bind(i64::from(s.year))
                .bind(&s.policy)
                .bind(&s.content)
                .bind(s.amount)
                .bind(&s.decision)
                .bind(now_ms()),
        )
        .await?;
        audit::inserted(&mut tx, actor, Entity::CooperativeSupport, &s).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Deletes a support entered by mistake; only through its cooperative,
    /// so another ward's is out of reach.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_cooperative_support(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        support_id: Uuid,
    ) -> Result<()> {
        let c = self.cooperative(scope, id).await?;
        let Some(s) = self
            .supports_of(&c)
            .await?
            .into_iter()
            .find(|s| s.id == support_id)
        else {
            return Err(crate::StoreError::NotFound("khoản hỗ trợ hợp tác xã"));
        };
        audit::deleted(
            &self.db,
            actor,
            Entity::CooperativeSupport,
            &s,
            &["DELETE FROM cooperative_supports WHERE id = $1"],
        )
        .await
    }
}

async fn insert_cooperative(tx: &mut Tx, actor: &Actor, c: &Cooperative, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO cooperatives (id, commune_id, group_id, unit_path, registration_no, name, search_key,
                 founded_on, line_of_business, members, capital, director, address, status, status_on,
                 note, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        Args::new()
            .bind(c.id)
            .bind(c.commune_id)
            .bind(c.group_id)
            .bind(&c.unit_path)
            .bind(&c.registration_no)
            .bind(&c.name)
            .bind(key)
            .bind(c.founded_on.to_string())
            .bind(&c.line_of_business)
            .bind(c.members)
            .bind(c.capital)
            .bind(&c.director)
            .bind(&c.address)
            .bind(c.status.as_str())
            .text(c.status_on.map(|d| d.to_string()))
            .bind(&c.note)
            .bind(c.created_at)
            .bind(c.updated_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Cooperative, c).await
}

fn new_cooperative(
    v: &ValidCooperative,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    id: Uuid,
    created_at: i64,
    updated_at: i64,
) -> Cooperative {
    Cooperative {
        id,
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        registration_no: v.registration_no.clone(),
        name: v.name.clone(),
        founded_on: v.founded_on,
        line_of_business: v.line_of_business.clone(),
        members: v.members,
        capital: v.capital,
        director: v.director.clone(),
        address: v.address.clone(),
        status: v.status,
        status_on: v.status_on,
        note: v.note.clone(),
        created_at,
        updated_at,
    }
}
