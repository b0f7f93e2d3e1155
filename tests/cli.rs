//! Integration tests of the `folio` command line on the built binary: `tags`, `list`,
//! `check` and `show` against the bundled sample posts, the seed post, the real 18F corpus
//! (when `../shared` is present) and a folder of hostile files.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::BufRead;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use support::cli::{
    assert_no_panic, assert_terminal_safe, expected_slug, folio, folio_command, folio_in,
    folio_with, front_matter_lines, jekyll_date, scalar_field, tags_field, width,
};
use support::fs::{copy_dir, markdown_files, tree_state};
use support::{corpus_18f_site, manifest_dir, sample_posts, shared, skipped};

/// The sample post whose front matter is deliberately invalid YAML.
const INVALID_YAML_POST: &str = "brand-voice-why-it-matters-online.md";

/// The planted flaws of `sample-posts`: (path, line, level, kind).
const PLANTED: [(&str, u64, &str, &str); 5] = [
    (INVALID_YAML_POST, 2, "error", "front-matter"),
    ("content-calendar-planning.md", 22, "error", "broken-link"),
    (
        "influencer-marketing-on-a-budget.md",
        37,
        "error",
        "broken-link",
    ),
    ("newsletter-growth-tactics.md", 53, "error", "broken-link"),
    ("video-content-strategy.md", 4, "warning", "missing-image"),
];

/// The content checks' findings in `sample-posts` at their defaults: two code-heavy tutorials
/// fall just under 300 words once their code is left out. No other content check fires
/// (every post is linked from another or dated, titles are 20–70 characters, no post sets a
/// description field, headings and images are in order).
const CONTENT_WARNINGS: [(&str, u64, &str, &str, usize); 2] = [
    ("cohort-analysis-sql.md", 1, "warning", "thin-content", 293),
    (
        "structured-data-for-blog-posts.md",
        1,
        "warning",
        "thin-content",
        294,
    ),
];

type Flaw = (String, u64, String, String);

/// Every problem `check sample-posts` reports: the planted flaws and the content warnings.
fn planted() -> BTreeSet<Flaw> {
    PLANTED
        .iter()
        .copied()
        .chain(
            CONTENT_WARNINGS
                .iter()
                .map(|&(p, l, lv, k, _)| (p, l, lv, k)),
        )
        .map(|(p, l, lv, k)| (p.to_owned(), l, lv.to_owned(), k.to_owned()))
        .collect()
}

/// Parse a plain `folio check` problem line: `path:line: level[kind]: message`.
fn parse_check_line(line: &str) -> Option<(Flaw, String)> {
    let re = regex::Regex::new(r"^(.+?):(\d+): (error|warning)\[([a-z0-9-]+)\]: (.+)$").unwrap();
    let c = re.captures(line)?;
    Some((
        (
            c[1].to_owned(),
            c[2].parse().unwrap(),
            c[3].to_owned(),
            c[4].to_owned(),
        ),
        c[5].to_owned(),
    ))
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` should be a string in {v}"))
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("expected an object, got {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set(items: &[&'static str]) -> BTreeSet<&'static str> {
    items.iter().copied().collect()
}

/// Every problem of `check --json` as (path, line, level, kind).
fn check_json_flaws(json: &Value) -> BTreeSet<Flaw> {
    json.as_array()
        .expect("check --json is an array")
        .iter()
        .map(|p| {
            assert_eq!(
                keys(p),
                set(&["path", "line", "level", "kind", "message"]),
                "{p}"
            );
            assert!(!str_field(p, "message").is_empty(), "{p}");
            (
                str_field(p, "path").to_owned(),
                p["line"].as_u64().expect("line is a number"),
                str_field(p, "level").to_owned(),
                str_field(p, "kind").to_owned(),
            )
        })
        .collect()
}

/// The 1-based number of the first line of `file` containing `needle`.
fn line_of(file: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    let i = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.display()));
    i as u64 + 1
}

/// What a minimal independent reader finds in one sample post.
#[derive(Debug, Clone)]
struct Expected {
    path: String,
    slug: String,
    title: Option<String>,
    date: Option<String>,
    tags: Vec<String>,
}

/// Read every sample post with the tests' own tiny front matter reader.
fn expected_sample_posts() -> Vec<Expected> {
    let root = sample_posts();
    markdown_files(&root)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            let fm = front_matter_lines(&text).expect("every sample post has front matter");
            let slug = expected_slug(&path);
            if path == INVALID_YAML_POST {
                // `title: Brand Voice: Why ...` is not valid YAML: no field is read.
                assert!(fm.iter().any(|l| l.starts_with("title: Brand Voice: ")));
                return Expected {
                    path,
                    slug,
                    title: None,
                    date: None,
                    tags: Vec::new(),
                };
            }
            Expected {
                title: scalar_field(&fm, "title"),
                date: scalar_field(&fm, "date"),
                tags: tags_field(&fm),
                path,
                slug,
            }
        })
        .collect()
}

/// The tags `sample-posts/folio.toml` hides.
fn hidden_sample_tags() -> Vec<String> {
    let toml = std::fs::read_to_string(sample_posts().join("folio.toml")).unwrap();
    assert!(toml.contains("hide_tags = [\"post\"]"), "{toml}");
    vec!["post".to_owned()]
}

/// Tag → number of posts, from the tests' own reading of the files.
fn expected_tag_counts() -> BTreeMap<String, u64> {
    let hidden = hidden_sample_tags();
    let mut counts = BTreeMap::new();
    for post in expected_sample_posts() {
        for tag in post.tags.into_iter().filter(|t| !hidden.contains(t)) {
            *counts.entry(tag).or_insert(0) += 1;
        }
    }
    counts
}

fn json_posts(json: &Value) -> &Vec<Value> {
    json.as_array().expect("list --json is an array")
}

fn post_by_path<'a>(posts: &'a [Value], path: &str) -> &'a Value {
    posts
        .iter()
        .find(|p| p["path"] == path)
        .unwrap_or_else(|| panic!("no post with path {path}"))
}

fn links_of(post: &Value) -> &Vec<Value> {
    post["links"].as_array().expect("links is an array")
}

// ---------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------

/// `folio check sample-posts` reports exactly the five planted flaws and the two thin-content
/// warnings, plain and JSON, and exits 1.
#[test]
fn check_reports_exactly_the_planted_flaws() {
    let root = sample_posts();
    // The expected lines agree with the files themselves.
    assert_eq!(
        line_of(&root.join(INVALID_YAML_POST), "title: Brand Voice:"),
        2
    );
    assert_eq!(
        line_of(
            &root.join("content-calendar-planning.md"),
            "](/posts/what-is-a-marketing-funnel)"
        ),
        22
    );
    assert_eq!(
        line_of(
            &root.join("influencer-marketing-on-a-budget.md"),
            "](../drafts/influencer-pricing.md)"
        ),
        37
    );
    assert_eq!(
        line_of(
            &root.join("newsletter-growth-tactics.md"),
            "](https://marketer.it.com/posts/email-marketing-in-2019)"
        ),
        53
    );
    assert_eq!(
        line_of(&root.join("video-content-strategy.md"), "image:"),
        4
    );
    assert!(!root.join("media/video-content-strategy.webp").exists());

    let plain = folio(["check", "sample-posts"]);
    assert_eq!(plain.code(), 1, "{}", plain.stdout);
    assert!(plain.stderr.is_empty(), "{}", plain.stderr);
    let lines: Vec<&str> = plain.stdout.lines().collect();
    let (summary, problems) = lines.split_last().expect("some output");
    let parsed: Vec<(Flaw, String)> = problems
        .iter()
        .map(|l| parse_check_line(l).unwrap_or_else(|| panic!("unparsable line {l:?}")))
        .collect();
    let expected_count = PLANTED.len() + CONTENT_WARNINGS.len();
    assert_eq!(parsed.len(), expected_count, "{}", plain.stdout);
    let flaws: BTreeSet<Flaw> = parsed.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(flaws, planted());
    assert_eq!(*summary, "4 errors, 3 warnings in 7 of 32 posts");
    let message = |path: &str| {
        parsed
            .iter()
            .find(|(f, _)| f.0 == path)
            .map(|(_, m)| m.as_str())
            .unwrap()
    };
    assert!(message("content-calendar-planning.md").contains("/posts/what-is-a-marketing-funnel"));
    assert!(
        message("influencer-marketing-on-a-budget.md").contains("../drafts/influencer-pricing.md")
    );
    assert!(message("newsletter-growth-tactics.md").contains("email-marketing-in-2019"));
    assert!(message("video-content-strategy.md").contains("/media/video-content-strategy.webp"));
    for (path, _, _, _, words) in CONTENT_WARNINGS {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        assert!(text.contains("```"), "{path}: its code is what is left out");
        assert!(
            text.split_whitespace().count() > 300,
            "{path}: over 300 words with front matter and code"
        );
        assert!(
            message(path).starts_with(&format!("{words} words of body text, fewer than 300")),
            "{}",
            message(path)
        );
    }

    let json = folio(["check", "sample-posts", "--json"]);
    assert_eq!(json.code(), 1);
    let value = json.json();
    assert_eq!(value.as_array().unwrap().len(), expected_count);
    assert_eq!(check_json_flaws(&value), planted());
}

