//! `report-explorer serve` end to end: the real binary serving, the real
//! OpenSSH client (`ssh`, keys made by `ssh-keygen`) connecting, the
//! reader's screen read back through a terminal emulator (vt100) in a
//! pseudo-terminal. Each test has a server of its own on a free port and
//! a directory of its own; the server's log (its stderr, one line per
//! event) is kept and looked into.

#![cfg(unix)]

#[path = "common/pty.rs"]
mod pty;
use pty::{reader_top, PATIENCE};

#[path = "common/openssh.rs"]
mod openssh;

#[path = "common/ssh_client.rs"]
mod ssh_client;
use openssh::*;

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

/// The first section of part one, on top after `]]`.
const SECTION_ONE: &str = "（一）堅定不移調結構、促轉型，三次產業協同發力";
/// The first footnote of that section, in the popup `f` opens.
const FOOTNOTE_ONE: &str = "[1] 焦炭反應性反應后強度自動化檢測系統";

#[test]
fn the_reader_over_ssh_t_reads_resizes_searches_and_quits() {
    let dir = Scratch::new("reader");
    let (server, key) = keyed_server(&dir, &[]);
    let mut s = server.reader(&key, 80, 24);

    let first = first_frame(&s);
    assert!(first.contains("目錄"), "the outline:\n{first}");
    server.wait_log("shell started at 80×24, TERM=xterm-256color");

    // Next section, twice: part one's first section on top.
    assert_eq!(next_section(&mut s), "2024年工作回顧");
    assert_eq!(next_section(&mut s), SECTION_ONE);

    // Its first footnote in a popup; Esc closes it.
    s.keys("f");
    s.see(FOOTNOTE_ONE);
    s.keys("\x1b");
    s.wait_for("the popup closed", |t| !t.contains(FOOTNOTE_ONE));

    // The client's terminal grows: the server is told (window-change) and
    // draws at the new size.
    assert!(
        rightmost_drawn_column(&s).is_some_and(|c| c < 80),
        "nothing past column 80 before the resize"
    );
    s.resize(132, 40);
    let wide = s.wait_for("a frame 132 columns wide", |t| {
        t.contains(SECTION_ONE) && rightmost_drawn_column(&s).is_some_and(|c| c >= 80)
    });
    assert!(wide.contains("目錄"), "{wide}");
    let rows = wide.lines().count();
    assert!(
        rows > 24,
        "the frame has the new height ({rows} rows):\n{wide}"
    );

    // The palette finds 招商: the hit for 招商引資 listed under the query.
    s.keys("/");
    s.keys("招商");
    let palette = s.wait_for("the palette's hits for 招商", |t| {
        t.contains("/ 招商") && t.contains("要點 招商引資力度空前")
    });
    assert!(palette.contains("跳轉"), "{palette}");
    s.keys("\x1b");
    s.wait_for("the palette closed", |t| {
        !t.contains("/ 招商") && reader_top(t) == SECTION_ONE
    });

    // q: ssh ends with status 0 and the terminal is restored.
    s.keys("q");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    assert!(
        !on_alternate_screen(&s),
        "the alternate screen was left:\n{}",
        s.contents()
    );
    let raw = s.raw_text();
    assert!(raw.contains("\x1b[?1049l"), "the alternate screen left");
    server.wait_log("shell ended (Quit, status 0)");
}

#[test]
fn read_only_commands_run_over_exec_and_nothing_else_does() {
    let dir = Scratch::new("exec");
    let (server, key) = keyed_server(&dir, &[]);

    let found = server.run(&key, &[], &["search", "招商"]);
    let out = text(&found.stdout);
    assert_eq!(found.status.code(), Some(0), "{found:?}");
    assert!(
        out.lines().any(|l| l.contains("招商引資")),
        "a hit for 招商引資:\n{out}"
    );

    let none = server.run(&key, &[], &["search", "沒有這個詞zzz"]);
    assert_eq!(none.status.code(), Some(1), "{none:?}");
    assert!(none.stdout.is_empty(), "nothing printed: {none:?}");

    let section = server.run(&key, &[], &["print", "--section", "part1.s2"]);
    let out = text(&section.stdout);
    assert_eq!(section.status.code(), Some(0), "{section:?}");
    assert!(out.contains("（二）千方百計提質量"), "section (二):\n{out}");
    assert!(!out.contains(SECTION_ONE), "only section (二):\n{out}");

    let shell = server.run(&key, &[], &["sh", "-c", "id"]);
    let err = text(&shell.stderr);
    assert_eq!(shell.status.code(), Some(127), "{shell:?}");
    assert!(shell.stdout.is_empty(), "{shell:?}");
    assert!(
        err.contains("`sh` is not served")
            && ["print", "search", "figures", "check"]
                .iter()
                .all(|c| err.contains(c)),
        "the served commands named: {err}"
    );

    let path = server.run(&key, &[], &["search", "招商", "/etc"]);
    let err = text(&path.stderr);
    assert_ne!(path.status.code(), Some(0), "{path:?}");
    assert!(path.stdout.is_empty(), "{path:?}");
    assert!(
        err.contains("the server chooses the report"),
        "why a path is refused: {err}"
    );
    server.wait_log("exec \"sh\" ended (status 127)");
}

