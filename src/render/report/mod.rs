//! The board pack as one self-contained HTML file: the page (`html`) and its bar charts as
//! inline SVG (`chart`). Presentation only: every figure comes from `report::compute`.

pub mod chart;
pub mod html;

pub use html::render;
