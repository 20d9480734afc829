//! Read a report's files and parse them: bytes must be UTF-8, YAML must parse
//! into the types of `model`. Problems name file, line and column; the
//! checks that need the whole report live in `validate`.
//!
//! serde_yaml is used here and nowhere else, so it can be swapped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::chars;
use super::docs::{Doc, Docs};
use super::limits;
use super::locate::Locator;
use super::model::ReportFile;
use super::problem::{excerpt, Pos, Problem, Problems, Severity};
use super::report::Report;
use super::source::ReportSource;
use super::validate;

/// The optional, hand-curated file of headline indicators.
pub const INDICATORS_FILE: &str = "indicators.yaml";
/// The file every report directory starts from.
pub const REPORT_FILE: &str = "report.yaml";

/// Load and validate a report. Either the whole report, or every problem
/// found (never a partial report). Warnings do not stop it; `load_checked`
/// gives them too.
pub fn load(source: &dyn ReportSource) -> Result<Report, Problems> {
    load_checked(source).map(|loaded| loaded.report)
}

/// A report that loaded, and the warnings about what was repaired on the
/// way (invisible characters removed, markers not taken as markers).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub report: Report,
    pub warnings: Vec<Problem>,
}

/// Load and validate a report, keeping the warnings. Fails when any
/// problem is an error; the failure then holds the warnings as well.
pub fn load_checked(source: &dyn ReportSource) -> Result<Loaded, Problems> {
    let mut problems = Vec::new();
    let docs = read_docs(source, &mut problems);
    let report = docs.and_then(|docs| validate::validate(&docs, &mut problems));
    let failed = problems.iter().any(|p| p.severity == Severity::Error);
    match report {
        Some(report) if !failed => Ok(Loaded {
            report,
            warnings: problems,
        }),
        _ => Err(Problems(problems)),
    }
}

fn read_docs(source: &dyn ReportSource, problems: &mut Vec<Problem>) -> Option<Docs> {
    let report: Doc<ReportFile> = read_doc(source, REPORT_FILE, None, problems)?;
    // Each file is read once: a name given twice would have it read (and
    // held) twice, as often as it is named.
    // The files with names of their own stand nowhere in report.yaml.
    let mut named: HashMap<String, Option<Pos>> = HashMap::new();
    named.insert(REPORT_FILE.to_string(), None);
    named.insert(INDICATORS_FILE.to_string(), None);
    let mut referenced = |name: &str, path: &str, problems: &mut Vec<Problem>| -> Option<String> {
        let pos = report.loc.pos(path);
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            let msg = format!(
                "`{}` must be the name of a file in the report directory",
                excerpt(name)
            );
            problems.push(Problem::error(&report.file, pos, msg));
            return None;
        }
        if let Some(first) = named.get(name) {
            let msg = match first {
                None => format!("`{}` is a file of its own; name another", excerpt(name)),
                Some(first) => format!(
                    "`{}` is named twice (first at line {}): each file is one part of the report",
                    excerpt(name),
                    first.line
                ),
            };
            problems.push(Problem::error(&report.file, pos, msg));
            return None;
        }
        named.insert(name.to_string(), Some(pos));
        Some(name.to_string())
    };
    let mut parts = Vec::new();
    for (i, name) in report.value.parts.iter().enumerate() {
        let path = format!("parts[{i}]");
        if let Some(name) = referenced(name, &path, problems) {
            let from = (&report, path.as_str());
            if let Some(doc) = read_doc(source, &name, Some(from), problems) {
                parts.push(doc);
            }
        }
    }
    let mut optional = |name: &Option<String>, path: &str, problems: &mut Vec<Problem>| {
        let name = referenced(name.as_deref()?, path, problems)?;
        Some((name, path.to_string()))
    };
    let lists_ref = optional(&report.value.lists, "lists", problems);
    let glossary_ref = optional(&report.value.glossary, "glossary", problems);
    let lists = lists_ref
        .and_then(|(name, path)| read_doc(source, &name, Some((&report, path.as_str())), problems));
    let glossary = glossary_ref
        .and_then(|(name, path)| read_doc(source, &name, Some((&report, path.as_str())), problems));
    let indicators = if source.has(INDICATORS_FILE) {
        read_doc(source, INDICATORS_FILE, None, problems)
    } else {
        None
    };
    let complete = parts.len() == report.value.parts.len()
        && lists.is_some() == report.value.lists.is_some()
        && glossary.is_some() == report.value.glossary.is_some()
        && (indicators.is_some() || !source.has(INDICATORS_FILE));
    complete.then_some(Docs {
        report,
        parts,
        lists,
        glossary,
        indicators,
    })
}

