//! What hostile report directories cost the real binary (issue 12): time
//! and peak memory of each command, as a table.
//!
//!     cargo build --release && cargo run --release --example limits
//!
//! Each case is the shipped report with one file made hostile, written to a
//! temporary directory: a 2 MB part that anchors one 2.1 MB text and refers
//! to it 2,000 times (alias amplification); a title nested 80,000 brackets
//! deep; a paragraph of 50 MB. Each command runs as a child of this program
//! and is measured with wait4(2): wall time, and the child's own peak
//! resident memory. The target for each: under 2 s and 500 MB, or a
//! located refusal within a second. The binary is
//! `target/release/report-explorer` (or `$REPORT_EXPLORER`).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SHIPPED: &str = "content/wanghua-2024";
const SENTENCE: &str = "一年來，我們著重開展了以下六個方面工作。";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The child that measures the reader's palette on a report (below).
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, dir] = args.as_slice() {
        if flag == "--palette" {
            return palette(Path::new(dir));
        }
        if flag == "--figures-table" {
            return figures_table(Path::new(dir));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = std::env::var_os("REPORT_EXPLORER")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/report-explorer"));
    if !bin.is_file() {
        return Err(format!("{} not found: cargo build --release first", bin.display()).into());
    }
    let tmp = std::env::temp_dir().join(format!("re-limits-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;

    // The files are written piece by piece: this process stays small, so
    // that a child's peak memory (which counts what the parent held when
    // it forked) is the child's own.
    let alias = case(root, &tmp, "alias", |part, out| {
        let (before, after) = split(part, &format!("  text: {SENTENCE}\n"))?;
        write!(out, "{before}  text: &s \"")?;
        for _ in 0..700_000 {
            out.write_all("字".as_bytes())?;
        }
        writeln!(out, "\"")?;
        for i in 0..2000 {
            write!(out, "- id: part1.intro.x{i}\n  text: *s\n")?;
        }
        write!(out, "{after}")
    })?;
    let deep = case(root, &tmp, "nesting-80k", |part, out| {
        let (before, after) = split(part, "title: 2024年工作回顧")?;
        let d = 80_000;
        write!(
            out,
            "{before}title: {}{}{after}",
            "[".repeat(d),
            "]".repeat(d)
        )
    })?;
    let big = case(root, &tmp, "field-50MB", |part, out| {
        let (before, after) = split(part, &format!("  text: {SENTENCE}"))?;
        write!(out, "{before}  text: ")?;
        for _ in 0..50 * 1024 * 1024 / SENTENCE.len() {
            out.write_all(SENTENCE.as_bytes())?;
        }
        write!(out, "{after}")
    })?;

    let paragraphs = case(root, &tmp, "paragraphs-100k", |part, out| {
        let (before, after) = split(part, "- id: part1.s2\n")?;
        write!(out, "{before}")?;
        for i in 0..100_000 {
            write!(
                out,
                "  - id: part1.s1.x{i}\n    text: 第{i}段，建成高標準農田1.81萬畝，糧食播種面積保持在2.25萬畝。\n"
            )?;
        }
        write!(out, "- id: part1.s2\n{after}")
    })?;
    // One line of the source text, a paragraph of 20 MB, for `import`.
    let source = std::fs::read_to_string(root.join("assets/source/wanghua-2024.txt"))?;
    let one_line = tmp.join("one-line-20MB.txt");
    {
        let mut out = BufWriter::new(std::fs::File::create(&one_line)?);
        for line in source.lines() {
            if line.starts_with("工業(yè)升級賦能增效。") {
                for _ in 0..20 * 1024 * 1024 / line.len() {
                    out.write_all(line.as_bytes())?;
                }
                writeln!(out)?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        out.flush()?;
    }

    println!("| case | file | command | status | time | peak memory | first line of stderr |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let runs: [(&str, &Path, Vec<&str>); 7] = [
        ("alias ×2,000", &alias, vec!["check"]),
        ("nesting 80k", &deep, vec!["check"]),
        ("50 MB field", &big, vec!["check"]),
        ("50 MB field", &big, vec!["search", "農田"]),
        ("50 MB field", &big, vec!["figures"]),
        ("100k paragraphs", &paragraphs, vec!["check"]),
        ("100k paragraphs", &paragraphs, vec!["figures"]),
    ];
    for (name, dir, args) in runs {
        let size = std::fs::metadata(dir.join("part-1.yaml"))?.len();
        let mut full: Vec<&str> = args.clone();
        let dir_arg = dir.to_string_lossy().into_owned();
        full.push(&dir_arg);
        let m = measure(&bin, &full)?;
        println!(
            "| {name} | {:.1} MB | `{}` | {} | {:.2} s | {} MB | {} |",
            size as f64 / 1e6,
            args.join(" "),
            m.status,
            m.time.as_secs_f64(),
            m.max_rss_kb / 1024,
            m.first_error
        );
    }
    // import of the 20 MB line.
    let fixes = root.join("assets/fixes/wanghua-2024.yaml");
    let out_dir = tmp.join("imported");
    let (src, fx, od) = (
        one_line.to_string_lossy().into_owned(),
        fixes.to_string_lossy().into_owned(),
        out_dir.to_string_lossy().into_owned(),
    );
    let m = measure(&bin, &["import", &src, "--fixes", &fx, "--out", &od])?;
    println!(
        "| one line of 20 MB | {:.1} MB | `import` | {} | {:.2} s | {} MB | {} |",
        std::fs::metadata(&one_line)?.len() as f64 / 1e6,
        m.status,
        m.time.as_secs_f64(),
        m.max_rss_kb / 1024,
        m.first_error
    );
    // In children of their own (this program again), for their peak
    // memory: `j` in the figures table of the 100k-paragraph report, and
    // the reader's first palette keystrokes on the 50 MB report.
    child("--figures-table", &paragraphs)?;
    child("--palette", &big)?;
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}

/// Open the reader's core on the report in `dir` at 80×24, press `/`, then
/// type `x` and `4`, and print a table row for each step: the time the
/// input thread spent, the time until the results were there (the palette
/// ticked as a driver does), and this process's peak memory at the end.
fn palette(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use report_explorer::app::{handle, tick, update, wants_tick, Action, App, Settings};
    use report_explorer::content::{self, DirSource};
    use report_explorer::input::{Input, Key};
    use report_explorer::keymap::Keymap;
    let keymap = Keymap::default();
    let mut rows = Vec::new();
    let t = Instant::now();
    let report = content::load(&DirSource::new(dir)).map_err(|e| format!("{e:?}"))?;
    rows.push(("load".to_string(), t.elapsed(), Duration::ZERO, peak_kib()));
    let t = Instant::now();
    let mut app = App::new(report, Settings::default());
    rows.push((
        "shared data".to_string(),
        t.elapsed(),
        Duration::ZERO,
        peak_kib(),
    ));
    let t = Instant::now();
    update(&mut app, Action::Resize(80, 24));
    rows.push((
        "open at 80×24".to_string(),
        t.elapsed(),
        Duration::ZERO,
        peak_kib(),
    ));
    for key in ['/', 'x', '4'] {
        let t = Instant::now();
        handle(&mut app, &keymap, Input::Key(Key::char(key)));
        let input = t.elapsed();
        // Wait as a driver does until nothing more is pending.
        while let Some(wait) = wants_tick(&app) {
            std::thread::sleep(wait);
            tick(&mut app);
            if t.elapsed() > Duration::from_secs(120) {
                break;
            }
        }
        rows.push((
            format!("palette key `{key}`"),
            input,
            t.elapsed(),
            peak_kib(),
        ));
    }
    println!();
    println!("| the reader on the 50 MB field | input thread | until done | peak memory so far |");
    println!("| --- | --- | --- | --- |");
    for (what, input, done, hwm) in rows {
        println!(
            "| {what} | {:.2} ms | {:.0} ms | {} MB |",
            input.as_secs_f64() * 1e3,
            done.as_secs_f64() * 1e3,
            hwm / 1024
        );
    }
    Ok(())
}

/// `text` before and after the first `at`.
/// Run this program with `flag dir` and print what it prints.
fn child(flag: &str, dir: &Path) -> std::io::Result<()> {
    let out = Command::new(std::env::current_exe()?)
        .arg(flag)
        .arg(dir)
        .stderr(Stdio::inherit())
        .output()?;
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

/// Open the reader's core on the report in `dir` at 120×40, show the
/// figures pane's quantity table, and print the time of each of five `j`
/// there (each must be about nothing: nothing is recomputed per key).
fn figures_table(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use report_explorer::app::{update, Action, App, Pane, Settings};
    use report_explorer::content::{self, DirSource};
    let report = content::load(&DirSource::new(dir)).map_err(|e| format!("{e:?}"))?;
    let mut app = App::new(report, Settings::default());
    update(&mut app, Action::Resize(120, 40));
    for _ in 0..Pane::CYCLE.len() {
        if app.focus == Pane::Figures {
            break;
        }
        update(&mut app, Action::FocusNext);
    }
    if app.focus != Pane::Figures {
        return Err("the figures pane is not shown at 120×40".into());
    }
    let t = Instant::now();
    update(&mut app, Action::ToggleView);
    let shown = t.elapsed();
    let mut keys = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        update(&mut app, Action::Down);
        keys.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!();
    println!("| the figures table on 100k paragraphs | time | peak memory so far |");
    println!("| --- | --- | --- |");
    println!(
        "| table shown | {:.2} ms | {} MB |",
        shown.as_secs_f64() * 1e3,
        peak_kib() / 1024
    );
    let keys: Vec<String> = keys.iter().map(|k| format!("{k:.3}")).collect();
    println!(
        "| `j` ×5 | {} ms | {} MB |",
        keys.join(", "),
        peak_kib() / 1024
    );
    Ok(())
}

/// The process's peak resident set so far (VmHWM), in KiB; 0 where
/// /proc is missing.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok())
        })
        .unwrap_or(0)
}

fn split<'a>(text: &'a str, at: &str) -> std::io::Result<(&'a str, &'a str)> {
    let i = text
        .find(at)
        .ok_or_else(|| std::io::Error::other(format!("`{at}` is not in part-1.yaml")))?;
    Ok((&text[..i], &text[i + at.len()..]))
}

/// A copy of the shipped report in `tmp/name`, its part-1.yaml rewritten by
/// `edit` from the shipped one.
fn case(
    root: &Path,
    tmp: &Path,
    name: &str,
    edit: impl Fn(&str, &mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(root.join(SHIPPED))? {
        let entry = entry?;
        std::fs::copy(entry.path(), dir.join(entry.file_name()))?;
    }
    let part = dir.join("part-1.yaml");
    let text = std::fs::read_to_string(&part)?;
    let mut out = BufWriter::new(std::fs::File::create(&part)?);
    edit(&text, &mut out)?;
    out.flush()?;
    Ok(dir)
}

struct Measured {
    status: String,
    time: Duration,
    max_rss_kb: i64,
    first_error: String,
}

/// Run `bin args` with output to files, and measure it with wait4(2).
fn measure(bin: &Path, args: &[&str]) -> std::io::Result<Measured> {
    let err_path = std::env::temp_dir().join(format!("re-limits-{}.err", std::process::id()));
    let start = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path)?)
        .spawn()?;
    let (status, max_rss_kb) = wait4(child.id(), timeout())?;
    let time = start.elapsed();
    let err = std::fs::read_to_string(&err_path).unwrap_or_default();
    let _ = std::fs::remove_file(&err_path);
    let first: String = err.lines().next().unwrap_or("").chars().take(90).collect();
    Ok(Measured {
        status,
        time,
        max_rss_kb,
        first_error: first.replace('|', "\\|"),
    })
}

/// How long a command may run before it is killed: `LIMITS_TIMEOUT`
/// seconds, 60 by default.
fn timeout() -> Duration {
    let secs = std::env::var("LIMITS_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

/// Wait for the child `pid` (killing it after `limit`): how it ended, and
/// its peak resident memory in KB.
#[cfg(unix)]
fn wait4(pid: u32, limit: Duration) -> std::io::Result<(String, i64)> {
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: pid is our own child, not yet reaped; both pointers are
        // to live values.
        let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, libc::WNOHANG, &mut usage) };
        if r < 0 {
            return Err(std::io::Error::last_os_error());
        }
        if r > 0 {
            break;
        }
        if !killed && start.elapsed() > limit {
            // SAFETY: signalling our own child, which has not been reaped.
            unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = if killed {
        format!("killed at {} s", limit.as_secs())
    } else if libc::WIFEXITED(status) {
        format!("exit {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("signal {}", libc::WTERMSIG(status))
    } else {
        format!("status {status}")
    };
    // ru_maxrss is in kilobytes on Linux.
    Ok((status, usage.ru_maxrss))
}

#[cfg(not(unix))]
fn wait4(_: u32, _: Duration) -> std::io::Result<(String, i64)> {
    Err(std::io::Error::other(
        "this example measures with wait4(2), on unix",
    ))
}
