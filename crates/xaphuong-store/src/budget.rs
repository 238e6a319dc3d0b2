//! Budget revenue: estimates, adjustments, collections, and the running
//! totals against the estimate at any date.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::budget::{self as rules, AmountInput, BudgetRow, Entry, Line, ValidAmount};
use xaphuong_core::import::ImportRow;
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::Parsed;
use crate::{Listing, Page, Result, Store, new_id, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetEntry {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i16,
    pub entry: Entry,
    pub line: Line,
    pub on: Date,
    /// Đồng counted in "thu NSNN trên địa bàn".
    pub nsnn: i64,
    /// Đồng counted in "thu ngân sách xã".
    pub nsx: i64,
    pub document: String,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl BudgetEntry {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

crate::audit::audited!(BudgetEntry);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    unit_path: String,
    year: i64,
    entry: String,
    line: String,
    on_date: Parsed<Date>,
    nsnn: i64,
    nsx: i64,
    document: String,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for BudgetEntry {
    fn from(r: Row) -> Self {
        BudgetEntry {
            id: r.id,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            year: r.year as i16,
            entry: Entry::parse(&r.entry).unwrap_or(Entry::Collection),
            line: Line::parse(&r.line).unwrap_or(Line::Other),
            on: r.on_date.0,
            nsnn: r.nsnn,
            nsx: r.nsx,
            document: r.document,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str = "id, commune_id, unit_path, year, entry, line, on_date, nsnn, nsx, document, note, created_at, updated_at";

const FILTER: &str = "unit_path >= $1 AND unit_path < $2 AND year = $3
    AND ($4 IS NULL OR (($4 = 'estimates' AND entry <> 'collection') OR ($4 = 'collections' AND entry = 'collection')))
    AND ($5 IS NULL OR line = $5)
    AND ($6 IS NULL OR search_key LIKE $6 ESCAPE '\\')";

#[derive(Debug, Clone, Default)]
pub struct BudgetFilter {
    pub year: i16,
    /// Only estimates (and adjustments), or only collections.
    pub estimates: Option<bool>,
    pub line: Option<Line>,
    /// Document or note, diacritics ignored.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One line's estimate and collections as of a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub estimate_nsnn: i64,
    pub estimate_nsx: i64,
    pub collected_nsnn: i64,
    pub collected_nsx: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.estimate_nsnn += o.estimate_nsnn;
        self.estimate_nsx += o.estimate_nsx;
        self.collected_nsnn += o.collected_nsnn;
        self.collected_nsx += o.collected_nsx;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BudgetSummary {
    pub lines: Vec<(Line, Figures)>,
    pub total: Figures,
}

/// The register's list, read by `select`.
fn listing(select: &str) -> Listing<'_> {
    Listing {
        from: "budget_entries",
        select,
        filter: FILTER,
        order: "on_date DESC, id DESC",
    }
}

/// `$1` to `$6` of [`FILTER`].
fn filter_args(scope: &Scope, f: &BudgetFilter) -> Args {
    let side = f
        .estimates
        .map(|e| if e { "estimates" } else { "collections" });
    Args::scope(scope)
        .int(i64::from(f.year))
        .text(side)
        .text(f.line.map(Line::as_str))
        .text(crate::search_pattern(f.q.as_deref()))
}

fn search_key(v: &ValidAmount) -> String {
    text::fold(&format!("{} {}", v.document, v.note))
}

impl Store {
    /// Estimates (with adjustments decided) and collections up to `as_of`,
    /// by line, inside `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn budget_summary(
        &self,
        scope: &Scope,
        year: i16,
        as_of: Date,
    ) -> Result<BudgetSummary> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<(String, String, i64, i64)> = self
            .all(
                "SELECT line, CASE WHEN entry = 'collection' THEN 'c' ELSE 'e' END AS side,
                    CAST(SUM(nsnn) AS BIGINT), CAST(SUM(nsx) AS BIGINT)
             FROM budget_entries
             WHERE unit_path >= $1 AND unit_path < $2 AND year = $3 AND on_date <= $4
             GROUP BY line, CASE WHEN entry = 'collection' THEN 'c' ELSE 'e' END",
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .bind(i64::from(year))
                    .bind(as_of.to_string()),
            )
            .await?;
        let mut summary = BudgetSummary::default();
        for line in Line::ALL {
            let mut f = Figures::default();
            for (_, side, nsnn, nsx) in rows.iter().filter(|r| r.0 == line.as_str()) {
                if side == "c" {
                    f.collected_nsnn += nsnn;
                    f.collected_nsx += nsx;
                } else {
                    f.estimate_nsnn += nsnn;
                    f.estimate_nsx += nsx;
                }
            }
            if f != Figures::default() {
                summary.total.add(&f);
                summary.lines.push((*line, f));
            }
        }
        Ok(summary)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn budget_entry(&self, scope: &Scope, id: Uuid) -> Result<BudgetEntry> {
        let sql = format!(
            "SELECT {COLUMNS} FROM budget_entries WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"
        );
        let row: Row = self
            .scoped_row(sql, scope, id, "mục dự toán, số thu")
            .await?;
        Ok(BudgetEntry::from(row))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn budget_entries(
        &self,
        scope: &Scope,
        f: &BudgetFilter,
    ) -> Result<Page<BudgetEntry>> {
        let select = format!("SELECT {COLUMNS} FROM budget_entries");
        let list = listing(&select);
        self.page::<Row, _>(&list, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every entry matching `f` (page and size ignored), in the list's
    /// order: the year's register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn budget_register(
        &self,
        scope: &Scope,
        f: &BudgetFilter,
    ) -> BoxStream<'_, Result<BudgetEntry>> {
        let select = format!("SELECT {COLUMNS} FROM budget_entries");
        self.stream::<Row, _>(listing(&select).rows(), filter_args(scope, f))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_budget_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        entry: Entry,
        input: &AmountInput,
    ) -> Result<BudgetEntry> {
        let commune = self
            .commune_in(scope, commune_id, "Ngân sách được ghi cho xã, phường")
            .await?;
        if !(1990..=2100).contains(&year) {
            return Err(Invalid::one("year", "Năm ngân sách không hợp lệ").into());
        }
        let v = rules::validate(input, year, entry == Entry::Adjustment)?;
        let b = new_budget_entry(&v, year, entry, commune.id, commune.path.clone(), now_ms());
        let mut tx = self.db.begin().await?;
        insert_budget_entry(&mut tx, actor, &b, &search_key(&v)).await?;
        tx.commit().await?;
        Ok(b)
    }

    /// Imports estimate lines, adjustments and collections into
    /// `commune_id`, all or nothing: every row is checked first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_budget(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<BudgetRow>],
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            match rules::validate_row(&r.input) {
                Ok(v) => ready.push(v),
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (year, entry, v) in &ready {
            let b = new_budget_entry(
                v,
                *year,
                *entry,
                place.commune.id,
                place.commune.path.clone(),
                now,
            );
            insert_budget_entry(&mut tx, actor, &b, &search_key(v)).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_budget_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &AmountInput,
    ) -> Result<BudgetEntry> {
        let before = self.budget_entry(scope, id).await?;
        let v = rules::validate(input, before.year, before.entry == Entry::Adjustment)?;
        let (commune_id, unit_path) = (before.commune_id, before.unit_path.clone());
        let after = BudgetEntry {
            id: before.id,
            created_at: before.created_at,
            ..new_budget_entry(
                &v,
                before.year,
                before.entry,
                commune_id,
                unit_path,
                now_ms(),
            )
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE budget_entries SET line = $2, on_date = $3, nsnn = $4, nsx = $5, document = $6, note = $7, search_key = $8, updated_at = $9 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.line.as_str())
                .bind(after.on.to_string())
                .bind(after.nsnn)
                .bind(after.nsx)
                .bind(&after.document)
                .bind(&after.note)
                .bind(search_key(&v))
                .bind(after.updated_at),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::BudgetEntry, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_budget_entry(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let b = self.budget_entry(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::BudgetEntry,
            &b,
            &["DELETE FROM budget_entries WHERE id = $1"],
        )
        .await
    }
}

async fn insert_budget_entry(tx: &mut Tx, actor: &Actor, b: &BudgetEntry, key: &str) -> Result<()> {
    tx.run(
        "INSERT INTO budget_entries (id, commune_id, unit_path, year, entry, line, on_date, nsnn, nsx, document, note, search_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        Args::new()
            .bind(b.id)
            .bind(b.commune_id)
            .bind(&b.unit_path)
            .bind(i64::from(b.year))
            .bind(b.entry.as_str())
            .bind(b.line.as_str())
            .bind(b.on.to_string())
            .bind(b.nsnn)
            .bind(b.nsx)
            .bind(&b.document)
            .bind(&b.note)
            .bind(key)
            .bind(b.created_at)
            .bind(b.created_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::BudgetEntry, b).await?;
    Ok(())
}

fn new_budget_entry(
    v: &ValidAmount,
    year: i16,
    entry: Entry,
    commune_id: Uuid,
    unit_path: String,
    now: i64,
) -> BudgetEntry {
    BudgetEntry {
        id: new_id(),
        commune_id,
        unit_path,
        year,
        entry,
        line: v.line,
        on: v.on,
        nsnn: v.nsnn,
        nsx: v.nsx,
        document: v.document.clone(),
        note: v.note.clone(),
        created_at: now,
        updated_at: now,
    }
}
