//! Store tests: each runs on SQLite, and on PostgreSQL when
//! XAPHUONG_TEST_PG_URL is set, each on a fresh database.

mod support;

mod activities;
mod audit;
mod backup;
mod budget;
mod businesses;
mod calendar;
mod cooperatives;
mod dossiers;
mod handovers;
mod households;
mod imports;
mod inspections;
mod onestop;
mod problems;
mod races;
mod receptions;
mod recruitment;
mod reorganisations;
mod resolutions;
mod sessions;
mod spending;
mod units;
mod users;
mod violations;
mod works;
