//! Putting an imported report in place, so that `--out` holds either all of
//! the old report or all of the new one, never a mix, and is left exactly as
//! it was on any error.
//!
//! 1. The report import would write is loaded whole from memory, through
//!    the same loading and validation as `check` (a `MemorySource` holding
//!    the new files, plus an `indicators.yaml` already in `--out`, which the
//!    new report must still satisfy). Problems stop it there, named by the
//!    file and position they would have in `--out`; nothing has been
//!    touched.
//! 2. Every file is written into a fresh directory `.NAME.import-PID-N`
//!    beside `--out` (same parent, so the same filesystem), each opened
//!    with `create_new` (so never through an existing file or link) and
//!    synced. Before that, such directories of this `--out` left by an
//!    import that was killed or stopped by a signal (their PID is no
//!    running process) are removed, and named in `Written::removed`.
//! 3. The new directory takes the place of `--out` in one step: on Linux
//!    with `renameat2(RENAME_EXCHANGE)`, which swaps the two directories
//!    atomically; elsewhere (or where the filesystem lacks it) the old one
//!    is renamed aside, the new one renamed in, and the old one renamed
//!    back if that fails. The old directory is then removed.
//!
//! What stands in `--out`:
//! - a file (or symbolic link) with the name of a file import writes is
//!   replaced; a link is never followed, so a link to a file outside `--out`
//!   leaves that file alone;
//! - a file an earlier import generated (it starts with import's header)
//!   that this import does not make, such as a part the source no longer
//!   has, is left out: it belongs to the old report;
//! - other regular files (`indicators.yaml`, notes) are kept: they are the
//!   user's, not import's; hard-linked into the new directory, so the very
//!   same file (owner, times, other links, no second copy on disk), or
//!   copied with their bytes, permissions and modification time where the
//!   filesystem refuses the link; other symbolic links are kept as links
//!   to the same target;
//! - a directory, a FIFO, a socket or a device inside `--out` is refused
//!   before anything is written: replacing `--out` would delete it, and
//!   import does not delete what it cannot put back;
//! - `--out` itself must be a directory or absent; a symbolic link as
//!   `--out` is refused (replacing it would replace the link, not the
//!   directory it points to), with the path to give instead;
//! - `--out` must not be the current directory nor contain it: the swap
//!   would leave this process's (and the user's shell's) working directory
//!   a deleted one. It is refused, naming it, before anything is written.
//!
//! The directory's permissions are carried over; its inode is new, so
//! another shell whose working directory is `--out` sees the old, deleted
//! one until it changes directory again.

use super::files::{keep_file, make_link, read_no_follow, write_new};
use std::ffi::{OsStr, OsString};
use std::fs::{self, Permissions};
use std::io;
use std::path::{Path, PathBuf};

pub use super::outcome::{WriteError, Written};

use super::outcome::{io_error, refused, Hook, Step};
use super::swap::{remove_stale, swap, sync_dir, Staged};
use super::HEADER;
use crate::content::load::{load_checked, INDICATORS_FILE};
use crate::content::MemorySource;

/// Validate `files` (name, text) as a whole report, then put them in
/// place as the directory `out`. See the module's documentation.
pub fn write_report(out: &Path, files: Vec<(String, String)>) -> Result<Written, WriteError> {
    write_with(out, files, &mut |_| Ok(()))
}

pub(crate) fn write_with(
    out: &Path,
    files: Vec<(String, String)>,
    hook: &mut Hook<'_>,
) -> Result<Written, WriteError> {
    let target = target_path(out)?;
    not_around_cwd(&target)?;
    for (name, _) in &files {
        if !plain_name(name) {
            let why = "is not a plain file name".to_string();
            return Err(refused(&target.join(name), why));
        }
    }
    let existing = inspect(&target, &files)?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    let written = files.len();
    // What the loader would read: the new files and a kept indicators.yaml.
    if let Some(dir) = &existing {
        let indicators = dir.extras.iter().find(|e| e.name == INDICATORS_FILE);
        if let Some(extra) = indicators {
            let path = target.join(&extra.name);
            let bytes = match &extra.kind {
                Kept::File => read_no_follow(&path, None),
                Kept::Link(_) => fs::read(&path),
            };
            let bytes = bytes.map_err(|e| io_error("read", &path, &target, e))?;
            files.push((INDICATORS_FILE.to_string(), bytes));
        }
    }
    let source = MemorySource {
        label: target.clone(),
        files,
    };
    load_checked(&source).map_err(WriteError::Invalid)?;
    let mut files = source.files;
    files.truncate(written);

    let parent = parent_of(&target);
    if existing.is_none() {
        fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, &target, e))?;
    }
    let (kept, dropped) = existing.as_ref().map_or_else(Default::default, |dir| {
        let kept = dir.extras.iter().map(|e| e.name.clone()).collect();
        (kept, dir.dropped.clone())
    });
    // What interrupted imports of this `--out` left: removed before the
    // new directory takes room of its own.
    let removed = remove_stale(&target, &parent);
    let staged = Staged::create(&target, &parent)?;
    let staging = stage(&staged.dir, &target, &files, existing.as_ref(), hook);
    if let Err(e) = staging {
        staged.discard();
        return Err(e);
    }
    let leftover = match existing {
        None => {
            if let Err(e) = hook(Step::Swap).and_then(|()| fs::rename(&staged.dir, &target)) {
                let dir = staged.discard();
                return Err(io_error("rename into place", &dir, &target, e));
            }
            None
        }
        Some(_) => swap(staged, &target, &parent, hook)?,
    };
    sync_dir(&parent);
    Ok(Written {
        files: written,
        kept,
        dropped,
        leftover,
        removed,
    })
}

