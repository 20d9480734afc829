//! The figures table over a report of 20,000 paragraphs (issue 12): what
//! it shows on its first screen, after `j`, and after the sort and the
//! filters change, is the right rows, with their values and the names of
//! their sections; and each block's section is found for the first and
//! last paragraph of every section. Behaviour only: no clock is read.

mod common;
use common::text_of;

use std::sync::{Arc, OnceLock};

use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;
use report_explorer::app::figures::{rows, section_name, section_of};
use report_explorer::app::{update, Action, App, Pane, Settings};
use report_explorer::content::source::MemorySource;
use report_explorer::data::ReportData;
use report_explorer::figures::export::human;
use report_explorer::figures::Dimension;
use report_explorer::keymap::Keymap;
use report_explorer::text::script::Script;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

/// Paragraphs in each section, and the sections: (part, number, title).
const PER_SECTION: usize = 5_000;
const SECTIONS: [(usize, usize, &str); 4] = [
    (1, 1, "農業發展穩中有進"),
    (1, 2, "工業升級賦能增效"),
    (2, 1, "消費活力充分釋放"),
    (2, 2, "民生保障持續加強"),
];
const PARTS: [&str; 2] = ["2024年工作回顧", "2025年工作安排"];
const INTRO: &str = "全區投資增長5%。";
const CLOSING: &str = "全年完成投資3億元。";

/// The rise stated by paragraph `k` (1 to 89, so that many repeat).
fn rise(k: usize) -> usize {
    k % 89 + 1
}

/// Paragraph `k` of the report (from 1): two quantities, an area that
/// names the paragraph (`k`.5萬畝) and a rise.
fn paragraph(k: usize) -> String {
    format!("建成高標準農田{k}.5萬畝，投資增長{}%。", rise(k))
}

/// A report of 20,000 paragraphs in four sections of two parts, with an
/// intro and a closing paragraph in the first part.
fn files() -> Vec<(String, Vec<u8>)> {
    let report = "id: scale-20k\ntitle: 二萬段報告\noccasion: 2024年12月28日在大會上\n\
                  speaker: 叢陽\nspeaker_title: 區長\ndate: 2024-12-28\nsalutation: 各位代表：\n\
                  parts:\n- part-1.yaml\n- part-2.yaml\n";
    let mut out = vec![("report.yaml".to_string(), report.as_bytes().to_vec())];
    let mut k = 0;
    for (p, title) in PARTS.iter().enumerate() {
        let p = p + 1;
        let mut y = format!("id: part{p}\nnumber: {p}\ntitle: {title}\n");
        if p == 1 {
            y += &format!("intro:\n- id: part1.intro.1\n  text: {INTRO}\n");
        }
        y += "sections:\n";
        for &(_, s, title) in SECTIONS.iter().filter(|(sp, _, _)| *sp == p) {
            y += &format!("- id: part{p}.s{s}\n  number: {s}\n  title: {title}\n  paragraphs:\n");
            for n in 1..=PER_SECTION {
                k += 1;
                y += &format!("  - id: part{p}.s{s}.{n}\n    text: {}\n", paragraph(k));
            }
        }
        if p == 1 {
            y += &format!("closing:\n- id: part1.closing.1\n  text: {CLOSING}\n");
        }
        out.push((format!("part-{p}.yaml"), y.into_bytes()));
    }
    out
}

/// The report's shared data, built once for every test here.
fn data() -> Arc<ReportData> {
    static DATA: OnceLock<Arc<ReportData>> = OnceLock::new();
    DATA.get_or_init(|| {
        let source = MemorySource {
            label: "scale".into(),
            files: files(),
        };
        let report = report_explorer::content::load(&source).expect("the report loads");
        Arc::new(ReportData::new(report))
    })
    .clone()
}

/// One row the table should show: the quantity as written, its value,
/// dimension, section's name and paragraph.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    text: String,
    value: f64,
    dimension: Dimension,
    section: String,
    id: String,
}

