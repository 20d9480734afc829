//! report-explorer: a terminal reader for long structured reports.
//!
//! The flow: `content` loads and validates a report; `document` turns it
//! into blocks and lays them out with `text` (widths, Chinese line
//! breaking); `app` holds the state that only `app::update` changes;
//! `ui` renders it without changing it; `term` is the terminal driver and
//! the only user of crossterm's global functions; `print` is the same
//! layout as plain text.

pub mod app;
pub mod content;
pub mod document;
pub mod figures;
pub mod keymap;
pub mod print;
pub mod search;
pub mod term;
pub mod text;
pub mod ui;
