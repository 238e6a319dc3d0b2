//! A year's household and review counts of a unit and the changes of its
//! poverty list: the figures the resolution report reads.

use std::collections::HashMap;

use serde::Serialize;
use xaphuong_core::access::Scope;
use xaphuong_core::households::poverty::{self, Class, ReviewStep, Transition};

use crate::args::Args;
use crate::{Result, Store, StoreError};

/// A year's figures of a unit: households in it at the review date and
/// those the reviews count (numerator and denominator, never only a %).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HouseholdCounts {
    pub review_date: String,
    pub households: i64,
    pub poor: i64,
    pub near_poor: i64,
    /// Any household of the unit has a poverty review of the year: without
    /// one, its rates are not known (not 0%).
    pub poverty_reviewed: bool,
    pub culture_reviewed: i64,
    pub recognised: i64,
}

/// "31/12 of the year", or the chairman's decision if earlier: the day the
/// year's households are counted on.
fn review_day(year: i16, decision: Option<&str>) -> String {
    decision
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{year:04}-12-31"))
}

impl Store {
    /// A unit's households and review counts of a year, counted on the
    /// review date: the chairman's decision of the poverty review if
    /// recorded, else 31 December.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_counts(&self, scope: &Scope, year: i16) -> Result<HouseholdCounts> {
        let (lo, hi) = scope.path_range();
        let (decision,): (Option<String>,) = self.one(
            "SELECT MAX(s.on_date) FROM review_steps s JOIN units u ON u.id = s.commune_id
                 WHERE u.path >= $1 AND u.path < $2 AND s.year = $3 AND s.kind = 'poverty' AND s.step = $4",
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .bind(i64::from(year))
                .bind(ReviewStep::Decision.as_str()),
        )
        .await?;
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
                     WHERE r.year = $4 AND r.recognised = FALSE),
                    EXISTS (SELECT 1 FROM poverty_reviews p
                     WHERE p.unit_path >= $1 AND p.unit_path < $2 AND p.year = $4)"
        );
        #[allow(clippy::type_complexity)]
        let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, bool) = self
            .one(
                sql,
                Args::new()
                    .bind(&lo)
                    .bind(&hi)
                    .bind(&day)
                    .bind(i64::from(year)),
            )
            .await?;
        let (
            all,
            gone,
            poor,
            poor_gone,
            near,
            near_gone,
            reviewed,
            reviewed_gone,
            not,
            not_gone,
            poverty_reviewed,
        ) = row;
        let culture_reviewed = reviewed - reviewed_gone;
        Ok(HouseholdCounts {
            review_date: day,
            households: all - gone,
            poor: poor - poor_gone,
            near_poor: near - near_gone,
            poverty_reviewed,
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
        let rows: Vec<(String, Option<String>, bool, i64)> = self.all(
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
            Args::new()
                .bind(&lo)
                .bind(&hi)
                .bind(i64::from(year)),
        )
        .await?;
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
}
