//! Households and their members, per residential group; moves between
//! groups and out of the unit; the yearly poverty and cultural-family
//! reviews; and the rates the resolution report counts from them.

use std::collections::{HashMap, HashSet};

use futures_util::stream::{BoxStream, StreamExt};
use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Action, Actor, Entity};
use xaphuong_core::households::culture::{self, Assessment, CultureInput, Exclusion};
use xaphuong_core::households::household::{
    HouseholdInput, MemberInput, Relation, Sex, ValidHousehold, ValidMember, check_members,
    validate_household, validate_member,
};
use xaphuong_core::households::poverty::{
    self, Area, Class, ReviewInput, ReviewStep, Standard, Transition, ValidReview,
};
use xaphuong_core::households::{CultureRow, MemberRow, PovertyRow};
use xaphuong_core::import::ImportRow;
use xaphuong_core::units::Level;
use xaphuong_core::{FieldError, Invalid, text};

use crate::audit::{self, Place};
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::imports::{ImportPlace, at_row};
use crate::stored::{Code, Parsed, code};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Result, Slice, Store, StoreError, new_id, now_ms, slice};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Household {
    pub id: Uuid,
    pub code: String,
    pub commune_id: Uuid,
    pub group_id: Option<Uuid>,
    pub group_name: Option<String>,
    #[serde(skip)]
    pub unit_path: String,
    pub head_name: String,
    pub address: String,
    pub area: Area,
    pub registered_on: Date,
    pub moved_out_on: Option<Date>,
    /// The record's version: its members, move and reviews change only on
    /// the version they were checked against.
    pub updated_at: i64,
}

impl Household {
    fn place(&self) -> Place<'_> {
        Place {
            unit_id: Some(self.group_id.unwrap_or(self.commune_id)),
            unit_path: Some(&self.unit_path),
        }
    }
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    id: Uuid,
    code: String,
    commune_id: Uuid,
    group_id: Option<Uuid>,
    group_name: Option<String>,
    unit_path: String,
    head_name: String,
    address: String,
    area: Code<Area>,
    registered_on: Parsed<Date>,
    moved_out_on: Option<Parsed<Date>>,
    updated_at: i64,
}

impl From<HouseholdRow> for Household {
    fn from(r: HouseholdRow) -> Self {
        Household {
            id: r.id,
            code: r.code,
            commune_id: r.commune_id,
            group_id: r.group_id,
            group_name: r.group_name,
            unit_path: r.unit_path,
            head_name: r.head_name,
            address: r.address,
            area: r.area.0,
            registered_on: r.registered_on.0,
            moved_out_on: r.moved_out_on.map(|d| d.0),
            updated_at: r.updated_at,
        }
    }
}

/// The part of a household's search key that holds its code and its
/// head's name: the key is `fold("{code} {head} {address}")`, and folding
/// keeps the count of characters of NFC text, so the address is what lies
/// past the code's and the name's length.
const NAME_KEY: &str = "substr(h.search_key, 1, length(h.code) + 1 + length(h.head_name))";
const NAME_KEY_LIKE_4: &str =
    "substr(h.search_key, 1, length(h.code) + 1 + length(h.head_name)) LIKE $4";

/// Claims the household for a change checked against `h` (its members,
/// move or reviews); the new version, or [`StoreError::Stale`].
async fn claim_household(tx: &mut Tx, h: &Household) -> Result<i64> {
    let next = version::next_version(h.updated_at);
    version::claim(tx, Versioned::Household, h.id, h.updated_at, next).await?;
    Ok(next)
}

const SELECT: &str =
    "SELECT h.id, h.code, h.commune_id, h.group_id, g.name AS group_name, h.unit_path, h.head_name,
        h.address, h.area, h.registered_on, h.moved_out_on, h.updated_at
    FROM households h LEFT JOIN units g ON g.id = h.group_id";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Member {
    pub id: Uuid,
    pub household_id: Uuid,
    pub full_name: String,
    pub relation: String,
    pub birth_year: i64,
    pub sex: String,
    pub citizen_id: Option<String>,
}

