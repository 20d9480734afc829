//! The commands as a user runs them: `check`, `import`, `print`, `search`
//! (lines, JSON, exit codes), `--help`.

mod common;
use common::run;

use std::path::PathBuf;
use std::process::Command;

use unicode_width::UnicodeWidthStr;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("re-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn check_passes_on_the_embedded_and_the_shipped_report() {
    for args in [vec!["check"], vec!["check", "content/wanghua-2024"]] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.ends_with(
                ": ok (parts: 2, sections: 12, paragraphs: 48, list items: 20, \
                 glossary entries: 48, footnote markers: 48, indicators: 7)\n"
            ),
            "{stdout}"
        );
    }
}

#[test]
fn check_works_from_any_directory() {
    let out = Command::new(env!("CARGO_BIN_EXE_report-explorer"))
        .arg("check")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn import_writes_a_report_that_checks() {
    let out = temp("import");
    let (code, _, stderr) = run(&[
        "import",
        "assets/source/wanghua-2024.txt",
        "--fixes",
        "assets/fixes/wanghua-2024.yaml",
        "--out",
        out.to_str().unwrap(),
        "--id",
        "wanghua-2024",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("wrote 5 files"), "{stderr}");
    assert!(stderr.contains("10 fixes applied, 0 warnings"), "{stderr}");
    let report = std::fs::read_to_string(out.join("report.yaml")).unwrap();
    assert!(report.contains("title: 望花區人民政府工作報告"));
    let (code, stdout, _) = run(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("indicators: 0"), "{stdout}");
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn import_without_fixes_warns_with_line_and_column() {
    let out = temp("nofix");
    let (code, _, stderr) = run(&[
        "import",
        "assets/source/wanghua-2024.txt",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("assets/source/wanghua-2024.txt:35:79: warning: HTML residue `/span>`"),
        "{stderr}"
    );
    assert!(stderr.contains("0 fixes applied, 21 warnings"), "{stderr}");
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_fix_that_does_not_match_is_an_error() {
    let dir = temp("badfix");
    std::fs::create_dir_all(&dir).unwrap();
    let fixes = dir.join("fixes.yaml");
    std::fs::write(
        &fixes,
        "fixes:\n- from: 不存在的文字\n  to: 別的\n  why: 測試\n",
    )
    .unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run(&[
        "import",
        "assets/source/wanghua-2024.txt",
        "--fixes",
        fixes.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let expected = format!(
        "{}:2:3: error: `不存在的文字` matches 0 times in the source; a fix must match exactly once",
        fixes.display()
    );
    assert_eq!(stderr.lines().next(), Some(expected.as_str()));
    assert!(!out.exists(), "nothing is written when the import fails");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_refuses_a_source_that_is_not_utf8() {
    let dir = temp("gbk");
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("gbk.txt");
    // 望花區 then 政府 in GBK on the second line.
    let mut bytes = "望花區\n".as_bytes().to_vec();
    bytes.extend([0xD5, 0xFE, 0xB8, 0xAE]);
    std::fs::write(&source, bytes).unwrap();
    let (code, _, stderr) = run(&[
        "import",
        source.to_str().unwrap(),
        "--out",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let expected = format!(
        "{}:2:1: error: not UTF-8: byte 0xD5 at byte offset 10",
        source.display()
    );
    assert_eq!(stderr.lines().next(), Some(expected.as_str()));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn print_writes_plain_text_at_the_width_asked() {
    let (code, stdout, _) = run(&["print", "--width", "40"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout.lines().next().map(str::trim),
        Some("望花區人民政府工作報告")
    );
    assert!(!stdout.contains('\x1b'), "no escape codes in a pipe");
    for line in stdout.lines() {
        assert!(line.width() <= 40, "{line}");
    }
    let (_, wide, _) = run(&["print", "--width", "200"]);
    assert!(
        wide.contains("48.“三不腐”：即“不敢腐、不能腐、不想腐”。"),
        "{wide}"
    );
    // --width 30 wraps at 30, numbers kept whole, the paragraph indented.
    let (code, stdout, _) = run(&["print", "--width", "30", "--section", "part1.intro.2"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() > 3, "{stdout}");
    assert!(lines[0].starts_with("    "), "{stdout}");
    assert!(lines.iter().all(|l| l.width() <= 30), "{stdout}");
    assert!(lines.iter().any(|l| l.width() > 24), "{stdout}");
    assert!(stdout.contains("29.8%"), "{stdout}");
}

#[test]
fn print_in_a_pipe_writes_one_line_per_paragraph_for_grep() {
    let (code, stdout, _) = run(&["print"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains('\x1b'), "no escape codes in a pipe");
    // grep 固定資產投資下降29.8% finds it: the phrase stands on one line,
    // within the whole paragraph, which starts the line.
    let found: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("固定資產投資下降29.8%"))
        .collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].width() > 200, "{}", found[0]);
    assert!(found[0].starts_with("預計到年末"), "{}", found[0]);
    assert!(found[0].ends_with('。'), "{}", found[0]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "望花區人民政府工作報告");
    // Headings, items and entries are one line each, blank lines between
    // blocks as in the wrapped text, none between items of a list.
    assert!(lines.contains(&"（一）堅定不移調結構、促轉型，三次產業協同發力"));
    assert!(lines.contains(&"48.“三不腐”：即“不敢腐、不能腐、不想腐”。"));
    let item = lines
        .iter()
        .position(|l| l.starts_with("1.累計發放惠民消費券"))
        .unwrap();
    assert!(lines[item + 1].starts_with("2."), "{}", lines[item + 1]);
    // --width 0 is the same: no wrap, never one character per line.
    let (code, zero, _) = run(&["print", "--width", "0"]);
    assert_eq!(code, 0);
    assert_eq!(zero, stdout);
    let (_, glossary, _) = run(&["print", "--width", "0", "--section", "glossary.48"]);
    assert_eq!(glossary, "48.“三不腐”：即“不敢腐、不能腐、不想腐”。\n");
}

#[test]
fn every_command_has_help() {
    for cmd in ["check", "import", "print", "search", "figures"] {
        let (code, stdout, _) = run(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(stdout.contains("Usage: report-explorer"), "{cmd}: {stdout}");
    }
    let (_, stdout, _) = run(&["--help"]);
    assert!(stdout.contains("embedded"), "{stdout}");
    let (_, stdout, _) = run(&["search", "--help"]);
    for words in ["--json", "Exit status", "2 on an error", "【】"] {
        assert!(
            stdout.contains(words),
            "search --help lacks {words}: {stdout}"
        );
    }
}

#[test]
fn print_help_says_what_print_does_with_ambiguous_widths() {
    // print never asks the terminal, so it offers no `auto` that would.
    let (_, stdout, _) = run(&["print", "--help"]);
    assert!(stdout.contains("never asks the terminal"), "{stdout}");
    assert!(!stdout.contains("auto"), "{stdout}");
    let (code, _, stderr) = run(&["print", "--ambiwidth", "auto"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("[possible values: narrow, wide]"),
        "{stderr}"
    );
    // The reader's auto says how it asks.
    let (_, stdout, _) = run(&["--help"]);
    assert!(
        stdout.contains("asks the terminal where its cursor went"),
        "{stdout}"
    );
    // Wide counts “ ” — … and μ two cells each: the same text takes more rows.
    let (_, narrow, _) = run(&["print", "tests/fixtures/text/ambiwide", "--width", "40"]);
    let (_, wide, _) = run(&[
        "print",
        "tests/fixtures/text/ambiwide",
        "--width",
        "40",
        "--ambiwidth",
        "wide",
    ]);
    assert!(wide.lines().count() > narrow.lines().count());
    assert!(narrow.contains("樹牢“拼搶爭實”工作理念"), "{narrow}");
}

#[test]
fn the_readme_shows_every_key_binding() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for b in report_explorer::keymap::bindings() {
        if b.context == report_explorer::keymap::Context::Pane
            || b.context == report_explorer::keymap::Context::Global
        {
            for k in &b.keys {
                let label =
                    report_explorer::keymap::label(k, report_explorer::text::AmbiWidth::Narrow);
                assert!(
                    readme.contains(&format!("`{label}`")),
                    "README lacks key {label} ({})",
                    b.description
                );
            }
        }
    }
}

#[test]
fn search_prints_hits_best_first_or_exits_1() {
    let (code, stdout, _) = run(&["search", "zsyz", "--limit", "3"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    let first: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(first[0], "part1.s2.2");
    assert!(
        first[1].starts_with("2024年工作回顧 › （二）"),
        "{}",
        first[1]
    );
    assert_eq!(first[3], "【招商引資】力度空前。");
    assert!(!stdout.contains('\x1b'));
    let (code, stdout, _) = run(&[
        "search",
        "新质生产力",
        "--script",
        "simplified",
        "--limit",
        "1",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("【新质生产力】"), "{stdout}");
    let (code, stdout, stderr) = run(&["search", "ζω"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", ""));
}

/// The block's text in the embedded report, by id, in either script.
fn block_text(id: &str, simplified: bool) -> String {
    use report_explorer::text::script::{convert, Script};
    let report = report_explorer::content::load_embedded().expect("the embedded report");
    let doc = report_explorer::document::Document::new(&report);
    let text = &doc
        .blocks
        .iter()
        .find(|b| b.id == id)
        .unwrap_or_else(|| panic!("no block {id}"))
        .text;
    let script = if simplified {
        Script::Simplified
    } else {
        Script::Traditional
    };
    convert(text, script)
}

/// The characters `range` of `text` (character indices, end excluded).
fn chars(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

/// A `[start, end]` JSON pair as a range.
fn range(v: &serde_json::Value) -> std::ops::Range<usize> {
    let n = |i: usize| v[i].as_u64().expect("a number") as usize;
    n(0)..n(1)
}

/// Run `search … --json`, which must exit 0; the parsed hits.
fn search_json(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--json"];
    all.extend(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    v.as_array().expect("an array of hits").clone()
}

#[test]
fn search_json_gives_the_hits_with_character_ranges_into_the_block() {
    let hits = search_json(&["招商"]);
    assert!(!hits.is_empty() && hits.len() <= 20, "{}", hits.len());
    let first = &hits[0];
    assert_eq!(first["id"], "part1.s2.2");
    assert_eq!(first["kind"], "要點");
    assert!(
        first["place"]
            .as_str()
            .is_some_and(|p| p.starts_with("2024年工作回顧 › （二）")),
        "{first}"
    );
    let matched = first["matched"].as_array().expect("matched ranges");
    let target = range(&first["target"]);
    let text = first["text"].as_str().expect("text");
    let in_text =
        |r: std::ops::Range<usize>| chars(text, r.start - target.start..r.end - target.start);
    assert_eq!(in_text(range(&matched[0])), "招商", "{first}");
    // Every hit: the text is the block's characters `target`; every matched
    // range lies inside it; the snippet has no marks.
    for hit in &hits {
        let id = hit["id"].as_str().expect("id");
        let target = range(&hit["target"]);
        assert_eq!(
            chars(&block_text(id, false), target.clone()),
            hit["text"].as_str().expect("text"),
            "{hit}"
        );
        for r in hit["matched"].as_array().expect("matched") {
            let r = range(r);
            assert!(r.start < r.end, "{hit}");
            assert!(target.start <= r.start && r.end <= target.end, "{hit}");
        }
        let snippet = hit["snippet"].as_str().expect("snippet");
        assert!(!snippet.contains('【') && !snippet.contains('】'), "{hit}");
        assert!(!hit["kind"].as_str().unwrap_or_default().is_empty());
    }
}

#[test]
fn search_json_in_simplified_marks_the_simplified_characters() {
    // 隨著 is 随着 in the simplified view (OpenCC's tw2s), at the same
    // character indices as written.
    let hits = search_json(&["随着", "--script", "simplified", "--limit", "3"]);
    let first = &hits[0];
    let id = first["id"].as_str().expect("id");
    let text = first["text"].as_str().expect("text");
    assert_eq!(chars(&block_text(id, true), range(&first["target"])), text);
    let matched: String = first["matched"]
        .as_array()
        .expect("matched")
        .iter()
        .map(|r| chars(&block_text(id, true), range(r)))
        .collect();
    assert_eq!(matched, "随着", "{first}");
    let written: String = first["matched"]
        .as_array()
        .expect("matched")
        .iter()
        .map(|r| chars(&block_text(id, false), range(r)))
        .collect();
    assert_eq!(written, "隨著", "{first}");
}

#[test]
fn search_exits_1_and_prints_nothing_when_nothing_matches() {
    for args in [
        vec!["search", "ζωχψ"],
        vec!["search", "ζωχψ", "--json"],
        vec!["search", "ζωχψ", "--script", "simplified"],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (1, "", ""),
            "{args:?}"
        );
    }
}

#[test]
fn search_exits_2_with_the_reason_on_an_error() {
    // A report that fails to load: its problems, as `check` gives them.
    for json in [false, true] {
        let mut args = vec!["search", "招商", "tests/fixtures/bad/yaml-syntax"];
        if json {
            args.push("--json");
        }
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stdout, "");
        assert!(
            stderr.contains("tests/fixtures/bad/yaml-syntax/part-1.yaml:25:1: error:"),
            "{stderr}"
        );
        assert!(stderr.contains("1 problem found"), "{stderr}");
    }
    let (code, stdout, stderr) = run(&["search", "招商", "tests/fixtures/bad/dangling-footnote"]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert!(stderr.contains("error:"), "{stderr}");
    // A directory that is not there.
    let (code, _, stderr) = run(&["search", "招商", "tests/fixtures/no-such-report"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("report.yaml"), "{stderr}");
    // A blank query: ASCII or ideographic spaces, or nothing left once
    // folded (a control, a lone accent, invisible marks, corner brackets).
    for blank in [
        "",
        "  ",
        "\u{3000}\u{3000}",
        "\u{1}",
        "\u{301}",
        "\u{200B}「」",
    ] {
        for json in [false, true] {
            let mut args = vec!["search", blank];
            if json {
                args.push("--json");
            }
            let (code, stdout, stderr) = run(&args);
            assert_eq!((code, stdout.as_str()), (2, ""), "{blank:?}");
            assert!(stderr.contains("the query is blank"), "{stderr}");
        }
    }
    // A limit of 0 is a usage error, not "nothing matched".
    let (code, stdout, stderr) = run(&["search", "招商", "--limit", "0"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("must be 1 or more"), "{stderr}");
}

/// Without HOME, the state directory comes from the user's entry in the
/// passwd database. The static build reads /etc/passwd alone: another
/// source in nsswitch.conf (libnss_systemd, on this machine) is a module of
/// the system's shared glibc, and loading it crashed the statically linked
/// binary (SIGSEGV, found by trying) for a user /etc/passwd does not list.
/// Such a user now hears that there is no state directory, as with a
/// dynamic build. Run as uid 54321 with setpriv: needs root.
#[cfg(target_os = "linux")]
#[test]
fn without_home_a_user_passwd_does_not_list_is_told_there_is_no_state_directory() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!("skipped: needs root and setpriv");
        return;
    }
    let mut child = Command::new("setpriv")
        .args(["--reuid=54321", "--regid=54321", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_report-explorer"))
        .args(["serve", "--listen", "127.0.0.1:0", "--open"])
        .env_remove("HOME")
        .env_remove("XDG_STATE_HOME")
        .current_dir(std::env::temp_dir())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("setpriv runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("a status").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve did not stop for want of a state directory");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("the output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{:?} {stderr}", out.status);
    assert!(
        stderr.contains("no state directory for the host key (no home directory)"),
        "{stderr}"
    );
}
