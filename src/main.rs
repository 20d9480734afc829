//! The command line: the reader, `check`, `import`, `figures`, `search`
//! and `print`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};

use report_explorer::app::{App, Settings};
use report_explorer::colors::{Background, ColorDepth, Colors};
use report_explorer::content::Report;
use report_explorer::data::ReportData;
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::print::MAX_WIDTH;
use report_explorer::saved::Store;
use report_explorer::term::streams;
use report_explorer::term::{self, memory::Memory};
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;

mod cli;
mod commands;
use cli::{Ambi, Cli, ColorChoice, Command, MouseChoice, ThemeChoice};
use commands::{check, figures, import_cmd, print, search, Io};

fn main() -> ExitCode {
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // `search` exits as grep does: 1 means "nothing matched", so its
    // errors exit 2.
    let error = if matches!(cli.command, Some(Command::Search { .. })) {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            streams::error(&format!("report-explorer: {e:#}"));
            error
        }
    }
}

/// The command line's arguments, or the status to exit with once clap's
/// message (an error, or the help or version asked for) is written. It is
/// written without panicking: on a closed pipe quietly, with clap's status;
/// another failure to write the help or version is said on stderr, with
/// status 1.
fn parse_args() -> Result<Cli, ExitCode> {
    let matches = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let e = match matches {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    let to_stdout = !e.use_stderr();
    let terminal = if to_stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = if color {
        e.render().ansi().to_string()
    } else {
        e.render().to_string()
    };
    if !to_stdout {
        streams::error_text(&text);
        return Err(ExitCode::from(code));
    }
    match streams::out(&text) {
        Ok(_) => Err(ExitCode::from(code)),
        Err(err) => {
            streams::error(&format!("report-explorer: cannot write to stdout: {err}"));
            Err(ExitCode::FAILURE)
        }
    }
}

/// The arguments as `cli.rs` declares them, with `print --width` bounded
/// by [`MAX_WIDTH`] (a width sizes what is laid out: 18446744073709551615
/// would be a 9 EB allocation): a larger one is refused with status 2.
fn command() -> clap::Command {
    Cli::command().mut_subcommand("print", |print| {
        print.mut_arg("width", |width| {
            let help = width
                .get_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            width
                .value_parser(print_width)
                .help(format!("{help} At least 2, at most {MAX_WIDTH}."))
        })
    })
}

/// `print --width`: 0 (no wrap), or a count of cells from 2 (a hanzi) to
/// [`MAX_WIDTH`].
fn print_width(s: &str) -> Result<usize, String> {
    let too_wide = || format!("at most {MAX_WIDTH} cells (0: no wrap)");
    match s.parse::<usize>() {
        // A row of one cell cannot hold a hanzi.
        Ok(1) => Err("at least 2 cells, the width of a hanzi (0: no wrap)".to_string()),
        Ok(n) if n <= MAX_WIDTH => Ok(n),
        Ok(_) => Err(too_wide()),
        // Digits past usize::MAX are too wide as well.
        Err(_) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => Err(too_wide()),
        Err(e) => Err(e.to_string()),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let terminal_width = if std::io::stdout().is_terminal() {
        term::size().map(|(w, _)| usize::from(w))
    } else {
        None
    };
    let mut io = Io {
        out: &mut out,
        err: &mut err,
        terminal_width,
    };
    match cli.command {
        None => {
            let report = io.load(cli.report.as_deref());
            drop((out, err));
            let Some(report) = report else {
                return Ok(ExitCode::FAILURE);
            };
            reader(
                report,
                cli.ambiwidth,
                (cli.color, cli.theme),
                cli.script.map_or(Script::Traditional, Into::into),
                Session {
                    fresh: cli.fresh,
                    script_given: cli.script.is_some(),
                    state_dir: cli.state_dir,
                    mouse: cli.mouse == MouseChoice::On,
                },
            )
        }
        Some(Command::Import {
            source,
            out,
            fixes,
            id,
        }) => import_cmd(&mut io, &source, &out, fixes.as_deref(), id),
        Some(Command::Serve {
            report,
            listen,
            authorized_keys,
            open,
            host_key,
            state_dir,
            max_sessions,
            max_per_ip,
            idle_timeout,
            ambiwidth,
        }) => {
            let report_dir = report.clone();
            let Some(report) = io.load(report.as_deref()) else {
                return Ok(ExitCode::FAILURE);
            };
            drop((out, err));
            serve(
                Served {
                    dir: report_dir,
                    data: Arc::new(ReportData::new(report)),
                },
                ServeOptions {
                    listen,
                    authorized_keys,
                    open,
                    host_key,
                    state_dir,
                    max_sessions,
                    max_per_ip,
                    idle_timeout,
                    ambiwidth,
                },
            )
        }
        Some(command) => read_only(&mut io, command, None),
    }
}

/// `serve`'s flags.
struct ServeOptions {
    listen: std::net::SocketAddr,
    authorized_keys: Option<PathBuf>,
    open: bool,
    host_key: Option<PathBuf>,
    state_dir: Option<PathBuf>,
    max_sessions: usize,
    max_per_ip: usize,
    idle_timeout: std::time::Duration,
    ambiwidth: Ambi,
}

/// `serve`: check who may connect and the host key, say where it listens
/// and the key's fingerprint, then serve until SIGTERM or SIGINT (exit 0).
fn serve(served: Served, o: ServeOptions) -> Result<ExitCode> {
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

/// The read-only commands (`check`, `figures`, `search`, `print`), on the
/// report the command names, or on `served` (the report `serve` shares,
/// already loaded) when there is one.
fn read_only(io: &mut Io, command: Command, served: Option<&Served>) -> Result<ExitCode> {
    let dir = |report: Option<PathBuf>| served.map_or(report, |s| s.dir.clone());
    let data = |io: &mut Io, report: Option<PathBuf>| match served {
        Some(s) => Some(Arc::clone(&s.data)),
        None => io
            .load(report.as_deref())
            .map(|r| Arc::new(ReportData::new(r))),
    };
    match command {
        Command::Check { report } => check(io, dir(report).as_deref()),
        Command::Figures { report, format } => match data(io, report) {
            Some(data) => figures(io, &data, format),
            None => Ok(ExitCode::FAILURE),
        },
        Command::Search {
            query,
            report,
            limit,
            script,
            json,
        } => search(
            io,
            dir(report).as_deref(),
            served.map(|s| &*s.data),
            &query,
            limit,
            script.into(),
            json,
        ),
        Command::Print {
            report,
            width,
            section,
            ambiwidth,
            script,
        } => match data(io, report) {
            Some(data) => print(
                io,
                &data,
                width,
                section.as_deref(),
                ambiwidth,
                script.into(),
            ),
            None => Ok(ExitCode::FAILURE),
        },
        Command::Import { .. } | Command::Serve { .. } => {
            io.error("report-explorer: not a read-only command");
            Ok(ExitCode::from(2))
        }
    }
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

/// The report `serve` shares: where it came from (None: the embedded
/// one) and its data, loaded once.
pub struct Served {
    pub dir: Option<PathBuf>,
    pub data: Arc<ReportData>,
}

/// Whether to use colour, and which colours, as the flags and the
/// terminal's environment (`var`: a variable's value, when set) ask:
/// NO_COLOR turns colour off unless a flag asks for it; the depth is the
/// flag's, or what COLORTERM and TERM announce; the background is the
/// flag's, or what COLORFGBG says, or dark.
fn colors_of(
    color: ColorChoice,
    theme: ThemeChoice,
    var: &dyn Fn(&str) -> Option<String>,
) -> (bool, Colors) {
    let no_color = var("NO_COLOR").is_some_and(|v| !v.is_empty());
    let announced = || ColorDepth::announced(var("COLORTERM").as_deref(), var("TERM").as_deref());
    let (on, depth) = match color {
        ColorChoice::Auto => (!no_color, announced()),
        ColorChoice::Always => (true, announced()),
        ColorChoice::Never => (false, ColorDepth::Ansi16),
        ColorChoice::Ansi16 => (true, ColorDepth::Ansi16),
        ColorChoice::Ansi256 => (true, ColorDepth::Ansi256),
        ColorChoice::Truecolor => (true, ColorDepth::TrueColor),
    };
    let background = match theme {
        ThemeChoice::Dark => Background::Dark,
        ThemeChoice::Light => Background::Light,
        ThemeChoice::Auto => var("COLORFGBG")
            .and_then(|v| Background::from_colorfgbg(&v))
            .unwrap_or_default(),
    };
    (on, Colors { depth, background })
}

/// The reader's session flags: the remembered state and the mouse.
struct Session {
    /// `--fresh`: do not read the remembered state.
    fresh: bool,
    /// `--script` was given: it wins over the remembered script.
    script_given: bool,
    /// `--state-dir`: where the state is remembered.
    state_dir: Option<PathBuf>,
    mouse: bool,
}

fn reader(
    report: Report,
    ambi: Ambi,
    (color, theme): (ColorChoice, ThemeChoice),
    script: Script,
    session: Session,
) -> Result<ExitCode> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() || dumb {
        streams::error(
            "report-explorer: the reader needs a terminal (stdout is not one, or TERM is dumb); \
             to read the report as text, use `report-explorer print`",
        );
        return Ok(ExitCode::from(2));
    }
    let (color, colors) = colors_of(color, theme, &|name| std::env::var(name).ok());
    let settings = Settings {
        ambi: match ambi {
            Ambi::Wide => AmbiWidth::Wide,
            _ => AmbiWidth::Narrow,
        },
        color,
        script,
        colors,
    };
    let keymap = Keymap::new(bindings()).map_err(anyhow::Error::msg)?;
    let app = App::open(Arc::new(ReportData::new(report)), settings);
    let store = match session.state_dir {
        Some(dir) => Some(Store::new(dir)),
        None => Store::platform(),
    };
    let options = term::Options {
        probe_ambiwidth: ambi == Ambi::Auto,
        mouse: session.mouse,
        memory: Memory::new(store, !session.fresh, &app).keep_script(session.script_given),
    };
    let ending = term::run(app, &keymap, &options).context("terminal error")?;
    Ok(ExitCode::from(ending.status()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `colors_of` with these variables set.
    fn with(color: ColorChoice, theme: ThemeChoice, vars: &[(&str, &str)]) -> (bool, Colors) {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        colors_of(color, theme, &|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn colours_follow_the_flags_then_the_terminal() {
        use ColorChoice::*;
        use ThemeChoice as T;
        let dark16 = Colors::default();
        assert_eq!(with(Auto, T::Auto, &[]), (true, dark16));
        assert_eq!(
            with(Auto, T::Auto, &[("TERM", "xterm-16color")]),
            (true, dark16)
        );
        let (_, c) = with(Auto, T::Auto, &[("TERM", "xterm-256color")]);
        assert_eq!(c.depth, ColorDepth::Ansi256);
        let (_, c) = with(
            Auto,
            T::Auto,
            &[("TERM", "xterm"), ("COLORTERM", "truecolor")],
        );
        assert_eq!(c.depth, ColorDepth::TrueColor);
        // NO_COLOR: off under auto, on when a flag asks.
        let no = [("NO_COLOR", "1"), ("TERM", "xterm-256color")];
        assert!(!with(Auto, T::Auto, &no).0);
        assert_eq!(with(Always, T::Auto, &no).1.depth, ColorDepth::Ansi256);
        assert!(with(Always, T::Auto, &no).0);
        assert_eq!(with(Ansi16, T::Auto, &no), (true, dark16));
        assert!(with(Auto, T::Auto, &[("NO_COLOR", "")]).0);
        assert!(!with(Never, T::Auto, &[]).0);
        // The flag's depth whatever the terminal says.
        let (_, c) = with(Ansi256, T::Auto, &[("TERM", "xterm-16color")]);
        assert_eq!(c.depth, ColorDepth::Ansi256);
        let (_, c) = with(Truecolor, T::Auto, &[]);
        assert_eq!(c.depth, ColorDepth::TrueColor);
    }

    #[test]
    fn the_background_comes_from_the_flag_or_colorfgbg() {
        use ThemeChoice as T;
        let bg = |theme, vars: &[(&str, &str)]| with(ColorChoice::Auto, theme, vars).1.background;
        // 望花區's report on white paper: COLORFGBG=0;15.
        assert_eq!(bg(T::Auto, &[("COLORFGBG", "0;15")]), Background::Light);
        assert_eq!(bg(T::Auto, &[("COLORFGBG", "15;0")]), Background::Dark);
        assert_eq!(bg(T::Auto, &[("COLORFGBG", "default")]), Background::Dark);
        assert_eq!(bg(T::Auto, &[]), Background::Dark);
        assert_eq!(bg(T::Dark, &[("COLORFGBG", "0;15")]), Background::Dark);
        assert_eq!(bg(T::Light, &[("COLORFGBG", "15;0")]), Background::Light);
    }
}
