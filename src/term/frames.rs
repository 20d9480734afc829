//! The frame log: with `REPORT_EXPLORER_FRAME_LOG=FILE` set, the driver
//! appends one line per frame drawn, so that a test can count frames and
//! see what the inputs before them held, without timing anything:
//!
//! ```text
//! pid 4242
//! frame 1 80x24 inputs 0 query -
//! frame 2 80x24 inputs 5 query -
//! frame 3 80x24 inputs 2 query 10000
//! ```
//!
//! `inputs`: how many inputs were applied since the frame before; `query`:
//! the jump palette's query length in characters, `-` when it is closed.
//! The log is off unless the variable is set, and its own failures are
//! ignored: it never changes what the reader does.

use std::fs::File;
use std::io::Write;

use crate::app::App;

/// The variable that names the log file.
pub const VAR: &str = "REPORT_EXPLORER_FRAME_LOG";

/// Counts frames, and the inputs between them.
#[derive(Debug, Default)]
pub struct Frames {
    log: Option<File>,
    drawn: u64,
    inputs: usize,
}

impl Frames {
    /// The log named by [`VAR`], if set (a line with the process id first).
    pub fn from_env() -> Frames {
        let log = std::env::var_os(VAR).and_then(|path| {
            let mut file = File::options().create(true).append(true).open(path).ok()?;
            writeln!(file, "pid {}", std::process::id()).ok()?;
            Some(file)
        });
        Frames {
            log,
            ..Frames::default()
        }
    }

    /// An input was applied.
    pub fn input(&mut self) {
        self.inputs += 1;
    }

    /// A frame of `app` was drawn.
    pub fn drawn(&mut self, app: &App) {
        self.drawn += 1;
        let inputs = std::mem::take(&mut self.inputs);
        let Some(log) = self.log.as_mut() else {
            return;
        };
        let query = app
            .palette
            .as_ref()
            .map_or("-".to_string(), |p| p.query.chars().count().to_string());
        let (w, h) = (app.area.width, app.area.height);
        let _ = writeln!(
            log,
            "frame {} {w}x{h} inputs {inputs} query {query}",
            self.drawn
        );
    }
}
