//! The domain types of a loaded report. They are built only by `load`, after
//! validation, so every id here is unique and every footnote reference
//! points at a glossary entry that exists.

use std::ops::Range;

/// A whole report, validated.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub meta: Meta,
    pub salutation: String,
    pub opening: Vec<Paragraph>,
    pub parts: Vec<Part>,
    pub lists: Option<Lists>,
    pub glossary: Option<Glossary>,
    pub indicators: Vec<Indicator>,
}

impl Report {
    /// Every paragraph in reading order: opening, then each part's intro,
    /// sections and closing.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.opening.iter().chain(self.parts.iter().flat_map(|p| {
            p.intro
                .iter()
                .chain(p.sections.iter().flat_map(|s| s.paragraphs.iter()))
                .chain(p.closing.iter())
        }))
    }

    /// Every list item in reading order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.lists
            .iter()
            .flat_map(|l| l.lists.iter().flat_map(|l| l.items.iter()))
    }

    /// Fill each glossary entry's `cited_in` from the markers in paragraphs,
    /// list items and other definitions.
    pub(crate) fn link_citations(&mut self) {
        let mut cites: Vec<(u32, String)> = Vec::new();
        for p in self.paragraphs() {
            cites.extend(p.body.refs.iter().map(|r| (r.number, p.id.clone())));
        }
        for item in self.items() {
            cites.extend(item.body.refs.iter().map(|r| (r.number, item.id.clone())));
        }
        if let Some(g) = &self.glossary {
            for e in &g.entries {
                cites.extend(e.definition.refs.iter().map(|r| (r.number, e.id.clone())));
            }
        }
        if let Some(g) = &mut self.glossary {
            for (number, id) in cites {
                let Some(i) = (number as usize).checked_sub(1) else {
                    continue;
                };
                if let Some(e) = g.entries.get_mut(i) {
                    if !e.cited_in.contains(&id) {
                        e.cited_in.push(id);
                    }
                }
            }
        }
    }

    /// The same report with every text shown to a reader passed through
    /// `f` (ids, numbers, dates and sources kept; footnote markers found
    /// again in the new texts). The script conversion uses this, so that
    /// only the report knows its own fields.
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Report {
        let rich = |r: &RichText| RichText::new(f(&r.text));
        let paragraph = |p: &Paragraph| Paragraph {
            id: p.id.clone(),
            lead: p.lead.as_deref().map(f),
            body: rich(&p.body),
        };
        let paragraphs = |ps: &[Paragraph]| ps.iter().map(paragraph).collect::<Vec<_>>();
        let stated = |v: &StatedValue| StatedValue {
            source: v.source.clone(),
            text: f(&v.text),
            change_percent: v.change_percent,
            note: v.note.as_deref().map(f),
        };
        Report {
            meta: Meta {
                id: self.meta.id.clone(),
                title: f(&self.meta.title),
                occasion: f(&self.meta.occasion),
                speaker: f(&self.meta.speaker),
                speaker_title: f(&self.meta.speaker_title),
                date: self.meta.date.clone(),
            },
            salutation: f(&self.salutation),
            opening: paragraphs(&self.opening),
            parts: self
                .parts
                .iter()
                .map(|p| Part {
                    id: p.id.clone(),
                    number: p.number,
                    title: f(&p.title),
                    intro: paragraphs(&p.intro),
                    sections: p
                        .sections
                        .iter()
                        .map(|s| Section {
                            id: s.id.clone(),
                            number: s.number,
                            title: f(&s.title),
                            paragraphs: paragraphs(&s.paragraphs),
                        })
                        .collect(),
                    closing: paragraphs(&p.closing),
                })
                .collect(),
            lists: self.lists.as_ref().map(|l| Lists {
                title: f(&l.title),
                lists: l
                    .lists
                    .iter()
                    .map(|l| List {
                        id: l.id.clone(),
                        intro: f(&l.intro),
                        items: l
                            .items
                            .iter()
                            .map(|i| Item {
                                id: i.id.clone(),
                                number: i.number,
                                body: rich(&i.body),
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            glossary: self.glossary.as_ref().map(|g| Glossary {
                title: f(&g.title),
                entries: g
                    .entries
                    .iter()
                    .map(|e| Entry {
                        id: e.id.clone(),
                        number: e.number,
                        term: f(&e.term),
                        definition: rich(&e.definition),
                        cited_in: e.cited_in.clone(),
                    })
                    .collect(),
            }),
            indicators: self
                .indicators
                .iter()
                .map(|i| Indicator {
                    id: i.id.clone(),
                    name: f(&i.name),
                    result: i.result.as_ref().map(stated),
                    target: i.target.as_ref().map(stated),
                })
                .collect(),
        }
    }

    /// Find a paragraph by id.
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.paragraphs().find(|p| p.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub occasion: String,
    pub speaker: String,
    pub speaker_title: String,
    pub date: String,
}

/// Text that may cite glossary entries. `refs` are in text order and their
/// ranges cover the whole marker, brackets included (`[12]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RichText {
    pub text: String,
    pub refs: Vec<FootnoteRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FootnoteRef {
    /// Byte range of the marker in the text.
    pub range: Range<usize>,
    /// The glossary entry's number, as printed in the marker.
    pub number: u32,
}

impl RichText {
    /// A text with its markers found.
    pub fn new(text: String) -> RichText {
        let refs = find_markers(&text)
            .into_iter()
            .map(|(range, number)| FootnoteRef { range, number })
            .collect();
        RichText { text, refs }
    }

    /// The text with every footnote marker removed.
    pub fn without_markers(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for r in &self.refs {
            out.push_str(&self.text[at..r.range.start]);
            at = r.range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Paragraph {
    pub id: String,
    /// The bold lead phrase, with its closing punctuation (工業升級賦能增效。).
    pub lead: Option<String>,
    pub body: RichText,
}

impl Paragraph {
    /// The paragraph as printed: lead phrase then body.
    pub fn full_text(&self) -> String {
        let mut s = self.lead.clone().unwrap_or_default();
        s.push_str(&self.body.text);
        s
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub intro: Vec<Paragraph>,
    pub sections: Vec<Section>,
    pub closing: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

impl Section {
    /// The printed label of the section number: （一）, （二）, …
    pub fn label(&self) -> String {
        format!("（{}）", chinese_numeral(self.number))
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Lists {
    pub title: String,
    pub lists: Vec<List>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct List {
    pub id: String,
    pub intro: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub id: String,
    pub number: u32,
    pub body: RichText,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Glossary {
    pub title: String,
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// The entry a marker `[number]` points at.
    pub fn entry(&self, number: u32) -> Option<&Entry> {
        let i = usize::try_from(number).ok()?.checked_sub(1)?;
        self.entries.get(i)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: String,
    pub number: u32,
    pub term: String,
    pub definition: RichText,
    /// Ids of the paragraphs and items that cite this entry, in reading order.
    pub cited_in: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub result: Option<StatedValue>,
    pub target: Option<StatedValue>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StatedValue {
    /// Id of the paragraph that states it.
    pub source: String,
    /// The report's exact words.
    pub text: String,
    pub change_percent: Option<f64>,
    pub note: Option<String>,
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for section numbers).
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |d: u32| DIGITS[d as usize % 10];
    match n {
        0..=9 => digit(n).to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                String::new()
            } else {
                digit(n - 10).to_string()
            }
        ),
        20..=99 => {
            let tail = if n.is_multiple_of(10) {
                String::new()
            } else {
                digit(n % 10).to_string()
            };
            format!("{}十{}", digit(n / 10), tail)
        }
        _ => n.to_string(),
    }
}

/// The inverse of [`chinese_numeral`] for 1 to 99.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    let value = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => value(*d).filter(|&v| v > 0),
        ['十', d] => value(*d).filter(|&v| v > 0).map(|v| 10 + v),
        [t, '十'] => value(*t).filter(|&v| v > 1).map(|v| v * 10),
        [t, '十', d] => Some(value(*t).filter(|&v| v > 1)? * 10 + value(*d).filter(|&v| v > 0)?),
        _ => None,
    }
}

/// Every `[n]` marker in a text: its byte range and number.
pub fn find_markers(text: &str) -> Vec<(std::ops::Range<usize>, u32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'[', &bytes[i..]) {
        i += at;
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = i + 1 + digits;
        if (1..=4).contains(&digits) && bytes.get(end) == Some(&b']') {
            if let Ok(n) = text[i + 1..end].parse() {
                out.push((i..end + 1, n));
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..100 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_numeral(6), "六");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(parse_chinese_numeral("二十"), Some(20));
        assert_eq!(parse_chinese_numeral("〇"), None);
        assert_eq!(parse_chinese_numeral("一十"), None);
        assert_eq!(parse_chinese_numeral("甲"), None);
    }

    #[test]
    fn markers_can_be_removed() {
        let t = RichText {
            text: "實施“數字鄉村”[13]工程".into(),
            refs: vec![FootnoteRef {
                range: 24..28,
                number: 13,
            }],
        };
        assert_eq!(t.without_markers(), "實施“數字鄉村”工程");
    }

    #[test]
    fn section_labels_use_full_width_parentheses() {
        let s = Section {
            id: "p1.s3".into(),
            number: 3,
            title: "多措並舉".into(),
            paragraphs: vec![],
        };
        assert_eq!(s.label(), "（三）");
    }
}
