//! The resolution report: each target against the year's actual figure,
//! counted from the registers or entered by hand.

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::indicators::Quantity;
use xaphuong_core::resolutions::{Actual, Measure, ReportLine, ResolutionReport, ResultLine};
use xaphuong_core::violations::State;

use super::WithTargets;
use super::indicators::Indicator;
use crate::args::Args;
use crate::units::Unit;
use crate::{Result, Store};

/// What a report reads of the registers, each read once: three indicators
/// count from the same households of a year.
#[derive(Default)]
struct Readings {
    households: std::collections::HashMap<i16, crate::households::HouseholdCounts>,
    works: std::collections::HashMap<i16, crate::works::WorkTotals>,
}

impl Store {
    /// What a register says for `measure` in `unit`'s area for `year`, as
    /// of `as_of` where the register keeps dates (the budget). What several
    /// measures share is read once into `readings`.
    async fn measure(
        &self,
        readings: &mut Readings,
        unit: &Unit,
        measure: Measure,
        year: i16,
        as_of: Date,
    ) -> Result<Actual> {
        let scope = unit.scope();
        Ok(match measure {
            Measure::Revenue => {
                let t = self.budget_summary(&scope, year, as_of).await?.total;
                Actual::share(t.collected_nsnn, t.estimate_nsnn)
            }
            Measure::ActivitiesHeld => Actual::count(self.activity_totals(&scope, year).await?.0),
            Measure::BusinessesRegistered | Measure::BusinessesActive => {
                // Trading at the year's end, or at the report's day within it.
                let day = as_of.min(Date::new(year, 12, 31).unwrap_or(as_of));
                let (registered, active) = self.business_counts(&scope, year, day).await?;
                Actual::count(if measure == Measure::BusinessesRegistered {
                    registered
                } else {
                    active
                })
            }
            Measure::TaxDebtCollected => {
                let t = self.tax_debt_totals(&scope, year, as_of).await?;
                Actual::share(t.collected, t.amount)
            }
            Measure::CooperativesFounded => {
                Actual::count(self.cooperatives_founded(&scope, year).await?)
            }
            Measure::ProblemsOnTime => {
                // Overdue as of the report's day (the year's end at most).
                let day = as_of.min(Date::new(year, 12, 31).unwrap_or(as_of));
                let c = self
                    .problem_counts(&scope, year, day.at(23, 59, 59, 0))
                    .await?;
                let (mut on_time, mut due) = (0, 0);
                for (_, _, finished, ok, late) in &c.by_category {
                    on_time += ok;
                    due += finished + late;
                }
                Actual::share(on_time, due)
            }
            Measure::CulturalGroupRate => {
                let (recognised, recorded, groups) = self.title_counts(&scope, year).await?;
                // No title recorded for the year is a rate not known.
                Actual::share(recognised, if recorded > 0 { groups } else { 0 })
            }
            Measure::Spending => {
                let t = self.spending_summary(&scope, year, as_of).await?.total;
                Actual::share(t.paid, t.estimate)
            }
            Measure::ViolationsSelfRemedied | Measure::ViolationsCommitted => {
                let counts = self.violation_counts(&scope, year).await?;
                let of = |s: State| {
                    counts
                        .iter()
                        .filter(|(x, _)| *x == s)
                        .map(|(_, n)| n)
                        .sum::<i64>()
                };
                if measure == Measure::ViolationsCommitted {
                    Actual::count(of(State::Committed))
                } else {
                    let all = counts.iter().map(|(_, n)| n).sum();
                    Actual::share(of(State::SelfRemedied), all)
                }
            }
            Measure::SidewalkCases => {
                let n = self
                    .inspection_outcomes(&scope, year)
                    .await?
                    .iter()
                    .map(|(_, n)| n)
                    .sum();
                Actual::count(n)
            }
            Measure::Recruits => {
                let s = self.recruitment_summary(&scope, year).await?;
                Actual::share(
                    s.iter().map(|(_, x)| x.enlisted).sum(),
                    s.iter().map(|(_, x)| x.quota).sum(),
                )
            }
            Measure::Handovers => Actual::count(self.handover_totals(&scope, year).await?.0),
            Measure::PovertyRate | Measure::PoorOrNearPoorRate | Measure::CulturalFamilyRate => {
                let c = match readings.households.get(&year) {
                    Some(c) => c.clone(),
                    None => {
                        let c = self.household_counts(&scope, year).await?;
                        readings.households.insert(year, c.clone());
                        c
                    }
                };
                let (n, reviewed) = match measure {
                    Measure::PovertyRate => (c.poor, c.poverty_reviewed),
                    Measure::PoorOrNearPoorRate => (c.poor + c.near_poor, c.poverty_reviewed),
                    _ => (c.recognised, c.culture_reviewed > 0),
                };
                // A year not reviewed is a rate not known: a share of
                // nothing, which the report says is missing.
                Actual::share(n, if reviewed { c.households } else { 0 })
            }
            Measure::RoadsConcreted
            | Measure::RoadMetres
            | Measure::WorksAccepted
            | Measure::PeopleMoney => {
                let w = match readings.works.get(&year) {
                    Some(w) => w.clone(),
                    None => {
                        let w = self.work_totals(&scope, year).await?;
                        readings.works.insert(year, w.clone());
                        w
                    }
                };
                match measure {
                    Measure::RoadsConcreted => Actual::count(w.roads),
                    // Metres, to the centimetre when the register has it.
                    Measure::RoadMetres => Actual {
                        value: if w.road_length % 100 == 0 {
                            Quantity::whole(w.road_length / 100)
                        } else {
                            Quantity::new(w.road_length, 2).unwrap_or(Quantity::whole(0))
                        },
                        of: None,
                    },
                    Measure::WorksAccepted => Actual::count(w.accepted),
                    _ => Actual::count(w.people_money),
                }
            }
            Measure::OnestopOnTime => {
                let from = Date::new(year, 1, 1).unwrap_or(as_of);
                let to = as_of.min(Date::new(year, 12, 31).unwrap_or(as_of));
                let total = self
                    .dossier_stats(&scope, from, to, &crate::onestop::StatsFilter::default())
                    .await?
                    .total;
                // Nothing resolved gives a whole 0, which `actual` reads
                // as no figure.
                total
                    .on_time_rate()
                    .map_or(Actual::count(0), |rate| Actual {
                        value: rate,
                        of: None,
                    })
            }
        })
    }

