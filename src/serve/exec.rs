//! An exec request's task: the command run off the async threads, its
//! output and messages sent, then the exit status, EOF and close (the
//! order OpenSSH needs to exit with the status).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use russh::server::Msg;
use russh::ChannelWriteHalf;

use super::{log, Exec};

/// Run `line` with `exec` and send what it wrote. `width`: the client's
/// pty width when it asked for one (`ssh -t`).
pub(super) async fn run(
    exec: Arc<dyn Exec>,
    line: String,
    width: Option<usize>,
    write: ChannelWriteHalf<Msg>,
    peer: SocketAddr,
) {
    let began = Instant::now();
    // The command's name only, cut short: its words are what the client
    // typed, and may be long.
    let name: String = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .take(64)
        .collect();
    let ran = tokio::task::spawn_blocking(move || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = exec.run(&line, width, &mut out, &mut err);
        (out, err, status)
    })
    .await;
    let (out, err, status) = ran.unwrap_or_else(|_| {
        let message = b"report-explorer: the command failed (an internal error)\n";
        (Vec::new(), message.to_vec(), 1)
    });
    let sent = out.len() + err.len();
    let (out, err) = if width.is_some() {
        // The client's terminal is raw, and no pty here turns a line feed
        // into CR LF: the lines would step right.
        (crlf(&out), crlf(&err))
    } else {
        (out, err)
    };
    let _ = write.data_bytes(out).await;
    let _ = write.extended_data_bytes(1, err).await;
    let _ = write.exit_status(status).await;
    let _ = write.eof().await;
    let _ = write.close().await;
    log::event(&format!(
        "{peer} exec {name:?} ended (status {status}) after {:.1} ms, {sent} bytes sent",
        began.elapsed().as_secs_f64() * 1000.0
    ));
}

/// `bytes` with each line feed not after a carriage return made CR LF.
pub(super) fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut prev = 0u8;
    for &b in bytes {
        if b == b'\n' && prev != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        prev = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_feeds_become_cr_lf_once() {
        assert_eq!(crlf("望花\n區\r\n".as_bytes()), "望花\r\n區\r\n".as_bytes());
    }
}
