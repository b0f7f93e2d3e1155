//! Per-site settings: the optional `folio.toml` in the content root.
//!
//! ```toml
//! site_url = "https://18f.gsa.gov"           # absolute links to this site count as internal
//! permalink = "/{year}/{month}/{day}/{slug}/" # the URL of a post (default "/posts/{slug}")
//! media_dir = "."                             # where root-relative `image:` paths live
//! hide_tags = ["post"]                        # tags not listed (collection tags)
//! link_patterns = ['\[\[(?P<ref>[^\]]+)\]\]'] # extra template link forms (regex)
//! new_post_template = "templates/post.md"     # what `n` starts a new post from
//! lowercase_urls = true                       # URLs are served lowercased (Hugo)
//! exclude = ["drafts/", "*.draft.md"]         # more files to skip (gitignore globs)
//! [[sections]]                                # folders with their own URLs
//! path = "_docs"
//! permalink = "/docs/{path}/"
//! [checks]                                     # levels and numbers of the checks
//! thin-content = "off"                         # (see `check_config`)
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::check_config::{ChecksConfig, RawChecks};
use super::link_templates::LinkTemplates;
use super::permalink::{DEFAULT_PERMALINK, Permalink};
use super::site_layout::{RawSection, Section};
pub use super::site_url::SiteUrl;

/// The file name folio looks for in a content root.
pub const CONFIG_FILE: &str = "folio.toml";

/// A bad `folio.toml`: the file, the line, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    site_url: Option<Spanned<String>>,
    permalink: Option<Spanned<String>>,
    media_dir: Option<Spanned<String>>,
    #[serde(default)]
    hide_tags: Vec<String>,
    link_patterns: Option<Spanned<Vec<String>>>,
    new_post_template: Option<Spanned<String>>,
    checks: Option<RawChecks>,
    // Site layout: sections with their own URLs, URL case, files to skip.
    #[serde(default)]
    sections: Vec<RawSection>,
    #[serde(default)]
    lowercase_urls: bool,
    exclude: Option<Spanned<Vec<String>>>,
}

/// Settings for one content root; defaults when there is no `folio.toml`.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// The config file this came from, if any.
    pub file: Option<PathBuf>,
    /// The site's own URL.
    pub site_url: Option<SiteUrl>,
    /// How a post's URL is made.
    pub permalink: Permalink,
    /// The folder root-relative `image:` paths are looked up in.
    pub media_dir: Option<PathBuf>,
    /// Tags left out of tag lists.
    pub hide_tags: Vec<String>,
    /// Template link forms, built-in and the site's own.
    pub link_templates: LinkTemplates,
    /// The file a new post starts from (placeholders `{title}`, `{slug}`, `{date}`, `{tags}`).
    pub new_post_template: Option<PathBuf>,
    /// The `[checks]` table: levels and numbers of the review checks.
    pub checks: ChecksConfig,
    /// Folders whose posts have their own URL pattern, in the order written.
    pub sections: Vec<Section>,
    /// Whether the site serves lowercased URLs, so URL matching ignores case.
    pub lowercase_urls: bool,
    /// Extra gitignore-style globs of files and folders to skip.
    pub exclude: Vec<String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            file: None,
            site_url: None,
            permalink: Permalink::deferred(DEFAULT_PERMALINK, false)
                .expect("the default permalink is valid"),
            media_dir: None,
            hide_tags: Vec::new(),
            link_templates: LinkTemplates::default(),
            new_post_template: None,
            checks: ChecksConfig::default(),
            sections: Vec::new(),
            lowercase_urls: false,
            exclude: Vec::new(),
        }
    }
}

