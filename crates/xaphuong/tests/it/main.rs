//! End-to-end tests over HTTP and the command line: the real application on
//! port 0 with a fresh database per test, on SQLite and (when
//! XAPHUONG_TEST_PG_URL is set) on PostgreSQL.

mod helpers;
mod home;
mod households;

mod activities;
mod api;
mod auth;
mod bundles;
mod businesses;
mod calendar;
mod cli;
mod cooperatives;
mod demo;
mod durability;
mod email;
mod imports;
mod isolation;
mod onestop;
mod onestop_api;
mod pages;
mod plans;
mod problems;
mod receptions;
mod reorganisations;
mod report;
mod spending;
mod violations;
mod webhooks;
mod works;
