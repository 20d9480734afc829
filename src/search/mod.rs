//! Find anything in the report by hanzi (either script), full pinyin or
//! pinyin initials. The index is built once per report; a query gives
//! ranked hits with the characters that matched.

pub mod cli;
pub mod fold;
pub mod forms;
pub mod pinyin_table;
mod query;
mod rank;
pub mod snippet;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::document::{BlockKind, Document, Mark, Region, TextSpan};
use forms::{Readings, Store, StoreBuilder, Summary};
use query::{Postings, Query};

/// What a target is, best first when scores tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An outline position typed as `2.3`.
    Position,
    Heading,
    Lead,
    Term,
    Item,
    Sentence,
    Definition,
    /// A quantity (近300萬元).
    Figure,
}

impl Kind {
    /// A short tag for result lists.
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Position => "位置",
            Kind::Heading => "標題",
            Kind::Lead => "要點",
            Kind::Term => "名詞",
            Kind::Item => "實事",
            Kind::Sentence => "正文",
            Kind::Definition => "解釋",
            Kind::Figure => "數字",
        }
    }

    fn bonus(self) -> i64 {
        match self {
            Kind::Position => 100,
            Kind::Heading => 30,
            Kind::Lead => 25,
            Kind::Term => 20,
            Kind::Item => 10,
            Kind::Sentence => 0,
            Kind::Definition => -5,
            Kind::Figure => 15,
        }
    }
}

/// Something a query can find: a character range of one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub block: usize,
    /// Character range in the block's text.
    pub chars: Range<usize>,
    keys: Summary,
}

/// One result: the target, its score, and the characters that matched
/// (indices into the target's characters, ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub target: usize,
    pub score: i64,
    pub matched: Vec<usize>,
}

/// A contiguous match (the phrase as typed) beats any scattered one.
const PHRASE_BONUS: i64 = 1_000_000;

/// A target that matched: its score, index and match.
/// A scored target: score, target index, and the first and last folded
/// positions its match took (what `distinct` compares). The match itself
/// is made again for the few hits shown, so a query with a million hits
/// holds 24 bytes for each (store places and target
/// indices fit in a u32, as the postings hold them).
type Scored = (i64, u32, Option<(u32, u32)>);

/// From this many targets, matching runs on every core.
const PARALLEL_FROM: usize = 4_000;

/// A search given up because its stop flag was set (a newer query
/// superseded it, or the palette that asked for it closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// A search looks at its stop flag every this many places, targets or
/// hits (a few hundred microseconds of work at most between two looks).
const STOP_EVERY: usize = 4096;

/// The stop flag of a search nobody stops.
static NEVER: AtomicBool = AtomicBool::new(false);

/// Whether a search should give up at step `n` of a loop: only every
/// [`STOP_EVERY`] steps is the flag read.
fn stop_at(stop: &AtomicBool, n: usize) -> bool {
    n % STOP_EVERY == STOP_EVERY - 1 && stop.load(Ordering::Relaxed)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub targets: Vec<Target>,
    /// Where each target's keys end in the store, in target order: a
    /// compact copy for finding a place's target.
    ends: Vec<u32>,
    /// The blocks of section headings by (part, section), for `2.3`.
    positions: Vec<(usize, Option<usize>, usize)>,
    /// The pinyin readings the targets' characters refer to.
    readings: Readings,
    /// Every target's folded characters, readings and origins, in order.
    store: Store,
    /// Where each letter and character can start a match.
    postings: Postings,
}

/// Call `f` with each sentence of `text` from character `from`: its
/// character and byte ranges, each ending with its punctuation (。！？；).
fn each_sentence<E>(
    text: &str,
    from: usize,
    mut f: impl FnMut(Range<usize>, Range<usize>) -> Result<(), E>,
) -> Result<(), E> {
    let mut chars = text.char_indices().skip(from);
    let Some((first, c)) = chars.next() else {
        return Ok(());
    };
    let (mut start, mut start_byte) = (from, first);
    let mut at = (from, first, c);
    loop {
        let (i, byte, c) = at;
        let end_byte = byte + c.len_utf8();
        if matches!(c, '。' | '！' | '？' | '；') {
            f(start..i + 1, start_byte..end_byte)?;
            start = i + 1;
            start_byte = end_byte;
        }
        match chars.next() {
            Some((byte, c)) => at = (i + 1, byte, c),
            None => break,
        }
    }
    if start_byte < text.len() {
        f(start..at.0 + 1, start_byte..text.len())?;
    }
    Ok(())
}

/// Split a text into sentences (character ranges), each ending with its
/// punctuation: 。！？；
#[cfg(test)]
fn sentences(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let _ = each_sentence(text, from, |chars, _| {
        out.push(chars);
        Ok::<(), ()>(())
    });
    out
}