    /// A figure entered by hand for `unit` and `year`.
    async fn entered_value(
        &self,
        indicator: Uuid,
        unit: &Unit,
        year: i16,
    ) -> Result<Option<(Actual, i64)>> {
        let row: Option<(i64, i64, i64)> = self.opt(
            "SELECT value, scale, recorded_at FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND year = $3",
            Args::new()
                .bind(indicator)
                .bind(unit.id)
                .bind(i64::from(year)),
        )
        .await?;
        row.map(|(v, s, at)| {
            Ok((
                Actual {
                    value: super::quantity("indicator_values", v, s)?,
                    of: None,
                },
                at,
            ))
        })
        .transpose()
    }

    async fn actual(
        &self,
        readings: &mut Readings,
        i: &Indicator,
        unit: &Unit,
        year: i16,
        as_of: Date,
    ) -> Result<Option<Actual>> {
        match i.measure {
            // A rate of nothing is no figure, not 0%.
            Some(Measure::OnestopOnTime) => Ok(Some(
                self.measure(readings, unit, Measure::OnestopOnTime, year, as_of)
                    .await?,
            )
            .filter(|a| a.value.scale() > 0)),
            Some(m) => Ok(Some(self.measure(readings, unit, m, year, as_of).await?)),
            None => Ok(self.entered_value(i.id, unit, year).await?.map(|(a, _)| a)),
        }
    }

