//! One SSH connection: who it is (authentication), and what its channels
//! may do. A session channel may ask for a pty, then a shell (the reader)
//! or an exec (one of the read-only commands). Everything else is refused
//! and logged with its reason: passwords, other exec commands, subsystems
//! (sftp), port forwarding both ways, agent and X11 forwarding, and
//! environment variables other than LANG and LC_* (RFC 4254 §6.4).

use std::sync::Arc;
use std::time::Instant;

use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use tokio::sync::mpsc;

use super::conn::{allow, size, Chan, Client, Conn, INPUT_BURST, MAX_CHANNELS};
use super::exec;
use super::keys::fingerprint;
use super::log;
use super::session::{Role, Start};
use super::shell::{self, Event, Shell};
use crate::app::Settings;
use crate::colors::{ColorDepth, Colors};
use crate::text::AmbiWidth;

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        // An open server admits anyone, with no key and no prompt (scripts
        // with BatchMode too); nothing is kept per key there anyway.
        if self.open_without_key() {
            let client = Client {
                fingerprint: None,
                name: None,
                presenter: false,
            };
            return Ok(self.accept(client, "--open"));
        }
        Ok(self.reject())
    }

    async fn auth_password(&mut self, _user: &str, _password: &str) -> Result<Auth, Self::Error> {
        self.log("refused: a password (passwords are never accepted)");
        Ok(self.reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        if self.open()
            || self.listed(offer.public_key).is_some()
            || self.presenter(offer.public_key).is_some()
        {
            Ok(Auth::Accept)
        } else {
            // OpenSSH asks before it signs: an unlisted key ends here.
            let fp = fingerprint(offer.public_key);
            self.log(&format!("refused: key {fp} is not in --authorized-keys"));
            Ok(self.reject())
        }
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let fp = fingerprint(key.public_key);
        let presenter = self.presenter(key.public_key);
        let name = presenter
            .or(self.listed(key.public_key))
            .map(|k| k.comment.clone())
            .filter(|c| !c.is_empty());
        let presenter = presenter.is_some();
        if !self.open() && !presenter && self.listed(key.public_key).is_none() {
            self.log(&format!("refused: key {fp} is not in --authorized-keys"));
            return Ok(self.reject());
        }
        let client = Client {
            fingerprint: Some(fp),
            name,
            presenter,
        };
        let how = if presenter {
            "public key, a presenter"
        } else {
            "public key"
        };
        Ok(self.accept(client, how))
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        _user: &str,
        _submethods: &str,
        _response: Option<russh::server::Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        if !self.open() {
            return Ok(self.reject());
        }
        // No prompts: an open server admits a client without a key.
        let client = Client {
            fingerprint: None,
            name: None,
            presenter: false,
        };
        Ok(self.accept(client, "--open, keyboard-interactive"))
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        self.authed.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.chans.len() >= MAX_CHANNELS {
            self.log("refused: too many channels on one connection");
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        // Requests and data come through this handler's callbacks: the
        // read half is dropped (one left unread would block the connection).
        let (_read, write) = channel.split();
        self.chans.insert(
            write.id(),
            Chan {
                write: Some(write),
                pty: None,
                shell: None,
                allowance: (INPUT_BURST, Instant::now()),
                dropping: false,
            },
        );
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _origin: &str,
        _origin_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.log("refused: port forwarding (direct-tcpip)");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _address: &str,
        _port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.log("refused: an X11 channel");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.log("refused: remote port forwarding (tcpip-forward)");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.log("refused: socket forwarding (streamlocal-forward)");
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.log("refused: agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.log("refused: X11 forwarding");
        session.channel_failure(channel)
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(chan) = self.chans.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        chan.pty = Some((term.to_string(), size(col_width, 80), size(row_height, 24)));
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if name == "LANG" || name.starts_with("LC_") {
            session.channel_success(channel)
        } else {
            self.log(&format!("refused: the environment variable {name}"));
            session.channel_failure(channel)
        }
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let store = self.store();
        let who = format!(
            "{} {}",
            self.peer,
            self.client
                .as_ref()
                .and_then(|c| c.name.clone().or(c.fingerprint.clone()))
                .unwrap_or_else(|| "(no key)".into())
        );
        let Some(chan) = self.chans.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        let Some((term, width, height)) = chan.pty.clone().filter(|p| p.0 != "dumb") else {
            log::event(&format!(
                "{who} refused: a shell without a terminal (-T, or TERM=dumb)"
            ));
            return Conn::finish_with(
                session,
                channel,
                "report-explorer: the reader needs a terminal: connect with `ssh -t`, or run \
                 `print` to read the report as text\r\n",
                1,
            );
        };
        let (Some(write), None) = (chan.write.take(), chan.shell.as_ref()) else {
            return session.channel_failure(channel);
        };
        let (events, rx) = mpsc::channel(256);
        chan.shell = Some(events);
        session.channel_success(channel)?;
        let depth = ColorDepth::announced(None, Some(&term));
        let start = Start {
            size: (width, height),
            settings: Settings {
                // (Probed when not given: this is the fallback.)
                ambi: self.shared.ambi.unwrap_or(AmbiWidth::Narrow),
                colors: Colors {
                    depth,
                    ..Colors::default()
                },
                ..Settings::default()
            },
            probe: self.shared.ambi.is_none(),
            mouse: true,
            store,
            role: Role::Alone,
            frames: Some(Arc::clone(&self.shared.frames)),
        };
        log::event(&format!(
            "{who} shell started at {width}×{height}, TERM={term}"
        ));
        let (seat, role) = self.seat();
        let start = Start { role, ..start };
        let shell = Shell {
            seat,
            data: Arc::clone(&self.shared.data),
            keymap: Arc::clone(&self.shared.keymap),
            start,
            idle: self.shared.idle_timeout,
            shutdown: self.shared.shutdown.clone(),
            who,
        };
        self.shared.tasks.spawn(shell::run(shell, write, rx));
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(chan) = self.chans.get_mut(&channel) else {
            return session.channel_failure(channel);
        };
        let Some(write) = chan.write.take() else {
            return session.channel_failure(channel);
        };
        let width = chan.pty.as_ref().map(|p| usize::from(p.1));
        let line = String::from_utf8_lossy(data).into_owned();
        session.channel_success(channel)?;
        let exec = Arc::clone(&self.shared.exec);
        self.shared
            .tasks
            .spawn(exec::run(exec, line, width, write, self.peer));
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.log(&format!("refused: the subsystem {name:?}"));
        session.channel_failure(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(chan) = self.chans.get_mut(&channel) {
            let (width, height) = (size(col_width, 80), size(row_height, 24));
            if let Some(pty) = chan.pty.as_mut() {
                (pty.1, pty.2) = (width, height);
            }
            if let Some(shell) = &chan.shell {
                let _ = shell.try_send(Event::Resize(width, height));
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let peer = self.peer;
        let Some(chan) = self.chans.get_mut(&channel) else {
            return Ok(());
        };
        let Some(shell) = chan.shell.clone() else {
            return Ok(());
        };
        // Never wait on the shell here: this is the connection's loop.
        let allowed = allow(chan, data.len(), Instant::now());
        if allowed && shell.try_send(Event::Input(data.to_vec())).is_ok() {
            chan.dropping = false;
        } else if !chan.dropping {
            chan.dropping = true;
            log::event(&format!("{peer} input over the rate limit: dropped"));
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(shell) = self.chans.remove(&channel).and_then(|c| c.shell) {
            let _ = shell.try_send(Event::Closed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_over_the_burst_is_refused_until_time_refills_it() {
        let now = Instant::now();
        let mut chan = Chan {
            write: None,
            pty: None,
            shell: None,
            allowance: (INPUT_BURST, now),
            dropping: false,
        };
        assert!(allow(&mut chan, 200 * 1024, now));
        assert!(!allow(&mut chan, 100 * 1024, now));
        assert!(allow(
            &mut chan,
            100 * 1024,
            now + std::time::Duration::from_secs(1)
        ));
    }
}