impl Member {
    pub fn relation_label(&self) -> &'static str {
        Relation::parse(&self.relation).map_or("", Relation::label)
    }

    pub fn sex_label(&self) -> &'static str {
        Sex::parse(&self.sex).map_or("", Sex::label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Move {
    pub moved_on: String,
    pub from_name: String,
    pub to_name: String,
    pub note: String,
    pub actor_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PovertyReview {
    pub year: i16,
    pub standard: String,
    pub area: Area,
    pub income: i64,
    pub deprivations: Vec<String>,
    pub class: Class,
}

#[derive(sqlx::FromRow)]
struct PovertyRowDb {
    year: i64,
    standard: String,
    area: Code<Area>,
    income: i64,
    deprivations: String,
    class: Code<Class>,
}

impl From<PovertyRowDb> for PovertyReview {
    fn from(r: PovertyRowDb) -> Self {
        PovertyReview {
            year: r.year as i16,
            standard: r.standard,
            area: r.area.0,
            income: r.income,
            deprivations: r
                .deprivations
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            class: r.class.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CultureReview {
    pub year: i64,
    pub law: bool,
    pub emulation: bool,
    pub family: bool,
    pub exclusions: String,
    pub decision_date: Option<String>,
    pub recognised: bool,
    pub reasons: String,
}

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

/// A year's figures of a unit: households in it at the review date and
/// those the reviews count (numerator and denominator, never only a %).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HouseholdCounts {
    pub review_date: String,
    pub households: i64,
    pub poor: i64,
    pub near_poor: i64,
    pub culture_reviewed: i64,
    pub recognised: i64,
}

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

/// "31/12 of the year", or the chairman's decision if earlier: the day the
/// year's households are counted on.
fn review_day(year: i16, decision: Option<&str>) -> String {
    decision
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{year:04}-12-31"))
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
    /// The poverty standards: built-in and added.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn poverty_standards(&self) -> Result<Vec<Standard>> {
        let rows: Vec<(String,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT body FROM poverty_standards ORDER BY code")
                .fetch_all(c)
                .await
        })?;
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
            exec!(&mut tx, |c| {
                sqlx::query(
                    "INSERT INTO poverty_standards (code, body, created_at) VALUES ($1, $2, $3)
                     ON CONFLICT (code) DO UPDATE SET body = $2, created_at = $3",
                )
                .bind(&s.code)
                .bind(&text)
                .bind(now_ms())
                .execute(c)
                .await
            })?;
            let before = current.iter().find(|c| c.code == s.code);
            audit::write(
                &mut tx,
                actor,
                Entity::PovertyStandard,
                new_id(),
                if before.is_some() {
                    Action::Update
                } else {
                    Action::Insert
                },
                &Place {
                    unit_id: None,
                    unit_path: None,
                },
                before,
                Some(s),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(parsed.into_iter().map(|s| s.code).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household(&self, scope: &Scope, id: Uuid) -> Result<Household> {
        let row: HouseholdRow = self
            .scoped_row(
                format!("{SELECT} WHERE h.id = $1 AND h.unit_path >= $2 AND h.unit_path < $3"),
                scope,
                id,
                "hộ gia đình",
            )
            .await?;
        Ok(row.into())
    }

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
        let (lo, hi) = scope.path_range();
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
        let (count,): (i64,) = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(count_sql.clone()))
                .bind(&lo)
                .bind(&hi)
                .bind(&day)
                .bind(term)
                .bind(class)
                .bind(f.poor_or_near)
                .bind(f.recognised)
                .bind(f.with_moved_out)
                .bind(year)
                .fetch_one(c)
                .await
        })?;
        let rows: Vec<HouseholdRow> = read!(&self.db, |c| {
            let q = sqlx::query_as(sqlx::AssertSqlSafe(page_sql.clone()))
                .bind(&lo)
                .bind(&hi)
                .bind(&day)
                .bind(term)
                .bind(class)
                .bind(f.poor_or_near)
                .bind(f.recognised)
                .bind(f.with_moved_out)
                .bind(year)
                .bind(per_page + 1);
            let q = match &cursor {
                Some((code, id)) => q.bind(code).bind(*id),
                None => q,
            };
            q.fetch_all(c).await
        })?;
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

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_members(&self, scope: &Scope, id: Uuid) -> Result<Vec<Member>> {
        let h = self.household(scope, id).await?;
        Ok(read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT id, household_id, full_name, relation, birth_year, sex, citizen_id
                 FROM household_members WHERE household_id = $1
                 ORDER BY CASE WHEN relation = 'head' THEN 0 ELSE 1 END, birth_year, full_name",
            )
            .bind(h.id)
            .fetch_all(c)
            .await
        })?)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_moves(&self, scope: &Scope, id: Uuid) -> Result<Vec<Move>> {
        let h = self.household(scope, id).await?;
        Ok(read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT moved_on, from_name, to_name, note, actor_name FROM household_moves
                 WHERE household_id = $1 ORDER BY moved_on, created_at",
            )
            .bind(h.id)
            .fetch_all(c)
            .await
        })?)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn poverty_reviews(&self, scope: &Scope, id: Uuid) -> Result<Vec<PovertyReview>> {
        let h = self.household(scope, id).await?;
        let rows: Vec<PovertyRowDb> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT year, standard, area, income, deprivations, class FROM poverty_reviews
                 WHERE household_id = $1 ORDER BY year",
            )
            .bind(h.id)
            .fetch_all(c)
            .await
        })?;
        Ok(rows.into_iter().map(PovertyReview::from).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn culture_reviews(&self, scope: &Scope, id: Uuid) -> Result<Vec<CultureReview>> {
        let h = self.household(scope, id).await?;
        Ok(read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT year, law, emulation, family, exclusions, decision_date, recognised, reasons
                 FROM culture_reviews WHERE household_id = $1 ORDER BY year",
            )
            .bind(h.id)
            .fetch_all(c)
            .await
        })?)
    }

    /// The commune or group `unit_id` a household is filed under.
    async fn household_place(&self, scope: &Scope, unit_id: Uuid) -> Result<(Unit, Option<Unit>)> {
        let unit = self.unit(scope, unit_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        match unit.level {
            Level::Commune => Ok((unit, None)),
            Level::Group => {
                let commune = self
                    .unit(&Scope::All, unit.parent_id.unwrap_or_default())
                    .await?;
                Ok((commune, Some(unit)))
            }
            _ => Err(Invalid::one("unit_id", "Chọn xã, phường hoặc tổ dân phố, thôn").into()),
        }
    }

    /// Registers a household with its head as first member.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_household(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &HouseholdInput,
        head: &MemberInput,
        registered_on: Date,
    ) -> Result<Household> {
        let (commune, group) = self.household_place(scope, unit_id).await?;
        let mut input = input.clone();
        match &group {
            Some(g) => input.group = g.name.clone(),
            None => {
                return Err(Invalid::one("unit_id", "Chọn tổ dân phố, thôn của hộ").into());
            }
        }
        if input.area.trim().is_empty() {
            input.area = default_area(&commune).as_str().to_owned();
        }
        // Codes are unique in the commune. A caller who sees only part of
        // it (a group head) does not pick one: a refusal would tell which
        // codes the other groups hold. The next free code of the group's
        // series is given instead.
        if let Some(g) = group.as_ref().filter(|_| !scope.contains(&commune.path)) {
            input.code = self.next_household_code(&commune, g).await?;
        }
        let v = validate_household(&input)?;
        let mut head = head.clone();
        head.household = v.code.clone();
        head.relation = Relation::Head.as_str().to_owned();
        let m = validate_member(&head, this_year())?;
        if self.household_by_code(commune.id, &v.code).await?.is_some() {
            return Err(Invalid::one(
                "code",
                format!("Đã có hộ mã {} trong {}", v.code, commune.name),
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let h =
            insert_household(&mut tx, actor, &commune, group.as_ref(), &v, registered_on).await?;
        insert_member(&mut tx, actor, &h, &m).await?;
        tx.commit().await?;
        Ok(h)
    }

    /// The next code of a group's series, free in the commune: the series
    /// its households' codes follow (the commonest letters before their
    /// closing number, e.g. `PCK-T05-`), or `<group code>-` for a group
    /// without any; numbered past the highest any household of the commune
    /// holds in it, as wide as its widest number (at least 4 digits).
    async fn next_household_code(&self, commune: &Unit, group: &Unit) -> Result<String> {
        fn split(code: &str) -> Option<(&str, &str)> {
            let at = code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            (at < code.len()).then(|| code.split_at(at))
        }
        let in_group: Vec<(String,)> = read!(&self.db, |c| {
            // By the group's path: the place index, not a scan.
            sqlx::query_as("SELECT code FROM households WHERE unit_path = $1")
                .bind(&group.path)
                .fetch_all(c)
                .await
        })?;
        let mut series: HashMap<&str, usize> = HashMap::new();
        for (code,) in &in_group {
            if let Some((prefix, _)) = split(code) {
                *series.entry(prefix).or_default() += 1;
            }
        }
        let prefix = match series
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)))
        {
            Some((p, _)) => p.to_owned(),
            None => {
                let code: String = text::fold(&group.code)
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                format!("{}-", code.to_uppercase())
            }
        };
        // Compared exactly (a code may hold `_`, which LIKE would read).
        let taken: Vec<(String,)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT code FROM households WHERE commune_id = $1 AND substr(code, 1, length($2)) = $2",
            )
            .bind(commune.id)
            .bind(&prefix)
            .fetch_all(c)
            .await
        })?;
        let numbers: Vec<&str> = taken
            .iter()
            .filter_map(|(c,)| split(c).filter(|(p, _)| *p == prefix).map(|(_, n)| n))
            .collect();
        let width = numbers.iter().map(|n| n.len()).max().unwrap_or(0).max(4);
        let last = numbers
            .iter()
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        Ok(format!("{prefix}{:0width$}", last + 1))
    }

    async fn household_by_code(&self, commune_id: Uuid, code: &str) -> Result<Option<Uuid>> {
        let row: Option<(Uuid,)> = read!(&self.db, |c| {
            sqlx::query_as("SELECT id FROM households WHERE commune_id = $1 AND code = $2")
                .bind(commune_id)
                .bind(code)
                .fetch_optional(c)
                .await
        })?;
        Ok(row.map(|(id,)| id))
    }

    /// Adds a member; a second head is refused.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_member(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &MemberInput,
        today: Date,
    ) -> Result<Member> {
        let h = self.household(scope, household_id).await?;
        let mut input = input.clone();
        input.household = h.code.clone();
        let m = validate_member(&input, today.year())?;
        let mut all: Vec<ValidMember> = self
            .household_members(scope, h.id)
            .await?
            .into_iter()
            .map(|x| {
                Ok(ValidMember {
                    household: h.code.clone(),
                    relation: code("household_members.relation", &x.relation)?,
                    sex: code("household_members.sex", &x.sex)?,
                    full_name: x.full_name,
                    birth_year: x.birth_year as i16,
                    citizen_id: x.citizen_id,
                })
            })
            .collect::<Result<_>>()?;
        all.push(m.clone());
        check_members(&all)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let member = insert_member(&mut tx, actor, &h, &m).await?;
        tx.commit().await?;
        Ok(member)
    }

    /// Moves a household to another group of the unit (`to` Some) or out
    /// of the unit (`to` None) on `on`; the move is kept in its history.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_household(
        &self,
        actor: &Actor,
        scope: &Scope,
        id: Uuid,
        to: Option<Uuid>,
        on: Date,
        note: &str,
    ) -> Result<Household> {
        let before = self.household(scope, id).await?;
        if before.moved_out_on.is_some() {
            return Err(Invalid::one("to", "Hộ đã chuyển đi khỏi địa bàn").into());
        }
        if on < before.registered_on {
            return Err(Invalid::one("on", "Ngày chuyển trước ngày hộ đăng ký tại địa bàn").into());
        }
        let from_name = before
            .group_name
            .clone()
            .unwrap_or_else(|| "(không thuộc tổ)".into());
        let mut after = before.clone();
        let to_name = match to {
            Some(unit_id) => {
                // Another group, or (for an officer over both) another
                // commune: the household keeps its record and its history.
                let (commune, group) = self.household_place(scope, unit_id).await?;
                if group.is_none() {
                    return Err(Invalid::one("to", "Chọn tổ dân phố, thôn nơi chuyển đến").into());
                }
                if commune.id != before.commune_id
                    && self
                        .household_by_code(commune.id, &before.code)
                        .await?
                        .is_some()
                {
                    return Err(Invalid::one(
                        "to",
                        format!("{} đã có hộ mã {}", commune.name, before.code),
                    )
                    .into());
                }
                after.commune_id = commune.id;
                after.group_id = group.as_ref().map(|g| g.id);
                after.group_name = group.as_ref().map(|g| g.name.clone());
                after.unit_path = group
                    .as_ref()
                    .map_or(commune.path.clone(), |g| g.path.clone());
                let group_name = after.group_name.clone().unwrap_or_default();
                if commune.id == before.commune_id {
                    group_name
                } else {
                    format!("{group_name}, {}", commune.name)
                }
            }
            None => {
                after.moved_out_on = Some(on);
                "Chuyển đi khỏi địa bàn".to_owned()
            }
        };
        if after == before {
            return Ok(after);
        }
        let mut tx = self.db.begin().await?;
        after.updated_at = claim_household(&mut tx, &before).await?;
        exec!(&mut tx, |c| {
            sqlx::query(
                "UPDATE households SET group_id = $2, unit_path = $3, moved_out_on = $4, updated_at = $5, commune_id = $6
                 WHERE id = $1",
            )
            .bind(after.id)
            .bind(after.group_id)
            .bind(&after.unit_path)
            .bind(after.moved_out_on.map(|d| d.to_string()))
            .bind(after.updated_at)
            .bind(after.commune_id)
            .execute(c)
            .await
        })?;
        exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO household_moves (id, household_id, moved_on, from_path, to_path, from_name, to_name, note, actor_name, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(new_id())
            .bind(after.id)
            .bind(on.to_string())
            .bind(&before.unit_path)
            .bind(to.map(|_| after.unit_path.clone()))
            .bind(&from_name)
            .bind(&to_name)
            .bind(text::clean(note))
            .bind(&actor.name)
            .bind(now_ms())
            .execute(c)
            .await
        })?;
        // Its reviews go with it.
        if to.is_some() {
            for table in ["poverty_reviews", "culture_reviews"] {
                exec!(&mut tx, |c| {
                    sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE {table} SET unit_path = $2 WHERE household_id = $1"
                    )))
                    .bind(after.id)
                    .bind(&after.unit_path)
                    .execute(c)
                    .await
                })?;
            }
        }
        audit::write(
            &mut tx,
            actor,
            Entity::Household,
            after.id,
            Action::Update,
            &after.place(),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Records (or replaces) a household's poverty review of a year,
    /// classified by that year's standard and the household's area;
    /// `seen` is the household's version the officer's page showed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_poverty_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &ReviewInput,
        seen: Option<i64>,
    ) -> Result<PovertyReview> {
        let h = self.household(scope, household_id).await?;
        version::check_seen(seen, h.updated_at)?;
        let standards = self.poverty_standards().await?;
        let mut input = input.clone();
        if input.area.trim().is_empty() {
            input.area = h.area.as_str().to_owned();
        }
        let v = poverty::validate_review(&standards, &input)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let r = write_poverty(&mut tx, actor, &h, &v).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// Records (or replaces) a household's cultural-family review of a year;
    /// the outcome follows NĐ 86/2023 (see [`culture::decide`]).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_culture_review(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &CultureInput,
        seen: Option<i64>,
    ) -> Result<CultureReview> {
        let h = self.household(scope, household_id).await?;
        version::check_seen(seen, h.updated_at)?;
        let v = culture::validate_culture(input)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let r = write_culture(&mut tx, actor, &h, v.year, &v.assessment).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The dated steps of a commune's poverty review of a year.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn review_steps(
        &self,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
    ) -> Result<Vec<(ReviewStep, Date, String)>> {
        let commune = self.unit(scope, commune_id).await?;
        let rows: Vec<(Code<ReviewStep>, Parsed<Date>, String)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT step, on_date, document FROM review_steps
                 WHERE commune_id = $1 AND year = $2 AND kind = 'poverty'",
            )
            .bind(commune.id)
            .bind(i64::from(year))
            .fetch_all(c)
            .await
        })?;
        let mut steps: Vec<_> = rows
            .into_iter()
            .map(|(s, d, doc)| (s.0, d.0, doc))
            .collect();
        steps.sort_by_key(|(s, ..)| s.order());
        Ok(steps)
    }

    #[allow(clippy::too_many_arguments)]
    /// Records the date of a step of the commune's poverty review (QĐ
    /// 24/2021/QĐ-TTg); the steps stay in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_review_step(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        year: i16,
        step: ReviewStep,
        on: Date,
        document: &str,
    ) -> Result<()> {
        let commune = self.unit(scope, commune_id).await?;
        if commune.level != Level::Commune {
            return Err(Invalid::one("unit", "Bước rà soát ghi cho xã, phường").into());
        }
        let mut steps: Vec<(ReviewStep, Date)> = self
            .review_steps(scope, commune.id, year)
            .await?
            .into_iter()
            .filter(|(s, ..)| *s != step)
            .map(|(s, d, _)| (s, d))
            .collect();
        steps.push((step, on));
        steps.sort_by_key(|(s, _)| s.order());
        poverty::check_steps(&steps)?;
        let mut tx = self.db.begin().await?;
        let id = new_id();
        exec!(&mut tx, |c| {
            sqlx::query(
                "INSERT INTO review_steps (id, commune_id, year, kind, step, on_date, document, created_at)
                 VALUES ($1, $2, $3, 'poverty', $4, $5, $6, $7)
                 ON CONFLICT (commune_id, year, kind, step) DO UPDATE SET on_date = $5, document = $6",
            )
            .bind(id)
            .bind(commune.id)
            .bind(i64::from(year))
            .bind(step.as_str())
            .bind(on.to_string())
            .bind(text::clean(document))
            .bind(now_ms())
            .execute(c)
            .await
        })?;
        #[derive(Serialize)]
        struct StepEntry<'a> {
            year: i16,
            step: &'a str,
            on: String,
            document: &'a str,
        }
        audit::write(
            &mut tx,
            actor,
            Entity::ReviewStep,
            commune.id,
            Action::Update,
            &Place {
                unit_id: Some(commune.id),
                unit_path: Some(&commune.path),
            },
            None::<&()>,
            Some(&StepEntry {
                year,
                step: step.label(),
                on: on.to_string(),
                document,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A unit's households and review counts of a year, counted on the
    /// review date: the chairman's decision of the poverty review if
    /// recorded, else 31 December.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_counts(&self, scope: &Scope, year: i16) -> Result<HouseholdCounts> {
        let (lo, hi) = scope.path_range();
        let (decision,): (Option<String>,) = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT MAX(s.on_date) FROM review_steps s JOIN units u ON u.id = s.commune_id
                 WHERE u.path >= $1 AND u.path < $2 AND s.year = $3 AND s.kind = 'poverty' AND s.step = $4",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(i64::from(year))
            .bind(ReviewStep::Decision.as_str())
            .fetch_one(c)
            .await
        })?;
        let day = review_day(year, decision.as_deref());
        // Counted from the indexes of each table, less the few households
        // not in the unit on the day (registered after it, or gone by it,
        // found by their dates' index): a join per household would read the
        // whole scope.
        let place = self.path_checked("h");
        let sql = format!(
            "WITH gone AS (
                     SELECT h.id FROM households h WHERE h.registered_on > $3 AND {place}
                     UNION ALL
                     SELECT h.id FROM households h
                     WHERE h.moved_out_on <= $3 AND h.registered_on <= $3 AND {place}
                 )
                 SELECT
                    (SELECT COUNT(*) FROM households h WHERE h.unit_path >= $1 AND h.unit_path < $2),
                    (SELECT COUNT(*) FROM gone),
                    (SELECT COUNT(*) FROM poverty_reviews p
                     WHERE p.year = $4 AND p.class = 'poor' AND p.unit_path >= $1 AND p.unit_path < $2),
                    (SELECT COUNT(*) FROM poverty_reviews p JOIN gone g ON g.id = p.household_id
                     WHERE p.year = $4 AND p.class = 'poor'),
                    (SELECT COUNT(*) FROM poverty_reviews p
                     WHERE p.year = $4 AND p.class = 'near_poor' AND p.unit_path >= $1 AND p.unit_path < $2),
                    (SELECT COUNT(*) FROM poverty_reviews p JOIN gone g ON g.id = p.household_id
                     WHERE p.year = $4 AND p.class = 'near_poor'),
                    (SELECT COUNT(*) FROM culture_reviews r
                     WHERE r.year = $4 AND r.unit_path >= $1 AND r.unit_path < $2),
                    (SELECT COUNT(*) FROM culture_reviews r JOIN gone g ON g.id = r.household_id
                     WHERE r.year = $4),
                    (SELECT COUNT(*) FROM culture_reviews r
                     WHERE r.year = $4 AND r.recognised = FALSE AND r.unit_path >= $1 AND r.unit_path < $2),
                    (SELECT COUNT(*) FROM culture_reviews r JOIN gone g ON g.id = r.household_id
                     WHERE r.year = $4 AND r.recognised = FALSE)"
        );
        let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(&lo)
                .bind(&hi)
                .bind(&day)
                .bind(i64::from(year))
                .fetch_one(c)
                .await
        })?;
        let (all, gone, poor, poor_gone, near, near_gone, reviewed, reviewed_gone, not, not_gone) =
            row;
        let culture_reviewed = reviewed - reviewed_gone;
        Ok(HouseholdCounts {
            review_date: day,
            households: all - gone,
            poor: poor - poor_gone,
            near_poor: near - near_gone,
            culture_reviewed,
            recognised: culture_reviewed - (not - not_gone),
        })
    }

    /// Year-over-year changes of the unit's poverty list (thoát nghèo, tái
    /// nghèo, phát sinh mới, …), counted per transition.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn poverty_transitions(
        &self,
        scope: &Scope,
        year: i16,
    ) -> Result<Vec<(Transition, i64)>> {
        let (lo, hi) = scope.path_range();
        // Only households poor or near-poor in one of the two years change
        // lists (`poverty::transition`); the rest are not read. A
        // household's reviews of every year share its path.
        let rows: Vec<(String, Option<String>, bool, i64)> = read!(&self.db, |c| {
            sqlx::query_as(
                "SELECT now, before, earlier_poor, COUNT(*) FROM (
                     SELECT p.class AS now, q.class AS before,
                        CASE WHEN p.class = 'poor' THEN EXISTS (SELECT 1 FROM poverty_reviews e
                            WHERE e.household_id = p.household_id AND e.year < $3 - 1 AND e.class = 'poor')
                        ELSE FALSE END AS earlier_poor
                     FROM poverty_reviews p
                     LEFT JOIN poverty_reviews q ON q.household_id = p.household_id AND q.year = $3 - 1
                     WHERE p.year = $3 AND p.class IN ('poor', 'near_poor') AND p.unit_path >= $1 AND p.unit_path < $2
                     UNION ALL
                     SELECT p.class, q.class, FALSE
                     FROM poverty_reviews q
                     JOIN poverty_reviews p ON p.household_id = q.household_id AND p.year = $3
                     WHERE q.year = $3 - 1 AND q.class IN ('poor', 'near_poor') AND p.class NOT IN ('poor', 'near_poor')
                       AND q.unit_path >= $1 AND q.unit_path < $2
                 ) t GROUP BY now, before, earlier_poor",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(i64::from(year))
            .fetch_all(c)
            .await
        })?;
        let mut counts: HashMap<Transition, i64> = HashMap::new();
        for (now, before, earlier_poor, n) in rows {
            let bad = |v: &str| {
                StoreError::Unsupported(format!("Phân loại hộ đã lưu không đọc được: «{v}»"))
            };
            let now = Class::parse(&now).ok_or_else(|| bad(&now))?;
            let before = match before.as_deref() {
                Some(b) => Some(Class::parse(b).ok_or_else(|| bad(b))?),
                None => None,
            };
            if let Some(t) = poverty::transition(before, now, earlier_poor) {
                *counts.entry(t).or_default() += n;
            }
        }
        Ok(Transition::ALL
            .iter()
            .filter_map(|t| counts.get(t).map(|n| (*t, *n)))
            .collect())
    }

    /// Households and their members from a file, one member per row, into
    /// commune `commune_id`: every row checked first (fields, group, one
    /// head per household, no code already in the commune, no ID number
    /// twice), then all written in one transaction, or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_households(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: Vec<ImportRow<MemberRow>>,
        registered_on: Date,
    ) -> Result<(usize, usize)> {
        let mut file = self.household_import(scope, commune_id).await?;
        for r in rows {
            file.add(r);
        }
        self.save_households(actor, file, registered_on).await
    }

    /// An import of households into commune `commune_id`, to be fed row by
    /// row ([`HouseholdImport::add`]) as the file is read, so that the
    /// file's rows are never all held at once, then saved with
    /// [`Store::save_households`].
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_import(
        &self,
        scope: &Scope,
        commune_id: Uuid,
    ) -> Result<HouseholdImport> {
        let place = self.import_place(scope, commune_id).await?;
        let area = default_area(&place.commune);
        Ok(HouseholdImport {
            place,
            area,
            this_year: this_year(),
            errors: Vec::new(),
            order: Vec::new(),
            found: HashMap::new(),
            rows_of: HashMap::new(),
            broken: HashSet::new(),
        })
    }

    /// Writes the households of `file` if no row of it had a problem and
    /// none clashes with the register: all of them or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_households(
        &self,
        actor: &Actor,
        file: HouseholdImport,
        registered_on: Date,
    ) -> Result<(usize, usize)> {
        let HouseholdImport {
            place,
            mut errors,
            order,
            found,
            rows_of,
            broken,
            ..
        } = file;
        let existing: HashSet<String> = read!(&self.db, |c| {
            sqlx::query_as::<_, (String,)>("SELECT code FROM households WHERE commune_id = $1")
                .bind(place.commune.id)
                .fetch_all(c)
                .await
        })?
        .into_iter()
        .map(|(c,)| c)
        .collect();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for code in &order {
            let (_, _, first_row, members) = &found[code];
            if existing.contains(code) {
                errors.push(
                    FieldError::new(
                        "code",
                        format!("Đã có hộ mã {code} trong {}", place.commune.name),
                    )
                    .at_row(*first_row),
                );
            }
            if !broken.contains(code)
                && let Err(e) = check_members(members)
            {
                at_row(&mut errors, *first_row, e);
            }
            for (m, row) in members.iter().zip(&rows_of[code]) {
                if let Some(id) = &m.citizen_id
                    && let Some(first) = ids.insert(id.clone(), *row)
                    && first != *row
                {
                    errors.push(
                        FieldError::new(
                            "citizen_id",
                            format!("Số định danh {id} trùng với dòng {first}"),
                        )
                        .at_row(*row),
                    );
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(Invalid(errors).into());
        }
        let groups: HashMap<Uuid, Unit> =
            place.groups().iter().map(|g| (g.id, g.clone())).collect();
        let mut tx = self.db.begin().await?;
        let mut w = NewHouseholds::new();
        let mut members = 0;
        for code in &order {
            let (h, group, _, ms) = &found[code];
            let group = group.and_then(|g| groups.get(&g));
            let hh = w.household(actor, &place.commune, group, h, registered_on)?;
            for m in ms {
                w.member(actor, &hh, m)?;
                members += 1;
            }
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok((order.len(), members))
    }

    /// The households of commune `commune_id`, by code, for a review file.
    async fn review_file(&self, scope: &Scope, commune_id: Uuid) -> Result<ReviewFile> {
        let place = self.import_place(scope, commune_id).await?;
        let (lo, hi) = place.commune.scope().path_range();
        let rows: Vec<HouseholdRow> = read!(&self.db, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE h.unit_path >= $1 AND h.unit_path < $2"
            )))
            .bind(&lo)
            .bind(&hi)
            .fetch_all(c)
            .await
        })?;
        Ok(ReviewFile {
            commune: place.commune,
            by_code: rows
                .into_iter()
                .map(Household::from)
                .map(|h| (h.code.clone(), h))
                .collect(),
            seen: HashMap::new(),
            errors: Vec::new(),
        })
    }

    /// Poverty review results from a file, all or none; a household
    /// reviewed again in the same year is replaced.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_poverty_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<PovertyRow>],
    ) -> Result<usize> {
        let mut file = self.review_file(scope, commune_id).await?;
        let standards = self.poverty_standards().await?;
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(h) = file.household(r.row, &r.input.household) else {
                continue;
            };
            let mut input = r.input.review.clone();
            if input.area.trim().is_empty() {
                input.area = h.area.as_str().to_owned();
            }
            match poverty::validate_review(&standards, &input) {
                Ok(v) => {
                    file.once(r.row, &h.code, v.year);
                    ready.push((h, v));
                }
                Err(e) => at_row(&mut file.errors, r.row, e),
            }
        }
        let errors = file.errors;
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let mut years: Vec<i16> = ready.iter().map(|(_, v)| v.year).collect();
        years.sort_unstable();
        years.dedup();
        let mut tx = self.db.begin().await?;
        let mut before = poverty_reviews_under(&mut tx, &file.commune.path, &years).await?;
        let mut w = ReviewWrites::new();
        for (h, v) in &ready {
            w.poverty(actor, h, v, before.remove(&(h.id, v.year)))?;
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok(ready.len())
    }

    /// Cultural-family review results from a file, all or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_culture_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<CultureRow>],
    ) -> Result<usize> {
        let mut file = self.review_file(scope, commune_id).await?;
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(h) = file.household(r.row, &r.input.household) else {
                continue;
            };
            match culture::validate_culture(&r.input.culture) {
                Ok(v) => {
                    file.once(r.row, &h.code, v.year);
                    ready.push((h, v));
                }
                Err(e) => at_row(&mut file.errors, r.row, e),
            }
        }
        let errors = file.errors;
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let mut tx = self.db.begin().await?;
        let mut w = ReviewWrites::new();
        for (h, v) in &ready {
            w.culture(actor, h, v.year, &v.assessment)?;
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok(ready.len())
    }
}

