//! The papers filed with a dossier.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;

use crate::args::Args;
use crate::{Result, Store, StoreError};

/// A paper filed with a dossier, without its bytes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DossierFile {
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub created_at: i64,
}

impl Store {
    /// The papers filed with a dossier the caller may see.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_files(&self, scope: &Scope, id: Uuid) -> Result<Vec<DossierFile>> {
        let d = self.dossier(scope, id).await?;
        self.all(
            "SELECT id, file_name, content_type, size, created_at FROM dossier_files
                 WHERE dossier_id = $1 ORDER BY created_at, file_name",
            Args::new().bind(d.id),
        )
        .await
    }

    /// One paper and its bytes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossier_file(
        &self,
        scope: &Scope,
        id: Uuid,
        file_id: Uuid,
    ) -> Result<(DossierFile, Vec<u8>)> {
        let d = self.dossier(scope, id).await?;
        let row: Option<(Uuid, String, String, i64, i64, Vec<u8>)> = self
            .opt(
                "SELECT id, file_name, content_type, size, created_at, data FROM dossier_files
                 WHERE dossier_id = $1 AND id = $2",
                Args::new().bind(d.id).bind(file_id),
            )
            .await?;
        let (id, file_name, content_type, size, created_at, data) =
            row.ok_or(StoreError::NotFound("tệp đính kèm"))?;
        Ok((
            DossierFile {
                id,
                file_name,
                content_type,
                size,
                created_at,
            },
            data,
        ))
    }
}
