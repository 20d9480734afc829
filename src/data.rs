//! `ReportData`: everything derived from one report, built once and shared
//! by `Arc` across every session that reads it (the local reader, each SSH
//! channel, the tests). A session keeps only its view: size, layout at its
//! width, place, focus, overlays, history and settings.
//!
//! What is built when:
//! - at load: the report as written, its `Document`, outline and the id
//!   map;
//! - on first use, once, from any thread: every quantity (at load for a
//!   large report); the simplified script's report, document and outline;
//! - the search index: once, on a thread of its own when a session asks
//!   for it ([`ReportData::request_index`]: the session keeps taking keys
//!   and shows the build's progress), or in the calling thread for the
//!   commands ([`ReportData::index`]). One build at a time for every
//!   session; a build no session waits for any more stops;
//! - per width: the document laid out, kept in a small cache so that
//!   sessions of the same width, script and ambiguous-width mode share it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

mod build;

use crate::content::Report;
use crate::document::{Document, Layout, Outline};
use crate::figures::extract::extract;
use crate::figures::Quantity;
use crate::search::Index;
use crate::text::script::{convert, Script};
use crate::text::AmbiWidth;
use build::IndexBuild;
pub use build::IndexWait;

/// The report in one script: the report's texts, its document and outline.
/// Block indices and ids are the same in both scripts.
#[derive(Debug)]
pub struct Shown {
    pub script: Script,
    pub report: Arc<Report>,
    pub doc: Arc<Document>,
    pub outline: Arc<Outline>,
}

impl Shown {
    fn new(script: Script, report: Arc<Report>) -> Shown {
        let doc = Document::new(&report);
        let outline = Outline::new(&doc);
        Shown {
            script,
            report,
            doc: Arc::new(doc),
            outline: Arc::new(outline),
        }
    }
}

/// Layouts kept at most: a reader is at most 78 cells wide, so two scripts
/// and two ambiguous-width modes give at most 312; sessions resizing
/// through many widths evict the least recently used.
pub const LAYOUT_CACHE: usize = 24;

type LayoutKey = (Script, usize, AmbiWidth);

/// Below this many characters (the shipped report has about 20,000), the
/// search index takes less than a frame (about 15 ms) to build, and a
/// session asking for it gets it at once; from it, the index is built on a
/// thread of its own.
pub const INLINE_INDEX_CHARS: usize = 500_000;

/// From the same size, a palette's query is searched off the input thread
/// too: a single letter on a report of this many characters takes a few
/// milliseconds (on 17 million, a 50 MB paragraph, about 200 ms).
pub const INLINE_SEARCH_CHARS: usize = INLINE_INDEX_CHARS;

/// Everything derived from one report, immutable once built (the lazily
/// built parts behind `OnceLock`, the layout cache behind a `Mutex`).
#[derive(Debug)]
pub struct ReportData {
    written: Arc<Shown>,
    simplified: OnceLock<Arc<Shown>>,
    /// Every quantity, extracted on first use (the first frame needs
    /// none of them unless the figures pane is open).
    quantities: OnceLock<Vec<Quantity>>,
    /// Characters of the report as written.
    chars: usize,
    index: OnceLock<Arc<Index>>,
    build: IndexBuild,
    /// Palettes' search threads alive, in every session (one at most per
    /// open palette).
    search_threads: AtomicUsize,
    layouts: Mutex<VecDeque<(LayoutKey, Arc<Layout>)>>,
    /// [`ReportData::content_hash`], once computed.
    content_hash: OnceLock<String>,
}

impl ReportData {
    /// Build the shared data of a validated report: its document and
    /// outline (about half a millisecond for the shipped report).
    pub fn new(report: Report) -> ReportData {
        let written = Shown::new(Script::Traditional, Arc::new(report));
        let chars = (0..written.doc.blocks.len())
            .map(|i| written.doc.char_count(i))
            .sum();
        // A large report's quantities are extracted now, with the load,
        // not at the first key that needs them (100,000 paragraphs take
        // about 200 ms); a small one's when first needed (start-up).
        let quantities = OnceLock::new();
        if chars >= INLINE_INDEX_CHARS {
            let _ = quantities.set(extract(&written.doc));
        }
        ReportData {
            chars,
            written: Arc::new(written),
            simplified: OnceLock::new(),
            quantities,
            index: OnceLock::new(),
            build: IndexBuild::default(),
            search_threads: AtomicUsize::new(0),
            layouts: Mutex::new(VecDeque::new()),
            content_hash: OnceLock::new(),
        }
    }

    /// The hash that ties a remembered place to this report
    /// ([`crate::saved::content_hash`]): of the id and text of every block
    /// of the document as written, in order. A place is a block id and a
    /// character offset, so these are exactly what decides whether a saved
    /// place still means the same words (a YAML comment or an indicator's
    /// note does not move anything; any edit of a text or an id does).
    /// Computed once, from any thread.
    pub fn content_hash(&self) -> &str {
        self.content_hash.get_or_init(|| {
            let blocks = &self.written.doc.blocks;
            crate::saved::content_hash(blocks.iter().flat_map(|b| [b.id.as_str(), b.text.as_str()]))
        })
    }

    /// Give [`ReportData::content_hash`] before it is computed: the hash
    /// of a report known beforehand (the embedded one's, computed when the
    /// binary was built: [`crate::content::embedded::content_hash`]). It
    /// must be the hash of this report; a hash already known is kept.
    pub fn knowing_content_hash(self, hash: &str) -> ReportData {
        let _ = self.content_hash.set(hash.to_string());
        self
    }

    /// The report as written.
    pub fn report(&self) -> &Report {
        &self.written.report
    }

