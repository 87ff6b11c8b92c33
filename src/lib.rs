//! qaledger: checks, compiles and chases Adult Social Care quality-assurance records.
//!
//! The modules follow the data's path — discover → load (yaml) → check → index → render —
//! and `cli` wires them to commands. See ARCHITECTURE.md for the map and the invariants.

pub mod as_of;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod code;
pub mod config;
pub mod deadline;
pub mod diagnostic;
pub mod discover;
pub mod draft;
pub mod duration;
pub mod error;
pub mod feed;
pub mod filter;
pub mod flatten;
pub mod git;
pub mod history;
pub mod index;
pub mod left_out;
pub mod links;
pub mod load;
pub mod narrow;
pub mod period;
pub mod record;
pub mod remind;
pub mod render;
pub mod report;
pub mod repository;
pub mod scaffold;
pub mod schema;
pub mod show;
pub mod slippage;
pub mod suggest;
pub mod summary;
pub mod tracker;
pub mod write;
pub mod yaml;
