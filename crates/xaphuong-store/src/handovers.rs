//! Land hand-overs for public works.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::handovers::{self as rules, HandoverInput, ValidHandover};
use xaphuong_core::import::ImportRow;
use xaphuong_core::text;
use xaphuong_core::units::Level;

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::Parsed;
use crate::units::Unit;
use crate::{Listing, Page, Result, Store, dated_args, new_id, now_ms, year_range};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub project: String,
    pub household: String,
    pub address: String,
    pub handed_over_on: Date,
    /// Hundredths of a square metre.
    pub area: i64,
    pub document: String,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Handover {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Handover);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    project: String,
    household: String,
    address: String,
    handed_over_on: Parsed<Date>,
    area: i64,
    document: String,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Handover {
    fn from(r: Row) -> Self {
        Handover {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            project: r.project,
            household: r.household,
            address: r.address,
            handed_over_on: r.handed_over_on.0,
            area: r.area,
            document: r.document,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT h.id, h.commune_id, h.group_id, g.name AS group_name, h.unit_path, h.project, h.household, h.address,
        h.handed_over_on, h.area, h.document, h.note, h.created_at, h.updated_at
    FROM handovers h LEFT JOIN units g ON g.id = h.group_id";

const FILTER: &str = "h.unit_path >= $1 AND h.unit_path < $2
    AND ($3 IS NULL OR h.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (h.handed_over_on >= $4 AND h.handed_over_on <= $5))";

const LIST: Listing = Listing {
    from: "handovers h",
    select: SELECT,
    filter: FILTER,
    order: "h.handed_over_on DESC, h.id DESC",
};

#[derive(Debug, Clone, Default)]
pub struct HandoverFilter {
    /// Household, project or address, diacritics ignored.
    pub q: Option<String>,
    pub year: Option<i16>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn search_key(v: &ValidHandover) -> String {
    text::fold(&format!("{} {} {}", v.household, v.project, v.address))
}

impl Store {
    /// A commune, or a residential group of one, inside `scope`.
    pub(crate) async fn register_place(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        kept: Option<Uuid>,
    ) -> Result<(Uuid, Option<Unit>, String)> {
        let unit = self.unit(scope, unit_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        // A record made in a unit a reorganisation ended stays there and
        // goes on being worked; a new one is made in a unit in force.
        if Some(unit.id) != kept {
            unit.refuse_ended("unit_id")?;
        }
        match unit.level {
            Level::Commune => Ok((unit.id, None, unit.path)),
            Level::Group => Ok((
                self.commune_of(&unit).await?.id,
                Some(unit.clone()),
                unit.path,
            )),
            _ => Err(Invalid::one(
                "unit_id",
                "Phải chọn một xã, phường hoặc một tổ dân phố, thôn",
            )
            .into()),
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn handover(&self, scope: &Scope, id: Uuid) -> Result<Handover> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE h.id = $1 AND h.unit_path >= $2 AND h.unit_path < $3"),
                scope,
                id,
                "biên bản bàn giao mặt bằng",
            )
            .await?;
        Ok(Handover::from(row))
    }

    /// Hand-overs matching `f`; `per_page: None` with `page: None` lists a
    /// page of the default size.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn handovers(&self, scope: &Scope, f: &HandoverFilter) -> Result<Page<Handover>> {
        self.dated_page::<Row, Handover>(&LIST, scope, f.q.as_deref(), f.year, (f.page, f.per_page))
            .await
    }

    /// Every hand-over matching `f` (page and size ignored), in the list's
    /// order: the register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn handover_register(
        &self,
        scope: &Scope,
        f: &HandoverFilter,
    ) -> BoxStream<'_, Result<Handover>> {
        let args = dated_args(scope, f.q.as_deref(), f.year);
        self.stream::<Row, Handover>(LIST.rows(), args)
    }

    /// Hand-overs of `year` inside `scope`: how many and the area handed over.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn handover_totals(&self, scope: &Scope, year: i16) -> Result<(i64, i64)> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let totals: (i64, Option<i64>) = self.one(
            "SELECT COUNT(*), CAST(SUM(area) AS BIGINT) FROM handovers WHERE unit_path >= $1 AND unit_path < $2 AND handed_over_on >= $3 AND handed_over_on <= $4",
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .bind(&from)
                .bind(&to),
        )
        .await?;
        Ok((totals.0, totals.1.unwrap_or(0)))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_handover(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &HandoverInput,
        today: Date,
    ) -> Result<Handover> {
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self.register_place(scope, unit_id, None).await?;
        let h = new_handover(&valid, commune_id, group.as_ref(), unit_path, now_ms());
        let mut tx = self.db.begin().await?;
        insert_handover(&mut tx, actor, &h, &search_key(&valid)).await?;
        tx.commit().await?;
        Ok(h)
    }

    /// Imports hand-overs into `commune_id`, all or nothing: every row is
    /// checked (its fields, its residential group) before anything is
    /// written; any problem → nothing written, each reported with its row.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_handovers(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<HandoverInput>],
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
            let h = new_handover(valid, place.commune.id, *group, place.path(*group), now);
            insert_handover(&mut tx, actor, &h, &search_key(valid)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_handover(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        unit_id: Uuid,
        input: &HandoverInput,
        today: Date,
    ) -> Result<Handover> {
        let before = self.handover(scope, id).await?;
        let valid = rules::validate(input, today)?;
        let (commune_id, group, unit_path) = self
            .register_place(
                scope,
                unit_id,
                Some(before.group_id.unwrap_or(before.commune_id)),
            )
            .await?;
        let after = Handover {
            id: before.id,
            created_at: before.created_at,
            ..new_handover(&valid, commune_id, group.as_ref(), unit_path, now_ms())
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE handovers SET commune_id = $2, group_id = $3, unit_path = $4, project = $5, household = $6, address = $7,
                 search_key = $8, handed_over_on = $9, area = $10, document = $11, note = $12, updated_at = $13 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.commune_id)
                .bind(after.group_id)
                .bind(&after.unit_path)
                .bind(&after.project)
                .bind(&after.household)
                .bind(&after.address)
                .bind(search_key(&valid))
                .bind(after.handed_over_on.to_string())
                .bind(after.area)
                .bind(&after.document)
                .bind(&after.note)
                .bind(after.updated_at),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Handover, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_handover(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let h = self.handover(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Handover,
            &h,
            &["DELETE FROM handovers WHERE id = $1"],
        )
        .await
    }
}

async fn insert_handover(tx: &mut Tx, actor: &Actor, h: &Handover, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO handovers (id, commune_id, group_id, unit_path, project, household, address, search_key, handed_over_on,
                 area, document, note, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        Args::new()
            .bind(h.id)
            .bind(h.commune_id)
            .bind(h.group_id)
            .bind(&h.unit_path)
            .bind(&h.project)
            .bind(&h.household)
            .bind(&h.address)
            .bind(key)
            .bind(h.handed_over_on.to_string())
            .bind(h.area)
            .bind(&h.document)
            .bind(&h.note)
            .bind(h.created_at)
            .bind(h.created_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Handover, h).await?;
    Ok(())
}

fn new_handover(
    valid: &ValidHandover,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    now: i64,
) -> Handover {
    Handover {
        id: new_id(),
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        project: valid.project.clone(),
        household: valid.household.clone(),
        address: valid.address.clone(),
        handed_over_on: valid.handed_over_on,
        area: valid.area,
        document: valid.document.clone(),
        note: valid.note.clone(),
        created_at: now,
        updated_at: now,
    }
}
