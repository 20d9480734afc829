//! The figures pane and the `figures` command.

mod common;
use common::{run, text_of};

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use report_explorer::app::figures::{rows, View};
use report_explorer::app::{update, Action, App, Pane, Settings};
use report_explorer::content::load_embedded;
use report_explorer::figures::Dimension;
use report_explorer::keymap::Keymap;
use report_explorer::text::AmbiWidth;
use report_explorer::ui;

fn app(w: u16, h: u16) -> App {
    let settings = Settings {
        ambi: AmbiWidth::Narrow,
        color: false,
        ..Settings::default()
    };
    let mut app = App::new(load_embedded().unwrap(), settings);
    update(&mut app, Action::Resize(w, h));
    app
}

fn focus_figures(a: &mut App) {
    while a.focus != Pane::Figures {
        update(a, Action::FocusNext);
    }
}

fn screen(a: &App) -> String {
    let keymap = Keymap::default();
    let mut t = Terminal::new(TestBackend::new(a.area.width, a.area.height)).unwrap();
    t.draw(|f| ui::render(a, &keymap, f)).unwrap();
    text_of(t.backend().buffer())
}

#[test]
fn the_chart_at_80x24_and_120x36() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    let s = screen(&a);
    assert!(s.contains("數字 Figures") && s.contains("-29.8%"), "{s}");
    insta::assert_snapshot!("chart_80x24", s);
    let mut a = app(120, 36);
    focus_figures(&mut a);
    to_row(&mut a, 4);
    insta::assert_snapshot!("chart_120x36", screen(&a));
}

#[test]
fn the_table_at_80x24_and_120x36() {
    let mut a = app(120, 36);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    update(&mut a, Action::CycleDimension);
    update(&mut a, Action::CycleSort);
    insta::assert_snapshot!("table_money_120x36", screen(&a));
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    insta::assert_snapshot!("table_80x24", screen(&a));
}

#[test]
fn negative_values_draw_left_of_zero() {
    let a = app(120, 36);
    let theme = ui::theme::Theme::new(false, AmbiWidth::Narrow);
    let i = &a.report().indicators[2];
    let series = ui::figures::Series {
        label: "24",
        glyph: '█',
        color: ratatui::style::Color::Blue,
    };
    let line = ui::figures::bar(&theme, series, i.result.as_ref(), &i.name, 29.8, 40);
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let bar = text.find('█').unwrap();
    let axis = text.find('│').unwrap();
    assert!(bar < axis, "{text}");
    assert!(text.ends_with("-29.8%"), "{text}");
    assert!(
        report_explorer::text::str_width(&text, AmbiWidth::Narrow) <= 40,
        "{text}"
    );
}

/// The chart's selection moves over each indicator's 2024 result and
/// 2025 target in turn (地區生產總值 24, 25, 規模以上工業增加值 24, 25,
/// 固定資產投資 24…).
fn to_row(a: &mut App, downs: usize) {
    update(a, Action::Top);
    for _ in 0..downs {
        update(a, Action::Down);
    }
}

#[test]
fn enter_on_an_indicator_jumps_to_its_sentence() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    to_row(&mut a, 4);
    assert_eq!((a.figures.indicator, a.figures.target), (2, false));
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    let (b, r) = a.highlight.clone().unwrap();
    assert_eq!(a.doc().blocks[b].id, "part1.intro.2");
    assert_eq!(&a.doc().blocks[b].text[r], "固定資產投資下降29.8%");
    update(&mut a, Action::Back);
    assert_eq!(a.focus, Pane::Figures);
}

#[test]
fn the_table_sorts_filters_and_jumps_with_the_number_marked() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    assert_eq!(a.figures.view, View::Table);
    assert_eq!(rows(&a).len(), 188);
    update(&mut a, Action::CycleDimension);
    assert_eq!(a.figures.dimension, Some(Dimension::Money));
    update(&mut a, Action::CycleSort);
    let money = rows(&a);
    assert!(money
        .iter()
        .all(|&i| a.quantities()[i].dimension == Dimension::Money));
    let first = &a.quantities()[money[0]];
    assert_eq!(first.text, "126.1億元", "largest money first");
    let values: Vec<f64> = money
        .iter()
        .map(|&i| a.quantities()[i].normalized)
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
    update(&mut a, Action::CycleSection);
    let section = a.figures.section.unwrap();
    assert_eq!(a.doc().blocks[section].id, "part1.s1");
    assert!(rows(&a)
        .iter()
        .all(|&i| a.quantities()[i].id.starts_with("part1.s1.")));
    update(&mut a, Action::Open);
    let (b, r) = a.highlight.clone().unwrap();
    assert_eq!(&a.doc().blocks[b].text[r], "2億元");
}

