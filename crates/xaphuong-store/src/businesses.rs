//! The register of business households (hộ kinh doanh): entered, imported,
//! or made from the returned result of the one-stop procedure «Đăng ký
//! thành lập hộ kinh doanh»; changed (each change audited) and closed.

use std::collections::HashSet;

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::businesses::{self as rules, BusinessInput, BusinessStatus, ValidBusiness};
use xaphuong_core::import::ImportRow;
use xaphuong_core::onestop::lifecycle::Status;
use xaphuong_core::{FieldError, Invalid, text};

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::error::on_unique;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, StoreError, new_id, now_ms, search_pattern, year_range};

/// The one-stop procedure whose result is a business household's
/// registration, by its name (its national code is not yet confirmed).
pub const REGISTRATION_PROCEDURE: &str = "Đăng ký thành lập hộ kinh doanh";

/// A business household of the commune (or of one of its groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Business {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub name: String,
    pub owner: String,
    pub address: String,
    pub line: String,
    pub registration_no: String,
    pub registered_on: Date,
    pub capital: Option<i64>,
    pub status: BusinessStatus,
    pub status_on: Option<Date>,
    pub note: String,
    /// The one-stop dossier whose result registered it.
    pub dossier_id: Option<Uuid>,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl Business {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }

    /// Trading at the end of `day`.
    pub fn active_on(&self, day: Date) -> bool {
        rules::active_on(self.registered_on, self.status_on, day)
    }
}

