fn main() {
    let r = report_explorer::content::load_embedded().unwrap();
    let d = report_explorer::document::Document::new(&r);
    let q = report_explorer::figures::extract::extract(&d);
    for x in &q {
        println!(
            "{}\t{}\t{}\t{:?}\t{}\t{}\t{:?}",
            x.id, x.text, x.value, x.dimension, x.unit, x.normalized, x.qualifiers
        );
    }
    eprintln!("{} quantities", q.len());
}
