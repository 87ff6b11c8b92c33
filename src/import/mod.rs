//! Import: a spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`) and a rules file → each row as a
//! record's fields, typed by its kind's schema, each problem at its cell. A stage of its own
//! before check: nothing here checks a record or writes a file (the command checks each record
//! as `check` would and writes only those that pass).

pub mod date;
pub mod report;
pub mod roster;
pub mod rows;
pub mod rules;
pub mod sheet;
pub mod suggest_rules;
