//! The dossier lists and work queues, most urgent first.

use jiff::civil::DateTime;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::onestop::lifecycle::{Status, Step};
use xaphuong_core::text;

use super::{DOSSIER_SELECT, Dossier, DossierRow, text_dt};
use crate::args::Args;
use crate::{Result, Slice, Store, slice};

/// Filters of the dossier lists and work queues.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Code or applicant, diacritics ignored.
    pub q: Option<String>,
    pub status: Option<Status>,
    /// Where the dossier is held: a queue per step.
    pub step: Option<Step>,
    pub procedure_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    /// Unfinished and due at or before this moment.
    pub due_by: Option<DateTime>,
    /// The page after this dossier (the previous page's last).
    pub after: Option<Uuid>,
    pub per_page: Option<i64>,
}

/// The unfinished statuses, for queues and "due" lists.
const OPEN: &str = "('new', 'received', 'processing', 'supplement', 'financial')";
/// The search of a full dossier code, through its unique index.
const EXACT: &str = "d.code = $3";

impl Store {
    /// Dossiers inside `scope` matching `f`, most urgent first (open ones
    /// by due date, then the rest): a page after `f.after`, and how many
    /// match, counted up to [`crate::COUNT_CAP`]. A search that is a
    /// dossier's full code finds it by its unique index.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dossiers(&self, scope: &Scope, f: &DossierFilter) -> Result<Slice<Dossier>> {
        if let Some(code) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let exact = self.dossiers_where(scope, f, EXACT, code).await?;
            if !exact.items.is_empty() {
                return Ok(exact);
            }
        }
        match f.q.as_deref() {
            Some(q) => {
                let like = format!("%{}%", text::fold(q));
                self.dossiers_where(scope, f, "d.search_key LIKE $3", &like)
                    .await
            }
            None => self.dossiers_where(scope, f, "$3 = ''", "").await,
        }
    }

    /// `search` compares with `$3`, bound to `term`; [`EXACT`] looks a
    /// code up.
    async fn dossiers_where(
        &self,
        scope: &Scope,
        f: &DossierFilter,
        search: &'static str,
        term: &str,
    ) -> Result<Slice<Dossier>> {
        let per_page = f
            .per_page
            .unwrap_or(crate::DEFAULT_PER_PAGE)
            .clamp(1, crate::MAX_PER_PAGE);
        let status = f.status.map(Status::as_str);
        let step = f.step.map(Step::as_str);
        let due_by = text_dt(f.due_by);
        let rest = format!(
            "{search} AND ($4 IS NULL OR d.status = $4)
             AND ($5 IS NULL OR d.procedure_id = $5) AND ($6 IS NULL OR d.assignee_id = $6)
             AND ($7 IS NULL OR (d.status IN {OPEN} AND d.due_at <= $7)) AND ($8 IS NULL OR d.step = $8)"
        );
        let filter = format!("d.unit_path >= $1 AND d.unit_path < $2 AND {rest}");
        // Dossiers are kept at their commune's path: a commune's queue is
        // one range of its index in queue order; a wider scope's is the
        // deployment's queue order, its scope checked on the way. (The
        // upper bound is only named for a commune: with it, PostgreSQL
        // multiplied two guesses about one column and sorted the commune's
        // whole queue.)
        let place = if self.spans_communes(scope).await? {
            self.path_checked("d")
        } else {
            "d.unit_path = $1 AND $2 <> ''".to_owned()
        };
        let ordered = format!("{place} AND {rest}");
        let cursor = match f.after {
            Some(id) => read!(&self.db, |c| {
                sqlx::query_as::<_, (String, String)>(
                    "SELECT queue_rank, code FROM dossiers WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(c)
                .await
            })?,
            None => None,
        };
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM dossiers d WHERE {filter} LIMIT {}) x",
            crate::COUNT_CAP + 1
        );
        let page_sql = format!(
            "{DOSSIER_SELECT} WHERE {ordered} {} ORDER BY d.queue_rank, d.code LIMIT $9",
            if cursor.is_some() {
                "AND (d.queue_rank, d.code) > ($10, $11)"
            } else {
                ""
            }
        );
        let args = Args::scope(scope)
            .text(Some(term))
            .text(status)
            .uuid(f.procedure_id)
            .uuid(f.assignee_id)
            .text(due_by)
            .text(step);
        let mut paged = args.clone().int(per_page + 1);
        if let Some((rank, code)) = cursor {
            paged = paged.text(Some(rank)).text(Some(code));
        }
        let rows: Vec<DossierRow> = self.all(page_sql, paged).await?;
        // A code is unique: what the page found is the count.
        let count = if search == EXACT {
            rows.len() as i64
        } else {
            let (count,): (i64,) = self.one(count_sql, args).await?;
            count
        };
        Ok(slice(
            rows.into_iter().map(Dossier::from).collect(),
            per_page,
            count,
            |d: &Dossier| d.id,
        ))
    }
}
