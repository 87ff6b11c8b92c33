//! Compute: the deadline engine (every deadline's due date and state, from the schemas' rules),
//! the views' `--owner`/`--team` filters, the names people read in place of ids (`names`), and
//! when records fall past their retention period (`retention`). Plain data in, plain data out;
//! no view and no renderer is known here.

pub mod deadline;
pub mod filter;
pub mod names;
pub mod retention;
