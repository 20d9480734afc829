//! A query and how it matches a target. The rules (the README repeats
//! them):
//!
//! - The query is folded as the text is (`fold.rs`). Spaces separate
//!   terms; every term must match the same target, in any order. A
//!   "quoted phrase" is one term that matches only contiguously and only
//!   as characters (no pinyin).
//! - A term is a sequence of hanzi, other characters (digits, `.`, `%`…)
//!   and runs of Latin letters, so `新zhi生產力` is one term. Hanzi and
//!   other characters match themselves. A run of letters matches either
//!   the same Latin letters in the text, or pinyin: consecutive hanzi, each
//!   taking a non-empty prefix of one of its readings, so that whole
//!   syllables (`xinzhi`), initials (`xzscl`), a mix, and a syllable still
//!   being typed (`xinzhish`) all match, but never letters from the middle
//!   of a syllable. In pinyin `v` and `ü` are `u`, and tone numbers
//!   (`gao1xiao4`) are ignored; tone marks are folded away.
//! - A term matches contiguously, or else scattered: its hanzi and whole
//!   syllables in order, at most two characters apart, within one clause
//!   (no ，。；：！？、 between them). Initials and partly typed syllables
//!   never scatter.
//! - Contiguous matches of every term rank above any scattered one; then
//!   headings, lead phrases and terms above sentences; then shorter
//!   targets. The same query always gives the same order.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use super::fold::fold_query;
use super::forms::{bloom_bit, letter_bit, KeysRef, Readings, Store, TICK_CHARS};
use super::STOP_EVERY;
use crate::fx::FxBuild;

/// Characters a scattered match may skip between two of its units.
const MAX_GAP: usize = 2;
/// Steps one target's match may take at most (a bound for hostile input),
/// plus [`STEPS_PER_START`] for each place it is tried from: a phrase that
/// stands only after thousands of near misses in a long paragraph is still
/// found, and the work stays in proportion to the places tried.
const MAX_STEPS: usize = 20_000;
const STEPS_PER_START: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// A character that matches itself (after folding).
    Char(char),
    /// Latin letters (with any digit 1–5 typed after a run of them): as
    /// written, and as pinyin.
    Letters {
        /// Letters and digits as typed, to match Latin text (`m3`, `pm2`).
        latin: Vec<char>,
        /// The letters alone (`v` is ü; a `u` matches u or ü).
        pinyin: Vec<u8>,
        /// Where digits stood in `pinyin` (letter counts): tone numbers,
        /// if the letters before each are whole syllables.
        tones: Vec<usize>,
        /// Whether the letters can be pinyin: no digits, or every digit a
        /// tone number after whole syllables (`gao1xiao4`, but not `m3`).
        as_pinyin: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Term {
    pub(super) tokens: Vec<Token>,
    /// A quoted phrase: contiguous, characters only.
    pub(super) exact: bool,
    /// Whether the term may match scattered: two units or more, and its
    /// letters read as whole syllables (initials never scatter).
    can_scatter: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Query {
    pub(super) terms: Vec<Term>,
    /// Every term's characters must be in a target's bloom summary.
    bloom: u64,
    /// Per letters run: the letter it starts with, and every letter it has
    /// as Latin and as pinyin.
    letters: Vec<(u32, u32, u32)>,
}

fn mask_of(letters: impl Iterator<Item = char>) -> u32 {
    letters.fold(0, |m, c| m | letter_bit(c))
}

fn is_stop(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '!' | '?' | '。' | '、')
}

fn tokens(chars: &[char], exact: bool) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if exact || !c.is_ascii_alphabetic() {
            out.push(Token::Char(c));
            i += 1;
            continue;
        }
        let mut latin = Vec::new();
        let mut pinyin = Vec::new();
        let mut tones = Vec::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_alphabetic() {
                latin.push(c);
                pinyin.push(c as u8);
                i += 1;
            } else if matches!(c, '1'..='5')
                && chars.get(i + 1).is_none_or(|n| n.is_ascii_alphabetic())
                && !pinyin.is_empty()
            {
                // Perhaps a tone number: `prepare` decides.
                latin.push(c);
                tones.push(pinyin.len());
                i += 1;
            } else {
                break;
            }
        }
        let as_pinyin = tones.is_empty();
        out.push(Token::Letters {
            latin,
            pinyin,
            tones,
            as_pinyin,
        });
    }
    out
}

