//! What a citizen does with a dossier's code: the public lookup and the
//! rating of its handling.

use serde::Serialize;
use xaphuong_core::audit::{Action as AuditAction, Actor, Entity};
use xaphuong_core::onestop::lifecycle::Status;
use xaphuong_core::{Invalid, text};

use super::counts::CountChanges;
use super::{DISSATISFIED, DOSSIER_SELECT, Dossier, DossierRow};
use crate::args::Args;
use crate::audit::Change;
use crate::{Result, Store, StoreError};

/// A fresh lookup key from the operating system's random source.
pub fn new_lookup_key() -> String {
    let mut random = [0u8; 5];
    getrandom::fill(&mut random).expect("operating system random source");
    xaphuong_core::onestop::code::lookup_key(random)
}

impl Store {
    /// The public lookup: a dossier by its code, for anyone who has it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_by_code(&self, code: &str) -> Result<Dossier> {
        let row: Option<DossierRow> = self
            .opt(
                format!("{DOSSIER_SELECT} WHERE d.code = $1"),
                Args::new().bind(code.trim()),
            )
            .await?;
        row.map(Dossier::from)
            .ok_or(StoreError::NotFound("hồ sơ có mã này"))
    }

    /// A citizen's rating of a returned dossier, given at `at`; once per
    /// dossier.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn rate_dossier(
        &self,
        code: &str,
        scale: &str,
        answers: &str,
        comment: &str,
        at: jiff::Timestamp,
    ) -> Result<()> {
        let d = self.dossier_by_code(code).await?;
        if d.status != Status::Returned {
            return Err(
                Invalid::one("rating", "Chỉ đánh giá được khi hồ sơ đã trả kết quả").into(),
            );
        }
        let mut tx = self.db.begin().await?;
        let done = tx.run(
            "INSERT INTO dossier_ratings (dossier_id, scale, answers, comment, rated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (dossier_id) DO NOTHING",
            Args::new()
                .bind(d.id)
                .bind(scale)
                .bind(answers)
                .bind(text::clean(comment))
                .bind(at.as_millisecond()),
        )
        .await?;
        if done == 0 {
            return Err(Invalid::one("rating", "Hồ sơ này đã được đánh giá").into());
        }
        let procedure = self.procedure(d.procedure_id).await?;
        let mut counts = CountChanges::default();
        counts.rating(
            &d,
            &procedure.field,
            at.as_millisecond(),
            answers == DISSATISFIED,
        );
        counts.flush(&mut tx).await?;
        #[derive(Serialize)]
        struct Rating<'a> {
            scale: &'a str,
            answers: &'a str,
        }
        tx.audit(
            &Actor::system("công dân đánh giá"),
            Change::new(
                Entity::Dossier,
                d.id,
                AuditAction::Update,
                d.place(),
                None::<&()>,
                Some(&Rating { scale, answers }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
