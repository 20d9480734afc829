//! The shipped report: sound, complete, faithful to its source, free of the
//! conversion artifacts, and exactly what `import` makes of the source.

mod common;

use std::path::{Path, PathBuf};

use report_explorer::content::{self, embedded, import, DirSource, Report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const DIR: &str = "content/wanghua-2024";
const SOURCE: &str = "assets/source/wanghua-2024.txt";
const FIXES: &str = "assets/fixes/wanghua-2024.yaml";

fn shipped() -> Report {
    content::load(&DirSource::new(root().join(DIR))).expect("the shipped report loads")
}

/// Every text of the report in reading order, as the source sets it out.
fn texts(r: &Report) -> Vec<String> {
    let m = &r.meta;
    let mut out = vec![
        m.title.clone(),
        m.occasion.clone(),
        m.speaker_title.clone(),
        m.speaker.clone(),
    ];
    out.push(r.salutation.clone());
    out.extend(r.opening.iter().map(|p| p.full_text()));
    for part in &r.parts {
        out.push(part.title.clone());
        out.extend(part.intro.iter().map(|p| p.full_text()));
        for s in &part.sections {
            out.push(format!("{}{}", s.label(), s.title));
            out.extend(s.paragraphs.iter().map(|p| p.full_text()));
        }
        out.extend(part.closing.iter().map(|p| p.full_text()));
    }
    let lists = r.lists.as_ref().expect("lists");
    out.push(lists.title.clone());
    for l in &lists.lists {
        out.push(l.intro.clone());
        out.extend(
            l.items
                .iter()
                .map(|i| format!("{}.{}", i.number, i.body.text)),
        );
    }
    let g = r.glossary.as_ref().expect("glossary");
    out.push(g.title.clone());
    out.extend(
        g.entries
            .iter()
            .map(|e| format!("{}.{}：{}", e.number, e.term, e.definition.text)),
    );
    out
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Hanzi, ASCII letters and digits, `.`, `%` and `+`: the letters of the
/// text, whatever its punctuation.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric() || ".%+".contains(c))
        .collect()
}

/// Remove `(pinyin)` annotations, written independently of the importer:
/// a parenthesis holding only lowercase Latin letters, tone-marked or not.
fn strip_pinyin(s: &str) -> String {
    let tone = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü";
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('(') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let inner: String = after
            .chars()
            .take_while(|&c| c.is_ascii_lowercase() || tone.contains(c))
            .collect();
        if !inner.is_empty() && after[inner.len()..].starts_with(')') {
            rest = &after[inner.len() + 1..];
        } else {
            out.push('(');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_shipped_report_is_sound_and_whole() {
    let r = shipped();
    assert_eq!(r.meta.title, "望花區人民政府工作報告");
    assert_eq!(r.meta.speaker, "叢陽");
    assert_eq!(r.meta.date, "2024-12-28");
    let titles: Vec<&str> = r.parts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["2024年工作回顧", "2025年工作安排"]);
    for part in &r.parts {
        let numbers: Vec<u32> = part.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "{}", part.title);
        for s in &part.sections {
            for p in &s.paragraphs {
                assert!(
                    p.lead.as_ref().is_some_and(|l| l.ends_with('。')),
                    "{}: no lead phrase",
                    p.id
                );
            }
        }
    }
    assert_eq!(
        r.parts[0].sections[0].paragraphs[0].lead.as_deref(),
        Some("工業升級賦能增效。")
    );
    assert_eq!(r.parts[0].closing.len(), 2);
    assert!(r.parts[1].closing[0]
        .body
        .text
        .starts_with("各位代表！使命重在擔當"));
    let lists = r.lists.as_ref().unwrap();
    assert_eq!(
        lists
            .lists
            .iter()
            .map(|l| l.items.len())
            .collect::<Vec<_>>(),
        [10, 10]
    );
    let g = r.glossary.as_ref().unwrap();
    assert_eq!(g.entries.len(), 48);
    assert_eq!(g.entries[47].term, "“三不腐”");
    // The markers run [1] to [48] in reading order, each cited once.
    let cited: Vec<u32> = r
        .paragraphs()
        .flat_map(|p| p.body.refs.iter().map(|f| f.number))
        .collect();
    assert_eq!(cited, (1..=48).collect::<Vec<_>>());
    assert!(g.entries.iter().all(|e| e.cited_in.len() == 1));
    assert_eq!(g.entry(16).unwrap().cited_in, ["part1.s5.1"]);
    assert_eq!(r.indicators.len(), 7);
}

#[test]
fn every_letter_of_the_source_is_in_the_report_in_order() {
    let mut source = std::fs::read_to_string(root().join(SOURCE)).unwrap();
    let fixes = std::fs::read_to_string(root().join(FIXES)).unwrap();
    let fixes = import::fixes::parse(Path::new(FIXES), &fixes).unwrap();
    assert_eq!(fixes.len(), 10);
    for f in &fixes {
        assert_eq!(source.matches(&f.from).count(), 1, "{}", f.from);
        source = source.replace(&f.from, &f.to);
    }
    let expected = letters(&strip_pinyin(&source));
    let actual = letters(&texts(&shipped()).concat());
    assert!(
        expected.chars().count() > 11_000,
        "{}",
        expected.chars().count()
    );
    if expected != actual {
        let at = expected
            .chars()
            .zip(actual.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let show = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(10))
                .take(40)
                .collect::<String>()
        };
        panic!(
            "differ at letter {at}:\n source: {}\n report: {}",
            show(&expected),
            show(&actual)
        );
    }
}

