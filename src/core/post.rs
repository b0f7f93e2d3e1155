//! A post: one markdown file, what its front matter says, and what its body links to.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::checks::post_checks::{self, PostSummary, PostText};
use super::field_value::{FieldValue, Fields};
use super::front_matter::{self, BlockState};
use super::link_templates::LinkTemplates;
use super::links::{RawLink, scan_templated};
use super::post_date::PostDate;
use super::problem::{Problem, ProblemKind};
use super::slug;
use super::source::{self, SourceText, Unreadable};

mod quick;

pub use super::post_id::{PerPost, PostId};

/// How a post's file is laid out, so that saves can keep it that way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// The file starts with a UTF-8 byte order mark.
    pub has_bom: bool,
    /// Lines end with `\r\n`.
    pub crlf: bool,
    /// Whether it has front matter, and whether that is closed.
    pub front_matter: Option<BlockState>,
    /// 1-based line where the markdown body starts.
    pub body_first_line: usize,
}

/// The 1-based lines of the front matter fields folio reads, for pointing at problems.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldLines {
    /// `title:`
    pub title: Option<usize>,
    /// `date:`
    pub date: Option<usize>,
    /// `tags:`
    pub tags: Option<usize>,
    /// `image:`
    pub image: Option<usize>,
}

/// One post, as the index knows it (its body is read again when it is opened).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Post {
    /// The file on disk (not stored in the index cache: it is the root joined with
    /// `rel_path`, set again when a cached post is reused).
    #[serde(skip)]
    pub path: PathBuf,
    /// The path relative to the content root, with `/` separators.
    pub rel_path: String,
    /// The name links use: the front matter's `slug` (Hugo, Jekyll) when it has one, else
    /// from the file name (see [`slug::from_path`]).
    pub slug: String,
    /// The URL path the post's own front matter gives it: a literal `permalink` (Jekyll,
    /// Eleventy) or `url` (Hugo) starting with `/`; templates (`{{ … }}`, `:title`) and
    /// `permalink: false` give none, and the site's pattern applies.
    pub own_url: Option<String>,
    /// The `title` field, trimmed.
    pub title: Option<String>,
    /// The first `# heading` of the body.
    pub heading: Option<String>,
    /// The `date` field as written, valid or not.
    pub date_field: Option<String>,
    /// The post's date: a valid `date` field, else the date in a Jekyll-style file name.
    pub date: Option<PostDate>,
    /// The post's tags, without duplicates, in file order.
    pub tags: Vec<String>,
    /// The `image` field.
    pub image: Option<String>,
    /// Every front matter field, in file order, unknown ones included.
    pub fields: Fields,
    /// Where the fields folio reads are.
    pub field_lines: FieldLines,
    /// The 1-based line of each of `fields`, in the same order (0 when not found).
    pub field_line_numbers: Vec<u32>,
    /// Words of body text (links and code left out), for the `thin-content` check.
    pub words: usize,
    /// Links and images in the body.
    pub links: Vec<RawLink>,
    /// Problems found in this post.
    pub problems: Vec<Problem>,
    /// How the file is laid out.
    pub layout: Layout,
    /// Whether the text could be read at all.
    pub readable: bool,
}

