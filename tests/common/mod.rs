//! Helpers shared by the integration tests. Not every test file uses
//! every helper.
#![allow(dead_code)]

use std::process::Command;

use ratatui::buffer::Buffer;
use report_explorer::text::{str_width, AmbiWidth};

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
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = str_width(sym, AmbiWidth::Narrow).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
