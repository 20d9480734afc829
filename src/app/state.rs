//! One session's view of a shared report: only `update` changes it;
//! rendering reads it. Everything derived from the report itself lives in
//! `ReportData`, shared by `Arc`.

use std::ops::Range;
use std::sync::Arc;

use ratatui::layout::Rect;

mod figures;

pub use figures::{FiguresState, Memo, RowsKey, Same, Sort, View, WidthsKey};

use super::action::Pane;
use super::geometry::{reader_text, screen, Screen};
use crate::content::Report;
use crate::data::{ReportData, Shown};
use crate::document::{Document, Layout, Mark, Outline, Place, TextSpan};
use crate::figures::Quantity;
use crate::search::{Hit, Index};
use crate::text::script::Script;
use crate::text::AmbiWidth;

/// Display settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub ambi: AmbiWidth,
    pub color: bool,
    pub script: Script,
    /// The terminal's colour depth and background (used when `color`).
    pub colors: crate::colors::Colors,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ambi: AmbiWidth::Narrow,
            color: true,
            script: Script::Traditional,
            colors: crate::colors::Colors::default(),
        }
    }
}

/// The fuzzy jump palette: the query and its hits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Palette {
    pub query: String,
    /// The best hits, at most `palette::LIMIT` of them.
    pub hits: Vec<Hit>,
    /// How many hits the query has in all (the count shown).
    pub total: usize,
    pub selected: usize,
    /// While earlier queries are recalled (`↑` on an empty query): which
    /// one of `App::recall` the query is. Any edit ends the recall.
    pub recalled: Option<usize>,
    /// While the search index is built (off this thread): the session's
    /// claim on it. The query typed meanwhile is searched once it is there.
    pub waiting: Option<crate::data::IndexWait>,
    /// The build's progress last drawn, in percent.
    pub shown_percent: u32,
    /// On a large report, while the query is searched off this thread:
    /// the hits shown are an earlier query's until its answer comes.
    pub searching: bool,
    /// Enter came while searching: jump once the answer is there.
    pub jump_when_found: bool,
    /// The thread that searches for this palette on a large report (a
    /// small report's palette searches at once and starts none).
    pub worker: crate::app::palette::worker::Worker,
}

/// The last search jumped from: its query and every hit, which `n` and
/// `N` step through and the reader marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    /// What each hit matched, in reading order (block, then character),
    /// no two overlapping.
    pub hits: Vec<TextSpan>,
    /// The hit last gone to.
    pub current: usize,
    /// Whether the reader marks the hits (Esc in a pane hides them; a
    /// step shows them again).
    pub marked: bool,
    /// On a large report, while every hit is found off the input thread:
    /// `hits` holds only the one jumped to until they are installed.
    pub finding: Option<crate::app::steps::finding::Finding>,
}

/// A place to come back to: the reading position and the focused pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub anchor: Place,
    pub focus: Pane,
}

/// Where jumps came from (back) and went to (forward).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub back: Vec<Spot>,
    pub forward: Vec<Spot>,
}

/// The outline's state: which nodes are open, which is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeState {
    pub expanded: Vec<bool>,
    pub selected: usize,
}

/// The glossary's state: the selected entry, and which of its citations
/// Enter goes to next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GlossaryState {
    pub selected: usize,
    pub citation: usize,
}

/// A footnote marker on screen: a block of the shown document and the
/// marker's byte range there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerRef {
    pub block: usize,
    pub range: Range<usize>,
    pub number: u32,
}

/// The footnote popup: the markers that were in view, the one shown, and
/// how far its text is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnotePopup {
    pub markers: Vec<MarkerRef>,
    pub current: usize,
    pub scroll: u16,
}

/// A key that waits for the next: a mark's letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// `m`: the next letter names the mark set here.
    SetMark,
    /// `'`: the next letter names the mark to go to (`''`: back to before
    /// the last jump).
    GoMark,
}

/// One session: its view of a report whose data it shares.
#[derive(Debug, Clone)]
pub struct App {
    /// Everything derived from the report, shared with other sessions.
    pub data: Arc<ReportData>,
    /// The report in this session's script (part of `data`).
    pub shown: Arc<Shown>,
    pub settings: Settings,
    /// The whole terminal.
    pub area: Rect,
    /// Where each pane is: computed when the size or the focus changes.
    pub geometry: Screen,
    /// The document laid out at the reader's width (shared with sessions of
    /// the same width and script).
    pub layout: Arc<Layout>,
    /// The first line the reader shows.
    pub top: usize,
    /// The reading position the user scrolled to, kept across resizes and
    /// script switches.
    pub anchor: Place,
    pub focus: Pane,
    /// The side pane shown beside the reader when only two fit.
    pub side: Pane,
    pub tree: TreeState,
    pub glossary: GlossaryState,
    pub popup: Option<FootnotePopup>,
    /// The help overlay, with its scroll offset.
    pub help: Option<u16>,
    /// Text marked after a jump, until the next key: a block of the shown
    /// document and a byte range of its text.
    pub highlight: Option<(usize, Range<usize>)>,
    /// A one-line message for the status bar, until the next key.
    pub message: Option<String>,
    pub palette: Option<Palette>,
    /// The last search jumped from, for `n`, `N` and the marks.
    pub last_search: Option<SearchState>,
    /// The queries searched for (Enter in the palette), most recent first,
    /// for recall with `↑`.
    pub recall: Vec<String>,
    pub history: History,
    pub figures: FiguresState,
    /// The right-hand pane when three stand side by side: the glossary or
    /// the figures, whichever was focused last.
    pub right: Pane,
    /// A count typed before a key (`5j`), as in less and vim.
    pub count: Option<u32>,
    /// The `:` command line, while it is open: what has been typed.
    pub prompt: Option<String>,
    /// A key waiting for its letter: `m` (set a mark) or `'` (go to one).
    pub pending: Option<Pending>,
    /// Marks set with `m` and a letter.
    pub marks: std::collections::BTreeMap<char, Place>,
    /// Zoom (`z`): the focused pane has the whole body, all of the screen
    /// but the status line.
    pub zoom: bool,
    /// Following a presenter (meeting mode); off in a session of one's own.
    pub follow: super::presented::Follow,
}

