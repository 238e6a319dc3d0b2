//! Consistent copies of a live database.

use std::path::Path;

use crate::{Db, Result, Store, StoreError};

impl Store {
    /// Writes a consistent copy of a SQLite database to `out` while it is in
    /// use (`VACUUM INTO`: one read transaction, compacted, WAL folded in).
    /// PostgreSQL is backed up with its own tools; the error says how.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(StoreError::Unsupported(format!(
                "Tệp {} đã tồn tại; chọn tên khác để không ghi đè bản sao cũ",
                out.display()
            )));
        }
        match &self.db {
            Db::Sqlite { write, .. } => {
                let target = out.to_string_lossy().into_owned();
                sqlx::query("VACUUM INTO $1")
                    .bind(target)
                    .execute(write)
                    .await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Unsupported(
                "Cơ sở dữ liệu PostgreSQL được sao lưu bằng công cụ của PostgreSQL, ví dụ: \
                 pg_dump --format=custom --file=xaphuong.dump \"$XAPHUONG_DATABASE_URL\" \
                 (khôi phục: pg_restore --dbname=… xaphuong.dump)"
                    .into(),
            )),
        }
    }
}
