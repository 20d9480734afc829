//! A session's first frame is drawn from the first lines of the layout
//! (`Layout::prefix`: as many blocks as the view needs), and the rest is
//! laid out after it. Whatever the size, the remembered place, the script,
//! the ambiguous width and the pane in focus, that frame is the one the
//! whole layout draws, cell for cell, and the view stays where it is.

use ratatui::buffer::Buffer;
use report_explorer::app::keymap::Keymap;
use report_explorer::app::nav::complete_layout;
use report_explorer::app::restore::{apply, content_hash};
use report_explorer::app::{handle, update, Action, App, Settings};
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Modifiers, Mouse, MouseAction, MouseButton};
use report_explorer::saved::{PaneName, SavedPlace, ScriptName, State, VERSION};
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

fn draw(app: &App) -> Buffer {
    let mut buf = Buffer::empty(app.area);
    ui::draw(app, &Keymap::default(), app.area, &mut buf);
    buf
}

/// The driver's start: the first resize, then the remembered state.
fn start(w: u16, h: u16, ambi: AmbiWidth, state: Option<&State>) -> App {
    let settings = Settings {
        ambi,
        ..Settings::default()
    };
    let mut app = App::new(load_embedded().expect("the embedded report"), settings);
    update(&mut app, Action::Resize(w, h));
    if let Some(state) = state {
        let content = content_hash(&app);
        apply(&mut app, state, &content, false).expect("a place of the report");
    }
    app
}

fn state(block: &str, offset: usize, script: ScriptName, focus: PaneName) -> State {
    State {
        version: VERSION,
        report: "wanghua-2024".into(),
        content: String::new(),
        place: SavedPlace {
            block: block.into(),
            offset,
        },
        script,
        focus,
        marks: Default::default(),
    }
}

#[test]
fn the_first_frame_from_the_first_lines_is_the_whole_layouts() {
    // The opening; a paragraph's middle in part one (工業升級賦能增效 and
    // its footnote markers); a list item; the last glossary entry, where
    // the view reaches the end and no prefix is shorter than the whole.
    let places = [
        ("opening.1", 0),
        ("part1.s5.1", 40),
        ("list2.3", 5),
        ("glossary.48", 0),
    ];
    let mut partial = 0;
    // (80×4: a view of one row, where a place past the first lines once
    // stayed on them.)
    for (w, h) in [
        (80, 24),
        (40, 15),
        (200, 60),
        (132, 40),
        (20, 8),
        (80, 4),
        (30, 6),
    ] {
        for ambi in [AmbiWidth::Narrow, AmbiWidth::Wide] {
            for (block, offset) in places {
                for (script, focus) in [
                    (ScriptName::Traditional, PaneName::Reader),
                    (ScriptName::Simplified, PaneName::Outline),
                    (ScriptName::Traditional, PaneName::Glossary),
                    (ScriptName::Simplified, PaneName::Figures),
                ] {
                    let mut state = state(block, offset, script, focus);
                    let probe = start(w, h, ambi, None);
                    state.content = content_hash(&probe);
                    let mut app = start(w, h, ambi, Some(&state));
                    let case = format!("{w}×{h} {ambi:?} {block} {offset} {script:?} {focus:?}");
                    partial += usize::from(app.layout.is_partial());
                    let (first, top, percent) = (draw(&app), app.top, app.percent());
                    complete_layout(&mut app);
                    assert!(!app.layout.is_partial(), "{case}");
                    assert_eq!(app.top, top, "{case}");
                    assert_eq!(app.percent(), percent, "{case}");
                    assert_eq!(first, draw(&app), "{case}");
                    // The place is where the whole layout puts it: a
                    // session that finds it laid out already starts there.
                    let settings = Settings {
                        ambi,
                        ..Settings::default()
                    };
                    let mut whole = App::open(app.data.clone(), settings);
                    update(&mut whole, Action::Resize(w, h));
                    apply(&mut whole, &state, &state.content, false).expect("a place");
                    assert!(!whole.layout.is_partial(), "{case}");
                    assert_eq!(whole.top, top, "{case}");
                }
            }
        }
    }
    assert!(partial > 100, "{partial}: most first layouts are prefixes");
}

#[test]
fn any_action_but_a_resize_has_the_whole_layout() {
    // 望花區's report at 80×24: the first frame's layout is a prefix; a
    // resize keeps one (laid out again at the new width); a key, even one
    // that moves nothing, lays out the rest, and G reaches the end.
    let mut app = start(80, 24, AmbiWidth::Narrow, None);
    assert!(app.layout.is_partial());
    let first = app.layout.lines.len();
    update(&mut app, Action::Resize(100, 30));
    assert!(app.layout.is_partial());
    update(&mut app, Action::Up);
    assert!(!app.layout.is_partial());
    assert!(app.layout.lines.len() > 10 * first);
    update(&mut app, Action::Bottom);
    assert_eq!(app.percent(), 100);
    assert_eq!(app.top, app.max_top());
    // Another session at the same width gets the whole layout at once.
    let mut other = App::open(app.data.clone(), Settings::default());
    update(&mut other, Action::Resize(100, 30));
    assert!(!other.layout.is_partial());
}

