//! The poverty standards in force: the built-in ones and those a
//! deployment adds from a file (a new decree).

use xaphuong_core::Invalid;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::households::poverty::{self, Standard};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::{Result, Store, StoreError, new_id, now_ms};

/// The poverty standards in force for the deployment: the built-in ones,
/// and those it added (a new decree), which replace a built-in one of the
/// same code.
pub fn merge_standards(builtin: &[Standard], added: Vec<Standard>) -> Vec<Standard> {
    let mut all: Vec<Standard> = builtin
        .iter()
        .filter(|b| !added.iter().any(|a| a.code == b.code))
        .cloned()
        .collect();
    all.extend(added);
    all.sort_by_key(|s| s.first_year);
    all
}

impl Store {
    /// The poverty standards: built-in and added.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn poverty_standards(&self) -> Result<Vec<Standard>> {
        let rows: Vec<(String,)> = self
            .all(
                "SELECT body FROM poverty_standards ORDER BY code",
                Args::new(),
            )
            .await?;
        let mut added = Vec::new();
        for (body,) in rows {
            added.extend(poverty::parse_standards(&body).map_err(|e| {
                StoreError::Unsupported(format!("Chuẩn nghèo đã lưu bị hỏng: {e}"))
            })?);
        }
        Ok(merge_standards(poverty::builtin(), added))
    }

    /// Adds the standards of a file (a new decree): each checked, and the
    /// whole set checked again for overlapping periods, before any is kept.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_poverty_standards(&self, actor: &Actor, body: &str) -> Result<Vec<String>> {
        let parsed = poverty::parse_standards(body)
            .map_err(|e| Invalid::one("file", format!("Tệp chuẩn nghèo, {e}")))?;
        let current = self.poverty_standards().await?;
        let merged = merge_standards(&current, parsed.clone());
        poverty::parse_standards(&poverty::format_standards(&merged))
            .map_err(|e| Invalid::one("file", format!("Chuẩn nghèo chồng lấn giai đoạn: {e}")))?;
        let mut tx = self.db.begin().await?;
        for s in &parsed {
            let text = poverty::format_standards(std::slice::from_ref(s));
            tx.run(
                "INSERT INTO poverty_standards (code, body, created_at) VALUES ($1, $2, $3)
                     ON CONFLICT (code) DO UPDATE SET body = $2, created_at = $3",
                Args::new().bind(&s.code).bind(&text).bind(now_ms()),
            )
            .await?;
            let before = current.iter().find(|c| c.code == s.code);
            tx.audit(
                actor,
                Change::upsert(Entity::PovertyStandard, new_id(), Place::NOWHERE, before, s),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(parsed.into_iter().map(|s| s.code).collect())
    }
}
