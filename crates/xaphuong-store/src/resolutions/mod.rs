//! Indicators, resolutions with their targets, figures entered by hand, and
//! the report gathered from the registers.

use jiff::civil::Date;
use serde::Serialize;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::indicators::Quantity;

use crate::args::Args;
use crate::audit::Place;
use crate::{Result, Store};

mod indicators;
mod report;
mod targets;

pub use indicators::Indicator;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Resolution {
    pub id: Uuid,
    pub unit_id: Uuid,
    #[serde(skip)]
    pub unit_path: String,
    pub year: i64,
    pub number: String,
    pub adopted_on: Option<String>,
    pub title: String,
}

impl Resolution {
    fn place(&self) -> Place<'_> {
        Place::at(self.unit_id, &self.unit_path)
    }
}

crate::audit::audited!(Resolution);

/// A resolution as entered: its number, title, date, and each target as
/// typed ("7.950.000.000", "95", "1,0") by indicator code.
#[derive(Debug, Clone, Default)]
pub struct ResolutionInput {
    pub number: String,
    pub title: String,
    pub adopted_on: Option<Date>,
    pub targets: Vec<(String, String)>,
}

/// A figure stored as its digits and scale; one that does not decode is
/// an error naming `table`, never a figure left out of a report.
pub(crate) fn quantity(table: &str, value: i64, scale: i64) -> Result<Quantity> {
    u32::try_from(scale)
        .ok()
        .and_then(|s| Quantity::new(value, s))
        .ok_or_else(|| {
            crate::StoreError::Corrupt(format!(
                "{table}: số liệu {value} với {scale} chữ số thập phân không đọc được"
            ))
        })
}

/// A figure entered by hand, with its evidence and who entered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnteredValue {
    /// The indicator's code.
    pub indicator: String,
    pub value: Quantity,
    pub evidence: String,
    pub actor_name: String,
    /// Milliseconds since the epoch.
    pub recorded_at: i64,
}

/// A resolution with its targets by indicator id.
pub type WithTargets = (Resolution, Vec<(Uuid, Quantity)>);

impl Store {
    /// The resolution of `unit_id` for `year`, with its targets by
    /// indicator id.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
    ) -> Result<Option<WithTargets>> {
        let unit = self.unit(scope, unit_id).await?;
        let r: Option<Resolution> = self
            .opt(
                "SELECT id, unit_id, unit_path, year, number, adopted_on, title FROM resolutions
                 WHERE unit_id = $1 AND year = $2",
                Args::new().bind(unit.id).bind(i64::from(year)),
            )
            .await?;
        let Some(r) = r else { return Ok(None) };
        let rows: Vec<(Uuid, i64, i64)> = self
            .all(
                "SELECT indicator_id, value, scale FROM targets WHERE resolution_id = $1",
                Args::new().bind(r.id),
            )
            .await?;
        let targets = rows
            .into_iter()
            .map(|(i, v, s)| Ok((i, quantity("targets", v, s)?)))
            .collect::<Result<_>>()?;
        Ok(Some((r, targets)))
    }

    /// The years for which `unit_id` has a resolution, latest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution_years(&self, scope: &Scope, unit_id: Uuid) -> Result<Vec<i16>> {
        let unit = self.unit(scope, unit_id).await?;
        let years: Vec<(i64,)> = self
            .all(
                "SELECT year FROM resolutions WHERE unit_id = $1 ORDER BY year DESC",
                Args::new().bind(unit.id),
            )
            .await?;
        Ok(years
            .into_iter()
            .filter_map(|(y,)| i16::try_from(y).ok())
            .collect())
    }
}