impl Post {
    /// The title to show: the `title` field, else the first `# heading`, else the slug.
    pub fn display_title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.is_empty())
            .or(self.heading.as_deref())
            .unwrap_or(&self.slug)
    }

    /// The 1-based line of the top-level front matter field `name`.
    pub fn field_line(&self, name: &str) -> Option<usize> {
        let i = self.fields.iter().position(|(n, _)| n == name)?;
        let line = *self.field_line_numbers.get(i)?;
        (line > 0).then_some(line as usize)
    }

    /// Whether the front matter parsed, or there is none: fields that are absent really are.
    pub fn front_matter_ok(&self) -> bool {
        self.readable
            && !self
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::FrontMatter)
    }

    /// The line to blame for a missing field: 2 inside a closed front matter block, else 1.
    pub fn front_matter_line(&self) -> usize {
        if self.layout.front_matter == Some(BlockState::Closed) {
            2
        } else {
            1
        }
    }

    /// Whether the post is a draft (`draft: true`).
    pub fn is_draft(&self) -> bool {
        matches!(self.fields.get("draft"), Some(FieldValue::Bool(true)))
    }

    /// The per-post checks that apply the site's numbers (see [`post_checks`]).
    pub fn configured_problems(
        &self,
        config: &super::check_config::ChecksConfig,
        descriptions_used: bool,
    ) -> Vec<Problem> {
        if !self.readable {
            return Vec::new();
        }
        let field_line = |name: &str| self.field_line(name);
        let summary = PostSummary {
            front_matter_ok: self.front_matter_ok(),
            front_matter_line: self.front_matter_line(),
            title: self.title.as_deref(),
            title_line: self.field_lines.title,
            fields: &self.fields,
            field_line: &field_line,
            words: self.words,
        };
        post_checks::configured_problems(&summary, config, descriptions_used)
    }

    /// Read and parse the post at `path` (`rel_path` relative to the content root).
    pub fn load(path: &Path, rel_path: &str, templates: &LinkTemplates) -> Post {
        Post::from_source(path, rel_path, source::read(path), templates)
    }

    /// An empty post at `path`, with the slug and date its file name gives.
    fn named(path: &Path, rel_path: &str) -> Post {
        let (slug, name_date) = slug::from_path(Path::new(rel_path));
        Post {
            path: path.to_owned(),
            rel_path: rel_path.to_owned(),
            slug,
            date: name_date,
            ..Post::default()
        }
    }

    /// Build a post from already-read file contents.
    pub fn from_source(
        path: &Path,
        rel_path: &str,
        source: Result<SourceText, Unreadable>,
        templates: &LinkTemplates,
    ) -> Post {
        let mut post = Post::named(path, rel_path);
        match source {
            Ok(src) => post.parse_text(&src, templates),
            Err(why) => {
                let kind = match why {
                    Unreadable::Io(_) => ProblemKind::Unreadable,
                    Unreadable::Binary => ProblemKind::Binary,
                    Unreadable::Utf16 => ProblemKind::NotUtf8,
                    Unreadable::TooLarge { .. } => ProblemKind::TooLarge,
                };
                post.problems.push(Problem::new(kind, 1, why.to_string()));
            }
        }
        post
    }

    fn parse_text(&mut self, src: &SourceText, templates: &LinkTemplates) {
        let block = self.parse_front(src);
        self.parse_body(src, &block, templates);
    }

    /// Read the front matter (and the file's layout); the block found, for the body.
    fn parse_front(&mut self, src: &SourceText) -> front_matter::Block {
        let text = &src.text;
        self.readable = true;
        if let Some((line, message)) = &src.invalid_utf8 {
            self.problems
                .push(Problem::new(ProblemKind::NotUtf8, *line, message.clone()));
        }
        let block = front_matter::split(text);
        self.layout = Layout {
            has_bom: src.has_bom,
            crlf: text.find('\n').is_some_and(|i| text[..i].ends_with('\r')),
            front_matter: (block.state != BlockState::Absent).then_some(block.state),
            body_first_line: block.body_first_line,
        };
        match block.state {
            BlockState::Closed => match front_matter::parse(&text[block.yaml.clone()]) {
                Ok(fields) => {
                    self.field_lines = FieldLines {
                        title: front_matter::field_line(text, &block, "title"),
                        date: front_matter::field_line(text, &block, "date"),
                        tags: front_matter::field_line(text, &block, "tags"),
                        image: front_matter::field_line(text, &block, "image"),
                    };
                    self.field_line_numbers = fields
                        .iter()
                        .map(|(name, _)| {
                            front_matter::field_line(text, &block, name)
                                .and_then(|l| u32::try_from(l).ok())
                                .unwrap_or(0)
                        })
                        .collect();
                    self.read_fields(fields);
                }
                Err(err) => {
                    let line = block.yaml_first_line + err.line.unwrap_or(1) - 1;
                    self.problems.push(Problem::new(
                        ProblemKind::FrontMatter,
                        line,
                        format!("front matter is not valid YAML: {}", err.message),
                    ));
                }
            },
            BlockState::Unterminated => self.problems.push(Problem::new(
                ProblemKind::FrontMatter,
                1,
                "front matter is not closed: the first line is `---` but no `---` line ends it",
            )),
            BlockState::Absent => {}
        }
        block
    }

    /// Scan the body after the front matter `block`: links, words, the first heading, and
    /// the problems found in the text.
    fn parse_body(
        &mut self,
        src: &SourceText,
        block: &front_matter::Block,
        templates: &LinkTemplates,
    ) {
        let text = &src.text;
        let scan = scan_templated(&text[block.body_start..], block.body_first_line, templates);
        self.heading = scan.first_heading.clone();
        self.words = scan.words;
        let field_line = |name: &str| self.field_line(name);
        let found = post_checks::text_problems(&PostText {
            text,
            front_matter_ok: self.front_matter_ok(),
            front_matter_line: self.front_matter_line(),
            title: self.title.as_deref(),
            title_line: self.field_lines.title,
            heading: self.heading.as_deref(),
            date_field: self.date_field.as_deref(),
            date_line: self.field_lines.date,
            has_date: self.date.is_some(),
            fields: &self.fields,
            field_line: &field_line,
            scan: &scan,
        });
        self.links = scan.links;
        self.problems.extend(found);
    }

    fn read_fields(&mut self, fields: Fields) {
        let line = |l: Option<usize>| l.unwrap_or(2);
        match fields.get("title") {
            None | Some(FieldValue::Null) => {}
            Some(value) => match value.scalar_text() {
                Some(t) => self.title = Some(t.trim().to_owned()),
                None => self.problems.push(Problem::new(
                    ProblemKind::FieldType,
                    line(self.field_lines.title),
                    format!("`title` should be text, not {}", value.type_name()),
                )),
            },
        }
        if let Some(value) = fields.get("date").filter(|v| **v != FieldValue::Null) {
            match value.scalar_text() {
                Some(text) => {
                    if let Some(date) = PostDate::parse(&text) {
                        self.date = Some(date);
                    }
                    self.date_field = Some(text);
                }
                None => self.problems.push(Problem::new(
                    ProblemKind::FieldType,
                    line(self.field_lines.date),
                    format!("`date` should be text, not {}", value.type_name()),
                )),
            }
        }
        self.image = fields
            .get("image")
            .and_then(FieldValue::scalar_text)
            .filter(|s| !s.trim().is_empty());
        self.tags = self.read_tags(fields.get("tags"));
        if let Some(slug) = fields
            .get("slug")
            .and_then(FieldValue::scalar_text)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty() && !s.contains(['/', '\\', '#', '?']))
        {
            self.slug = slug;
        }
        self.own_url = ["permalink", "url"]
            .iter()
            .filter_map(|name| fields.get(name).and_then(FieldValue::scalar_text))
            .map(|s| s.trim().to_owned())
            .find(|s| literal_url_path(s));
        self.fields = fields;
    }

    fn read_tags(&mut self, value: Option<&FieldValue>) -> Vec<String> {
        let items: Vec<&FieldValue> = match value {
            None | Some(FieldValue::Null) => Vec::new(),
            Some(FieldValue::List(items)) => items.iter().collect(),
            Some(other) => vec![other],
        };
        let mut tags: Vec<String> = Vec::with_capacity(items.len());
        for item in items {
            match item.scalar_text() {
                Some(tag) => {
                    let tag = tag.trim();
                    if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                        tags.push(tag.to_owned());
                    }
                }
                None if *item == FieldValue::Null => {}
                None => self.problems.push(Problem::new(
                    ProblemKind::FieldType,
                    self.field_lines.tags.unwrap_or(2),
                    format!("a tag should be text, not {}: {item}", item.type_name()),
                )),
            }
        }
        tags
    }
}

