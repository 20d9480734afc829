//! Load on `serve`: many SSH sessions on loopback, each pressing a key
//! about every 200 ms, at mixed sizes.
//!
//!     cargo run --release --example ssh_load -- --sessions 200 --seconds 30
//!     cargo run --release --example ssh_load -- --follow --sessions 200 --seconds 30
//!
//! With `--follow`, a meeting: one presenter and `--sessions` viewers
//! (`follow.rs`).
//!
//! The server runs in a child process of its own (this example started
//! again with `--serve`), so that its resident memory is its own; the
//! clients are russh's, in this process. Prints the server's resident
//! memory (VmRSS) at 0, 50 and all sessions open, and, over the run, the
//! percentiles of key-to-frame latency (from the key's send until the last
//! packet of its frame has arrived: a frame is sent in packets of at most
//! 32 KiB, so the first shorter packet ends it) and the bytes per key.
//! Bounded in time: the run, plus at most a few seconds to connect.

mod follow;
#[path = "../../tests/common/ssh_client.rs"]
mod ssh_client;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use report_explorer::content::load_embedded;
use report_explorer::data::ReportData;
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::serve::keys::parse_authorized_keys;
use report_explorer::serve::meeting::Meeting;
use report_explorer::serve::{Config, Exec, Server};
use report_explorer::text::AmbiWidth;
use russh::keys::{Algorithm, PrivateKey};
use russh::ChannelMsg;

/// The sizes sessions take, in turn.
pub const SIZES: [(u32, u32); 4] = [(80, 24), (132, 40), (200, 60), (40, 15)];
/// The most a packet carries (russh's client default).
pub const PACKET: usize = 32 * 1024;

struct NoExec;

impl Exec for NoExec {
    fn run(&self, _: &str, _: Option<usize>, _: &mut Vec<u8>, err: &mut Vec<u8>) -> u32 {
        err.extend_from_slice("執行：不在此例\n".as_bytes());
        1
    }
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve") {
        let presenters = args
            .iter()
            .position(|a| a == "--presenters")
            .and_then(|i| args.get(i + 1))
            .cloned();
        serve(presenters);
        return;
    }
    let sessions = arg("--sessions", 200) as usize;
    let seconds = arg("--seconds", 30);
    let follow = args.iter().any(|a| a == "--follow");
    let exe = std::env::current_exe().expect("this example's path");
    // The presenter's key, named in a file the server reads.
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key");
    let presenters = std::env::temp_dir().join(format!("ssh_load-{}.pub", std::process::id()));
    let public = key.public_key().to_openssh().expect("the public key");
    std::fs::write(&presenters, format!("{public} 主講人\n")).expect("the presenters' file");
    let mut server = Command::new(exe);
    server.arg("--serve");
    if follow {
        server.arg("--presenters").arg(&presenters);
    }
    let mut child = server
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stdout.take().expect("its stdout")).lines();
    let addr: SocketAddr = lines
        .next()
        .and_then(Result::ok)
        .and_then(|l| l.parse().ok())
        .expect("the server's address");
    let pid = child.id();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    if follow {
        runtime.block_on(follow::run(addr, pid, sessions, seconds, key));
    } else {
        runtime.block_on(run(addr, pid, sessions, seconds));
    }
    let _ = std::fs::remove_file(&presenters);
    // Closing its stdin stops the server.
    drop(child.stdin.take());
    let _ = child.wait();
}

/// The server, until stdin closes: its address on stdout first. With
/// the presenters' keys in the file `presenters`, a meeting.
fn serve(presenters: Option<String>) {
    let presenters = presenters.map_or_else(Vec::new, |file| {
        let text = std::fs::read_to_string(file).expect("the presenters' file");
        parse_authorized_keys(&text).expect("the presenters' keys")
    });
    let meeting = (!presenters.is_empty()).then(Meeting::new);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let config = Config {
            keys: None,
            presenters,
            meeting,
            host_key: PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("a key"),
            state_dir: None,
            max_sessions: 10_000,
            max_per_ip: 10_000,
            idle_timeout: Duration::from_secs(3600),
            auth_timeout: Duration::from_secs(30),
            ambi: Some(AmbiWidth::Narrow),
        };
        let data = Arc::new(ReportData::new(load_embedded().expect("the report")));
        let keymap = Arc::new(Keymap::new(bindings()).expect("the keymap"));
        let listen: SocketAddr = "127.0.0.1:0".parse().expect("an address");
        let server = Server::bind(listen, config, data, keymap, Arc::new(NoExec))
            .await
            .expect("bound");
        let addr = server.local_addr().expect("its address");
        println!("{addr}");
        let _ = std::io::stdout().flush();
        let stdin_closed = tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin().read_line(&mut sink).is_ok_and(|n| n > 0) {}
        });
        let _ = server
            .run(async {
                let _ = stdin_closed.await;
            })
            .await;
    });
}

