//! The resolved link graph: each post's links with what they point at, and the backlinks
//! they give. Plain data built by `index`; read by the site checks and everything above.

use super::link_resolve::LinkStatus;
use std::sync::Arc;

use super::post::{PerPost, PostId};

/// A link of a post, resolved against the whole index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The destination resolved (template links already rewritten).
    pub target: Arc<str>,
    /// The destination as written in the file, when a template was rewritten to an internal
    /// `folio-ref:` name; see [`Link::as_written`].
    pub written: Option<Arc<str>>,
    /// 1-based line in the file.
    pub line: usize,
    /// An image rather than a link.
    pub image: bool,
    /// What it points at.
    pub status: LinkStatus,
    /// The post it names, when `status` is ok.
    pub post: Option<PostId>,
    /// The `#fragment`, if any.
    pub fragment: Option<String>,
    /// Why a broken link is broken.
    pub reason: Option<String>,
}

impl Link {
    /// The destination as written in the file (`{% post_url 2016-01-02-x %}`), for output.
    pub fn as_written(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.target)
    }
}

/// For each of `count` posts, the posts linking to it (each once, in index order; a post's
/// links to itself do not count).
pub fn backlinks(count: usize, links: &PerPost<Arc<[Link]>>) -> PerPost<Arc<[PostId]>> {
    let mut back: PerPost<Vec<PostId>> = vec![Vec::new(); count].into();
    for (from, post_links) in links.enumerate() {
        for to in post_links.iter().filter_map(|l| l.post) {
            if to != from && back[to].last() != Some(&from) {
                back[to].push(from);
            }
        }
    }
    back.into_vec().into_iter().map(Arc::from).collect()
}
