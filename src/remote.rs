//! `serve`'s side of the command line: the flags checked and the server
//! started (the server itself is the library's `serve`), and the
//! read-only commands an SSH client runs with an exec request, parsed and
//! run as here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::FromArgMatches;

use report_explorer::data::ReportData;
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::saved::Store;
use report_explorer::term::streams;
use report_explorer::text::AmbiWidth;

use crate::cli::{Ambi, Cli, Command, ServeArgs};
use crate::commands::Io;
use crate::{command, read_only};

/// The report `serve` shares: where it came from (None: the embedded
/// one) and its data, loaded once.
pub struct Served {
    pub dir: Option<PathBuf>,
    pub data: Arc<ReportData>,
}

/// `serve`: check who may connect and the host key, say where it listens
/// and the key's fingerprint, then serve until SIGTERM, SIGINT or SIGHUP (exit 0).
pub fn serve(served: Served, o: ServeArgs) -> Result<ExitCode> {
    use report_explorer::serve::{self, keys};
    let keys = match (&o.authorized_keys, o.open) {
        (Some(file), false) => Some(keys::authorized_keys(file)?),
        (None, true) => None,
        (Some(_), true) => anyhow::bail!("give --authorized-keys or --open, not both"),
        (None, false) => anyhow::bail!(
            "serve needs to know who may connect: --authorized-keys FILE (OpenSSH format) \
             admits those keys; --open admits anyone, as a public read-only reader"
        ),
    };
    let state_dir = match o.state_dir {
        Some(dir) => Some(dir),
        None => Store::platform().map(|s| s.dir().join("serve")),
    };
    let given = o.host_key.is_some();
    let host_key_path = match (o.host_key, &state_dir) {
        (Some(path), _) => path,
        (None, Some(dir)) => dir.join("host_ed25519"),
        (None, None) => anyhow::bail!(
            "no state directory for the host key (no home directory): give --host-key or --state-dir"
        ),
    };
    if let Some(dir) = &state_dir {
        private_dir(dir)
            .with_context(|| format!("cannot make the state directory {}", dir.display()))?;
    }
    let (host_key, made) = keys::host_key(&host_key_path, !given)?;
    let fingerprint = format!(
        "{} ({})",
        keys::fingerprint(host_key.public_key()),
        keys::kind(host_key.public_key())
    );
    let who = match &keys {
        Some(k) => format!(
            "{} keys from {} (places remembered per key)",
            k.len(),
            o.authorized_keys
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
        ),
        None => "anyone (--open: nothing is remembered)".to_string(),
    };
    let ambi = match o.ambiwidth {
        Ambi::Auto => None,
        Ambi::Narrow => Some(AmbiWidth::Narrow),
        Ambi::Wide => Some(AmbiWidth::Wide),
    };
    let config = serve::Config {
        keys,
        host_key,
        state_dir,
        max_sessions: o.max_sessions,
        max_per_ip: o.max_per_ip,
        idle_timeout: o.idle_timeout,
        auth_timeout: std::time::Duration::from_secs(30),
        ambi,
    };
    let keymap = Arc::new(Keymap::new(bindings()).map_err(anyhow::Error::msg)?);
    let data = Arc::clone(&served.data);
    let exec = Arc::new(RemoteCommands(served));
    let host_key_path = host_key_path.display().to_string();
    let listen = o.listen;
    serve::run(listen, config, data, keymap, exec, |addr| {
        let reach = if addr.ip().is_loopback() {
            "this machine only"
        } else {
            "REACHABLE FROM OTHER MACHINES"
        };
        let made = if made { ", made now" } else { "" };
        let host = if addr.ip().is_unspecified() {
            "THIS-HOST".to_string()
        } else {
            addr.ip().to_string()
        };
        streams::error(&format!(
            "report-explorer serve: listening on {addr} ({reach})\n\
             host key {host_key_path}{made}: {fingerprint}\n\
             admitting {who}\n\
             connect with: ssh -t -p {} {host}",
            addr.port(),
        ));
    })
    .with_context(|| format!("cannot serve on {listen}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Make `dir` (and its parents) if missing; one made here is private to
/// its owner (mode 0700 on unix): it holds the host key and clients'
/// places.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The commands an SSH client may run with an exec request.
const SERVED_COMMANDS: [&str; 4] = ["print", "search", "figures", "check"];

/// The read-only commands for `serve`'s exec requests, on the served
/// report: the command line split as a shell would (shlex), parsed as
/// here (clap), run with their output kept for the channel.
struct RemoteCommands(Served);

impl report_explorer::serve::Exec for RemoteCommands {
    fn run(
        &self,
        line: &str,
        terminal_width: Option<usize>,
        out: &mut Vec<u8>,
        err: &mut Vec<u8>,
    ) -> u32 {
        let mut io = Io {
            out,
            err,
            terminal_width,
        };
        let Some(words) = shlex::split(line) else {
            io.error("report-explorer: cannot split the command: a quote is not closed");
            return 2;
        };
        let name = words.first().map(String::as_str).unwrap_or_default();
        if matches!(name, "help" | "--help" | "-h") {
            let _ = io.write_out(&format!(
                "report-explorer over SSH: `ssh -t` (no command) opens the reader; the \
                 commands are {}, as on the command line (`ssh HOST search --help`)\n",
                SERVED_COMMANDS.join(", ")
            ));
            return 0;
        }
        if !SERVED_COMMANDS.contains(&name) {
            // (A name cut short: it is the client's, and may be long.)
            let mut shown: String = name.chars().take(64).collect();
            if shown.len() < name.len() {
                shown.push('…');
            }
            io.error(&format!(
                "report-explorer: `{shown}` is not served here; the commands are {}, or none \
                 for the reader (ssh -t)",
                SERVED_COMMANDS.join(", ")
            ));
            return 127;
        }
        let parsed = command()
            .try_get_matches_from(std::iter::once("report-explorer".to_string()).chain(words))
            .and_then(|m| Cli::from_arg_matches(&m));
        let cli = match parsed {
            Ok(cli) => cli,
            Err(e) => {
                let text = e.render().to_string();
                if e.use_stderr() {
                    io.error_text(&text);
                } else {
                    let _ = io.write_out(&text);
                }
                return u32::try_from(e.exit_code()).unwrap_or(2);
            }
        };
        let Some(command) = cli.command else {
            return 2;
        };
        let named = match &command {
            Command::Check { report }
            | Command::Figures { report, .. }
            | Command::Search { report, .. }
            | Command::Print { report, .. } => report.is_some(),
            _ => true,
        };
        let error = if matches!(command, Command::Search { .. }) {
            2
        } else {
            1
        };
        if named {
            io.error("report-explorer: the server chooses the report; give no REPORT");
            return error;
        }
        match read_only(&mut io, command, Some(&self.0)) {
            Ok(code) => exit_status(code),
            Err(e) => {
                io.error(&format!("report-explorer: {e:#}"));
                error
            }
        }
    }
}

/// The number an ExitCode stands for (0, 1 or 2 here).
fn exit_status(code: ExitCode) -> u32 {
    if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::from(2) {
        2
    } else {
        1
    }
}
