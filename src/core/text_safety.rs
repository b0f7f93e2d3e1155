//! Which characters are unsafe to show raw: the one classification shared by the content
//! check `control-characters` and the renderer's sanitizer (`render::sanitize`). Pure; it
//! replaces nothing itself.

/// Whether `c` must not be printed raw: C0/C1 controls, DEL, and the bidirectional
/// controls that can reorder what a reader sees.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is unsafe in a post's text: unsafe, and not one of the layout characters a
/// text file may hold (tab, line feed, carriage return).
pub fn is_unsafe_in_text(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && is_unsafe(c)
}

/// The first unsafe character of `text` and its 1-based line, and how many lines have one.
pub fn find_unsafe(text: &str) -> Option<(char, usize, usize)> {
    let mut first = None;
    let mut lines = 0;
    for (i, line) in text.split('\n').enumerate() {
        if let Some(c) = line.chars().find(|&c| is_unsafe_in_text(c)) {
            lines += 1;
            first.get_or_insert((c, i + 1));
        }
    }
    first.map(|(c, line)| (c, line, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Controls, DEL, C1 and bidi overrides are unsafe; ordinary text and layout are not.
    #[test]
    fn text_safety_classifies_characters() {
        for c in [
            '\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            assert!(is_unsafe_in_text(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', 'a', 'é', '日', '\u{200d}'] {
            assert!(!is_unsafe_in_text(c), "{c:?}");
        }
        assert!(is_unsafe('\n'), "the sanitizer still replaces line breaks");
    }

    /// `find_unsafe` gives the first character, its line, and the number of such lines.
    #[test]
    fn text_safety_find_unsafe_reports_first_line() {
        assert_eq!(find_unsafe("plain\r\ntext\twith tabs\n"), None);
        let text = "ok\nred \u{1b}[31m\nok\nrtl \u{202e}x\u{202e}\n";
        assert_eq!(find_unsafe(text), Some(('\u{1b}', 2, 2)));
    }
}
