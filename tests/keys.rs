//! The keys less and vim taught people, through the one input step with
//! the bytes a terminal sends (issue 10, item 2 in part, and the help that
//! pages, item 4).

use std::time::{Duration, Instant};

use report_explorer::app::{handle, App, Effect, Settings};
use report_explorer::content::load_embedded;
use report_explorer::input::{Input, Parser};
use report_explorer::keymap::Keymap;

struct Term {
    app: App,
    keymap: Keymap,
    parser: Parser,
    now: Instant,
}

impl Term {
    fn new(w: u16, h: u16) -> Term {
        let mut t = Term {
            app: App::new(load_embedded().unwrap(), Settings::default()),
            keymap: Keymap::default(),
            parser: Parser::new(Duration::from_millis(20)),
            now: Instant::now(),
        };
        handle(
            &mut t.app,
            &t.keymap,
            Input::Resize {
                width: w,
                height: h,
            },
        );
        t
    }

    /// Send bytes as a terminal would; a lone Esc waits out its timeout.
    fn send(&mut self, bytes: &str) -> Vec<Effect> {
        self.now += Duration::from_millis(1);
        let mut inputs = self.parser.feed(bytes.as_bytes(), self.now);
        if let Some(d) = self.parser.deadline() {
            self.now = d;
            inputs.extend(self.parser.tick(d));
        }
        inputs
            .into_iter()
            .map(|i| handle(&mut self.app, &self.keymap, i))
            .collect()
    }

    fn block(&self) -> String {
        self.app.doc().blocks[self.app.current_block()]
            .id
            .to_string()
    }
}

#[test]
fn q_closes_the_innermost_overlay_and_quits_only_from_the_reading_view() {
    let mut t = Term::new(80, 24);
    // ] ] f q: the footnote closes, the reader stays.
    t.send("]]f");
    assert!(t.app.popup.is_some());
    assert_eq!(t.send("q"), [Effect::Redraw]);
    assert!(t.app.popup.is_none());
    assert_eq!(t.block(), "part1.s1");
    // Space Space ? q: the help closes.
    t.send("  ?");
    assert!(t.app.help.is_some());
    assert_eq!(t.send("q"), [Effect::Redraw]);
    assert!(t.app.help.is_none());
    // In the palette q is typed (招商q), Esc closes it.
    t.send("/招商q");
    assert_eq!(t.app.palette.as_ref().unwrap().query, "招商q");
    t.send("\x1b");
    assert!(t.app.palette.is_none());
    // Ctrl-C quits from inside the help; q quits from the reader.
    t.send("?");
    assert_eq!(t.send("\x03"), [Effect::Quit]);
    let mut t = Term::new(80, 24);
    assert_eq!(t.send("q"), [Effect::Quit]);
}

#[test]
fn pages_and_half_pages_as_in_less() {
    let mut t = Term::new(80, 24);
    let page = t.app.viewport() - 1;
    t.send("\x06"); // Ctrl-F
    assert_eq!(t.app.top, page);
    t.send("\x02"); // Ctrl-B
    assert_eq!(t.app.top, 0);
    t.send("d");
    assert_eq!(t.app.top, page / 2);
    t.send("\x04"); // Ctrl-D
    assert_eq!(t.app.top, 2 * (page / 2));
    t.send("u\x15"); // u, Ctrl-U
    assert_eq!(t.app.top, 0);
    // The reading position is 望花區's report all along.
    assert!(t.block().starts_with("wanghua") || t.block().starts_with("opening"));
}

#[test]
fn forward_is_alt_right_and_back_also_alt_left() {
    let mut t = Term::new(80, 24);
    t.send("/營商環境\r");
    let there = t.block();
    assert_eq!(there, "part1.s3.2");
    t.send("\x1b[1;3D"); // Alt-Left: Back
    assert_eq!(t.app.top, 0);
    t.send("\x1b[1;3C"); // Alt-Right: Forward
    assert_eq!(t.block(), there);
    // Ctrl-F is a page, not Forward.
    t.send("\x0f"); // Ctrl-O: back to the top
    t.send("\x06");
    assert_ne!(t.block(), there);
}

#[test]
fn equals_says_where_you_are() {
    let mut t = Term::new(80, 24);
    t.send("/營商環境\r");
    t.send("=");
    let m = t.app.message.clone().unwrap();
    assert!(m.starts_with("2024年工作回顧 › （三）"), "{m}");
    assert!(m.contains("營商環境提檔升級。"), "{m}");
    assert!(m.contains("paragraph 2 of"), "{m}");
    assert!(m.contains("line ") && m.ends_with('%'), "{m}");
    t.send("\x07"); // Ctrl-G
    assert_eq!(t.app.message.as_deref(), Some(m.as_str()));
}

