//! The papers filed with a dossier.

use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;

use xaphuong_core::Invalid;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::violations::check_attachment;

use crate::args::Args;
use crate::audit::Change;
use crate::version::{self, Versioned};
use crate::{Result, Store, StoreError, new_id, now_ms};

/// How many papers a dossier keeps in all, filed and added over its life
/// (supplements included).
pub const DOSSIER_FILES_MAX: i64 = 20;

/// What the audit keeps of a paper added: not its bytes.
#[derive(Serialize)]
struct AddedFile<'a> {
    dossier_id: Uuid,
    code: &'a str,
    file_name: &'a str,
    content_type: &'a str,
    size: i64,
}

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
    /// Adds a paper to a dossier on the version the officer read (a scan
    /// taken at the counter, a paper brought for a supplement), with the
    /// checks of online filing: its kind read from its bytes, its size, and
    /// at most [`DOSSIER_FILES_MAX`] papers. The dossier's version moves,
    /// so two officers adding at once cannot both pass the count.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_dossier_file(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        seen: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(DossierFile, i64)> {
        let d = self.dossier(scope, id).await?;
        version::check_seen(Some(seen), d.updated_at)?;
        let (name, kind) = check_attachment(file_name, bytes)?;
        let (n,): (i64,) = self
            .one(
                "SELECT COUNT(*) FROM dossier_files WHERE dossier_id = $1",
                Args::new().bind(d.id),
            )
            .await?;
        if n >= DOSSIER_FILES_MAX {
            return Err(Invalid::one(
                "file",
                format!("Hồ sơ đã có {DOSSIER_FILES_MAX} tệp, không thêm được nữa"),
            )
            .into());
        }
        let f = DossierFile {
            id: new_id(),
            file_name: name,
            content_type: kind.to_owned(),
            size: bytes.len() as i64,
            created_at: now_ms(),
        };
        let next = version::next_version(d.updated_at);
        let mut tx = self
            .begin_claimed(Versioned::Dossier, id, d.updated_at, next)
            .await?;
        tx.run(
            "INSERT INTO dossier_files (id, dossier_id, file_name, content_type, size, data, actor_name, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            Args::new()
                .bind(f.id)
                .bind(d.id)
                .bind(&f.file_name)
                .bind(&f.content_type)
                .bind(f.size)
                .bind(bytes)
                .bind(&actor.name)
                .bind(f.created_at),
        )
        .await?;
        tx.audit(
            actor,
            Change::insert(
                Entity::DossierFile,
                f.id,
                d.place(),
                &AddedFile {
                    dossier_id: d.id,
                    code: &d.code,
                    file_name: &f.file_name,
                    content_type: &f.content_type,
                    size: f.size,
                },
            ),
        )
        .await?;
        tx.commit().await?;
        Ok((f, next))
    }

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
