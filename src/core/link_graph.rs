//! The resolved link graph: each post's links with what they point at, and the backlinks
//! they give. Plain data built by `index`; read by the site checks and everything above.

use super::link_resolve::{LinkStatus, Resolution};
use super::links::RawLink;
use std::sync::Arc;

use super::post::{PerPost, PostId};

/// What one link of a post resolves to, kept beside the post's raw links (at the same
/// position): a site has several links a post, so only the outcome is stored here, in 24
/// bytes (the link as written is the post's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    status: LinkStatus,
    post: Option<PostId>,
    /// The rare parts: a `#fragment`, why a broken link is broken.
    detail: Option<Box<Detail>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Detail {
    fragment: Option<String>,
    reason: Option<String>,
}

impl Resolved {
    /// The stored form of `resolution`.
    pub fn new(resolution: Resolution) -> Resolved {
        let Resolution {
            status,
            post,
            fragment,
            reason,
        } = resolution;
        let detail =
            (fragment.is_some() || reason.is_some()).then(|| Box::new(Detail { fragment, reason }));
        Resolved {
            status,
            post,
            detail,
        }
    }

    /// The post it names, when its status is ok.
    pub fn post(&self) -> Option<PostId> {
        self.post
    }

    /// What it points at.
    pub fn status(&self) -> LinkStatus {
        self.status
    }

    /// The same outcome naming `post` instead (its post's id moved).
    #[must_use]
    pub fn naming(&self, post: Option<PostId>) -> Resolved {
        Resolved {
            post,
            ..self.clone()
        }
    }
}

/// A link of a post, resolved against the whole index: the link as the post has it, with
/// what it points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link<'a> {
    /// The destination resolved (template links already rewritten).
    pub target: &'a str,
    /// The destination as written in the file, when a template was rewritten to an internal
    /// `folio-ref:` name; see [`Link::as_written`].
    pub written: Option<&'a str>,
    /// 1-based line in the file.
    pub line: usize,
    /// An image rather than a link.
    pub image: bool,
    /// What it points at.
    pub status: LinkStatus,
    /// The post it names, when `status` is ok.
    pub post: Option<PostId>,
    /// The `#fragment`, if any.
    pub fragment: Option<&'a str>,
    /// Why a broken link is broken.
    pub reason: Option<&'a str>,
}

impl<'a> Link<'a> {
    /// The link `raw` of a post, resolved as `resolved` says.
    pub fn of(raw: &'a RawLink, resolved: &'a Resolved) -> Link<'a> {
        let detail = resolved.detail.as_deref();
        Link {
            target: &raw.target,
            written: raw.written.as_deref(),
            line: raw.line as usize,
            image: raw.image,
            status: resolved.status,
            post: resolved.post,
            fragment: detail.and_then(|d| d.fragment.as_deref()),
            reason: detail.and_then(|d| d.reason.as_deref()),
        }
    }

    /// The destination as written in the file (`{% post_url 2016-01-02-x %}`), for output.
    pub fn as_written(&self) -> &'a str {
        self.written.unwrap_or(self.target)
    }

    /// What it resolves to, owned (to keep beyond the index's borrow).
    pub fn resolution(&self) -> Resolution {
        Resolution {
            status: self.status,
            post: self.post,
            fragment: self.fragment.map(str::to_owned),
            reason: self.reason.map(str::to_owned),
        }
    }
}

/// The resolved links of one post, in document order: its raw links paired with what each
/// resolves to (none for a listing, which resolves nothing).
#[derive(Clone)]
pub struct Links<'a> {
    raw: std::slice::Iter<'a, RawLink>,
    resolved: std::slice::Iter<'a, Resolved>,
}

