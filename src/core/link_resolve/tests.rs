//! Tests of link resolution.

use super::*;
use std::path::Path;

/// The posts of the small test site: (slug, path, date).
const POSTS: [(&str, &str, Option<Ymd>); 4] = [
    ("martech", "martech.md", Some((2024, 1, 2))),
    ("guide", "guides/guide.md", None),
    ("hello", "2016-01-02-hello.md", Some((2016, 1, 2))),
    ("welcome", "welcome/index.md", None),
];

fn lookup_of(config: &SiteConfig, posts: &[(&str, &str, Option<Ymd>)]) -> PostLookup {
    let mut l = PostLookup::default();
    for (id, (slug, path, date)) in posts.iter().enumerate() {
        l.add(PostId::new(id), path, slug, *date, config);
    }
    l
}

fn resolve_with(config: &SiteConfig, from: &str, target: &str) -> Resolution {
    let lookup = lookup_of(config, &POSTS);
    let exists = |p: &str| p == "media/a.webp";
    Resolver {
        config,
        lookup: &lookup,
        exists: &exists,
    }
    .resolve(PostId::new(9), from, target)
}

fn resolve(target: &str) -> Resolution {
    let config = SiteConfig::parse(
        "site_url = \"https://marketer.it.com\"\n",
        Path::new("folio.toml"),
        Path::new("."),
    )
    .unwrap();
    resolve_with(&config, "guides/guide.md", target)
}

#[test]
fn resolve_permalinks_with_tolerated_suffixes() {
    for t in [
        "/posts/martech",
        "/posts/martech/",
        "/posts/martech.html",
        "/posts/martech?x=1#top",
    ] {
        let r = resolve(t);
        assert_eq!(
            (r.status, r.post),
            (LinkStatus::Ok, Some(PostId::new(0))),
            "{t}"
        );
    }
    assert_eq!(
        resolve("/posts/martech#Top%20x").fragment.as_deref(),
        Some("Top x")
    );
}

#[test]
fn resolve_own_site_absolute_links_as_internal() {
    assert_eq!(
        resolve("https://marketer.it.com/posts/martech").post,
        Some(PostId::new(0))
    );
    let r = resolve("https://marketer.it.com/posts/nope");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("nope"));
    assert_eq!(
        resolve("https://marketer.it.com/media/a.webp").status,
        LinkStatus::Site
    );
}

#[test]
fn resolve_relative_markdown_paths() {
    assert_eq!(resolve("../martech.md").post, Some(PostId::new(0)));
    assert_eq!(resolve("./guide.md#x").post, Some(PostId::new(1)));
    assert_eq!(resolve("../welcome/").post, Some(PostId::new(3)));
    assert_eq!(resolve("missing.md").status, LinkStatus::Broken);
    assert_eq!(resolve("../media/a.webp").status, LinkStatus::Site);
    assert_eq!(resolve("img/none.png").status, LinkStatus::Broken);
}

#[test]
fn resolve_refuses_escaping_the_root() {
    for t in [
        "../../etc/passwd",
        "../../drafts/x.md",
        "/../../x.md",
        "/posts/../../x",
    ] {
        let r = resolve(t);
        assert_eq!(r.status, LinkStatus::Broken, "{t}");
        assert!(r.reason.unwrap().contains("outside"), "{t}");
    }
}

#[test]
fn resolve_site_external_and_fragment_links() {
    assert_eq!(resolve("/media/x.webp").status, LinkStatus::Site);
    assert_eq!(resolve("/tags/seo/").status, LinkStatus::Site);
    for t in [
        "https://example.com/posts/martech",
        "mailto:a@b.c",
        "//cdn.x/y",
        "javascript:alert(1)",
    ] {
        assert_eq!(resolve(t).status, LinkStatus::External, "{t}");
    }
    let r = resolve("#section");
    assert_eq!(
        (r.status, r.post, r.fragment.as_deref()),
        (LinkStatus::Ok, Some(PostId::new(9)), Some("section"))
    );
    assert_eq!(resolve("").status, LinkStatus::Broken);
    assert_eq!(resolve("{{ page.image }}").status, LinkStatus::Site);
    assert_eq!(resolve("/other.md").status, LinkStatus::Broken);
    let r = resolve("/posts/MarTech");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("did you mean `martech`"));
    assert_eq!(resolve("/martech.md").post, Some(PostId::new(0)));
}

