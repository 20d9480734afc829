//! The embedded report, loaded and prepared on a thread of its own from
//! the first line of `main`: while clap parses the arguments (about
//! 0.2 ms: it builds every subcommand's arguments first), the other core
//! reads the report's validated form, builds its document and outline and
//! hashes its content for the remembered place (about 0.4 ms together).
//! The reader's first frame then waits for the longer of the two, not for
//! both: on this project's 2-core VM, 0.2 to 0.3 ms sooner, since a new
//! thread runs its first line only about 0.25 ms after it is made (the
//! other core asleep). Parsing on the thread and loading here measured
//! the same.
//!
//! Every command on the embedded report takes the thread's result; one
//! on a directory (`--report`, `check DIR`, `import`), `--help` and
//! `--version` leave it, and the process ends with the thread's work
//! unused, on the other core.

use std::sync::Arc;
use std::thread::JoinHandle;

use report_explorer::content::{self, problem::Problems};
use report_explorer::data::ReportData;

type Loaded = Result<Arc<ReportData>, Problems>;

/// The embedded report on its way.
#[derive(Debug)]
pub struct Preload(Option<JoinHandle<Loaded>>);

impl Preload {
    /// Start loading the embedded report on a thread of its own (or, if
    /// no thread can be made, nothing: [`Preload::embedded`] loads it).
    pub fn start() -> Preload {
        let handle = std::thread::Builder::new()
            .name("preload".into())
            .spawn(load)
            .ok();
        Preload(handle)
    }

    /// The embedded report's shared data (or its problems): the thread's,
    /// waited for, or loaded here if the thread could not be made or did
    /// not finish.
    pub fn embedded(self) -> Loaded {
        match self.0.map(JoinHandle::join) {
            Some(Ok(loaded)) => loaded,
            _ => load(),
        }
    }
}

fn load() -> Loaded {
    let data = Arc::new(ReportData::new(content::load_embedded()?));
    data.content_hash();
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preloaded_report_is_the_embedded_one_hashed() {
        let data = Preload::start().embedded().expect("the embedded report");
        let again = ReportData::new(content::load_embedded().expect("the embedded report"));
        assert_eq!(data.report(), again.report());
        assert_eq!(data.content_hash(), again.content_hash());
        assert!(data.report().meta.title.contains("望花區"));
        // Without a thread, the same.
        let here = Preload(None).embedded().expect("the embedded report");
        assert_eq!(here.content_hash(), data.content_hash());
    }
}
