//! The first part of a rendering ([`render_first`], [`render_post_first`]) is exactly the
//! start of the whole rendering, for any width: the reader shows it while the rest renders.

use folio::core::index::Index;
use folio::core::link_resolve::LinkStatus;
use folio::render::document::{DocumentOptions, render_post, render_post_first};
use folio::render::markdown::{Rendered, render, render_first};

const WIDTHS: [usize; 5] = [8, 23, 40, 80, 120];

fn none(_: &str) -> Option<LinkStatus> {
    None
}

/// A body with every kind of block, repeated: headings (repeating, so anchors number),
/// lists nested and tasks, quotes, code, tables, HTML, footnotes, and reference links
/// whose definitions come only at the very end.
fn body(repeat: usize) -> String {
    let mut text = String::new();
    for n in 0..repeat {
        text.push_str(&format!(
            "## Part\n\nWords of part {n}, with [a link][far] and `code` and *emphasis* that \
             wrap at narrow widths.[^note]\n\n- one\n  - inner {n}\n- [ ] task\n\n> quoted \
             text\n> - in a list\n\n```rust\nfn part_{n}() {{}}\n```\n\n| A | B |\n|---|--:|\n\
             | x | {n} |\n\n<div>html {n}</div>\n\n---\n\n"
        ));
    }
    text.push_str("[far]: https://example.org/far\n[^note]: A footnote.\n");
    text
}

fn assert_prefix(part: &Rendered, whole: &Rendered, what: &str) {
    let n = part.lines.len();
    assert!(n > 0 && n < whole.lines.len(), "{what}: {n} lines");
    assert_eq!(part.lines[..], whole.lines[..n], "{what}: lines");
    assert_eq!(
        part.source_lines[..],
        whole.source_lines[..n],
        "{what}: sources"
    );
    assert_eq!(
        part.links[..],
        whole.links[..part.links.len()],
        "{what}: links"
    );
    assert_eq!(
        part.headings[..],
        whole.headings[..part.headings.len()],
        "{what}: headings"
    );
    assert!(part.partial && !whole.partial, "{what}: partial flags");
}

/// For several widths and sizes, the first part's lines, links, headings and source
/// lines are the whole rendering's first ones, and a link defined at the end is a link.
#[test]
fn render_first_is_a_prefix_of_the_whole() {
    let text = body(60);
    for width in WIDTHS {
        let whole = render(&text, width, &none);
        for min_lines in [1, 17, 120, 400] {
            let part = render_first(&text, width, &none, min_lines);
            assert!(part.lines.len() >= min_lines, "{width}/{min_lines}");
            assert_prefix(&part, &whole, &format!("width {width}, {min_lines} lines"));
            if min_lines > 1 {
                let far = part
                    .links
                    .iter()
                    .any(|l| l.target == "https://example.org/far");
                assert!(far, "width {width}: the reference link resolves");
            }
        }
    }
}

/// Asking for more lines than there are gives the whole rendering, not marked partial.
#[test]
fn render_first_beyond_the_end_is_the_whole() {
    let text = body(3);
    let whole = render(&text, 60, &none);
    let part = render_first(&text, 60, &none, whole.lines.len() + 1);
    assert_eq!(part, whole);
    assert!(!part.partial);
}

/// A post's first part (card included) is the start of the whole post's rendering.
#[test]
fn render_post_first_is_a_prefix_of_the_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = format!(
        "---\ntitle: Long\ndate: 2024-01-01\ntags: [a, b]\n---\n\n{}",
        body(40)
    );
    std::fs::write(dir.path().join("long.md"), &post).expect("write");
    let index = Index::build(dir.path()).expect("index");
    let id = index.find("long.md").expect("indexed");
    for width in WIDTHS {
        let options = DocumentOptions { links_footer: true };
        let whole = render_post(&index, id, &post, width, options);
        let part = render_post_first(&index, id, &post, width, options, 50);
        assert_prefix(&part, &whole, &format!("post at width {width}"));
    }
}

/// A long body with no reference or footnote definitions: headings after blank lines (the
/// places the first part may end), lists loose across them, fenced code holding lines
/// that look like headings, and quotes.
fn long_body(repeat: usize) -> String {
    let mut text = String::new();
    for n in 0..repeat {
        text.push_str(&format!(
            "# Part {n}\n\nWords of part {n}, with [a link](/posts/p{n}) and `code`, long \
             enough to wrap at narrow widths and to need a few lines here.\n\n- one\n\n- two \
             {n}\n  - inner\n\n```text\nnot the end\n\n# not a heading {n}\n\n~~~\n```\n\n\
             ~~~~\n\n## still code\n~~~~\n\n> quoted\n>\n> # quoted heading\n\n"
        ));
    }
    text
}

/// The first part of a long body is made from its start alone (far shorter than the
/// body) and is still the start of the whole rendering; a definition after that start,
/// or a body too short to cut, gives the whole body.
#[test]
fn render_first_of_a_long_body_reads_its_start_only() {
    use folio::render::markdown::first_part_of;
    let text = long_body(2000);
    let start = first_part_of(&text);
    assert!(
        start.len() < text.len() / 2,
        "{} of {}",
        start.len(),
        text.len()
    );
    assert!(start.len() >= 64 * 1024);
    assert!(
        text[start.len()..].starts_with("# Part "),
        "cut before a heading"
    );
    for width in WIDTHS {
        let whole = render(&text, width, &none);
        for min_lines in [1, 400] {
            let part = render_first(&text, width, &none, min_lines);
            assert!(part.lines.len() >= min_lines, "{width}/{min_lines}");
            assert_prefix(
                &part,
                &whole,
                &format!("long, width {width}, {min_lines} lines"),
            );
        }
    }
    // A reference defined at the end: the whole body.
    let defined = format!("{text}\n[far]: https://example.org/far\n");
    assert_eq!(first_part_of(&defined).len(), defined.len());
    let footnote = format!("{text}\n  [^n]: A footnote.\n");
    assert_eq!(first_part_of(&footnote).len(), footnote.len());
    // Headings in fenced code, or in an HTML block that blank lines do not end (a
    // comment, `<pre>`), that goes past the first 64 KB are not places to cut.
    for (open, close) in [
        ("```md", "~~~\n```"),
        ("<!-- draft", "-->"),
        ("<PRE class=x>", "</pre>"),
    ] {
        let body = format!(
            "{}{open}\n{}{close}\n\n# Real\n\nafter\n\n{}",
            "para\n\n".repeat(10_000),
            "\n# fake\n".repeat(2_000),
            "more\n\n# Later\n\n".repeat(20_000)
        );
        let cut = first_part_of(&body).len();
        let after = &body[cut..cut + 20];
        assert!(after.starts_with("# Real"), "{open}: {after:?}");
    }
    // A definition in a list item after the cut: the whole body.
    let listed = format!("{text}\n- [a]: /posts/a\n");
    assert_eq!(first_part_of(&listed).len(), listed.len());
    // Short: whole.
    let short = long_body(3);
    assert_eq!(first_part_of(&short).len(), short.len());
}
