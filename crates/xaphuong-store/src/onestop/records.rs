//! Dossiers handed over whole, with their timeline and rating: from the
//! one-stop software a commune used before, or generated for a demo
//! province. Written in batches, in one transaction, with the aggregates
//! and an audit entry for each.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::units::Level;

use super::actions::{EVENT_COLUMNS, push_event};
use super::counts::CountChanges;
use super::filing::{DOSSIER_COLUMNS, push_dossier};
use super::{DISSATISFIED, Dossier, TimelineStep};
use crate::audit::{self, Change};
use crate::bulk::{Batch, Ty};
use crate::error::on_unique;
use crate::{Result, Store, now_ms};

/// A citizen's rating of a returned dossier.
#[derive(Debug, Clone, Serialize)]
pub struct RatingRecord {
    pub scale: String,
    pub answers: String,
    pub comment: String,
    pub at: jiff::Timestamp,
}

/// A dossier as it stands, the day's number its code carries, each step
/// of its timeline, and its rating.
#[derive(Debug, Clone)]
pub struct DossierRecord {
    pub dossier: Dossier,
    pub sequence: u32,
    pub timeline: Vec<TimelineStep>,
    pub rating: Option<RatingRecord>,
}

const RATING_COLUMNS: &[(&str, Ty)] = &[
    ("dossier_id", Ty::Uuid),
    ("scale", Ty::Text),
    ("answers", Ty::Text),
    ("comment", Ty::Text),
    ("rated_at", Ty::Int),
];

const SEQUENCE_COLUMNS: &[(&str, Ty)] = &[
    ("commune_id", Ty::Uuid),
    ("day", Ty::Text),
    ("last", Ty::Int),
];

/// Rows held before they are written.
const FLUSH_AT: usize = 5_000;

impl Store {
    /// Keeps `records`, all of commune `commune_id`, in one transaction:
    /// each dossier with its timeline, rating, aggregates and audit entry;
    /// the commune's daily numbers move past those the codes used.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_dossiers(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        records: &[DossierRecord],
    ) -> Result<usize> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit_id", "Hồ sơ thuộc một xã, phường").into());
        }
        let fields: HashMap<Uuid, String> = self
            .procedures(None)
            .await?
            .into_iter()
            .map(|p| (p.id, p.field))
            .collect();
        let mut last: HashMap<Date, u32> = HashMap::new();
        for r in records {
            let d = &r.dossier;
            if d.commune_id != commune.id || d.unit_path != commune.path {
                return Err(Invalid::one(
                    "unit_id",
                    format!("Hồ sơ {} không thuộc {}", d.code, commune.name),
                )
                .into());
            }
            if !fields.contains_key(&d.procedure_id) {
                return Err(Invalid::one(
                    "procedure_id",
                    format!("Hồ sơ {}: thủ tục không có trong danh mục", d.code),
                )
                .into());
            }
            let day = last.entry(d.submitted_at.date()).or_default();
            *day = (*day).max(r.sequence);
        }
        let now = now_ms();
        let mut w = Writes {
            dossiers: Batch::new("dossiers", DOSSIER_COLUMNS),
            events: Batch::new("dossier_events", EVENT_COLUMNS),
            ratings: Batch::new("dossier_ratings", RATING_COLUMNS),
            entries: audit::batch(),
            counts: CountChanges::default(),
        };
        let mut tx = self.db.begin().await?;
        for r in records {
            let d = &r.dossier;
            let field = &fields[&d.procedure_id];
            push_dossier(&mut w.dossiers, d, now);
            for e in &r.timeline {
                push_event(&mut w.events, d.id, e);
            }
            w.counts.dossier(d, field, 1);
            if let Some(rating) = &r.rating {
                let at = rating.at.as_millisecond();
                w.ratings
                    .uuid(d.id)
                    .text(rating.scale.clone())
                    .text(rating.answers.clone())
                    .text(rating.comment.clone())
                    .int(at);
                w.counts
                    .rating(d, field, at, rating.answers == DISSATISFIED);
            }
            audit::push(
                &mut w.entries,
                actor,
                Change::insert(Entity::Dossier, d.id, d.place(), d),
            )?;
            if w.dossiers.len() >= FLUSH_AT || w.events.len() >= FLUSH_AT || w.counts.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        let mut sequences = Batch::with_tail(
            "dossier_sequences",
            SEQUENCE_COLUMNS,
            "ON CONFLICT (commune_id, day) DO UPDATE SET last = CASE
                 WHEN excluded.last > dossier_sequences.last THEN excluded.last ELSE dossier_sequences.last END",
        );
        for (day, n) in last {
            sequences
                .uuid(commune.id)
                .text(day.to_string())
                .int(i64::from(n));
        }
        sequences.flush(&mut tx).await?;
        tx.commit().await?;
        Ok(records.len())
    }
}

/// The rows of records being loaded, written a share at a time.
struct Writes {
    dossiers: Batch,
    events: Batch,
    ratings: Batch,
    entries: Batch,
    counts: CountChanges,
}

impl Writes {
    /// Dossiers before what refers to them.
    async fn flush(&mut self, tx: &mut crate::db::Tx) -> Result<()> {
        self.dossiers
            .flush(tx)
            .await
            .map_err(|e| on_unique(e, "code", "Mã hồ sơ trùng với hồ sơ đã có"))?;
        self.events.flush(tx).await?;
        self.ratings.flush(tx).await?;
        self.entries.flush(tx).await?;
        self.counts.flush(tx).await
    }
}
