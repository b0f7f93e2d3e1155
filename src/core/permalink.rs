//! Permalink patterns: which root-relative URLs are posts, and which slug they name.

use regex::Regex;

/// The pattern used when a site sets none.
pub const DEFAULT_PERMALINK: &str = "/posts/{slug}";

/// A compiled permalink pattern such as `/{year}/{month}/{day}/{slug}/`.
#[derive(Clone, Debug)]
pub struct Permalink {
    pattern: String,
    regex: Regex,
}

/// What a URL path says about the post it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermalinkMatch {
    /// The `{slug}` part, percent-decoded.
    pub slug: String,
    /// `{year}`, `{month}`, `{day}` when the pattern has them.
    pub date: Option<(i32, u32, u32)>,
}

impl Permalink {
    /// Compile `pattern`; it must start with `/` and contain `{slug}`.
    pub fn new(pattern: &str) -> Result<Self, String> {
        if !pattern.starts_with('/') {
            return Err(format!("permalink must start with `/`: {pattern:?}"));
        }
        if !pattern.contains("{slug}") {
            return Err(format!("permalink must contain `{{slug}}`: {pattern:?}"));
        }
        let mut re = String::from("^");
        let mut rest = normalize(pattern);
        while let Some(open) = rest.find('{') {
            re.push_str(&regex::escape(&rest[..open]));
            let close = rest[open..]
                .find('}')
                .map(|i| open + i)
                .ok_or_else(|| format!("unclosed `{{` in permalink {pattern:?}"))?;
            re.push_str(match &rest[open + 1..close] {
                "slug" => r"(?P<slug>[^/]+)",
                "year" => r"(?P<year>\d{4})",
                "month" => r"(?P<month>\d{1,2})",
                "day" => r"(?P<day>\d{1,2})",
                other => {
                    return Err(format!(
                        "unknown placeholder `{{{other}}}` in permalink {pattern:?} (use slug, year, month, day)"
                    ));
                }
            });
            rest = &rest[close + 1..];
        }
        re.push_str(&regex::escape(rest));
        re.push('$');
        let regex = Regex::new(&re).map_err(|e| e.to_string())?;
        Ok(Permalink {
            pattern: pattern.to_owned(),
            regex,
        })
    }

    /// The pattern as configured.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Match a root-relative URL path (query and fragment already removed).
    /// A trailing `/`, `/index.html` or `.html` is tolerated.
    pub fn matches(&self, path: &str) -> Option<PermalinkMatch> {
        let caps = self.regex.captures(normalize(path))?;
        let slug = super::percent::decode(caps.name("slug")?.as_str());
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match (num("year"), num("month"), num("day")) {
            (Some(y), Some(m), Some(d)) => Some((i32::try_from(y).ok()?, m, d)),
            _ => None,
        };
        Some(PermalinkMatch { slug, date })
    }

    /// The URL path of a post with `slug` and date (year, month, day).
    pub fn url_for(&self, slug: &str, date: Option<(i32, u32, u32)>) -> String {
        let (y, m, d) = date.unwrap_or((0, 0, 0));
        self.pattern
            .replace("{slug}", slug)
            .replace("{year}", &format!("{y:04}"))
            .replace("{month}", &format!("{m:02}"))
            .replace("{day}", &format!("{d:02}"))
    }
}

fn normalize(path: &str) -> &str {
    let path = path.strip_suffix("/index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    path.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalink_default_matches_with_tolerated_suffixes() {
        let p = Permalink::new(DEFAULT_PERMALINK).unwrap();
        for path in ["/posts/martech", "/posts/martech/", "/posts/martech.html"] {
            assert_eq!(p.matches(path).unwrap().slug, "martech", "{path}");
        }
        assert!(p.matches("/posts/").is_none());
        assert!(p.matches("/posts/a/b").is_none());
        assert!(p.matches("/media/x.webp").is_none());
    }

    #[test]
    fn permalink_with_date_placeholders() {
        let p = Permalink::new("/{year}/{month}/{day}/{slug}/").unwrap();
        let m = p.matches("/2015/07/08/openfec-api/").unwrap();
        assert_eq!(m.slug, "openfec-api");
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
        assert_eq!(p.matches("/posts/caf%C3%A9").unwrap().slug, "café");
    }
}
