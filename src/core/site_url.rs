//! A site's own absolute URL (`site_url` in `folio.toml`), to recognise absolute links that
//! point back into the site. URLs are parsed with the `url` crate, never compared as strings:
//! the host case-insensitively (a leading `www.` is tolerated), `http` and `https` alike, the
//! scheme's default port whether written or not, and the base path on a segment boundary
//! (`/blog` holds `/blog/a`, not `/blogroll/a`).
//!
//! Pure: no file system, no network.

use url::Url;

/// A site's own absolute URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// Host in lowercase, without a leading `www.`.
    pub host: String,
    /// An explicit port other than the scheme's default (`None` for 80 on http, 443 on https).
    pub port: Option<u16>,
    /// Path prefix the site is served under, without a trailing `/` (often empty).
    pub base_path: String,
}

impl SiteUrl {
    /// Parse `http(s)://host[:port][/base]`; `None` for anything else.
    pub fn parse(url: &str) -> Option<SiteUrl> {
        let parsed = parse_http(url.trim())?;
        Some(SiteUrl {
            host: host_key(&parsed)?,
            port: parsed.port(),
            base_path: parsed.path().trim_end_matches('/').to_owned(),
        })
    }

    /// If `url` is an absolute http(s) (or protocol-relative `//`) URL on this site, its
    /// root-relative path under the base path, with query and fragment kept. The path comes
    /// back as the `url` crate normalises it: percent-encoded, `.` and `..` resolved.
    pub fn local_path(&self, url: &str) -> Option<String> {
        let parsed = parse_http(url)?;
        if parsed.port() != self.port || host_key(&parsed)? != self.host {
            return None;
        }
        let path = parsed.path();
        let rest = if self.base_path.is_empty() {
            path
        } else {
            let rest = path.strip_prefix(self.base_path.as_str())?;
            if !rest.is_empty() && !rest.starts_with('/') {
                return None; // `/blogroll` is not under `/blog`
            }
            rest
        };
        let mut local = if rest.is_empty() { "/" } else { rest }.to_owned();
        if let Some(query) = parsed.query() {
            local.push('?');
            local.push_str(query);
        }
        if let Some(fragment) = parsed.fragment() {
            local.push('#');
            local.push_str(fragment);
        }
        Some(local)
    }
}

impl SiteUrl {
    /// A root-relative `path` with the base path taken off when it starts with it (on a
    /// segment boundary): `/blog/posts/a` → `/posts/a` for a site under `/blog`. `None`
    /// when there is no base path or `path` is not under it.
    pub fn strip_base<'a>(&self, path: &'a str) -> Option<&'a str> {
        if self.base_path.is_empty() {
            return None;
        }
        let rest = path.strip_prefix(self.base_path.as_str())?;
        match rest.chars().next() {
            None => Some("/"),
            Some('/') => Some(rest),
            _ => None,
        }
    }
}

/// Parse an absolute `http:`/`https:` URL or a protocol-relative `//host/...` one.
fn parse_http(url: &str) -> Option<Url> {
    let parsed = if url.starts_with("//") {
        Url::parse(&format!("https:{url}")).ok()?
    } else {
        // Cheap refusal before a full parse: most links are relative or other schemes.
        let scheme = url.get(..url.find(':')?)?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        Url::parse(url).ok()?
    };
    matches!(parsed.scheme(), "http" | "https").then_some(parsed)
}

/// The host as compared: lowercase (the `url` crate already folds it), without `www.`.
fn host_key(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").map(str::to_owned).unwrap_or(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_url_local_path() {
        let url = SiteUrl::parse("https://marketer.it.com").unwrap();
        let local = |u: &str| url.local_path(u);
        assert_eq!(
            local("https://marketer.it.com/posts/martech").as_deref(),
            Some("/posts/martech")
        );
        assert_eq!(
            local("http://www.marketer.it.com/posts/x?a#b").as_deref(),
            Some("/posts/x?a#b")
        );
        assert_eq!(local("https://marketer.it.com").as_deref(), Some("/"));
        assert_eq!(local("https://other.com/posts/x"), None);
        assert_eq!(local("mailto:a@marketer.it.com"), None);
        assert_eq!(local("/posts/x"), None);
    }

    /// The base path ends on a segment boundary: `/blog` does not hold `/blogroll/...`.
    #[test]
    fn site_url_base_path_on_segment_boundary() {
        let url = SiteUrl::parse("https://x.example/blog").unwrap();
        assert_eq!(url.local_path("https://x.example/blogroll/posts/a"), None);
        assert_eq!(
            url.local_path("https://x.example/blog/posts/a").as_deref(),
            Some("/posts/a")
        );
        assert_eq!(
            url.local_path("https://x.example/blog").as_deref(),
            Some("/")
        );
        assert_eq!(
            url.local_path("https://x.example/blog/").as_deref(),
            Some("/")
        );
    }

    /// The scheme's default port counts whether written or not; http and https both count;
    /// the host compares case-insensitively.
    #[test]
    fn site_url_default_port_scheme_and_host_case() {
        let url = SiteUrl::parse("https://x.example/blog/").unwrap();
        for same in [
            "https://x.example:443/blog/posts/a",
            "http://x.example:80/blog/posts/a",
            "http://x.example/blog/posts/a",
            "HTTPS://X.Example/blog/posts/a",
            "https://WWW.x.example/blog/posts/a",
            "//x.example/blog/posts/a",
        ] {
            assert_eq!(url.local_path(same).as_deref(), Some("/posts/a"), "{same}");
        }
        for other in [
            "https://x.example:8443/blog/posts/a",
            "https://x.example.org/blog/posts/a",
            "ftp://x.example/blog/posts/a",
            "https://y.example/blog/posts/a",
        ] {
            assert_eq!(url.local_path(other), None, "{other}");
        }
        let dev = SiteUrl::parse("http://localhost:8080").unwrap();
        assert_eq!(
            dev.local_path("http://localhost:8080/a").as_deref(),
            Some("/a")
        );
        assert_eq!(dev.local_path("http://localhost/a"), None);
    }

    /// Root-relative links that carry the base path lose it, on a segment boundary.
    #[test]
    fn site_url_strip_base() {
        let url = SiteUrl::parse("https://x.example/blog").unwrap();
        assert_eq!(url.strip_base("/blog/posts/a"), Some("/posts/a"));
        assert_eq!(url.strip_base("/blog"), Some("/"));
        assert_eq!(url.strip_base("/blogroll/a"), None);
        assert_eq!(url.strip_base("/posts/a"), None);
        let root = SiteUrl::parse("https://x.example/").unwrap();
        assert_eq!(root.strip_base("/posts/a"), None);
    }

    #[test]
    fn site_url_parse_refuses_non_http() {
        assert!(SiteUrl::parse("ftp://x").is_none());
        assert!(SiteUrl::parse("x.example").is_none());
        assert!(SiteUrl::parse("https://").is_none());
        let url = SiteUrl::parse("https://www.Example.com/blog/").unwrap();
        assert_eq!(
            (url.host.as_str(), url.base_path.as_str()),
            ("example.com", "/blog")
        );
    }
}
