//! The commune's side of taxing business households: its tax advisory
//! council's meetings, the tax-debt lists the tax office sends (imported
//! whole), and the follow-up on each debtor — reminders, payments,
//! referral — each step changing the debt on the version read.

use futures_util::stream::BoxStream;
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::import::ImportRow;
use xaphuong_core::tax::{
    self as rules, ActionInput, ActionKind, DebtInput, DebtState, MeetingInput, ValidDebt,
};
use xaphuong_core::text;

use crate::args::Args;
use crate::audit::{self, Place};
use crate::db::Tx;
use crate::imports::at_row;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{
    Listing, MAX_PER_PAGE, Page, Result, Store, new_id, now_ms, search_pattern, year_range,
};

/// A meeting of a commune's tax advisory council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxMeeting {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub held_on: Date,
    pub subject: String,
    pub decision: String,
    pub households: Option<i64>,
    pub note: String,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: Uuid,
    commune_id: Uuid,
    unit_path: String,
    held_on: Parsed<Date>,
    subject: String,
    decision: String,
    households: Option<i64>,
    note: String,
    created_at: i64,
}

impl From<MeetingRow> for TaxMeeting {
    fn from(r: MeetingRow) -> Self {
        TaxMeeting {
            id: r.id,
            commune_id: r.commune_id,
            unit_path: r.unit_path,
            held_on: r.held_on.0,
            subject: r.subject,
            decision: r.decision,
            households: r.households,
            note: r.note,
            created_at: r.created_at,
        }
    }
}

const MEETING: &str =
    "SELECT id, commune_id, unit_path, held_on, subject, decision, households, note, created_at
    FROM tax_meetings";

impl TaxMeeting {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

/// A debtor on a tax-debt list, with what the follow-up has collected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxDebt {
    pub id: Uuid,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub listed_on: Date,
    pub list_ref: String,
    pub debtor: String,
    pub tax_code: String,
    pub address: String,
    pub item: String,
    pub amount: i64,
    pub note: String,
    /// Paid so far, from the follow-up's payments.
    pub paid: i64,
    /// Referred to the tax office for enforcement.
    pub referred: bool,
    pub created_at: i64,
    /// The version a step must carry.
    pub updated_at: i64,
}

impl TaxDebt {
    fn place(&self) -> Place<'_> {
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }

    pub fn state(&self) -> DebtState {
        rules::debt_state(self.amount, self.paid, self.referred)
    }

    /// What is still owed.
    pub fn owed(&self) -> i64 {
        (self.amount - self.paid).max(0)
    }
}

/// One step of the follow-up on a debt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DebtAction {
    pub id: Uuid,
    pub debt_id: Uuid,
    pub done_on: Date,
    pub kind: ActionKind,
    pub amount: i64,
    pub note: String,
    pub created_at: i64,
    /// The debt's place, for the audit trail.
    #[serde(skip)]
    commune_id: Uuid,
    #[serde(skip)]
    unit_path: String,
}

