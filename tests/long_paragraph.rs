//! A paragraph of 100,000 characters and more, with commas but no full
//! stop until its last character (the case `long-paragraph` of issue 11):
//! its quantities, their sentences, search hits and their snippets, places
//! in it and its layout are right and bounded. How long it takes is for
//! the benchmark (`benches/large.rs`); these tests assert behaviour only.

use std::path::PathBuf;

use report_explorer::content::{load, MemorySource, Report};
use report_explorer::data::ReportData;
use report_explorer::document::{Document, Layout};
use report_explorer::figures::Dimension;
use report_explorer::search::cli::found;
use report_explorer::search::Kind;
use report_explorer::text::{str_width, AmbiWidth};

/// The clause of the case, as `make.py` writes it.
const CLAUSE: &str = "推動新質生產力發展，實施工業技改項目45項，建成高標準農田1.81萬畝，";
/// How the paragraph ends: the only full stop, after a footnote marker.
const END: &str = "完成引用[1]。";
/// Clauses in the long paragraph: 108,000 characters in all.
const N: usize = 3000;

/// A report whose section holds the given paragraphs (id, text).
fn report(paragraphs: &[(&str, String)]) -> Report {
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let mut part = String::from(
        "id: p1\nnumber: 1\ntitle: 工作回顧\nsections:\n- id: p1.s1\n  number: 1\n  \
         title: 調結構\n  paragraphs:\n",
    );
    for (id, text) in paragraphs {
        part.push_str(&format!("  - id: {id}\n    text: {}\n", q(text)));
    }
    let files = [
        (
            "report.yaml",
            "id: long\ntitle: 長段落\noccasion: 2024年12月28日在會議上\nspeaker: 某人\n\
             speaker_title: 區長\ndate: 2024-12-28\nsalutation: 各位代表：\n\
             parts: [part-1.yaml]\nglossary: glossary.yaml\n"
                .to_string(),
        ),
        ("part-1.yaml", part),
        (
            "glossary.yaml",
            "title: 名詞解釋\nentries:\n- id: g.1\n  number: 1\n  term: 術語\n  \
             definition: 術語的解釋。\n"
                .to_string(),
        ),
    ];
    let source = MemorySource {
        label: PathBuf::from("long"),
        files: files
            .into_iter()
            .map(|(name, text)| (name.to_string(), text.into_bytes()))
            .collect(),
    };
    match load(&source) {
        Ok(r) => r,
        Err(e) => panic!("the generated report loads: {e:?}"),
    }
}

/// The case's paragraph: `n` clauses, then the end.
fn long_text(n: usize) -> String {
    format!("{}{END}", CLAUSE.repeat(n))
}

