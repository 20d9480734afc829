//! The design's layers, checked from the source: no two files of `src/`
//! import each other in a circle, and no module imports one above it in
//! the flow content → text → document → search/figures → data → app → ui
//! → drivers (term, print, screen) → serve (the SSH server, on term's
//! frame step). `input` (key and input types, the byte parser),
//! `colors` (the terminal's colour depth and background) and `saved` (the
//! remembered reading state's file) stand below the core and import
//! nothing of the crate.
//!
//! What counts as an import: every `use` path and every path written in
//! code that starts with `crate::`, `super::` or `self::`, outside the
//! `#[cfg(test)]` module at the bottom of a file. It points at the file
//! that defines the longest prefix of the path. A module's `mod.rs`
//! declaring and re-exporting its own children is its facade, not an
//! import, so edges from a `mod.rs` to its own children are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of each top-level module: a module may import its own layer
/// and those below it.
const LAYERS: &[(&str, u8)] = &[
    ("input", 0),
    ("colors", 0),
    ("saved", 0),
    ("fx", 0),
    ("content", 0),
    ("text", 1),
    ("document", 2),
    ("search", 3),
    ("figures", 3),
    ("data", 4),
    ("app", 5),
    ("ui", 6),
    ("print", 7),
    ("term", 7),
    ("screen", 7),
    ("serve", 8),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every .rs file of the library (not the binary's main.rs, cli.rs,
/// commands.rs and remote.rs).
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// A file's module path: src/app/state.rs → [app, state]; src/app/mod.rs →
/// [app].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The file that defines a module path, if any.
fn file_of(module: &[String]) -> Option<PathBuf> {
    if module.is_empty() {
        return Some(src().join("lib.rs"));
    }
    let base = module.iter().fold(src(), |p, m| p.join(m));
    let flat = base.with_extension("rs");
    let dir = base.join("mod.rs");
    [flat, dir].into_iter().find(|p| p.exists())
}

/// The code of a file without its test module and comments.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expand a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    // Split at top-level commas.
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(|i| {
            expand(i)
                .into_iter()
                .map(|p| match p.as_str() {
                    "self" => prefix.trim_end_matches("::").to_string(),
                    _ => format!("{prefix}{p}"),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every crate-internal path a file names.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` statements, braces and all.
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        // A `use` statement begins its line (after `pub` or `pub(…)`):
        // not a word ending in "use", nor "use" in a string or a message.
        let line_start = rest[..i].rfind('\n').map_or(0, |n| n + 1);
        let lead = rest[line_start..i].trim();
        let after = &rest[i + 4..];
        rest = after;
        if !(lead.is_empty() || lead == "pub" || lead.starts_with("pub(")) {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let tree: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.extend(expand(&tree));
    }
    // Paths written in code.
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            let boundary = at == 0
                || !(bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b':');
            if !boundary {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push(code[at..at + len].trim_end_matches(':').to_string());
        }
    }
    out
}

/// The file a path written in the module `from` points at: the longest
/// prefix of it that is a module. (`self` is the module itself, `super`
/// its parent, in a mod.rs as in any other file.)
fn resolve(from: &[String], path: &str) -> Option<PathBuf> {
    let mut segs = path.split("::").filter(|s| !s.is_empty()).peekable();
    let mut module: Vec<String> = match segs.next()? {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    while segs.peek() == Some(&"super") {
        segs.next();
        module.pop();
    }
    let mut best = file_of(&module);
    for s in segs {
        module.push(s.to_string());
        match file_of(&module) {
            Some(f) => best = Some(f),
            None => break,
        }
    }
    best
}

struct Graph {
    /// file → the files it imports.
    edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

fn graph() -> Graph {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut edges = BTreeMap::new();
    for file in all {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if file.parent() == Some(src().as_path())
            && matches!(
                name.as_str(),
                "main.rs" | "cli.rs" | "commands.rs" | "remote.rs"
            )
        {
            continue;
        }
        let is_mod_file = name == "mod.rs" || name == "lib.rs";
        let module = module_of(&file);
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let mut to = BTreeSet::new();
        for path in paths_in(&code) {
            let Some(target) = resolve(&module, &path) else {
                continue;
            };
            if target == file {
                continue;
            }
            // A mod.rs's own children are its facade.
            let child = is_mod_file && target.starts_with(file.parent().unwrap());
            if !child {
                to.insert(target);
            }
        }
        edges.insert(file, to);
    }
    Graph { edges }
}

fn short(p: &Path) -> String {
    p.strip_prefix(src()).unwrap().display().to_string()
}

fn layer_of(file: &Path) -> Option<(String, u8)> {
    let top = module_of(file).first()?.clone();
    LAYERS
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(m, l)| (m.to_string(), *l))
}

#[test]
fn no_file_imports_a_higher_layer() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let Some((fm, fl)) = layer_of(from) else {
            continue;
        };
        for to in tos {
            let Some((tm, tl)) = layer_of(to) else {
                continue;
            };
            let apart = |m: &str| matches!(m, "input" | "colors" | "saved");
            if tl > fl || (apart(&fm) && tm != fm) {
                wrong.push(format!(
                    "{} ({fm}) imports {} ({tm})",
                    short(from),
                    short(to)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    // Every top-level module has a layer.
    for from in g.edges.keys() {
        if module_of(from).is_empty() {
            continue;
        }
        assert!(layer_of(from).is_some(), "{} has no layer", short(from));
    }
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let g = graph();
    // Depth-first search for a back edge, reporting the circle.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let nodes: Vec<&PathBuf> = g.edges.keys().collect();
    let mut state: BTreeMap<&PathBuf, State> = nodes.iter().map(|n| (*n, State::New)).collect();
    fn visit<'a>(
        n: &'a PathBuf,
        g: &'a Graph,
        state: &mut BTreeMap<&'a PathBuf, State>,
        stack: &mut Vec<&'a PathBuf>,
    ) -> Option<Vec<String>> {
        state.insert(n, State::Open);
        stack.push(n);
        for m in g.edges.get(n).into_iter().flatten() {
            match state.get(m).copied().unwrap_or(State::Done) {
                State::Open => {
                    let at = stack.iter().position(|x| *x == m).unwrap();
                    let mut circle: Vec<String> = stack[at..].iter().map(|p| short(p)).collect();
                    circle.push(short(m));
                    return Some(circle);
                }
                State::New => {
                    if let Some(c) = visit(m, g, state, stack) {
                        return Some(c);
                    }
                }
                State::Done => {}
            }
        }
        stack.pop();
        state.insert(n, State::Done);
        None
    }
    for n in nodes {
        if state[n] == State::New {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, &g, &mut state, &mut stack) {
                panic!("an import circle: {}", c.join(" → "));
            }
        }
    }
}

#[test]
fn the_checker_sees_imports_of_every_form() {
    // `use` trees, `self` in a group, code paths; a Chinese comment too:
    // 望花區 (the checker reads UTF-8 source).
    let code = "use super::{a, b::{C, D as E}, self};\nuse crate::x::y;\nfn f() { crate::z::w(); super::q::r; }";
    let paths = paths_in(code);
    for p in [
        "super::a",
        "super::b::C",
        "super::b::D",
        "super",
        "crate::x::y",
        "crate::z::w",
        "super::q::r",
    ] {
        assert!(paths.iter().any(|x| x == p), "{p} in {paths:?}");
    }
    let g = graph();
    let state = src().join("app/state.rs");
    let data = src().join("data.rs");
    assert!(
        g.edges[&state].contains(&data),
        "app/state.rs imports data.rs"
    );
    let update = src().join("app/update.rs");
    assert!(g.edges[&update].contains(&src().join("app/nav.rs")));
    // A mod.rs's own children are not its imports.
    assert!(!g.edges[&src().join("app/mod.rs")].contains(&state));
}
