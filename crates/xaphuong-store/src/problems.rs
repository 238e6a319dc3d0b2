//! Citizens' reports of problems in the ward: filed without an account
//! (the public form or an Open311 client app), routed by category to a
//! field and an officer with a deadline on the commune's working calendar,
//! taken through their steps with a public note each, linked to the
//! urban-order case they led to. The reporter's contact is kept in its own
//! table: no list, search key or audit entry carries it.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use jiff::civil::DateTime;
use serde::Serialize;
use sha2::Digest;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::problems::photos::Photo;
use xaphuong_core::problems::{
    self as rules, Action, Category, Contact, Rejection, Status, Step, ValidReport,
};
use xaphuong_core::text;
use xaphuong_core::units::Level;
use xaphuong_core::violations::CaseInput;

use crate::args::Args;
use crate::audit::{self, Change, Place};
use crate::stored::{Code, Parsed};
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, StoreError, new_id, now_ms, search_pattern};

/// A report, as an officer sees it (the contact only where their role
/// may: [`rules::sees_contact`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub id: Uuid,
    pub code: String,
    #[serde(skip)]
    pub lookup_key: String,
    pub commune_id: Uuid,
    pub commune_name: String,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub category: Category,
    pub description: String,
    pub address: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub status: Status,
    pub rejection: Option<Rejection>,
    pub forwarded_to: String,
    pub duplicate_of: String,
    pub field: String,
    pub officer_id: Option<Uuid>,
    pub officer_name: Option<String>,
    pub received_at: DateTime,
    pub due_at: DateTime,
    pub finished_at: Option<DateTime>,
    pub public_note: String,
    pub published: bool,
    pub violation_id: Option<Uuid>,
    pub channel: String,
    pub client_id: Option<Uuid>,
    /// Never written to the audit trail or sent where the role may not
    /// see it.
    #[serde(skip)]
    pub contact: Option<Contact>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Problem {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }

    /// Not answered nor rejected, and its deadline gone by at `now`.
    pub fn overdue(&self, now: DateTime) -> bool {
        self.finished_at.is_none() && self.due_at < now
    }

    /// Answered or rejected by its deadline.
    pub fn on_time(&self) -> Option<bool> {
        self.finished_at.map(|f| f <= self.due_at)
    }
}

