//! The editor: opening a post for editing, typing, saving safely, the unsaved / conflict /
//! recovery prompts, journalling and watching the file.

use crossterm::event::{KeyCode, KeyEvent};

use super::super::editor::{AfterLeave, Choice, Editor, Opened, Pane, Prompt};
use super::super::{Action, AfterSave, App, Effect, SaveFailure, Screen, Tone};
use crate::core::post::PostId;
use crate::core::save::Snapshot;

/// Ticks between checks of the file on disk (about a second).
const CHECK_DISK_EVERY: u64 = 4;
/// Ticks between journal writes of unsaved edits (about two seconds).
const JOURNAL_EVERY: u64 = 8;

impl App {
    /// `e`, `#` or `E` on post `id`.
    pub(super) fn edit_post(&mut self, action: Action, id: PostId) -> Vec<Effect> {
        match action {
            Action::EditTags => {
                self.start_tag_edit(id);
                Vec::new()
            }
            Action::EditExternally => match self.index() {
                Some(index) => vec![Effect::EditExternally {
                    path: index.path_of(id),
                    line: self.reader_source_line(id),
                }],
                None => Vec::new(),
            },
            _ => self.start_edit(id),
        }
    }

    /// `e`: open post `id` in the editor.
    pub(super) fn start_edit(&mut self, id: PostId) -> Vec<Effect> {
        let Some(index) = self.index() else {
            return Vec::new();
        };
        let path = index.path_of(id);
        vec![Effect::OpenEditor {
            post: Some(id),
            path,
        }]
    }

    pub(super) fn editor_opened(&mut self, result: Result<Box<Opened>, String>) -> Vec<Effect> {
        match result {
            Err(e) => {
                self.edit_at_line = None;
                self.say(Tone::Error, e);
                Vec::new()
            }
            Ok(opened) => {
                // A journal identical to the file is nothing to recover.
                let mut opened = *opened;
                if let Some(j) = &opened.journal {
                    let same = crate::core::edit::editable_parts(&opened.text)
                        == (j.yaml.clone(), j.body.clone());
                    if same {
                        opened.journal = None;
                    }
                }
                if self.screen != Screen::Editor {
                    self.before_editor = self.screen;
                }
                let note = opened.read_only.clone();
                let mut editor = Editor::new(opened);
                if let Some(line) = self.edit_at_line.take() {
                    editor.go_to_file_line(line);
                }
                self.editor = Some(editor);
                self.screen = Screen::Editor;
                self.popup = None;
                if let Some(reason) =
                    note.or_else(|| self.editor.as_ref().and_then(|e| e.read_only.clone()))
                {
                    self.say(Tone::Error, format!("Read-only: {reason}"));
                }
                Vec::new()
            }
        }
    }

