//! The `--json` shapes. A contract: field names never change.

use serde::Serialize;

use crate::core::index::Index;
use crate::core::link_resolve::LinkStatus;
use crate::core::post::PostId;
use crate::core::problem::{Level, Problem, ProblemKind};
use crate::core::review::ReviewState;

/// `folio tags --json`: one tag.
#[derive(Debug, Serialize)]
pub struct TagJson<'a> {
    /// The tag.
    pub tag: &'a str,
    /// How many posts carry it.
    pub count: usize,
}

/// `folio list --json`: one post.
#[derive(Debug, Serialize)]
pub struct PostJson<'a> {
    /// The slug.
    pub slug: &'a str,
    /// The path relative to DIR, with `/`.
    pub path: &'a str,
    /// The `title` field, or null.
    pub title: Option<&'a str>,
    /// The date as written (front matter, else file name), or null.
    pub date: Option<&'a str>,
    /// The tags, as written.
    pub tags: &'a [String],
    /// Every link and image.
    pub links: Vec<LinkJson<'a>>,
    /// Every problem.
    pub problems: &'a [Problem],
    /// unreviewed, reviewed or changed (since reviewed).
    pub review: ReviewState,
}

/// One link of a post.
#[derive(Debug, Serialize)]
pub struct LinkJson<'a> {
    /// The destination as written.
    pub target: &'a str,
    /// 1-based line.
    pub line: usize,
    /// ok, broken, site or external.
    pub status: LinkStatus,
    /// The slug of the post it resolves to, or null.
    pub slug: Option<&'a str>,
}

/// `folio check --json`: one problem.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    /// The file, relative to DIR, with `/`.
    pub path: &'a str,
    /// 1-based line.
    pub line: usize,
    /// error or warning.
    pub level: Level,
    /// The kind of problem.
    pub kind: ProblemKind,
    /// A sentence for people.
    pub message: &'a str,
}

/// The JSON of post `id`, in review state `review`.
pub fn post_json(index: &Index, id: PostId, review: ReviewState) -> PostJson<'_> {
    let post = &index.posts[id];
    PostJson {
        slug: &post.slug,
        path: &post.rel_path,
        title: post.title.as_deref(),
        date: post
            .date_field
            .as_deref()
            .or(post.date.as_ref().map(|d| d.text.as_ref())),
        tags: &post.tags,
        links: index
            .links(id)
            .map(|l| LinkJson {
                target: l.as_written(),
                line: l.line,
                status: l.status,
                slug: l.post.map(|p| index.posts[p].slug.as_ref()),
            })
            .collect(),
        problems: index.problems(id),
        review,
    }
}