/// The households a review file names, and the problems met reading it.
struct ReviewFile {
    commune: Unit,
    by_code: HashMap<String, Household>,
    /// (household code, year) → the row that first gave it.
    seen: HashMap<(String, i16), usize>,
    errors: Vec<FieldError>,
}

impl ReviewFile {
    /// The household a row names by code, or a problem for the row.
    fn household(&mut self, row: usize, written: &str) -> Option<Household> {
        let code = written.trim();
        let found = self.by_code.get(code).cloned();
        if found.is_none() {
            let msg = format!("Không có hộ mã «{code}» trong {}", self.commune.name);
            self.errors
                .push(FieldError::new("household", msg).at_row(row));
        }
        found
    }

    /// A household's review of a year is given once in a file.
    fn once(&mut self, row: usize, code: &str, year: i16) {
        if let Some(first) = self.seen.insert((code.to_owned(), year), row) {
            let msg = format!("Hộ {code} năm {year} trùng với dòng {first}");
            self.errors
                .push(FieldError::new("household", msg).at_row(row));
        }
    }
}

/// A ward's households are urban, a commune's rural (the area picks the
/// poverty line; a household can say otherwise).
pub fn default_area(commune: &Unit) -> Area {
    if commune.kind == xaphuong_core::units::Kind::Xa {
        Area::Rural
    } else {
        Area::Urban
    }
}

