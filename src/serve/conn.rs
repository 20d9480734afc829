//! One SSH connection's state: who the client is, its channels (a pty's
//! size and TERM, the shell's events, the input allowance), and what the
//! handler's callbacks share (logging, the methods to offer, where a
//! client's place is kept).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use russh::keys::PublicKey;
use russh::server::{Auth, Msg, Session};
use russh::{ChannelId, ChannelWriteHalf, MethodKind, MethodSet};
use tokio::sync::mpsc;

use super::log;
use super::session::Role;
use super::shared::Shared;
use super::shell::{Event, Seat};
use crate::saved::Store;

/// The most session channels one connection may have open.
pub(super) const MAX_CHANNELS: usize = 4;

/// Input allowed per shell: a burst of this many bytes, refilled at
/// [`INPUT_RATE`] bytes a second; what comes faster is dropped (and the
/// drop logged once per burst).
pub(super) const INPUT_BURST: f64 = 256.0 * 1024.0;
pub(super) const INPUT_RATE: f64 = 64.0 * 1024.0;

/// Who the client is, once authenticated.
#[derive(Debug, Clone)]
pub(super) struct Client {
    /// The key's SHA256 fingerprint, when it gave one.
    pub(super) fingerprint: Option<String>,
    /// The comment on the key's line in --authorized-keys (or
    /// --presenters).
    pub(super) name: Option<String>,
    /// Its key is in --presenters.
    pub(super) presenter: bool,
}

pub(super) struct Chan {
    pub(super) write: Option<ChannelWriteHalf<Msg>>,
    pub(super) pty: Option<(String, u16, u16)>,
    pub(super) shell: Option<mpsc::Sender<Event>>,
    /// Input allowance (bytes) and when it was last refilled.
    pub(super) allowance: (f64, Instant),
    pub(super) dropping: bool,
}

/// The handler of one connection.
pub struct Conn {
    pub(super) shared: Arc<Shared>,
    pub(super) peer: SocketAddr,
    pub(super) client: Option<Client>,
    pub(super) chans: HashMap<ChannelId, Chan>,
    pub(super) authed: Arc<std::sync::atomic::AtomicBool>,
}

impl Conn {
    pub fn new(
        shared: Arc<Shared>,
        peer: SocketAddr,
        authed: Arc<std::sync::atomic::AtomicBool>,
    ) -> Conn {
        Conn {
            shared,
            peer,
            client: None,
            chans: HashMap::new(),
            authed,
        }
    }

    pub(super) fn log(&self, text: &str) {
        log::event(&format!("{} {text}", self.peer));
    }

    pub(super) fn open(&self) -> bool {
        self.shared.keys.is_none()
    }

    pub(super) fn listed(&self, key: &PublicKey) -> Option<&super::keys::AuthorizedKey> {
        self.shared
            .keys
            .as_ref()?
            .iter()
            .find(|k| k.key.key_data() == key.key_data())
    }

    /// The key's line in --presenters.
    pub(super) fn presenter(&self, key: &PublicKey) -> Option<&super::keys::AuthorizedKey> {
        self.shared
            .presenters
            .iter()
            .find(|k| k.key.key_data() == key.key_data())
    }

    /// This client's seat in the meeting, if the server holds one: a
    /// presenter (named by its key's comment, else its fingerprint), or a
    /// viewer.
    pub(super) fn seat(&self) -> (Seat, Role) {
        let Some(meeting) = &self.shared.meeting else {
            return (Seat::None, Role::Alone);
        };
        match &self.client {
            Some(client) if client.presenter => {
                // A key without a comment: a short name from its
                // fingerprint (the whole one would fill a status line).
                let name = client.name.clone().unwrap_or_else(|| {
                    let fp = client.fingerprint.as_deref().unwrap_or_default();
                    let short: String = fp.trim_start_matches("SHA256:").chars().take(8).collect();
                    format!("presenter {short}")
                });
                let (presenter, alone) = meeting.present(&name);
                (Seat::Presenter(presenter, alone), Role::Presenter)
            }
            _ => (Seat::Viewer(meeting.view()), Role::Viewer),
        }
    }

    /// Whether "none" admits a client: in open mode, unless presenters
    /// must be told apart by their keys.
    pub(super) fn open_without_key(&self) -> bool {
        self.open() && self.shared.presenters.is_empty()
    }

    /// The methods a client may try next: public keys, and in open mode
    /// keyboard-interactive with no prompts (for clients with no key).
    pub(super) fn reject(&self) -> Auth {
        let methods: &[MethodKind] = if self.open() {
            &[MethodKind::PublicKey, MethodKind::KeyboardInteractive]
        } else {
            &[MethodKind::PublicKey]
        };
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(methods)),
            partial_success: false,
        }
    }

    pub(super) fn accept(&mut self, client: Client, how: &str) -> Auth {
        let who = match (&client.fingerprint, &client.name) {
            (Some(key), Some(name)) => format!("key {key} ({name})"),
            (Some(key), None) => format!("key {key}"),
            (None, _) => "without a key".to_string(),
        };
        self.log(&format!("authenticated {who} ({how})"));
        self.client = Some(client);
        Auth::Accept
    }

    /// Where this client's place is remembered: per key, for keys in
    /// --authorized-keys or --presenters; nowhere for others in open mode.
    pub(super) fn store(&self) -> Option<Store> {
        let client = self.client.as_ref()?;
        if self.open() && !client.presenter {
            return None;
        }
        let fp = client.fingerprint.as_ref()?;
        let dir = self.shared.state_dir.as_ref()?;
        let name: String = fp
            .trim_start_matches("SHA256:")
            .chars()
            .map(|c| match c {
                '/' => '_',
                '+' => '-',
                c => c,
            })
            .collect();
        Some(Store::new(dir.join("clients").join(name)))
    }

    /// Success for the request, then `message` on stderr, the status and
    /// the channel closed (OpenSSH shows the message and exits with it).
    pub(super) fn finish_with(
        session: &mut Session,
        ch: ChannelId,
        message: &str,
        status: u32,
    ) -> Result<(), russh::Error> {
        session.channel_success(ch)?;
        session.extended_data(ch, 1, message.as_bytes().to_vec())?;
        session.exit_status_request(ch, status)?;
        session.eof(ch)?;
        session.close(ch)
    }
}

/// Whether `chan` may take `n` more bytes of input now.
pub(super) fn allow(chan: &mut Chan, n: usize, now: Instant) -> bool {
    let (left, at) = chan.allowance;
    let left = (left + now.duration_since(at).as_secs_f64() * INPUT_RATE).min(INPUT_BURST);
    let n = n as f64;
    if n <= left {
        chan.allowance = (left - n, now);
        true
    } else {
        chan.allowance = (left, now);
        false
    }
}

/// A pty's size from the request: 0 (unknown, as `ssh -tt` without a
/// terminal sends) is `default`; more than u16 holds is u16::MAX.
pub(super) fn size(n: u32, default: u16) -> u16 {
    match n {
        0 => default,
        n => u16::try_from(n).unwrap_or(u16::MAX),
    }
}
