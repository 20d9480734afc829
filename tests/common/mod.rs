//! Helpers shared by the integration tests. Not every test file uses
//! every helper.
#![allow(dead_code)]

use std::process::Command;

use ratatui::buffer::Buffer;

/// Run the binary from the crate's root; exit code, stdout, stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_report-explorer"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

/// A drawn screen as text, one row per line, as a terminal shows it: the
/// cell after a wide character is covered by it, not printed.
pub fn text_of(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.y..area.y + area.height {
        let mut skip = 0;
        for x in area.x..area.x + area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            out.push_str(cell.symbol());
            skip = usize::from(report_explorer::ui::cells::width_of(cell)).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// The SGR sequences (`ESC [ … m`) in `bytes`, as their parameters.
pub fn sgr_params(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(rest.len());
        if rest[end..].starts_with('m') {
            out.push(rest[..end].to_string());
        }
        rest = &rest[end..];
    }
    out
}

/// The colours `params` set, in the forms a terminal reads: the 16 ANSI
/// codes, or `38;5;n`/`48;5;n`, or `38;2;…`/`48;2;…`.
pub fn colour_codes(params: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in params {
        let mut it = p.split(';').peekable();
        while let Some(code) = it.next() {
            match code {
                "38" | "48" => {
                    let kind = it.next().unwrap_or("");
                    let n = if kind == "2" { 3 } else { 1 };
                    let rest: Vec<&str> = (0..n).filter_map(|_| it.next()).collect();
                    out.push(format!("{code};{kind};{}", rest.join(";")));
                }
                c if matches!(c.parse::<u8>(), Ok(30..=37 | 40..=47 | 90..=97 | 100..=107)) => {
                    out.push(c.to_string())
                }
                _ => {}
            }
        }
    }
    out
}
pub mod emulator;

/// A fresh copy of `tests/fixtures/good` in a temporary directory named
/// after `name` and this test process, for a test to break.
pub fn copy_of_good(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("re-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    for entry in std::fs::read_dir(&good).expect("the good fixture") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("a copy");
    }
    dir
}