#[test]
fn resolve_template_refs() {
    assert_eq!(
        resolve("folio-ref:2016-01-02-hello").post,
        Some(PostId::new(2))
    );
    assert_eq!(
        resolve("folio-ref:guides/guide.md").post,
        Some(PostId::new(1))
    );
    assert_eq!(
        resolve("folio-ref:/guides/guide").post,
        Some(PostId::new(1))
    );
    assert_eq!(resolve("folio-ref:martech").post, Some(PostId::new(0)));
    assert_eq!(resolve("folio-ref:nope").status, LinkStatus::Broken);
}

#[test]
fn resolve_dated_permalinks_check_the_date() {
    let config = SiteConfig::parse(
        "permalink = \"/{year}/{month}/{day}/{slug}/\"\n",
        Path::new("folio.toml"),
        Path::new("."),
    )
    .unwrap();
    assert_eq!(
        resolve_with(&config, "a.md", "/2016/01/02/hello/").post,
        Some(PostId::new(2))
    );
    let r = resolve_with(&config, "a.md", "/2016/01/03/hello/");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("dated 2016-01-02"));
    assert_eq!(
        resolve_with(&config, "a.md", "/2016/01/03/guide/").post,
        Some(PostId::new(1))
    );
    assert_eq!(
        resolve_with(&config, "a.md", "/posts/martech").status,
        LinkStatus::Site
    );
}

fn site(toml: &str, posts: &[(&str, &str, Option<Ymd>)]) -> (SiteConfig, PostLookup) {
    let config = SiteConfig::parse(toml, Path::new("folio.toml"), Path::new(".")).unwrap();
    let lookup = lookup_of(&config, posts);
    (config, lookup)
}

fn resolve_in(site: &(SiteConfig, PostLookup), from: usize, target: &str) -> Resolution {
    let from = PostId::new(from);
    let exists = |p: &str| p == "media/a.webp";
    let from_path = site
        .1
        .by_path
        .iter()
        .find(|(_, id)| **id == from)
        .map_or("x.md", |(p, _)| &**p);
    Resolver {
        config: &site.0,
        lookup: &site.1,
        exists: &exists,
    }
    .resolve(from, from_path, target)
}

const DOCS: &str = "[[sections]]\npath = \"_docs\"\npermalink = \"/docs/{path}/\"\n";

/// Section URLs resolve by `{path}`; a URL of a section's form with no post is broken, an
/// asset or a URL of no form is `site`; a top-level slug link does not reach section posts.
#[test]
fn resolve_section_urls() {
    let s = site(
        DOCS,
        &[
            ("index", "_docs/index.md", None),
            ("b", "_docs/a/b.md", None),
            ("x", "x.md", None),
        ],
    );
    let urls: Vec<&str> = s.1.urls.iter().map(|u| &**u).collect();
    assert_eq!(urls, ["/docs/", "/docs/a/b/", "/posts/x"]);
    assert_eq!(resolve_in(&s, 2, "/docs/a/b/").post, Some(PostId::new(1)));
    assert_eq!(resolve_in(&s, 2, "/docs").post, Some(PostId::new(0)));
    let r = resolve_in(&s, 2, "/docs/zz/");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("/docs/{path}/"));
    assert_eq!(
        resolve_in(&s, 2, "/docs/img/a.png").status,
        LinkStatus::Site
    );
    assert_eq!(resolve_in(&s, 2, "/other/").status, LinkStatus::Site);
    assert_eq!(resolve_in(&s, 1, "/posts/x").post, Some(PostId::new(2)));
    assert_eq!(resolve_in(&s, 2, "/posts/b").status, LinkStatus::Broken);
}

