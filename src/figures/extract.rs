//! Find every quantity a report states: a number with its unit, the words
//! that qualify it (近, 余, 以上, 突破, 超過, 達到), its value in base
//! units, and where it stands. Years, dates, ordinals, footnote markers and
//! names with digits (“5+7+12”, PM2.5, 12345, 〔2011〕300號) are not
//! quantities.

use std::ops::Range;

use super::units::{magnitude, Dimension, UNITS};
use super::Quantity;
use crate::document::TextSpan;
use crate::document::{BlockKind, Document, Mark};

/// Qualifiers written before a number, longest first.
const BEFORE: &[&str] = &["超過", "達到", "突破", "近", "達", "約", "逾"];
/// Qualifiers written after the unit, longest first.
const AFTER: &[&str] = &["及以上", "以上", "以下", "左右"];
/// Words before a percentage that make it a signed change.
const FALLS: &[&str] = &["下降", "壓減", "減少", "降低"];
const RISES: &[&str] = &["增長", "增速", "提高", "提升", "增加", "上升"];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// The characters of a block that are not text to search (marker digits,
/// item numbers), as sorted ranges of character positions, none touching
/// another: a few ranges, not a flag for every byte of a long paragraph.
fn unsearchable(doc: &Document, block: usize) -> Vec<Range<usize>> {
    let b = &doc.blocks[block];
    let mut marks: Vec<Range<usize>> = b
        .marks
        .iter()
        .filter(|(_, m)| matches!(m, Mark::Marker(_) | Mark::Number))
        .map(|(r, _)| doc.chars_of(block, r))
        .collect();
    marks.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(marks.len());
    for r in marks {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether character position `i` is in one of `ranges` (sorted, apart).
fn within(ranges: &[Range<usize>], i: usize) -> bool {
    let before = ranges.partition_point(|r| r.start <= i);
    before.checked_sub(1).is_some_and(|k| i < ranges[k].end)
}

fn starts_at(chars: &[char], i: usize, word: &str) -> bool {
    let mut k = i;
    for w in word.chars() {
        match chars.get(k) {
            Some(c) if *c == w => k += 1,
            _ => return false,
        }
    }
    true
}

/// Whether `word` ends just before char `end` (compared from its last
/// character: most places fail at once).
fn ends_at(chars: &[char], end: usize, word: &str) -> bool {
    let mut k = end;
    for w in word.chars().rev() {
        match k.checked_sub(1).and_then(|p| chars.get(p)) {
            Some(c) if *c == w => k -= 1,
            _ => return false,
        }
    }
    true
}

/// Characters that end a clause (for the words of a fall or a rise).
fn ends_clause(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '、' | '：' | '！' | '？')
}

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？')
}

/// A sentence longer than this (in characters) is given, for each of its
/// quantities, as the whole clauses within [`CONTEXT`] characters on either
/// side: a paragraph with no full stop is not copied whole for each
/// quantity.
const LONGEST_SENTENCE: usize = 240;
/// Characters of context on each side of a quantity in a long sentence.
const CONTEXT: usize = 120;

/// What lies before a position of one block, found by one pass forward
/// (the positions asked about only grow, as quantities are found in
/// order): where its clause and sentence start, where the latest word of a
/// fall or a rise starts, and the next end of a sentence. Each character
/// is looked at a bounded number of times, so a block of any length takes
/// time in proportion to its length.
struct Context<'a> {
    chars: &'a [char],
    /// Positions before this one have been seen.
    seen: usize,
    /// Where the clause of position `seen` starts.
    clause: usize,
    /// Where the sentence of position `seen` starts.
    sentence: usize,
    /// The start of the latest word of a fall (or a rise) that ends at or
    /// before `seen`.
    fall: Option<usize>,
    rise: Option<usize>,
    /// The first end of a sentence at or after `seen` (its position), once
    /// looked for.
    stop: Option<usize>,
}

