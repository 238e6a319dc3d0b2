//! Events for other systems: written to the outbox in the transaction of
//! the change they tell of, with one delivery per webhook of the record's
//! commune that asked for them; claimed by the delivery worker (with `FOR
//! UPDATE SKIP LOCKED` on PostgreSQL, a lease on both), delivered at least
//! once and in order per record and webhook, retried with backoff, then
//! kept as dead until replayed.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::units::Level;
use xaphuong_core::webhooks as rules;
use xaphuong_core::{Invalid, text};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::{Backend, Tx};
use crate::{Result, Store, StoreError, new_id, now_ms};

/// An endpoint told of a commune's events. The secret signs each delivery;
/// it is never written to the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Webhook {
    pub id: Uuid,
    pub commune_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub url: String,
    #[serde(skip)]
    pub secret: String,
    /// `*`, or the kinds asked for, comma-separated.
    pub events: String,
    pub active: bool,
    pub note: String,
    pub created_at: i64,
    /// The record's version.
    pub updated_at: i64,
}

impl Webhook {
    fn place(&self) -> Place<'_> {
        Place::at(self.commune_id, &self.unit_path)
    }
}

/// What an administrator gives for a webhook.
#[derive(Debug, Clone, Default)]
pub struct WebhookInput {
    pub url: String,
    /// As typed: kinds separated by commas or spaces, or `*`.
    pub events: String,
    pub active: bool,
    pub note: String,
}

/// One delivery of an event to a webhook, as its page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Delivery {
    pub id: Uuid,
    pub event_id: Uuid,
    pub kind: String,
    pub record: String,
    pub record_id: Uuid,
    /// pending | delivered | dead
    pub state: String,
    pub attempts: i64,
    pub next_at: i64,
    pub last_status: Option<i64>,
    pub last_error: String,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

/// A delivery the worker claimed: where it goes, what it carries.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: Uuid,
    pub event_id: Uuid,
    pub kind: String,
    pub record_id: Uuid,
    pub attempts: i64,
    /// A webhook's address and secret (empty for an e-mail).
    pub url: String,
    pub secret: String,
    /// An e-mail's address (empty for a webhook).
    pub address: String,
    /// The event's JSON, the same on every attempt.
    pub body: String,
}

/// Where deliveries go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Webhook,
    Email,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Webhook => "webhook",
            Channel::Email => "email",
        }
    }
}

/// An event to write with a change.
pub(crate) struct NewEvent<'a> {
    pub kind: &'a str,
    pub record: &'a str,
    pub record_id: Uuid,
    pub commune_id: Uuid,
    pub unit_path: &'a str,
    pub data: serde_json::Value,
    /// The applicant's address, told of the events citizens are told of.
    pub email: Option<&'a str>,
}

