//! What every connection of a server shares: the report, the keymap, the
//! commands for exec requests, who may connect, the settings of sessions,
//! the shutdown signal, and the tasks a shutdown waits for.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};
use tokio::time::timeout;

use super::keys::AuthorizedKey;
use super::meeting::Meeting;
use super::Exec;
use crate::app::keymap::Keymap;
use crate::data::ReportData;
use crate::screen::SharedFrames;
use crate::text::AmbiWidth;

/// Tasks the server waits for when it shuts down.
#[derive(Debug, Default)]
pub struct Tasks {
    running: AtomicUsize,
    idle: Notify,
}

impl Tasks {
    /// Run `task`, counted until it ends.
    pub fn spawn(self: &Arc<Self>, task: impl Future<Output = ()> + Send + 'static) {
        self.running.fetch_add(1, Ordering::SeqCst);
        let tasks = Arc::clone(self);
        tokio::spawn(async move {
            task.await;
            if tasks.running.fetch_sub(1, Ordering::SeqCst) == 1 {
                tasks.idle.notify_waiters();
            }
        });
    }

    /// Wait until no task runs, at most `limit`.
    pub async fn wait(&self, limit: Duration) {
        let _ = timeout(limit, async {
            loop {
                let idle = self.idle.notified();
                if self.running.load(Ordering::SeqCst) == 0 {
                    return;
                }
                idle.await;
            }
        })
        .await;
    }
}

/// What every connection shares.
pub struct Shared {
    pub data: Arc<ReportData>,
    pub keymap: Arc<Keymap>,
    pub exec: Arc<dyn Exec>,
    pub keys: Option<Vec<AuthorizedKey>>,
    /// The presenters' keys (meeting mode).
    pub presenters: Vec<AuthorizedKey>,
    /// The meeting, when there are presenters (by key, or the local
    /// terminal's).
    pub meeting: Option<Arc<Meeting>>,
    /// Frames the sessions' screen writers share.
    pub frames: Arc<SharedFrames>,
    pub state_dir: Option<PathBuf>,
    pub ambi: Option<AmbiWidth>,
    pub idle_timeout: Duration,
    pub shutdown: watch::Receiver<bool>,
    pub tasks: Arc<Tasks>,
}
