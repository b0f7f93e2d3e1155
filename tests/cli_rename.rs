//! `folio rename OLD NEW [DIR]` on the built binary, on sites in each generator's layout:
//! every link form folio understands is rewritten in place (fragments, titles and link
//! text kept; code left alone), the file or bundle folder moves, and `folio check` finds
//! no new broken link. `--dry-run` writes nothing.

mod support;

use std::path::Path;

use support::cli::{Run, folio_command, folio_with_on};
use support::fs::read;

/// `folio ARGS DIR`, remembering state in the content folder's `.folio-test-data`.
fn folio(args: &[&str], dir: &Path) -> Run {
    let mut cmd = folio_command();
    cmd.env("FOLIO_DATA_DIR", dir.join(".folio-test-data"));
    folio_with_on(&mut cmd, args, dir)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn broken(root: &Path) -> Vec<String> {
    let out = folio(&["check", "--json", "--kind", "broken-link"], root);
    let json: serde_json::Value = out.json();
    let mut v: Vec<String> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|p| format!("{}:{} {}", p["path"], p["line"], p["message"]))
        .collect();
    v.sort();
    v
}

/// An Eleventy-style flat site: path, same-site URL, URL filter, relative file, reference
/// definition and HTML links all follow; code and link text do not change; CRLF stays.
#[test]
fn cli_rename_flat_site_every_form() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "folio.toml", "site_url = \"https://ex.org\"\n");
    write(
        root,
        "old.md",
        "---\ntitle: Old Post\nslug: old\n---\nSelf [link](/posts/old#top).\n",
    );
    let linking = "---\r\ntitle: Linking\r\n---\r\n\
        See [/posts/old](/posts/old#part \"The title\") and [abs](https://ex.org/posts/old/).\r\n\
        Filter [f]({{ \"/posts/old/\" | url }}) and [rel](old.md) and [ref][r].\r\n\
        <a href=\"/posts/old\">html</a> and `[code](/posts/old)`.\r\n\
        \r\n\
        ```\r\n[fenced](/posts/old)\r\n```\r\n\
        \r\n\
        [r]: /posts/old \"Ref title\"\r\n";
    write(root, "linking.md", linking);
    let before = broken(root);

    let out = folio(&["rename", "old", "brand-new", "--dry-run"], root);
    out.assert_success();
    let diff = String::from_utf8(out.stdout_bytes).expect("UTF-8");
    assert!(diff.contains("rename "), "{diff}");
    assert!(root.join("old.md").exists(), "dry run writes nothing");

    let out = folio(&["rename", "old", "brand-new"], root);
    out.assert_success();
    assert!(!root.join("old.md").exists());
    assert_eq!(
        read(root, "brand-new.md"),
        "---\ntitle: Old Post\nslug: brand-new\n---\nSelf [link](/posts/brand-new#top).\n"
    );
    let want = linking
        .replace("(/posts/old#part", "(/posts/brand-new#part")
        .replace(
            "(https://ex.org/posts/old/)",
            "(https://ex.org/posts/brand-new/)",
        )
        .replace("\"/posts/old/\" | url", "\"/posts/brand-new/\" | url")
        .replace("[rel](old.md)", "[rel](brand-new.md)")
        .replace("href=\"/posts/old\"", "href=\"/posts/brand-new\"")
        .replace("[r]: /posts/old", "[r]: /posts/brand-new");
    assert_eq!(read(root, "linking.md"), want);
    assert!(want.contains("`[code](/posts/old)`") && want.contains("[fenced](/posts/old)"));
    assert!(want.contains("See [/posts/old]("), "link text unchanged");
    assert_eq!(broken(root), before, "no new broken link");
}

