//! The reader's core: state, actions and the one update function. No
//! terminal here: size and events come in as values, so the same core runs
//! in the terminal, in tests and (later) over SSH.

pub mod action;
pub mod figures;
pub mod history;
pub mod palette;
pub mod state;
pub mod update;

pub use action::{Action, Effect, Pane};
pub use state::{App, Palette, Settings};
pub use update::update;
