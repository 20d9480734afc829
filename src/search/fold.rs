//! Normalisation for search: one function for the text and the query, so
//! that what a person types compares with what the report says.
//!
//! Each character goes through, in order:
//! 1. NFKC (Unicode Standard Annex #15): full-width ASCII, digits and ％,
//!    compatibility ideographs (U+F92F 勞 → 勞), ligatures;
//! 2. canonical decomposition with the combining marks dropped, so that
//!    Résumé, `Re\u{301}sume\u{301}` and resume compare equal (and ü, ǖ are
//!    u);
//! 3. lower case;
//! 4. the script fold: traditional to simplified, character by character
//!    (OpenCC's TSCharacters, through hanconv);
//! 5. the variant fold: characters that OpenCC's variant tables (Taiwan,
//!    Hong Kong, Japanese) treat as one, plus 著/着, to one of them.
//!
//! A folded text keeps, for each folded character, the range of the
//! original characters it came from, so a match marks the characters as
//! written (a dropped combining mark belongs to the character before it).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use hanconv::Dictionary;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::fx::FxBuild;

/// A text after folding: its characters, and where each came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    pub chars: Vec<char>,
    /// For each folded character, the range of original characters (char
    /// indices) it stands for.
    pub origin: Vec<(u32, u32)>,
}

/// Traditional → simplified, one character to one (the first of OpenCC's
/// choices).
static T2S: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (from, to) in Dictionary::TSCharacters.iter() {
        let (Some(f), Some(t)) = (single(from), to.split(' ').next().and_then(single)) else {
            continue;
        };
        map.entry(f).or_insert(t);
    }
    map
});

/// Each character of a variant group → the group's representative (the
/// smallest code point, after the script fold).
static VARIANTS: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let mut parent: HashMap<char, char> = HashMap::new();
    fn find(parent: &mut HashMap<char, char>, c: char) -> char {
        let mut root = c;
        while let Some(&p) = parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        parent.insert(c, root);
        root
    }
    let mut union = |a: char, b: char| {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent.insert(hi, lo);
        parent.insert(lo, lo);
    };
    let tables = [
        Dictionary::TWVariants,
        Dictionary::HKVariants,
        Dictionary::JPVariants,
    ];
    for table in tables {
        for (from, to) in table.iter() {
            let Some(f) = single(from) else { continue };
            for t in to.split(' ').filter_map(single) {
                union(script_fold(f), script_fold(t));
            }
        }
    }
    // The pairs people meet most, whatever the tables' version says:
    // simplified usage writes 着 where Taiwan writes 著 (隨著, 著重), and
    // 乾 (dry) is 干 in simplified text.
    let named = [
        ('着', '著'),
        ('裡', '里'),
        ('裏', '里'),
        ('爲', '为'),
        ('為', '为'),
        ('並', '并'),
        ('於', '于'),
        ('後', '后'),
        ('範', '范'),
        ('幹', '干'),
        ('乾', '干'),
    ];
    for (a, b) in named {
        union(script_fold(a), script_fold(b));
    }
    let keys: Vec<char> = parent.keys().copied().collect();
    keys.into_iter()
        .map(|c| (c, find(&mut parent, c)))
        .filter(|(c, r)| c != r)
        .collect()
});

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn script_fold(c: char) -> char {
    T2S.get(&c).copied().unwrap_or(c)
}

/// The script and variant fold of one (NFKC, lower-case) character.
fn hanzi_fold(c: char) -> char {
    let s = script_fold(c);
    VARIANTS.get(&s).copied().unwrap_or(s)
}

/// Characters that search looks through, in the text and the query alike:
/// invisible ones that pasted web text carries (zero-width space and
/// joiners, word joiner, byte-order mark, soft hyphen) and the corner
/// brackets and single quotes that Taiwan and Hong Kong input methods type
/// for quotation marks.
pub(super) fn ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            ..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{AD}'
                | '「'
                | '」'
                | '『'
                | '』'
                | '‘'
                | '’'
    )
}

/// Characters the text's keys leave out but a query keeps, because a
/// query uses them to quote a phrase: double quotes.
pub(super) fn quote(c: char) -> bool {
    matches!(c, '“' | '”' | '"')
}

