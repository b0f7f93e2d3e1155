//! The reader: one post rendered for the current width, a scroll position, a selected
//! link and in-post search hits. Rendering happens once per post and width; drawing only
//! looks at the visible lines.

use std::sync::Arc;

use crate::core::index::Index;
use crate::core::post::PostId;
use crate::render::document::{DocumentOptions, render_post, render_post_first};
use crate::render::markdown::Rendered;

use super::text_search::{LineHit, find_in_lines};

/// Search within the open post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostSearch {
    /// What is searched for.
    pub query: String,
    /// Every hit, in order.
    pub hits: Vec<LineHit>,
    /// The hit last jumped to.
    pub current: usize,
}

/// Where to scroll once the text is loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Landing {
    /// The top.
    #[default]
    Top,
    /// A remembered line.
    Line(usize),
    /// A heading anchor (`#fragment`).
    Anchor(String),
    /// The first hit of a search.
    Search(String),
    /// A 1-based line of the post's file (a problem's line), shown a third of the way down.
    SourceLine(usize),
    /// The place shown before a new rendering of the post: the same line at the top
    /// (`scroll` of a rendering whose card had `card_lines` lines), counted from the
    /// card's end, so a card that grew or shrank moves nothing.
    Kept {
        /// The first visible line then.
        scroll: usize,
        /// The card's lines then.
        card_lines: usize,
    },
}

/// The open post.
#[derive(Clone, Debug)]
pub struct Reader {
    /// The post.
    pub post: PostId,
    /// Its file text, once read.
    pub text: Option<Arc<String>>,
    /// Why it could not be read.
    pub error: Option<String>,
    /// The rendered text for `width`.
    pub doc: Rendered,
    /// The width `doc` was rendered for.
    pub width: usize,
    /// The first visible line.
    pub scroll: usize,
    /// The selected link (index into `doc.links`).
    pub selected: Option<usize>,
    /// In-post search.
    pub search: Option<PostSearch>,
    /// Where to land once rendered the first time.
    pub landing: Option<Landing>,
    /// The width a background render is under way for.
    pub rendering: Option<usize>,
    /// The render under way started before something it depends on changed (the code
    /// grammars loaded): render again once it lands.
    pub stale: bool,
}

impl Reader {
    /// A reader for `post`, waiting for its text.
    pub fn new(post: PostId, landing: Landing) -> Reader {
        Reader {
            post,
            text: None,
            error: None,
            doc: Rendered::default(),
            width: 0,
            scroll: 0,
            selected: None,
            search: None,
            landing: Some(landing),
            rendering: None,
            stale: false,
        }
    }

    /// Whether the text still needs rendering at `width` (not rendered, or for another
    /// width, and not already being rendered for it in the background).
    pub fn needs_render(&self, width: usize) -> bool {
        self.text.is_some()
            && (self.width != width || self.doc.lines.is_empty())
            && self.rendering != Some(width)
    }

    /// Render for `width` here and now (small posts), and install the result.
    pub fn render(&mut self, index: &Index, width: usize, rows: usize) -> Option<String> {
        let text = self.text.clone()?;
        let doc = render_post(index, self.post, &text, width, DocumentOptions::default());
        self.install(doc, width, rows)
    }

    /// Render the first part of the text (at least `min_lines` body lines) for `width`
    /// here and now, and install it: a large post, whose whole rendering is left to a
    /// worker. Whether that part was the whole post, and the note of [`Reader::install`].
    pub fn render_first_part(
        &mut self,
        index: &Index,
        width: usize,
        rows: usize,
        min_lines: usize,
    ) -> (bool, Option<String>) {
        let Some(text) = self.text.clone() else {
            return (false, None);
        };
        let doc = render_post_first(
            index,
            self.post,
            &text,
            width,
            DocumentOptions::default(),
            min_lines,
        );
        let whole = !doc.partial;
        (whole, self.install(doc, width, rows))
    }

    /// Show `doc`, rendered for `width`. The first time, scroll to the landing place
    /// (returning a note when it is not there); later, keep the same share of the post
    /// above the screen.
    ///
    /// A first part ([`Rendered::partial`]) shows at once; a landing place it does not
    /// reach waits for the whole, and the scroll position carries over between a part and
    /// its whole (they share their lines).
    pub fn install(&mut self, doc: Rendered, width: usize, rows: usize) -> Option<String> {
        let old_len = self.doc.lines.len().max(1);
        let part_involved = self.doc.partial || doc.partial;
        self.doc = doc;
        self.width = width;
        self.rendering = None;
        if let Some(search) = &mut self.search {
            search.hits = find_in_lines(&self.doc.lines, &search.query);
            search.current = search.current.min(search.hits.len().saturating_sub(1));
        }
        if self.doc.partial
            && self
                .landing
                .as_ref()
                .is_some_and(|l| !self.reaches(l, rows))
        {
            // The landing place is shown when the rest arrives; the top meanwhile.
            self.clamp(rows);
            return None;
        }
        let mut note = None;
        match self.landing.take() {
            None if part_involved => {}
            None => self.scroll = self.scroll.saturating_mul(self.doc.lines.len()) / old_len,
            Some(Landing::Top) => self.scroll = 0,
            Some(Landing::Line(line)) => self.scroll = line,
            Some(Landing::Kept { scroll, card_lines }) => {
                self.scroll = kept_scroll(scroll, card_lines, self.doc.card_lines);
            }
            Some(Landing::Anchor(anchor)) => {
                if !self.jump_to_anchor(&anchor) {
                    note = Some(format!("No heading #{anchor} in this post"));
                }
            }
            Some(Landing::SourceLine(line)) => {
                self.scroll = 0;
                if let Some(row) = self.doc.row_of_source_line(line) {
                    self.reveal(row, rows);
                }
            }
            Some(Landing::Search(query)) => {
                self.set_search(&query);
                self.jump_to_hit(0, rows);
            }
        }
        self.clamp(rows);
        note
    }