/// Every quantity of the report, in reading order, as the generator wrote
/// it (not as the program found it).
fn expected() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let row = |text: String, value, dimension, section: &str, id: String| Row {
            text,
            value,
            dimension,
            section: section.to_string(),
            id,
        };
        let mut out = vec![row(
            "5%".into(),
            5.0,
            Dimension::PercentChange,
            PARTS[0],
            "part1.intro.1".into(),
        )];
        let mut k = 0;
        for (i, &(p, s, title)) in SECTIONS.iter().enumerate() {
            if i == 2 {
                out.push(row(
                    "3億元".into(),
                    3.0,
                    Dimension::Money,
                    PARTS[0],
                    "part1.closing.1".into(),
                ));
            }
            let label = ["（一）", "（二）"][s - 1];
            let section = format!("{label}{title}");
            for n in 1..=PER_SECTION {
                k += 1;
                let id = format!("part{p}.s{s}.{n}");
                out.push(row(
                    format!("{k}.5萬畝"),
                    k as f64 + 0.5,
                    Dimension::Area,
                    &section,
                    id.clone(),
                ));
                let r = rise(k);
                out.push(row(
                    format!("{r}%"),
                    r as f64,
                    Dimension::PercentChange,
                    &section,
                    id,
                ));
            }
        }
        out
    })
}

/// A session on the shared report, its figures pane zoomed to the whole
/// screen and showing the table.
fn table_app(script: Script) -> App {
    let settings = Settings {
        ambi: AmbiWidth::Narrow,
        color: false,
        script,
        ..Settings::default()
    };
    let mut app = App::open(data(), settings);
    update(&mut app, Action::Resize(200, 50));
    while app.focus != Pane::Figures {
        update(&mut app, Action::FocusNext);
    }
    update(&mut app, Action::ToggleView);
    update(&mut app, Action::ToggleZoom);
    app
}

fn screen(app: &App) -> String {
    drawn(app).0
}

/// The screen as text, and which of the table's rows (counted from the
/// first below the column labels) are drawn selected (reversed).
fn drawn(app: &App) -> (String, Vec<usize>) {
    let keymap = Keymap::default();
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).unwrap();
    t.draw(|f| ui::render(app, &keymap, f)).unwrap();
    let buf = t.backend().buffer();
    let selected = (3..app.area.height.saturating_sub(2))
        .filter(|&y| buf[(1, y)].modifier.contains(Modifier::REVERSED))
        .map(|y| usize::from(y - 3))
        .collect();
    (text_of(buf), selected)
}

/// The table's rows as drawn, below its header and column labels.
fn drawn_rows(s: &str) -> Vec<String> {
    s.lines()
        .skip(3)
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').trim_end().to_string())
        .collect()
}

/// Whether a drawn row shows `want`: its text first, then its value, its
/// dimension, and its section's name last (never cut at this width).
fn shows(drawn: &str, want: &Row) -> bool {
    let cells: Vec<&str> = drawn.split_whitespace().collect();
    cells.first() == Some(&want.text.as_str())
        && cells.get(1) == Some(&human(want.value).as_str())
        && drawn.contains(&format!(" {} ", want.dimension.name()))
        && drawn.ends_with(&format!(" {}", want.section))
}

/// The screen shows a window of `want` that holds row `selected`: every
/// row drawn, in order, and the screen full.
fn assert_window(app: &App, want: &[Row], selected: usize) {
    let (s, reversed) = drawn(app);
    let drawn = drawn_rows(&s);
    assert_eq!(drawn.len(), 45.min(want.len()), "{s}");
    // The rows drawn are rows `first..` of those wanted, for a `first`
    // that keeps the selection in view (the same text and section may
    // repeat, so the whole window must match).
    let lowest = (selected + 1).saturating_sub(drawn.len());
    let highest = selected.min(want.len() - drawn.len());
    let first =
        (lowest..=highest).find(|&f| drawn.iter().zip(&want[f..]).all(|(d, w)| shows(d, w)));
    assert!(
        first.is_some(),
        "row {selected} and those around it are not drawn: {s}"
    );
    // The one row drawn selected is the selection.
    assert_eq!(first.map(|f| vec![selected - f]), Some(reversed), "{s}");
}

