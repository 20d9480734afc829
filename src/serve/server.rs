//! The accept loop: limits checked before any SSH work, a handshake and
//! authentication deadline, and a shutdown that restores every client's
//! terminal and closes every channel with an exit status.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use russh::keys::PrivateKey;
use russh::{Disconnect, MethodKind, MethodSet};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::{sleep, sleep_until, timeout, Instant};

use super::conn::Conn;
use super::keys::AuthorizedKey;
use super::limits::{Full, Limits};
use super::meeting::Meeting;
use super::shared::{Shared, Tasks};
use super::{log, Exec};
use crate::app::keymap::Keymap;
use crate::data::ReportData;
use crate::screen::SharedFrames;
use crate::text::AmbiWidth;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Who may connect: the keys of --authorized-keys, or anyone (None,
    /// --open).
    pub keys: Option<Vec<AuthorizedKey>>,
    /// Meeting mode: the keys of presenters (admitted whatever `keys`
    /// says), and the meeting every session joins (None: no meeting).
    pub presenters: Vec<AuthorizedKey>,
    pub meeting: Option<Arc<Meeting>>,
    /// The host key.
    pub host_key: PrivateKey,
    /// Where keyed clients' places are kept (None: nowhere).
    pub state_dir: Option<PathBuf>,
    /// At most this many connections, and this many from one address.
    pub max_sessions: usize,
    pub max_per_ip: usize,
    /// A shell without input this long is closed with a message.
    pub idle_timeout: Duration,
    /// From the connection to a successful authentication, at most this.
    pub auth_timeout: Duration,
    /// The clients' ambiguous width (None: each terminal is asked).
    pub ambi: Option<AmbiWidth>,
}

/// The longest wait for a client's version string.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// A server bound to its address, not yet accepting.
pub struct Server {
    listener: TcpListener,
    shared: Arc<Shared>,
    russh: Arc<russh::server::Config>,
    limits: Limits,
    auth_timeout: Duration,
    stop: watch::Sender<bool>,
}

impl Server {
    /// Bind `listen` (port 0: any free port).
    pub async fn bind(
        listen: SocketAddr,
        config: Config,
        data: Arc<ReportData>,
        keymap: Arc<Keymap>,
        exec: Arc<dyn Exec>,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(listen).await?;
        let (stop, shutdown) = watch::channel(false);
        let methods: &[MethodKind] = if config.keys.is_some() {
            &[MethodKind::PublicKey]
        } else if !config.presenters.is_empty() {
            // Open, but a presenter must be told apart by its key: "none"
            // (which OpenSSH tries first) would admit it unnamed.
            &[MethodKind::PublicKey, MethodKind::KeyboardInteractive]
        } else {
            &[
                MethodKind::None,
                MethodKind::PublicKey,
                MethodKind::KeyboardInteractive,
            ]
        };
        let russh = russh::server::Config {
            server_id: russh::SshId::Standard(
                format!("SSH-2.0-report-explorer_{}", env!("CARGO_PKG_VERSION")).into(),
            ),
            methods: MethodSet::from(methods),
            auth_rejection_time: Duration::from_millis(300),
            // OpenSSH asks with "none" first: no delay for that one.
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![config.host_key],
            max_auth_attempts: 6,
            // Nothing at all from the client this long (not even a
            // keepalive answer): gone. The shell's idle timeout, for no
            // keys, comes first.
            inactivity_timeout: Some(config.idle_timeout + Duration::from_secs(60)),
            keepalive_interval: Some(Duration::from_secs(30)),
            keepalive_max: 3,
            nodelay: true,
            ..Default::default()
        };
        let shared = Shared {
            data,
            keymap,
            exec,
            keys: config.keys,
            presenters: config.presenters,
            meeting: config.meeting,
            frames: SharedFrames::new(),
            state_dir: config.state_dir,
            ambi: config.ambi,
            idle_timeout: config.idle_timeout,
            shutdown,
            tasks: Arc::default(),
        };
        Ok(Server {
            listener,
            shared: Arc::new(shared),
            russh: Arc::new(russh),
            limits: Limits::new(config.max_sessions, config.max_per_ip),
            auth_timeout: config.auth_timeout,
            stop,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accept connections until `shutdown` completes; then every shell is
    /// ended (its terminal restored, a message, an exit status) and the
    /// connections closed, waiting at most a few seconds for clients.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        tokio::pin!(shutdown);
        let connections = Arc::new(Tasks::default());
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(a) => a,
                        Err(e) => {
                            // Out of file descriptors, say: wait, go on.
                            log::event(&format!("cannot accept a connection: {e}"));
                            sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    match self.limits.admit(peer.ip()) {
                        Ok(slot) => {
                            log::event(&format!("{peer} connected"));
                            let (shared, russh) = (Arc::clone(&self.shared), Arc::clone(&self.russh));
                            let deadline = self.auth_timeout;
                            connections.spawn(async move {
                                connection(shared, russh, stream, peer, deadline).await;
                                drop(slot);
                            });
                        }
                        Err(full) => {
                            log::event(&format!("{peer} refused: {full}"));
                            tokio::spawn(refuse(stream, full));
                        }
                    }
                }
                () = &mut shutdown => break,
            }
        }
        log::event("shutting down: ending every session");
        let _ = self.stop.send(true);
        self.shared.tasks.wait(Duration::from_secs(5)).await;
        connections.wait(Duration::from_secs(3)).await;
        Ok(())
    }
}

