//! Putting a directory in the place of another: a fresh directory beside
//! the target, then an atomic exchange (Linux's `renameat2` with
//! `RENAME_EXCHANGE`) or, where there is none, renames with a rollback.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Permissions};
use std::io;
use std::path::{Path, PathBuf};

use super::outcome::{io_error, Hook, Step, WriteError};

/// The fresh directory beside `--out` that the new report is written into.
pub(super) struct Staged {
    pub(super) dir: PathBuf,
}

impl Staged {
    pub(super) fn create(target: &Path, parent: &Path) -> Result<Staged, WriteError> {
        let dir = fresh_dir(target, parent, "import")?;
        Ok(Staged { dir })
    }

    /// Remove the directory (best effort: it holds only what import made).
    pub(super) fn discard(self) -> PathBuf {
        let _ = remove_tree(&self.dir);
        self.dir
    }
}

/// Remove a directory and what it holds, making it writable first if its
/// permissions (carried over from `--out`) forbid removing its entries.
fn remove_tree(dir: &Path) -> io::Result<()> {
    if fs::remove_dir_all(dir).is_ok() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, Permissions::from_mode(0o700))?;
    }
    fs::remove_dir_all(dir)
}

/// Create a new directory `.NAME.WHAT-PID-N` in `parent`, beside `target`.
fn fresh_dir(target: &Path, parent: &Path, what: &str) -> Result<PathBuf, WriteError> {
    let name = target.file_name().unwrap_or(OsStr::new("report"));
    let pid = std::process::id();
    let mut last = None;
    for n in 0..1000 {
        let mut dir_name = OsString::from(".");
        dir_name.push(name);
        dir_name.push(format!(".{what}-{pid}-{n}"));
        debug_assert!(what != "import" || dir_name == staged_name(target, pid, n));
        let dir = parent.join(dir_name);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some((dir, e)),
            Err(e) => return Err(io_error("create", &dir, target, e)),
        }
    }
    let (dir, e) = last.unwrap_or_else(|| (parent.to_path_buf(), io::Error::other("no name")));
    Err(io_error("create", &dir, target, e))
}

/// The name of the directory an import makes beside `target`:
/// `.NAME.import-PID-N`.
fn staged_name(target: &Path, pid: u32, n: u32) -> OsString {
    let mut dir_name = OsString::from(".");
    dir_name.push(target.file_name().unwrap_or(OsStr::new("report")));
    dir_name.push(format!(".import-{pid}-{n}"));
    dir_name
}

/// The PID in `name` when it is exactly `.NAME.import-PID-N` for this
/// `target` (PID and N decimal, without leading zeros, as `fresh_dir`
/// writes them); `None` for any other name.
fn stale_pid(target: &Path, name: &OsStr) -> Option<u32> {
    let name = name.to_str()?;
    let own = target.file_name()?.to_str()?;
    let rest = name.strip_prefix('.')?.strip_prefix(own)?;
    let (pid, n) = rest.strip_prefix(".import-")?.split_once('-')?;
    let number = |s: &str| -> Option<u32> {
        let plain = !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'));
        plain.then(|| s.parse().ok()).flatten()
    };
    let (pid, n) = (number(pid)?, number(n)?);
    // A PID of 0 or above i32::MAX is no process's: `kill` would take it
    // for a process group (or every process).
    let valid = pid > 0 && i32::try_from(pid).is_ok() && n < 1000;
    (valid && staged_name(target, pid, n) == name).then_some(pid)
}

/// Whether no process has this PID (unix: `kill(pid, 0)` fails with
/// `ESRCH`). Anything else, a process of another user included, counts as
/// alive.
#[cfg(unix)]
fn is_dead(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 sends nothing; it only checks that the process
    // exists, and `pid` is positive, so it names one process.
    let rc = unsafe { libc::kill(pid, 0) };
    rc != 0 && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Elsewhere there is no cheap, safe check: every process counts as alive.
#[cfg(not(unix))]
fn is_dead(_pid: u32) -> bool {
    false
}

/// Remove the directories an interrupted import (killed, or stopped by a
/// signal) left beside `target`: exactly `.NAME.import-PID-N` for this
/// `--out`'s NAME, a directory (not a link), whose PID is no running
/// process. Returns the paths removed, in name order. Best effort: a
/// directory that cannot be read or removed is left as it is.
///
/// The directories of a live process (another import of the same
/// `--out`, under way) are never touched, nor anything else: the
/// `.NAME.old-PID-N` of the fallback without an atomic exchange is left
/// alone, since it can hold the only copy of the old report.
pub(super) fn remove_stale(target: &Path, parent: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| stale_pid(target, &e.file_name()).is_some_and(is_dead))
        .map(|e| e.path())
        // Not through a link: only a directory itself is removed.
        .filter(|p| fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()))
        .collect();
    stale.sort();
    stale.retain(|dir| remove_tree(dir).is_ok());
    stale
}

