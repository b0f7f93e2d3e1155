//! Review marks: `r` marks or unmarks a post, `R` cycles the library's review filter, and
//! the answers of the review effects (marks loaded, files hashed, marks saved) land here.
//! Marking asks the runtime to hash the post's bytes first; the marks file is written
//! after every change, and a failed write is said on the status line.

use crate::core::index::Index;
use crate::core::post::PostId;
use crate::core::review::ReviewState;

use super::super::library::Keep;
use super::super::review::{Review, ReviewEffect, ReviewMsg};
use super::super::{App, Effect, Tone};

/// The review filter as a predicate on posts, when it narrows the list.
pub(super) fn review_keep<'a>(review: &'a Review, index: &'a Index) -> Option<Box<Keep<'a>>> {
    review
        .filtering()
        .then(|| Box::new(move |id| review.keeps(index, id)) as Box<Keep<'a>>)
}

impl App {
    /// After the index arrived or changed: load the marks the first time, later hash the
    /// marked posts again (only those: usually few), on a worker.
    pub(super) fn review_after_index(&mut self) -> Vec<Effect> {
        // The lists were rebuilt from the index: narrow them again, on the same post.
        let current = self.library.current_post();
        self.review_changed();
        if let (Some(id), true) = (current, self.review.filtering()) {
            self.library.select_post(id, self.viewport.list_rows());
        }
        if !self.review.requested {
            self.review.requested = true;
            return vec![Effect::Review(ReviewEffect::Load {
                root: self.root.clone(),
            })];
        }
        self.hash_marked()
    }

    fn hash_marked(&self) -> Vec<Effect> {
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let posts = self.review.marked_in(index);
        if posts.is_empty() {
            return Vec::new();
        }
        vec![Effect::Review(ReviewEffect::Hash {
            root: self.root.clone(),
            posts,
            mark: false,
        })]
    }

    /// `r`: mark post `id` reviewed (hashing its bytes first), or unmark it if it is
    /// reviewed as it is. A post changed since its review is marked again.
    pub(super) fn toggle_reviewed(&mut self, id: PostId) -> Vec<Effect> {
        let Some(rel) = self.index().map(|i| i.posts[id].rel_path.to_string()) else {
            return Vec::new();
        };
        if self.review.marks.is_none() {
            let why = match &self.review.error {
                Some(error) => format!("Review marks are off: {error}"),
                None => "Review marks are still loading".to_owned(),
            };
            self.say(Tone::Error, why);
            return Vec::new();
        }
        if self.review.state(&rel) == ReviewState::Reviewed {
            if let Some(marks) = self.review.marks.as_mut() {
                marks.unmark(&rel);
            }
            self.review.now.remove(&rel);
            self.say(Tone::Info, format!("Unmarked {rel}: to review"));
            self.review_changed();
            return self.save_marks();
        }
        vec![Effect::Review(ReviewEffect::Hash {
            root: self.root.clone(),
            posts: vec![rel],
            mark: true,
        })]
    }

    /// `R`: the next review filter of the post list.
    pub(super) fn cycle_review_filter(&mut self) {
        if self.review.marks.is_none() {
            self.say(Tone::Error, "Review marks are not loaded");
            return;
        }
        let current = self.library.current_post();
        self.review.filter = self.review.filter.next();
        self.library.posts.reset();
        self.refresh_posts();
        if let Some(id) = current {
            self.library.select_post(id, self.viewport.list_rows());
        }
        self.say(
            Tone::Info,
            format!("Showing posts: {}", self.review.filter.label()),
        );
    }

    /// A renamed post keeps its review mark under its new path.
    pub(super) fn follow_rename_mark(&mut self, old: &str, new: &str) -> Vec<Effect> {
        let Some(marks) = self.review.marks.as_mut() else {
            return Vec::new();
        };
        let Some(hash) = marks.get(old) else {
            return Vec::new();
        };
        marks.unmark(old);
        marks.mark(new, hash);
        if let Some(now) = self.review.now.remove(old) {
            self.review.now.insert(new.to_owned(), now);
        }
        self.save_marks()
    }

    fn save_marks(&mut self) -> Vec<Effect> {
        let Some(marks) = self.review.marks.clone() else {
            return Vec::new();
        };
        self.review.saves += 1;
        vec![Effect::Review(ReviewEffect::Save {
            root: self.root.clone(),
            marks,
            number: self.review.saves,
        })]
    }

    /// An answer to a review effect.
    pub(super) fn review_msg(&mut self, msg: ReviewMsg) -> Vec<Effect> {
        match msg {
            ReviewMsg::Loaded(Ok(marks)) => {
                self.review.marks = Some(marks);
                self.review.error = None;
                self.review_changed();
                self.hash_marked()
            }
            ReviewMsg::Loaded(Err(error)) => {
                self.say(Tone::Error, format!("Review marks are off: {error}"));
                self.review.error = Some(error);
                Vec::new()
            }
            ReviewMsg::Hashed { hashes, mark } => {
                let effects = if mark {
                    self.mark_hashed(&hashes)
                } else {
                    Vec::new()
                };
                self.review.now.extend(hashes);
                self.review_changed();
                effects
            }
            ReviewMsg::Saved(Ok(())) => Vec::new(),
            ReviewMsg::Saved(Err(error)) => {
                self.say(
                    Tone::Error,
                    format!("Could not save the review marks: {error}"),
                );
                Vec::new()
            }
        }
    }

    fn mark_hashed(&mut self, hashes: &[(String, Option<u64>)]) -> Vec<Effect> {
        let Some(marks) = self.review.marks.as_mut() else {
            return Vec::new();
        };
        let mut marked = Vec::new();
        let mut unreadable = None;
        for (rel, now) in hashes {
            match now {
                Some(hash) => {
                    marks.mark(rel, *hash);
                    marked.push(rel.as_str());
                }
                None => unreadable = Some(rel),
            }
        }
        self.message = match (unreadable, marked.as_slice()) {
            (Some(rel), _) => Some((
                Tone::Error,
                format!("Cannot read {rel}: not marked reviewed"),
            )),
            (None, [one]) => Some((Tone::Info, format!("Reviewed {one} ✓"))),
            _ => self.message.take(),
        };
        if marked.is_empty() {
            return Vec::new();
        }
        self.save_marks()
    }

    /// After a state changed: count the progress again, and rebuild the post list when
    /// the review filter narrows it.
    fn review_changed(&mut self) {
        if let Some(content) = self.content.clone() {
            self.review.recount(&content.index);
        }
        if self.review.filtering() {
            self.refresh_posts();
        }
    }
}
