//! Property tests of the four places where untrusted text meets folio's guarantees: the
//! front matter splitter, the markdown renderer, the surgical writer and link resolution.
//! The properties live in `props` (shared with the fuzz targets in `fuzz/`); this file only
//! generates inputs. Case counts keep the whole file to a few seconds in a debug build.

mod props;

use folio::core::edit::{editable_parts, replace_parts, set_tags};
use folio::core::yaml_scalar::{flow_scalar, yaml_scalar};
use proptest::prelude::*;

/// `cases` per property, or `PROPTEST_CASES` when set (for a longer run by hand).
fn config(cases: u32) -> ProptestConfig {
    let env = std::env::var("PROPTEST_CASES").ok();
    ProptestConfig {
        cases: env.and_then(|v| v.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of the pieces that matter to the splitter, in any order.
fn splitter_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "---", "...", "--- ", "\n", "\r\n", "\r", "a: b", " ", "\u{feff}", "é", "#", "- x",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
}

/// A word: a run of letters and digits, some of them wide.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z0-9]{1,10}",
        1 => "[a-z0-9é日本語]{1,8}",
        1 => "[a-z]{20,60}",
    ]
}

/// A markdown block wrapping `words` in one of the forms the renderer draws.
fn block() -> impl Strategy<Value = (String, Vec<String>)> {
    let forms = prop::sample::select(vec![
        "",
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "> - ",
        "  - ",
        "> > > > - - - 1. ",
    ]);
    let inline = prop::sample::select(vec!["", "*", "**", "`", "~~"]);
    (forms, inline, prop::collection::vec(word(), 1..30)).prop_map(|(form, mark, words)| {
        let text = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 3 == 1 {
                    format!("{mark}{w}{mark}")
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        (format!("{form}{text}"), words)
    })
}

/// A body of a few blocks and the words it contains, in order.
fn body() -> impl Strategy<Value = (String, Vec<String>)> {
    prop::collection::vec(block(), 1..6).prop_map(|blocks| {
        let body = blocks
            .iter()
            .map(|(b, _)| b.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        (body, blocks.into_iter().flat_map(|(_, w)| w).collect())
    })
}

/// Markdown-ish noise: syntax characters, words and line breaks.
fn markdown_noise() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "#",
        "-",
        "*",
        "_",
        "`",
        "```",
        ">",
        "|",
        "[",
        "]",
        "(",
        ")",
        "!",
        "1.",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "word",
        "日本語",
        "a\u{301}",
        "\u{200b}",
        "<b>",
        "&amp;",
        "http://x.y",
        "---",
        "|a|b|\n|-|-|\n|1|2|",
        "\u{1b}[31m",
    ]);
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

/// A field value: plain-looking words, or anything.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-zA-Z][a-zA-Z0-9 ]{0,12}[a-z]", 1 => ".{0,12}"]
}

/// A tag: ordinary, or any string at all.
fn tag() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[a-zA-Z][a-zA-Z0-9 -]{0,10}", 2 => ".{0,10}", 1 => any::<String>()]
}

/// The ways a post writes its tags.
fn tags_field(tags: &[String], style: u8, ending: &str) -> String {
    let scalars: Vec<String> = tags.iter().map(|t| yaml_scalar(t)).collect();
    match style {
        0 => String::new(),
        1 => {
            let items: Vec<String> = tags.iter().map(|t| flow_scalar(t)).collect();
            format!("tags: [{}]{ending}", items.join(", "))
        }
        2 if !tags.is_empty() => {
            let items: Vec<String> = scalars.iter().map(|s| format!("  - {s}{ending}")).collect();
            format!("tags:{ending}{}", items.concat())
        }
        2 | 3 => format!(
            "tags: {}{ending}",
            scalars.first().map_or("", String::as_str)
        ),
        _ => format!("tags:{ending}"),
    }
}

/// A post: front matter with `title`, `extra`, maybe `tags`, and a body, in `\n` or `\r\n`.
fn post() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        value(),
        value(),
        prop::collection::vec(tag(), 0..5),
        0u8..5,
        any::<bool>(),
        any::<bool>(),
        "[a-z \n]{0,40}",
    )
        .prop_map(|(title, extra, tags, style, crlf, tags_first, body)| {
            let e = if crlf { "\r\n" } else { "\n" };
            let tags = if style == 3 {
                tags.into_iter().take(1).collect()
            } else {
                tags
            };
            let field = tags_field(&tags, style, e);
            let title = format!("title: {}{e}", yaml_scalar(&title));
            let extra = format!("extra: {} # note{e}", yaml_scalar(&extra));
            let yaml = if tags_first {
                format!("{field}{title}{extra}")
            } else {
                format!("{title}{field}{extra}")
            };
            (format!("---{e}{yaml}---{e}{}", body.replace('\n', e)), tags)
        })
}