impl SiteConfig {
    /// Load `folio.toml` from `root`, or the defaults when it does not exist.
    pub fn load(root: &Path) -> Result<SiteConfig, ConfigError> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => SiteConfig::parse(&text, &path, root),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(SiteConfig::default()),
            Err(e) => Err(ConfigError {
                path,
                line: 1,
                message: format!("cannot read: {e}"),
            }),
        }
    }

    /// Parse config `text` read from `path`; relative `media_dir` is taken from `root`.
    pub fn parse(text: &str, path: &Path, root: &Path) -> Result<SiteConfig, ConfigError> {
        let error = |span: Option<Range<usize>>, message: String| ConfigError {
            path: path.to_owned(),
            line: span.map_or(1, |s| line_at(text, s.start)),
            message,
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;
        let site_url = match raw.site_url {
            Some(url) => Some(SiteUrl::parse(url.get_ref()).ok_or_else(|| {
                error(
                    Some(url.span()),
                    format!(
                        "site_url must be an http(s) URL like \"https://example.com\", not {:?}",
                        url.get_ref()
                    ),
                )
            })?),
            None => None,
        };
        let lowercase_urls = raw.lowercase_urls;
        let permalink = match raw.permalink {
            Some(p) => Permalink::with_case(p.get_ref(), lowercase_urls)
                .map_err(|m| error(Some(p.span()), m))?,
            None => Permalink::with_case(DEFAULT_PERMALINK, lowercase_urls)
                .map_err(|m| error(None, m))?,
        };
        let mut sections = Vec::with_capacity(raw.sections.len());
        for section in &raw.sections {
            let built = Section::new(
                section.path.get_ref(),
                section.permalink.get_ref(),
                lowercase_urls,
            )
            .map_err(|m| {
                let span = if m.starts_with("section path") {
                    section.path.span()
                } else {
                    section.permalink.span()
                };
                error(Some(span), m)
            })?;
            sections.push(built);
        }
        let exclude = match raw.exclude {
            Some(globs) => {
                super::discovery::check_globs(globs.get_ref())
                    .map_err(|m| error(Some(globs.span()), m))?;
                globs.into_inner()
            }
            None => Vec::new(),
        };
        let link_templates = match raw.link_patterns {
            Some(p) => {
                LinkTemplates::with_patterns(p.get_ref()).map_err(|m| error(Some(p.span()), m))?
            }
            None => LinkTemplates::default(),
        };
        let new_post_template = match raw.new_post_template {
            Some(t)
                if t.get_ref().split(['/', '\\']).any(|part| part == "..")
                    || Path::new(t.get_ref()).is_absolute() =>
            {
                return Err(error(
                    Some(t.span()),
                    "new_post_template must be a path inside the content folder".to_owned(),
                ));
            }
            Some(t) => Some(root.join(t.into_inner())),
            None => None,
        };
        let checks = match raw.checks {
            Some(table) => ChecksConfig::parse(table).map_err(|(span, m)| error(Some(span), m))?,
            None => ChecksConfig::default(),
        };
        Ok(SiteConfig {
            checks,
            new_post_template,
            file: Some(path.to_owned()),
            site_url,
            permalink,
            media_dir: raw.media_dir.map(|d| root.join(d.into_inner())),
            hide_tags: raw.hide_tags,
            link_templates,
            sections,
            lowercase_urls,
            exclude,
        })
    }

    /// Whether `tag` is left out of tag lists.
    pub fn is_hidden_tag(&self, tag: &str) -> bool {
        self.hide_tags.iter().any(|t| t == tag)
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, ConfigError> {
        SiteConfig::parse(text, Path::new("/site/folio.toml"), Path::new("/site"))
    }

    #[test]
    fn site_config_reads_every_key() {
        let cfg = parse(
            "site_url = \"https://www.Example.com/blog/\"\npermalink = \"/{year}/{slug}/\"\nmedia_dir = \"static\"\nhide_tags = [\"post\"]\n",
        )
        .unwrap();
        let url = cfg.site_url.clone().unwrap();
        assert_eq!(url.host, "example.com");
        assert_eq!(url.base_path, "/blog");
        assert_eq!(cfg.permalink.pattern(), "/{year}/{slug}/");
        assert_eq!(cfg.media_dir, Some(PathBuf::from("/site/static")));
        assert!(cfg.is_hidden_tag("post"));
    }

    #[test]
    fn site_config_errors_name_file_and_line() {
        let err = parse("site_url = \"https://x.org\"\npermalink = \"/posts/\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("/site/folio.toml:2: "), "{err}");
        let err = parse("\n\nsite_url = 3\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = parse("permalinks = \"/x/{slug}\"\n").unwrap_err();
        assert!(err.message.contains("unknown field"), "{}", err.message);
        let err = parse("site_url = \"ftp://x\"\n").unwrap_err();
        assert!(err.message.contains("http(s)"));
        let err = parse("a = [\n").unwrap_err();
        assert_eq!(err.path, PathBuf::from("/site/folio.toml"));
    }

    #[test]
    fn missing_config_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = SiteConfig::load(dir.path()).unwrap();
        assert!(cfg.file.is_none());
        assert_eq!(cfg.permalink.pattern(), DEFAULT_PERMALINK);
    }

    #[test]
    fn site_config_reads_layout_keys() {
        let cfg = parse(
            "lowercase_urls = true\nexclude = [\"drafts/\"]\n[[sections]]\npath = \"_docs\"\npermalink = \"/docs/{path}/\"\n[[sections]]\npath = \"content/blog/\"\npermalink = \"/blog/{slug}/\"\n",
        )
        .unwrap();
        assert!(cfg.lowercase_urls);
        assert_eq!(cfg.exclude, ["drafts/"]);
        let paths: Vec<_> = cfg.sections.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(paths, ["_docs", "content/blog"]);
        assert!(cfg.sections[0].permalink.matches("/DOCS/A/").is_some());
        assert!(cfg.permalink.matches("/Posts/a").is_some());
    }

    #[test]
    fn site_config_layout_errors_name_the_line() {
        let err = parse("[[sections]]\npath = \"../x\"\npermalink = \"/x/{path}\"\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse("[[sections]]\npath = \"x\"\npermalink = \"/x/\"\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = parse("[[sections]]\npath = \"x\"\n").unwrap_err();
        assert!(err.message.contains("permalink"), "{err}");
        let err =
            parse("[[sections]]\npath = \"x\"\npermalink = \"/{slug}\"\nurl = 1\n").unwrap_err();
        assert!(err.message.contains("unknown field"), "{err}");
        let err = parse("exclude = [\"a/[\"]\n").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }
}
