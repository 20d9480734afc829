//! Meeting mode's fan-out: presenters publish where they are, viewers
//! follow. A presenter's move is a small event (a [`Presented`]: places,
//! not a frame), kept in a `tokio::sync::watch` channel: publishing only
//! replaces the value and never waits on any viewer, and a slow viewer
//! reads only the latest place when it looks. Each viewer's session then
//! lays that place out at its own size, script and ambiguous width.
//!
//! Who leads: the presenter that moved last. When the one that leads
//! leaves, the one of the others that moved last leads, from where it is;
//! when the last leaves, the lead becomes [`Lead::Left`] (viewers stay
//! where they are). A presenter who joins while nobody else presents
//! leads at once from where it is.
//!
//! The counts a presenter's status line shows (viewers, and how many of
//! them follow) come the same way, in a second watch channel.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use crate::app::follow::{Presented, Stage};

/// What viewers follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lead {
    /// Nobody has presented yet.
    Nobody,
    /// `name` (the comment on the presenter's key) leads, showing `at`;
    /// `seat` tells presenters of one name apart.
    By {
        name: String,
        at: Presented,
        seat: u64,
    },
    /// Every presenter has left; viewers stay where they are.
    Left,
}

/// How many viewers a meeting has, and how many of them follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Audience {
    pub viewers: usize,
    pub following: usize,
}

/// A presenter's seat: where it is, and when it last moved.
#[derive(Debug)]
struct Seat {
    id: u64,
    name: String,
    at: Option<Presented>,
    moved: u64,
}

#[derive(Debug, Default)]
struct Counts {
    seats: Vec<Seat>,
    next_seat: u64,
    moves: u64,
    audience: Audience,
}

/// One meeting: the lead and the audience. Shared by every session of a
/// server started with presenters (and by the local presenter of `serve
/// --present`).
#[derive(Debug)]
pub struct Meeting {
    lead: watch::Sender<Lead>,
    audience: watch::Sender<Audience>,
    counts: Mutex<Counts>,
}

impl Default for Meeting {
    fn default() -> Self {
        Meeting {
            lead: watch::Sender::new(Lead::Nobody),
            audience: watch::Sender::new(Audience::default()),
            counts: Mutex::default(),
        }
    }
}

impl Meeting {
    /// A meeting with nobody in it yet.
    pub fn new() -> Arc<Meeting> {
        Arc::new(Meeting::default())
    }

    /// The counts, even after a panic elsewhere held the lock (they stay
    /// consistent: every change is one assignment).
    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A presenter joins, named `name`. Whether nobody else presents (then
    /// its first [`Presenter::publish`] should come at once: it leads).
    pub fn present(self: &Arc<Self>, name: &str) -> (Presenter, bool) {
        let mut counts = self.counts();
        let id = counts.next_seat;
        counts.next_seat += 1;
        counts.seats.push(Seat {
            id,
            name: name.to_string(),
            at: None,
            moved: 0,
        });
        let alone = counts.seats.len() == 1;
        let presenter = Presenter {
            meeting: Arc::clone(self),
            id,
            name: name.to_string(),
            published: None,
            lead: self.lead.subscribe(),
        };
        (presenter, alone)
    }

    /// A viewer joins, following.
    pub fn view(self: &Arc<Self>) -> Viewer {
        let mut counts = self.counts();
        counts.audience.viewers += 1;
        counts.audience.following += 1;
        self.audience.send_replace(counts.audience);
        Viewer {
            meeting: Arc::clone(self),
            following: true,
            lead: self.lead.subscribe(),
        }
    }

    /// The lead now.
    pub fn lead(&self) -> Lead {
        self.lead.borrow().clone()
    }

    /// The audience now.
    pub fn audience(&self) -> Audience {
        *self.audience.borrow()
    }
}

/// A presenter's seat in a meeting; leaving is dropping it.
#[derive(Debug)]
pub struct Presenter {
    meeting: Arc<Meeting>,
    id: u64,
    name: String,
    published: Option<Presented>,
    lead: watch::Receiver<Lead>,
}

impl Presenter {
    /// This presenter shows `at`: it leads, unless `at` is what it last
    /// published (a key that did not move its view does not take the lead
    /// from another presenter). Never waits.
    pub fn publish(&mut self, at: &Presented) {
        if self.published.as_ref() == Some(at) {
            return;
        }
        self.published = Some(at.clone());
        let mut counts = self.meeting.counts();
        counts.moves += 1;
        let moves = counts.moves;
        if let Some(seat) = counts.seats.iter_mut().find(|s| s.id == self.id) {
            seat.at = Some(at.clone());
            seat.moved = moves;
        }
        let lead = Lead::By {
            name: self.name.clone(),
            at: at.clone(),
            seat: self.id,
        };
        self.meeting.lead.send_if_modified(|now| {
            let changed = *now != lead;
            *now = lead;
            changed
        });
    }

    /// The lead, to watch (a presenter shows who has the floor).
    pub fn lead(&mut self) -> &mut watch::Receiver<Lead> {
        &mut self.lead
    }

    /// Who leads now, when it is another presenter: its name.
    pub fn floor(&self, lead: &Lead) -> Option<String> {
        match lead {
            Lead::By { name, seat, .. } if *seat != self.id => Some(name.clone()),
            _ => None,
        }
    }

    /// This presenter shows `at`, without taking the lead: what a
    /// presenter shows when it joins while another leads.
    pub fn note(&mut self, at: &Presented) {
        self.published = Some(at.clone());
        let mut counts = self.meeting.counts();
        if let Some(seat) = counts.seats.iter_mut().find(|s| s.id == self.id) {
            seat.at = Some(at.clone());
        }
    }