impl<'a> Context<'a> {
    fn new(chars: &'a [char]) -> Context<'a> {
        Context {
            chars,
            seen: 0,
            clause: 0,
            sentence: 0,
            fall: None,
            rise: None,
            stop: None,
        }
    }

    /// See every position before `i`.
    fn advance(&mut self, i: usize) {
        while self.seen < i.min(self.chars.len()) {
            let p = self.seen;
            let c = self.chars[p];
            let end = p + 1;
            if ends_clause(c) {
                self.clause = end;
            }
            if ends_sentence(c) {
                self.sentence = end;
            }
            let latest = |words: &[&str]| {
                words
                    .iter()
                    .filter(|w| ends_at(self.chars, end, w))
                    .map(|w| end - w.chars().count())
                    .max()
            };
            self.fall = self.fall.max(latest(FALLS));
            self.rise = self.rise.max(latest(RISES));
            self.seen = end;
        }
    }

    /// Whether the clause before `i` holds a word of a fall, and a word of
    /// a rise (as `clause.contains(word)`).
    fn fall_rise(&mut self, i: usize) -> (bool, bool) {
        self.advance(i);
        let within = |w: Option<usize>| w.is_some_and(|s| s >= self.clause);
        (within(self.fall), within(self.rise))
    }

    /// The sentence holding the quantity at positions `q` (its number
    /// at `i`), starting no earlier than position `from`, as a range of
    /// positions, its final stop included; a sentence longer than
    /// [`LONGEST_SENTENCE`] is cut to the whole clauses near the quantity.
    fn sentence(&mut self, q: Range<usize>, i: usize, from: usize) -> Range<usize> {
        self.advance(i);
        let n = self.chars.len();
        let stop = match self.stop {
            Some(s) if s >= i => s,
            _ => {
                let s = (i..n).find(|&p| ends_sentence(self.chars[p])).unwrap_or(n);
                self.stop = Some(s);
                s
            }
        };
        let start = self.sentence.max(from);
        let end = (stop + 1).min(n);
        if end - start <= LONGEST_SENTENCE {
            return start..end;
        }
        // Whole clauses within CONTEXT characters of the quantity: from
        // just after the first end of a clause in the window before it, to
        // the last end of a clause in the window after it.
        let lo = q.start.saturating_sub(CONTEXT).max(start);
        let hi = q.end.saturating_add(CONTEXT).min(end);
        let first = if lo == start {
            lo
        } else {
            (lo..=q.start)
                .find(|&p| p > 0 && ends_clause(self.chars[p - 1]))
                .unwrap_or(lo)
        };
        let last = if hi == end {
            end
        } else {
            (q.end..hi)
                .rev()
                .find(|&p| ends_clause(self.chars[p]))
                .map_or(hi, |p| p + 1)
        };
        first..last
    }
}

/// Every quantity in one block.
fn in_block(doc: &Document, block: usize, out: &mut Vec<Quantity>) {
    let b = &doc.blocks[block];
    let text = &b.text;
    // A character each, four bytes: a paragraph's bytes are found from
    // its characters through the document's index.
    let chars: Vec<char> = text.chars().collect();
    let skip = unsearchable(doc, block);
    let n = chars.len();
    // Items and entries start with their number (" 3."): not part of a sentence.
    let text_start = b
        .marks
        .iter()
        .find(|(_, m)| *m == Mark::Number)
        .map_or(0, |(r, _)| r.end);
    let text_start = doc.chars_of(block, &(text_start..text_start)).start;
    let mut context = Context::new(&chars);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|k| chars[k]);
        if !is_digit(c)
            || within(&skip, i)
            || prev.is_some_and(|p| is_digit(p) || p == '.' || p.is_ascii_alphabetic())
        {
            i += 1;
            continue;
        }
        // The number.
        let mut j = i;
        while j < n
            && (is_digit(chars[j])
                || (chars[j] == '.' && chars.get(j + 1).is_some_and(|x| is_digit(*x))))
        {
            j += 1;
        }
        let number: String = chars[i..j].iter().collect();
        let next = chars.get(j).copied();
        let names = matches!(prev, Some('“' | '+' | '〔' | '['))
            || matches!(next, Some('+' | '“' | '〕' | '號' | '月' | '日' | '世'));
        let decade = starts_at(&chars, j, "年代");
        let year = next == Some('年')
            && number.len() == 4
            && (1900..=2100).contains(&number.parse::<u32>().unwrap_or(0));
        let Ok(mut value) = number.parse::<f64>() else {
            i = j;
            continue;
        };
        if names || decade || year {
            i = j;
            continue;
        }
        // Qualifier, magnitude, qualifier, unit, qualifier.
        let mut k = j;
        let mut qualifiers: Vec<String> = Vec::new();
        let mut scale = 1.0;
        let mut unit_text = String::new();
        if k < n && "余多".contains(chars[k]) {
            qualifiers.push(chars[k].to_string());
            k += 1;
        }
        if let Some(m) = chars.get(k).and_then(|x| magnitude(*x)) {
            scale = m;
            unit_text.push(chars[k]);
            k += 1;
        }
        if k < n && "余多".contains(chars[k]) && qualifiers.is_empty() {
            qualifiers.push(chars[k].to_string());
            k += 1;
        }
        let unit = UNITS.iter().find(|u| starts_at(&chars, k, u.text));
        let (dimension, factor) = match unit {
            Some(u) => {
                unit_text.push_str(u.text);
                k += u.text.chars().count();
                (u.dimension, u.factor)
            }
            None if scale > 1.0 => (Dimension::Count, 1.0),
            None if ends_at(&chars, i, "前") => (Dimension::Rank, 1.0),
            None => {
                i = j;
                continue;
            }
        };
        if let Some(a) = AFTER.iter().find(|a| starts_at(&chars, k, a)) {
            qualifiers.push(a.to_string());
            k += a.chars().count();
        }
        let mut start = i;
        if dimension == Dimension::Rank {
            start = i - 1;
        } else if let Some(bq) = BEFORE.iter().find(|q| ends_at(&chars, i, q)) {
            qualifiers.insert(0, bq.to_string());
            start = i - bq.chars().count();
        }
        let mut dimension = dimension;
        if dimension == Dimension::Share {
            let (fall, rise) = context.fall_rise(i);
            if fall {
                dimension = Dimension::PercentChange;
                value = -value;
            } else if rise {
                dimension = Dimension::PercentChange;
            }
        }
        let range = doc.bytes_of(block, &(start..k));
        let sentence = context.sentence(start..k, i, text_start);
        let sentence = doc.bytes_of(block, &sentence);
        out.push(Quantity {
            text: text[range.clone()].to_string(),
            value,
            unit: unit_text,
            qualifiers,
            normalized: value * scale * factor,
            dimension,
            block,
            id: b.id.to_string(),
            range,
            span: TextSpan::new(b.id.as_str(), start..k),
            sentence,
        });
        i = k.max(j);
    }
}