/// Writes `e` to the outbox inside `tx`, and a delivery for every active
/// webhook of the record's commune that asked for its kind.
pub(crate) async fn emit(tx: &mut Tx, e: NewEvent<'_>) -> Result<()> {
    let id = new_id();
    let now = now_ms();
    // Changes of one record are serialized by its version, so the next
    // number is read without a race.
    let (seq,): (i64,) = tx!(tx, |c| {
        sqlx::query_as("SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox_events WHERE record_id = $1")
            .bind(e.record_id)
            .fetch_one(c)
            .await
    })?;
    let body = serde_json::json!({
        "id": id,
        "kind": e.kind,
        "record": e.record,
        "record_id": e.record_id,
        "seq": seq,
        "commune_id": e.commune_id,
        "created_at": jiff::Timestamp::from_millisecond(now).map(|t| t.to_string()).unwrap_or_default(),
        "data": e.data,
    });
    let body = body.to_string();
    tx.run(
        "INSERT INTO outbox_events (id, kind, record, record_id, seq, commune_id, unit_path, payload, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Args::new()
            .bind(id)
            .bind(e.kind)
            .bind(e.record)
            .bind(e.record_id)
            .bind(seq)
            .bind(e.commune_id)
            .bind(e.unit_path)
            .bind(&body)
            .bind(now),
    )
    .await?;
    // A commune's webhooks: the few whose path begins the record's.
    let hooks: Vec<(Uuid, String)> = tx!(tx, |c| {
        sqlx::query_as(
            "SELECT id, events FROM webhooks
             WHERE active AND substr($1, 1, length(unit_path)) = unit_path",
        )
        .bind(e.unit_path)
        .fetch_all(c)
        .await
    })?;
    for (hook, kinds) in hooks {
        if !rules::wants(&kinds, e.kind) {
            continue;
        }
        add_delivery(tx, id, Channel::Webhook, Some(hook), "", &e, seq, now).await?;
    }
    let email = e.email.map(str::trim).filter(|a| !a.is_empty());
    if let Some(address) = email.filter(|_| xaphuong_core::onestop::notices::told(e.kind)) {
        add_delivery(tx, id, Channel::Email, None, address, &e, seq, now).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn add_delivery(
    tx: &mut Tx,
    event: Uuid,
    channel: Channel,
    webhook: Option<Uuid>,
    address: &str,
    e: &NewEvent<'_>,
    seq: i64,
    now: i64,
) -> Result<()> {
    tx.run(
        "INSERT INTO deliveries (id, event_id, channel, webhook_id, address, record_id, seq, state, attempts, next_at,
                                 lease_until, claim, last_status, last_error, delivered_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, 0, NULL, NULL, '', NULL, $8)",
        Args::new()
            .bind(new_id())
            .bind(event)
            .bind(channel.as_str())
            .bind(webhook)
            .bind(address)
            .bind(e.record_id)
            .bind(seq)
            .bind(now),
    )
    .await?;
    Ok(())
}

const WEBHOOK_SELECT: &str = "SELECT id, commune_id, unit_path, url, secret, events, active, note, created_at, updated_at FROM webhooks";

/// A new signing secret: 32 random bytes, hex.
fn new_secret() -> String {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).expect("operating system random source");
    random.iter().map(|b| format!("{b:02x}")).collect()
}

fn checked(input: &WebhookInput) -> std::result::Result<(String, String, String), Invalid> {
    let mut problems = Invalid::default();
    let url = rules::check_url(&input.url)
        .map_err(|e| problems.0.extend(e.0))
        .ok();
    let events = rules::parse_kinds(&input.events)
        .map_err(|e| problems.0.extend(e.0))
        .ok();
    let note = text::clean(&input.note);
    if note.chars().count() > 500 {
        problems.push("note", "Ghi chú tối đa 500 ký tự");
    }
    match (url, events) {
        (Some(url), Some(events)) if problems.is_empty() => Ok((url, events, note)),
        _ => Err(problems),
    }
}

