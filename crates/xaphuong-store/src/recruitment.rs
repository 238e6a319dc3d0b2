//! Military and police service recruitment.

use futures_util::stream::BoxStream;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::recruitment::{
    self as rules, RecruitInput, RecruitRow, Service, Stage, ValidRecruit,
};
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Change, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::Code;
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recruit {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i16,
    pub service: Service,
    pub full_name: String,
    pub birth_year: i16,
    pub address: String,
    pub stage: Stage,
    pub reason: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Recruit {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Recruit);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    year: i64,
    service: String,
    full_name: String,
    birth_year: i64,
    address: String,
    stage: Code<Stage>,
    reason: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Recruit {
    fn from(r: Row) -> Self {
        Recruit {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            year: r.year as i16,
            service: Service::parse(&r.service).unwrap_or(Service::Military),
            full_name: r.full_name,
            birth_year: r.birth_year as i16,
            address: r.address,
            stage: r.stage.0,
            reason: r.reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT r.id, r.commune_id, r.group_id, g.name AS group_name, r.unit_path, r.year, r.service, r.full_name,
        r.birth_year, r.address, r.stage, r.reason, r.created_at, r.updated_at
    FROM recruits r LEFT JOIN units g ON g.id = r.group_id";

const FILTER: &str = "r.unit_path >= $1 AND r.unit_path < $2
    AND ($3 IS NULL OR r.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR r.year = $4)
    AND ($5 IS NULL OR r.service = $5)
    AND ($6 IS NULL OR r.stage = $6)";

#[derive(Debug, Clone, Default)]
pub struct RecruitFilter {
    pub q: Option<String>,
    pub year: Option<i16>,
    pub service: Option<Service>,
    pub stage: Option<Stage>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One service's figures for a year: the quota and where the citizens are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub quota: i64,
    pub called: i64,
    pub examined: i64,
    pub passed: i64,
    pub failed: i64,
    pub postponed: i64,
    pub exempted: i64,
    pub enlisted: i64,
}

#[derive(Serialize)]
struct QuotaSnapshot {
    year: i16,
    service: Service,
    quota: i64,
}

const LIST: Listing = Listing {
    from: "recruits r",
    select: SELECT,
    filter: FILTER,
    order: "r.year DESC, r.full_name",
};

/// `$1` to `$6` of [`FILTER`].
fn filter_args(scope: &Scope, f: &RecruitFilter) -> Args {
    Args::scope(scope)
        .text(crate::search_pattern(f.q.as_deref()))
        .int(f.year.map(i64::from))
        .text(f.service.map(Service::as_str))
        .text(f.stage.map(Stage::as_str))
}

fn search_key(v: &ValidRecruit, address: &str) -> String {
    text::fold(&format!("{} {address}", v.full_name))
}

impl Store {
    /// Sets a commune's quota for a year and service.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_recruitment_quota(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        service: Service,
        quota: i64,
    ) -> Result<()> {
        let commune = self
            .commune_in(scope, commune_id, "Chỉ tiêu được giao cho xã, phường")
            .await?;
        if !(0..=10_000).contains(&quota) {
            return Err(Invalid::one("quota", "Chỉ tiêu phải từ 0 đến 10.000").into());
        }
        if !(1990..=2100).contains(&year) {
            return Err(Invalid::one("year", "Năm không hợp lệ").into());
        }
        let mut tx = self.db.begin().await?;
        let existing: Option<(Uuid, i64)> = tx!(&mut tx, |c| {
            sqlx::query_as(
            "SELECT id, quota FROM recruitment_quotas WHERE commune_id = $1 AND year = $2 AND service = $3"
        )
        .bind(commune.id)
        .bind(i64::from(year))
        .bind(service.as_str())
        .fetch_optional(c)
        .await
        })?;
        let place = Place::at(commune.id, &commune.path);
        let after = QuotaSnapshot {
            year,
            service,
            quota,
        };
        match existing {
            Some((id, before)) => {
                tx.run(
                    "UPDATE recruitment_quotas SET quota = $2, updated_at = $3 WHERE id = $1",
                    Args::new().bind(id).bind(quota).bind(now_ms()),
                )
                .await?;
                let before = QuotaSnapshot {
                    year,
                    service,
                    quota: before,
                };
                tx.audit(
                    actor,
                    Change::update(Entity::RecruitmentQuota, id, place, &before, &after),
                )
                .await?;
            }
            None => {
                let id = new_id();
                tx.run(
                    "INSERT INTO recruitment_quotas (id, commune_id, unit_path, year, service, quota, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    Args::new()
                        .bind(id)
                        .bind(commune.id)
                        .bind(&commune.path)
                        .bind(i64::from(year))
                        .bind(service.as_str())
                        .bind(quota)
                        .bind(now_ms()),
                )
                .await?;
                tx.audit(
                    actor,
                    Change::insert(Entity::RecruitmentQuota, id, place, &after),
                )
                .await?;
            }
        }
        tx.commit().await
    }

    /// The year's figures inside `scope`, per service.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn recruitment_summary(
        &self,
        scope: &Scope,
        year: i16,
    ) -> Result<Vec<(Service, Summary)>> {
        let args = Args::scope(scope).int(i64::from(year));
        let quotas: Vec<(String, i64)> = self
            .all(
                "SELECT service, CAST(SUM(quota) AS BIGINT) FROM recruitment_quotas WHERE unit_path >= $1 AND unit_path < $2 AND year = $3 GROUP BY service",
                args.clone(),
            )
            .await?;
        let stages: Vec<(String, String, i64)> = self
            .all(
                "SELECT service, stage, COUNT(*) FROM recruits WHERE unit_path >= $1 AND unit_path < $2 AND year = $3 GROUP BY service, stage",
                args,
            )
            .await?;
        Ok(Service::ALL
            .iter()
            .map(|s| {
                let mut sum = Summary {
                    quota: quotas.iter().find(|q| q.0 == s.as_str()).map_or(0, |q| q.1),
                    ..Summary::default()
                };
                for (_, stage, n) in stages.iter().filter(|r| r.0 == s.as_str()) {
                    let Some(stage) = Stage::parse(stage) else {
                        continue;
                    };
                    sum.called += n;
                    if stage.examined() {
                        sum.examined += n;
                    }
                    match stage {
                        Stage::Passed => sum.passed += n,
                        Stage::Enlisted => {
                            sum.passed += n;
                            sum.enlisted += n;
                        }
                        Stage::Failed => sum.failed += n,
                        Stage::Postponed => sum.postponed += n,
                        Stage::Exempted => sum.exempted += n,
                        Stage::Called | Stage::Examined => {}
                    }
                }
                (*s, sum)
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn recruit(&self, scope: &Scope, id: Uuid) -> Result<Recruit> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE r.id = $1 AND r.unit_path >= $2 AND r.unit_path < $3"),
                scope,
                id,
                "công dân trong đợt tuyển quân",
            )
            .await?;
        Ok(Recruit::from(row))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn recruits(&self, scope: &Scope, f: &RecruitFilter) -> Result<Page<Recruit>> {
        self.page::<Row, _>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every citizen matching `f` (page and size ignored), in the list's
    /// order: the register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn recruit_register(
        &self,
        scope: &Scope,
        f: &RecruitFilter,
    ) -> BoxStream<'_, Result<Recruit>> {
        self.stream::<Row, _>(LIST.rows(), filter_args(scope, f))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_recruit(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
        input: &RecruitInput,
    ) -> Result<Recruit> {
        let valid = rules::validate(input, year)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let r = new_recruit(
            &valid,
            year,
            commune_id,
            group.as_ref(),
            unit_path,
            now_ms(),
        );
        let mut tx = self.db.begin().await?;
        insert_recruit(&mut tx, actor, &r, &search_key(&valid, &r.address)).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Imports the citizens called into `commune_id`, all or nothing: each
    /// row's year, fields and residential group are checked first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_recruits(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<RecruitRow>],
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let group = place.group(r.row, &r.group, &mut errors);
            match rules::validate_row(&r.input) {
                Ok((year, v)) => ready.push((year, v, group)),
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (year, valid, group) in &ready {
            let r = new_recruit(
                valid,
                *year,
                place.commune.id,
                *group,
                place.path(*group),
                now,
            );
            insert_recruit(&mut tx, actor, &r, &search_key(valid, &r.address)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_recruit(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        unit_id: Uuid,
        input: &RecruitInput,
    ) -> Result<Recruit> {
        let before = self.recruit(scope, id).await?;
        let valid = rules::validate(input, before.year)?;
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        let after = Recruit {
            commune_id,
            group_id: group.as_ref().map(|g| g.id),
            group_name: group.map(|g| g.name),
            unit_path,
            service: valid.service,
            full_name: valid.full_name.clone(),
            birth_year: valid.birth_year,
            address: valid.address.clone(),
            updated_at: version::next_version(before.updated_at),
            ..before.clone()
        };
        self.write_recruit(actor, &before, &after, &search_key(&valid, &after.address))
            .await?;
        Ok(after)
    }

    /// Moves a citizen to the next stage; deferral and exemption need a reason.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_recruit(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        stage: Stage,
        reason: &str,
        seen: Option<i64>,
    ) -> Result<Recruit> {
        let before = self.recruit(scope, id).await?;
        version::check_seen(seen, before.updated_at)?;
        if !rules::can_move(before.stage, stage) {
            return Err(Invalid::one(
                "stage",
                format!(
                    "Không thể chuyển từ «{}» sang «{}»",
                    before.stage.label(),
                    stage.label()
                ),
            )
            .into());
        }
        let reason = text::clean(reason);
        if stage.needs_reason() && reason.is_empty() {
            return Err(Invalid::one("reason", "Cần ghi lý do tạm hoãn hoặc miễn").into());
        }
        let after = Recruit {
            stage,
            reason: if stage.needs_reason() {
                reason
            } else {
                before.reason.clone()
            },
            updated_at: version::next_version(before.updated_at),
            ..before.clone()
        };
        let key = text::fold(&format!("{} {}", after.full_name, after.address));
        self.write_recruit(actor, &before, &after, &key).await?;
        Ok(after)
    }

    async fn write_recruit(
        &self,
        actor: &Actor,
        before: &Recruit,
        after: &Recruit,
        search_key: &str,
    ) -> Result<()> {
        let mut tx = self
            .begin_claimed(
                Versioned::Recruit,
                after.id,
                before.updated_at,
                after.updated_at,
            )
            .await?;
        tx.run(
            "UPDATE recruits SET commune_id = $2, group_id = $3, unit_path = $4, service = $5, full_name = $6, search_key = $7,
                 birth_year = $8, address = $9, stage = $10, reason = $11, updated_at = $12 WHERE id = $1",
            Args::new()
                .bind(after.id)
                .bind(after.commune_id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(after.service.as_str())
                .bind(&after.full_name)
                .bind(search_key)
                .bind(i64::from(after.birth_year))
                .bind(&after.address)
                .bind(after.stage.as_str())
                .bind(&after.reason)
                .bind(after.updated_at),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Recruit, before, after).await?;
        tx.commit().await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_recruit(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let r = self.recruit(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Recruit,
            &r,
            &["DELETE FROM recruits WHERE id = $1"],
        )
        .await
    }
}

async fn insert_recruit(tx: &mut Tx, actor: &Actor, r: &Recruit, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO recruits (id, commune_id, group_id, unit_path, year, service, full_name, search_key, birth_year, address, stage,
                 reason, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        Args::new()
            .bind(r.id)
            .bind(r.commune_id)
            .bind(r.group_id)
            .bind(&r.unit_path)
            .bind(i64::from(r.year))
            .bind(r.service.as_str())
            .bind(&r.full_name)
            .bind(key)
            .bind(i64::from(r.birth_year))
            .bind(&r.address)
            .bind(r.stage.as_str())
            .bind(&r.reason)
            .bind(r.created_at)
            .bind(r.created_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Recruit, r).await?;
    Ok(())
}

fn new_recruit(
    valid: &ValidRecruit,
    year: i16,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    now: i64,
) -> Recruit {
    Recruit {
        id: new_id(),
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        year,
        service: valid.service,
        full_name: valid.full_name.clone(),
        birth_year: valid.birth_year,
        address: valid.address.clone(),
        stage: Stage::Called,
        reason: String::new(),
        created_at: now,
        updated_at: now,
    }
}
