//! The post parser's tests: front matter, body, layout and unreadable files.

use super::*;

use crate::core::link_templates::LinkTemplates;
use crate::core::source::decode;

fn post(rel: &str, text: &str) -> Post {
    Post::from_source(
        rel,
        decode(text.as_bytes().to_vec()),
        &LinkTemplates::default(),
    )
}

fn kinds(p: &Post) -> Vec<ProblemKind> {
    p.problems.iter().map(|p| p.kind).collect()
}

#[test]
fn post_reads_seed_style_front_matter() {
    let p = post(
        "how-x.md",
        "---\ntitle: \"How X\"\ndate: 2024-12-13\nimage: \"/media/x.webp\"\ntags:\n  - post\n  - Automation\n  - post\n---\n\nBody [a](/posts/a)\n",
    );
    assert_eq!(p.title.as_deref(), Some("How X"));
    assert_eq!(p.date.as_ref().unwrap().ymd(), "2024-12-13");
    assert_eq!(p.image.as_deref(), Some("/media/x.webp"));
    assert_eq!(p.tags, ["post", "Automation"]);
    assert_eq!(p.links[0].line, 11);
    assert_eq!(p.field_line("tags"), Some(5));
    assert!(p.problems.is_empty(), "{:?}", p.problems);
}

/// Hugo's TOML front matter (`+++`) gives the same title, date, tags and field lines as
/// YAML; TOML that does not parse is one problem at its line, named as TOML.
#[test]
fn post_reads_toml_front_matter() {
    let p = post(
        "content/posts/how-x.md",
        "+++\ntitle = \"How X\"\ndate = 2024-12-13T09:00:00-05:00\nimage = '/media/x.webp'\n\
         tags = [\"post\", \"Automation\"]\ndraft = true\nslug = \"how\"\n+++\n\nBody [a](/posts/a)\n",
    );
    assert_eq!(p.title.as_deref(), Some("How X"));
    assert_eq!(p.date.as_ref().unwrap().ymd(), "2024-12-13");
    assert_eq!(p.image.as_deref(), Some("/media/x.webp"));
    assert_eq!(p.tags, ["post", "Automation"]);
    assert_eq!(&*p.slug, "how");
    assert!(p.is_draft());
    assert_eq!(p.links[0].line, 10);
    assert_eq!(p.field_line("tags"), Some(5));
    assert!(p.problems.is_empty(), "{:?}", p.problems);

    let bad = post("bad.md", "+++\ntitle = \"A\"\ntags = [\"x\"\n+++\nBody\n");
    assert_eq!(kinds(&bad), [ProblemKind::FrontMatter]);
    assert!(
        bad.problems[0].message.contains("not valid TOML"),
        "{:?}",
        bad.problems
    );
    let open = post("open.md", "+++\ntitle = \"A\"\n");
    assert!(
        open.problems[0].message.contains("`+++`"),
        "{:?}",
        open.problems
    );
}

#[test]
fn post_without_front_matter_takes_heading_then_slug() {
    let p = post("notes.md", "Intro\n\n# Real Title\n");
    assert_eq!(p.display_title(), "Real Title");
    assert_eq!(p.layout.front_matter, None);
    let p = post("notes.md", "just text\n");
    assert_eq!(p.display_title(), "notes");
    assert!(kinds(&p).contains(&ProblemKind::MissingTitle));
    assert!(kinds(&p).contains(&ProblemKind::MissingDate));
}

#[test]
fn post_tags_as_string_null_and_numbers() {
    assert_eq!(post("a.md", "---\ntags: SEO\n---\n").tags, ["SEO"]);
    assert!(post("a.md", "---\ntags:\n---\n").tags.is_empty());
    assert_eq!(
        post("a.md", "---\ntags: [2024, true]\n---\n").tags,
        ["2024", "true"]
    );
    let p = post("a.md", "---\ntags: [a, {b: c}]\n---\n");
    assert_eq!(p.tags, ["a"]);
    assert!(kinds(&p).contains(&ProblemKind::FieldType));
}

#[test]
fn post_scalar_title_of_other_types() {
    assert_eq!(
        post("a.md", "---\ntitle: 2024\n---\n").title.as_deref(),
        Some("2024")
    );
    let p = post("a.md", "---\ntitle: [a]\n---\n# H\n");
    assert_eq!(p.display_title(), "H");
    assert!(kinds(&p).contains(&ProblemKind::FieldType));
}

