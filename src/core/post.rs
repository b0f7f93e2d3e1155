//! A post: one markdown file, what its front matter says, and what its body links to.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::checks::post_checks::{self, PostSummary};
use super::field_value::FieldValue;
use super::front_matter::BlockState;
use super::links::RawLink;
use super::post_date::PostDate;
use super::problem::{Problem, ProblemKind};
use super::stored_fields::StoredFields;

mod parse;
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
    pub body_first_line: u32,
}

/// One post, as the index knows it (its body is read again when it is opened).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Post {
    /// The path relative to the content root, with `/` separators (a name that is not
    /// valid UTF-8 made readable: see [`Post::os_path`]).
    pub rel_path: Box<str>,
    /// The file's path when its name is not valid UTF-8, which `rel_path` cannot give
    /// back; `None` for every other file (see [`Post::path_in`]). Not stored in the index
    /// cache: set again from the walk.
    #[serde(skip)]
    pub os_path: Option<Box<Path>>,
    /// The name links use: the front matter's `slug` (Hugo, Jekyll) when it has one, else
    /// from the file name (see [`super::slug::from_path`]).
    pub slug: Box<str>,
    /// The URL path the post's own front matter gives it: a literal `permalink` (Jekyll,
    /// Eleventy) or `url` (Hugo) starting with `/`; templates (`{{ … }}`, `:title`) and
    /// `permalink: false` give none, and the site's pattern applies.
    pub own_url: Option<Box<str>>,
    /// The `title` field, trimmed.
    pub title: Option<Box<str>>,
    /// The first `# heading` of the body.
    pub heading: Option<Box<str>>,
    /// The `date` field as written, valid or not.
    pub date_field: Option<Box<str>>,
    /// The post's date: a valid `date` field, else the date in a Jekyll-style file name.
    pub date: Option<PostDate>,
    /// The post's tags, without duplicates, in file order.
    pub tags: Vec<String>,
    /// The `image` field.
    pub image: Option<Box<str>>,
    /// Every front matter field, in file order, unknown ones included (packed: see
    /// [`StoredFields`]).
    pub fields: StoredFields,
    /// The 1-based line of each of `fields`, in the same order (0 when not found).
    pub field_line_numbers: Vec<u32>,
    /// Words of body text (links and code left out), for the `thin-content` check.
    pub words: u32,
    /// Links and images in the body.
    pub links: Vec<RawLink>,
    /// Problems found in this post.
    pub problems: Vec<Problem>,
    /// How the file is laid out.
    pub layout: Layout,
    /// Whether the text could be read at all.
    pub readable: bool,
}

/// The 1-based line of field `name` of `fields`, whose lines are `numbers` (in the same
/// order; 0 when not found).
fn line_of<'a>(
    mut names: impl Iterator<Item = &'a str>,
    numbers: &[u32],
    name: &str,
) -> Option<usize> {
    let i = names.position(|n| n == name)?;
    let line = *numbers.get(i)?;
    (line > 0).then_some(line as usize)
}

impl Post {
    /// The file on disk: the content root `root` joined with [`Post::rel_path`] (not held:
    /// a site's paths all begin with its root), or [`Post::os_path`] where it is set.
    pub fn path_in(&self, root: &Path) -> PathBuf {
        match &self.os_path {
            Some(path) => path.to_path_buf(),
            None => root.join(&*self.rel_path),
        }
    }

    /// Keep `path` as the post's file when its name is not valid UTF-8 (see
    /// [`Post::os_path`]); any other path is the root joined with `rel_path` already.
    pub fn keep_os_path(&mut self, path: &Path) {
        self.os_path = path.to_str().is_none().then(|| path.into());
    }

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
        line_of(self.fields.names(), &self.field_line_numbers, name)
    }

    /// Whether the front matter parsed, or there is none: fields that are absent really are.
    pub fn front_matter_ok(&self) -> bool {
        self.readable && self.front_matter_problem().is_none()
    }

    /// The problem of the front matter itself (YAML that does not parse, a block never
    /// closed), if any.
    pub fn front_matter_problem(&self) -> Option<&Problem> {
        self.problems
            .iter()
            .find(|p| p.kind == ProblemKind::FrontMatter)
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
            fields: &self.fields,
            field_line: &field_line,
            words: self.words as usize,
        };
        post_checks::configured_problems(&summary, config, descriptions_used)
    }
}

#[cfg(test)]
mod tests;
