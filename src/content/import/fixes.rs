//! The FIXES file: literal repairs applied to the source before anything
//! else, each with a comment saying why. Each must match exactly once.

use std::path::Path;

use serde::Deserialize;

use crate::content::load::parse_doc;
use crate::content::problem::{Pos, Problem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub from: String,
    pub to: String,
    pub why: String,
    /// The line of the fixes file the entry starts on, for messages.
    pub line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixesYaml {
    fixes: Vec<FixYaml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixYaml {
    from: String,
    to: String,
    why: String,
}

/// Parse a fixes file. Every entry needs a non-empty one-line `from`, a
/// one-line `to` and a non-empty `why`.
pub fn parse(file: &Path, text: &str) -> Result<Vec<Fix>, Vec<Problem>> {
    let doc = parse_doc::<FixesYaml>(file.to_path_buf(), text)?;
    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    for (i, f) in doc.value.fixes.into_iter().enumerate() {
        let path = format!("fixes[{i}]");
        let pos = doc.loc.pos(&path);
        let mut bad = |field: &str, msg: &str| {
            let at: Pos = doc.loc.pos(&format!("{path}.{field}"));
            problems.push(Problem::error(file, at, format!("fix {}: {msg}", i + 1)));
        };
        if f.from.is_empty() {
            bad("from", "`from` is empty");
        }
        if f.from.contains('\n') || f.to.contains('\n') {
            bad("from", "`from` and `to` must each be one line");
        }
        if f.why.trim().is_empty() {
            bad("why", "`why` is empty: say why the fix is right");
        }
        fixes.push(Fix {
            from: f.from,
            to: f.to,
            why: f.why,
            line: pos.line,
        });
    }
    if problems.is_empty() {
        Ok(fixes)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_parse_with_their_lines() {
        let text = "fixes:\n- from: 學?;A\n  to: 學校基礎\n  why: GBK 錯位\n- from: 確??偼顿Y\n  to: 確保總投資\n  why: 同上\n";
        let fixes = parse(Path::new("f.yaml"), text).unwrap();
        assert_eq!(fixes.len(), 2);
        assert_eq!(fixes[1].to, "確保總投資");
        assert_eq!(fixes[1].line, 5);
    }

    #[test]
    fn a_fix_without_a_reason_is_refused() {
        let text = "fixes:\n- from: 學?;A\n  to: 學校基礎\n  why: ''\n";
        let e = parse(Path::new("f.yaml"), text).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "f.yaml:4:8: error: fix 1: `why` is empty: say why the fix is right"
        );
    }
}