    pub(super) fn editor_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        if editor.read_only.is_some() && !is_navigation(key) {
            self.say(
                Tone::Error,
                "This file is read-only here (E edits it in $EDITOR)",
            );
            return Vec::new();
        }
        self.message = None;
        if editor.focused().input(key) {
            editor.version += 1;
            if editor.focus == Pane::FrontMatter {
                editor.recheck();
            }
        }
        Vec::new()
    }

    pub(super) fn editor_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        match action {
            Action::Save => return self.save_editor(AfterSave::Stay),
            Action::OtherPane => {
                editor.focus = match editor.focus {
                    Pane::FrontMatter => Pane::Body,
                    Pane::Body => Pane::FrontMatter,
                };
            }
            Action::TogglePreview => {
                editor.preview = !editor.preview;
                self.refresh_preview();
            }
            Action::Back => return self.leave_editor(AfterLeave::Close),
            Action::Quit | Action::ForceQuit => return self.leave_editor(AfterLeave::Quit),
            _ => {}
        }
        Vec::new()
    }

    /// Leave the editor (or quit), asking first when there are unsaved edits.
    pub(super) fn leave_editor(&mut self, after: AfterLeave) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        if editor.is_dirty() {
            editor.prompt = Some(Prompt::Unsaved(after));
            return Vec::new();
        }
        let path = editor.path.clone();
        self.close_editor();
        let mut effects = vec![Effect::ClearJournal(path)];
        if after == AfterLeave::Quit {
            effects.extend(self.update(super::super::Msg::Action(Action::Quit)));
        }
        effects
    }

    pub(super) fn close_editor(&mut self) {
        self.editor = None;
        self.screen = match self.before_editor {
            Screen::Reader if self.reader.is_some() => Screen::Reader,
            Screen::Problems => Screen::Problems,
            _ => Screen::Library,
        };
    }

    pub(super) fn save_editor(&mut self, then: AfterSave) -> Vec<Effect> {
        let Some(editor) = self.editor.as_ref() else {
            return Vec::new();
        };
        if let Some(reason) = &editor.read_only {
            self.say(Tone::Error, format!("Not saved: read-only ({reason})"));
            return Vec::new();
        }
        if editor.changed_on_disk {
            if let Some(editor) = self.editor.as_mut() {
                // A deleted file is no conflict: the question is whether to recreate it.
                editor.prompt = Some(if editor.disk.is_none() {
                    Prompt::Recreate
                } else {
                    Prompt::Conflict
                });
                editor.after_conflict = then;
            }
            return Vec::new();
        }
        match editor.bytes() {
            Ok((bytes, text)) => vec![Effect::Save {
                path: editor.path.clone(),
                bytes,
                text,
                expected: Some(editor.snapshot.clone()),
                then,
            }],
            Err(e) => {
                self.say(Tone::Error, format!("Not saved: {e}"));
                Vec::new()
            }
        }
    }

    pub(super) fn answer(&mut self, key: char) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        let Some(prompt) = editor.prompt.clone() else {
            return Vec::new();
        };
        let (_, options) = prompt.options();
        let Some(&(_, _, choice)) = options.iter().find(|(k, _, _)| *k == key) else {
            return Vec::new();
        };
        editor.prompt = None;
        match (prompt, choice) {
            (_, Choice::Cancel) => Vec::new(),
            (
                prompt @ (Prompt::SaveFailed(_)
                | Prompt::Recreate
                | Prompt::ConfirmDiscard
                | Prompt::ConfirmOverwrite(..)),
                choice,
            ) => self.answer_failed_save(prompt, choice),
            (Prompt::Unsaved(after), Choice::Save) => self.save_editor(match after {
                AfterLeave::Close => AfterSave::Close,
                AfterLeave::Quit => AfterSave::Quit,
            }),
            (Prompt::Unsaved(after), Choice::Discard) => {
                let path = editor.path.clone();
                self.close_editor();
                let mut effects = vec![Effect::ClearJournal(path)];
                if after == AfterLeave::Quit {
                    self.remember_reader();
                    effects.push(Effect::Quit);
                }
                effects
            }
            (Prompt::Conflict, Choice::Reload) => {
                editor.prompt = Some(Prompt::ConfirmReload);
                Vec::new()
            }
            (Prompt::ConfirmReload, Choice::ConfirmReload) => {
                let (post, path) = (editor.post, editor.path.clone());
                vec![
                    Effect::ClearJournal(path.clone()),
                    Effect::OpenEditor { post, path },
                ]
            }
            (Prompt::Conflict, Choice::Overwrite) => match editor.bytes() {
                Ok((bytes, text)) => {
                    // Overwrite what is on disk now (as seen when the save was refused).
                    let expected = editor.disk.clone();
                    vec![Effect::Save {
                        path: editor.path.clone(),
                        bytes,
                        text,
                        expected,
                        then: editor.after_conflict,
                    }]
                }
                Err(e) => {
                    self.say(Tone::Error, format!("Not saved: {e}"));
                    Vec::new()
                }
            },
            (Prompt::Conflict, Choice::SaveBeside) => match editor.bytes() {
                Ok((bytes, _)) => vec![Effect::SaveBeside {
                    path: editor.path.clone(),
                    bytes,
                }],
                Err(e) => {
                    self.say(Tone::Error, format!("Not saved: {e}"));
                    Vec::new()
                }
            },
            (Prompt::Recover(journal), Choice::Restore) => {
                editor.restore(&journal);
                if journal.starts_from(editor.snapshot.hash) {
                    self.say(Tone::Info, "Recovered edits restored; Ctrl-S saves them");
                } else {
                    // The file changed after these edits were made: saving must ask.
                    editor.changed_on_disk = true;
                    editor.disk = Some(editor.snapshot.clone());
                    self.say(
                        Tone::Error,
                        "Recovered edits restored, but the file changed since they were made",
                    );
                }
                Vec::new()
            }
            (Prompt::Recover(_), Choice::Discard) => {
                vec![Effect::ClearJournal(editor.path.clone())]
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn saved(
        &mut self,
        path: &std::path::Path,
        result: Result<(Snapshot, String), SaveFailure>,
        then: AfterSave,
    ) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut().filter(|e| e.path == path) else {
            return Vec::new();
        };
        match result {
            Ok((snapshot, text)) => {
                editor.saved(text, snapshot);
                let mut effects = vec![
                    Effect::ClearJournal(path.to_owned()),
                    Effect::Reindex(path.to_owned()),
                ];
                self.say(Tone::Info, format!("Saved {}", path.display()));
                match then {
                    AfterSave::Stay => {}
                    AfterSave::Close => self.close_editor(),
                    AfterSave::Quit => {
                        self.close_editor();
                        self.remember_reader();
                        effects.push(Effect::Quit);
                    }
                }
                effects
            }
            Err(SaveFailure::Conflict(now)) => {
                editor.prompt = Some(if now.is_none() {
                    Prompt::Recreate
                } else {
                    Prompt::Conflict
                });
                editor.disk = now;
                editor.after_conflict = then;
                editor.changed_on_disk = true;
                Vec::new()
            }
            Err(SaveFailure::Io(why)) => {
                editor.after_conflict = then;
                self.save_failed(why);
                Vec::new()
            }
        }
    }

    pub(super) fn saved_beside(
        &mut self,
        result: Result<std::path::PathBuf, String>,
    ) -> Vec<Effect> {
        match result {
            Ok(path) => {
                self.say(
                    Tone::Info,
                    format!("Your version is saved as {}", path.display()),
                );
                let mut effects = vec![Effect::Reindex(path)];
                // The edits are safe in that file: finish the close or quit that was asked for.
                let then = self
                    .editor
                    .as_ref()
                    .map_or(AfterSave::Stay, |e| e.after_conflict);
                if then != AfterSave::Stay {
                    if let Some(editor) = self.editor.as_ref() {
                        effects.push(Effect::ClearJournal(editor.path.clone()));
                    }
                    self.close_editor();
                    if then == AfterSave::Quit {
                        self.remember_reader();
                        effects.push(Effect::Quit);
                    }
                }
                effects
            }
            Err(e) => {
                self.say(Tone::Error, format!("Not saved: {e}"));
                Vec::new()
            }
        }
    }

    /// A check of the file on disk found `now` where it expected the editor's snapshot. A
    /// check asked for before the editor's own save, and answered after it, finds the
    /// file as saved: that is what the editor holds now, no change.
    pub(super) fn disk_changed(&mut self, path: &std::path::Path, now: Option<Snapshot>) {
        if let Some(editor) = self.editor.as_mut().filter(|e| {
            e.path == path
                && !e.changed_on_disk
                && now
                    .as_ref()
                    .is_none_or(|now| now.size != e.snapshot.size || now.hash != e.snapshot.hash)
        }) {
            editor.changed_on_disk = true;
            let gone = now.is_none();
            editor.disk = now;
            self.say(
                Tone::Error,
                if gone {
                    "The file was deleted on disk; Ctrl-S offers to recreate it"
                } else {
                    "The file changed on disk since you opened it; saving will ask what to do"
                },
            );
        }
    }

    /// The preview is half the screen wide, less its border.
    pub(super) fn refresh_preview(&mut self) {
        let width = usize::from(self.viewport.width / 2)
            .saturating_sub(2)
            .max(8);
        let templates = self
            .content
            .as_ref()
            .map(|c| c.index.config.link_templates.clone())
            .unwrap_or_default();
        if let Some(editor) = self.editor.as_mut() {
            editor.refresh_preview(width, &templates);
        }
    }

    /// Timers: refresh the preview, check the file on disk and journal unsaved edits.
    pub(super) fn tick(&mut self) -> Vec<Effect> {
        self.ticks += 1;
        self.refresh_preview();
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if self.ticks.is_multiple_of(CHECK_DISK_EVERY) && !editor.changed_on_disk {
            effects.push(Effect::CheckDisk {
                path: editor.path.clone(),
                snapshot: editor.snapshot.clone(),
            });
        }
        if self.ticks.is_multiple_of(JOURNAL_EVERY) && editor.version != editor.journaled {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            if let Some(journal) = editor.journal(now) {
                editor.journaled = editor.version;
                effects.push(Effect::Journal(journal));
            }
        }
        effects
    }
}

/// Keys that only move around (allowed in read-only files).
fn is_navigation(key: KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Up
            | KeyCode::Down
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End
            | KeyCode::PageUp
            | KeyCode::PageDown
    )
}
