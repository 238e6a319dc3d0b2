//! The yearly poverty and cultural-family reviews of a household, and the
//! dated steps of a commune's poverty review.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};
use xaphuong_core::households::culture::{self, Assessment, CultureInput, Exclusion};
use xaphuong_core::households::poverty::{self, ReviewInput, ReviewStep, ValidReview};
use xaphuong_core::units::Level;
use xaphuong_core::{Invalid, text};

use super::{CultureReview, Household, PovertyReview, PovertyRowDb, claim_household};
use crate::args::Args;
use crate::audit::{self, Change, Place};
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::stored::{Code, Parsed};
use crate::version;
use crate::{Result, Store, new_id, now_ms};

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn poverty_reviews(&self, scope: &Scope, id: Uuid) -> Result<Vec<PovertyReview>> {
        let h = self.household(scope, id).await?;
        let rows: Vec<PovertyRowDb> = self
            .all(
                "SELECT year, standard, area, income, deprivations, class FROM poverty_reviews
                 WHERE household_id = $1 ORDER BY year",
                Args::new().bind(h.id),
            )
            .await?;
        Ok(rows.into_iter().map(PovertyReview::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn culture_reviews(&self, scope: &Scope, id: Uuid) -> Result<Vec<CultureReview>> {
        let h = self.household(scope, id).await?;
        self.all(
            "SELECT year, law, emulation, family, exclusions, decision_date, recognised, reasons
                 FROM culture_reviews WHERE household_id = $1 ORDER BY year",
            Args::new().bind(h.id),
        )
        .await
    }

    /// Records (or replaces) a household's poverty review of a year,
    /// classified by that year's standard and the household's area;
    /// `seen` is the household's version the officer's page showed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_poverty_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &ReviewInput,
        seen: Option<i64>,
    ) -> Result<PovertyReview> {
        let h = self.household(scope, household_id).await?;
        version::check_seen(seen, h.updated_at)?;
        let standards = self.poverty_standards().await?;
        let mut input = input.clone();
        if input.area.trim().is_empty() {
            input.area = h.area.as_str().to_owned();
        }
        let v = poverty::validate_review(&standards, &input)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let r = write_poverty(&mut tx, actor, &h, &v).await?;
        emit_review(&mut tx, &h, "poverty", i64::from(r.year), r.class.as_str()).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Records (or replaces) a household's cultural-family review of a year;
    /// the outcome follows NĐ 86/2023 (see [`culture::decide`]).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_culture_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &CultureInput,
        seen: Option<i64>,
    ) -> Result<CultureReview> {
        let h = self.household(scope, household_id).await?;
        version::check_seen(seen, h.updated_at)?;
        let v = culture::validate_culture(input)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let r = write_culture(&mut tx, actor, &h, v.year, &v.assessment).await?;
        let outcome = if r.recognised {
            "recognised"
        } else {
            "not_recognised"
        };
        emit_review(&mut tx, &h, "culture", r.year, outcome).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The dated steps of a commune's poverty review of a year.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn review_steps(
        &self,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
    ) -> Result<Vec<(ReviewStep, Date, String)>> {
        let commune = self.unit(scope, commune_id).await?;
        let rows: Vec<(Code<ReviewStep>, Parsed<Date>, String)> = self
            .all(
                "SELECT step, on_date, document FROM review_steps
                 WHERE commune_id = $1 AND year = $2 AND kind = 'poverty'",
                Args::new().bind(commune.id).bind(i64::from(year)),
            )
            .await?;
        let mut steps: Vec<_> = rows
            .into_iter()
            .map(|(s, d, doc)| (s.0, d.0, doc))
            .collect();
        steps.sort_by_key(|(s, ..)| s.order());
        Ok(steps)
    }

    #[allow(clippy::too_many_arguments)]
    /// Records the date of a step of the commune's poverty review (QĐ
    /// 24/2021/QĐ-TTg); the steps stay in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_review_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        step: ReviewStep,
        on: Date,
        document: &str,
    ) -> Result<()> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit", "Bước rà soát ghi cho xã, phường").into());
        }
        let mut steps: Vec<(ReviewStep, Date)> = self
            .review_steps(scope, commune.id, year)
            .await?
            .into_iter()
            .filter(|(s, ..)| *s != step)
            .map(|(s, d, _)| (s, d))
            .collect();
        steps.push((step, on));
        steps.sort_by_key(|(s, _)| s.order());
        poverty::check_steps(&steps)?;
        let mut tx = self.db.begin().await?;
        let id = new_id();
        tx.run(
            "INSERT INTO review_steps (id, commune_id, year, kind, step, on_date, document, created_at)
                 VALUES ($1, $2, $3, 'poverty', $4, $5, $6, $7)
                 ON CONFLICT (commune_id, year, kind, step) DO UPDATE SET on_date = $5, document = $6",
            Args::new()
                .bind(id)
                .bind(commune.id)
                .bind(i64::from(year))
                .bind(step.as_str())
                .bind(on.to_string())
                .bind(text::clean(document))
                .bind(now_ms()),
        )
        .await?;
        #[derive(Serialize)]
        struct StepEntry<'a> {
            year: i16,
            step: &'a str,
            on: String,
            document: &'a str,
        }
        tx.audit(
            actor,
            Change::new(
                Entity::ReviewStep,
                commune.id,
                Action::Update,
                Place::at(commune.id, &commune.path),
                None::<&()>,
                Some(&StepEntry {
                    year,
                    step: step.label(),
                    on: on.to_string(),
                    document,
                }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

const POVERTY_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("year", Ty::Int),
    ("standard", Ty::Text),
    ("area", Ty::Text),
    ("income", Ty::Int),
    ("deprivations", Ty::Text),
    ("class", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

const CULTURE_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("year", Ty::Int),
    ("law", Ty::Bool),
    ("emulation", Ty::Bool),
    ("family", Ty::Bool),
    ("exclusions", Ty::Text),
    ("meeting_date", Ty::Text),
    ("posting_from", Ty::Text),
    ("posting_to", Ty::Text),
    ("decision_date", Ty::Text),
    ("recognised", Ty::Bool),
    ("reasons", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

/// Reviews with their audit entries, written in batches; a household's
/// review of a year replaces the one recorded before.
pub(super) struct ReviewWrites {
    poverty: Batch,
    culture: Batch,
    audit: Batch,
    now: i64,
}

impl ReviewWrites {
    const FLUSH_AT: usize = 4_000;

    pub(super) fn new() -> Self {
        ReviewWrites {
            poverty: Batch::with_tail(
                "poverty_reviews",
                POVERTY_COLUMNS,
                "ON CONFLICT (household_id, year) DO UPDATE SET standard = excluded.standard, area = excluded.area,
                     income = excluded.income, deprivations = excluded.deprivations, class = excluded.class,
                     updated_at = excluded.updated_at",
            ),
            culture: Batch::with_tail(
                "culture_reviews",
                CULTURE_COLUMNS,
                "ON CONFLICT (household_id, year) DO UPDATE SET law = excluded.law, emulation = excluded.emulation,
                     family = excluded.family, exclusions = excluded.exclusions, meeting_date = excluded.meeting_date,
                     posting_from = excluded.posting_from, posting_to = excluded.posting_to,
                     decision_date = excluded.decision_date, recognised = excluded.recognised,
                     reasons = excluded.reasons, updated_at = excluded.updated_at",
            ),
            audit: audit::batch(),
            now: now_ms(),
        }
    }

    /// `before`: the household's review of that year as recorded.
    pub(super) fn poverty(
        &mut self,
        actor: &Actor,
        h: &Household,
        v: &ValidReview,
        before: Option<PovertyReview>,
    ) -> Result<PovertyReview> {
        let r = PovertyReview {
            year: v.year,
            standard: v.standard.clone(),
            area: v.area,
            income: v.income,
            deprivations: v.deprived.clone(),
            class: v.class,
        };
        self.poverty
            .uuid(new_id())
            .uuid(h.id)
            .text(h.unit_path.clone())
            .int(i64::from(r.year))
            .text(r.standard.clone())
            .text(r.area.as_str())
            .int(r.income)
            .text(r.deprivations.join(","))
            .text(r.class.as_str())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Change::upsert(Entity::PovertyReview, h.id, h.place(), before.as_ref(), &r),
        )?;
        Ok(r)
    }

    pub(super) fn culture(
        &mut self,
        actor: &Actor,
        h: &Household,
        year: i16,
        a: &Assessment,
    ) -> Result<CultureReview> {
        let outcome = culture::decide(a, year);
        let exclusions: Vec<&str> = a.exclusions.iter().map(|e: &Exclusion| e.label()).collect();
        let r = CultureReview {
            year: i64::from(year),
            law: a.law,
            emulation: a.emulation,
            family: a.family,
            exclusions: exclusions.join("; "),
            decision_date: a.decision_date.map(|d| d.to_string()),
            recognised: outcome.recognised,
            reasons: outcome.reasons.join("\n"),
        };
        let d = |x: Option<Date>| x.map(|d| d.to_string());
        self.culture
            .uuid(new_id())
            .uuid(h.id)
            .text(h.unit_path.clone())
            .int(r.year)
            .bool(r.law)
            .bool(r.emulation)
            .bool(r.family)
            .text(r.exclusions.clone())
            .opt_text(d(a.meeting_date))
            .opt_text(d(a.posting_from))
            .opt_text(d(a.posting_to))
            .opt_text(r.decision_date.clone())
            .bool(r.recognised)
            .text(r.reasons.clone())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Change::new(
                Entity::CultureReview,
                h.id,
                Action::Update,
                h.place(),
                None::<&()>,
                Some(&r),
            ),
        )?;
        Ok(r)
    }

    pub(super) fn full(&self) -> bool {
        self.poverty.len() + self.culture.len() >= Self::FLUSH_AT
    }

    pub(super) async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        self.poverty.flush(tx).await?;
        self.culture.flush(tx).await?;
        self.audit.flush(tx).await
    }
}

/// The poverty reviews of `years` recorded for the households under
/// `path`, by household and year.
pub(super) async fn poverty_reviews_under(
    tx: &mut Tx,
    path: &str,
    years: &[i16],
) -> Result<HashMap<(Uuid, i16), PovertyReview>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        household_id: Uuid,
        #[sqlx(flatten)]
        review: PovertyRowDb,
    }
    let (lo, hi) = Scope::Subtree(path.to_owned()).path_range();
    let mut out = HashMap::new();
    for year in years {
        let rows: Vec<Row> = tx!(tx, |c| {
            sqlx::query_as(
                "SELECT household_id, year, standard, area, income, deprivations, class FROM poverty_reviews
                 WHERE unit_path >= $1 AND unit_path < $2 AND year = $3",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(i64::from(*year))
            .fetch_all(c)
            .await
        })?;
        for r in rows {
            out.insert((r.household_id, *year), PovertyReview::from(r.review));
        }
    }
    Ok(out)
}

async fn write_poverty(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    v: &ValidReview,
) -> Result<PovertyReview> {
    let before: Option<PovertyRowDb> = tx!(tx, |c| {
        sqlx::query_as(
            "SELECT year, standard, area, income, deprivations, class FROM poverty_reviews
             WHERE household_id = $1 AND year = $2",
        )
        .bind(h.id)
        .bind(i64::from(v.year))
        .fetch_optional(c)
        .await
    })?;
    let mut w = ReviewWrites::new();
    let r = w.poverty(actor, h, v, before.map(PovertyReview::from))?;
    w.flush(tx).await?;
    Ok(r)
}

async fn write_culture(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    year: i16,
    a: &Assessment,
) -> Result<CultureReview> {
    let mut w = ReviewWrites::new();
    let r = w.culture(actor, h, year, a)?;
    w.flush(tx).await?;
    Ok(r)
}

/// A review recorded, as other systems are told of it: the household's
/// code and the outcome, no names.
async fn emit_review(
    tx: &mut crate::db::Tx,
    h: &super::Household,
    review: &str,
    year: i64,
    outcome: &str,
) -> Result<()> {
    crate::webhooks::emit(
        tx,
        crate::webhooks::NewEvent {
            kind: xaphuong_core::webhooks::REVIEW_RECORDED,
            record: "household",
            record_id: h.id,
            commune_id: h.commune_id,
            unit_path: &h.unit_path,
            data: serde_json::json!({
                "household": h.code,
                "review": review,
                "year": year,
                "outcome": outcome,
            }),
            email: None,
        },
    )
    .await
}
