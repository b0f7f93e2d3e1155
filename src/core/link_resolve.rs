//! Resolving a link: does it name a post (`ok`), look like it should but not (`broken`),
//! point at another file on the site (`site`), or leave the site (`external`)?
//!
//! Pure: the file system is reached only through the `exists` function the caller passes.

use std::collections::HashMap;

use serde::Serialize;

use super::discovery::is_markdown;
use super::link_templates::REF_SCHEME;
use super::percent;
use super::post::PostId;
use super::site_config::SiteConfig;

/// What a link points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// A post in this folder.
    Ok,
    /// Looks internal but no such post, or escapes the content root.
    Broken,
    /// Another file on the site, such as `/media/x.webp`.
    Site,
    /// Another site, or a `mailto:` address.
    External,
}

impl LinkStatus {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Broken => "broken",
            LinkStatus::Site => "site",
            LinkStatus::External => "external",
        }
    }
}

/// The outcome of resolving one link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// What the link points at.
    pub status: LinkStatus,
    /// The post it names, when `status` is `Ok`.
    pub post: Option<PostId>,
    /// The `#fragment`, if any (percent-decoded).
    pub fragment: Option<String>,
    /// Why a broken link is broken, for people.
    pub reason: Option<String>,
}

impl Resolution {
    fn with(status: LinkStatus) -> Self {
        Resolution {
            status,
            post: None,
            fragment: None,
            reason: None,
        }
    }

    fn ok(post: PostId) -> Self {
        Resolution {
            post: Some(post),
            ..Resolution::with(LinkStatus::Ok)
        }
    }

    fn broken(reason: String) -> Self {
        Resolution {
            reason: Some(reason),
            ..Resolution::with(LinkStatus::Broken)
        }
    }

    fn fragment(mut self, fragment: Option<&str>) -> Self {
        self.fragment = fragment.filter(|f| !f.is_empty()).map(percent::decode);
        self
    }
}

/// The ways a link can name a post, built once per index.
#[derive(Clone, Debug, Default)]
pub struct PostLookup {
    /// Slug → posts (more than one when slugs collide).
    pub by_slug: HashMap<String, Vec<PostId>>,
    /// Relative path (`a/b.md`) → post.
    pub by_path: HashMap<String, PostId>,
    /// File name without extension (`2016-01-02-name`) → post.
    pub by_stem: HashMap<String, PostId>,
    /// Lowercased slug → a slug as written, to suggest the right case in messages.
    pub by_folded_slug: HashMap<String, String>,
    /// Each post's date as (year, month, day), by post id.
    pub dates: Vec<Option<(i32, u32, u32)>>,
}

/// Resolves links for one site.
pub struct Resolver<'a> {
    /// The site's settings.
    pub config: &'a SiteConfig,
    /// The posts.
    pub lookup: &'a PostLookup,
    /// Whether a non-post file exists at a root-relative path (`media/a.png`).
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
}

impl Resolver<'_> {
    /// Resolve `target`, written in the post `from` at relative path `from_path`.
    pub fn resolve(&self, from: PostId, from_path: &str, target: &str) -> Resolution {
        let target = target.trim();
        if target.is_empty() {
            return Resolution::broken("empty link target".to_owned());
        }
        if target.contains("{{") || target.contains("{%") {
            // Template code the site fills in at build time: nothing to check here.
            return Resolution::with(LinkStatus::Site);
        }
        if let Some(name) = target.strip_prefix(REF_SCHEME) {
            return self.resolve_ref(&percent::decode(name));
        }
        if let Some(fragment) = target.strip_prefix('#') {
            return Resolution::ok(from).fragment(Some(fragment));
        }
        if let Some(path) = self
            .config
            .site_url
            .as_ref()
            .and_then(|s| s.local_path(target))
        {
            return self.resolve_root_relative(path);
        }
        if has_scheme(target) || target.starts_with("//") {
            return Resolution::with(LinkStatus::External);
        }
        if target.starts_with('/') {
            return self.resolve_root_relative(target);
        }
        let dir = from_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        self.resolve_relative(dir, target)
    }

    fn resolve_root_relative(&self, url: &str) -> Resolution {
        let (path, fragment) = split_url(url);
        let Some(normal) = normalize(&percent::decode(path)) else {
            return Resolution::broken("points outside the content folder".to_owned());
        };
        if let Some(m) = self.config.permalink.matches(path) {
            return self.by_slug(&m.slug, m.date).fragment(fragment);
        }
        if is_markdown(std::path::Path::new(&normal)) {
            return self.by_path(&normal).fragment(fragment);
        }
        Resolution::with(LinkStatus::Site).fragment(fragment)
    }

    fn resolve_relative(&self, dir: &str, url: &str) -> Resolution {
        let (path, fragment) = split_url(url);
        let joined = format!("{dir}/{}", percent::decode(path));
        let Some(normal) = normalize(&joined) else {
            return Resolution::broken("points outside the content folder".to_owned());
        };
        if is_markdown(std::path::Path::new(&normal)) {
            return self.by_path(&normal).fragment(fragment);
        }
        let as_post = [format!("{normal}.md"), format!("{normal}/index.md")];
        if let Some(id) = as_post.iter().find_map(|p| self.lookup.by_path.get(p)) {
            return Resolution::ok(*id).fragment(fragment);
        }
        if (self.exists)(&normal) {
            Resolution::with(LinkStatus::Site).fragment(fragment)
        } else {
            Resolution::broken(format!("no file `{normal}` in the content folder"))
        }
    }

    fn resolve_ref(&self, name: &str) -> Resolution {
        let (name, fragment) = split_url(name);
        let trimmed = name.trim_start_matches('/');
        let stem = trimmed
            .rsplit('/')
            .next()
            .unwrap_or(trimmed)
            .trim_end_matches(".markdown")
            .trim_end_matches(".md");
        let found = normalize(trimmed)
            .and_then(|p| {
                [p.clone(), format!("{p}.md"), format!("{p}/index.md")]
                    .iter()
                    .find_map(|p| self.lookup.by_path.get(p).copied())
            })
            .or_else(|| self.lookup.by_stem.get(stem).copied())
            .or_else(|| {
                self.lookup
                    .by_slug
                    .get(stem)
                    .and_then(|ids| ids.first().copied())
            });
        match found {
            Some(id) => Resolution::ok(id).fragment(fragment),
            None => Resolution::broken(format!("no post named `{name}`")),
        }
    }

    fn by_slug(&self, slug: &str, date: Option<(i32, u32, u32)>) -> Resolution {
        let Some(ids) = self.lookup.by_slug.get(slug) else {
            let hint = match self.lookup.by_folded_slug.get(&slug.to_lowercase()) {
                Some(near) => format!(" (did you mean `{near}`? slugs are case-sensitive)"),
                None => String::new(),
            };
            return Resolution::broken(format!("no post with slug `{slug}`{hint}"));
        };
        let date_of = |id: &PostId| self.lookup.dates.get(*id).copied().flatten();
        let Some(want) = date else {
            return Resolution::ok(ids[0]);
        };
        if let Some(id) = ids.iter().find(|id| date_of(id) == Some(want)) {
            return Resolution::ok(*id);
        }
        match ids.iter().find_map(date_of) {
            Some((y, m, d)) => Resolution::broken(format!(
                "post `{slug}` is dated {y:04}-{m:02}-{d:02}, not {:04}-{:02}-{:02}",
                want.0, want.1, want.2
            )),
            None => Resolution::ok(ids[0]),
        }
    }

    fn by_path(&self, path: &str) -> Resolution {
        match self.lookup.by_path.get(path) {
            Some(id) => Resolution::ok(*id),
            None => Resolution::broken(format!("no post file `{path}`")),
        }
    }
}