#[test]
fn shells_without_a_terminal_and_port_forwarding_are_refused() {
    let dir = Scratch::new("refused");
    let (server, key) = keyed_server(&dir, &[]);

    // No terminal: the shell request is answered with a hint.
    let bare = server.run(&key, &["-T"], &[]);
    let err = text(&bare.stderr);
    assert_eq!(bare.status.code(), Some(1), "{bare:?}");
    assert!(err.contains("ssh -t"), "the hint: {err}");
    server.wait_log("王小明 refused: a shell without a terminal");

    // Local port forwarding: ssh listens, the server refuses the channel.
    let port = {
        let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().unwrap().port()
    };
    let forward = format!("127.0.0.1:{port}:127.0.0.1:9");
    // At INFO, ssh tells why the channel failed.
    let mut forwarding = Command::new(openssh("ssh"))
        .args(server.ssh_args(&key, "INFO"))
        .args(["-N", "-L", &forward, "127.0.0.1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ssh starts");
    let start = Instant::now();
    let stream = loop {
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
            break stream;
        }
        if let Some(status) = forwarding.try_wait().unwrap() {
            panic!("ssh -L exited ({status}); the log:\n{}", server.log());
        }
        assert!(start.elapsed() < PATIENCE, "ssh never listened on {port}");
        std::thread::sleep(Duration::from_millis(20));
    };
    server.wait_log("refused: port forwarding (direct-tcpip)");
    drop(stream);
    let _ = forwarding.kill();
    let forwarded = finish(forwarding);
    let err = text(&forwarded.stderr);
    assert!(
        err.contains("administratively prohibited"),
        "ssh says why: {err}"
    );
}

/// The server logs each refused key with its fingerprint, as its log
/// promises ("refusals with their reason"). OpenSSH first asks whether a
/// key would do (a public key without a signature) and signs only when
/// told yes: the refusal has to be logged at that question too.
#[test]
fn a_key_not_in_the_file_is_refused_and_the_refusal_logged() {
    let dir = Scratch::new("stranger");
    let (server, _key) = keyed_server(&dir, &[]);
    let stranger = dir.key("李四_ed25519", "李四");
    let refused = server.run(&stranger, &[], &["search", "招商"]);
    let err = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(255), "{refused:?}");
    assert!(err.contains("Permission denied"), "{err}");
    assert!(refused.stdout.is_empty(), "{refused:?}");
    assert!(!server.log().contains("authenticated"), "{}", server.log());
    let line = server.wait_log("not in --authorized-keys");
    let fingerprint = fingerprint_of(&stranger);
    assert!(line.contains(&fingerprint), "{fingerprint} in {line:?}");
}

#[test]
fn a_key_finds_its_place_again_after_a_restart_and_another_key_starts_at_the_beginning() {
    let dir = Scratch::new("restart");
    let key = dir.key("王小明_ed25519", "王小明");
    let other = dir.key("李四_ed25519", "李四");
    let file = dir.authorize(&[&key, &other]);
    let who = ["--authorized-keys", file.to_str().expect("a UTF-8 path")];
    let state = dir.path("state");

    let mut server = Server::start(&state, &who, &[]);
    let mut s = server.reader(&key, 80, 24);
    let beginning = reader_top(&first_frame(&s));
    for _ in 0..3 {
        next_section(&mut s);
    }
    let place = reader_top(&s.contents());
    assert!(place.starts_with("（二）千方百計"), "{place}");
    s.keys("q");
    assert_eq!(s.wait_exit().exit_code(), 0);
    server.wait_log("王小明 shell ended (Quit, status 0)");
    let status = server.terminate();
    assert_eq!(
        status.code(),
        Some(0),
        "{status}; the log:\n{}",
        server.log()
    );
    drop(server);

    let server = Server::start(&state, &who, &[]);
    let mut again = server.reader(&key, 80, 24);
    let back = again.wait_for(&format!("{place:?} on top again"), |t| {
        t.contains(TITLE) && reader_top(t) == place
    });
    assert!(back.contains(&place), "{back}");
    again.keys("q");
    assert_eq!(again.wait_exit().exit_code(), 0);

    let mut fresh = server.reader(&other, 80, 24);
    let start = first_frame(&fresh);
    assert_eq!(reader_top(&start), beginning, "{start}");
    fresh.keys("q");
    assert_eq!(fresh.wait_exit().exit_code(), 0);
}

