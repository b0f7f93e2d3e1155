//! `Index::with_changed` against a full rebuild: after posts change on disk, the
//! incremental update must give exactly the index a fresh build of the folder gives.

use std::fs;
use std::path::Path;

use super::*;
use crate::core::problem::ProblemKind;

/// Every link, backlink, tag and problem of `a` and `b`, post by post.
pub(in crate::core) fn assert_same(a: &Index, b: &Index, what: &str) {
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

/// A small undated site (orphans count) with description fields and case-variant tags.
fn pages_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let page = |title: &str, tags: &str, body: &str| {
        format!("---\ntitle: {title}\ntags: [{tags}]\n---\n{body}\n")
    };
    for (name, text) in [
        ("a.md", page("Alpha page", "SEO, x", "[b](b.md)")),
        ("b.md", page("Beta page", "seo", "[c](c.md)")),
        ("c.md", page("Gamma page", "x", "")),
        ("d.md", page("Alpha page", "y", "")),
        ("e.md", page("Epsilon page", "SEO", "")),
        (
            "f.md",
            "---\ntitle: Phi page\ndescription: Short.\n---\n[a](a.md)\n".to_owned(),
        ),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Each change that reaches other posts' problems gives, incrementally, exactly what a full
/// build gives: links moving between posts (orphans appear and go), a title joining and
/// leaving a duplicate group, a tag becoming a case variant and the counts behind the
/// tag-case message changing, the only description field going and coming back, a post
/// becoming unreadable.
#[test]
fn with_changed_updates_every_affected_post() {
    let dir = pages_site();
    let root = dir.path();
    let mut index = Index::build(root).unwrap();
    let templates = index.config.link_templates.clone();
    let steps: [(&str, &str, &str, &str); 9] = [
        ("b.md", "[c](c.md)", "[d](d.md)", "a link moved from c to d"),
        (
            "a.md",
            "[b](b.md)",
            "[b](b.md) [c](c.md) [e](e.md)",
            "links added",
        ),
        (
            "d.md",
            "title: Alpha page",
            "title: Delta page",
            "a title left a group",
        ),
        (
            "c.md",
            "title: Gamma page",
            "title: ALPHA PAGE",
            "a title joined a group",
        ),
        (
            "c.md",
            "tags: [x]",
            "tags: [Seo, SEO, X]",
            "tags became case variants",
        ),
        ("e.md", "tags: [SEO]", "tags: []", "a tag count changed"),
        (
            "f.md",
            "description: Short.\n",
            "",
            "the only description went",
        ),
        (
            "f.md",
            "title: Phi page\n",
            "title: Phi page\nsummary: Back.\n",
            "one came back",
        ),
        (
            "a.md",
            "[b](b.md)",
            "[b](b.md)\n\u{202e}",
            "a control character",
        ),
    ];
    for (rel, from, to, what) in steps {
        let path = root.join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{what}: {rel} holds {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let changed = Post::load(&path, rel, &templates);
        index = index.with_changed(vec![changed]);
        assert_same(&index, &Index::build(root).unwrap(), what);
    }
    // The steps did reach other posts: d gained a link, c shares a's title, b's tag is
    // a variant of the now more used `SEO`.
    let kinds = |slug: &str| -> Vec<ProblemKind> {
        let id = index.find(slug).unwrap();
        index.problems(id).iter().map(|p| p.kind).collect()
    };
    assert!(
        !kinds("d").contains(&ProblemKind::Orphan),
        "{:?}",
        kinds("d")
    );
    assert!(
        kinds("f").contains(&ProblemKind::Orphan),
        "{:?}",
        kinds("f")
    );
    assert!(kinds("c").contains(&ProblemKind::DuplicateTitle));
    assert!(kinds("b").contains(&ProblemKind::TagCase));
}

/// An incremental update shares every unchanged post and problem list with the old index
/// (no copy of the site, no doubling of memory) and replaces the changed post's.
#[test]
fn with_changed_shares_what_did_not_change() {
    let dir = pages_site();
    let root = dir.path();
    let index = Index::build(root).unwrap();
    let path = root.join("c.md");
    fs::write(
        &path,
        "---\ntitle: Gamma page\ntags: [x]\n---\nNew words.\n",
    )
    .unwrap();
    let changed = Post::load(&path, "c.md", &index.config.link_templates);
    let next = index.with_changed(vec![changed]);
    let c = index.find("c").unwrap();
    for id in index.posts.ids() {
        let shared = std::sync::Arc::ptr_eq(&index.posts[id], &next.posts[id]);
        assert_eq!(shared, id != c, "post {id} shared");
    }
    assert!(std::sync::Arc::ptr_eq(&index.lookup, &next.lookup));
    assert!(std::sync::Arc::ptr_eq(&index.tags, &next.tags));
    let f = index.find("f").unwrap();
    assert_eq!(next.problems(f).as_ptr(), index.problems(f).as_ptr());
}
