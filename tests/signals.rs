//! Signals in a pseudo-terminal (issue 12): SIGTERM, SIGHUP and SIGINT end
//! the reader with the terminal restored (the alternate screen left, the
//! cursor shown, bracketed paste and the mouse off, the tty's modes as
//! before) and the reading state saved, with status 128 + the signal;
//! SIGTSTP from outside suspends it as Ctrl-Z does, and `fg` redraws it;
//! SIGSTOP then SIGCONT redraws it whole.

#![cfg(unix)]

#[path = "common/pty.rs"]
mod harness;
use harness::{frames_in, reader_top, section_two_on_top, Pty, PATIENCE};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

const BIN: &str = env!("CARGO_BIN_EXE_report-explorer");

type Session = Pty;

/// The reader, its state in `dir`, at 80×24.
fn reader(dir: &Path) -> Session {
    Pty::spawn(reader_command(dir), 80, 24, &[])
}

/// An interactive bash with job control, `$ ` its prompt, at 80×24.
fn shell() -> Session {
    Pty::shell(80, 24)
}

/// Canonical input, echo, signals from keys and output processing: a
/// terminal in its ordinary modes, as before the reader.
fn cooked(modes: (libc::tcflag_t, libc::tcflag_t)) -> bool {
    let (l, o) = modes;
    let lflags = libc::ICANON | libc::ECHO | libc::ISIG;
    l & lflags == lflags && o & libc::OPOST != 0
}

/// The reader, its state in `dir`.
fn reader_command(dir: &Path) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["--ambiwidth", "narrow", "--color", "never", "--state-dir"]);
    cmd.arg(dir);
    cmd
}

/// A state directory of this test process, empty.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("re-signals-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The block the reader remembered in `dir`.
fn remembered_block(dir: &Path) -> String {
    let bytes = std::fs::read(dir.join("wanghua-2024.json")).expect("a state file");
    let state = report_explorer::saved::parse(&bytes).expect("a valid state");
    state.place.block
}

fn pid(s: &Session) -> libc::pid_t {
    let pid = s.child.process_id().expect("the child's id");
    libc::pid_t::try_from(pid).expect("a pid")
}

fn kill(pid: libc::pid_t, signal: i32) {
    // SAFETY: kill(2) on a child of this test.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill {signal}");
}

/// What the reader sent from byte `from` on turns the modes off: the
/// alternate screen left, the cursor shown, bracketed paste and the mouse
/// off.
fn modes_off_after(raw: &str, from: usize) {
    let tail = raw.get(from..).expect("a char boundary");
    for off in [
        "\x1b[?1049l",
        "\x1b[?25h",
        "\x1b[?2004l",
        "\x1b[?1000l",
        "\x1b[?1006l",
    ] {
        assert!(tail.contains(off), "{off:?} after the signal");
    }
    let left = tail.rfind("\x1b[?1049l").expect("left");
    assert!(
        !tail[left..].contains("\x1b[?1049h"),
        "the alternate screen is not entered again"
    );
}

/// One ending signal: the terminal as it was, the place remembered, the
/// status 128 + the signal.
fn ends_on(signal: i32) {
    let dir = temp(&format!("end-{signal}"));
    let mut s = reader(&dir);
    s.see("2024年工作回顧");
    assert!(!cooked(s.tty_modes()), "the reader runs in raw mode");
    s.keys("]]");
    s.wait_for("section (一) on top", |t| {
        reader_top(t).starts_with("（一）堅定不移")
    });
    let before = s.raw_len();
    kill(pid(&s), signal);
    let status = s.wait_exit();
    let expected = u32::try_from(128 + signal).expect("a status");
    assert_eq!(status.exit_code(), expected, "{status:?}");
    modes_off_after(&s.raw_text(), before);
    {
        let parser = s.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "the alternate screen is left");
        assert!(!screen.hide_cursor(), "the cursor is shown");
    }
    assert!(cooked(s.tty_modes()), "the tty's modes are restored");
    assert_eq!(remembered_block(&dir), "part1.s1", "the place is saved");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    ends_on(libc::SIGTERM);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    ends_on(libc::SIGHUP);
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    ends_on(libc::SIGINT);
}

/// Found by trying: QUIT, USR1 and ALRM left the alternate screen on, the
/// cursor hidden and mouse reporting on. Their default would end the
/// reader too, so they end it the same way, restored.
#[test]
fn quit_usr1_and_alrm_restore_the_terminal_too() {
    for signal in [libc::SIGQUIT, libc::SIGUSR1, libc::SIGALRM] {
        ends_on(signal);
    }
}

