//! E-mail to citizens: the outbox's e-mail deliveries, composed in
//! Vietnamese from the event and the dossier, sent through a [`Notifier`]
//! — SMTP here; SMS or Zalo can be other notifiers over the same events.

use std::future::Future;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::notices::{Facts, Notice, notice};
use xaphuong_store::Store;
use xaphuong_store::webhooks::{Channel, Due};

/// A way to reach a citizen.
pub trait Notifier: Send + Sync {
    /// Sends `n` to `to`; an error says why it did not go.
    fn send(&self, to: &str, n: &Notice) -> impl Future<Output = Result<(), String>> + Send;
}

/// Where and as whom mail is sent.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://user:pass@host:465`.
    pub url: String,
    /// The sender, e.g. `Bộ phận một cửa <motcua@example.vn>`.
    pub from: String,
}

/// Mail over SMTP.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(s: &SmtpSettings) -> Result<Self, String> {
        super::worker::install_tls_provider();
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&s.url)
            .map_err(|e| format!("Địa chỉ SMTP không hợp lệ: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = s
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("Địa chỉ người gửi không hợp lệ «{}»: {e}", s.from))?;
        Ok(Smtp { transport, from })
    }
}

impl Notifier for Smtp {
    async fn send(&self, to: &str, n: &Notice) -> Result<(), String> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| format!("Địa chỉ nhận không hợp lệ: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(n.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(n.body.clone())
            .map_err(|e| format!("Không tạo được thư: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("Máy chủ thư không nhận: {e}"))
    }
}

/// "2026-12-10T16:30" as a citizen reads it: "16:30 10/12/2026".
fn shown(moment: &str) -> String {
    moment
        .parse::<jiff::civil::DateTime>()
        .map(|d| d.strftime("%H:%M %d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// The message of a delivery, from its event and the dossier's key.
async fn compose(
    store: &Store,
    due: &Due,
    public_url: Option<&str>,
) -> Result<Option<Notice>, String> {
    let event: serde_json::Value =
        serde_json::from_str(&due.body).map_err(|e| format!("Sự kiện không đọc được: {e}"))?;
    let data = &event["data"];
    let text = |k: &str| data[k].as_str().unwrap_or_default().to_owned();
    let problem = event["record"].as_str() == Some("problem");
    let link = match public_url {
        Some(base) if problem => {
            let p = store
                .problem(&Scope::All, due.record_id, false)
                .await
                .map_err(|e| e.to_string())?;
            format!(
                "{}/phan-anh/tra-cuu?ma={}&khoa={}",
                base.trim_end_matches('/'),
                p.code,
                p.lookup_key
            )
        }
        Some(base) => {
            let d = store
                .dossier(&Scope::All, due.record_id)
                .await
                .map_err(|e| e.to_string())?;
            format!(
                "{}/tra-cuu?ma={}&khoa={}",
                base.trim_end_matches('/'),
                d.code,
                d.lookup_key
            )
        }
        None => String::new(),
    };
    // A report's "procedure" line names its category and status.
    let procedure = if problem {
        format!("{} — {}", text("category_label"), text("status_label"))
    } else {
        text("procedure_name")
    };
    let (code, note) = (text("code"), text("note"));
    let due_at = shown(&text("due_at"));
    Ok(notice(
        &due.kind,
        &Facts {
            code: &code,
            procedure: &procedure,
            due: &due_at,
            note: &note,
            link: &link,
        },
    ))
}

/// Sends the e-mails that are due, once: how many it tried.
pub async fn send_due<N: Notifier>(
    store: &Store,
    notifier: &N,
    public_url: Option<&str>,
    lease_ms: i64,
    retry_base_ms: i64,
) -> xaphuong_store::Result<usize> {
    let due = store.claim_deliveries(Channel::Email, lease_ms, 20).await?;
    for d in &due {
        let outcome = match compose(store, d, public_url).await {
            Ok(Some(n)) => notifier.send(&d.address, &n).await,
            // An event with nothing to say is done with.
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = &outcome {
            tracing::warn!(delivery = %d.id, kind = %d.kind, error = %e, "e-mail not sent");
        }
        store
            .finish_delivery(d, None, outcome.err().as_deref(), retry_base_ms)
            .await?;
    }
    Ok(due.len())
}
