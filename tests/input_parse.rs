//! The terminal input parser: a table of what xterm, tmux, rxvt, the Linux
//! console and PuTTY send, the same inputs however the bytes are split, the
//! Esc timeout, bracketed paste, and random bytes.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use report_explorer::input::{
    Input, Key, KeyCode, Modifiers, Mouse, MouseAction, MouseButton, Parser,
};

const TIMEOUT: Duration = Duration::from_millis(50);

/// Bytes a terminal sends, and the inputs they must give.
struct Row {
    terminal: &'static str,
    bytes: Vec<u8>,
    want: Vec<Input>,
}

fn row(terminal: &'static str, bytes: impl AsRef<[u8]>, want: Vec<Input>) -> Row {
    let bytes = bytes.as_ref().to_vec();
    Row {
        terminal,
        bytes,
        want,
    }
}

fn key(code: KeyCode) -> Input {
    Input::Key(Key::plain(code))
}

fn with(code: KeyCode, mods: Modifiers) -> Input {
    Input::Key(Key::new(code, mods))
}

fn chars(text: &str) -> Vec<Input> {
    text.chars().map(|c| Input::Key(Key::char(c))).collect()
}

const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    alt: false,
    ctrl: true,
};

const CTRL_ALT: Modifiers = Modifiers {
    shift: false,
    alt: true,
    ctrl: true,
};

fn mouse(action: MouseAction, button: MouseButton, column: u16, row: u16) -> Input {
    Input::Mouse(Mouse {
        action,
        button,
        column,
        row,
        mods: Modifiers::NONE,
    })
}

/// Feeds the chunks at one instant, then ticks at the deadline: the inputs
/// from the feeds, and those from the tick.
fn run(chunks: &[&[u8]]) -> (Vec<Input>, Vec<Input>) {
    let now = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    let fed = chunks.iter().flat_map(|c| parser.feed(c, now)).collect();
    (fed, parser.tick(now + TIMEOUT))
}

