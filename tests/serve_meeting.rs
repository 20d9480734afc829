//! Meeting mode end to end: the real binary serving with presenters, the
//! real OpenSSH client in pseudo-terminals for the presenter and the
//! viewers, each at its own size (one of them in simplified characters),
//! and `serve --present` with the presenter in the server's own terminal.

#![cfg(unix)]

#[path = "common/pty.rs"]
mod pty;
use pty::{Pty, PATIENCE};

#[path = "common/openssh.rs"]
mod openssh;
use openssh::*;

use std::path::Path;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

/// The reader's first row shows this heading (the row under the panes'
/// top borders: only the reader's top line can hold a heading there).
fn on_top(t: &str, heading: &str) -> bool {
    t.lines().nth(1).is_some_and(|row| row.contains(heading))
}

/// The status line (the screen's last row).
fn status(t: &str) -> String {
    t.lines().last().unwrap_or("").trim().to_string()
}

fn wait_top(s: &Pty, who: &str, heading: &str) -> String {
    s.wait_for(&format!("{heading} on top for {who}"), |t| {
        on_top(t, heading)
    })
}

fn wait_status(s: &Pty, who: &str, text: &str) -> String {
    s.wait_for(&format!("{text:?} on the status line of {who}"), |t| {
        status(t).contains(text)
    })
}

/// A presenter's key (王小明), three viewers' keys, and a server admitting
/// the viewers with the presenter named in --presenters.
fn meeting(dir: &Scratch) -> (Server, std::path::PathBuf, Vec<std::path::PathBuf>) {
    let presenter = dir.key("presenter", "王小明");
    let viewers: Vec<_> = (1..=3)
        .map(|i| dir.key(&format!("viewer{i}"), &format!("聽眾{i}")))
        .collect();
    let refs: Vec<&Path> = viewers.iter().map(|p| p.as_path()).collect();
    let admitted = dir.authorize(&refs);
    let presenters = dir.path("presenters");
    std::fs::copy(presenter.with_extension("pub"), &presenters).expect("presenters written");
    let server = Server::start(
        &dir.path("state"),
        &["--authorized-keys", admitted.to_str().expect("UTF-8")],
        &["--presenters", presenters.to_str().expect("UTF-8")],
    );
    (server, presenter, viewers)
}

#[test]
fn three_viewers_follow_the_presenter_at_their_own_sizes_look_away_and_come_back() {
    let dir = Scratch::new("meeting");
    let (server, presenter_key, viewer_keys) = meeting(&dir);
    let mut presenter = server.reader(&presenter_key, 80, 24);
    first_frame(&presenter);
    wait_status(&presenter, "the presenter", "Presenting: 0 viewing");
    server.wait_log("(王小明) (public key, a presenter)");

    let sizes = [(80, 24), (132, 40), (40, 15)];
    let mut viewers: Vec<Pty> = viewer_keys
        .iter()
        .zip(sizes)
        .map(|(key, (cols, rows))| server.reader(key, cols, rows))
        .collect();
    for v in &viewers {
        wait_status(v, "a viewer", "Following 王小明");
    }
    // The third viewer reads in simplified characters.
    viewers[2].keys("s");
    viewers[2].see("望花区人民政府工作报告");
    wait_status(
        &presenter,
        "the presenter",
        "Presenting: 3 viewing, 3 following",
    );

    // ] ] ]: the title, part one, its section (一), then (二).
    presenter.keys("]]]");
    wait_top(&presenter, "the presenter", "（二）千方百計");
    for (v, heading) in viewers
        .iter()
        .zip(["（二）千方百計", "（二）千方百計", "（二）千方百计"])
    {
        wait_top(v, "a viewer", heading);
    }

    // A viewer's own key: it looks away and stays; the others follow on.
    viewers[0].keys("j");
    let away = wait_status(&viewers[0], "the first viewer", "Looking away");
    assert!(away.contains("F follows"), "{away}");
    wait_status(&presenter, "the presenter", "3 viewing, 2 following");
    presenter.keys("]");
    for v in &viewers[1..] {
        wait_top(v, "a viewer", "（三）");
    }
    let stayed = viewers[0].wait_for("the place of the presenter on the status line", |t| {
        status(t).contains("王小明 is at") && status(t).contains("（三）")
    });
    assert!(
        !on_top(&stayed, "（三）"),
        "it stays where it looked:\n{stayed}"
    );

    // F: back to the presenter's place, following again.
    viewers[0].keys("F");
    wait_top(&viewers[0], "the first viewer", "（三）");
    wait_status(&viewers[0], "the first viewer", "Following 王小明");
    wait_status(&presenter, "the presenter", "3 viewing, 3 following");

    // The presenter points at a sentence: every viewer marks it.
    presenter.keys(".");
    for v in &viewers {
        v.wait_for("a marked sentence", |_| {
            let parser = v.screen.lock().unwrap();
            let screen = parser.screen();
            let (rows, cols) = screen.size();
            (0..rows.get()).any(|r| {
                (0..cols.get()).any(|c| {
                    screen
                        .cell(r, c)
                        .is_some_and(|cell| cell.inverse() && cell.contents() == "（")
                })
            })
        });
    }

    // The presenter leaves: viewers stay, and are told.
    presenter.keys("q");
    presenter.wait_exit();
    for v in &viewers {
        let shown = wait_status(v, "a viewer", "The presenter has left");
        assert!(on_top(&shown, "（三）"), "{shown}");
    }
    // It comes back: its place was remembered with its key, and it leads.
    let mut back = server.reader(&presenter_key, 80, 24);
    wait_top(&back, "the presenter again", "（三）");
    back.keys("]");
    for v in &viewers {
        wait_top(v, "a viewer", "（四）");
        wait_status(v, "a viewer", "Following 王小明");
    }
    back.keys("q");
    back.wait_exit();
    for v in &mut viewers {
        v.keys("q");
        v.wait_exit();
    }
}

