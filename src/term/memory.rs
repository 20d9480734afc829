//! When the terminal driver reads and writes the remembered state
//! (`crate::saved`): read once, after the first resize, unless `--fresh`;
//! written when the user quits and when they suspend.

use std::io;

use crate::app::restore;
use crate::app::App;
use crate::saved::Store;

/// The remembered state of one session's report.
#[derive(Debug, Clone)]
pub struct Memory {
    /// Where state files go; None when the platform has no place for them
    /// (no home directory) and none was given.
    store: Option<Store>,
    /// Whether to read the state at start (`--fresh`: no).
    read: bool,
    /// Keep the session's script (`--script` was given) whatever the
    /// state says.
    keep_script: bool,
    /// The report's content hash (`restore::content_hash`).
    content: String,
}

impl Memory {
    /// The memory of `app`'s report in `store`; `read`: whether to start
    /// where the state says.
    pub fn new(store: Option<Store>, read: bool, app: &App) -> Memory {
        Memory {
            store,
            read,
            keep_script: false,
            content: restore::content_hash(app),
        }
    }

    /// Keep the script the session has (one the user asked for) rather
    /// than the remembered one.
    pub fn keep_script(self, keep: bool) -> Memory {
        Memory {
            keep_script: keep,
            ..self
        }
    }

    /// Apply the remembered state to a session that has had its first
    /// resize. What cannot be used leaves a one-line message.
    pub fn restore(&self, app: &mut App) {
        let Some(store) = &self.store else {
            app.message = Some(
                "Nothing is remembered: no state directory (no home directory; see --state-dir)"
                    .into(),
            );
            return;
        };
        if self.read {
            let loaded = store.load(&app.data.report().meta.id);
            restore::restore(app, loaded, &self.content, self.keep_script);
        }
    }

    /// Remember where the session is (nothing when there is no store).
    pub fn save(&self, app: &App) -> io::Result<()> {
        match &self.store {
            Some(store) => store.save(&restore::state_of(app, &self.content)),
            None => Ok(()),
        }
    }
}