#[test]
fn the_mouse_wheel_scrolls_the_whole_report_from_the_first_frame_on() {
    // The wheel scrolls without an action (no `update`): on a first frame's
    // prefix, four notches over 望花區's text go as far as on the whole
    // layout, not to the prefix's end; and after `s` (a prefix in the
    // simplified script) too.
    let keymap = Keymap::default();
    let wheel = |app: &mut App| {
        let r = app.reader_area();
        let (x, y) = (r.x + 2, r.y + 2);
        let notch = Input::Mouse(Mouse {
            action: MouseAction::Press,
            button: MouseButton::WheelDown,
            column: x,
            row: y,
            mods: Modifiers::NONE,
        });
        for _ in 0..4 {
            handle(app, &keymap, notch.clone());
        }
    };
    let mut first = start(80, 24, AmbiWidth::Narrow, None);
    assert!(first.layout.is_partial());
    let mut whole = start(80, 24, AmbiWidth::Narrow, None);
    complete_layout(&mut whole);
    wheel(&mut first);
    wheel(&mut whole);
    assert!(whole.top >= 8, "{}", whole.top);
    assert_eq!(first.top, whole.top);
    assert!(!first.layout.is_partial());
    let mut toggled = start(80, 24, AmbiWidth::Narrow, None);
    update(&mut toggled, Action::ToggleScript);
    assert!(toggled.layout.is_partial());
    wheel(&mut toggled);
    assert_eq!(toggled.top, whole.top);
}

#[test]
fn the_percentage_counts_characters_to_the_end_of_the_view() {
    // At the top of 望花區's report at 80×24, the view shows the title, the
    // occasion and the start of the opening: a few hundred of its about
    // 12,700 characters; at the end, all of them.
    let mut app = start(80, 24, AmbiWidth::Narrow, None);
    complete_layout(&mut app);
    let doc = app.doc();
    let total = doc.chars_total();
    assert!(total > 10_000, "{total}");
    let end = app.top + app.viewport();
    let last = app.layout.lines[..end]
        .iter()
        .rev()
        .find_map(|l| l.block.map(|b| (b, l.range.end)))
        .expect("text in view");
    let shown = doc.chars_through(last.0, last.1);
    assert_eq!(app.percent(), shown * 100 / total);
    assert!((1..5).contains(&app.percent()), "{}", app.percent());
    let mut before = app.percent();
    for _ in 0..60 {
        update(&mut app, Action::PageDown);
        assert!(app.percent() >= before);
        before = app.percent();
    }
    assert_eq!(app.percent(), 100);
}

/// Where glibc's static archive is installed, the binary is a static PIE
/// (`.cargo/static-bin`): no program interpreter (PT_INTERP), so no
/// dynamic loader mapping and binding libc, libm and libgcc_s before the
/// first frame, and still position-independent (ELF type ET_DYN), for
/// address-space layout randomisation.
#[cfg(all(
    target_os = "linux",
    target_env = "gnu",
    target_pointer_width = "64",
    target_endian = "little"
))]
#[test]
fn the_binary_starts_without_the_dynamic_loader() {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let installed = |file: &str| {
        std::process::Command::new(&cc)
            .arg(format!("-print-file-name={file}"))
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .is_some_and(|path| path.starts_with('/') && std::path::Path::new(&path).is_file())
    };
    let wrapped = std::env::var_os("RUSTC_WRAPPER").is_none();
    if !installed("libc.a") || !installed("rcrt1.o") || !wrapped {
        eprintln!("no static glibc, or no wrapper: linked dynamically, as static-bin says");
        return;
    }
    let elf = std::fs::read(env!("CARGO_BIN_EXE_report-explorer")).expect("the binary");
    let u16_at = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap());
    assert_eq!(&elf[..4], b"\x7fELF");
    assert_eq!(elf[4], 2, "a 64-bit ELF");
    const ET_DYN: u16 = 3;
    assert_eq!(u16_at(16), ET_DYN, "position-independent");
    let (phoff, phentsize, phnum) = (u64_at(32) as usize, u16_at(54) as usize, u16_at(56));
    const PT_INTERP: u32 = 3;
    let interp = (0..usize::from(phnum)).any(|i| u32_at(phoff + i * phentsize) == PT_INTERP);
    assert!(!interp, "the binary asks for a dynamic loader");
}