/// `check` exits 0 when there are only warnings, and says so when there are no problems at all.
#[test]
fn check_exits_zero_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "Just text.\n").unwrap();
    let root = dir.path().to_str().unwrap();
    let run = folio(["check", root]);
    assert_eq!(run.code(), 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("notes.md:1: warning[missing-title]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("notes.md:1: warning[missing-date]"),
        "{}",
        run.stdout
    );

    // A post that passes every check: a 20–70 character title and 300 words.
    std::fs::write(
        dir.path().join("notes.md"),
        format!(
            "---\ntitle: Notes on a quiet week\ndate: 2024-01-01\n---\n{}\n",
            ["text"; 300].join(" ")
        ),
    )
    .unwrap();
    let run = folio(["check", root]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.stdout, "no problems in 1 posts\n");
    let run = folio(["check", root, "--json"]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.json(), serde_json::json!([]));
}

// ---------------------------------------------------------------------------------------
// tags
// ---------------------------------------------------------------------------------------

/// `folio tags` counts posts per tag (hidden tags left out), most used first, plain aligned.
#[test]
fn tags_counts_posts_per_tag_most_used_first() {
    let expected = expected_tag_counts();
    assert_eq!(expected.get("Strategy"), Some(&8));
    assert!(!expected.contains_key("post"));

    let run = folio(["tags", "sample-posts", "--json"]);
    run.assert_success();
    let rows: Vec<(String, u64)> = run
        .json()
        .as_array()
        .expect("tags --json is an array")
        .iter()
        .map(|t| {
            assert_eq!(keys(t), set(&["tag", "count"]), "{t}");
            (
                str_field(t, "tag").to_owned(),
                t["count"].as_u64().expect("count is a number"),
            )
        })
        .collect();
    let got: BTreeMap<String, u64> = rows.iter().cloned().collect();
    assert_eq!(got.len(), rows.len(), "a tag is listed twice: {rows:?}");
    assert_eq!(got, expected);
    assert_eq!(rows[0], ("Strategy".to_owned(), 8));
    for pair in rows.windows(2) {
        let ((a, ca), (b, cb)) = (&pair[0], &pair[1]);
        assert!(ca >= cb, "not most used first: {rows:?}");
        if ca == cb {
            assert!(
                a.to_lowercase() < b.to_lowercase(),
                "ties are not in name order: {rows:?}"
            );
        }
    }

    let plain = folio(["tags", "sample-posts"]);
    plain.assert_success();
    let plain_rows = parse_tag_lines(&plain.stdout);
    assert_eq!(plain_rows, rows, "plain and JSON disagree");
    // Stable: the same output every time.
    assert_eq!(folio(["tags", "sample-posts"]).stdout, plain.stdout);
}

