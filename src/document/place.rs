//! Typed places: a block named by its id, and a character offset into its
//! text. A place means the same paragraph at any width, in either script
//! (conversion keeps the number of characters), and in any session; it is
//! what jumps, history and the reading position hold, and what follow mode
//! will send.

use std::borrow::Borrow;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

/// The id of a block, as the report's YAML gives it (`part1.s2.3`,
/// `glossary.27`). Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(Arc<str>);

impl BlockId {
    pub fn new(id: &str) -> BlockId {
        BlockId(Arc::from(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for BlockId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for BlockId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for BlockId {
    fn from(id: &str) -> BlockId {
        BlockId::new(id)
    }
}

impl From<String> for BlockId {
    fn from(id: String) -> BlockId {
        BlockId(Arc::from(id))
    }
}

impl PartialEq<str> for BlockId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for BlockId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl serde::Serialize for BlockId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A place in the report: a block and a character offset into its text
/// (characters, not bytes: the scripts have the same characters, not always
/// the same bytes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    pub block: BlockId,
    /// Characters from the start of the block's text.
    pub offset: usize,
}

impl Place {
    pub fn new(block: impl Into<BlockId>, offset: usize) -> Place {
        Place {
            block: block.into(),
            offset,
        }
    }

    /// The start of a block.
    pub fn start_of(block: impl Into<BlockId>) -> Place {
        Place::new(block, 0)
    }
}

impl From<&str> for Place {
    /// The start of the block with this id.
    fn from(id: &str) -> Place {
        Place::start_of(id)
    }
}

/// A span of one block's text: its id and a character range (a search
/// match, a quantity, a footnote marker).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextSpan {
    pub block: BlockId,
    /// Characters of the block's text.
    pub chars: Range<usize>,
}

impl TextSpan {
    pub fn new(block: impl Into<BlockId>, chars: Range<usize>) -> TextSpan {
        TextSpan {
            block: block.into(),
            chars,
        }
    }

    /// Where the span starts.
    pub fn start(&self) -> Place {
        Place::new(self.block.clone(), self.chars.start)
    }
}

/// The byte index of character `c` of `text` (its length past the end).
pub fn byte_of_char(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
}

/// The character index of byte `b` of `text` (counting the characters
/// that start before it).
pub fn char_of_byte(text: &str, b: usize) -> usize {
    text.char_indices().take_while(|(i, _)| *i < b).count()
}

/// Characters between two checkpoints of a [`CharIndex`].
const STEP: usize = 64;

/// Where every 64th character of one text starts, so that converting
/// between characters and bytes walks at most 64 characters instead of the
/// text from its start: a span in a paragraph of a megabyte is found as
/// fast as one in a short sentence. The characters are counted when it is
/// made (a document makes one for every text at start); the checkpoints
/// are found in one pass over the text at its first conversion.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// Byte offset of characters 0, 64, 128…, once a conversion asked.
    starts: OnceLock<Vec<usize>>,
    /// Characters in the text.
    chars: usize,
    /// Bytes in the text: an index is used only for a text of this length.
    bytes: usize,
}

/// Two indexes of a text are equal whether or not a conversion has found
/// the checkpoints yet (they follow from the text).
impl PartialEq for CharIndex {
    fn eq(&self, other: &CharIndex) -> bool {
        (self.chars, self.bytes) == (other.chars, other.bytes)
    }
}

impl Eq for CharIndex {}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        CharIndex {
            starts: OnceLock::new(),
            chars: text.chars().count(),
            bytes: text.len(),
        }
    }

    /// The checkpoints of `text`, the text this index was made for.
    fn starts(&self, text: &str) -> &[usize] {
        self.starts.get_or_init(|| checkpoints(text, self.chars))
    }

    /// Characters in the text.
    pub fn len(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Whether this index was built for `text` (else the plain functions
    /// answer).
    fn fits(&self, text: &str) -> bool {
        self.bytes == text.len()
    }

    /// [`byte_of_char`], by the index.
    pub fn byte_of_char(&self, text: &str, c: usize) -> usize {
        if !self.fits(text) {
            return byte_of_char(text, c);
        }
        if c >= self.chars {
            return text.len();
        }
        let from = self.starts(text).get(c / STEP).copied().unwrap_or(0);
        text.get(from..)
            .and_then(|t| t.char_indices().nth(c % STEP))
            .map_or(text.len(), |(b, _)| from + b)
    }

    /// [`char_of_byte`], by the index.
    pub fn char_of_byte(&self, text: &str, b: usize) -> usize {
        if !self.fits(text) {
            return char_of_byte(text, b);
        }
        // The last checkpoint before `b`, then the characters after it.
        let starts = self.starts(text);
        let k = starts.partition_point(|&s| s < b);
        let Some(k) = k.checked_sub(1) else {
            return 0;
        };
        let from = starts[k];
        let after = text.get(from..).map_or(0, |t| {
            t.char_indices().take_while(|(i, _)| from + i < b).count()
        });
        k * STEP + after
    }

    /// [`bytes_of_chars`], by the index.
    pub fn bytes_of_chars(&self, text: &str, chars: &Range<usize>) -> Range<usize> {
        self.byte_of_char(text, chars.start)..self.byte_of_char(text, chars.end)
    }

    /// [`chars_of_bytes`], by the index.
    pub fn chars_of_bytes(&self, text: &str, bytes: &Range<usize>) -> Range<usize> {
        self.char_of_byte(text, bytes.start)..self.char_of_byte(text, bytes.end)
    }
}

/// Byte offsets of characters 0, 64, 128… of `text`, which has `chars`
/// characters.
fn checkpoints(text: &str, chars: usize) -> Vec<usize> {
    // Characters are counted by their first bytes (any but a
    // continuation byte, 0x80–0xBF), 32 bytes at a time (a count the
    // compiler vectorises); only a chunk where a checkpoint falls is
    // walked byte by byte (a search may index every text of a document).
    const CHUNK: usize = 32;
    let first = |b: u8| (b as i8) >= -0x40;
    let mut starts = Vec::with_capacity(chars.div_ceil(STEP));
    let mut seen = 0usize;
    for (c, chunk) in text.as_bytes().chunks(CHUNK).enumerate() {
        let n = chunk.iter().filter(|&&b| first(b)).count();
        if seen.next_multiple_of(STEP) < seen + n {
            let mut k = seen;
            for (i, &b) in chunk.iter().enumerate() {
                if first(b) {
                    if k.is_multiple_of(STEP) {
                        starts.push(c * CHUNK + i);
                    }
                    k += 1;
                }
            }
        }
        seen += n;
    }
    starts
}

/// Characters → bytes, for a range.
pub fn bytes_of_chars(text: &str, chars: &Range<usize>) -> Range<usize> {
    byte_of_char(text, chars.start)..byte_of_char(text, chars.end)
}

/// Bytes → characters, for a range.
pub fn chars_of_bytes(text: &str, bytes: &Range<usize>) -> Range<usize> {
    char_of_byte(text, bytes.start)..char_of_byte(text, bytes.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_between_chars_and_bytes_in_chinese_text() {
        let t = "望花區29.8%增長";
        assert_eq!(byte_of_char(t, 3), 9);
        assert_eq!(char_of_byte(t, 9), 3);
        assert_eq!(byte_of_char(t, 100), t.len());
        assert_eq!(bytes_of_chars(t, &(3..8)), 9..14);
        assert_eq!(chars_of_bytes(t, &(9..14)), 3..8);
        assert_eq!(&t[bytes_of_chars(t, &(8..10))], "增長");
    }

    #[test]
    fn the_index_agrees_with_the_plain_conversions_in_a_long_chinese_text() {
        let t = "推動新質生產力發展，a實施工業技改項目45項，".repeat(40);
        let index = CharIndex::new(&t);
        let n = t.chars().count();
        assert_eq!(index.len(), n);
        for c in 0..=n + 2 {
            assert_eq!(index.byte_of_char(&t, c), byte_of_char(&t, c), "{c}");
        }
        for b in 0..=t.len() + 2 {
            assert_eq!(index.char_of_byte(&t, b), char_of_byte(&t, b), "{b}");
        }
        assert_eq!(
            index.bytes_of_chars(&t, &(100..130)),
            bytes_of_chars(&t, &(100..130))
        );
        // Built for another text, it answers as the plain functions do.
        let other = "望花區";
        assert_eq!(index.byte_of_char(other, 2), 6);
        assert_eq!(index.char_of_byte(other, 6), 2);
        assert!(CharIndex::new("").is_empty());
    }

    #[test]
    fn checkpoints_are_every_64th_characters_start_at_every_length() {
        // One, two, three and four bytes a character: a, é, 望, 𠀀.
        let all = "a望é𠀀望花區，29.8%".repeat(30);
        for n in 0..=all.chars().count() {
            let t: String = all.chars().take(n).collect();
            let index = CharIndex::new(&t);
            let starts: Vec<usize> = t
                .char_indices()
                .enumerate()
                .filter(|(i, _)| i % STEP == 0)
                .map(|(_, (b, _))| b)
                .collect();
            assert_eq!(index.starts(&t), &starts[..], "{n} characters");
            assert_eq!(index.len(), n);
        }
    }

    #[test]
    fn an_index_is_the_same_before_and_after_its_first_conversion() {
        let t = "望花區，".repeat(100);
        let index = CharIndex::new(&t);
        let asked = index.clone();
        assert_eq!(asked.byte_of_char(&t, 70), 210);
        assert_eq!(asked.char_of_byte(&t, 210), 70);
        assert_eq!(index, asked);
        assert_eq!(index.len(), 400);
    }

    #[test]
    fn ids_compare_with_strings_and_clone_cheaply() {
        let id = BlockId::new("part1.s2.3");
        assert_eq!(id, "part1.s2.3");
        assert!(id.starts_with("part1."));
        let p = Place::new(id.clone(), 4);
        assert_eq!(p.block.to_string(), "part1.s2.3");
        assert_eq!(
            TextSpan::new("glossary.27", 0..5).start(),
            Place::new("glossary.27", 0)
        );
    }
}
