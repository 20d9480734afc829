//! Write `content/wanghua-2024.json`, the embedded report loaded and
//! validated, which the reader opens instead of parsing its YAML, and
//! `content/wanghua-2024.sha256`, its content hash, which the reader
//! restores a place with instead of hashing the report at start:
//! `cargo run --example embed` after changing the YAML or the report's
//! types (the tests `the_validated_form_is_the_yaml_loaded` and
//! `the_content_hash_is_the_reports` say when).

use report_explorer::content::{embedded, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = load(&embedded::source()).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&report)?;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/wanghua-2024.json");
    std::fs::write(&path, json + "\n")?;
    println!("wrote {}", path.display());
    let hash = report_explorer::data::ReportData::new(report)
        .content_hash()
        .to_string();
    let path = path.with_extension("sha256");
    std::fs::write(&path, hash + "\n")?;
    println!("wrote {}", path.display());
    Ok(())
}