/// How far a build has come, in thousandths, told every so often; an
/// error from it stops the build (no session wants the index any more).
pub type Progress<'a, E> = &'a mut dyn FnMut(u32) -> Result<(), E>;

/// The parts of an index while it is built.
struct Build<'d> {
    doc: &'d Document,
    targets: Vec<Target>,
    readings: Readings,
    store: StoreBuilder,
    /// The block whose footnote markers are in `markers` (character
    /// ranges, ascending), worked out once per block.
    marked: usize,
    markers: Vec<Range<usize>>,
    /// The markers of one target, in its characters.
    skip: Vec<Range<usize>>,
}

impl Build<'_> {
    /// Add a target: characters `chars` of block `block`, whose text is
    /// `text`.
    fn add<E>(
        &mut self,
        kind: Kind,
        block: usize,
        chars: Range<usize>,
        text: &str,
        tick: &mut dyn FnMut(usize) -> Result<(), E>,
    ) -> Result<(), E> {
        if text.trim().is_empty() {
            return Ok(());
        }
        // Footnote markers are looked through: 跨境電商[4]交易額 reads
        // as 跨境電商交易額.
        if self.marked != block {
            let doc = self.doc;
            let b = &doc.blocks[block];
            self.markers.clear();
            self.markers.extend(
                b.marks
                    .iter()
                    .filter(|(_, m)| matches!(m, Mark::Marker(_)))
                    .map(|(r, _)| doc.chars_of(block, r)),
            );
            self.markers.sort_by_key(|r| r.start);
            self.marked = block;
        }
        // The markers that can overlap this target, in its characters.
        let first = self.markers.partition_point(|r| r.end <= chars.start);
        let last = self.markers.partition_point(|r| r.start < chars.end);
        self.skip.clear();
        for r in self.markers.get(first..last).unwrap_or(&[]) {
            self.skip
                .push(r.start.saturating_sub(chars.start)..r.end.saturating_sub(chars.start));
        }
        let keys = self
            .store
            .push(text, &self.skip, &mut self.readings, tick)?;
        self.targets.push(Target {
            kind,
            block,
            chars,
            keys,
        });
        Ok(())
    }
}

impl Index {
    /// The index of a document, with the quantities it states (found
    /// here; see [`Index::with_quantities`] to pass those already found).
    pub fn new(doc: &Document) -> Index {
        Index::with_quantities(doc, &crate::figures::extract::extract(doc))
    }

    /// The index of a document and the quantities already extracted from it.
    pub fn with_quantities(doc: &Document, quantities: &[crate::figures::Quantity]) -> Index {
        let Ok(index) = Index::build(doc, quantities, &mut |_| {
            Ok::<(), std::convert::Infallible>(())
        });
        index
    }

