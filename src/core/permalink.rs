//! Permalink patterns: which root-relative URLs are posts, and what they say about the post
//! (its slug, its path, its date). Pure string work; no file system.

use std::sync::OnceLock;

use regex::Regex;

/// The pattern used when a site sets none.
pub const DEFAULT_PERMALINK: &str = "/posts/{slug}";

/// A compiled permalink pattern such as `/{year}/{month}/{day}/{slug}/` or `/docs/{path}/`.
#[derive(Clone, Debug)]
pub struct Permalink {
    pattern: String,
    /// The regex matching the pattern's URLs.
    source: String,
    /// `source` compiled (at once, or on first use: see [`Permalink::deferred`]); `None`
    /// if it did not compile then.
    regex: OnceLock<Option<Regex>>,
}

/// What a URL path says about the post it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermalinkMatch {
    /// The `{slug}` part, percent-decoded, when the pattern has one.
    pub slug: Option<String>,
    /// The `{path}` part, percent-decoded, when the pattern has one (empty for a section's
    /// own index page).
    pub path: Option<String>,
    /// `{year}`, `{month}`, `{day}` when the pattern has them.
    pub date: Option<(i32, u32, u32)>,
}

impl Permalink {
    /// Compile `pattern`, matching case-sensitively; see [`Permalink::with_case`].
    pub fn new(pattern: &str) -> Result<Self, String> {
        Permalink::with_case(pattern, false)
    }

    /// Compile `pattern`; it must start with `/` and contain `{slug}` or `{path}`.
    /// With `ignore_case`, URLs match whatever their case (`lowercase_urls`).
    pub fn with_case(pattern: &str, ignore_case: bool) -> Result<Self, String> {
        let source = regex_source(pattern, ignore_case)?;
        let regex = Regex::new(&source).map_err(|e| e.to_string())?;
        Ok(Permalink {
            pattern: pattern.to_owned(),
            source,
            regex: OnceLock::from(Some(regex)),
        })
    }

    /// As [`Permalink::with_case`], but compiled on first use: for the built-in default,
    /// known to compile (a test does), which a first screen need not wait for (compiling
    /// takes milliseconds).
    pub fn deferred(pattern: &str, ignore_case: bool) -> Result<Self, String> {
        Ok(Permalink {
            pattern: pattern.to_owned(),
            source: regex_source(pattern, ignore_case)?,
            regex: OnceLock::new(),
        })
    }

    /// The pattern as configured.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Match a root-relative URL path (query and fragment already removed).
    /// A trailing `/`, `/index.html` or `.html` is tolerated.
    pub fn matches(&self, path: &str) -> Option<PermalinkMatch> {
        let regex = self
            .regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()?;
        let caps = regex.captures(normalize(path))?;
        let decoded = |name: &str| caps.name(name).map(|m| super::percent::decode(m.as_str()));
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match (num("year"), num("month"), num("day")) {
            (Some(y), Some(m), Some(d)) => Some((i32::try_from(y).ok()?, m, d)),
            _ => None,
        };
        let path = if self.pattern.contains("{path}") {
            Some(decoded("path").unwrap_or_default())
        } else {
            None
        };
        Some(PermalinkMatch {
            slug: decoded("slug"),
            path,
            date,
        })
    }

    /// Whether the pattern has a `{slug}` placeholder.
    pub fn has_slug(&self) -> bool {
        self.pattern.contains("{slug}")
    }

    /// The URL path of a post with `slug` and date (year, month, day), for patterns
    /// without `{path}` (where `{path}` is taken to be the slug).
    pub fn url_for(&self, slug: &str, date: Option<(i32, u32, u32)>) -> String {
        self.url_with(slug, slug, date)
    }

