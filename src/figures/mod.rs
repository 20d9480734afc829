//! Figures: the headline indicators, and every quantity the report states,
//! as objects to list, sort, filter and follow back to the text.

pub mod export;
pub mod extract;
pub mod units;

use std::ops::Range;

use crate::document::TextSpan;

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
    pub sentence: String,
}
