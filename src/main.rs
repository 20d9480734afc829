//! The command line: the reader, `check`, `import` and `print`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use report_explorer::app::{App, Settings};
use report_explorer::content::{self, import, DirSource, Problems, Report};
use report_explorer::keymap::{bindings, Keymap};
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;

/// How `figures` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FiguresFormat {
    Table,
    Json,
    Csv,
}

/// Which script to show the report in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ScriptChoice {
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

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How wide East-Asian ambiguous characters are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Ambi {
    Narrow,
    Wide,
    /// Ask the terminal (falls back to narrow).
    Auto,
}

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
struct Cli {
    /// A report directory (default: the embedded report).
    report: Option<PathBuf>,
    /// How wide East-Asian ambiguous characters (“ ” — …) are drawn: auto
    /// asks the terminal, briefly, and falls back to narrow.
    #[arg(long, value_enum, default_value_t = Ambi::Auto)]
    ambiwidth: Ambi,
    /// Colour: auto honours NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Show the report in traditional characters (as written) or
    /// simplified ones; `s` switches in the reader.
    #[arg(long, value_enum, default_value_t = ScriptChoice::Traditional)]
    script: ScriptChoice,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a report; list every problem with its file, line and column.
    Check {
        /// A report directory (default: the embedded report).
        report: Option<PathBuf>,
    },
    /// Rebuild a report directory from a plain-text report.
    Import {
        /// The plain-text report (UTF-8).
        source: PathBuf,
        /// The report directory to write (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Literal fixes to apply first (YAML, each with a reason).
        #[arg(long)]
        fixes: Option<PathBuf>,
        /// The report's id (default: the name of the --out directory).
        #[arg(long)]
        id: Option<String>,
    },
    /// Search the report: hanzi in either script, full pinyin or initials,
    /// a number, or an outline position such as 2.3. Best first, one hit per
    /// line (id, where, snippet); prints nothing and exits 1 when nothing
    /// matches.
    Search {
        /// What to look for.
        query: String,
        /// A report directory (default: the embedded report).
        report: Option<PathBuf>,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Show the report's text in this script.
        #[arg(long, value_enum, default_value_t = ScriptChoice::Traditional)]
        script: ScriptChoice,
    },
    /// The headline indicators and every quantity the report states.
    Figures {
        /// A report directory (default: the embedded report).
        report: Option<PathBuf>,
        /// table (default), json (indicators and quantities) or csv
        /// (quantities, with a header row).
        #[arg(long, value_enum, default_value_t = FiguresFormat::Table)]
        format: FiguresFormat,
    },
    /// Print the report as plain text.
    Print {
        /// A report directory (default: the embedded report).
        report: Option<PathBuf>,
        /// Width in terminal cells (default: the terminal's, or 80 in a pipe).
        #[arg(long)]
        width: Option<usize>,
        /// Print only this part: a part, section, paragraph, list or
        /// glossary id (part1, part2.s3, list1, glossary, glossary.12…).
        #[arg(long)]
        section: Option<String>,
        /// How wide East-Asian ambiguous characters (“ ” — …) count.
        #[arg(long, value_enum, default_value_t = Ambi::Narrow)]
        ambiwidth: Ambi,
        /// Traditional characters (as written) or simplified ones.
        #[arg(long, value_enum, default_value_t = ScriptChoice::Traditional)]
        script: ScriptChoice,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("report-explorer: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => reader(
            cli.report.as_deref(),
            cli.ambiwidth,
            cli.color,
            cli.script.into(),
        ),
        Some(Command::Check { report }) => check(report.as_deref()),
        Some(Command::Import {
            source,
            out,
            fixes,
            id,
        }) => import_cmd(&source, &out, fixes.as_deref(), id),
        Some(Command::Figures { report, format }) => figures(report.as_deref(), format),
        Some(Command::Search {
            query,
            report,
            limit,
            script,
        }) => search(report.as_deref(), &query, limit, script.into()),
        Some(Command::Print {
            report,
            width,
            section,
            ambiwidth,
            script,
        }) => print(
            report.as_deref(),
            width,
            section.as_deref(),
            ambiwidth,
            script.into(),
        ),
    }
}

/// Load a report directory, or the embedded report.
fn load(dir: Option<&Path>) -> Result<Report, Problems> {
    match dir {
        Some(dir) => content::load(&DirSource::new(dir)),
        None => content::load_embedded(),
    }
}

/// Load a report, or print its problems and give None.
fn load_or_report(dir: Option<&Path>) -> Option<Report> {
    load(dir).map_err(|p| report_problems(&p)).ok()
}

/// Write to stdout; a reader that closed the pipe early is not an error.
fn write_out(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => r
            .map(|_| ExitCode::SUCCESS)
            .context("cannot write to stdout"),
    }
}

fn report_problems(problems: &Problems) {
    eprintln!("{problems}");
    let n = problems.0.len();
    eprintln!(
        "report-explorer: {n} problem{} found",
        if n == 1 { "" } else { "s" }
    );
}

