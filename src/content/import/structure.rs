//! Recognise the layout of a plain-text report in repaired lines: title
//! lines, occasion, speaker and salutation; part headings; numbered
//! sections （一）…; lead phrases; numbered lists; a 名詞解釋 glossary.

use std::path::Path;

use super::clean::Line;
use crate::content::model::*;
use crate::content::problem::{Pos, Problem};
use crate::content::report::parse_chinese_numeral;
use crate::content::validate::find_markers;

/// The parsed report, ready to be written as YAML files.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub report: ReportFile,
    pub parts: Vec<PartFile>,
    pub lists: Option<ListsFile>,
    pub glossary: Option<GlossaryFile>,
}

/// What a body line is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Part(String),
    Section(u32, String),
    Block(String),
    Numbered(u32, String),
    Paragraph(String),
}

const SENTENCE_PUNCT: &[char] = &['。', '，', '、', '；', '：', '！', '？'];
/// Headings of a glossary block, in both scripts.
const GLOSSARY_HEADINGS: &[&str] = &["名詞解釋", "名词解释"];

fn classify(text: &str) -> Kind {
    let chars: Vec<char> = text.chars().collect();
    if let Some(rest) = text.strip_prefix('（') {
        if let Some((num, title)) = rest.split_once('）') {
            if let Some(n) = parse_chinese_numeral(num) {
                return Kind::Section(n, title.trim().to_string());
            }
        }
    }
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() && chars.get(digits.len()) == Some(&'.') {
        if let Ok(n) = digits.parse() {
            return Kind::Numbered(n, text[digits.len() + 1..].trim().to_string());
        }
    }
    let inner_punct = chars[..chars.len().saturating_sub(1)]
        .iter()
        .any(|c| SENTENCE_PUNCT.contains(c));
    if chars.len() <= 12 && chars.last() == Some(&'：') && !inner_punct {
        return Kind::Block(text.trim_end_matches('：').to_string());
    }
    if chars.len() <= 20 && !chars.iter().any(|c| SENTENCE_PUNCT.contains(c)) {
        return Kind::Part(text.to_string());
    }
    Kind::Paragraph(text.to_string())
}

/// Split a bold lead phrase off a section paragraph: a short first sentence
/// (up to 16 characters, no commas) ending in 。, followed by more text. A
/// first sentence ending in ！ is an address (各位代表！), not a lead.
pub fn split_lead(text: &str) -> (Option<String>, String) {
    let end = text.char_indices().find(|(_, c)| *c == '。');
    if let Some((i, c)) = end {
        let lead = &text[..i + c.len_utf8()];
        let n = lead.chars().count();
        let rest = &text[lead.len()..];
        let plain = !lead
            .chars()
            .any(|c| matches!(c, '，' | '、' | '；' | '：' | '“'));
        if (3..=17).contains(&n) && plain && !rest.is_empty() {
            return (Some(lead.to_string()), rest.to_string());
        }
    }
    (None, text.to_string())
}

/// `2024年12月28日…` → `2024-12-28`.
fn iso_date(text: &str) -> Option<String> {
    let (y, rest) = text.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() <= len && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    let y = num(y.get(y.len().saturating_sub(4)..)?, 4)?;
    Some(format!("{y:04}-{:02}-{:02}", num(m, 2)?, num(d, 2)?))
}

struct Builder<'a> {
    file: &'a Path,
    warnings: Vec<Problem>,
    opening: Vec<ParagraphYaml>,
    parts: Vec<PartFile>,
    lists: Option<ListsFile>,
    glossary: Option<GlossaryFile>,
}

enum Mode {
    Opening,
    Part,
    Lists,
    Glossary,
}

fn para(id: String, lead: Option<String>, text: String) -> ParagraphYaml {
    ParagraphYaml { id, lead, text }
}

