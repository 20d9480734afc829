//! The reader's core: one session's state, the actions it takes, the one
//! input step (`handle`) and the one update function. No terminal here:
//! size and events come in as values (`crate::input`), so the same core
//! runs in the terminal, in tests and over SSH.
//!
//! Files, each importing only those listed before it: `action` (what can
//! be asked), `geometry` (where panes go), `state` (the session), `mode`
//! (what takes keys), `keymap` (keys → actions), `nav` (focus, scrolling,
//! jumps), `history`, `steps` (n and N through the last search, and its
//! marks), `figures` and `palette` (the panes' and overlays' handlers),
//! `update` (the one place state changes) and `handle` (input → update).

pub mod action;
pub mod count;
pub mod figures;
pub mod geometry;
pub mod handle;
pub mod help;
pub mod history;
pub mod keymap;
pub mod mode;
pub mod mouse;
pub mod nav;
pub mod palette;
pub mod prompt;
pub mod restore;
pub mod state;
pub mod steps;
pub mod update;

pub use action::{Action, Effect, Pane};
pub use handle::handle;
pub use mode::{mode, Mode};
pub use state::{App, Palette, SearchState, Settings};
pub use update::update;
