//! `figures` output: JSON, CSV or a readable table.

use serde_json::{json, Value};

use super::Quantity;
use crate::content::report::StatedValue;
use crate::content::Report;
use crate::document::Document;
use crate::text::{fit, AmbiWidth};

fn stated(v: &Option<StatedValue>) -> Value {
    match v {
        None => Value::Null,
        Some(v) => json!({
            "text": v.text,
            "change_percent": v.change_percent,
            "note": v.note,
            "source": v.source,
        }),
    }
}

/// `{"indicators": [...], "quantities": [...]}`, pretty-printed.
pub fn json(report: &Report, doc: &Document, quantities: &[Quantity]) -> String {
    let indicators: Vec<Value> = report
        .indicators
        .iter()
        .map(|i| json!({"id": i.id, "name": i.name, "result_2024": stated(&i.result), "target_2025": stated(&i.target)}))
        .collect();
    let quantities: Vec<Value> = quantities
        .iter()
        .map(|q| {
            json!({
                "text": q.text,
                "value": q.value,
                "unit": q.unit,
                "qualifiers": q.qualifiers,
                "normalized": q.normalized,
                "base_unit": q.dimension.base_unit(),
                "dimension": q.dimension.name(),
                "id": q.id,
                "sentence": q.sentence_in(doc),
            })
        })
        .collect();
    let doc = json!({"indicators": indicators, "quantities": quantities});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per quantity, with a header row.
pub fn csv(doc: &Document, quantities: &[Quantity]) -> String {
    let mut out =
        String::from("text,value,unit,qualifiers,normalized,base_unit,dimension,id,sentence\n");
    for q in quantities {
        let row = [
            q.text.clone(),
            q.value.to_string(),
            q.unit.clone(),
            q.qualifiers.join(" "),
            q.normalized.to_string(),
            q.dimension.base_unit().to_string(),
            q.dimension.name().to_string(),
            q.id.clone(),
            q.sentence_in(doc).to_string(),
        ];
        let row: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A number for people: 3000000 → 3,000,000; fractions kept short.
pub fn human(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

fn pad(s: &str, width: usize) -> String {
    fit(s, width, AmbiWidth::Narrow)
}

/// The indicators, then the quantities, as aligned columns.
pub fn table(report: &Report, quantities: &[Quantity]) -> String {
    let mut out = String::new();
    if !report.indicators.is_empty() {
        out.push_str(&format!(
            "{}{}{}\n",
            pad("indicator", 26),
            pad("2024", 52),
            "2025"
        ));
        for i in &report.indicators {
            // The words after the indicator's name: 下降29.8%, 高于全市平均水平.
            let show = |v: &Option<StatedValue>| {
                v.as_ref().map_or("—".to_string(), |v| {
                    let t = v.text.strip_prefix(i.name.as_str()).unwrap_or(&v.text);
                    match &v.note {
                        Some(n) => format!("{t}（{n}）"),
                        None => t.to_string(),
                    }
                })
            };
            out.push_str(&format!(
                "{}{}{}\n",
                pad(&i.name, 26),
                pad(&show(&i.result), 52),
                show(&i.target)
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{}{}{}{}\n",
        pad("quantity", 22),
        pad("normalized", 26),
        pad("dimension", 19),
        "where"
    ));
    for q in quantities {
        let norm = format!("{} {}", human(q.normalized), q.dimension.base_unit());
        out.push_str(&format!(
            "{}{}{}{}\n",
            pad(&q.text, 22),
            pad(norm.trim(), 26),
            pad(q.dimension.name(), 19),
            q.id
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_embedded;
    use crate::document::Document;
    use crate::figures::extract::extract;

    #[test]
    fn numbers_read_well() {
        assert_eq!(human(3_000_000.0), "3,000,000");
        assert_eq!(human(-29.8), "-29.8");
        assert_eq!(human(12066.666666), "12066.67");
        assert_eq!(human(100.0), "100");
    }

    #[test]
    fn csv_quotes_what_needs_it_and_json_has_both_arrays() {
        let r = load_embedded().unwrap();
        let d = Document::new(&r);
        let q = extract(&d);
        let c = csv(&d, &q);
        assert!(c.starts_with("text,value,unit,"));
        assert_eq!(c.lines().count(), q.len() + 1);
        assert!(c.contains("近300萬元,300,萬元,近,3000000,yuan,money,part1.s1.2,"));
        let v: Value = serde_json::from_str(&json(&r, &d, &q)).unwrap();
        assert_eq!(v["indicators"].as_array().unwrap().len(), 7);
        assert_eq!(v["quantities"].as_array().unwrap().len(), q.len());
        assert_eq!(v["indicators"][2]["result_2024"]["change_percent"], -29.8);
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
