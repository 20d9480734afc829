//! Simplified and traditional script. The report is written in traditional
//! characters; the simplified view converts it with OpenCC's dictionaries
//! (phrases first, then characters) through `hanconv`.
//!
//! This module knows text, not reports: `Report::map_text` and
//! `ReportData` apply it to a whole report.
//!
//! Conversion keeps the number of characters, so that a character index in
//! one script points at the same character in the other: where a phrase
//! rule would change the length, the text is converted character by
//! character instead.

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

/// Traditional → simplified, with as many characters as it was given.
pub fn to_simplified(text: &str) -> String {
    let whole = hanconv::t2s(text);
    if whole.chars().count() == text.chars().count() {
        return whole;
    }
    let mut buf = [0u8; 4];
    text.chars()
        .map(|c| {
            let one = hanconv::t2s(c.encode_utf8(&mut buf));
            let mut chars = one.chars();
            match (chars.next(), chars.next()) {
                (Some(s), None) => s,
                _ => c,
            }
        })
        .collect()
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
}
