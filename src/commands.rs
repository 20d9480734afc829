//! The commands other than the reader: `check`, `import`, `figures`,
//! `search` and `print`, each writing what it finds to the streams it is
//! given ([`Io`]: stdout and stderr locally, an SSH channel under `serve`)
//! without ever panicking, and returning the exit status.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use report_explorer::content::{self, import, DirSource, Problems, Report};
use report_explorer::data::ReportData;
use report_explorer::term::streams::{self, Written};
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;

use crate::cli::{FiguresFormat, PrintAmbi};

/// Where a command writes: its output and its messages, and the width of
/// the terminal its output goes to (None: a pipe, or a terminal that
/// reports no columns).
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub terminal_width: Option<usize>,
}

impl Io<'_> {
    /// Write to the output, flushed; a reader that closed the pipe early
    /// is not an error (status 0, nothing more written). Another failure
    /// is an error, for the caller to report on `err`.
    pub fn write_out(&mut self, text: &str) -> Result<ExitCode> {
        match streams::write_to(self.out, text.as_bytes()).context("cannot write to stdout")? {
            Written::All | Written::Closed => Ok(ExitCode::SUCCESS),
        }
    }

    /// Write `line` and a line break to `err`, as well as it can be.
    pub fn error(&mut self, line: &str) {
        let _ = streams::write_to(self.err, format!("{line}\n").as_bytes());
    }

    /// Write `text` (its line breaks its own) to `err`, as well as it can be.
    pub fn error_text(&mut self, text: &str) {
        let _ = streams::write_to(self.err, text.as_bytes());
    }

    /// The problems on `err`, in one write, with a count of them.
    pub fn report_problems(&mut self, problems: &Problems) {
        let errors = problems
            .0
            .iter()
            .filter(|p| p.severity == content::problem::Severity::Error)
            .count();
        let warnings = problems.0.len() - errors;
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let summary = if warnings == 0 {
            count(errors, "problem")
        } else {
            format!("{}, {}", count(errors, "error"), count(warnings, "warning"))
        };
        self.error_text(&format!("{problems}\nreport-explorer: {summary} found\n"));
    }

    /// Load a report directory, or the embedded report; or write its
    /// problems and give None.
    pub fn load(&mut self, dir: Option<&Path>) -> Option<Report> {
        let loaded = match dir {
            Some(dir) => content::load(&DirSource::new(dir)),
            None => content::load_embedded(),
        };
        loaded.map_err(|p| self.report_problems(&p)).ok()
    }
}

