//! Resolving a link: does it name a post (`ok`), look like it should but not (`broken`),
//! point at another file on the site (`site`), or leave the site (`external`)?
//!
//! Root-relative URLs are matched against every post's URL and against the sections'
//! permalink patterns; relative links are resolved as the browser resolves them on the
//! published page (against the post's URL when it is a pretty URL ending in `/`), or against
//! the file's folder when they name a source file (`../x.md`). Template references
//! (`folio-ref:`, from Jekyll and Hugo forms) are resolved in `refs`.
//!
//! Pure: the file system is reached only through the `exists` function the caller passes.

mod refs;

use std::borrow::Cow;

use serde::Serialize;

use super::discovery::is_markdown;
use super::link_templates::REF_SCHEME;
use super::percent;
use super::post::PostId;
pub use super::post_lookup::PostLookup;
use super::post_lookup::Ymd;
use super::site_config::SiteConfig;
use super::site_layout::{join_url, looks_like_asset, url_key};

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

/// Resolves links for one site.
pub struct Resolver<'a> {
    /// The site's settings.
    pub config: &'a SiteConfig,
    /// The posts.
    pub lookup: &'a PostLookup,
    /// Whether a non-post file exists at a root-relative path (`media/a.png`).
    pub exists: &'a (dyn Fn(&str) -> bool + Sync),
}

/// What a root-relative URL path names among the posts.
enum UrlMatch {
    /// A post.
    Post(Resolution),
    /// The path has a post's URL pattern but no post has that URL; why.
    Missing(String),
    /// No pattern matches: some other page or file of the site.
    Other,
}

