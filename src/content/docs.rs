//! A report's files once parsed, before validation: each value with its
//! file and the locator that turns a path into a line and column. `load`
//! makes them and `validate` reads them.

use std::path::PathBuf;

use super::locate::Locator;
use super::model::{GlossaryFile, IndicatorsFile, ListsFile, PartFile, ReportFile};

/// One parsed file, with what is needed to point into it.
#[derive(Debug)]
pub struct Doc<T> {
    pub file: PathBuf,
    pub value: T,
    pub loc: Locator,
}

/// Every parsed file of a report, before validation.
#[derive(Debug)]
pub struct Docs {
    pub report: Doc<ReportFile>,
    pub parts: Vec<Doc<PartFile>>,
    pub lists: Option<Doc<ListsFile>>,
    pub glossary: Option<Doc<GlossaryFile>>,
    pub indicators: Option<Doc<IndicatorsFile>>,
}