fn long_report() -> ReportData {
    ReportData::new(report(&[("p1.s1.1", long_text(N))]))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn every_quantity_of_a_long_paragraph_is_found_where_it_stands() {
    let data = long_report();
    let doc = data.written_doc();
    let q = data.quantities();
    assert_eq!(q.len(), 2 * N);
    let block = doc.block_of("p1.s1.1").expect("the paragraph");
    let text = &doc.blocks[block].text;
    assert!(chars(text) > 100_000);
    let clause = chars(CLAUSE);
    for (n, x) in q.iter().enumerate() {
        let (expect, offset) = if n % 2 == 0 {
            ("45項", 18)
        } else {
            ("1.81萬畝", 29)
        };
        assert_eq!(x.text, expect, "{n}");
        assert_eq!(x.id, "p1.s1.1");
        let start = (n / 2) * clause + offset;
        assert_eq!(x.span.chars, start..start + chars(expect), "{n}");
        // The typed span and the byte range name the same characters.
        let (b, bytes) = doc.locate_span(&x.span).expect("a place in the document");
        assert_eq!((b, &text[bytes.clone()]), (block, expect));
        assert_eq!(bytes, x.range);
    }
    assert_eq!(q[2 * N - 1].normalized, 1.81e4 * 10_000.0 / 15.0);
    assert_eq!(q[0].dimension, Dimension::Count);
}

#[test]
fn the_sentence_of_a_quantity_in_a_paragraph_without_full_stops_is_bounded() {
    let data = long_report();
    let q = data.quantities();
    let text = &data.written_doc().blocks[q[0].block].text;
    let doc = data.written_doc();
    for x in q {
        let sentence = x.sentence_in(doc);
        // At most 120 characters on either side of the quantity.
        let n = chars(sentence);
        assert!((100..=240 + chars(&x.text)).contains(&n), "{n}: {sentence}");
        // Whole clauses of the text, holding the quantity.
        assert!(text.contains(sentence), "{sentence}");
        assert!(sentence.contains(&x.text));
        assert!(
            sentence.ends_with('，') || sentence.ends_with(END),
            "{sentence}"
        );
    }
    // The first starts where the paragraph does, the last ends with it.
    assert!(q[0]
        .sentence_in(doc)
        .starts_with("推動新質生產力發展，實施工業技改項目45項，"));
    assert!(q[2 * N - 1]
        .sentence_in(doc)
        .ends_with("建成高標準農田1.81萬畝，完成引用[1]。"));
    // In the middle the quantity has context on both sides: whole clauses
    // from within 120 characters before it to 120 after.
    // The 45項 of clause 1500, at character 54018: its window is 53898 to
    // 54140, whose first clause starts at 53902 (實施, in clause 1497) and
    // whose last ends at 54130 (45項，, in clause 1503).
    let mid = &q[N];
    assert_eq!(mid.span.chars.start, 1500 * 36 + 18);
    let window = doc.text_of_chars(mid.block, &(1497 * 36 + 10..1503 * 36 + 22));
    assert_eq!(mid.sentence_in(doc), window);
    assert!(mid
        .sentence_in(doc)
        .starts_with("實施工業技改項目45項，建成"));
    assert!(mid
        .sentence_in(doc)
        .ends_with("推動新質生產力發展，實施工業技改項目45項，"));
}

#[test]
fn a_sentence_of_ordinary_length_is_given_whole() {
    // The same clauses, with a full stop after every eighth: each quantity
    // gets its whole sentence, as in the shipped report.
    let sentence = format!("{}。", CLAUSE.repeat(4).trim_end_matches('，'));
    let data = ReportData::new(report(&[("p1.s1.1", sentence.repeat(500))]));
    let q = data.quantities();
    assert_eq!(q.len(), 8 * 500);
    for x in q {
        assert_eq!(x.sentence_in(data.written_doc()), sentence);
    }
}

#[test]
fn rises_and_falls_are_read_from_their_own_clause_in_a_long_paragraph() {
    let clause = "工業產值增長6.5%，單位能耗下降3.2%，占全市60%，";
    // One clause of 20,000 characters without a comma: 增長 at its start
    // still makes its percentage a change.
    let long_clause = format!("投資增長{}達到7%，", "農".repeat(20_000));
    let text = format!("{}{long_clause}{}完成。", clause.repeat(2000), clause);
    let data = ReportData::new(report(&[("p1.s1.1", text)]));
    let q = data.quantities();
    assert_eq!(q.len(), 3 * 2001 + 1);
    for (n, x) in q.iter().enumerate() {
        let (text, value, dim) = match (n, n % 3) {
            (6000, _) => ("達到7%", 7.0, Dimension::PercentChange),
            (n, r) if n > 6000 => match r {
                1 => ("6.5%", 6.5, Dimension::PercentChange),
                2 => ("3.2%", -3.2, Dimension::PercentChange),
                _ => ("60%", 60.0, Dimension::Share),
            },
            (_, 0) => ("6.5%", 6.5, Dimension::PercentChange),
            (_, 1) => ("3.2%", -3.2, Dimension::PercentChange),
            _ => ("60%", 60.0, Dimension::Share),
        };
        assert_eq!(
            (x.text.as_str(), x.value, x.dimension),
            (text, value, dim),
            "{n}"
        );
        let sentence = x.sentence_in(data.written_doc());
        assert!(chars(sentence) <= 240 + chars(text), "{n}");
        assert!(sentence.contains(text));
    }
    // In the clause of 20,000 characters the sentence is cut within it.
    let cut = q[6000].sentence_in(data.written_doc());
    assert!(cut.starts_with(&"農".repeat(120)), "{cut}");
    assert!(
        cut.ends_with("達到7%，工業產值增長6.5%，單位能耗下降3.2%，占全市60%，完成。"),
        "{cut}"
    );
}

#[test]
fn a_search_in_a_long_paragraph_finds_the_right_place() {
    let data = long_report();
    let doc = data.written_doc();
    let index = data.index();
    let n = chars(&doc.blocks[doc.block_of("p1.s1.1").expect("paragraph")].text);
    // The paragraph is one sentence: its end is found there.
    let hits = found(index, doc, "完成引用", 5);
    let hit = hits
        .iter()
        .find(|f| f.kind == Kind::Sentence.tag())
        .expect("the sentence");
    assert_eq!(hit.id, "p1.s1.1");
    assert_eq!(hit.target, 0..n);
    let at = n - chars(END);
    assert_eq!(hit.matched, vec![at..at + 4]);
    // The snippet is a short window around the match, in 60 cells.
    let shown: String = hit.snippet.iter().map(|(s, _)| s.as_str()).collect();
    assert!(str_width(&shown, AmbiWidth::Narrow) <= 60, "{shown}");
    assert!(shown.ends_with("完成引用[1]。"), "{shown}");
    let marked: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|(_, m)| *m)
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(marked, ["完成引用"]);
}