#[test]
fn post_keeps_unknown_fields() {
    let p = post(
        "a.md",
        "---\ntitle: A\nauthors: [x, y]\nlayout: post\n---\n",
    );
    let keys: Vec<_> = p.fields.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["title", "authors", "layout"]);
}

#[test]
fn post_invalid_yaml_is_listed_with_error_line() {
    let p = post(
        "bad.md",
        "---\ndate: 2024-01-01\ntitle: Brand Voice: Why\n---\n# Heading\n",
    );
    assert_eq!(p.display_title(), "Heading");
    let fm = p
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::FrontMatter)
        .unwrap();
    assert_eq!(fm.line, 3);
    assert!(fm.message.contains("mapping values"), "{}", fm.message);
}

/// The quick listing of a post knows its front matter's problem as the full parse does
/// (the list marks the post ✗ from the first frame), and no other problem.
#[test]
fn post_listing_keeps_the_front_matter_problem_alone() {
    let listing = |text: &str| Post::listing_only("p.md", decode(text.as_bytes().to_vec()));
    for text in [
        "---\ndate: 2024-01-01\ntitle: Brand Voice: Why\n---\n# Heading\n",
        "---\ntitle: A\n[l](/posts/x)\n",
    ] {
        let (quick, full) = (listing(text), post("p.md", text));
        let problem = full
            .front_matter_problem()
            .expect("the full parse's problem");
        assert_eq!(quick.problems, std::slice::from_ref(problem), "{text:?}");
    }
    // A post whose only problems are others' (no date, an empty title) lists clean.
    let other = "---\ntitle: ''\n---\nText [x](/nowhere)\n";
    assert!(!post("p.md", other).problems.is_empty());
    assert!(listing(other).problems.is_empty());
}

#[test]
fn post_unterminated_front_matter_is_error_and_body() {
    let p = post("u.md", "---\ntitle: A\n[l](/posts/x)\n");
    assert!(kinds(&p).contains(&ProblemKind::FrontMatter));
    assert_eq!(p.links.len(), 1);
    assert_eq!(p.links[0].line, 3);
}

#[test]
fn post_crlf_and_bom_layout() {
    let p = post(
        "c.md",
        "\u{feff}---\r\ntitle: A\r\ndate: 2024-01-02\r\n---\r\n\r\n[x](/posts/y)\r\n",
    );
    assert!(p.layout.has_bom && p.layout.crlf);
    assert_eq!(p.title.as_deref(), Some("A"));
    assert_eq!(p.links[0].line, 6);
}

#[test]
fn post_jekyll_name_date_is_fallback() {
    let p = post("2016-01-02-hello.md", "---\ntitle: A\n---\n");
    assert_eq!(&*p.slug, "hello");
    assert_eq!(p.date.unwrap().ymd(), "2016-01-02");
    let p = post(
        "2016-01-02-hello.md",
        "---\ntitle: A\ndate: 2016-02-03\n---\n",
    );
    assert_eq!(p.date.unwrap().ymd(), "2016-02-03");
}

#[test]
fn post_unreadable_kinds() {
    let p = Post::from_source("b.md", decode(vec![0, 1, 2]), &LinkTemplates::default());
    assert!(!p.readable);
    assert_eq!(kinds(&p), [ProblemKind::Binary]);
}

#[test]
fn post_template_links_are_found() {
    let p = post(
        "a.md",
        "---\ntitle: A\n---\n[x]({{ \"/2015/07/08/openfec-api/\" | url }})\n",
    );
    assert_eq!(&*p.links[0].target, "/2015/07/08/openfec-api/");
}

/// A post of the index is kept in an `Arc`: at most 304 bytes (296 now) and its two
/// counts fill a 320-byte block of the allocator (a site holds one a post; at 368 bytes
/// each took 384, at 448 bytes 512).
#[cfg(target_pointer_width = "64")]
#[test]
fn post_fits_its_allocation_block() {
    assert!(
        std::mem::size_of::<Post>() <= 304,
        "Post is {} bytes",
        std::mem::size_of::<Post>()
    );
}
