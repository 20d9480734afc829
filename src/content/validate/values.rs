//! Checks of single values that `validate` makes: look-alike footnote
//! markers, dates that must be days of the calendar, and changes in
//! percent that must be finite and sane.

use crate::content::limits::MAX_PERCENT;

/// Runs that look like footnote markers but are not taken as markers:
/// full-width brackets or digits (`［2］`, `[２]`), or more digits than a
/// marker has (`[12345]`). Each with its char offset and as written.
pub fn lookalike_markers(text: &str) -> Vec<(usize, String)> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = Vec::new();
    // Nothing before the first bracket can start one: begin there.
    let first = [text.find('['), text.find('［')]
        .into_iter()
        .flatten()
        .min();
    let Some(first) = first else {
        return out;
    };
    let skipped = text[..first].chars().count();
    // (char offset, (byte offset, char))
    let mut chars = text[first..]
        .char_indices()
        .map(|(b, c)| (b + first, c))
        .enumerate()
        .map(|(i, bc)| (i + skipped, bc))
        .peekable();
    while let Some((i, (start, c))) = chars.next() {
        if !matches!(c, '[' | '［') {
            continue;
        }
        let mut digits = 0;
        while chars.next_if(|&(_, (_, c))| is_digit(c)).is_some() {
            digits += 1;
        }
        if digits == 0 {
            continue;
        }
        if let Some((_, (at, close))) = chars.next_if(|&(_, (_, c))| matches!(c, ']' | '］')) {
            let written = &text[start..at + close.len_utf8()];
            let is_marker = written.is_ascii() && digits <= 4;
            if !is_marker {
                out.push((i, written.to_string()));
            }
        }
    }
    out
}

/// The char offsets of ascending byte offsets of `text`, in one pass.
pub(super) fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut index, mut chars) = (0, text.char_indices().peekable());
    for &b in bytes {
        while chars.next_if(|&(at, _)| at < b).is_some() {
            index += 1;
        }
        out.push(index);
    }
    out
}

/// A marker written with full-width brackets or digits, as it should be
/// written (`［２］` → `[2]`); None when it is ASCII already.
pub(super) fn ascii_marker(written: &str) -> Option<String> {
    if written.is_ascii() {
        return None;
    }
    let ascii = written.chars().map(|c| match c {
        '［' => '[',
        '］' => ']',
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
        c => c,
    });
    Some(ascii.collect())
}

/// Why `s` is not a day written YYYY-MM-DD, or None when it is one (of the
/// Gregorian calendar, leap years included).
pub(super) fn date_problem(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let number = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Some("is not YYYY-MM-DD".into());
    };
    if !shaped {
        return Some("is not YYYY-MM-DD".into());
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => {
            return Some(format!(
                "is not a day of the calendar: there is no month {:02} (months run 01 to 12)",
                month
            ))
        }
    };
    if year == 0 {
        return Some("is not a day of the calendar: there is no year 0000".into());
    }
    if day == 0 || day > days {
        return Some(format!(
            "is not a day of the calendar: {year:04}-{month:02} has days 01 to {days}"
        ));
    }
    None
}

/// Why a change in percent cannot be drawn, or None: it must be a finite
/// number within `MAX_PERCENT` either way.
pub(super) fn percent_problem(x: f64) -> Option<String> {
    let advice = "write the change in percent, such as -29.8 for 下降29.8%";
    if x.is_nan() {
        Some(format!("change_percent is not a number (NaN): {advice}"))
    } else if x.is_infinite() {
        Some(format!("change_percent is infinite: {advice}"))
    } else if x.abs() > MAX_PERCENT {
        Some(format!(
            "change_percent {x:e} is out of range: a change in percent lies within ±{MAX_PERCENT:e}"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalike_markers_are_found_with_their_char_offsets() {
        let t = "推動［2］就業[２]，加強[12345]管理[3]，數字[x]和[１２］";
        assert_eq!(
            lookalike_markers(t),
            vec![
                (2, "［2］".to_string()),
                (7, "[２]".to_string()),
                (13, "[12345]".to_string()),
                (32, "[１２］".to_string())
            ]
        );
        assert_eq!(ascii_marker("[１２］").as_deref(), Some("[12]"));
        assert_eq!(ascii_marker("[12345]"), None);
    }

    #[test]
    fn byte_offsets_become_char_offsets_in_one_pass() {
        let t = "推動[1]就業[2]";
        assert_eq!(char_offsets(t, &[0, 6, 15, 15]), vec![0, 2, 7, 7]);
    }

    #[test]
    fn dates_must_be_days_of_the_calendar() {
        for good in ["2024-12-28", "2024-02-29", "2000-02-29", "2025-01-31"] {
            assert_eq!(date_problem(good), None, "{good}");
        }
        let shape = Some("is not YYYY-MM-DD".to_string());
        assert_eq!(date_problem("2024年12月28日"), shape);
        assert_eq!(date_problem("2024-1-28"), shape);
        assert_eq!(date_problem("2024-+1-28"), shape);
        assert_eq!(
            date_problem("2024-13-01").as_deref(),
            Some("is not a day of the calendar: there is no month 13 (months run 01 to 12)")
        );
        assert_eq!(
            date_problem("2024-00-00").as_deref(),
            Some("is not a day of the calendar: there is no month 00 (months run 01 to 12)")
        );
        assert_eq!(
            date_problem("2024-02-30").as_deref(),
            Some("is not a day of the calendar: 2024-02 has days 01 to 29")
        );
        assert_eq!(
            date_problem("1900-02-29").as_deref(),
            Some("is not a day of the calendar: 1900-02 has days 01 to 28")
        );
        assert_eq!(
            date_problem("2024-04-00").as_deref(),
            Some("is not a day of the calendar: 2024-04 has days 01 to 30")
        );
    }

    #[test]
    fn changes_in_percent_must_be_finite_and_sane() {
        assert_eq!(percent_problem(-29.8), None);
        assert_eq!(percent_problem(1e6), None);
        assert!(percent_problem(f64::NAN)
            .unwrap()
            .starts_with("change_percent is not a number"));
        assert!(percent_problem(f64::NEG_INFINITY)
            .unwrap()
            .starts_with("change_percent is infinite"));
        assert_eq!(
            percent_problem(1e308).unwrap(),
            "change_percent 1e308 is out of range: a change in percent lies within ±1e6"
        );
    }
}