impl Resolver<'_> {
    /// Resolve `target`, written in the post `from` at relative path `from_path`.
    pub fn resolve(&self, from: PostId, from_path: &str, target: &str) -> Resolution {
        let target = target.trim();
        if target.is_empty() {
            return Resolution::broken("empty link target".to_owned());
        }
        if let Some(name) = target.strip_prefix(REF_SCHEME) {
            return self.resolve_ref(from, from_path, &percent::decode(name));
        }
        if has_template_code(target) {
            // Template code the site fills in at build time: nothing to check here.
            return Resolution::with(LinkStatus::Site);
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
            return self.resolve_root_relative(&path);
        }
        if has_scheme(target) || target.starts_with("//") {
            return Resolution::with(LinkStatus::External);
        }
        if target.starts_with('/') {
            // A link carrying the site's base path (`/blog/x` on a site under `/blog`).
            let site_url = self.config.site_url.as_ref();
            let local = site_url
                .and_then(|s| s.strip_base(target))
                .unwrap_or(target);
            return self.resolve_root_relative(local);
        }
        self.resolve_relative(from, from_path, target)
    }

    fn resolve_root_relative(&self, url: &str) -> Resolution {
        let (path, fragment) = split_url(url);
        let decoded = percent::decode_cow(path);
        let Some(normal) = normalize(&decoded) else {
            return Resolution::broken("points outside the content folder".to_owned());
        };
        match self.match_url(path) {
            UrlMatch::Post(found) => return found.fragment(fragment),
            UrlMatch::Missing(reason) => return Resolution::broken(reason),
            UrlMatch::Other => {}
        }
        if is_markdown(std::path::Path::new(&*normal)) {
            return self.by_path(&normal).fragment(fragment);
        }
        Resolution::with(LinkStatus::Site).fragment(fragment)
    }

    /// Look a root-relative URL path (no query or fragment) up among the posts' URLs and
    /// the permalink patterns.
    fn match_url(&self, path: &str) -> UrlMatch {
        let key = url_key(path, self.config.lowercase_urls);
        if let Some(ids) = self.lookup.by_url.get(&*key) {
            return UrlMatch::Post(Resolution::ok(ids[0]));
        }
        let section = self.in_any_section(path);
        let top = self.config.permalink.matches(path);
        // Top-level slug patterns keep their forgiving rules (undated posts, case hints).
        if let Some(slug) = top.as_ref().and_then(|m| m.slug.as_deref()) {
            let found = self.by_slug(slug, top.as_ref().and_then(|m| m.date));
            if found.status == LinkStatus::Ok {
                return UrlMatch::Post(found);
            }
            if section.is_none() {
                return UrlMatch::Missing(found.reason.unwrap_or_default());
            }
        }
        let Some(pattern) = section.or(top.map(|_| self.config.permalink.pattern())) else {
            return UrlMatch::Other;
        };
        if looks_like_asset(path) {
            return UrlMatch::Other;
        }
        UrlMatch::Missing(format!(
            "no post is served at `{path}` (a URL of the form `{pattern}`)"
        ))
    }

    /// The permalink pattern of the first section whose pattern matches `path`.
    fn in_any_section(&self, path: &str) -> Option<&str> {
        self.config
            .sections
            .iter()
            .find(|s| s.permalink.matches(path).is_some())
            .map(|s| s.permalink.pattern())
    }

    fn resolve_relative(&self, from: PostId, from_path: &str, url: &str) -> Resolution {
        let (path, fragment) = split_url(url);
        let dir = from_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let joined = format!("{dir}/{}", percent::decode_cow(path));
        let in_folder = normalize(&joined);
        let outside = || Resolution::broken("points outside the content folder".to_owned());
        if is_markdown(std::path::Path::new(path)) {
            // A source file: relative to the file's folder.
            return match in_folder {
                Some(normal) => self.by_path(&normal).fragment(fragment),
                None => outside(),
            };
        }
        // On a pretty URL (`/docs/a/`) the browser resolves the link against the page URL.
        let mut missing = None;
        if let Some(page) = self.lookup.urls.get(from).filter(|u| u.ends_with('/')) {
            match self.match_url(&join_url(page, path)) {
                UrlMatch::Post(found) => return found.fragment(fragment),
                UrlMatch::Missing(reason) => missing = Some(reason),
                UrlMatch::Other => {}
            }
        }
        let Some(normal) = in_folder else {
            return missing.map_or_else(outside, Resolution::broken);
        };
        if let Some(id) = self.post_file(&normal) {
            return Resolution::ok(id).fragment(fragment);
        }
        if (self.exists)(&normal) {
            return Resolution::with(LinkStatus::Site).fragment(fragment);
        }
        Resolution::broken(
            missing.unwrap_or_else(|| format!("no file `{normal}` in the content folder")),
        )
    }

    /// The post a content path names exactly: the file itself, or with `.md` /
    /// `.markdown` added, or as a folder holding `index.md` / `_index.md` /
    /// `index.markdown` (the folder itself when `path` is empty).
    fn post_file(&self, path: &str) -> Option<PostId> {
        const SUFFIXES: [&str; 6] = [
            "",
            ".md",
            ".markdown",
            "/index.md",
            "/_index.md",
            "/index.markdown",
        ];
        let mut name = String::with_capacity(path.len() + 16);
        for suffix in SUFFIXES {
            name.clear();
            name.push_str(path);
            if path.is_empty() {
                name.push_str(suffix.trim_start_matches('/'));
            } else {
                name.push_str(suffix);
            }
            if let Some(&id) = self.lookup.by_path.get(name.as_str()) {
                return Some(id);
            }
        }
        None
    }

    fn by_slug(&self, slug: &str, date: Option<Ymd>) -> Resolution {
        let ids: Vec<PostId> = self
            .lookup
            .by_slug
            .get(slug)
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&id| self.lookup.sections.get(id).copied().flatten().is_none())
                    .collect()
            })
            .unwrap_or_default();
        if ids.is_empty() {
            let hint = match self.lookup.slug_folded_as(&slug.to_lowercase()) {
                Some(near) if near != slug => {
                    format!(" (did you mean `{near}`? slugs are case-sensitive)")
                }
                _ => String::new(),
            };
            return Resolution::broken(format!("no post with slug `{slug}`{hint}"));
        }
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

/// Whether `target` holds template code (`{{` or `{%`) the site fills in at build time.
fn has_template_code(target: &str) -> bool {
    memchr::memchr_iter(b'{', target.as_bytes())
        .any(|at| matches!(target.as_bytes().get(at + 1), Some(b'{' | b'%')))
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
/// The result has no leading or trailing `/`. A path with nothing to resolve (no `.` or
/// `..` part, no `\\`, no empty part inside) is its own result, without a copy.
fn normalize(path: &str) -> Option<Cow<'_, str>> {
    let inner = path.trim_matches('/');
    let plain = !inner.contains('\\')
        && !inner.contains("//")
        && inner.split('/').all(|part| part != "." && part != "..");
    if plain {
        return Some(Cow::Borrowed(inner));
    }
    normalize_parts(path).map(Cow::Owned)
}

/// [`normalize`], part by part.
fn normalize_parts(path: &str) -> Option<String> {
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
mod tests;
