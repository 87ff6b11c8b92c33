//! Rendering: plain data in, bytes out. Renderers never compute, read the clock or decide
//! anything; each output format is one module over the same values.

pub mod annual_complaints;
pub mod csv;
pub mod document;
pub mod export;
pub mod github;
pub mod gitlab;
pub mod history;
pub mod html;
pub mod human;
pub mod ics;
pub mod import;
pub mod json;
pub mod junit;
pub mod left_out;
pub mod markdown;
pub mod marking;
pub mod overdue;
pub mod parquet;
pub mod remind;
pub mod report;
pub mod retention;
pub mod sar;
pub mod schema;
pub mod show;
pub mod summary;
pub mod table;
pub mod terminal;
pub mod tracker;
pub mod visible;
pub mod write;
pub mod xlsx;
