//! Sidewalk and street-order inspections.

use std::collections::HashMap;

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::inspections::{
    self as rules, CaseInput, CaseKind, InspectionInput, InspectionRow, Outcome, ValidCase,
    ValidInspection,
};
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Change, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::Code;
use crate::stored::Parsed;
use crate::units::Unit;
use crate::{Listing, Page, Result, Store, StoreError, dated_args, new_id, now_ms, year_range};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inspection {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub inspected_on: Date,
    pub place: String,
    pub team: String,
    pub note: String,
    /// Cases found (filled in lists).
    pub cases: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Inspection {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

crate::audit::audited!(Inspection);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    unit_path: String,
    inspected_on: Parsed<Date>,
    place: String,
    team: String,
    note: String,
    cases: i64,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for Inspection {
    fn from(r: Row) -> Self {
        Inspection {
            id: r.id,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            inspected_on: r.inspected_on.0,
            place: r.place,
            team: r.team,
            note: r.note,
            cases: r.cases,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectionCase {
    pub id: Uuid,
    pub inspection_id: Uuid,
    pub kind: CaseKind,
    pub offender: String,
    pub address: String,
    pub outcome: Outcome,
    pub note: String,
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: Uuid,
    inspection_id: Uuid,
    kind: String,
    offender: String,
    address: String,
    outcome: Code<Outcome>,
    note: String,
}

impl From<CaseRow> for InspectionCase {
    fn from(r: CaseRow) -> Self {
        InspectionCase {
            id: r.id,
            inspection_id: r.inspection_id,
            kind: CaseKind::parse(&r.kind).unwrap_or(CaseKind::Other),
            offender: r.offender,
            address: r.address,
            outcome: r.outcome.0,
            note: r.note,
        }
    }
}

/// A case with its inspection, as the register's file shows it.
#[derive(sqlx::FromRow)]
struct CaseLine {
    #[sqlx(flatten)]
    inspection: Row,
    case_id: Uuid,
    kind: String,
    offender: String,
    address: String,
    outcome: Code<Outcome>,
    case_note: String,
}

impl From<CaseLine> for (Inspection, InspectionCase) {
    fn from(l: CaseLine) -> Self {
        let inspection = Inspection::from(l.inspection);
        let case = InspectionCase::from(CaseRow {
            id: l.case_id,
            inspection_id: inspection.id,
            kind: l.kind,
            offender: l.offender,
            address: l.address,
            outcome: l.outcome,
            note: l.case_note,
        });
        (inspection, case)
    }
}

const SELECT: &str = "SELECT i.id, i.commune_id, i.unit_path, i.inspected_on, i.place, i.team, i.note,
        (SELECT COUNT(*) FROM inspection_cases c WHERE c.inspection_id = i.id) AS cases, i.created_at, i.updated_at
    FROM inspections i";

/// An inspection matches the search through its own text or a case's.
const FILTER: &str = "i.unit_path >= $1 AND i.unit_path < $2
    AND ($3 IS NULL OR i.search_key LIKE $3 ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM inspection_cases c WHERE c.inspection_id = i.id AND c.search_key LIKE $3 ESCAPE '\\'))
    AND ($4 IS NULL OR (i.inspected_on >= $4 AND i.inspected_on <= $5))";

#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    pub q: Option<String>,
    pub year: Option<i16>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn inspection(&self, scope: &Scope, id: Uuid) -> Result<Inspection> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE i.id = $1 AND i.unit_path >= $2 AND i.unit_path < $3"),
                scope,
                id,
                "đợt kiểm tra",
            )
            .await?;
        Ok(Inspection::from(row))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn inspection_cases(&self, scope: &Scope, id: Uuid) -> Result<Vec<InspectionCase>> {
        self.inspection(scope, id).await?;
        let rows = self.all::<CaseRow>(
            "SELECT id, inspection_id, kind, offender, address, outcome, note FROM inspection_cases WHERE inspection_id = $1 ORDER BY created_at, id",
            Args::new().bind(id),
        )
        .await?;
        Ok(rows.into_iter().map(InspectionCase::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn inspections(
        &self,
        scope: &Scope,
        f: &InspectionFilter,
    ) -> Result<Page<Inspection>> {
        let list = Listing {
            from: "inspections i",
            select: SELECT,
            filter: FILTER,
            order: "i.inspected_on DESC, i.id DESC",
        };
        self.dated_page::<Row, Inspection>(
            &list,
            scope,
            f.q.as_deref(),
            f.year,
            (f.page, f.per_page),
        )
        .await
    }

    /// Every case of the inspections matching `f` (page and size ignored),
    /// with its inspection, in the list's order: the register as a file,
    /// one case a row, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn inspection_register(
        &self,
        scope: &Scope,
        f: &InspectionFilter,
    ) -> BoxStream<'_, Result<(Inspection, InspectionCase)>> {
        self.stream::<CaseLine, (Inspection, InspectionCase)>(
            format!(
                "SELECT i.id, i.commune_id, i.unit_path, i.inspected_on, i.place, i.team, i.note, CAST(0 AS BIGINT) AS cases, i.created_at, i.updated_at,
                        c.id AS case_id, c.kind, c.offender, c.address, c.outcome, c.note AS case_note
                 FROM inspections i JOIN inspection_cases c ON c.inspection_id = i.id
                 WHERE {FILTER} ORDER BY i.inspected_on DESC, i.id DESC, c.created_at, c.id"
            ),
            dated_args(scope, f.q.as_deref(), f.year),
        )
    }

    /// Cases found in `year` inside `scope`, by outcome.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn inspection_outcomes(
        &self,
        scope: &Scope,
        year: i16,
    ) -> Result<Vec<(Outcome, i64)>> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let rows: Vec<(Code<Outcome>, i64)> = self.all(
            "SELECT outcome, COUNT(*) FROM inspection_cases WHERE unit_path >= $1 AND unit_path < $2 AND inspected_on >= $3 AND inspected_on <= $4 GROUP BY outcome",
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .bind(&from)
                .bind(&to),
        )
        .await?;
        let mut out: Vec<(Outcome, i64)> = rows.into_iter().map(|(o, n)| (o.0, n)).collect();
        out.sort_by_key(|(o, _)| Outcome::ALL.iter().position(|x| x == o));
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_inspection(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        input: &InspectionInput,
        today: Date,
    ) -> Result<Inspection> {
        let commune = self
            .commune_in(scope, commune_id, "Đợt kiểm tra được ghi cho xã, phường")
            .await?;
        let v = rules::validate_inspection(input, today)?;
        let i = new_inspection(&v, &commune, now_ms());
        let mut tx = self.db.begin().await?;
        insert_inspection(&mut tx, actor, &i).await?;
        tx.commit().await?;
        Ok(i)
    }

    /// Imports cases found in inspections into `commune_id`, all or
    /// nothing: every row is checked first; rows with the same date, place
    /// and team become one inspection, in the order they first appear.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_inspections(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<InspectionRow>],
        today: Date,
    ) -> Result<(usize, usize)> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut inspections: Vec<(ValidInspection, Vec<ValidCase>)> = Vec::new();
        let mut seen: HashMap<(Date, String, String), usize> = HashMap::new();
        for r in rows {
            match rules::validate_row(&r.input, today) {
                Ok((i, c)) => {
                    let key = (i.inspected_on, i.place.clone(), i.team.clone());
                    match seen.get(&key) {
                        Some(&n) => inspections[n].1.push(c),
                        None => {
                            seen.insert(key, inspections.len());
                            inspections.push((i, vec![c]));
                        }
                    }
                }
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        let mut count = 0;
        for (v, cases) in &inspections {
            let mut i = new_inspection(v, &place.commune, now);
            i.cases = cases.len() as i64;
            insert_inspection(&mut tx, actor, &i).await?;
            for c in cases {
                insert_case(&mut tx, actor, &i, &new_case(c, i.id), now).await?;
                count += 1;
            }
        }
        tx.commit().await?;
        Ok((inspections.len(), count))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_inspection(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &InspectionInput,
        today: Date,
    ) -> Result<Inspection> {
        let before = self.inspection(scope, id).await?;
        let v = rules::validate_inspection(input, today)?;
        let after = Inspection {
            inspected_on: v.inspected_on,
            place: v.place.clone(),
            team: v.team.clone(),
            note: v.note.clone(),
            updated_at: now_ms(),
            ..before.clone()
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE inspections SET inspected_on = $2, place = $3, team = $4, note = $5, search_key = $6, updated_at = $7 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.inspected_on.to_string())
                .bind(&after.place)
                .bind(&after.team)
                .bind(&after.note)
                .bind(text::fold(&format!("{} {}", after.place, after.team)))
                .bind(after.updated_at),
        )
        .await?;
        // The cases carry the inspection's date for yearly counts.
        tx.run(
            "UPDATE inspection_cases SET inspected_on = $2 WHERE inspection_id = $1",
            Args::new().bind(id).bind(after.inspected_on.to_string()),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::Inspection, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_inspection(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let i = self.inspection(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::Inspection,
            &i,
            &[
                "DELETE FROM inspection_cases WHERE inspection_id = $1",
                "DELETE FROM inspections WHERE id = $1",
            ],
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_inspection_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        inspection_id: Uuid,
        input: &CaseInput,
    ) -> Result<InspectionCase> {
        let i = self.inspection(scope, inspection_id).await?;
        let v = rules::validate_case(input)?;
        let case = new_case(&v, inspection_id);
        let mut tx = self.db.begin().await?;
        insert_case(&mut tx, actor, &i, &case, now_ms()).await?;
        tx.commit().await?;
        Ok(case)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_inspection_case(
        &self,
        actor: &Actor,
        scope: &Scope,
        inspection_id: Uuid,
        case_id: Uuid,
    ) -> Result<()> {
        let i = self.inspection(scope, inspection_id).await?;
        let cases = self.inspection_cases(scope, inspection_id).await?;
        let case = cases
            .into_iter()
            .find(|c| c.id == case_id)
            .ok_or(StoreError::NotFound("trường hợp vi phạm"))?;
        audit::delete(
            &self.db,
            actor,
            Entity::InspectionCase,
            case_id,
            &i.place(),
            &case,
            &["DELETE FROM inspection_cases WHERE id = $1"],
        )
        .await
    }
}

async fn insert_inspection(tx: &mut Tx, actor: &Actor, i: &Inspection) -> Result<()> {
    tx.run(
        "INSERT INTO inspections (id, commune_id, unit_path, inspected_on, place, team, note, search_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Args::new()
            .bind(i.id)
            .bind(i.commune_id)
            .bind(&i.unit_path)
            .bind(i.inspected_on.to_string())
            .bind(&i.place)
            .bind(&i.team)
            .bind(&i.note)
            .bind(text::fold(&format!("{} {}", i.place, i.team)))
            .bind(i.created_at)
            .bind(i.created_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::Inspection, i).await?;
    Ok(())
}

async fn insert_case(
    tx: &mut Tx,
    actor: &Actor,
    i: &Inspection,
    case: &InspectionCase,
    now: i64,
) -> Result<()> {
    tx.run(
        "INSERT INTO inspection_cases (id, inspection_id, unit_path, inspected_on, kind, offender, address, outcome, note, search_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Args::new()
            .bind(case.id)
            .bind(case.inspection_id)
            .bind(&i.unit_path)
            .bind(i.inspected_on.to_string())
            .bind(case.kind.as_str())
            .bind(&case.offender)
            .bind(&case.address)
            .bind(case.outcome.as_str())
            .bind(&case.note)
            .bind(text::fold(&format!("{} {}", case.offender, case.address)))
            .bind(now),
    )
    .await?;
    tx.audit(
        actor,
        Change::insert(Entity::InspectionCase, case.id, i.place(), case),
    )
    .await?;
    Ok(())
}

fn new_inspection(v: &ValidInspection, commune: &Unit, now: i64) -> Inspection {
    Inspection {
        id: new_id(),
        commune_id: commune.id,
        unit_path: commune.path.clone(),
        inspected_on: v.inspected_on,
        place: v.place.clone(),
        team: v.team.clone(),
        note: v.note.clone(),
        cases: 0,
        created_at: now,
        updated_at: now,
    }
}

fn new_case(v: &ValidCase, inspection_id: Uuid) -> InspectionCase {
    InspectionCase {
        id: new_id(),
        inspection_id,
        kind: v.kind,
        offender: v.offender.clone(),
        address: v.address.clone(),
        outcome: v.outcome,
        note: v.note.clone(),
    }
}