#[test]
fn sigterm_restores_an_open_session_and_says_why() {
    let dir = Scratch::new("sigterm");
    let (mut server, key) = keyed_server(&dir, &[]);
    let mut s = server.reader(&key, 80, 24);
    first_frame(&s);
    assert!(
        on_alternate_screen(&s),
        "the reader on the alternate screen"
    );

    let status = server.terminate();
    let screen = back_on_main_screen_showing(&s, "the server is shutting down");
    assert!(!screen.contains(TITLE), "the reader is gone:\n{screen}");
    let client = s.wait_exit();
    assert_eq!(client.exit_code(), 0, "{client:?}:\n{}", s.contents());
    assert_eq!(
        status.code(),
        Some(0),
        "{status}; the log:\n{}",
        server.log()
    );
    let log = server.log();
    assert!(log.contains("shell ended (Shutdown, status 0)"), "{log}");
}

#[test]
fn a_second_session_from_one_address_is_refused_with_its_reason() {
    let dir = Scratch::new("per-ip");
    let (server, key) = keyed_server(&dir, &["--max-per-ip", "1"]);
    let mut s = server.reader(&key, 80, 24);
    first_frame(&s);

    let second = server.run(&key, &[], &["search", "招商"]);
    let err = text(&second.stderr);
    assert_eq!(second.status.code(), Some(255), "{second:?}");
    assert!(second.stdout.is_empty(), "{second:?}");
    assert!(err.contains("too many sessions from your address"), "{err}");
    server.wait_log("refused: too many sessions from your address (1)");

    // The first session goes on.
    assert_eq!(next_section(&mut s), "2024年工作回顧");
    s.keys("q");
    assert_eq!(s.wait_exit().exit_code(), 0);
}

#[test]
fn a_session_without_input_is_closed_after_the_idle_timeout() {
    let dir = Scratch::new("idle");
    let (server, key) = keyed_server(&dir, &["--idle-timeout", "1s"]);
    let mut s = server.reader(&key, 80, 24);
    first_frame(&s);
    let screen = back_on_main_screen_showing(&s, "closed after 1s without input");
    assert!(!screen.contains(TITLE), "the reader is gone:\n{screen}");
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 0, "{status:?}");
    let ended = server.wait_log("shell ended (Idle, status 0)");
    let seconds: f64 = ended
        .split(" after ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .expect("the session's length in the log");
    assert!(seconds >= 1.0, "not before the timeout: {ended}");
}

#[test]
fn a_panic_ends_its_session_with_a_message_and_the_server_goes_on() {
    let dir = Scratch::new("panic");
    let key = dir.key("王小明_ed25519", "王小明");
    let file = dir.authorize(&[&key]);
    let who = ["--authorized-keys", file.to_str().expect("a UTF-8 path")];
    // The same test hook as the local reader's: a panic after the first
    // frame.
    let server = Server::start_with(
        &dir.path("state"),
        &who,
        &[],
        &[("REPORT_EXPLORER_TEST_PANIC", "1")],
    );
    let mut s = server.reader(&key, 80, 24);
    let screen = back_on_main_screen_showing(&s, "this session failed");
    assert!(!screen.contains(TITLE), "the reader is gone:\n{screen}");
    assert_eq!(s.wait_exit().exit_code(), 1, "{}", s.contents());
    server.wait_log("shell ended (Panic, status 1)");
    // The server goes on.
    let after = server.run(&key, &[], &["search", "招商"]);
    assert_eq!(after.status.code(), Some(0), "{after:?}");
    assert!(text(&after.stdout).contains("招商引資"));
}

