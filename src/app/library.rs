//! The library: a tag pane (all posts, then every tag with its count) and a post pane.
//! Lists come precomputed from the catalog, so moving between tags costs nothing.

use std::sync::Arc;

use crate::core::catalog::{Catalog, PostList, PostOrder};
use crate::core::index::Index;
use crate::core::post::PostId;

use rayon::slice::ParallelSliceMut;

use super::fuzzy;
use super::list_cursor::ListCursor;

/// Which posts a list keeps, beyond its tag and fuzzy filter.
pub type Keep<'a> = dyn Fn(PostId) -> bool + 'a;

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    /// The tag list.
    #[default]
    Tags,
    /// The post list.
    Posts,
}

/// How tags are sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TagOrder {
    /// Most used first.
    #[default]
    Count,
    /// A to Z.
    Name,
}

/// An entry of the tag pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagItem {
    /// Every post.
    All,
    /// One tag (an index into `Index::tags`).
    Tag(usize),
}

/// A list narrowed by a fuzzy query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// What was typed.
    pub query: String,
}

/// The library's state.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Which pane has the keyboard.
    pub focus: Pane,
    /// Tag sort order.
    pub tag_order: TagOrder,
    /// Post sort order.
    pub post_order: PostOrder,
    /// Cursor in the tag pane.
    pub tags: ListCursor,
    /// Cursor in the post pane.
    pub posts: ListCursor,
    /// The tag pane's entries, in order, filtered.
    pub tag_items: Vec<TagItem>,
    /// The tag filter, if any.
    pub tag_filter: Option<Filter>,
    /// The chosen tag's posts in the current order, unfiltered.
    pub base_posts: PostList,
    /// The post filter and the posts it keeps.
    pub post_filter: Option<(Filter, Vec<PostId>)>,
    /// The posts the post filter keeps in post order, each with its place in
    /// `base_posts`: all a query that narrows the filter's has to score again.
    filter_matches: Vec<(PostId, u32)>,
    /// Buffers the post filter reuses from one key to the next.
    filter_scratch: FilterScratch,
    /// The post filter's lists for the earlier queries of the current one.
    filter_history: FilterHistory,
}

/// The post filter's lists for earlier queries that the current query adds to (shortest
/// first), all from the same filter keys and list, which it holds (so that a list made
/// anew is never taken for them).
#[derive(Clone, Default)]
struct FilterHistory {
    keys: Option<Arc<[Box<str>]>>,
    list: PostList,
    /// Every post of `list` in post order with its place there (what a query scores when
    /// it narrows no earlier one), made once for the list: on 100,000 posts its making
    /// (and the fresh memory it fills) was a fifth of a first key.
    all: Option<Vec<(PostId, u32)>>,
    entries: Vec<Filtered>,
}

/// What the post filter gave for one query.
#[derive(Clone)]
struct Filtered {
    query: String,
    /// The posts shown, best first.
    ids: Vec<PostId>,
    /// The matching posts in post order, each with its place in the list.
    matches: Vec<(PostId, u32)>,
}

impl FilterHistory {
    /// At most this many earlier queries are kept.
    const MAX: usize = 32;

    fn new(keys: &Arc<[Box<str>]>, list: &PostList) -> FilterHistory {
        FilterHistory {
            keys: Some(Arc::clone(keys)),
            list: Arc::clone(list),
            all: None,
            entries: Vec::new(),
        }
    }

    /// Whether the lists kept were made from these filter keys and this list.
    fn is_from(&self, keys: &Arc<[Box<str>]>, list: &PostList) -> bool {
        self.keys.as_ref().is_some_and(|k| Arc::ptr_eq(k, keys)) && Arc::ptr_eq(&self.list, list)
    }

    /// The history itself if it is from `keys` and `list`, else one made anew for them.
    fn renew_for(&mut self, keys: &Arc<[Box<str>]>, list: &PostList) -> &mut FilterHistory {
        if !self.is_from(keys, list) {
            *self = FilterHistory::new(keys, list);
        }
        self
    }

    fn push(&mut self, query: String, ids: Vec<PostId>, matches: Vec<(PostId, u32)>) {
        if self.entries.len() == Self::MAX {
            self.entries.remove(0);
        }
        self.entries.push(Filtered {
            query,
            ids,
            matches,
        });
    }

