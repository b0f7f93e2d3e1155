//! Keys in pop-ups: move, choose, close.

use super::super::help;
use super::super::popup::Popup;
use super::super::reader::Landing;
use super::super::{Action, App, Effect};

impl App {
    pub(super) fn popup_action(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.viewport.popup_rows();
        let page = isize::try_from(rows).unwrap_or(isize::MAX);
        let outline_len = self.reader.as_ref().map_or(0, |r| r.doc.headings.len());
        let help_last = match self.popup {
            Some(Popup::Help { .. }) => {
                help::line_count(&help::sections(self)).saturating_sub(rows)
            }
            _ => 0,
        };
        if matches!(self.popup, Some(Popup::Preview(_))) {
            return self.preview_action(action);
        }
        let Some(popup) = self.popup.as_mut() else {
            return Vec::new();
        };
        if let Popup::Help { scroll } = popup {
            match action {
                Action::MoveDown => *scroll = (*scroll + 1).min(help_last),
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll = (*scroll + rows).min(help_last),
                Action::PageUp => *scroll = scroll.saturating_sub(rows),
                Action::MoveTop => *scroll = 0,
                Action::MoveBottom => *scroll = help_last,
                _ => self.popup = None,
            }
            return Vec::new();
        }
        match action {
            Action::Back => self.popup = None,
            Action::OpenExternal => return self.open_selected_external(),
            Action::CopyLink => return self.copy_selected_link(),
            Action::Choose => return self.choose_in_popup(),
            _ => {
                if let Some((list, len)) = popup.list_mut(outline_len) {
                    let delta = match action {
                        Action::MoveDown => 1,
                        Action::MoveUp => -1,
                        Action::PageDown => page,
                        Action::PageUp => -page,
                        Action::MoveTop => isize::MIN / 2,
                        Action::MoveBottom => isize::MAX / 2,
                        _ => 0,
                    };
                    list.move_by(delta, len, rows);
                }
            }
        }
        Vec::new()
    }

    fn choose_in_popup(&mut self) -> Vec<Effect> {
        let Some(popup) = self.popup.take() else {
            return Vec::new();
        };
        match popup {
            Popup::Outline { list } => {
                let rows = self.viewport.reader_rows();
                if let Some(reader) = self.reader.as_mut()
                    && let Some(h) = reader.doc.headings.get(list.cursor)
                {
                    reader.scroll = h.line;
                    reader.clamp(rows);
                }
                Vec::new()
            }
            Popup::Backlinks { posts, list } => match posts.get(list.cursor) {
                Some(&post) => self.open_post(post, Some(Landing::Top), true),
                None => Vec::new(),
            },
            Popup::Search { query, hits, list } => {
                if let Some(hit) = hits.as_ref().and_then(|h| h.get(list.cursor)) {
                    self.open_search_hit(hit.post, query)
                } else {
                    self.popup = Some(Popup::Search { query, hits, list });
                    Vec::new()
                }
            }
            other => {
                self.popup = Some(other);
                Vec::new()
            }
        }
    }
}
