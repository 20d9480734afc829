//! Write `content/wanghua-2024.json`, the embedded report loaded and
//! validated, which the reader opens instead of parsing its YAML:
//! `cargo run --example embed` after changing the YAML or the report's
//! types (the test `the_validated_form_is_the_yaml_loaded` says when).

use report_explorer::content::{embedded, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = load(&embedded::source()).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&report)?;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/wanghua-2024.json");
    std::fs::write(&path, json + "\n")?;
    println!("wrote {}", path.display());
    Ok(())
}
