//! The reader's core: one session's state, the actions it takes, the one
//! input step (`handle`) and the one update function. No terminal here:
//! size and events come in as values (`crate::input`), so the same core
//! runs in the terminal, in tests and over SSH.
//!
//! Files, roughly each importing only those listed before it: `action`
//! (what can be asked), `geometry` (where panes go, zoom), `state` (the
//! session), `mode` (what takes keys), `keymap` (keys → actions), `help`
//! (the help's rows and paging), `nav` (focus, scrolling, jumps),
//! `history`, `steps` (n and N through the last search, and its marks),
//! `figures`, `palette` and `prompt` (the panes' and overlays' handlers),
//! `restore` (a remembered state applied), `update` (the one place state
//! changes), `count` (counts and marks: keys of two strokes), `mouse` (the
//! wheel and clicks) and `handle` (input → update). `tests/layers.rs`
//! checks that no files import each other in a circle.

pub mod action;
pub mod count;
pub mod figures;
pub mod follow;
pub mod geometry;
pub mod handle;
pub mod help;
pub mod history;
pub mod keymap;
pub mod mode;
pub mod mouse;
pub mod nav;
pub mod palette;
pub mod point;
pub mod presented;
pub mod prompt;
pub mod restore;
pub mod state;
pub mod steps;
pub mod update;
pub mod view;

pub use action::{Action, Effect, Pane};
pub use handle::handle;
pub use mode::{mode, Mode};
pub use palette::{tick, wants_tick};
pub use state::{App, Palette, SearchState, Settings};
pub use update::update;
