//! Small text helpers for drawing: sanitizing untrusted strings and fitting them to a width.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::render::sanitize::clean;

/// Untrusted text made safe to draw (ratatui passes control characters through).
pub fn safe(text: &str) -> Cow<'_, str> {
    clean(text)
}

/// `text` cut to `width` columns with `…`, or padded with spaces to exactly `width`.
pub fn fit(text: &str, width: usize) -> String {
    let text = safe(text);
    let w = text.width();
    if w <= width {
        let mut out = text.into_owned();
        out.push_str(&" ".repeat(width - w));
        return out;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let gw = g.width();
        if used + gw + 1 > width {
            break;
        }
        out.push_str(g);
        used += gw;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_truncates_by_display_width() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("日本語", 5), "日本…");
        assert_eq!(fit("日本語", 4).width(), 4);
        assert_eq!(fit("a\u{1b}b", 3), "a\u{241b}b");
    }
}
