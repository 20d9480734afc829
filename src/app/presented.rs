//! What meeting mode passes between sessions, as data: a presenter's place
//! ([`Presented`]), the presenter who leads, and a session's state of
//! following. (The functions are in `follow.rs`; these types stand apart
//! so that actions can carry them.)

use crate::document::{Place, TextSpan};

/// What a presenter shows, in places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    /// The reading position at the top of the presenter's reader.
    pub top: Place,
    /// The footnote marker whose note the popup shows.
    pub footnote: Option<Place>,
    /// The text marked after a jump.
    pub mark: Option<TextSpan>,
    /// The glossary entry (its term's number, from 1) selected in the
    /// glossary pane, when that pane has the focus.
    pub glossary: Option<u32>,
}

/// The presenter who leads, and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    /// The name on the presenter's key (its comment).
    pub name: String,
    pub at: Presented,
}

/// A session's state of following.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Follow {
    /// The presenter who moved last, and where (kept when every presenter
    /// has left).
    pub leader: Option<Leader>,
    /// Whether this session goes where the leader goes.
    pub following: bool,
    /// Every presenter has left: the session stays where it is.
    pub left: bool,
    /// A presenter's audience: how many viewers, how many following.
    pub audience: Option<(usize, usize)>,
    /// A presenter's view of the floor: the name of another presenter who
    /// leads now (None: this one leads, or nobody does).
    pub floor: Option<String>,
}

impl Follow {
    /// A viewer's state at the start: following, nobody presenting yet.
    pub fn viewer() -> Follow {
        Follow {
            following: true,
            ..Follow::default()
        }
    }
}
