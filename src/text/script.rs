//! Simplified and traditional script. The report is written in traditional
//! characters; the simplified view converts it as OpenCC's `tw2s` does
//! (through `hanconv`, which ships OpenCC's dictionaries): first the Taiwan
//! variant table with its reversed phrases (著名 keeps 著, 著 alone becomes
//! 着), then the traditional → simplified phrases and characters. So 隨著
//! becomes 随着 and 著重 着重, where plain `t2s` would keep 著.
//!
//! This module knows text, not reports: `Report::map_text` and
//! `ReportData` apply it to a whole report.
//!
//! Conversion keeps the number of characters, so that a character index in
//! one script points at the same character in the other. Each stage walks
//! the text taking the longest dictionary entry at each position, as OpenCC
//! does; where that entry would change the length (a phrase of n characters
//! that converts to some other number), the longest shorter entry that keeps
//! it is taken instead, down to the one character alone (converted if its
//! own entry is one character, kept otherwise). Only that stretch differs
//! from OpenCC; a text with no such entry converts exactly as `tw2s`.

use std::sync::LazyLock;

use hanconv::{Converters, Trie};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    /// The text as written.
    #[default]
    Traditional,
    Simplified,
}

impl Script {
    pub fn toggled(self) -> Script {
        match self {
            Script::Traditional => Script::Simplified,
            Script::Simplified => Script::Traditional,
        }
    }
}

/// The stages of OpenCC's tw2s, in order: each a trie from a phrase or
/// character to its replacement.
static TW2S: LazyLock<Vec<&'static Trie<&'static str>>> =
    LazyLock::new(|| Converters::TW2S.dictionaries());

/// One stage over `chars`: longest entry first, as OpenCC, but only
/// entries whose replacement has as many characters as they match.
/// Returns exactly `chars.len()` characters.
fn convert_stage(trie: &Trie<&'static str>, chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut key = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let longest = trie.r#match(rest.iter().copied()).map(|(_, len)| len);
        // From the longest entry down to one character: the first whose
        // replacement keeps the length.
        let kept = longest.and_then(|longest| {
            (1..=longest).rev().find_map(|len| {
                key.clear();
                key.extend(&rest[..len]);
                trie.get(&key)
                    .filter(|v| v.chars().count() == len)
                    .map(|v| (*v, len))
            })
        });
        match kept {
            Some((replacement, len)) => {
                out.extend(replacement.chars());
                i += len;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Traditional → simplified as OpenCC's tw2s, with as many characters as
/// it was given (see the module's note on the stretches where a phrase
/// would change the length).
pub fn to_simplified(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for trie in TW2S.iter() {
        chars = convert_stage(trie, &chars);
    }
    chars.into_iter().collect()
}

/// A text in the script asked for.
pub fn convert(text: &str, script: Script) -> String {
    match script {
        Script::Traditional => text.to_string(),
        Script::Simplified => to_simplified(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_becomes_simplified_char_for_char() {
        assert_eq!(
            to_simplified("望花區人民政府工作報告"),
            "望花区人民政府工作报告"
        );
        assert_eq!(to_simplified("招商引資力度空前"), "招商引资力度空前");
        assert_eq!(
            to_simplified("“三高一特”[2]產量增長23.6%"),
            "“三高一特”[2]产量增长23.6%"
        );
        let text = "發展後勁持續增強，鬱鬱蔥蔥";
        assert_eq!(to_simplified(text).chars().count(), text.chars().count());
    }

    #[test]
    fn zhuo_becomes_zhe_as_tw2s_has_it_except_in_zhuming() {
        for (traditional, simplified) in [
            ("隨著", "随着"),
            ("著重", "着重"),
            ("著力", "着力"),
            ("意味著", "意味着"),
            ("我們著重", "我们着重"),
            ("著名", "著名"),
            ("著名企業隨著政策著力發展", "著名企业随着政策着力发展"),
        ] {
            assert_eq!(to_simplified(traditional), simplified, "{traditional}");
            assert_eq!(hanconv::tw2s(traditional), simplified, "{traditional}");
        }
    }

    /// Every text of the embedded report: paragraphs whole (lead and
    /// body), list items, glossary terms and definitions, and every other
    /// text `Report::map_text` passes through (titles, intros…).
    fn report_texts() -> Vec<String> {
        let report = crate::content::load_embedded().expect("the embedded report loads");
        let mut texts: Vec<String> = report.paragraphs().map(|p| p.full_text()).collect();
        texts.extend(report.items().map(|i| i.body.text.clone()));
        for e in report.glossary.iter().flat_map(|g| g.entries.iter()) {
            texts.push(e.term.clone());
            texts.push(e.definition.text.clone());
        }
        let seen = std::cell::RefCell::new(Vec::new());
        let _ = report.map_text(&|t| {
            seen.borrow_mut().push(t.to_string());
            t.to_string()
        });
        texts.extend(seen.into_inner());
        texts
    }

    #[test]
    fn every_text_of_the_report_keeps_its_length_and_converts_as_tw2s() {
        let texts = report_texts();
        assert!(texts.len() > 200, "{}", texts.len());
        let mut zhe = 0;
        for text in &texts {
            let simplified = to_simplified(text);
            assert_eq!(
                simplified.chars().count(),
                text.chars().count(),
                "{text} → {simplified}"
            );
            // No entry of today's dictionaries changes the length, so the
            // report converts exactly as OpenCC's tw2s.
            assert_eq!(simplified, hanconv::tw2s(text), "{text}");
            zhe += simplified.matches('着').count();
        }
        assert!(zhe > 0, "the report's 隨著, 著重… become 着");
    }

    #[test]
    fn a_phrase_that_would_change_the_length_falls_back_to_shorter_entries() {
        // A made-up stage: 甲乙丙 → two characters, 甲乙 → two, 甲 → 子丑.
        let trie: Trie<&'static str> = [
            ("甲乙丙", "戊己"),
            ("甲乙", "庚辛"),
            ("甲", "子丑"),
            ("丙", "寅"),
        ]
        .into_iter()
        .collect();
        let chars: Vec<char> = "甲乙丙，甲丙".chars().collect();
        let out: String = convert_stage(&trie, &chars).into_iter().collect();
        // 甲乙丙 would shrink: 甲乙 (kept length) then 丙. 甲 alone would
        // grow: kept as written.
        assert_eq!(out, "庚辛寅，甲寅");
        // As OpenCC would convert, where nothing changes the length.
        let chars: Vec<char> = "丙甲乙".chars().collect();
        let out: String = convert_stage(&trie, &chars).into_iter().collect();
        assert_eq!(out, "寅庚辛");
    }
}