const HOUSEHOLD_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("code", Ty::Text),
    ("commune_id", Ty::Uuid),
    ("group_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("head_name", Ty::Text),
    ("address", Ty::Text),
    ("area", Ty::Text),
    ("search_key", Ty::Text),
    ("registered_on", Ty::Text),
    ("moved_out_on", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

const MEMBER_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("full_name", Ty::Text),
    ("relation", Ty::Text),
    ("birth_year", Ty::Int),
    ("sex", Ty::Text),
    ("citizen_id", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

/// Households read from a file, checked row by row as they come (see
/// [`Store::household_import`]).
pub struct HouseholdImport {
    place: ImportPlace,
    area: Area,
    this_year: i16,
    errors: Vec<FieldError>,
    /// Household codes in file order.
    order: Vec<String>,
    /// Each household with its group, first row and members.
    found: HashMap<String, (ValidHousehold, Option<Uuid>, usize, Vec<ValidMember>)>,
    rows_of: HashMap<String, Vec<usize>>,
    /// Households with a row that failed its own checks.
    broken: HashSet<String>,
}

impl HouseholdImport {
    /// Checks one member's row and keeps what is valid; problems are kept
    /// for [`Store::save_households`] to report, every row's together.
    pub fn add(&mut self, r: ImportRow<MemberRow>) {
        let group = self
            .place
            .group(r.row, &r.group, &mut self.errors)
            .map(|g| g.id);
        let MemberRow {
            household: mut hh,
            mut member,
        } = r.input;
        if hh.area.trim().is_empty() {
            hh.area = self.area.as_str().to_owned();
        }
        member.household = hh.code.clone();
        let h = validate_household(&hh);
        let m = validate_member(&member, self.this_year);
        match (h, m) {
            (Ok(h), Ok(m)) => {
                let code = h.code.clone();
                self.rows_of.entry(code.clone()).or_default().push(r.row);
                match self.found.get_mut(&code) {
                    Some((first, first_group, first_row, members)) => {
                        if first.head_name != h.head_name || *first_group != group {
                            self.errors.push(
                                FieldError::new(
                                    "code",
                                    format!(
                                        "Hộ {code} ghi khác dòng {first_row} (chủ hộ hoặc tổ dân phố)"
                                    ),
                                )
                                .at_row(r.row),
                            );
                        }
                        members.push(m);
                    }
                    None => {
                        self.order.push(code.clone());
                        self.found.insert(code, (h, group, r.row, vec![m]));
                    }
                }
            }
            (h, m) => {
                // Its household's other checks would only repeat this.
                self.broken.insert(hh.code.trim().to_owned());
                if let Err(e) = h {
                    at_row(&mut self.errors, r.row, e);
                }
                if let Err(mut e) = m {
                    // The household code is the household's column,
                    // reported once under it.
                    e.0.retain(|f| f.field != "household");
                    if !e.0.is_empty() {
                        at_row(&mut self.errors, r.row, e);
                    }
                }
            }
        }
    }
}

/// New households and members with their audit entries, written in
/// batches: one household or a whole file take the same path.
struct NewHouseholds {
    households: Batch,
    members: Batch,
    audit: Batch,
    now: i64,
}

impl NewHouseholds {
    /// Rows held before they are written, to bound memory.
    const FLUSH_AT: usize = 4_000;

    fn new() -> Self {
        NewHouseholds {
            households: Batch::new("households", HOUSEHOLD_COLUMNS),
            members: Batch::new("household_members", MEMBER_COLUMNS),
            audit: audit::batch(),
            now: now_ms(),
        }
    }

    fn household(
        &mut self,
        actor: &Actor,
        commune: &Unit,
        group: Option<&Unit>,
        v: &ValidHousehold,
        registered_on: Date,
    ) -> Result<Household> {
        let h = Household {
            id: new_id(),
            code: v.code.clone(),
            commune_id: commune.id,
            group_id: group.map(|g| g.id),
            group_name: group.map(|g| g.name.clone()),
            unit_path: group.map_or_else(|| commune.path.clone(), |g| g.path.clone()),
            head_name: v.head_name.clone(),
            address: v.address.clone(),
            area: v.area,
            registered_on,
            moved_out_on: None,
            updated_at: self.now,
        };
        self.households
            .uuid(h.id)
            .text(h.code.clone())
            .uuid(h.commune_id)
            .uuid(h.group_id)
            .text(h.unit_path.clone())
            .text(h.head_name.clone())
            .text(h.address.clone())
            .text(h.area.as_str())
            .text(text::fold(&format!(
                "{} {} {}",
                h.code, h.head_name, h.address
            )))
            .text(registered_on.to_string())
            .opt_text(None)
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Entity::Household,
            h.id,
            Action::Insert,
            &h.place(),
            None::<&()>,
            Some(&h),
        )?;
        Ok(h)
    }

    fn member(&mut self, actor: &Actor, h: &Household, m: &ValidMember) -> Result<Member> {
        let member = Member {
            id: new_id(),
            household_id: h.id,
            full_name: m.full_name.clone(),
            relation: m.relation.as_str().to_owned(),
            birth_year: i64::from(m.birth_year),
            sex: m.sex.as_str().to_owned(),
            citizen_id: m.citizen_id.clone(),
        };
        self.members
            .uuid(member.id)
            .uuid(h.id)
            .text(member.full_name.clone())
            .text(member.relation.clone())
            .int(member.birth_year)
            .text(member.sex.clone())
            .opt_text(member.citizen_id.clone())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Entity::HouseholdMember,
            member.id,
            Action::Insert,
            &h.place(),
            None::<&()>,
            Some(&member),
        )?;
        Ok(member)
    }

    fn full(&self) -> bool {
        self.households.len() + self.members.len() >= Self::FLUSH_AT
    }

    /// Households before their members.
    async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        self.households.flush(tx).await?;
        self.members.flush(tx).await?;
        self.audit.flush(tx).await
    }
}

