//! Parsing one post: its file read, its front matter and body turned into a [`Post`].

use std::path::Path;

use super::super::checks::post_checks::{self, PostText};
use super::super::field_value::{FieldValue, Fields};
use super::super::front_matter::{self, BlockState};
use super::super::link_templates::LinkTemplates;
use super::super::links::scan_templated;
use super::super::post_date::PostDate;
use super::super::problem::{Problem, ProblemKind};
use super::super::slug;
use super::super::source::{self, SourceText, Unreadable};
use super::super::stored_fields::StoredFields;
use super::{Layout, Post, line_of};

impl Post {
    /// Read and parse the post at `path` (`rel_path` relative to the content root).
    pub fn load(path: &Path, rel_path: &str, templates: &LinkTemplates) -> Post {
        Post::load_with_metadata(path, rel_path, templates).0
    }

    /// [`Post::load`], with the metadata of the file read (see
    /// [`source::read_with_metadata`]).
    pub fn load_with_metadata(
        path: &Path,
        rel_path: &str,
        templates: &LinkTemplates,
    ) -> (Post, Option<std::fs::Metadata>) {
        let (meta, text) = source::read_with_metadata(path);
        (Post::from_read(path, rel_path, text, templates), meta)
    }

    /// The post whose file at `path` (`rel_path` relative to the content root) was read
    /// as `text`: [`Post::load`] for a caller that reads the file itself.
    pub fn from_read(
        path: &Path,
        rel_path: &str,
        text: Result<SourceText, Unreadable>,
        templates: &LinkTemplates,
    ) -> Post {
        let mut post = Post::from_source(rel_path, text, templates);
        post.keep_os_path(path);
        post
    }

    /// An empty post at `path`, with the slug and date its file name gives.
    pub(super) fn named(rel_path: &str) -> Post {
        let (slug, name_date) = slug::from_path(Path::new(rel_path));
        Post {
            rel_path: rel_path.into(),
            slug: slug.into(),
            date: name_date,
            ..Post::default()
        }
    }

    /// Build a post from already-read file contents.
    pub fn from_source(
        rel_path: &str,
        source: Result<SourceText, Unreadable>,
        templates: &LinkTemplates,
    ) -> Post {
        let mut post = Post::named(rel_path);
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
        // Held for as long as the index: without the room they grew with (a site's links
        // alone had a third again of spare room).
        post.links.shrink_to_fit();
        post.tags.shrink_to_fit();
        post.problems.shrink_to_fit();
        post
    }

    pub(super) fn parse_text(&mut self, src: &SourceText, templates: &LinkTemplates) {
        let block = self.parse_front(src);
        self.parse_body(src, &block, templates);
    }

    /// Read the front matter (and the file's layout); the block found, for the body.
    pub(super) fn parse_front(&mut self, src: &SourceText) -> front_matter::Block {
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
            body_first_line: u32::try_from(block.body_first_line).unwrap_or(u32::MAX),
        };
        match block.state {
            BlockState::Closed => match front_matter::parse_block(text, &block) {
                Ok(fields) => {
                    self.field_line_numbers = fields
                        .iter()
                        .map(|(name, _)| {
                            front_matter::field_line(text, &block, name)
                                .and_then(|l| u32::try_from(l).ok())
                                .unwrap_or(0)
                        })
                        .collect();
                    self.read_fields(&fields);
                    self.fields = StoredFields::new(&fields);
                }
                Err(err) => self.problems.push(invalid_yaml(&block, &err)),
            },
            BlockState::Unterminated => self.problems.push(unclosed(&block)),
            BlockState::Absent => {}
        }
        block
    }

    /// Scan the body after the front matter `block`: links, words, the first heading, and
    /// the problems found in the text.
    pub(super) fn parse_body(
        &mut self,
        src: &SourceText,
        block: &front_matter::Block,
        templates: &LinkTemplates,
    ) {
        let text = &src.text;
        let scan = scan_templated(&text[block.body_start..], block.body_first_line, templates);
        self.heading = scan.first_heading.as_deref().map(Into::into);
        self.words = u32::try_from(scan.words).unwrap_or(u32::MAX);
        let field_line = |name: &str| self.field_line(name);
        let found = post_checks::text_problems(&PostText {
            text,
            front_matter_ok: self.front_matter_ok(),
            front_matter_line: self.front_matter_line(),
            title: self.title.as_deref(),
            heading: self.heading.as_deref(),
            date_field: self.date_field.as_deref(),
            has_date: self.date.is_some(),
            fields: &self.fields,
            field_line: &field_line,
            scan: &scan,
        });
        self.links = scan.links;
        self.problems.extend(found);
    }

    /// What folio reads from `fields` (title, date, tags, image, slug, own URL), with the
    /// problems of a field of the wrong type; the caller keeps `fields` if it wants them.
    pub(super) fn read_fields(&mut self, fields: &Fields) {
        // The line of a field of a wrong type (2: the first inside the block, when unknown).
        let names = || fields.iter().map(|(name, _)| name);
        let line = |name: &str| line_of(names(), &self.field_line_numbers, name).unwrap_or(2);
        let (title_line, date_line, tags_line) = (line("title"), line("date"), line("tags"));
        match fields.get("title") {
            None | Some(FieldValue::Null) => {}
            Some(value) => match value.scalar_text() {
                Some(t) => self.title = Some(t.trim().into()),
                None => self.problems.push(Problem::new(
                    ProblemKind::FieldType,
                    title_line,
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
                    self.date_field = Some(text.into());
                }
                None => self.problems.push(Problem::new(
                    ProblemKind::FieldType,
                    date_line,
                    format!("`date` should be text, not {}", value.type_name()),
                )),
            }
        }
        self.image = fields
            .get("image")
            .and_then(FieldValue::scalar_text)
            .filter(|s| !s.trim().is_empty())
            .map(Into::into);
        self.tags = self.read_tags(fields.get("tags"), tags_line);
        if let Some(slug) = fields
            .get("slug")
            .and_then(FieldValue::scalar_text)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty() && !s.contains(['/', '\\', '#', '?']))
        {
            self.slug = slug.into();
        }
        self.own_url = ["permalink", "url"]
            .iter()
            .filter_map(|name| fields.get(name).and_then(FieldValue::scalar_text))
            .map(|s| s.trim().to_owned())
            .find(|s| literal_url_path(s))
            .map(Into::into);
    }

    /// The tags `value` gives (a list, or one), without duplicates; a tag that is not text
    /// is a problem at `line`.
    pub(super) fn read_tags(&mut self, value: Option<&FieldValue>, line: usize) -> Vec<String> {
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
                    line,
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

/// The problem of front matter `block` whose YAML (or TOML) does not parse.
pub(super) fn invalid_yaml(block: &front_matter::Block, err: &front_matter::YamlError) -> Problem {
    let line = block.yaml_first_line + err.line.unwrap_or(1) - 1;
    Problem::new(
        ProblemKind::FrontMatter,
        line,
        format!(
            "front matter is not valid {}: {}",
            block.format.name(),
            err.message
        ),
    )
}

/// The problem of front matter `block`, opened by `---` (or `+++`) and never closed.
pub(super) fn unclosed(block: &front_matter::Block) -> Problem {
    let delimiter = block.format.delimiter();
    Problem::new(
        ProblemKind::FrontMatter,
        1,
        format!(
            "front matter is not closed: the first line is `{delimiter}` but no `{delimiter}` line ends it"
        ),
    )
}