impl Builder<'_> {
    fn warn(&mut self, pos: Pos, msg: impl Into<String>) {
        self.warnings.push(Problem::warning(self.file, pos, msg));
    }

    fn body_line(&mut self, mode: &mut Mode, line: &Line, kind: Kind) {
        let at = line.pos(0);
        match (kind, &*mode) {
            (Kind::Part(title), Mode::Opening | Mode::Part) => {
                let n = self.parts.len() as u32 + 1;
                self.parts.push(PartFile {
                    id: format!("part{n}"),
                    number: n,
                    title,
                    intro: vec![],
                    sections: vec![],
                    closing: vec![],
                });
                *mode = Mode::Part;
            }
            (Kind::Block(title), _) if GLOSSARY_HEADINGS.contains(&title.as_str()) => {
                self.glossary = Some(GlossaryFile {
                    title,
                    entries: vec![],
                });
                *mode = Mode::Glossary;
            }
            (Kind::Block(title), Mode::Part | Mode::Opening) => {
                self.lists = Some(ListsFile {
                    title,
                    lists: vec![],
                });
                *mode = Mode::Lists;
            }
            (Kind::Section(n, title), Mode::Part) => {
                let Some(part) = self.parts.last_mut() else {
                    return;
                };
                let expected = part.sections.len() as u32 + 1;
                let id = format!("{}.s{n}", part.id);
                part.sections.push(SectionYaml {
                    id,
                    number: n,
                    title,
                    paragraphs: vec![],
                });
                if n != expected {
                    self.warn(
                        at,
                        format!("section （{n}） where （{expected}） was expected"),
                    );
                }
            }
            (Kind::Paragraph(text), Mode::Opening) => {
                let id = format!("opening.{}", self.opening.len() + 1);
                self.opening.push(para(id, None, text));
            }
            (kind @ (Kind::Paragraph(_) | Kind::Numbered(..)), Mode::Part) => {
                let text = line.text();
                if let Kind::Numbered(..) = kind {
                    self.warn(at, "a numbered line in running text: kept as a paragraph");
                }
                let Some(part) = self.parts.last_mut() else {
                    return;
                };
                match part.sections.last_mut() {
                    None => {
                        let id = format!("{}.intro.{}", part.id, part.intro.len() + 1);
                        part.intro.push(para(id, None, text));
                    }
                    Some(s) => {
                        let (lead, rest) = split_lead(&text);
                        let id = format!("{}.{}", s.id, s.paragraphs.len() + 1);
                        s.paragraphs.push(para(id, lead, rest));
                    }
                }
            }
            (Kind::Paragraph(intro), Mode::Lists) => {
                let Some(lists) = self.lists.as_mut() else {
                    return;
                };
                let id = format!("list{}", lists.lists.len() + 1);
                lists.lists.push(ListYaml {
                    id,
                    intro,
                    items: vec![],
                });
            }
            (Kind::Numbered(n, text), Mode::Lists) => {
                let list = self.lists.as_mut().and_then(|l| l.lists.last_mut());
                let Some(list) = list else {
                    return self.warn(at, "a list item before any list intro: left out");
                };
                let expected = list.items.len() as u32 + 1;
                list.items.push(ItemYaml {
                    id: format!("{}.{n}", list.id),
                    number: n,
                    text,
                });
                if n != expected {
                    self.warn(at, format!("item {n} where {expected} was expected"));
                }
            }
            (Kind::Numbered(n, text), Mode::Glossary) => {
                let Some(g) = self.glossary.as_mut() else {
                    return;
                };
                let expected = g.entries.len() as u32 + 1;
                let (term, definition) = match text.split_once('：') {
                    Some((t, d)) => (t.to_string(), d.to_string()),
                    None => (text.clone(), String::new()),
                };
                g.entries.push(EntryYaml {
                    id: format!("glossary.{n}"),
                    number: n,
                    term,
                    definition,
                });
                if !text.contains('：') {
                    self.warn(
                        at,
                        format!("glossary entry {n} has no `：` between term and definition"),
                    );
                }
                if n != expected {
                    self.warn(
                        at,
                        format!("glossary entry {n} where {expected} was expected"),
                    );
                }
            }
            (_, Mode::Glossary | Mode::Lists) => {
                self.warn(
                    at,
                    "a line that is not a numbered entry: appended to the one before",
                );
                let text = line.text();
                if let Some(e) = self.glossary.as_mut().and_then(|g| g.entries.last_mut()) {
                    e.definition.push_str(&text);
                } else if let Some(i) = self
                    .lists
                    .as_mut()
                    .and_then(|l| l.lists.last_mut()?.items.last_mut())
                {
                    i.text.push_str(&text);
                }
            }
            (_, Mode::Opening) => {
                let id = format!("opening.{}", self.opening.len() + 1);
                self.opening.push(para(id, None, line.text()));
            }
        }
    }
}

