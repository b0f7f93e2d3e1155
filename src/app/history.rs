//! Back/forward history of posts read, like a browser's.

use crate::core::post::PostId;

/// A place in the history: a post and how far it was scrolled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The post.
    pub post: PostId,
    /// The first visible line.
    pub scroll: usize,
}

/// Places behind and ahead of the current one.
#[derive(Clone, Debug, Default)]
pub struct History {
    back: Vec<Place>,
    forward: Vec<Place>,
}

/// Older places beyond this are forgotten.
const MAX_PLACES: usize = 500;

impl History {
    /// Leaving `current` for a new place: it goes on the back stack and forward is cleared.
    pub fn push(&mut self, current: Place) {
        self.back.push(current);
        if self.back.len() > MAX_PLACES {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Go back from `current`: returns the place to show, if any.
    pub fn back(&mut self, current: Place) -> Option<Place> {
        let place = self.back.pop()?;
        self.forward.push(current);
        Some(place)
    }

    /// Go forward from `current`: returns the place to show, if any.
    pub fn forward(&mut self, current: Place) -> Option<Place> {
        let place = self.forward.pop()?;
        self.back.push(current);
        Some(place)
    }

    /// Renumber posts after the index changed (`map` gives the new id, `None` drops the place).
    pub fn remap(&mut self, map: impl Fn(PostId) -> Option<PostId>) {
        for stack in [&mut self.back, &mut self.forward] {
            stack.retain_mut(|place| match map(place.post) {
                Some(post) => {
                    place.post = post;
                    true
                }
                None => false,
            });
        }
    }

    /// How many places are behind and ahead.
    pub fn depth(&self) -> (usize, usize) {
        (self.back.len(), self.forward.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(post: usize, scroll: usize) -> Place {
        Place {
            post: PostId::new(post),
            scroll,
        }
    }

    #[test]
    fn history_goes_back_and_forward_like_a_browser() {
        let mut h = History::default();
        assert_eq!(h.back(at(0, 0)), None);
        h.push(at(0, 5));
        h.push(at(1, 7));
        assert_eq!(h.back(at(2, 0)), Some(at(1, 7)));
        assert_eq!(h.back(at(1, 8)), Some(at(0, 5)));
        assert_eq!(h.forward(at(0, 5)), Some(at(1, 8)));
        assert_eq!(h.forward(at(1, 8)), Some(at(2, 0)));
        assert_eq!(h.forward(at(2, 0)), None);
        assert_eq!(h.depth(), (2, 0));
    }

    #[test]
    fn history_new_visit_clears_forward() {
        let mut h = History::default();
        h.push(at(0, 0));
        h.back(at(1, 0));
        h.push(at(0, 0));
        assert_eq!(h.forward(at(3, 0)), None);
    }
}
