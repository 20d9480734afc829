//! The command line's arguments (clap). The commands themselves are in
//! main.rs.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use report_explorer::text::script::Script;

/// A terminal reader for long structured reports.
///
/// With no REPORT, every command uses the report embedded in the binary
/// (the 2024 government work report of Wanghua District).
#[derive(Debug, Parser)]
#[command(
    name = "report-explorer",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
    /// How wide East-Asian ambiguous characters (“ ” — … μ) are drawn: auto
    /// prints “ and asks the terminal where its cursor went (up to 150 ms),
    /// and falls back to narrow.
    #[arg(long, value_enum, default_value_t = Ambi::Auto)]
    pub ambiwidth: Ambi,
    /// Colour: auto uses colour unless NO_COLOR is set, as deep as the
    /// terminal says it has (COLORTERM=truecolor or 24bit: 24-bit; a TERM
    /// with 256color: 256; else the 16 ANSI colours); always, the same
    /// despite NO_COLOR; 16, 256 or truecolor, that many colours whatever
    /// the terminal says.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Colours for a dark or a light background; auto reads COLORFGBG
    /// (as rxvt, Konsole and iTerm2 set it) and falls back to dark.
    #[arg(long, value_enum, default_value_t = ThemeChoice::Auto)]
    pub theme: ThemeChoice,
    /// Show the report in traditional characters (as written) or
    /// simplified ones; `s` switches in the reader. Default: the script
    /// the report was last read in, else traditional.
    #[arg(long, value_enum)]
    pub script: Option<ScriptChoice>,
    /// Start at the top, without reading the remembered place, script,
    /// pane and marks (what this session ends with is remembered as usual).
    #[arg(long)]
    pub fresh: bool,
    /// Remember the reading state in DIR instead of the platform's state
    /// directory ($XDG_STATE_HOME/report-explorer or
    /// ~/.local/state/report-explorer on Linux).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Mouse reporting: on, the wheel scrolls and a click focuses, selects
    /// or opens (select text with Shift-drag, or Option-drag in iTerm2 and
    /// macOS Terminal); off leaves the mouse to the terminal.
    #[arg(long, value_enum, default_value_t = MouseChoice::On)]
    pub mouse: MouseChoice,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a report; list every problem with its file, line and column.
    Check(Deferred<CheckArgs>),
    /// Rebuild a report directory from a plain-text report.
    Import(Deferred<ImportArgs>),
    /// Search the report: hanzi in either script, full pinyin or initials,
    /// a number, or an outline position such as 2.3. Best first, one hit per
    /// line: id, where, kind, and a snippet with the match in 【】.
    ///
    /// With --json, one JSON array instead, best first, of objects {"id",
    /// "place", "kind", "snippet" (without 【】), "text" (the whole target:
    /// a heading, lead phrase, sentence, item, term, definition or
    /// quantity), "target": [start, end], "matched": [[start, end], …]}.
    /// Ranges count characters (Unicode scalar values) in the block's text,
    /// end excluded: "text" is the block's characters target, and a matched
    /// range [s, e] is the characters s - target[0] to e - target[0] of
    /// "text".
    ///
    /// Exit status, as grep: 0 when something matched; 1 when nothing did
    /// (nothing is printed, with --json too); 2 on an error (a blank query,
    /// a report that fails to load, bad arguments), with the reason on
    /// stderr.
    Search(Deferred<SearchArgs>),
    /// The headline indicators and every quantity the report states.
    Figures(Deferred<FiguresArgs>),
    /// Print the report as plain text.
    Print(Deferred<PrintArgs>),
    /// Serve the reader over SSH: anyone with an SSH client reads the
    /// report, nothing to install. `ssh -p 2222 HOST` opens the reader
    /// (`ssh -t` for a terminal); `ssh -p 2222 HOST search 招商` runs one of
    /// print, search, figures and check, with the same output and exit
    /// status as here. Logs one line per event on stderr; SIGTERM or
    /// SIGINT restores every client's terminal and exits 0.
    Serve(Deferred<ServeArgs>),
}

/// A subcommand's arguments (`T`, declared with clap's derive), added to
/// its `clap::Command` only when the command line names the subcommand
/// (`Command::defer`). Building every subcommand's arguments was most of
/// clap's work at each start of the reader, which has none (issue 13):
/// about 40 KB of stack and a hundred allocations. Help, errors and
/// parsing are clap's as before; `report-explorer --help` lists the
/// subcommands from their names and descriptions, which are not deferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred<T>(pub T);

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

// `check`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
}

// `import`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The plain-text report (UTF-8).
    pub source: PathBuf,
    /// The report directory to write (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Literal fixes to apply first (YAML, each with a reason).
    #[arg(long)]
    pub fixes: Option<PathBuf>,
    /// The report's id (default: the name of the --out directory).
    #[arg(long)]
    pub id: Option<String>,
}

// `search`'s arguments.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// What to look for (not blank).
    pub query: String,
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
    /// At most this many hits (1 or more).
    #[arg(long, default_value_t = 20, value_parser = at_least_one)]
    pub limit: usize,
    /// Show the report's text in this script.
    #[arg(long, value_enum, default_value_t = ScriptChoice::Traditional)]
    pub script: ScriptChoice,
    /// Print the hits as one JSON array (see above) instead of lines.
    #[arg(long)]
    pub json: bool,
}

