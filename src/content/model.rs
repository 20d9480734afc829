//! The YAML files of a report directory, as serde types. These mirror the
//! files exactly (unknown fields are refused); `load` turns them into the
//! domain types of `report`, where ids and references are resolved.
//!
//! The importer writes these same types, so the format has one definition.

use serde::{Deserialize, Serialize};

/// `report.yaml`: metadata, front matter, and the other files in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    pub id: String,
    pub title: String,
    pub occasion: String,
    pub speaker: String,
    pub speaker_title: String,
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    pub salutation: String,
    #[serde(default)]
    pub opening: Vec<ParagraphYaml>,
    /// Part files, in reading order.
    pub parts: Vec<String>,
    /// The livelihood-project lists file, if the report has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<String>,
    /// The glossary file, if the report has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glossary: Option<String>,
}

/// One paragraph: an optional bold lead phrase, then the text. The text may
/// cite glossary entries with markers such as `[12]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphYaml {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    pub text: String,
}

/// A part file such as `part-1.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartFile {
    pub id: String,
    pub number: u32,
    pub title: String,
    #[serde(default)]
    pub intro: Vec<ParagraphYaml>,
    pub sections: Vec<SectionYaml>,
    #[serde(default)]
    pub closing: Vec<ParagraphYaml>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionYaml {
    pub id: String,
    /// 1 for (一), 2 for (二), …
    pub number: u32,
    pub title: String,
    pub paragraphs: Vec<ParagraphYaml>,
}

/// `lists.yaml`: numbered lists such as the livelihood projects (民生實事).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListsFile {
    pub title: String,
    pub lists: Vec<ListYaml>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListYaml {
    pub id: String,
    pub intro: String,
    pub items: Vec<ItemYaml>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemYaml {
    pub id: String,
    pub number: u32,
    pub text: String,
}

/// `glossary.yaml`: the numbered terms that `[n]` markers cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub title: String,
    pub entries: Vec<EntryYaml>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryYaml {
    pub id: String,
    pub number: u32,
    pub term: String,
    pub definition: String,
}

/// `indicators.yaml` (hand-curated, optional): the headline indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    pub indicators: Vec<IndicatorYaml>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorYaml {
    pub id: String,
    pub name: String,
    /// The 2024 result.
    pub result: Option<ValueYaml>,
    /// The 2025 target.
    pub target: Option<ValueYaml>,
}

/// One stated value of an indicator: the exact words of the report, the
/// paragraph they stand in, and the signed change in percent when the words
/// state one (下降29.8% is -29.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueYaml {
    pub source: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
