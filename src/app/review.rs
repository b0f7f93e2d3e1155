//! Review marks in the model: the marks once loaded, what the marked posts' bytes hash to
//! now, and the library's review filter. No I/O here: loading and writing the marks file
//! and hashing post files are [`ReviewEffect`]s the runtime performs, answered by
//! [`ReviewMsg`]s. The marks themselves and the state logic live in [`crate::core::review`].

use std::collections::HashMap;
use std::path::PathBuf;

use crate::core::index::Index;
use crate::core::post::PostId;
use crate::core::review::{Marks, ReviewState};

/// Which posts the library lists, by review state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewFilter {
    /// Every post.
    #[default]
    All,
    /// Posts still to review: unreviewed or changed since reviewed.
    ToReview,
    /// Posts changed since they were reviewed.
    Changed,
    /// Posts reviewed as they are.
    Reviewed,
}

impl ReviewFilter {
    /// The next filter in the cycle all → to review → changed → reviewed → all.
    #[must_use]
    pub fn next(self) -> ReviewFilter {
        match self {
            ReviewFilter::All => ReviewFilter::ToReview,
            ReviewFilter::ToReview => ReviewFilter::Changed,
            ReviewFilter::Changed => ReviewFilter::Reviewed,
            ReviewFilter::Reviewed => ReviewFilter::All,
        }
    }

    /// How the filter is named on screen.
    pub fn label(self) -> &'static str {
        match self {
            ReviewFilter::All => "all",
            ReviewFilter::ToReview => "to review",
            ReviewFilter::Changed => "changed",
            ReviewFilter::Reviewed => "reviewed",
        }
    }

    /// Whether a post in `state` is listed.
    pub fn keeps(self, state: ReviewState) -> bool {
        match self {
            ReviewFilter::All => true,
            ReviewFilter::ToReview => state != ReviewState::Reviewed,
            ReviewFilter::Changed => state == ReviewState::Changed,
            ReviewFilter::Reviewed => state == ReviewState::Reviewed,
        }
    }
}

/// Review I/O the runtime performs (see `tui::effects::review`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewEffect {
    /// Read the site's marks file; answer with [`ReviewMsg::Loaded`].
    Load {
        /// The content root (the file is named after it).
        root: PathBuf,
    },
    /// Hash the bytes of `posts` on a worker; answer with [`ReviewMsg::Hashed`].
    Hash {
        /// The content root.
        root: PathBuf,
        /// Post paths relative to the root.
        posts: Vec<String>,
        /// Mark them reviewed at these hashes (else only learn whether they changed).
        mark: bool,
    },
    /// Write the marks file atomically; answer with [`ReviewMsg::Saved`].
    Save {
        /// The content root.
        root: PathBuf,
        /// Every mark of the site.
        marks: Marks,
        /// This save's number ([`Review::saves`]): a save overtaken by a later one may
        /// be skipped, since the later one holds every mark.
        number: u64,
    },
}

/// Answers to [`ReviewEffect`]s.
#[derive(Debug)]
pub enum ReviewMsg {
    /// The site's marks (no file: none), or why they cannot be read.
    Loaded(Result<Marks, String>),
    /// What post files hash to now (`None`: unreadable).
    Hashed {
        /// Post path and hash.
        hashes: Vec<(String, Option<u64>)>,
        /// Whether to mark them reviewed.
        mark: bool,
    },
    /// The marks file was written, or why not.
    Saved(Result<(), String>),
}

/// The review state the model keeps.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// The marks, once loaded.
    pub marks: Option<Marks>,
    /// Why the marks could not be loaded: marking is off and the file is left alone.
    pub error: Option<String>,
    /// Whether loading was asked for.
    pub requested: bool,
    /// What the files of marked posts hash to now (`None`: unreadable), once hashed.
    pub now: HashMap<String, Option<u64>>,
    /// The library's review filter.
    pub filter: ReviewFilter,
    /// `(reviewed, total)` as last counted (see [`Review::recount`]), so drawing never
    /// walks the marks; `None` until the marks are loaded.
    pub progress: Option<(usize, usize)>,
    /// Saves asked for so far: each save carries its number, so the runtime can drop a
    /// write overtaken by a newer one.
    pub saves: u64,
}

