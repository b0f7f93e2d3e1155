//! Finding the links and images in a post's markdown body, each with its destination both
//! as resolved (template links rewritten) and as written in the file, and, in the same walk
//! over its events, what the content checks measure (headings, images without alt text,
//! words).

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::line_index::LineCursor;
use super::link_templates::{LinkTemplates, REF_SCHEME, Rewritten};

static HTML_IMG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<img\b[^>]*>").expect("the HTML image pattern is valid"));

static HTML_ALT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\salt[ \t]*=").expect("the HTML alt pattern is valid"));

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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawLink {
    /// The destination to resolve (after template links are rewritten). Decoded from the
    /// index cache, equal targets share one copy (see [`sharing_targets`]).
    #[serde(deserialize_with = "shared_target")]
    pub target: Arc<str>,
    /// The destination as written in the file, when a template was rewritten to an internal
    /// `folio-ref:` name (`{% post_url 2016-01-02-x %}`); see [`RawLink::as_written`].
    pub written: Option<Arc<str>>,
    /// 1-based line in the file (a `u32`: a site has several links a post).
    pub line: u32,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// A set of link targets, each kept once.
type Targets = std::collections::HashSet<Arc<str>, foldhash::fast::RandomState>;

thread_local! {
    /// The link targets made so far on this thread, while a [`SharedTargets`] lives (see
    /// [`sharing_targets`]).
    static DECODED_TARGETS: std::cell::RefCell<Option<Targets>> =
        const { std::cell::RefCell::new(None) };
}

/// Run `decode` (posts decoded on this thread, as from the index cache) with equal link
/// targets decoded into one shared copy. A site's posts link to one another: in the
/// generated 100,000-post site each target is written about four times, and decoded each
/// was its own allocation (19 MB). Outside it, every target is its own copy.
pub fn sharing_targets<T>(decode: impl FnOnce() -> T) -> T {
    // Ends with `decode`, even if it panics.
    let _shared = SharedTargets::on_this_thread();
    decode()
}

/// A link target, decoded (see [`sharing_targets`]).
fn shared_target<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    struct Target;
    impl serde::de::Visitor<'_> for Target {
        type Value = Arc<str>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a link target")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arc<str>, E> {
            Ok(target_of(v))
        }
    }
    d.deserialize_str(Target)
}

/// Link target `v`: the copy made before on this thread while targets are shared (see
/// [`sharing_targets`] and [`SharedTargets`]), else a new one.
fn target_of(v: &str) -> Arc<str> {
    DECODED_TARGETS.with_borrow_mut(|shared| match shared {
        Some(set) => {
            if let Some(known) = set.get(v) {
                Arc::clone(known)
            } else {
                let target: Arc<str> = Arc::from(v);
                set.insert(Arc::clone(&target));
                target
            }
        }
        None => Arc::from(v),
    })
}

/// While one is alive, the link targets this thread makes, decoded or found by a scan of a
/// body, share one copy each (as inside [`sharing_targets`]); when it ends, the set goes
/// (the targets stay with the posts). For the posts parsed on a worker thread, one after
/// another: at 100,000 generated posts their targets took 35 MB, each its own copy. One
/// made while another is alive on the same thread leaves that one's set in place. Stays
/// on the thread it was made on.
pub struct SharedTargets {
    started: bool,
    _on_this_thread: std::marker::PhantomData<*const ()>,
}

impl SharedTargets {
    /// Share the targets made on this thread from now until the value is dropped.
    pub fn on_this_thread() -> SharedTargets {
        let started = DECODED_TARGETS.with_borrow_mut(|shared| {
            let start = shared.is_none();
            if start {
                *shared = Some(Targets::default());
            }
            start
        });
        SharedTargets {
            started,
            _on_this_thread: std::marker::PhantomData,
        }
    }
}

impl Drop for SharedTargets {
    fn drop(&mut self) {
        if self.started {
            DECODED_TARGETS.with_borrow_mut(|shared| *shared = None);
        }
    }
}

impl RawLink {
    /// The destination as written in the file.
    pub fn as_written(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.target)
    }
}

/// What one pass over a body finds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyScan {
    /// Every link and image, in document order.
    pub links: Vec<RawLink>,
    /// The text of the first level-1 heading, for posts without a title.
    pub first_heading: Option<String>,
    /// Every heading as (level 1–6, 1-based line), in document order.
    pub headings: Vec<(u8, usize)>,
    /// The 1-based lines of images without alt text (markdown `![](x)`, or an HTML
    /// `<img>` with no `alt` attribute; `alt=""` marks a decorative image and is fine).
    pub images_without_alt: Vec<usize>,
    /// Words of body text, links, code and HTML left out.
    pub words: usize,
}

