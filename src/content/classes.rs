//! What kind of character a `char` is, for the rules of `chars.rs` and
//! the escaping of `problem.rs`: control characters and their names,
//! bidirectional controls, invisible characters, format characters,
//! separators and noncharacters. Imports nothing.

pub const C0_NAMES: [&str; 32] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC",
    "FS", "GS", "RS", "US",
];
pub const C1_NAMES: [&str; 32] = [
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
    "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
    "SCI", "CSI", "ST", "OSC", "PM", "APC",
];

/// The short name of a control character (C0, DEL, C1), or None.
pub fn control_name(c: char) -> Option<&'static str> {
    match c as u32 {
        n @ 0..=0x1F => Some(C0_NAMES[n as usize]),
        0x7F => Some("DEL"),
        n @ 0x80..=0x9F => Some(C1_NAMES[n as usize - 0x80]),
        _ => None,
    }
}

/// Bidirectional formatting characters, with their abbreviations.
pub fn bidi_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{061C}' => "ALM",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        _ => return None,
    })
}

/// Invisible characters that are removed, with their abbreviations.
pub fn removable_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SHY",
        '\u{180E}' => "MVS",
        '\u{200B}' => "ZWSP",
        '\u{200C}' => "ZWNJ",
        '\u{200D}' => "ZWJ",
        '\u{2060}' => "WJ",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{FEFF}' => "BOM",
        _ => return None,
    })
}

/// Format characters (general category Cf, Unicode 15.1).
pub fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// The 66 noncharacters: U+FDD0–U+FDEF and the last two code points of
/// every plane (YAML parsers refuse U+FFFE and U+FFFF outright).
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// Whether `c` would act on a terminal or not be seen when printed: a
/// control character, a format character, a line or paragraph separator,
/// or a noncharacter. Messages escape these (`problem::escape`).
pub fn is_unprintable(c: char) -> bool {
    // Most of a Chinese text: printable ASCII, and U+3000 up to the
    // noncharacters (CJK symbols, kana, hanzi, Hangul, private use), where
    // none of the kinds below stands.
    if matches!(c as u32, 0x20..=0x7E | 0x3000..=0xFDCF) {
        return false;
    }
    control_name(c).is_some() || is_format(c) || is_separator(c) || is_noncharacter(c)
}

pub fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}
