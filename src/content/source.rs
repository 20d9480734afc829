//! Where a report's files come from: a directory on disk, or the report
//! embedded in the binary. The loader reads through this and nothing else.

use std::io;
use std::path::{Path, PathBuf};

/// A set of named files making up one report.
pub trait ReportSource {
    /// The bytes of the file `name` (a bare file name such as `report.yaml`).
    fn read(&self, name: &str) -> io::Result<Vec<u8>>;
    /// Whether the file `name` exists.
    fn has(&self, name: &str) -> bool;
    /// How the file is named in messages.
    fn display(&self, name: &str) -> PathBuf;
}

/// A report directory on disk.
#[derive(Debug, Clone)]
pub struct DirSource {
    pub dir: PathBuf,
}

impl DirSource {
    pub fn new(dir: impl AsRef<Path>) -> DirSource {
        DirSource {
            dir: dir.as_ref().to_path_buf(),
        }
    }
}

impl ReportSource for DirSource {
    fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.dir.join(name))
    }
    fn has(&self, name: &str) -> bool {
        self.dir.join(name).is_file()
    }
    fn display(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Files held in memory: the embedded report, or a report built in a test.
#[derive(Debug, Clone)]
pub struct MemorySource {
    /// How the directory is named in messages.
    pub label: PathBuf,
    pub files: Vec<(String, Vec<u8>)>,
}

impl ReportSource for MemorySource {
    fn read(&self, name: &str) -> io::Result<Vec<u8>> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
    fn has(&self, name: &str) -> bool {
        self.files.iter().any(|(n, _)| n == name)
    }
    fn display(&self, name: &str) -> PathBuf {
        self.label.join(name)
    }
}