async fn insert_household(
    tx: &mut Tx,
    actor: &Actor,
    commune: &Unit,
    group: Option<&Unit>,
    v: &ValidHousehold,
    registered_on: Date,
) -> Result<Household> {
    let mut w = NewHouseholds::new();
    let h = w.household(actor, commune, group, v, registered_on)?;
    w.flush(tx).await?;
    Ok(h)
}

async fn insert_member(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    m: &ValidMember,
) -> Result<Member> {
    let mut w = NewHouseholds::new();
    let member = w.member(actor, h, m)?;
    w.flush(tx).await?;
    Ok(member)
}

const POVERTY_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("year", Ty::Int),
    ("standard", Ty::Text),
    ("area", Ty::Text),
    ("income", Ty::Int),
    ("deprivations", Ty::Text),
    ("class", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

const CULTURE_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("year", Ty::Int),
    ("law", Ty::Bool),
    ("emulation", Ty::Bool),
    ("family", Ty::Bool),
    ("exclusions", Ty::Text),
    ("meeting_date", Ty::Text),
    ("posting_from", Ty::Text),
    ("posting_to", Ty::Text),
    ("decision_date", Ty::Text),
    ("recognised", Ty::Bool),
    ("reasons", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

/// Reviews with their audit entries, written in batches; a household's
/// review of a year replaces the one recorded before.
struct ReviewWrites {
    poverty: Batch,
    culture: Batch,
    audit: Batch,
    now: i64,
}

impl ReviewWrites {
    const FLUSH_AT: usize = 4_000;

    fn new() -> Self {
        ReviewWrites {
            poverty: Batch::with_tail(
                "poverty_reviews",
                POVERTY_COLUMNS,
                "ON CONFLICT (household_id, year) DO UPDATE SET standard = excluded.standard, area = excluded.area,
                     income = excluded.income, deprivations = excluded.deprivations, class = excluded.class,
                     updated_at = excluded.updated_at",
            ),
            culture: Batch::with_tail(
                "culture_reviews",
                CULTURE_COLUMNS,
                "ON CONFLICT (household_id, year) DO UPDATE SET law = excluded.law, emulation = excluded.emulation,
                     family = excluded.family, exclusions = excluded.exclusions, meeting_date = excluded.meeting_date,
                     posting_from = excluded.posting_from, posting_to = excluded.posting_to,
                     decision_date = excluded.decision_date, recognised = excluded.recognised,
                     reasons = excluded.reasons, updated_at = excluded.updated_at",
            ),
            audit: audit::batch(),
            now: now_ms(),
        }
    }

    /// `before`: the household's review of that year as recorded.
    fn poverty(
        &mut self,
        actor: &Actor,
        h: &Household,
        v: &ValidReview,
        before: Option<PovertyReview>,
    ) -> Result<PovertyReview> {
        let r = PovertyReview {
            year: v.year,
            standard: v.standard.clone(),
            area: v.area,
            income: v.income,
            deprivations: v.deprived.clone(),
            class: v.class,
        };
        self.poverty
            .uuid(new_id())
            .uuid(h.id)
            .text(h.unit_path.clone())
            .int(i64::from(r.year))
            .text(r.standard.clone())
            .text(r.area.as_str())
            .int(r.income)
            .text(r.deprivations.join(","))
            .text(r.class.as_str())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Entity::PovertyReview,
            h.id,
            if before.is_some() {
                Action::Update
            } else {
                Action::Insert
            },
            &h.place(),
            before.as_ref(),
            Some(&r),
        )?;
        Ok(r)
    }

    fn culture(
        &mut self,
        actor: &Actor,
        h: &Household,
        year: i16,
        a: &Assessment,
    ) -> Result<CultureReview> {
        let outcome = culture::decide(a, year);
        let exclusions: Vec<&str> = a.exclusions.iter().map(|e: &Exclusion| e.label()).collect();
        let r = CultureReview {
            year: i64::from(year),
            law: a.law,
            emulation: a.emulation,
            family: a.family,
            exclusions: exclusions.join("; "),
            decision_date: a.decision_date.map(|d| d.to_string()),
            recognised: outcome.recognised,
            reasons: outcome.reasons.join("\n"),
        };
        let d = |x: Option<Date>| x.map(|d| d.to_string());
        self.culture
            .uuid(new_id())
            .uuid(h.id)
            .text(h.unit_path.clone())
            .int(r.year)
            .bool(r.law)
            .bool(r.emulation)
            .bool(r.family)
            .text(r.exclusions.clone())
            .opt_text(d(a.meeting_date))
            .opt_text(d(a.posting_from))
            .opt_text(d(a.posting_to))
            .opt_text(r.decision_date.clone())
            .bool(r.recognised)
            .text(r.reasons.clone())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Entity::CultureReview,
            h.id,
            Action::Update,
            &h.place(),
            None::<&()>,
            Some(&r),
        )?;
        Ok(r)
    }

    fn full(&self) -> bool {
        self.poverty.len() + self.culture.len() >= Self::FLUSH_AT
    }

    async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        self.poverty.flush(tx).await?;
        self.culture.flush(tx).await?;
        self.audit.flush(tx).await
    }
}