/// `out` as a path whose last component names the directory itself: a
/// trailing `/` dropped (with it, a link would be followed), `.` and `..`
/// resolved, since their parent cannot hold a sibling.
fn target_path(out: &Path) -> Result<PathBuf, WriteError> {
    let path: PathBuf = out.components().collect();
    if path.file_name().is_some() {
        return Ok(path);
    }
    fs::canonicalize(out).map_err(|e| io_error("resolve", out, out, e))
}

/// Refuse a `target` that is the current directory or one of its
/// ancestors: swapping it would leave the working directory (the shell's,
/// when import was run from there) a deleted directory. Only an existing
/// directory (not a link, which `inspect` refuses on its own) can be one.
fn not_around_cwd(target: &Path) -> Result<(), WriteError> {
    let is_dir = fs::symlink_metadata(target).is_ok_and(|m| m.is_dir());
    if !is_dir {
        return Ok(());
    }
    let (Ok(cwd), Ok(real)) = (
        std::env::current_dir().and_then(fs::canonicalize),
        fs::canonicalize(target),
    ) else {
        // No working directory to protect, or none to compare with.
        return Ok(());
    };
    if !cwd.starts_with(&real) {
        return Ok(());
    }
    let name = real.file_name().map_or_else(
        || real.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let which = if cwd == real {
        "is the current directory".to_string()
    } else {
        format!("contains the current directory ({})", cwd.display())
    };
    let why = format!(
        "{which}: import replaces the whole directory ({}), which would leave this shell \
         in a deleted directory; nothing was written. Run import from outside it: from \
         its parent directory with `--out {name}`, or from a sibling with `--out ../{name}`",
        real.display()
    );
    Err(refused(target, why))
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A name that stays inside the directory: no separator, not `.` or `..`,
/// not hidden, not empty.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0'])
}

/// An existing `--out`: its permissions, what import keeps from it, and
/// the stale files of an earlier import it leaves out.
struct Existing {
    permissions: Permissions,
    extras: Vec<Extra>,
    dropped: Vec<OsString>,
}

struct Extra {
    name: OsString,
    kind: Kept,
}

enum Kept {
    /// A regular file, linked (or copied) into the new directory.
    File,
    /// A symbolic link to this target, made again.
    Link(PathBuf),
}

/// Look at `target` without following links: absent (`None`), or a
/// directory whose entries import may replace or keep.
fn inspect(target: &Path, files: &[(String, String)]) -> Result<Option<Existing>, WriteError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error("read", target, target, e)),
    };
    if meta.file_type().is_symlink() {
        let real = fs::canonicalize(target).map_or_else(
            |_| "the directory's own path".to_string(),
            |p| p.display().to_string(),
        );
        let why = format!(
            "is a symbolic link: import replaces the directory itself, so give its real path ({real})"
        );
        return Err(refused(target, why));
    }
    if !meta.is_dir() {
        return Err(refused(target, "is not a directory".to_string()));
    }
    let read_err = |path: &Path, e| io_error("read", path, target, e);
    let (mut extras, mut dropped) = (Vec::new(), Vec::new());
    for entry in fs::read_dir(target).map_err(|e| read_err(target, e))? {
        let entry = entry.map_err(|e| read_err(target, e))?;
        let name = entry.file_name();
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| read_err(&path, e))?;
        let produced = files.iter().any(|(n, _)| OsStr::new(n) == name);
        if kind.is_dir() {
            let why = if produced {
                "is a directory where import writes a file: move it away first"
            } else {
                "is a directory: import replaces the whole report directory and keeps only \
                 files and links, so move it away first"
            };
            return Err(refused(&path, why.to_string()));
        }
        if produced {
            // A file or a link import replaces; a link is never followed.
            continue;
        }
        let kept = if kind.is_symlink() {
            Kept::Link(fs::read_link(&path).map_err(|e| read_err(&path, e))?)
        } else if kind.is_file() {
            // Only the start, for the header: a kept file may be large.
            let head = read_no_follow(&path, Some(HEADER.len())).map_err(|e| read_err(&path, e))?;
            if head == HEADER.as_bytes() {
                dropped.push(name);
                continue;
            }
            Kept::File
        } else {
            let why = "is not a regular file, a link or a directory: import cannot keep it, \
                       so move it away first";
            return Err(refused(&path, why.to_string()));
        };
        extras.push(Extra { name, kind: kept });
    }
    extras.sort_by(|a, b| a.name.cmp(&b.name));
    dropped.sort();
    Ok(Some(Existing {
        permissions: meta.permissions(),
        extras,
        dropped,
    }))
}