fn table() -> Vec<Row> {
    use KeyCode::*;
    use MouseAction::{Drag, Move, Press, Release};
    use MouseButton::{WheelDown, WheelUp};
    let (shift, alt, ctrl) = (Modifiers::SHIFT, Modifiers::ALT, Modifiers::CTRL);
    let mut rows = vec![
        // Cursor keys, normal and application mode.
        row("xterm", "\x1b[A", vec![key(Up)]),
        row("xterm", "\x1b[B", vec![key(Down)]),
        row("xterm", "\x1b[C", vec![key(Right)]),
        row("xterm", "\x1b[D", vec![key(Left)]),
        row("xterm app", "\x1bOA", vec![key(Up)]),
        row("xterm app", "\x1bOB", vec![key(Down)]),
        row("xterm app", "\x1bOC", vec![key(Right)]),
        row("xterm app", "\x1bOD", vec![key(Left)]),
        row("tmux", "\x1b[A\x1b[B", vec![key(Up), key(Down)]),
        row("Linux console", "\x1b[D", vec![key(Left)]),
        // Home and End.
        row("xterm", "\x1b[H", vec![key(Home)]),
        row("xterm", "\x1b[F", vec![key(End)]),
        row("xterm app", "\x1bOH", vec![key(Home)]),
        row("xterm app", "\x1bOF", vec![key(End)]),
        row("tmux", "\x1b[1~", vec![key(Home)]),
        row("tmux", "\x1b[4~", vec![key(End)]),
        row("Linux console", "\x1b[1~", vec![key(Home)]),
        row("Linux console", "\x1b[4~", vec![key(End)]),
        row("PuTTY", "\x1b[1~", vec![key(Home)]),
        row("PuTTY", "\x1b[4~", vec![key(End)]),
        row("rxvt", "\x1b[7~", vec![key(Home)]),
        row("rxvt", "\x1b[8~", vec![key(End)]),
        // The editing keys.
        row("xterm", "\x1b[2~", vec![key(Insert)]),
        row("xterm", "\x1b[3~", vec![key(Delete)]),
        row("xterm", "\x1b[5~", vec![key(PageUp)]),
        row("xterm", "\x1b[6~", vec![key(PageDown)]),
        row("Linux console", "\x1b[3~", vec![key(Delete)]),
        row("xterm", "\x1b[Z", vec![key(BackTab)]),
        row("tmux", "\x1b[Z", vec![key(BackTab)]),
        // Modified keys.
        row("xterm", "\x1b[1;5A", vec![with(Up, ctrl)]),
        row("xterm", "\x1b[1;2H", vec![with(Home, shift)]),
        row("xterm", "\x1b[5;3~", vec![with(PageUp, alt)]),
        row("xterm", "\x1b[1;5P", vec![with(F(1), ctrl)]),
        row("xterm", "\x1b[1;6C", vec![with(Right, CTRL_SHIFT)]),
        row("xterm", "\x1b[15;2~", vec![with(F(5), shift)]),
        row("xterm", "\x1b[24;7~", vec![with(F(12), CTRL_ALT)]),
        row("xterm", "\x1b[1;9D", vec![with(Left, alt)]),
        row("xterm old", "\x1bO5A", vec![with(Up, ctrl)]),
        row("xterm", "\x1bO1;5B", vec![with(Down, ctrl)]),
        row("xterm", "\x1b[27;5;105~", vec![with(Char('i'), ctrl)]),
        row("tmux", "\x1b[1;5D", vec![with(Left, ctrl)]),
        row("tmux", "\x1b[1;3B", vec![with(Down, alt)]),
        row("rxvt", "\x1b[a", vec![with(Up, shift)]),
        row("rxvt", "\x1b[d", vec![with(Left, shift)]),
        row("rxvt", "\x1bOa", vec![with(Up, ctrl)]),
        row("rxvt", "\x1bOc", vec![with(Right, ctrl)]),
        row("rxvt", "\x1b\x1b[A", vec![with(Up, alt)]),
        // The application keypad.
        row("xterm keypad", "\x1bOM\x1bOp\x1bOk", {
            let mut want = vec![key(Enter)];
            want.extend(chars("0+"));
            want
        }),
        // Control characters.
        row("xterm", "\r", vec![key(Enter)]),
        row("xterm", "\t", vec![key(Tab)]),
        row("xterm", "\x7f", vec![key(Backspace)]),
        row("PuTTY", "\x08", vec![key(Backspace)]),
        row("xterm", "\x01", vec![Key::ctrl('a').into()]),
        row("xterm", "\x03", vec![Key::ctrl('c').into()]),
        row("xterm", "\x1a", vec![Key::ctrl('z').into()]),
        row("xterm", "\n", vec![Key::ctrl('j').into()]),
        row("xterm", "\x00", vec![Key::ctrl(' ').into()]),
        row("xterm", "\x1c", vec![Key::ctrl('4').into()]),
        row("xterm", "\x1f", vec![Key::ctrl('7').into()]),
        // Alt as an ESC prefix.
        row("xterm", "\x1ba", vec![Key::alt('a').into()]),
        row("xterm", "\x1bG", vec![Key::alt('G').into()]),
        row("xterm", "\x1b望", vec![Key::alt('望').into()]),
        row("tmux", "\x1b區", vec![Key::alt('區').into()]),
        row("Linux console", "\x1bx", vec![Key::alt('x').into()]),
        row("PuTTY", "\x1bf", vec![Key::alt('f').into()]),
        row("xterm", "\x1b\x01", vec![with(Char('a'), CTRL_ALT)]),
        row("xterm", "\x1b\r", vec![with(Enter, alt)]),
        row("xterm", "\x1b\x7f", vec![with(Backspace, alt)]),
        // Text.
        row("xterm", "望花區", chars("望花區")),
        row("tmux", "ab望c", chars("ab望c")),
        row("PuTTY", "G望", chars("G望")),
        row("xterm", "\x1b[A望\x1b[B", {
            let mut want = vec![key(Up)];
            want.extend(chars("望"));
            want.push(key(Down));
            want
        }),
        // Bracketed paste.
        row(
            "xterm",
            "\x1b[200~望花區\r\n第二行\x1b[201~",
            vec![Input::Paste("望花區\r\n第二行".into())],
        ),
        row(
            "tmux",
            "\x1b[200~第一\n\x1b[A區\x1b[201~花",
            vec![
                Input::Paste("第一\n\x1b[A區".into()),
                Input::Key(Key::char('花')),
            ],
        ),
        // SGR mouse.
        row(
            "xterm",
            "\x1b[<0;10;5M",
            vec![mouse(Press, MouseButton::Left, 9, 4)],
        ),
        row(
            "xterm",
            "\x1b[<0;10;5m",
            vec![mouse(Release, MouseButton::Left, 9, 4)],
        ),
        row("xterm", "\x1b[<64;3;4M", vec![mouse(Press, WheelUp, 2, 3)]),
        row(
            "xterm",
            "\x1b[<65;1;1M",
            vec![mouse(Press, WheelDown, 0, 0)],
        ),
        row(
            "xterm",
            "\x1b[<32;11;5M",
            vec![mouse(Drag, MouseButton::Left, 10, 4)],
        ),
        row(
            "tmux",
            "\x1b[<35;7;8M",
            vec![mouse(Move, MouseButton::None, 6, 7)],
        ),
        row(
            "xterm",
            "\x1b[<18;2;300M",
            vec![Input::Mouse(Mouse {
                action: Press,
                button: MouseButton::Right,
                column: 1,
                row: 299,
                mods: ctrl,
            })],
        ),
        // Reports.
        row(
            "xterm",
            "\x1b[12;3R",
            vec![Input::CursorPosition { row: 12, column: 3 }],
        ),
        row("xterm", "\x1b[I", vec![Input::FocusGained]),
        row("tmux", "\x1b[O", vec![Input::FocusLost]),
        // Resolved by the timeout.
        row("xterm", "\x1b", vec![key(Esc)]),
        row("xterm", "\x1b\x1b", vec![with(Esc, alt)]),
        row("xterm", "\x1b[", vec![Key::alt('[').into()]),
        row("xterm", "\x1bO", vec![Key::alt('O').into()]),
        row("xterm", "望\x1b", vec![Key::char('望').into(), key(Esc)]),
    ];
    // Function keys in each terminal's form: tmux sends xterm's, rxvt
    // PuTTY's.
    for (terminal, tails, first) in [
        ("xterm", &XTERM_F[..], 1),
        ("tmux", &XTERM_F, 1),
        ("PuTTY", &PUTTY_F, 1),
        ("rxvt", &PUTTY_F, 1),
        ("Linux console", &LINUX_F, 1),
        ("xterm", &F13_TO_F20, 13),
    ] {
        for (n, tail) in (first..).zip(tails) {
            rows.push(row(terminal, format!("\x1b{tail}"), vec![key(F(n))]));
        }
    }
    rows
}

