//! Turn parsed files into a `Report`, checking what serde cannot: ids are
//! well formed and unique, numbers run 1, 2, 3 without a gap, titles and
//! texts are not empty, footnote markers point at glossary entries, and the
//! indicators quote paragraphs that exist.

mod values;

use std::collections::HashMap;
use std::path::Path;

use super::chars::{self, Cleaned};
use super::docs::{Doc, Docs};
use super::locate::{join, Locator};
use super::model::{ParagraphYaml, ValueYaml};
use super::problem::{excerpt, Pos, Problem};
pub use super::report::find_markers;
use super::report::*;
pub use values::lookalike_markers;
use values::{ascii_marker, char_offsets, date_problem, percent_problem};

/// Where an id was first defined: its file, that file's locator and the
/// id's path.
struct First<'a> {
    file: &'a Path,
    loc: &'a Locator,
    path: String,
}

struct Checker<'a> {
    problems: &'a mut Vec<Problem>,
    /// Every id seen, with where it was first defined (located only when
    /// a message needs it).
    ids: HashMap<String, First<'a>>,
    glossary_len: Option<u32>,
}

impl<'a> Checker<'a> {
    fn error<T>(&mut self, at: &'a Doc<T>, pos: Pos, msg: impl Into<String>) {
        self.problems.push(Problem::error(&at.file, pos, msg));
    }

    fn id<T>(&mut self, at: &'a Doc<T>, path: &str, id: &str) -> String {
        let p = join(path, "id");
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !valid {
            let msg = format!(
                "id `{}` must be letters, digits, `.`, `-` or `_`, and not empty",
                excerpt(id)
            );
            self.error(at, at.loc.pos(&p), msg);
        } else if let Some(first) = self.ids.get(id) {
            let first_pos = first.loc.pos(&first.path);
            let msg = format!(
                "duplicate id `{}` (first defined at {}:{}:{})",
                excerpt(id),
                first.file.display(),
                first_pos.line,
                first_pos.col
            );
            self.error(at, at.loc.pos(&p), msg);
        } else {
            let first = First {
                file: &at.file,
                loc: &at.loc,
                path: p,
            };
            self.ids.insert(id.to_string(), first);
        }
        id.to_string()
    }

    /// Check a text's characters (see `chars`): refusals are errors,
    /// removals warnings, each where its character stands.
    fn clean<T>(&mut self, at: &'a Doc<T>, path: &str, value: &str) -> Cleaned {
        let cleaned = chars::check(value);
        if cleaned.findings.is_empty() {
            return cleaned;
        }
        let offsets: Vec<usize> = cleaned.findings.iter().map(|f| f.at).collect();
        let positions = at.loc.positions_in(path, value, &offsets);
        for (f, pos) in cleaned.findings.iter().zip(positions) {
            self.problems.push(Problem {
                file: at.file.clone(),
                pos,
                severity: f.severity,
                message: f.message.clone(),
            });
        }
        cleaned
    }

    /// A text, checked and in the report's one form (NFC).
    fn plain<T>(&mut self, at: &'a Doc<T>, path: &str, value: &str) -> String {
        chars::normalize_owned(self.clean(at, path, value).text)
    }

    /// A text that must not be empty, checked and in NFC.
    fn text<T>(&mut self, at: &'a Doc<T>, path: &str, what: &str, value: &str) -> String {
        let cleaned = self.clean(at, path, value);
        if cleaned.text.trim().is_empty() {
            let msg = format!("{what} is empty");
            self.error(at, at.loc.pos(path), msg);
        }
        chars::normalize_owned(cleaned.text)
    }

