//! Pop-ups over the current screen: help, outline, backlinks, full-text search results,
//! and the external-link box.

use crate::core::post::PostId;

use super::list_cursor::ListCursor;
use super::text_search::SearchHit;

/// An open pop-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Popup {
    /// The command palette.
    Palette(Box<super::palette::Palette>),
    /// Choosing the tag to merge into.
    TagPicker(Box<super::site_change::TagPicker>),
    /// A planned site-wide change, waiting for a confirm.
    Preview(Box<super::site_change::Preview>),
    /// Every key of the screen below.
    Help {
        /// First visible line.
        scroll: usize,
    },
    /// The open post's headings.
    Outline {
        /// Cursor among the headings.
        list: ListCursor,
    },
    /// Posts linking to the open post.
    Backlinks {
        /// The posts.
        posts: Vec<PostId>,
        /// Cursor among them.
        list: ListCursor,
    },
    /// Full-text search results.
    Search {
        /// What was searched for.
        query: String,
        /// The hits, `None` while searching.
        hits: Option<Vec<SearchHit>>,
        /// Cursor among them.
        list: ListCursor,
    },
    /// An external link: its URL, with open and copy keys.
    Link {
        /// The URL.
        url: String,
    },
}

impl Popup {
    /// The cursor of a list pop-up and its length.
    pub fn list_mut(&mut self, outline_len: usize) -> Option<(&mut ListCursor, usize)> {
        match self {
            Popup::Outline { list } => Some((list, outline_len)),
            Popup::Backlinks { posts, list } => Some((list, posts.len())),
            Popup::Search { hits, list, .. } => Some((list, hits.as_ref().map_or(0, Vec::len))),
            Popup::Palette(palette) => Some((&mut palette.list, palette.shown.len())),
            Popup::TagPicker(picker) => Some((&mut picker.list, picker.shown.len())),
            Popup::Preview(_) => None,
            Popup::Help { .. } | Popup::Link { .. } => None,
        }
    }
}
