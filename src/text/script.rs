//! Simplified and traditional script. The report is written in traditional
//! characters; the simplified view converts it with OpenCC's dictionaries
//! (phrases first, then characters) through `hanconv`.
//!
//! Conversion keeps the number of characters, so that a character index in
//! one script points at the same character in the other: where a phrase
//! rule would change the length, the text is converted character by
//! character instead.

use crate::content::report::{FootnoteRef, RichText};
use crate::content::validate::find_markers;
use crate::content::Report;

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

fn convert_rich(rich: &RichText, script: Script) -> RichText {
    let text = convert(&rich.text, script);
    let refs = find_markers(&text)
        .into_iter()
        .map(|(range, number)| FootnoteRef { range, number })
        .collect();
    RichText { text, refs }
}

/// The whole report in `script`: every text converted, ids and numbers kept.
pub fn convert_report(report: &Report, script: Script) -> Report {
    if script == Script::Traditional {
        return report.clone();
    }
    let c = |s: &str| convert(s, script);
    let mut r = report.clone();
    let m = &mut r.meta;
    for s in [
        &mut m.title,
        &mut m.occasion,
        &mut m.speaker,
        &mut m.speaker_title,
    ] {
        *s = c(s);
    }
    r.salutation = c(&r.salutation);
    let paragraphs = r.opening.iter_mut().chain(r.parts.iter_mut().flat_map(|p| {
        p.title = c(&p.title);
        p.intro.iter_mut().chain(p.closing.iter_mut())
    }));
    for p in paragraphs {
        p.lead = p.lead.as_deref().map(c);
        p.body = convert_rich(&p.body, script);
    }
    for part in &mut r.parts {
        for s in &mut part.sections {
            s.title = c(&s.title);
            for p in &mut s.paragraphs {
                p.lead = p.lead.as_deref().map(c);
                p.body = convert_rich(&p.body, script);
            }
        }
    }
    if let Some(lists) = &mut r.lists {
        lists.title = c(&lists.title);
        for l in &mut lists.lists {
            l.intro = c(&l.intro);
            for item in &mut l.items {
                item.body = convert_rich(&item.body, script);
            }
        }
    }
    if let Some(g) = &mut r.glossary {
        g.title = c(&g.title);
        for e in &mut g.entries {
            e.term = c(&e.term);
            e.definition = convert_rich(&e.definition, script);
        }
    }
    for ind in &mut r.indicators {
        ind.name = c(&ind.name);
        for v in [&mut ind.result, &mut ind.target].into_iter().flatten() {
            v.text = c(&v.text);
            v.note = v.note.as_deref().map(c);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

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
    fn the_whole_report_converts_keeping_its_shape() {
        let r = load_embedded().unwrap();
        let s = convert_report(&r, Script::Simplified);
        assert_eq!(s.meta.title, "望花区人民政府工作报告");
        assert_eq!(
            s.parts[0].sections[0].paragraphs[0].lead.as_deref(),
            Some("工业升级赋能增效。")
        );
        let before: Vec<u32> = r
            .paragraphs()
            .flat_map(|p| p.body.refs.iter().map(|f| f.number))
            .collect();
        let after: Vec<u32> = s
            .paragraphs()
            .flat_map(|p| p.body.refs.iter().map(|f| f.number))
            .collect();
        assert_eq!(before, after);
        for (a, b) in r.paragraphs().zip(s.paragraphs()) {
            assert_eq!(a.id, b.id);
            assert_eq!(
                a.full_text().chars().count(),
                b.full_text().chars().count(),
                "{}",
                a.id
            );
        }
        assert_eq!(
            s.glossary.as_ref().unwrap().entries[11].term,
            "老专家工作站"
        );
        assert_eq!(convert_report(&r, Script::Traditional), r);
    }
}