/// F1–F12 after ESC: xterm (ctlseqs), PuTTY (its default "ESC [ n ~"
/// function keys), the Linux console (console_codes(4), its keymap).
const XTERM_F: [&str; 12] = [
    "OP", "OQ", "OR", "OS", "[15~", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~",
];
const PUTTY_F: [&str; 12] = [
    "[11~", "[12~", "[13~", "[14~", "[15~", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~",
];
const LINUX_F: [&str; 12] = [
    "[[A", "[[B", "[[C", "[[D", "[[E", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~",
];
const F13_TO_F20: [&str; 8] = [
    "[25~", "[26~", "[28~", "[29~", "[31~", "[32~", "[33~", "[34~",
];

#[test]
fn table_of_terminal_sequences() {
    let rows = table();
    assert_eq!(rows.len(), 157);
    for row in rows {
        let (fed, ticked) = run(&[&row.bytes]);
        let got: Vec<Input> = fed.into_iter().chain(ticked).collect();
        assert_eq!(got, row.want, "{}: {:?}", row.terminal, row.bytes);
    }
}

#[test]
fn every_split_gives_the_same_inputs() {
    for row in table() {
        let whole = run(&[&row.bytes]);
        for at in 0..=row.bytes.len() {
            let (a, b) = row.bytes.split_at(at);
            let split = run(&[a, b]);
            assert_eq!(split, whole, "{}: {:?} at {at}", row.terminal, row.bytes);
        }
        let bytes: Vec<&[u8]> = row.bytes.chunks(1).collect();
        assert_eq!(run(&bytes), whole, "{}: {:?}", row.terminal, row.bytes);
    }
}

#[test]
fn lone_esc_waits_for_its_deadline() {
    let t = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    assert_eq!(parser.deadline(), None);
    assert_eq!(parser.feed(b"\x1b", t), []);
    assert_eq!(parser.deadline(), Some(t + TIMEOUT));
    assert_eq!(parser.tick(t + TIMEOUT - Duration::from_millis(1)), []);
    assert_eq!(parser.tick(t + TIMEOUT), [key(KeyCode::Esc)]);
    assert_eq!(parser.deadline(), None);
    assert_eq!(parser.tick(t + TIMEOUT * 2), []);
    assert_eq!(parser.feed("望".as_bytes(), t), chars("望"));
}

