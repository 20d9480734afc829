//! The command line: the reader, `check`, `import`, `figures`, `search`
//! and `print`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};

use report_explorer::app::follow::Stage;
use report_explorer::app::{App, Settings};
use report_explorer::colors::{Background, ColorDepth, Colors};
use report_explorer::content::{embedded, Report};
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
mod remote;
use cli::{
    Ambi, CheckArgs, Cli, ColorChoice, Command, Deferred, FiguresArgs, ImportArgs, MouseChoice,
    PrintArgs, SearchArgs, ThemeChoice,
};
use commands::{check, figures, import_cmd, print, search, Io};
use remote::Served;

fn main() -> ExitCode {
    passwd_from_files_only();
    let cli = match parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // `search` exits as grep does: 1 means "nothing matched", so its
    // errors exit 2.
    let error = if matches!(cli.command, Some(Command::Search(_))) {
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

/// In a static build (glibc linked in: `.cargo/static-bin`), the one
/// name-service lookup the program makes, the home directory by user id
/// when HOME is unset (for the state directory), reads /etc/passwd alone.
/// Another source in nsswitch.conf (systemd, sss, ldap) would be a module
/// loaded from the system's shared glibc, which crashes a statically linked
/// process (glibc's own warning for getpwuid_r in static programs): a
/// user /etc/passwd does not list then has no home directory, as for a
/// dynamic build where no module knows the user. glibc's
/// `__nss_configure_lookup` (nss.h).
#[cfg(all(target_os = "linux", target_env = "gnu", target_feature = "crt-static"))]
fn passwd_from_files_only() {
    // Only when the lookup can happen (the `directories` crate reads HOME
    // first, unless it is empty): the call reads nsswitch.conf.
    if std::env::var_os("HOME").is_some_and(|home| !home.is_empty()) {
        return;
    }
    extern "C" {
        fn __nss_configure_lookup(
            db: *const std::ffi::c_char,
            service_line: *const std::ffi::c_char,
        ) -> std::ffi::c_int;
    }
    // SAFETY: two NUL-terminated strings that outlive the call, before any
    // other thread exists.
    unsafe {
        __nss_configure_lookup(c"passwd".as_ptr(), c"files".as_ptr());
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", target_feature = "crt-static")))]
fn passwd_from_files_only() {}

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

/// The arguments as `cli.rs` declares them (each subcommand's built only
/// when it is named: `cli::Deferred`).
fn command() -> clap::Command {
    Cli::command()
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
    // The terminal's width wraps `print`'s output; the reader asks for its
    // size itself (not twice at start).
    let prints = matches!(cli.command, Some(Command::Print(_)));
    let terminal_width = if prints && std::io::stdout().is_terminal() {
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
                report_data(report, cli.report.is_none()),
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
        Some(Command::Import(Deferred(ImportArgs {
            source,
            out,
            fixes,
            id,
        }))) => import_cmd(&mut io, &source, &out, fixes.as_deref(), id),
        Some(Command::Serve(Deferred(args))) => {
            let Some(report) = io.load(args.report.as_deref()) else {
                return Ok(ExitCode::FAILURE);
            };
            drop((out, err));
            let served = Served {
                dir: args.report.clone(),
                data: Arc::new(report_data(report, args.report.is_none())),
            };
            remote::serve(served, args)
        }
        Some(command) => read_only(&mut io, command, None),
    }
}

/// The read-only commands (`check`, `figures`, `search`, `print`), on the
/// report the command names, or on `served` (the report `serve` shares,
/// already loaded) when there is one.
pub(crate) fn read_only(
    io: &mut Io,
    command: Command,
    served: Option<&Served>,
) -> Result<ExitCode> {
    let dir = |report: Option<PathBuf>| served.map_or(report, |s| s.dir.clone());
    let data = |io: &mut Io, report: Option<PathBuf>| match served {
        Some(s) => Some(Arc::clone(&s.data)),
        None => io
            .load(report.as_deref())
            .map(|r| Arc::new(ReportData::new(r))),
    };
    match command {
        Command::Check(Deferred(CheckArgs { report })) => check(io, dir(report).as_deref()),
        Command::Figures(Deferred(FiguresArgs { report, format })) => match data(io, report) {
            Some(data) => figures(io, &data, format),
            None => Ok(ExitCode::FAILURE),
        },
        Command::Search(Deferred(SearchArgs {
            query,
            report,
            limit,
            script,
            json,
        })) => search(
            io,
            dir(report).as_deref(),
            served.map(|s| &*s.data),
            &query,
            limit,
            script.into(),
            json,
        ),
        Command::Print(Deferred(PrintArgs {
            report,
            width,
            section,
            ambiwidth,
            script,
        })) => match data(io, report) {
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
        Command::Import(_) | Command::Serve(_) => {
            io.error("report-explorer: not a read-only command");
            Ok(ExitCode::from(2))
        }
    }
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
pub(crate) struct Session {
    /// `--fresh`: do not read the remembered state.
    pub(crate) fresh: bool,
    /// `--script` was given: it wins over the remembered script.
    pub(crate) script_given: bool,
    /// `--state-dir`: where the state is remembered.
    pub(crate) state_dir: Option<PathBuf>,
    pub(crate) mouse: bool,
}

/// The shared data of a loaded report; the embedded one's content hash is
/// known beforehand, and not computed at start.
fn report_data(report: Report, embedded: bool) -> ReportData {
    let data = ReportData::new(report);
    if embedded {
        data.knowing_content_hash(embedded::content_hash())
    } else {
        data
    }
}

fn reader(
    data: ReportData,
    ambi: Ambi,
    colors: (ColorChoice, ThemeChoice),
    script: Script,
    session: Session,
) -> Result<ExitCode> {
    if !has_terminal() {
        streams::error(
            "report-explorer: the reader needs a terminal (stdout is not one, or TERM is dumb); \
             to read the report as text, use `report-explorer print`",
        );
        return Ok(ExitCode::from(2));
    }
    let data = Arc::new(data);
    let ending = read(data, ambi, colors, script, session, (None, None))?;
    Ok(ExitCode::from(ending.status()))
}

/// Whether stdin and stdout are a terminal the reader can draw on.
pub(crate) fn has_terminal() -> bool {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal() && !dumb
}

/// The reader in this terminal, on `data`; presenting to a meeting when
/// `stage` is given (`serve --present`).
pub(crate) fn read(
    data: Arc<ReportData>,
    ambi: Ambi,
    (color, theme): (ColorChoice, ThemeChoice),
    script: Script,
    session: Session,
    (stage, notice): (Option<Arc<std::sync::Mutex<dyn Stage>>>, Option<String>),
) -> Result<term::Ending> {
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
    let app = App::open(data, settings);
    let store = match session.state_dir {
        Some(dir) => Some(Store::new(dir)),
        None => Store::platform(),
    };
    let options = term::Options {
        probe_ambiwidth: ambi == Ambi::Auto,
        mouse: session.mouse,
        memory: Memory::new(store, !session.fresh, &app).keep_script(session.script_given),
        stage,
        notice,
    };
    term::run(app, &keymap, &options).context("terminal error")
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
    fn subcommands_get_their_arguments_only_when_named() {
        use clap::Parser;
        // Deferred: not built at start, when the reader needs none of them.
        let cmd = command();
        for name in ["check", "import", "search", "figures", "print", "serve"] {
            let sub = cmd.find_subcommand(name).expect("a subcommand");
            assert_eq!(sub.get_arguments().count(), 0, "{name}");
            assert!(sub.get_about().is_some(), "{name} keeps its description");
        }
        // Built when named: `print --width` with its bounds.
        let cli = Cli::try_parse_from(["report-explorer", "print", "--width", "40"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Print(Deferred(PrintArgs {
                width: Some(40),
                ..
            })))
        ));
        assert!(Cli::try_parse_from(["report-explorer", "print", "--width", "1"]).is_err());
        let mut cmd = command();
        cmd.build();
        let print = cmd.find_subcommand_mut("print").expect("print");
        let help = print.render_long_help().to_string();
        assert!(help.contains(&format!("at most {MAX_WIDTH}")), "{help}");
        // The reader's own flags, and a search for 望花.
        let cli = Cli::try_parse_from(["report-explorer", "--ambiwidth", "narrow"]).unwrap();
        assert!(cli.command.is_none() && cli.ambiwidth == Ambi::Narrow);
        let cli = Cli::try_parse_from(["report-explorer", "search", "望花", "--json"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Search(Deferred(SearchArgs { ref query, json: true, .. }))) if query == "望花"
        ));
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
