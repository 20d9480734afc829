//! One fixture per kind of bad input: `check` (and every other command that
//! loads a report) must refuse it with file:line:column and a clear message.

mod common;
use common::run;

use std::path::Path;

/// `check` on fixture `name` fails with exactly `expected` as its first line.
fn assert_refused(name: &str, expected: &str) {
    let dir = format!("tests/fixtures/bad/{name}");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir).is_dir(),
        "{dir}"
    );
    let (code, stdout, stderr) = run(&["check", &dir]);
    assert_eq!(code, 1, "{name}: {stderr}");
    assert_eq!(stdout, "", "{name}");
    let first = stderr.lines().next().unwrap_or_default();
    assert_eq!(first, format!("{dir}/{expected}"), "{name}");
    assert_eq!(
        stderr.lines().last(),
        Some("report-explorer: 1 problem found")
    );
}

#[test]
fn the_good_fixture_passes() {
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/good"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("tests/fixtures/good: ok (parts: 1, sections: 2,"),
        "{stdout}"
    );
}

#[test]
fn yaml_syntax() {
    assert_refused(
        "yaml-syntax",
        "part-1.yaml:25:1: error: found unexpected end of stream at line 25 column 1, \
         while scanning a quoted scalar at line 17 column 10",
    );
}

#[test]
fn wrong_type() {
    assert_refused(
        "wrong-type",
        "glossary.yaml:8:11: error: entries[1].number: invalid type: string \"二\", expected u32",
    );
}

#[test]
fn unknown_field() {
    assert_refused(
        "unknown-field",
        "part-1.yaml:21:5: error: sections[1].paragraphs[0]: unknown field `bold`, \
         expected one of `id`, `lead`, `text`",
    );
}

#[test]
fn footnote_without_glossary_entry() {
    assert_refused(
        "dangling-footnote",
        "part-1.yaml:14:36: error: footnote [3] has no glossary entry (the glossary has 2 entries)",
    );
}

#[test]
fn duplicate_id() {
    assert_refused(
        "duplicate-id",
        "part-1.yaml:19:9: error: duplicate id `part1.s1.1` \
         (first defined at tests/fixtures/bad/duplicate-id/part-1.yaml:12:9)",
    );
}

#[test]
fn glossary_numbers_that_skip() {
    assert_refused(
        "glossary-skip",
        "glossary.yaml:8:11: error: glossary numbers skip: expected 2, found 3",
    );
}

#[test]
fn empty_title() {
    assert_refused(
        "empty-title",
        "part-1.yaml:17:10: error: section title is empty",
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    assert_refused(
        "not-utf8",
        "glossary.yaml:10:18: error: not UTF-8: byte 0xBA at byte offset 281",
    );
}

#[test]
fn missing_file() {
    assert_refused(
        "missing-file",
        "report.yaml:15:3: error: cannot read tests/fixtures/bad/missing-file/part-2.yaml: \
         No such file or directory (os error 2)",
    );
}

#[test]
fn control_character() {
    assert_refused(
        "control-character",
        "lists.yaml:11:16: error: control character U+0009 (TAB) is not allowed",
    );
}

#[test]
fn indicator_quoting_words_not_in_its_paragraph() {
    assert_refused(
        "misquoted-indicator",
        "indicators.yaml:6:11: error: `固定資產投資下降28.9%` does not stand in paragraph `part1.intro.1`",
    );
}

#[test]
fn date_not_iso() {
    assert_refused(
        "bad-date",
        "report.yaml:8:7: error: date `2024年12月28日` is not YYYY-MM-DD",
    );
}

#[test]
fn every_command_that_loads_refuses_a_broken_report() {
    let dir = "tests/fixtures/bad/dangling-footnote";
    for args in [vec!["print", dir], vec![dir]] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(stdout, "", "{args:?}: nothing of a broken report is shown");
        assert!(
            stderr.contains("part-1.yaml:14:36: error: footnote [3]"),
            "{stderr}"
        );
    }
}

