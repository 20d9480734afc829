//! `serve`: the reader over SSH, for anyone with an SSH client. russh and
//! tokio live here, at the edge: each shell is a [`session::Reader`] (the
//! same core, input parser and screen writer as the local terminal) that
//! the async code only feeds and reads.

mod conn;
mod exec;
mod handler;
pub mod keys;
pub mod limits;
pub mod log;
pub mod meeting;
pub mod server;
pub mod session;
mod shared;
mod shell;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::app::keymap::Keymap;
use crate::data::ReportData;
pub use server::{Config, Server};

/// Serve until SIGTERM, SIGINT or SIGHUP, on a tokio runtime of its own (one
/// worker per core); `started` is told the address once it listens.
/// Errors: the address cannot be bound, or the runtime or the signal
/// handlers cannot be made.
pub fn run(
    listen: SocketAddr,
    config: Config,
    data: Arc<ReportData>,
    keymap: Arc<Keymap>,
    exec: Arc<dyn Exec>,
    started: impl FnOnce(SocketAddr),
) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let server = Server::bind(listen, config, data, keymap, exec).await?;
        started(server.local_addr()?);
        let stop = stop_signal()?;
        server.run(stop).await
    })
}

/// Serve until `stop` completes (no signal handlers: for `serve
/// --present`, whose own terminal's reader handles the signals and ends
/// the server when it ends), on a tokio runtime of its own; `started` is
/// told the address once it listens. Errors: as [`run`]'s.
pub fn run_until(
    listen: SocketAddr,
    config: Config,
    shared: (Arc<ReportData>, Arc<Keymap>, Arc<dyn Exec>),
    started: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (data, keymap, exec) = shared;
    runtime.block_on(async move {
        let server = Server::bind(listen, config, data, keymap, exec).await?;
        started(server.local_addr()?);
        server.run(stop).await
    })
}

/// A future that completes at SIGTERM, SIGINT or SIGHUP (the terminal the
/// server was started from closing); Ctrl-C elsewhere.
#[cfg(unix)]
fn stop_signal() -> io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut hup = signal(SignalKind::hangup())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => log::event("SIGTERM"),
            _ = int.recv() => log::event("SIGINT"),
            _ = hup.recv() => log::event("SIGHUP"),
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// The read-only commands a client may run with an exec request (`ssh
/// HOST search 招商`): `print`, `search`, `figures` and `check`, with the
/// same output and exit status as on the command line. The command line
/// (main.rs) supplies it; the server only passes the request on.
pub trait Exec: Send + Sync + 'static {
    /// Run `command` (the exec request's string, split as a shell would)
    /// on the served report: its output to `out`, its messages to `err`;
    /// the exit status. `terminal_width`: the client's pty width, when it
    /// asked for a pty (`ssh -t`), for `print` to wrap at. Anything else
    /// than the four commands, and any path, is refused with a message and
    /// a non-zero status.
    fn run(
        &self,
        command: &str,
        terminal_width: Option<usize>,
        out: &mut Vec<u8>,
        err: &mut Vec<u8>,
    ) -> u32;
}

#[cfg(test)]
mod tests;