crate::audit::audited!(Problem);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    code: String,
    lookup_key: String,
    commune_id: Uuid,
    commune_name: String,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    category: Code<Category>,
    description: String,
    address: String,
    lat: Option<Parsed<f64>>,
    lng: Option<Parsed<f64>>,
    status: Code<Status>,
    rejection: Option<Code<Rejection>>,
    forwarded_to: String,
    duplicate_of: String,
    field: String,
    officer_id: Option<Uuid>,
    officer_name: Option<String>,
    received_at: Parsed<DateTime>,
    due_at: Parsed<DateTime>,
    finished_at: Option<Parsed<DateTime>>,
    public_note: String,
    published: bool,
    violation_id: Option<Uuid>,
    channel: String,
    client_id: Option<Uuid>,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Problem {
    fn from(r: Row) -> Self {
        Problem {
            id: r.id,
            code: r.code,
            lookup_key: r.lookup_key,
            commune_id: r.commune_id,
            commune_name: r.commune_name,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            category: r.category.0,
            description: r.description,
            address: r.address,
            lat: r.lat.map(|v| v.0),
            long: r.lng.map(|v| v.0),
            status: r.status.0,
            rejection: r.rejection.map(|v| v.0),
            forwarded_to: r.forwarded_to,
            duplicate_of: r.duplicate_of,
            field: r.field,
            officer_id: r.officer_id,
            officer_name: r.officer_name,
            received_at: r.received_at.0,
            due_at: r.due_at.0,
            finished_at: r.finished_at.map(|v| v.0),
            public_note: r.public_note,
            published: r.published,
            violation_id: r.violation_id,
            channel: r.channel,
            client_id: r.client_id,
            contact: None,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT p.id, p.code, p.lookup_key, p.commune_id, c.name AS commune_name, p.group_id,
        g.name AS group_name, p.unit_path, p.category, p.description, p.address, p.lat, p.lng, p.status,
        p.rejection, p.forwarded_to, p.duplicate_of, p.field, p.officer_id, u.full_name AS officer_name,
        p.received_at, p.due_at, p.finished_at, p.public_note, p.published, p.violation_id, p.channel,
        p.client_id, p.created_at, p.updated_at
    FROM problems p JOIN units c ON c.id = p.commune_id
        LEFT JOIN units g ON g.id = p.group_id
        LEFT JOIN users u ON u.id = p.officer_id";

/// `$3` words, `$4` a status, `$5` a category, `$6` the moment before
/// which an unfinished one is overdue, `$7` an officer, `$8`–`$9` the
/// received range.
const FILTER: &str = "p.unit_path >= $1 AND p.unit_path < $2
    AND ($3 IS NULL OR p.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR p.status = $4)
    AND ($5 IS NULL OR p.category = $5)
    AND ($6 IS NULL OR (p.finished_at IS NULL AND p.due_at < $6))
    AND ($7 IS NULL OR p.officer_id = $7)
    AND ($8 IS NULL OR (p.received_at >= $8 AND p.received_at < $9))";

const LIST: Listing = Listing {
    from: "problems p",
    select: SELECT,
    filter: FILTER,
    order: "p.received_at DESC, p.id DESC",
};

/// What the officers' list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ProblemFilter {
    /// Words of the code, description, address or answer.
    pub q: Option<String>,
    pub status: Option<Status>,
    pub category: Option<Category>,
    /// Not finished and past the deadline at this moment.
    pub overdue_at: Option<DateTime>,
    pub officer_id: Option<Uuid>,
    pub year: Option<i16>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn received_in(year: Option<i16>) -> (Option<String>, Option<String>) {
    match year {
        Some(y) => (
            Some(format!("{y:04}-01-01")),
            Some(format!("{:04}-01-01", y + 1)),
        ),
        None => (None, None),
    }
}

fn filter_args(scope: &Scope, f: &ProblemFilter) -> Args {
    let (from, to) = received_in(f.year);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(f.status.map(Status::as_str))
        .text(f.category.map(Category::as_str))
        .text(f.overdue_at.map(|d| d.to_string()))
        .uuid(f.officer_id)
        .text(from)
        .text(to)
}

fn search_key(p: &Problem) -> String {
    text::fold(&format!(
        "{} {} {} {} {}",
        p.code, p.description, p.address, p.public_note, p.forwarded_to
    ))
}

/// How a commune routes a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    pub category: Category,
    pub field: String,
    pub officer_id: Option<Uuid>,
    pub officer_name: Option<String>,
    pub working_days: i64,
    /// The document that sets the processing time.
    pub basis: String,
    /// 0 while the default holds.
    pub updated_at: i64,
}

impl Route {
    fn default_of(category: Category) -> Self {
        let d = category.default_route();
        Route {
            category,
            field: d.field.into(),
            officer_id: None,
            officer_name: None,
            working_days: i64::from(d.working_days),
            basis: rules::DEFAULT_BASIS.into(),
            updated_at: 0,
        }
    }
}

/// A route as stored: category, field, officer and name, days, basis,
/// version.
type RouteRow = (
    Code<Category>,
    String,
    Option<Uuid>,
    Option<String>,
    i64,
    String,
    i64,
);

/// A route as an administrator sets it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RouteInput {
    pub field: String,
    pub officer_id: String,
    pub working_days: String,
    pub basis: String,
    /// The version read (0 while the default holds).
    pub version: i64,
}

/// A photo of a report, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PhotoInfo {
    pub id: Uuid,
    pub seq: i64,
    pub content_type: String,
    pub size: i64,
}

/// A step taken, with the note the public reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ProblemEvent {
    pub action: String,
    pub status: String,
    pub note: String,
    #[serde(skip)]
    pub actor_name: String,
    pub created_at: i64,
}

/// A report being filed.
pub struct NewProblem<'a> {
    pub commune_id: Uuid,
    pub report: &'a ValidReport,
    pub photos: &'a [Photo],
    /// "web" or "open311".
    pub channel: &'a str,
    pub client_id: Option<Uuid>,
}

/// Counts of a year's reports, for the statistics page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProblemCounts {
    /// (category, received, finished, on time, overdue now)
    pub by_category: Vec<(Category, i64, i64, i64, i64)>,
    /// (group name or "", received)
    pub by_group: Vec<(String, i64)>,
    /// (month 1–12, received)
    pub by_month: Vec<(i64, i64)>,
}

/// An Open311 client app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct ApiClient {
    pub id: Uuid,
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub key_hint: String,
    pub created_by: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub updated_at: i64,
}

crate::audit::audited!(ApiClient);

impl ApiClient {
    fn place(&self) -> Place<'_> {
        Place::NOWHERE
    }
}

