//! Which characters a report's text may hold, and the one form it is held
//! in. The same rules serve `check`, the loader and `import`:
//!
//! - a byte-order mark at the start of a file is stripped;
//! - control characters (C0 but for the line breaks of the file itself,
//!   DEL, C1) are refused, and so is a tab inside a text;
//! - line and paragraph separators (U+2028, U+2029) are refused: the format
//!   has no line break inside a text;
//! - bidirectional controls (embeddings, overrides, isolates and marks) are
//!   refused: they can show a line in another order than it is stored;
//! - invisible characters that change nothing a reader sees (zero-width
//!   space, word joiner, soft hyphen, a BOM inside text, a zero-width
//!   joiner outside an emoji sequence …) are removed with a warning;
//! - noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF …) are refused;
//! - every other format character (category Cf) is refused, except the
//!   zero-width joiner of an emoji sequence and the tags of an emoji flag;
//! - what remains is put in NFC, which also maps the CJK compatibility
//!   ideographs (U+F900–U+FAFF) to their unified forms.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

use super::classes::{bidi_name, is_format, is_noncharacter, is_separator, removable_name};
pub use super::classes::{control_name, is_unprintable};
use super::problem::{Pos, Severity};

/// What to do with one character of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Invisible and meaningless here: removed, with a warning.
    Remove(&'static str),
    /// Refused (the message says why).
    Refuse,
}

/// One problem found in a text: at which character, how serious, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the character in the text as given (in chars).
    pub at: usize,
    pub severity: Severity,
    pub message: String,
}

/// A text with the removable (and the refused) characters removed, and
/// what was found: each finding is one character that is not in `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// The text without the removed characters (not yet in NFC).
    pub text: String,
    /// For each char of `text`, its index in the text as given: filled by
    /// `clean`, left empty by `check` (`origin_of` works for both).
    pub origin: Vec<usize>,
    /// In the order of the text.
    pub findings: Vec<Finding>,
}