#[test]
fn serve_present_leads_from_its_own_terminal_and_its_end_ends_the_meeting() {
    let dir = Scratch::new("present");
    let viewer = dir.key("viewer", "聽眾");
    let admitted = dir.authorize(&[&viewer]);
    let state = dir.path("state");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["serve", "--present", "--listen", "127.0.0.1:0"]);
    cmd.args(["--ambiwidth", "narrow", "--authorized-keys"]);
    cmd.arg(&admitted);
    cmd.arg("--state-dir");
    cmd.arg(&state);
    let mut presenter = Pty::spawn(cmd, 80, 24, &[("USER", "叢陽")]);
    first_frame(&presenter);
    // Until the first key, the status line says how viewers connect: a
    // resize (to a projector's size, say) keeps it.
    wait_status(
        &presenter,
        "the presenter",
        "Viewers connect with: ssh -t -p",
    );
    presenter.resize(100, 30);
    presenter.wait_for("the presenter at 100 columns", |t| {
        t.lines()
            .next()
            .is_some_and(|l| unicode_width::UnicodeWidthStr::width(l) > 90)
    });
    wait_status(
        &presenter,
        "the presenter",
        "Viewers connect with: ssh -t -p",
    );
    // The log, not the screen, says where it listens.
    let log = state.join("serve.log");
    let start = Instant::now();
    let port: u16 = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let port = text.lines().find_map(listening_port);
        if let Some(port) = port {
            break port;
        }
        assert!(start.elapsed() < PATIENCE, "no address in the log: {text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !presenter.contents().contains("listening on"),
        "the log stays off the presenter's screen"
    );
    let v = reader_at(port, &viewer, 132, 40);
    wait_status(&v, "the viewer", "Following 叢陽");
    presenter.keys("]]");
    wait_top(&v, "the viewer", "（一）堅定不移");
    wait_status(
        &presenter,
        "the presenter",
        "Presenting: 1 viewing, 1 following",
    );

    // Quitting the presenter ends the server: the viewer's terminal is
    // restored and told why.
    presenter.keys("q");
    let status = presenter.wait_exit();
    assert!(status.success(), "{status:?}");
    let after = presenter.see("connect with: ssh -t -p");
    assert!(after.contains("the server's log"), "{after}");
    v.wait_for("the viewer told the server stopped", |t| {
        t.contains("the server is shutting down")
    });
}

#[test]
fn when_the_presenter_who_leads_leaves_the_other_leads_from_where_it_is() {
    let dir = Scratch::new("two-presenters");
    let wang = dir.key("wang", "王小明");
    let li = dir.key("li", "李華");
    let viewer = dir.key("viewer", "聽眾");
    let admitted = dir.authorize(&[&viewer]);
    let presenters = dir.path("presenters");
    let both = [&wang, &li]
        .iter()
        .map(|k| std::fs::read_to_string(k.with_extension("pub")).expect("a public key"))
        .collect::<String>();
    std::fs::write(&presenters, both).expect("presenters written");
    let server = Server::start(
        &dir.path("state"),
        &["--authorized-keys", admitted.to_str().expect("UTF-8")],
        &["--presenters", presenters.to_str().expect("UTF-8")],
    );
    let mut w = server.reader(&wang, 80, 24);
    first_frame(&w);
    let v = server.reader(&viewer, 80, 24);
    wait_status(&v, "the viewer", "Following 王小明");
    // 王小明 goes to （一）; 李華 joins and moves to （二）: 李華 leads, and
    // 王小明 is told.
    w.keys("]]");
    wait_top(&v, "the viewer", "（一）堅定不移");
    let mut l = server.reader(&li, 80, 24);
    first_frame(&l);
    l.keys("]]]");
    wait_top(&v, "the viewer", "（二）千方百計");
    wait_status(&v, "the viewer", "Following 李華");
    wait_status(&w, "王小明", "李華 leads · 1 viewing, 1 following");
    // 李華 leaves: 王小明 leads from where he is.
    l.keys("q");
    l.wait_exit();
    wait_status(&v, "the viewer", "Following 王小明");
    wait_top(&v, "the viewer", "（一）堅定不移");
    wait_status(&w, "王小明", "Presenting: 1 viewing, 1 following");
}