/// On a pretty URL a relative link resolves against the page URL, even past the file's
/// folder; a source file name resolves against the file's folder.
#[test]
fn resolve_relative_links_like_the_browser() {
    let s = site(
        DOCS,
        &[
            ("index", "_docs/index.md", None),
            ("b", "_docs/a/b.md", None),
            ("c", "_docs/a/c.md", None),
        ],
    );
    assert_eq!(resolve_in(&s, 1, "../c/").post, Some(PostId::new(2)));
    assert_eq!(resolve_in(&s, 1, "../../").post, Some(PostId::new(0)));
    assert_eq!(resolve_in(&s, 1, "c.md").post, Some(PostId::new(2)));
    assert_eq!(resolve_in(&s, 1, "../../x.md").status, LinkStatus::Broken);
    let r = resolve_in(&s, 1, "../nope/");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("/docs/a/nope/"));
    assert_eq!(resolve_in(&s, 0, "a/c/").post, Some(PostId::new(2)));
}

/// Refs resolve relative to the page's folder first, then from the root and section
/// folders, ignoring case as a last resort; a bare name must name one file.
#[test]
fn resolve_refs_the_hugo_way() {
    let s = site(
        "[[sections]]\npath = \"content\"\npermalink = \"/{path}/\"\n",
        &[
            ("x", "content/a/x.md", None),
            ("y", "content/a/y.md", None),
            ("x", "content/x.md", None),
            ("y", "content/y.md", None),
            ("Env", "content/f/Env.md", None),
            ("_index", "content/f/_index.md", None),
        ],
    );
    assert_eq!(resolve_in(&s, 1, "folio-ref:x").post, Some(PostId::new(0)));
    assert_eq!(resolve_in(&s, 3, "folio-ref:x").post, Some(PostId::new(2)));
    assert_eq!(
        resolve_in(&s, 1, "folio-ref:/x.md").post,
        Some(PostId::new(2))
    );
    assert_eq!(
        resolve_in(&s, 1, "folio-ref:/a/x").post,
        Some(PostId::new(0))
    );
    assert_eq!(
        resolve_in(&s, 1, "folio-ref:f/env").post,
        Some(PostId::new(4))
    );
    assert_eq!(
        resolve_in(&s, 1, "folio-ref:Env").post,
        Some(PostId::new(4))
    );
    assert_eq!(resolve_in(&s, 1, "folio-ref:/f").post, Some(PostId::new(5)));
    assert_eq!(resolve_in(&s, 4, "folio-ref:y").post, Some(PostId::new(3)));
    let r = resolve_in(&s, 4, "folio-ref:sub/y");
    assert_eq!(r.status, LinkStatus::Broken);
    assert!(r.reason.unwrap().contains("ambiguous"));
    let r = resolve_in(&s, 1, "folio-ref:#top");
    assert_eq!(
        (r.post, r.fragment.as_deref()),
        (Some(PostId::new(1)), Some("top"))
    );
}

/// `lowercase_urls`: posts are served lowercased and URLs match whatever their case.
#[test]
fn resolve_lowercase_urls() {
    let s = site(
        "lowercase_urls = true\n[[sections]]\npath = \"content\"\npermalink = \"/{path}/\"\n",
        &[("Environment", "content/hugo/Environment.md", None)],
    );
    let urls: Vec<&str> = s.1.urls.iter().map(|u| &**u).collect();
    assert_eq!(urls, ["/hugo/environment/"]);
    for t in [
        "/hugo/environment/",
        "/Hugo/Environment",
        "/HUGO/ENVIRONMENT/index.html",
    ] {
        assert_eq!(resolve_in(&s, 0, t).post, Some(PostId::new(0)), "{t}");
    }
}

/// A path with nothing to resolve is its own normal form: the same as resolving it part
/// by part, for paths with and without dots, backslashes, doubled and outer slashes.
#[test]
fn normalize_without_a_copy_agrees_with_resolving_part_by_part() {
    let parts = [
        "a", "b.md", ".", "..", "", "c d", "...", ".x", "\\", "a\\b", "%2F",
    ];
    let mut checked = 0;
    for a in parts {
        for b in parts {
            for c in parts {
                for lead in ["", "/", "//"] {
                    for trail in ["", "/"] {
                        let path = format!("{lead}{a}/{b}/{c}{trail}");
                        let quick = normalize(&path).map(Cow::into_owned);
                        assert_eq!(quick, normalize_parts(&path), "{path:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 11 * 11 * 11 * 6);
    assert!(matches!(
        normalize("/posts/a-post/"),
        Some(Cow::Borrowed("posts/a-post"))
    ));
}
