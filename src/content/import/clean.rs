//! Repairs on the source text, line by line, that keep track of where each
//! character came from so that warnings can name the source's line and
//! column: literal fixes, pinyin residue, ASCII punctuation between hanzi.

use std::path::Path;

use super::fixes::Fix;
use crate::content::chars;
use crate::content::problem::{Pos, Problem};

/// One line of the source, as repaired so far. `cols[i]` is the 1-based
/// source column that `chars[i]` came from (32 bits: a line may hold
/// millions of characters, and each carries its column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: usize,
    pub chars: Vec<char>,
    pub cols: Vec<u32>,
}

/// A column as stored (columns past 4 billion, in a line no source has,
/// all read as the last one).
fn col32(col: usize) -> u32 {
    u32::try_from(col).unwrap_or(u32::MAX)
}

impl Line {
    pub fn new(number: usize, text: &str) -> Line {
        let chars: Vec<char> = text.chars().collect();
        let cols = (1..=chars.len()).map(col32).collect();
        Line {
            number,
            chars,
            cols,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The source position of character `i` (the line's end past the last).
    pub fn pos(&self, i: usize) -> Pos {
        let col = match self.cols.get(i) {
            Some(&c) => c as usize,
            None => self.cols.last().map_or(1, |&c| c as usize + 1),
        };
        Pos::new(self.number, col)
    }

    /// Replace every match of `from` by `to`, left to right, matches not
    /// overlapping; the new characters all come from the column of the first
    /// one replaced. One pass over the line (the search is `str::find`'s,
    /// linear), however many matches. Returns how many there were.
    /// `text` is the line's text as it stands.
    fn replace_all(&mut self, text: &str, from: &str, to: &[char]) -> usize {
        if from.is_empty() {
            return 0;
        }
        let mut hits = text.match_indices(from).peekable();
        if hits.peek().is_none() {
            return 0;
        }
        let from_len = from.chars().count();
        let mut chars = Vec::with_capacity(self.chars.len());
        let mut cols = Vec::with_capacity(self.cols.len());
        let (mut at, mut byte, mut count) = (0, 0, 0);
        for (start, _) in hits {
            while byte < start {
                byte += self.chars[at].len_utf8();
                chars.push(self.chars[at]);
                cols.push(self.cols[at]);
                at += 1;
            }
            let col = col32(self.pos(at).col);
            chars.extend_from_slice(to);
            cols.extend(std::iter::repeat_n(col, to.len()));
            at += from_len;
            byte += from.len();
            count += 1;
        }
        chars.extend_from_slice(&self.chars[at..]);
        cols.extend_from_slice(&self.cols[at..]);
        self.chars = chars;
        self.cols = cols;
        count
    }
}

/// Han ideographs (the blocks this kind of report uses).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Chinese punctuation: CJK symbols, full-width forms and curly quotes.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Apply every fix, each of which must match exactly once in the whole
/// source. Returns, per fix, how many times it matched.
pub fn apply_fixes(lines: &mut [Line], fixes: &[Fix]) -> Vec<usize> {
    let to: Vec<Vec<char>> = fixes.iter().map(|f| f.to.chars().collect()).collect();
    let mut counts = vec![0; fixes.len()];
    // A fix never spans lines, so each line can take every fix in turn.
    for line in lines.iter_mut() {
        let mut text = line.text();
        for (k, fix) in fixes.iter().enumerate() {
            if fix.from.is_empty() || !text.contains(fix.from.as_str()) {
                continue;
            }
            counts[k] += line.replace_all(&text, &fix.from, &to[k]);
            text = line.text();
        }
    }
    counts
}

/// Letters a flattened pinyin annotation is made of.
fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê".contains(c)
}

fn is_pinyin_syllable(s: &[char]) -> bool {
    (1..=6).contains(&s.len())
        && s.iter().all(|&c| is_pinyin_letter(c))
        && s.iter().any(|&c| "aeiouüv".contains(c) || !c.is_ascii())
}

/// Remove pinyin flattened into parentheses after a hanzi: `區(qū)` → `區`.
/// Real parentheses hold hanzi (`出國(境)`) and are kept. Returns how many
/// annotations were removed.
pub fn strip_pinyin(line: &mut Line) -> usize {
    // The longest annotation, parentheses included.
    const LONGEST: usize = 6 + 2;
    let n = line.chars.len();
    let mut chars = Vec::with_capacity(n);
    let mut cols = Vec::with_capacity(n);
    let mut removed = 0;
    let mut i = 0;
    while i < n {
        let c = line.chars[i];
        if c == '(' && chars.last().is_some_and(|&p| is_han(p)) {
            let window = &line.chars[i + 1..(i + LONGEST).min(n)];
            if let Some(len) = window.iter().position(|&c| c == ')') {
                if is_pinyin_syllable(&window[..len]) {
                    i += len + 2;
                    removed += 1;
                    continue;
                }
            }
        }
        chars.push(c);
        cols.push(line.cols[i]);
        i += 1;
    }
    line.chars = chars;
    line.cols = cols;
    removed
}

/// In a line of Chinese text, set ASCII `, ; : ! ? ( )` in their full-width
/// forms, and drop spaces that stand beside Chinese punctuation. Marks
/// between two ASCII letters or digits (5:30, 1,000) or followed by a space
/// (English text) keep their characters.
pub fn normalize_punctuation(line: &mut Line) {
    if !line.chars.iter().any(|&c| is_han(c)) {
        return;
    }
    let n = line.chars.len();
    let mut chars: Vec<char> = Vec::with_capacity(n);
    let mut cols = Vec::with_capacity(n);
    for i in 0..n {
        let c = line.chars[i];
        // What precedes is the line as repaired so far.
        let prev = chars.last().copied();
        let next = line.chars.get(i + 1).copied();
        let between_ascii = prev.is_some_and(|p| p.is_ascii_alphanumeric())
            && next.is_some_and(|n| n.is_ascii_alphanumeric());
        let english = next.is_some_and(|n| n.is_ascii_whitespace());
        let wide = match c {
            ',' => Some('，'),
            ';' => Some('；'),
            ':' => Some('：'),
            '!' => Some('！'),
            '?' => Some('？'),
            '(' => Some('（'),
            ')' => Some('）'),
            _ => None,
        };
        let kept = match wide {
            Some(w) if !between_ascii && !english => w,
            None if c == ' '
                && (prev.is_some_and(is_cjk_punct) || next.is_some_and(is_cjk_punct)) =>
            {
                continue;
            }
            _ => c,
        };
        chars.push(kept);
        cols.push(line.cols[i]);
    }
    line.chars = chars;
    line.cols = cols;
}

/// The report's character rules (see `content::chars`), on one line of the
/// source, as the loader applies them to a text: the whitespace around the
/// line is dropped (the layout trims it), refused characters are errors,
/// invisible ones are removed with a warning, and the rest is put in NFC.
/// Each problem names the character's source line and column.
pub fn check_chars(line: &mut Line, file: &Path) -> Vec<Problem> {
    let start = line.chars.iter().take_while(|c| c.is_whitespace()).count();
    let end = line.chars.len()
        - line.chars[start..]
            .iter()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
    // A line can be megabytes long: it is repaired in place, and each
    // copy goes as soon as it has served.
    let text: String = line.chars[start..end].iter().collect();
    let cleaned = chars::clean(&text);
    drop(text);
    let problems = cleaned
        .findings
        .iter()
        .map(|f| Problem {
            file: file.to_path_buf(),
            pos: line.pos(start + f.at),
            severity: f.severity,
            message: f.message.clone(),
        })
        .collect();
    // Each finding is one character taken out, in the order of the text:
    // the characters kept are the others, in order, with their columns.
    let mut taken = cleaned.findings.iter().map(|f| f.at).peekable();
    let mut kept = 0;
    for i in 0..end - start {
        let mut out = false;
        while taken.next_if(|&at| at <= i).is_some() {
            out = true;
        }
        if !out {
            line.chars[kept] = line.chars[start + i];
            line.cols[kept] = line.cols[start + i];
            kept += 1;
        }
    }
    line.chars.truncate(kept);
    line.cols.truncate(kept);
    if !line.chars.iter().copied().eq(cleaned.text.chars()) {
        // Not a plain removal (never so today): the cleaned text, each
        // character at the column of the one kept in its place.
        let last = line.cols.last().copied().unwrap_or(1);
        line.chars = cleaned.text.chars().collect();
        line.cols.resize(line.chars.len(), last);
    }
    if !unicode_normalization::is_nfc(&cleaned.text) {
        let cols: Vec<usize> = line.cols.iter().map(|&c| c as usize).collect();
        let (chars, cols) = chars::normalize_with_columns(&line.chars, &cols);
        line.chars = chars;
        line.cols = cols.into_iter().map(col32).collect();
    }
    problems
}

/// The longest HTML residue `suspicious` recognises, `<` or `/` included.
const LONGEST_TAG: usize = 32;

/// Warnings about what still looks wrong in a repaired line: a `?` beside
/// a hanzi (a garbled run, or a real question mark in ASCII), HTML residue,
/// replacement characters, and pinyin left without its parenthesis.
pub fn suspicious(line: &Line, file: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    let chars = &line.chars;
    let mut warn = |i: usize, msg: String| out.push(Problem::warning(file, line.pos(i), msg));
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let text_around = || {
            chars[i.saturating_sub(6)..(i + 7).min(chars.len())]
                .iter()
                .collect::<String>()
        };
        if c == '?' && (prev.is_some_and(is_han) || next.is_some_and(is_han)) {
            warn(
                i,
                format!("`?` beside a hanzi: a garbled run? ({})", text_around()),
            );
        } else if c == '\u{FFFD}' {
            warn(
                i,
                format!(
                    "replacement character U+FFFD: lost text ({})",
                    text_around()
                ),
            );
        } else if c == '<' || (c == '/' && next.is_some_and(|n| n.is_ascii_alphabetic())) {
            // A tag's residue is short: looking further would make a line
            // of many `<` quadratic.
            let tag: String = chars[i..]
                .iter()
                .take(LONGEST_TAG)
                .take_while(|&&c| c != '>')
                .collect();
            let closed = chars.get(i + tag.chars().count()) == Some(&'>');
            if closed
                && tag.len() > 1
                && tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric())
            {
                warn(i, format!("HTML residue `{tag}>`"));
            }
        } else if c == ')' && prev.is_some_and(is_pinyin_letter) {
            // One letter more than a syllable holds is enough to refuse it.
            let start = (0..i)
                .rev()
                .take(7)
                .take_while(|&j| is_pinyin_letter(chars[j]))
                .last()
                .unwrap_or(i);
            if is_pinyin_syllable(&chars[start..i]) && start > 0 && chars[start - 1] != '(' {
                warn(
                    start,
                    format!("pinyin without its `(`: `{}`", text_around()),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::problem::Severity;

    fn cleaned(s: &str) -> String {
        let mut l = Line::new(1, s);
        strip_pinyin(&mut l);
        normalize_punctuation(&mut l);
        l.text()
    }

    #[test]
    fn pinyin_residue_goes_and_real_parentheses_stay() {
        assert_eq!(cleaned("望花區(qū)人民政府"), "望花區人民政府");
        assert_eq!(cleaned("產(chǎn)業(yè)升級"), "產業升級");
        assert_eq!(cleaned("因公出國(境)費用"), "因公出國（境）費用");
        assert_eq!(
            cleaned("境內(不包括港、澳、臺地區(qū))注冊"),
            "境內（不包括港、澳、臺地區）注冊"
        );
        assert_eq!(
            cleaned("《中小企業劃型標準》(工信部聯企業〔2011〕300號)的規定"),
            "《中小企業劃型標準》（工信部聯企業〔2011〕300號）的規定"
        );
        assert_eq!(
            cleaned("諸暨縣(現(xiàn)諸暨市)楓橋鎮"),
            "諸暨縣（現諸暨市）楓橋鎮"
        );
    }

    #[test]
    fn ascii_punctuation_between_hanzi_becomes_full_width() {
        assert_eq!(cleaned("各位代表:"), "各位代表：");
        assert_eq!(cleaned("增長5%;規模以上"), "增長5%；規模以上");
        assert_eq!(cleaned("現在,我代表"), "現在，我代表");
        assert_eq!(cleaned("“三高一特”:即高溫"), "“三高一特”：即高溫");
        // Numbers and ASCII names keep their characters.
        assert_eq!(
            cleaned("總投資93.7億元，“5+7+12”聯動"),
            "總投資93.7億元，“5+7+12”聯動"
        );
        assert_eq!(cleaned("PM2.5濃度下降到36μg/m3"), "PM2.5濃度下降到36μg/m3");
        assert_eq!(cleaned("於5:30開會"), "於5:30開會");
        assert_eq!(cleaned("比例達到81%,PM2.5濃度"), "比例達到81%，PM2.5濃度");
        assert_eq!(cleaned("Hello, world (en)"), "Hello, world (en)");
    }

    #[test]
    fn stray_spaces_beside_chinese_punctuation_go() {
        assert_eq!(cleaned("特色化、 新穎化"), "特色化、新穎化");
        assert_eq!(cleaned("中共中央 國務院"), "中共中央 國務院");
    }

    #[test]
    fn columns_follow_the_source() {
        let mut l = Line::new(7, "區(qū)政府?");
        strip_pinyin(&mut l);
        assert_eq!(l.text(), "區政府?");
        assert_eq!(l.pos(3), Pos::new(7, 8));
        let w = suspicious(&l, Path::new("s.txt"));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].to_string()
                .starts_with("s.txt:7:8: warning: `?` beside a hanzi"),
            "{}",
            w[0]
        );
    }

    #[test]
    fn fixes_apply_literally_and_are_counted() {
        let mut lines = vec![Line::new(1, "發放8860余萬元?!耙苿愚k公桌”[16]獲評")];
        let fix = Fix {
            from: "元?!耙苿愚k公桌”".into(),
            to: "元。“移動辦公桌”".into(),
            why: String::new(),
            line: 1,
        };
        assert_eq!(apply_fixes(&mut lines, std::slice::from_ref(&fix)), vec![1]);
        assert_eq!(lines[0].text(), "發放8860余萬元。“移動辦公桌”[16]獲評");
        assert_eq!(apply_fixes(&mut lines, &[fix]), vec![0]);
        // Characters after the fix keep their source columns.
        let at = lines[0].chars.iter().position(|&c| c == '[').unwrap();
        assert_eq!(lines[0].pos(at).col, 19);
    }

    #[test]
    fn a_fix_matching_several_times_on_one_line_is_counted_each_time() {
        let mut lines = vec![Line::new(1, "產(chǎn)業，產(chǎn)品，產(chǎn)值")];
        let fix = Fix {
            from: "(chǎn)".into(),
            to: "".into(),
            why: String::new(),
            line: 1,
        };
        assert_eq!(apply_fixes(&mut lines, &[fix]), vec![3]);
        assert_eq!(lines[0].text(), "產業，產品，產值");
        // 值 stood at column 26 of the source.
        assert_eq!(lines[0].pos(7).col, 26);
    }

    #[test]
    fn a_long_line_is_repaired_whole_with_its_columns() {
        let unit = "區(qū)政府 ，工作,推進。";
        let n = 20_000;
        let mut l = Line::new(1, &unit.repeat(n));
        assert_eq!(strip_pinyin(&mut l), n);
        normalize_punctuation(&mut l);
        assert_eq!(l.text(), "區政府，工作，推進。".repeat(n));
        // The last 推 stood at its column in the last repetition.
        let per = unit.chars().count();
        let last = l.chars.len() - 3;
        assert_eq!(l.chars[last], '推');
        assert_eq!(l.pos(last).col, (n - 1) * per + 13);
        let many_tags = "<".repeat(100_000);
        assert!(suspicious(&Line::new(1, &many_tags), Path::new("s.txt")).is_empty());
    }

    #[test]
    fn the_report_s_character_rules_apply_to_each_source_line() {
        let file = Path::new("s.txt");
        let mut l = Line::new(3, "\t　推動\u{200B}勞\u{F92F}\u{1B}動\t");
        let problems = check_chars(&mut l, file);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "s.txt:3:5: warning: invisible character U+200B (ZWSP) removed",
                "s.txt:3:8: error: control character U+001B (ESC) is not allowed",
            ]
        );
        assert_eq!(problems[1].severity, Severity::Error);
        assert_eq!(l.text(), "推動勞勞動");
        assert_eq!(l.cols, vec![3, 4, 6, 7, 9]);
    }

    #[test]
    fn mojibake_signs_are_warned_about() {
        let file = Path::new("s.txt");
        let warns = |s: &str| suspicious(&Line::new(1, s), file);
        assert_eq!(warns("持續兜牢“三?!?/span>[25]底線").len(), 2);
        assert!(warns("推動?xùn)|北全面振興")[1]
            .message
            .starts_with("pinyin without its `(`"));
        assert!(warns("文件、會議數量實現雙下降。").is_empty());
        assert!(warns("以“法律七進”[22]為抓手").is_empty());
    }
}
