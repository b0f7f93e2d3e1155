//! The index's unit tests: links and backlinks, the site's checks, finding posts, and an
//! index updated with one post.

use super::*;
use crate::core::problem::ProblemKind;
use std::fs;

/// The content checks these tests are not about, turned off so each test sees only the
/// problems it is about (they have their own tests in `checks`).
const CONTENT_CHECKS_OFF: &str = "\n[checks]\ntitle-length = \"off\"\nthin-content = \"off\"\nmissing-description = \"off\"\norphan = \"off\"\n";

/// A site of `files`, with the content checks off (a `folio.toml` given gets them added).
fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = CONTENT_CHECKS_OFF.to_owned();
    for (path, text) in files {
        if *path == "folio.toml" {
            config = format!("{text}{CONTENT_CHECKS_OFF}");
            continue;
        }
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(dir.path().join("folio.toml"), config).unwrap();
    let index = Index::build(dir.path()).unwrap();
    (dir, index)
}

fn kinds(index: &Index, slug: &str) -> Vec<ProblemKind> {
    let id = index.find(slug).unwrap();
    index.problems(id).iter().map(|p| p.kind).collect()
}

const OK: &str = "---\ntitle: T\ndate: 2024-01-01\n---\n";

#[test]
fn index_resolves_links_and_builds_backlinks() {
    let (_dir, index) = site(&[
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\n[b](/posts/b) [b again](b.md) [c](/posts/c)\n",
        ),
        (
            "b.md",
            "---\ntitle: B\ndate: 2024-01-02\n---\n[a](/posts/a)\n",
        ),
        (
            "c.md",
            "---\ntitle: C\ndate: 2024-01-03\n---\n[a](/posts/a#x)\n",
        ),
    ]);
    let (a, b, c) = (
        index.find("a").unwrap(),
        index.find("b").unwrap(),
        index.find("c").unwrap(),
    );
    assert_eq!(index.links(a).get(0).expect("a link").post, Some(b));
    assert_eq!(index.links(a).get(1).expect("a link").post, Some(b));
    assert_eq!(index.backlinks(a), [b, c]);
    assert_eq!(index.backlinks(b), [a]);
    assert_eq!(index.links(c).get(0).expect("a link").fragment, Some("x"));
    assert_eq!(index.newest_first(), [c, b, a]);
}

#[test]
fn index_reports_broken_links_as_errors() {
    let (_dir, index) = site(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n\n[x](/posts/nope)\n",
    )]);
    let problems = index.problems(PostId::new(0));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::BrokenLink);
    assert_eq!(problems[0].line, 6);
    assert_eq!(index.error_count(), 1);
}

#[test]
fn index_reports_duplicate_slugs_without_crashing() {
    let (_dir, index) = site(&[
        ("a.md", OK),
        ("sub/a.md", "---\ntitle: Other\ndate: 2024-01-01\n---\n"),
    ]);
    assert_eq!(index.posts.len(), 2);
    for id in index.posts.ids() {
        assert!(
            index
                .problems(id)
                .iter()
                .any(|p| p.kind == ProblemKind::DuplicateSlug)
        );
    }
}

#[test]
fn index_same_slug_on_other_days_is_fine_with_dated_permalinks() {
    let (_dir, index) = site(&[
        (
            "folio.toml",
            "permalink = \"/{year}/{month}/{day}/{slug}/\"\n",
        ),
        ("2023-05-08-award.md", "---\ntitle: Award 2023\n---\n"),
        (
            "2024-05-08-award.md",
            "---\ntitle: Award 2024\n---\n[old](/2023/05/08/award/)\n",
        ),
    ]);
    assert_eq!(index.error_count(), 0, "{:?}", index.posts);
    let newer = index.find("2024-05-08-award.md").unwrap();
    let older = index.find("2023-05-08-award.md").unwrap();
    assert_eq!(index.links(newer).get(0).expect("a link").post, Some(older));
}

#[test]
fn index_reports_duplicate_titles_and_case_variant_tags() {
    let (_dir, index) = site(&[
        (
            "a.md",
            "---\ntitle: Same\ndate: 2024-01-01\ntags: [SEO]\n---\n",
        ),
        (
            "b.md",
            "---\ntitle: same \ndate: 2024-01-01\ntags: [SEO]\n---\n",
        ),
        (
            "c.md",
            "---\ntitle: C\ndate: 2024-01-01\ntags:\n  - seo\n---\n",
        ),
    ]);
    assert_eq!(kinds(&index, "a"), [ProblemKind::DuplicateTitle]);
    let c = index.find("c").unwrap();
    let tag_case = &index.problems(c)[0];
    assert_eq!(tag_case.kind, ProblemKind::TagCase);
    assert_eq!(tag_case.line, 4);
    assert!(tag_case.message.contains("`seo`") && tag_case.message.contains("`SEO`"));
    assert_eq!(index.tags.len(), 2, "tags compare exactly");
}

#[test]
fn index_checks_image_files_with_media_dir() {
    let (_dir, index) = site(&[
        ("folio.toml", "media_dir = \"static\"\n"),
        ("static/media/a.webp", "img"),
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nimage: /media/a.webp\n---\n",
        ),
        (
            "b.md",
            "---\ntitle: B\ndate: 2024-01-01\nimage: \"/media/b.webp\"\n---\n",
        ),
        (
            "c.md",
            "---\ntitle: C\ndate: 2024-01-01\nimage: https://x.org/c.png\n---\n",
        ),
    ]);
    assert!(kinds(&index, "a").is_empty());
    assert_eq!(kinds(&index, "b"), [ProblemKind::MissingImage]);
    assert!(kinds(&index, "c").is_empty());
}

