//! Where each pane goes at a given terminal size: pure geometry, computed by
//! the core once per resize or focus change (`App::geometry`); rendering
//! reads the result.

use ratatui::layout::Rect;

use super::action::Pane;

/// Below this, a short message replaces the panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// From this width all three panes stand side by side.
pub const THREE_PANES: u16 = 120;
/// From this width the reader has a side pane.
pub const TWO_PANES: u16 = 60;
/// The widest line of text the reader sets (39 hanzi).
pub const MAX_MEASURE: u16 = 78;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub area: Rect,
    pub outline: Option<Rect>,
    pub reader: Option<Rect>,
    pub glossary: Option<Rect>,
    pub figures: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

impl Screen {
    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Outline => self.outline,
            Pane::Reader => self.reader,
            Pane::Glossary => self.glossary,
            Pane::Figures => self.figures,
        }
    }
}

/// `percent` of `w`, between `lo` and `hi` (computed wide: no overflow).
fn share(w: u16, percent: u32, lo: u16, hi: u16) -> u16 {
    let v = (u32::from(w) * percent / 100).clamp(u32::from(lo), u32::from(hi));
    v as u16
}

/// Lay out the screen. `side` is the side pane shown beside the reader
/// when only two fit (the one focused last).
pub fn screen(area: Rect, focus: Pane, side: Pane) -> Screen {
    let last_right = match side {
        Pane::Figures => Pane::Figures,
        _ => Pane::Glossary,
    };
    screen_with(area, focus, side, last_right)
}

/// Lay out the screen. `side` is the side pane shown beside the reader when
/// only two fit (the one focused last); `right` the right-hand pane when
/// three do (the glossary or the figures, whichever was focused last).
pub fn screen_with(area: Rect, focus: Pane, side: Pane, last_right: Pane) -> Screen {
    let mut s = Screen {
        area,
        outline: None,
        reader: None,
        glossary: None,
        figures: None,
        status: Rect::default(),
        too_small: false,
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        s.too_small = true;
        return s;
    }
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    s.status = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    let w = area.width;
    let col = |x: u16, width: u16| Rect { x, width, ..main };
    let shown = if focus == Pane::Reader { side } else { focus };
    if w >= THREE_PANES {
        let left = share(w, 22, 24, 40);
        let right = share(w, 26, 28, 48);
        s.outline = Some(col(main.x, left));
        s.reader = Some(col(main.x + left, w - left - right));
        // The right-hand pane: the glossary, or the figures when they were
        // focused last.
        let r = Some(col(main.x + w - right, right));
        let right_pane = match focus {
            Pane::Glossary | Pane::Figures => focus,
            Pane::Outline | Pane::Reader => last_right,
        };
        if right_pane == Pane::Figures {
            s.figures = r;
        } else {
            s.glossary = r;
        }
    } else if w >= TWO_PANES {
        let side_w = share(w, 30, 22, 36);
        let right = Some(col(main.x + w - side_w, side_w));
        match shown {
            Pane::Glossary => s.glossary = right,
            Pane::Figures => s.figures = right,
            Pane::Outline | Pane::Reader => s.outline = Some(col(main.x, side_w)),
        }
        let x = if s.outline.is_some() {
            main.x + side_w
        } else {
            main.x
        };
        s.reader = Some(col(x, w - side_w));
    } else {
        match focus {
            Pane::Outline => s.outline = Some(main),
            Pane::Reader => s.reader = Some(main),
            Pane::Glossary => s.glossary = Some(main),
            Pane::Figures => s.figures = Some(main),
        }
    }
    s
}

/// `screen` with `zoom`, the pane zoomed (`z`), given the whole body: all
/// of the screen but the status line, the other panes hidden. Without a
/// zoomed pane, or on a screen too small for panes, `screen` as it is.
pub fn zoomed(screen: Screen, zoom: Option<Pane>) -> Screen {
    let Some(pane) = zoom else {
        return screen;
    };
    if screen.too_small {
        return screen;
    }
    let body = Rect {
        height: screen.area.height.saturating_sub(1),
        ..screen.area
    };
    let mut s = Screen {
        outline: None,
        reader: None,
        glossary: None,
        figures: None,
        ..screen
    };
    match pane {
        Pane::Outline => s.outline = Some(body),
        Pane::Reader => s.reader = Some(body),
        Pane::Glossary => s.glossary = Some(body),
        Pane::Figures => s.figures = Some(body),
    }
    s
}