/// Enter on the selected row marks its quantity in its paragraph.
fn assert_opens(app: &App, want: &Row) {
    let mut app = app.clone();
    update(&mut app, Action::Open);
    let (block, range) = app.highlight.clone().expect("a quantity is marked");
    let b = &app.doc().blocks[block];
    assert_eq!(
        (b.id.as_str(), &b.text[range]),
        (want.id.as_str(), &*want.text)
    );
}

#[test]
fn each_section_is_found_for_its_first_and_last_paragraphs() {
    let app = table_app(Script::Traditional);
    let doc = app.doc();
    let block = |id: &str| doc.block_of(id).unwrap_or_else(|| panic!("{id}"));
    for (p, s, title) in SECTIONS {
        let head = block(&format!("part{p}.s{s}"));
        let label = ["（一）", "（二）"][s - 1];
        for n in [1, 2, PER_SECTION - 1, PER_SECTION] {
            let b = block(&format!("part{p}.s{s}.{n}"));
            assert_eq!(section_of(&app, b), Some(head), "part{p}.s{s}.{n}");
            assert_eq!(section_name(&app, b), format!("{label}{title}"));
        }
        // The heading stands in its own section.
        assert_eq!(section_of(&app, head), Some(head));
    }
    // An intro, a closing and the title stand in no section.
    for id in ["part1.intro.1", "part1.closing.1", "part1", "part2"] {
        assert_eq!(section_of(&app, block(id)), None, "{id}");
    }
    assert_eq!(
        section_name(&app, block("part1.closing.1")),
        "2024年工作回顧"
    );
    assert_eq!(section_of(&app, 0), None);
    assert_eq!(section_of(&app, doc.blocks.len()), None);
}

#[test]
fn the_program_finds_what_the_generator_wrote() {
    let app = table_app(Script::Traditional);
    let want = expected();
    assert_eq!(app.quantities().len(), want.len());
    assert_eq!(want.len(), 2 * 4 * PER_SECTION + 2);
    for (q, w) in app.quantities().iter().zip(want) {
        assert_eq!(
            (&q.text, q.value, q.dimension),
            (&w.text, w.value, w.dimension)
        );
        assert_eq!(q.id, w.id);
    }
    // In reading order: by block, then by place, none overlapping (the
    // reader finds a row's quantities by binary search on this).
    for pair in app.quantities().windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.block < b.block || (a.block == b.block && a.span.chars.end <= b.span.chars.start),
            "{} {}",
            a.text,
            b.text
        );
    }
}

#[test]
fn the_first_screen_and_after_j_show_the_right_rows() {
    let mut app = table_app(Script::Traditional);
    let want = expected();
    assert_eq!(rows(&app).len(), want.len());
    assert_window(&app, want, 0);
    assert!(screen(&app).contains("sort: in order (o) · dimension: all (d) · section: all (c)"));
    // j, one row at a time, through the first screens and past them.
    for n in 1..=120 {
        update(&mut app, Action::Down);
        assert_eq!(app.figures.row, n);
        if n % 7 == 0 || n > 100 {
            assert_window(&app, want, n);
        }
    }
    assert_opens(&app, &want[120]);
    // Into the second part, past the closing paragraph, and to the end.
    let closing = want.iter().position(|r| r.id == "part1.closing.1").unwrap();
    for at in [closing - 1, closing, closing + 1, want.len() - 1] {
        app.figures.row = at;
        assert_window(&app, want, at);
        assert_opens(&app, &want[at]);
    }
    update(&mut app, Action::Bottom);
    update(&mut app, Action::Down);
    assert_eq!(app.figures.row, want.len() - 1);
    assert_window(&app, want, want.len() - 1);
}

