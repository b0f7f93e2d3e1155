//! Unit tests of the per-post checks, on posts parsed the way the index parses them.

use crate::core::check_config::{ChecksConfig, RawChecks};
use crate::core::link_templates::LinkTemplates;
use crate::core::post::Post;
use crate::core::problem::{Level, Problem, ProblemKind};
use crate::core::source::decode;

fn post(text: &str) -> Post {
    Post::from_source(
        "p.md",
        decode(text.as_bytes().to_vec()),
        &LinkTemplates::default(),
    )
}

fn config(toml_text: &str) -> ChecksConfig {
    #[derive(serde::Deserialize)]
    struct Wrapper {
        checks: RawChecks,
    }
    let raw: Wrapper = toml::from_str(&format!("[checks]\n{toml_text}")).unwrap();
    ChecksConfig::parse(raw.checks).unwrap()
}

/// `n` words of plain body text.
fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

/// A post that passes every per-post check, with `fm` added to its front matter and `body`
/// after 300 words of text.
fn good(fm: &str, body: &str) -> String {
    format!(
        "---\ntitle: A title of a good length\ndate: 2024-01-01\ndescription: Short.\n{fm}---\n{}\n\n{body}",
        words(300)
    )
}

/// The problems of `text`: parse-time ones, then the configured ones (levels applied).
fn problems_with(text: &str, cfg: &ChecksConfig) -> Vec<Problem> {
    let p = post(text);
    let mut all = p.problems.clone();
    all.extend(p.configured_problems(cfg, true));
    cfg.apply(&mut all);
    all
}

fn of_kind(text: &str, cfg: &ChecksConfig, kind: ProblemKind) -> Vec<(usize, Level, String)> {
    problems_with(text, cfg)
        .into_iter()
        .filter(|p| p.kind == kind)
        .map(|p| (p.line, p.level, p.message.to_string()))
        .collect()
}