fn key_hash(key: &str) -> String {
    sha2::Sha256::digest(key.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn new_code() -> String {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).expect("operating system random source");
    rules::code(random)
}

fn with_contact(mut p: Problem, c: Option<Contact>) -> Problem {
    p.contact = c;
    p
}

impl Store {
    /// A report inside `scope`; the contact when `sees_contact`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem(&self, scope: &Scope, id: Uuid, sees_contact: bool) -> Result<Problem> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE p.id = $1 AND p.unit_path >= $2 AND p.unit_path < $3"),
                scope,
                id,
                "phản ánh",
            )
            .await?;
        let p = Problem::from(row);
        if !sees_contact {
            return Ok(p);
        }
        let c = self.problem_contact(p.id).await?;
        Ok(with_contact(p, c))
    }

    async fn problem_contact(&self, id: Uuid) -> Result<Option<Contact>> {
        let c: Option<(String, String, String, bool)> = self
            .opt(
                "SELECT name, phone, email, notify FROM problem_contacts WHERE problem_id = $1",
                Args::new().bind(id),
            )
            .await?;
        Ok(c.map(|(name, phone, email, notify)| Contact {
            name,
            phone,
            email,
            notify,
        }))
    }

    /// A report by its public code, whatever the commune (the public
    /// pages and Open311); never its contact.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_by_code(&self, code: &str) -> Result<Option<Problem>> {
        let row: Option<Row> = self
            .opt(
                format!("{SELECT} WHERE p.code = $1"),
                Args::new().bind(code.trim().to_uppercase()),
            )
            .await?;
        Ok(row.map(Problem::from))
    }

    /// The reports matching `f`, latest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problems(&self, scope: &Scope, f: &ProblemFilter) -> Result<Page<Problem>> {
        self.page::<Row, Problem>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every report matching `f` (page ignored), streamed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn problem_register(
        &self,
        scope: &Scope,
        f: &ProblemFilter,
    ) -> BoxStream<'_, Result<Problem>> {
        self.stream::<Row, Problem>(LIST.rows(), filter_args(scope, f))
            .boxed()
    }

    /// The routes of a commune's categories, the default where it set none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_routes(&self, commune_id: Uuid) -> Result<Vec<Route>> {
        let rows: Vec<RouteRow> = self
            .all(
                "SELECT r.category, r.field, r.officer_id, u.full_name, r.working_days, r.basis, r.updated_at
                   FROM problem_routes r LEFT JOIN users u ON u.id = r.officer_id
                  WHERE r.commune_id = $1",
                Args::new().bind(commune_id),
            )
            .await?;
        Ok(Category::ALL
            .iter()
            .map(|c| {
                rows.iter().find(|r| r.0.0 == *c).map_or_else(
                    || Route::default_of(*c),
                    |r| Route {
                        category: *c,
                        field: r.1.clone(),
                        officer_id: r.2,
                        officer_name: r.3.clone(),
                        working_days: r.4,
                        basis: r.5.clone(),
                        updated_at: r.6,
                    },
                )
            })
            .collect())
    }

    /// Sets how a commune routes `category`, on the version read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_problem_route(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        category: Category,
        input: &RouteInput,
    ) -> Result<Route> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit_id", "Chọn một xã, phường").into());
        }
        let before = self
            .problem_routes(commune_id)
            .await?
            .into_iter()
            .find(|r| r.category == category)
            .unwrap_or_else(|| Route::default_of(category));
        version::check_seen(Some(input.version), before.updated_at)?;
        let mut e = Invalid::default();
        let field = text::clean(&input.field);
        if field.is_empty() || field.chars().count() > 100 {
            e.push("field", "Ghi lĩnh vực phụ trách (tối đa 100 ký tự)");
        }
        let days = input
            .working_days
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=60).contains(d));
        if days.is_none() {
            e.push(
                "working_days",
                "Thời hạn xử lý là số ngày làm việc từ 1 đến 60",
            );
        }
        let basis = text::clean(&input.basis);
        if basis.is_empty() || basis.chars().count() > 300 {
            e.push("basis", "Ghi văn bản quy định thời hạn (tối đa 300 ký tự)");
        }
        let officer_id = match input.officer_id.trim() {
            "" => None,
            o => match Uuid::try_parse(o) {
                Ok(id) if self.may_handle(id, &commune.path).await? => Some(id),
                _ => {
                    e.push(
                        "officer_id",
                        "Cán bộ không thuộc xã, phường này hoặc không được giao xử lý phản ánh",
                    );
                    None
                }
            },
        };
        e.into_result()?;
        let after = Route {
            category,
            field,
            officer_id,
            officer_name: None,
            working_days: days.unwrap_or(1),
            basis,
            updated_at: version::next_version(before.updated_at),
        };
        let mut tx = self.db.begin().await?;
        let sql = if before.updated_at == 0 {
            "INSERT INTO problem_routes (commune_id, category, field, officer_id, working_days, basis, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)"
        } else {
            "UPDATE problem_routes SET field = $3, officer_id = $4, working_days = $5, basis = $6, updated_at = $7
               WHERE commune_id = $1 AND category = $2 AND updated_at = $8"
        };
        let changed = tx
            .run(
                sql,
                Args::new()
                    .bind(commune_id)
                    .bind(category.as_str())
                    .bind(&after.field)
                    .uuid(after.officer_id)
                    .bind(after.working_days)
                    .bind(&after.basis)
                    .bind(after.updated_at)
                    .bind(before.updated_at),
            )
            .await;
        match changed {
            Ok(1) => {}
            // A second first setting at once collides on the key.
            Ok(_) | Err(StoreError::Conflict(_)) => return Err(StoreError::Stale),
            Err(e) => return Err(e),
        }
        tx.audit(
            actor,
            Change::update(
                Entity::ProblemRoute,
                commune_id,
                Place::at(commune_id, &commune.path),
                &before,
                &after,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Whether `user` handles reports in the commune at `path`: an officer
    /// of it (or above it) whose role keeps the registers.
    async fn may_handle(&self, user: Uuid, path: &str) -> Result<bool> {
        let row: Option<(String, Option<String>)> = self
            .opt(
                "SELECT u.role, un.path FROM users u LEFT JOIN units un ON un.id = u.unit_id
                  WHERE u.id = $1 AND u.active",
                Args::new().bind(user),
            )
            .await?;
        Ok(row.is_some_and(|(role, unit_path)| {
            let handles = xaphuong_core::users::Role::parse(&role).is_some_and(rules::sees_contact);
            handles && unit_path.is_none_or(|p| path.starts_with(&p))
        }))
    }

    /// Files a report: routed by its category, due on the commune's
    /// working calendar, photos kept without their metadata. Gives the
    /// report and the private key its reporter follows it with.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn file_problem(
        &self,
        actor: &Actor,
        new: NewProblem<'_>,
        now: DateTime,
    ) -> Result<Problem> {
        let v = new.report;
        let pick = || Invalid::one("commune_id", "Chọn xã, phường nơi có vấn đề");
        let commune = match self.unit(&Scope::All, new.commune_id).await {
            Ok(c) if c.level == Level::Commune => c,
            Ok(_) | Err(StoreError::NotFound(_)) => return Err(pick().into()),
            Err(e) => return Err(e),
        };
        commune.refuse_ended("commune_id")?;
        let group = match v.group_id {
            None => None,
            Some(g) => {
                let wrong =
                    || Invalid::one("group_id", "Tổ dân phố không thuộc xã, phường đã chọn");
                let g = self.unit(&Scope::All, g).await.map_err(|_| wrong())?;
                if g.level != Level::Group || !g.path.starts_with(&commune.path) {
                    return Err(wrong().into());
                }
                g.refuse_ended("group_id")?;
                Some(g)
            }
        };
        if new.photos.len() > rules::photos::PHOTOS_MAX {
            return Err(Invalid::one(
                "photos",
                format!("Gửi tối đa {} ảnh", rules::photos::PHOTOS_MAX),
            )
            .into());
        }
        let route = self
            .problem_routes(commune.id)
            .await?
            .into_iter()
            .find(|r| r.category == v.category)
            .unwrap_or_else(|| Route::default_of(v.category));
        let year = now.year();
        let cal = self.work_calendar(Some(&commune), year..=year + 1).await?;
        let due_at = cal
            .add_working_days(now, route.working_days)
            .map_err(|e| Invalid::one("category", format!("Không tính được hạn xử lý: {e}")))?;
        let place = v.place.or_else(|| new.photos.iter().find_map(|p| p.place));
        let created = now_ms();
        let mut p = Problem {
            id: new_id(),
            code: new_code(),
            lookup_key: crate::onestop::new_lookup_key(),
            commune_id: commune.id,
            commune_name: commune.name.clone(),
            group_id: group.as_ref().map(|g| g.id),
            group_name: group.as_ref().map(|g| g.name.clone()),
            unit_path: group
                .as_ref()
                .map_or(commune.path.clone(), |g| g.path.clone()),
            category: v.category,
            description: v.description.clone(),
            address: v.address.clone(),
            lat: place.map(|p| p.0),
            long: place.map(|p| p.1),
            status: if route.officer_id.is_some() {
                Status::Assigned
            } else {
                Status::Received
            },
            rejection: None,
            forwarded_to: String::new(),
            duplicate_of: String::new(),
            field: route.field.clone(),
            officer_id: route.officer_id,
            officer_name: route.officer_name.clone(),
            received_at: now,
            due_at,
            finished_at: None,
            public_note: String::new(),
            published: false,
            violation_id: None,
            channel: new.channel.into(),
            client_id: new.client_id,
            contact: (!v.contact.is_empty()).then(|| v.contact.clone()),
            created_at: created,
            updated_at: created,
        };
        let mut tx = self.db.begin().await?;
        // 40 random bits: a second try is as rare as it is cheap.
        for attempt in 0..3 {
            match write(&mut tx, &p, true).await {
                Ok(()) => break,
                Err(StoreError::Conflict(_)) if attempt < 2 => p.code = new_code(),
                Err(e) => return Err(e),
            }
        }
        if let Some(c) = &p.contact {
            tx.run(
                "INSERT INTO problem_contacts (problem_id, name, phone, email, notify) VALUES ($1, $2, $3, $4, $5)",
                Args::new()
                    .bind(p.id)
                    .bind(&c.name)
                    .bind(&c.phone)
                    .bind(&c.email)
                    .bind(c.notify),
            )
            .await?;
        }
        for (n, photo) in new.photos.iter().enumerate() {
            tx.run(
                "INSERT INTO problem_photos (id, problem_id, seq, content_type, size, data, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                Args::new()
                    .bind(new_id())
                    .bind(p.id)
                    .bind(n as i64 + 1)
                    .bind(photo.content_type)
                    .bind(photo.bytes.len() as i64)
                    .bind(photo.bytes.as_slice())
                    .bind(created),
            )
            .await?;
        }
        event(&mut tx, &p, "file", "", &actor.name).await?;
        audit::inserted(&mut tx, actor, Entity::Problem, &p).await?;
        notify(&mut tx, &p, "problem.filed", "").await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Takes a step on a report, on the version the officer read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        step: &Step,
        now: DateTime,
    ) -> Result<Problem> {
        let before = self.problem(scope, id, true).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let status =
            rules::next(before.status, step.action).map_err(|why| Invalid::one("action", why))?;
        let mut after = before.clone();
        after.status = status;
        after.updated_at = version::next_version(before.updated_at);
        if !step.note.is_empty() {
            after.public_note = step.note.clone();
        }
        match step.action {
            Action::Assign => {
                let officer = step.officer_id.unwrap_or_default();
                if !self.may_handle(officer, &before.unit_path).await? {
                    return Err(Invalid::one(
                        "officer_id",
                        "Cán bộ không thuộc xã, phường này hoặc không được giao xử lý phản ánh",
                    )
                    .into());
                }
                after.officer_id = Some(officer);
                after.officer_name = self
                    .user(&Scope::All, officer)
                    .await
                    .ok()
                    .map(|u| u.full_name);
            }
            Action::Reject => {
                after.rejection = step.rejection;
                after.forwarded_to = step.forwarded_to.clone();
                if step.rejection == Some(Rejection::Duplicate) {
                    let other = self.problem_by_code(&step.duplicate_of).await?;
                    match other {
                        Some(o) if o.id != before.id && o.commune_id == before.commune_id => {
                            after.duplicate_of = o.code;
                        }
                        _ => {
                            return Err(Invalid::one(
                                "duplicate_of",
                                "Không có phản ánh khác mang mã này ở xã, phường",
                            )
                            .into());
                        }
                    }
                }
            }
            Action::Reopen => {
                after.finished_at = None;
                after.rejection = None;
            }
            Action::Publish => after.published = true,
            Action::Start | Action::Answer | Action::Close => {}
        }
        if status.is_finished() && after.finished_at.is_none() {
            after.finished_at = Some(now);
        }
        let mut tx = self
            .begin_claimed(Versioned::Problem, id, before.updated_at, after.updated_at)
            .await?;
        write(&mut tx, &after, false).await?;
        event(
            &mut tx,
            &after,
            step.action.as_str(),
            &step.note,
            &actor.name,
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Problem, &before, &after).await?;
        if step.action != Action::Publish {
            notify(&mut tx, &after, "problem.updated", &step.note).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Opens the urban-order case a report led to, in the same commune and
    /// group, and links the two in one transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_case_from_problem(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        input: &CaseInput,
        today: jiff::civil::Date,
    ) -> Result<(Problem, Uuid)> {
        let before = self.problem(scope, id, false).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        if before.violation_id.is_some() {
            return Err(Invalid::one("offender", "Phản ánh này đã có hồ sơ vụ vi phạm").into());
        }
        let valid = xaphuong_core::violations::validate_case(input, today)?;
        let group = match before.group_id {
            Some(g) => Some(self.unit(&Scope::All, g).await?),
            None => None,
        };
        let case = crate::violations::new_case(
            &valid,
            before.commune_id,
            group.as_ref(),
            before.unit_path.clone(),
            now_ms(),
        );
        let mut after = before.clone();
        after.violation_id = Some(case.id);
        after.updated_at = version::next_version(before.updated_at);
        let mut tx = self
            .begin_claimed(Versioned::Problem, id, before.updated_at, after.updated_at)
            .await?;
        crate::violations::insert_case(
            &mut tx,
            actor,
            &case,
            &crate::violations::search_key(&valid),
        )
        .await?;
        write(&mut tx, &after, false).await?;
        audit::updated(&mut tx, actor, Entity::Problem, &before, &after).await?;
        tx.commit().await?;
        Ok((after, case.id))
    }

    /// The photos of a report.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_photos(&self, id: Uuid) -> Result<Vec<PhotoInfo>> {
        self.all(
            "SELECT id, seq, content_type, size FROM problem_photos WHERE problem_id = $1 ORDER BY seq",
            Args::new().bind(id),
        )
        .await
    }

    /// A photo's kind and bytes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_photo(&self, id: Uuid, photo: Uuid) -> Result<(String, Vec<u8>)> {
        self.opt(
            "SELECT content_type, data FROM problem_photos WHERE problem_id = $1 AND id = $2",
            Args::new().bind(id).bind(photo),
        )
        .await?
        .ok_or_else(|| StoreError::NotFound("ảnh"))
    }

    /// The steps of a report, in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_events(&self, id: Uuid) -> Result<Vec<ProblemEvent>> {
        self.all(
            "SELECT action, status, note, actor_name, created_at FROM problem_events
              WHERE problem_id = $1 ORDER BY created_at, id",
            Args::new().bind(id),
        )
        .await
    }

    /// The reports the public sees, latest first: all of one commune (or
    /// every commune) but those merged into another. What the page shows
    /// of each is the caller's to decide by `published`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn public_problems(&self, f: &PublicFilter) -> Result<Page<Problem>> {
        // A commune's reports are those under its path, as everywhere else.
        let scope = match f.commune_id {
            Some(id) => self.unit(&Scope::All, id).await?.scope(),
            None => Scope::All,
        };
        self.page::<Row, Problem>(&PUBLIC, public_args(&scope, f), (f.page, f.per_page))
            .await
    }

    /// A year's reports in `scope` counted by category, group and month;
    /// "overdue" as of `now`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn problem_counts(
        &self,
        scope: &Scope,
        year: i16,
        now: DateTime,
    ) -> Result<ProblemCounts> {
        let (from, to) = received_in(Some(year));
        let args = || Args::scope(scope).text(from.clone()).text(to.clone());
        let where_ =
            "p.unit_path >= $1 AND p.unit_path < $2 AND p.received_at >= $3 AND p.received_at < $4";
        let cats: Vec<(Code<Category>, i64, i64, i64, i64)> = self
            .all(
                format!(
                    "SELECT p.category, COUNT(*),
                        SUM(CASE WHEN p.finished_at IS NOT NULL THEN 1 ELSE 0 END),
                        SUM(CASE WHEN p.finished_at IS NOT NULL AND p.finished_at <= p.due_at THEN 1 ELSE 0 END),
                        SUM(CASE WHEN p.finished_at IS NULL AND p.due_at < $5 THEN 1 ELSE 0 END)
                       FROM problems p WHERE {where_} GROUP BY p.category"
                ),
                args().bind(now.to_string()),
            )
            .await?;
        let groups: Vec<(Option<String>, i64)> = self
            .all(
                format!(
                    "SELECT g.name, COUNT(*) FROM problems p LEFT JOIN units g ON g.id = p.group_id
                      WHERE {where_} GROUP BY g.id, g.name ORDER BY g.name"
                ),
                args(),
            )
            .await?;
        let months: Vec<(String, i64)> = self
            .all(
                format!(
                    "SELECT substr(p.received_at, 6, 2), COUNT(*) FROM problems p WHERE {where_}
                      GROUP BY substr(p.received_at, 6, 2) ORDER BY 1"
                ),
                args(),
            )
            .await?;
        let mut by_category: Vec<_> = Category::ALL
            .iter()
            .filter_map(|c| {
                cats.iter()
                    .find(|r| r.0.0 == *c)
                    .map(|r| (*c, r.1, r.2, r.3, r.4))
            })
            .collect();
        by_category.sort_by_key(|r| std::cmp::Reverse(r.1));
        Ok(ProblemCounts {
            by_category,
            by_group: groups
                .into_iter()
                .map(|(g, n)| (g.unwrap_or_default(), n))
                .collect(),
            by_month: months
                .into_iter()
                .filter_map(|(m, n)| m.parse().ok().map(|m| (m, n)))
                .collect(),
        })
    }

    /// The client apps, latest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn api_clients(&self) -> Result<Vec<ApiClient>> {
        self.all(
            "SELECT id, name, key_hint, created_by, created_at, revoked_at, updated_at FROM api_clients
              ORDER BY created_at DESC",
            Args::new(),
        )
        .await
    }

    /// Issues a key to a new client app; the key is shown once and only
    /// its hash kept.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_api_client(&self, actor: &Actor, name: &str) -> Result<(ApiClient, String)> {
        let name = text::clean(name);
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Invalid::one("name", "Ghi tên ứng dụng (tối đa 100 ký tự)").into());
        }
        let mut random = [0u8; 24];
        getrandom::fill(&mut random).expect("operating system random source");
        let key: String = std::iter::once("o311_".to_owned())
            .chain(random.iter().map(|b| format!("{b:02x}")))
            .collect();
        let now = now_ms();
        let c = ApiClient {
            id: new_id(),
            name,
            key_hint: key[..9].to_owned(),
            created_by: actor.name.clone(),
            created_at: now,
            revoked_at: None,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO api_clients (id, name, key_hash, key_hint, created_by, created_at, revoked_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)",
            Args::new()
                .bind(c.id)
                .bind(&c.name)
                .bind(key_hash(&key))
                .bind(&c.key_hint)
                .bind(&c.created_by)
                .bind(c.created_at)
                .bind(c.updated_at),
        )
        .await?;
        tx.audit(
            actor,
            Change::insert(Entity::ApiClient, c.id, c.place(), &c),
        )
        .await?;
        tx.commit().await?;
        Ok((c, key))
    }

    /// Revokes a client app's key.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_api_client(&self, actor: &Actor, id: Uuid) -> Result<ApiClient> {
        let before: ApiClient = self
            .opt(
                "SELECT id, name, key_hint, created_by, created_at, revoked_at, updated_at FROM api_clients WHERE id = $1",
                Args::new().bind(id),
            )
            .await?
            .ok_or_else(|| StoreError::NotFound("ứng dụng"))?;
        let now = version::next_version(before.updated_at);
        let after = ApiClient {
            revoked_at: Some(before.revoked_at.unwrap_or(now)),
            updated_at: now,
            ..before.clone()
        };
        let mut tx = self.db.begin().await?;
        let n = tx
            .run(
                "UPDATE api_clients SET revoked_at = $2, updated_at = $3 WHERE id = $1 AND updated_at = $4",
                Args::new()
                    .bind(id)
                    .int(after.revoked_at)
                    .bind(after.updated_at)
                    .bind(before.updated_at),
            )
            .await?;
        if n != 1 {
            return Err(StoreError::Stale);
        }
        tx.audit(
            actor,
            Change::update(Entity::ApiClient, id, after.place(), &before, &after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The client app holding `key`, unless revoked.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn api_client_by_key(&self, key: &str) -> Result<Option<ApiClient>> {
        if key.trim().is_empty() {
            return Ok(None);
        }
        self.opt(
            "SELECT id, name, key_hint, created_by, created_at, revoked_at, updated_at FROM api_clients
              WHERE key_hash = $1 AND revoked_at IS NULL",
            Args::new().bind(key_hash(key)),
        )
        .await
    }
}

/// What the public list (and Open311's) is filtered by.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    /// One commune, or every one.
    pub commune_id: Option<Uuid>,
    pub category: Option<Category>,
    /// Open311's two states.
    pub open: Option<bool>,
    /// Received at or after, before.
    pub from: Option<DateTime>,
    pub to: Option<DateTime>,
    /// Open311's `service_request_id` list.
    pub codes: Vec<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

const PUBLIC: Listing = Listing {
    from: "problems p",
    select: SELECT,
    filter: "p.unit_path >= $1 AND p.unit_path < $2
        AND ($3 IS NULL OR p.category = $3)
        AND ($4 IS NULL OR ($4 = 'open' AND p.status IN ('received', 'assigned', 'in_progress'))
                        OR ($4 = 'closed' AND p.status IN ('answered', 'closed', 'rejected')))
        AND ($5 IS NULL OR p.received_at >= $5)
        AND ($6 IS NULL OR p.received_at < $6)
        AND ($7 IS NULL OR (',' || $7 || ',') LIKE ('%,' || p.code || ',%'))
        AND p.duplicate_of = ''",
    order: "p.received_at DESC, p.id DESC",
};

fn public_args(scope: &Scope, f: &PublicFilter) -> Args {
    Args::scope(scope)
        .text(f.category.map(Category::as_str))
        .text(f.open.map(|o| if o { "open" } else { "closed" }))
        .text(f.from.map(|d| d.to_string()))
        .text(f.to.map(|d| d.to_string()))
        .text((!f.codes.is_empty()).then(|| f.codes.join(",")))
}

/// Inserts (`new`) or rewrites a report inside `tx`.
async fn write(tx: &mut crate::db::Tx, p: &Problem, new: bool) -> Result<()> {
    let sql = if new {
        "INSERT INTO problems (id, code, lookup_key, commune_id, group_id, unit_path, category, description, address,
                 lat, lng, status, rejection, forwarded_to, duplicate_of, field, officer_id, received_at, due_at,
                 finished_at, public_note, published, violation_id, channel, client_id, search_key, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                 $21, $22, $23, $24, $25, $26, $27, $28)"
    } else {
        "UPDATE problems SET code = $2, lookup_key = $3, commune_id = $4, group_id = $5, unit_path = $6,
                 category = $7, description = $8, address = $9, lat = $10, lng = $11, status = $12,
                 rejection = $13, forwarded_to = $14, duplicate_of = $15, field = $16, officer_id = $17,
                 received_at = $18, due_at = $19, finished_at = $20, public_note = $21, published = $22,
                 violation_id = $23, channel = $24, client_id = $25, search_key = $26, created_at = $27
             WHERE id = $1 AND updated_at = $28"
    };
    tx.run(
        sql,
        Args::new()
            .bind(p.id)
            .bind(&p.code)
            .bind(&p.lookup_key)
            .bind(p.commune_id)
            .bind(p.group_id)
            .bind(&p.unit_path)
            .bind(p.category.as_str())
            .bind(&p.description)
            .bind(&p.address)
            .text(p.lat.map(|v| format!("{v:.6}")))
            .text(p.long.map(|v| format!("{v:.6}")))
            .bind(p.status.as_str())
            .text(p.rejection.map(Rejection::as_str))
            .bind(&p.forwarded_to)
            .bind(&p.duplicate_of)
            .bind(&p.field)
            .uuid(p.officer_id)
            .bind(p.received_at.to_string())
            .bind(p.due_at.to_string())
            .text(p.finished_at.map(|d| d.to_string()))
            .bind(&p.public_note)
            .bind(p.published)
            .uuid(p.violation_id)
            .bind(&p.channel)
            .uuid(p.client_id)
            .bind(search_key(p))
            .bind(p.created_at)
            .bind(p.updated_at),
    )
    .await?;
    Ok(())
}

