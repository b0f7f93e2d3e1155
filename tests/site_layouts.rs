//! Real site layouts: a Jekyll site with date-named posts and a `_docs` collection, a Hugo
//! site with nested sections, `_index.md`, mixed-case files, `ref`/`relref` shortcodes and
//! `lowercase_urls`, and the Eleventy 18F corpus. Every link's status is checked through the
//! core API and through `folio list --json`; `folio check` messages show links as written.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use folio::core::index::Index;
use serde_json::Value;
use support::cli::folio_in;
use support::fs::copy_dir;
use support::shared;

/// (link as written, status, the post file it resolves to).
type Expected<'a> = (&'a str, &'a str, Option<&'a str>);

fn write_site(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Assert that the posts of `root` are exactly `expected`'s files and that each post's links,
/// in order, have exactly the expected written form, status and target — through the core
/// API and through `folio list --json`.
fn assert_every_link(root: &Path, expected: &[(&str, Vec<Expected>)]) {
    let want: BTreeMap<&str, &Vec<Expected>> = expected.iter().map(|(f, l)| (*f, l)).collect();

    let index = Index::build(root).unwrap();
    let paths: Vec<&str> = index.posts.iter().map(|p| p.rel_path.as_ref()).collect();
    assert_eq!(
        paths,
        want.keys().copied().collect::<Vec<_>>(),
        "posts found"
    );
    for (id, post) in index.posts.enumerate() {
        let got: Vec<(String, &str, Option<&str>)> = index
            .links(id)
            .map(|l| {
                (
                    l.as_written().to_owned(),
                    l.status.as_str(),
                    l.post.map(|p| index.posts[p].rel_path.as_ref()),
                )
            })
            .collect();
        let want: Vec<(String, &str, Option<&str>)> = want[post.rel_path.as_ref()]
            .iter()
            .map(|(w, s, t)| ((*w).to_owned(), *s, *t))
            .collect();
        assert_eq!(got, want, "core API, links of {}", post.rel_path);
    }

    let run = folio_in(root, ["list", "--json"]);
    run.assert_success();
    let json = run.json();
    let posts = json.as_array().unwrap();
    let slug_of: BTreeMap<&str, &str> = posts
        .iter()
        .map(|p| (p["path"].as_str().unwrap(), p["slug"].as_str().unwrap()))
        .collect();
    assert_eq!(posts.len(), want.len());
    for post in posts {
        let path = post["path"].as_str().unwrap();
        let got: Vec<(&str, &str, Option<&str>)> = post["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["target"].as_str().unwrap(),
                    l["status"].as_str().unwrap(),
                    l["slug"].as_str(),
                )
            })
            .collect();
        let want: Vec<(&str, &str, Option<&str>)> = want[path]
            .iter()
            .map(|(w, s, t)| (*w, *s, t.map(|t| slug_of[t])))
            .collect();
        assert_eq!(got, want, "list --json, links of {path}");
    }
}