#[test]
fn a_phrase_found_only_at_the_end_of_many_near_misses_is_found() {
    // 新 starts 3000 near misses of 30 characters each before the one
    // phrase that goes on to 完成.
    let data = long_report();
    let doc = data.written_doc();
    let query = "新質生產力發展，實施工業技改項目45項，建成高標準農田1.81萬畝，完成";
    let hits = found(data.index(), doc, query, 5);
    let hit = hits.first().expect("a hit");
    let n = chars(&doc.blocks[doc.block_of("p1.s1.1").expect("paragraph")].text);
    let end = n - chars(END) + 2;
    assert_eq!(hit.matched, vec![end - chars(query)..end]);
}

#[test]
fn quantities_in_a_long_paragraph_are_search_hits_at_their_place() {
    let data = long_report();
    let doc = data.written_doc();
    let hits = found(data.index(), doc, "1.81萬畝", usize::MAX);
    // One hit per place: the quantity wins over the sentence holding it.
    let figures: Vec<_> = hits
        .iter()
        .filter(|f| f.kind == Kind::Figure.tag())
        .collect();
    assert_eq!(figures.len(), N);
    let clause = chars(CLAUSE);
    let mut starts: Vec<usize> = figures.iter().map(|f| f.target.start).collect();
    starts.sort_unstable();
    let expect: Vec<usize> = (0..N).map(|k| k * clause + 29).collect();
    assert_eq!(starts, expect);
    for f in figures {
        assert_eq!(f.text, "1.81萬畝");
        assert_eq!(f.matched, std::slice::from_ref(&f.target));
    }
}

#[test]
fn places_in_a_long_paragraph_convert_both_ways() {
    let doc = Document::new(&report(&[("p1.s1.1", long_text(N))]));
    let block = doc.block_of("p1.s1.1").expect("paragraph");
    let text = &doc.blocks[block].text;
    let n = chars(text);
    assert_eq!(doc.char_count(block), n);
    for c in (0..n).step_by(997).chain([n - 1, n]) {
        let place = doc.place_at(
            block,
            text.char_indices().nth(c).map_or(text.len(), |x| x.0),
        );
        let place = place.expect("a place");
        assert_eq!(place.offset, c);
        let (b, byte) = doc.locate(&place).expect("located");
        assert_eq!(b, block);
        assert_eq!(text[byte..].chars().next(), text.chars().nth(c));
    }
    assert_eq!(doc.text_of_chars(block, &(n - 8..n)), END);
    assert_eq!(doc.text_of_chars(block, &(29..35)), "1.81萬畝");
}

#[test]
fn a_long_paragraph_lays_out_in_rows_that_give_it_back() {
    let data = long_report();
    let doc = data.written_doc();
    let block = doc.block_of("p1.s1.1").expect("paragraph");
    let layout = Layout::of_document(doc, 80, AmbiWidth::Narrow);
    let rows: Vec<_> = layout
        .lines
        .iter()
        .filter(|l| l.block == Some(block))
        .collect();
    let text = &doc.blocks[block].text;
    let mut at = 0;
    for l in &rows {
        assert_eq!(l.range.start, at);
        assert!(l.indent + str_width(&text[l.range.clone()], AmbiWidth::Narrow) <= 80);
        at = l.range.end;
    }
    assert_eq!(at, text.len());
    // 66 cells a clause, 80 a row at most.
    assert!(rows.len() >= 66 * N / 80, "{}", rows.len());
    // The place of a character deep in the paragraph is on the right row.
    let deep = text.len() / 2;
    let row = &layout.lines[layout.line_of(block, deep)];
    assert!(row.range.contains(&deep));
}