/// Read and parse one file. `from` is the report.yaml entry that names it,
/// for the message when it cannot be read.
fn read_doc<T: DeserializeOwned>(
    source: &dyn ReportSource,
    name: &str,
    from: Option<(&Doc<ReportFile>, &str)>,
    problems: &mut Vec<Problem>,
) -> Option<Doc<T>> {
    let file = source.display(name);
    let bytes = match source.read(name) {
        Ok(bytes) => bytes,
        Err(e) => {
            let msg = format!("cannot read {}: {e}", file.display());
            let problem = match from {
                Some((doc, path)) => Problem::error(&doc.file, doc.loc.pos(path), msg),
                None => Problem::error(&file, Pos::START, msg),
            };
            problems.push(problem);
            return None;
        }
    };
    let text = decode(&file, bytes).map_err(|p| problems.push(p)).ok()?;
    parse_doc(file, text).map_err(|p| problems.extend(p)).ok()
}

/// A file's bytes as text, or the problem at the first byte that is not
/// UTF-8, with its line and column (counted after a byte-order mark, as
/// `parse_doc` counts them). Any file the project reads as YAML (a fixes
/// file too) is decoded here.
pub fn decode(file: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..at]);
        let valid = chars::strip_bom(&valid);
        let pos = Pos::of_byte(valid, valid.len());
        let msg = format!("not UTF-8: byte 0x{:02X} at byte offset {at}", bytes[at]);
        Problem::error(file, pos, msg)
    })
}

/// Parse one YAML text into `T`, or the problems that stop it. A
/// byte-order mark at its start is stripped (columns on line 1 count from
/// after it). Characters no file may hold raw, nesting too deep, aliases
/// and duplicate keys are reported where they stand, before serde_yaml
/// sees the text (so it never expands an alias, and never parses a text
/// that would take it quadratic time).
///
/// The text is kept by the file's locator: given as a `String`, it is
/// moved there, not copied (a file may be 64 MiB).
pub fn parse_doc<T: DeserializeOwned>(
    file: PathBuf,
    text: impl Into<String>,
) -> Result<Doc<T>, Vec<Problem>> {
    let mut text: String = text.into();
    let bom = text.len() - chars::strip_bom(&text).len();
    text.drain(..bom);
    let raw = chars::raw_problems(&text);
    if !raw.is_empty() {
        let problems = raw.into_iter();
        return Err(problems
            .map(|(pos, msg)| Problem::error(&file, pos, msg))
            .collect());
    }
    if let Some(pos) = limits::flow_too_deep(&text) {
        return Err(vec![Problem::error(&file, pos, limits::too_deep())]);
    }
    let loc = Locator::new(text);
    // serde_yaml would expand an alias: look for one first. Without a `*`
    // there is none, and the second parse waits for a problem to locate.
    if loc.may_hold_alias() {
        if let Some(problems) = refused(&file, &loc) {
            return Err(problems);
        }
    }
    match serde_yaml::from_str::<T>(loc.text()) {
        Ok(value) => Ok(Doc { loc, file, value }),
        Err(e) => {
            // A duplicate key or nesting too deep fails in serde_yaml too
            // (every type of `model` is a struct), but is said better by
            // the locator.
            if let Some(problems) = refused(&file, &loc) {
                return Err(problems);
            }
            let pos = e
                .location()
                .map_or(Pos::START, |l| Pos::new(l.line(), l.column()));
            Err(vec![Problem::error(&file, pos, yaml_message(&e))])
        }
    }
}

/// What `loc`'s file may not hold (an alias, nesting too deep) or the
/// duplicate keys, as problems; None when it holds none of them.
fn refused(file: &Path, loc: &Locator) -> Option<Vec<Problem>> {
    if let Some((pos, msg)) = loc.refusal() {
        return Some(vec![Problem::error(file, *pos, msg.clone())]);
    }
    if loc.duplicates().is_empty() {
        return None;
    }
    let problems = loc.duplicates().iter().map(|d| {
        let msg = format!(
            "duplicate key `{}` (first at line {})",
            excerpt(&d.key),
            d.first.line
        );
        Problem::error(file, d.second, msg)
    });
    Some(problems.collect())
}

/// Serialize one file's value as YAML.
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// serde_yaml's message without the position it appends (we print our own),
/// and with the values it quotes cut to an excerpt.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    let msg = match e.location() {
        Some(l) => {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            msg.strip_suffix(&suffix).unwrap_or(&msg).to_string()
        }
        None => msg,
    };
    excerpt_quoted(&msg)
}