#[test]
fn esc_then_the_rest_of_a_sequence() {
    let t = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    assert_eq!(parser.feed(b"\x1b", t), []);
    assert_eq!(parser.feed(b"[A", t), [key(KeyCode::Up)]);
    // The deadline counts from the first byte, not the latest.
    assert_eq!(parser.feed(b"\x1b", t), []);
    assert_eq!(parser.feed(b"[1", t + TIMEOUT / 2), []);
    assert_eq!(parser.deadline(), Some(t + TIMEOUT));
    assert_eq!(
        parser.feed(b";5A", t + TIMEOUT),
        [with(KeyCode::Up, Modifiers::CTRL)]
    );
    assert_eq!(parser.feed("望".as_bytes(), t), chars("望"));
}

#[test]
fn bytes_after_the_deadline_follow_an_esc() {
    let t = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    assert_eq!(parser.feed(b"\x1b", t), []);
    let mut want = vec![key(KeyCode::Esc)];
    want.extend(chars("[A望"));
    let late = t + TIMEOUT + Duration::from_millis(1);
    assert_eq!(parser.feed("[A望".as_bytes(), late), want);
}

#[test]
fn incomplete_sequences_at_the_deadline() {
    let cases: [(&str, Vec<Input>); 6] = [
        ("望\x1b[1;5", chars("望")),
        ("望\x1bO1", chars("望")),
        ("望\x1b[[", chars("望")),
        ("望\x1b\x1b[", {
            let mut want = chars("望");
            want.extend([key(KeyCode::Esc), Key::alt('[').into()]);
            want
        }),
        ("望\x1b[<0;1", chars("望")),
        ("望\x1b[200", chars("望")),
    ];
    for (bytes, want) in cases {
        let (fed, ticked) = run(&[bytes.as_bytes()]);
        assert_eq!(fed, chars("望"), "{bytes:?}");
        let got: Vec<Input> = fed.into_iter().chain(ticked).collect();
        assert_eq!(got, want, "{bytes:?}");
    }
    // Part of 花, alone and after ESC.
    let hua = "花".as_bytes();
    let (fed, ticked) = run(&["望".as_bytes(), &hua[..2]]);
    assert_eq!((fed, ticked), (chars("望"), vec![]));
    let (fed, ticked) = run(&["望\x1b".as_bytes(), &hua[..1]]);
    assert_eq!((fed, ticked), (chars("望"), vec![key(KeyCode::Esc)]));
}

#[test]
fn esc_esc_before_a_sequence() {
    let alt_up = [with(KeyCode::Up, Modifiers::ALT)];
    assert_eq!(run(&[b"\x1b\x1b[A"]).0, alt_up);
    assert_eq!(run(&[b"\x1b\x1bOA"]).0, alt_up);
    let (fed, _) = run(&["\x1b\x1b[I望".as_bytes()]);
    let mut want = vec![key(KeyCode::Esc), Input::FocusGained];
    want.extend(chars("望"));
    assert_eq!(fed, want);
    let (fed, _) = run(&["\x1b\x1b[200~望\x1b[201~".as_bytes()]);
    assert_eq!(fed, [key(KeyCode::Esc), Input::Paste("望".into())]);
    let (fed, _) = run(&["\x1b\x1b望".as_bytes()]);
    let mut want = vec![with(KeyCode::Esc, Modifiers::ALT)];
    want.extend(chars("望"));
    assert_eq!(fed, want);
}

#[test]
fn paste_waits_for_its_end_marker_without_a_deadline() {
    let t = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    assert_eq!(parser.feed("\x1b[200~望花".as_bytes(), t), []);
    assert_eq!(parser.deadline(), None);
    assert_eq!(parser.feed(b"\r\n\x1b", t + TIMEOUT * 2), []);
    assert_eq!(parser.deadline(), None);
    assert_eq!(parser.tick(t + TIMEOUT * 10), []);
    assert_eq!(parser.feed(b"[20", t + TIMEOUT * 11), []);
    let got = parser.feed("1~區".as_bytes(), t + TIMEOUT * 12);
    let mut want = vec![Input::Paste("望花\r\n".into())];
    want.extend(chars("區"));
    assert_eq!(got, want);
}

#[test]
fn paste_keeps_at_most_one_mebibyte() {
    let t = Instant::now();
    let mut parser = Parser::new(TIMEOUT);
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend("望".repeat(400_000).as_bytes());
    bytes.extend(b"\x1b[201~\x1b[B");
    let got = parser.feed(&bytes, t);
    let [Input::Paste(text), Input::Key(down)] = &got[..] else {
        panic!("{} inputs", got.len());
    };
    assert_eq!(*down, Key::plain(KeyCode::Down));
    // 349,525 whole characters: the one cut at 1 MiB is dropped.
    assert_eq!(text.len(), (1 << 20) - 1);
    assert!(text.chars().all(|c| c == '望'));
}

