//! The chrome's Chinese labels, in one place. They are written here in
//! traditional characters, as the report is, and shown in the session's
//! script (`s` turns them simplified with the text): 目錄 → 目录, 跳轉 →
//! 跳转, 見於 → 见于. Titles that are the report's own text (名詞解釋)
//! come converted with the report.

use std::borrow::Cow;

use crate::search::Kind;
use crate::text::script::{convert, Script};

/// The outline pane's title.
pub const OUTLINE: &str = "目錄";
/// The figures pane's title.
pub const FIGURES: &str = "數字 Figures";
/// The jump palette's title.
pub const JUMP: &str = "跳轉 Jump";
/// Before the places that cite a glossary term ("seen in").
pub const CITED_IN: &str = "見於";
/// What Enter does there ("jump").
pub const GO: &str = "跳轉";

/// A label in `script`: as written here for traditional, converted for
/// simplified.
pub fn label(text: &'static str, script: Script) -> Cow<'static, str> {
    match script {
        Script::Traditional => Cow::Borrowed(text),
        Script::Simplified => Cow::Owned(convert(text, script)),
    }
}

/// A search hit's kind tag (標題, 要點, 名詞, 實事, 正文, 解釋, 數字, 位置)
/// in `script`.
pub fn kind(kind: Kind, script: Script) -> Cow<'static, str> {
    label(kind.tag(), script)
}

/// The heading above the places that cite a term, naming the key that
/// jumps there: `見於 (Enter 跳轉)：`, or `見於：` when nothing is bound.
pub fn cited_in(key: Option<&str>, script: Script) -> String {
    let seen = label(CITED_IN, script);
    match key {
        Some(k) => format!("{seen} ({k} {})：", label(GO, script)),
        None => format!("{seen}："),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [Kind; 8] = [
        Kind::Position,
        Kind::Heading,
        Kind::Lead,
        Kind::Term,
        Kind::Item,
        Kind::Sentence,
        Kind::Definition,
        Kind::Figure,
    ];

    #[test]
    fn labels_follow_the_script() {
        let s = Script::Simplified;
        assert_eq!(label(OUTLINE, Script::Traditional), "目錄");
        assert_eq!(label(OUTLINE, s), "目录");
        assert_eq!(label(JUMP, s), "跳转 Jump");
        assert_eq!(label(FIGURES, s), "数字 Figures");
        assert_eq!(cited_in(Some("Enter"), s), "见于 (Enter 跳转)：");
        assert_eq!(
            cited_in(Some("Enter"), Script::Traditional),
            "見於 (Enter 跳轉)："
        );
        assert_eq!(cited_in(None, s), "见于：");
        let tags: Vec<_> = KINDS.iter().map(|&k| kind(k, s)).collect();
        assert_eq!(
            tags,
            ["位置", "标题", "要点", "名词", "实事", "正文", "解释", "数字"]
        );
        let tags: Vec<_> = KINDS
            .iter()
            .map(|&k| kind(k, Script::Traditional))
            .collect();
        assert_eq!(
            tags,
            ["位置", "標題", "要點", "名詞", "實事", "正文", "解釋", "數字"]
        );
    }
}