fn reader(dir: Option<&Path>, ambi: Ambi, color: ColorChoice, script: Script) -> Result<ExitCode> {
    let Some(report) = load_or_report(dir) else {
        return Ok(ExitCode::FAILURE);
    };
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() || dumb {
        eprintln!(
            "report-explorer: the reader needs a terminal (stdout is not one, or TERM is dumb); \
             to read the report as text, use `report-explorer print`"
        );
        return Ok(ExitCode::from(2));
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let settings = Settings {
        ambi: match ambi {
            Ambi::Wide => AmbiWidth::Wide,
            _ => AmbiWidth::Narrow,
        },
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color,
        },
        script,
    };
    let keymap = Keymap::new(bindings()).map_err(anyhow::Error::msg)?;
    let app = App::new(report, settings);
    report_explorer::term::run(app, &keymap, ambi == Ambi::Auto).context("terminal error")?;
    Ok(ExitCode::SUCCESS)
}

fn check(dir: Option<&Path>) -> Result<ExitCode> {
    let name = dir.map_or_else(
        || content::embedded::LABEL.to_string(),
        |d| d.display().to_string(),
    );
    match load(dir) {
        Ok(r) => {
            let sections: usize = r.parts.iter().map(|p| p.sections.len()).sum();
            let entries = r.glossary.as_ref().map_or(0, |g| g.entries.len());
            let citations: usize = r.paragraphs().map(|p| p.body.refs.len()).sum::<usize>()
                + r.items().map(|i| i.body.refs.len()).sum::<usize>();
            println!(
                "{name}: ok (parts: {}, sections: {sections}, paragraphs: {}, list items: {}, \
                 glossary entries: {entries}, footnote markers: {citations}, indicators: {})",
                r.parts.len(),
                r.paragraphs().count(),
                r.items().count(),
                r.indicators.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(p) => {
            report_problems(&p);
            Ok(ExitCode::FAILURE)
        }
    }
}

fn import_cmd(
    source: &Path,
    out: &Path,
    fixes: Option<&Path>,
    id: Option<String>,
) -> Result<ExitCode> {
    let bytes =
        std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
    let fixes_text = match fixes {
        Some(f) => Some(
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?,
        ),
        None => None,
    };
    let id = match id {
        Some(id) => id,
        None => out
            .file_name()
            .and_then(|n| n.to_str())
            .context("cannot take a report id from --out; give one with --id")?
            .to_string(),
    };
    let fixes = fixes.zip(fixes_text.as_deref());
    let output = match import::import(&id, source, &bytes, fixes) {
        Ok(o) => o,
        Err(problems) => {
            report_problems(&Problems(problems));
            return Ok(ExitCode::FAILURE);
        }
    };
    for w in &output.warnings {
        eprintln!("{w}");
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, text) in &output.files {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "report-explorer: wrote {} files to {} ({} pinyin annotations removed, {} fixes applied, {} warnings)",
        output.files.len(),
        out.display(),
        output.stats.pinyin_removed,
        output.stats.fixes_applied,
        output.warnings.len()
    );
    // What was written must load.
    if let Err(p) = content::load(&DirSource::new(out)) {
        report_problems(&p);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn figures(dir: Option<&Path>, format: FiguresFormat) -> Result<ExitCode> {
    use report_explorer::figures::{export, extract::extract};
    let Some(report) = load_or_report(dir) else {
        return Ok(ExitCode::FAILURE);
    };
    let quantities = extract(&report_explorer::document::Document::new(&report));
    let text = match format {
        FiguresFormat::Table => export::table(&report, &quantities),
        FiguresFormat::Json => export::json(&report, &quantities),
        FiguresFormat::Csv => export::csv(&quantities),
    };
    write_out(&text)
}

fn search(dir: Option<&Path>, query: &str, limit: usize, script: Script) -> Result<ExitCode> {
    let Some(report) = load_or_report(dir) else {
        return Ok(ExitCode::FAILURE);
    };
    let lines = report_explorer::search::cli::lines(&report, query, limit, script);
    if lines.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    write_out(&text)
}

fn print(
    dir: Option<&Path>,
    width: Option<usize>,
    section: Option<&str>,
    ambi: Ambi,
    script: Script,
) -> Result<ExitCode> {
    let Some(report) = load_or_report(dir) else {
        return Ok(ExitCode::FAILURE);
    };
    let width = width.unwrap_or_else(|| {
        let tty = std::io::stdout().is_terminal();
        let size = if tty {
            crossterm::terminal::size().ok()
        } else {
            None
        };
        size.map_or(80, |(w, _)| usize::from(w))
    });
    let ambi = match ambi {
        Ambi::Wide => AmbiWidth::Wide,
        _ => AmbiWidth::Narrow,
    };
    let report = report_explorer::text::script::convert_report(&report, script);
    let text = match report_explorer::print::render(&report, width, ambi, section) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("report-explorer: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    write_out(&text)
}
