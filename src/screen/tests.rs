use super::*;
use crate::text::AmbiWidth;
use crate::ui::cells::put_str;
use ratatui::style::{Color, Style};

fn text(s: &[u8]) -> String {
    String::from_utf8_lossy(s).into_owned()
}

fn buffer(w: u16, h: u16, rows: &[&str], ambi: AmbiWidth) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    for (y, row) in rows.iter().enumerate() {
        put_str(&mut buf, 0, y as u16, row, Style::new(), w, ambi);
    }
    buf
}

#[test]
fn no_move_after_a_wide_character_and_nothing_to_end_a_frame() {
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let first = w.frame(&buffer(12, 2, &["望花區", ""], AmbiWidth::Narrow), &[]);
    assert_eq!(text(&first), "\x1b[?25l\x1b[m\x1b[r\x1b[H\x1b[2J望花區");
    // A changed hanzi in the middle: one move, the hanzi; the next frame
    // the same: nothing at all.
    let next = buffer(12, 2, &["望華區"], AmbiWidth::Narrow);
    assert_eq!(text(&w.frame(&next, &[])), "\x1b[3G華");
    assert_eq!(text(&w.frame(&next, &[])), "");
}

#[test]
fn a_blank_row_end_is_erased_and_moves_are_short() {
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    w.frame(
        &buffer(20, 3, &["望花區人民政府工作", "報告"], AmbiWidth::Narrow),
        &[],
    );
    let out = w.frame(&buffer(20, 3, &["望花", "報告"], AmbiWidth::Narrow), &[]);
    assert_eq!(text(&out), "\x1b[A\x1b[K");
    // Two cells right on the same row: a short relative move, or the
    // cell written again.
    let out = w.frame(
        &buffer(20, 3, &["望花", "報告人民"], AmbiWidth::Narrow),
        &[],
    );
    assert_eq!(text(&out), "\n人民");
    let out = w.frame(
        &buffer(20, 3, &["望花", "報告人民", "工"], AmbiWidth::Narrow),
        &[],
    );
    assert_eq!(text(&out), "\r\n工");
}

#[test]
fn styles_change_by_what_differs() {
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
    put_str(
        &mut buf,
        0,
        0,
        "望",
        Style::new().fg(Color::Cyan),
        10,
        AmbiWidth::Narrow,
    );
    put_str(
        &mut buf,
        2,
        0,
        "花",
        Style::new().fg(Color::Cyan).bg(Color::Blue),
        10,
        AmbiWidth::Narrow,
    );
    let out = text(&w.frame(&buf, &[]));
    assert!(out.ends_with("\x1b[36m望\x1b[44m花"), "{out:?}");
}

#[test]
fn an_ambiguous_character_in_wide_mode_takes_two_columns() {
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let out = w.frame(&buffer(12, 1, &["牢“拼搶”工"], AmbiWidth::Wide), &[]);
    assert!(
        text(&out).ends_with("\x1b[2J牢“拼搶”工"),
        "{:?}",
        text(&out)
    );
}

