//! The household lists: a page of a scope's households, searched and
//! filtered by their reviews, and the whole register streamed as a file.

use futures_util::stream::{BoxStream, StreamExt};
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::households::poverty::Class;
use xaphuong_core::text;

use super::{Household, HouseholdRow, Member, SELECT};
use crate::args::Args;
use crate::{Result, Slice, Store, slice};

/// The part of a household's search key that holds its code and its
/// head's name: the key is `fold("{code} {head} {address}")`, and folding
/// keeps the count of characters of NFC text, so the address is what lies
/// past the code's and the name's length.
const NAME_KEY: &str = "substr(h.search_key, 1, length(h.code) + 1 + length(h.head_name))";
const NAME_KEY_LIKE_4: &str =
    "substr(h.search_key, 1, length(h.code) + 1 + length(h.head_name)) LIKE $4";

/// Which households a list shows.
#[derive(Debug, Clone, Default)]
pub struct HouseholdFilter {
    /// Code, head of household or address, diacritics ignored.
    pub q: Option<String>,
    /// `q` searches the code and the head's name only: for a role that is
    /// not shown addresses, which must not find households by them either.
    pub names_only: bool,
    /// With that year's poverty review in this class.
    pub class: Option<Class>,
    /// Poor or near-poor in `year`.
    pub poor_or_near: bool,
    /// Recognised "Gia đình văn hóa" in `year` (true) or reviewed and not
    /// (false).
    pub recognised: Option<bool>,
    /// The year the review filters and the "in the unit" test refer to:
    /// households in the unit on 31 December of it.
    pub year: Option<i16>,
    /// Households that have left the unit too.
    pub with_moved_out: bool,
    /// The page after this household (the previous page's last).
    pub after: Option<Uuid>,
    pub per_page: Option<i64>,
}