/// Say why a connection is refused, before any SSH work: the reason as a
/// line before the version string (RFC 4253 §4.2 allows such lines), then
/// an unencrypted SSH_MSG_DISCONNECT, TOO_MANY_CONNECTIONS, which OpenSSH
/// prints ("Received disconnect from …: 12: the server is full").
async fn refuse(mut stream: TcpStream, full: Full) {
    let reason = full.to_string();
    let mut out = format!("{reason}\r\nSSH-2.0-report-explorer\r\n").into_bytes();
    out.extend_from_slice(&disconnect_packet(
        Disconnect::TooManyConnections as u32,
        &reason,
    ));
    let _ = timeout(Duration::from_secs(2), stream.write_all(&out)).await;
    let _ = stream.shutdown().await;
    // Read what the client sends until it closes, so that closing does not
    // reset the connection before it has read the reason.
    let mut buf = [0u8; 1024];
    let _ = timeout(Duration::from_secs(2), async {
        while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// An unencrypted SSH_MSG_DISCONNECT packet (RFC 4253 §6 and §11.1).
fn disconnect_packet(code: u32, reason: &str) -> Vec<u8> {
    let reason = reason.as_bytes();
    let mut payload = vec![1u8];
    payload.extend_from_slice(&code.to_be_bytes());
    payload.extend_from_slice(&u32::try_from(reason.len()).unwrap_or(0).to_be_bytes());
    payload.extend_from_slice(reason);
    payload.extend_from_slice(&0u32.to_be_bytes());
    // Padding: at least 4 bytes, the whole a multiple of 8.
    let mut pad = 8 - (4 + 1 + payload.len()) % 8;
    if pad < 4 {
        pad += 8;
    }
    let length = u32::try_from(1 + payload.len() + pad).unwrap_or(0);
    let mut out = length.to_be_bytes().to_vec();
    out.push(u8::try_from(pad).unwrap_or(4));
    out.extend_from_slice(&payload);
    out.resize(out.len() + pad, 0);
    out
}

/// One connection, until it ends: refused if it has not authenticated
/// within `auth_timeout`; at shutdown, given a moment for its shells to
/// finish, then disconnected.
async fn connection(
    shared: Arc<Shared>,
    russh: Arc<russh::server::Config>,
    stream: TcpStream,
    peer: SocketAddr,
    auth_timeout: Duration,
) {
    let began = std::time::Instant::now();
    let authed = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + auth_timeout;
    let conn = Conn::new(Arc::clone(&shared), peer, Arc::clone(&authed));
    let mut shutdown = shared.shutdown.clone();
    // A second handle on the socket: shutting it down ends a client that
    // is still in the key exchange, where russh takes no disconnect.
    let Some((stream, killer)) = stream
        .into_std()
        .and_then(|s| Ok((s.try_clone()?, s)))
        .and_then(|(a, b)| Ok((TcpStream::from_std(a)?, b)))
        .ok()
    else {
        log::event(&format!("{peer} closed: cannot take the socket"));
        return;
    };
    let kill = move || {
        let _ = killer.shutdown(std::net::Shutdown::Both);
    };
    // The version strings first: a socket that says nothing is let go
    // sooner than the whole authentication's deadline.
    let handshake = auth_timeout.min(HANDSHAKE);
    let session = match timeout(handshake, russh::server::run_stream(russh, stream, conn)).await {
        Ok(Ok(session)) => session,
        Ok(Err(e)) => {
            log::event(&format!("{peer} closed: {e}"));
            return;
        }
        Err(_) => {
            kill();
            log::event(&format!("{peer} closed: no SSH handshake in time"));
            return;
        }
    };
    let handle = session.handle();
    tokio::pin!(session);
    // The deadline is looked at again once it passes: a client that
    // authenticated meanwhile stays.
    let why = loop {
        let waiting = !authed.load(Ordering::SeqCst);
        tokio::select! {
            ended = &mut session => break match ended {
                Ok(()) => "closed".to_string(),
                Err(e) => format!("closed: {e}"),
            },
            () = sleep_until(deadline), if waiting => {
                if authed.load(Ordering::SeqCst) {
                    continue;
                }
                let _ = handle
                    .disconnect(Disconnect::ByApplication, "authentication timed out".into(), "en".into())
                    .await;
                if timeout(Duration::from_millis(500), &mut session).await.is_err() {
                    kill();
                }
                break "closed: authentication timed out".to_string();
            }
            _ = shutdown.changed() => {
                // The shells restore their terminals and close their
                // channels; OpenSSH then closes the connection itself.
                shared.tasks.wait(Duration::from_secs(3)).await;
                if timeout(Duration::from_millis(500), &mut session).await.is_err() {
                    let _ = handle
                        .disconnect(Disconnect::ByApplication, "the server is shutting down".into(), "en".into())
                        .await;
                    if timeout(Duration::from_secs(1), &mut session).await.is_err() {
                        kill();
                    }
                }
                break "closed: the server shut down".to_string();
            }
        }
    };
    log::event(&format!(
        "{peer} {why} after {:.1} s",
        began.elapsed().as_secs_f64()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_packet_is_padded_to_a_block() {
        let p = disconnect_packet(11, "伺服器已滿");
        assert_eq!(p.len() % 8, 0);
        let length = u32::from_be_bytes([p[0], p[1], p[2], p[3]]) as usize;
        assert_eq!(length + 4, p.len());
        assert!(p[4] >= 4, "at least four bytes of padding");
        assert_eq!(p[5], 1, "SSH_MSG_DISCONNECT");
    }
}
