//! Time, the foundation every deadline stands on: durations as written in schemas and settings,
//! the working-day calendar (with bank holidays) that adds them to dates, and reporting periods.
//! Nothing here reads the clock: as-of is always a parameter.

pub mod calendar;
pub mod duration;
pub mod handwritten;
pub mod period;
