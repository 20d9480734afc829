//! Figures: the headline indicators, and every quantity the report states,
//! as objects to list, sort, filter and follow back to the text.

pub mod export;
pub mod extract;
pub mod units;

use std::ops::Range;

use crate::document::{Document, TextSpan};

pub use units::Dimension;

/// One quantity stated in the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quantity {
    /// As written, qualifiers included (近300萬元).
    pub text: String,
    /// The number as written; negative for a stated fall (下降29.8% is -29.8).
    pub value: f64,
    /// The unit as written, magnitude included (萬元).
    pub unit: String,
    /// 近, 余, 以上, 突破, 超過, 達到…
    pub qualifiers: Vec<String>,
    /// The value in the dimension's base unit (yuan for money).
    pub normalized: f64,
    pub dimension: Dimension,
    #[serde(skip)]
    pub block: usize,
    /// The id of the paragraph, item or entry it stands in.
    pub id: String,
    /// Byte range in the block's text (as written).
    #[serde(skip)]
    pub range: Range<usize>,
    /// Where it stands as a typed span: the block's id and a character
    /// range, the same in either script.
    #[serde(skip)]
    pub span: TextSpan,
    /// The sentence around it, or whole clauses near it in a sentence
    /// too long to quote: a byte range of the block's text (read it with
    /// [`Quantity::sentence_in`]). A range, not a copy: a paragraph with a
    /// million quantities holds a million of them.
    #[serde(skip)]
    pub sentence: Range<usize>,
}

impl Quantity {
    /// The text of [`Quantity::sentence`] in `doc`, the document it was
    /// extracted from (empty if it is another).
    pub fn sentence_in<'a>(&self, doc: &'a Document) -> &'a str {
        doc.blocks
            .get(self.block)
            .and_then(|b| b.text.get(self.sentence.clone()))
            .unwrap_or("")
    }
}