/// Fold one character of a text into `out` (zero, one or more
/// characters).
pub fn fold_char(c: char, out: &mut Vec<char>) {
    if ignorable(c) {
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Remembered per thread: normalising a hanzi twice and looking it up
    // in two tables is most of building the index of a large report, and
    // a report has a few thousand distinct characters.
    let cached = MEMO.with(|memo| {
        let Ok(mut memo) = memo.try_borrow_mut() else {
            return false;
        };
        let (start, end) = match memo.map.get(&c) {
            Some(&r) => r,
            None if memo.map.len() < MEMO_CHARS => {
                let start = memo.folded.len();
                fold_uncached(c, &mut memo.folded);
                let r = (start as u32, memo.folded.len() as u32);
                memo.map.insert(c, r);
                r
            }
            None => return false,
        };
        out.extend_from_slice(&memo.folded[start as usize..end as usize]);
        true
    });
    if !cached {
        fold_uncached(c, out);
    }
}

/// Distinct characters remembered at most (a text of every code point
/// must not make the memo large).
const MEMO_CHARS: usize = 1 << 16;

/// Each character folded so far, and its fold: a range of `folded`.
#[derive(Default)]
struct Memo {
    map: HashMap<char, (u32, u32), FxBuild>,
    folded: Vec<char>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// The fold of a character other than ASCII.
fn fold_uncached(c: char, out: &mut Vec<char>) {
    for k in std::iter::once(c).nfkc() {
        for d in std::iter::once(k).nfd() {
            if is_combining_mark(d) {
                continue;
            }
            for l in d.to_lowercase() {
                out.push(hanzi_fold(l));
            }
        }
    }
}

/// Fold a whole text, keeping where each folded character came from.
pub fn fold_text(text: &str) -> Folded {
    fold_text_skipping(text, &|_| false)
}

/// Fold a text, leaving out the characters at which `skip` (given a
/// character index) is true, such as footnote markers, and its quotation
/// marks: a phrase reads through them.
pub fn fold_text_skipping(text: &str, skip: &dyn Fn(usize) -> bool) -> Folded {
    let mut f = Folded::default();
    let mut buf = Vec::with_capacity(4);
    for (i, c) in text.chars().enumerate() {
        if skip(i) || quote(c) || ignorable(c) {
            continue;
        }
        let i = i as u32;
        buf.clear();
        fold_char(c, &mut buf);
        if buf.is_empty() {
            // A combining mark: part of the character before it.
            if let Some(last) = f.origin.last_mut() {
                last.1 = i + 1;
            }
            continue;
        }
        for &k in &buf {
            f.chars.push(k);
            f.origin.push((i, i + 1));
        }
    }
    f
}

/// Fold a query: the same fold as the text.
pub fn fold_query(query: &str) -> String {
    let mut out = Vec::new();
    for c in query.chars() {
        fold_char(c, &mut out);
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_and_quotes_are_looked_through() {
        assert_eq!(
            fold_query("高\u{200B}效\u{AD}辦\u{FEFF}成"),
            fold_query("高效辦成")
        );
        assert_eq!(fold_query("「新質生產力」"), fold_query("新質生產力"));
        // The marker [4] stands at characters 8 to 10.
        let f = fold_text_skipping("推動“高效辦成”[4]一件事", &|i| {
            (8..11).contains(&i)
        });
        assert_eq!(
            f.chars.iter().collect::<String>(),
            fold_query("推動高效辦成一件事")
        );
        assert_eq!(f.origin[2], (3, 4));
        assert_eq!(f.origin[6], (11, 12));
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(fold_query("２９．８％"), "29.8%");
        assert_eq!(fold_query("ＰＭ２．５"), "pm2.5");
        assert_eq!(fold_query("２０２４年"), "2024年");
    }

    #[test]
    fn scripts_variants_and_compatibility_ideographs_fold_together() {
        assert_eq!(fold_query("勞動"), fold_query("劳动"));
        assert_eq!(fold_query("\u{F92F}動"), fold_query("劳动"));
        for (a, b) in [
            ("著重", "着重"),
            ("隨著", "随着"),
            ("裡", "里"),
            ("裏", "里"),
            ("爲", "为"),
            ("為", "为"),
            ("並", "并"),
            ("於", "于"),
            ("後", "后"),
            ("範", "范"),
            ("幹", "干"),
            ("乾", "干"),
            ("營商環境", "营商环境"),
        ] {
            assert_eq!(fold_query(a), fold_query(b), "{a} {b}");
        }
    }

    #[test]
    fn accents_fold_and_stay_with_their_letter() {
        assert_eq!(fold_query("Résumé"), "resume");
        let f = fold_text("Re\u{301}sume\u{301}望");
        assert_eq!(f.chars.iter().collect::<String>(), "resume望");
        // The é of the text is two characters: e and the accent.
        assert_eq!(f.origin[1], (1, 3));
        assert_eq!(f.origin[6], (8, 9));
        assert_eq!(fold_query("lǜ"), "lu");
    }
}
