//! Reader keys: scrolling, selecting and following links, history, search, outline,
//! backlinks, and the external-link keys.

use crate::core::link_resolve::{LinkStatus, Resolution};

use super::super::history::Place;
use super::super::input::{Input, Purpose};
use super::super::list_cursor::ListCursor;
use super::super::popup::Popup;
use super::super::reader::Landing;
use super::super::{Action, App, Effect, Screen, Tone};

/// URL schemes folio hands to the system opener.
const OPENABLE: [&str; 3] = ["http://", "https://", "mailto:"];

impl App {
    pub(super) fn reader_action(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.viewport.reader_rows();
        let page = isize::try_from(rows).unwrap_or(isize::MAX);
        let Some(reader) = self.reader.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::NextProblemPost => return self.step_problem_post(true),
            Action::Rename => {
                let id = reader.post;
                return self.start_post_rename(id);
            }
            Action::PrevProblemPost => return self.step_problem_post(false),
            Action::MoveDown => reader.scroll_by(1, rows),
            Action::MoveUp => reader.scroll_by(-1, rows),
            Action::PageDown => reader.scroll_by(page.saturating_sub(1).max(1), rows),
            Action::PageUp => reader.scroll_by(-page.saturating_sub(1).max(1), rows),
            Action::HalfPageDown => reader.scroll_by(page / 2, rows),
            Action::HalfPageUp => reader.scroll_by(-page / 2, rows),
            Action::MoveTop => reader.scroll = 0,
            Action::MoveBottom => reader.scroll = reader.max_scroll(rows),
            Action::NextLink | Action::PrevLink
                if !reader.step_link(action == Action::NextLink, rows) =>
            {
                self.say(Tone::Info, "This post has no links");
            }
            Action::FollowLink => return self.follow_link(),
            Action::HistoryBack => return self.go_history(true),
            Action::HistoryForward => return self.go_history(false),
            Action::ShowBacklinks => self.show_backlinks(),
            Action::ShowOutline => {
                if reader.doc.headings.is_empty() {
                    self.say(Tone::Info, "This post has no headings");
                } else {
                    let current = reader
                        .doc
                        .headings
                        .iter()
                        .rposition(|h| h.line <= reader.scroll)
                        .unwrap_or(0);
                    let mut list = ListCursor::default();
                    list.set(
                        current,
                        reader.doc.headings.len(),
                        self.viewport.popup_rows(),
                    );
                    self.popup = Some(Popup::Outline { list });
                }
            }
            Action::SearchInPost => {
                let text = reader
                    .search
                    .as_ref()
                    .map(|s| s.query.clone())
                    .unwrap_or_default();
                self.input = Some(Input {
                    purpose: Purpose::SearchPost,
                    text,
                });
            }
            Action::NextMatch | Action::PrevMatch => {
                let Some(search) = &reader.search else {
                    self.say(Tone::Info, "No search: press / to search in this post");
                    return Vec::new();
                };
                let n = search.hits.len();
                let next = if action == Action::NextMatch {
                    search.current + 1
                } else {
                    search.current + n.max(1) - 1
                };
                let query = search.query.clone();
                // A first part may not hold every hit yet.
                let so_far = if reader.partial() { " so far" } else { "" };
                if reader.jump_to_hit(next, rows) {
                    let current = reader.search.as_ref().map_or(0, |s| s.current);
                    self.say(
                        Tone::Info,
                        format!("“{query}”: {} of {n}{so_far}", current + 1),
                    );
                } else {
                    self.say(Tone::Error, format!("“{query}” not found{so_far}"));
                }
            }
            Action::OpenExternal => return self.open_selected_external(),
            Action::CopyLink => return self.copy_selected_link(),
            Action::Back => self.reader_back(),
            Action::Edit | Action::EditTags | Action::EditExternally => {
                let id = reader.post;
                return self.edit_post(action, id);
            }
            Action::ToggleReviewed => {
                let id = reader.post;
                return self.toggle_reviewed(id);
            }
            _ => {}
        }
        Vec::new()
    }

    fn reader_back(&mut self) {
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        if reader.search.is_some() {
            reader.search = None;
        } else if reader.selected.is_some() {
            reader.selected = None;
        } else {
            let post = reader.post;
            self.remember_reader();
            self.screen = Screen::Library;
            self.show_in_library(post);
        }
    }

    /// The selected link's target and resolution, if any.
    fn selected_link(&self) -> Option<(String, Option<Resolution>)> {
        let reader = self.reader.as_ref()?;
        let link = reader.doc.links.get(reader.selected?)?;
        let resolved = self.index().and_then(|index| {
            index
                .links(reader.post)
                .find(|l| l.target == link.target)
                .map(|l| l.resolution())
        });
        Some((link.target.clone(), resolved))
    }

    fn follow_link(&mut self) -> Vec<Effect> {
        let Some((target, resolved)) = self.selected_link() else {
            self.say(Tone::Info, "No link selected: press Tab to select one");
            return Vec::new();
        };
        if self.defer_until_indexed(Action::FollowLink, "the link is followed") {
            return Vec::new();
        }
        let Some(link) = resolved else {
            self.say(
                Tone::Error,
                format!("Cannot follow {target}: not in the index"),
            );
            return Vec::new();
        };
        match (link.status, link.post) {
            (LinkStatus::Ok, Some(post)) => {
                let landing = link.fragment.map_or(Landing::Top, Landing::Anchor);
                let same = self.reader.as_ref().is_some_and(|r| r.post == post);
                if same {
                    self.jump_within(landing);
                    Vec::new()
                } else {
                    self.open_post(post, Some(landing), true)
                }
            }
            (LinkStatus::Broken, _) => {
                let reason = link.reason.unwrap_or_else(|| "does not resolve".to_owned());
                self.say(Tone::Error, format!("Broken link {target}: {reason}"));
                Vec::new()
            }
            (LinkStatus::External, _) => {
                self.popup = Some(Popup::Link { url: target });
                Vec::new()
            }
            _ => {
                self.say(
                    Tone::Info,
                    format!("{target} is a file of the site, not a post (y copies it)"),
                );
                Vec::new()
            }
        }
    }

    fn jump_within(&mut self, landing: Landing) {
        let rows = self.viewport.reader_rows();
        let Some(reader) = self.reader.as_mut() else {
            return;
        };
        let place = Place {
            post: reader.post,
            scroll: reader.scroll,
        };
        if let Landing::Anchor(anchor) = landing {
            if reader.jump_to_anchor(&anchor) {
                reader.clamp(rows);
                self.history.push(place);
            } else {
                self.say(Tone::Error, format!("No heading #{anchor} in this post"));
            }
        }
    }

    fn go_history(&mut self, back: bool) -> Vec<Effect> {
        let Some(reader) = self.reader.as_ref() else {
            return Vec::new();
        };
        let current = Place {
            post: reader.post,
            scroll: reader.scroll,
        };
        let place = if back {
            self.history.back(current)
        } else {
            self.history.forward(current)
        };
        let Some(place) = place else {
            let what = if back { "Start" } else { "End" };
            self.say(Tone::Info, format!("{what} of history"));
            return Vec::new();
        };
        if place.post == current.post {
            let rows = self.viewport.reader_rows();
            if let Some(reader) = self.reader.as_mut() {
                reader.scroll = place.scroll;
                reader.clamp(rows);
            }
            return Vec::new();
        }
        self.open_post(place.post, Some(Landing::Line(place.scroll)), false)
    }

    fn show_backlinks(&mut self) {
        if self.defer_until_indexed(Action::ShowBacklinks, "the backlinks show") {
            return;
        }
        let (Some(reader), Some(index)) = (self.reader.as_ref(), self.index()) else {
            return;
        };
        let mut posts = index.backlinks(reader.post).to_vec();
        posts.sort_by(|&a, &b| index.posts[b].date.cmp(&index.posts[a].date));
        if posts.is_empty() {
            self.say(Tone::Info, "No posts link here");
        } else {
            self.popup = Some(Popup::Backlinks {
                posts,
                list: ListCursor::default(),
            });
        }
    }

    pub(super) fn open_selected_external(&mut self) -> Vec<Effect> {
        let Some((target, resolved)) = self.selected_link() else {
            self.say(Tone::Info, "No link selected: press Tab to select one");
            return Vec::new();
        };
        if self.defer_until_indexed(Action::OpenExternal, "the link opens") {
            return Vec::new();
        }
        let external = resolved.is_some_and(|l| l.status == LinkStatus::External);
        let lower = target.to_ascii_lowercase();
        if external && OPENABLE.iter().any(|s| lower.starts_with(s)) {
            self.popup = None;
            self.say(Tone::Info, format!("Opening {target}"));
            vec![Effect::OpenUrl(target)]
        } else {
            self.say(
                Tone::Error,
                format!("Only http, https and mailto links open in a browser: {target}"),
            );
            Vec::new()
        }
    }

    pub(super) fn copy_selected_link(&mut self) -> Vec<Effect> {
        let Some((target, _)) = self.selected_link() else {
            self.say(Tone::Info, "No link selected: press Tab to select one");
            return Vec::new();
        };
        self.popup = None;
        self.say(Tone::Info, format!("Copied {target}"));
        vec![Effect::Copy(target)]
    }

    pub(super) fn reader_click(&mut self, column: u16, row: u16) -> Vec<Effect> {
        let Some(reader) = self.reader.as_mut() else {
            return Vec::new();
        };
        let Some(line) = reader.doc.lines.get(reader.scroll + usize::from(row)) else {
            return Vec::new();
        };
        let mut x = 1usize;
        let column = usize::from(column);
        for span in &line.spans {
            let w = span.width();
            if column >= x && column < x + w {
                if let Some(link) = span.link {
                    reader.selected = Some(link);
                    return self.follow_link();
                }
                break;
            }
            x += w;
        }
        Vec::new()
    }
}
