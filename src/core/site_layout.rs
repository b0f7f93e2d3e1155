//! Where each post is served: the `[[sections]]` of `folio.toml`, the `{path}` placeholder
//! and `lowercase_urls`. A post takes the first section whose folder holds it, else the
//! top-level `permalink`.
//!
//! Pure: works on relative paths and URL strings only; it does not read files.

use serde::Deserialize;
use toml::Spanned;

use super::permalink::{self, Permalink};

/// One `[[sections]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) path: Spanned<String>,
    pub(super) permalink: Spanned<String>,
}

/// A folder under the content root whose posts have their own URL pattern.
#[derive(Clone, Debug)]
pub struct Section {
    /// The folder, relative to the content root, `/`-separated, no leading or trailing `/`.
    pub path: String,
    /// How its posts' URLs are made.
    pub permalink: Permalink,
}

impl Section {
    /// Check and compile one section; the message says what is wrong.
    pub fn new(path: &str, pattern: &str, lowercase_urls: bool) -> Result<Section, String> {
        let folder = path.trim().trim_matches('/').replace('\\', "/");
        if folder.is_empty()
            || folder
                .split('/')
                .any(|p| p == ".." || p == "." || p.is_empty())
            || std::path::Path::new(path).is_absolute()
        {
            return Err(format!(
                "section path must be a folder inside the content folder, like \"_docs\", not {path:?}"
            ));
        }
        Ok(Section {
            path: folder,
            permalink: Permalink::with_case(pattern, lowercase_urls)?,
        })
    }

    /// Whether the file at `rel_path` lies in this section's folder.
    pub fn holds(&self, rel_path: &str) -> bool {
        rel_path
            .strip_prefix(self.path.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The value of `{path}` for the file at `rel_path` under `folder` (empty for the root):
/// the path below the folder without the extension; `index.md` and Hugo's `_index.md`
/// stand for their folder, so the folder's own index gives an empty path.
pub fn path_value(folder: &str, rel_path: &str) -> String {
    let below = if folder.is_empty() {
        rel_path
    } else {
        rel_path
            .strip_prefix(folder)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(rel_path)
    };
    let (dir, file) = below.rsplit_once('/').unwrap_or(("", below));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index") {
        dir.to_owned()
    } else if dir.is_empty() {
        stem.to_owned()
    } else {
        format!("{dir}/{stem}")
    }
}

/// The key a URL path is looked up by: percent-decoded, without `/index.html`, `.html`
/// and trailing `/`, lowercased when `lowercase_urls`; always starting with `/`. Borrowed
/// from `path` when it is its own key (no `%`, not lowercased, starts with `/`): how most
/// link targets are looked up.
pub fn url_key(path: &str, lowercase_urls: bool) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if !lowercase_urls && !path.contains('%') {
        let trimmed = permalink::normalize(path);
        if trimmed.starts_with('/') {
            return Cow::Borrowed(trimmed);
        }
    }
    let decoded = super::percent::decode_cow(path);
    let trimmed = permalink::normalize(&decoded);
    let mut key = String::with_capacity(trimmed.len() + 1);
    if !trimmed.starts_with('/') {
        key.push('/');
    }
    key.push_str(trimmed);
    Cow::Owned(if lowercase_urls {
        key.to_lowercase()
    } else {
        key
    })
}

/// Resolve a relative `link` against the page URL `base`, as a browser does: the last
/// segment of `base` is dropped, `.` and `..` are applied, and `..` stops at the root.
pub fn join_url(base: &str, link: &str) -> String {
    let dir = base.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let segments: Vec<&str> = link.split('/').collect();
    for (i, part) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *part {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if !last => {}
            _ => parts.push(part),
        }
    }
    let ends_dir = matches!(segments.last(), Some(&("" | "." | "..")));
    let mut url = format!("/{}", parts.join("/"));
    if ends_dir && !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Whether a URL path names a static file (`/img/a.png`) rather than a page: its last
/// segment has a short alphabetic extension other than `.html`/`.htm`.
pub fn looks_like_asset(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=5).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_alphabetic())
            && !ext.eq_ignore_ascii_case("html")
            && !ext.eq_ignore_ascii_case("htm")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{path}` drops the section folder and extension; index files stand for their folder.
    #[test]
    fn layout_path_value() {
        assert_eq!(path_value("_docs", "_docs/guides/setup.md"), "guides/setup");
        assert_eq!(path_value("_docs", "_docs/guides/index.md"), "guides");
        assert_eq!(path_value("_docs", "_docs/index.md"), "");
        assert_eq!(path_value("content", "content/docs/_index.md"), "docs");
        assert_eq!(path_value("content", "content/_index.md"), "");
        assert_eq!(path_value("", "a/B.markdown"), "a/B");
        assert_eq!(path_value("", "x.md"), "x");
    }

    #[test]
    fn layout_section_holds_only_its_folder() {
        let s = Section::new("_docs/", "/docs/{path}/", false).unwrap();
        assert_eq!(s.path, "_docs");
        assert!(s.holds("_docs/a.md"));
        assert!(!s.holds("_docsx/a.md"));
        assert!(!s.holds("_docs.md"));
        for bad in ["", "/", "../x", "a/../b", "/abs"] {
            assert!(Section::new(bad, "/x/{slug}", false).is_err(), "{bad}");
        }
        assert!(Section::new("a", "/x/", false).is_err());
    }

    #[test]
    fn layout_url_key_normalises() {
        assert_eq!(url_key("/Docs/A/", false), "/Docs/A");
        assert_eq!(url_key("/Docs/A/index.html", true), "/docs/a");
        assert_eq!(url_key("/", false), "/");
        assert_eq!(url_key("/caf%C3%A9/", false), "/café");
    }

    /// Relative links resolve against the page URL as a browser resolves them.
    #[test]
    fn layout_join_url_like_a_browser() {
        let page = "/docs/installation/other-linux/";
        assert_eq!(join_url(page, "../ubuntu/"), "/docs/installation/ubuntu/");
        assert_eq!(join_url(page, "sub"), "/docs/installation/other-linux/sub");
        assert_eq!(join_url(page, "./"), "/docs/installation/other-linux/");
        assert_eq!(join_url(page, "../../../../../x"), "/x");
        assert_eq!(join_url("/posts/a", "b"), "/posts/b");
        assert_eq!(join_url(page, ".."), "/docs/installation/");
    }

    #[test]
    fn layout_assets_are_not_pages() {
        assert!(looks_like_asset("/img/a.png"));
        assert!(looks_like_asset("/files/report.pdf"));
        assert!(!looks_like_asset("/docs/a.html"));
        assert!(!looks_like_asset("/docs/v1.2-release/"));
        assert!(!looks_like_asset("/docs/v1.2"));
        assert!(!looks_like_asset("/docs/a"));
    }
}