fn kinds(text: &str) -> Vec<ProblemKind> {
    problems_with(text, &ChecksConfig::default())
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

/// The baseline post has no problem at all, so each test below trips exactly one thing.
#[test]
fn post_checks_good_post_passes_everything() {
    assert_eq!(kinds(&good("", "")), []);
}

/// 19 and 71 characters are reported with the title's line; 20 and 70 pass.
#[test]
fn post_checks_title_length_bounds() {
    let with_title =
        |t: &str| good("", "").replace("title: A title of a good length", &format!("title: {t}"));
    let d = ChecksConfig::default();
    let short = of_kind(&with_title(&"x".repeat(19)), &d, ProblemKind::TitleLength);
    assert_eq!(short.len(), 1);
    assert_eq!((short[0].0, short[0].1), (2, Level::Warning));
    assert!(
        short[0].2.contains("19 characters, shorter than 20"),
        "{short:?}"
    );
    let long = of_kind(&with_title(&"é".repeat(71)), &d, ProblemKind::TitleLength);
    assert!(
        long[0].2.contains("71 characters, longer than 70"),
        "{long:?}"
    );
    for n in [20, 70] {
        assert!(of_kind(&with_title(&"x".repeat(n)), &d, ProblemKind::TitleLength).is_empty());
    }
    let cfg = config("title_min = 5\ntitle_max = 10\ntitle-length = \"error\"\n");
    assert!(
        of_kind(
            &with_title("x".repeat(7).as_str()),
            &cfg,
            ProblemKind::TitleLength
        )
        .is_empty()
    );
    let got = of_kind(&with_title(&"x".repeat(11)), &cfg, ProblemKind::TitleLength);
    assert_eq!(got[0].1, Level::Error);
    let off = config("title-length = \"off\"\n");
    assert!(of_kind(&with_title("x"), &off, ProblemKind::TitleLength).is_empty());
}

/// No description field at all is reported at the front matter; any field counts.
#[test]
fn post_checks_missing_description() {
    let none = good("", "").replace("description: Short.\n", "");
    let got = of_kind(
        &none,
        &ChecksConfig::default(),
        ProblemKind::MissingDescription,
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, 2);
    assert!(
        got[0].2.contains("`description`, `excerpt`, `summary`"),
        "{got:?}"
    );
    let summary = none.replace("date:", "summary: A summary.\ndate:");
    assert!(
        of_kind(
            &summary,
            &ChecksConfig::default(),
            ProblemKind::MissingDescription
        )
        .is_empty()
    );
    let teaser = none.replace("date:", "teaser: T.\ndate:");
    let cfg = config("description_fields = [\"teaser\"]\n");
    assert!(of_kind(&teaser, &cfg, ProblemKind::MissingDescription).is_empty());
    assert_eq!(
        of_kind(&summary, &cfg, ProblemKind::MissingDescription).len(),
        1,
        "with only `teaser` configured, `summary` does not count"
    );
    let off = config("missing-description = \"off\"\n");
    assert!(of_kind(&none, &off, ProblemKind::MissingDescription).is_empty());
}

/// A site that never sets a description field is not told so on every post.
#[test]
fn post_checks_missing_description_only_where_the_site_uses_them() {
    let p = post(&good("", "").replace("description: Short.\n", ""));
    let found = p.configured_problems(&ChecksConfig::default(), false);
    assert!(
        found
            .iter()
            .all(|p| p.kind != ProblemKind::MissingDescription)
    );
}

/// The first description field longer than the limit is reported at its own line;
/// fallback fields (excerpt) are not length-checked.
#[test]
fn post_checks_description_too_long() {
    let long = |n: usize| good("", "").replace("Short.", &"d".repeat(n));
    let d = ChecksConfig::default();
    let got = of_kind(&long(161), &d, ProblemKind::MissingDescription);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, 4);
    assert!(
        got[0]
            .2
            .contains("`description` is 161 characters, longer than 160"),
        "{got:?}"
    );
    assert!(of_kind(&long(160), &d, ProblemKind::MissingDescription).is_empty());
    let excerpt = good(&format!("excerpt: {}\n", "e".repeat(300)), "");
    assert!(of_kind(&excerpt, &d, ProblemKind::MissingDescription).is_empty());
    let cfg = config("description_max = 200\n");
    assert!(of_kind(&long(161), &cfg, ProblemKind::MissingDescription).is_empty());
}

/// `##` then `####` and a second `#` are reported at their lines; `##` `###` `##` passes.
#[test]
fn post_checks_heading_order() {
    let d = ChecksConfig::default();
    let text = good("", "## A\n\n#### B\n\n# One\n\n# Two\n");
    let got = of_kind(&text, &d, ProblemKind::HeadingOrder);
    let lines: Vec<usize> = got.iter().map(|g| g.0).collect();
    assert_eq!(lines, [10, 14], "{got:?}");
    assert!(got[0].2.contains("level 4 follows level 2"), "{got:?}");
    assert!(
        got[1]
            .2
            .contains("second `#` heading (the first is on line 12)"),
        "{got:?}"
    );
    let fine = good("", "# Top\n\n## A\n\n### B\n\n## C\n");
    assert!(of_kind(&fine, &d, ProblemKind::HeadingOrder).is_empty());
    let off = config("heading-order = \"off\"\n");
    assert!(of_kind(&text, &off, ProblemKind::HeadingOrder).is_empty());
}

/// Markdown and HTML images without alt are reported; alt text and `alt=""` pass.
#[test]
fn post_checks_image_alt() {
    let d = ChecksConfig::default();
    let text = good(
        "",
        "![](/a.png)\n\n<img src=\"/b.png\">\n\n![A chart](/c.png) <img alt=\"\" src=\"/d.png\">\n",
    );
    let lines: Vec<usize> = of_kind(&text, &d, ProblemKind::ImageAlt)
        .iter()
        .map(|g| g.0)
        .collect();
    assert_eq!(lines, [8, 10]);
    let cfg = config("image-alt = \"error\"\n");
    assert!(
        of_kind(&text, &cfg, ProblemKind::ImageAlt)
            .iter()
            .all(|g| g.1 == Level::Error)
    );
    let off = config("image-alt = \"off\"\n");
    assert!(of_kind(&text, &off, ProblemKind::ImageAlt).is_empty());
}