#[test]
fn index_does_not_check_root_relative_images_without_media_dir() {
    let (_dir, index) = site(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\nimage: /media/a.webp\n---\n",
    )]);
    assert!(kinds(&index, "a").is_empty());
}

#[test]
fn index_lints_dates_titles_and_mojibake() {
    let (_dir, index) = site(&[
        ("bad-date.md", "---\ntitle: A\ndate: 13/12/2024\n---\n"),
        ("no-date.md", "---\ntitle: B\n---\n"),
        ("no-title.md", "---\ndate: 2024-01-01\n---\n# Heading\n"),
        (
            "moji.md",
            "---\ntitle: M\ndate: 2024-01-01\n---\nbrandâ€™s\n",
        ),
    ]);
    assert_eq!(kinds(&index, "bad-date"), [ProblemKind::BadDate]);
    assert_eq!(kinds(&index, "no-date"), [ProblemKind::MissingDate]);
    assert_eq!(kinds(&index, "no-title"), [ProblemKind::MissingTitle]);
    let moji = &index.problems(index.find("moji").unwrap())[0];
    assert_eq!((moji.kind, moji.line), (ProblemKind::Mojibake, 5));
}

#[test]
fn index_invalid_front_matter_is_one_error_not_a_cascade() {
    let (_dir, index) = site(&[("a.md", "---\ntitle: A: B\n---\n")]);
    assert_eq!(kinds(&index, "a"), [ProblemKind::FrontMatter]);
}

#[test]
fn index_bad_config_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("folio.toml"), "site_url = \"x\"\n").unwrap();
    let err = Index::build(dir.path()).unwrap_err().to_string();
    assert!(err.contains("folio.toml:1:"), "{err}");
    let err = Index::build(&dir.path().join("missing"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing"), "{err}");
}

#[test]
fn index_find_by_slug_path_and_disk_path() {
    let (dir, index) = site(&[("sub/x.md", OK)]);
    assert_eq!(index.find("x"), Some(PostId::new(0)));
    assert_eq!(index.find("sub/x.md"), Some(PostId::new(0)));
    assert_eq!(
        index.find(&dir.path().join("sub/x.md").display().to_string()),
        Some(PostId::new(0))
    );
    assert_eq!(index.find("nope"), None);
}

#[test]
fn index_with_post_updates_links_backlinks_tags_and_problems() {
    let (dir, index) = site(&[
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\n[b](/posts/b) [new](/posts/new)\n",
        ),
        ("b.md", "---\ntitle: B\ndate: 2024-01-02\n---\n"),
    ]);
    assert_eq!(index.error_count(), 1, "the link to `new` is broken");
    let templates = &index.config.link_templates;
    let path = dir.path().join("new.md");
    fs::write(
        &path,
        "---\ntitle: New\ndate: 2024-01-03\ntags: [x, y]\n---\n",
    )
    .unwrap();
    let added = index.with_post(Post::load(&path, "new.md", templates));
    assert_eq!(added.error_count(), 0);
    let (a, new) = (added.find("a").unwrap(), added.find("new").unwrap());
    assert_eq!(added.backlinks(new), [a]);
    assert_eq!(
        added.tags.iter().find(|t| t.name == "x").unwrap().count(),
        2
    );
    let a_path = dir.path().join("a.md");
    fs::write(&a_path, "---\ntitle: A\ndate: 2024-01-01\n---\nno links\n").unwrap();
    let edited = added.with_post(Post::load(&a_path, "a.md", templates));
    assert!(edited.backlinks(edited.find("b").unwrap()).is_empty());
    assert_eq!(edited.posts.len(), 3);
}

/// Two posts with the same problem hold one copy of its message.
#[test]
fn index_shares_equal_problem_messages() {
    let broken = "---\ntitle: T\ndate: 2024-01-01\n---\n[gone](/posts/nope)\n";
    let (_dir, index) = site(&[("a.md", broken), ("b.md", broken)]);
    let message = |slug: &str| {
        let id = index.find(slug).unwrap();
        let problem = index
            .problems(id)
            .iter()
            .find(|p| p.kind == ProblemKind::BrokenLink);
        Arc::clone(&problem.expect("a broken link").message)
    };
    let (a, b) = (message("a"), message("b"));
    assert!(a.contains("nope"), "{a}");
    assert!(Arc::ptr_eq(&a, &b), "{a} / {b}");
}

/// On a site built in parallel (more posts than `par::MIN_PARALLEL`), equal messages are
/// shared within each worker's batch: far fewer copies than posts.
#[test]
fn index_shares_problem_messages_when_built_in_parallel() {
    let broken = "---\ntitle: T\ndate: 2024-01-01\n---\n[gone](/posts/nope)\n";
    let names: Vec<String> = (0..200).map(|i| format!("p{i}.md")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), broken)).collect();
    let (_dir, index) = site(&files);
    let copies: std::collections::HashSet<*const u8> = index
        .posts
        .ids()
        .flat_map(|id| index.problems(id).iter())
        .filter(|p| p.kind == ProblemKind::BrokenLink)
        .map(|p| p.message.as_ptr())
        .collect();
    // One a batch (16 on two cores); one a post without the sharing.
    assert!(
        !copies.is_empty() && copies.len() < names.len() / 2,
        "{} copies",
        copies.len()
    );
}