crate::audit::audited!(Business);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    name: String,
    owner: String,
    address: String,
    line: String,
    registration_no: String,
    registered_on: Parsed<Date>,
    capital: Option<i64>,
    status: Code<BusinessStatus>,
    status_on: Option<Parsed<Date>>,
    note: String,
    dossier_id: Option<Uuid>,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Business {
    fn from(r: Row) -> Self {
        Business {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            name: r.name,
            owner: r.owner,
            address: r.address,
            line: r.line,
            registration_no: r.registration_no,
            registered_on: r.registered_on.0,
            capital: r.capital,
            status: r.status.0,
            status_on: r.status_on.map(|d| d.0),
            note: r.note,
            dossier_id: r.dossier_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str =
    "SELECT b.id, b.commune_id, b.group_id, g.name AS group_name, b.unit_path, b.name,
        b.owner, b.address, b.line, b.registration_no, b.registered_on, b.capital, b.status,
        b.status_on, b.note, b.dossier_id, b.created_at, b.updated_at
    FROM businesses b LEFT JOIN units g ON g.id = b.group_id";

/// `$3` the search, `$4`–`$5` the year registered, `$6` the day it trades
/// at, `$7` a status.
const FILTER: &str = "b.unit_path >= $1 AND b.unit_path < $2
    AND ($3 IS NULL OR b.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (b.registered_on >= $4 AND b.registered_on <= $5))
    AND ($6 IS NULL OR (b.registered_on <= $6 AND (b.status_on IS NULL OR b.status_on > $6)))
    AND ($7 IS NULL OR b.status = $7)";

const LIST: Listing = Listing {
    from: "businesses b",
    select: SELECT,
    filter: FILTER,
    order: "b.registered_on DESC, b.id DESC",
};

/// What the business households list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct BusinessFilter {
    /// Name, owner, address, line or number, diacritics ignored.
    pub q: Option<String>,
    /// Registered in this year.
    pub registered: Option<i16>,
    /// Trading at the end of this year.
    pub active: Option<i16>,
    pub status: Option<BusinessStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn filter_args(scope: &Scope, f: &BusinessFilter) -> Args {
    let (from, to) = year_range(f.registered);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(from)
        .text(to)
        .text(f.active.map(|y| format!("{y:04}-12-31")))
        .text(f.status.map(BusinessStatus::as_str))
}

fn search_key(v: &ValidBusiness) -> String {
    text::fold(&format!(
        "{} {} {} {} {}",
        v.name, v.owner, v.address, v.line, v.registration_no
    ))
}

const DUPLICATE: &str = "Số đăng ký này đã có trong sổ hộ kinh doanh của xã, phường";

/// A returned registration dossier, ready to become a business household.
#[derive(Debug, Clone)]
pub struct RegistrationDossier {
    pub dossier_id: Uuid,
    pub code: String,
    /// Where the household will be kept: the dossier's commune.
    pub commune_id: Uuid,
    /// What the dossier says of it, for the form.
    pub input: BusinessInput,
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn business(&self, scope: &Scope, id: Uuid) -> Result<Business> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE b.id = $1 AND b.unit_path >= $2 AND b.unit_path < $3"),
                scope,
                id,
                "hộ kinh doanh",
            )
            .await?;
        Ok(Business::from(row))
    }

    /// The business households matching `f`, latest registered first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn businesses(&self, scope: &Scope, f: &BusinessFilter) -> Result<Page<Business>> {
        self.page::<Row, Business>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every business household matching `f` (page ignored), streamed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn business_register(
        &self,
        scope: &Scope,
        f: &BusinessFilter,
    ) -> BoxStream<'_, Result<Business>> {
        self.stream::<Row, Business>(LIST.rows(), filter_args(scope, f))
    }

    /// Inside `scope`: households registered in `year`, and trading at
    /// `day` (the year's end, or the report's day within it).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn business_counts(&self, scope: &Scope, year: i16, day: Date) -> Result<(i64, i64)> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let day = day.to_string();
        self.one(
            "SELECT (SELECT COUNT(*) FROM businesses WHERE unit_path >= $1 AND unit_path < $2
                           AND registered_on >= $3 AND registered_on <= $4),
                        (SELECT COUNT(*) FROM businesses WHERE unit_path >= $1 AND unit_path < $2
                           AND registered_on <= $5 AND (status_on IS NULL OR status_on > $5))",
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .text(from)
                .text(to)
                .bind(&day),
        )
        .await
    }

    /// The dossier `dossier_id`, if it is a returned «Đăng ký thành lập hộ
    /// kinh doanh» not yet in the register: what it says of the household.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn registration_dossier(
        &self,
        scope: &Scope,
        dossier_id: Uuid,
    ) -> Result<RegistrationDossier> {
        let d = self.dossier(scope, dossier_id).await?;
        let refuse = |m: &str| Err(Invalid::one("dossier", m).into());
        if text::fold(&d.procedure_name) != text::fold(REGISTRATION_PROCEDURE) {
            return refuse("Hồ sơ này không phải thủ tục «Đăng ký thành lập hộ kinh doanh»");
        }
        if d.status != Status::Returned {
            return refuse(
                "Hồ sơ chưa trả kết quả: chỉ vào sổ hộ kinh doanh khi đã cấp giấy chứng nhận",
            );
        }
        let taken: Option<(Uuid,)> = self
            .opt(
                "SELECT id FROM businesses WHERE dossier_id = $1",
                Args::new().bind(dossier_id),
            )
            .await?;
        if taken.is_some() {
            return Err(StoreError::conflict(
                "dossier",
                "Hộ kinh doanh của hồ sơ này đã có trong sổ",
            ));
        }
        let returned = d.finished_at.map(|t| t.date().to_string());
        Ok(RegistrationDossier {
            dossier_id: d.id,
            code: d.code.clone(),
            commune_id: d.commune_id,
            input: BusinessInput {
                owner: d.applicant.clone(),
                address: d.address.clone(),
                registered_on: returned.unwrap_or_default(),
                ..Default::default()
            },
        })
    }

    /// Records a business household of a commune or of one of its groups;
    /// with `dossier`, the one registered by that returned dossier (which
    /// must be of the same commune and not yet used).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_business(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &BusinessInput,
        dossier: Option<Uuid>,
        today: Date,
    ) -> Result<Business> {
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        if let Some(d) = dossier {
            let from = self.registration_dossier(scope, d).await?;
            if from.commune_id != commune_id {
                return Err(Invalid::one(
                    "unit_id",
                    "Hộ kinh doanh phải thuộc xã, phường đã giải quyết hồ sơ",
                )
                .into());
            }
        }
        let now = now_ms();
        let mut b = new_business(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            new_id(),
            now,
            now,
        );
        b.dossier_id = dossier;
        let mut tx = self.db.begin().await?;
        insert_business(&mut tx, actor, &b, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(b)
    }

    /// Changes a business household (its registration's content, its
    /// suspension or closure) on the version the caller read.
    #[tracing::instrument(level = "debug", skip_all)]
    #[allow(clippy::too_many_arguments)]
    pub async fn update_business(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        unit_id: Uuid,
        input: &BusinessInput,
        today: Date,
    ) -> Result<Business> {
        let before = self.business(scope, id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        if commune_id != before.commune_id {
            return Err(Invalid::one(
                "unit_id",
                "Hộ kinh doanh chỉ chuyển giữa các tổ dân phố của cùng xã, phường",
            )
            .into());
        }
        let next = version::next_version(before.updated_at);
        let mut after = new_business(
            &valid,
            commune_id,
            group.as_ref(),
            unit_path,
            id,
            before.created_at,
            next,
        );
        after.dossier_id = before.dossier_id;
        let mut tx = self
            .begin_claimed(Versioned::Business, id, before.updated_at, next)
            .await?;
        tx.run(
            "UPDATE businesses SET group_id = $2, unit_path = $3, name = $4, owner = $5, address = $6,
                     line = $7, registration_no = $8, registered_on = $9, capital = $10, status = $11,
                     status_on = $12, note = $13, search_key = $14
                 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(&after.name)
                .bind(&after.owner)
                .bind(&after.address)
                .bind(&after.line)
                .bind(&after.registration_no)
                .bind(after.registered_on.to_string())
                .int(after.capital)
                .bind(after.status.as_str())
                .text(after.status_on.map(|d| d.to_string()))
                .bind(&after.note)
                .bind(search_key(&valid)),
        )
        .await
        .map_err(|e| on_unique(e, "registration_no", DUPLICATE))?;
        audit::updated(&mut tx, actor, Entity::Business, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a household entered by mistake (a closure is a status).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_business(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let b = self.business(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Business,
            &b,
            &["DELETE FROM businesses WHERE id = $1"],
        )
        .await
    }

    /// Imports business households into `commune_id` all or nothing: every
    /// row checked (its fields, its group, its number unique in the file
    /// and the register) before anything is written.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_businesses(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<BusinessInput>],
        today: Date,
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let held: Vec<(String,)> = self
            .all(
                "SELECT registration_no FROM businesses WHERE commune_id = $1",
                Args::new().bind(place.commune.id),
            )
            .await?;
        let mut numbers: HashSet<String> = held.into_iter().map(|(n,)| n).collect();
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let group = place.group(r.row, &r.group, &mut errors);
            match rules::validate(&r.input, today) {
                Ok(v) => {
                    if !numbers.insert(v.registration_no.clone()) {
                        errors.push(FieldError::new("registration_no", DUPLICATE).at_row(r.row));
                    }
                    ready.push((v, group));
                }
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (valid, group) in &ready {
            let b = new_business(
                valid,
                place.commune.id,
                *group,
                place.path(*group),
                new_id(),
                now,
                now,
            );
            insert_business(&mut tx, actor, &b, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }
}

async fn insert_business(tx: &mut Tx, actor: &Actor, b: &Business, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO businesses (id, commune_id, group_id, unit_path, name, owner, address, line,
                 registration_no, registered_on, capital, status, status_on, note, dossier_id,
                 search_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        Args::new()
            .bind(b.id)
            .bind(b.commune_id)
            .bind(b.group_id)
            .bind(&b.unit_path)
            .bind(&b.name)
            .bind(&b.owner)
            .bind(&b.address)
            .bind(&b.line)
            .bind(&b.registration_no)
            .bind(b.registered_on.to_string())
            .int(b.capital)
            .bind(b.status.as_str())
            .text(b.status_on.map(|d| d.to_string()))
            .bind(&b.note)
            .uuid(b.dossier_id)
            .bind(key)
            .bind(b.created_at)
            .bind(b.updated_at),
    )
    .await
    .map_err(|e| match on_unique(e, "registration_no", DUPLICATE) {
        // The other unique key: the dossier already made its household.
        StoreError::Conflict(_) if b.dossier_id.is_some() => StoreError::conflict(
            "dossier",
            "Số đăng ký đã có trong sổ, hoặc hộ kinh doanh của hồ sơ này đã được vào sổ",
        ),
        e => e,
    })?;
    audit::inserted(tx, actor, Entity::Business, b).await
}

fn new_business(
    v: &ValidBusiness,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    id: Uuid,
    created_at: i64,
    updated_at: i64,
) -> Business {
    Business {
        id,
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        name: v.name.clone(),
        owner: v.owner.clone(),
        address: v.address.clone(),
        line: v.line.clone(),
        registration_no: v.registration_no.clone(),
        registered_on: v.registered_on,
        capital: v.capital,
        status: v.status,
        status_on: v.status_on,
        note: v.note.clone(),
        dossier_id: None,
        created_at,
        updated_at,
    }
}
