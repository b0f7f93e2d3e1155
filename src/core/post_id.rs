//! Naming posts by position: [`PostId`], a post's place in the index, and [`PerPost`], a
//! table with one entry per post that can only be indexed by a `PostId`.
//!
//! A `PostId` is the post's position in `Index::posts` (sorted by relative path) and is
//! valid for that index only: after a re-index, map ids through the post's path. Plain
//! data; no file access, nothing above `core` may build one from a number it made up
//! except through [`PostId::new`] on a position it got from the index.

use std::fmt;
use std::ops::{Deref, Index, IndexMut};

use serde::{Deserialize, Serialize};

/// A post's position in the index (`u32`: four bytes in every list of posts).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct PostId(u32);

impl PostId {
    /// The id of the post at `position` in the index. Positions past `u32::MAX` (four
    /// billion posts, far past what fits in memory) all map to the last id.
    pub fn new(position: usize) -> PostId {
        PostId(u32::try_from(position).unwrap_or(u32::MAX))
    }

    /// The post's position in the index.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The ids of an index of `count` posts, in index order.
    pub fn all(count: usize) -> impl DoubleEndedIterator<Item = PostId> + ExactSizeIterator {
        (0..count).map(PostId::new)
    }
}

impl fmt::Display for PostId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One `T` per post, indexed by [`PostId`]; reads as a slice for iteration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerPost<T>(Vec<T>);

impl<T> PerPost<T> {
    /// The entries with their posts' ids, in index order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (PostId, &T)> {
        self.0.iter().enumerate().map(|(i, t)| (PostId::new(i), t))
    }

    /// Every id of this table, in index order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = PostId> + ExactSizeIterator + use<T> {
        PostId::all(self.0.len())
    }

    /// The entry of `id`, if there is one.
    pub fn get(&self, id: PostId) -> Option<&T> {
        self.0.get(id.index())
    }

    /// The entry of `id` to change, if there is one.
    pub fn get_mut(&mut self, id: PostId) -> Option<&mut T> {
        self.0.get_mut(id.index())
    }

    /// Add the entry of the next post (ids come in order from 0).
    pub fn push(&mut self, entry: T) {
        self.0.push(entry);
    }

    /// The entries to change, in index order.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.0.iter_mut()
    }

    /// Insert the entry of a post at `id`, moving later posts up one id.
    pub fn insert(&mut self, id: PostId, entry: T) {
        self.0.insert(id.index(), entry);
    }

    /// Remove the entry of `id`, moving later posts down one id.
    pub fn remove(&mut self, id: PostId) -> T {
        self.0.remove(id.index())
    }

    /// The entries as a plain vector, in index order.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T> Default for PerPost<T> {
    fn default() -> Self {
        PerPost(Vec::new())
    }
}

impl<T> From<Vec<T>> for PerPost<T> {
    fn from(entries: Vec<T>) -> Self {
        PerPost(entries)
    }
}

impl<T> FromIterator<T> for PerPost<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerPost(iter.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a PerPost<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut PerPost<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<T> Deref for PerPost<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> Index<PostId> for PerPost<T> {
    type Output = T;
    fn index(&self, id: PostId) -> &T {
        &self.0[id.index()]
    }
}

impl<T> IndexMut<PostId> for PerPost<T> {
    fn index_mut(&mut self, id: PostId) -> &mut T {
        &mut self.0[id.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids name positions, round-trip, and order as their positions do.
    #[test]
    fn post_id_names_a_position() {
        assert_eq!(PostId::new(7).index(), 7);
        assert!(PostId::new(2) < PostId::new(10));
        assert_eq!(
            PostId::all(3).map(PostId::index).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        assert_eq!(PostId::new(usize::MAX).index(), u32::MAX as usize);
        assert_eq!(PostId::new(42).to_string(), "42");
    }

    /// A per-post table is indexed by id and enumerates with ids.
    #[test]
    fn per_post_is_indexed_by_id() {
        let mut t: PerPost<&str> = vec!["a", "b"].into();
        t[PostId::new(1)] = "c";
        assert_eq!(t[PostId::new(1)], "c");
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(PostId::new(2)), None);
        let pairs: Vec<_> = t.enumerate().map(|(id, s)| (id.index(), *s)).collect();
        assert_eq!(pairs, [(0, "a"), (1, "c")]);
    }
}
