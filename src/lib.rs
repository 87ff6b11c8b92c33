//! qaledger: checks, compiles and chases Adult Social Care quality-assurance records.
//!
//! The folders follow the data's path — load → check → repository → compute → history →
//! view → render — with `author` (what `init`, `new` and `schema export` write) beside them and
//! `cli` wiring them to commands. Below them sit the foundations: settings (`config`, `error`),
//! the record type (`record`), `schema`, `time` and `diagnostic`. See ARCHITECTURE.md for the
//! map and the invariants; `layering` (a test below) holds the folders to that order.

// Foundations, shared by every stage: settings, errors, the record type, the schemas, time,
// diagnostics.
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod record;
pub mod schema;
pub mod time;

// The pipeline, in the data's order (one group per stage, so the order stays as written).
// Files in: the walk, the capped read, YAML, flattening, git's objects.
pub mod load;

// Spreadsheets in: a sheet and a rules file → records' fields, each problem at its cell.
pub mod import;

// Per-file and cross-record checks → records + diagnostics.
pub mod check;

// The loaded, checked, indexed repository; its as-of rewind and `--changed-since` narrowing.
pub mod repository;

// The deadline engine and the views' filters.
pub mod compute;

// Two versions of a record → changes; the tracker's slippage.
pub mod history;

// The compiled views' models: tracker, summary, report, remind, show, feed.
pub mod view;

// Models → bytes in every format; atomic file writes.
pub mod render;

// What qaledger writes for people to edit: scaffold, draft, JSON Schema export.
pub mod author;

// One module per command: arguments, calling the stages, choosing the writer.
pub mod cli;