impl Cleaned {
    /// Whether a finding refuses the text.
    pub fn refused(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The index in the text as given of the char that stands at
    /// `char_index` of the cleaned text (past its end: as many chars past
    /// the end of the text as given). The findings are the chars that were
    /// taken out, so it steps over those before it.
    pub fn origin_of(&self, char_index: usize) -> usize {
        let mut at = char_index;
        for f in &self.findings {
            if f.at <= at {
                at += 1;
            } else {
                break;
            }
        }
        at
    }
}

/// The message for a character that is refused in a text.
fn refusal(c: char) -> Option<String> {
    let u = c as u32;
    if let Some(name) = control_name(c) {
        return Some(format!(
            "control character U+{u:04X} ({name}) is not allowed"
        ));
    }
    match c {
        '\u{2028}' => Some(
            "line separator U+2028 is not allowed: start a new paragraph, or write a space".into(),
        ),
        '\u{2029}' => {
            Some("paragraph separator U+2029 is not allowed: start a new paragraph instead".into())
        }
        _ => {
            if is_noncharacter(c) {
                Some(format!("noncharacter U+{u:04X} is not allowed"))
            } else if let Some(name) = bidi_name(c) {
                Some(format!(
                    "bidirectional control U+{u:04X} ({name}) is not allowed: \
                     it can show the text in another order than it is stored"
                ))
            } else if is_format(c) {
                Some(format!(
                    "invisible format character U+{u:04X} is not allowed"
                ))
            } else {
                None
            }
        }
    }
}

/// Whether the zero-width joiner at char `k` of the grapheme cluster `g`
/// joins emoji: it is not the cluster's last char, and without it the
/// cluster falls apart.
fn joins_emoji(g: &str, k: usize) -> bool {
    let n = g.chars().count();
    if k + 1 >= n {
        return false;
    }
    let without: String = g
        .chars()
        .enumerate()
        .filter(|&(i, _)| i != k)
        .map(|(_, c)| c)
        .collect();
    without.graphemes(true).count() > 1
}

/// Whether the tag character in cluster `g` belongs to an emoji flag
/// (a tag sequence after U+1F3F4 WAVING BLACK FLAG).
fn in_flag(g: &str) -> bool {
    g.starts_with('\u{1F3F4}')
}

/// Check one text: refuse what must be refused, remove (with a warning)
/// what is invisible and meaningless. Tabs count as control characters.
pub fn clean(value: &str) -> Cleaned {
    let mut out = check(value);
    let kept = out.text.chars().count();
    let mut origin = Vec::with_capacity(kept);
    // The findings are the chars taken out, in order: step over them.
    let mut removed = out.findings.iter().map(|f| f.at).peekable();
    let mut at = 0;
    for _ in 0..kept {
        while removed.next_if(|&r| r == at).is_some() {
            at += 1;
        }
        origin.push(at);
        at += 1;
    }
    out.origin = origin;
    out
}

/// `clean` without `origin`: what a long text costs is its copy, not eight
/// bytes more per character; one with nothing to remove is only copied.
pub fn check(value: &str) -> Cleaned {
    if value.chars().all(is_plain) {
        return Cleaned {
            text: value.to_string(),
            origin: Vec::new(),
            findings: Vec::new(),
        };
    }
    let mut out = Cleaned {
        text: String::with_capacity(value.len()),
        origin: Vec::new(),
        findings: Vec::new(),
    };
    let mut index = 0;
    for g in value.graphemes(true) {
        for (k, c) in g.chars().enumerate() {
            let plain = is_plain(c);
            let emoji_joiner = c == '\u{200D}' && joins_emoji(g, k);
            let flag_tag = matches!(c as u32, 0xE0020..=0xE007F) && in_flag(g);
            let verdict = if plain || emoji_joiner || flag_tag {
                Verdict::Keep
            } else if let Some(name) = removable_name(c) {
                Verdict::Remove(name)
            } else {
                Verdict::Refuse
            };
            match verdict {
                Verdict::Keep => out.text.push(c),
                Verdict::Remove(name) => out.findings.push(Finding {
                    at: index,
                    severity: Severity::Warning,
                    message: format!("invisible character U+{:04X} ({name}) removed", c as u32),
                }),
                Verdict::Refuse => out.findings.push(Finding {
                    at: index,
                    severity: Severity::Error,
                    message: refusal(c)
                        .unwrap_or_else(|| format!("character U+{:04X} is not allowed", c as u32)),
                }),
            }
            index += 1;
        }
    }
    out
}

/// Whether `c` is kept in a text wherever it stands.
fn is_plain(c: char) -> bool {
    !is_unprintable(c)
}

/// A text in the one form the report holds: NFC (which maps the CJK
/// compatibility ideographs to their unified forms).
pub fn normalize(text: &str) -> String {
    if in_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Whether `text` is in NFC, quickly where every character is one that
/// NFC keeps as it is whatever stands beside it (NFC_Quick_Check Yes and
/// canonical combining class 0, DerivedNormalizationProps.txt): below
/// U+0300, hanzi, CJK symbols up to U+3029 (U+302A–U+302F combine), the
/// general punctuation from U+2010 to U+2027, full-width forms. Otherwise
/// unicode-normalization's quick check, then its full check.
fn in_nfc(text: &str) -> bool {
    let inert = |c: char| {
        matches!(c as u32,
            0..=0x2FF | 0x2010..=0x2027 | 0x3000..=0x3029 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
            | 0xFF01..=0xFF60)
    };
    text.chars().all(inert) || is_nfc(text)
}

/// `normalize` for a text that is given away: kept as it is when it is in
/// NFC already (most are), without a copy.
pub fn normalize_owned(text: String) -> String {
    if in_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// Whether a text is in the one form the report holds (NFC) already.
pub fn is_normalized(text: &str) -> bool {
    in_nfc(text)
}

/// NFC of a sequence of characters that each came from a source column:
/// every character of the result gets the column of the character that
/// starts its combining sequence.
pub fn normalize_with_columns(chars: &[char], cols: &[usize]) -> (Vec<char>, Vec<usize>) {
    let text: String = chars.iter().collect();
    if in_nfc(&text) {
        return (chars.to_vec(), cols.to_vec());
    }
    let mut out_chars = Vec::with_capacity(chars.len());
    let mut out_cols = Vec::with_capacity(chars.len());
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while end < chars.len() && canonical_combining_class(chars[end]) != 0 {
            end += 1;
        }
        let col = cols.get(start).copied().unwrap_or(1);
        for c in chars[start..end].iter().copied().nfc() {
            out_chars.push(c);
            out_cols.push(col);
        }
        start = end;
    }
    // Compositions across combining sequences (Hangul jamo): the whole text.
    let joined: String = out_chars.iter().collect();
    if !is_nfc(&joined) {
        let all: Vec<char> = joined.nfc().collect();
        let cols = (0..all.len())
            .map(|i| out_cols.get(i).or(out_cols.last()).copied().unwrap_or(1))
            .collect();
        return (all, cols);
    }
    (out_chars, out_cols)
}

/// Characters a YAML file may not hold anywhere, raw: control characters
/// but for tab, line feed and a carriage return before a line feed;
/// noncharacters; and the line and paragraph separators, which YAML parsers
/// take for line breaks (so that every line number after them would be
/// wrong). serde_yaml would refuse most of these at a byte offset, or read
/// them otherwise than the locator does. Each with its position in `text`
/// and the message.
pub fn raw_problems(text: &str) -> Vec<(Pos, String)> {
    let mut out = Vec::new();
    let (mut line, mut col) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c as u32, 0x20..=0x7E | 0x3000..=0xFDCF) {
            col += 1;
            continue;
        }
        let bad = match c {
            '\t' | '\n' => false,
            '\r' => chars.peek() != Some(&'\n'),
            _ => control_name(c).is_some() || is_separator(c) || is_noncharacter(c),
        };
        if bad {
            if let Some(msg) = refusal(c) {
                out.push((Pos::new(line, col), msg));
            }
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    out
}

/// Strip a byte-order mark from the start of a file's text.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(s: &str) -> Vec<(usize, Severity, String)> {
        clean(s)
            .findings
            .into_iter()
            .map(|f| (f.at, f.severity, f.message))
            .collect()
    }

