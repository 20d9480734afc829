//! `serve` in this process, driven by russh's client: what the OpenSSH
//! client cannot easily show. A client that stops reading slows nobody
//! and, reading again, sees the latest state (that at most one frame is
//! in flight meanwhile is tested on the shell's task, src/serve/shell.rs:
//! over a connection, russh's one loop stalls the client's keys with its
//! output, so none can make frames pile up); the per-address and total
//! limits; the idle timeout; a shutdown with sessions open.

#[path = "common/ssh_client.rs"]
mod ssh_client;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use report_explorer::content::load_embedded;
use report_explorer::data::ReportData;
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::serve::{Config, Exec, Server};
use report_explorer::text::AmbiWidth;
use russh::keys::{Algorithm, PrivateKey};
use ssh_client::{connect, read_until, shell, Options, Transcript};
use tokio::sync::oneshot;

const PATIENCE: Duration = Duration::from_secs(20);

/// Exec is the command line's (tests/serve_ssh.rs); here, a stand-in.
struct Echo;

impl Exec for Echo {
    fn run(&self, line: &str, _: Option<usize>, out: &mut Vec<u8>, _: &mut Vec<u8>) -> u32 {
        out.extend_from_slice(format!("執行 {line}\n").as_bytes());
        0
    }
}

fn config() -> Config {
    Config {
        keys: None,
        presenters: Vec::new(),
        meeting: None,
        host_key: PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap(),
        state_dir: None,
        max_sessions: 200,
        max_per_ip: 10,
        idle_timeout: Duration::from_secs(600),
        auth_timeout: Duration::from_secs(30),
        ambi: Some(AmbiWidth::Narrow),
    }
}

/// A server running on a free loopback port, and the sender that stops it
/// (its task ends when it has).
struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(config: Config) -> Running {
    let data = Arc::new(ReportData::new(load_embedded().unwrap()));
    let keymap = Arc::new(Keymap::new(bindings()).unwrap());
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = Server::bind(listen, config, data, keymap, Arc::new(Echo))
        .await
        .unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

fn has(text: &'static str) -> impl Fn(&Transcript) -> bool {
    move |t| t.text().contains(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_slows_nobody_and_then_sees_the_latest_state() {
    let server = start(config()).await;
    // A window of 32 KiB, not read until the end: the server's writes stop
    // there.
    let slow = connect(
        server.addr,
        Options {
            window: 32 * 1024,
            buffer: 2,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let mut stalled = shell(&slow, 200, 60).await.unwrap();
    // A hundred pages typed, a page down and up at a time in each of a
    // hundred packets, then the end of the report; sent from a task of its
    // own, since a russh client that does not read stops sending too.
    let before = ssh_client::rss_kib(std::process::id());
    let keys = stalled.make_writer();
    let typing = tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let mut keys = keys;
        for i in 0..100 {
            let page: &[u8] = if i % 2 == 0 { b" " } else { b" b" };
            keys.write_all(page).await?;
        }
        keys.write_all(b"G").await?;
        keys.flush().await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = ssh_client::rss_kib(std::process::id());
    // Another reader is served as usual meanwhile.
    let other = connect(server.addr, Options::default()).await.unwrap();
    let mut ch = shell(&other, 80, 24).await.unwrap();
    let mut t = Transcript::default();
    read_until(&mut ch, &mut t, PATIENCE, has("望花區人民政府工作報告"))
        .await
        .unwrap();
    ch.data_bytes(&b"]"[..]).await.unwrap();
    read_until(&mut ch, &mut t, PATIENCE, has("2024年工作回顧"))
        .await
        .unwrap();
    assert!(
        after < before + 10 * 1024,
        "memory grew from {before} to {after} KiB"
    );
    // Read at last: the frames coalesced into the latest state, the end of
    // the report.
    let end = "不敢腐、不能腐、不想腐";
    let shows_end = |t: &Transcript| {
        let n = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut vt = vt100::Parser::new(n(60), n(200), 0);
        vt.process(&t.out);
        vt.screen().contents().contains(end)
    };
    let mut t = Transcript::default();
    let seen = read_until(&mut stalled, &mut t, PATIENCE, shows_end).await;
    assert!(seen.is_ok(), "{seen:?}");
    assert!(typing.await.is_ok());
    assert!(
        t.out.len() < 4 * 1024 * 1024,
        "{} bytes came to a client that stopped reading",
        t.out.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_limits_are_told_and_refused() {
    let server = start(Config {
        max_sessions: 3,
        max_per_ip: 2,
        ..config()
    })
    .await;
    let from = |ip: &str| Options {
        from: Some(ip.parse::<IpAddr>().unwrap()),
        ..Options::default()
    };
    let a1 = connect(server.addr, from("127.0.0.1")).await.unwrap();
    let _a2 = connect(server.addr, from("127.0.0.1")).await.unwrap();
    let third = connect(server.addr, from("127.0.0.1")).await;
    assert!(third.is_err(), "a third connection from one address");
    let _b1 = connect(server.addr, from("127.0.0.2")).await.unwrap();
    let fourth = connect(server.addr, from("127.0.0.3")).await;
    assert!(fourth.is_err(), "a fourth connection in all");
    // A place freed is a place taken.
    a1.disconnect(russh::Disconnect::ByApplication, "", "zh")
        .await
        .unwrap();
    drop(a1);
    let mut again = Err(String::new());
    for _ in 0..100 {
        again = connect(server.addr, from("127.0.0.3")).await;
        if again.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(again.is_ok(), "{:?}", again.err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_shell_is_closed_with_a_message_and_its_terminal_restored() {
    let server = start(Config {
        idle_timeout: Duration::from_millis(400),
        ..config()
    })
    .await;
    let h = connect(server.addr, Options::default()).await.unwrap();
    let mut ch = shell(&h, 80, 24).await.unwrap();
    let mut t = Transcript::default();
    read_until(&mut ch, &mut t, PATIENCE, |t| t.closed)
        .await
        .unwrap();
    let text = t.text();
    assert!(text.contains("望花區人民政府工作報告"), "the reader ran");
    assert!(text.contains("\x1b[?1049l"), "the alternate screen is left");
    assert!(
        text.contains("closed after 400ms without input"),
        "{text:?}"
    );
    assert_eq!(t.status, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_ends_every_session_with_its_terminal_restored() {
    let mut server = start(config()).await;
    let mut sessions = Vec::new();
    for size in [(80, 24), (132, 40)] {
        let h = connect(server.addr, Options::default()).await.unwrap();
        let mut ch = shell(&h, size.0, size.1).await.unwrap();
        let mut t = Transcript::default();
        read_until(&mut ch, &mut t, PATIENCE, has("望花區人民政府工作報告"))
            .await
            .unwrap();
        sessions.push((h, ch, t));
    }
    server.stop.take().unwrap().send(()).unwrap();
    for (_h, ch, t) in &mut sessions {
        read_until(ch, t, PATIENCE, |t| t.closed).await.unwrap();
        let text = t.text();
        assert!(
            text.ends_with("\x1b[?1049l\x1b[?25hreport-explorer: the server is shutting down\r\n"),
            "{:?}",
            &text[text.len().saturating_sub(120)..]
        );
        assert_eq!(t.status, Some(0));
    }
    let ended = tokio::time::timeout(PATIENCE, server.task).await;
    assert!(matches!(ended, Ok(Ok(Ok(())))), "{ended:?}");
}