impl Query {
    pub(super) fn parse(query: &str) -> Query {
        let folded: Vec<char> = fold_query(query).chars().collect();
        let mut terms = Vec::new();
        let mut current: Vec<char> = Vec::new();
        let mut quoted = false;
        let mut flush = |current: &mut Vec<char>, exact: bool| {
            if !current.is_empty() {
                terms.push(Term {
                    tokens: tokens(current, exact),
                    exact,
                    can_scatter: false,
                });
                current.clear();
            }
        };
        for c in folded {
            match c {
                '"' | '“' | '”' => {
                    flush(&mut current, quoted);
                    quoted = !quoted;
                }
                c if c.is_whitespace() && !quoted => flush(&mut current, false),
                c => current.push(c),
            }
        }
        flush(&mut current, quoted);
        let mut bloom = 0;
        let mut letters = Vec::new();
        for t in &terms {
            for tok in &t.tokens {
                match tok {
                    Token::Char(c) => bloom |= bloom_bit(*c),
                    Token::Letters { latin, pinyin, .. } => letters.push((
                        latin.first().map_or(0, |c| letter_bit(*c)),
                        mask_of(latin.iter().copied()),
                        mask_of(pinyin.iter().map(|&b| char::from(b))),
                    )),
                }
            }
        }
        Query {
            terms,
            bloom,
            letters,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Decide, with the syllables of an index, which digits are tone
    /// numbers and which terms may scatter: terms of hanzi and whole
    /// syllables only (never digits, punctuation or initials).
    pub(super) fn prepare(&mut self, readings: &Readings) {
        for t in &mut self.terms {
            for tok in &mut t.tokens {
                if let Token::Letters {
                    pinyin,
                    tones,
                    as_pinyin,
                    ..
                } = tok
                {
                    let mut from = 0;
                    *as_pinyin = tones.iter().all(|&end| {
                        let ok = readings.whole_syllables(&pinyin[from..end]);
                        from = end;
                        ok
                    });
                }
            }
            let units: usize = t
                .tokens
                .iter()
                .map(|tok| match tok {
                    Token::Char(_) => 1,
                    Token::Letters { .. } => 2,
                })
                .sum();
            let scatterable = t.tokens.iter().all(|tok| match tok {
                Token::Char(c) => !c.is_ascii(),
                Token::Letters {
                    pinyin, as_pinyin, ..
                } => *as_pinyin && readings.whole_syllables(pinyin),
            });
            t.can_scatter = !t.exact && units >= 2 && scatterable;
        }
    }

    /// Whether a target can hold a match at all (cheap).
    fn may_match(&self, k: &KeysRef) -> bool {
        let letters_ok = |&(first, latin, pinyin): &(u32, u32, u32)| {
            k.letters & first != 0
                && (k.all_letters & latin == latin || k.all_letters & pinyin == pinyin)
        };
        k.bloom & self.bloom == self.bloom && self.letters.iter().all(letters_ok)
    }

    /// The match of every term in a target, or None: the folded positions
    /// matched, and whether every term matched contiguously.
    #[cfg(test)]
    pub(super) fn match_target(&self, k: &KeysRef, readings: &Readings) -> Option<Match> {
        self.match_from(k, readings, None, &super::NEVER)
    }

    /// The term whose first token can start at the fewest places, by the
    /// index's postings, and those places (folded positions of the store,
    /// ascending). Walking only from them is what keeps a query fast.
    pub(super) fn driver<'p>(&self, postings: &'p Postings) -> Option<(usize, Places<'p>)> {
        self.terms
            .iter()
            .enumerate()
            .map(|(n, t)| (n, postings.starts_of(t.tokens.first())))
            .min_by_key(|(n, list)| (list.len(), *n))
    }

    /// Like [`Query::match_target`], with the driver term tried only from
    /// `starts` (folded positions of the store, in this target). When
    /// `stop` is set, it gives up (None) within [`STOP_EVERY`] places: the
    /// caller throws away a stopped search's answers.
    pub(super) fn match_at(
        &self,
        k: &KeysRef,
        readings: &Readings,
        driver: usize,
        starts: &[u32],
        stop: &AtomicBool,
    ) -> Option<Match> {
        self.match_from(k, readings, Some((driver, starts)), stop)
    }

    fn match_from(
        &self,
        k: &KeysRef,
        readings: &Readings,
        driver: Option<(usize, &[u32])>,
        stop: &AtomicBool,
    ) -> Option<Match> {
        if !self.may_match(k) {
            return None;
        }
        // The driver first: it fails most often.
        let mut found: Vec<Option<Match>> = vec![None; self.terms.len()];
        if let Some((d, starts)) = driver {
            let term = self.terms.get(d)?;
            let base = k.base();
            let starts = starts.iter().map(|&g| g.saturating_sub(base) as usize);
            found[d] =
                Some(Matcher::new(k, readings, &term.tokens, stop).find(term.can_scatter, starts)?);
        }
        let mut all = Match {
            positions: Vec::new(),
            contiguous: true,
            units: 0,
            whole: 0,
            gaps: 0,
            rare: 0,
            at_start: false,
        };
        for (n, term) in self.terms.iter().enumerate() {
            let m = match found[n].take() {
                Some(m) => m,
                None => Matcher::new(k, readings, &term.tokens, stop)
                    .find(term.can_scatter, 0..k.len())?,
            };
            all.contiguous &= m.contiguous;
            all.units += m.units;
            all.whole += m.whole;
            all.gaps += m.gaps;
            all.rare += m.rare;
            if n == 0 {
                all.at_start = m.positions.first() == Some(&0);
            }
            all.positions.extend(m.positions);
        }
        all.positions.sort_unstable();
        all.positions.dedup();
        Some(all)
    }
}

/// How a query matched a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Match {
    /// Folded positions matched, ascending.
    pub(super) positions: Vec<usize>,
    pub(super) contiguous: bool,
    /// Units matched (characters and pinyin pieces).
    pub(super) units: usize,
    /// Of those, units matched whole (a character, a whole syllable).
    pub(super) whole: usize,
    /// Characters skipped by scattered matches.
    pub(super) gaps: usize,
    /// Units matched through a less common reading (式 read tè).
    pub(super) rare: usize,
    /// The first term matched at the target's start.
    pub(super) at_start: bool,
}