/// Parse plain `folio tags` output, asserting counts are right-aligned in one column.
fn parse_tag_lines(text: &str) -> Vec<(String, u64)> {
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    let count_width = lines[0].find("  ").expect("count, two spaces, tag");
    lines
        .iter()
        .map(|line| {
            let (count, rest) = line.split_at(count_width);
            let tag = rest
                .strip_prefix("  ")
                .unwrap_or_else(|| panic!("tag not in its column: {line:?}\n{text}"));
            assert!(
                !tag.starts_with(' '),
                "tag not in its column: {line:?}\n{text}"
            );
            let digits = count.trim_start();
            assert!(
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                "count not right-aligned: {line:?}\n{text}"
            );
            (tag.to_owned(), digits.parse().unwrap())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------

/// Parse plain `folio list` output into (date, slug, title, title column), checking the layout.
fn parse_list_lines(text: &str) -> Vec<(String, String, String, usize)> {
    text.lines()
        .map(|line| {
            let (date, rest) = line.split_at(10);
            let rest = rest
                .strip_prefix("  ")
                .unwrap_or_else(|| panic!("no gap after the date: {line:?}"));
            let (slug, title) = rest
                .split_once("  ")
                .unwrap_or_else(|| panic!("no gap after the slug: {line:?}"));
            let title = title.trim_start();
            let column = width(line) - width(title);
            (date.to_owned(), slug.to_owned(), title.to_owned(), column)
        })
        .collect()
}

/// `folio list` shows all 32 posts newest first (undated last) in aligned, stable columns.
#[test]
fn list_shows_every_post_newest_first() {
    let expected = expected_sample_posts();
    assert_eq!(expected.len(), 32);
    let run = folio(["list", "sample-posts"]);
    run.assert_success();
    let rows = parse_list_lines(&run.stdout);
    assert_eq!(rows.len(), 32, "{}", run.stdout);

    let by_slug: HashMap<&str, &Expected> = expected.iter().map(|e| (e.slug.as_str(), e)).collect();
    let mut seen = BTreeSet::new();
    for (date, slug, title, _) in &rows {
        let e = by_slug
            .get(slug.as_str())
            .unwrap_or_else(|| panic!("unexpected slug {slug}"));
        assert!(seen.insert(slug.clone()), "{slug} listed twice");
        let want_date = e.date.clone().unwrap_or_else(|| "-".repeat(10));
        assert_eq!(date, &want_date, "{slug}");
        // Posts without a title show their slug (none of the samples has a `# heading`).
        assert_eq!(title, e.title.as_ref().unwrap_or(&e.slug));
    }
    let dates: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let undated_from = dates
        .iter()
        .position(|d| *d == "----------")
        .unwrap_or(dates.len());
    assert!(
        dates[undated_from..].iter().all(|d| *d == "----------"),
        "undated posts are not last: {dates:?}"
    );
    assert_eq!(rows[undated_from].1, "brand-voice-why-it-matters-online");
    for pair in dates[..undated_from].windows(2) {
        assert!(pair[0] >= pair[1], "not newest first: {dates:?}");
    }

    // Titles start in one column, except where a slug is too long to fit before it.
    let mut columns: HashMap<usize, usize> = HashMap::new();
    for row in &rows {
        *columns.entry(row.3).or_default() += 1;
    }
    let (&column, &count) = columns.iter().max_by_key(|(_, n)| **n).unwrap();
    assert!(
        count >= 30,
        "titles are not aligned: {columns:?}\n{}",
        run.stdout
    );
    for (_, slug, _, col) in &rows {
        assert!(
            *col == column || 12 + width(slug) + 2 > column,
            "title of {slug} is out of its column\n{}",
            run.stdout
        );
    }
    // Stable: the same output every time.
    assert_eq!(folio(["list", "sample-posts"]).stdout, run.stdout);
}

/// `folio list --tag SEO` keeps exactly the posts tagged SEO, newest first; plain and JSON agree.
#[test]
fn list_tag_filter_keeps_only_posts_with_that_tag() {
    let mut wanted: Vec<Expected> = expected_sample_posts()
        .into_iter()
        .filter(|e| e.tags.iter().any(|t| t == "SEO"))
        .collect();
    wanted.sort_by(|a, b| b.date.cmp(&a.date));
    assert_eq!(wanted.len(), 4);
    let wanted_slugs: Vec<&str> = wanted.iter().map(|e| e.slug.as_str()).collect();

    let plain = folio(["list", "sample-posts", "--tag", "SEO"]);
    plain.assert_success();
    let slugs: Vec<String> = parse_list_lines(&plain.stdout)
        .into_iter()
        .map(|r| r.1)
        .collect();
    assert_eq!(slugs, wanted_slugs);

    let json = folio(["list", "sample-posts", "--tag", "SEO", "--json"]);
    json.assert_success();
    let json = json.json();
    let slugs: Vec<&str> = json_posts(&json)
        .iter()
        .map(|p| str_field(p, "slug"))
        .collect();
    assert_eq!(slugs, wanted_slugs);

    let none = folio(["list", "sample-posts", "--tag", "No Such Tag"]);
    none.assert_success();
    assert_eq!(none.stdout, "");
    let none = folio(["list", "sample-posts", "--tag", "No Such Tag", "--json"]);
    assert_eq!(none.json(), serde_json::json!([]));
}

/// `folio list --json` has the documented fields and shapes, matching the files.
#[test]
fn list_json_has_the_documented_fields() {
    let run = folio(["list", "sample-posts", "--json"]);
    run.assert_success();
    let json = run.json();
    let posts = json_posts(&json);
    assert_eq!(posts.len(), 32);
    let expected = expected_sample_posts();

    let plain = parse_list_lines(&folio(["list", "sample-posts"]).stdout);
    let order: Vec<&str> = posts.iter().map(|p| str_field(p, "slug")).collect();
    let plain_order: Vec<&str> = plain.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(order, plain_order, "JSON and plain order differ");

    for post in posts {
        assert_eq!(
            keys(post),
            set(&[
                "slug", "path", "title", "date", "tags", "links", "problems", "review"
            ]),
            "{post}"
        );
        let path = str_field(post, "path");
        assert!(!path.starts_with('/') && !path.contains('\\'), "{path}");
        assert!(sample_posts().join(path).is_file(), "{path}");
        let e = expected
            .iter()
            .find(|e| e.path == path)
            .unwrap_or_else(|| panic!("unexpected path {path}"));
        assert_eq!(post["slug"], e.slug.as_str(), "{path}");
        assert_eq!(post["title"], serde_json::json!(e.title), "{path}");
        assert_eq!(post["date"], serde_json::json!(e.date), "{path}");
        assert_eq!(post["tags"], serde_json::json!(e.tags), "{path}");
        for link in links_of(post) {
            assert_eq!(
                keys(link),
                set(&["target", "line", "status", "slug"]),
                "{link}"
            );
            assert!(link["target"].is_string(), "{link}");
            assert!(link["line"].as_u64().is_some_and(|l| l >= 1), "{link}");
            assert!(link["slug"].is_string() || link["slug"].is_null(), "{link}");
        }
        for problem in post["problems"].as_array().expect("problems is an array") {
            assert_eq!(
                keys(problem),
                set(&["line", "level", "kind", "message"]),
                "{problem}"
            );
        }
    }
    // Nested paths use `/`; index.md takes its folder's name; a Jekyll name loses its date.
    assert_eq!(
        post_by_path(posts, "guides/keyword-research-for-beginners.md")["slug"],
        "keyword-research-for-beginners"
    );
    assert_eq!(
        post_by_path(posts, "welcome-email-sequence/index.md")["slug"],
        "welcome-email-sequence"
    );
    let local = post_by_path(posts, "2024-03-02-local-seo-for-small-businesses.md");
    assert_eq!(local["slug"], "local-seo-for-small-businesses");
    assert_eq!(local["date"], "2024-03-02");
    let invalid = post_by_path(posts, INVALID_YAML_POST);
    assert!(invalid["title"].is_null() && invalid["date"].is_null());
    assert_eq!(invalid["problems"][0]["kind"], "front-matter");
}

/// `folio list --json` link statuses: ok (with the post's slug), broken, external and site.
#[test]
fn list_json_resolves_link_statuses() {
    let json = folio(["list", "sample-posts", "--json"]).json();
    let posts = json_posts(&json);
    let slugs: BTreeSet<&str> = posts.iter().map(|p| str_field(p, "slug")).collect();

    let martech = post_by_path(posts, "martech.md");
    let to_system: Vec<&Value> = links_of(martech)
        .iter()
        .filter(|l| l["target"] == "/posts/what-is-system-marketing")
        .collect();
    assert_eq!(to_system.len(), 1);
    assert_eq!(to_system[0]["status"], "ok");
    assert_eq!(to_system[0]["slug"], "what-is-system-marketing");
    let wiki = links_of(martech)
        .iter()
        .find(|l| str_field(l, "target").starts_with("https://en.wikipedia.org/"))
        .expect("martech links to Wikipedia");
    assert_eq!(wiki["status"], "external");
    assert!(wiki["slug"].is_null());

    let mut broken = BTreeSet::new();
    let mut media = 0;
    for post in posts {
        let path = str_field(post, "path");
        let text = std::fs::read_to_string(sample_posts().join(path)).unwrap();
        let file_lines: Vec<&str> = text.lines().collect();
        for link in links_of(post) {
            let target = str_field(link, "target");
            let status = str_field(link, "status");
            let line = usize::try_from(link["line"].as_u64().unwrap()).unwrap();
            assert!(
                file_lines[line - 1].contains(target),
                "{path}:{line} does not contain {target}"
            );
            assert!(
                ["ok", "broken", "site", "external"].contains(&status),
                "{link}"
            );
            if status == "ok" {
                let slug = str_field(link, "slug");
                assert!(slugs.contains(slug), "{link}");
            } else {
                assert!(link["slug"].is_null(), "{path}: {link}");
            }
            let named = target
                .strip_prefix("https://marketer.it.com/posts/")
                .or_else(|| target.strip_prefix("/posts/"));
            if let Some(name) = named.filter(|n| slugs.contains(n)) {
                assert_eq!(link["status"], "ok", "{path}: {link}");
                assert_eq!(link["slug"], name, "{path}: {link}");
            }
            if target.starts_with("/media/")
                && Path::new(target).extension().is_some_and(|e| e == "webp")
            {
                assert_eq!(status, "site", "{path}: {link}");
                media += 1;
            }
            if status == "broken" {
                broken.insert((path.to_owned(), target.to_owned(), line));
            }
        }
    }
    assert!(media >= 31, "only {media} /media/*.webp images found");
    let expected_broken: BTreeSet<(String, String, usize)> = [
        (
            "content-calendar-planning.md",
            "/posts/what-is-a-marketing-funnel",
            22,
        ),
        (
            "influencer-marketing-on-a-budget.md",
            "../drafts/influencer-pricing.md",
            37,
        ),
        (
            "newsletter-growth-tactics.md",
            "https://marketer.it.com/posts/email-marketing-in-2019",
            53,
        ),
    ]
    .iter()
    .map(|&(p, t, l)| (p.to_owned(), t.to_owned(), l))
    .collect();
    assert_eq!(broken, expected_broken);
}

/// The one folder copy of the tests copies a link as a link (it never reads through it)
/// and leaves `.git` out.
#[test]
fn support_copy_dir_keeps_links_and_leaves_out_git() {
    let from = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(from.path().join(".git")).unwrap();
    std::fs::write(from.path().join(".git/HEAD"), "ref").unwrap();
    std::fs::write(from.path().join("a.md"), "# A\n").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", from.path().join("escape.md")).unwrap();
    let to = tempfile::tempdir().unwrap();
    copy_dir(from.path(), &to.path().join("copy"));
    let copy = to.path().join("copy");
    assert_eq!(std::fs::read_to_string(copy.join("a.md")).unwrap(), "# A\n");
    assert_eq!(
        std::fs::read_link(copy.join("escape.md")).unwrap(),
        Path::new("/etc/passwd")
    );
    assert!(!copy.join(".git").exists(), ".git is left out");
}

// ---------------------------------------------------------------------------------------
// the seed post
// ---------------------------------------------------------------------------------------

/// The seed post's internal links all resolve; `check` flags its mojibake and no broken link.
#[test]
fn seed_post_links_resolve_and_mojibake_is_flagged() {
    let Some(seed) = shared("seed/000_7cbc7f7a54fb8ed4.txt") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&sample_posts(), &root);
    let name = "how-digital-marketing-managers-work.md";
    std::fs::copy(&seed, root.join(name)).unwrap();
    let before = tree_state(&root);

    let text = std::fs::read_to_string(&seed).unwrap();
    let md_link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let internal: Vec<&str> = md_link
        .captures_iter(&text)
        .map(|c| c.get(1).unwrap().as_str())
        .filter(|t| t.starts_with("/posts/") || t.starts_with("https://marketer.it.com/posts/"))
        .collect();
    assert_eq!(internal.len(), 7, "{internal:?}");

    let json = folio_in(&root, ["list", "--json"]).json();
    let posts = json_posts(&json);
    assert_eq!(posts.len(), 33);
    let post = post_by_path(posts, name);
    assert_eq!(post["slug"], "how-digital-marketing-managers-work");
    assert_eq!(post["title"], "How Digital Marketing Managers Work");
    assert_eq!(post["date"], "2024-12-13");
    assert_eq!(post["tags"], serde_json::json!(["post", "Automation"]));
    for target in &internal {
        let slug = target.rsplit('/').next().unwrap();
        let found: Vec<&Value> = links_of(post)
            .iter()
            .filter(|l| l["target"] == *target)
            .collect();
        assert!(!found.is_empty(), "{target} not listed");
        for l in found {
            assert_eq!(l["status"], "ok", "{l}");
            assert_eq!(l["slug"], slug, "{l}");
        }
    }

    let mojibake_line = line_of(&root.join(name), "â€™");
    let check = folio_in(&root, ["check", "--json"]);
    assert_eq!(check.code(), 1);
    let flaws = check_json_flaws(&check.json());
    let mut expected = planted();
    expected.insert((
        name.to_owned(),
        mojibake_line,
        "warning".to_owned(),
        "mojibake".to_owned(),
    ));
    assert_eq!(flaws, expected);
    let plain = folio_in(&root, ["check"]);
    let line = plain
        .stdout
        .lines()
        .find(|l| l.starts_with(name))
        .expect("the seed post is in plain check output");
    assert!(line.contains("â€™") && line.contains('’'), "{line}");

    assert_eq!(
        tree_state(&root),
        before,
        "a command wrote under the content root"
    );
}

// ---------------------------------------------------------------------------------------
// the real corpus
// ---------------------------------------------------------------------------------------

/// On the 18F corpus (509 posts): 142 tags, Eleventy links resolve, file-name dates are used.
#[test]
fn corpus_18f_resolves_links_tags_and_dates() {
    let Some((_dir, root)) = corpus_18f_site() else {
        return;
    };
    let files = markdown_files(&root);
    assert_eq!(files.len(), 509);

    let list = folio_in(&root, ["list", "--json"]);
    list.assert_success();
    let json = list.json();
    let posts = json_posts(&json);
    assert_eq!(posts.len(), 509);
    let paths: Vec<&str> = {
        let mut p: Vec<&str> = posts.iter().map(|p| str_field(p, "path")).collect();
        p.sort_unstable();
        p
    };
    assert_eq!(paths, files);

    // Tags: 142 distinct, and the counts add up to every tag use.
    let tags = folio_in(&root, ["tags", "--json"]);
    tags.assert_success();
    let tags = tags.json();
    let tags = tags.as_array().unwrap();
    assert_eq!(tags.len(), 142);
    let mut uses: HashMap<&str, u64> = HashMap::new();
    for post in posts {
        for tag in post["tags"].as_array().unwrap() {
            *uses.entry(tag.as_str().unwrap()).or_default() += 1;
        }
    }
    let total: u64 = tags.iter().map(|t| t["count"].as_u64().unwrap()).sum();
    assert_eq!(total, uses.values().sum::<u64>());
    for t in tags {
        assert_eq!(
            Some(&t["count"].as_u64().unwrap()),
            uses.get(str_field(t, "tag")),
            "{t}"
        );
    }
    // Plain tags: multi-digit counts, right-aligned.
    let plain = folio_in(&root, ["tags"]);
    let rows = parse_tag_lines(&plain.stdout);
    assert_eq!(rows.len(), 142);
    assert!(rows[0].1 >= 100, "{rows:?}");

    // Links to other posts resolve.
    let to_other_posts = posts
        .iter()
        .flat_map(|p| links_of(p).iter().map(move |l| (p, l)))
        .filter(|(p, l)| l["status"] == "ok" && l["slug"].is_string() && l["slug"] != p["slug"])
        .count();
    assert!(
        to_other_posts >= 560,
        "only {to_other_posts} links to other posts resolve"
    );

    // An Eleventy `{{ "/2015/07/08/openfec-api/" | url }}` link resolves to that post.
    let eleventy = "({{ \"/2015/07/08/openfec-api/\" | url }})";
    let with_link: Vec<&String> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(root.join(f))
                .unwrap()
                .contains(eleventy)
        })
        .collect();
    assert!(!with_link.is_empty());
    for file in with_link {
        let post = post_by_path(posts, file);
        let link = links_of(post)
            .iter()
            .find(|l| l["target"] == "/2015/07/08/openfec-api/")
            .unwrap_or_else(|| panic!("{file}: the openfec-api link is not listed"));
        assert_eq!(link["status"], "ok", "{file}: {link}");
        assert_eq!(link["slug"], "openfec-api", "{file}: {link}");
    }

    // Posts without `date:` in their front matter get the date from their file name.
    let mut undated = 0;
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let fm = front_matter_lines(&text).unwrap_or_default();
        if fm.iter().any(|l| l.starts_with("date:")) {
            continue;
        }
        undated += 1;
        let expected = jekyll_date(file).unwrap_or_else(|| panic!("{file} has no date"));
        assert_eq!(post_by_path(posts, file)["date"], expected, "{file}");
    }
    assert!(undated > 0);
}