#[test]
fn the_help_pages_with_the_readers_keys_and_stops_at_its_end() {
    let mut t = Term::new(80, 24);
    t.send("?");
    t.send("G");
    let end = t.app.help.unwrap();
    assert!(end > 20, "{end}");
    // More pages asked for than there are: one key back moves at once.
    t.send("   ");
    assert_eq!(t.app.help, Some(end));
    t.send("k");
    assert_eq!(t.app.help, Some(end - 1));
    t.send("g");
    assert_eq!(t.app.help, Some(0));
    t.send(" ");
    let page = t.app.help.unwrap();
    assert!(page >= 15, "{page}");
    t.send("u");
    assert!(t.app.help.unwrap() < page);
    // 望花區's reading position did not move meanwhile.
    assert_eq!(t.app.top, 0);
}

#[test]
fn a_count_repeats_the_key_after_it() {
    let mut t = Term::new(80, 24);
    t.send("5j");
    assert_eq!(t.app.top, 5);
    assert_eq!(t.app.count, None);
    t.send("3]");
    assert_eq!(t.block(), "part1.s2");
    t.send("12k");
    assert_eq!(t.app.count, None);
    // A count shows while it is typed; a key with no binding drops it.
    t.send("4");
    assert_eq!(t.app.message.as_deref(), Some("4"));
    t.send("z");
    assert_eq!(t.app.count, None);
    // 2n: two hits on, after a search for 招商.
    t.send("/招商\r");
    let first = t.app.last_search.as_ref().unwrap().current;
    t.send("2n");
    assert_eq!(t.app.last_search.as_ref().unwrap().current, first + 2);
    // 0 alone is no count; a count never runs away.
    t.send("0");
    assert_eq!(t.app.count, None);
    t.send("99999999");
    assert_eq!(t.app.count, Some(9_999));
}

#[test]
fn marks_are_set_and_gone_to_and_quote_quote_returns() {
    let mut t = Term::new(80, 24);
    t.send("/營商環境\r");
    assert_eq!(t.block(), "part1.s3.2");
    t.send("ma");
    assert_eq!(t.app.message.as_deref(), Some("Mark a set"));
    t.send("G");
    let end = t.block();
    assert!(end.starts_with("glossary."), "{end}");
    t.send("'a");
    assert_eq!(t.block(), "part1.s3.2");
    // '' goes back to before the last jump, and again returns.
    t.send("''");
    assert_eq!(t.block(), end);
    t.send("''");
    assert_eq!(t.block(), "part1.s3.2");
    t.send("'z");
    assert_eq!(t.app.message.as_deref(), Some("No mark z"));
    // A mark is a place: the same paragraph in the other script.
    t.send("s'a");
    assert_eq!(t.block(), "part1.s3.2");
    assert!(t.app.doc().blocks[t.app.current_block()]
        .text
        .contains("营商环境"));
}

#[test]
fn the_right_pane_keeps_what_was_focused_last() {
    // At 132×40, Tab to the figures, Tab again: the figures stay on the
    // right while the outline has the focus.
    let mut t = Term::new(132, 40);
    t.send("\t\t");
    assert_eq!(t.app.focus, report_explorer::app::Pane::Figures);
    t.send("\t");
    assert_eq!(t.app.focus, report_explorer::app::Pane::Outline);
    let s = t.app.screen();
    assert!(s.figures.is_some() && s.glossary.is_none(), "{s:?}");
    t.send("\t");
    assert!(t.app.screen().figures.is_some());
}

#[test]
fn the_command_line_jumps_quits_and_sets() {
    let mut t = Term::new(80, 24);
    t.send(":2.3\r");
    assert_eq!(t.block(), "part2.s3");
    assert!(t.app.prompt.is_none());
    t.send(":part1.s2.1\r");
    assert_eq!(t.block(), "part1.s2.1");
    t.send(":2\r");
    assert_eq!(t.block(), "part2");
    // Back returns from a command's jump.
    t.send("\x0f");
    assert_eq!(t.block(), "part1.s2.1");
    t.send(":set script=simplified\r");
    assert!(t.app.doc().blocks[0].text.contains("望花区"));
    t.send(":set script=traditional\r");
    assert!(t.app.doc().blocks[0].text.contains("望花區"));
    // q is typed on the command line; Esc closes it without running.
    t.send(":q");
    assert_eq!(t.app.prompt.as_deref(), Some("q"));
    t.send("\x1b");
    assert!(t.app.prompt.is_none());
    t.send(":九九\r");
    assert_eq!(
        t.app.message.as_deref(),
        Some("Not a command or a place: 九九")
    );
    // The status line shows what is typed.
    t.send(":part");
    let theme = report_explorer::ui::theme::Theme::new(false, t.app.settings.ambi);
    let s = report_explorer::ui::status::text(&t.app, &t.keymap, &theme, 40);
    assert!(s.starts_with(":part_"), "{s}");
    t.send("\x7f\x7f\x7f\x7f\x7f");
    assert!(
        t.app.prompt.is_none(),
        "Backspace on an empty line closes it"
    );
    assert_eq!(
        t.send(":q\r"),
        [Effect::Redraw, Effect::Redraw, Effect::Quit]
    );
}