/// Where rustc's own LLD links the binary (Rust 1.90 on, x86_64 Linux), the
/// functions the reader runs before its first frame lie together, in the
/// order of `.cargo/startup-order.txt` (`.cargo/static-bin` passes it as
/// LLD's --symbol-ordering-file): their code is touched in a few page
/// faults rather than one for every 64 KB of a 5 MB text. Also that the
/// list is not stale: most of the names it gives are still in the binary
/// (a new toolchain mangles every name anew; `bash
/// .cargo/startup-order.sh` writes it again).
///
/// The names are the release build's (the profile is part of each name's
/// hash): the test checks the binary `REPORT_EXPLORER_RELEASE_BIN` names,
/// which `.ci/run` builds; without it, it has nothing to check.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
#[test]
fn the_startup_functions_are_laid_out_together() {
    let Some(bin) = std::env::var_os("REPORT_EXPLORER_RELEASE_BIN") else {
        eprintln!("no REPORT_EXPLORER_RELEASE_BIN: the list names the release build's functions");
        return;
    };
    let wrapped = std::env::var_os("RUSTC_WRAPPER").is_none();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let minor = std::process::Command::new(rustc)
        .arg("-vV")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            let release = text.lines().find_map(|l| l.strip_prefix("release: "))?;
            release.split('.').nth(1)?.parse::<u32>().ok()
        });
    let elf = std::fs::read(&bin).expect("the release binary");
    let sections = elf_sections(&elf);
    let comment = sections
        .iter()
        .find(|s| s.name == ".comment")
        .map(|s| String::from_utf8_lossy(&elf[s.offset..s.offset + s.size]).to_string())
        .unwrap_or_default();
    if !wrapped || minor.is_none_or(|m| m < 90) || !comment.contains("Linker: LLD") {
        eprintln!("not linked by rustc's LLD through static-bin: no ordering, as static-bin says");
        return;
    }
    let list = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.cargo/startup-order.txt"
    ))
    .expect("the list");
    let listed: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(listed.len() > 300, "{} names", listed.len());
    // The function symbols: name → (address, size).
    let symtab = sections
        .iter()
        .find(|s| s.kind == 2)
        .expect("a symbol table");
    let strtab = &sections[symtab.link];
    let mut functions = std::collections::HashMap::new();
    for at in (symtab.offset..symtab.offset + symtab.size).step_by(24) {
        let name_at = u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
        const STT_FUNC: u8 = 2;
        if elf[at + 4] & 0xf != STT_FUNC {
            continue;
        }
        let value = u64::from_le_bytes(elf[at + 8..at + 16].try_into().unwrap());
        let size = u64::from_le_bytes(elf[at + 16..at + 24].try_into().unwrap());
        let name = &elf[strtab.offset + name_at..];
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(0)];
        functions.insert(String::from_utf8_lossy(name).to_string(), (value, size));
    }
    let found: Vec<(u64, u64)> = listed
        .iter()
        .filter_map(|name| functions.get(*name).copied())
        .collect();
    assert!(
        found.len() * 10 >= listed.len() * 9,
        "only {} of the {} functions in .cargo/startup-order.txt are in the binary: \
         the list is stale, write it again with `bash .cargo/startup-order.sh`",
        found.len(),
        listed.len()
    );
    let start = found.iter().map(|&(a, _)| a).min().unwrap();
    let end = found.iter().map(|&(a, s)| a + s).max().unwrap();
    let code: u64 = found.iter().map(|&(_, s)| s).sum();
    // Together: the span they take is their code and its alignment, not
    // the megabytes of the whole text.
    assert!(
        end - start <= code + code / 4,
        "the startup functions span {} KB for {} KB of code: not laid out together",
        (end - start) / 1024,
        code / 1024
    );
}

/// A section of a 64-bit little-endian ELF file: its name, type, place in
/// the file and linked section.
#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
struct Section {
    name: String,
    kind: u32,
    offset: usize,
    size: usize,
    link: usize,
}

#[cfg(all(target_os = "linux", target_env = "gnu", target_arch = "x86_64"))]
fn elf_sections(elf: &[u8]) -> Vec<Section> {
    let u16_at = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    let (shoff, shentsize, shnum, shstrndx) = (u64_at(40), u16_at(58), u16_at(60), u16_at(62));
    let header = |i: usize| shoff + i * shentsize;
    let names = u64_at(header(shstrndx) + 24);
    (0..shnum)
        .map(|i| {
            let h = header(i);
            let name = &elf[names + u32_at(h) as usize..];
            let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(0)];
            Section {
                name: String::from_utf8_lossy(name).to_string(),
                kind: u32_at(h + 4),
                offset: u64_at(h + 24),
                size: u64_at(h + 32),
                link: u32_at(h + 40) as usize,
            }
        })
        .collect()
}