/// Every quantity in the document, in reading order.
pub fn extract(doc: &Document) -> Vec<Quantity> {
    let mut out = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        if matches!(
            b.kind,
            BlockKind::Paragraph
                | BlockKind::ListItem
                | BlockKind::GlossaryEntry
                | BlockKind::ListIntro
        ) {
            in_block(doc, i, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

    fn all() -> Vec<Quantity> {
        extract(&Document::new(&load_embedded().unwrap()))
    }

    fn find<'a>(q: &'a [Quantity], text: &str) -> &'a Quantity {
        q.iter()
            .find(|x| x.text == text)
            .unwrap_or_else(|| panic!("no quantity {text}"))
    }

    #[test]
    fn the_tricky_forms_of_this_report() {
        let q = all();
        let check = |text: &str,
                     value: f64,
                     unit: &str,
                     dim: Dimension,
                     normalized: f64,
                     quals: &[&str]| {
            let x = find(&q, text);
            assert_eq!(
                (x.value, x.unit.as_str(), x.dimension),
                (value, unit, dim),
                "{text}"
            );
            assert!(
                (x.normalized - normalized).abs() < 1e-6 * normalized.abs().max(1.0),
                "{text}: {}",
                x.normalized
            );
            assert_eq!(x.qualifiers, quals, "{text}");
        };
        check(
            "1.81萬畝",
            1.81,
            "萬畝",
            Dimension::Area,
            1.81e4 * 10_000.0 / 15.0,
            &[],
        );
        check(
            "達0.26億斤",
            0.26,
            "億斤",
            Dimension::Weight,
            0.26e8 * 0.5,
            &["達"],
        );
        check(
            "8860余萬元",
            8860.0,
            "萬元",
            Dimension::Money,
            8860e4,
            &["余"],
        );
        check("近300萬元", 300.0, "萬元", Dimension::Money, 300e4, &["近"]);
        check("1億余元", 1.0, "億元", Dimension::Money, 1e8, &["余"]);
        check("2.4倍", 2.4, "倍", Dimension::Multiple, 2.4, &[]);
        check("161%", 161.0, "%", Dimension::PercentChange, 161.0, &[]);
        check(
            "36μg/m3",
            36.0,
            "μg/m3",
            Dimension::Concentration,
            36.0,
            &[],
        );
        check(
            "13.5個百分點",
            13.5,
            "個百分點",
            Dimension::PercentagePoints,
            13.5,
            &[],
        );
        check("22萬平方米", 22.0, "萬平方米", Dimension::Area, 22e4, &[]);
        check("60%以上", 60.0, "%", Dimension::Share, 60.0, &["以上"]);
        check("29.8%", -29.8, "%", Dimension::PercentChange, -29.8, &[]);
        check("突破12萬", 12.0, "萬", Dimension::Count, 12e4, &["突破"]);
        check("超過10年", 10.0, "年", Dimension::Duration, 10.0, &["超過"]);
        check("前50", 50.0, "", Dimension::Rank, 50.0, &[]);
        check(
            "達到2000萬元及以上",
            2000.0,
            "萬元",
            Dimension::Money,
            2000e4,
            &["達到", "及以上"],
        );
        assert_eq!(
            find(&q, "60%以上").sentence_in(&Document::new(&load_embedded().unwrap())),
            "汽車銷售額增長52%，總量占全市的60%以上，社零額增速全年領跑全市。"
        );
    }

    #[test]
    fn years_dates_ordinals_markers_and_names_are_not_quantities() {
        let q = all();
        for text in q.iter().map(|x| x.text.as_str()) {
            for not in [
                "2024",
                "2023",
                "2025",
                "2011",
                "300號",
                "12345",
                "PM",
                "5+7",
                "[",
                "世紀",
                "年代",
                "二號路",
                "十四五",
            ] {
                assert!(!text.contains(not), "{text} is not a quantity ({not})");
            }
        }
        // Markers: no quantity's range covers a [n].
        let doc = Document::new(&load_embedded().unwrap());
        for x in &q {
            assert!(
                !doc.blocks[x.block].text[x.range.clone()].contains('['),
                "{}",
                x.text
            );
        }
        assert!(
            !q.iter().any(|x| x.id == "glossary.15"),
            "2024年底 and 2025年底 are dates"
        );
    }

    #[test]
    fn every_quantity_stands_in_the_text_and_its_sentence() {
        let doc = Document::new(&load_embedded().unwrap());
        let q = extract(&doc);
        assert_eq!(q.len(), 188);
        for x in &q {
            assert_eq!(&doc.blocks[x.block].text[x.range.clone()], x.text);
            let sentence = x.sentence_in(&doc);
            assert!(sentence.contains(&x.text), "{}: {sentence}", x.text);
            assert_eq!(doc.blocks[x.block].id.as_str(), x.id);
        }
    }

    #[test]
    fn marker_digits_and_item_numbers_are_skipped_by_range() {
        // Every [n] of the report (跨境電商[4]交易額…) and every item's
        // number (" 3.實現53個…") is one range of characters, none touching.
        let doc = Document::new(&load_embedded().unwrap());
        for (b, block) in doc.blocks.iter().enumerate() {
            let skip = unsearchable(&doc, b);
            assert!(skip.windows(2).all(|w| w[0].end < w[1].start));
            for (i, (byte, _)) in block.text.char_indices().enumerate() {
                let flagged = block
                    .marks
                    .iter()
                    .any(|(r, m)| matches!(m, Mark::Marker(_) | Mark::Number) && r.contains(&byte));
                assert_eq!(within(&skip, i), flagged, "{} {i}", block.id);
            }
        }
        assert!(within(&[2..5, 9..10], 4) && !within(&[2..5, 9..10], 5));
        let one = [2..5, 20..20];
        assert!(!within(&[], 0) && !within(&one, 1) && within(&one, 2) && !within(&one, 20));
    }
}