#[test]
fn paste_replaces_invalid_utf8() {
    let (fed, _) = run(&[b"\x1b[200~\xe6\x9c\x9b\xff\xe8\x8a\x1b[201~"]);
    assert_eq!(fed, [Input::Paste("望\u{fffd}\u{fffd}".into())]);
}

#[test]
fn invalid_utf8_is_dropped() {
    let (fed, ticked) = run(&[b"\xff\xfe\xe6\x9c\x9b\x80\xc0\xaf\xed\xa0\x80\xe8\x8a\xb1"]);
    assert_eq!(fed, chars("望花"));
    assert_eq!(ticked, []);
}

#[test]
fn broken_and_unknown_sequences() {
    let cases: [(&str, Vec<Input>); 6] = [
        // A byte outside the grammar: the sequence so far is dropped.
        (
            "\x1b[1;\x01望",
            vec![Key::ctrl('a').into(), Key::char('望').into()],
        ),
        (
            "\x1b[\r望",
            vec![
                Key::alt('[').into(),
                key(KeyCode::Enter),
                Key::char('望').into(),
            ],
        ),
        // Well-formed but unknown: consumed and dropped.
        ("\x1b[?1049h望", chars("望")),
        ("\x1b[6n\x1b[>0;1q望", chars("望")),
        ("\x1b[201~\x1bOz望", chars("望")),
        ("\x1b[[Z望", chars("望")),
    ];
    for (bytes, want) in cases {
        let (fed, ticked) = run(&[bytes.as_bytes()]);
        assert_eq!((fed, ticked), (want, vec![]), "{bytes:?}");
    }
    // Too long: dropped at 64 bytes, and the rest read as text.
    let bytes = format!("\x1b[{}望", "1".repeat(70));
    let (fed, _) = run(&[bytes.as_bytes()]);
    assert_eq!(fed, chars(&format!("{}望", "1".repeat(8))));
}

#[test]
fn f3_and_cursor_reports() {
    assert_eq!(run(&[b"\x1bOR"]).0, [key(KeyCode::F(3))]);
    assert_eq!(run(&[b"\x1b[R"]).0, [key(KeyCode::F(3))]);
    // xterm's Shift-F3 is a cursor report, as crossterm reads it.
    assert_eq!(
        run(&[b"\x1b[1;2R"]).0,
        [Input::CursorPosition { row: 1, column: 2 }]
    );
    assert_eq!(
        run(&["\x1b[99999;7R望".as_bytes()]).0,
        [
            Input::CursorPosition {
                row: u16::MAX,
                column: 7
            },
            Key::char('望').into()
        ]
    );
    // A report is 1-based: a zero or empty column is no report (F3).
    assert_eq!(
        run(&["\x1b[5;0R望".as_bytes()]).0,
        [key(KeyCode::F(3)), Key::char('望').into()]
    );
}

/// Random bytes, and fragments of the sequences above.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"\x1b",
        b"[",
        b"O",
        b"<",
        b";",
        b"1",
        b"5",
        b"~",
        b"A",
        b"M",
        b"m",
        b"R",
        b"200~",
        b"201~",
        "望".as_bytes(),
        b"\xe6",
        b"\x9c",
        b"\x80",
        b"\xff",
        b"\r\n",
    ];
    prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        prop::sample::select(pieces).prop_map(|p| p.to_vec()),
        (0x80u8..=0xff).prop_map(|b| vec![b]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_split_anywhere(
        pieces in prop::collection::vec(fragment(), 0..40),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let bytes = pieces.concat();
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        at.push(0);
        at.push(bytes.len());
        at.sort_unstable();
        let chunks: Vec<&[u8]> = at.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();

        let now = Instant::now();
        let mut whole = Parser::new(TIMEOUT);
        let mut split = Parser::new(TIMEOUT);
        let from_whole = whole.feed(&bytes, now);
        let from_split: Vec<Input> = chunks.iter().flat_map(|c| split.feed(c, now)).collect();
        prop_assert_eq!(&from_split, &from_whole);
        prop_assert_eq!(split.deadline(), whole.deadline());
        prop_assert_eq!(split.tick(now + TIMEOUT), whole.tick(now + TIMEOUT));
        prop_assert_eq!(whole.deadline(), None::<Instant>);
    }
}
