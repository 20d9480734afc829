//! `figures` output: JSON, CSV or a readable table.

use super::Quantity;
use crate::content::report::StatedValue;
use crate::content::Report;
use crate::document::Document;
use crate::text::{fit, AmbiWidth};

/// The JSON of `figures`, written as it is serialized (a million
/// quantities never stand in memory as a tree of values). Keys in
/// alphabetical order, as serde_json's maps write them.
#[derive(serde::Serialize)]
struct JsonOut<'a> {
    indicators: Vec<IndicatorOut<'a>>,
    quantities: QuantitiesOut<'a>,
}

#[derive(serde::Serialize)]
struct IndicatorOut<'a> {
    id: &'a str,
    name: &'a str,
    result_2024: Option<StatedOut<'a>>,
    target_2025: Option<StatedOut<'a>>,
}

#[derive(serde::Serialize)]
struct StatedOut<'a> {
    change_percent: Option<f64>,
    note: Option<&'a str>,
    source: &'a str,
    text: &'a str,
}

impl<'a> StatedOut<'a> {
    fn of(v: &'a Option<StatedValue>) -> Option<StatedOut<'a>> {
        v.as_ref().map(|v| StatedOut {
            change_percent: v.change_percent,
            note: v.note.as_deref(),
            source: &v.source,
            text: &v.text,
        })
    }
}

#[derive(serde::Serialize)]
struct QuantityOut<'a> {
    base_unit: &'a str,
    dimension: &'a str,
    id: &'a str,
    normalized: f64,
    qualifiers: &'a [String],
    sentence: &'a str,
    text: &'a str,
    unit: &'a str,
    value: f64,
}

/// The quantities as a JSON array, each made as it is written.
struct QuantitiesOut<'a> {
    doc: &'a Document,
    list: &'a [Quantity],
}

impl serde::Serialize for QuantitiesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list.iter().map(|q| QuantityOut {
            base_unit: q.dimension.base_unit(),
            dimension: q.dimension.name(),
            id: &q.id,
            normalized: q.normalized,
            qualifiers: &q.qualifiers,
            sentence: q.sentence_in(self.doc),
            text: &q.text,
            unit: &q.unit,
            value: q.value,
        }))
    }
}

/// `{"indicators": [...], "quantities": [...]}`, pretty-printed, written
/// to `out` as it is made. Errors: those of `out`.
pub fn write_json(
    out: &mut dyn std::io::Write,
    report: &Report,
    doc: &Document,
    quantities: &[Quantity],
) -> std::io::Result<()> {
    let indicators = report
        .indicators
        .iter()
        .map(|i| IndicatorOut {
            id: &i.id,
            name: &i.name,
            result_2024: StatedOut::of(&i.result),
            target_2025: StatedOut::of(&i.target),
        })
        .collect();
    let value = JsonOut {
        indicators,
        quantities: QuantitiesOut {
            doc,
            list: quantities,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// [`write_json`] into a string.
pub fn json(report: &Report, doc: &Document, quantities: &[Quantity]) -> String {
    let mut out = Vec::new();
    // Writing into a Vec does not fail.
    let _ = write_json(&mut out, report, doc, quantities);
    String::from_utf8(out).unwrap_or_default()
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
        let text = json(&r, &d, &q);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // Written as serialized, yet the same text as a tree of values
        // gives (keys sorted, pretty-printed): what `figures` printed before.
        assert_eq!(serde_json::to_string_pretty(&v).unwrap() + "\n", text);
        assert_eq!(
            v["quantities"][0]["sentence"].as_str(),
            Some("預計到年末，地區生產總值增長5%；")
        );
        assert_eq!(v["indicators"].as_array().unwrap().len(), 7);
        assert_eq!(v["quantities"].as_array().unwrap().len(), q.len());
        assert_eq!(v["indicators"][2]["result_2024"]["change_percent"], -29.8);
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
