//! Word wrapping of styled text by display width: words break at spaces, wide (CJK)
//! characters may break anywhere, words longer than a line are split, and emoji sequences
//! are never cut (wrapping works on grapheme clusters, measured as the terminal draws them).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::styled::{Span, Style};

/// The grapheme clusters of `text`, exactly as `text.graphemes(true)` gives them, with a
/// fast way through ASCII: between two ASCII characters there is always a cluster
/// boundary (except inside CR LF; every rule that joins characters needs one outside
/// ASCII: marks, joiners, prepended and regional-indicator characters, Hangul), so an ASCII
/// character followed by another is a cluster of its own, and the segmenter runs only from
/// a character followed by a non-ASCII one to the next such boundary. Rendering a long post
/// spent a third of its time in the segmenter; prose is mostly ASCII.
pub(crate) fn graphemes(text: &str) -> Graphemes<'_> {
    Graphemes {
        text,
        pos: 0,
        slow: None,
    }
}

/// The iterator of [`graphemes`].
pub(crate) struct Graphemes<'a> {
    text: &'a str,
    /// Where the next cluster starts (after `slow`, when that is set).
    pos: usize,
    /// The segmenter over a stretch that needs it, and where that stretch ends.
    slow: Option<(unicode_segmentation::Graphemes<'a>, usize)>,
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if let Some((clusters, end)) = &mut self.slow {
            if let Some(g) = clusters.next() {
                return Some(g);
            }
            self.pos = *end;
            self.slow = None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let &first = bytes.get(start)?;
        if first.is_ascii() {
            let len = match bytes.get(start + 1) {
                None => Some(1),
                Some(b'\n') if first == b'\r' => Some(2),
                Some(next) if next.is_ascii() => Some(1),
                Some(_) => None,
            };
            if let Some(len) = len {
                self.pos = start + len;
                return Some(&self.text[start..start + len]);
            }
        }
        // The segmenter, up to the next boundary between two ASCII characters (a
        // character boundary: ASCII bytes start characters), or the end.
        let end = (start + 1..bytes.len())
            .find(|&i| {
                bytes[i - 1].is_ascii()
                    && bytes[i].is_ascii()
                    && !(bytes[i - 1] == b'\r' && bytes[i] == b'\n')
            })
            .unwrap_or(bytes.len());
        let mut clusters = self.text[start..end].graphemes(true);
        let first = clusters.next();
        self.slow = Some((clusters, end));
        first
    }
}

/// A piece of a word or a run of spaces, in one style: one grapheme cluster, or a run of
/// printable ASCII characters (each one column wide), which a line may split anywhere.
#[derive(Clone, Copy, Debug)]
struct Piece<'a> {
    text: &'a str,
    style: Style,
    link: Option<usize>,
    width: usize,
    /// A run of printable ASCII characters (`width` of them).
    run: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Space,
    Break,
}

/// Wrap `spans` to lines of at most `width` columns (a single grapheme wider than the
/// width still gets a line of its own). A span text of `"\n"` forces a line break.
pub fn wrap(spans: &[Span], width: usize) -> Vec<Vec<Span>> {
    wrap_widths(spans, width, width)
}

/// Wrap with a hanging indent: lines after the first start with `indent` spaces.
pub fn wrap_hanging(spans: &[Span], width: usize, indent: usize) -> Vec<Vec<Span>> {
    let indent = indent.min(width / 2);
    let mut lines = wrap_widths(spans, width, width - indent);
    for line in lines.iter_mut().skip(1) {
        line.insert(0, Span::new(" ".repeat(indent), Style::default()));
    }
    lines
}

/// Wrap to `first` columns on the first line and `rest` columns on the others.
fn wrap_widths(spans: &[Span], first: usize, rest: usize) -> Vec<Vec<Span>> {
    wrap_widths_in(spans, first, rest, true)
}

