//! The OpenSSH side of the `serve` tests: a scratch directory with keys
//! made by `ssh-keygen`, the real binary serving on a free port with its
//! log kept, and `ssh` run to an end or in a pseudo-terminal. Shared by
//! `serve_ssh.rs` and `serve_meeting.rs` (each uses part of it).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

use crate::pty::{reader_top, Pty, PATIENCE};

pub const BIN: &str = env!("CARGO_BIN_EXE_report-explorer");

/// The report's title, on the reader's first frame.
pub const TITLE: &str = "望花區人民政府工作報告";

/// A program of the OpenSSH client on PATH, or a failure that says what to
/// install.
pub fn openssh(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| missing(name))
}

pub fn missing(name: &str) -> ! {
    panic!(
        "`{name}` is not on PATH: these tests use the real OpenSSH client; install it \
         (Debian/Ubuntu: apt-get install openssh-client)"
    )
}

/// A directory of this test alone (under the system's temporary one, with
/// the process id and the test's name), empty; removed at the end.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("re-serve-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// A new ed25519 key without a passphrase: its private key's path
    /// (the public key is beside it, `.pub`).
    pub fn key(&self, name: &str, comment: &str) -> PathBuf {
        self.key_of("ed25519", name, comment)
    }

    /// A new key of this type (`ssh-keygen -t`).
    pub fn key_of(&self, kind: &str, name: &str, comment: &str) -> PathBuf {
        let path = self.path(name);
        let status = Command::new(openssh("ssh-keygen"))
            .args(["-q", "-t", kind, "-N", "", "-C", comment, "-f"])
            .arg(&path)
            .stdin(Stdio::null())
            .status()
            .expect("ssh-keygen runs");
        assert!(status.success(), "ssh-keygen: {status}");
        path
    }

    /// An authorized_keys file admitting these keys.
    pub fn authorize(&self, keys: &[&Path]) -> PathBuf {
        let mut text = String::from("# 望花區的讀者\n");
        for key in keys {
            let public = std::fs::read_to_string(key.with_extension("pub")).expect("a public key");
            text.push_str(&public);
        }
        let path = self.path("authorized_keys");
        std::fs::write(&path, text).expect("authorized_keys written");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `report-explorer serve`, its log kept; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serve on a free loopback port with its state in `state`, admitting
    /// `who` (`--authorized-keys FILE` or `--open`), with `extra` options.
    pub fn start(state: &Path, who: &[&str], extra: &[&str]) -> Server {
        Server::start_with(state, who, extra, &[])
    }

    /// As [`Server::start`], with these environment variables.
    pub fn start_with(state: &Path, who: &[&str], extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(BIN)
            .envs(env.iter().copied())
            .args(["serve", "--listen", "127.0.0.1:0", "--ambiwidth", "narrow"])
            .arg("--state-dir")
            .arg(state)
            .args(who)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut stderr = BufReader::new(child.stderr.take().expect("the server's stderr"));
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut line = Vec::new();
            while matches!(stderr.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                let text = String::from_utf8_lossy(&line).trim_end().to_string();
                lines.lock().unwrap().push(text);
                line.clear();
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let start = Instant::now();
        server.port = loop {
            let port = server.log.lock().unwrap().iter().find_map(|l| {
                let port = listening_port(l.strip_prefix("report-explorer serve: ")?)?;
                assert!(l.ends_with("(this machine only)"), "{l}");
                Some(port)
            });
            if let Some(port) = port {
                break port;
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("the server exited ({status}); its log:\n{}", server.log());
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "the server never said where it listens; its log:\n{}",
                    server.log()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        server
    }

    /// The log so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Wait until a line of the log contains `needle`; that line.
    pub fn wait_log(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let line = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|l| l.contains(needle))
                .cloned();
            if let Some(line) = line {
                return line;
            }
            if start.elapsed() > PATIENCE {
                panic!("the log never said {needle:?}; the log:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, then wait for the server to exit; its status.
    pub fn terminate(&mut self) -> ExitStatus {
        self.signal(libc::SIGTERM)
    }

    /// Send `signal`, then wait for the server to exit; its status.
    pub fn signal(&mut self, signal: libc::c_int) -> ExitStatus {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: kill(2) on a child of this test, which has not been
        // waited for (its id is still its own).
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill");
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > PATIENCE {
                panic!(
                    "the server did not exit at SIGTERM; its log:\n{}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The options and destination of an `ssh` to this server with `key`
    /// (nothing of the user's configuration, no host key remembered).
    pub fn ssh_args(&self, key: &Path, log_level: &str) -> Vec<String> {
        ssh_args(self.port, key, log_level)
    }
    /// `ssh` with `options`, then the host, then `remote` (a command, or
    /// nothing for a shell), not in a terminal.
    pub fn ssh(&self, key: &Path, options: &[&str], remote: &[&str]) -> Command {
        let mut cmd = Command::new(openssh("ssh"));
        cmd.args(self.ssh_args(key, "ERROR"))
            .args(options)
            .arg("127.0.0.1")
            .args(remote)
            .stdin(Stdio::null());
        cmd
    }

    /// Run `ssh … remote` to its end: its status and output.
    pub fn run(&self, key: &Path, options: &[&str], remote: &[&str]) -> Output {
        let mut cmd = self.ssh(key, options, remote);
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        finish(cmd.spawn().expect("ssh starts"))
    }

    /// `ssh -t` to this server in a `cols`×`rows` pseudo-terminal: the
    /// reader.
    pub fn reader(&self, key: &Path, cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new(openssh("ssh"));
        cmd.arg("-t");
        cmd.args(self.ssh_args(key, "ERROR"));
        cmd.arg("127.0.0.1");
        Pty::spawn(cmd, cols, rows, &[])
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A child's output once it exits (within [`PATIENCE`], or it is killed
/// and the test fails).
pub fn finish(mut child: Child) -> Output {
    let pipe = |p: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = p {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = pipe(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = pipe(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ssh did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A key and a server admitting it alone, in `dir`.
pub fn keyed_server(dir: &Scratch, extra: &[&str]) -> (Server, PathBuf) {
    let key = dir.key("王小明_ed25519", "王小明");
    let file = dir.authorize(&[&key]);
    let who = ["--authorized-keys", file.to_str().expect("a UTF-8 path")];
    (Server::start(&dir.path("state"), &who, extra), key)
}

/// A key's fingerprint as `ssh-keygen -l` shows it (`SHA256:…`).
pub fn fingerprint_of(key: &Path) -> String {
    let listed = Command::new(openssh("ssh-keygen"))
        .arg("-lf")
        .arg(key.with_extension("pub"))
        .output()
        .expect("ssh-keygen runs");
    let line = text(&listed.stdout);
    line.split_whitespace()
        .find(|w| w.starts_with("SHA256:"))
        .unwrap_or_else(|| panic!("a fingerprint in {line:?}"))
        .to_string()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The reader's first frame over SSH: the title on screen.
pub fn first_frame(s: &Pty) -> String {
    s.wait_for("the reader's first frame", |t| {
        t.contains(TITLE) && !reader_top(t).is_empty()
    })
}

/// `]` (next section), then wait until another heading is on top of the
/// reader; that heading.
pub fn next_section(s: &mut Pty) -> String {
    let before = reader_top(&s.contents());
    s.keys("]");
    let after = s.wait_for(&format!("a section after {before:?}"), |t| {
        !reader_top(t).is_empty() && reader_top(t) != before
    });
    reader_top(&after)
}

/// Whether the emulator shows the alternate screen.
pub fn on_alternate_screen(s: &Pty) -> bool {
    s.screen.lock().unwrap().screen().alternate_screen()
}

/// Wait until the terminal is back on its main screen showing `needle`.
pub fn back_on_main_screen_showing(s: &Pty, needle: &str) -> String {
    s.wait_for(&format!("the main screen with {needle:?}"), |t| {
        !on_alternate_screen(s) && t.contains(needle)
    })
}

/// The rightmost column (from 0) holding a visible character, over all
/// rows of the screen.
pub fn rightmost_drawn_column(s: &Pty) -> Option<u16> {
    let parser = s.screen.lock().unwrap();
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    (0..rows.get())
        .flat_map(|r| (0..cols.get()).map(move |c| (r, c)))
        .filter(|&(r, c)| {
            screen
                .cell(r, c)
                .is_some_and(|cell| !cell.contents().trim().is_empty())
        })
        .map(|(_, c)| c)
        .max()
}

/// The port in a start-up line `… listening on ADDR:PORT (…)`.
pub fn listening_port(line: &str) -> Option<u16> {
    let rest = line.split("listening on ").nth(1)?;
    rest.split_whitespace()
        .next()?
        .rsplit(':')
        .next()?
        .parse()
        .ok()
}

/// The options and destination of an `ssh` to the server on `port` with
/// `key` (nothing of the user's configuration, no host key remembered).
pub fn ssh_args(port: u16, key: &Path, log_level: &str) -> Vec<String> {
    let mut args: Vec<String> = ["-F", "/dev/null", "-p"].map(String::from).to_vec();
    args.push(port.to_string());
    for option in [
        "StrictHostKeyChecking=no",
        "UserKnownHostsFile=/dev/null",
        &format!("LogLevel={log_level}"),
        "IdentitiesOnly=yes",
        "BatchMode=yes",
    ] {
        args.push("-o".into());
        args.push(option.into());
    }
    args.push("-i".into());
    args.push(key.display().to_string());
    args
}

/// `ssh -t` to the server on `port` in a `cols`×`rows` pseudo-terminal:
/// the reader.
pub fn reader_at(port: u16, key: &Path, cols: u16, rows: u16) -> Pty {
    let mut cmd = CommandBuilder::new(openssh("ssh"));
    cmd.arg("-t");
    cmd.args(ssh_args(port, key, "ERROR"));
    cmd.arg("127.0.0.1");
    Pty::spawn(cmd, cols, rows, &[])
}
