//! A small SSH client on russh, for the in-process tests of `serve` and
//! the load example (included with `#[path]`): connect (optionally from a
//! given loopback address), authenticate with a key or as a keyless client
//! of an open server (keyboard-interactive with no prompts), open a shell
//! with a pty, type, resize, and read what comes until a condition holds.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client::{self, KeyboardInteractiveAuthResponse};
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use russh::{Channel, ChannelMsg};
use tokio::net::TcpSocket;

/// Accepts any host key; keeps the reason of a disconnect.
pub struct Client {
    pub disconnect: Arc<Mutex<Option<String>>>,
}

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }

    async fn disconnected(
        &mut self,
        reason: client::DisconnectReason<Self::Error>,
    ) -> Result<(), Self::Error> {
        if let client::DisconnectReason::ReceivedDisconnect(info) = reason {
            *self.disconnect.lock().unwrap() = Some(info.message);
        }
        Ok(())
    }
}

pub type Handle = client::Handle<Client>;

/// How a client connects.
#[derive(Clone)]
pub struct Options {
    /// Connect from this local address (another loopback address counts
    /// as another client for the per-address limit).
    pub from: Option<std::net::IpAddr>,
    pub key: Option<PrivateKey>,
    /// The receive window granted to the server: small, and never read,
    /// it fills.
    pub window: u32,
    pub buffer: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            from: None,
            key: None,
            window: 2 * 1024 * 1024,
            buffer: 100,
        }
    }
}

/// Connect and authenticate.
pub async fn connect(addr: SocketAddr, options: Options) -> Result<Handle, String> {
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(60)),
        window_size: options.window,
        channel_buffer_size: options.buffer,
        ..Default::default()
    });
    let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
    if let Some(ip) = options.from {
        socket
            .bind(SocketAddr::new(ip, 0))
            .map_err(|e| e.to_string())?;
    }
    let stream = socket.connect(addr).await.map_err(|e| e.to_string())?;
    let handler = Client {
        disconnect: Arc::default(),
    };
    let told = Arc::clone(&handler.disconnect);
    let mut h = client::connect_stream(config, stream, handler)
        .await
        .map_err(|e| format!("{e} ({:?})", told.lock().unwrap()))?;
    if let Some(key) = options.key {
        let key = PrivateKeyWithHashAlg::new(Arc::new(key), None);
        let ok = h
            .authenticate_publickey("讀者", key)
            .await
            .map_err(|e| e.to_string())?;
        return if ok.success() {
            Ok(h)
        } else {
            Err("public key refused".into())
        };
    }
    let mut r = h
        .authenticate_keyboard_interactive_start("讀者", None)
        .await
        .map_err(|e| e.to_string())?;
    loop {
        match r {
            KeyboardInteractiveAuthResponse::Success => return Ok(h),
            KeyboardInteractiveAuthResponse::Failure { .. } => return Err("refused".into()),
            KeyboardInteractiveAuthResponse::InfoRequest { prompts, .. } => {
                r = h
                    .authenticate_keyboard_interactive_respond(vec![String::new(); prompts.len()])
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
    }
}

/// A session channel with a pty of `cols`×`rows` and a shell.
pub async fn shell(h: &Handle, cols: u32, rows: u32) -> Result<Channel<client::Msg>, String> {
    let ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.request_pty(false, "xterm-256color", cols, rows, 0, 0, &[])
        .await
        .map_err(|e| e.to_string())?;
    ch.request_shell(false).await.map_err(|e| e.to_string())?;
    Ok(ch)
}

/// What a channel sent.
#[derive(Debug, Default)]
pub struct Transcript {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
    pub status: Option<u32>,
    pub closed: bool,
}

impl Transcript {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.out).into_owned()
    }
}

/// Read until `stop` holds, the channel closes, or `patience` passes
/// (Err, with what came so far).
pub async fn read_until(
    ch: &mut Channel<client::Msg>,
    t: &mut Transcript,
    patience: Duration,
    stop: impl Fn(&Transcript) -> bool,
) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + patience;
    while !stop(t) {
        let msg = tokio::time::timeout_at(deadline, ch.wait())
            .await
            .map_err(|_| format!("nothing more came; so far: {:?}", t.text()))?;
        match msg {
            Some(ChannelMsg::Data { data }) => t.out.extend_from_slice(&data),
            Some(ChannelMsg::ExtendedData { data, .. }) => t.err.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => t.status = Some(exit_status),
            Some(ChannelMsg::Close) | None => {
                t.closed = true;
                return Ok(());
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The resident memory (VmRSS) of process `pid`, in KiB (Linux; 0
/// elsewhere).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
