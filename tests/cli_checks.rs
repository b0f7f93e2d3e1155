//! `folio check` filters (`--kind`, `--level`) and the `[checks]` table of `folio.toml`, on
//! the built binary, against sample-posts and the 18F corpus (when `../shared` is present).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use support::cli::{folio, folio_in};
use support::corpus_18f_site;
use support::fs::temp_sample;

/// (path, kind, level) of every problem in `check --json` output.
fn rows(json: &Value) -> Vec<(String, String, String)> {
    json.as_array()
        .expect("check --json is an array")
        .iter()
        .map(|p| {
            let field = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (field("path"), field("kind"), field("level"))
        })
        .collect()
}

/// How many problems of each kind.
fn per_kind(json: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (_, kind, _) in rows(json) {
        *counts.entry(kind).or_default() += 1;
    }
    counts
}

/// A copy of sample-posts whose `folio.toml` ends with `extra`.
fn sample_site_with(extra: &str) -> tempfile::TempDir {
    let dir = temp_sample();
    let toml = dir.path().join("folio.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(extra);
    std::fs::write(&toml, text).unwrap();
    dir
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

/// `--kind` keeps only the kinds named (repeatable); the exit status follows what is shown.
#[test]
fn check_kind_filters_problems() {
    let thin = folio(["check", "sample-posts", "--kind", "thin-content", "--json"]);
    assert_eq!(thin.code(), 0, "only warnings are shown");
    let got = rows(&thin.json());
    let paths: Vec<&str> = got.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        paths,
        [
            "cohort-analysis-sql.md",
            "structured-data-for-blog-posts.md"
        ]
    );
    assert!(got.iter().all(|r| r.1 == "thin-content"));

    let two = folio([
        "check",
        "sample-posts",
        "--kind",
        "front-matter",
        "--kind",
        "missing-image",
    ]);
    assert_eq!(two.code(), 1, "the front-matter error is shown");
    let lines: Vec<&str> = two.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", two.stdout);
    assert!(lines[0].contains("error[front-matter]"), "{}", two.stdout);
    assert!(
        lines[1].contains("warning[missing-image]"),
        "{}",
        two.stdout
    );
    assert_eq!(lines[2], "1 error, 1 warning in 2 of 32 posts");

    let none = folio(["check", "sample-posts", "--kind", "orphan"]);
    assert_eq!(none.code(), 0);
    assert_eq!(none.stdout, "no matching problems in 32 posts\n");
}

/// `--level` keeps one level; with `--level warning` the exit status is 0 despite errors.
#[test]
fn check_level_filters_problems() {
    let errors = folio(["check", "sample-posts", "--level", "error", "--json"]);
    assert_eq!(errors.code(), 1);
    let got = rows(&errors.json());
    assert_eq!(got.len(), 4);
    assert!(got.iter().all(|r| r.2 == "error"), "{got:?}");

    let warnings = folio(["check", "sample-posts", "--level", "warning"]);
    assert_eq!(warnings.code(), 0, "{}", warnings.stdout);
    assert!(
        warnings
            .stdout
            .ends_with("0 errors, 3 warnings in 3 of 32 posts\n"),
        "{}",
        warnings.stdout
    );
    assert!(!warnings.stdout.contains("error["), "{}", warnings.stdout);

    let both = folio([
        "check",
        "sample-posts",
        "--level",
        "error",
        "--kind",
        "thin-content",
    ]);
    assert_eq!(both.code(), 0);
}

/// An unknown `--kind` or `--level` fails with status 2, naming every valid kind.
#[test]
fn check_unknown_kind_is_an_error_listing_the_kinds() {
    let run = folio(["check", "sample-posts", "--kind", "orphans"]);
    assert_eq!(run.code(), 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("unknown kind `orphans`"),
        "{}",
        run.stderr
    );
    for kind in [
        "broken-link",
        "orphan",
        "thin-content",
        "control-characters",
    ] {
        assert!(
            run.stderr.contains(kind),
            "{kind} not listed in {}",
            run.stderr
        );
    }
    let run = folio(["check", "sample-posts", "--level", "info"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("error") && run.stderr.contains("warning"));
}

/// `[checks]` levels and numbers change `check`, its exit status, and `list --json`.
#[test]
fn checks_table_sets_levels_and_numbers() {
    let site = sample_site_with(
        "\n[checks]\nbroken-link = \"warning\"\nfront-matter = \"warning\"\nmissing-image = \"off\"\nthin-content = \"error\"\nmin_words = 294\n",
    );
    let root = site.path();
    let run = folio(["check", arg(root), "--json"]);
    assert_eq!(run.code(), 1, "thin-content is now an error");
    let got = rows(&run.json());
    let errors: Vec<_> = got.iter().filter(|r| r.2 == "error").collect();
    assert_eq!(
        errors,
        [&(
            "cohort-analysis-sql.md".to_owned(),
            "thin-content".to_owned(),
            "error".to_owned()
        )],
        "293 words is under 294; 294 is not"
    );
    assert!(got.iter().all(|r| r.1 != "missing-image"), "{got:?}");
    assert_eq!(
        got.iter().filter(|r| r.1 == "broken-link").count(),
        3,
        "still reported, as warnings"
    );

    let list = folio(["list", arg(root), "--json"]).json();
    let posts = list.as_array().unwrap();
    let problems_of = |path: &str| -> Vec<(String, String)> {
        let post = posts.iter().find(|p| p["path"] == path).unwrap();
        post["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["kind"].as_str().unwrap().to_owned(),
                    p["level"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        problems_of("content-calendar-planning.md"),
        [("broken-link".to_owned(), "warning".to_owned())]
    );
    assert!(problems_of("video-content-strategy.md").is_empty());

    let off = sample_site_with("\n[checks]\nbroken-link = \"off\"\nfront-matter = \"off\"\n");
    let run = folio(["check", arg(off.path())]);
    assert_eq!(run.code(), 0, "no error kind is left: {}", run.stdout);
}

/// An unknown key in `[checks]` fails every command with the file and its line.
#[test]
fn checks_table_unknown_key_names_file_and_line() {
    let site = sample_site_with("\n[checks]\norphan = \"off\"\nthin_content = \"off\"\n");
    let toml = std::fs::read_to_string(site.path().join("folio.toml")).unwrap();
    let line = toml
        .lines()
        .position(|l| l.starts_with("thin_content"))
        .unwrap()
        + 1;
    for cmd in ["check", "list", "tags"] {
        let run = folio_in(site.path(), [cmd]);
        assert_eq!(run.code(), 2, "{cmd}");
        assert!(
            run.stderr.contains(&format!(
                "folio.toml:{line}: unknown key `thin_content` in [checks]"
            )),
            "{cmd}: {}",
            run.stderr
        );
    }
    let bad = sample_site_with("\n[checks]\norphan = \"loud\"\n");
    let run = folio(["check", arg(bad.path())]);
    assert_eq!(run.code(), 2);
    assert!(
        run.stderr.contains("\"error\", \"warning\" or \"off\""),
        "{}",
        run.stderr
    );
}

/// On the 18F corpus the defaults give a reviewable list: the counts per new kind are pinned
/// (dated blog posts are not orphans; teaser `excerpt`s are not length-checked).
#[test]
fn checks_corpus_18f_counts_per_kind() {
    let Some((_dir, root)) = corpus_18f_site() else {
        return;
    };
    let counts = per_kind(&folio(["check", arg(&root), "--json"]).json());
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    assert_eq!(count("orphan"), 0, "{counts:?}");
    assert_eq!(count("title-length"), 105, "{counts:?}");
    assert_eq!(count("missing-description"), 226, "{counts:?}");
    assert_eq!(count("thin-content"), 49, "{counts:?}");
    assert_eq!(count("heading-order"), 3, "{counts:?}");
    assert_eq!(count("image-alt"), 2, "{counts:?}");
    assert_eq!(count("control-characters"), 1, "{counts:?}");
}
