//! Tests of the site checks and the `[checks]` levels, on small sites built on disk.

use std::fs;

use crate::core::index::Index;
use crate::core::post::Post;
use crate::core::problem::{Level, ProblemKind};

/// A site of `files` with `folio.toml` exactly as given (every check at its default).
fn site_as_is(files: &[(&str, &str)]) -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let index = Index::build(dir.path()).unwrap();
    (dir, index)
}

fn kinds(index: &Index, slug: &str) -> Vec<ProblemKind> {
    let id = index.find(slug).unwrap();
    index.problems(id).iter().map(|p| p.kind).collect()
}

const PAGE: &str = "---\ntitle: A page\n---\n";

/// Undated pages nobody links to are orphans; linked ones, dated posts, drafts, the
/// root `index.md` and `_index.md` list pages are not.
#[test]
fn site_checks_report_orphans() {
    let (_dir, index) = site_as_is(&[
        (
            "folio.toml",
            "[checks]\ntitle-length = \"off\"\nthin-content = \"off\"\n",
        ),
        ("index.md", "---\ntitle: Home\n---\n[linked](linked.md)\n"),
        ("linked.md", PAGE),
        ("lonely.md", PAGE),
        ("dated.md", "---\ntitle: D\ndate: 2024-01-01\n---\n"),
        ("draft.md", "---\ntitle: Dr\ndraft: true\n---\n"),
        ("docs/_index.md", PAGE),
        ("docs/index.md", PAGE),
    ]);
    let orphans: Vec<&str> = index
        .posts
        .enumerate()
        .filter(|(id, _)| {
            index
                .problems(*id)
                .iter()
                .any(|p| p.kind == ProblemKind::Orphan)
        })
        .map(|(_, p)| p.rel_path.as_ref())
        .collect();
    assert_eq!(orphans, ["docs/index.md", "lonely.md"]);
    let lonely = &index.problems(index.find("lonely").unwrap())[0];
    assert_eq!((lonely.line, lonely.level), (1, Level::Warning));
}

/// A one-post site has no orphan: nothing could link to it.
#[test]
fn site_checks_single_post_is_not_an_orphan() {
    let (_dir, index) = site_as_is(&[("a.md", PAGE)]);
    assert!(!kinds(&index, "a").contains(&ProblemKind::Orphan));
}

/// `orphan = "error"` and `"off"` change what the index reports and its error count.
#[test]
fn site_checks_levels_apply_in_the_index() {
    let files = |toml: &'static str| {
        site_as_is(&[
            ("folio.toml", toml),
            ("a.md", "---\ntitle: A\n---\n[x](/posts/nope)\n"),
            ("b.md", PAGE),
        ])
    };
    let (_d, index) = files("[checks]\norphan = \"error\"\nbroken-link = \"warning\"\n");
    let a = index.find("a").unwrap();
    let levels: Vec<_> = index
        .problems(a)
        .iter()
        .map(|p| (p.kind, p.level))
        .collect();
    assert!(
        levels.contains(&(ProblemKind::Orphan, Level::Error)),
        "{levels:?}"
    );
    assert!(
        levels.contains(&(ProblemKind::BrokenLink, Level::Warning)),
        "{levels:?}"
    );
    assert_eq!(
        index.error_count(),
        2,
        "two orphans are errors, the link is not"
    );
    let (_d, index) = files("[checks]\norphan = \"off\"\nbroken-link = \"off\"\n");
    assert_eq!(index.error_count(), 0);
    assert!(!kinds(&index, "a").contains(&ProblemKind::Orphan));
    let edited = index.with_post(Post::clone(&index.posts[a]));
    assert_eq!(edited.error_count(), 0, "with_post keeps the site's levels");
}

/// A `[checks]` key that is not a kind or a number is an error naming its line.
#[test]
fn site_checks_unknown_key_is_an_index_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("folio.toml"),
        "site_url = \"https://x.org\"\n\n[checks]\norphan = \"off\"\norphans = \"off\"\n",
    )
    .unwrap();
    let err = Index::build(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("folio.toml:5: unknown key `orphans` in [checks]"),
        "{err}"
    );
}

/// Titles are grouped by a hash of their lowercase: the same title in any case groups,
/// another title does not, and a group is checked title by title before it is reported.
#[test]
fn titles_group_by_lowercase_and_are_checked_within_a_group() {
    use super::{same_title, title_key};
    let titled = |t: &str| Post {
        title: Some(t.into()),
        ..Post::default()
    };
    let (a, b, c) = (
        titled("Straße Énorme"),
        titled("STRASSE énorme"),
        titled("straße énorme"),
    );
    assert_eq!(title_key(&a), title_key(&c));
    assert!(same_title(&a, &c) && !same_title(&a, &b));
    assert_ne!(title_key(&a), title_key(&b));
    // As `str::to_lowercase` has it: a word's final sigma is `ς`, and a Kelvin sign (not
    // ASCII) is the ASCII `k`.
    let (upper, final_sigma) = (titled("ΟΔΟΣ"), titled("οδος"));
    assert!(same_title(&upper, &final_sigma));
    assert_eq!(title_key(&upper), title_key(&final_sigma));
    let (kelvin, ascii) = (titled("\u{212A}elvin"), titled("KELVIN"));
    assert!(same_title(&kelvin, &ascii));
    assert_eq!(title_key(&kelvin), title_key(&ascii));
    // Longer than a piece of the hash's input, each way (ASCII, and not).
    let long = "Kelvin and the very long title ".repeat(5);
    let (kelvin, ascii) = (
        titled(&format!("\u{212A}{long}")),
        titled(&format!("K{long}")),
    );
    assert_eq!(title_key(&kelvin), title_key(&ascii));
    assert_ne!(title_key(&ascii), title_key(&titled(&format!("K{long}!"))));
    assert_eq!(title_key(&titled("")), None);
    assert!(!same_title(&titled(""), &titled("")));
    let (_dir, index) = site_as_is(&[
        ("a.md", "---\ntitle: Same Title\n---\n"),
        ("b.md", "---\ntitle: same title\n---\n"),
        ("c.md", "---\ntitle: Other\n---\n"),
    ]);
    assert!(kinds(&index, "a").contains(&ProblemKind::DuplicateTitle));
    assert!(kinds(&index, "b").contains(&ProblemKind::DuplicateTitle));
    assert!(!kinds(&index, "c").contains(&ProblemKind::DuplicateTitle));
}
