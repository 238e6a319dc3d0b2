//! What a commune sets for its dossiers: the pattern of their codes (their
//! due dates are counted on the calendar of `crate::calendar`).

use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::onestop::code::{CodePattern, CodePatternInput};
use xaphuong_core::units::Level;

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::units::Unit;
use crate::{Result, Store, now_ms};

impl Store {
    /// The dossier code pattern of a commune. Its identifier in the national
    /// scheme (QĐ 20/2020/QĐ-TTg) is not recorded yet, so the commune's own
    /// code stands in for it.
    pub fn default_code_pattern(commune: &Unit) -> CodePattern {
        CodePattern {
            identifier: format!("000.00.00.X{}", commune.code),
            ..CodePattern::default()
        }
    }

    /// The commune's dossier code pattern: as its administrator set it, or
    /// the default built from the commune's code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_code_pattern(&self, commune: &Unit) -> Result<CodePattern> {
        let row: Option<(String, bool, i64, String)> = self.opt(
            "SELECT identifier, long_year, width, separator FROM onestop_settings WHERE unit_id = $1",
            Args::new().bind(commune.id),
        )
        .await?;
        Ok(match row {
            Some((identifier, long_year, width, separator)) => CodePattern {
                identifier,
                long_year,
                width: u8::try_from(width).unwrap_or(4),
                separator: separator.chars().next().unwrap_or('-'),
            },
            None => Self::default_code_pattern(commune),
        })
    }

    /// Sets a commune's dossier code pattern (NĐ 118/2025 Art. 28), audited.
    /// Codes already given keep their form.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_dossier_code_pattern(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        input: &CodePatternInput,
    ) -> Result<CodePattern> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit", "Mã số hồ sơ đặt cho xã, phường").into());
        }
        let after = input.read()?;
        let before = self.dossier_code_pattern(&commune).await?;
        if before == after {
            return Ok(after);
        }
        let mut tx = self.db.begin().await?;
        tx.run(
            "INSERT INTO onestop_settings (unit_id, identifier, long_year, width, separator, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (unit_id) DO UPDATE SET identifier = $2, long_year = $3, width = $4, separator = $5, updated_at = $6",
            Args::new()
                .bind(commune.id)
                .bind(&after.identifier)
                .bind(after.long_year)
                .bind(i64::from(after.width))
                .bind(after.separator.to_string())
                .bind(now_ms()),
        )
        .await?;
        tx.audit(
            actor,
            Change::update(
                Entity::DossierCode,
                commune.id,
                Place::at(commune.id, &commune.path),
                &before,
                &after,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }
}
