//! Where a report's files come from: a directory on disk, or the report
//! embedded in the binary. The loader reads through this and nothing else.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::limits::{self, MAX_FILE_BYTES};
use super::problem::excerpt;

/// A set of named files making up one report.
pub trait ReportSource {
    /// The bytes of the file `name` (a bare file name such as `report.yaml`).
    fn read(&self, name: &str) -> io::Result<Vec<u8>>;
    /// Whether the file `name` exists: anything by that name, even one that
    /// cannot be read (a directory, a dangling symbolic link), so that an
    /// optional file that is there but unreadable is reported, not skipped.
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
        read_file(&self.dir.join(name))
    }
    fn has(&self, name: &str) -> bool {
        std::fs::symlink_metadata(self.dir.join(name)).is_ok()
    }
    fn display(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Read a file as a report's files are read: it must be a regular file once
/// symbolic links are followed, and at most `MAX_FILE_BYTES` long. Anything
/// else is refused with the reason, without waiting on it: a named pipe is
/// opened without blocking and never read, and a file is read no further
/// than one byte past the limit.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| not_followed(path, e))?;
    if !meta.is_file() {
        return Err(refused(kind_of(&meta.file_type())));
    }
    let file = open(path)?;
    // It may have been replaced since: ask the file that was opened.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refused(kind_of(&meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES + 1) as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(refused(limits::too_large()));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

fn refused(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, why)
}

/// Why a path whose target cannot be found cannot be read: a symbolic link
/// that dangles or loops is said to be one.
fn not_followed(path: &Path, e: io::Error) -> io::Error {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !link {
        return e;
    }
    match std::fs::read_link(path) {
        Ok(target) if e.kind() == io::ErrorKind::NotFound => refused(format!(
            "a symbolic link to `{}`, which does not exist",
            excerpt(&target.to_string_lossy())
        )),
        _ if is_loop(&e) => refused(format!("a symbolic link that loops: {e}")),
        _ => refused(format!("a symbolic link that cannot be followed: {e}")),
    }
}

#[cfg(unix)]
fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &io::Error) -> bool {
    false
}

/// What a file that is not a regular file is, for the message.
fn kind_of(t: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if t.is_fifo() {
            Some("a named pipe (FIFO)")
        } else if t.is_char_device() {
            Some("a character device")
        } else if t.is_block_device() {
            Some("a block device")
        } else if t.is_socket() {
            Some("a socket")
        } else {
            None
        };
        if let Some(what) = what {
            return format!("{what}, not a regular file");
        }
    }
    if t.is_dir() {
        "a directory, not a file".to_string()
    } else {
        "not a regular file".to_string()
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