/// The first visible row that keeps `selected` in view, a third down.
pub fn scroll_offset(selected: usize, len: usize, height: usize) -> usize {
    if len <= height {
        return 0;
    }
    selected.saturating_sub(height / 3).min(len - height)
}

/// The reader's text area inside its pane: borders and a cell of padding
/// taken off, at most [`MAX_MEASURE`] wide, centred.
pub fn reader_text(pane: Rect) -> Rect {
    let inner_w = pane.width.saturating_sub(4);
    let width = inner_w.min(MAX_MEASURE);
    let x = pane.x + 2 + (inner_w - width) / 2;
    Rect {
        x,
        y: pane.y + 1,
        width,
        height: pane.height.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: u16, h: u16, focus: Pane, side: Pane) -> Screen {
        screen(Rect::new(0, 0, w, h), focus, side)
    }

    #[test]
    fn three_panes_from_120_columns() {
        let s = at(132, 40, Pane::Reader, Pane::Outline);
        let (o, r, g) = (s.outline.unwrap(), s.reader.unwrap(), s.glossary.unwrap());
        assert_eq!(o.width + r.width + g.width, 132);
        assert_eq!((o.x + o.width, r.x + r.width), (r.x, g.x));
        assert_eq!(s.status, Rect::new(0, 39, 132, 1));
    }

    #[test]
    fn two_panes_at_80_columns_the_side_one_following_focus() {
        let s = at(80, 24, Pane::Reader, Pane::Outline);
        assert_eq!(
            (
                s.outline.map(|r| r.width),
                s.reader.map(|r| r.width),
                s.glossary
            ),
            (Some(24), Some(56), None)
        );
        let s = at(80, 24, Pane::Glossary, Pane::Outline);
        assert!(s.outline.is_none() && s.glossary.is_some() && s.reader.is_some());
        let s = at(80, 24, Pane::Reader, Pane::Glossary);
        assert!(s.glossary.is_some());
    }

    #[test]
    fn one_pane_below_60_columns() {
        let s = at(40, 15, Pane::Glossary, Pane::Outline);
        assert_eq!(
            (s.outline, s.reader, s.glossary),
            (None, None, Some(Rect::new(0, 0, 40, 14)))
        );
    }

    #[test]
    fn a_zoomed_pane_has_the_whole_body_and_the_others_none() {
        for (w, h) in [(80, 24), (40, 15), (132, 40), (20, 6)] {
            for pane in Pane::CYCLE {
                let s = zoomed(at(w, h, pane, Pane::Glossary), Some(pane));
                let body = Rect::new(0, 0, w, h - 1);
                for other in Pane::CYCLE {
                    let expect = (other == pane).then_some(body);
                    assert_eq!(s.pane(other), expect, "{w}x{h} {pane:?} {other:?}");
                }
                assert_eq!(s.status, Rect::new(0, h - 1, w, 1));
            }
        }
        let plain = at(80, 24, Pane::Reader, Pane::Outline);
        assert_eq!(zoomed(plain, None), plain);
        let small = at(19, 5, Pane::Reader, Pane::Outline);
        assert_eq!(zoomed(small, Some(Pane::Reader)), small);
    }

    #[test]
    fn too_small_below_the_minimum_and_nothing_overflows_at_any_size() {
        assert!(at(19, 24, Pane::Reader, Pane::Outline).too_small);
        assert!(at(80, 5, Pane::Reader, Pane::Outline).too_small);
        for w in (0..=300).chain([2_520, 2_521, 2_979, 3_000, 10_000, u16::MAX]) {
            for h in [0, 1, 5, 6, 24, 200] {
                let s = at(w, h, Pane::Reader, Pane::Glossary);
                for r in [s.outline, s.reader, s.glossary, s.figures]
                    .into_iter()
                    .flatten()
                {
                    assert!(
                        r.x + r.width <= w && r.y + r.height < h.max(1),
                        "{w}x{h}: {r:?}"
                    );
                    let t = reader_text(r);
                    assert!(t.x + t.width <= r.x + r.width);
                }
            }
        }
    }
}
