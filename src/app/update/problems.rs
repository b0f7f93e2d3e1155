//! The problems view (`!`): walking every problem of the site, narrowing by level and
//! kind, and opening a problem in the reader or the editor at its line; and the reader's
//! keys for the next / previous post with problems.

use super::super::problems::ProblemsView;
use super::super::reader::Landing;
use super::super::{Action, App, Effect, Screen, Tone};
use crate::core::post::PostId;

impl App {
    /// `!`: open the problems view (where it was left, with the index as it is now).
    pub(super) fn show_problems(&mut self) -> Vec<Effect> {
        if self.screen != Screen::Problems {
            self.before_problems = self.screen;
        }
        self.popup = None;
        self.screen = Screen::Problems;
        self.refresh_problems();
        Vec::new()
    }

    /// Recompute the problems view's rows after the index changed.
    pub(super) fn refresh_problems(&mut self) {
        let rows = self.viewport.list_rows();
        if let Some(content) = &self.content {
            self.problems
                .rebuild(&content.index, &content.catalog.problems, rows);
        }
    }

    pub(super) fn problems_action(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.viewport.list_rows();
        let page = isize::try_from(rows).unwrap_or(isize::MAX);
        let view: &mut ProblemsView = &mut self.problems;
        let len = view.rows.len();
        match action {
            Action::MoveDown => view.list.move_by(1, len, rows),
            Action::MoveUp => view.list.move_by(-1, len, rows),
            Action::MoveTop => view.list.set(0, len, rows),
            Action::MoveBottom => view.list.set(len, len, rows),
            Action::PageDown | Action::HalfPageDown => view.list.move_by(page, len, rows),
            Action::PageUp | Action::HalfPageUp => view.list.move_by(-page, len, rows),
            Action::CycleLevelFilter => {
                view.level = view.level.next();
                self.refresh_problems();
                self.say(
                    Tone::Info,
                    format!("Showing {}", self.problems.level.label()),
                );
            }
            Action::CycleKindFilter => {
                if let Some(content) = &self.content {
                    view.cycle_kind(&content.catalog.problems);
                }
                self.refresh_problems();
                let shown = self
                    .problems
                    .kind
                    .map_or("every kind", crate::core::problem::ProblemKind::as_str);
                self.say(Tone::Info, format!("Showing {shown}"));
            }
            Action::Choose => return self.open_problem(false),
            Action::Edit => return self.open_problem(true),
            Action::Back => {
                self.screen = match self.before_problems {
                    Screen::Reader if self.reader.is_some() => Screen::Reader,
                    _ => Screen::Library,
                };
            }
            _ => {}
        }
        Vec::new()
    }

    /// Open the post under the cursor at its problem's line: in the reader, or (`edit`)
    /// in the editor with the cursor on that line.
    fn open_problem(&mut self, edit: bool) -> Vec<Effect> {
        let Some((post, line)) = self.index().and_then(|i| self.problems.target_line(i)) else {
            return Vec::new();
        };
        if edit {
            self.edit_at_line = Some(line);
            return self.start_edit(post);
        }
        self.open_post(post, Some(Landing::SourceLine(line)), true)
    }

    /// `]` / `[` in the reader: the next or previous post with problems, in the problems
    /// view's order, opened at its first problem; the status line says which.
    pub(super) fn step_problem_post(&mut self, forward: bool) -> Vec<Effect> {
        let Some(content) = self.content.clone() else {
            return Vec::new();
        };
        let summary = &content.catalog.problems;
        let from: Option<PostId> = self.reader.as_ref().map(|r| r.post);
        let Some(next) = summary.step(from, forward) else {
            let why = if content.index.checked {
                "No problems in this site"
            } else {
                "Still checking the site: its problems show when indexing is done"
            };
            self.say(Tone::Info, why);
            return Vec::new();
        };
        let position = summary.posts.iter().position(|&p| p == next).unwrap_or(0);
        let problems = content.index.problems(next);
        let Some(first) = problems.first() else {
            return Vec::new();
        };
        let effects = self.open_post(next, Some(Landing::SourceLine(first.line)), true);
        self.say(
            Tone::Info,
            format!(
                "Problem post {}/{} · {} problem{} · line {}: {} {}",
                position + 1,
                summary.posts.len(),
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                first.line,
                first.kind.as_str(),
                first.message
            ),
        );
        effects
    }
}