    #[test]
    fn controls_are_named() {
        assert_eq!(control_name('\u{1B}'), Some("ESC"));
        assert_eq!(control_name('\u{7F}'), Some("DEL"));
        assert_eq!(control_name('\u{9B}'), Some("CSI"));
        assert_eq!(control_name('漢'), None);
        let m = messages("工業\u{1B}升級\t");
        assert_eq!(
            m,
            vec![
                (
                    2,
                    Severity::Error,
                    "control character U+001B (ESC) is not allowed".into()
                ),
                (
                    5,
                    Severity::Error,
                    "control character U+0009 (TAB) is not allowed".into()
                ),
            ]
        );
    }

    #[test]
    fn invisible_characters_are_removed_and_bidi_refused() {
        let c = clean("推動\u{200B}就業\u{00AD}，\u{202E}加強");
        assert_eq!(c.text, "推動就業，加強");
        assert_eq!(c.origin, vec![0, 1, 3, 4, 6, 8, 9]);
        let origin: Vec<usize> = (0..8).map(|i| c.origin_of(i)).collect();
        assert_eq!(origin, vec![0, 1, 3, 4, 6, 8, 9, 10]);
        assert_eq!(check("推動\u{200B}就業").origin, Vec::<usize>::new());
        assert_eq!(c.findings.len(), 3);
        assert_eq!(
            c.findings[0].message,
            "invisible character U+200B (ZWSP) removed"
        );
        assert_eq!(c.findings[2].severity, Severity::Error);
        assert!(c.findings[2]
            .message
            .starts_with("bidirectional control U+202E (RLO) is not allowed"));
        assert!(c.refused());
        assert_eq!(
            messages("甲\u{2029}乙")[0].2.split(':').next(),
            Some("paragraph separator U+2029 is not allowed")
        );
        assert_eq!(
            messages("甲\u{FDD0}")[0].2,
            "noncharacter U+FDD0 is not allowed"
        );
        assert!(messages("甲\u{FFF9}乙")[0]
            .2
            .starts_with("invisible format character U+FFF9"));
    }

    #[test]
    fn emoji_sequences_keep_their_joiners_and_selectors() {
        for s in [
            "家庭👨\u{200D}👩\u{200D}👧幸福",
            "天氣晴☀\u{FE0F}，心情❤\u{FE0F}",
            "🏳\u{FE0F}\u{200D}🌈彩虹",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}旗",
            "葛\u{E0100}氏",
        ] {
            let c = clean(s);
            assert_eq!(c.text, s);
            assert!(c.findings.is_empty(), "{s:?}: {:?}", c.findings);
        }
        // A joiner between hanzi joins nothing.
        let c = clean("勞\u{200D}動");
        assert_eq!(c.text, "勞動");
        assert_eq!(
            c.findings[0].message,
            "invisible character U+200D (ZWJ) removed"
        );
        // A tag outside a flag is refused.
        assert!(clean("甲\u{E0041}").refused());
    }

    #[test]
    fn nfc_unifies_compatibility_ideographs_and_composes() {
        assert_eq!(
            normalize("推動\u{F92F}動就業，加強管\u{F9E4}能\u{F98A}，\u{F967}斷提升。"),
            "推動勞動就業，加強管理能力，不斷提升。"
        );
        assert_eq!(normalize("Cafe\u{301}"), "Café");
        let chars: Vec<char> = "e\u{301}勞\u{F92F}".chars().collect();
        let (c, cols) = normalize_with_columns(&chars, &[1, 2, 3, 4]);
        assert_eq!(c.iter().collect::<String>(), "é勞勞");
        assert_eq!(cols, vec![1, 3, 4]);
    }

    #[test]
    fn raw_controls_are_located_by_line_and_column() {
        let text = "title: 報告\ntext: 工業\u{1B}升級\r\nnote: a\rb\u{2028}\u{85}";
        let found = raw_problems(text);
        let pos: Vec<Pos> = found.iter().map(|(p, _)| *p).collect();
        assert_eq!(
            pos,
            vec![
                Pos::new(2, 9),
                Pos::new(3, 8),
                Pos::new(3, 10),
                Pos::new(3, 11)
            ]
        );
        assert_eq!(found[0].1, "control character U+001B (ESC) is not allowed");
        assert_eq!(found[3].1, "control character U+0085 (NEL) is not allowed");
        assert_eq!(
            raw_problems("a: 甲\u{FFFF}\nb: \u{10FFFE}"),
            vec![
                (Pos::new(1, 5), "noncharacter U+FFFF is not allowed".into()),
                (
                    Pos::new(2, 4),
                    "noncharacter U+10FFFE is not allowed".into()
                )
            ]
        );
        assert_eq!(strip_bom("\u{FEFF}id: t"), "id: t");
    }
}