    /// Whether the rendering shows `landing` (a first part may not reach it yet).
    fn reaches(&self, landing: &Landing, rows: usize) -> bool {
        let doc = &self.doc;
        match landing {
            Landing::Top => true,
            Landing::Line(line) => line + rows <= doc.lines.len(),
            Landing::Kept { scroll, card_lines } => {
                kept_scroll(*scroll, *card_lines, doc.card_lines) + rows <= doc.lines.len()
            }
            Landing::Anchor(anchor) => {
                let wanted = crate::render::markdown::anchor(anchor);
                doc.headings
                    .iter()
                    .any(|h| h.anchor == wanted || h.anchor == *anchor)
            }
            Landing::Search(query) => !find_in_lines(&doc.lines, query).is_empty(),
            Landing::SourceLine(line) => doc.source_lines.last().is_some_and(|l| l >= line),
        }
    }

    /// Whether a code block's line is among the `rows` lines on screen.
    pub fn code_on_screen(&self, rows: usize) -> bool {
        use crate::render::styled::Role;
        let end = (self.scroll + rows).min(self.doc.lines.len());
        self.doc.lines[self.scroll.min(end)..end]
            .iter()
            .any(|line| {
                line.spans
                    .iter()
                    .any(|s| matches!(s.style.role, Role::CodeBlock | Role::Syntax(_)))
            })
    }

    /// Whether only the first part of the post is rendered (the rest is on its way).
    pub fn partial(&self) -> bool {
        self.doc.partial
    }

    /// The largest useful scroll position (with a first part, one row more: the line
    /// saying the rest is being rendered).
    pub fn max_scroll(&self, rows: usize) -> usize {
        (self.doc.lines.len() + usize::from(self.doc.partial)).saturating_sub(rows)
    }

    /// Scroll by `delta` lines.
    pub fn scroll_by(&mut self, delta: isize, rows: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(rows));
    }

    /// Keep the scroll position in range.
    pub fn clamp(&mut self, rows: usize) {
        self.scroll = self.scroll.min(self.max_scroll(rows));
    }

    /// Scroll so `line` is visible, a third of the way down when it was off screen.
    pub fn reveal(&mut self, line: usize, rows: usize) {
        if line < self.scroll || line >= self.scroll + rows {
            self.scroll = line.saturating_sub(rows / 3);
            self.clamp(rows);
        }
    }

    /// Select the next (`forward`) or previous link, starting from what is visible when
    /// nothing is selected, and scroll it into view.
    pub fn step_link(&mut self, forward: bool, rows: usize) -> bool {
        let links = &self.doc.links;
        if links.is_empty() {
            return false;
        }
        let next = match (self.selected, forward) {
            (Some(i), true) => (i + 1) % links.len(),
            (Some(i), false) => (i + links.len() - 1) % links.len(),
            (None, true) => links
                .iter()
                .position(|l| l.line >= self.scroll)
                .unwrap_or(0),
            (None, false) => links
                .iter()
                .rposition(|l| l.line < self.scroll + rows)
                .unwrap_or(links.len() - 1),
        };
        self.selected = Some(next);
        self.reveal(links[next].line, rows);
        true
    }

    /// Scroll to the heading with `anchor` (GitHub-style), if there is one.
    pub fn jump_to_anchor(&mut self, anchor: &str) -> bool {
        let wanted = crate::render::markdown::anchor(anchor);
        match self
            .doc
            .headings
            .iter()
            .find(|h| h.anchor == wanted || h.anchor == anchor)
        {
            Some(h) => {
                self.scroll = h.line;
                true
            }
            // Not in the first part: go there when the rest arrives.
            None if self.doc.partial => {
                self.landing = Some(Landing::Anchor(anchor.to_owned()));
                true
            }
            None => false,
        }
    }

    /// Start or change the in-post search.
    pub fn set_search(&mut self, query: &str) {
        let hits = find_in_lines(&self.doc.lines, query);
        let current = hits.iter().position(|h| h.line >= self.scroll).unwrap_or(0);
        self.search = Some(PostSearch {
            query: query.to_owned(),
            hits,
            current,
        });
    }

    /// Jump to search hit `i` (wrapping).
    pub fn jump_to_hit(&mut self, i: usize, rows: usize) -> bool {
        let Some(search) = &mut self.search else {
            return false;
        };
        if search.hits.is_empty() {
            return false;
        }
        search.current = i % search.hits.len();
        let line = search.hits[search.current].line;
        self.reveal(line, rows);
        true
    }
}

/// Where `scroll` of a rendering whose card had `old_card` lines is in one whose card has
/// `new_card`: the top stays the top; else the same line at the same distance from the
/// card's end (problem lines come and go in its middle, the rule under it stays).
fn kept_scroll(scroll: usize, old_card: usize, new_card: usize) -> usize {
    if scroll == 0 {
        0
    } else {
        (scroll + new_card).saturating_sub(old_card)
    }
}

#[cfg(test)]
mod tests {
    use super::kept_scroll;

    /// A new rendering keeps the top at the top and a body line at the top when the card
    /// above it grows or shrinks.
    #[test]
    fn kept_scroll_follows_the_card() {
        assert_eq!(kept_scroll(0, 4, 6), 0);
        assert_eq!(kept_scroll(10, 4, 6), 12);
        assert_eq!(kept_scroll(10, 6, 4), 8);
        assert_eq!(kept_scroll(1, 6, 4), 0);
    }
}
