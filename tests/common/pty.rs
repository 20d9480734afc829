//! A pseudo-terminal for the end-to-end tests: a program spawned in it, its
//! output applied to a vt100 screen and kept raw, keys typed, resizes made
//! as a terminal makes them. Shared by `tests/pty.rs` and
//! `tests/signals.rs` (included with `#[path]`, so that other test binaries
//! do not build it).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// A guard against a hung binary; the tests assert what is on screen,
/// never how fast it got there.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a size above zero")
}

/// A directory under the system's temporary one for this test process.
pub fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("re-pty-{}-{name}", std::process::id()))
}

/// A program running in a pseudo-terminal of its own.
pub struct Pty {
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Spawn `cmd` in a `cols`×`rows` terminal with TERM=xterm-256color,
    /// no colour variables but those in `env`, and the state kept out of
    /// the user's directory.
    pub fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_STATE_HOME", scratch("xdg"));
        for var in ["NO_COLOR", "COLORTERM", "COLORFGBG"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
        }
    }

    /// An interactive bash (no start-up files, `$ ` as its prompt) with
    /// job control.
    pub fn shell(cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new("bash");
        cmd.args(["--norc", "--noprofile", "-i"]);
        cmd.env("PS1", "$ ");
        Pty::spawn(cmd, cols, rows, &[])
    }

    /// The screen's text.
    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Everything the program wrote, as text.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// How many bytes the program wrote.
    pub fn raw_len(&self) -> usize {
        self.raw.lock().unwrap().len()
    }

    /// Wait until the screen passes `ok`; its text then.
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.contents();
            if ok(&text) {
                return text;
            }
            if start.elapsed() > PATIENCE {
                panic!("never saw {what}; the screen:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait until the screen shows `needle`.
    pub fn see(&self, needle: &str) -> String {
        self.wait_for(needle, |t| t.contains(needle))
    }

    /// Type `bytes`, then give the program a moment.
    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Resize as a terminal does: the screen first, then the program is
    /// told. (The other order let a frame drawn at the new size reach a
    /// screen still at the old one, under load: the wide frame then piled
    /// up in the old last column.)
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Wait for the program to exit; its status.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("the program did not exit; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The pty's line discipline flags (c_lflag, c_oflag), as `stty` sees
    /// them: the master answers for the slave.
    #[cfg(unix)]
    pub fn tty_modes(&self) -> (libc::tcflag_t, libc::tcflag_t) {
        let fd = self.master.as_raw_fd().expect("the master's descriptor");
        // SAFETY: tcgetattr into a zeroed termios, on a descriptor that lives.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0, "tcgetattr");
        (t.c_lflag, t.c_oflag)
    }
}

/// The reader's first row: the second pane from the left at 80×24 and at
/// 132×40, so the fourth field between `│`s of the screen's second row.
pub fn reader_top(screen: &str) -> String {
    screen
        .lines()
        .nth(1)
        .and_then(|l| l.split('│').nth(3))
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The lines of the frame log (`REPORT_EXPLORER_FRAME_LOG`) that are
/// frames: `frame N WxH inputs K query Q`.
pub fn frames_in(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("frame "))
        .map(str::to_string)
        .collect()
}

/// Wait until section (二) of part one is the reader's first row.
pub fn section_two_on_top(s: &Pty) {
    s.wait_for("section (二) on top", |t| {
        reader_top(t).starts_with("（二）千方百計")
    });
}
