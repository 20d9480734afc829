//! report-explorer: a terminal reader for long structured reports.
//!
//! The library holds everything but the command line: content loading and
//! validation, the importer, and (later) layout, search and the UI core.

pub mod app;
pub mod content;
pub mod document;
pub mod keymap;
pub mod print;
pub mod term;
pub mod text;
pub mod ui;
