//! Sign-in sessions, kept in the database so that any app server can answer
//! any request and an account's sessions can be ended at once.

use uuid::Uuid;

use crate::args::Args;
use crate::users::{SELECT, User, UserRow};
use crate::{Result, Store, now_ms};

/// A live session and its account.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub csrf_token: String,
    pub expires_at: i64,
    pub user: User,
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: Uuid,
    pub csrf_token: &'a str,
    pub expires_at: i64,
    pub address: &'a str,
    pub user_agent: &'a str,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    csrf_token: String,
    expires_at: i64,
    last_seen_at: i64,
}

/// Sessions are extended at most this often, so most requests only read.
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_session(&self, s: &NewSession<'_>) -> Result<()> {
        let now = now_ms();
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Args::new()
                .bind(s.token_hash)
                .bind(s.user_id)
                .bind(s.csrf_token)
                .bind(now)
                .bind(now)
                .bind(s.expires_at)
                .bind(s.address)
                .bind(s.user_agent),
        )
        .await?;
        tx.commit().await
    }

    /// The live session with this token hash and its active account. An idle
    /// session expires `idle_ms` after its last use.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn session(&self, token_hash: &str, idle_ms: i64) -> Result<Option<Session>> {
        let now = now_ms();
        let found = read!(&self.db, |c| {
            let s: Option<(SessionRow, Uuid)> = sqlx::query_as::<_, (String, i64, i64, Uuid)>(
                "SELECT csrf_token, expires_at, last_seen_at, user_id FROM sessions WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(c)
            .await?
            .map(|(csrf_token, expires_at, last_seen_at, uid)| (SessionRow { csrf_token, expires_at, last_seen_at }, uid));
            match s {
                None => Ok::<_, sqlx::Error>(None),
                Some((row, uid)) => {
                    let user = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
                        "{SELECT} WHERE u.id = $1 AND u.active"
                    )))
                    .bind(uid)
                    .fetch_optional(c)
                    .await?;
                    Ok(user.map(|u| (row, User::from(u))))
                }
            }
        })?;
        let Some((row, user)) = found else {
            return Ok(None);
        };
        let mut expires_at = row.expires_at;
        if now - row.last_seen_at > TOUCH_EVERY_MS {
            expires_at = now + idle_ms;
            let mut tx = self.db.begin().await?;
            tx.run(
                "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1",
                Args::new().bind(token_hash).bind(now).bind(expires_at),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(Some(Session {
            token_hash: token_hash.to_owned(),
            csrf_token: row.csrf_token,
            expires_at,
            user,
        }))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        tx.run(
            "DELETE FROM sessions WHERE token_hash = $1",
            Args::new().bind(token_hash),
        )
        .await?;
        tx.commit().await
    }

    /// Removes expired sessions; returns how many.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn sweep_sessions(&self) -> Result<u64> {
        let mut tx = self.db.begin().await?;
        let n = tx
            .run(
                "DELETE FROM sessions WHERE expires_at <= $1",
                Args::new().bind(now_ms()),
            )
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