    /// The URL path of a post with `slug`, `path` (see `{path}`) and date. An empty `{path}`
    /// leaves no empty segment: `/docs/{path}/` gives `/docs/`.
    pub fn url_with(&self, slug: &str, path: &str, date: Option<(i32, u32, u32)>) -> String {
        use std::fmt::Write as _;
        let (y, m, d) = date.unwrap_or((0, 0, 0));
        // One pass over the pattern: each placeholder is filled in once (a slug holding
        // `{path}` stays as written), with no copy of the pattern for each.
        let mut url = String::with_capacity(self.pattern.len() + slug.len() + path.len());
        let mut rest = self.pattern.as_str();
        while let Some(open) = rest.find('{') {
            url.push_str(&rest[..open]);
            let after = &rest[open..];
            let name = after.find('}').map(|close| &after[..=close]);
            // Writing to a `String` does not fail.
            let _ = match name {
                Some("{slug}") => url.write_str(slug),
                Some("{path}") => url.write_str(path),
                Some("{year}") => write!(url, "{y:04}"),
                Some("{month}") => write!(url, "{m:02}"),
                Some("{day}") => write!(url, "{d:02}"),
                _ => {
                    url.push('{');
                    rest = &after[1..];
                    continue;
                }
            };
            rest = &after[name.map_or(1, str::len)..];
        }
        url.push_str(rest);
        if path.is_empty() && url.contains("//") {
            let mut squeezed = String::with_capacity(url.len());
            for c in url.chars() {
                if !(c == '/' && squeezed.ends_with('/')) {
                    squeezed.push(c);
                }
            }
            return squeezed;
        }
        url
    }
}

/// The regex source of a permalink `pattern`; it must start with `/` and contain
/// `{slug}` or `{path}`.
fn regex_source(pattern: &str, ignore_case: bool) -> Result<String, String> {
    if !pattern.starts_with('/') {
        return Err(format!("permalink must start with `/`: {pattern:?}"));
    }
    if !pattern.contains("{slug}") && !pattern.contains("{path}") {
        return Err(format!(
            "permalink must contain `{{slug}}` or `{{path}}`: {pattern:?}"
        ));
    }
    let mut re = String::from(if ignore_case { "(?i)^" } else { "^" });
    let mut rest = normalize(pattern);
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| format!("unclosed `{{` in permalink {pattern:?}"))?;
        let name = &rest[open + 1..close];
        let before = &rest[..open];
        if name == "path" && before.ends_with('/') {
            // `/docs/{path}/` also matches `/docs/`, the section's own index page.
            re.push_str(&regex::escape(&before[..before.len() - 1]));
            re.push_str(r"(?:/(?P<path>.+?))?");
        } else {
            re.push_str(&regex::escape(before));
            re.push_str(match name {
                "slug" => r"(?P<slug>[^/]+)",
                "path" => r"(?P<path>.*?)",
                "year" => r"(?P<year>\d{4})",
                "month" => r"(?P<month>\d{1,2})",
                "day" => r"(?P<day>\d{1,2})",
                other => {
                    return Err(format!(
                        "unknown placeholder `{{{other}}}` in permalink {pattern:?} (use slug, path, year, month, day)"
                    ));
                }
            });
        }
        rest = &rest[close + 1..];
    }
    re.push_str(&regex::escape(rest));
    re.push('$');
    Ok(re)
}

