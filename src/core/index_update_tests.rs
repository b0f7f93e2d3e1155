//! `Index::with_changed` against a full rebuild: after posts change on disk, the
//! incremental update must give exactly the index a fresh build of the folder gives.

use std::fs;
use std::path::Path;

use super::*;

/// Every link, backlink, tag and problem of `a` and `b`, post by post.
fn assert_same(a: &Index, b: &Index, what: &str) {
    assert_eq!(a.posts.len(), b.posts.len(), "{what}: post count");
    for id in a.posts.ids() {
        let rel = &a.posts[id].rel_path;
        assert_eq!(rel, &b.posts[id].rel_path, "{what}: order");
        assert_eq!(a.links(id), b.links(id), "{what}: links of {rel}");
        assert_eq!(
            a.backlinks(id),
            b.backlinks(id),
            "{what}: backlinks of {rel}"
        );
        assert_eq!(a.problems(id), b.problems(id), "{what}: problems of {rel}");
    }
    let tags = |i: &Index| -> Vec<(String, Vec<PostId>)> {
        i.tags
            .iter()
            .map(|t| (t.name.clone(), t.posts.clone()))
            .collect()
    };
    assert_eq!(tags(a), tags(b), "{what}: tags");
}

fn copy_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Edits that keep every post's address (a broken link fixed, one broken, a title made
/// a duplicate, an image removed, tags changed) give the same index incrementally as from
/// scratch; so do edits that move an address (a date changed), by the fallback.
#[test]
fn with_changed_equals_a_full_build() {
    let dir = copy_samples();
    let root = dir.path();
    let index = Index::build(root).unwrap();
    let templates = index.config.link_templates.clone();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} holds {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        Post::load(&path, rel, &templates)
    };
    let changed = vec![
        edit(
            "content-calendar-planning.md",
            "/posts/what-is-a-marketing-funnel",
            "/posts/martech",
        ),
        edit(
            "martech.md",
            "(/posts/choosing-a-crm)",
            "(/posts/no-such-post)",
        ),
        edit(
            "lead-scoring.md",
            "tags: [post, Automation, Analytics]",
            "tags: [post, Analytics, NewTag]",
        ),
    ];
    let incremental = index.with_changed(changed);
    assert_same(&incremental, &Index::build(root).unwrap(), "same addresses");

    let moved = vec![edit("martech.md", "date: 2023-05-26", "date: 2021-01-01")];
    let fallback = incremental.with_changed(moved);
    assert_same(&fallback, &Index::build(root).unwrap(), "a date changed");
}
