//! What the user can ask for. Keys map to these through the keymap; tests
//! and other front ends send them directly.

use crate::document::Place;

/// The panes, in focus order. A new pane joins here, in `geometry::screen`
/// (where it goes) and in `ui::draw` (how it looks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Outline,
    Reader,
    Glossary,
    Figures,
}

impl Pane {
    /// Focus order for Tab.
    pub const CYCLE: [Pane; 4] = [Pane::Outline, Pane::Reader, Pane::Glossary, Pane::Figures];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Half a page down (`d`, Ctrl-D, as in less and vim).
    HalfPageDown,
    /// Half a page up (`u`, Ctrl-U).
    HalfPageUp,
    /// Say where the reading position is (`=`, Ctrl-G).
    WhereAmI,
    /// `:`: open the command line.
    OpenPrompt,
    /// `m`: set a mark (the next key names it).
    SetMark,
    /// Ctrl-Z: suspend the reader (the driver does it).
    Suspend,
    /// `'`: go to a mark (the next key names it; `'` again: back to before
    /// the last jump).
    GoMark,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    /// Enter: jump from the outline or glossary, open a footnote in the reader.
    Open,
    /// Esc: close a popup.
    Close,
    /// Open the footnote popup on the markers in view, or go to the next one.
    Footnote,
    PrevMarker,
    Expand,
    Collapse,
    /// Jump the reader to a place (`"part1.s2".into()` is the start of that
    /// block).
    JumpTo(Place),
    /// Open the fuzzy jump palette.
    OpenPalette,
    /// Type a character into the palette.
    Input(char),
    /// Type text into the palette at once (a paste); in a pane, open the
    /// palette with it.
    InsertText(String),
    /// Delete the palette's last character.
    DeleteChar,
    /// Clear the palette's query.
    ClearInput,
    /// Back to where the last jump came from.
    Back,
    /// Undo a Back.
    Forward,
    /// Switch the display between traditional and simplified characters.
    ToggleScript,
    /// Figures: switch between the indicator chart and the quantity table.
    ToggleView,
    /// Figures: next sort order of the table.
    CycleSort,
    /// Figures: next dimension filter of the table.
    CycleDimension,
    /// Figures: next section filter of the table.
    CycleSection,
    /// Mark every quantity in the reader, or stop.
    ToggleInline,
    /// The next hit of the last search, in reading order (`n`).
    NextHit,
    /// The previous hit of the last search (`N`).
    PrevHit,
    /// Hide the marks of the last search's hits (`n` or `N` shows them
    /// again).
    HideHits,
    /// `z`: give the focused pane the whole body (all of the screen but
    /// the status line), or, when zoomed, give the other panes back.
    ToggleZoom,
    Resize(u16, u16),
    /// A presenter (named by its key's comment) shows this: a following
    /// session goes there (meeting mode).
    Presented(String, super::presented::Presented),
    /// Every presenter has left.
    PresentersLeft,
    /// `F`: follow the presenter again, from its place now.
    Rejoin,
    /// `.`: mark the next sentence in the reader (a presenter's pointer).
    Point,
    /// `,`: mark the sentence before.
    PointBack,
}

/// What the driver should do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Redraw,
    Quit,
    /// Stop the process as a shell's job (Ctrl-Z); the driver restores the
    /// terminal first and redraws on resume. A front end that cannot
    /// suspend (an SSH session) ignores it.
    Suspend,
}