impl Store {
    /// The webhooks of the communes inside `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn webhooks(&self, scope: &Scope) -> Result<Vec<Webhook>> {
        self.all(
            format!(
                "{WEBHOOK_SELECT} WHERE unit_path >= $1 AND unit_path < $2 ORDER BY created_at, id"
            ),
            Args::scope(scope),
        )
        .await
    }

    /// One webhook inside `scope`.
    pub async fn webhook(&self, scope: &Scope, id: Uuid) -> Result<Webhook> {
        self.scoped_row(
            format!("{WEBHOOK_SELECT} WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"),
            scope,
            id,
            "địa chỉ nhận sự kiện",
        )
        .await
    }

    /// Registers a webhook for a commune inside `scope`; its secret is made
    /// here and shown once.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_webhook(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        input: &WebhookInput,
    ) -> Result<Webhook> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(
                Invalid::one("unit_id", "Địa chỉ nhận sự kiện đăng ký cho một xã, phường").into(),
            );
        }
        let (url, events, note) = checked(input)?;
        let now = now_ms();
        let w = Webhook {
            id: new_id(),
            commune_id,
            unit_path: commune.path,
            url,
            secret: new_secret(),
            events,
            active: input.active,
            note,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO webhooks (id, commune_id, unit_path, url, secret, events, active, note, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
            Args::new()
                .bind(w.id)
                .bind(w.commune_id)
                .bind(&w.unit_path)
                .bind(&w.url)
                .bind(&w.secret)
                .bind(&w.events)
                .bind(w.active)
                .bind(&w.note)
                .bind(now),
        )
        .await?;
        tx.audit(actor, Change::insert(Entity::Webhook, w.id, w.place(), &w))
            .await?;
        tx.commit().await?;
        Ok(w)
    }

    /// Changes a webhook's address, kinds, state or note, on the version
    /// the caller read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_webhook(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        input: &WebhookInput,
        seen: i64,
    ) -> Result<Webhook> {
        let before = self.webhook(scope, id).await?;
        let (url, events, note) = checked(input)?;
        let after = Webhook {
            url,
            events,
            note,
            active: input.active,
            updated_at: crate::version::next_version(before.updated_at),
            ..before.clone()
        };
        let mut tx = self.db.begin().await?;
        let changed = tx
            .run(
                "UPDATE webhooks SET url = $2, events = $3, active = $4, note = $5, updated_at = $6
                     WHERE id = $1 AND updated_at = $7",
                Args::new()
                    .bind(id)
                    .bind(&after.url)
                    .bind(&after.events)
                    .bind(after.active)
                    .bind(&after.note)
                    .bind(after.updated_at)
                    .bind(seen),
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::Stale);
        }
        tx.audit(
            actor,
            Change::update(Entity::Webhook, id, after.place(), &before, &after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A webhook's latest deliveries, newest first; `state` keeps one kind.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn deliveries(
        &self,
        scope: &Scope,
        webhook_id: Uuid,
        state: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Delivery>> {
        let w = self.webhook(scope, webhook_id).await?;
        self.all(
            "SELECT d.id, d.event_id, e.kind, e.record, e.record_id, d.state, d.attempts,
                    d.next_at, d.last_status, d.last_error, d.delivered_at, d.created_at
             FROM deliveries d JOIN outbox_events e ON e.id = d.event_id
             WHERE d.webhook_id = $1 AND ($2 = '' OR d.state = $2)
             ORDER BY d.created_at DESC, d.seq DESC LIMIT $3",
            Args::new()
                .bind(w.id)
                .bind(state.unwrap_or(""))
                .bind(limit.clamp(1, 500)),
        )
        .await
    }

    /// Sends a dead delivery again, from its first attempt.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn replay_delivery(
        &self,
        actor: &Actor,
        scope: &Scope,
        webhook_id: Uuid,
        delivery_id: Uuid,
    ) -> Result<()> {
        let w = self.webhook(scope, webhook_id).await?;
        let mut tx = self.db.begin().await?;
        let changed = tx
            .run(
                "UPDATE deliveries SET state = 'pending', attempts = 0, next_at = $3, lease_until = 0, claim = NULL
                     WHERE id = $1 AND webhook_id = $2 AND state = 'dead'",
                Args::new().bind(delivery_id).bind(w.id).bind(now_ms()),
            )
            .await?;
        if changed == 0 {
            return Err(
                Invalid::one("delivery", "Chỉ gửi lại được lần gửi đã thất bại hẳn").into(),
            );
        }
        #[derive(Serialize)]
        struct Replayed {
            delivery: Uuid,
            state: &'static str,
        }
        let (before, after) = (
            Replayed {
                delivery: delivery_id,
                state: "dead",
            },
            Replayed {
                delivery: delivery_id,
                state: "pending",
            },
        );
        tx.audit(
            actor,
            Change::update(Entity::Webhook, w.id, w.place(), &before, &after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims up to `limit` deliveries of `channel` that are due, each the
    /// first pending one of its record for its target, for `lease_ms`:
    /// another worker (another server) skips them meanwhile.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_deliveries(
        &self,
        channel: Channel,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<Due>> {
        let now = now_ms();
        let claim = new_id();
        let lock = match self.db.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.db.begin().await?;
        tx.run(
            format!(
                "UPDATE deliveries SET lease_until = $1, claim = $2 WHERE id IN (
                     SELECT d.id FROM deliveries d
                     WHERE d.state = 'pending' AND d.channel = $5 AND d.next_at <= $3 AND d.lease_until <= $3
                       AND NOT EXISTS (SELECT 1 FROM deliveries p
                                       WHERE p.record_id = d.record_id AND p.channel = d.channel
                                         AND (d.channel = 'email' OR p.webhook_id = d.webhook_id)
                                         AND p.state = 'pending' AND p.seq < d.seq)
                     ORDER BY d.next_at LIMIT $4{lock})"
            ),
            Args::new()
                .bind(now + lease_ms)
                .bind(claim)
                .bind(now)
                .bind(limit)
                .bind(channel.as_str()),
        )
        .await?;
        tx.commit().await?;
        self.all(
            "SELECT d.id, d.event_id, e.kind, d.record_id, d.attempts, COALESCE(w.url, '') AS url,
                    COALESCE(w.secret, '') AS secret, d.address, e.payload AS body
             FROM deliveries d
             JOIN outbox_events e ON e.id = d.event_id
             LEFT JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.claim = $1 ORDER BY d.seq",
            Args::new().bind(claim),
        )
        .await
    }

    /// Forgets what was delivered before `before` (epoch ms): the
    /// deliveries done, then the events no delivery waits for (pending or
    /// dead, to replay) — always keeping a record's latest event, whose
    /// number the next one follows. At most `limit` of each per call;
    /// returns how many deliveries and events went.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn prune_outbox(&self, before: i64, limit: i64) -> Result<(u64, u64)> {
        let mut tx = self.db.begin().await?;
        let deliveries = tx
            .run(
                "DELETE FROM deliveries WHERE id IN (
                     SELECT id FROM deliveries
                     WHERE state = 'delivered' AND delivered_at < $1
                     ORDER BY delivered_at LIMIT $2)",
                Args::new().bind(before).bind(limit),
            )
            .await?;
        let events = tx
            .run(
                "DELETE FROM outbox_events WHERE id IN (
                     SELECT e.id FROM outbox_events e
                     WHERE e.created_at < $1
                       AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
                       AND EXISTS (SELECT 1 FROM outbox_events n
                                   WHERE n.record_id = e.record_id AND n.seq > e.seq)
                     ORDER BY e.created_at LIMIT $2)",
                Args::new().bind(before).bind(limit),
            )
            .await?;
        tx.commit().await?;
        Ok((deliveries, events))
    }

    /// Records the outcome of a claimed delivery: delivered, or failed and
    /// due again after the backoff (dead after the last attempt).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn finish_delivery(
        &self,
        due: &Due,
        status: Option<u16>,
        error: Option<&str>,
        retry_base_ms: i64,
    ) -> Result<()> {
        let now = now_ms();
        let attempts = due.attempts + 1;
        let status = status.map(i64::from);
        let (state, next_at, delivered_at) = match error {
            None => ("delivered", now, Some(now)),
            Some(_) if attempts >= rules::MAX_ATTEMPTS => ("dead", now, None),
            Some(_) => (
                "pending",
                now + rules::backoff_ms(attempts, retry_base_ms),
                None,
            ),
        };
        let error: String = error.unwrap_or("").chars().take(500).collect();
        let mut tx = self.db.begin().await?;
        tx.run(
            "UPDATE deliveries SET state = $2, attempts = $3, next_at = $4, lease_until = 0, claim = NULL,
                                   last_status = $5, last_error = $6, delivered_at = $7
                 WHERE id = $1",
            Args::new()
                .bind(due.id)
                .bind(state)
                .bind(attempts)
                .bind(next_at)
                .int(status)
                .bind(error)
                .int(delivered_at),
        )
        .await?;
        tx.commit().await
    }
}
