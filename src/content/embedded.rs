//! The 2024 Wanghua District report, embedded in the binary so that every
//! command works from any directory with no files beside it.

use std::path::PathBuf;

use super::source::MemorySource;

/// The embedded report's directory name, as shown in messages.
pub const LABEL: &str = "content/wanghua-2024";

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../content/wanghua-2024/", $name)))),*]
    };
}

/// Every file of the embedded report, by name.
pub const FILES: &[(&str, &str)] = embed!(
    "report.yaml",
    "part-1.yaml",
    "part-2.yaml",
    "lists.yaml",
    "glossary.yaml",
    "indicators.yaml",
);

/// The embedded report as a source the loader can read.
pub fn source() -> MemorySource {
    MemorySource {
        label: PathBuf::from(LABEL),
        files: FILES
            .iter()
            .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
            .collect(),
    }
}