    /// What `query` has to score: the matches of the longest earlier query it narrows
    /// (whose matches include every post `query` matches), or else every post of the
    /// list (made now if not yet).
    fn candidates(&mut self, query: &str) -> &[(PostId, u32)] {
        let earlier = (self.entries.iter()).rposition(|e| fuzzy::narrows(&e.query, query));
        match earlier {
            Some(at) => &self.entries[at].matches,
            None => self.all(),
        }
    }

    /// Every post of the list in post order with its place there.
    fn all(&mut self) -> &[(PostId, u32)] {
        let posts = self.keys.as_ref().map_or(0, |keys| keys.len());
        self.all
            .get_or_insert_with(|| in_post_order(&self.list, posts))
    }
}

impl std::fmt::Debug for FilterHistory {
    /// The queries only: the lists are long.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queries: Vec<&str> = self.entries.iter().map(|e| e.query.as_str()).collect();
        f.debug_struct("FilterHistory")
            .field("queries", &queries)
            .finish_non_exhaustive()
    }
}

/// Buffers of the post filter, kept so that a key press does not ask the system for
/// (and clear) megabytes of fresh memory on 100,000 posts.
#[derive(Clone, Default)]
struct FilterScratch {
    /// Each candidate's score, in candidate order.
    scores: Vec<u32>,
    /// The hits' sort keys.
    order: Vec<u64>,
}

impl std::fmt::Debug for FilterScratch {
    /// The buffers' lengths only: their contents are the last key's leftovers.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterScratch")
            .field("scores", &self.scores.len())
            .field("order", &self.order.len())
            .finish()
    }
}

impl Library {
    /// Fill the lists from a fresh index (the review filter is applied after, by the app).
    pub fn load(&mut self, index: &Index, catalog: &Catalog) {
        self.refresh_tags(index, catalog);
        self.refresh_posts(catalog);
    }

    /// The tag under the cursor.
    pub fn current_tag(&self) -> TagItem {
        self.tag_items
            .get(self.tags.cursor)
            .copied()
            .unwrap_or(TagItem::All)
    }

    /// The posts shown, in order.
    pub fn visible_posts(&self) -> &[PostId] {
        match &self.post_filter {
            Some((_, ids)) => ids,
            None => &self.base_posts,
        }
    }

    /// The post under the cursor.
    pub fn current_post(&self) -> Option<PostId> {
        self.visible_posts().get(self.posts.cursor).copied()
    }

    /// Rebuild the tag entries (after a sort or filter change).
    pub fn refresh_tags(&mut self, index: &Index, catalog: &Catalog) {
        let order = match self.tag_order {
            TagOrder::Count => &catalog.tags_by_count,
            TagOrder::Name => &catalog.tags_by_name,
        };
        let mut items: Vec<TagItem> = std::iter::once(TagItem::All)
            .chain(order.iter().map(|&t| TagItem::Tag(t)))
            .collect();
        if let Some(filter) = &self.tag_filter {
            let keep = fuzzy::filter(&filter.query, &items, |item| match item {
                TagItem::All => "all posts",
                TagItem::Tag(t) => index.tags[*t].name.as_str(),
            });
            items = keep.into_iter().map(|i| items[i]).collect();
        }
        self.tag_items = items;
        self.tags.cursor = self.tags.cursor.min(self.tag_items.len().saturating_sub(1));
    }

    /// Rebuild the post list for the current tag, order and filter.
    pub fn refresh_posts(&mut self, catalog: &Catalog) {
        self.refresh_posts_keeping(catalog, None);
    }

    /// Rebuild the post list for the current tag, order and filter, narrowed by `keep`
    /// (the review filter).
    pub fn refresh_posts_keeping(&mut self, catalog: &Catalog, keep: Option<&Keep>) {
        let tag = match self.current_tag() {
            TagItem::All => None,
            TagItem::Tag(t) => Some(t),
        };
        let posts = catalog.posts(tag, self.post_order);
        self.base_posts = match keep {
            Some(keep) => posts.iter().copied().filter(|&id| keep(id)).collect(),
            None => posts,
        };
        if let Some((filter, _)) = &self.post_filter {
            let query = filter.query.clone();
            self.set_post_filter(catalog, query);
        }
        self.clamp_post_cursor();
    }

