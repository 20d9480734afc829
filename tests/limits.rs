//! What a report directory can make the loader hold or do is bounded
//! (issue 12): files that are not regular files, files past the size
//! limit, nesting, aliases, impossible dates and numbers, and messages that
//! quote the user's data. Each case is the good fixture with one thing
//! broken, made in a temporary directory (named pipes, links and huge
//! files cannot be fixtures), and `check` must refuse it with the exact
//! message at its position and status 1. That a test finishes is the proof
//! that nothing blocked.

mod common;
use common::run;

use std::path::{Path, PathBuf};

/// A copy of the good fixture in a fresh temporary directory.
struct Case {
    dir: PathBuf,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = common::copy_of_good(&format!("limits-{name}"));
        Case { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Replace the first `from` in file `name` by `to`.
    fn edit(&self, name: &str, from: &str, to: &str) -> &Case {
        let path = self.path(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Take file `name` away, to put something else in its place.
    fn remove(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::remove_file(&path).unwrap();
        path
    }

    /// `check` refuses the report with exactly `expected` (after the
    /// directory) as its first line, one problem, status 1.
    fn refused(&self, expected: &str) {
        let dir = self.dir.to_str().unwrap();
        let (code, stdout, stderr) = run(&["check", dir]);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(stdout, "");
        let first = stderr.lines().next().unwrap_or_default();
        assert_eq!(first, format!("{dir}/{expected}"));
        assert_eq!(
            stderr.lines().last(),
            Some("report-explorer: 1 problem found")
        );
    }

    fn dir(&self) -> String {
        self.dir.to_string_lossy().into_owned()
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn a_part_that_is_a_named_pipe_is_refused_without_waiting_on_it() {
    let case = Case::new("fifo-part");
    mkfifo(&case.remove("part-1.yaml"));
    let dir = case.dir();
    case.refused(&format!(
        "report.yaml:14:3: error: cannot read {dir}/part-1.yaml: a named pipe (FIFO), not a regular file"
    ));
}

#[cfg(unix)]
#[test]
fn an_optional_file_that_is_there_but_unreadable_is_an_error_with_its_reason() {
    let fifo = Case::new("fifo-indicators");
    mkfifo(&fifo.remove("indicators.yaml"));
    let dir = fifo.dir();
    fifo.refused(&format!(
        "indicators.yaml:1:1: error: cannot read {dir}/indicators.yaml: a named pipe (FIFO), \
         not a regular file"
    ));

    let directory = Case::new("dir-indicators");
    std::fs::create_dir(directory.remove("indicators.yaml")).unwrap();
    let dir = directory.dir();
    directory.refused(&format!(
        "indicators.yaml:1:1: error: cannot read {dir}/indicators.yaml: a directory, not a file"
    ));

    let dangling = Case::new("dangling-indicators");
    let link = dangling.remove("indicators.yaml");
    std::os::unix::fs::symlink("指標/不存在.yaml", &link).unwrap();
    let dir = dangling.dir();
    dangling.refused(&format!(
        "indicators.yaml:1:1: error: cannot read {dir}/indicators.yaml: a symbolic link to \
         `指標/不存在.yaml`, which does not exist"
    ));

    let looping = Case::new("loop-indicators");
    let link = looping.remove("indicators.yaml");
    std::os::unix::fs::symlink("indicators.yaml", &link).unwrap();
    let dir = looping.dir();
    looping.refused(&format!(
        "indicators.yaml:1:1: error: cannot read {dir}/indicators.yaml: a symbolic link that \
         loops: Too many levels of symbolic links (os error 40)"
    ));

    // A link to a good file is followed.
    let linked = Case::new("linked-indicators");
    let link = linked.remove("indicators.yaml");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/indicators.yaml");
    std::os::unix::fs::symlink(good, &link).unwrap();
    let (code, stdout, stderr) = run(&["check", &linked.dir()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("indicators: 1"), "{stdout}");
}

#[test]
fn a_file_past_the_size_limit_is_refused_after_reading_no_more_than_the_limit() {
    let case = Case::new("huge-glossary");
    // Sparse: 65 MiB that take no room on disk.
    let file = std::fs::File::create(case.remove("glossary.yaml")).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    let dir = case.dir();
    case.refused(&format!(
        "report.yaml:16:11: error: cannot read {dir}/glossary.yaml: larger than 64 MiB, \
         the most a report's file may be"
    ));
}

#[test]
fn a_file_named_twice_is_refused_where_it_is_named_again() {
    let case = Case::new("named-twice");
    case.edit(
        "report.yaml",
        "- part-1.yaml\n",
        "- part-1.yaml\n- part-1.yaml\n",
    );
    case.refused(
        "report.yaml:15:3: error: `part-1.yaml` is named twice (first at line 14): \
         each file is one part of the report",
    );
}

#[test]
fn an_alias_is_refused_where_it_stands_before_anything_is_expanded() {
    let case = Case::new("alias");
    case.edit("part-1.yaml", "  text: 預計", "  text: &總值 預計")
        .edit(
            "part-1.yaml",
            "    text: 全年實現開復工項目89個，總投資126.1億元。",
            "    text: [*總值, *總值, *總值]",
        );
    case.refused(
        "part-1.yaml:21:12: error: alias `*總值` is not allowed: write the value out \
         (a report's files use no aliases)",
    );
}

#[test]
fn flow_nesting_a_thousand_deep_is_refused_at_the_level_past_the_limit() {
    let case = Case::new("nesting");
    let deep = format!("title: {}工作回顧{}", "{a: [".repeat(500), "]}".repeat(500));
    case.edit("part-1.yaml", "title: 2024年工作回顧", &deep);
    // The 65th bracket: 32 times `{a: [` and one `{`, from column 8.
    case.refused(&format!(
        "part-1.yaml:3:{}: error: nested deeper than 64 levels, the most a report's file may nest",
        8 + 32 * 5
    ));
}

#[test]
fn impossible_dates_are_refused() {
    for (date, why) in [
        ("2024-13-01", "there is no month 13 (months run 01 to 12)"),
        ("2024-00-00", "there is no month 00 (months run 01 to 12)"),
        ("2023-02-29", "2023-02 has days 01 to 28"),
        ("2024-06-31", "2024-06 has days 01 to 30"),
    ] {
        let case = Case::new(&format!("date-{date}"));
        case.edit("report.yaml", "date: 2024-12-28", &format!("date: {date}"));
        case.refused(&format!(
            "report.yaml:8:7: error: date `{date}` is not a day of the calendar: {why}"
        ));
    }
    // 29 February of a leap year is a day.
    let case = Case::new("date-leap");
    case.edit("report.yaml", "date: 2024-12-28", "date: 2024-02-29");
    let (code, _, stderr) = run(&["check", &case.dir()]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn changes_in_percent_that_cannot_be_drawn_are_refused() {
    for (value, message) in [
        (
            ".inf",
            "change_percent is infinite: write the change in percent, such as -29.8 for 下降29.8%",
        ),
        (
            "-.inf",
            "change_percent is infinite: write the change in percent, such as -29.8 for 下降29.8%",
        ),
        (
            ".nan",
            "change_percent is not a number (NaN): write the change in percent, \
             such as -29.8 for 下降29.8%",
        ),
        (
            "-1.5e7",
            "change_percent -1.5e7 is out of range: a change in percent lies within ±1e6",
        ),
        // Not numbers to YAML: a string where a number goes.
        (
            "NaN",
            "indicators[0].result.change_percent: invalid type: string \"NaN\", expected f64",
        ),
        (
            "1e400",
            "indicators[0].result.change_percent: invalid type: string \"1e400\", expected f64",
        ),
    ] {
        let case = Case::new(&format!("percent-{value}"));
        let to = format!("change_percent: {value}");
        case.edit("indicators.yaml", "change_percent: -29.8", &to);
        case.refused(&format!("indicators.yaml:7:21: error: {message}"));
    }
}

#[test]
fn a_quoted_value_is_escaped_and_cut_to_an_excerpt() {
    // An id holding ESC (written as YAML's `\e`) and 10,000 hanzi.
    let case = Case::new("escaped-id");
    let id = format!("part1.s1.1\\e[31m{}", "農田".repeat(5_000));
    case.edit(
        "part-1.yaml",
        "  - id: part1.s1.1\n",
        &format!("  - id: \"{id}\"\n"),
    );
    let shown = format!("part1.s1.1\\u{{1b}}[31m{}", "農田".repeat(12) + "農");
    case.refused(&format!(
        "part-1.yaml:12:9: error: id `{shown}…` must be letters, digits, `.`, `-` or `_`, \
         and not empty"
    ));

    // serde_yaml's own message quotes the value whole: cut too.
    let case = Case::new("long-number");
    let long = "一".repeat(10_000);
    case.edit("part-1.yaml", "number: 1", &format!("number: \"{long}\""));
    case.refused(&format!(
        "part-1.yaml:2:9: error: number: invalid type: string \"{}…\", expected u32",
        "一".repeat(40)
    ));

    // A duplicate key of 10 KB (written as a complex key: a simple one is
    // 1,024 characters at most).
    let case = Case::new("long-key");
    let key = format!("鍵\\e{}", "值".repeat(10_000));
    case.edit(
        "part-1.yaml",
        "number: 1\n",
        &format!("number: 1\n? \"{key}\"\n: 1\n? \"{key}\"\n: 2\n"),
    );
    case.refused(&format!(
        "part-1.yaml:5:3: error: duplicate key `鍵\\u{{1b}}{}…` (first at line 3)",
        "值".repeat(38)
    ));

    // Every line of every message is bounded.
    let (_, _, stderr) = run(&["check", &case.dir()]);
    assert!(stderr.lines().all(|l| l.chars().count() < 600), "{stderr}");
}