impl<'a> Links<'a> {
    /// The links `raw` of a post, resolved as `resolved` says (position by position).
    pub fn new(raw: &'a [RawLink], resolved: &'a [Resolved]) -> Links<'a> {
        // A listing resolves nothing; otherwise every raw link has its outcome.
        debug_assert!(resolved.is_empty() || resolved.len() == raw.len());
        let n = raw.len().min(resolved.len());
        Links {
            raw: raw[..n].iter(),
            resolved: resolved[..n].iter(),
        }
    }

    /// The `i`th link (from the current position).
    pub fn get(&self, i: usize) -> Option<Link<'a>> {
        self.clone().nth(i)
    }

    /// No link (left).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a> Iterator for Links<'a> {
    type Item = Link<'a>;

    fn next(&mut self) -> Option<Link<'a>> {
        Some(Link::of(self.raw.next()?, self.resolved.next()?))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.raw.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<Link<'a>> {
        Some(Link::of(self.raw.nth(n)?, self.resolved.nth(n)?))
    }
}

impl ExactSizeIterator for Links<'_> {}

impl PartialEq for Links<'_> {
    /// The same links (left), resolved alike.
    fn eq(&self, other: &Self) -> bool {
        self.clone().eq(other.clone())
    }
}

impl std::fmt::Debug for Links<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl DoubleEndedIterator for Links<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        Some(Link::of(self.raw.next_back()?, self.resolved.next_back()?))
    }
}

/// For each of `count` posts, the posts linking to it (each once, in index order; a post's
/// links to itself do not count).
pub fn backlinks(count: usize, links: &PerPost<Arc<[Resolved]>>) -> PerPost<Arc<[PostId]>> {
    let mut back: PerPost<Vec<PostId>> = vec![Vec::new(); count].into();
    for (from, post_links) in links.enumerate() {
        for to in post_links.iter().filter_map(Resolved::post) {
            if to != from && back[to].last() != Some(&from) {
                back[to].push(from);
            }
        }
    }
    back.into_vec().into_iter().map(Arc::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(target: &str, line: u32) -> RawLink {
        RawLink {
            target: Arc::from(target),
            written: None,
            line,
            image: false,
        }
    }

    fn resolved(status: LinkStatus, post: Option<u32>, reason: Option<&str>) -> Resolved {
        Resolved::new(Resolution {
            status,
            post: post.map(|p| PostId::new(p as usize)),
            fragment: None,
            reason: reason.map(str::to_owned),
        })
    }

    /// Stored per link of the site: kept small (the link as written is the post's).
    #[test]
    fn resolved_is_small() {
        assert!(std::mem::size_of::<Resolved>() <= 24);
    }

    #[test]
    fn links_pair_each_raw_link_with_its_outcome() {
        let raws = [raw("/a", 3), raw("/nowhere", 5)];
        let outcomes = [
            resolved(LinkStatus::Ok, Some(1), None),
            resolved(LinkStatus::Broken, None, Some("no such post")),
        ];
        let links = Links::new(&raws, &outcomes);
        assert_eq!(links.len(), 2);
        let got: Vec<(&str, usize, LinkStatus, Option<&str>)> = links
            .clone()
            .map(|l| (l.target, l.line, l.status, l.reason))
            .collect();
        assert_eq!(
            got,
            [
                ("/a", 3, LinkStatus::Ok, None),
                ("/nowhere", 5, LinkStatus::Broken, Some("no such post")),
            ]
        );
        assert_eq!(links.get(1).map(|l| l.line), Some(5));
        assert_eq!(
            links.clone().next_back().map(|l| l.target),
            Some("/nowhere")
        );
        assert_eq!(
            links.get(0).map(|l| l.resolution().post),
            Some(Some(PostId::new(1)))
        );
        // A listing resolved nothing: its posts' links are not listed as resolved.
        assert!(Links::new(&raws, &[]).is_empty());
    }

    #[test]
    fn backlinks_count_each_linking_post_once() {
        let to_b = || resolved(LinkStatus::Ok, Some(1), None);
        let links: PerPost<Arc<[Resolved]>> = vec![
            Arc::from(vec![to_b(), to_b()]),
            Arc::from(vec![to_b()]),
            Arc::from(vec![resolved(LinkStatus::External, None, None)]),
        ]
        .into();
        let back = backlinks(3, &links);
        assert_eq!(&*back[PostId::new(1)], [PostId::new(0)]);
        assert!(back[PostId::new(0)].is_empty());
    }
}
