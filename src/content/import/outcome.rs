//! What writing an imported report did, or why it changed nothing; and the
//! steps of the write that a test can make fail.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

use crate::content::Problems;

/// What a successful write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// How many files import wrote.
    pub files: usize,
    /// Entries of the old `--out` that import does not make, kept as they
    /// were (files hard-linked, or copied where linking fails; links
    /// re-made).
    pub kept: Vec<OsString>,
    /// Files of the old `--out` that an earlier import generated (they
    /// start with its header) and this one does not make, such as a part
    /// the source no longer has: left out of the new directory.
    pub dropped: Vec<OsString>,
    /// The old directory, when it could not be removed after the swap: the
    /// new report is in place, and this one can be deleted by hand.
    pub leftover: Option<PathBuf>,
    /// Directories `.NAME.import-PID-N` beside `--out` that an earlier
    /// import of it left when it was killed or stopped by a signal (their
    /// PID is no running process): removed before this one was written.
    pub removed: Vec<PathBuf>,
}

/// Why nothing was changed (or, for `Io` after the swap was attempted,
/// why `--out` was put back as it was).
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The report import would write does not load: every problem, named
    /// by the file and position it would have in `--out`.
    #[error("the imported report does not load, so nothing was written:\n{0}")]
    Invalid(Problems),
    /// `--out`, or something in it, is not what import may replace.
    #[error("{}: {why}", path.display())]
    Refused { path: PathBuf, why: String },
    /// A file-system operation failed; `--out` is as it was.
    #[error("cannot {what} {}: {source}; {} is unchanged", path.display(), out.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        out: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A step of the write, for tests that make one fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// Before writing this file into the new directory.
    File(&'a OsStr),
    /// Before the new directory takes the place of `--out`.
    Swap,
    /// Before the new directory is renamed in, the old one being aside
    /// (the fallback without an atomic exchange).
    RenameIn,
}

pub(super) type Hook<'h> = dyn FnMut(Step<'_>) -> io::Result<()> + 'h;

pub(super) fn refused(path: &Path, why: String) -> WriteError {
    WriteError::Refused {
        path: path.to_path_buf(),
        why,
    }
}

pub(super) fn io_error(
    what: &'static str,
    path: &Path,
    out: &Path,
    source: io::Error,
) -> WriteError {
    WriteError::Io {
        what,
        path: path.to_path_buf(),
        out: out.to_path_buf(),
        source,
    }
}
