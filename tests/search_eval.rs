//! How well the fuzzy jump finds what people type in a meeting: hanzi in
//! either script, full pinyin, initials, numbers, outline positions. Each
//! query names the block it should find and the rank it must reach.

use report_explorer::content::load_embedded;
use report_explorer::document::Document;
use report_explorer::search::Index;

/// (query, id of the block to find, worst acceptable rank, 1-based)
const CASES: &[(&str, &str, usize)] = &[
    ("招商引资", "part1.s2.2", 1),
    ("招商引資", "part1.s2.2", 1),
    ("zhaoshangyinzi", "part1.s2.2", 1),
    ("zsyz", "part1.s2.2", 1),
    ("xinzhishengchanli", "glossary.27", 1),
    ("xzscl", "glossary.27", 1),
    ("新质生产力", "glossary.27", 1),
    ("29.8", "part1.intro.2", 1),
    ("8860", "part1.s5.1", 1),
    ("2.3", "part2.s3", 1),
    ("1.2", "part1.s2", 1),
    ("营商环境", "part1.s3.2", 1),
    ("yingshanghuanjing", "part1.s3.2", 1),
    ("ysh", "part1.s3.2", 3),
    ("移动办公桌", "glossary.16", 1),
    ("ydbgz", "glossary.16", 1),
    ("民生实事", "lists", 1),
    ("老年大学", "list2.6", 1),
    ("shuangjian", "glossary.45", 1),
    ("雙減", "glossary.45", 1),
    ("双减", "glossary.45", 1),
    ("雷锋中学", "part1.s5.2", 1),
    ("pm2.5", "part1.s4.3", 1),
    ("跨境电商", "glossary.4", 1),
    ("一网通办", "glossary.6", 1),
    ("枫桥经验", "glossary.47", 1),
    ("fengqiaojingyan", "glossary.47", 1),
    ("楓橋經驗", "glossary.47", 1),
    ("雪亮工程", "glossary.46", 2),
    ("高标准农田", "glossary.5", 1),
    ("地区生产总值", "part1.intro.2", 2),
    ("十四五", "part2.intro.1", 3),
    ("舒心就业", "list1.7", 3),
    ("三不腐", "glossary.48", 1),
    ("hmyjxc", "part2.s4.2", 1),
];

fn rank_of(index: &Index, doc: &Document, query: &str, id: &str) -> Option<usize> {
    let hits = index.search(query, 20);
    hits.iter()
        .position(|h| doc.blocks[index.targets[h.target].block].id == id)
        .map(|r| r + 1)
}

#[test]
fn queries_find_what_they_should() {
    let doc = Document::new(&load_embedded().unwrap());
    let index = Index::new(&doc);
    assert!(CASES.len() >= 25);
    let mut first = 0;
    let mut failures = Vec::new();
    for &(query, id, worst) in CASES {
        let rank = rank_of(&index, &doc, query, id);
        if rank == Some(1) {
            first += 1;
        }
        match rank {
            Some(r) if r <= worst => {}
            other => failures.push(format!("{query}: {id} at {other:?}, wanted ≤ {worst}")),
        }
    }
    eprintln!(
        "search evaluation: {}/{} within their rank, {first}/{} first",
        CASES.len() - failures.len(),
        CASES.len(),
        CASES.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_same_query_always_gives_the_same_order() {
    let doc = Document::new(&load_embedded().unwrap());
    let index = Index::new(&doc);
    for q in ["zs", "發展", "2", "xz"] {
        assert_eq!(index.search(q, 50), index.search(q, 50), "{q}");
    }
}

#[test]
fn a_contiguous_phrase_beats_a_scattered_match_and_titles_win_ties() {
    let doc = Document::new(&load_embedded().unwrap());
    let index = Index::new(&doc);
    // 營商環境 stands in two lead phrases and in sentences: leads first.
    let hits = index.search("营商环境", 10);
    let kinds: Vec<_> = hits
        .iter()
        .take(2)
        .map(|h| index.targets[h.target].kind)
        .collect();
    assert_eq!(kinds, [report_explorer::search::Kind::Lead; 2]);
    // Every phrase hit comes before any scattered one.
    let contiguous: Vec<bool> = hits
        .iter()
        .map(|h| h.matched.windows(2).all(|w| w[1] == w[0] + 1))
        .collect();
    let first_scattered = contiguous
        .iter()
        .position(|c| !c)
        .unwrap_or(contiguous.len());
    assert!(
        contiguous[first_scattered..].iter().all(|c| !c),
        "{contiguous:?}"
    );
}