    /// Filter the posts by `query`, with the list a scan of every post gives. An earlier
    /// query of the same typing that `query` goes back to (a deleted letter) gives its
    /// list back at once; one that `query` adds to (see [`fuzzy::narrows`]) has its
    /// matches scored again instead of every post.
    pub fn set_post_filter(&mut self, catalog: &Catalog, query: String) {
        let keys = &catalog.filter_keys;
        let previous = self.post_filter.take();
        let matches = std::mem::take(&mut self.filter_matches);
        // The last query's lists are kept only if made from these keys and this list.
        let same = self.filter_history.is_from(keys, &self.base_posts);
        let history = self.filter_history.renew_for(keys, &self.base_posts);
        if same && let Some((filter, ids)) = previous {
            history.push(filter.query, ids, matches);
        }
        history
            .entries
            .retain(|e| query.starts_with(e.query.as_str()));
        if history.entries.last().is_some_and(|e| e.query == query)
            && let Some(earlier) = history.entries.pop()
        {
            self.filter_matches = earlier.matches;
            self.post_filter = Some((Filter { query }, earlier.ids));
            self.clamp_post_cursor();
            return;
        }
        // Scored in post order: the keys lie in memory in that order, and reading them in
        // list (date) order was four times slower on 100,000 posts.
        let candidates = history.candidates(&query);
        let scratch = &mut self.filter_scratch;
        fuzzy::score_each(
            &query,
            candidates,
            |&(id, _)| &keys[id.index()],
            &mut scratch.scores,
        );
        let hits = || {
            (candidates.iter().zip(&scratch.scores)).filter(|&(_, &score)| score != fuzzy::NO_MATCH)
        };
        // Best first, ties in list order: one sortable number per hit, the score inverted
        // above the place in the list.
        scratch.order.clear();
        scratch.order.extend(
            hits().map(|(&(_, at), &score)| (u64::from(u32::MAX - score) << 32) | u64::from(at)),
        );
        if scratch.order.len() < PARALLEL_SORT_FROM {
            scratch.order.sort_unstable();
        } else {
            scratch.order.par_sort_unstable();
        }
        let ids = (scratch.order.iter())
            .filter_map(|&key| {
                let at = usize::try_from(key & u64::from(u32::MAX)).ok()?;
                self.base_posts.get(at).copied()
            })
            .collect();
        self.filter_matches = hits().map(|(&candidate, _)| candidate).collect();
        self.post_filter = Some((Filter { query }, ids));
        self.clamp_post_cursor();
    }

    /// Make ready what the post filter's first key needs (the list in post order), so
    /// that the key does not wait for it: called when the filter opens.
    pub fn prepare_post_filter(&mut self, catalog: &Catalog) {
        (self.filter_history)
            .renew_for(&catalog.filter_keys, &self.base_posts)
            .all();
    }

    fn clamp_post_cursor(&mut self) {
        let len = self.visible_posts().len();
        self.posts.cursor = self.posts.cursor.min(len.saturating_sub(1));
    }

    /// Put the post cursor on `post` if it is in the list.
    pub fn select_post(&mut self, post: PostId, rows: usize) {
        if let Some(pos) = self.visible_posts().iter().position(|&p| p == post) {
            let len = self.visible_posts().len();
            self.posts.set(pos, len, rows);
        }
    }

    /// The number of entries in the focused pane.
    pub fn focused_len(&self) -> usize {
        match self.focus {
            Pane::Tags => self.tag_items.len(),
            Pane::Posts => self.visible_posts().len(),
        }
    }
}

/// This many hits or more are sorted on all cores.
const PARALLEL_SORT_FROM: usize = 16_384;

/// Each post of `list` with its place there, in post order, by one pass over the `posts`
/// ids (a sort of the list cost more than the scoring saved).
fn in_post_order(list: &[PostId], posts: usize) -> Vec<(PostId, u32)> {
    const NOT_LISTED: u32 = u32::MAX;
    let mut at_of: Vec<u32> = vec![NOT_LISTED; posts];
    for (at, &id) in list.iter().enumerate() {
        if let (Some(slot), Ok(at)) = (at_of.get_mut(id.index()), u32::try_from(at)) {
            *slot = at;
        }
    }
    at_of
        .into_iter()
        .enumerate()
        .filter(|&(_, at)| at != NOT_LISTED)
        .map(|(id, at)| (PostId::new(id), at))
        .collect()
}
