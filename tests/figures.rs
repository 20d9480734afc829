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
    update(&mut a, Action::Down);
    update(&mut a, Action::Down);
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

#[test]
fn enter_on_an_indicator_jumps_to_its_sentence() {
    let mut a = app(80, 24);
    focus_figures(&mut a);
    update(&mut a, Action::Down);
    update(&mut a, Action::Down);
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
