//! Spending of the commune budget: estimates, adjustments, payments, and
//! the execution against the estimate at any date.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::spending::{
    self as rules, Entry, Item, SpendingInput, SpendingRow, ValidSpending,
};
use xaphuong_core::{FieldError, text};

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::version::{self, Versioned};
use crate::{Listing, Page, Result, Store, new_id, now_ms};

/// An estimate line, an adjustment or a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendingEntry {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i16,
    pub entry: Entry,
    pub item: Item,
    pub on: Date,
    /// Đồng; an adjustment may be negative.
    pub amount: i64,
    /// The public work a development investment pays for, and its name.
    pub work_id: Option<Uuid>,
    pub work_name: Option<String>,
    pub document: String,
    pub note: String,
    pub created_at: i64,
    /// The version a change must carry.
    pub updated_at: i64,
}

impl SpendingEntry {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

crate::audit::audited!(SpendingEntry);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    unit_path: String,
    year: i64,
    entry: Code<Entry>,
    item: Code<Item>,
    on_date: Parsed<Date>,
    amount: i64,
    work_id: Option<Uuid>,
    work_name: Option<String>,
    document: String,
    note: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for SpendingEntry {
    fn from(r: Row) -> Self {
        SpendingEntry {
            id: r.id,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            // The year was checked to lie within 1990–2100 when written.
            year: i16::try_from(r.year).unwrap_or(i16::MAX),
            entry: r.entry.0,
            item: r.item.0,
            on: r.on_date.0,
            amount: r.amount,
            work_id: r.work_id,
            work_name: r.work_name,
            document: r.document,
            note: r.note,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str =
    "SELECT s.id, s.commune_id, s.unit_path, s.year, s.entry, s.item, s.on_date, s.amount,
    s.work_id, w.name AS work_name, s.document, s.note, s.created_at, s.updated_at
    FROM spending_entries s LEFT JOIN works w ON w.id = s.work_id";

/// `$3` the year, `$4` estimates or payments, `$5` an item, `$6` the search.
const FILTER: &str = "s.unit_path >= $1 AND s.unit_path < $2 AND s.year = $3
    AND ($4 IS NULL OR (($4 = 'estimates' AND s.entry <> 'payment') OR ($4 = 'payments' AND s.entry = 'payment')))
    AND ($5 IS NULL OR s.item = $5)
    AND ($6 IS NULL OR s.search_key LIKE $6 ESCAPE '\\')";

const LIST: Listing = Listing {
    from: "spending_entries s",
    select: SELECT,
    filter: FILTER,
    order: "s.on_date DESC, s.id DESC",
};

/// What the spending register is filtered by.
#[derive(Debug, Clone, Default)]
pub struct SpendingFilter {
    pub year: i16,
    /// Only estimates (and adjustments), or only payments.
    pub estimates: Option<bool>,
    pub item: Option<Item>,
    /// Document, note or work, diacritics ignored.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One item's estimate and payments as of a date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SpendingFigures {
    pub estimate: i64,
    pub paid: i64,
}

/// The year's execution by item, and in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SpendingSummary {
    pub items: Vec<(Item, SpendingFigures)>,
    pub total: SpendingFigures,
}

fn filter_args(scope: &Scope, f: &SpendingFilter) -> Args {
    let side = f
        .estimates
        .map(|e| if e { "estimates" } else { "payments" });
    Args::scope(scope)
        .int(i64::from(f.year))
        .text(side)
        .text(f.item.map(Item::as_str))
        .text(crate::search_pattern(f.q.as_deref()))
}

fn search_key(v: &ValidSpending, work: Option<&str>) -> String {
    text::fold(&format!(
        "{} {} {}",
        v.document,
        v.note,
        work.unwrap_or_default()
    ))
}

impl Store {
    /// The year's estimates (with the adjustments decided) and payments up
    /// to `as_of`, by item, inside `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn spending_summary(
        &self,
        scope: &Scope,
        year: i16,
        as_of: Date,
    ) -> Result<SpendingSummary> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<(String, String, Option<i64>)> = self
            .all(
                "SELECT item, CASE WHEN entry = 'payment' THEN 'p' ELSE 'e' END AS side,
                    CAST(SUM(amount) AS BIGINT)
                 FROM spending_entries
                 WHERE unit_path >= $1 AND unit_path < $2 AND year = $3 AND on_date <= $4
                 GROUP BY item, CASE WHEN entry = 'payment' THEN 'p' ELSE 'e' END",
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .bind(i64::from(year))
                    .bind(as_of.to_string()),
            )
            .await?;
        let mut summary = SpendingSummary::default();
        for item in Item::ALL {
            let mut f = SpendingFigures::default();
            for (_, side, sum) in rows.iter().filter(|r| r.0 == item.as_str()) {
                let sum = sum.unwrap_or(0);
                if side == "p" {
                    f.paid += sum;
                } else {
                    f.estimate += sum;
                }
            }
            if f != SpendingFigures::default() {
                summary.total.estimate += f.estimate;
                summary.total.paid += f.paid;
                summary.items.push((*item, f));
            }
        }
        // A stored item the rules no longer know is an error, not a gap.
        if let Some((code, _, _)) = rows.iter().find(|(code, _, _)| Item::parse(code).is_none()) {
            return Err(crate::StoreError::Corrupt(format!(
                "spending_entries.item «{code}»"
            )));
        }
        Ok(summary)
    }

    /// What the commune budget set aside for and paid to the work `work_id`,
    /// year by year (all dates).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn work_spending(
        &self,
        scope: &Scope,
        work_id: Uuid,
    ) -> Result<Vec<(i16, SpendingFigures)>> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<(i64, String, Option<i64>)> = self
            .all(
                "SELECT year, CASE WHEN entry = 'payment' THEN 'p' ELSE 'e' END AS side,
                    CAST(SUM(amount) AS BIGINT)
                 FROM spending_entries
                 WHERE work_id = $1 AND unit_path >= $2 AND unit_path < $3
                 GROUP BY year, CASE WHEN entry = 'payment' THEN 'p' ELSE 'e' END
                 ORDER BY year",
                Args::new().bind(work_id).bind(&lo).bind(&hi),
            )
            .await?;
        let mut out: Vec<(i16, SpendingFigures)> = Vec::new();
        for (year, side, sum) in rows {
            let year = i16::try_from(year).unwrap_or(i16::MAX);
            if out.last().is_none_or(|(y, _)| *y != year) {
                out.push((year, SpendingFigures::default()));
            }
            if let Some((_, f)) = out.last_mut() {
                if side == "p" {
                    f.paid += sum.unwrap_or(0);
                } else {
                    f.estimate += sum.unwrap_or(0);
                }
            }
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn spending_entry(&self, scope: &Scope, id: Uuid) -> Result<SpendingEntry> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE s.id = $1 AND s.unit_path >= $2 AND s.unit_path < $3"),
                scope,
                id,
                "mục dự toán, số chi",
            )
            .await?;
        Ok(SpendingEntry::from(row))
    }

    /// The register's entries matching `f`, latest first, a page at a time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn spending_entries(
        &self,
        scope: &Scope,
        f: &SpendingFilter,
    ) -> Result<Page<SpendingEntry>> {
        self.page::<Row, _>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every entry matching `f` (page and size ignored), in the list's
    /// order: the year's register as a file, streamed from one query.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn spending_register(
        &self,
        scope: &Scope,
        f: &SpendingFilter,
    ) -> BoxStream<'_, Result<SpendingEntry>> {
        self.stream::<Row, _>(LIST.rows(), filter_args(scope, f))
    }

    /// The work `id` of `commune_id`, by id, for an investment: its name.
    async fn spending_work(&self, commune: &crate::units::Unit, id: Uuid) -> Result<String> {
        self.work(&commune.scope(), id)
            .await
            .ok()
            .filter(|w| w.commune_id == commune.id)
            .map(|w| w.name)
            .ok_or_else(|| {
                Invalid::one("work_id", "Công trình không thuộc xã, phường của khoản chi").into()
            })
    }

    /// Records an estimate line, an adjustment or a payment of `year`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_spending_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        entry: Entry,
        input: &SpendingInput,
    ) -> Result<SpendingEntry> {
        let commune = self
            .commune_in(scope, commune_id, "Ngân sách được ghi cho xã, phường")
            .await?;
        if !(1990..=2100).contains(&year) {
            return Err(Invalid::one("year", "Năm ngân sách không hợp lệ").into());
        }
        let work = parse_work(&input.work_id)?;
        let v = rules::validate(input, year, entry, work.is_some())?;
        let work = match work {
            Some(id) => Some((id, self.spending_work(&commune, id).await?)),
            None => None,
        };
        let now = now_ms();
        let s = new_entry(&v, year, entry, &commune, work, new_id(), now, now);
        let mut tx = self.db.begin().await?;
        insert_entry(&mut tx, actor, &s, &v).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Changes an entry on the version the caller read (`seen`): 409 if it
    /// changed since. Its year and kind stay.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_spending_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        input: &SpendingInput,
    ) -> Result<SpendingEntry> {
        let before = self.spending_entry(scope, id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let work = parse_work(&input.work_id)?;
        let v = rules::validate(input, before.year, before.entry, work.is_some())?;
        let commune = self.unit(&Scope::All, before.commune_id).await?;
        let work = match work {
            Some(id) => Some((id, self.spending_work(&commune, id).await?)),
            None => None,
        };
        let next = version::next_version(before.updated_at);
        let mut after = new_entry(
            &v,
            before.year,
            before.entry,
            &commune,
            work,
            id,
            before.created_at,
            next,
        );
        // A ward merged since keeps its entry where it now lies.
        after.unit_path.clone_from(&before.unit_path);
        let mut tx = self
            .begin_claimed(Versioned::SpendingEntry, id, before.updated_at, next)
            .await?;
        tx.run(
            "UPDATE spending_entries SET item = $2, on_date = $3, amount = $4, work_id = $5, document = $6,
                     note = $7, search_key = $8
                 WHERE id = $1",
            Args::new()
                .bind(id)
                .bind(after.item.as_str())
                .bind(after.on.to_string())
                .bind(after.amount)
                .bind(after.work_id)
                .bind(&after.document)
                .bind(&after.note)
                .bind(search_key(&v, after.work_name.as_deref())),
        )
        .await?;
        audit::updated(&mut tx, actor, Entity::SpendingEntry, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes an entry made by mistake.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_spending_entry(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
    ) -> Result<()> {
        let s = self.spending_entry(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::SpendingEntry,
            &s,
            &["DELETE FROM spending_entries WHERE id = $1"],
        )
        .await
    }

    /// Imports estimate lines, adjustments and payments into `commune_id`
    /// all or nothing: every row is checked first (an investment's work by
    /// its name among the commune's works); any problem → nothing written,
    /// every problem reported with its row and field.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_spending(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<SpendingRow>],
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let commune = &place.commune;
        let works: Vec<(Uuid, String)> = self
            .all(
                "SELECT id, name FROM works WHERE commune_id = $1 ORDER BY id",
                Args::new().bind(commune.id),
            )
            .await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let key = text::fold(&r.input.work);
            let work = if key.is_empty() {
                None
            } else {
                let found: Vec<&(Uuid, String)> =
                    works.iter().filter(|(_, n)| text::fold(n) == key).collect();
                match found.as_slice() {
                    [one] => Some((one.0, one.1.clone())),
                    [] | [..] => {
                        let why = if found.is_empty() {
                            format!(
                                "Không có công trình «{}» trong {}",
                                r.input.work.trim(),
                                commune.name
                            )
                        } else {
                            format!(
                                "Có {} công trình cùng tên «{}»: nhập khoản chi này trên trang",
                                found.len(),
                                r.input.work.trim()
                            )
                        };
                        errors.push(FieldError::new("work", why).at_row(r.row));
                        None
                    }
                }
            };
            let (year, entry) = match rules::row_year_and_entry(&r.input) {
                Ok(ye) => ye,
                Err(e) => {
                    at_row(&mut errors, r.row, e);
                    continue;
                }
            };
            let named = work.is_some() || !key.is_empty();
            match rules::validate(&r.input.input, year, entry, named) {
                Ok(v) => ready.push((year, entry, v, work)),
                Err(e) => {
                    // The work is named by the file's column «work».
                    let e = xaphuong_core::Invalid(
                        e.0.into_iter()
                            .map(|mut f| {
                                if f.field == "work_id" {
                                    f.field = "work".into();
                                }
                                f
                            })
                            .collect(),
                    );
                    at_row(&mut errors, r.row, e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (year, entry, v, work) in &ready {
            let s = new_entry(v, *year, *entry, commune, work.clone(), new_id(), now, now);
            insert_entry(&mut tx, actor, &s, v).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }
}

fn parse_work(written: &str) -> Result<Option<Uuid>> {
    match written.trim() {
        "" => Ok(None),
        w => Uuid::try_parse(w)
            .map(Some)
            .map_err(|_| Invalid::one("work_id", "Công trình không hợp lệ").into()),
    }
}

async fn insert_entry(
    tx: &mut Tx,
    actor: &Actor,
    s: &SpendingEntry,
    v: &ValidSpending,
) -> Result<()> {
    tx.run(
        "INSERT INTO spending_entries (id, commune_id, unit_path, year, entry, item, on_date, amount, work_id,
                 document, note, search_key, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        Args::new()
            .bind(s.id)
            .bind(s.commune_id)
            .bind(&s.unit_path)
            .bind(i64::from(s.year))
            .bind(s.entry.as_str())
            .bind(s.item.as_str())
            .bind(s.on.to_string())
            .bind(s.amount)
            .bind(s.work_id)
            .bind(&s.document)
            .bind(&s.note)
            .bind(search_key(v, s.work_name.as_deref()))
            .bind(s.created_at)
            .bind(s.updated_at),
    )
    .await?;
    audit::inserted(tx, actor, Entity::SpendingEntry, s).await
}

#[allow(clippy::too_many_arguments)]
fn new_entry(
    v: &ValidSpending,
    year: i16,
    entry: Entry,
    commune: &crate::units::Unit,
    work: Option<(Uuid, String)>,
    id: Uuid,
    created_at: i64,
    updated_at: i64,
) -> SpendingEntry {
    let (work_id, work_name) = work.map_or((None, None), |(id, name)| (Some(id), Some(name)));
    SpendingEntry {
        id,
        commune_id: commune.id,
        unit_path: commune.path.clone(),
        year,
        entry,
        item: v.item,
        on: v.on,
        amount: v.amount,
        work_id,
        work_name,
        document: v.document.clone(),
        note: v.note.clone(),
        created_at,
        updated_at,
    }
}