/// How a list's search matches.
enum Search<'a> {
    None,
    /// The folded text anywhere in the search key.
    Like(&'a str),
    /// A record's full code.
    Code(&'a str),
}

impl Store {
    /// Households inside `scope` matching `f`, by code: a page after
    /// `f.after`, and how many match (counted up to [`COUNT_CAP`]). A
    /// search that is a household's full code finds it by its index.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn households(&self, scope: &Scope, f: &HouseholdFilter) -> Result<Slice<Household>> {
        if let Some(code) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let exact = self.households_where(scope, f, Search::Code(code)).await?;
            if !exact.items.is_empty() {
                return Ok(exact);
            }
        }
        let like = f.q.as_deref().map(|q| format!("%{}%", text::fold(q)));
        let search = match &like {
            Some(l) => Search::Like(l),
            None => Search::None,
        };
        self.households_where(scope, f, search).await
    }

    async fn households_where(
        &self,
        scope: &Scope,
        f: &HouseholdFilter,
        search: Search<'_>,
    ) -> Result<Slice<Household>> {
        let per_page = f
            .per_page
            .unwrap_or(crate::DEFAULT_PER_PAGE)
            .clamp(1, crate::MAX_PER_PAGE);
        let day = f.year.map(|y| format!("{y:04}-12-31"));
        let class = f.class.map(Class::as_str);
        let (search_sql, term) = match search {
            Search::None => ("$4 IS NULL", None),
            Search::Like(l) if f.names_only => (NAME_KEY_LIKE_4, Some(l)),
            Search::Like(l) => ("h.search_key LIKE $4", Some(l)),
            Search::Code(c) => ("h.code = $4", Some(c)),
        };
        let rest = format!(
            "{search_sql}
             AND ($3 IS NULL OR h.registered_on <= $3)
             AND ($3 IS NULL OR $8 OR h.moved_out_on IS NULL OR h.moved_out_on > $3)
             AND ($3 IS NOT NULL OR $8 OR h.moved_out_on IS NULL)
             AND ($5 IS NULL OR EXISTS (SELECT 1 FROM poverty_reviews p WHERE p.household_id = h.id
                  AND p.year = $9 AND p.class = $5))
             AND (NOT $6 OR EXISTS (SELECT 1 FROM poverty_reviews p WHERE p.household_id = h.id
                  AND p.year = $9 AND p.class IN ('poor', 'near_poor')))
             AND ($7 IS NULL OR EXISTS (SELECT 1 FROM culture_reviews r WHERE r.household_id = h.id
                  AND r.year = $9 AND r.recognised = $7))"
        );
        let filter = format!("h.unit_path >= $1 AND h.unit_path < $2 AND {rest}");
        // Several communes: the deployment's list in code order, the scope
        // checked on the way; one commune: its index range, sorted.
        let ordered = if self.spans_communes(scope).await? {
            format!("{} AND {rest}", self.path_checked("h"))
        } else {
            filter.clone()
        };
        // A sparse review filter is counted from its review's index.
        let driver = if f.class.is_some() || f.poor_or_near {
            "poverty_reviews d JOIN households h ON h.id = d.household_id
             WHERE d.year = $9 AND d.unit_path >= $1 AND d.unit_path < $2
               AND d.class IN ('poor', 'near_poor', $5) AND ($5 IS NULL OR d.class = $5) AND"
        } else if f.recognised.is_some() {
            "culture_reviews d JOIN households h ON h.id = d.household_id
             WHERE d.year = $9 AND d.recognised = $7 AND d.unit_path >= $1 AND d.unit_path < $2 AND"
        } else {
            "households h WHERE"
        };
        let year = f.year.map(i64::from);
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {driver} {filter} LIMIT {}) x",
            crate::COUNT_CAP + 1
        );
        let cursor = match f.after {
            Some(id) => read!(&self.db, |c| {
                sqlx::query_as::<_, (String, Uuid)>("SELECT code, id FROM households WHERE id = $1")
                    .bind(id)
                    .fetch_optional(c)
                    .await
            })?,
            None => None,
        };
        let page_sql = format!(
            "{SELECT} WHERE {ordered} {} ORDER BY h.code, h.id LIMIT $10",
            if cursor.is_some() {
                "AND (h.code, h.id) > ($11, $12)"
            } else {
                ""
            }
        );
        let args = Args::scope(scope)
            .text(day)
            .text(term)
            .text(class)
            .bool(f.poor_or_near)
            .bool(f.recognised)
            .bool(f.with_moved_out)
            .int(year);
        let (count,): (i64,) = self.one(count_sql, args.clone()).await?;
        let mut paged = args.int(per_page + 1);
        if let Some((code, id)) = cursor {
            paged = paged.text(Some(code)).uuid(id);
        }
        let rows: Vec<HouseholdRow> = self.all(page_sql, paged).await?;
        Ok(slice(
            rows.into_iter().map(Household::from).collect(),
            per_page,
            count,
            |h: &Household| h.id,
        ))
    }

    /// Every member of the households inside `scope` matching `f` (its
    /// page ignored), with their household, by household code: the sổ hộ
    /// as a file, streamed from one query so that a province's register
    /// is never held whole.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_register(
        &self,
        scope: &Scope,
        f: &HouseholdFilter,
    ) -> Result<BoxStream<'_, Result<(Household, Member)>>> {
        #[derive(sqlx::FromRow)]
        struct Line {
            #[sqlx(flatten)]
            h: HouseholdRow,
            member_id: Uuid,
            full_name: String,
            relation: String,
            birth_year: i64,
            sex: String,
            citizen_id: Option<String>,
        }
        let (lo, hi) = scope.path_range();
        let like = f.q.as_deref().map(|q| format!("%{}%", text::fold(q)));
        // As the list: several communes walk the code index; households
        // lead (CROSS JOIN keeps SQLite from starting with the members).
        let place = if self.spans_communes(scope).await? {
            self.path_checked("h")
        } else {
            "h.unit_path >= $1 AND h.unit_path < $2".to_owned()
        };
        let key = if f.names_only {
            NAME_KEY
        } else {
            "h.search_key"
        };
        let sql = format!(
            "SELECT h.id, h.code, h.commune_id, h.group_id, g.name AS group_name, h.unit_path, h.head_name,
                    h.address, h.area, h.registered_on, h.moved_out_on, h.updated_at,
                    m.id AS member_id, m.full_name, m.relation, m.birth_year, m.sex, m.citizen_id
             FROM households h LEFT JOIN units g ON g.id = h.group_id
             CROSS JOIN household_members m
             WHERE m.household_id = h.id AND {place} AND ($3 IS NULL OR {key} LIKE $3)
               AND ($4 OR h.moved_out_on IS NULL)
             ORDER BY h.code, h.id, CASE WHEN m.relation = 'head' THEN 0 ELSE 1 END, m.birth_year, m.full_name"
        );
        let with_moved_out = f.with_moved_out;
        let lines = read!(&self.db, |c| {
            sqlx::query_as::<_, Line>(sqlx::AssertSqlSafe(sql))
                .bind(lo)
                .bind(hi)
                .bind(like)
                .bind(with_moved_out)
                .fetch(c)
                .boxed()
        });
        Ok(lines
            .map(|l| {
                let l = l?;
                let h = Household::from(l.h);
                let m = Member {
                    id: l.member_id,
                    household_id: h.id,
                    full_name: l.full_name,
                    relation: l.relation,
                    birth_year: l.birth_year,
                    sex: l.sex,
                    citizen_id: l.citizen_id,
                };
                Ok((h, m))
            })
            .boxed())
    }
}
