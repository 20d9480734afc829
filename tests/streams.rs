//! No output path panics (issue 12): every command run with stdout or
//! stderr a pipe whose reader is gone, or /dev/full. A closed pipe ends
//! quietly (status 0 on stdout, the command's own status on stderr);
//! another write error is said once on stderr with a failing status; never
//! Rust's panic status, 101. And a width that would size a huge allocation
//! is refused with status 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_report-explorer");

/// A stream whose reader is gone: a pipe with its read end closed, so that
/// the first write fails with EPIPE, whenever it comes.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

/// /dev/full: every write fails with ENOSPC.
#[cfg(target_os = "linux")]
fn full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

/// Run the binary with these streams; what was captured of the others.
fn run_with(args: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_STATE_HOME", std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .expect("the binary runs")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("an exit status, not a signal")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the shipped report with an unknown key in lists.yaml: it
/// fails to load, with one problem for stderr.
fn broken_report(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("re-streams-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/wanghua-2024");
    for entry in std::fs::read_dir(&shipped).expect("the shipped report") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("a copy");
    }
    let lists = dir.join("lists.yaml");
    let mut yaml = std::fs::read_to_string(&lists).expect("lists.yaml");
    assert!(
        yaml.contains("民生實事") || yaml.contains("2024年"),
        "{yaml}"
    );
    yaml.push_str("x: 1\n");
    std::fs::write(&lists, yaml).expect("written");
    dir
}

/// The broken report fails with its problem on stderr, to say what the
/// cases below lose.
#[test]
fn a_broken_report_says_its_problem_on_stderr() {
    let dir = broken_report("plain");
    let d = dir.to_str().expect("a UTF-8 path");
    let out = run_with(&["check", d], Stdio::piped(), Stdio::piped());
    assert_eq!(status(&out), 1);
    let err = text(&out.stderr);
    assert!(
        err.contains("lists.yaml") && err.contains("1 problem found"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// stdout closed early (`| head -1`): the command ends quietly, status 0,
/// whatever it was writing (the report's text, its figures, check's line,
/// search hits, the help, the version).
#[test]
fn a_closed_stdout_ends_quietly() {
    let cases: [&[&str]; 8] = [
        &["print"],
        &["print", "--width", "40"],
        &["figures", "--format", "csv"],
        &["figures", "--format", "json"],
        &["check"],
        &["search", "生產力"],
        &["--help"],
        &["--version"],
    ];
    for args in cases {
        let out = run_with(args, closed_pipe(), Stdio::piped());
        assert_eq!(status(&out), 0, "{args:?}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
}

/// stderr closed (`2>&1 | head -1` once head is gone): the errors are
/// lost, the status is the command's own.
#[test]
fn a_closed_stderr_keeps_the_commands_status() {
    let dir = broken_report("closed");
    let d = dir.to_str().expect("a UTF-8 path");
    let cases: [(&[&str], i32); 5] = [
        (&["check", d], 1),
        (&["print", d], 1),
        (&["search", "生產力", d], 2),
        (&["search", "   "], 2),
        (&["print", "--section", "第九部分"], 1),
    ];
    for (args, code) in cases {
        let out = run_with(args, Stdio::piped(), closed_pipe());
        assert_eq!(status(&out), code, "{args:?}");
        // Both streams on the one closed pipe, as `2>&1 | head` leaves them.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let both = writer.try_clone().expect("a second end");
        let out = run_with(args, Stdio::from(writer), Stdio::from(both));
        assert_eq!(status(&out), code, "{args:?}");
    }
    // clap's own errors too: exit 2, as clap exits.
    let out = run_with(&["print", "--width", "寬"], Stdio::piped(), closed_pipe());
    assert_eq!(status(&out), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// stdout on a full disk: said once on stderr, status 1 (2 for search);
/// stderr on a full disk: the command's status.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_once_and_fails() {
    let cases: [(&[&str], i32); 6] = [
        (&["check"], 1),
        (&["print", "--section", "glossary.48"], 1),
        (&["figures"], 1),
        (&["figures", "--format", "json"], 1),
        (&["search", "生產力"], 2),
        (&["--help"], 1),
    ];
    for (args, code) in cases {
        let out = run_with(args, full(), Stdio::piped());
        assert_eq!(status(&out), code, "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(
            err.matches("cannot write to stdout").count(),
            1,
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let dir = broken_report("full");
    let d = dir.to_str().expect("a UTF-8 path");
    let out = run_with(&["check", d], Stdio::piped(), full());
    assert_eq!(status(&out), 1);
    let out = run_with(&["--help"], Stdio::piped(), full());
    assert_eq!(status(&out), 0, "the help reached stdout");
    assert!(text(&out.stdout).contains("print"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A width of one cell cannot hold a hanzi: refused, saying the least
/// (found by trying: `print --width 1` wrote rows two cells wide, 測).
#[test]
fn print_refuses_a_width_under_a_hanzi() {
    let out = run_with(&["print", "--width", "1"], Stdio::piped(), Stdio::piped());
    assert_eq!(status(&out), 2);
    assert!(
        text(&out.stderr).contains("at least 2 cells"),
        "{}",
        text(&out.stderr)
    );
    let out = run_with(
        &["print", "--width", "2", "--section", "glossary.48"],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert_eq!(status(&out), 0);
    let printed = text(&out.stdout);
    assert!(printed.lines().all(|l| l.chars().count() <= 2), "{printed}");
    assert!(printed.contains('腐'), "{printed}");
}

/// A width that would size a 9 EB row (or any past 10,000 cells) is
/// refused with status 2 and says the most; 10,000 itself prints.
#[test]
fn print_refuses_a_huge_width() {
    for width in ["18446744073709551615", "99999999999999999999999", "10001"] {
        let out = run_with(&["print", "--width", width], Stdio::piped(), Stdio::piped());
        assert_eq!(status(&out), 2, "{width}");
        let err = text(&out.stderr);
        assert!(err.contains("at most 10000 cells"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = run_with(
        &["print", "--width", "10000", "--section", "glossary.48"],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert_eq!(status(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "48.“三不腐”：即“不敢腐、不能腐、不想腐”。\n"
    );
    let help = run_with(&["print", "--help"], Stdio::piped(), Stdio::piped());
    assert!(
        text(&help.stdout).contains("At least 2, at most 10000"),
        "{}",
        text(&help.stdout)
    );
    // search's --limit sizes nothing: the largest is taken.
    let out = run_with(
        &["search", "生產力", "--limit", "18446744073709551615"],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert_eq!(status(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("【生產力】"));
}