/// Counts words across text events that may split a word (`foo*bar` is one word).
#[derive(Default)]
struct WordCounter {
    words: usize,
    /// The current run of non-space characters has been counted already.
    counted: bool,
}

impl WordCounter {
    /// A word counts once it has a letter or digit, so a lone `—` is not a word. ASCII is
    /// taken 64 bytes at a time ([`ascii_words`]); any other character as one.
    fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            let (words, counted) = ascii_words(bytes, self.counted);
            (self.words, self.counted) = (self.words + words, counted);
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            let (words, counted) = ascii_words(&bytes[i..i + run], self.counted);
            (self.words, self.counted) = (self.words + words, counted);
            i += run;
            // Then one other character (`i` is at its start: only ASCII bytes and whole
            // characters are stepped over).
            if let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
                self.add_char(c);
                i += c.len_utf8();
            }
        }
    }

    fn add_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.counted = false;
        } else if !self.counted && c.is_alphanumeric() {
            self.words += 1;
            self.counted = true;
        }
    }

    /// Something that is not text (a break, a block edge, code, a link) ends the word.
    fn gap(&mut self) {
        self.counted = false;
    }
}

/// The words [`WordCounter`] counts in ASCII `bytes`, and whether the last is counted,
/// from `counted` (the state before them). A word is counted at a letter or digit whose
/// nearest letter, digit or space before it is a space (punctuation between changes
/// nothing: `("word` is one word, `don't` too).
///
/// Taken 64 bytes at a time as masks of spaces and of letters and digits: a space's
/// "count the next" runs up through punctuation and spaces like an addition's carry
/// through ones, and stops at the first letter or digit, which it counts. A byte at a
/// time, each byte waited on the one before: a tenth of a post's parse went there.
fn ascii_words(bytes: &[u8], counted: bool) -> (usize, bool) {
    let mut words = 0;
    // "The next letter or digit starts a word", carried from block to block.
    let mut carry = !counted;
    let mut count = |block: &[u8]| {
        let (spaces, alnum) = ascii_masks(block);
        let through = !alnum;
        let (sum, over) = through.overflowing_add(spaces);
        let (sum, over_too) = sum.overflowing_add(u64::from(carry));
        // The carries into each bit: set at a letter or digit, that one starts a word.
        let carried = sum ^ through ^ spaces;
        words += (alnum & carried).count_ones() as usize;
        carry = over | over_too;
    };
    let mut blocks = bytes.chunks_exact(64);
    blocks.by_ref().for_each(&mut count);
    // The rest, made a block by zero bytes after it: punctuation, which changes nothing.
    let rest = blocks.remainder();
    if !rest.is_empty() {
        let mut last = [0; 64];
        last[..rest.len()].copy_from_slice(rest);
        count(&last);
    }
    (words, !carry)
}