/// [`wrap_widths`], taking printable ASCII a run at a time (`runs`) or a character at a
/// time, as it did before runs: the lines are the same (tests hold the two together).
fn wrap_widths_in(spans: &[Span], first: usize, rest: usize, runs: bool) -> Vec<Vec<Span>> {
    let mut wrapper = Wrapper {
        width: first.max(1),
        rest_width: rest.max(1),
        lines: Vec::new(),
        line: Vec::new(),
        line_width: 0,
        pending_space: Vec::new(),
    };
    let mut word: Vec<Piece> = Vec::new();
    for span in spans {
        // Where the run of printable ASCII that is `word`'s last piece starts in this span.
        let mut run_start: Option<usize> = None;
        let mut at = 0;
        for g in graphemes(&span.text) {
            let start = at;
            at += g.len();
            if runs && matches!(g.as_bytes(), [b'!'..=b'~']) {
                if let (Some(from), Some(last)) = (run_start, word.last_mut()) {
                    last.text = &span.text[from..at];
                    last.width += 1;
                } else {
                    word.push(Piece {
                        text: g,
                        style: span.style,
                        link: span.link,
                        width: 1,
                        run: true,
                    });
                    run_start = Some(start);
                }
                continue;
            }
            run_start = None;
            let kind = if g == "\n" {
                Kind::Break
            } else if g.chars().all(char::is_whitespace) {
                Kind::Space
            } else {
                Kind::Word
            };
            let piece = Piece {
                text: g,
                style: span.style,
                link: span.link,
                width: if kind == Kind::Break { 0 } else { g.width() },
                run: false,
            };
            match kind {
                Kind::Word if piece.width >= 2 => {
                    // Wide characters (CJK) are words of their own: lines may break around them.
                    wrapper.word(&mut word);
                    word.push(piece);
                    wrapper.word(&mut word);
                }
                Kind::Word => word.push(piece),
                Kind::Space => {
                    wrapper.word(&mut word);
                    wrapper.pending_space.push(piece);
                }
                Kind::Break => {
                    wrapper.word(&mut word);
                    wrapper.newline();
                }
            }
        }
    }
    wrapper.word(&mut word);
    if !wrapper.line.is_empty() {
        wrapper.newline();
    }
    wrapper.lines
}

struct Wrapper<'a> {
    width: usize,
    rest_width: usize,
    lines: Vec<Vec<Span>>,
    line: Vec<Piece<'a>>,
    line_width: usize,
    pending_space: Vec<Piece<'a>>,
}

impl<'a> Wrapper<'a> {
    /// Place the word `word` holds (taking its pieces; its room is kept for the next).
    fn word(&mut self, word: &mut Vec<Piece<'a>>) {
        if word.is_empty() {
            return;
        }
        let word_width: usize = word.iter().map(|p| p.width).sum();
        let space_width: usize = self.pending_space.iter().map(|p| p.width).sum();
        if self.line_width > 0 && self.line_width + space_width + word_width > self.width {
            self.newline();
        }
        if self.line_width > 0 {
            self.line_width += space_width;
            self.line.append(&mut self.pending_space);
        }
        self.pending_space.clear();
        for piece in word.drain(..) {
            if piece.run {
                self.run(piece);
                continue;
            }
            if self.line_width > 0 && self.line_width + piece.width > self.width {
                self.newline();
            }
            self.line_width += piece.width;
            self.line.push(piece);
        }
    }

    /// Place a run of printable ASCII as its characters one by one would be: filling
    /// the line, then going on on the next.
    fn run(&mut self, mut piece: Piece<'a>) {
        while piece.width > 0 {
            if self.line_width >= self.width {
                self.newline();
            }
            let take = piece.width.min(self.width - self.line_width);
            let (head, tail) = piece.text.split_at(take);
            self.line.push(Piece {
                text: head,
                width: take,
                ..piece
            });
            self.line_width += take;
            piece.text = tail;
            piece.width -= take;
        }
    }

    fn newline(&mut self) {
        self.pending_space.clear();
        self.lines.push(merge(std::mem::take(&mut self.line)));
        self.line_width = 0;
        self.width = self.rest_width;
    }
}

/// Split spans into lines of at most `width` columns without looking for word breaks
/// (code and HTML keep their spacing).
pub fn split_hard(spans: &[Span], width: usize) -> Vec<Vec<Span>> {
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for span in spans {
        let mut current = Span {
            text: String::new(),
            ..span.clone()
        };
        for g in graphemes(&span.text) {
            let w = g.width();
            if used > 0 && used + w > width {
                let done = std::mem::replace(
                    &mut current,
                    Span {
                        text: String::new(),
                        ..span.clone()
                    },
                );
                if !done.text.is_empty()
                    && let Some(l) = lines.last_mut()
                {
                    l.push(done);
                }
                lines.push(Vec::new());
                used = 0;
            }
            current.text.push_str(g);
            used += w;
        }
        if !current.text.is_empty()
            && let Some(l) = lines.last_mut()
        {
            l.push(current);
        }
    }
    lines
}