// ---------------------------------------------------------------------------------------
// a hostile folder
// ---------------------------------------------------------------------------------------

/// The ESC-laden post of the hostile folder: its decoded title, and its text.
const EVIL_TITLE: &str = "Evil \u{1b}[31mred\u{1b}[0m \u{1b}]52;c;ZXZpbA==\u{7} title \u{9b}2J";

fn evil_post() -> String {
    concat!(
        "---\n",
        "title: \"Evil \\e[31mred\\e[0m \\e]52;c;ZXZpbA==\\a title \\u009b2J\"\n",
        "date: 2024-01-04\n",
        "tags: [\"\\e[1mbold\", safe]\n",
        "note: \"\\e]0;window title\\a\"\n",
        "---\n",
        "# Heading \u{1b}[2J\n",
        "\n",
        "Body \u{1b}[31mred\u{1b}[0m and \u{1b}]52;c;ZXZpbA==\u{7} and \u{9b}2J here.\n",
        "\n",
        "[click](</posts/a\u{1b}[2Jb>) and <a href=\"/posts/\u{1b}[31mx\u{9b}\">html</a>\n",
        "\n",
        "```\u{1b}[31m\n",
        "code \u{1b}[31m\u{7}\tand tab\n",
        "```\n",
        "\n",
        "| a\u{1b}[1m | b |\n",
        "|---|---|\n",
        "| \u{1b}]0;t\u{7} | \u{9b}c |\n",
        "\n",
        "- item \u{1b}[5m blink\n",
        "> quote \u{85} next-line\n",
    )
    .to_owned()
}