/// What the first token of a term needs of a character, worked out once
/// per term and target: a cheap test before each walk.
enum Start {
    Char(char),
    Letters {
        latin: char,
        /// The first letter's bit.
        first: u32,
        /// For a reading of length `l` that cannot hold all the letters,
        /// `next[l]` has the letters the next character's piece may start
        /// with (the query's letters 1 to `l`).
        next: [u32; 7],
        len: usize,
    },
}

impl Start {
    fn of(tokens: &[Token]) -> Option<Start> {
        Some(match tokens.first()? {
            Token::Char(c) => Start::Char(*c),
            Token::Letters { latin, pinyin, .. } => {
                let mut next = [0u32; 7];
                for (l, m) in next.iter_mut().enumerate().skip(1) {
                    *m = mask_of(pinyin.iter().skip(1).take(l).map(|&b| char::from(b)));
                }
                Start::Letters {
                    latin: *latin.first()?,
                    first: letter_bit(char::from(*pinyin.first()?)),
                    next,
                    len: pinyin.len(),
                }
            }
        })
    }

    /// Whether the first token can match at `j` (holding `c`): for letters,
    /// as Latin there, or as pinyin there and, when the letters outrun this
    /// character's longest reading, at the next character too.
    fn may_start(&self, k: &KeysRef, readings: &Readings, j: usize, c: char) -> bool {
        match *self {
            Start::Char(q) => q == c,
            Start::Letters {
                latin,
                first,
                ref next,
                len,
            } => {
                if latin == c {
                    return true;
                }
                if k.firsts_at(j) & first == 0 {
                    return false;
                }
                let longest = readings.longest(k.set_at(j));
                len <= longest || k.firsts_at(j + 1) & next[longest.min(6)] != 0
            }
        }
    }
}

/// Places in the index: folded positions of the whole store, ascending
/// (so in target order).
pub(super) type Places<'p> = Cow<'p, [u32]>;

