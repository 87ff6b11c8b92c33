//! The integration tests, as one test binary: the qaledger binary run end to end over the
//! fixture repositories in `tests/fixtures/` and throwaway ones, one module per command or
//! concern. One binary links once instead of once per file (`cargo test --test it` runs them
//! all; `cargo test --test it check::` one module). Snapshots are in `snapshots/`, named
//! `it__<module>__<name>.snap`, and `fixture__<code>__<format>.snap` for the diagnostics'.
// A test fails by panicking: unwrap and expect are how it says what went wrong.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod allow;
mod annual_complaints;
mod browser;
mod cache;
mod case_refs;
mod changed_since;
mod changed_since_narrow;
mod check;
mod ci_examples;
mod completions;
mod deadlines;
mod degrade;
mod disk;
mod export;
mod field_contracts;
mod fit;
mod fixture_snapshots;
mod history;
mod hostile_records;
mod html_views;
mod ics_feed;
mod import;
mod init_new;
mod install;
mod layering;
mod lifecycle;
mod markdown;
mod messages;
mod no_panic;
mod overdue;
mod personal_data;
mod readme;
mod remind;
mod report;
mod retention;
mod sar;
mod schema_cmd;
mod schemas;
mod show;
mod summary;
mod time_travel;
mod tracker;
mod tracker_history;