/// Build the hostile folder; returns the expected kinds of problems per file.
fn build_hostile(root: &Path) -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let write = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();
    // Every tiny file here would be thin, short-titled and unlinked; those content checks
    // are about writing, not hostile input, so they are off (they have their own tests).
    write(
        "folio.toml",
        b"[checks]\nthin-content = \"off\"\ntitle-length = \"off\"\norphan = \"off\"\n",
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
    png.extend((0u8..=255).cycle().take(2048));
    write("x.md", &png);
    write(
        "latin1.md",
        b"---\ntitle: Caf\xe9\ndate: 2024-01-01\n---\nCr\xe8me br\xfbl\xe9e\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "---\ntitle: Sixteen\n---\nbody\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write("utf16.md", &utf16);
    write(
        "unterminated.md",
        b"---\ntitle: Open\ndate: 2024-01-02\n\nNo closing line.\n",
    );
    write(
        "invalid-yaml.md",
        b"---\ntitle: Bad: yaml: here\ndate: 2024-01-03\n---\nBody\n",
    );
    let mut bomb = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    bomb.push_str("---\nboom\n");
    write("bomb.md", bomb.as_bytes());
    write(
        "nested.md",
        format!("---\na: {}\n---\ndeep\n", "[".repeat(50_000)).as_bytes(),
    );
    let huge = std::fs::File::create(root.join("huge.md")).unwrap();
    huge.set_len(40 * 1024 * 1024).unwrap();
    drop(huge);
    write("plain.md", b"Just some text, no front matter.\n");
    write("esc.md", evil_post().as_bytes());
    std::fs::create_dir(root.join("sub")).unwrap();
    write("a.md", b"---\ntitle: A one\ndate: 2024-01-05\n---\nA\n");
    write(
        "sub/a.md",
        b"---\ntitle: A two\ndate: 2024-01-06\n---\nA2\n",
    );
    write(
        "scalar.md",
        b"---\ntitle: 2024\ndate: 2024-01-07\ntags: SEO\n---\nScalar fields.\n",
    );

    [
        ("x.md", set(&["binary"])),
        ("latin1.md", set(&["not-utf8"])),
        ("utf16.md", set(&["not-utf8"])),
        ("unterminated.md", set(&["front-matter"])),
        ("invalid-yaml.md", set(&["front-matter"])),
        ("bomb.md", set(&["front-matter"])),
        ("nested.md", set(&["front-matter"])),
        ("huge.md", set(&["too-large"])),
        ("plain.md", set(&["missing-title", "missing-date"])),
        ("esc.md", set(&["broken-link", "control-characters"])),
        ("a.md", set(&["duplicate-slug"])),
        ("sub/a.md", set(&["duplicate-slug"])),
        ("scalar.md", set(&[])),
    ]
    .into_iter()
    .collect()
}

/// A folder of hostile files: no panic, the right problem kinds, no control characters in any
/// output, fast, and not one byte under the root written.
#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario over a folder of hostile files; its checks read in order"
)]
fn hostile_folder_is_reported_safely_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let expected = build_hostile(root);
    let before = tree_state(root);
    let mut runs = Vec::new();
    let rootarg = root.to_str().expect("a UTF-8 temp path");

    // check: every file with its kinds.
    let check = folio(["check", rootarg, "--json"]);
    assert_eq!(check.code(), 1);
    let mut kinds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in check.json().as_array().unwrap() {
        kinds
            .entry(str_field(p, "path").to_owned())
            .or_default()
            .insert(str_field(p, "kind").to_owned());
    }
    for (file, want) in &expected {
        let got: BTreeSet<&str> = kinds
            .get(*file)
            .map(|k| k.iter().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(&got, want, "{file}");
    }
    assert!(
        kinds.keys().all(|k| expected.contains_key(k.as_str())),
        "{kinds:?}"
    );
    runs.push(check);
    let plain_check = folio(["check", rootarg]);
    assert_eq!(plain_check.code(), 1);
    for (file, want) in &expected {
        for kind in want {
            assert!(
                plain_check
                    .stdout
                    .lines()
                    .any(|l| l.starts_with(&format!("{file}:")) && l.contains(&format!("[{kind}]"))),
                "{file} {kind} missing from\n{}",
                plain_check.stdout
            );
        }
    }
    runs.push(plain_check);

    // list: every file is listed, whatever is wrong with it.
    let list = folio(["list", rootarg, "--json"]);
    list.assert_success();
    let json = list.json();
    let posts = json_posts(&json);
    let listed: BTreeSet<&str> = posts.iter().map(|p| str_field(p, "path")).collect();
    let files: BTreeSet<&str> = expected.keys().copied().collect();
    assert_eq!(listed, files);
    let evil = post_by_path(posts, "esc.md");
    assert_eq!(
        evil["title"], EVIL_TITLE,
        "JSON must carry the text, escaped"
    );
    assert!(
        links_of(evil)
            .iter()
            .any(|l| l["target"] == "/posts/a\u{1b}[2Jb" && l["status"] == "broken"),
        "{evil}"
    );
    let scalar = post_by_path(posts, "scalar.md");
    assert_eq!(scalar["title"], "2024");
    assert_eq!(scalar["tags"], serde_json::json!(["SEO"]));
    assert_eq!(post_by_path(posts, "a.md")["slug"], "a");
    assert_eq!(post_by_path(posts, "sub/a.md")["slug"], "a");
    for bad in ["invalid-yaml.md", "bomb.md", "nested.md", "x.md", "huge.md"] {
        assert!(post_by_path(posts, bad)["title"].is_null(), "{bad}");
    }
    runs.push(list);
    runs.push(folio(["list", rootarg]).succeeded());

    // tags: the string tag counts, the escape-laden one is listed safely.
    let tags = folio(["tags", rootarg, "--json"]);
    tags.assert_success();
    let got: BTreeMap<String, u64> = tags
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (str_field(t, "tag").to_owned(), t["count"].as_u64().unwrap()))
        .collect();
    let want: BTreeMap<String, u64> = [("SEO", 1), ("\u{1b}[1mbold", 1), ("safe", 1)]
        .iter()
        .map(|&(t, c)| (t.to_owned(), c))
        .collect();
    assert_eq!(got, want);
    runs.push(tags);
    runs.push(folio(["tags", rootarg]).succeeded());

    // show: every file by path; unreadable ones fail with a message, the rest render.
    for file in expected.keys() {
        let path = format!("{rootarg}/{file}");
        let run = folio(["show", path.as_str(), "--width", "40"]);
        if ["x.md", "utf16.md", "huge.md"].contains(file) {
            assert_ne!(run.code(), 0, "{file}");
            assert!(run.stderr.contains(file), "{file}: {}", run.stderr);
        } else {
            run.assert_success();
            for line in run.stdout.lines() {
                assert!(width(line) <= 40, "{file}: too wide: {line:?}");
            }
        }
        runs.push(run);
    }
    let sub = folio(["show", &format!("{rootarg}/sub/a.md")]);
    assert_eq!(
        sub.stdout.lines().next(),
        Some("A two"),
        "show by path picks that file"
    );
    runs.push(sub);
    for width in ["20", "80"] {
        runs.push(folio(["show", "esc", "--root", rootarg, "--width", width]).succeeded());
    }
    let mut nocolor = folio_command();
    nocolor.env("NO_COLOR", "1");
    runs.push(folio_with(
        &mut nocolor,
        ["show", &format!("{rootarg}/esc.md")],
    ));

    let mut total = Duration::ZERO;
    for run in &runs {
        assert_no_panic(&run.label, &run.stderr);
        assert_terminal_safe(&format!("{} (stdout)", run.label), &run.stdout_bytes);
        assert_terminal_safe(&format!("{} (stderr)", run.label), run.stderr.as_bytes());
        assert!(
            run.elapsed < Duration::from_secs(2),
            "{} took {:?}",
            run.label,
            run.elapsed
        );
        total += run.elapsed;
    }
    assert!(
        total < Duration::from_secs(10),
        "all commands took {total:?}"
    );
    let evil_shown = &runs[runs.len() - 1].stdout;
    assert!(evil_shown.contains("Evil "), "{evil_shown}");
    assert!(evil_shown.contains("Body "), "{evil_shown}");

    assert_eq!(
        tree_state(root),
        before,
        "a command wrote under the content root"
    );
}