#[test]
fn quantities_can_be_marked_in_the_reader() {
    let mut a = app(80, 24);
    update(&mut a, Action::JumpTo("part1.s1.2".into()));
    update(&mut a, Action::ToggleInline);
    let theme = ui::theme::Theme::new(false, AmbiWidth::Narrow);
    let lines: Vec<_> = (a.top..a.top + 5)
        .map(|i| ui::reader::line(&a, &theme, i))
        .collect();
    let marked: Vec<String> = lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.style == theme.figure())
        .map(|s| s.content.to_string())
        .collect();
    assert!(marked.contains(&"近300萬元".to_string()), "{marked:?}");
    // In simplified characters too.
    update(&mut a, Action::ToggleScript);
    let lines: Vec<_> = (a.top..a.top + 5)
        .map(|i| ui::reader::line(&a, &theme, i))
        .collect();
    assert!(lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .any(|s| s.style == theme.figure() && s.content == "近300万元"));
}

#[test]
fn the_figures_command_exports() {
    let (code, stdout, _) = run(&["figures"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("固定資產投資")
            && stdout.contains("下降29.8%（降幅較上半年收窄13.5個百分點）"),
        "{stdout}"
    );
    let (code, csv, _) = run(&["figures", "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(csv.lines().count(), 189);
    let (_, json, _) = run(&["figures", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let q = v["quantities"].as_array().unwrap();
    let item = q.iter().find(|x| x["text"] == "8860余萬元").unwrap();
    assert_eq!(item["normalized"], 88_600_000.0);
    assert_eq!(item["base_unit"], "yuan");
    assert_eq!(item["dimension"], "money");
    assert_eq!(item["id"], "part1.s5.1");
}

#[test]
fn enter_on_a_2025_row_jumps_to_the_target_marked() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    to_row(&mut a, 5);
    assert_eq!((a.figures.indicator, a.figures.target), (2, true));
    let s = screen(&a);
    // The cursor stands before the target's row, under 固定資產投資.
    let rows: Vec<&str> = s.lines().collect();
    let name = rows
        .iter()
        .position(|l| l.contains("固定資產投資"))
        .unwrap();
    assert!(
        rows[name + 2].contains("▸25 ") && rows[name + 2].contains("+10%"),
        "{s}"
    );
    assert!(!rows[name + 1].contains('▸'), "{s}");
    insta::assert_snapshot!("chart_2025_row_80x24", s);
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Pane::Reader);
    let (b, r) = a.highlight.clone().unwrap();
    assert_eq!(a.doc().blocks[b].id, "part2.intro.3");
    assert_eq!(&a.doc().blocks[b].text[r], "固定資產投資增長10%");
    // Back returns to the chart with the same row selected.
    update(&mut a, Action::Back);
    assert_eq!(a.focus, Pane::Figures);
    assert_eq!((a.figures.indicator, a.figures.target), (2, true));
    // A target stated in words (地區生產總值增速高于全市平均水平), in
    // simplified characters too.
    update(&mut a, Action::ToggleScript);
    to_row(&mut a, 1);
    update(&mut a, Action::Open);
    let (b, r) = a.highlight.clone().unwrap();
    assert_eq!(a.doc().blocks[b].id, "part2.intro.3");
    assert_eq!(
        &a.doc().blocks[b].text[r],
        "地区生产总值增速高于全市平均水平"
    );
}

#[test]
fn the_chart_skips_rows_the_report_does_not_state() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::Bottom);
    // 城鎮居民人均可支配收入 has a result in words and no target.
    let last = a.report().indicators.len() - 1;
    assert_eq!(a.report().indicators[last].name, "城鎮居民人均可支配收入");
    assert_eq!((a.figures.indicator, a.figures.target), (last, false));
    update(&mut a, Action::Down);
    assert_eq!((a.figures.indicator, a.figures.target), (last, false));
    update(&mut a, Action::Up);
    assert_eq!((a.figures.indicator, a.figures.target), (last - 1, true));
    update(&mut a, Action::Top);
    update(&mut a, Action::Up);
    assert_eq!((a.figures.indicator, a.figures.target), (0, false));
    let rows = report_explorer::app::figures::chart_rows(&a);
    assert_eq!(rows.len(), 2 * a.report().indicators.len() - 1);
}

/// The table's rows as drawn, below its fixed lines (`fixed` of them).
fn table_rows(s: &str, fixed: usize) -> Vec<String> {
    s.lines()
        .skip(1 + fixed)
        .take_while(|l| !l.starts_with('└'))
        .map(|l| l.trim_matches('│').to_string())
        .collect()
}

#[test]
fn the_zoomed_table_at_80x24_shows_every_column() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    update(&mut a, Action::ToggleZoom);
    assert_eq!(
        a.screen().figures,
        Some(ratatui::layout::Rect::new(0, 0, 80, 23))
    );
    let s = screen(&a);
    insta::assert_snapshot!("table_zoomed_80x24", s);
    let lines: Vec<&str> = s.lines().collect();
    assert!(
        lines[0].contains("數字 Figures") && lines[0].contains("zoomed (z)"),
        "{s}"
    );
    assert!(
        lines[1].contains("sort: in order (o) · dimension: all (d) · section: all (c)"),
        "{s}"
    );
    for label in [
        "as written",
        "value",
        "unit",
        "qual",
        "base",
        "dimension",
        "section",
    ] {
        assert!(lines[2].contains(label), "{label}: {s}");
    }
    let rows = table_rows(&s, 2);
    assert_eq!(rows.len(), 19);
    // 近300萬元: every column, the qualifier 近 in its own, the section
    // by its title cut with "…".
    let near = rows.iter().find(|r| r.starts_with("近300萬元")).unwrap();
    let cells: Vec<&str> = near.split(' ').filter(|c| !c.is_empty()).collect();
    assert_eq!(
        cells,
        [
            "近300萬元",
            "300",
            "萬元",
            "近",
            "3m",
            "yuan",
            "money",
            "（一）堅定不移…"
        ]
    );
    // 固定資產投資下降29.8%: the text, value, unit, base value and
    // dimension, then the part's title (the indicators stand in its
    // intro).
    let fall = rows.iter().find(|r| r.starts_with("29.8%")).unwrap();
    for cell in ["-29.8", "%", "-29.8 %", "percent change", "2024年工作回顧"] {
        assert!(fall.contains(cell), "{cell}: {fall}");
    }
    for r in &rows {
        assert_eq!(
            report_explorer::text::str_width(r, AmbiWidth::Narrow),
            78,
            "{r}"
        );
    }
}