    /// The index of a document and its quantities, telling `progress` how
    /// far it has come (in thousandths) every 65,536 characters or so; an
    /// error from `progress` stops the build and is returned.
    ///
    /// Each character is folded once per distinct character (a table by
    /// code point), then costs four bytes in the store and four in each
    /// list of places that has it: no copy of a text is made.
    pub fn build<E>(
        doc: &Document,
        quantities: &[crate::figures::Quantity],
        progress: Progress<'_, E>,
    ) -> Result<Index, E> {
        let blocks = doc.blocks.len();
        let written: usize = (0..blocks).map(|i| doc.char_count(i)).sum::<usize>()
            + quantities.iter().map(|q| q.span.chars.len()).sum::<usize>();
        // Targets at most: a heading or a lead and one per sentence end,
        // plus the last sentence, per block; one per quantity.
        let ends = |t: &str| {
            ['。', '！', '？', '；']
                .map(|c| t.matches(c).count())
                .iter()
                .sum::<usize>()
        };
        let most: usize =
            doc.blocks.iter().map(|b| ends(&b.text) + 3).sum::<usize>() + quantities.len();
        let mut b = Build {
            doc,
            targets: Vec::with_capacity(most),
            readings: Readings::default(),
            store: StoreBuilder::with_capacity(written, most),
            marked: usize::MAX,
            markers: Vec::new(),
            skip: Vec::new(),
        };
        let mut positions = Vec::new();
        let mut done = 0usize;
        let total = written.max(1);
        let mut tick = |n: usize| {
            done += n;
            progress((done.saturating_mul(900) / total).min(900) as u32)
        };
        for (i, block) in doc.blocks.iter().enumerate() {
            let n = doc.char_count(i);
            let whole = doc.text_of_chars(i, &(0..n));
            match block.kind {
                BlockKind::Title
                | BlockKind::PartTitle
                | BlockKind::SectionTitle
                | BlockKind::ListsTitle
                | BlockKind::GlossaryTitle => {
                    b.add(Kind::Heading, i, 0..n, whole, &mut tick)?;
                    if let Region::Part { part, section } = block.region {
                        if matches!(block.kind, BlockKind::PartTitle | BlockKind::SectionTitle) {
                            positions.push((part, section, i));
                        }
                    }
                }
                BlockKind::Paragraph => {
                    let lead_end = match block.marks.first() {
                        Some((r, Mark::Lead)) => {
                            let chars = doc.chars_of(i, r);
                            let text = doc.text_of_chars(i, &chars);
                            b.add(Kind::Lead, i, chars.clone(), text, &mut tick)?;
                            chars.end
                        }
                        _ => 0,
                    };
                    each_sentence(&block.text, lead_end, |chars, bytes| {
                        let text = block.text.get(bytes).unwrap_or("");
                        b.add(Kind::Sentence, i, chars, text, &mut tick)
                    })?;
                }
                BlockKind::Occasion
                | BlockKind::Speaker
                | BlockKind::Salutation
                | BlockKind::ListIntro => b.add(Kind::Sentence, i, 0..n, whole, &mut tick)?,
                BlockKind::ListItem => {
                    let number = block
                        .marks
                        .first()
                        .map_or(0..0, |(r, _)| doc.chars_of(i, r));
                    let chars = number.end..n;
                    let text = doc.text_of_chars(i, &chars);
                    b.add(Kind::Item, i, chars, text, &mut tick)?;
                }
                BlockKind::GlossaryEntry => {
                    let term = block
                        .marks
                        .iter()
                        .find(|(_, m)| *m == Mark::Term)
                        .map(|(r, _)| doc.chars_of(i, r));
                    let term = term.unwrap_or(0..0);
                    let chars = term.start..term.end.saturating_sub(1);
                    let text = doc.text_of_chars(i, &chars);
                    b.add(Kind::Term, i, chars, text, &mut tick)?;
                    each_sentence(&block.text, term.end, |chars, bytes| {
                        let text = block.text.get(bytes).unwrap_or("");
                        b.add(Kind::Definition, i, chars, text, &mut tick)
                    })?;
                }
            }
        }
        for q in quantities {
            let text = doc.text_of_chars(q.block, &q.span.chars);
            b.add(Kind::Figure, q.block, q.span.chars.clone(), text, &mut tick)?;
        }
        let Build {
            mut targets,
            readings,
            store,
            ..
        } = b;
        targets.shrink_to_fit();
        let ends = targets.iter().map(|t| t.keys.end).collect();
        let store = store.finish();
        let places = store.len().max(1);
        let mut done = 0usize;
        let postings = Postings::new(&store, &mut |n| {
            done += n;
            progress(900 + (done.saturating_mul(100) / places).min(100) as u32)
        })?;
        Ok(Index {
            targets,
            ends,
            positions,
            readings,
            store,
            postings,
        })
    }

    /// The outline position a query such as `2.3` names: part 2, section (三).
    fn position(&self, query: &str) -> Option<usize> {
        let (p, s) = query.split_once('.')?;
        let part: usize = p.parse().ok()?;
        let section: usize = s.parse().ok()?;
        let section = section.checked_sub(1)?;
        let found = self
            .positions
            .iter()
            .find(|(pp, ss, _)| *pp + 1 == part && *ss == Some(section));
        found.map(|(_, _, block)| *block)
    }

