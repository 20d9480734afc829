//! `import` never damages what was there (issue 12): the report it would
//! write is validated whole in memory first, written beside `--out`, and
//! swapped in, so `--out` holds all of the old report or all of the new
//! one; a link in `--out` is never written through; a line of any length
//! imports in one pass.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use report_explorer::content::import::{self, write::WriteError};
use report_explorer::content::{self, DirSource};

const SOURCE: &str = "assets/source/wanghua-2024.txt";
const FIXES: &str = "assets/fixes/wanghua-2024.yaml";
const SHIPPED: &str = "content/wanghua-2024";

/// A fresh, empty directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("re-import-safety-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The files import makes of `source` (the shipped fixes applied).
fn import_text(id: &str, source: &str) -> Vec<(String, String)> {
    let fixes = fs::read_to_string(FIXES).unwrap();
    let fixes = Some((Path::new(FIXES), fixes.as_str()));
    import::import(id, Path::new(SOURCE), source.as_bytes(), fixes)
        .expect("the source imports")
        .files
}

fn shipped_source() -> String {
    fs::read_to_string(SOURCE).unwrap()
}

/// The shipped report, as a good `--out` to import over, with a note of
/// the user's beside it.
fn good_report(out: &Path) {
    fs::create_dir_all(out).unwrap();
    for e in fs::read_dir(SHIPPED).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), out.join(e.file_name())).unwrap();
    }
    fs::write(out.join("備註.txt"), "望花區報告：我的筆記\n").unwrap();
    content::load(&DirSource::new(out)).expect("the good report loads");
}

/// Every entry of a directory: a file's bytes, a link's target, a
/// directory's mark.
fn snapshot(dir: &Path) -> BTreeMap<OsString, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let kind = e.file_type().unwrap();
        let bytes = if kind.is_symlink() {
            format!("link -> {}", fs::read_link(e.path()).unwrap().display()).into_bytes()
        } else if kind.is_dir() {
            b"directory".to_vec()
        } else {
            fs::read(e.path()).unwrap()
        };
        out.insert(e.file_name(), bytes);
    }
    out
}

