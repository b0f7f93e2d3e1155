//! `Index::with_files` against a full rebuild: posts added, removed and moved on disk must
//! give exactly the index a fresh build of the folder gives, while links the change cannot
//! affect are carried over.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::core::problem::ProblemKind;

/// A step: what it is, and the files it writes (with their text) or removes (`None`).
type Step<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);

/// Everything [`assert_same`](crate::core::index_update::tests::assert_same) compares, and
/// every post's URL.
fn assert_same(a: &Index, b: &Index, what: &str) {
    crate::core::index_update::tests::assert_same(a, b, what);
    for id in a.posts.ids() {
        assert_eq!(
            a.url(id),
            b.url(id),
            "{what}: URL of {}",
            a.posts[id].rel_path
        );
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Posts arriving, leaving and moving — fixing a broken link, sharing a slug, taking over
/// a slug from a removed post, a file renamed, a folder post and a file post on the same
/// route, a post with its own URL, an image going missing — give, step by step, the index
/// a full build gives.
#[test]
fn with_files_equals_a_full_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = |title: &str, extra: &str, body: &str| {
        format!("---\ntitle: {title}\ntags: [x]\n{extra}---\n{body}\n")
    };
    write(
        root,
        "folio.toml",
        "permalink = \"/posts/{slug}\"\nmedia_dir = \"media\"\n",
    );
    write(root, "media/pic.png", "png");
    write(
        root,
        "a.md",
        &page(
            "Alpha",
            "",
            "[b](b.md) [new](new.md) [shared](/posts/shared) [d](/posts/d) [own](/about/) [c](c.md)",
        ),
    );
    write(root, "b.md", &page("Beta", "slug: shared\n", "[a](a.md)"));
    write(
        root,
        "c.md",
        &page("Gamma", "image: /pic.png\n", "[a](/posts/a)"),
    );
    write(root, "d/index.md", &page("Delta", "", "[c](../c.md)"));
    let mut index = Index::build(root).unwrap();
    let templates = index.config.link_templates.clone();
    let load = |rel: &str| Post::load(&root.join(rel), rel, &templates);
    let steps: [Step; 8] = [
        (
            "a post fixes a broken link",
            &[("new.md", Some("---\ntitle: New\n---\n[a](a.md)\n"))],
        ),
        (
            "a second post takes a slug",
            &[("e.md", Some("---\ntitle: Beta\nslug: shared\n---\n"))],
        ),
        ("the first holder of the slug goes", &[("b.md", None)]),
        (
            "a file is renamed",
            &[
                ("c.md", None),
                ("c2.md", Some("---\ntitle: Gamma\n---\n[a](a.md)\n")),
            ],
        ),
        (
            "a file post on a folder post's route",
            &[("d.md", Some("---\ntitle: D file\n---\n"))],
        ),
        (
            "a post with its own URL",
            &[(
                "about.md",
                Some("---\ntitle: About\npermalink: /about/\n---\n"),
            )],
        ),
        (
            "an image goes missing with a new post",
            &[("f.md", Some("---\ntitle: F\nimage: /gone.png\n---\n"))],
        ),
        (
            "posts go",
            &[("new.md", None), ("about.md", None), ("d/index.md", None)],
        ),
    ];
    for (what, files) in steps {
        let mut upserts = Vec::new();
        let mut removed = Vec::new();
        for (rel, text) in files {
            if let Some(text) = text {
                write(root, rel, text);
                upserts.push(load(rel));
            } else {
                fs::remove_file(root.join(rel)).unwrap();
                removed.push((*rel).to_owned());
            }
        }
        index = index.with_files(upserts, &removed);
        assert_same(&index, &Index::build(root).unwrap(), what);
    }
    let a = index.find("a").unwrap();
    let kinds: Vec<_> = index.links(a).map(|l| l.status).collect();
    assert!(
        kinds.contains(&crate::core::link_resolve::LinkStatus::Broken),
        "{kinds:?}"
    );
    let f = index.find("f").unwrap();
    assert!(
        index
            .problems(f)
            .iter()
            .any(|p| p.kind == ProblemKind::MissingImage)
    );
}

/// A post added at the end that nobody links to leaves the other posts' links shared (not
/// resolved again); a broken link elsewhere is resolved again.
#[test]
fn with_files_carries_links_it_cannot_affect() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", "---\ntitle: A\n---\n[b](b.md)\n");
    write(
        root,
        "b.md",
        "---\ntitle: B\n---\n[a](a.md) [gone](/posts/zz-new)\n",
    );
    let index = Index::build(root).unwrap();
    write(root, "zz-new.md", "---\ntitle: New\n---\n");
    let new = Post::load(
        &root.join("zz-new.md"),
        "zz-new.md",
        &index.config.link_templates,
    );
    let next = index.with_files(vec![new], &[]);
    assert_same(
        &next,
        &Index::build(root).unwrap(),
        "a post added at the end",
    );
    let (a, b) = (index.find("a").unwrap(), index.find("b").unwrap());
    assert!(
        Arc::ptr_eq(&index.links[a], &next.links[a]),
        "a's links carried"
    );
    assert!(
        !Arc::ptr_eq(&index.links[b], &next.links[b]),
        "b's broken link looked at"
    );
    let z = next.find("zz-new").unwrap();
    assert_eq!(next.links(b).get(1).expect("a link").post, Some(z));
}