    /// Hits for `query`, best first, at most `limit` (`usize::MAX` for
    /// all: the count a palette shows). The same query always gives the
    /// same order. The matching rules are in `query.rs`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_counted(query, limit).0
    }

    /// The best `limit` hits for `query`, and how many there are in all.
    pub fn search_counted(&self, query: &str, limit: usize) -> (Vec<Hit>, usize) {
        self.search_until(query, limit, &NEVER).unwrap_or_default()
    }

    /// [`Index::search_counted`], given up when `stop` is set (read every
    /// [`STOP_EVERY`] places, targets or hits of each pass, so a search of
    /// a huge report stops within a millisecond or so): the same hits and
    /// count as `search_counted` when it is never set, else `Stopped`,
    /// never a partial answer.
    pub fn search_until(
        &self,
        query: &str,
        limit: usize,
        stop: &AtomicBool,
    ) -> Result<(Vec<Hit>, usize), Stopped> {
        let answer = self.search_unchecked(query, limit, stop);
        // The passes give up by returning less: whatever they returned
        // once the flag was set is thrown away here (it is never unset).
        if stop.load(Ordering::SeqCst) {
            return Err(Stopped);
        }
        Ok(answer)
    }

    /// The search: its passes return early, with less, once `stop` is
    /// set.
    fn search_unchecked(&self, query: &str, limit: usize, stop: &AtomicBool) -> (Vec<Hit>, usize) {
        let q = query.trim();
        if q.is_empty() || limit == 0 || stop.load(Ordering::Relaxed) {
            return (Vec::new(), 0);
        }
        let mut hits: Vec<Hit> = Vec::new();
        if let Some(block) = self.position(&fold::fold_query(q)) {
            if let Some(t) = self
                .targets
                .iter()
                .position(|t| t.block == block && t.kind == Kind::Heading)
            {
                hits.push(Hit {
                    target: t,
                    score: i64::MAX,
                    matched: Vec::new(),
                });
            }
        }
        let mut parsed = Query::parse(q);
        parsed.prepare(&self.readings);
        if parsed.is_empty() {
            let total = hits.len();
            return (hits, total);
        }
        let position_hit = hits.first().map(|h| h.target);
        let mut scored = self.distinct(self.score_pass(&parsed, stop), position_hit, stop);
        if stop.load(Ordering::Relaxed) {
            return (Vec::new(), 0);
        }
        let total = hits.len() + scored.len();
        let order =
            |(s, i, _): &Scored| (std::cmp::Reverse(*s), self.targets[*i as usize].kind, *i);
        // Only the best `limit` need sorting.
        let keep = limit.saturating_add(1);
        if scored.len() > keep {
            scored.select_nth_unstable_by_key(keep, order);
            scored.truncate(keep);
        }
        scored.sort_by_key(order);
        let driver = parsed.driver(&self.postings);
        for (score, i, _) in scored {
            let i = i as usize;
            if hits.len() >= limit {
                break;
            }
            let Some(m) = driver
                .as_ref()
                .and_then(|(d, starts)| self.rematch(&parsed, *d, starts, i, stop))
            else {
                continue;
            };
            hits.push(Hit {
                target: i,
                score,
                matched: self.matched_chars(i, &m),
            });
        }
        hits.truncate(limit);
        (hits, total)
    }

    /// A hit's target as shown: kind, and its text in `doc` (either script).
    pub fn text_of(&self, doc: &Document, hit: &Hit) -> String {
        let t = &self.targets[hit.target];
        doc.text_of_chars(t.block, &t.chars).to_string()
    }

    /// What a hit matched, as a typed span (first to last matched
    /// character; the whole target when nothing is marked).
    pub fn matched_span(&self, doc: &Document, hit: &Hit) -> Option<TextSpan> {
        let t = &self.targets[hit.target];
        let chars = match (hit.matched.first(), hit.matched.last()) {
            (Some(&a), Some(&b)) => t.chars.start + a..t.chars.start + b + 1,
            _ => t.chars.clone(),
        };
        Some(TextSpan::new(doc.id_of(t.block)?.clone(), chars))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

    fn index() -> (Document, Index) {
        let d = Document::new(&load_embedded().unwrap());
        let i = Index::new(&d);
        (d, i)
    }

    #[test]
    fn sentences_end_with_their_punctuation() {
        let s = sentences("甲乙。丙丁；戊", 0);
        assert_eq!(s, [0..3, 3..6, 6..7]);
        assert_eq!(sentences("前導。正文。", 3), vec![3..6]);
    }

    #[test]
    fn a_simplified_query_finds_the_traditional_text() {
        let (d, i) = index();
        let hits = i.search("招商引资", 5);
        let first = &hits[0];
        assert_eq!(i.text_of(&d, first), "招商引資力度空前。");
        assert_eq!(first.matched, [0, 1, 2, 3]);
        assert_eq!(i.targets[first.target].kind, Kind::Lead);
    }

    #[test]
    fn pinyin_and_initials_highlight_the_hanzi() {
        let (d, i) = index();
        for q in ["xinzhishengchanli", "xzscl"] {
            let hits = i.search(q, 5);
            let h = &hits[0];
            let text = i.text_of(&d, h);
            let matched: String = text
                .chars()
                .enumerate()
                .filter(|(k, _)| h.matched.contains(k))
                .map(|(_, c)| c)
                .collect();
            assert_eq!(matched, "新質生產力", "{q}: {text}");
        }
    }

    #[test]
    fn an_outline_position_jumps_to_its_section() {
        let (d, i) = index();
        let h = &i.search("2.3", 5)[0];
        assert_eq!(d.blocks[i.targets[h.target].block].id, "part2.s3");
        assert_eq!(i.targets[h.target].kind, Kind::Heading);
    }

    #[test]
    fn nothing_for_nothing() {
        let (_, i) = index();
        assert!(i.search("", 10).is_empty());
        assert!(i.search("ζω", 10).is_empty());
    }
}
