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

/// Whether `text` has a character [`is_unsafe_in_text`] refuses, looked for in its UTF-8
/// bytes (a post's parse runs this over every post; most have none): a C0 control but
/// tab, line feed and carriage return; DEL; a C1 control (`C2 80`–`C2 9F`); a bidi
/// embedding or override (`E2 80 AA`–`AE`) or isolate (`E2 81 A6`–`A9`).
fn has_unsafe(text: &str) -> bool {
    /// Where one may start: such a control, DEL, or the lead byte of the others.
    fn candidate(b: u8) -> bool {
        matches!(b, 0..=8 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F | 0xC2 | 0xE2)
    }
    /// Bytes looked at together.
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    let unsafe_at = |i: usize| match bytes[i] {
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xE2 => matches!(
            bytes.get(i + 1..i + 3),
            Some([0x80, 0xAA..=0xAE] | [0x81, 0xA6..=0xA9])
        ),
        b => candidate(b),
    };
    // A block at a time without a branch a byte; a block with a candidate byte in it is
    // looked at closely (most text has none, or a few `’`).
    bytes.chunks(BLOCK).enumerate().any(|(k, block)| {
        block.iter().fold(false, |any, &b| any | candidate(b))
            && (k * BLOCK..k * BLOCK + block.len()).any(unsafe_at)
    })
}

/// The first unsafe character of `text` and its 1-based line, and how many lines have one.
pub fn find_unsafe(text: &str) -> Option<(char, usize, usize)> {
    if !has_unsafe(text) {
        return None;
    }
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

    proptest::proptest! {
        /// The bytes say a text has an unsafe character exactly when its characters do.
        #[test]
        fn unsafe_bytes_agree_with_characters(text in "(\\PC|[\\x00-\\x1f\\x7f-\\u{9f}\\u{2028}-\\u{206f}\\u{ff}]){0,12}") {
            proptest::prop_assert_eq!(
                has_unsafe(&text),
                text.chars().any(is_unsafe_in_text),
                "{:?}", text
            );
        }
    }

    /// `find_unsafe` gives the first character, its line, and the number of such lines.
    #[test]
    fn text_safety_find_unsafe_reports_first_line() {
        assert_eq!(find_unsafe("plain\r\ntext\twith tabs\n"), None);
        let text = "ok\nred \u{1b}[31m\nok\nrtl \u{202e}x\u{202e}\n";
        assert_eq!(find_unsafe(text), Some(('\u{1b}', 2, 2)));
    }
}
