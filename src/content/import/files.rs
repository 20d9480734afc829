//! File operations import makes without ever going through a symbolic
//! link: reading a regular file, writing a new one (`create_new`, synced),
//! and keeping the user's files (a hard link, or a copy with permissions
//! and time) and links.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// A regular file opened for reading, refusing to go through a link that
/// took its place since it was listed; with its metadata.
pub(super) fn open_no_follow(path: &Path) -> io::Result<(File, Metadata)> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok((file, meta))
}

/// A regular file's bytes, the first `limit` of them when given (never
/// through a link).
pub(super) fn read_no_follow(path: &Path, limit: Option<usize>) -> io::Result<Vec<u8>> {
    let (file, _) = open_no_follow(path)?;
    let mut bytes = Vec::new();
    match limit {
        Some(n) => file.take(n as u64).read_to_end(&mut bytes)?,
        None => (&file).read_to_end(&mut bytes)?,
    };
    Ok(bytes)
}

pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Keep the user's file `from` as `to` in the new directory: a hard link
/// (the same file: owner, times and other links stay, and no second copy
/// is made), or a copy where the filesystem refuses the link.
pub(super) fn keep_file(from: &Path, to: &Path) -> io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        if fs::symlink_metadata(to)?.is_file() {
            return Ok(());
        }
        // A link took the file's place since it was listed: that link is
        // not kept as a file. The copy below refuses it.
        fs::remove_file(to)?;
    }
    copy_file(from, to)
}

/// Copy a regular file (never through a link) to a new `to`, with its
/// permissions and modification time, synced.
pub(super) fn copy_file(from: &Path, to: &Path) -> io::Result<()> {
    let (mut source, meta) = open_no_follow(from)?;
    let mut file = OpenOptions::new().write(true).create_new(true).open(to)?;
    io::copy(&mut source, &mut file)?;
    if let Ok(modified) = meta.modified() {
        file.set_modified(modified)?;
    }
    file.set_permissions(meta.permissions())?;
    file.sync_all()
}

#[cfg(unix)]
pub(super) fn make_link(to: &Path, path: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(to, path)
}

#[cfg(not(unix))]
pub(super) fn make_link(_to: &Path, _path: &Path) -> io::Result<()> {
    Err(io::Error::other(
        "symbolic links are kept only on unix: move it away first",
    ))
}
