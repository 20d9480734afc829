//! `--follow`: one presenter and many viewers. The presenter presses a key
//! every 300 ms (Space five times, then b five times); every viewer
//! follows.
//! Measured: from the presenter's key leaving the client to each following
//! viewer's complete frame (its last packet arrived), over all viewers
//! and keys.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::PrivateKey;
use russh::ChannelMsg;

use crate::{drain, ssh_client, PACKET, SIZES};

/// The presenter's keys, this far apart.
const EVERY: Duration = Duration::from_millis(300);

/// What one viewer saw: when each of its frames was complete, and its
/// bytes.
struct Seen {
    frames: Vec<Instant>,
    bytes: u64,
}

pub async fn run(addr: SocketAddr, pid: u32, viewers: usize, seconds: u64, key: PrivateKey) {
    let began = Instant::now();
    let mut rss = vec![(0, ssh_client::rss_kib(pid))];
    let presenter_options = ssh_client::Options {
        key: Some(key),
        ..ssh_client::Options::default()
    };
    let p = ssh_client::connect(addr, presenter_options)
        .await
        .expect("the presenter connects");
    let mut presenter = ssh_client::shell(&p, 80, 24).await.expect("a shell");
    drain(&mut presenter).await;
    let mut open = Vec::new();
    while open.len() < viewers {
        let batch = (viewers - open.len()).min(25);
        let first = open.len();
        let connecting: Vec<_> = (first..first + batch)
            .map(|i| {
                tokio::spawn(async move {
                    let h = ssh_client::connect(addr, ssh_client::Options::default())
                        .await
                        .expect("a viewer connects");
                    let (cols, rows) = SIZES[i % SIZES.len()];
                    let mut ch = ssh_client::shell(&h, cols, rows).await.expect("a shell");
                    drain(&mut ch).await;
                    (h, ch)
                })
            })
            .collect();
        for c in connecting {
            open.push(c.await.expect("a viewer"));
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    rss.push((viewers, ssh_client::rss_kib(pid)));
    let connecting = began.elapsed();

    let until = Instant::now() + Duration::from_secs(seconds);
    // Each viewer reads until a little after the last key.
    let watching: Vec<_> = open
        .into_iter()
        .map(|(h, mut ch)| {
            tokio::spawn(async move {
                let _h = h;
                let mut seen = Seen {
                    frames: Vec::new(),
                    bytes: 0,
                };
                let stop = until + Duration::from_secs(2);
                while let Ok(Some(msg)) = tokio::time::timeout_at(stop.into(), ch.wait()).await {
                    if let ChannelMsg::Data { data } = msg {
                        seen.bytes += data.len() as u64;
                        if data.len() < PACKET {
                            seen.frames.push(Instant::now());
                        }
                    }
                }
                seen
            })
        })
        .collect();
    // The presenter: its keys' times; its own frames read and dropped.
    let keys = Arc::new(Mutex::new(Vec::new()));
    let sent = Arc::clone(&keys);
    let pressing = tokio::spawn(async move {
        let mut n = 0usize;
        while Instant::now() < until {
            // Pages: each moves the place on top (a line may not: a
            // blank line and the paragraph after it are one place).
            let key: &[u8] = if n % 10 < 5 { b" " } else { b"b" };
            n += 1;
            let at = Instant::now();
            sent.lock().expect("the key times").push(at);
            if presenter.data_bytes(key.to_vec()).await.is_err() {
                break;
            }
            let next = at + EVERY;
            while let Ok(Some(_)) = tokio::time::timeout_at(next.into(), presenter.wait()).await {}
        }
        presenter
    });
    let presenter = pressing.await.expect("the presenter");
    let keys = keys.lock().expect("the key times").clone();
    let mut latencies = Vec::new();
    let (mut missed, mut extra, mut bytes) = (0u64, 0u64, 0u64);
    for w in watching {
        let Ok(seen) = w.await else { continue };
        bytes += seen.bytes;
        // Each key's frame: the first complete frame after it and before
        // the next key.
        for (i, key) in keys.iter().enumerate() {
            let next = keys.get(i + 1).copied();
            let mut after = seen
                .frames
                .iter()
                .filter(|f| **f >= *key && next.is_none_or(|n| **f < n));
            match after.next() {
                Some(f) => latencies.push(*f - *key),
                None => missed += 1,
            }
            extra += after.count() as u64;
        }
    }
    rss.push((viewers, ssh_client::rss_kib(pid)));
    drop(presenter);
    report(
        &mut latencies,
        &keys,
        viewers,
        seconds,
        connecting,
        (missed, extra, bytes),
        &rss,
    );
}

fn report(
    latencies: &mut [Duration],
    keys: &[Instant],
    viewers: usize,
    seconds: u64,
    connecting: Duration,
    (missed, extra, bytes): (u64, u64, u64),
    rss: &[(usize, u64)],
) {
    latencies.sort();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "1 presenter at 80×24 and {viewers} viewers at 80×24, 132×40, 200×60 and 40×15 in \
         turn; a presenter key every {} ms for {seconds} s ({} keys; connecting took {:.1} s)\n",
        EVERY.as_millis(),
        keys.len(),
        connecting.as_secs_f64()
    );
    println!("| presenter's key → a viewer's frame | ms |\n| --- | --- |");
    for (name, p) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)] {
        println!("| {name} | {:.1} |", pct(p));
    }
    let frames = latencies.len() as u64;
    println!(
        "\nviewer frames: {frames}; keys a viewer never saw: {missed}; frames beyond one per \
         key: {extra}; bytes per viewer frame: {:.0}\n",
        if frames == 0 {
            0.0
        } else {
            bytes as f64 / frames as f64
        }
    );
    println!("| viewers | server VmRSS (MiB) |\n| --- | --- |");
    for (i, (n, kib)) in rss.iter().enumerate() {
        let when = if i == 2 { ", after the keys" } else { "" };
        println!("| {n}{when} | {:.1} |", *kib as f64 / 1024.0);
    }
}