#[test]
fn a_scroll_sends_a_region_and_the_new_row() {
    let rows: Vec<String> = [
        "望花區",
        "人民政府",
        "工作報告",
        "各位代表",
        "現在我代表",
        "區人民政府",
        "向大會報告",
        "工作請予",
        "審議并請",
        "區政協委員",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let r: Vec<&str> = rows[0..5]
        .iter()
        .map(String::as_str)
        .chain(["狀態"])
        .collect();
    w.frame(&buffer(20, 6, &r, AmbiWidth::Narrow), &[]);
    let r: Vec<&str> = rows[1..6]
        .iter()
        .map(String::as_str)
        .chain(["狀態"])
        .collect();
    let r_down = r.clone();
    let area = Rect::new(0, 0, 20, 5);
    let out = w.frame(
        &buffer(20, 6, &r, AmbiWidth::Narrow),
        &[Scroll { area, rows: 1 }],
    );
    // The region is left set: the moves keep clear of its bottom.
    assert_eq!(text(&out), "\x1b[1;5r\x1b[S\x1b[5H區人民政府");
    // Back up.
    let r: Vec<&str> = rows[0..5]
        .iter()
        .map(String::as_str)
        .chain(["狀態"])
        .collect();
    let out = w.frame(
        &buffer(20, 6, &r, AmbiWidth::Narrow),
        &[Scroll { area, rows: -1 }],
    );
    // Back up: the same region, not sent again.
    assert_eq!(text(&out), "\x1b[T\x1b[H望花區");
    // After a resize (to the same size) it is sent again.
    w.resized();
    let out = w.frame(
        &buffer(20, 6, &r_down, AmbiWidth::Narrow),
        &[Scroll { area, rows: 1 }],
    );
    assert_eq!(text(&out), "\x1b[1;5r\x1b[S\x1b[5H區人民政府");
    // Leaving: the region reset.
    assert_eq!(text(&w.finish()), "\x1b[r");
}

#[test]
fn an_emoji_terminals_disagree_on_is_drawn_after_its_blank() {
    // ❤️: its hidden cell blanked first, then the emoji, then a move,
    // whatever width the terminal gives it.
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let out = w.frame(&buffer(8, 1, &["晴❤️好"], AmbiWidth::Narrow), &[]);
    assert!(
        text(&out).ends_with("晴  \x08\x08❤\u{fe0f}\x1b[1;5H好"),
        "{:?}",
        text(&out)
    );
}

#[test]
fn colours_come_as_deep_as_the_terminal_has() {
    let mut buf = Buffer::empty(Rect::new(0, 0, 12, 2));
    let cyan = Style::new()
        .fg(Color::Cyan)
        .add_modifier(ratatui::style::Modifier::BOLD);
    put_str(&mut buf, 0, 0, "望花區", cyan, 12, AmbiWidth::Narrow);
    put_str(
        &mut buf,
        6,
        0,
        "29.8%",
        Style::new().fg(Color::Indexed(245)),
        12,
        AmbiWidth::Narrow,
    );
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let out = text(&w.frame(&buf, &[]));
    assert!(out.ends_with("\x1b[1;36m望花區\x1b[0;90m29.8%"), "{out:?}");
    assert!(!out.contains("38;5;"));
    let mut w = Writer::new(ColorDepth::Ansi256, Caps::default());
    assert!(text(&w.frame(&buf, &[])).contains("\x1b[0;38;5;245m29.8%"));
}

/// Two bordered panes side by side, as the reader draws them: a grey
/// border and a cyan one, each around Chinese text, row after row.
fn two_panes(w: u16, h: u16) -> Buffer {
    use ratatui::widgets::{Block, Borders, Widget};
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    let left = Rect::new(0, 0, w / 3, h);
    let right = Rect::new(w / 3, 0, w - w / 3, h);
    let grey = Style::new().fg(Color::Indexed(245));
    let cyan = Style::new().fg(Color::Indexed(38));
    Block::new()
        .borders(Borders::ALL)
        .border_style(grey)
        .render(left, &mut buf);
    Block::new()
        .borders(Borders::ALL)
        .border_style(cyan)
        .render(right, &mut buf);
    let text = "即將過去的一年面對諸多超預期困難和挑戰區政府在市委市政府和區委的堅強領導下";
    for y in 1..h - 1 {
        let skip = usize::from(y) % 7;
        let row: String = text.chars().skip(skip).collect();
        put_str(
            &mut buf,
            2,
            y,
            &row,
            Style::new(),
            left.width - 3,
            AmbiWidth::Narrow,
        );
        put_str(
            &mut buf,
            right.x + 1,
            y,
            &row,
            Style::new(),
            right.width - 2,
            AmbiWidth::Narrow,
        );
    }
    buf
}

#[test]
fn painting_by_pen_is_cheaper_for_bordered_panes_and_shows_the_buffer() {
    let buf = two_panes(80, 24);
    let target = Grid::from_buffer(&buf, ColorDepth::Ansi256);
    let blank = || State {
        grid: Grid::blank(80, 24),
        cursor: Some((0, 0)),
        pen: Some(Pen::RESET),
        region: None,
        region_sure: true,
        lrmm: false,
    };
    let (mut rows, mut pens) = (blank(), blank());
    let (mut by_rows, mut by_pen) = (Vec::new(), Vec::new());
    paint(&mut rows, &target, ColorDepth::Ansi256, &mut by_rows);
    paint_by_pen(&mut pens, &target, ColorDepth::Ansi256, false, &mut by_pen);
    assert!(
        by_pen.len() + 200 < by_rows.len(),
        "by pen {} bytes, by rows {}",
        by_pen.len(),
        by_rows.len()
    );
    // Side borders followed down their columns (LF, BS): cheaper still.
    let mut cols = blank();
    let mut by_columns = Vec::new();
    paint_by_pen(
        &mut cols,
        &target,
        ColorDepth::Ansi256,
        true,
        &mut by_columns,
    );
    assert!(by_columns.len() + 60 < by_pen.len(), "{}", by_columns.len());
    assert!(text(&by_columns).contains("│\n\x08│"));
    // Each pen is sent once.
    let sgr = text(&by_pen).matches("38;5;").count();
    assert_eq!(sgr, 2, "{}", text(&by_pen));
    // The writer sends the shorter (after its 19 bytes that clear the
    // screen), and a terminal shows the buffer.
    let mut w = Writer::new(ColorDepth::Ansi256, Caps::default());
    let out = w.frame(&buf, &[]);
    assert_eq!(out.len(), by_columns.len() + 19);
    let mut vt = vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    );
    vt.process(&out);
    for y in 0..24 {
        let row: String = (0..80)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<String>()
            .replace(' ', "");
        let shown = vt.screen().contents_between(y, 0, y, 80).replace(' ', "");
        assert_eq!(shown, row, "row {y}");
        let cell = vt.screen().cell(y, 0).unwrap();
        assert_eq!(cell.fgcolor(), vt100::Color::Idx(245), "row {y}");
    }
}