/// Six images without alt give five problems, the last counting the rest.
#[test]
fn post_checks_repeated_problems_are_capped() {
    let text = good("", &"![](/a.png)\n\n".repeat(6));
    let got = of_kind(&text, &ChecksConfig::default(), ProblemKind::ImageAlt);
    assert_eq!(got.len(), 5);
    assert!(got[4].2.ends_with("(and 1 more images)"), "{got:?}");
}

/// 299 words are thin, 300 are not; links and code do not count; `min_words` moves it.
#[test]
fn post_checks_thin_content() {
    let d = ChecksConfig::default();
    let at = |n: usize, extra: &str| {
        format!(
            "---\ntitle: A title of a good length\ndate: 2024-01-01\ndescription: S.\n---\n{}\n\n{extra}\n",
            words(n)
        )
    };
    let got = of_kind(&at(299, ""), &d, ProblemKind::ThinContent);
    assert_eq!(got.len(), 1);
    assert!(got[0].2.starts_with("299 words"), "{got:?}");
    assert!(of_kind(&at(300, ""), &d, ProblemKind::ThinContent).is_empty());
    let padded = at(299, "[link words](/x) `code` \n\n```\nmore code words\n```");
    assert_eq!(of_kind(&padded, &d, ProblemKind::ThinContent).len(), 1);
    let cfg = config("min_words = 10\n");
    assert!(of_kind(&at(10, ""), &cfg, ProblemKind::ThinContent).is_empty());
    let cfg = config("thin-content = \"error\"\n");
    assert_eq!(
        of_kind(&at(1, ""), &cfg, ProblemKind::ThinContent)[0].1,
        Level::Error
    );
    let off = config("thin-content = \"off\"\n");
    assert!(of_kind(&at(1, ""), &off, ProblemKind::ThinContent).is_empty());
}

/// An escape or bidi override is reported once, at its first line, with a count.
#[test]
fn post_checks_control_characters() {
    let d = ChecksConfig::default();
    let text = good("", "red \u{1b}[31m\n\nrtl \u{202e}x\n");
    let got = of_kind(&text, &d, ProblemKind::ControlCharacters);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, 8);
    assert!(
        got[0].2.contains("U+001B") && got[0].2.contains("and 1 more lines"),
        "{got:?}"
    );
    let front = good("author: \"a\u{7}b\"\n", "");
    assert_eq!(of_kind(&front, &d, ProblemKind::ControlCharacters)[0].0, 5);
    let escaped = good("summary: \"rtl \\u202E here\"\n", "text \u{1b} later\n");
    let got = of_kind(&escaped, &d, ProblemKind::ControlCharacters);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, 5, "the YAML escape's field line comes first");
    assert!(
        got[0].2.contains("U+202E in the `summary` field"),
        "{got:?}"
    );
    let tabs = good("", "a\tb\r\n");
    assert!(of_kind(&tabs, &d, ProblemKind::ControlCharacters).is_empty());
    let off = config("control-characters = \"off\"\n");
    assert!(of_kind(&text, &off, ProblemKind::ControlCharacters).is_empty());
}

/// Invalid front matter hides field checks (one error, not a cascade); thin content stays.
#[test]
fn post_checks_broken_front_matter_is_not_a_cascade() {
    let found = kinds("---\ntitle: A: B\n---\nshort\n");
    assert_eq!(found, [ProblemKind::FrontMatter, ProblemKind::ThinContent]);
}