#[test]
fn the_section_column_shows_titles_never_ids() {
    let mut a = app(200, 50);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    update(&mut a, Action::ToggleZoom);
    let all = a.quantities().len();
    let mut seen = std::collections::BTreeSet::new();
    // Page through every row: each section cell is a title.
    let mut row = 0;
    while row < all {
        a.figures.row = row;
        let s = screen(&a);
        for r in table_rows(&s, 2) {
            assert!(
                !["part1.", "part2.", "list1", "list2", "glossary.", "opening"]
                    .iter()
                    .any(|id| r.contains(id)),
                "{r}"
            );
            let cells: Vec<&str> = r.split("  ").filter(|c| !c.trim().is_empty()).collect();
            if let Some(last) = cells.last() {
                seen.insert(last.trim().to_string());
            }
        }
        row += 40;
    }
    for title in [
        "2024年工作回顧",
        "（一）堅定不移調結構、促轉型，三次產業協同發力",
        "2024年，我們承諾的10件民生實事已經全部兌現",
        "名詞解釋",
    ] {
        assert!(seen.contains(title), "{title}: {seen:?}");
    }
    // The core's name for a block, the same the column shows.
    use report_explorer::app::figures::section_name;
    let name = |id: &str| section_name(&a, a.doc().block_of(id).unwrap());
    assert_eq!(name("part1.intro.2"), "2024年工作回顧");
    assert_eq!(
        name("part1.s1.1"),
        "（一）堅定不移調結構、促轉型，三次產業協同發力"
    );
    assert_eq!(name("list2.9"), "2025年，我們將繼續辦好10件民生實事");
    assert_eq!(name("glossary.12"), "名詞解釋");
    // The section filter names the section too.
    update(&mut a, Action::CycleSection);
    let s = screen(&a);
    assert!(s.contains("section: （一）堅定不移調結構"), "{s}");
}

#[test]
fn narrow_tables_show_the_most_useful_columns_and_whole_header_words() {
    // The side pane at 80×24, 22 cells inside: the text and its value in
    // base units, under a header on two lines that cuts no word.
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    let s = screen(&a);
    let inside = |l: &str| {
        l.rsplit_once("││")
            .map(|(_, r)| r.trim_end_matches('│').to_string())
    };
    let lines: Vec<String> = s.lines().filter_map(inside).collect();
    assert_eq!(lines[0].trim_end(), "in order (o) · all (d)", "{s}");
    assert_eq!(lines[1].trim_end(), "all (c) · v: chart", "{s}");
    assert!(lines[2].starts_with("as written base"), "{s}");
    for row in ["近300萬元  3m yuan", "13.5個百…  13.5 pp"] {
        assert!(lines.iter().any(|l| l.starts_with(row)), "{row}: {s}");
    }
    // At every width, every line fits and the header keeps its keys.
    for w in [20, 30, 45, 59, 60, 100, 120, 160, 200] {
        let mut a = app(w, 24);
        focus_figures(&mut a);
        update(&mut a, Action::ToggleView);
        let s = screen(&a);
        assert!(s.contains("(o)") && s.contains("(d)"), "{w}: {s}");
        for l in s.lines() {
            assert_eq!(
                report_explorer::text::str_width(l, AmbiWidth::Narrow),
                usize::from(w)
            );
        }
    }
    // From 200 columns the side pane shows the dimension too.
    let mut a = app(200, 40);
    focus_figures(&mut a);
    update(&mut a, Action::ToggleView);
    let s = screen(&a);
    assert!(s.contains("% change") && s.contains("（一）堅定不"), "{s}");
}