/// Trailing paragraphs of a part's last section that have no lead phrase
/// (各位代表，…) close the part rather than the section.
fn split_closing(part: &mut PartFile) {
    let Some(last) = part.sections.last_mut() else {
        return;
    };
    let keep = last
        .paragraphs
        .iter()
        .rposition(|p| p.lead.is_some())
        .map_or(0, |i| i + 1);
    for (i, mut p) in last.paragraphs.drain(keep..).enumerate() {
        p.id = format!("{}.closing.{}", part.id, i + 1);
        part.closing.push(p);
    }
}

/// Parse repaired lines. Blank lines are ignored.
pub fn parse(lines: &[Line], file: &Path) -> Result<(Parsed, Vec<Problem>), Vec<Problem>> {
    let lines: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.text().trim().is_empty())
        .collect();
    let fail = |pos: Pos, msg: &str| vec![Problem::error(file, pos, msg.to_string())];
    let salutation_at = lines
        .iter()
        .position(|l| matches!(classify(l.text().trim()), Kind::Block(_)))
        .filter(|&i| i >= 2)
        .ok_or_else(|| {
            fail(
                Pos::START,
                "no salutation line (such as 各位代表：) after the title lines",
            )
        })?;
    let front: Vec<String> = lines[..salutation_at]
        .iter()
        .map(|l| l.text().trim().to_string())
        .collect();
    let occasion_at = front
        .iter()
        .position(|t| t.starts_with('—'))
        .filter(|&i| i > 0 && i + 1 < front.len())
        .ok_or_else(|| {
            fail(
                lines[0].pos(0),
                "no occasion line starting with —— after the title",
            )
        })?;
    let speaker_line = &front[front.len() - 1];
    let (speaker_title, speaker) = speaker_line.split_once([' ', '\u{3000}']).ok_or_else(|| {
        fail(
            lines[salutation_at - 1].pos(0),
            "the speaker line needs a title, a space, then the name",
        )
    })?;
    let occasion = front[occasion_at..front.len() - 1]
        .concat()
        .trim_start_matches('—')
        .to_string();
    let date = iso_date(&occasion).ok_or_else(|| {
        fail(
            lines[occasion_at].pos(0),
            "no date (YYYY年M月D日) in the occasion",
        )
    })?;

    let mut b = Builder {
        file,
        warnings: vec![],
        opening: vec![],
        parts: vec![],
        lists: None,
        glossary: None,
    };
    let mut mode = Mode::Opening;
    for line in &lines[salutation_at + 1..] {
        let kind = classify(line.text().trim());
        b.body_line(&mut mode, line, kind);
    }
    for part in &mut b.parts {
        split_closing(part);
    }
    let glossary_len = b.glossary.as_ref().map_or(0, |g| g.entries.len() as u32);
    for line in &lines {
        let text = line.text();
        // Characters before each marker, counted on from the one before.
        let (mut byte, mut at) = (0, 0);
        for (range, n) in find_markers(&text) {
            at += text[byte..range.start].chars().count();
            byte = range.start;
            if n == 0 || n > glossary_len {
                b.warn(
                    line.pos(at),
                    format!("footnote [{n}] has no glossary entry"),
                );
            }
        }
    }
    let report = ReportFile {
        id: String::new(),
        title: front[..occasion_at].concat(),
        occasion,
        speaker: speaker.chars().filter(|c| !c.is_whitespace()).collect(),
        speaker_title: speaker_title.to_string(),
        date,
        salutation: lines[salutation_at].text().trim().to_string(),
        opening: b.opening,
        parts: (1..=b.parts.len())
            .map(|n| format!("part-{n}.yaml"))
            .collect(),
        lists: b.lists.as_ref().map(|_| "lists.yaml".to_string()),
        glossary: b.glossary.as_ref().map(|_| "glossary.yaml".to_string()),
    };
    let parsed = Parsed {
        report,
        parts: b.parts,
        lists: b.lists,
        glossary: b.glossary,
    };
    Ok((parsed, b.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Line::new(i + 1, l))
            .collect()
    }

    const SMALL: &str = "\
望花區人民政府
工作報告
——2024年12月28日在望花區第十九屆
人民代表大會第四次會議上
區人民政府代理區長 叢 陽
各位代表：
現在，我代表區人民政府向大會報告工作。
2024年工作回顧
即將過去的一年，我們交出了一份答卷。
（一）堅定不移調結構、促轉型
工業升級賦能增效。實施工業技改項目45項，新鋼鐵檢測系統[1]投入使用。
消費活力充分釋放。汽車銷售額增長52%。
各位代表，艱難方顯勇毅。
民生實事：
2024年，我們承諾的2件民生實事已經全部兌現：
1.累計發放惠民消費券近300萬元；
2.維修改造村級公路3.8公里。
名詞解釋：
1.檢測系統：即自動完成對焦炭的檢驗[2]。
";

    #[test]
    fn the_layout_is_recognised() {
        let (p, warnings) = parse(&lines(SMALL), Path::new("s.txt")).unwrap();
        assert_eq!(p.report.title, "望花區人民政府工作報告");
        assert_eq!(
            p.report.occasion,
            "2024年12月28日在望花區第十九屆人民代表大會第四次會議上"
        );
        assert_eq!(
            (p.report.speaker.as_str(), p.report.speaker_title.as_str()),
            ("叢陽", "區人民政府代理區長")
        );
        assert_eq!(p.report.date, "2024-12-28");
        assert_eq!(p.report.opening[0].id, "opening.1");
        let part = &p.parts[0];
        assert_eq!(part.title, "2024年工作回顧");
        assert_eq!(part.intro.len(), 1);
        let s = &part.sections[0];
        assert_eq!(
            (s.id.as_str(), s.number, s.title.as_str()),
            ("part1.s1", 1, "堅定不移調結構、促轉型")
        );
        assert_eq!(s.paragraphs[0].lead.as_deref(), Some("工業升級賦能增效。"));
        assert_eq!(s.paragraphs[1].id, "part1.s1.2");
        assert_eq!(part.closing[0].text, "各位代表，艱難方顯勇毅。");
        assert_eq!(part.closing[0].id, "part1.closing.1");
        let lists = p.lists.unwrap();
        assert_eq!(lists.title, "民生實事");
        assert_eq!(lists.lists[0].items[1].text, "維修改造村級公路3.8公里。");
        let g = p.glossary.unwrap();
        assert_eq!(
            (g.entries[0].term.as_str(), g.entries[0].id.as_str()),
            ("檢測系統", "glossary.1")
        );
        // [2] cites an entry that does not exist.
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "s.txt:19:19: warning: footnote [2] has no glossary entry"
        );
    }

    #[test]
    fn lead_phrases_are_short_plain_first_sentences() {
        assert_eq!(
            split_lead("工業升級賦能增效。鼓勵企業").0.as_deref(),
            Some("工業升級賦能增效。")
        );
        assert_eq!(
            split_lead("一年來，我們著重開展了以下六個方面工作。").0,
            None
        );
        assert_eq!(split_lead("只有一句。").0, None);
        assert_eq!(split_lead("“兩鋼”超低排放項目穩步推進。其餘").0, None);
    }

    #[test]
    fn lines_are_classified() {
        assert_eq!(
            classify("（六）聚焦自身建設抓落實"),
            Kind::Section(6, "聚焦自身建設抓落實".into())
        );
        assert_eq!(classify("名詞解釋："), Kind::Block("名詞解釋".into()));
        assert_eq!(
            classify("2025年工作安排"),
            Kind::Part("2025年工作安排".into())
        );
        assert_eq!(
            classify("10.建設農副產品快檢站16處"),
            Kind::Numbered(10, "建設農副產品快檢站16處".into())
        );
        assert!(matches!(
            classify("2024年，我們承諾的10件民生實事已經全部兌現："),
            Kind::Paragraph(_)
        ));
    }

    #[test]
    fn a_text_without_a_salutation_is_refused() {
        let e = parse(&lines("標題\n正文。"), Path::new("s.txt")).unwrap_err();
        assert!(e[0].to_string().contains("no salutation line"), "{}", e[0]);
    }
}