/// `kill -TSTP` under a shell: as Ctrl-Z, the terminal given back, the
/// place remembered, the job stopped; `fg` brings the whole frame back.
#[test]
fn sigtstp_from_outside_suspends_as_ctrl_z() {
    let dir = temp("tstp");
    let log = temp("tstp-frames.log");
    let mut s = shell();
    s.see("$ ");
    s.keys(&format!(
        "REPORT_EXPLORER_FRAME_LOG='{}' '{BIN}' --ambiwidth narrow --color never --state-dir '{}'\r",
        log.display(),
        dir.display()
    ));
    s.see("2024年工作回顧");
    s.keys("]]");
    s.wait_for("section (一) on top", |t| {
        reader_top(t).starts_with("（一）堅定不移")
    });
    // The frame log's first line is the reader's process id.
    let text = std::fs::read_to_string(&log).expect("the frame log");
    let pid: libc::pid_t = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("pid "))
        .and_then(|p| p.parse().ok())
        .expect("a pid line");
    let before = s.raw_len();
    kill(pid, libc::SIGTSTP);
    let shell = s.see("Stopped");
    assert!(
        !shell.contains("目錄"),
        "the reader's screen is gone:\n{shell}"
    );
    modes_off_after(&s.raw_text(), before);
    assert_eq!(remembered_block(&dir), "part1.s1");

    let before = s.raw_len();
    s.keys("fg\r");
    let back = s.wait_for("the reader redrawn", |t| {
        reader_top(t).starts_with("（一）堅定不移") && t.contains("目錄") && t.contains("help")
    });
    assert!(!back.contains("Stopped"), "{back}");
    let raw = s.raw_text();
    for on in ["\x1b[?1049h", "\x1b[?2004h", "\x1b[?1000h"] {
        assert!(raw[before..].contains(on), "{on:?} on resume");
    }
    s.keys("]");
    section_two_on_top(&s);
    s.keys("q");
    s.wait_for("the shell again", |t| !t.contains("目錄"));
    s.keys("exit\r");
    s.wait_exit();
    assert_eq!(remembered_block(&dir), "part1.s2");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&log);
}

/// SIGSTOP (which no program can catch) and SIGCONT: the reader takes the
/// terminal's modes again and draws the whole frame, then reads keys.
#[test]
fn sigcont_after_a_stop_redraws_the_whole_frame() {
    let dir = temp("cont");
    let mut s = reader(&dir);
    s.see("2024年工作回顧");
    let pid = pid(&s);
    kill(pid, libc::SIGSTOP);
    // Whatever the screen held is wiped, as a shell's output would.
    s.screen.lock().unwrap().process(b"\x1b[2J\x1b[H");
    let before = s.raw_len();
    kill(pid, libc::SIGCONT);
    s.wait_for("the whole frame again", |t| {
        t.contains("目錄") && t.contains("2024年工作回顧") && t.contains("help")
    });
    assert!(s.raw_text()[before..].contains("\x1b[?1049h"));
    s.keys("]]");
    s.wait_for("section (一) on top", |t| {
        reader_top(t).starts_with("（一）堅定不移")
    });
    s.keys("q");
    assert!(s.wait_exit().success());
    assert!(cooked(s.tty_modes()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two resizes while the reader is stopped, then SIGCONT: one frame, at
/// the last size (the resizes coalesce, and so do the redraw they ask for
/// and the continue's).
#[test]
fn resizes_that_come_together_draw_one_frame_at_the_last_size() {
    let dir = temp("winch");
    let log = temp("winch-frames.log");
    let mut cmd = reader_command(&dir);
    cmd.env("REPORT_EXPLORER_FRAME_LOG", &log);
    let mut s = Pty::spawn(cmd, 80, 24, &[]);
    s.see("2024年工作回顧");
    let frames = |log: &Path| frames_in(log);
    // The screen can show the first frame before its line is logged.
    let start = Instant::now();
    let before = loop {
        let n = frames(&log).len();
        if n >= 1 {
            break n;
        }
        assert!(start.elapsed() < PATIENCE, "no first frame logged");
        std::thread::sleep(Duration::from_millis(20));
    };
    let pid = pid(&s);
    kill(pid, libc::SIGSTOP);
    s.resize(100, 30);
    s.resize(132, 40);
    kill(pid, libc::SIGCONT);
    let wide = s.wait_for("three panes", |t| {
        t.contains("目錄") && t.contains("名詞解釋") && t.contains("help")
    });
    assert!(wide.contains("2024年工作回顧"), "{wide}");
    let start = Instant::now();
    let after = loop {
        let after = frames(&log);
        if after.len() > before {
            break after;
        }
        assert!(start.elapsed() < PATIENCE, "no frame logged");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Something typed now is a frame of its own: none is pending.
    s.keys("j");
    let start = Instant::now();
    let all = loop {
        let all = frames(&log);
        if all.len() > after.len() {
            break all;
        }
        assert!(start.elapsed() < PATIENCE, "no frame for j");
        std::thread::sleep(Duration::from_millis(20));
    };
    let new = &all[before..];
    assert_eq!(new.len(), 2, "{new:?}");
    assert!(new[0].contains(" 132x40 "), "{new:?}");
    assert!(!new.iter().any(|f| f.contains(" 100x30 ")), "{new:?}");
    s.keys("q");
    assert!(s.wait_exit().success());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&log);
}