/// `folio check --json` problems as (path, kind, message).
/// The problems of the kinds layouts decide (links, URLs, titles and dates); the content
/// checks (word counts, descriptions, …) have their own tests.
fn check(root: &Path) -> Vec<(String, String, String)> {
    let run = folio_in(
        root,
        [
            "check",
            "--json",
            "--kind",
            "broken-link",
            "--kind",
            "duplicate-slug",
            "--kind",
            "duplicate-title",
            "--kind",
            "missing-title",
            "--kind",
            "missing-date",
        ],
    );
    let json: Value = run.json();
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["kind"].as_str().unwrap().to_owned(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const JEKYLL_TOML: &str = r#"site_url = "https://example.org/blog"
permalink = "/news/{year}/{month}/{day}/{slug}/"
[[sections]]
path = "_docs"
permalink = "/docs/{path}/"
"#;

fn jekyll_site(root: &Path) {
    write_site(
        root,
        &[
            ("folio.toml", JEKYLL_TOML),
            (
                "_posts/2016-01-02-hello.md",
                "---\ntitle: Hello\n---\n\
                 [second]({% post_url 2016-01-03-second %})\n\
                 [install]({% link _docs/install.md %})\n\
                 [second by URL](/news/2016/01/03/second/)\n\
                 [wrong day](/news/2016/01/04/second/)\n\
                 [setup](/docs/guides/setup/)\n\
                 [no such doc](/docs/guides/nope/)\n\
                 [docs home](/docs/)\n\
                 [about](/about/)\n\
                 [absolute](https://example.org/blog/docs/install/)\n\
                 [blogroll](https://example.org/blogroll/docs/install/)\n\
                 [port](https://example.org:443/blog/news/2016/01/03/second/)\n\
                 [source](../_docs/install.md)\n\
                 [gone]({% post_url 2016-01-09-missing %})\n\
                 ![logo](/assets/logo.png)\n\
                 [third](/news/2016/01/04/third/)\n\
                 [with base path](/blog/docs/install/)\n",
            ),
            (
                "_posts/2016-01-03-second.md",
                "---\ntitle: Second\n---\n\
                 [hello, wrong folder](../hello/)\n\
                 [hello](../../02/hello/)\n\
                 [top](#top)\n",
            ),
            (
                "_posts/2016-01-04-third.markdown",
                "---\ntitle: Third\n---\n[first](/news/2016/01/02/hello/)\n",
            ),
            (
                "_posts/2017-05-05-award.md",
                "---\ntitle: Award 2017\n---\n",
            ),
            (
                "_posts/2018-05-05-award.md",
                "---\ntitle: Award 2018\n---\n[last year](/news/2017/05/05/award/)\n",
            ),
            (
                "_docs/index.md",
                "---\ntitle: Docs\ndate: 2016-01-01\n---\n[setup](guides/setup/)\n[install](install/)\n",
            ),
            (
                "_docs/install.md",
                "---\ntitle: Install\ndate: 2016-01-01\n---\n\
                 [home](../)\n[setup](../guides/setup/)\n\
                 [hello]({% post_url 2016-01-02-hello %})\n",
            ),
            (
                "_docs/guides/setup.md",
                "---\ntitle: Setup\ndate: 2016-01-01\n---\n\
                 [install](../../install/)\n[missing](../missing/)\n![shot](shot.png)\n",
            ),
            ("_docs/guides/shot.png", "png"),
            (
                "_docs/hello.md",
                "---\ntitle: Hello doc\ndate: 2016-01-01\n---\n",
            ),
            ("_site/news/index.md", "---\ntitle: Built\n---\n"),
            (".gitignore", "drafts/\n"),
            ("drafts/wip.md", "---\ntitle: WIP\n---\n[x](/nope/)\n"),
            ("vendor/.ignore", "*.md\n"),
            ("vendor/gem/README.md", "# Gem\n"),
        ],
    );
}

/// Jekyll: date-named posts, a `_docs` collection with `{path}` URLs, `post_url` and `link`
/// tags, pretty relative URLs, `site_url` with a base path; `_site`, `.gitignore`d and
/// `.ignore`d files are not posts.
#[test]
fn layouts_jekyll_site_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    jekyll_site(root);
    let hello = Some("_posts/2016-01-02-hello.md");
    let second = Some("_posts/2016-01-03-second.md");
    let install = Some("_docs/install.md");
    let setup = Some("_docs/guides/setup.md");
    let docs = Some("_docs/index.md");
    assert_every_link(
        root,
        &[
            (
                "_docs/guides/setup.md",
                vec![
                    ("../../install/", "ok", install),
                    ("../missing/", "broken", None),
                    ("shot.png", "site", None),
                ],
            ),
            ("_docs/hello.md", vec![]),
            (
                "_docs/index.md",
                vec![("guides/setup/", "ok", setup), ("install/", "ok", install)],
            ),
            (
                "_docs/install.md",
                vec![
                    ("../", "ok", docs),
                    ("../guides/setup/", "ok", setup),
                    ("{% post_url 2016-01-02-hello %}", "ok", hello),
                ],
            ),
            (
                "_posts/2016-01-02-hello.md",
                vec![
                    ("{% post_url 2016-01-03-second %}", "ok", second),
                    ("{% link _docs/install.md %}", "ok", install),
                    ("/news/2016/01/03/second/", "ok", second),
                    ("/news/2016/01/04/second/", "broken", None),
                    ("/docs/guides/setup/", "ok", setup),
                    ("/docs/guides/nope/", "broken", None),
                    ("/docs/", "ok", docs),
                    ("/about/", "site", None),
                    ("https://example.org/blog/docs/install/", "ok", install),
                    (
                        "https://example.org/blogroll/docs/install/",
                        "external",
                        None,
                    ),
                    (
                        "https://example.org:443/blog/news/2016/01/03/second/",
                        "ok",
                        second,
                    ),
                    ("../_docs/install.md", "ok", install),
                    ("{% post_url 2016-01-09-missing %}", "broken", None),
                    ("/assets/logo.png", "site", None),
                    (
                        "/news/2016/01/04/third/",
                        "ok",
                        Some("_posts/2016-01-04-third.markdown"),
                    ),
                    ("/blog/docs/install/", "ok", install),
                ],
            ),
            (
                "_posts/2016-01-03-second.md",
                vec![
                    ("../hello/", "broken", None),
                    ("../../02/hello/", "ok", hello),
                    ("#top", "ok", second),
                ],
            ),
            (
                "_posts/2016-01-04-third.markdown",
                vec![("/news/2016/01/02/hello/", "ok", hello)],
            ),
            ("_posts/2017-05-05-award.md", vec![]),
            (
                "_posts/2018-05-05-award.md",
                vec![(
                    "/news/2017/05/05/award/",
                    "ok",
                    Some("_posts/2017-05-05-award.md"),
                )],
            ),
        ],
    );
}

/// Jekyll: same slugs at different URLs are no `duplicate-slug`; messages show the links as
/// written, never an internal `folio-ref:` name.
#[test]
fn layouts_jekyll_check_messages_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    jekyll_site(root);
    let problems = check(root);
    assert!(
        problems.iter().all(|(_, kind, _)| kind == "broken-link"),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(problems.iter().all(|(_, _, m)| !m.contains("folio-ref")));
    let gone = problems
        .iter()
        .find(|(_, _, m)| m.contains("2016-01-09-missing"))
        .unwrap();
    assert!(
        gone.2
            .starts_with("broken link `{% post_url 2016-01-09-missing %}`: "),
        "{gone:?}"
    );
    let nope = problems
        .iter()
        .find(|(_, _, m)| m.contains("/docs/guides/nope/"))
        .unwrap();
    assert!(nope.2.contains("/docs/{path}/"), "{nope:?}");
}

const HUGO_TOML: &str = r#"lowercase_urls = true
exclude = ["/themes/"]
[[sections]]
path = "content"
permalink = "/{path}/"
"#;

fn hugo_site(root: &Path) {
    let post = |links: &str| format!("---\ntitle: T\ndate: 2024-01-01\n---\n{links}");
    write_site(
        root,
        &[
            ("folio.toml", HUGO_TOML),
            (
                "content/_index.md",
                &post(
                    "[docs]({{< ref \"docs\" >}})\n\
                     [env](/functions/hugo/environment/)\n\
                     [Env](/Functions/Hugo/Environment/)\n\
                     [windows](/docs/installation/windows/)\n\
                     ![logo](/images/logo.png)\n",
                ),
            ),
            (
                "content/docs/_index.md",
                &post("[install](installation/)\n"),
            ),
            (
                "content/docs/installation/_index.md",
                &post("[other](other-linux/)\n"),
            ),
            (
                "content/docs/installation/Other-Linux.md",
                &post(
                    "[ubuntu](../ubuntu/)\n\
                     [ref]({{< ref \"ubuntu\" >}})\n\
                     [relref]({{< relref \"ubuntu.md#install\" >}})\n\
                     [rooted]({{< ref \"/docs/installation/ubuntu\" >}})\n\
                     [bare]({{< ref \"Environment\" >}})\n\
                     [path]({{% relref path=\"functions/hugo/environment\" %}})\n\
                     [missing]({{< ref \"nope\" >}})\n\
                     [parent](../)\n\
                     [file](ubuntu.md)\n\
                     [case](/docs/installation/Other-Linux/)\n",
                ),
            ),
            (
                "content/docs/installation/ubuntu.md",
                &post(
                    "[back]({{< ref \"Other-Linux\" >}})\n\
                     [lower]({{< ref \"other-linux.md\" >}})\n",
                ),
            ),
            (
                "content/functions/hugo/Environment.md",
                &post("[home](/)\n"),
            ),
            (
                "content/posts/my-post/index.md",
                &post("![diagram](diagram.png)\n"),
            ),
            ("content/posts/my-post/diagram.png", "png"),
            ("content/blog/Same.md", &post("")),
            ("content/blog/same.md", &post("")),
            ("themes/t/layouts/readme.md", &post("[x](/nope/)\n")),
            ("public/index.md", &post("[x](/nope/)\n")),
            ("node_modules/pkg/README.md", &post("[x](/nope/)\n")),
        ],
    );
}

/// Hugo: nested sections under `content/`, `_index.md`, mixed-case files served lowercased,
/// `ref`/`relref` in both shortcode forms and with `path=`, page bundles.
#[test]
fn layouts_hugo_site_every_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hugo_site(root);
    let ubuntu = Some("content/docs/installation/ubuntu.md");
    let other = Some("content/docs/installation/Other-Linux.md");
    let install = Some("content/docs/installation/_index.md");
    let env = Some("content/functions/hugo/Environment.md");
    assert_every_link(
        root,
        &[
            (
                "content/_index.md",
                vec![
                    ("{{< ref \"docs\" >}}", "ok", Some("content/docs/_index.md")),
                    ("/functions/hugo/environment/", "ok", env),
                    ("/Functions/Hugo/Environment/", "ok", env),
                    ("/docs/installation/windows/", "broken", None),
                    ("/images/logo.png", "site", None),
                ],
            ),
            ("content/blog/Same.md", vec![]),
            ("content/blog/same.md", vec![]),
            (
                "content/docs/_index.md",
                vec![("installation/", "ok", install)],
            ),
            (
                "content/docs/installation/Other-Linux.md",
                vec![
                    ("../ubuntu/", "ok", ubuntu),
                    ("{{< ref \"ubuntu\" >}}", "ok", ubuntu),
                    ("{{< relref \"ubuntu.md#install\" >}}", "ok", ubuntu),
                    ("{{< ref \"/docs/installation/ubuntu\" >}}", "ok", ubuntu),
                    ("{{< ref \"Environment\" >}}", "ok", env),
                    (
                        "{{% relref path=\"functions/hugo/environment\" %}}",
                        "ok",
                        env,
                    ),
                    ("{{< ref \"nope\" >}}", "broken", None),
                    ("../", "ok", install),
                    ("ubuntu.md", "ok", ubuntu),
                    ("/docs/installation/Other-Linux/", "ok", other),
                ],
            ),
            (
                "content/docs/installation/_index.md",
                vec![("other-linux/", "ok", other)],
            ),
            (
                "content/docs/installation/ubuntu.md",
                vec![
                    ("{{< ref \"Other-Linux\" >}}", "ok", other),
                    ("{{< ref \"other-linux.md\" >}}", "ok", other),
                ],
            ),
            (
                "content/functions/hugo/Environment.md",
                vec![("/", "ok", Some("content/_index.md"))],
            ),
            (
                "content/posts/my-post/index.md",
                vec![("diagram.png", "site", None)],
            ),
        ],
    );
}

