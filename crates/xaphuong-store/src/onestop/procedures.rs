//! The procedure catalogue: the built-in procedures, those added or changed
//! by hand or from a file, and their fields.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::onestop::procedures::{
    OnlineLevel, ProcedureInput, ProcessingTime, STARTER, ValidProcedure, validate_procedure,
};
use xaphuong_core::{FieldError, Invalid, text};

use super::counts;
use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::{Result, Store, StoreError, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub field: String,
    #[serde(skip)]
    pub time: ProcessingTime,
    pub time_text: String,
    pub fee: String,
    pub papers: Vec<String>,
    pub result: String,
    pub online: OnlineLevel,
    pub basis: String,
    pub steps: Vec<u32>,
}

impl Procedure {
    /// The procedure as its form and its file row write it.
    pub fn input(&self) -> ProcedureInput {
        ProcedureInput {
            code: self.code.clone(),
            name: self.name.clone(),
            field: self.field.clone(),
            time: self.time_text.clone(),
            fee: self.fee.clone(),
            papers: self.papers.join("\n"),
            result: self.result.clone(),
            online: self.online.as_str().to_owned(),
            basis: self.basis.clone(),
            steps: self
                .steps
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ProcedureRow {
    id: Uuid,
    code: String,
    name: String,
    field: String,
    time: String,
    fee: String,
    papers: String,
    result: String,
    online: String,
    basis: String,
    steps: String,
}

impl From<ProcedureRow> for Procedure {
    fn from(r: ProcedureRow) -> Self {
        let time = ProcessingTime::parse(&r.time).unwrap_or(ProcessingTime::WorkingDays(1));
        Procedure {
            id: r.id,
            code: r.code,
            name: r.name,
            field: r.field,
            time_text: time.as_text(),
            time,
            fee: r.fee,
            papers: r.papers.lines().map(str::to_owned).collect(),
            result: r.result,
            online: OnlineLevel::parse(&r.online).unwrap_or(OnlineLevel::Offline),
            basis: r.basis,
            steps: r.steps.split(',').filter_map(|s| s.parse().ok()).collect(),
        }
    }
}

const PROCEDURE_COLUMNS: &str =
    "id, code, name, field, time, fee, papers, result, online, basis, steps";

impl Store {
    /// Adds the built-in procedures the deployment does not have (by code).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ensure_procedure_catalogue(&self, actor: &Actor) -> Result<usize> {
        let have: Vec<(String,)> = self.all("SELECT code FROM procedures", Args::new()).await?;
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        let mut added = 0;
        for s in STARTER {
            if have.iter().any(|(c,)| c == s.code) {
                continue;
            }
            let v = ValidProcedure {
                code: s.code.into(),
                name: s.name.into(),
                field: s.field.into(),
                time: s.time,
                fee: s.fee.into(),
                papers: s.papers.iter().map(|x| (*x).to_owned()).collect(),
                result: s.result.into(),
                online: s.online,
                basis: s.basis.into(),
                steps: s.steps,
            };
            write_procedure(&mut tx, actor, None, &v, now).await?;
            added += 1;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Adds a procedure to the catalogue (`id` None) or changes one; the
    /// national code stays unique.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_procedure(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &ProcedureInput,
    ) -> Result<Procedure> {
        let v = validate_procedure(input)?;
        let before = match id {
            Some(id) => Some(self.procedure(id).await?),
            None => None,
        };
        let clash = self.procedure_by_code(&v.code).await?;
        if clash.as_ref().is_some_and(|c| Some(c.id) != id) {
            return Err(Invalid::one(
                "code",
                format!("Đã có thủ tục mã {} trong danh mục", v.code),
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let (p, _) = write_procedure(&mut tx, actor, before.as_ref(), &v, now_ms()).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// The catalogue from a file: every row checked first, then each
    /// procedure added or (by its code) replaced, all in one transaction.
    /// Returns (added, changed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_procedures(
        &self,
        actor: &Actor,
        rows: &[ImportRow<ProcedureInput>],
    ) -> Result<(usize, usize)> {
        let mut errors = Vec::new();
        let mut ready: Vec<ValidProcedure> = Vec::with_capacity(rows.len());
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for r in rows {
            match validate_procedure(&r.input) {
                Ok(v) => {
                    if let Some(first) = seen.insert(v.code.clone(), r.row) {
                        errors.push(
                            FieldError::new(
                                "code",
                                format!("Mã {} trùng với dòng {first}", v.code),
                            )
                            .at_row(r.row),
                        );
                    }
                    ready.push(v);
                }
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let existing = self.procedures(None).await?;
        let (mut added, mut changed) = (0, 0);
        let mut tx = self.db.begin().await?;
        for v in &ready {
            let before = existing.iter().find(|p| p.code == v.code);
            let (_, written) = write_procedure(&mut tx, actor, before, v, now_ms()).await?;
            match (before, written) {
                (None, _) => added += 1,
                (Some(_), true) => changed += 1,
                (Some(_), false) => {}
            }
        }
        tx.commit().await?;
        Ok((added, changed))
    }

    async fn procedure_by_code(&self, code: &str) -> Result<Option<Procedure>> {
        let row: Option<ProcedureRow> = self
            .opt(
                format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE code = $1"),
                Args::new().bind(code),
            )
            .await?;
        Ok(row.map(Procedure::from))
    }

    /// The catalogue, by field and name; `q` matches code, name or field
    /// without diacritics.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedures(&self, q: Option<&str>) -> Result<Vec<Procedure>> {
        let like = q.map(|q| format!("%{}%", text::fold(q)));
        let sql = format!(
            "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE ($1 IS NULL OR search_key LIKE $1) ORDER BY field, name"
        );
        let rows: Vec<ProcedureRow> = self.all(sql, Args::new().bind(&like)).await?;
        Ok(rows.into_iter().map(Procedure::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedure(&self, id: Uuid) -> Result<Procedure> {
        let row: Option<ProcedureRow> = self
            .opt(
                format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE id = $1"),
                Args::new().bind(id),
            )
            .await?;
        row.map(Procedure::from)
            .ok_or(StoreError::NotFound("thủ tục hành chính"))
    }

    /// The fields of the catalogue, for the statistics' filter.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn procedure_fields(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = self
            .all(
                "SELECT DISTINCT field FROM procedures ORDER BY field",
                Args::new(),
            )
            .await?;
        Ok(rows.into_iter().map(|(f,)| f).collect())
    }
}

/// Inserts a procedure, or replaces `before` with it, with its audit entry,
/// written at `now`; says whether anything was written (an unchanged
/// procedure is not).
async fn write_procedure(
    tx: &mut Tx,
    actor: &Actor,
    before: Option<&Procedure>,
    v: &ValidProcedure,
    now: i64,
) -> Result<(Procedure, bool)> {
    let p = Procedure {
        id: before.map_or_else(new_id, |b| b.id),
        code: v.code.clone(),
        name: v.name.clone(),
        field: v.field.clone(),
        time: v.time,
        time_text: v.time.as_text(),
        fee: v.fee.clone(),
        papers: v.papers.clone(),
        result: v.result.clone(),
        online: v.online,
        basis: v.basis.clone(),
        steps: v.steps.to_vec(),
    };
    if before.is_some_and(|b| *b == p) {
        return Ok((p, false));
    }
    // created_at is set on insert and kept on update.
    let sql = if before.is_some() {
        "UPDATE procedures SET code = $2, name = $3, field = $4, search_key = $5, time = $6, fee = $7, papers = $8,
             result = $9, online = $10, basis = $11, steps = $12, updated_at = $13 WHERE id = $1"
    } else {
        "INSERT INTO procedures (id, code, name, field, search_key, time, fee, papers, result, online, basis, steps, updated_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)"
    };
    exec!(tx, |c| {
        sqlx::query(sql)
            .bind(p.id)
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.field)
            .bind(text::fold(&format!("{} {} {}", p.code, p.name, p.field)))
            .bind(p.time.storage())
            .bind(&p.fee)
            .bind(p.papers.join("\n"))
            .bind(&p.result)
            .bind(p.online.as_str())
            .bind(&p.basis)
            .bind(
                p.steps
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .bind(now)
            .execute(c)
            .await
    })?;
    if let Some(b) = before.filter(|b| b.field != p.field) {
        counts::move_field(tx, p.id, &b.field, &p.field).await?;
    }
    tx.audit(
        actor,
        Change::upsert(Entity::Procedure, p.id, Place::NOWHERE, before, &p),
    )
    .await?;
    Ok((p, true))
}