/// What one session measured: each key's latency, and the bytes of its
/// frames; keys whose frame never came.
#[derive(Default)]
struct Measured {
    latencies: Vec<Duration>,
    bytes: u64,
    lost: u64,
}

async fn run(addr: SocketAddr, pid: u32, sessions: usize, seconds: u64) {
    let mut rss = vec![(0, ssh_client::rss_kib(pid))];
    let mut open = Vec::new();
    let began = Instant::now();
    // Connected 25 at a time; the memory read at 50 and at all.
    while open.len() < sessions {
        let batch = (sessions - open.len()).min(25);
        let first = open.len();
        let mut connecting = Vec::new();
        for i in first..first + batch {
            connecting.push(tokio::spawn(async move {
                let h = ssh_client::connect(addr, ssh_client::Options::default())
                    .await
                    .expect("connected");
                let (cols, rows) = SIZES[i % SIZES.len()];
                let mut ch = ssh_client::shell(&h, cols, rows).await.expect("a shell");
                // The modes and the first frame: everything until a quiet
                // spell.
                drain(&mut ch).await;
                (h, ch)
            }));
        }
        for c in connecting {
            open.push(c.await.expect("a session"));
        }
        if open.len() == 50 || open.len() == sessions {
            tokio::time::sleep(Duration::from_millis(300)).await;
            rss.push((open.len(), ssh_client::rss_kib(pid)));
        }
    }
    let connecting = began.elapsed();
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (i, (h, ch)) in open.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let _h = h;
            press(ch, i, until).await
        }));
    }
    let mut all = Measured::default();
    for t in tasks {
        if let Ok(m) = t.await {
            all.latencies.extend(m.latencies);
            all.bytes += m.bytes;
            all.lost += m.lost;
        }
    }
    rss.push((sessions, ssh_client::rss_kib(pid)));
    report(&all, &rss, sessions, seconds, connecting);
}

/// Read until nothing comes for 300 ms.
pub async fn drain(ch: &mut russh::Channel<russh::client::Msg>) {
    while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(300), ch.wait()).await {}
}

/// Read one frame: the packets after a key until one shorter than a full
/// packet. Its bytes, or None when nothing came in `patience`.
async fn frame(ch: &mut russh::Channel<russh::client::Msg>, patience: Duration) -> Option<u64> {
    let deadline = tokio::time::Instant::now() + patience;
    let mut bytes = 0u64;
    loop {
        match tokio::time::timeout_at(deadline, ch.wait()).await {
            Ok(Some(ChannelMsg::Data { data })) => {
                bytes += data.len() as u64;
                if data.len() < PACKET {
                    return Some(bytes);
                }
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return None,
        }
    }
}

/// Press a key about every 200 ms (j five times, then k five times: each
/// moves the text) until `until`, timing each frame.
async fn press(mut ch: russh::Channel<russh::client::Msg>, i: usize, until: Instant) -> Measured {
    let mut m = Measured::default();
    // Spread the sessions' keys over the 200 ms.
    tokio::time::sleep(Duration::from_millis((i as u64 * 7) % 200)).await;
    let mut n = 0usize;
    while Instant::now() < until {
        let key: &[u8] = if n % 10 < 5 { b"j" } else { b"k" };
        n += 1;
        let sent = Instant::now();
        if ch.data_bytes(key.to_vec()).await.is_err() {
            break;
        }
        match frame(&mut ch, Duration::from_secs(2)).await {
            Some(bytes) => {
                m.latencies.push(sent.elapsed());
                m.bytes += bytes;
            }
            None => m.lost += 1,
        }
        let next = sent + Duration::from_millis(200);
        tokio::time::sleep_until(next.into()).await;
    }
    m
}

fn report(m: &Measured, rss: &[(usize, u64)], sessions: usize, seconds: u64, connecting: Duration) {
    let mut l = m.latencies.clone();
    l.sort();
    let pct = |p: f64| -> f64 {
        if l.is_empty() {
            return f64::NAN;
        }
        let i = ((l.len() as f64 - 1.0) * p).round() as usize;
        l[i].as_secs_f64() * 1000.0
    };
    let keys = l.len() as u64;
    println!(
        "{sessions} sessions at 80×24, 132×40, 200×60 and 40×15 in turn, a key about every \
         200 ms each, for {seconds} s (connecting took {:.1} s)\n",
        connecting.as_secs_f64()
    );
    println!("| key → frame | ms |\n| --- | --- |");
    for (name, p) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)] {
        println!("| {name} | {:.1} |", pct(p));
    }
    println!(
        "\nkeys answered: {keys}; keys whose frame never came (2 s): {}; bytes per key: {:.0}\n",
        m.lost,
        if keys == 0 {
            0.0
        } else {
            m.bytes as f64 / keys as f64
        }
    );
    println!("| sessions open | server VmRSS (MiB) |\n| --- | --- |");
    for (n, kib) in rss {
        println!("| {n} | {:.1} |", *kib as f64 / 1024.0);
    }
}