    /// The report in `script`; the simplified one is built on first use.
    pub fn shown(&self, script: Script) -> &Arc<Shown> {
        match script {
            Script::Traditional => &self.written,
            Script::Simplified => self.simplified.get_or_init(|| {
                let report = self.written.report.map_text(&|t| convert(t, script));
                Arc::new(Shown::new(script, Arc::new(report)))
            }),
        }
    }

    /// The document as written (quantities and the search index point
    /// into it; block indices are the same in either script).
    pub fn written_doc(&self) -> &Document {
        &self.written.doc
    }

    /// Every quantity the report states, in reading order (extracted on
    /// the first call, once, from any thread).
    pub fn quantities(&self) -> &[Quantity] {
        self.quantities.get_or_init(|| extract(&self.written.doc))
    }

    /// The search index if it is built.
    pub fn try_index(&self) -> Option<&Arc<Index>> {
        self.index.get()
    }

    /// Whether the search index has been built yet.
    pub fn index_built(&self) -> bool {
        self.index.get().is_some()
    }

    /// Whether a palette's queries are searched off the input thread: from
    /// [`INLINE_SEARCH_CHARS`].
    pub fn searches_off_thread(&self) -> bool {
        self.chars >= INLINE_SEARCH_CHARS
    }

    /// How many palettes' search threads are alive, in every session.
    pub fn search_threads(&self) -> usize {
        self.search_threads.load(Ordering::SeqCst)
    }

    /// A palette's search thread starts (true) or ends (false).
    pub fn count_search_thread(&self, started: bool) {
        if started {
            self.search_threads.fetch_add(1, Ordering::SeqCst);
        } else {
            let _ = self
                .search_threads
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                    Some(n.saturating_sub(1))
                });
        }
    }

    /// The document of `script` laid out at `width` cells, from the cache
    /// when a session has laid it out at that width before.
    pub fn layout(&self, script: Script, width: usize, ambi: AmbiWidth) -> Arc<Layout> {
        let key = (script, width, ambi);
        let mut cache = self.layouts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(layout) = used(&mut cache, key) {
            return layout;
        }
        // Laid out with the lock held: two sessions asking for the same new
        // width wait for one layout instead of making two.
        let layout = Arc::new(Layout::of_document(&self.shown(script).doc, width, ambi));
        cache.push_back((key, layout.clone()));
        while cache.len() > LAYOUT_CACHE {
            cache.pop_front();
        }
        layout
    }

    /// The whole layout of [`ReportData::layout`] if a session has made it
    /// already; else None, and nothing is laid out.
    pub fn laid_out(&self, script: Script, width: usize, ambi: AmbiWidth) -> Option<Arc<Layout>> {
        let mut cache = self.layouts.lock().unwrap_or_else(PoisonError::into_inner);
        used(&mut cache, (script, width, ambi))
    }
}

/// The layout of `key` in `cache`, moved to the back (the most recently
/// used).
fn used(cache: &mut VecDeque<(LayoutKey, Arc<Layout>)>, key: LayoutKey) -> Option<Arc<Layout>> {
    let i = cache.iter().position(|(k, _)| *k == key)?;
    let entry = cache.remove(i)?;
    let layout = Arc::clone(&entry.1);
    cache.push_back(entry);
    Some(layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;

    #[test]
    fn the_simplified_report_converts_keeping_its_shape() {
        let data = ReportData::new(load_embedded().unwrap());
        let r = data.report();
        let s = &data.shown(Script::Simplified).report;
        assert_eq!(s.meta.title, "望花区人民政府工作报告");
        assert_eq!(
            s.parts[0].sections[0].paragraphs[0].lead.as_deref(),
            Some("工业升级赋能增效。")
        );
        let before: Vec<u32> = r
            .paragraphs()
            .flat_map(|p| p.body.refs.iter().map(|f| f.number))
            .collect();
        let after: Vec<u32> = s
            .paragraphs()
            .flat_map(|p| p.body.refs.iter().map(|f| f.number))
            .collect();
        assert_eq!(before, after);
        for (a, b) in r.paragraphs().zip(s.paragraphs()) {
            assert_eq!(a.id, b.id);
            assert_eq!(
                a.full_text().chars().count(),
                b.full_text().chars().count(),
                "{}",
                a.id
            );
        }
        assert_eq!(
            s.glossary.as_ref().unwrap().entries[11].term,
            "老专家工作站"
        );
        assert_eq!(&*data.shown(Script::Traditional).report, r);
        // Both documents have the same blocks, ids and characters.
        let (w, d) = (data.written_doc(), &data.shown(Script::Simplified).doc);
        assert_eq!(w.blocks.len(), d.blocks.len());
        for (a, b) in w.blocks.iter().zip(&d.blocks) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.text.chars().count(), b.text.chars().count());
        }
    }

    #[test]
    fn what_is_built_once_is_shared() {
        let data = ReportData::new(load_embedded().unwrap());
        assert!(!data.index_built());
        let a = data.index().clone();
        assert!(Arc::ptr_eq(&a, data.index()));
        let s = data.shown(Script::Simplified).clone();
        assert!(Arc::ptr_eq(&s, data.shown(Script::Simplified)));
        let l = data.layout(Script::Traditional, 52, AmbiWidth::Narrow);
        assert!(Arc::ptr_eq(
            &l,
            &data.layout(Script::Traditional, 52, AmbiWidth::Narrow)
        ));
        assert!(!Arc::ptr_eq(
            &l,
            &data.layout(Script::Simplified, 52, AmbiWidth::Narrow)
        ));
        for w in 1..100 {
            data.layout(Script::Traditional, w, AmbiWidth::Narrow);
        }
        assert!(data.layouts.lock().unwrap().len() <= LAYOUT_CACHE);
        assert_eq!(data.quantities().len(), 188);
    }
}
