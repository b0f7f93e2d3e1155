//! `folio tag rename|merge|delete` on the built binary: `--dry-run` prints a unified diff
//! and writes nothing; a real run changes only each tag's item, in every `tags` form; on
//! the 18F corpus a merge breaks no link.

mod support;

use std::path::Path;

use support::cli::folio_on;
use support::fs::read;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let w = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    w(
        "block.md",
        "---\ntitle: Block\ntags:\n  - post\n  - 'SEO' # main\n---\nx\n",
    );
    w(
        "flow.md",
        "---\ntitle: Flow\ntags: [post, \"SEO\", Email]\n---\nx\n",
    );
    w(
        "single.md",
        "\u{feff}---\r\ntitle: Single\r\ntags: SEO\r\n---\r\nx\r\n",
    );
    w("other.md", "---\ntitle: Other\ntags: [Email]\n---\nx\n");
    dir
}

/// `--dry-run` prints a diff of each file and writes nothing.
#[test]
fn cli_tag_dry_run_prints_a_diff_and_writes_nothing() {
    let dir = site();
    let before: Vec<String> = ["block.md", "flow.md", "single.md"]
        .iter()
        .map(|f| read(dir.path(), f))
        .collect();
    let out = folio_on(&["tag", "rename", "SEO", "Search", "--dry-run"], dir.path());
    out.assert_success();
    let diff = String::from_utf8(out.stdout_bytes).expect("UTF-8");
    assert!(diff.contains("--- a/block.md\n+++ b/block.md\n"), "{diff}");
    assert!(
        diff.contains("-  - 'SEO' # main\n+  - Search # main\n"),
        "{diff}"
    );
    assert!(diff.contains("-tags: [post, \"SEO\", Email]\n+tags: [post, Search, Email]\n"));
    assert!(!diff.contains("other.md"));
    let after: Vec<String> = ["block.md", "flow.md", "single.md"]
        .iter()
        .map(|f| read(dir.path(), f))
        .collect();
    assert_eq!(before, after);
}

/// A rename changes only the tag's item in each form (BOM and CRLF kept); merge never
/// duplicates; delete removes; errors exit 2 with a reason.
#[test]
fn cli_tag_rename_merge_delete() {
    let dir = site();
    let out = folio_on(&["tag", "rename", "SEO", "yes"], dir.path());
    out.assert_success();
    assert_eq!(
        read(dir.path(), "block.md"),
        "---\ntitle: Block\ntags:\n  - post\n  - \"yes\" # main\n---\nx\n"
    );
    assert_eq!(
        read(dir.path(), "flow.md"),
        "---\ntitle: Flow\ntags: [post, \"yes\", Email]\n---\nx\n"
    );
    assert_eq!(
        read(dir.path(), "single.md"),
        "\u{feff}---\r\ntitle: Single\r\ntags: \"yes\"\r\n---\r\nx\r\n"
    );

    let out = folio_on(&["tag", "merge", "yes", "Email"], dir.path());
    out.assert_success();
    assert_eq!(
        read(dir.path(), "flow.md"),
        "---\ntitle: Flow\ntags: [post, Email]\n---\nx\n"
    );
    assert_eq!(
        read(dir.path(), "block.md"),
        "---\ntitle: Block\ntags:\n  - post\n  - Email # main\n---\nx\n"
    );

    let out = folio_on(&["tag", "delete", "post"], dir.path());
    out.assert_success();
    assert_eq!(
        read(dir.path(), "flow.md"),
        "---\ntitle: Flow\ntags: [Email]\n---\nx\n"
    );

    for args in [
        &["tag", "rename", "Email", "post2", "--dry-run"][..],
        &["tag", "rename", "Nope", "X"][..],
        &["tag", "rename", "Email", "Email"][..],
    ] {
        let out = folio_on(args, dir.path());
        let code = out.code();
        if args[2] == "Email" && args[3] == "post2" {
            assert_eq!(code, 0, "{args:?}");
        } else {
            assert_eq!(code, 2, "{args:?}: {out:?}");
            assert!(out.stderr.contains("cannot"));
        }
    }
}

/// On a copy of the 18F corpus, merging a tag changes only tags: `folio check` reports
/// exactly the same broken links before and after.
#[test]
fn cli_tag_merge_on_the_corpus_breaks_no_link() {
    let Some((_dir, root)) = support::corpus_18f_site() else {
        return;
    };
    let copy = root.as_path();
    let broken = |dir: &Path| -> Vec<String> {
        let out = folio_on(&["check", "--json"], dir);
        let json: serde_json::Value = out.json();
        let mut v: Vec<String> = json
            .as_array()
            .expect("array")
            .iter()
            .filter(|p| p["kind"] == "broken-link")
            .map(|p| format!("{} {}", p["path"], p["message"]))
            .collect();
        v.sort();
        v
    };
    let before = broken(copy);
    let tags = folio_on(&["tags", "--json"], copy);
    let tags: serde_json::Value = tags.json();
    let names: Vec<&str> = tags
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["tag"].as_str())
        .collect();
    let (from, into) = (names[1], names[0]);
    let out = folio_on(&["tag", "merge", from, into], copy);
    out.assert_success();
    assert!(out.stdout.contains("files changed"));
    assert_eq!(broken(copy), before, "no new broken link");
}