/// A URL path without the suffixes that name the same page: a trailing `/`,
/// `/index.html`, `.html`.
pub fn normalize(path: &str) -> &str {
    let path = path.strip_suffix("/index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    path.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default compiled on first use matches as the one compiled at once.
    #[test]
    fn permalink_deferred_default_matches() {
        let deferred = Permalink::deferred(DEFAULT_PERMALINK, false).unwrap();
        let now = Permalink::new(DEFAULT_PERMALINK).unwrap();
        for url in [
            "/posts/a-post",
            "/posts/a-post/",
            "/other/a-post",
            "/posts/",
        ] {
            assert_eq!(deferred.matches(url), now.matches(url), "{url}");
        }
        assert!(deferred.matches("/posts/a-post").is_some());
    }

    #[test]
    fn permalink_default_matches_with_tolerated_suffixes() {
        let p = Permalink::new(DEFAULT_PERMALINK).unwrap();
        for path in ["/posts/martech", "/posts/martech/", "/posts/martech.html"] {
            assert_eq!(
                p.matches(path).unwrap().slug.as_deref(),
                Some("martech"),
                "{path}"
            );
        }
        assert!(p.matches("/posts/").is_none());
        assert!(p.matches("/posts/a/b").is_none());
        assert!(p.matches("/media/x.webp").is_none());
    }

    #[test]
    fn permalink_with_date_placeholders() {
        let p = Permalink::new("/{year}/{month}/{day}/{slug}/").unwrap();
        let m = p.matches("/2015/07/08/openfec-api/").unwrap();
        assert_eq!(m.slug.as_deref(), Some("openfec-api"));
        assert_eq!(m.date, Some((2015, 7, 8)));
        assert!(p.matches("/tags/api/").is_none());
        assert_eq!(p.url_for("x", Some((2015, 7, 8))), "/2015/07/08/x/");
    }

    #[test]
    fn permalink_rejects_bad_patterns() {
        assert!(Permalink::new("/posts/").is_err());
        assert!(Permalink::new("posts/{slug}").is_err());
        assert!(Permalink::new("/{category}/{slug}").is_err());
    }

    #[test]
    fn permalink_decodes_slug() {
        let p = Permalink::new(DEFAULT_PERMALINK).unwrap();
        assert_eq!(
            p.matches("/posts/caf%C3%A9").unwrap().slug.as_deref(),
            Some("café")
        );
    }

    /// `{path}` spans folders, may be empty for a section's index, and never leaves `//`.
    #[test]
    fn permalink_path_placeholder() {
        let p = Permalink::new("/docs/{path}/").unwrap();
        let m = p.matches("/docs/installation/ubuntu/").unwrap();
        assert_eq!(
            (m.path.as_deref(), m.slug),
            (Some("installation/ubuntu"), None)
        );
        assert_eq!(p.matches("/docs/").unwrap().path.as_deref(), Some(""));
        assert_eq!(p.matches("/docs").unwrap().path.as_deref(), Some(""));
        assert!(p.matches("/doc/x/").is_none());
        assert!(p.matches("/docsx/").is_none());
        assert_eq!(
            p.url_with("u", "installation/ubuntu", None),
            "/docs/installation/ubuntu/"
        );
        assert_eq!(p.url_with("docs", "", None), "/docs/");
        let root = Permalink::new("/{path}/").unwrap();
        assert_eq!(root.url_with("x", "", None), "/");
        assert_eq!(root.matches("/").unwrap().path.as_deref(), Some(""));
        assert!(Permalink::new("/{path}.html").is_ok());
    }

    /// Each placeholder is filled in once, in one pass: dates padded, and a slug that
    /// holds a placeholder's name kept as written.
    #[test]
    fn url_with_fills_each_placeholder() {
        let dated = Permalink::new("/{year}/{month}/{day}/{slug}/").unwrap();
        assert_eq!(
            dated.url_with("a-post", "a-post", Some((2016, 1, 2))),
            "/2016/01/02/a-post/"
        );
        assert_eq!(dated.url_with("x", "x", None), "/0000/00/00/x/");
        let posts = Permalink::new(DEFAULT_PERMALINK).unwrap();
        assert_eq!(
            posts.url_with("{path}-{year}", "p", None),
            "/posts/{path}-{year}"
        );
    }

    /// `lowercase_urls` patterns match whatever the case of the URL.
    #[test]
    fn permalink_ignoring_case() {
        let p = Permalink::with_case("/{path}/", true).unwrap();
        assert_eq!(
            p.matches("/Functions/Hugo/").unwrap().path.as_deref(),
            Some("Functions/Hugo")
        );
        let strict = Permalink::new("/Docs/{path}/").unwrap();
        assert!(strict.matches("/docs/x/").is_none());
        assert!(
            Permalink::with_case("/Docs/{path}/", true)
                .unwrap()
                .matches("/docs/x/")
                .is_some()
        );
    }
}