async fn event(
    tx: &mut crate::db::Tx,
    p: &Problem,
    action: &str,
    note: &str,
    actor_name: &str,
) -> Result<()> {
    tx.run(
        "INSERT INTO problem_events (id, problem_id, action, status, note, actor_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Args::new()
            .bind(new_id())
            .bind(p.id)
            .bind(action)
            .bind(p.status.as_str())
            .bind(note)
            .bind(actor_name)
            .bind(now_ms()),
    )
    .await?;
    Ok(())
}

/// Tells the commune's webhooks of a report's step, and the reporter by
/// e-mail when they asked to be told.
async fn notify(tx: &mut crate::db::Tx, p: &Problem, kind: &str, note: &str) -> Result<()> {
    let email = p
        .contact
        .as_ref()
        .filter(|c| c.notify)
        .map(|c| c.email.as_str());
    crate::webhooks::emit(
        tx,
        crate::webhooks::NewEvent {
            kind,
            record: "problem",
            record_id: p.id,
            commune_id: p.commune_id,
            unit_path: &p.unit_path,
            data: serde_json::json!({
                "code": p.code,
                "category": p.category.as_str(),
                "category_label": p.category.label(),
                "status": p.status.as_str(),
                "status_label": p.status.label(),
                "due_at": p.due_at.to_string(),
                "note": text::clean(note),
            }),
            email,
        },
    )
    .await
}