// ---------------------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------------------

/// `show` by slug with `--root`, by path (root found via folio.toml above it), from any folder.
#[test]
fn show_by_slug_and_by_path_render_the_same_post() {
    let by_slug = folio([
        "show",
        "keyword-research-for-beginners",
        "--root",
        "sample-posts",
    ]);
    by_slug.assert_success();
    assert_eq!(
        by_slug.stdout.lines().next(),
        Some("Keyword Research for Beginners")
    );
    assert!(by_slug.stdout.contains("Keyword research is the process"));
    // The root is the whole site, so its links to other posts resolve.
    assert!(
        by_slug
            .stdout
            .contains("/posts/technical-seo-checklist → technical-seo-checklist"),
        "{}",
        by_slug.stdout
    );
    assert!(!by_slug.stdout.contains("broken"), "{}", by_slug.stdout);

    let by_path = folio([
        "show",
        "sample-posts/guides/keyword-research-for-beginners.md",
    ]);
    by_path.assert_success();
    assert_eq!(by_path.stdout, by_slug.stdout);

    let elsewhere = tempfile::tempdir().unwrap();
    let absolute = sample_posts().join("guides/keyword-research-for-beginners.md");
    let from_elsewhere = folio_in(elsewhere.path(), ["show", absolute.to_str().unwrap()]);
    from_elsewhere.assert_success();
    assert_eq!(from_elsewhere.stdout, by_slug.stdout);

    // A relative path from inside the site.
    let inside = folio_in(
        &sample_posts().join("guides"),
        ["show", "keyword-research-for-beginners.md"],
    );
    assert_eq!(inside.stdout, by_slug.stdout);
}

