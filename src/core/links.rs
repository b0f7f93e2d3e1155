//! Finding the links and images in a post's markdown body.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::line_index::LineIndex;

static HTML_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(href|src)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')"#)
        .expect("the HTML attribute pattern is valid")
});

/// The `href="..."` and `src="..."` values in a piece of raw HTML: their byte ranges and
/// whether each is an image source.
pub fn html_link_targets(html: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    HTML_URL.captures_iter(html).filter_map(|caps| {
        let value = caps.get(2).or_else(|| caps.get(3))?;
        let image = caps.get(1)?.as_str().eq_ignore_ascii_case("src");
        Some((value.range(), image))
    })
}

/// The markdown extensions folio understands, shared by link extraction and the renderer.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// A link or image as written in a post, before it is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLink {
    /// The destination as written (after template links are rewritten).
    pub target: String,
    /// 1-based line in the file.
    pub line: usize,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// What one pass over a body finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyScan {
    /// Every link and image, in document order.
    pub links: Vec<RawLink>,
    /// The text of the first level-1 heading, for posts without a title.
    pub first_heading: Option<String>,
}

/// Scan a markdown `body` whose first line is line `first_line` of its file.
pub fn scan_body(body: &str, first_line: usize) -> BodyScan {
    let lines = LineIndex::new(body);
    let mut scan = BodyScan::default();
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => scan.links.push(RawLink {
                target: dest_url.into_string(),
                line: first_line + lines.line_of(range.start) - 1,
                image: false,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => scan.links.push(RawLink {
                target: dest_url.into_string(),
                line: first_line + lines.line_of(range.start) - 1,
                image: true,
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                for (value, image) in html_link_targets(&html) {
                    scan.links.push(RawLink {
                        target: html[value.clone()].to_owned(),
                        line: first_line + lines.line_of(range.start + value.start) - 1,
                        image,
                    });
                }
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if scan.first_heading.is_none() => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some(h) = heading.take() {
                    let h = h.trim();
                    if !h.is_empty() {
                        scan.first_heading = Some(h.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_links_images_and_lines() {
        let body = "![pic](/media/a.webp)\n\nText [one](/posts/a) and\n[two](https://x.org).\n\n- [three](b.md)\n";
        let scan = scan_body(body, 10);
        let got: Vec<_> = scan
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.line, l.image))
            .collect();
        assert_eq!(
            got,
            [
                ("/media/a.webp", 10, true),
                ("/posts/a", 12, false),
                ("https://x.org", 13, false),
                ("b.md", 15, false),
            ]
        );
    }

    #[test]
    fn scan_finds_reference_and_autolinks() {
        let body = "See [ref][r] and <https://a.org>.\n\n[r]: /posts/r\n";
        let targets: Vec<_> = scan_body(body, 1)
            .links
            .into_iter()
            .map(|l| l.target)
            .collect();
        assert_eq!(targets, ["/posts/r", "https://a.org"]);
    }

    #[test]
    fn scan_finds_links_in_html() {
        let body =
            "Text <a href=\"/posts/a\" title='x'>a</a>.\n\n<div>\n<img SRC='/m/b.png'>\n</div>\n";
        let got: Vec<_> = scan_body(body, 1)
            .links
            .into_iter()
            .map(|l| (l.target, l.line, l.image))
            .collect();
        assert_eq!(
            got,
            [
                ("/posts/a".to_owned(), 1, false),
                ("/m/b.png".to_owned(), 4, true)
            ]
        );
    }

    #[test]
    fn scan_ignores_links_in_code() {
        let body = "`[a](/posts/x)`\n\n```\n[b](/posts/y)\n```\n";
        assert!(scan_body(body, 1).links.is_empty());
    }

    #[test]
    fn scan_takes_first_h1() {
        let body = "intro\n\n## Sub\n\n# The `Title`\n\n# Second\n";
        assert_eq!(
            scan_body(body, 1).first_heading.as_deref(),
            Some("The Title")
        );
    }
}
