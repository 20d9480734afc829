//! The reader's state. Only `update` changes it; rendering reads it.

use std::ops::Range;

use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::Pane;
use super::figures::FiguresState;
use crate::content::Report;
use crate::document::{Document, Layout, Mark, Outline};
use crate::figures::extract::extract;
use crate::figures::Quantity;
use crate::search::{Hit, Index};
use crate::text::script::{convert_report, Script};
use crate::text::AmbiWidth;
use crate::ui::layout::{reader_text, screen, Screen};

/// Display settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub ambi: AmbiWidth,
    pub color: bool,
    pub script: Script,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ambi: AmbiWidth::Narrow,
            color: true,
            script: Script::Traditional,
        }
    }
}

/// The fuzzy jump palette: the query and its hits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Palette {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

/// A place to come back to: the reading position and the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spot {
    pub anchor: (usize, usize),
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

/// A footnote marker on screen.
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

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    /// The report as written.
    pub original: Arc<Report>,
    /// The report as shown, in the script chosen.
    pub report: Report,
    pub doc: Document,
    pub outline: Outline,
    pub settings: Settings,
    pub area: Rect,
    /// The document laid out at the reader's width.
    pub layout: Layout,
    /// The first line the reader shows.
    pub top: usize,
    /// The reading position: the block and byte offset the user scrolled
    /// to, kept across resizes.
    pub anchor: (usize, usize),
    pub focus: Pane,
    /// The side pane shown beside the reader when only two fit.
    pub side: Pane,
    pub tree: TreeState,
    pub glossary: GlossaryState,
    pub popup: Option<FootnotePopup>,
    /// The help overlay, with its scroll offset.
    pub help: Option<u16>,
    /// Text marked after a jump, until the next key.
    pub highlight: Option<(usize, Range<usize>)>,
    /// A one-line message for the status bar, until the next key.
    pub message: Option<String>,
    pub palette: Option<Palette>,
    /// The search index, built the first time the palette opens.
    pub index: Option<Arc<Index>>,
    pub history: History,
    /// Every quantity the report states, found in the text as written.
    pub quantities: Arc<Vec<Quantity>>,
    pub figures: FiguresState,
    /// The document of the report as written.
    pub source_doc: Arc<Document>,
}

impl App {
    pub fn new(original: Report, settings: Settings) -> App {
        let source_doc = Arc::new(Document::new(&original));
        let report = convert_report(&original, settings.script);
        let doc = Document::new(&report);
        let outline = Outline::new(&doc);
        let expanded = outline.nodes.iter().map(|n| n.depth == 0).collect();
        // Nothing is laid out until the first Resize says how wide.
        let layout = Layout::new(&doc, 0..0, 0, settings.ambi);
        App {
            original: Arc::new(original),
            report,
            doc,
            outline,
            settings,
            area: Rect::default(),
            layout,
            top: 0,
            anchor: (0, 0),
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
            index: None,
            history: History::default(),
            quantities: Arc::new(extract(&source_doc)),
            figures: FiguresState::default(),
            source_doc,
        }
    }

    /// The document of the report as written (quantities and the search
    /// index point into it).
    pub fn original_doc(&self) -> &Document {
        &self.source_doc
    }

    /// Where the panes are.
    pub fn screen(&self) -> Screen {
        screen(self.area, self.focus, self.side)
    }

    /// The reader's text area (width and height of the text), if shown;
    /// when hidden, the size it would have as the only pane.
    pub fn reader_area(&self) -> Rect {
        match self.screen().reader {
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

    /// How far through the report the bottom of the view is, in percent.
    pub fn percent(&self) -> usize {
        let total = self.layout.lines.len().max(1);
        ((self.top + self.viewport()).min(total) * 100) / total
    }

    /// Outline nodes shown (every ancestor open), in order.
    pub fn visible_nodes(&self) -> Vec<usize> {
        (0..self.outline.nodes.len())
            .filter(|&n| self.outline.ancestors(n).all(|a| self.tree.expanded[a]))
            .collect()
    }

    /// The footnote markers on the lines in view, in reading order.
    pub fn markers_in_view(&self) -> Vec<MarkerRef> {
        let mut out: Vec<MarkerRef> = Vec::new();
        let end = (self.top + self.viewport()).min(self.layout.lines.len());
        for line in &self.layout.lines[self.top.min(end)..end] {
            let Some(b) = line.block else { continue };
            for (range, mark) in &self.doc.blocks[b].marks {
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