/// Write the new files and the kept ones into `dir`, each new (never
/// through an existing name), synced; then give `dir` the old one's
/// permissions.
fn stage(
    dir: &Path,
    target: &Path,
    files: &[(String, Vec<u8>)],
    existing: Option<&Existing>,
    hook: &mut Hook<'_>,
) -> Result<(), WriteError> {
    for (name, bytes) in files {
        let path = dir.join(name);
        hook(Step::File(OsStr::new(name)))
            .and_then(|()| write_new(&path, bytes))
            .map_err(|e| io_error("write", &path, target, e))?;
    }
    let Some(existing) = existing else {
        sync_dir(dir);
        return Ok(());
    };
    for extra in &existing.extras {
        let path = dir.join(&extra.name);
        hook(Step::File(&extra.name))
            .and_then(|()| match &extra.kind {
                Kept::File => keep_file(&target.join(&extra.name), &path),
                Kept::Link(to) => make_link(to, &path),
            })
            .map_err(|e| io_error("write", &path, target, e))?;
    }
    fs::set_permissions(dir, existing.permissions.clone())
        .map_err(|e| io_error("set the permissions of", dir, target, e))?;
    sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::swap::aside_and_in;
    use super::*;
    use crate::content::import::files::copy_file;
    use std::collections::BTreeMap;
    use std::path::Path;

    const SOURCE: &str = include_str!("../../../assets/source/wanghua-2024.txt");
    const FIXES: &str = include_str!("../../../assets/fixes/wanghua-2024.yaml");

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("re-import-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The report import makes of the shipped source, its speaker renamed
    /// when `renamed`, so that its files differ from the shipped ones.
    fn imported(renamed: bool) -> Vec<(String, String)> {
        let source = if renamed {
            SOURCE.replace("叢 陽", "王 五")
        } else {
            SOURCE.to_string()
        };
        let fixes = Some((Path::new("fixes.yaml"), FIXES));
        super::super::import("wanghua-2024", Path::new("s.txt"), source.as_bytes(), fixes)
            .unwrap()
            .files
    }

    /// Every entry of a directory: a file's bytes, a link's target.
    fn snapshot(dir: &Path) -> BTreeMap<OsString, Vec<u8>> {
        let mut out = BTreeMap::new();
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let bytes = if e.file_type().unwrap().is_symlink() {
                let to = fs::read_link(e.path()).unwrap();
                format!("-> {}", to.display()).into_bytes()
            } else {
                fs::read(e.path()).unwrap()
            };
            out.insert(e.file_name(), bytes);
        }
        out
    }

    /// A good report in `out`: the first import.
    fn good(out: &Path) {
        write_report(out, imported(false)).unwrap();
        fs::write(out.join("備註.txt"), "望花區：手寫的備註").unwrap();
    }

    fn siblings(parent: &Path) -> Vec<OsString> {
        let mut names: Vec<_> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    fn fail_at(step: Step<'_>) -> impl FnMut(Step<'_>) -> io::Result<()> + '_ {
        move |s| {
            if s == step {
                Err(io::Error::other("注入的故障"))
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn a_failure_while_writing_leaves_out_as_it_was() {
        let parent = scratch("midway");
        let out = parent.join("報告");
        good(&out);
        let before = snapshot(&out);
        let mut hook = fail_at(Step::File(OsStr::new("part-2.yaml")));
        let e = write_with(&out, imported(true), &mut hook).unwrap_err();
        assert!(e.to_string().contains("注入的故障"), "{e}");
        assert!(e.to_string().ends_with("報告 is unchanged"), "{e}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(siblings(&parent), [OsString::from("報告")]);
        fs::remove_dir_all(parent).unwrap();
    }

    #[test]
    fn a_failure_at_the_swap_leaves_out_as_it_was() {
        let parent = scratch("swap");
        let out = parent.join("報告");
        good(&out);
        let before = snapshot(&out);
        let e = write_with(&out, imported(true), &mut fail_at(Step::Swap)).unwrap_err();
        assert!(matches!(e, WriteError::Io { .. }), "{e}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(siblings(&parent), [OsString::from("報告")]);
        // Into a directory that is not there yet: nothing made.
        let fresh = parent.join("新報告");
        write_with(&fresh, imported(true), &mut fail_at(Step::Swap)).unwrap_err();
        assert_eq!(siblings(&parent), [OsString::from("報告")]);
        fs::remove_dir_all(parent).unwrap();
    }

    #[test]
    fn without_an_atomic_exchange_a_failed_rename_is_rolled_back() {
        let parent = scratch("fallback");
        let out = parent.join("報告");
        good(&out);
        let before = snapshot(&out);
        let new = parent.join(".new");
        fs::create_dir(&new).unwrap();
        fs::write(new.join("report.yaml"), "標題: 新").unwrap();
        let staged = Staged { dir: new.clone() };
        let e = aside_and_in(staged, &out, &parent, &mut fail_at(Step::RenameIn)).unwrap_err();
        assert!(e.to_string().contains("rename into place"), "{e}");
        assert_eq!(snapshot(&out), before);
        assert_eq!(siblings(&parent), [OsString::from("報告")]);
        // And when it succeeds, the old one is aside, whole.
        fs::create_dir(&new).unwrap();
        fs::write(new.join("report.yaml"), "標題: 新").unwrap();
        let staged = Staged { dir: new };
        let aside = aside_and_in(staged, &out, &parent, &mut |_| Ok(())).unwrap();
        assert_eq!(snapshot(&aside), before);
        assert_eq!(
            fs::read_to_string(out.join("report.yaml")).unwrap(),
            "標題: 新"
        );
        fs::remove_dir_all(parent).unwrap();
    }

    #[test]
    fn stale_generated_files_go_and_the_user_s_stay() {
        let parent = scratch("stale");
        let out = parent.join("報告");
        good(&out);
        let mut stale = HEADER.to_string();
        stale.push_str("id: part3\n");
        fs::write(out.join("part-3.yaml"), stale).unwrap();
        let written = write_report(&out, imported(true)).unwrap();
        assert_eq!(written.kept, [OsString::from("備註.txt")]);
        assert_eq!(written.dropped, [OsString::from("part-3.yaml")]);
        assert_eq!(written.leftover, None);
        assert!(!out.join("part-3.yaml").exists());
        assert_eq!(siblings(&parent), [OsString::from("報告")]);
        fs::remove_dir_all(parent).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_copied_kept_file_keeps_its_bytes_permissions_and_time() {
        use std::os::unix::fs::PermissionsExt;
        let parent = scratch("copy");
        let from = parent.join("筆記.txt");
        fs::write(&from, "望花區：舊的筆記\n").unwrap();
        let when =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        let file = fs::File::options().write(true).open(&from).unwrap();
        file.set_modified(when).unwrap();
        drop(file);
        fs::set_permissions(&from, Permissions::from_mode(0o640)).unwrap();
        let to = parent.join("副本.txt");
        copy_file(&from, &to).unwrap();
        assert_eq!(fs::read_to_string(&to).unwrap(), "望花區：舊的筆記\n");
        let meta = fs::metadata(&to).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
        assert_eq!(meta.modified().unwrap(), when);
        // Never through a link.
        let link = parent.join("連結.txt");
        std::os::unix::fs::symlink(&from, &link).unwrap();
        copy_file(&link, &parent.join("不該有.txt")).unwrap_err();
        fs::remove_dir_all(parent).unwrap();
    }

    #[test]
    fn names_that_leave_the_directory_are_refused() {
        let parent = scratch("names");
        let out = parent.join("報告");
        for bad in ["../出去.yaml", ".hidden", "", "a/b"] {
            let mut files = imported(false);
            files.push((bad.to_string(), "文字".to_string()));
            let e = write_report(&out, files).unwrap_err();
            assert!(e.to_string().contains("not a plain file name"), "{e}");
        }
        assert!(siblings(&parent).is_empty());
        fs::remove_dir_all(parent).unwrap();
    }
}