#[test]
fn several_problems_are_all_reported() {
    let dir = common::copy_of_good("several");
    let part = dir.join("part-1.yaml");
    let text = std::fs::read_to_string(&part).unwrap();
    let text = text
        .replace("[2]產量", "[9]產量")
        .replace("id: part1.s2.1", "id: part1.s1.1");
    std::fs::write(&part, text).unwrap();
    let (code, _, stderr) = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: footnote [9] has no glossary entry"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: duplicate id `part1.s1.1`"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("report-explorer: 2 problems found\n"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// Content that must be refused where it stands (issue 11, part 3).

#[test]
fn raw_control_character() {
    assert_refused(
        "raw-control",
        "part-1.yaml:10:15: error: control character U+001B (ESC) is not allowed",
    );
}

#[test]
fn raw_c1_control_character() {
    assert_refused(
        "raw-c1",
        "part-1.yaml:3:10: error: control character U+009B (CSI) is not allowed",
    );
}

#[test]
fn control_character_through_an_escape_stands_at_its_backslash() {
    assert_refused(
        "escaped-control",
        "part-1.yaml:10:15: error: control character U+001B (ESC) is not allowed",
    );
}

#[test]
fn line_separator() {
    assert_refused(
        "line-separator",
        "part-1.yaml:10:22: error: line separator U+2028 is not allowed: \
         start a new paragraph, or write a space",
    );
}

#[test]
fn bidirectional_override() {
    assert_refused(
        "bidi-override",
        "part-1.yaml:10:16: error: bidirectional control U+202E (RLO) is not allowed: \
         it can show the text in another order than it is stored",
    );
}

#[test]
fn duplicate_key_stands_at_the_second_one() {
    assert_refused(
        "duplicate-key",
        "part-1.yaml:11:5: error: duplicate key `text` (first at line 10)",
    );
}

#[test]
fn duplicate_key_at_the_top_of_report_yaml() {
    assert_refused(
        "duplicate-key-root",
        "report.yaml:3:1: error: duplicate key `title` (first at line 2)",
    );
}

#[test]
fn empty_value_stands_on_its_key_s_line() {
    assert_refused(
        "empty-term",
        "glossary.yaml:5:9: error: glossary term is empty",
    );
}

#[test]
fn columns_on_line_one_count_after_a_byte_order_mark() {
    assert_refused(
        "bom-column",
        "report.yaml:1:5: error: id `t t` must be letters, digits, `.`, `-` or `_`, and not empty",
    );
}

/// The warnings of the fixture `tests/fixtures/content/{name}`, which loads.
fn warnings(name: &str) -> (report_explorer::content::Report, Vec<String>) {
    let dir = format!("tests/fixtures/content/{name}");
    let loaded =
        report_explorer::content::load_checked(&report_explorer::content::DirSource::new(&dir))
            .unwrap_or_else(|e| panic!("{name} loads: {e}"));
    let warnings = loaded.warnings.iter().map(|w| w.to_string()).collect();
    (loaded.report, warnings)
}

#[test]
fn invisible_characters_are_removed_with_a_warning_and_emoji_kept() {
    let (report, warnings) = warnings("invisible");
    let f = "tests/fixtures/content/invisible/part-1.yaml";
    assert_eq!(
        warnings,
        [
            format!("{f}:10:14: warning: invisible character U+200B (ZWSP) removed"),
            format!("{f}:10:24: warning: invisible character U+00AD (SHY) removed"),
            format!("{f}:10:27: warning: invisible character U+2060 (WJ) removed"),
            format!("{f}:10:29: warning: invisible character U+FEFF (BOM) removed"),
            format!("{f}:10:43: warning: invisible character U+200D (ZWJ) removed"),
        ]
    );
    let p = report.paragraph("p1.s1.1").expect("the paragraph");
    assert_eq!(
        p.body.text,
        "本報告引用術語[1]，軟連字與家庭👨\u{200D}👩\u{200D}👧、晴☀\u{FE0F}、勞動。"
    );
    // The marker's range is that of the cleaned text.
    assert_eq!(&p.body.text[p.body.refs[0].range.clone()], "[1]");
    // A report with only warnings passes `check`.
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/content/invisible"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(": ok ("), "{stdout}");
}

#[test]
fn lookalike_markers_are_warned_about() {
    let (report, warnings) = warnings("lookalike-markers");
    let f = "tests/fixtures/content/lookalike-markers/part-1.yaml";
    assert_eq!(
        warnings,
        [
            format!(
                "{f}:10:24: warning: `［1］` looks like a footnote marker but is not taken as one: \
                 write `[1]`"
            ),
            format!(
                "{f}:10:28: warning: `[１]` looks like a footnote marker but is not taken as one: \
                 write `[1]`"
            ),
            format!(
                "{f}:10:32: warning: `[12345]` looks like a footnote marker but is not taken as \
                 one: the glossary has 1 entry"
            ),
        ]
    );
    let p = report.paragraph("p1.s1.1").expect("the paragraph");
    assert_eq!(p.body.refs.len(), 1);
}

#[test]
fn noncharacter() {
    assert_refused(
        "noncharacter",
        "part-1.yaml:10:16: error: noncharacter U+FFFF is not allowed",
    );
}

// Input that is refused where it stands (issue 12).

#[test]
fn nul_stands_where_it_is() {
    assert_refused(
        "nul",
        "part-1.yaml:21:13: error: control character U+0000 (NUL) is not allowed",
    );
}

#[test]
fn an_alias_is_refused_at_the_alias() {
    assert_refused(
        "alias",
        "part-1.yaml:21:11: error: alias `*回顧` is not allowed: write the value out \
         (a report's files use no aliases)",
    );
}

#[test]
fn flow_nesting_a_thousand_deep_is_refused_at_the_65th_bracket() {
    assert_refused(
        "deep-nesting",
        "part-1.yaml:3:72: error: nested deeper than 64 levels, the most a report's file may nest",
    );
}

#[test]
fn block_nesting_is_refused_at_the_65th_level() {
    assert_refused(
        "deep-block-nesting",
        "part-1.yaml:73:125: error: nested deeper than 64 levels, the most a report's file may nest",
    );
}

#[test]
fn a_date_that_is_no_day_of_the_calendar() {
    assert_refused(
        "impossible-date",
        "report.yaml:8:7: error: date `2024-02-30` is not a day of the calendar: \
         2024-02 has days 01 to 29",
    );
}

#[test]
fn a_change_in_percent_that_is_not_a_number() {
    assert_refused(
        "nan-percent",
        "indicators.yaml:7:21: error: change_percent is not a number (NaN): \
         write the change in percent, such as -29.8 for 下降29.8%",
    );
}

#[test]
fn a_change_in_percent_too_large_to_draw() {
    assert_refused(
        "huge-percent",
        "indicators.yaml:7:21: error: change_percent 1e308 is out of range: \
         a change in percent lies within ±1e6",
    );
}

#[test]
fn check_prints_warnings_and_passes() {
    // A zero-width space removed, and markers that only look like markers:
    // each said on stderr at its line and column; the report still passes.
    let (code, stdout, stderr) = run(&["check", "tests/fixtures/content/invisible"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(": ok (parts: 1"), "{stdout}");
    assert!(
        stderr.contains(
            "tests/fixtures/content/invisible/part-1.yaml:10:14: warning: invisible character U+200B (ZWSP) removed"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "tests/fixtures/content/lookalike-markers"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "part-1.yaml:10:24: warning: `［1］` looks like a footnote marker but is not taken as one: write `[1]`"
        ),
        "{stderr}"
    );
}
