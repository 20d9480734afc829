//! A report's content: its YAML files, loading and validation, the embedded
//! report, and the importer that rebuilds content from plain text.

pub mod chars;
pub mod classes;
pub mod docs;
pub mod embedded;
pub mod import;
pub mod limits;
pub mod load;
pub mod locate;
pub mod model;
pub mod problem;
pub mod report;
pub mod source;
pub mod validate;

pub use load::{load, load_checked, Loaded};
pub use problem::{Pos, Problem, Problems, Severity};
pub use report::Report;
pub use source::{DirSource, MemorySource, ReportSource};

/// Load the report embedded in the binary: its validated form (checked
/// against its YAML by a test), or, should that not read, the YAML.
pub fn load_embedded() -> Result<Report, Problems> {
    match embedded::validated() {
        Some(report) => Ok(report),
        None => load(&embedded::source()),
    }
}
