//! Text search: in a rendered post (for `/`, `n`, `N`) and across post files (full-text).

use crate::render::styled::Line;

/// A hit in a rendered post: line and byte range within the line's plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineHit {
    /// Rendered line.
    pub line: usize,
    /// Byte range in the line's plain text.
    pub range: std::ops::Range<usize>,
}

/// Case-insensitive (for lowercase queries) hits of `query` in `lines`.
pub fn find_in_lines(lines: &[Line], query: &str) -> Vec<LineHit> {
    if query.is_empty() {
        return Vec::new();
    }
    let fold = !query.chars().any(char::is_uppercase);
    let needle = if fold {
        query.to_lowercase()
    } else {
        query.to_owned()
    };
    let mut hits = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let plain = line.plain();
        let hay = if fold { lower_same_len(&plain) } else { plain };
        let mut from = 0;
        while let Some(pos) = hay[from..].find(&needle) {
            let start = from + pos;
            hits.push(LineHit {
                line: i,
                range: start..start + needle.len(),
            });
            from = start + needle.len().max(1);
        }
    }
    hits
}

/// Lowercase ASCII letters only, so byte offsets stay those of the original text.
fn lower_same_len(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// A post whose text matches a full-text search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// The post.
    pub post: crate::core::post::PostId,
    /// 1-based line of the first match in the file.
    pub line: usize,
    /// That line, trimmed and shortened.
    pub text: String,
    /// How many lines match.
    pub count: usize,
}

/// Longest line excerpt kept for a hit.
const EXCERPT_CHARS: usize = 160;

/// The first matching line of `text` (case-insensitive for lowercase queries) and the
/// number of matching lines.
pub fn find_in_text(text: &str, query: &str) -> Option<(usize, String, usize)> {
    let fold = !query.chars().any(char::is_uppercase);
    let needle = if fold {
        query.to_lowercase()
    } else {
        query.to_owned()
    };
    let mut first = None;
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        let found = if fold {
            line.to_lowercase().contains(&needle)
        } else {
            line.contains(&needle)
        };
        if found {
            count += 1;
            if first.is_none() {
                let excerpt: String = line.trim().chars().take(EXCERPT_CHARS).collect();
                first = Some((i + 1, excerpt));
            }
        }
    }
    first.map(|(line, excerpt)| (line, excerpt, count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::styled::{Span, Style};

    #[test]
    fn find_in_lines_is_smart_case_with_byte_ranges() {
        let lines = vec![
            Line::new(vec![Span::new("MarTech and martech", Style::default())]),
            Line::new(vec![Span::new("nothing", Style::default())]),
        ];
        let hits = find_in_lines(&lines, "martech");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[1].range, 12..19);
        assert_eq!(find_in_lines(&lines, "MarTech").len(), 1);
        assert!(find_in_lines(&lines, "").is_empty());
    }

    #[test]
    fn find_in_text_reports_first_line_and_count() {
        let text = "a\nthe SEO plan\nmore seo\n";
        assert_eq!(
            find_in_text(text, "seo"),
            Some((2, "the SEO plan".to_owned(), 2))
        );
        assert_eq!(find_in_text(text, "zzz"), None);
    }
}