#[test]
fn sgr_bytes_counts_only_the_pen_changes() {
    let out = "\x1b[1;36m望花區\x1b[m人民\x1b[3C\x1b[2;5H政府".as_bytes();
    assert_eq!(super::sgr_bytes(out), 7 + 3);
    assert_eq!(super::sgr_bytes("報告".as_bytes()), 0);
}

#[test]
fn no_scroll_between_margins_one_column_wide() {
    // DECSLRM with the left margin equal to the right one is ignored by
    // terminals, and SU would scroll the whole width.
    let mut w = Writer::new(ColorDepth::Ansi16, Caps { margins: true });
    let rows = ["望花區", "人民政府", "工作報告", "各位代表"];
    w.frame(&buffer(12, 4, &rows, AmbiWidth::Narrow), &[]);
    let next = ["望花區", "人民政府", "工作報告", "各位代"];
    let area = Rect::new(11, 0, 1, 4);
    let out = text(&w.frame(
        &buffer(12, 4, &next, AmbiWidth::Narrow),
        &[Scroll { area, rows: 1 }],
    ));
    assert!(!out.contains("?69h") && !out.contains('S'), "{out:?}");
}

#[test]
fn a_cluster_a_terminal_may_draw_wider_is_followed_by_an_absolute_move() {
    // ⌚︎ (U+231A U+FE0E) is one cell as laid out, two on xterm (the
    // watch alone is wide): 花 after it is not written where the cursor
    // would be on one of them only.
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let out = text(&w.frame(
        &buffer(10, 1, &["望⌚\u{fe0e}花區"], AmbiWidth::Narrow),
        &[],
    ));
    assert!(out.ends_with("望⌚\u{fe0e}\x1b[1;4H花區"), "{out:?}");
    // At the last column, autowrap is off while it is written: no wrap
    // into the next row, nor a scroll on the last.
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let rows = ["望花區人⌚\u{fe0e}", "人民政府工作報告"];
    let out = text(&w.frame(&buffer(9, 2, &rows, AmbiWidth::Narrow), &[]));
    assert!(out.contains("\x1b[?7l⌚\u{fe0e}\x1b[?7h"), "{out:?}");
    let family = "👨\u{200d}👩\u{200d}👧";
    let mut w = Writer::new(ColorDepth::Ansi16, Caps::default());
    let rows = ["望花區", &format!("人民政{family}")];
    let out = text(&w.frame(&buffer(8, 2, &rows, AmbiWidth::Narrow), &[]));
    assert!(
        out.contains(&format!("\x1b[?7l{family}\x1b[?7h")),
        "{out:?}"
    );
}

mod model;
