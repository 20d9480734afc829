//! `serve`'s side of the command line: the flags checked and the server
//! started (the server itself is the library's `serve`), and the
//! read-only commands an SSH client runs with an exec request, parsed and
//! run as here.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::FromArgMatches;

use report_explorer::app::follow::Stage;
use report_explorer::data::ReportData;
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::saved::Store;
use report_explorer::serve::{self, meeting::Meeting};
use report_explorer::term::streams;
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;

use crate::cli::{
    Ambi, CheckArgs, Cli, ColorChoice, Command, Deferred, FiguresArgs, PrintArgs, SearchArgs,
    ServeArgs, ThemeChoice,
};
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
    use report_explorer::serve::keys;
    let keys = match (&o.authorized_keys, o.open) {
        (Some(file), false) => Some(keys::authorized_keys(file).context("--authorized-keys")?),
        (None, true) => None,
        (Some(_), true) => anyhow::bail!("give --authorized-keys or --open, not both"),
        (None, false) => anyhow::bail!(
            "serve needs to know who may connect: --authorized-keys FILE (OpenSSH format) \
             admits those keys; --open admits anyone, as a public read-only reader \
             (--presenters admits its own keys, to present, besides either)"
        ),
    };
    let presenters = match &o.presenters {
        Some(file) => keys::presenters(file).context("--presenters")?,
        None => Vec::new(),
    };
    if o.present && !crate::has_terminal() {
        anyhow::bail!("--present opens the reader here: stdin and stdout must be a terminal");
    }
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
    let mut who = match &keys {
        Some(k) => format!(
            "{} from {} (places remembered per key)",
            count(k.len(), "key", "keys"),
            o.authorized_keys
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
        ),
        None => "anyone (--open: nothing is remembered)".to_string(),
    };
    if let Some(file) = &o.presenters {
        who += &format!(
            "\nmeeting mode: {} from {}; everyone else follows",
            count(presenters.len(), "presenter's key", "presenters' keys"),
            file.display()
        );
    }
    let ambi = match o.ambiwidth {
        Ambi::Auto => None,
        Ambi::Narrow => Some(AmbiWidth::Narrow),
        Ambi::Wide => Some(AmbiWidth::Wide),
    };
    let meeting = (o.present || !presenters.is_empty()).then(Meeting::new);
    let config = serve::Config {
        keys,
        presenters,
        meeting: meeting.clone(),
        host_key,
        state_dir: state_dir.clone(),
        max_sessions: o.max_sessions,
        max_per_ip: o.max_per_ip,
        idle_timeout: o.idle_timeout,
        auth_timeout: std::time::Duration::from_secs(30),
        ambi,
    };
    let keymap = Arc::new(Keymap::new(bindings()).map_err(anyhow::Error::msg)?);
    let data = Arc::clone(&served.data);
    let exec: Arc<dyn serve::Exec> = Arc::new(RemoteCommands(served));
    let host_key_path = host_key_path.display().to_string();
    let listen = o.listen;
    let started = move |addr: SocketAddr| {
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
        format!(
            "report-explorer serve: listening on {addr} ({reach})\n\
             host key {host_key_path}{made}: {fingerprint}\n\
             admitting {who}\n\
             connect with: ssh -t -p {} {host}",
            addr.port(),
        )
    };
    match meeting.filter(|_| o.present) {
        None => {
            serve::run(listen, config, data, keymap, exec, |addr| {
                streams::error(&started(addr));
            })
            .with_context(|| format!("cannot serve on {listen}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(meeting) => {
            let log = state_dir.map(|dir| dir.join("serve.log"));
            let server = (listen, config, (data, keymap, exec));
            present(server, (&meeting, o.ambiwidth), log.as_deref(), started)
        }
    }
}

/// `n` and the noun in its number.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the server's sessions share: the report, the keymap, the exec
/// commands.
type Shared = (Arc<ReportData>, Arc<Keymap>, Arc<dyn serve::Exec>);

/// `serve --present`: the server on threads of its own, the reader here as
/// the meeting's presenter; when the reader ends, the server ends (every
/// viewer's terminal restored). The log goes to `log`, not to this
/// terminal.
fn present(
    (listen, config, shared): (SocketAddr, serve::Config, Shared),
    (meeting, ambi): (&Arc<Meeting>, Ambi),
    log: Option<&Path>,
    started: impl FnOnce(SocketAddr) -> String + Send + 'static,
) -> Result<ExitCode> {
    if let Some(path) = log {
        serve::log::to_file(path)
            .with_context(|| format!("cannot open the log {}", path.display()))?;
    } else {
        anyhow::bail!("--present needs a state directory for its log: give --state-dir");
    }
    // A served session's panic is caught there: its report goes to the
    // log, not over the presenter's screen.
    let hook = std::panic::take_hook();
    let here = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == here {
            hook(info);
        } else {
            serve::log::event(&format!("panic: {info}"));
        }
    }));
    let data = Arc::clone(&shared.0);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (ready, listening) = std::sync::mpsc::channel::<String>();
    let server = std::thread::Builder::new()
        .name("serve".into())
        .spawn(move || {
            let on_start = |addr| {
                let _ = ready.send(started(addr));
            };
            serve::run_until(listen, config, shared, on_start, async {
                let _ = stopped.await;
            })
        })
        .context("cannot start the server's thread")?;
    let Ok(banner) = listening.recv() else {
        // It ended before it listened: its error says why.
        return match server.join() {
            Ok(Err(e)) => Err(e).with_context(|| format!("cannot serve on {listen}")),
            _ => anyhow::bail!("the server stopped before it listened on {listen}"),
        };
    };
    serve::log::event(&banner.replace('\n', "; "));
    let name = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "Presenter".into());
    let (presenter, _) = meeting.present(&name);
    let stage: Arc<std::sync::Mutex<dyn Stage>> = Arc::new(std::sync::Mutex::new(presenter));
    let session = crate::Session {
        fresh: false,
        script_given: false,
        state_dir: None,
        mouse: true,
    };
    let colors = (ColorChoice::Auto, ThemeChoice::Auto);
    // How viewers connect, until the first key.
    let connect = banner.lines().last().unwrap_or_default().to_string();
    let notice = format!("Presenting. Viewers {connect}");
    let meeting = (Some(stage), Some(notice));
    let ending = crate::read(data, ambi, colors, Script::Traditional, session, meeting);
    // The reader is done: the meeting ends, every viewer is told.
    let _ = stop.send(());
    let served = server.join();
    streams::error(&banner);
    if let Some(path) = log {
        streams::error(&format!("the server's log: {}", path.display()));
    }
    match served {
        Ok(Err(e)) => streams::error(&format!("report-explorer serve: {e}")),
        Err(_) => streams::error("report-explorer serve: the server failed (see its log)"),
        Ok(Ok(())) => {}
    }
    Ok(ExitCode::from(ending?.status()))
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
            Command::Check(Deferred(CheckArgs { report }))
            | Command::Figures(Deferred(FiguresArgs { report, .. }))
            | Command::Search(Deferred(SearchArgs { report, .. }))
            | Command::Print(Deferred(PrintArgs { report, .. })) => report.is_some(),
            _ => true,
        };
        let error = if matches!(command, Command::Search(_)) {
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