impl DebtAction {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

crate::audit::audited!(TaxMeeting, TaxDebt, DebtAction);

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    listed_on: Parsed<Date>,
    list_ref: String,
    debtor: String,
    tax_code: String,
    address: String,
    item: String,
    amount: i64,
    note: String,
    paid: i64,
    referred: bool,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for TaxDebt {
    fn from(r: Row) -> Self {
        TaxDebt {
            id: r.id,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            listed_on: r.listed_on.0,
            list_ref: r.list_ref,
            debtor: r.debtor,
            tax_code: r.tax_code,
            address: r.address,
            item: r.item,
            amount: r.amount,
            note: r.note,
            paid: r.paid,
            referred: r.referred,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: Uuid,
    debt_id: Uuid,
    done_on: Parsed<Date>,
    kind: Code<ActionKind>,
    amount: i64,
    note: String,
    created_at: i64,
}

const SELECT: &str = "SELECT d.id, d.commune_id, d.group_id, g.name AS group_name, d.unit_path,
        d.listed_on, d.list_ref, d.debtor, d.tax_code, d.address, d.item, d.amount, d.note,
        d.paid, d.referred, d.created_at, d.updated_at
    FROM tax_debts d LEFT JOIN units g ON g.id = d.group_id";

/// `$3` the search, `$4`–`$5` the year listed, `$6` a state, `$7` only
/// those something was collected on.
const FILTER: &str = "d.unit_path >= $1 AND d.unit_path < $2
    AND ($3 IS NULL OR d.search_key LIKE $3 ESCAPE '\\')
    AND ($4 IS NULL OR (d.listed_on >= $4 AND d.listed_on <= $5))
    AND ($6 IS NULL
         OR ($6 = 'paid' AND d.paid >= d.amount)
         OR ($6 = 'referred' AND d.paid < d.amount AND d.referred)
         OR ($6 = 'open' AND d.paid < d.amount AND NOT d.referred))
    AND ($7 IS NULL OR d.paid > 0)";

const LIST: Listing = Listing {
    from: "tax_debts d",
    select: SELECT,
    filter: FILTER,
    order: "d.listed_on DESC, d.debtor, d.id",
};

/// What the tax-debt list is filtered by.
#[derive(Debug, Clone, Default)]
pub struct DebtFilter {
    /// Debtor, tax code, address, item or list, diacritics ignored.
    pub q: Option<String>,
    /// Listed in this year.
    pub year: Option<i16>,
    pub state: Option<DebtState>,
    /// Only debts something was collected on.
    pub collected: bool,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn filter_args(scope: &Scope, f: &DebtFilter) -> Args {
    let (from, to) = year_range(f.year);
    Args::scope(scope)
        .text(search_pattern(f.q.as_deref()))
        .text(from)
        .text(to)
        .text(f.state.map(DebtState::as_str))
        .int(f.collected.then_some(1))
}

fn search_key(v: &ValidDebt) -> String {
    text::fold(&format!(
        "{} {} {} {} {}",
        v.debtor, v.tax_code, v.address, v.item, v.list_ref
    ))
}

/// The debts of the lists received in a year, and what was collected on
/// them by a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DebtTotals {
    pub debts: i64,
    pub amount: i64,
    pub collected: i64,
    /// Debts paid in full.
    pub paid_debts: i64,
}

impl Store {
    /// The council's meetings of `year` inside `scope`, in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tax_meetings(&self, scope: &Scope, year: i16) -> Result<Vec<TaxMeeting>> {
        let (from, to) = year_range(Some(year));
        let rows: Vec<MeetingRow> = self
            .all(
                format!(
                    "{MEETING} WHERE unit_path >= $1 AND unit_path < $2 AND held_on >= $3 AND held_on <= $4
                     ORDER BY held_on, id LIMIT {MAX_PER_PAGE}"
                ),
                Args::scope(scope).text(from).text(to),
            )
            .await?;
        Ok(rows.into_iter().map(TaxMeeting::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tax_meeting(&self, scope: &Scope, id: Uuid) -> Result<TaxMeeting> {
        let row: MeetingRow = self
            .scoped_row(
                format!("{MEETING} WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"),
                scope,
                id,
                "cuộc họp Hội đồng tư vấn thuế",
            )
            .await?;
        Ok(TaxMeeting::from(row))
    }

    /// Records a meeting of the council of the commune `commune_id`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_tax_meeting(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        input: &MeetingInput,
        today: Date,
    ) -> Result<TaxMeeting> {
        let v = rules::validate_meeting(input, today)?;
        let commune = self
            .commune_in(
                scope,
                commune_id,
                "Hội đồng tư vấn thuế là của xã, phường: chọn một xã, phường",
            )
            .await?;
        let m = TaxMeeting {
            id: new_id(),
            commune_id: commune.id,
            unit_path: commune.path,
            held_on: v.held_on,
            subject: v.subject,
            decision: v.decision,
            households: v.households,
            note: v.note,
            created_at: now_ms(),
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO tax_meetings (id, commune_id, unit_path, held_on, subject, decision, households, note, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            Args::new()
                .bind(m.id)
                .bind(m.commune_id)
                .bind(&m.unit_path)
                .bind(m.held_on.to_string())
                .bind(&m.subject)
                .bind(&m.decision)
                .int(m.households)
                .bind(&m.note)
                .bind(m.created_at),
        )
        .await?;
        audit::inserted(&mut tx, actor, Entity::TaxMeeting, &m).await?;
        tx.commit().await?;
        Ok(m)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_tax_meeting(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let m = self.tax_meeting(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::TaxMeeting,
            &m,
            &["DELETE FROM tax_meetings WHERE id = $1"],
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tax_debt(&self, scope: &Scope, id: Uuid) -> Result<TaxDebt> {
        let row: Row = self
            .scoped_row(
                format!("{SELECT} WHERE d.id = $1 AND d.unit_path >= $2 AND d.unit_path < $3"),
                scope,
                id,
                "khoản nợ thuế",
            )
            .await?;
        Ok(TaxDebt::from(row))
    }

    /// The debts matching `f`, latest list first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tax_debts(&self, scope: &Scope, f: &DebtFilter) -> Result<Page<TaxDebt>> {
        self.page::<Row, TaxDebt>(&LIST, filter_args(scope, f), (f.page, f.per_page))
            .await
    }

    /// Every debt matching `f` (page ignored), streamed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub fn tax_debt_register(
        &self,
        scope: &Scope,
        f: &DebtFilter,
    ) -> BoxStream<'_, Result<TaxDebt>> {
        self.stream::<Row, TaxDebt>(LIST.rows(), filter_args(scope, f))
    }

    /// The debts of the lists received in `year` inside `scope`, and what
    /// was paid on them by `as_of`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn tax_debt_totals(
        &self,
        scope: &Scope,
        year: i16,
        as_of: Date,
    ) -> Result<DebtTotals> {
        let (lo, hi) = scope.path_range();
        let (from, to) = year_range(Some(year));
        let (debts, amount, paid_debts, collected): (i64, Option<i64>, i64, Option<i64>) = self
            .one(
                "SELECT COUNT(*), CAST(SUM(amount) AS BIGINT),
                        COALESCE(SUM(CASE WHEN paid >= amount THEN 1 ELSE 0 END), 0),
                        (SELECT CAST(SUM(a.amount) AS BIGINT) FROM tax_debt_actions a
                           JOIN tax_debts x ON x.id = a.debt_id
                          WHERE x.unit_path >= $1 AND x.unit_path < $2 AND x.listed_on >= $3
                            AND x.listed_on <= $4 AND a.kind = 'payment' AND a.done_on <= $5)
                 FROM tax_debts WHERE unit_path >= $1 AND unit_path < $2 AND listed_on >= $3 AND listed_on <= $4",
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .text(from)
                    .text(to)
                    .bind(as_of.to_string()),
            )
            .await?;
        Ok(DebtTotals {
            debts,
            amount: amount.unwrap_or(0),
            collected: collected.unwrap_or(0),
            paid_debts,
        })
    }

    /// The follow-up of a debt, in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn debt_actions(&self, debt: &TaxDebt) -> Result<Vec<DebtAction>> {
        let rows: Vec<ActionRow> = self
            .all(
                format!(
                    "SELECT id, debt_id, done_on, kind, amount, note, created_at FROM tax_debt_actions
                     WHERE debt_id = $1 ORDER BY done_on, created_at, id LIMIT {MAX_PER_PAGE}"
                ),
                Args::new().bind(debt.id),
            )
            .await?;
        Ok(rows.into_iter().map(|r| action_of(r, debt)).collect())
    }

    /// Records a step of the follow-up on the debt's version the caller
    /// read: a payment adds to what was paid, a referral marks the debt.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_debt_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        debt_id: Uuid,
        seen: i64,
        input: &ActionInput,
        today: Date,
    ) -> Result<TaxDebt> {
        let before = self.tax_debt(scope, debt_id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let v = rules::validate_action(input, before.listed_on, today)?;
        let action = DebtAction {
            id: new_id(),
            debt_id,
            done_on: v.done_on,
            kind: v.kind,
            amount: v.amount,
            note: v.note,
            created_at: now_ms(),
            commune_id: before.commune_id,
            unit_path: before.unit_path.clone(),
        };
        let next = version::next_version(before.updated_at);
        let after = TaxDebt {
            paid: before.paid.saturating_add(action.amount),
            referred: before.referred || action.kind == ActionKind::Referred,
            updated_at: next,
            ..before.clone()
        };
        let mut tx = self
            .begin_claimed(Versioned::TaxDebt, debt_id, before.updated_at, next)
            .await?;
        tx.run(
            "INSERT INTO tax_debt_actions (id, debt_id, done_on, kind, amount, note, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Args::new()
                .bind(action.id)
                .bind(debt_id)
                .bind(action.done_on.to_string())
                .bind(action.kind.as_str())
                .bind(action.amount)
                .bind(&action.note)
                .bind(action.created_at),
        )
        .await?;
        audit::inserted(&mut tx, actor, Entity::TaxDebtAction, &action).await?;
        write_follow_up(&mut tx, actor, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Takes back a step entered by mistake, on the debt's version read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_debt_action(
        &self,
        actor: &Actor,
        scope: &Scope,
        debt_id: Uuid,
        action_id: Uuid,
        seen: i64,
    ) -> Result<TaxDebt> {
        let before = self.tax_debt(scope, debt_id).await?;
        version::check_seen(Some(seen), before.updated_at)?;
        let actions = self.debt_actions(&before).await?;
        let Some(gone) = actions.iter().find(|a| a.id == action_id) else {
            return Err(crate::StoreError::NotFound("bước đôn đốc nợ thuế"));
        };
        let next = version::next_version(before.updated_at);
        let after = TaxDebt {
            paid: (before.paid - gone.amount).max(0),
            referred: actions
                .iter()
                .any(|a| a.id != action_id && a.kind == ActionKind::Referred),
            updated_at: next,
            ..before.clone()
        };
        let mut tx = self
            .begin_claimed(Versioned::TaxDebt, debt_id, before.updated_at, next)
            .await?;
        tx.run(
            "DELETE FROM tax_debt_actions WHERE id = $1",
            Args::new().bind(action_id),
        )
        .await?;
        tx.audit(
            actor,
            audit::Change::delete(Entity::TaxDebtAction, gone.id, gone.place(), gone),
        )
        .await?;
        write_follow_up(&mut tx, actor, &before, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Deletes a debt entered by mistake, with its follow-up.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_tax_debt(&self, actor: &Actor, scope: &Scope, id: Uuid) -> Result<()> {
        let d = self.tax_debt(scope, id).await?;
        audit::deleted(
            &self.db,
            actor,
            Entity::TaxDebt,
            &d,
            &[
                "DELETE FROM tax_debt_actions WHERE debt_id = $1",
                "DELETE FROM tax_debts WHERE id = $1",
            ],
        )
        .await
    }

    /// Imports a tax-debt list into `commune_id` all or nothing: every row
    /// checked (its fields, its group) before anything is written.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_tax_debts(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<DebtInput>],
        today: Date,
    ) -> Result<usize> {
        let place = self.import_place(scope, commune_id).await?;
        let mut errors = Vec::new();
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let group = place.group(r.row, &r.group, &mut errors);
            match rules::validate_debt(&r.input, today) {
                Ok(v) => ready.push((v, group)),
                Err(e) => at_row(&mut errors, r.row, e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        for (v, group) in &ready {
            let d = new_debt(v, place.commune.id, *group, place.path(*group), now);
            tx.run(
                "INSERT INTO tax_debts (id, commune_id, group_id, unit_path, listed_on, list_ref, debtor, tax_code,
                         address, item, amount, note, paid, referred, search_key, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, FALSE, $13, $14, $14)",
                Args::new()
                    .bind(d.id)
                    .bind(d.commune_id)
                    .bind(d.group_id)
                    .bind(&d.unit_path)
                    .bind(d.listed_on.to_string())
                    .bind(&d.list_ref)
                    .bind(&d.debtor)
                    .bind(&d.tax_code)
                    .bind(&d.address)
                    .bind(&d.item)
                    .bind(d.amount)
                    .bind(&d.note)
                    .bind(search_key(v))
                    .bind(now),
            )
            .await?;
            audit::inserted(&mut tx, actor, Entity::TaxDebt, &d).await?;
        }
        tx.commit().await?;
        Ok(ready.len())
    }
}

/// Writes what the follow-up made of a debt, and audits it.
async fn write_follow_up(
    tx: &mut Tx,
    actor: &Actor,
    before: &TaxDebt,
    after: &TaxDebt,
) -> Result<()> {
    tx.run(
        "UPDATE tax_debts SET paid = $2, referred = $3 WHERE id = $1",
        Args::new()
            .bind(after.id)
            .bind(after.paid)
            .bind(after.referred),
    )
    .await?;
    audit::updated(tx, actor, Entity::TaxDebt, before, after).await
}

fn action_of(r: ActionRow, debt: &TaxDebt) -> DebtAction {
    DebtAction {
        id: r.id,
        debt_id: r.debt_id,
        done_on: r.done_on.0,
        kind: r.kind.0,
        amount: r.amount,
        note: r.note,
        created_at: r.created_at,
        commune_id: debt.commune_id,
        unit_path: debt.unit_path.clone(),
    }
}

fn new_debt(
    v: &ValidDebt,
    commune_id: Uuid,
    group: Option<&Unit>,
    unit_path: String,
    now: i64,
) -> TaxDebt {
    TaxDebt {
        id: new_id(),
        commune_id,
        group_id: group.map(|g| g.id),
        group_name: group.map(|g| g.name.clone()),
        unit_path,
        listed_on: v.listed_on,
        list_ref: v.list_ref.clone(),
        debtor: v.debtor.clone(),
        tax_code: v.tax_code.clone(),
        address: v.address.clone(),
        item: v.item.clone(),
        amount: v.amount,
        note: v.note.clone(),
        paid: 0,
        referred: false,
        created_at: now,
        updated_at: now,
    }
}
