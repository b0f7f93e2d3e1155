//! Making untrusted text safe to print: control characters and escape sequences become
//! visible symbols instead of reaching the terminal.

use std::borrow::Cow;

/// What counts as unsafe is decided in core, so the `control-characters` check and the
/// sanitizer agree.
pub use crate::core::text_safety::is_unsafe;

/// The visible stand-in for an unsafe character: the Unicode control pictures for C0 and
/// DEL (`␛` for ESC), `�` for the rest.
pub fn visible(c: char) -> char {
    match c {
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// `text` with tabs expanded to spaces (tab stops every `tab` columns, counted from
/// `column`) and every other unsafe character replaced by its visible stand-in.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => visible(c),
                c => c,
            })
            .collect(),
    )
}

/// One line of code: tabs expanded to 4-column stops, unsafe characters made visible.
pub fn clean_code_line(line: &str) -> String {
    clean_code_from(line.trim_end_matches('\r'), &mut 0)
}

/// A piece of a line of code that starts at `column` (advanced past it), cleaned as
/// [`clean_code_line`] does.
pub fn clean_code_from(piece: &str, column: &mut usize) -> String {
    let mut out = String::with_capacity(piece.len());
    for c in piece.chars() {
        if c == '\t' {
            let n = 4 - *column % 4;
            out.extend(std::iter::repeat_n(' ', n));
            *column += n;
        } else {
            out.push(if is_unsafe(c) { visible(c) } else { c });
            *column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_replaces_escape_sequences_and_controls() {
        let dirty = "a\u{1b}[31mred\u{7}\u{9b}2J\u{202e}x\u{7f}";
        let cleaned = clean(dirty);
        assert!(!cleaned.chars().any(is_unsafe), "{cleaned:?}");
        assert_eq!(
            cleaned,
            "a\u{241b}[31mred\u{2407}\u{FFFD}2J\u{FFFD}x\u{2421}"
        );
    }

    #[test]
    fn clean_borrows_safe_text() {
        assert!(matches!(clean("plain, ünïcode 日本"), Cow::Borrowed(_)));
        assert_eq!(clean("a\tb"), "a b");
    }

    #[test]
    fn clean_code_line_expands_tabs_to_stops() {
        assert_eq!(clean_code_line("\tx\ty"), "    x   y");
        assert_eq!(clean_code_line("a\u{1b}b\r"), "a\u{241b}b");
    }
}