/// Hugo: two files only differing in case are served at the same lowercased URL, so both get
/// `duplicate-slug` (though their slugs differ), with a message naming the URL.
#[test]
fn layouts_hugo_duplicate_is_about_urls() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    hugo_site(root);
    let problems = check(root);
    let dups: Vec<_> = problems
        .iter()
        .filter(|(_, kind, _)| kind == "duplicate-slug")
        .collect();
    let paths: Vec<&str> = dups.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(paths, ["content/blog/Same.md", "content/blog/same.md"]);
    assert_eq!(
        dups[0].2, "served at the same URL `/blog/same/` as content/blog/same.md",
        "{dups:?}"
    );
    let broken = problems
        .iter()
        .filter(|(_, k, _)| k == "broken-link")
        .count();
    assert_eq!(broken, 2, "{problems:#?}");
}

/// The 18F Eleventy corpus (a copy): link statuses and `folio check` counts are what they
/// were before sections existed, with the default config and with the site's own.
#[test]
fn layouts_eleventy_18f_corpus_unchanged() {
    let Some(corpus) = shared("corpus/18f.gsa.gov") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("18f");
    copy_dir(&corpus, &root);
    let counts = |root: &Path| {
        let list = folio_in(root, ["list", "--json"]).json();
        let mut links: BTreeMap<String, usize> = BTreeMap::new();
        for post in list.as_array().unwrap() {
            for link in post["links"].as_array().unwrap() {
                *links
                    .entry(link["status"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
        }
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for (_, kind, _) in check(root) {
            *kinds.entry(kind).or_default() += 1;
        }
        (links, kinds)
    };
    let map = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    };
    let (links, kinds) = counts(&root);
    assert_eq!(
        links,
        map(&[
            ("broken", 1),
            ("external", 3922),
            // Two of them name posts by the URL their own `permalink` field gives them.
            ("ok", 114),
            ("site", 857)
        ])
    );
    assert_eq!(
        kinds,
        map(&[
            ("broken-link", 1),
            ("duplicate-slug", 3),
            ("duplicate-title", 3),
            ("missing-date", 2),
            ("missing-title", 2),
        ])
    );
    fs::write(
        root.join("folio.toml"),
        "site_url = \"https://18f.gsa.gov\"\npermalink = \"/{year}/{month}/{day}/{slug}/\"\n",
    )
    .unwrap();
    let (links, kinds) = counts(&root);
    assert_eq!(
        links,
        map(&[
            // Three links to `/2015/05/21/tockingtime/` reach `2015-05-21-TockingTime.md`
            // through its own `permalink` (its file name gives `TockingTime`).
            ("broken", 3),
            ("external", 3896),
            ("ok", 684),
            ("site", 311)
        ])
    );
    assert_eq!(
        kinds,
        map(&[
            ("broken-link", 3),
            ("duplicate-title", 3),
            ("missing-date", 2),
            ("missing-title", 2),
        ])
    );
}

/// `site_url` with a base path: `folio list --json` counts a same-host link outside the base
/// path as external and a link with the default port written out as internal.
#[test]
fn layouts_site_url_compares_parsed_urls() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(
        root,
        &[
            ("folio.toml", "site_url = \"https://x.example/blog\"\n"),
            (
                "a.md",
                "---\ntitle: A\ndate: 2024-01-01\n---\n\
                 [1](https://x.example/blogroll/posts/a)\n\
                 [2](https://x.example:443/blog/posts/a)\n\
                 [3](HTTP://X.EXAMPLE/blog/posts/a)\n\
                 [4](https://x.example/blog/posts/nope)\n",
            ),
        ],
    );
    let json = folio_in(root, ["list", "--json"]).json();
    let statuses: Vec<&str> = json[0]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["external", "ok", "ok", "broken"]);
}