proptest! {
    #![proptest_config(config(512))]

    /// `split` on any string: no panic, and its parts join back to the input.
    #[test]
    fn split_any_string_joins_back(text in any::<String>()) {
        props::split_joins_back(&text).map_err(TestCaseError::fail)?;
    }

    /// `split` on any bytes (read as a file is read): its parts join back to the input.
    #[test]
    fn split_any_bytes_joins_back(bytes in any::<Vec<u8>>()) {
        props::split_joins_back(&String::from_utf8_lossy(&bytes)).map_err(TestCaseError::fail)?;
    }

    /// `split` on delimiter-heavy text: its parts join back to the input.
    #[test]
    fn split_delimiter_soup_joins_back(text in splitter_text()) {
        props::split_joins_back(&text).map_err(TestCaseError::fail)?;
    }

    /// `yaml_scalar` of any string reads back as exactly that string.
    #[test]
    fn yaml_scalar_any_string_reads_back(text in any::<String>()) {
        props::scalar_reads_back(&text).map_err(TestCaseError::fail)?;
    }

    /// Link resolution of any string never looks outside the content root.
    #[test]
    fn resolve_any_string_stays_inside(target in any::<String>(), from in link_source()) {
        props::resolve_stays_inside(&from, &target).map_err(TestCaseError::fail)?;
    }

    /// Link resolution of traversal tricks never looks outside the content root.
    #[test]
    fn resolve_traversal_tricks_stay_inside(target in link_target(), from in link_source()) {
        props::resolve_stays_inside(&from, &target).map_err(TestCaseError::fail)?;
    }
}

/// The path of the post a link is written in.
fn link_source() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a.md", "guides/b.md", "c/index.md", "x/y/z/deep.md"])
        .prop_map(str::to_owned)
}

/// A link target made of the pieces path traversal is made of.
fn link_target() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "..",
        ".",
        "/",
        "//",
        "\\",
        "%2e",
        "%2E",
        "%2e%2e",
        "%2f",
        "%2F",
        "%5c",
        "%252e",
        "a",
        "b.md",
        "guides",
        "é",
        "日本",
        "C:",
        "file:",
        "~",
        "#x",
        "?q=1",
        " ",
        "%00",
        "\u{0}",
        "index.md",
        "folio-ref:",
        "/../",
        "https://example.org/blog/",
        "https://example.org",
    ]);
    prop_oneof![
        4 => prop::collection::vec(piece.clone(), 1..16).prop_map(|p| p.concat()),
        1 => (prop::collection::vec(piece, 1..4), 100usize..2000)
            .prop_map(|(p, n)| p.concat().repeat(n)),
    ]
}

