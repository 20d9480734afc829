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