/// `folio show` lists a post's links as written, never as an internal `folio-ref:` name.
#[test]
fn layouts_show_lists_links_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    jekyll_site(root);
    let run = folio_in(
        root,
        ["show", "_posts/2016-01-02-hello.md", "--width", "120"],
    );
    run.assert_success();
    assert!(
        run.stdout
            .contains("{% post_url 2016-01-03-second %} → second"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("{% link _docs/install.md %} → install"));
    assert!(!run.stdout.contains("folio-ref"), "{}", run.stdout);
}

/// The front matter's own address, as the generators use it: `slug` (Hugo, Jekyll) replaces
/// the file name in the site's pattern, a literal `permalink` (Jekyll, Eleventy) or `url`
/// (Hugo) is the post's URL, a templated or `false` permalink leaves the pattern in charge,
/// and Hugo's `_index.md` is named by its folder.
#[test]
fn layouts_front_matter_slug_and_permalink() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_site(
        root,
        &[
            (
                "folio.toml",
                "permalink = \"/news/{year}/{month}/{day}/{slug}/\"\n",
            ),
            (
                "2020-01-01-a-long-file-name.md",
                "---\ntitle: Long\nslug: short\n---\n\
                 [about](/about/)\n\
                 [team](/team/)\n\
                 [by slug](/news/2020/01/01/short/)\n\
                 [by file name](/news/2020/01/01/a-long-file-name/)\n\
                 [templated](/news/2020/01/02/templated/)\n\
                 [off](/news/2020/01/03/off/)\n\
                 [docs](/news/2020/01/04/docs/)\n",
            ),
            ("about.md", "---\ntitle: About\npermalink: /about/\n---\n"),
            ("team.md", "---\ntitle: Team\nurl: \"/team/\"\n---\n"),
            (
                "2020-01-02-templated.md",
                "---\ntitle: Templated\npermalink: \"/{{ page.fileSlug }}/\"\n---\n",
            ),
            (
                "2020-01-03-off.md",
                "---\ntitle: Off\npermalink: false\n---\n",
            ),
            (
                "docs/_index.md",
                "---\ntitle: Docs\ndate: 2020-01-04\n---\n",
            ),
        ],
    );
    let long = Some("2020-01-01-a-long-file-name.md");
    assert_every_link(
        root,
        &[
            ("2020-01-02-templated.md", vec![]),
            ("2020-01-03-off.md", vec![]),
            (
                "2020-01-01-a-long-file-name.md",
                vec![
                    ("/about/", "ok", Some("about.md")),
                    ("/team/", "ok", Some("team.md")),
                    ("/news/2020/01/01/short/", "ok", long),
                    ("/news/2020/01/01/a-long-file-name/", "broken", None),
                    (
                        "/news/2020/01/02/templated/",
                        "ok",
                        Some("2020-01-02-templated.md"),
                    ),
                    ("/news/2020/01/03/off/", "ok", Some("2020-01-03-off.md")),
                    ("/news/2020/01/04/docs/", "ok", Some("docs/_index.md")),
                ],
            ),
            ("about.md", vec![]),
            ("docs/_index.md", vec![]),
            ("team.md", vec![]),
        ],
    );
}