#[test]
fn no_conversion_artifact_remains() {
    let r = shipped();
    // The characters of the ten garbled runs, none of which the report uses.
    let mojibake = "耙苿愚吧址阑痤偼顿罕娬掖翱跒榇谡胰摿叭苯";
    for text in texts(&r) {
        for (i, c) in text.chars().enumerate() {
            let context: String = text.chars().skip(i.saturating_sub(8)).take(16).collect();
            assert!(
                !",;:!?()<>".contains(c),
                "ASCII `{c}` in Chinese text: {context}"
            );
            assert!(
                !"āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c),
                "pinyin in {context}"
            );
            assert!(!mojibake.contains(c), "mojibake `{c}` in {context}");
            assert!(
                !c.is_control() && c != '\u{FFFD}',
                "control character in {context}"
            );
            if c.is_ascii_lowercase() {
                assert!(context.contains("μg/m3"), "a Latin letter in {context}");
            }
        }
        assert!(!text.contains("span"), "{text}");
    }
    // Real parentheses survive, full-width.
    let all = texts(&r).concat();
    for kept in [
        "出國（境）",
        "（不包括港、澳、臺地區）",
        "（工信部聯企業〔2011〕300號）",
        "（現諸暨市）",
    ] {
        assert!(all.contains(kept), "{kept}");
    }
    // The repaired places read as the report does.
    for repaired in [
        "8860余萬元。“移動辦公桌”[16]",
        "11所學校基礎設施",
        "發生。“森林防火預警單元”[19]",
        "推動東北全面振興",
        "持續兜牢“三保”[25]底線",
        "確保總投資93.7億元",
        "變群眾找窗口為窗口找群眾。",
        "確保“三公”經費只減不增",
        "發展潛力，得到市場認可",
        "創新能力和發展潛力。",
        "比例達到81%，PM2.5濃度",
    ] {
        assert!(all.contains(repaired), "{repaired}");
    }
}

#[test]
fn importing_the_shipped_source_reproduces_content_exactly() {
    let source = std::fs::read(root().join(SOURCE)).unwrap();
    let fixes = std::fs::read_to_string(root().join(FIXES)).unwrap();
    let out = import::import(
        "wanghua-2024",
        Path::new(SOURCE),
        &source,
        Some((Path::new(FIXES), &fixes)),
    )
    .expect("the shipped source imports");
    assert_eq!(out.warnings, [], "the fixes leave nothing suspicious");
    assert_eq!(out.stats.fixes_applied, 10);
    assert!(
        out.stats.pinyin_removed > 1_250,
        "{}",
        out.stats.pinyin_removed
    );
    let mut names: Vec<&str> = out.files.iter().map(|(n, _)| n.as_str()).collect();
    for (name, text) in &out.files {
        let shipped = std::fs::read_to_string(root().join(DIR).join(name)).unwrap();
        assert!(
            shipped == *text,
            "{DIR}/{name} differs from what import produces: re-import (see README)"
        );
    }
    // Every other file in content/ is hand-curated and says so.
    names.sort();
    for entry in std::fs::read_dir(root().join(DIR)).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !names.contains(&name.as_str()) {
            assert_eq!(name, "indicators.yaml");
        }
    }
}

#[test]
fn without_fixes_the_import_points_at_every_garbled_place() {
    let source = std::fs::read(root().join(SOURCE)).unwrap();
    let out = import::import("wanghua-2024", Path::new(SOURCE), &source, None).unwrap();
    let mut lines: Vec<usize> = out.warnings.iter().map(|w| w.pos.line).collect();
    lines.dedup();
    assert_eq!(lines, [29, 30, 31, 33, 35, 48, 54, 67, 101, 103]);
    assert_eq!(
        out.warnings[0].to_string(),
        "assets/source/wanghua-2024.txt:29:142: warning: `?` beside a hanzi: a garbled run? (860余萬元?!耙苿愚k公)"
    );
    assert!(out
        .warnings
        .iter()
        .any(|w| w.message == "HTML residue `/span>`" && w.pos.line == 35));
}

