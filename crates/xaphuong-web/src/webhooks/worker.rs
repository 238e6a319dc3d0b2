//! The delivery worker inside `serve`: it claims due deliveries from the
//! outbox, posts each event to its webhook signed with the webhook's
//! secret, and records the outcome — delivered, or tried again after a
//! backoff. Several servers may run it over one database: a claim is
//! exclusive while its lease lasts.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use xaphuong_store::Store;
use xaphuong_store::webhooks::Due;

/// How the worker paces itself, and where e-mail goes.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Wait between looks when nothing is due.
    pub poll: Duration,
    /// How long a claim keeps other servers off a delivery.
    pub lease: Duration,
    /// The first retry's wait; each further one doubles it (≤ 1 hour).
    pub retry_base: Duration,
    /// A receiver that has not answered in this long has failed.
    pub timeout: Duration,
    /// Without it, e-mails wait in the outbox: none is sent, none is lost.
    pub smtp: Option<super::email::SmtpSettings>,
    /// The public address of the lookup the e-mails link to.
    pub public_url: Option<String>,
    /// How long what was delivered is kept, for the deliveries page and
    /// for a receiver that asks again.
    pub keep: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(60),
            retry_base: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
            smtp: None,
            public_url: None,
            keep: Duration::from_secs(30 * 86_400),
        }
    }
}

/// The header carrying the signature: `t=<unix seconds>,v1=<hex>`, where
/// v1 is HMAC-SHA256 of `<t>.<body>` under the webhook's secret.
pub const SIGNATURE_HEADER: &str = "x-xaphuong-signature";

/// The signature of `body` sent at `t` (unix seconds) under `secret`.
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Installs the process's TLS provider, once (a second install is refused
/// and harmless): every HTTP client of the process needs it. ring, not
/// aws-lc: it builds without cmake on an office laptop; receivers are the
/// province's HTTPS endpoints, and the post-quantum key exchange ring
/// lacks is not needed to reach them.
pub fn install_tls_provider() {
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
}

fn client(config: &WorkerConfig) -> reqwest::Result<reqwest::Client> {
    install_tls_provider();
    reqwest::Client::builder()
        .timeout(config.timeout)
        // A receiver answers, it does not send the event elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("xaphuong/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Posts one delivery: its HTTP status, or why it failed.
async fn post(client: &reqwest::Client, due: &Due) -> (Option<u16>, Option<String>) {
    let t = jiff::Timestamp::now().as_second();
    let res = client
        .post(&due.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("x-xaphuong-event", &due.kind)
        .header("x-xaphuong-delivery", due.id.to_string())
        .header(SIGNATURE_HEADER, sign(&due.secret, t, &due.body))
        .body(due.body.clone())
        .send()
        .await;
    match res {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => {
            let status = r.status().as_u16();
            (
                Some(status),
                Some(format!("Máy nhận trả lời HTTP {status}")),
            )
        }
        Err(e) => (None, Some(format!("Không gửi được: {e}"))),
    }
}

/// Delivers what is due now, once: how many deliveries it tried.
pub async fn deliver_due(
    store: &Store,
    client: &reqwest::Client,
    config: &WorkerConfig,
) -> xaphuong_store::Result<usize> {
    let lease = i64::try_from(config.lease.as_millis()).unwrap_or(i64::MAX);
    let base = i64::try_from(config.retry_base.as_millis()).unwrap_or(i64::MAX);
    let due = store
        .claim_deliveries(xaphuong_store::webhooks::Channel::Webhook, lease, 20)
        .await?;
    for d in &due {
        let (status, error) = post(client, d).await;
        if let Some(e) = &error {
            tracing::warn!(delivery = %d.id, kind = %d.kind, error = %e, "webhook delivery failed");
        }
        store
            .finish_delivery(d, status, error.as_deref(), base)
            .await?;
    }
    Ok(due.len())
}

/// Forgets what was delivered longer ago than `keep`, in batches so that
/// no transaction holds a large table for long.
pub async fn prune(store: &Store, keep: Duration) -> xaphuong_store::Result<(u64, u64)> {
    const BATCH: i64 = 5_000;
    let keep = i64::try_from(keep.as_millis()).unwrap_or(i64::MAX);
    let before = jiff::Timestamp::now().as_millisecond().saturating_sub(keep);
    let mut all = (0, 0);
    loop {
        let (d, e) = store.prune_outbox(before, BATCH).await?;
        all = (all.0 + d, all.1 + e);
        if d < BATCH as u64 && e < BATCH as u64 {
            return Ok(all);
        }
    }
}

/// Runs the worker until the task is dropped.
pub async fn run(store: Store, config: WorkerConfig) {
    let client = match client(&config) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook deliveries cannot start");
            return;
        }
    };
    let smtp = match config.smtp.as_ref().map(super::email::Smtp::new) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => {
            tracing::error!(error = %e, "e-mail is off: the SMTP settings are wrong");
            None
        }
        None => None,
    };
    let lease = i64::try_from(config.lease.as_millis()).unwrap_or(i64::MAX);
    let base = i64::try_from(config.retry_base.as_millis()).unwrap_or(i64::MAX);
    // Pruned at start and then hourly.
    let mut pruned_at: Option<std::time::Instant> = None;
    loop {
        if pruned_at.is_none_or(|t| t.elapsed() >= Duration::from_secs(3_600)) {
            match prune(&store, config.keep).await {
                Ok((d, e)) if d + e > 0 => {
                    tracing::info!(
                        deliveries = d,
                        events = e,
                        "outbox: delivered events forgotten"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: could not forget old events"),
            }
            pruned_at = Some(std::time::Instant::now());
        }
        let mut busy = false;
        match deliver_due(&store, &client, &config).await {
            Ok(n) => busy |= n > 0,
            Err(e) => {
                tracing::warn!(error = %e, "webhook deliveries: the outbox could not be read")
            }
        }
        if let Some(smtp) = &smtp {
            let public = config.public_url.as_deref();
            match super::email::send_due(&store, smtp, public, lease, base).await {
                Ok(n) => busy |= n > 0,
                Err(e) => tracing::warn!(error = %e, "e-mail: the outbox could not be read"),
            }
        }
        // More may be due: look again at once.
        if !busy {
            tokio::time::sleep(config.poll).await;
        }
    }
}

#[cfg(test)]
mod tests {
    /// The example of the documentation, computed independently with
    /// `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac bí-mật`.
    #[test]
    fn the_signature_is_hmac_sha256_of_time_and_body() {
        assert_eq!(
            super::sign("bí-mật", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=62d7cd7f3131cc4994050e1df22b42c8d146f578bf7ee986e26202b20da3d869"
        );
    }
}