    /// A text that may cite glossary entries. Markers are found in the
    /// normalised text (NFC leaves `[`, `]` and digits alone, so they are
    /// the markers of the text as written, in the same order).
    fn rich<T>(&mut self, at: &'a Doc<T>, path: &str, what: &str, value: &str) -> RichText {
        let mut cleaned = self.clean(at, path, value);
        if cleaned.text.trim().is_empty() {
            let msg = format!("{what} is empty");
            self.error(at, at.loc.pos(path), msg);
        }
        // The text as written (before NFC) is the text itself when it is in
        // NFC already, as most are: no copy of a long text.
        let nfc = chars::is_normalized(&cleaned.text);
        let text = if nfc {
            std::mem::take(&mut cleaned.text)
        } else {
            chars::normalize(&cleaned.text)
        };
        let written_text: &str = if nfc { &text } else { &cleaned.text };
        let max = self.glossary_len.unwrap_or(0);
        let mut refs = Vec::new();
        let mut dangling = Vec::new();
        let found = find_markers(&text);
        let written = find_markers(written_text);
        let same = found.len() == written.len();
        for (i, (range, number)) in found.into_iter().enumerate() {
            if number == 0 || number > max {
                // Where it was written, in the text before NFC.
                dangling.push((same.then(|| written[i].0.start), number));
            } else {
                refs.push(FootnoteRef { range, number });
            }
        }
        let lookalikes = lookalike_markers(written_text);
        if dangling.is_empty() && lookalikes.is_empty() {
            return RichText { text, refs };
        }
        // Every position wanted, in one pass over the source.
        let bytes: Vec<usize> = dangling.iter().filter_map(|(b, _)| *b).collect();
        let mut offsets = char_offsets(written_text, &bytes);
        offsets.extend(lookalikes.iter().map(|(offset, _)| *offset));
        let offsets: Vec<usize> = offsets.iter().map(|&o| cleaned.origin_of(o)).collect();
        let mut positions = at.loc.positions_in(path, value, &offsets).into_iter();
        let has = match self.glossary_len {
            Some(1) => "the glossary has 1 entry".to_string(),
            Some(n) => format!("the glossary has {n} entries"),
            None => "the report has no glossary".to_string(),
        };
        for (byte, number) in dangling {
            let pos = match byte {
                Some(_) => positions.next().unwrap_or_else(|| at.loc.pos(path)),
                None => at.loc.pos(path),
            };
            let msg = format!("footnote [{number}] has no glossary entry ({has})");
            self.error(at, pos, msg);
        }
        for (_, written) in lookalikes {
            let advice = match ascii_marker(&written) {
                Some(ascii) => format!("write `{ascii}`"),
                None => has.clone(),
            };
            let msg = format!(
                "`{}` looks like a footnote marker but is not taken as one: {advice}",
                excerpt(&written)
            );
            let pos = positions.next().unwrap_or_else(|| at.loc.pos(path));
            self.problems.push(Problem::warning(&at.file, pos, msg));
        }
        RichText { text, refs }
    }

    /// Numbers of consecutive items must run 1, 2, 3, …
    fn number<T>(&mut self, at: &'a Doc<T>, path: &str, what: &str, expected: u32, found: u32) {
        if expected != found {
            let pos = at.loc.pos(&join(path, "number"));
            let msg = format!("{what} numbers skip: expected {expected}, found {found}");
            self.error(at, pos, msg);
        }
    }

    fn paragraphs<T>(
        &mut self,
        at: &'a Doc<T>,
        path: &str,
        list: &[ParagraphYaml],
    ) -> Vec<Paragraph> {
        let mut out = Vec::with_capacity(list.len());
        for (i, p) in list.iter().enumerate() {
            let path = format!("{path}[{i}]");
            let id = self.id(at, &path, &p.id);
            let lead = p
                .lead
                .as_ref()
                .map(|l| self.text(at, &format!("{path}.lead"), "lead phrase", l));
            let body = self.rich(at, &format!("{path}.text"), "paragraph text", &p.text);
            out.push(Paragraph { id, lead, body });
        }
        out
    }

    fn value<T>(
        &mut self,
        at: &'a Doc<T>,
        path: &str,
        v: &ValueYaml,
        paras: &HashMap<&str, String>,
    ) -> StatedValue {
        let value = StatedValue {
            source: v.source.clone(),
            text: self.text(at, &format!("{path}.text"), "quoted text", &v.text),
            change_percent: v.change_percent,
            note: v
                .note
                .as_ref()
                .map(|n| self.plain(at, &format!("{path}.note"), n)),
        };
        if let Some(msg) = v.change_percent.and_then(percent_problem) {
            let pos = at.loc.pos(&format!("{path}.change_percent"));
            self.error(at, pos, msg);
        }
        match paras.get(v.source.as_str()) {
            None => {
                let pos = at.loc.pos(&format!("{path}.source"));
                let msg = format!("no paragraph has the id `{}`", excerpt(&v.source));
                self.error(at, pos, msg);
            }
            Some(text) => {
                let quotes = [("text", Some(&value.text)), ("note", value.note.as_ref())];
                for (field, quote) in quotes {
                    if let Some(q) = quote.filter(|q| !text.contains(q.as_str())) {
                        let pos = at.loc.pos(&format!("{path}.{field}"));
                        let msg = format!(
                            "`{}` does not stand in paragraph `{}`",
                            excerpt(q),
                            excerpt(&v.source)
                        );
                        self.error(at, pos, msg);
                    }
                }
            }
        }
        value
    }
}