impl Review {
    /// The state of the post at `rel` (relative path). A marked post whose bytes are not
    /// hashed yet counts as reviewed until they are.
    pub fn state(&self, rel: &str) -> ReviewState {
        let Some(mark) = self.marks.as_ref().and_then(|m| m.get(rel)) else {
            return ReviewState::Unreviewed;
        };
        match self.now.get(rel) {
            Some(&now) => ReviewState::of(Some(mark), now),
            None => ReviewState::Reviewed,
        }
    }

    /// Count the progress again (after the marks, the hashes or the index changed).
    pub fn recount(&mut self, index: &Index) {
        self.progress = self.count(index);
    }

    /// `(reviewed, total)` over the posts of `index`, once the marks are loaded (and not
    /// on a preview of the first page, which holds some posts only). Walks only the marks
    /// (usually few), never every post.
    pub fn count(&self, index: &Index) -> Option<(usize, usize)> {
        if index.totals.is_some() {
            return None;
        }
        let marks = self.marks.as_ref()?;
        let reviewed = marks
            .posts()
            .filter(|rel| index.lookup.by_path.contains_key(*rel))
            .filter(|rel| self.state(rel) == ReviewState::Reviewed)
            .count();
        Some((reviewed, index.posts.len()))
    }

    /// Marked posts that are in `index`: the ones whose bytes are worth hashing.
    pub fn marked_in(&self, index: &Index) -> Vec<String> {
        self.marks.as_ref().map_or_else(Vec::new, |marks| {
            marks
                .posts()
                .filter(|rel| index.lookup.by_path.contains_key(*rel))
                .map(str::to_owned)
                .collect()
        })
    }

    /// Whether the library's post list must be narrowed by the filter.
    pub fn filtering(&self) -> bool {
        self.filter != ReviewFilter::All && self.marks.is_some()
    }

    /// Whether the filter keeps post `id` of `index`.
    pub fn keeps(&self, index: &Index, id: PostId) -> bool {
        self.filter.keeps(self.state(&index.posts[id].rel_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filter cycles through its four settings and keeps the right states.
    #[test]
    fn review_filter_cycles_and_keeps() {
        use ReviewState::{Changed, Reviewed, Unreviewed};
        let mut f = ReviewFilter::All;
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(f.label());
            f = f.next();
        }
        assert_eq!(seen, ["all", "to review", "changed", "reviewed"]);
        assert_eq!(f, ReviewFilter::All);
        let keeps = |f: ReviewFilter| [Unreviewed, Reviewed, Changed].map(|s| f.keeps(s));
        assert_eq!(keeps(ReviewFilter::All), [true, true, true]);
        assert_eq!(keeps(ReviewFilter::ToReview), [true, false, true]);
        assert_eq!(keeps(ReviewFilter::Changed), [false, false, true]);
        assert_eq!(keeps(ReviewFilter::Reviewed), [false, true, false]);
    }

    /// A marked post is reviewed until its bytes are known, then reviewed or changed.
    #[test]
    fn review_state_follows_marks_and_hashes() {
        let mut review = Review::default();
        assert_eq!(review.state("a.md"), ReviewState::Unreviewed);
        let mut marks = Marks::default();
        marks.mark("a.md", 1);
        review.marks = Some(marks);
        assert_eq!(review.state("a.md"), ReviewState::Reviewed);
        review.now.insert("a.md".to_owned(), Some(2));
        assert_eq!(review.state("a.md"), ReviewState::Changed);
        review.now.insert("a.md".to_owned(), Some(1));
        assert_eq!(review.state("a.md"), ReviewState::Reviewed);
        assert_eq!(review.state("b.md"), ReviewState::Unreviewed);
    }
}