// `figures`'s arguments.
#[derive(Debug, clap::Args)]
pub struct FiguresArgs {
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
    /// table (default), json (indicators and quantities) or csv
    /// (quantities, with a header row).
    #[arg(long, value_enum, default_value_t = FiguresFormat::Table)]
    pub format: FiguresFormat,
}

// `print`'s arguments.
#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
    /// Wrap at this many terminal cells; 0 does not wrap. Default: the
    /// terminal's width; in a pipe (or a terminal that reports no
    /// width), no wrap: one line per heading, paragraph or item, as
    /// written, so that grep finds any phrase. At least 2, at most 10000.
    #[arg(long, value_parser = crate::print_width)]
    pub width: Option<usize>,
    /// Print only this part: a part, section, paragraph, list or
    /// glossary id (part1, part2.s3, list1, glossary, glossary.12…).
    #[arg(long)]
    pub section: Option<String>,
    /// How many cells East-Asian ambiguous characters (“ ” — … μ) count
    /// when wrapping: narrow, one, as most terminals draw them; wide,
    /// two, as CJK-locale terminals do. print never asks the terminal.
    #[arg(long, value_enum, default_value_t = PrintAmbi::Narrow)]
    pub ambiwidth: PrintAmbi,
    /// Traditional characters (as written) or simplified ones.
    #[arg(long, value_enum, default_value_t = ScriptChoice::Traditional)]
    pub script: ScriptChoice,
}

// `serve`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A report directory (default: the embedded report).
    pub report: Option<PathBuf>,
    /// Where to listen. An address other than loopback must be given
    /// here; the start-up line then says the server is reachable from
    /// other machines.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// Admit the public keys in this file (OpenSSH authorized_keys
    /// format); each key's place and marks are remembered in the state
    /// directory.
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Admit anyone, without authentication: a public, read-only
    /// reader. Nothing is remembered.
    #[arg(long)]
    pub open: bool,
    /// Meeting mode: the keys in this file (OpenSSH authorized_keys
    /// format) present, named by their comments; every other session
    /// follows the presenter who moved last, free to look away (F follows
    /// again). Presenters are admitted whatever else is.
    #[arg(long, value_name = "FILE")]
    pub presenters: Option<PathBuf>,
    /// Meeting mode: present from this terminal. The reader opens here
    /// while the server serves viewers; quitting it stops the server. The
    /// log goes to serve.log in the state directory.
    #[arg(long)]
    pub present: bool,
    /// The server's host key, a file of your own (OpenSSH format; never
    /// made: a missing file is an error). Default: an ed25519 key made on
    /// the first start in the state directory (mode 0600).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Where the host key and the places of keyed clients are kept
    /// (default: the platform's state directory, under serve/).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// At most this many connections at once.
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = at_least_one)]
    pub max_sessions: usize,
    /// At most this many connections at once from one address.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = at_least_one)]
    pub max_per_ip: usize,
    /// Close a session after this long without input (30m, 90s, 1h…).
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = duration)]
    pub idle_timeout: std::time::Duration,
    /// How wide clients' terminals draw ambiguous characters: auto asks
    /// each terminal over its channel (up to 150 ms).
    #[arg(long, value_enum, default_value_t = Ambi::Auto)]
    pub ambiwidth: Ambi,
}

/// A duration such as 30m, 90s or 1h 30m (humantime's format), above zero.
fn duration(s: &str) -> Result<std::time::Duration, String> {
    match humantime::parse_duration(s) {
        Ok(d) if d.is_zero() => Err("must be longer than zero".to_string()),
        Ok(d) => Ok(d),
        Err(e) => Err(format!("{e} (for example 30m, 90s or 1h)")),
    }
}

/// A count of 1 or more, for --limit.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// How `figures` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FiguresFormat {
    Table,
    Json,
    Csv,
}

/// Which script to show the report in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScriptChoice {
    /// As written.
    Traditional,
    Simplified,
}

impl From<ScriptChoice> for Script {
    fn from(s: ScriptChoice) -> Script {
        match s {
            ScriptChoice::Traditional => Script::Traditional,
            ScriptChoice::Simplified => Script::Simplified,
        }
    }
}

/// When to use colour, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour unless NO_COLOR is set, as deep as the terminal announces.
    Auto,
    /// Colour even with NO_COLOR, as deep as the terminal announces.
    Always,
    /// No colour: bold, underline and reverse video only.
    Never,
    /// The 16 ANSI colours.
    #[value(name = "16")]
    Ansi16,
    /// The 256-colour palette.
    #[value(name = "256")]
    Ansi256,
    /// 24-bit colour.
    Truecolor,
}

/// Which background the colours are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeChoice {
    /// From COLORFGBG; dark when it says nothing.
    Auto,
    Dark,
    Light,
}

/// Whether the reader takes the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MouseChoice {
    On,
    Off,
}

/// How wide East-Asian ambiguous characters are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ambi {
    /// One cell, as most terminals draw them.
    Narrow,
    /// Two cells, as CJK-locale terminals draw them.
    Wide,
    /// Ask the terminal: print “ and read where the cursor went (up to
    /// 150 ms); narrow when it does not answer.
    Auto,
}

/// How many cells East-Asian ambiguous characters count in `print`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrintAmbi {
    /// One cell.
    Narrow,
    /// Two cells.
    Wide,
}