/// Whether `s` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Split `path?query#fragment` into the path and the fragment.
fn split_url(url: &str) -> (&str, Option<&str>) {
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, f)) => (rest, Some(f)),
        None => (url, None),
    };
    (rest.split('?').next().unwrap_or(rest), fragment)
}

/// Resolve `.` and `..` in a `/`-separated path; `None` if it climbs above the root.
/// The result has no leading or trailing `/`.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn lookup() -> PostLookup {
        let mut l = PostLookup::default();
        for (id, (slug, path, stem, date)) in [
            ("martech", "martech.md", "martech", Some((2024, 1, 2))),
            ("guide", "guides/guide.md", "guide", None),
            (
                "hello",
                "2016-01-02-hello.md",
                "2016-01-02-hello",
                Some((2016, 1, 2)),
            ),
            ("welcome", "welcome/index.md", "index", None),
        ]
        .into_iter()
        .enumerate()
        {
            l.by_slug.entry(slug.to_owned()).or_default().push(id);
            l.by_path.insert(path.to_owned(), id);
            l.by_stem.insert(stem.to_owned(), id);
            l.by_folded_slug
                .insert(slug.to_lowercase(), slug.to_owned());
            l.dates.push(date);
        }
        l
    }

    fn resolve_with(config: &SiteConfig, from: &str, target: &str) -> Resolution {
        let lookup = lookup();
        let exists = |p: &str| p == "media/a.webp";
        Resolver {
            config,
            lookup: &lookup,
            exists: &exists,
        }
        .resolve(9, from, target)
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
            assert_eq!((r.status, r.post), (LinkStatus::Ok, Some(0)), "{t}");
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
            Some(0)
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
        assert_eq!(resolve("../martech.md").post, Some(0));
        assert_eq!(resolve("./guide.md#x").post, Some(1));
        assert_eq!(resolve("../welcome/").post, Some(3));
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
            (LinkStatus::Ok, Some(9), Some("section"))
        );
        assert_eq!(resolve("").status, LinkStatus::Broken);
        assert_eq!(resolve("{{ page.image }}").status, LinkStatus::Site);
        assert_eq!(resolve("/other.md").status, LinkStatus::Broken);
        let r = resolve("/posts/MarTech");
        assert_eq!(r.status, LinkStatus::Broken);
        assert!(r.reason.unwrap().contains("did you mean `martech`"));
        assert_eq!(resolve("/martech.md").post, Some(0));
    }

    #[test]
    fn resolve_template_refs() {
        assert_eq!(resolve("folio-ref:2016-01-02-hello").post, Some(2));
        assert_eq!(resolve("folio-ref:guides/guide.md").post, Some(1));
        assert_eq!(resolve("folio-ref:/guides/guide").post, Some(1));
        assert_eq!(resolve("folio-ref:martech").post, Some(0));
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
            Some(2)
        );
        let r = resolve_with(&config, "a.md", "/2016/01/03/hello/");
        assert_eq!(r.status, LinkStatus::Broken);
        assert!(r.reason.unwrap().contains("dated 2016-01-02"));
        assert_eq!(
            resolve_with(&config, "a.md", "/2016/01/03/guide/").post,
            Some(1)
        );
        assert_eq!(
            resolve_with(&config, "a.md", "/posts/martech").status,
            LinkStatus::Site
        );
    }
}