/// A message with each quoted value (`"…"` as serde writes a string, with
/// its escapes, or `` `…` `` as it writes a name) cut to an excerpt.
fn excerpt_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(1024));
    let mut rest = msg;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let body = &rest[open + 1..];
        // The closing quote; a `\` escapes the char after it in a string.
        let mut close = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if quote == '"' => escaped = true,
                _ if c == quote => {
                    close = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&excerpt(&body[..close]));
        out.push(quote);
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::PartFile;
    use crate::content::source::MemorySource;

    fn source(files: &[(&str, &str)]) -> MemorySource {
        MemorySource {
            label: PathBuf::from("t"),
            files: files
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect(),
        }
    }

    const REPORT: &str = "id: t\ntitle: 測試報告\noccasion: 會議上\nspeaker: 叢陽\n\
        speaker_title: 區長\ndate: 2024-12-28\nsalutation: 各位代表：\nparts: [part-1.yaml]\n";
    const PART: &str = "id: p1\nnumber: 1\ntitle: 工作回顧\nsections:\n- id: p1.s1\n  number: 1\n  \
        title: 調結構\n  paragraphs:\n  - id: p1.s1.1\n    lead: 工業升級。\n    text: 實施技改項目45項。\n";

    #[test]
    fn a_minimal_report_loads() {
        let r = load(&source(&[("report.yaml", REPORT), ("part-1.yaml", PART)])).unwrap();
        assert_eq!(r.meta.title, "測試報告");
        assert_eq!(
            r.parts[0].sections[0].paragraphs[0].full_text(),
            "工業升級。實施技改項目45項。"
        );
    }

    #[test]
    fn a_missing_file_is_reported_where_it_is_named() {
        let e = load(&source(&[("report.yaml", REPORT)])).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert!(
            e.0[0]
                .to_string()
                .starts_with("t/report.yaml:8:9: error: cannot read t/part-1.yaml"),
            "{e}"
        );
    }

    #[test]
    fn type_errors_name_the_line_and_column() {
        let bad = PART.replace("number: 1\ntitle", "number: 一\ntitle");
        let e = load(&source(&[("report.yaml", REPORT), ("part-1.yaml", &bad)])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t/part-1.yaml:2:9: error: number: invalid type: string \"一\", expected u32"
        );
    }

    #[test]
    fn decode_locates_the_first_byte_that_is_not_utf8() {
        let bytes = b"fixes:\n- from: \"\xff\"\n  to: \xe5\xad\xb8\n".to_vec();
        let e = decode(Path::new("fx.yaml"), bytes).unwrap_err();
        assert_eq!(
            e.to_string(),
            "fx.yaml:2:10: error: not UTF-8: byte 0xFF at byte offset 16"
        );
        let ok = decode(Path::new("fx.yaml"), "to: 學校".as_bytes().to_vec());
        assert_eq!(ok.as_deref(), Ok("to: 學校"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let mut bytes = b"id: t\ntitle: \xe6\xb8\xac".to_vec();
        bytes.push(0xff);
        let src = MemorySource {
            label: PathBuf::from("t"),
            files: vec![("report.yaml".into(), bytes)],
        };
        let e = load(&src).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t/report.yaml:2:9: error: not UTF-8: byte 0xFF at byte offset 16"
        );
    }

    #[test]
    fn a_file_is_parsed_twice_only_when_it_needs_to_be() {
        // Valid, and no `*`: one parse, no index of positions.
        let doc = parse_doc::<PartFile>(PathBuf::from("p.yaml"), PART).unwrap();
        assert!(!doc.loc.indexed());
        // A `*` in a text: indexed first, in case it is an alias.
        let starred = PART.replace("實施技改項目45項", "實施技改*項目45項");
        let doc = parse_doc::<PartFile>(PathBuf::from("p.yaml"), &starred).unwrap();
        assert!(doc.loc.indexed());
        // An alias is refused where it stands, before serde_yaml expands it.
        let alias = PART
            .replace("lead: 工業升級。", "lead: &l 工業升級。")
            .replace("text: 實施技改項目45項。", "text: *l");
        let e = parse_doc::<PartFile>(PathBuf::from("p.yaml"), &alias).unwrap_err();
        assert!(
            e[0].to_string().starts_with("p.yaml:11:11: error: alias"),
            "{}",
            e[0]
        );
        // A duplicate key without a `*`: serde_yaml fails, and the locator
        // says where the key stands twice.
        let twice = PART.replace("    text: 實施", "    lead: 又一個。\n    text: 實施");
        let e = parse_doc::<PartFile>(PathBuf::from("p.yaml"), &twice).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "p.yaml:11:5: error: duplicate key `lead` (first at line 10)"
        );
    }
}