#[test]
fn sighup_ends_the_server_as_sigterm_does_with_every_terminal_restored() {
    let dir = Scratch::new("sighup");
    let (mut server, key) = keyed_server(&dir, &[]);
    let s = server.reader(&key, 80, 24);
    first_frame(&s);
    let status = server.signal(libc::SIGHUP);
    back_on_main_screen_showing(&s, "the server is shutting down");
    assert_eq!(status.code(), Some(0), "{}", server.log());
    assert!(server.log().contains("SIGHUP"), "{}", server.log());
}

#[test]
fn rsa_keys_are_admitted() {
    let dir = Scratch::new("rsa");
    let rsa = dir.key_of("rsa", "李華_rsa", "李華");
    let file = dir.authorize(&[&rsa]);
    let who = ["--authorized-keys", file.to_str().expect("a UTF-8 path")];
    let server = Server::start(&dir.path("state"), &who, &[]);
    let out = server.run(&rsa, &[], &["search", "招商"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}\n{}", server.log());
    assert!(text(&out.stdout).contains("招商引資"));
    server.wait_log("(李華)");
}

#[test]
fn key_options_and_a_missing_host_key_stop_the_start_with_their_place() {
    let dir = Scratch::new("refused-start");
    let key = dir.key("王小明_ed25519", "王小明");
    let public = std::fs::read_to_string(key.with_extension("pub")).expect("a public key");
    let file = dir.path("authorized_keys");
    std::fs::write(&file, format!("# 讀者\nfrom=\"10.0.0.1\" {public}")).unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--state-dir"])
        .arg(dir.path("state"))
        .arg("--authorized-keys")
        .arg(&file)
        .stdin(Stdio::null())
        .output()
        .expect("serve runs");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("authorized_keys:2:1:"), "{err}");
    assert!(
        err.contains("from=\"10.0.0.1\"") && err.contains("not supported"),
        "{err}"
    );

    let missing = dir.path("沒有這個金鑰");
    let out = Command::new(BIN)
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--state-dir"])
        .arg(dir.path("state"))
        .arg("--host-key")
        .arg(&missing)
        .stdin(Stdio::null())
        .output()
        .expect("serve runs");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("沒有這個金鑰"), "{err}");
    assert!(!missing.exists(), "a key given by name is never made");
}

#[test]
fn an_open_server_admits_a_client_without_a_key_in_batch_mode() {
    let dir = Scratch::new("open-none");
    let server = Server::start(&dir.path("state"), &["--open"], &[]);
    let out = Command::new(openssh("ssh"))
        .args(["-F", "/dev/null", "-p", &server.port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
        ])
        .args(["-o", "LogLevel=ERROR", "-o", "BatchMode=yes"])
        .args([
            "-o",
            "PubkeyAuthentication=no",
            "127.0.0.1",
            "search",
            "招商",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("ssh runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}\n{}", server.log());
    assert!(text(&out.stdout).contains("招商引資"));
    server.wait_log("authenticated without a key (--open)");
}

#[test]
fn a_client_that_stops_reading_costs_one_frame_and_slows_nobody() {
    use portable_pty::{native_pty_system, PtySize};
    use std::io::Write;
    let dir = Scratch::new("stalled");
    let (server, key) = keyed_server(&dir, &[]);
    // `ssh -t` in a 250×80 terminal whose output nobody reads: once the
    // pty is full, ssh stops reading, and the connection stalls. (Its keys
    // then stall too: russh's one loop per connection writes and reads,
    // so no frame can pile up behind a stalled client today. That one
    // frame at most is in flight is tested on the shell's task itself, in
    // src/serve/shell.rs.)
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 80,
            cols: 250,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(openssh("ssh"));
    cmd.arg("-t");
    cmd.args(server.ssh_args(&key, "ERROR"));
    cmd.arg("127.0.0.1");
    cmd.env("TERM", "xterm-256color");
    let mut client = pair.slave.spawn_command(cmd).expect("ssh starts");
    drop(pair.slave);
    let mut keys = pair.master.take_writer().expect("a writer");
    server.wait_log("shell started");
    // The script switched back and forth: every frame rewrites the text,
    // tens of kilobytes at 250×80.
    for _ in 0..200 {
        if keys.write_all(b"s").and_then(|()| keys.flush()).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // Another reader is served meanwhile.
    let other = server.run(&key, &[], &["search", "招商"]);
    assert_eq!(other.status.code(), Some(0), "{other:?}");
    assert!(text(&other.stdout).contains("招商引資"));
    let rss = ssh_client::rss_kib(server.child.id());
    assert!(rss < 64 * 1024, "the server holds {rss} KiB");

    let _ = client.kill();
    let _ = client.wait();
    server.wait_log("shell ended (ClientGone");
}