/// Build the report from its parsed files, adding every problem found.
/// Returns None only when nothing sensible can be built.
pub fn validate(docs: &Docs, problems: &mut Vec<Problem>) -> Option<Report> {
    let glossary_len = docs.glossary.as_ref().map(|g| g.value.entries.len() as u32);
    let mut c = Checker {
        problems,
        ids: HashMap::new(),
        glossary_len,
    };

    let at = &docs.report;
    let r = &docs.report.value;
    let meta = Meta {
        id: c.id(at, "", &r.id),
        title: c.text(at, "title", "the report's title", &r.title),
        occasion: c.text(at, "occasion", "the occasion", &r.occasion),
        speaker: c.text(at, "speaker", "the speaker", &r.speaker),
        speaker_title: c.text(at, "speaker_title", "the speaker's title", &r.speaker_title),
        date: r.date.clone(),
    };
    if let Some(why) = date_problem(&r.date) {
        let msg = format!("date `{}` {why}", excerpt(&r.date));
        c.error(at, at.loc.pos("date"), msg);
    }
    let salutation = c.text(at, "salutation", "the salutation", &r.salutation);
    let opening = c.paragraphs(at, "opening", &r.opening);

    let mut parts = Vec::new();
    for (i, doc) in docs.parts.iter().enumerate() {
        let at = doc;
        let p = &doc.value;
        c.number(at, "", "part", i as u32 + 1, p.number);
        let mut sections = Vec::new();
        for (j, s) in p.sections.iter().enumerate() {
            let path = format!("sections[{j}]");
            c.number(at, &path, "section", j as u32 + 1, s.number);
            sections.push(Section {
                id: c.id(at, &path, &s.id),
                number: s.number,
                title: c.text(at, &format!("{path}.title"), "section title", &s.title),
                paragraphs: c.paragraphs(at, &format!("{path}.paragraphs"), &s.paragraphs),
            });
        }
        parts.push(Part {
            id: c.id(at, "", &p.id),
            number: p.number,
            title: c.text(at, "title", "part title", &p.title),
            intro: c.paragraphs(at, "intro", &p.intro),
            sections,
            closing: c.paragraphs(at, "closing", &p.closing),
        });
    }

    let lists = docs.lists.as_ref().map(|doc| {
        let at = doc;
        let mut lists = Vec::new();
        for (i, l) in doc.value.lists.iter().enumerate() {
            let path = format!("lists[{i}]");
            let mut items = Vec::new();
            for (j, item) in l.items.iter().enumerate() {
                let ip = format!("{path}.items[{j}]");
                c.number(at, &ip, "list item", j as u32 + 1, item.number);
                items.push(Item {
                    id: c.id(at, &ip, &item.id),
                    number: item.number,
                    body: c.rich(at, &format!("{ip}.text"), "list item", &item.text),
                });
            }
            lists.push(List {
                id: c.id(at, &path, &l.id),
                intro: c.text(at, &format!("{path}.intro"), "list intro", &l.intro),
                items,
            });
        }
        Lists {
            title: c.text(at, "title", "lists title", &doc.value.title),
            lists,
        }
    });

    let glossary = docs.glossary.as_ref().map(|doc| {
        let at = doc;
        let mut entries = Vec::new();
        for (i, e) in doc.value.entries.iter().enumerate() {
            let path = format!("entries[{i}]");
            c.number(at, &path, "glossary", i as u32 + 1, e.number);
            entries.push(Entry {
                id: c.id(at, &path, &e.id),
                number: e.number,
                term: c.text(at, &format!("{path}.term"), "glossary term", &e.term),
                definition: c.rich(
                    at,
                    &format!("{path}.definition"),
                    "definition",
                    &e.definition,
                ),
                cited_in: Vec::new(),
            });
        }
        Glossary {
            title: c.text(at, "title", "glossary title", &doc.value.title),
            entries,
        }
    });

    let mut report = Report {
        meta,
        salutation,
        opening,
        parts,
        lists,
        glossary,
        indicators: Vec::new(),
    };

    if let Some(doc) = &docs.indicators {
        let at = doc;
        let texts: HashMap<&str, String> = report
            .paragraphs()
            .map(|p| (p.id.as_str(), p.full_text()))
            .collect();
        let mut indicators = Vec::new();
        for (i, ind) in doc.value.indicators.iter().enumerate() {
            let path = format!("indicators[{i}]");
            indicators.push(Indicator {
                id: c.id(at, &path, &ind.id),
                name: c.text(at, &format!("{path}.name"), "indicator name", &ind.name),
                result: ind
                    .result
                    .as_ref()
                    .map(|v| c.value(at, &format!("{path}.result"), v, &texts)),
                target: ind
                    .target
                    .as_ref()
                    .map(|v| c.value(at, &format!("{path}.target"), v, &texts)),
            });
        }
        report.indicators = indicators;
    }
    report.link_citations();
    Some(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_with_their_byte_ranges() {
        let t = "新鋼鐵檢測系統[1]投入使用，“三高一特”[2]產量增長23.6%[x][12345]";
        let found = find_markers(t);
        assert_eq!(found.len(), 2);
        assert_eq!(&t[found[0].0.clone()], "[1]");
        assert_eq!(found[1].1, 2);
    }
}
