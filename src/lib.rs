//! report-explorer: a terminal reader for long structured reports.
//!
//! The flow, each layer importing only those before it: `content` loads and
//! validates a report; `text` measures and breaks lines; `document` turns
//! the report into blocks and lays them out; `search` and `figures` index
//! it; `data` holds all of that once, shared by every session; `input` is
//! the project's key and input types with a parser from terminal bytes;
//! `colors` says what the terminal can show (its colour depth and
//! background), read from the environment by the binary only;
//! `app` is one session's state, changed only by `app::update` through the
//! one input step `app::handle`; `ui` renders a session without changing
//! it; `term` (the local terminal) and `print` (plain text) are drivers,
//! and `term` is the only user of crossterm's global functions.

pub mod app;
pub mod colors;
pub mod content;
pub mod data;
pub mod document;
pub mod figures;
pub mod fx;
pub mod input;
pub mod print;
pub mod saved;
pub mod screen;
pub mod search;
pub mod serve;
pub mod term;
pub mod text;
pub mod ui;

/// The keymap table (it lives in the core: `app::keymap`).
pub use app::keymap;