/// Jekyll: a date-named post keeps its date prefix; `post_url` and `link` tags and dated
/// permalinks follow.
#[test]
fn cli_rename_jekyll_date_prefix_and_tags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "folio.toml",
        "permalink = \"/{year}/{month}/{day}/{slug}/\"\n",
    );
    write(
        root,
        "_posts/2016-01-02-old.md",
        "---\ntitle: Old\n---\nx\n",
    );
    write(
        root,
        "_posts/2016-02-03-other.md",
        "---\ntitle: Other\n---\n[a]({% post_url 2016-01-02-old %}#h) [b]({% link _posts/2016-01-02-old.md %}) [c](/2016/01/02/old/)\n",
    );
    let out = folio(&["rename", "old", "fresh"], root);
    out.assert_success();
    assert!(root.join("_posts/2016-01-02-fresh.md").is_file());
    assert_eq!(
        read(root, "_posts/2016-02-03-other.md"),
        "---\ntitle: Other\n---\n[a]({% post_url 2016-01-02-fresh %}#h) [b]({% link _posts/2016-01-02-fresh.md %}) [c](/2016/01/02/fresh/)\n"
    );
    assert_eq!(broken(root), Vec::<String>::new());
}

/// Hugo: a page bundle's folder moves with its files; `ref` and `relref` follow.
#[test]
fn cli_rename_hugo_bundle_and_refs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "folio.toml",
        "[[sections]]\npath = \"blog\"\npermalink = \"/blog/{path}/\"\n",
    );
    write(
        root,
        "blog/old/index.md",
        "---\ntitle: Old\n---\n![pic](pic.png)\n",
    );
    write(root, "blog/old/pic.png", "png");
    write(
        root,
        "blog/other.md",
        "---\ntitle: Other\n---\n[a]({{< ref \"old\" >}}) [b]({{< relref \"blog/old\" >}}) [c](/blog/old/)\n",
    );
    let before = broken(root);
    let out = folio(&["rename", "blog/old/index.md", "fresh"], root);
    out.assert_success();
    assert!(root.join("blog/fresh/index.md").is_file());
    assert!(
        root.join("blog/fresh/pic.png").is_file(),
        "the bundle moved whole"
    );
    assert!(!root.join("blog/old").exists());
    assert_eq!(
        read(root, "blog/other.md"),
        "---\ntitle: Other\n---\n[a]({{< ref \"fresh\" >}}) [b]({{< relref \"blog/fresh\" >}}) [c](/blog/fresh/)\n"
    );
    assert_eq!(broken(root), before);
}

/// A new slug another post has, a taken file name, or a bad slug is refused; nothing moves.
#[test]
fn cli_rename_refusals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "a.md", "---\ntitle: A\n---\n[b](/posts/b)\n");
    write(root, "b.md", "---\ntitle: B\n---\nb\n");
    for (new, why) in [("b", "already has the slug"), ("a/b", "cannot be a slug")] {
        let out = folio(&["rename", "a", new], root);
        assert_eq!(out.code(), 2, "{new}: {out:?}");
        assert!(out.stderr.contains(why), "{new}: {out:?}");
    }
    assert!(root.join("a.md").is_file());
}

/// On a copy of the 18F corpus, renaming a much-linked post breaks no link.
#[test]
fn cli_rename_on_the_corpus_breaks_no_link() {
    let Some((_dir, root)) = support::corpus_18f_site() else {
        return;
    };
    let copy = root.as_path();
    let list = folio(&["list", "--json"], copy);
    let posts: serde_json::Value = list.json();
    // The post most linked to from others.
    let mut counts = std::collections::HashMap::new();
    for post in posts.as_array().expect("array") {
        for link in post["links"].as_array().into_iter().flatten() {
            if let Some(slug) = link["slug"].as_str() {
                *counts.entry(slug.to_owned()).or_insert(0) += 1;
            }
        }
    }
    let (slug, n) = counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .expect("linked posts");
    assert!(n >= 2, "{slug} has {n} links");
    let before = broken(copy);
    let out = folio(&["rename", &slug, &format!("{slug}-renamed")], copy);
    out.assert_success();
    assert_eq!(broken(copy), before, "no new broken link");
}