/// `show --width N` never writes a line wider than N columns (every sample post, several N).
#[test]
fn show_wraps_to_the_requested_width() {
    let files = markdown_files(&sample_posts());
    for w in [20_usize, 40, 80] {
        for file in &files {
            let path = format!("sample-posts/{file}");
            let run = folio(["show", path.as_str(), "--width", &w.to_string()]);
            run.assert_success();
            let widest = run.stdout.lines().map(width).max().unwrap_or(0);
            assert!(
                run.stdout.lines().all(|l| width(l) <= w),
                "{file} at width {w}: a line is {widest} wide:\n{}",
                run.stdout
            );
            assert_eq!(
                widest, w,
                "{file} at width {w}: the rule should span the width"
            );
        }
    }
    // Without --width, a pipe gets 80 columns.
    let default = folio(["show", "martech", "--root", "sample-posts"]);
    let eighty = folio(["show", "martech", "--root", "sample-posts", "--width", "80"]);
    assert_eq!(default.stdout, eighty.stdout);
}

/// `show` writes no escape sequences to a pipe, with or without `NO_COLOR`.
#[test]
fn show_writes_plain_text_to_a_pipe() {
    let piped = folio(["show", "martech", "--root", "sample-posts"]);
    piped.assert_success();
    assert_terminal_safe(&piped.label, &piped.stdout_bytes);
    let mut cmd = folio_command();
    cmd.env("NO_COLOR", "1");
    let no_color = folio_with(&mut cmd, ["show", "martech", "--root", "sample-posts"]);
    assert_terminal_safe(&no_color.label, &no_color.stdout_bytes);
    assert_eq!(no_color.stdout, piped.stdout);
}

/// Run `folio args` under a pseudo-terminal via util-linux `script`; `None` if unavailable.
fn run_in_terminal(args: &[&str], no_color: Option<&str>) -> Option<Vec<u8>> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let available = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let command: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_folio"))
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-q", "-e", "-c", &command.join(" "), "/dev/null"])
        .current_dir(manifest_dir())
        .stdin(Stdio::null())
        .env("RUST_BACKTRACE", "1")
        .env(
            "FOLIO_CACHE_DIR",
            std::env::temp_dir().join("folio-tests-cache"),
        )
        .env("TERM", "xterm");
    match no_color {
        Some(v) => cmd.env("NO_COLOR", v),
        None => cmd.env_remove("NO_COLOR"),
    };
    let out = cmd.output().expect("run script");
    assert!(out.status.success(), "script {command:?}: {out:?}");
    assert_no_panic("script", &String::from_utf8_lossy(&out.stderr));
    Some(out.stdout)
}

/// Every ESC in `bytes` starts an SGR sequence (`ESC [ digits ; ... m`); no BEL, no C1.
fn assert_only_sgr(label: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let sgr = regex::Regex::new(r"^\x1b\[[0-9;]*m").unwrap();
    for (at, c) in text.char_indices() {
        match c {
            '\u{1b}' => assert!(
                sgr.is_match(&text[at..]),
                "{label}: an escape sequence that is not a style: {:?}",
                text[at..].chars().take(20).collect::<String>()
            ),
            '\u{7}' | '\u{80}'..='\u{9f}' => {
                panic!("{label}: control character U+{:04X}", c as u32)
            }
            _ => {}
        }
    }
}

/// In a terminal `show` colours its output with styles only, and never when `NO_COLOR` is set;
/// a post's own escape sequences stay inert.
#[test]
fn show_colours_only_a_terminal_and_honours_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("esc.md"), evil_post()).unwrap();
    let esc = dir.path().join("esc.md");
    let esc = esc.to_str().expect("a UTF-8 temp path");
    let args = ["show", "martech", "--root", "sample-posts", "--width", "60"];
    let Some(coloured) = run_in_terminal(&args, None) else {
        skipped("util-linux `script` is not available");
        return;
    };
    assert!(
        coloured.windows(2).any(|w| w == b"\x1b["),
        "no styles on a terminal"
    );
    assert_only_sgr("martech on a terminal", &coloured);
    let empty = run_in_terminal(&args, Some("")).unwrap();
    assert!(
        empty.contains(&0x1b),
        "an empty NO_COLOR does not disable colour"
    );

    let plain = run_in_terminal(&args, Some("1")).unwrap();
    assert!(!plain.contains(&0x1b), "NO_COLOR=1 still coloured");

    let evil = run_in_terminal(&["show", esc, "--width", "60"], None).unwrap();
    assert_only_sgr("esc.md on a terminal", &evil);
    let evil_plain = run_in_terminal(&["show", esc, "--width", "60"], Some("1")).unwrap();
    assert!(!evil_plain.contains(&0x1b), "NO_COLOR=1 still coloured");
    assert!(!evil_plain.contains(&0x07));
}