#[test]
fn a_sort_or_a_filter_changes_the_rows_shown() {
    let mut app = table_app(Script::Traditional);
    let all = expected();
    // Largest first: grouped by dimension (money, percent change, area),
    // the largest value first, reading order between equals.
    update(&mut app, Action::CycleSort);
    let mut want: Vec<Row> = all.to_vec();
    let order: Vec<usize> = {
        let mut o: Vec<usize> = (0..all.len()).collect();
        o.sort_by(|&a, &b| {
            let (x, y) = (&all[a], &all[b]);
            x.dimension
                .cmp(&y.dimension)
                .then(y.value.total_cmp(&x.value))
                .then(a.cmp(&b))
        });
        o
    };
    for (i, &k) in order.iter().enumerate() {
        want[i] = all[k].clone();
    }
    assert_eq!(want[0].text, "3億元");
    assert_eq!(want[1].text, "89%");
    assert_window(&app, &want, 0);
    for n in 1..=60 {
        update(&mut app, Action::Down);
        assert_eq!(app.figures.row, n);
    }
    assert_window(&app, &want, 60);
    assert_opens(&app, &want[60]);
    // The areas, largest first: 20000.5萬畝 in the last section.
    let areas = want
        .iter()
        .position(|r| r.dimension == Dimension::Area)
        .unwrap();
    app.figures.row = areas;
    assert_window(&app, &want, areas);
    assert_eq!(want[areas].text, "20000.5萬畝");
    assert_eq!(want[areas].section, "（二）民生保障持續加強");

    // Only money (the first dimension the report has): the one closing
    // quantity, in its part's name.
    update(&mut app, Action::CycleDimension);
    assert_eq!(app.figures.row, 0);
    assert_eq!(rows(&app).len(), 1);
    let s = screen(&app);
    assert!(s.contains("dimension: money (d)"), "{s}");
    let drawn = drawn_rows(&s);
    let closing = all.iter().find(|r| r.id == "part1.closing.1").unwrap();
    assert!(shows(&drawn[0], closing), "{s}");
    assert!(drawn[0].ends_with(" 2024年工作回顧"), "{s}");
    assert!(drawn[1..].iter().all(|r| r.trim().is_empty()), "{s}");

    // Percent change in the first section, largest first.
    update(&mut app, Action::CycleDimension);
    update(&mut app, Action::CycleSection);
    let s = screen(&app);
    assert!(s.contains("dimension: percent change (d)"), "{s}");
    assert!(s.contains("section: （一）農業發展穩中有進 (c)"), "{s}");
    let first: Vec<Row> = want
        .iter()
        .filter(|r| {
            r.dimension == Dimension::PercentChange && r.section == "（一）農業發展穩中有進"
        })
        .cloned()
        .collect();
    assert_eq!(first.len(), PER_SECTION);
    assert_eq!(rows(&app).len(), PER_SECTION);
    assert_eq!(first[0].text, "89%");
    assert_window(&app, &first, 0);
    for _ in 0..50 {
        update(&mut app, Action::Down);
    }
    assert_window(&app, &first, 50);
    assert_opens(&app, &first[50]);

    // Back to reading order: the section's rises as written.
    update(&mut app, Action::CycleSort);
    update(&mut app, Action::CycleSort);
    let in_order: Vec<Row> = all
        .iter()
        .filter(|r| {
            r.dimension == Dimension::PercentChange && r.section == "（一）農業發展穩中有進"
        })
        .cloned()
        .collect();
    assert_window(&app, &in_order, 0);
    app.figures.row = PER_SECTION - 1;
    assert_window(&app, &in_order, PER_SECTION - 1);
    assert_opens(&app, &in_order[PER_SECTION - 1]);
}

#[test]
fn the_table_follows_the_script() {
    // The same rows in simplified script: 萬畝 as 万亩, the sections'
    // titles simplified, the values the same.
    let mut app = table_app(Script::Traditional);
    assert_window(&app, expected(), 0);
    update(&mut app, Action::ToggleScript);
    assert_eq!(app.script(), Script::Simplified);
    let simplified: Vec<Row> = expected()
        .iter()
        .map(|r| Row {
            text: r.text.replace("萬畝", "万亩").replace("億", "亿"),
            section: r
                .section
                .replace("農業發展穩中有進", "农业发展稳中有进")
                .replace("工業升級賦能增效", "工业升级赋能增效")
                .replace("2024年工作回顧", "2024年工作回顾"),
            ..r.clone()
        })
        .collect();
    assert_window(&app, &simplified, 0);
    let s = screen(&app);
    assert!(s.contains("1.5万亩"), "{s}");
    assert!(s.contains("农业发展稳中有进"), "{s}");
    for _ in 0..30 {
        update(&mut app, Action::Down);
    }
    assert_window(&app, &simplified, 30);
}