/// Hugo's own front matter is TOML between `+++` lines: folio reads its title, date, tags
/// and slug as it reads YAML (links to a post by its TOML slug resolve), and the changes it
/// makes across the site (a tag renamed, a post renamed) write TOML, changing only the
/// tag's item and the `slug` value, which read back as asked.
#[test]
fn layouts_hugo_toml_front_matter_read_and_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let first = "+++\r\ntitle = \"First: a TOML post\"\r\ndate = 2024-03-01T10:00:00Z\r\n\
                 tags = ['go', \"hugo\"] # topics\r\ndraft = false\r\n\r\n[params]\r\n\
                 tags = [\"not-a-tag\"]\r\n+++\r\n\r\nSee [second](/posts/second-one/).\r\n";
    let second = "+++\ntitle = \"Second\"\ndate = 2024-02-01\nslug = \"second-one\"\n\
                  tags = [\"hugo\"]\n+++\nBack to [first](/posts/first/).\n";
    write_site(
        root,
        &[
            ("folio.toml", "permalink = \"/posts/{slug}/\"\n"),
            ("content/posts/first.md", first),
            ("content/posts/second.md", second),
        ],
    );

    let listed = folio_in(root, ["list", "--json"]).json();
    let rows: Vec<(String, String, String, Vec<String>)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["title"].as_str().unwrap().to_owned(),
                p["date"].as_str().unwrap_or("").to_owned(),
                p["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    let row = |path: &str, title: &str, date: &str, tags: &[&str]| {
        (
            path.to_owned(),
            title.to_owned(),
            date.to_owned(),
            tags.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        rows,
        [
            row(
                "content/posts/first.md",
                "First: a TOML post",
                "2024-03-01T10:00:00Z",
                &["go", "hugo"]
            ),
            row("content/posts/second.md", "Second", "2024-02-01", &["hugo"]),
        ]
    );
    assert_eq!(
        check(root),
        [],
        "links by TOML slug resolve; titles, dates read"
    );

    folio_in(root, ["tag", "rename", "hugo", "Hugo \"static\""]).assert_success();
    let first_after = fs::read_to_string(root.join("content/posts/first.md")).unwrap();
    assert_eq!(
        first_after,
        first.replace("\"hugo\"] # topics", "'Hugo \"static\"'] # topics")
    );
    let listed = folio_in(root, ["list", "--json"]).json();
    for post in listed.as_array().unwrap() {
        assert!(
            post["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "Hugo \"static\""),
            "{post}"
        );
    }

    folio_in(root, ["rename", "second-one", "second-two"]).assert_success();
    let renamed = fs::read_to_string(root.join("content/posts/second-two.md")).unwrap();
    assert!(
        renamed.starts_with("+++\ntitle = \"Second\"\ndate = 2024-02-01\nslug = \"second-two\"\n"),
        "{renamed}"
    );
    let first_after = fs::read_to_string(root.join("content/posts/first.md")).unwrap();
    assert!(
        first_after.contains("[second](/posts/second-two/)"),
        "{first_after}"
    );
    assert_eq!(check(root), [], "still no broken link after the rename");
}
