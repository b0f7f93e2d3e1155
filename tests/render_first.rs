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
