//! The forms a target is matched in: the text as written, its simplified
//! form, its full pinyin and its pinyin initials. Each form maps its
//! characters back to the characters of the text, so a match in any form
//! highlights the hanzi that matched.

use pinyin::ToPinyin;

use crate::text::script::to_simplified;

/// One form: its characters (lowercase), and for each the index of the
/// text's character it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub text: String,
    pub origin: Vec<usize>,
}

impl Form {
    fn new() -> Form {
        Form {
            text: String::new(),
            origin: Vec::new(),
        }
    }

    fn push_str(&mut self, s: &str, from: usize) {
        for c in s.chars() {
            self.text.push(c);
            self.origin.push(from);
        }
    }
}

/// Every form of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forms {
    /// The text as written, lowercased (ASCII only).
    pub written: Form,
    pub simplified: Form,
    pub pinyin: Form,
    pub initials: Form,
}

fn identity(text: &str) -> Form {
    let text = text.to_ascii_lowercase();
    let origin = (0..text.chars().count()).collect();
    Form { text, origin }
}

impl Forms {
    pub fn new(text: &str) -> Forms {
        let simplified = to_simplified(text);
        let mut pinyin = Form::new();
        let mut initials = Form::new();
        for (i, (c, s)) in text.chars().zip(simplified.chars()).enumerate() {
            let reading = s.to_pinyin().or_else(|| c.to_pinyin());
            match reading {
                Some(p) => {
                    pinyin.push_str(p.plain(), i);
                    initials.push_str(p.first_letter(), i);
                }
                None if c.is_alphanumeric() || c == '.' || c == '%' => {
                    let lower = c.to_lowercase().to_string();
                    pinyin.push_str(&lower, i);
                    initials.push_str(&lower, i);
                }
                None => {}
            }
        }
        Forms {
            written: identity(text),
            simplified: identity(&simplified),
            pinyin,
            initials,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_forms_map_back_to_the_hanzi() {
        let f = Forms::new("新質生產力[27]培育");
        assert_eq!(f.simplified.text, "新质生产力[27]培育");
        assert_eq!(f.pinyin.text, "xinzhishengchanli27peiyu");
        assert_eq!(f.initials.text, "xzscl27py");
        // "chan" comes from 產, the fourth character.
        let at = f.pinyin.text.find("chan").unwrap();
        assert_eq!(f.pinyin.origin[at], 3);
        assert_eq!(f.initials.origin[4], 4);
        // The marker's digits keep their place.
        assert_eq!(f.initials.origin[5], 6);
    }

    #[test]
    fn numbers_and_latin_stay_in_every_form() {
        let f = Forms::new("下降29.8%，PM2.5濃度");
        assert!(f.pinyin.text.contains("29.8%"));
        assert!(f.initials.text.contains("pm2.5"));
        assert!(f.written.text.contains("pm2.5"));
    }
}