/// What stands in `parent`: nothing of import's may be left beside `--out`.
fn names_in(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_bad_id_writes_nothing_and_says_where() {
    let parent = scratch("bad-id");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let before = snapshot(&out);
    let e = import::write::write_report(&out, import_text("bad id", &shipped_source()))
        .expect_err("an id with a space is refused");
    let WriteError::Invalid(problems) = &e else {
        panic!("not a validation error: {e}");
    };
    let first = problems.0[0].to_string();
    let expected = format!(
        "{}:3:5: error: id `bad id` must be",
        out.join("report.yaml").display()
    );
    assert!(first.starts_with(&expected), "{first}");
    assert_eq!(snapshot(&out), before, "every file byte for byte as it was");
    assert_eq!(names_in(&parent), ["wanghua-2024"]);
    content::load(&DirSource::new(&out)).expect("the good report still loads");
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_write_failing_part_way_leaves_out_unchanged() {
    let parent = scratch("midway");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let before = snapshot(&out);
    // A file name the filesystem refuses (too long), after the report's
    // own files: the write fails part-way through the new directory.
    let mut files = import_text("wanghua-2024", &shipped_source().replace("叢 陽", "王 五"));
    files.push((
        format!("{}.yaml", "長".repeat(200)),
        "名詞：解釋\n".to_string(),
    ));
    let e = import::write::write_report(&out, files).expect_err("the long name fails");
    assert!(matches!(e, WriteError::Io { .. }), "{e}");
    assert!(e.to_string().contains("is unchanged"), "{e}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(names_in(&parent), ["wanghua-2024"]);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_directory_where_a_file_goes_is_refused_before_anything_is_written() {
    let parent = scratch("dir-in-out");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    fs::remove_file(out.join("part-2.yaml")).unwrap();
    fs::create_dir(out.join("part-2.yaml")).unwrap();
    fs::write(out.join("part-2.yaml").join("裡面.txt"), "不可刪除").unwrap();
    let before = snapshot(&out);
    let e = import::write::write_report(&out, import_text("wanghua-2024", &shipped_source()))
        .expect_err("refused");
    let shown = e.to_string();
    assert!(
        shown.contains("part-2.yaml: is a directory where import writes a file"),
        "{shown}"
    );
    assert_eq!(snapshot(&out), before);
    let inner = fs::read_to_string(out.join("part-2.yaml").join("裡面.txt")).unwrap();
    assert_eq!(inner, "不可刪除");
    assert_eq!(names_in(&parent), ["wanghua-2024"]);
    fs::remove_dir_all(parent).unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_in_out_is_replaced_never_written_through() {
    let parent = scratch("link");
    let victim = parent.join("victim.txt");
    fs::write(&victim, "受害者的內容\n").unwrap();
    let shared = parent.join("共用.txt");
    fs::write(&shared, "共用的筆記\n").unwrap();
    let out = parent.join("o_sym");
    fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("lists.yaml")).unwrap();
    std::os::unix::fs::symlink(&shared, out.join("筆記.txt")).unwrap();
    let files = import_text("o_sym", &shipped_source());
    let lists = files
        .iter()
        .find(|(n, _)| n == "lists.yaml")
        .unwrap()
        .1
        .clone();
    let written = import::write::write_report(&out, files).expect("imports");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "受害者的內容\n");
    let meta = fs::symlink_metadata(out.join("lists.yaml")).unwrap();
    assert!(meta.is_file(), "the link was replaced by a file");
    assert_eq!(fs::read_to_string(out.join("lists.yaml")).unwrap(), lists);
    // A link import does not make is kept, as a link.
    assert_eq!(written.kept, [OsString::from("筆記.txt")]);
    assert_eq!(fs::read_link(out.join("筆記.txt")).unwrap(), shared);
    assert_eq!(fs::read_to_string(&shared).unwrap(), "共用的筆記\n");
    fs::remove_dir_all(parent).unwrap();
}

#[cfg(unix)]
#[test]
fn out_itself_a_link_is_refused_and_its_target_untouched() {
    let parent = scratch("out-link");
    let real = parent.join("真的報告");
    good_report(&real);
    let before = snapshot(&real);
    let out = parent.join("wanghua-2024");
    std::os::unix::fs::symlink(&real, &out).unwrap();
    for given in [out.clone(), out.join("")] {
        let e = import::write::write_report(&given, import_text("wanghua-2024", &shipped_source()))
            .expect_err("refused");
        let shown = e.to_string();
        assert!(shown.contains("is a symbolic link"), "{shown}");
        assert!(
            shown.contains("真的報告"),
            "the real path is named: {shown}"
        );
    }
    assert_eq!(snapshot(&real), before);
    assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
    assert_eq!(names_in(&parent), ["wanghua-2024", "真的報告"]);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_successful_import_over_a_report_gives_exactly_the_new_files() {
    let parent = scratch("over");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let indicators = fs::read(out.join("indicators.yaml")).unwrap();
    let files = import_text("wanghua-2024", &shipped_source().replace("叢 陽", "王 五"));
    let written = import::write::write_report(&out, files.clone()).expect("imports");
    assert_eq!(written.files, 5);
    assert_eq!(written.leftover, None);
    let mut expected: BTreeMap<OsString, Vec<u8>> = files
        .into_iter()
        .map(|(n, t)| (OsString::from(n), t.into_bytes()))
        .collect();
    // The user's files are theirs: kept byte for byte.
    expected.insert("indicators.yaml".into(), indicators);
    expected.insert("備註.txt".into(), "望花區報告：我的筆記\n".into());
    assert_eq!(snapshot(&out), expected);
    let report = content::load(&DirSource::new(&out)).expect("the new report loads");
    assert_eq!(report.meta.speaker, "王五");
    assert_eq!(names_in(&parent), ["wanghua-2024"]);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_report_that_does_not_exist_yet_is_made_whole() {
    let parent = scratch("fresh");
    let out = parent.join("新的").join("wanghua-2024");
    let files = import_text("wanghua-2024", &shipped_source());
    let written = import::write::write_report(&out, files.clone()).expect("imports");
    assert!(written.kept.is_empty());
    let expected: BTreeMap<OsString, Vec<u8>> = files
        .into_iter()
        .map(|(n, t)| (OsString::from(n), t.into_bytes()))
        .collect();
    assert_eq!(snapshot(&out), expected);
    assert_eq!(names_in(&parent.join("新的")), ["wanghua-2024"]);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn indicators_kept_in_out_must_still_match_the_new_report() {
    let parent = scratch("indicators");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let before = snapshot(&out);
    // The 2024 results the indicators quote are gone from the new source.
    let source = shipped_source().replace("投資下降29.8%", "投資下降29.9%");
    let files = import_text("wanghua-2024", &source);
    let e = import::write::write_report(&out, files).expect_err("the indicators no longer hold");
    let WriteError::Invalid(problems) = &e else {
        panic!("not a validation error: {e}");
    };
    let at = out.join("indicators.yaml");
    assert!(problems.0.iter().any(|p| p.file == at), "{e}");
    assert_eq!(snapshot(&out), before);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_long_single_line_imports_whole() {
    let parent = scratch("long-line");
    let out = parent.join("wanghua-2024");
    let source = shipped_source();
    let line = source
        .lines()
        .find(|l| l.starts_with("工業(yè)升級賦能增效。"))
        .expect("the paragraph is in the source");
    // About 200 KB on one line: the paragraph many times over.
    let times = 200 * 1024 / line.len() + 1;
    let long = line.repeat(times);
    let files = import_text("wanghua-2024", &source.replacen(line, &long, 1));
    import::write::write_report(&out, files).expect("imports");
    let report = content::load(&DirSource::new(&out)).expect("loads");
    let shipped = content::load(&DirSource::new(SHIPPED)).unwrap();
    let text = |r: &content::Report| -> (Option<String>, String) {
        let p = &r.parts[0].sections[0].paragraphs[0];
        (p.lead.clone(), p.body.text.clone())
    };
    let (lead, body) = text(&report);
    let (shipped_lead, shipped_body) = text(&shipped);
    assert_eq!(lead, shipped_lead);
    assert_eq!(lead.as_deref(), Some("工業升級賦能增效。"));
    // Each repetition after the first brings the lead phrase into the text.
    let unit = format!("{}{shipped_body}", shipped_lead.unwrap());
    assert_eq!(body, format!("{shipped_body}{}", unit.repeat(times - 1)));
    assert!(body.chars().count() > 60_000, "{}", body.chars().count());
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn a_fixes_file_that_is_not_utf8_is_located() {
    // The fix's `from` holds a byte 0xFF: named at its line and column,
    // and nothing is written.
    let dir = std::env::temp_dir().join(format!("re-fixes-utf8-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let fixes = dir.join("fixes.yaml");
    std::fs::write(
        &fixes,
        b"fixes:\n- from: \"\xff\"\n  to: \"\xe6\x9c\x9b\"\n",
    )
    .expect("written");
    let out = dir.join("望花");
    let out_arg = out.to_string_lossy().to_string();
    let fixes_arg = fixes.to_string_lossy().to_string();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_report-explorer"))
        .args([
            "import",
            "assets/source/wanghua-2024.txt",
            "--out",
            &out_arg,
            "--fixes",
            &fixes_arg,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{fixes_arg}:2:10: error: not UTF-8: byte 0xFF at byte offset 16"
        )),
        "{err}"
    );
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PID that names no running process: a child of this test that has
/// exited and been waited for.
#[cfg(unix)]
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_report-explorer"))
        .arg("--help")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    child.wait().expect("it exits");
    pid
}

#[cfg(unix)]
#[test]
fn directories_left_by_a_killed_import_are_removed_and_nothing_else() {
    use std::os::unix::fs::PermissionsExt;
    let parent = scratch("stale");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let dead = dead_pid();
    let live = std::process::id();
    // What a killed import left: partial copies of the report, read-only
    // as `--out`'s permissions are carried over to them.
    let partial = |name: &str| {
        let dir = parent.join(name);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("備註.txt"), "望花區報告：部分的副本\n").unwrap();
        fs::write(dir.join("report.yaml"), "標題: 一半").unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
        dir
    };
    let stale = [
        partial(&format!(".wanghua-2024.import-{dead}-0")),
        partial(&format!(".wanghua-2024.import-{dead}-1")),
    ];
    // Never removed: a live process's (this test's own), other names, an
    // import of another `--out`, the old report set aside by the fallback
    // without an atomic exchange, a link, a file.
    let kept = [
        format!(".wanghua-2024.import-{live}-7"),
        format!(".wanghua-2024.import-0{dead}-0"),
        format!(".wanghua-2024.import-{dead}-0-備份"),
        format!(".wanghua-2024.old-{dead}-0"),
        format!(".其他報告.import-{dead}-0"),
        format!("wanghua-2024.import-{dead}-0"),
    ];
    for name in &kept {
        let dir = parent.join(name);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("筆記.txt"), "不可刪除的內容\n").unwrap();
    }
    let target = parent.join("目標");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("筆記.txt"), "連結指向的內容\n").unwrap();
    let link = format!(".wanghua-2024.import-{dead}-2");
    std::os::unix::fs::symlink(&target, parent.join(&link)).unwrap();
    let file = format!(".wanghua-2024.import-{dead}-3");
    fs::write(parent.join(&file), "一個檔案\n").unwrap();

    let files = import_text("wanghua-2024", &shipped_source().replace("叢 陽", "王 五"));
    let written = import::write::write_report(&out, files).expect("imports");
    assert_eq!(written.removed, stale);
    let mut expected: Vec<String> = kept.to_vec();
    expected.extend([link.clone(), file.clone()]);
    expected.extend(["wanghua-2024".to_string(), "目標".to_string()]);
    expected.sort();
    assert_eq!(names_in(&parent), expected);
    for name in &kept {
        let note = fs::read_to_string(parent.join(name).join("筆記.txt")).unwrap();
        assert_eq!(note, "不可刪除的內容\n", "{name}");
    }
    assert_eq!(
        fs::read_to_string(parent.join(&link).join("筆記.txt")).unwrap(),
        "連結指向的內容\n"
    );
    assert!(fs::symlink_metadata(parent.join(&link))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(parent.join(&file)).unwrap(),
        "一個檔案\n"
    );
    let report = content::load(&DirSource::new(&out)).expect("the new report loads");
    assert_eq!(report.meta.speaker, "王五");
    // Nothing stale left: the next import removes nothing.
    let again = import_text("wanghua-2024", &shipped_source());
    let written = import::write::write_report(&out, again).expect("imports");
    assert!(written.removed.is_empty(), "{:?}", written.removed);
    fs::remove_dir_all(parent).unwrap();
}

#[cfg(unix)]
#[test]
fn a_kept_file_is_the_same_file_afterwards() {
    use std::os::unix::fs::MetadataExt;
    let parent = scratch("hard-link");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let note = out.join("備註.txt");
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&note)
        .unwrap()
        .set_modified(when)
        .unwrap();
    // Another name for the same file, outside `--out`.
    let other = parent.join("備註的另一個名字.txt");
    fs::hard_link(&note, &other).unwrap();
    let before = fs::metadata(&note).unwrap();
    assert_eq!(before.nlink(), 2);
    let indicators = fs::metadata(out.join("indicators.yaml")).unwrap();

    let files = import_text("wanghua-2024", &shipped_source().replace("叢 陽", "王 五"));
    let written = import::write::write_report(&out, files).expect("imports");
    assert_eq!(
        written.kept,
        [
            OsString::from("indicators.yaml"),
            OsString::from("備註.txt")
        ]
    );
    let after = fs::metadata(&note).unwrap();
    assert_eq!((after.dev(), after.ino()), (before.dev(), before.ino()));
    assert_eq!(after.modified().unwrap(), when);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode(), before.mode());
    // The old directory's name for it is gone, the other one stays.
    assert_eq!(after.nlink(), 2);
    assert_eq!(fs::metadata(&other).unwrap().ino(), after.ino());
    assert_eq!(fs::read_to_string(&note).unwrap(), "望花區報告：我的筆記\n");
    let moved = fs::metadata(out.join("indicators.yaml")).unwrap();
    assert_eq!(moved.ino(), indicators.ino());
    assert_eq!(moved.modified().unwrap(), indicators.modified().unwrap());
    assert_eq!(
        content::load(&DirSource::new(&out)).unwrap().meta.speaker,
        "王五"
    );
    assert_eq!(names_in(&parent), ["wanghua-2024", "備註的另一個名字.txt"]);
    fs::remove_dir_all(parent).unwrap();
}

#[test]
fn out_as_the_current_directory_or_above_it_is_refused() {
    let parent = scratch("cwd");
    let out = parent.join("wanghua-2024");
    good_report(&out);
    let inner = out.join("子目錄");
    fs::create_dir(&inner).unwrap();
    fs::write(inner.join("筆記.txt"), "子目錄裡的筆記\n").unwrap();
    let before = snapshot(&out);
    let inner_before = snapshot(&inner);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join(SOURCE).to_string_lossy().into_owned();
    let fixes = root.join(FIXES).to_string_lossy().into_owned();
    let real = fs::canonicalize(&out).unwrap();
    let run = |cwd: &Path, given: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_report-explorer"))
            .args(["import", &source, "--out", given, "--fixes", &fixes])
            .args(["--id", "wanghua-2024"])
            .current_dir(cwd)
            .output()
            .expect("the binary runs")
    };
    let absolute = out.to_string_lossy().into_owned();
    for (cwd, given) in [
        (&out, "."),
        (&out, absolute.as_str()),
        (&inner, ".."),
        (&inner, absolute.as_str()),
    ] {
        let o = run(cwd, given);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{given} from {cwd:?}: {err}");
        assert!(err.contains("current directory"), "{err}");
        assert!(err.contains(&real.display().to_string()), "{err}");
        assert!(err.contains("--out ../wanghua-2024"), "{err}");
        assert_eq!(snapshot(&out), before, "{given} from {cwd:?}");
        assert_eq!(snapshot(&inner), inner_before);
        assert_eq!(names_in(&parent), ["wanghua-2024"]);
    }
    // From outside, the same import goes through.
    fs::remove_dir_all(&inner).unwrap();
    let o = run(&parent, "wanghua-2024");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("備註.txt")).unwrap(),
        "望花區報告：我的筆記\n"
    );
    assert_eq!(names_in(&parent), ["wanghua-2024"]);
    fs::remove_dir_all(parent).unwrap();
}
