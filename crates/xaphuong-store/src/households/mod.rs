//! Households and their members, per residential group; moves between
//! groups and out of the unit; the yearly poverty and cultural-family
//! reviews; and the rates the resolution report counts from them.

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::households::household::{Relation, Sex};
use xaphuong_core::households::poverty::{Area, Class};

use crate::audit::Place;
use crate::db::Tx;
use crate::stored::{Code, Parsed};
use crate::units::Unit;
use crate::version::{self, Versioned};
use crate::{Result, Store};

mod counts;
mod import;
mod list;
mod members;
mod moves;
mod reviews;
mod standards;

pub use counts::HouseholdCounts;
pub use import::HouseholdImport;
pub use list::HouseholdFilter;
pub use standards::merge_standards;

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
        Place::at(self.group_id.unwrap_or(self.commune_id), &self.unit_path)
    }
}

crate::audit::audited!(Household);

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

impl Store {
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

/// The year in Vietnam now: no one is born after it.
fn this_year() -> i16 {
    xaphuong_core::calendar::vietnam_date(jiff::Timestamp::now()).year()
}