/// Sync a directory's entries (best effort: not every platform can).
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Put the staged directory in the place of the existing `target`, then
/// remove the old one. Returns the old directory when it could not be
/// removed.
pub(super) fn swap(
    staged: Staged,
    target: &Path,
    parent: &Path,
    hook: &mut Hook<'_>,
) -> Result<Option<PathBuf>, WriteError> {
    if let Err(e) = hook(Step::Swap) {
        let dir = staged.discard();
        return Err(io_error("swap in", &dir, target, e));
    }
    let old = match exchange(&staged.dir, target) {
        // The staged path now holds the old directory.
        Ok(true) => staged.dir,
        Ok(false) => aside_and_in(staged, target, parent, hook)?,
        Err(e) => {
            let dir = staged.discard();
            return Err(io_error("swap in", &dir, target, e));
        }
    };
    sync_dir(parent);
    match remove_tree(&old) {
        Ok(()) => Ok(None),
        Err(_) => Ok(Some(old)),
    }
}

/// Without an atomic exchange: the old directory renamed aside, the new
/// one renamed in, the old one back if that fails. Returns where the old
/// directory is.
pub(super) fn aside_and_in(
    staged: Staged,
    target: &Path,
    parent: &Path,
    hook: &mut Hook<'_>,
) -> Result<PathBuf, WriteError> {
    let aside = match fresh_dir(target, parent, "old") {
        Ok(dir) => dir,
        Err(e) => {
            staged.discard();
            return Err(e);
        }
    };
    // An empty directory is the name reserved; the rename replaces it.
    if let Err(e) = fs::rename(target, &aside) {
        let _ = fs::remove_dir(&aside);
        staged.discard();
        return Err(io_error("rename aside", target, target, e));
    }
    match hook(Step::RenameIn).and_then(|()| fs::rename(&staged.dir, target)) {
        Ok(()) => Ok(aside),
        Err(e) => {
            let back = fs::rename(&aside, target);
            let dir = staged.discard();
            match back {
                Ok(()) => Err(io_error("rename into place", &dir, target, e)),
                Err(back) => Err(WriteError::Refused {
                    path: target.to_path_buf(),
                    why: format!(
                        "the new report could not be renamed in ({e}) and the old one could \
                         not be renamed back ({back}): it is whole at {}",
                        aside.display()
                    ),
                }),
            }
        }
    }
}

/// Swap two directories atomically. `Ok(false)` when this system or
/// filesystem cannot, so that the caller falls back to renames.
#[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::other("a NUL in the path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // renameat2 reads them and keeps nothing.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_name_of_an_import_of_this_out_is_stale() {
        let target = Path::new("/tmp/報告");
        let pid = |name: &str| stale_pid(target, OsStr::new(name));
        assert_eq!(pid(".報告.import-4242-0"), Some(4242));
        assert_eq!(pid(".報告.import-4242-999"), Some(4242));
        for other in [
            ".報告.import-4242-1000",
            ".報告.import-04242-0",
            ".報告.import-4242-00",
            ".報告.import-0-0",
            ".報告.import-4294967295-0",
            ".報告.import--1-0",
            ".報告.import-+42-0",
            ".報告.import-4242-0-備份",
            ".報告.import-4242",
            ".報告.old-4242-0",
            "報告.import-4242-0",
            ".其他報告.import-4242-0",
            ".報告二.import-4242-0",
            "..報告.import-4242-0",
        ] {
            assert_eq!(pid(other), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn this_process_is_alive() {
        assert!(!is_dead(std::process::id()));
        assert!(!is_dead(0));
        assert!(!is_dead(u32::MAX));
    }
}