/// Join neighbouring pieces of the same style and link into spans.
fn merge(pieces: Vec<Piece>) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for piece in pieces {
        match spans.last_mut() {
            Some(last) if last.style == piece.style && last.link == piece.link => {
                last.text.push_str(piece.text);
            }
            _ => spans.push(Span {
                text: piece.text.to_owned(),
                style: piece.style,
                link: piece.link,
            }),
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::styled::Role;

    fn plain(text: &str, width: usize) -> Vec<String> {
        wrap(&[Span::new(text, Style::default())], width)
            .into_iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    /// Pieces that make every kind of cluster: ASCII (CR LF, controls, tabs), marks that
    /// join the character before (an ASCII one too), joiners and emoji, regional
    /// indicators, prepended characters (before an ASCII digit), Hangul, CJK.
    const PIECES: &[&str] = &[
        "a", "Z", "1", " ", "\t", "\r", "\n", "\r\n", "\u{7}", "\u{7f}", "-", "é", "\u{301}",
        "\u{200d}", "👨", "👩", "\u{fe0f}", "🇫", "🇷", "\u{600}", "\u{110b}", "\u{1161}",
        "\u{11a8}", "日", "\u{93f}", "\u{915}", "\u{94d}", "©",
    ];

    proptest::proptest! {
        /// The fast way through ASCII gives exactly the segmenter's clusters.
        #[test]
        fn graphemes_are_the_segmenters(picks in proptest::collection::vec(0..PIECES.len(), 0..40)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let fast: Vec<&str> = graphemes(&text).collect();
            let slow: Vec<&str> = text.graphemes(true).collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    /// Text for the wrapping proptest: ASCII words of any length, spaces, forced breaks,
    /// punctuation, CJK, an emoji sequence, a combining mark, a tab.
    const WRAP_PIECES: &[&str] = &[
        "a",
        "word",
        "longerwordthanaline",
        "x.y",
        "-",
        " ",
        "  ",
        "\n",
        "\t",
        "日本",
        "é",
        "e\u{301}",
        "👨\u{200d}👩",
        "(",
        "1",
        "\u{7}",
    ];

    proptest::proptest! {
        /// Runs of ASCII wrap to exactly the lines their characters one at a time did,
        /// for any widths (a first line of its own width too), styles and links.
        #[test]
        fn runs_wrap_as_characters_did(
            spans in proptest::collection::vec(
                (proptest::collection::vec(0..WRAP_PIECES.len(), 0..12), 0..3usize, proptest::option::of(0..2usize)),
                0..6,
            ),
            first in 0..24usize,
            rest in 0..24usize,
        ) {
            let spans: Vec<Span> = spans
                .into_iter()
                .map(|(picks, role, link)| Span {
                    text: picks.iter().map(|&i| WRAP_PIECES[i]).collect(),
                    style: Style::role([Role::Text, Role::Link, Role::Code][role]),
                    link,
                })
                .collect();
            proptest::prop_assert_eq!(
                wrap_widths_in(&spans, first, rest, true),
                wrap_widths_in(&spans, first, rest, false)
            );
        }
    }

    #[test]
    fn graphemes_join_what_the_segmenter_joins() {
        for text in [
            "",
            "plain ascii text",
            "e\u{301}x",
            "a\r\nb\r",
            "\u{600}1 2",
            "🇫🇷🇫🇷x🇫",
            "ab👨\u{200d}👩cd",
            "日本語 ok",
        ] {
            let fast: Vec<&str> = graphemes(text).collect();
            let slow: Vec<&str> = text.graphemes(true).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(
            plain("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn wrap_splits_overlong_words() {
        assert_eq!(plain("abcdefghij xy", 4), ["abcd", "efgh", "ij", "xy"]);
    }

    #[test]
    fn wrap_measures_cjk_as_two_columns_and_breaks_between() {
        let lines = plain("日本語のテキスト", 6);
        assert_eq!(lines, ["日本語", "のテキ", "スト"]);
        for line in lines {
            assert!(line.width() <= 6);
        }
    }

    #[test]
    fn wrap_never_cuts_emoji_sequences() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let lines = plain(&format!("ab {family} {family} cd"), 5);
        assert!(lines.iter().all(|l| l.width() <= 5), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains(family)), "{lines:?}");
    }

    #[test]
    fn wrap_keeps_styles_and_links_and_forced_breaks() {
        let spans = [
            Span::new("see ", Style::default()),
            Span {
                text: "the link".into(),
                style: Style::role(Role::Link),
                link: Some(0),
            },
            Span::new("\n", Style::default()),
            Span::new("next", Style::default()),
        ];
        let lines = wrap(&spans, 40);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0][1].text, "the link");
        assert_eq!(lines[0][1].link, Some(0));
        assert_eq!(lines[1][0].text, "next");
    }

    #[test]
    fn wrap_hanging_indents_continuation_lines() {
        let lines: Vec<String> =
            wrap_hanging(&[Span::new("[1] aaa bbb ccc ddd", Style::default())], 9, 4)
                .into_iter()
                .map(|l| l.iter().map(|s| s.text.as_str()).collect())
                .collect();
        assert_eq!(lines, ["[1] aaa", "    bbb", "    ccc", "    ddd"]);
    }

    #[test]
    fn wrap_empty_gives_no_lines() {
        assert!(wrap(&[], 10).is_empty());
        assert!(plain("   ", 10).is_empty());
    }
}
