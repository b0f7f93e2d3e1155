//! Showing control characters in the editor. The text widget draws them as nothing, so a
//! reviewer could not see them; instead they are swapped for visible stand-ins while
//! editing (`␛` for ESC, a private-use box for C1 and bidi controls) and swapped back on
//! save. Text that already contains a stand-in cannot be swapped safely and is edited
//! read-only.

/// Private-use code points standing in for C1 controls (U+0080..U+009F).
const C1_BASE: u32 = 0xF780;
/// Private-use code points standing in for bidi controls.
const BIDI_BASE: u32 = 0xF7A0;
const BIDI: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

fn stand_in(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' => char::from_u32(C1_BASE + (c as u32 - 0x80)),
        _ => BIDI
            .iter()
            .position(|&b| b == c)
            .and_then(|i| char::from_u32(BIDI_BASE + i as u32)),
    }
}

fn original(c: char) -> Option<char> {
    let n = c as u32;
    match n {
        0x2400..=0x241F => char::from_u32(n - 0x2400),
        0x2421 => Some('\u{7F}'),
        _ if (C1_BASE..C1_BASE + 0x20).contains(&n) => char::from_u32(n - C1_BASE + 0x80),
        _ if (BIDI_BASE..BIDI_BASE + 9).contains(&n) => BIDI.get((n - BIDI_BASE) as usize).copied(),
        _ => None,
    }
}

/// `text` with control characters swapped for stand-ins; `None` when the text already
/// contains a stand-in character (swapping back would change it).
pub fn to_visible(text: &str) -> Option<String> {
    if text.chars().any(|c| original(c).is_some()) {
        return None;
    }
    Some(text.chars().map(|c| stand_in(c).unwrap_or(c)).collect())
}

/// The text with stand-ins swapped back for the control characters they show.
pub fn from_visible(text: &str) -> String {
    text.chars().map(|c| original(c).unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_round_trip_and_are_visible() {
        let text = "a\u{1b}[31m\tb\u{7}\u{7f}\u{85}\u{202e}x\nnext\r";
        let shown = to_visible(text).unwrap();
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains('\u{241b}'));
        assert_eq!(from_visible(&shown), text);
    }

    #[test]
    fn text_with_stand_ins_is_refused() {
        assert_eq!(to_visible("a ␛ b"), None);
        assert_eq!(to_visible("plain"), Some("plain".to_owned()));
    }
}