/// Lists of places, one after another: list `n` is
/// `places[offsets[n]..offsets[n + 1]]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Lists {
    offsets: Vec<usize>,
    places: Vec<u32>,
}

impl Lists {
    /// Room for lists of these lengths.
    fn with_lengths(lengths: &[usize]) -> (Lists, Vec<usize>) {
        let mut offsets = Vec::with_capacity(lengths.len() + 1);
        let mut total = 0;
        offsets.push(0);
        for &n in lengths {
            total += n;
            offsets.push(total);
        }
        let cursors = offsets[..lengths.len()].to_vec();
        let lists = Lists {
            offsets,
            places: vec![0; total],
        };
        (lists, cursors)
    }

    /// Put `place` at the end of list `n` so far (`at`: each list's end).
    #[inline]
    fn put(&mut self, at: &mut [usize], n: usize, place: u32) {
        if let Some(at) = at.get_mut(n) {
            if let Some(slot) = self.places.get_mut(*at) {
                *slot = place;
            }
            *at += 1;
        }
    }

    fn get(&self, n: usize) -> &[u32] {
        match (self.offsets.get(n), self.offsets.get(n + 1)) {
            (Some(&a), Some(&b)) => self.places.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Where each first token can start: for every letter, the places whose
/// character has a reading (or is a Latin letter) beginning with it; for
/// every other character, where it stands. Each list holds folded
/// positions of the store, ascending: four bytes a place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postings {
    letters: Lists,
    /// Each character that is not an ASCII letter → its list in `chars`.
    keys: std::collections::HashMap<char, u32, FxBuild>,
    chars: Lists,
}

/// No list: an ASCII letter's symbol (its places are in the letters').
const NO_LIST: u32 = u32::MAX;

impl Postings {
    /// The postings of a store, in two passes over its places: one counts
    /// each list's length, one fills the lists, each exactly as long as
    /// needed. `tick` hears of every [`TICK_CHARS`] places (and may stop
    /// the build).
    pub fn new<E>(
        store: &Store,
        tick: &mut dyn FnMut(usize) -> Result<(), E>,
    ) -> Result<Postings, E> {
        let table = store.table();
        let mut counts = vec![0usize; table.len()];
        for (n, &s) in store.syms().iter().enumerate() {
            if n % TICK_CHARS == TICK_CHARS - 1 {
                tick(TICK_CHARS / 2)?;
            }
            if let Some(c) = counts.get_mut(s as usize) {
                *c += 1;
            }
        }
        // Each symbol's character list, and every list's length.
        let mut keys: std::collections::HashMap<char, u32, FxBuild> = Default::default();
        let mut list_of = vec![NO_LIST; table.len()];
        let mut char_lengths: Vec<usize> = Vec::new();
        let mut letter_lengths = vec![0usize; 26];
        for (sym, (s, &count)) in table.iter().zip(&counts).enumerate() {
            if !s.c.is_ascii_alphabetic() {
                let next = char_lengths.len() as u32;
                let list = *keys.entry(s.c).or_insert(next);
                if list == next {
                    char_lengths.push(0);
                }
                if let Some(n) = char_lengths.get_mut(list as usize) {
                    *n += count;
                }
                list_of[sym] = list;
            }
            for_each_bit(s.firsts, |l| {
                if let Some(n) = letter_lengths.get_mut(l) {
                    *n += count;
                }
            });
        }
        drop(counts);
        // The characters' lists here, the letters' on another core when
        // there is one; each told to stop when the other is.
        let syms = store.syms();
        let stop = AtomicBool::new(false);
        let letters_of = |stop: &AtomicBool| {
            let (mut lists, mut at) = Lists::with_lengths(&letter_lengths);
            for (chunk, part) in syms.chunks(TICK_CHARS).enumerate() {
                if stop.load(Ordering::Relaxed) {
                    return None;
                }
                for (n, &s) in part.iter().enumerate() {
                    let firsts = table.get(s as usize).map_or(0, |t| t.firsts);
                    let place = (chunk * TICK_CHARS + n) as u32;
                    for_each_bit(firsts, |l| lists.put(&mut at, l, place));
                }
            }
            Some(lists)
        };
        let chars_of = |tick: &mut dyn FnMut(usize) -> Result<(), E>| {
            let (mut lists, mut at) = Lists::with_lengths(&char_lengths);
            for (chunk, part) in syms.chunks(TICK_CHARS).enumerate() {
                if let Err(e) = tick(TICK_CHARS - TICK_CHARS / 2) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                for (n, &s) in part.iter().enumerate() {
                    let list = list_of.get(s as usize).copied().unwrap_or(NO_LIST);
                    let place = (chunk * TICK_CHARS + n) as u32;
                    lists.put(&mut at, list as usize, place);
                }
            }
            Ok(lists)
        };
        let (chars, letters) = std::thread::scope(|scope| {
            let other = std::thread::Builder::new()
                .name("search-postings".into())
                .spawn_scoped(scope, || letters_of(&stop));
            let chars = chars_of(tick);
            let letters = match other {
                Ok(handle) => handle.join().ok().flatten(),
                Err(_) => letters_of(&stop),
            };
            (chars, letters)
        });
        Ok(Postings {
            letters: letters.unwrap_or_default(),
            keys,
            chars: chars?,
        })
    }

    fn letter(&self, c: char) -> &[u32] {
        let l = letter_bit(c).trailing_zeros() as usize;
        self.letters.get(l)
    }

    /// Where a token can start.
    fn starts_of(&self, token: Option<&Token>) -> Places<'_> {
        match token {
            Some(Token::Char(c)) if c.is_ascii_alphabetic() => Cow::Borrowed(self.letter(*c)),
            Some(Token::Char(c)) => Cow::Borrowed(
                self.keys
                    .get(c)
                    .map_or(&[][..], |&n| self.chars.get(n as usize)),
            ),
            Some(Token::Letters { latin, pinyin, .. }) => {
                let a = latin.first().map_or(&[][..], |c| self.letter(*c));
                let b = pinyin
                    .first()
                    .map_or(&[][..], |&c| self.letter(char::from(c)));
                if std::ptr::eq(a, b) {
                    return Cow::Borrowed(a);
                }
                // `v` typed: Latin v, or pinyin ü (u).
                let mut both: Vec<u32> = a.iter().chain(b).copied().collect();
                both.sort_unstable();
                both.dedup();
                Cow::Owned(both)
            }
            None => Cow::Borrowed(&[]),
        }
    }
}

/// Call `f` with each set bit of `bits`, lowest first.
fn for_each_bit(mut bits: u32, mut f: impl FnMut(usize)) {
    while bits != 0 {
        f(bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}

/// One term's search in one target.
struct Matcher<'a> {
    k: &'a KeysRef<'a>,
    readings: &'a Readings,
    tokens: &'a [Token],
    /// Set when the search is given up: looked at every [`STOP_EVERY`]
    /// places tried (a long paragraph can have millions).
    stop: &'a AtomicBool,
    steps: usize,
    /// Steps allowed so far: [`MAX_STEPS`], and more for each start.
    budget: usize,
}

/// A path through the text: the positions taken, and its counts.
#[derive(Default)]
struct Path {
    positions: Vec<usize>,
    units: usize,
    whole: usize,
    gaps: usize,
    /// Units matched through a character's less common reading.
    rare: usize,
}

impl<'a> Matcher<'a> {
    fn new(
        k: &'a KeysRef<'a>,
        readings: &'a Readings,
        tokens: &'a [Token],
        stop: &'a AtomicBool,
    ) -> Matcher<'a> {
        Matcher {
            k,
            readings,
            tokens,
            stop,
            steps: 0,
            budget: MAX_STEPS,
        }
    }

    /// The leftmost contiguous match, else (if the term may scatter) the
    /// leftmost scattered one, starting only at `starts` (ascending).
    fn find(
        mut self,
        can_scatter: bool,
        starts: impl Iterator<Item = usize> + Clone,
    ) -> Option<Match> {
        let start = Start::of(self.tokens)?;
        let k = self.k;
        for scattered in [false, true] {
            if scattered && !can_scatter {
                break;
            }
            for (n, j) in starts.clone().enumerate() {
                if n % STOP_EVERY == STOP_EVERY - 1 && self.stop.load(Ordering::Relaxed) {
                    return None;
                }
                if j >= k.len() {
                    continue;
                }
                if !start.may_start(k, self.readings, j, k.char_at(j)) {
                    continue;
                }
                self.budget = self.budget.saturating_add(STEPS_PER_START);
                let mut path = Path::default();
                if self.walk(0, 0, j, scattered, &mut path) {
                    return Some(Match {
                        positions: path.positions,
                        contiguous: !scattered || path.gaps == 0,
                        units: path.units,
                        whole: path.whole,
                        gaps: path.gaps,
                        rare: path.rare,
                        at_start: false,
                    });
                }
                if self.steps > self.budget {
                    return None;
                }
            }
        }
        None
    }

    /// Match tokens from `tok` (letters from `off`) at position `j`.
    fn walk(&mut self, tok: usize, off: usize, j: usize, scattered: bool, path: &mut Path) -> bool {
        self.steps += 1;
        if self.steps > self.budget {
            return false;
        }
        let Some(token) = self.tokens.get(tok) else {
            // A less common reading counts only where every unit is whole:
            // `hangye` finds 行業, but a rare reading never joins initials.
            return path.rare == 0 || path.whole == path.units;
        };
        let k = self.k;
        // Gaps come between units, never before the first.
        let first = path.positions.is_empty();
        let reach = if scattered && !first { MAX_GAP } else { 0 };
        for gap in 0..=reach {
            let at = j + gap;
            // The characters skipped stay within the clause.
            if at >= k.len() || (gap > 0 && is_stop(k.char_at(at - 1))) {
                break;
            }
            if self.unit(token, tok, off, at, scattered, path, gap) {
                return true;
            }
        }
        false
    }

    /// Match one unit of `token` at `at`, then the rest. After a gap only
    /// a hanzi or a whole syllable may match.
    #[allow(clippy::too_many_arguments)]
    fn unit(
        &mut self,
        token: &Token,
        tok: usize,
        off: usize,
        at: usize,
        scattered: bool,
        path: &mut Path,
        gap: usize,
    ) -> bool {
        let k = self.k;
        match token {
            Token::Char(q) => {
                if k.char_at(at) != *q || (gap > 0 && q.is_ascii()) {
                    return false;
                }
                self.take(path, &[at], 1, gap, 0);
                if self.walk(tok + 1, 0, at + 1, scattered, path) {
                    return true;
                }
                self.untake(path, 1, 1, gap, 0);
                false
            }
            Token::Letters {
                latin,
                pinyin,
                as_pinyin,
                ..
            } => {
                // As Latin letters, all at once and only whole, never after
                // a gap.
                if off == 0 && gap == 0 {
                    let end = at + latin.len();
                    if k.chars_are(at, latin) {
                        let taken: Vec<usize> = (at..end).collect();
                        self.take(path, &taken, 1, gap, 0);
                        if self.walk(tok + 1, 0, end, scattered, path) {
                            return true;
                        }
                        self.untake(path, taken.len(), 1, gap, 0);
                    }
                }
                if !as_pinyin {
                    return false;
                }
                // As pinyin: a prefix of a reading of this character. The
                // first reading is the common one; the others count only
                // whole (行 read háng), so a rare reading never makes an
                // initial.
                let rest = &pinyin[off..];
                if k.firsts_at(at) & letter_bit(char::from(rest[0])) == 0 {
                    return false;
                }
                let set = self.readings.get(k.set_at(at));
                for (n, r) in set.iter().enumerate() {
                    // Every prefix of the common part, longest first; a
                    // typed u matches ü (v) too.
                    let common = r
                        .iter()
                        .zip(rest)
                        .take_while(|(a, b)| a == b || (**b == b'u' && **a == b'v'))
                        .count();
                    for len in (1..=common).rev() {
                        let whole = len == r.len();
                        if (scattered || gap > 0 || n > 0) && !whole {
                            continue;
                        }
                        let rare = usize::from(n > 0);
                        self.take(path, &[at], usize::from(whole), gap, rare);
                        let done = off + len == pinyin.len();
                        let next = if done { (tok + 1, 0) } else { (tok, off + len) };
                        if self.walk(next.0, next.1, at + 1, scattered, path) {
                            return true;
                        }
                        self.untake(path, 1, usize::from(whole), gap, rare);
                    }
                }
                false
            }
        }
    }

    fn take(&self, path: &mut Path, positions: &[usize], whole: usize, gap: usize, rare: usize) {
        path.positions.extend_from_slice(positions);
        path.units += 1;
        path.whole += whole;
        path.gaps += gap;
        path.rare += rare;
    }

    fn untake(&self, path: &mut Path, positions: usize, whole: usize, gap: usize, rare: usize) {
        let keep = path.positions.len().saturating_sub(positions);
        path.positions.truncate(keep);
        path.units -= 1;
        path.whole -= whole;
        path.gaps -= gap;
        path.rare -= rare;
    }
}
#[cfg(test)]
mod tests {
    use super::super::forms::Keys;
    use super::*;