/// The poverty reviews of `years` recorded for the households under
/// `path`, by household and year.
async fn poverty_reviews_under(
    tx: &mut Tx,
    path: &str,
    years: &[i16],
) -> Result<HashMap<(Uuid, i16), PovertyReview>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        household_id: Uuid,
        #[sqlx(flatten)]
        review: PovertyRowDb,
    }
    let (lo, hi) = Scope::Subtree(path.to_owned()).path_range();
    let mut out = HashMap::new();
    for year in years {
        let rows: Vec<Row> = tx!(tx, |c| {
            sqlx::query_as(
                "SELECT household_id, year, standard, area, income, deprivations, class FROM poverty_reviews
                 WHERE unit_path >= $1 AND unit_path < $2 AND year = $3",
            )
            .bind(&lo)
            .bind(&hi)
            .bind(i64::from(*year))
            .fetch_all(c)
            .await
        })?;
        for r in rows {
            out.insert((r.household_id, *year), PovertyReview::from(r.review));
        }
    }
    Ok(out)
}

async fn write_poverty(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    v: &ValidReview,
) -> Result<PovertyReview> {
    let before: Option<PovertyRowDb> = tx!(tx, |c| {
        sqlx::query_as(
            "SELECT year, standard, area, income, deprivations, class FROM poverty_reviews
             WHERE household_id = $1 AND year = $2",
        )
        .bind(h.id)
        .bind(i64::from(v.year))
        .fetch_optional(c)
        .await
    })?;
    let mut w = ReviewWrites::new();
    let r = w.poverty(actor, h, v, before.map(PovertyReview::from))?;
    w.flush(tx).await?;
    Ok(r)
}

async fn write_culture(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    year: i16,
    a: &Assessment,
) -> Result<CultureReview> {
    let mut w = ReviewWrites::new();
    let r = w.culture(actor, h, year, a)?;
    w.flush(tx).await?;
    Ok(r)
}

/// The year in Vietnam now: no one is born after it.
fn this_year() -> i16 {
    xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now()).year()
}