    /// The year-end report of `unit_id` for `year`: every indicator of the
    /// year's resolution (or, without one, every counted indicator) with its
    /// result as of `as_of`, and the targets of the year after.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn resolution_report(
        &self,
        scope: &Scope,
        unit_id: Uuid,
        year: i16,
        as_of: Date,
    ) -> Result<ResolutionReport> {
        let unit = self.unit(scope, unit_id).await?;
        // A unit a reorganisation ended reports under the unit it was in.
        let parent = match unit.former_parent_id.or(unit.parent_id) {
            Some(p) => self.unit(&Scope::All, p).await.ok(),
            None => None,
        };
        let indicators = self.indicators().await?;
        let this = self.resolution(scope, unit.id, year).await?;
        let next = self.resolution(scope, unit.id, year + 1).await?;
        let target_of = |r: &Option<WithTargets>, id: Uuid| {
            r.as_ref()
                .and_then(|(_, ts)| ts.iter().find(|(i, _)| *i == id).map(|(_, q)| *q))
        };
        let line = |i: &Indicator, actual, target, previous| ReportLine {
            code: i.code.clone(),
            field: i.field,
            line: ResultLine {
                name: i.name.clone(),
                unit: i.unit.clone(),
                direction: i.direction,
                decimals: i.decimals,
                measure: i.measure,
                actual,
                target,
                previous,
            },
            records: i.measure.map(|m| m.records(year)),
            entered_at: None,
        };
        let mut results = Vec::new();
        let mut readings = Readings::default();
        for i in &indicators {
            let target = target_of(&this, i.id);
            if target.is_none() && i.measure.is_none() {
                continue;
            }
            let actual = self.actual(&mut readings, i, &unit, year, as_of).await?;
            // Beside a resolution's targets, a register's figure is stated
            // only when the register holds something for the year (no
            // "0 tuyến" lines); without a resolution every counted figure
            // is, saying what is missing.
            let nothing = |a: &Actual| {
                a.value == Quantity::ZERO && a.of.is_none_or(|of| of == Quantity::ZERO)
            };
            let untargeted_nothing = this.is_some() && actual.as_ref().is_some_and(nothing);
            if target.is_none() && (actual.is_none() || untargeted_nothing) {
                continue;
            }
            let year_end = Date::new(year - 1, 12, 31).unwrap_or(as_of);
            let previous = self
                .actual(&mut readings, i, &unit, year - 1, year_end)
                .await?;
            let mut l = line(
                i,
                actual,
                target,
                previous.filter(|p| p.value != Quantity::ZERO),
            );
            if i.measure.is_none() {
                l.entered_at = self
                    .entered_value(i.id, &unit, year)
                    .await?
                    .map(|(_, at)| at);
            }
            results.push(l);
        }
        let next_targets = indicators
            .iter()
            .filter_map(|i| target_of(&next, i.id).map(|t| line(i, None, Some(t), None)))
            .collect();
        Ok(ResolutionReport {
            unit_name: unit.name.clone(),
            unit_code: unit.code.clone(),
            parent_name: parent.map(|p| p.name),
            year,
            as_of,
            resolution: this.map(|(r, _)| r.number),
            results,
            next_resolution: next.map(|(r, _)| r.number),
            next_targets,
            breakdown: Vec::new(),
        })
    }

    /// Fills `report`'s breakdown: each counted figure over each former
    /// unit of `unit_id` (the wards merged into it), their own records.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn former_breakdown(
        &self,
        scope: &Scope,
        report: &mut ResolutionReport,
        unit_id: Uuid,
        as_of: Date,
    ) -> Result<()> {
        let unit = self.unit(scope, unit_id).await?;
        let formers = self.former_units(&unit.scope(), unit.level).await?;
        let indicators = self.indicators().await?;
        let mut breakdown = Vec::new();
        for former in &formers {
            let mut readings = Readings::default();
            let mut actuals = Vec::new();
            for line in &report.results {
                let Some(i) = indicators
                    .iter()
                    .find(|i| i.code == line.code && i.measure.is_some())
                else {
                    continue;
                };
                let a = self
                    .actual(&mut readings, i, former, report.year, as_of)
                    .await?;
                actuals.push((line.code.clone(), a));
            }
            breakdown.push(xaphuong_core::resolutions::FormerFigures {
                unit_name: former.name.clone(),
                unit_code: former.code.clone(),
                actuals,
            });
        }
        report.breakdown = breakdown;
        Ok(())
    }
}