/// The spaces (`char::is_whitespace` of an ASCII byte: tab, line feed, vertical tab, form
/// feed, carriage return, space) and the letters and digits of 64 ASCII bytes, a bit a
/// byte. Eight bytes at a time in a `u64`: each byte's range is tested by two additions
/// whose high bits say `>=` and `>`, and the eight high bits are gathered by a multiply.
fn ascii_masks(block: &[u8]) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` (each below 128) from `lo` to `hi`.
    let within = |x: u64, lo: u8, hi: u8| {
        let at_least = x.wrapping_add(ONES * u64::from(128 - lo));
        let above = x.wrapping_add(ONES * u64::from(127 - hi));
        at_least & !above & HIGH
    };
    // The high bits of `m`'s bytes as eight bits, the first byte lowest.
    let gather = |m: u64| (m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
    let (mut spaces, mut alnum) = (0, 0);
    for (k, eight) in block.chunks_exact(8).enumerate() {
        let mut word = [0; 8];
        word.copy_from_slice(eight);
        // ASCII: every high bit is clear (masked anyway, so that no sum carries over).
        let x = u64::from_le_bytes(word) & !HIGH;
        let lower = x | (ONES * 0x20);
        let space = within(x, b'\t', b'\r') | within(x, b' ', b' ');
        let letter_or_digit = within(lower, b'a', b'z') | within(x, b'0', b'9');
        spaces |= gather(space) << (8 * k);
        alnum |= gather(letter_or_digit) << (8 * k);
    }
    (spaces, alnum)
}

/// Scan a markdown `body` whose first line is line `first_line` of its file.
pub fn scan_body(body: &str, first_line: usize) -> BodyScan {
    scan(body, first_line, None)
}

/// Scan a markdown `body` after `templates` rewrote its template links; each link's
/// `written` keeps the destination as written in `body`.
pub fn scan_templated(body: &str, first_line: usize, templates: &LinkTemplates) -> BodyScan {
    let rewritten = templates.rewrite_traced(body);
    if rewritten.edits.is_empty() {
        return scan(body, first_line, None);
    }
    scan(&rewritten.text, first_line, Some((&rewritten, body)))
}

/// The rewrites of a body and its original text.
type Origin<'a> = (&'a Rewritten<'a>, &'a str);

fn scan(body: &str, first_line: usize, origin: Option<Origin>) -> BodyScan {
    // Offsets come in document order: lines counted as the scan goes, no index built.
    let lines = std::cell::RefCell::new(LineCursor::new(body));
    let line_at = |offset: usize| first_line + lines.borrow_mut().line_of(offset) - 1;
    // The destination is borrowed: most are looked up among the targets already made
    // (see [`target_of`]), not copied first.
    let make_link = |target: &str, at: usize, image: bool, span: Range<usize>| RawLink {
        written: origin.and_then(|o| written(o, body, target, span).map(Arc::from)),
        target: target_of(target),
        line: u32::try_from(line_at(at)).unwrap_or(u32::MAX),
        image,
    };
    let mut scan = BodyScan::default();
    let mut heading: Option<String> = None;
    let mut words = WordCounter::default();
    // Inside a link, an image's alt text, or a code block, text is not counted as words.
    let mut link_depth = 0usize;
    let mut image: Option<(usize, bool)> = None;
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_depth += 1;
                scan.links
                    .push(make_link(&dest_url, range.start, false, range));
            }
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let line = line_at(range.start);
                image = Some((line, false));
                scan.links
                    .push(make_link(&dest_url, range.start, true, range));
            }
            Event::End(TagEnd::Image) => {
                if let Some((line, false)) = image.take() {
                    scan.images_without_alt.push(line);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Html(html) | Event::InlineHtml(html) => {
                for (value, image) in html_link_targets(&html) {
                    let at = range.start + value.start;
                    let value_range = at..range.start + value.end;
                    scan.links
                        .push(make_link(&html[value], at, image, value_range));
                }
                let no_alt = images_without_alt(&html).map(|at| line_at(range.start + at));
                scan.images_without_alt.extend(no_alt);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                scan.headings.push((level as u8, line_at(range.start)));
                if level == HeadingLevel::H1 && scan.first_heading.is_none() {
                    heading = Some(String::new());
                }
            }
            Event::Text(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
                if let Some((_, has_alt)) = image.as_mut() {
                    *has_alt |= !text.trim().is_empty();
                } else if link_depth == 0 && !in_code_block {
                    words.add(&text);
                } else {
                    words.gap();
                }
            }
            Event::Code(code) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&code);
                }
                if let Some((_, has_alt)) = image.as_mut() {
                    *has_alt |= !code.trim().is_empty();
                }
                words.gap();
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some(h) = heading.take() {
                    let h = h.trim();
                    if !h.is_empty() {
                        scan.first_heading = Some(h.to_owned());
                    }
                }
                words.gap();
            }
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            _ => words.gap(),
        }
    }
    scan.words = words.words;
    scan
}

/// The text of the first level-1 heading of `body`, as [`scan_body`] finds it, parsing
/// no further than that heading.
pub fn first_heading(body: &str) -> Option<String> {
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(body, markdown_options()) {
        match (event, heading.as_mut()) {
            (
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }),
                None,
            ) => {
                heading = Some(String::new());
            }
            (Event::Text(text) | Event::Code(text), Some(h)) => h.push_str(&text),
            (Event::End(TagEnd::Heading(HeadingLevel::H1)), Some(h)) => {
                let h = h.trim();
                if !h.is_empty() {
                    return Some(h.to_owned());
                }
                heading = None;
            }
            _ => {}
        }
    }
    None
}

/// The offsets of the `<img>` tags without an `alt` attribute in `html`.
fn images_without_alt(html: &str) -> impl Iterator<Item = usize> + '_ {
    HTML_IMG
        .find_iter(html)
        .filter(|img| !HTML_ALT.is_match(img.as_str()))
        .map(|img| img.start())
}

/// The destination `target` as written in the original text, when it was rewritten to an
/// internal `folio-ref:` name (a URL-filter template such as `{{ "/x/" | url }}` stays shown
/// as the URL it gives). `span` is the rewritten text of the link (or exactly the
/// destination, for HTML).
fn written(
    (rewritten, original): Origin,
    body: &str,
    target: &str,
    span: Range<usize>,
) -> Option<String> {
    if !target.contains(REF_SCHEME) {
        return None;
    }
    let text = body.get(span.clone())?;
    let at = if text == target {
        Some(span.start)
    } else {
        // `[text](dest "title")`: the destination follows `(` or `(<`.
        text.match_indices(target)
            .find(|(i, _)| text[..*i].ends_with(['(', '<']))
            .map(|(i, _)| span.start + i)
    };
    let written = if let Some(at) = at {
        original
            .get(rewritten.original_range(at..at + target.len()))?
            .to_owned()
    } else {
        // A reference-style link: its definition is elsewhere; put back the templates.
        let mut written = target.to_owned();
        for edit in &rewritten.edits {
            let new = &body[edit.new.clone()];
            if new.starts_with(REF_SCHEME) && written.contains(new) {
                written = written.replacen(new, &original[edit.old.clone()], 1);
            }
        }
        written
    };
    (written != target).then_some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kept per link of the site: 40 bytes (a `u32` line).
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn raw_link_is_small() {
        assert!(std::mem::size_of::<RawLink>() <= 40);
    }

    /// Decoded inside `sharing_targets`, equal targets are one copy; outside it, each is
    /// its own; either way they read the same.
    #[test]
    fn decoded_targets_are_shared_while_sharing() {
        let link = |t: &str| RawLink {
            target: Arc::from(t),
            written: None,
            line: 1,
            image: false,
        };
        let links = vec![link("/posts/a"), link("/posts/b"), link("/posts/a")];
        let bytes = postcard::to_stdvec(&links).expect("encode");
        let shared: Vec<RawLink> =
            sharing_targets(|| postcard::from_bytes(&bytes)).expect("decode");
        assert_eq!(shared, links);
        assert!(Arc::ptr_eq(&shared[0].target, &shared[2].target));
        assert!(!Arc::ptr_eq(&shared[0].target, &shared[1].target));
        let apart: Vec<RawLink> = postcard::from_bytes(&bytes).expect("decode");
        assert_eq!(apart, links);
        assert!(!Arc::ptr_eq(&apart[0].target, &apart[2].target));
        // The set is gone after: nothing is held, and a panic inside puts it back too.
        assert!(DECODED_TARGETS.with_borrow(Option::is_none));
        let caught = std::panic::catch_unwind(|| sharing_targets(|| panic!("a bad decode")));
        assert!(caught.is_err() && DECODED_TARGETS.with_borrow(Option::is_none));
    }

    /// Bodies scanned while a `SharedTargets` is alive share equal targets; after it, the
    /// set is gone; one made inside another leaves the outer set in place.
    #[test]
    fn scanned_targets_are_shared_while_a_scope_lives() {
        let body = "[a](/posts/a) [b](/posts/b)\n";
        let (first, second, inner) = {
            let _outer = SharedTargets::on_this_thread();
            let first = scan_body(body, 1);
            let inner = {
                let _nested = SharedTargets::on_this_thread();
                scan_body(body, 1)
            };
            assert!(
                DECODED_TARGETS.with_borrow(Option::is_some),
                "the outer set stays"
            );
            (first, scan_body(body, 1), inner)
        };
        assert!(Arc::ptr_eq(&first.links[0].target, &second.links[0].target));
        assert!(Arc::ptr_eq(&first.links[1].target, &inner.links[1].target));
        assert!(!Arc::ptr_eq(&first.links[0].target, &first.links[1].target));
        assert!(DECODED_TARGETS.with_borrow(Option::is_none));
        let apart = (scan_body(body, 1), scan_body(body, 1));
        assert_eq!(apart.0, first);
        assert!(!Arc::ptr_eq(
            &apart.0.links[0].target,
            &apart.1.links[0].target
        ));
    }

    #[test]
    fn scan_finds_links_images_and_lines() {
        let body = "![pic](/media/a.webp)\n\nText [one](/posts/a) and\n[two](https://x.org).\n\n- [three](b.md)\n";
        let scan = scan_body(body, 10);
        let got: Vec<_> = scan
            .links
            .iter()
            .map(|l| (&*l.target, l.line, l.image))
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
            .map(|l| l.target.to_string())
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
            .map(|l| (l.target.to_string(), l.line, l.image))
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
        for body in [
            body,
            "#\n\nText\n\nSetext *one*\n===\n",
            "```\n# code\n```\n",
            "none",
        ] {
            assert_eq!(
                first_heading(body),
                scan_body(body, 1).first_heading,
                "{body:?}"
            );
        }
    }

    /// Headings, images without alt text (markdown and HTML) and their lines are found.
    #[test]
    fn scan_finds_headings_and_images_without_alt() {
        let body = "# T\n\n## A\n\n#### B\n\n![](/a.png) ![ok](/b.png)\n\n<img src=\"/c.png\">\n\n<p><img alt=\"\" src=\"/d.png\"> <IMG SRC='/e.png'></p>\n";
        let scan = scan_body(body, 5);
        assert_eq!(scan.headings, [(1, 5), (2, 7), (4, 9)]);
        assert_eq!(scan.images_without_alt, [11, 13, 15]);
    }

    proptest::proptest! {
        /// Counted 64 bytes at a time, long ASCII text (punctuation, every space, runs
        /// across blocks) counts as a character at a time does, from either state.
        #[test]
        fn long_ascii_word_counts_agree_with_counting_characters(
            text in "[a-zA-Z0-9 \t\n\u{b}\u{c}\r.,'\"(*@\\[`{~/:^_\u{0}\u{1f}\u{7f}-]{0,300}",
            counted: bool,
        ) {
            let mut by_char = WordCounter { words: 0, counted };
            text.chars().for_each(|c| by_char.add_char(c));
            let (words, last) = ascii_words(text.as_bytes(), counted);
            proptest::prop_assert_eq!((words, last), (by_char.words, by_char.counted));
        }

        /// Counting ASCII 64 bytes at a time and any other character alone counts as
        /// counting characters does, split anywhere (long ASCII runs between other
        /// characters, and words across a block's edge and a non-ASCII character).
        #[test]
        fn word_counts_agree_with_counting_characters(
            text in "([a-z 1.]{0,70}[é\t\n\u{b}\u{c}\r\u{a0}\u{2003}—,日]){0,6}[a-z 1]{0,70}",
            cut in 0usize..600,
        ) {
            let mut by_char = WordCounter::default();
            text.chars().for_each(|c| by_char.add_char(c));
            let mut by_byte = WordCounter::default();
            let cut = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            by_byte.add(&text[..cut]);
            by_byte.add(&text[cut..]);
            proptest::prop_assert_eq!(by_byte.words, by_char.words);
        }
    }

    /// Words of text count; links, images, code, HTML and lone punctuation do not.
    #[test]
    fn scan_counts_words_without_links_and_code() {
        let body = "# Two words\n\nOne *two*three [not counted](/x) four — five.\n\n```\nnot counted at all\n```\n\n`code` ![alt text](/i.png) <b>six</b>\n";
        assert_eq!(scan_body(body, 1).words, 7);
        assert_eq!(scan_body("", 1).words, 0);
    }

    /// Template links keep their written form beside the destination that is resolved.
    #[test]
    fn scan_templated_keeps_links_as_written() {
        let body = "[a]({% post_url 2016-01-02-x %}#h) ![i]({{ site.baseurl }}/m/i.png)\n\n\
                    [r][ref] <a href=\"{% link _docs/a.md %}\">x</a> [plain](/p/)\n\n\
                    [ref]: {{< relref \"docs/b\" >}}\n";
        let scan = scan_templated(body, 1, &LinkTemplates::default());
        let got: Vec<_> = scan
            .links
            .iter()
            .map(|l| (&*l.target, l.as_written()))
            .collect();
        assert_eq!(
            got,
            [
                ("folio-ref:2016-01-02-x#h", "{% post_url 2016-01-02-x %}#h"),
                ("/m/i.png", "/m/i.png"),
                ("folio-ref:docs/b", "{{< relref \"docs/b\" >}}"),
                ("folio-ref:/_docs/a.md", "{% link _docs/a.md %}"),
                ("/p/", "/p/"),
            ]
        );
        assert!(scan.links[1].written.is_none() && scan.links[4].written.is_none());
    }
}