    /// The audience's counts, to watch.
    pub fn audience(&self) -> watch::Receiver<Audience> {
        self.meeting.audience.subscribe()
    }

    /// The audience now.
    pub fn audience_now(&self) -> Audience {
        self.meeting.audience()
    }
}

impl Stage for Presenter {
    fn publish(&mut self, at: &Presented) {
        Presenter::publish(self, at);
    }

    fn audience(&self) -> (usize, usize) {
        let a = self.audience_now();
        (a.viewers, a.following)
    }

    fn floor(&self) -> Option<String> {
        Presenter::floor(self, &self.meeting.lead())
    }
}

impl Drop for Presenter {
    fn drop(&mut self) {
        let mut counts = self.meeting.counts();
        counts.seats.retain(|s| s.id != self.id);
        let led = matches!(&*self.meeting.lead.borrow(), Lead::By { seat, .. } if *seat == self.id);
        if !led && !counts.seats.is_empty() {
            return;
        }
        // The one of the others that moved last leads, from where it is.
        let next = counts
            .seats
            .iter()
            .filter_map(|s| Some((s.moved, s.id, s.name.clone(), s.at.clone()?)))
            .max_by_key(|(moved, ..)| *moved);
        self.meeting.lead.send_replace(match next {
            Some((_, seat, name, at)) => Lead::By { name, at, seat },
            None => Lead::Left,
        });
    }
}

/// A viewer's seat in a meeting; leaving is dropping it.
#[derive(Debug)]
pub struct Viewer {
    meeting: Arc<Meeting>,
    following: bool,
    lead: watch::Receiver<Lead>,
}

impl Viewer {
    /// The lead, to watch: `changed()` wakes when a presenter moves.
    pub fn lead(&mut self) -> &mut watch::Receiver<Lead> {
        &mut self.lead
    }

    /// Whether this viewer follows now (the presenters' counts change).
    pub fn set_following(&mut self, following: bool) {
        if following == self.following {
            return;
        }
        self.following = following;
        let mut counts = self.meeting.counts();
        let n = &mut counts.audience.following;
        *n = if following {
            *n + 1
        } else {
            n.saturating_sub(1)
        };
        self.meeting.audience.send_replace(counts.audience);
    }
}

impl Drop for Viewer {
    fn drop(&mut self) {
        let mut counts = self.meeting.counts();
        counts.audience.viewers = counts.audience.viewers.saturating_sub(1);
        if self.following {
            counts.audience.following = counts.audience.following.saturating_sub(1);
        }
        self.meeting.audience.send_replace(counts.audience);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Place;

    fn at(block: &str) -> Presented {
        Presented {
            top: Place::start_of(block),
            footnote: None,
            mark: None,
            glossary: None,
        }
    }

    #[test]
    fn the_presenter_that_moved_last_leads_and_the_last_to_leave_leaves_viewers_be() {
        let meeting = Meeting::new();
        let (mut wang, alone) = meeting.present("王小明");
        assert!(alone);
        let (mut li, alone) = meeting.present("李華");
        assert!(!alone);
        assert_eq!(meeting.lead(), Lead::Nobody);
        wang.publish(&at("part1.s2"));
        li.publish(&at("part2.s3"));
        assert!(
            matches!(meeting.lead(), Lead::By { name, at: a, .. } if name == "李華" && a == at("part2.s3"))
        );
        assert_eq!(wang.floor(&meeting.lead()).as_deref(), Some("李華"));
        assert_eq!(li.floor(&meeting.lead()), None);
        // Wang's view did not move: Li keeps the lead.
        wang.publish(&at("part1.s2"));
        assert!(matches!(meeting.lead(), Lead::By { name, .. } if name == "李華"));
        // Li, who leads, leaves: Wang leads from where he is.
        drop(li);
        assert!(
            matches!(meeting.lead(), Lead::By { name, at: a, .. } if name == "王小明" && a == at("part1.s2")),
            "{:?}",
            meeting.lead()
        );
        // A third joins and only looks; Wang, who leads, leaves: the third
        // leads from where it is.
        let (mut zhang, _) = meeting.present("張偉");
        zhang.note(&at("list1"));
        drop(wang);
        assert!(matches!(meeting.lead(), Lead::By { name, .. } if name == "張偉"));
        drop(zhang);
        assert_eq!(meeting.lead(), Lead::Left);
        let (_back, alone) = meeting.present("王小明");
        assert!(alone, "a presenter who comes back leads again");
    }

    #[test]
    fn viewers_are_counted_with_those_that_follow_and_a_slow_one_sees_only_the_latest() {
        let meeting = Meeting::new();
        let (mut wang, _) = meeting.present("王小明");
        let audience = wang.audience();
        let mut a = meeting.view();
        let mut b = meeting.view();
        assert_eq!(
            *audience.borrow(),
            Audience {
                viewers: 2,
                following: 2
            }
        );
        a.set_following(false);
        a.set_following(false);
        assert_eq!(wang.audience_now().following, 1);
        drop(a);
        assert_eq!(
            wang.audience_now(),
            Audience {
                viewers: 1,
                following: 1
            }
        );
        // A thousand moves while b does not look: publishing never waits,
        // and b then reads the last.
        for i in 0..1000 {
            wang.publish(&at(&format!("block{i}")));
        }
        assert!(b.lead().has_changed().unwrap());
        let lead = b.lead().borrow_and_update().clone();
        assert!(matches!(lead, Lead::By { at: a, .. } if a == at("block999")));
        assert!(!b.lead().has_changed().unwrap());
    }
}