/// Whether a front matter `permalink`/`url` value is a URL path folio can use as it is: it
/// starts with one `/` and holds no template (`{{ }}`, `{% %}`, Jekyll's `:placeholders`).
fn literal_url_path(value: &str) -> bool {
    value.starts_with('/')
        && !value.starts_with("//")
        && !value.contains("{{")
        && !value.contains("{%")
        && !value.split('/').any(|segment| segment.starts_with(':'))
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::source::decode;

    fn post(rel: &str, text: &str) -> Post {
        Post::from_source(
            Path::new(rel),
            rel,
            decode(text.as_bytes().to_vec()),
            &LinkTemplates::default(),
        )
    }

    fn kinds(p: &Post) -> Vec<ProblemKind> {
        p.problems.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn post_reads_seed_style_front_matter() {
        let p = post(
            "how-x.md",
            "---\ntitle: \"How X\"\ndate: 2024-12-13\nimage: \"/media/x.webp\"\ntags:\n  - post\n  - Automation\n  - post\n---\n\nBody [a](/posts/a)\n",
        );
        assert_eq!(p.title.as_deref(), Some("How X"));
        assert_eq!(p.date.as_ref().unwrap().ymd(), "2024-12-13");
        assert_eq!(p.image.as_deref(), Some("/media/x.webp"));
        assert_eq!(p.tags, ["post", "Automation"]);
        assert_eq!(p.links[0].line, 11);
        assert_eq!(p.field_lines.tags, Some(5));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn post_without_front_matter_takes_heading_then_slug() {
        let p = post("notes.md", "Intro\n\n# Real Title\n");
        assert_eq!(p.display_title(), "Real Title");
        assert_eq!(p.layout.front_matter, None);
        let p = post("notes.md", "just text\n");
        assert_eq!(p.display_title(), "notes");
        assert!(kinds(&p).contains(&ProblemKind::MissingTitle));
        assert!(kinds(&p).contains(&ProblemKind::MissingDate));
    }

    #[test]
    fn post_tags_as_string_null_and_numbers() {
        assert_eq!(post("a.md", "---\ntags: SEO\n---\n").tags, ["SEO"]);
        assert!(post("a.md", "---\ntags:\n---\n").tags.is_empty());
        assert_eq!(
            post("a.md", "---\ntags: [2024, true]\n---\n").tags,
            ["2024", "true"]
        );
        let p = post("a.md", "---\ntags: [a, {b: c}]\n---\n");
        assert_eq!(p.tags, ["a"]);
        assert!(kinds(&p).contains(&ProblemKind::FieldType));
    }

    #[test]
    fn post_scalar_title_of_other_types() {
        assert_eq!(
            post("a.md", "---\ntitle: 2024\n---\n").title.as_deref(),
            Some("2024")
        );
        let p = post("a.md", "---\ntitle: [a]\n---\n# H\n");
        assert_eq!(p.display_title(), "H");
        assert!(kinds(&p).contains(&ProblemKind::FieldType));
    }

    #[test]
    fn post_keeps_unknown_fields() {
        let p = post(
            "a.md",
            "---\ntitle: A\nauthors: [x, y]\nlayout: post\n---\n",
        );
        let keys: Vec<_> = p.fields.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "authors", "layout"]);
    }

    #[test]
    fn post_invalid_yaml_is_listed_with_error_line() {
        let p = post(
            "bad.md",
            "---\ndate: 2024-01-01\ntitle: Brand Voice: Why\n---\n# Heading\n",
        );
        assert_eq!(p.display_title(), "Heading");
        let fm = p
            .problems
            .iter()
            .find(|p| p.kind == ProblemKind::FrontMatter)
            .unwrap();
        assert_eq!(fm.line, 3);
        assert!(fm.message.contains("mapping values"), "{}", fm.message);
    }

    #[test]
    fn post_unterminated_front_matter_is_error_and_body() {
        let p = post("u.md", "---\ntitle: A\n[l](/posts/x)\n");
        assert!(kinds(&p).contains(&ProblemKind::FrontMatter));
        assert_eq!(p.links.len(), 1);
        assert_eq!(p.links[0].line, 3);
    }

    #[test]
    fn post_crlf_and_bom_layout() {
        let p = post(
            "c.md",
            "\u{feff}---\r\ntitle: A\r\ndate: 2024-01-02\r\n---\r\n\r\n[x](/posts/y)\r\n",
        );
        assert!(p.layout.has_bom && p.layout.crlf);
        assert_eq!(p.title.as_deref(), Some("A"));
        assert_eq!(p.links[0].line, 6);
    }

    #[test]
    fn post_jekyll_name_date_is_fallback() {
        let p = post("2016-01-02-hello.md", "---\ntitle: A\n---\n");
        assert_eq!(p.slug, "hello");
        assert_eq!(p.date.unwrap().ymd(), "2016-01-02");
        let p = post(
            "2016-01-02-hello.md",
            "---\ntitle: A\ndate: 2016-02-03\n---\n",
        );
        assert_eq!(p.date.unwrap().ymd(), "2016-02-03");
    }

    #[test]
    fn post_unreadable_kinds() {
        let p = Post::from_source(
            Path::new("b.md"),
            "b.md",
            decode(vec![0, 1, 2]),
            &LinkTemplates::default(),
        );
        assert!(!p.readable);
        assert_eq!(kinds(&p), [ProblemKind::Binary]);
    }

    #[test]
    fn post_template_links_are_found() {
        let p = post(
            "a.md",
            "---\ntitle: A\n---\n[x]({{ \"/2015/07/08/openfec-api/\" | url }})\n",
        );
        assert_eq!(&*p.links[0].target, "/2015/07/08/openfec-api/");
    }
}