pub fn check(io: &mut Io, dir: Option<&Path>) -> Result<ExitCode> {
    let name = dir.map_or_else(
        || content::embedded::LABEL.to_string(),
        |d| d.display().to_string(),
    );
    let loaded = match dir {
        Some(dir) => content::load::load_checked(&DirSource::new(dir)),
        None => content::load::load_checked(&content::embedded::source()),
    };
    match loaded {
        Ok(content::load::Loaded {
            report: r,
            warnings,
        }) => {
            // Warnings do not fail the check: each on stderr, then the
            // summary on stdout.
            for w in &warnings {
                io.error_text(&format!("{w}\n"));
            }
            let sections: usize = r.parts.iter().map(|p| p.sections.len()).sum();
            let entries = r.glossary.as_ref().map_or(0, |g| g.entries.len());
            let citations: usize = r.paragraphs().map(|p| p.body.refs.len()).sum::<usize>()
                + r.items().map(|i| i.body.refs.len()).sum::<usize>();
            io.write_out(&format!(
                "{name}: ok (parts: {}, sections: {sections}, paragraphs: {}, list items: {}, \
                 glossary entries: {entries}, footnote markers: {citations}, indicators: {})\n",
                r.parts.len(),
                r.paragraphs().count(),
                r.items().count(),
                r.indicators.len()
            ))
        }
        Err(p) => {
            io.report_problems(&p);
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn import_cmd(
    io: &mut Io,
    source: &Path,
    out: &Path,
    fixes: Option<&Path>,
    id: Option<String>,
) -> Result<ExitCode> {
    // Regular files only, and no more than the limit: a FIFO or a huge
    // file is refused, never waited on.
    let bytes = content::source::read_file(source)
        .with_context(|| format!("cannot read {}", source.display()))?;
    let fixes_text = match fixes {
        Some(f) => {
            let raw = content::source::read_file(f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            match content::load::decode(f, raw) {
                Ok(text) => Some(text),
                Err(p) => {
                    io.report_problems(&Problems(vec![p]));
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
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
            io.report_problems(&Problems(problems));
            return Ok(ExitCode::FAILURE);
        }
    };
    drop(bytes);
    for w in &output.warnings {
        io.error(&w.to_string());
    }
    let (warnings, stats) = (output.warnings.len(), output.stats);
    // Validated whole in memory, then swapped in: `--out` is all old or
    // all new, and unchanged on any error.
    let written = match import::write::write_report(out, output.files) {
        Ok(written) => written,
        Err(import::write::WriteError::Invalid(p)) => {
            io.report_problems(&p);
            io.error(&format!(
                "report-explorer: nothing written to {}: the imported report does not load \
                 (the positions are in the files import would write)",
                out.display()
            ));
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => {
            io.error(&format!("report-explorer: {e}"));
            return Ok(ExitCode::FAILURE);
        }
    };
    let names = |list: &[std::ffi::OsString]| {
        list.iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !written.kept.is_empty() {
        io.error(&format!(
            "report-explorer: kept from {}: {}",
            out.display(),
            names(&written.kept)
        ));
    }
    if !written.dropped.is_empty() {
        io.error(&format!(
            "report-explorer: left out, from an earlier import: {}",
            names(&written.dropped)
        ));
    }
    if let Some(old) = &written.leftover {
        io.error(&format!(
            "report-explorer: the old report could not be removed: delete {} by hand",
            old.display()
        ));
    }
    for dir in &written.removed {
        io.error(&format!(
            "report-explorer: removed {}, left by an interrupted import",
            dir.display()
        ));
    }
    io.error(&format!(
        "report-explorer: wrote {} files to {} ({} pinyin annotations removed, {} fixes applied, {} warnings)",
        written.files,
        out.display(),
        stats.pinyin_removed,
        stats.fixes_applied,
        warnings
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn figures(io: &mut Io, data: &ReportData, format: FiguresFormat) -> Result<ExitCode> {
    use report_explorer::figures::export;
    let (report, quantities) = (data.report(), data.quantities());
    let text = match format {
        FiguresFormat::Table => export::table(report, quantities),
        FiguresFormat::Csv => export::csv(data.written_doc(), quantities),
        FiguresFormat::Json => {
            // Written as it is made: a million quantities make hundreds
            // of megabytes of JSON.
            let doc = data.written_doc();
            let mut out = io::BufWriter::with_capacity(64 * 1024, &mut *io.out);
            match export::write_json(&mut out, report, doc, quantities).and_then(|()| out.flush()) {
                Ok(()) => return Ok(ExitCode::SUCCESS),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
                Err(e) => return Err(e).context("cannot write to stdout"),
            }
        }
    };
    io.write_out(&text)
}

/// `search`: exit 0 with the hits, 1 with nothing printed when nothing
/// matched, 2 on an error (a blank query, a report that fails to load).
pub fn search(
    io: &mut Io,
    dir: Option<&Path>,
    loaded: Option<&ReportData>,
    query: &str,
    limit: usize,
    script: Script,
    json: bool,
) -> Result<ExitCode> {
    use report_explorer::search::cli::{self as hits, Found};
    // Blank once folded: spaces, controls, lone accents, invisible marks.
    let folded = report_explorer::search::fold::fold_query(query);
    if folded.chars().all(|c| c.is_whitespace() || c.is_control()) {
        io.error("report-explorer: the query is blank; give the words to search for");
        return Ok(ExitCode::from(2));
    }
    let owned;
    let data = match loaded {
        Some(data) => data,
        None => {
            let Some(report) = io.load(dir) else {
                return Ok(ExitCode::from(2));
            };
            owned = ReportData::new(report);
            &owned
        }
    };
    let shown = &data.shown(script).doc;
    let found = hits::found(data.index(), shown, query, limit);
    if found.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    let text = if json {
        hits::json(&found)
    } else {
        let mut lines: Vec<String> = found.iter().map(Found::line).collect();
        lines.push(String::new());
        lines.join("\n")
    };
    io.write_out(&text)
}

pub fn print(
    io: &mut Io,
    data: &ReportData,
    width: Option<usize>,
    section: Option<&str>,
    ambi: PrintAmbi,
    script: Script,
) -> Result<ExitCode> {
    // None: no wrap. --width 0 asks for that; so does a pipe, and a
    // terminal that reports no columns.
    let width = match width {
        Some(0) => None,
        Some(n) => Some(n),
        None => io.terminal_width.filter(|&w| w > 0),
    };
    let ambi = match ambi {
        PrintAmbi::Wide => AmbiWidth::Wide,
        PrintAmbi::Narrow => AmbiWidth::Narrow,
    };
    let text =
        match report_explorer::print::render(&data.shown(script).report, width, ambi, section) {
            Ok(text) => text,
            Err(e) => {
                io.error(&format!("report-explorer: {e}"));
                return Ok(ExitCode::FAILURE);
            }
        };
    io.write_out(&text)
}