/// `show` of an unknown slug fails with a message on stderr and no panic or backtrace.
#[test]
fn show_unknown_slug_fails_cleanly() {
    let run = folio(["show", "no-such-post", "--root", "sample-posts"]);
    assert_ne!(run.code(), 0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("no-such-post"), "{}", run.stderr);
    assert!(run.stderr.starts_with("folio: error:"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    let run = folio(["show", "sample-posts/no-such-file.md"]);
    assert_ne!(run.code(), 0);
    assert!(run.stderr.contains("no-such-file"), "{}", run.stderr);
}

/// `show --width` below 20 (or not a number) is a usage error from the argument parser.
#[test]
fn show_rejects_a_width_below_the_minimum() {
    for bad in ["5", "0", "19", "abc", "-3"] {
        let arg = format!("--width={bad}");
        let run = folio(["show", "martech", "--root", "sample-posts", &arg]);
        assert_eq!(run.code(), 2, "{arg}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.starts_with("error:"), "{}", run.stderr);
        assert!(run.stderr.contains("--width"), "{}", run.stderr);
    }
    folio(["show", "martech", "--root", "sample-posts", "--width", "20"]).assert_success();
}

// ---------------------------------------------------------------------------------------
// help, version and errors
// ---------------------------------------------------------------------------------------

/// `--help` lists the four commands; each command has its own help.
#[test]
fn help_lists_the_commands() {
    let run = folio(["--help"]);
    run.assert_success();
    assert!(run.stdout.contains("Usage:"), "{}", run.stdout);
    for (name, about) in [
        ("tags", "Tags with post counts, most used first"),
        ("list", "Posts, newest first: date, slug, title"),
        ("check", "Every problem; exit status 1 if any is an error"),
        ("show", "Print one post rendered as the reader shows it"),
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(name) && l.contains(about)),
            "{name}: {}",
            run.stdout
        );
        let sub = folio([name, "--help"]);
        sub.assert_success();
        assert!(sub.stdout.contains("Usage: folio"), "{}", sub.stdout);
    }
    let list = folio(["list", "--help"]).stdout;
    assert!(list.contains("--tag") && list.contains("--json"), "{list}");
    let show = folio(["show", "--help"]).stdout;
    assert!(
        show.contains("--root") && show.contains("--width"),
        "{show}"
    );
}

/// `--version` prints the crate version.
#[test]
fn version_prints_the_crate_version() {
    let run = folio(["--version"]);
    run.assert_success();
    assert_eq!(
        run.stdout.trim_end(),
        format!("folio {}", env!("CARGO_PKG_VERSION"))
    );
}

/// An unknown subcommand fails with a message on stderr, a non-zero exit and no panic.
#[test]
fn unknown_subcommand_fails_cleanly() {
    let run = folio(["frobnicate"]);
    assert_ne!(run.code(), 0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!run.stderr.trim().is_empty());
}

/// The error for an unknown subcommand names the word the user typed.
#[test]
fn unknown_subcommand_error_names_the_word() {
    let run = folio(["frobnicate"]);
    assert_ne!(run.code(), 0);
    assert!(
        run.stderr.contains("frobnicate"),
        "`folio frobnicate` should say what is wrong with `frobnicate`, got: {}",
        run.stderr
    );
}

/// A missing DIR fails with a clear message naming the path, for every command.
#[test]
fn missing_dir_fails_with_a_message_naming_the_path() {
    let missing = "no/such/folder-xyz";
    for args in [
        vec!["tags", missing],
        vec!["list", missing],
        vec!["list", missing, "--json"],
        vec!["check", missing],
        vec!["check", missing, "--json"],
        vec!["show", "martech", "--root", missing],
    ] {
        let run = folio(&args);
        assert_ne!(run.code(), 0, "{args:?}");
        assert_ne!(run.code(), 1, "{args:?}: 1 means `check found errors`");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.starts_with("folio: error:"), "{}", run.stderr);
        assert!(run.stderr.contains(missing), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    // A file is not a folder either.
    let run = folio(["list", "sample-posts/martech.md"]);
    assert_ne!(run.code(), 0);
    assert!(run.stderr.contains("martech.md"), "{}", run.stderr);
}

/// An error message does not say the same cause twice (`...: not a folder: not a folder`).
#[test]
fn missing_dir_error_does_not_repeat_its_cause() {
    let run = folio(["list", "no/such/folder-xyz"]);
    let line = run.stderr.trim_end();
    let parts: Vec<&str> = line.split(": ").collect();
    for pair in parts.windows(2) {
        assert_ne!(pair[0], pair[1], "repeated cause in {line:?}");
    }
}

/// A bad folio.toml fails every command with a message naming the file and the line.
#[test]
fn bad_config_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.md"), "---\ntitle: A\n---\n").unwrap();
    let r = root.to_str().unwrap();
    let post = format!("{r}/a.md");
    for (toml, line) in [
        ("site_url = \"https://x.org\"\npermalink = \"/posts/\"\n", 2),
        ("# settings\n\nsite_url = 3\n", 3),
        ("hide_tags = [\"post\"]\npermalinks = \"/x/{slug}\"\n", 2),
        ("site_url = \"https://x.org\"\nmedia_dir = \n", 2),
    ] {
        std::fs::write(root.join("folio.toml"), toml).unwrap();
        for cmd in ["tags", "list", "check"] {
            let run = folio([cmd, r]);
            assert_ne!(run.code(), 0, "{toml:?}");
            assert_ne!(run.code(), 1, "{toml:?}");
            assert!(run.stdout.is_empty());
            assert!(
                run.stderr.contains(&format!("folio.toml:{line}: ")),
                "{toml:?}: {}",
                run.stderr
            );
        }
        let run = folio(["show", post.as_str()]);
        assert!(
            run.stderr.contains(&format!("folio.toml:{line}: ")),
            "show, {toml:?}: {}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------
// closed pipes
// ---------------------------------------------------------------------------------------

/// `folio list | head -1`: a reader that closes the pipe early ends folio quietly.
#[test]
fn closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..2000 {
        std::fs::write(
            root.join(format!("post-{i:04}.md")),
            format!(
                "---\ntitle: \"Post number {i} with a rather long title to make the output bigger\"\ndate: 2020-01-{:02}\ntags: [t{}]\n---\nSee [missing](/posts/missing-{i}).\n",
                i % 28 + 1,
                i % 50
            ),
        )
        .unwrap();
    }
    let mut big = String::from("---\ntitle: Big\ndate: 2021-01-01\n---\n");
    for i in 0..5000 {
        big.push_str(&format!(
            "Paragraph {i} of a very long post that goes on and on.\n\n"
        ));
    }
    std::fs::write(root.join("big.md"), big).unwrap();

    let rootarg = root.to_str().unwrap();
    for args in [
        vec!["list", rootarg],
        vec!["list", rootarg, "--json"],
        vec!["check", rootarg],
        vec!["check", rootarg, "--json"],
        vec!["show", "big", "--root", rootarg],
    ] {
        let mut child = folio_command().args(&args).spawn().expect("spawn folio");
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert!(!first.trim().is_empty(), "{args:?}: no first line");
        drop(reader);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_no_panic(&format!("{args:?}"), &stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert!(
            out.status.code().is_some(),
            "{args:?}: killed by a signal: {:?}",
            out.status
        );
    }
}