proptest! {
    #![proptest_config(config(96))]

    /// Rendering generated markdown at any width 1–300: no line wider than the width, and
    /// every word of the source is in the output.
    #[test]
    fn render_any_width_fits_and_keeps_words((body, words) in body(), width in 1usize..=300) {
        props::render_fits(&body, width).map_err(TestCaseError::fail)?;
        props::render_keeps_words(&body, width, &words).map_err(TestCaseError::fail)?;
    }

    /// Rendering markdown noise at any width 1–300: no panic, no line wider than the width.
    #[test]
    fn render_noise_fits(body in markdown_noise(), width in 1usize..=300) {
        props::render_fits(&body, width).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Taking any text apart as the editor does and putting it back gives the same bytes.
    #[test]
    fn replace_parts_any_text_edit_of_nothing_is_identical(text in any::<String>()) {
        props::edit_of_nothing_is_identical(&text).map_err(TestCaseError::fail)?;
    }

    /// Taking a post apart and putting it back unchanged gives the same bytes.
    #[test]
    fn replace_parts_post_edit_of_nothing_is_identical((text, _) in post()) {
        props::edit_of_nothing_is_identical(&text).map_err(TestCaseError::fail)?;
    }

    /// Editing one field's line changes only that line and reads back as the new value.
    #[test]
    fn replace_parts_one_field_changes_only_its_line(
        (text, _) in post(),
        new in value(),
    ) {
        let (yaml, body) = editable_parts(&text);
        let Some(line_no) = yaml.lines().position(|l| l.starts_with("title:")) else {
            return Ok(());
        };
        let new_line = format!("title: {}", yaml_scalar(&new));
        let edited: Vec<&str> = yaml
            .split('\n')
            .enumerate()
            .map(|(i, l)| if i == line_no { new_line.as_str() } else { l })
            .collect();
        let out = replace_parts(&text, &edited.join("\n"), &body)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let start = text.match_indices('\n').nth(line_no).map_or(0, |(i, _)| i + 1);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
        prop_assert_eq!(&out[..start], &text[..start]);
        prop_assert!(out.ends_with(&text[end..]), "bytes after the field changed: {:?}", out);
        let middle = &out[start..out.len() - (text.len() - end)];
        prop_assert_eq!(middle.trim_end_matches(['\r', '\n']), new_line.as_str());
        let block = folio::core::front_matter::split(&out);
        let fields = folio::core::front_matter::parse(&out[block.yaml])
            .map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(
            fields.get("title"),
            Some(&folio::core::field_value::FieldValue::Text(new))
        );
    }

    /// `set_tags` with any tags on a well-formed post succeeds, reads back as exactly those
    /// tags, and changes nothing but the `tags` field.
    #[test]
    fn set_tags_any_tags_read_back((text, _) in post(), tags in prop::collection::vec(tag(), 0..5)) {
        let result = set_tags(&text, &tags);
        prop_assert!(result.is_ok(), "set_tags({:?}) refused: {:?}", tags, result);
        props::set_tags_reads_back(&text, &tags).map_err(TestCaseError::fail)?;
    }

    /// `set_tags` with the tags a post already has reads back as the same tags.
    #[test]
    fn set_tags_same_tags_read_back((text, tags) in post()) {
        props::set_tags_reads_back(&text, &tags).map_err(TestCaseError::fail)?;
    }

    /// `retag` of one of a post's tags to any tag (or away) reads back as asked and changes
    /// nothing but the `tags` field.
    #[test]
    fn retag_any_tag_reads_back(
        (text, tags) in post(),
        pick in any::<prop::sample::Index>(),
        to in prop::option::of(tag()),
    ) {
        let Some(from) = (!tags.is_empty()).then(|| pick.get(&tags).clone()) else {
            return Ok(());
        };
        props::retag_reads_back(&text, &from, to.as_deref()).map_err(TestCaseError::fail)?;
    }
}

// Regressions: each input below once broke a property above.

/// A fenced code block's language name longer than the width is cut to the width.
#[test]
fn render_long_code_language_fits_the_width() {
    props::render_fits("```日本語#", 1).unwrap();
    props::render_fits("```averyveryverylonglanguagename\nx\n```", 12).unwrap();
}

/// Lists and quotes nested deeper than the width allows still fit the width, and keep
/// their words.
#[test]
fn render_deep_nesting_fits_the_width() {
    let body = "> > > > > - - - - 1. word and more words";
    for width in 1..=30 {
        props::render_fits(body, width).unwrap();
        props::render_keeps_words(body, width, &["word".into(), "words".into()]).unwrap();
    }
    props::render_fits("- - - - - - - - - - - - - x", 8).unwrap();
    props::render_fits("> > > > > > > > > > >\n> > > > > > > > > > > a\n", 8).unwrap();
}

/// A tag with a `:` inside is quoted in a flow list (`[a:b]` does not parse), by `set_tags`
/// and by `retag`.
#[test]
fn flow_list_quotes_a_colon_anywhere() {
    let text = "---\ntitle: aa\ntags: [x]\n---\n";
    props::set_tags_reads_back(text, &["A:?".into(), "a:b".into()]).unwrap();
    assert!(folio::core::edit::set_tags(text, &["A:?".into()]).is_ok());
    props::retag_reads_back(text, "x", Some("a:b")).unwrap();
    assert!(
        folio::core::tag_edit::retag(text, "x", Some("a:b"))
            .unwrap()
            .is_some()
    );
}

/// Renaming a tag to itself changes nothing (it used to delete the tag).
#[test]
fn retag_to_itself_keeps_the_tag() {
    let text = "---\ntags: [\"¥\", b]\n---\n";
    assert_eq!(folio::core::tag_edit::retag(text, "¥", Some("¥")), Ok(None));
    props::retag_reads_back(text, "¥", Some("¥")).unwrap();
}

/// Line and paragraph separators and the non-characters U+FFFE/U+FFFF are escaped, so a
/// string with them reads back exactly.
#[test]
fn yaml_scalar_escapes_separators_and_non_characters() {
    for text in [
        "a\u{2028} ",
        "a\u{2028}b",
        "x\u{2029}",
        "\u{fffe}",
        "a\u{ffff}b",
    ] {
        props::scalar_reads_back(text).unwrap();
        props::set_tags_reads_back("---\ntags: [x]\n---\n", &[text.to_owned()]).unwrap();
        assert!(folio::core::edit::set_tags("---\ntags: [x]\n---\n", &[text.to_owned()]).is_ok());
    }
}

/// A post's `image` that decodes to an absolute path (`/%2Ftmp/x.png` is `//tmp/x.png`)
/// is not looked up outside the content root.
#[test]
fn image_exists_never_probes_outside_the_root() {
    use folio::core::{index::image_exists, post::Post};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let media = root.join("media");
    std::fs::create_dir_all(&media).unwrap();
    let outside = dir.path().join("secret.png");
    std::fs::write(&outside, "x").unwrap();
    let abs = outside.display().to_string();
    for image in [
        format!("/%2F{}", abs.trim_start_matches('/')),
        format!("/%2f{}", abs.trim_start_matches('/')),
        format!("%2F%2F{}", abs.trim_start_matches('/')),
        "/../secret.png".to_owned(),
        "../secret.png".to_owned(),
    ] {
        let post = Post {
            rel_path: "a.md".into(),
            image: Some(image.as_str().into()),
            ..Post::default()
        };
        assert_ne!(
            image_exists(&root, Some(&media), &post),
            Some(true),
            "{image}"
        );
    }
}

/// Found by the `surgical_edit` fuzz target: a `tags` block list with a broken item line
/// (`  -x y`, so the front matter does not parse) is replaced whole by `set_tags`, and the
/// other fields keep their bytes. (The property, not folio, was wrong: it compared the
/// parsed fields of a file that did not parse.)
#[test]
fn set_tags_replaces_a_broken_tags_field_only() {
    let text = "---\ntitle: \"a\"\ntags:\n  - post\n  -x y\n  - b\n---\nbody\n";
    let out = folio::core::edit::set_tags(text, &[]).unwrap();
    assert_eq!(out, "---\ntitle: \"a\"\ntags: []\n---\nbody\n");
    props::set_tags_reads_back(text, &[]).unwrap();
}

/// Found by the `surgical_edit` fuzz target: brackets inside a quoted scalar are text, not
/// nesting, so a title or tag with many `{` is written and read back (the depth bound
/// refused it as "nested too deeply"); real nesting is still bounded.
#[test]
fn front_matter_brackets_in_quotes_are_not_nesting() {
    let braces = format!("a {}", "{".repeat(100));
    props::scalar_reads_back(&braces).unwrap();
    props::set_tags_reads_back("---\ntags: [x]\n---\n", std::slice::from_ref(&braces)).unwrap();
    assert!(folio::core::edit::set_tags("---\ntags: [x]\n---\n", &[braces]).is_ok());
    let single = format!("t: '{}'' [[['\n", "[".repeat(100));
    assert!(folio::core::front_matter::parse(&single).is_ok());
    let deep = format!("t: {}\n {}\n", "[".repeat(100), "]".repeat(100));
    assert!(folio::core::front_matter::parse(&deep).is_err());
    let hidden = format!("t: [a\", {}\n {}]\n", "[".repeat(100), "]".repeat(100));
    assert!(folio::core::front_matter::parse(&hidden).is_err());
}

/// Found by the `surgical_edit` fuzz target: a field whose key starts with `-` (`-x: y`,
/// not a list item) right after a block list of tags is its own field, and a tag edit
/// keeps it (`set_tags` used to drop it with the tags).
#[test]
fn set_tags_keeps_a_dash_key_after_the_tags_list() {
    let text = "---\ntags:\n- a\n- b\n-.INFimage: /x.jpg\nd: e\n---\nbody\n";
    let out = folio::core::edit::set_tags(text, &["c".to_owned()]).unwrap();
    assert_eq!(
        out,
        "---\ntags:\n- c\n-.INFimage: /x.jpg\nd: e\n---\nbody\n"
    );
    props::set_tags_reads_back(text, &["c".to_owned()]).unwrap();
    props::retag_reads_back(text, "a", Some("z")).unwrap();
    let retagged = folio::core::tag_edit::retag(text, "b", None)
        .unwrap()
        .unwrap();
    assert_eq!(
        retagged,
        "---\ntags:\n- a\n-.INFimage: /x.jpg\nd: e\n---\nbody\n"
    );
}

/// Found by the `surgical_edit` fuzz target: a `tags:` line inside another field's
/// multi-line quoted value is not the tags field; the tag edit is refused rather than
/// rewriting the other field.
#[test]
fn set_tags_never_edits_inside_another_fields_value() {
    let text = "---\ntitle: \"A long\ntags:\n  - api\nx\"\n---\nbody\n";
    assert!(folio::core::edit::set_tags(text, &[]).is_err());
    props::set_tags_reads_back(text, &[]).unwrap();
    let with_tags = "---\ntitle: \"A\ntags: [x]\n  b\"\ntags: [x, y]\n---\n";
    props::retag_reads_back(with_tags, "x", Some("z")).unwrap();
    if let Ok(Some(out)) = folio::core::tag_edit::retag(with_tags, "x", Some("z")) {
        assert!(out.contains("title: \"A\ntags: [x]\n  b\""), "{out}");
    }
}
