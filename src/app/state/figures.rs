//! The figures pane's state within a session: chart or table, the
//! table's sort and filters, and what its rows and column widths were
//! computed from, kept until that changes (`Memo`, keyed by `Same`).

use std::sync::{Arc, Mutex, PoisonError, Weak};

use crate::data::{ReportData, Shown};
use crate::figures::Dimension;
use crate::text::script::Script;
use crate::text::AmbiWidth;

/// The figures pane: chart or table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Chart,
    Table,
}

/// The table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the report states them.
    #[default]
    Document,
    /// Largest normalised value first.
    Largest,
    Smallest,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Sort::Document => "order",
            Sort::Largest => "largest",
            Sort::Smallest => "smallest",
        }
    }
}

/// The figures pane's state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FiguresState {
    pub view: View,
    /// The chart's selected indicator.
    pub indicator: usize,
    /// Whether the chart's selected row is the indicator's 2025 target
    /// (else its 2024 result).
    pub target: bool,
    pub row: usize,
    pub sort: Sort,
    pub dimension: Option<Dimension>,
    /// A section's block index: only quantities of that section.
    pub section: Option<usize>,
    /// Quantities marked in the reader.
    pub inline: bool,
    /// The table's rows, filtered and sorted, kept until the filters, the
    /// sort or the data change.
    pub rows_memo: Memo<RowsKey, Arc<[usize]>>,
    /// The table's columns' natural widths (their widest cells), kept until
    /// the filters, the script, the ambiguous width or the data change.
    pub widths_memo: Memo<WidthsKey, [usize; 7]>,
}

/// What the table's rows depend on: the data, the dimension and section
/// filters, and the sort.
pub type RowsKey = (Same<ReportData>, Option<Dimension>, Option<usize>, Sort);

/// What the columns' natural widths depend on: the data and the report as
/// shown, the filters, the script and the ambiguous width.
pub type WidthsKey = (
    Same<ReportData>,
    Same<Shown>,
    Option<Dimension>,
    Option<usize>,
    Script,
    AmbiWidth,
);

/// Which shared value something was computed from: equal only to the same
/// allocation. It holds a weak reference, so the allocation, though it may
/// be dropped, is not reused while the key lives.
#[derive(Debug)]
pub struct Same<T>(Weak<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Same<T> {
        Same(self.0.clone())
    }
}

impl<T> Same<T> {
    pub fn of(value: &Arc<T>) -> Same<T> {
        Same(Arc::downgrade(value))
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Same<T>) -> bool {
        Weak::ptr_eq(&self.0, &other.0)
    }
}

/// One value derived from a session's state, kept with the key it was
/// computed for and computed again when asked with another key. Rendering
/// reads the state through `&App`, so the memo changes behind a lock. It is
/// not part of the state: a clone starts with a copy, and any two memos
/// compare equal.
pub struct Memo<K, V>(Mutex<Option<(K, V)>>);

impl<K: PartialEq, V: Clone> Memo<K, V> {
    /// The value for `key`: the one kept when it was computed for `key`,
    /// else `compute()`, then kept.
    pub fn get_or(&self, key: K, compute: impl FnOnce() -> V) -> V {
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((k, v)) = lock().as_ref() {
            if *k == key {
                return v.clone();
            }
        }
        // Computed without the lock held: `compute` may ask other memos.
        let value = compute();
        *lock() = Some((key, value.clone()));
        value
    }
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Memo<K, V> {
        Memo(Mutex::new(None))
    }
}

impl<K: Clone, V: Clone> Clone for Memo<K, V> {
    fn clone(&self) -> Memo<K, V> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Memo(Mutex::new(kept))
    }
}

impl<K, V> PartialEq for Memo<K, V> {
    fn eq(&self, _: &Memo<K, V>) -> bool {
        true
    }
}

impl<K, V> Eq for Memo<K, V> {}

impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}
