//! Matching a query against the index: the forms compared, the score of
//! a target, and one pass over the targets (on every core for a large
//! library).

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::forms::Form;
use super::{Index, Target, PHRASE_BONUS};

/// A query in the forms it is matched with.
pub(super) struct Query<'a> {
    pub(super) q: &'a str,
    /// The query in simplified characters.
    pub(super) sq: &'a str,
    pub(super) hanzi: bool,
}

impl Query<'_> {
    /// The forms of a target to match, each with the pattern for it.
    pub(super) fn forms<'t>(&'t self, t: &'t Target) -> Vec<(&'t Form, &'t str)> {
        if self.hanzi {
            vec![(&t.forms.written, self.q), (&t.forms.simplified, self.sq)]
        } else {
            vec![
                (&t.forms.written, self.q),
                (&t.forms.pinyin, self.q),
                (&t.forms.initials, self.q),
            ]
        }
    }

    fn is_phrase(&self, t: &Target) -> bool {
        self.forms(t).iter().any(|(form, p)| form.text.contains(*p))
    }

    /// The best score of a target and the form that gave it.
    fn score(&self, matcher: &SkimMatcherV2, t: &Target) -> Option<(i64, usize)> {
        let score_in = |form: &Form, pattern: &str| -> Option<i64> {
            if !is_subsequence(pattern, &form.text) {
                return None;
            }
            let score = matcher.fuzzy_match(&form.text, pattern)?;
            Some(
                score
                    + if form.text.contains(pattern) {
                        PHRASE_BONUS
                    } else {
                        0
                    },
            )
        };
        let (s, f) = self
            .forms(t)
            .into_iter()
            .enumerate()
            .filter_map(|(f, (form, pattern))| score_in(form, pattern).map(|s| (s, f)))
            .max_by_key(|&(s, f)| (s, std::cmp::Reverse(f)))?;
        // Long targets pay a little: on a tie the shorter one wins.
        let length = (t.chars.len() as i64 / 20).min(20);
        Some((s + t.kind.bonus() - length, f))
    }
}

/// From this many targets, matching runs on every core.
const PARALLEL_FROM: usize = 4_000;

impl Index {
    /// Scores of the targets that are (or are not) phrase hits.
    pub(super) fn score_pass(&self, query: &Query, phrase: bool) -> Vec<(i64, usize, usize)> {
        let run = |range: std::ops::Range<usize>| -> Vec<(i64, usize, usize)> {
            let matcher = SkimMatcherV2::default();
            range
                .filter(|&i| query.is_phrase(&self.targets[i]) == phrase)
                .filter_map(|i| {
                    query
                        .score(&matcher, &self.targets[i])
                        .map(|(s, f)| (s, i, f))
                })
                .collect()
        };
        let n = self.targets.len();
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8);
        if n < PARALLEL_FROM || threads < 2 {
            return run(0..n);
        }
        let chunk = n.div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let range = (k * chunk).min(n)..((k + 1) * chunk).min(n);
                    scope.spawn(move || run(range))
                })
                .collect();
            // A thread that panicked gives nothing rather than a crash.
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }
}

/// Whether the characters of `needle` appear in `hay` in order: a cheap
/// test before the real matcher.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|n| it.any(|h| h == n))
}