#[test]
fn the_embedded_report_is_the_shipped_one() {
    let dir = root().join(DIR);
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        embedded::FILES.len(),
        on_disk,
        "embedded.rs lists every file of {DIR}"
    );
    for (name, text) in embedded::FILES {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
    assert_eq!(content::load_embedded().unwrap(), shipped());
}

/// A fixture of `tests/fixtures/content`, which must load without warnings.
fn fixture(name: &str) -> Report {
    let dir = root().join("tests/fixtures/content").join(name);
    let loaded = content::load_checked(&DirSource::new(dir)).expect("the fixture loads");
    assert_eq!(loaded.warnings, vec![], "{name}");
    loaded.report
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_file_is_stripped() {
    let bytes = std::fs::read(root().join("tests/fixtures/content/bom/report.yaml")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFid: t\n"),
        "the fixture keeps its BOM"
    );
    let r = fixture("bom");
    assert_eq!(r.meta.id, "t");
    assert_eq!(r.meta.title, "測試報告");
}

#[test]
fn texts_are_held_in_nfc_with_compatibility_ideographs_unified() {
    let raw =
        std::fs::read_to_string(root().join("tests/fixtures/content/compat/part-1.yaml")).unwrap();
    assert!(
        raw.contains("推動\u{F92F}動就業"),
        "the fixture keeps U+F92F"
    );
    let r = fixture("compat");
    let p = r.paragraph("p1.s1.1").unwrap();
    assert_eq!(p.body.text, "推動勞動就業，加強管理能力，不斷提升。");
    assert!(p
        .body
        .text
        .chars()
        .all(|c| !('\u{F900}'..='\u{FAFF}').contains(&c)));
    // NFD composed, U+F9E4 unified; the marker's range is in the new text.
    let p = r.paragraph("p1.s1.2").unwrap();
    assert_eq!(p.body.text, "Café與理念[1]並行。");
    assert_eq!(p.body.refs.len(), 1);
    assert_eq!(&p.body.text[p.body.refs[0].range.clone()], "[1]");
    assert_eq!(p.body.without_markers(), "Café與理念並行。");
    let g = r.glossary.as_ref().unwrap();
    assert_eq!(g.entries[0].cited_in, ["p1.s1.2"]);
}

#[test]
fn normalised_texts_are_found_and_converted_in_every_form() {
    let dir = "tests/fixtures/content/compat";
    for query in ["勞動", "劳动", "laodong", "管理", "能力"] {
        let (code, stdout, stderr) = common::run(&["search", query, dir]);
        assert_eq!(code, 0, "{query}: {stderr}");
        assert!(stdout.starts_with("p1.s1.1\t"), "{query}: {stdout}");
    }
    let (code, stdout, stderr) = common::run(&[
        "print",
        dir,
        "--script",
        "simplified",
        "--section",
        "p1.s1.1",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim_end(), "推动劳动就业，加强管理能力，不断提升。");
}

/// A small plain-text report for the importer; `{line}` is a paragraph.
fn small_source(line: &str) -> String {
    format!(
        "望花區人民政府\n工作報告\n——2024年12月28日在望花區第十九屆\n人民代表大會第四次會議上\n\
         區人民政府代理區長 叢 陽\n各位代表：\n現在，我代表區人民政府向大會報告工作。\n\
         2024年工作回顧\n即將過去的一年，我們交出了一份答卷。\n（一）堅定不移調結構、促轉型\n\
         {line}\n各位代表，艱難方顯勇毅。\n名詞解釋：\n1.檢測系統：即自動完成對焦炭的檢驗。\n"
    )
}

#[test]
fn import_applies_the_same_character_rules_as_check() {
    let file = Path::new("s.txt");
    let line = "工業升級賦能增效。推動\u{F92F}動\u{200B}就業，檢測系統[1]投入使用。";
    let source = small_source(line);
    let out = import::import("t", file, source.as_bytes(), None).expect("imports");
    let shown: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        shown,
        ["s.txt:11:14: warning: invisible character U+200B (ZWSP) removed"]
    );
    let part = &out
        .files
        .iter()
        .find(|(n, _)| n == "part-1.yaml")
        .unwrap()
        .1;
    assert!(
        part.contains("推動勞動就業，檢測系統[1]投入使用。"),
        "{part}"
    );

    for (bad, expected) in [
        (
            "工業升級賦能增效。推動\u{202E}勞動就業。",
            "s.txt:11:12: error: bidirectional control U+202E (RLO) is not allowed: \
             it can show the text in another order than it is stored",
        ),
        (
            "工業升級賦能增效。推動\u{1B}勞動就業。",
            "s.txt:11:12: error: control character U+001B (ESC) is not allowed",
        ),
        (
            "工業升級賦能增效。推動\t勞動就業。",
            "s.txt:11:12: error: control character U+0009 (TAB) is not allowed",
        ),
    ] {
        let errors =
            import::import("t", file, small_source(bad).as_bytes(), None).expect_err("refused");
        let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown, [expected]);
    }
}