    fn matches(query: &str, text: &str) -> Option<(String, bool)> {
        let mut r = Readings::default();
        let keys = Keys::new(text, &mut r);
        let k = keys.view();
        let mut q = Query::parse(query);
        q.prepare(&r);
        let m = q.match_target(&k, &r)?;
        let chars: Vec<char> = text.chars().collect();
        let shown: String = m
            .positions
            .iter()
            .flat_map(|&p| {
                let (a, b) = k.origin(p);
                chars[a as usize..b as usize].to_vec()
            })
            .collect();
        Some((shown, m.contiguous))
    }

    #[test]
    fn pinyin_matches_whole_syllables_initials_and_prefixes_of_consecutive_hanzi() {
        let text = "培育新質生產力，推動高質量發展";
        for q in [
            "xinzhishengchanli",
            "xzscl",
            "xinzsc",
            "xinzhish",
            "xin zhi sheng",
        ] {
            let (m, contiguous) = matches(q, text).unwrap_or_else(|| panic!("{q}"));
            assert!(m.starts_with("新質生"), "{q}: {m}");
            assert!(contiguous, "{q}");
        }
        // Never letters from the middle of syllables.
        assert_eq!(matches("inzhi", text), None);
        assert_eq!(matches("hello", text), None);
        assert_eq!(matches("nosuchthing", text), None);
    }