impl App {
    /// A session on shared data: cheap (no text is converted, laid out or
    /// indexed here; the first `Resize` lays out, from the shared cache).
    pub fn open(data: Arc<ReportData>, settings: Settings) -> App {
        let shown = data.shown(settings.script).clone();
        let expanded = shown.outline.nodes.iter().map(|n| n.depth == 0).collect();
        let anchor = Place::start_of(shown.doc.id_of(0).cloned().unwrap_or_else(|| "".into()));
        App {
            // Nothing is laid out until the first Resize says how wide.
            layout: Arc::new(Layout::new(&shown.doc, 0..0, 0, settings.ambi)),
            data,
            shown,
            settings,
            area: Rect::default(),
            geometry: screen(Rect::default(), Pane::Reader, Pane::Outline),
            top: 0,
            anchor,
            focus: Pane::Reader,
            side: Pane::Outline,
            tree: TreeState {
                expanded,
                selected: 0,
            },
            glossary: GlossaryState::default(),
            popup: None,
            help: None,
            highlight: None,
            message: None,
            palette: None,
            last_search: None,
            recall: Vec::new(),
            history: History::default(),
            figures: FiguresState::default(),
            right: Pane::Glossary,
            count: None,
            pending: None,
            prompt: None,
            marks: Default::default(),
            zoom: false,
            follow: super::presented::Follow::default(),
        }
    }

    /// A lone session on a report of its own (builds the shared data).
    pub fn new(report: Report, settings: Settings) -> App {
        App::open(Arc::new(ReportData::new(report)), settings)
    }

    /// The report as shown, in the session's script.
    pub fn report(&self) -> &Report {
        &self.shown.report
    }

    /// The document as shown, in the session's script.
    pub fn doc(&self) -> &Document {
        &self.shown.doc
    }

    pub fn outline(&self) -> &Outline {
        &self.shown.outline
    }

    /// The document of the report as written (quantities and the search
    /// index point into it).
    pub fn original_doc(&self) -> &Document {
        self.data.written_doc()
    }

    /// Every quantity the report states, found in the text as written.
    pub fn quantities(&self) -> &[Quantity] {
        self.data.quantities()
    }

    /// The search index, shared, built on first use.
    pub fn index(&self) -> Arc<Index> {
        self.data.index().clone()
    }

    /// The session's script.
    pub fn script(&self) -> Script {
        self.settings.script
    }

    /// Where the panes are.
    pub fn screen(&self) -> Screen {
        self.geometry
    }

    /// The reader's text area (width and height of the text), if shown;
    /// when hidden, the size it would have as the only pane.
    pub fn reader_area(&self) -> Rect {
        match self.geometry.reader {
            Some(r) => reader_text(r),
            None => {
                let main = Rect {
                    height: self.area.height.saturating_sub(1),
                    ..self.area
                };
                reader_text(main)
            }
        }
    }

    /// Lines of text the reader shows at once.
    pub fn viewport(&self) -> usize {
        usize::from(self.reader_area().height).max(1)
    }

    /// The largest `top` that still fills the reader.
    pub fn max_top(&self) -> usize {
        self.layout.lines.len().saturating_sub(self.viewport())
    }

    /// The block at the reading position.
    pub fn current_block(&self) -> usize {
        self.layout.block_at(self.top)
    }

    /// How far through the report the bottom of the view is, in percent
    /// of the report's characters: those up to the end of the last line of
    /// text in view, as less counts bytes. It needs no more of the layout
    /// than the view, so a first frame drawn from the first lines alone
    /// ([`Layout::prefix`]) shows what the whole layout would; 100 once the
    /// last line is in view.
    pub fn percent(&self) -> usize {
        let doc = self.doc();
        let end = (self.top + self.viewport()).min(self.layout.lines.len());
        let shown = self.layout.lines[self.top.min(end)..end]
            .iter()
            .rev()
            .find_map(|l| l.block.map(|b| doc.chars_through(b, l.range.end)))
            .unwrap_or_else(|| doc.chars_through(self.current_block(), 0));
        let total = doc.chars_total();
        if total == 0 {
            return 100;
        }
        shown.min(total) * 100 / total
    }

    /// Outline nodes shown (every ancestor open), in order.
    pub fn visible_nodes(&self) -> Vec<usize> {
        let outline = self.outline();
        (0..outline.nodes.len())
            .filter(|&n| outline.ancestors(n).all(|a| self.tree.expanded[a]))
            .collect()
    }

    /// The footnote markers on the lines in view, in reading order.
    pub fn markers_in_view(&self) -> Vec<MarkerRef> {
        let mut out: Vec<MarkerRef> = Vec::new();
        let end = (self.top + self.viewport()).min(self.layout.lines.len());
        for line in &self.layout.lines[self.top.min(end)..end] {
            let Some(b) = line.block else { continue };
            for (range, mark) in &self.doc().blocks[b].marks {
                if let Mark::Marker(number) = mark {
                    let on_line = line.range.start <= range.start && range.start < line.range.end;
                    if on_line && !out.iter().any(|m| m.block == b && m.range == *range) {
                        out.push(MarkerRef {
                            block: b,
                            range: range.clone(),
                            number: *number,
                        });
                    }
                }
            }
        }
        out
    }
}
