//! The 2024 Wanghua District report, embedded in the binary so that every
//! command works from any directory with no files beside it.

use std::path::PathBuf;

use super::report::Report;
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

/// The embedded report once loaded and validated, as JSON: what the reader
/// opens, so that it starts without parsing YAML (about 1.2 ms less). The
/// test `the_validated_form_is_the_yaml_loaded` keeps it equal to loading
/// the YAML above; `cargo run --example embed` writes it again.
pub const VALIDATED: &str = include_str!("../../content/wanghua-2024.json");

/// The content hash of the embedded report
/// ([`crate::data::ReportData::content_hash`]: SHA-256 over its blocks' ids
/// and texts, 64 lowercase hex digits), known when the binary is built so
/// that the reader does not hash the report before its first frame. The
/// test `the_content_hash_is_the_reports` keeps it equal to the hash of the
/// report; `cargo run --example embed` writes it again.
pub fn content_hash() -> &'static str {
    include_str!("../../content/wanghua-2024.sha256").trim_end()
}

/// The embedded report in its validated form, or None if that does not
/// read (then load the YAML: [`source`]).
pub fn validated() -> Option<Report> {
    serde_json::from_str(VALIDATED).ok()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load;

    #[test]
    fn the_validated_form_is_the_yaml_loaded() {
        let from_yaml = load(&source()).unwrap();
        assert!(
            validated().as_ref() == Some(&from_yaml),
            "content/wanghua-2024.json is not the YAML's report: run `cargo run --example embed`"
        );
        assert!(from_yaml.meta.title.contains("望花區"));
    }

    #[test]
    fn the_content_hash_is_the_reports() {
        let report = crate::content::load_embedded().unwrap();
        assert!(report.meta.title.contains("望花區"));
        let data = crate::data::ReportData::new(report);
        assert_eq!(
            content_hash(),
            data.content_hash(),
            "content/wanghua-2024.sha256 is not the report's hash: run `cargo run --example embed`"
        );
        assert_eq!(content_hash().len(), 64);
    }
}