    #[test]
    fn terms_match_in_any_order_and_mixed_input_works() {
        let text = "高效辦成一件事";
        assert!(matches("辦成 高效", text).is_some());
        assert!(matches("gao xiao", text).is_some());
        assert!(matches("高xiao辦成", text).is_some());
        assert!(matches("高效 不在", text).is_none());
    }

    #[test]
    fn umlaut_tones_and_heteronyms() {
        assert!(matches("lvse", "推進綠色發展").is_some());
        assert!(matches("lüse", "推進綠色發展").is_some());
        assert!(matches("luse", "推進綠色發展").is_some());
        assert!(matches("gāoxiào", "高效辦成").is_some());
        assert!(matches("gao1xiao4", "高效辦成").is_some());
        assert!(matches("yinhang", "人民銀行").is_some());
        assert!(matches("yinxing", "人民銀行").is_some());
    }

    #[test]
    fn scattered_only_close_within_a_clause() {
        let (m, contiguous) = matches("營商環境", "營造商業環境").unwrap();
        assert_eq!(m, "營商環境");
        assert!(!contiguous);
        assert_eq!(matches("營商環境", "營造，商業環境"), None);
        assert_eq!(matches("營環", "營一二三環"), None);
        // Initials never scatter.
        assert_eq!(matches("yshj", "營造商業環境"), None);
    }

    #[test]
    fn quoted_phrases_match_only_as_characters() {
        assert!(matches("\"營商環境\"", "打造營商環境").is_some());
        assert!(matches("\"营商\"", "打造營商環境").is_some());
        assert_eq!(matches("\"營環\"", "營造商業環境"), None);
        assert_eq!(matches("\"yshj\"", "打造營商環境"), None);
    }

    #[test]
    fn numbers_and_full_width_input() {
        assert!(matches("２９．８％", "下降29.8%").is_some());
        assert!(matches("ＰＭ２．５", "PM2.5濃度").is_some());
        assert!(matches("pm2.5", "PM2.5濃度").is_some());
        assert_eq!(matches("29.9", "下降29.8%"), None);
    }
}
