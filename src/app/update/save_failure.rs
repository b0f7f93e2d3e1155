//! When a save fails: the prompt that offers to save elsewhere (a path typed in the
//! status line, relative to the content root), to retry or to discard (after asking), and
//! the offer to recreate a file deleted on disk. The edits stay in the editor until one
//! of these succeeds or the user discards them.

use std::path::PathBuf;

use super::super::editor::{Choice, Prompt};
use super::super::input::{Input, Purpose};
use super::super::{AfterSave, App, Effect, SaveFailure, Tone};
use crate::core::discovery::is_markdown;
use crate::core::save::Snapshot;

impl App {
    /// A save failed for `why`: say so and ask what to do.
    pub(super) fn save_failed(&mut self, why: String) {
        self.say(
            Tone::Error,
            // What to do first: a narrow status line cuts the end of the reason, and the
            // prompt box shows it whole.
            format!(
                "Not saved (w save elsewhere, r retry, d discard): {why}; the file is untouched"
            ),
        );
        if let Some(editor) = self.editor.as_mut() {
            editor.prompt = Some(Prompt::SaveFailed(why));
        }
    }

    /// An answer to [`Prompt::SaveFailed`], [`Prompt::Recreate`],
    /// [`Prompt::ConfirmDiscard`] or [`Prompt::ConfirmOverwrite`].
    pub(super) fn answer_failed_save(&mut self, prompt: Prompt, choice: Choice) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        let then = editor.after_conflict;
        let own = editor.path.clone();
        match (prompt, choice) {
            (_, Choice::SaveElsewhere) => {
                let shown = editor.path.strip_prefix(&self.root).unwrap_or(&editor.path);
                self.input = Some(Input {
                    purpose: Purpose::SaveAs,
                    text: shown.display().to_string(),
                });
                Vec::new()
            }
            (_, Choice::Retry) => self.save_editor(then),
            (_, Choice::Discard) => {
                editor.prompt = Some(Prompt::ConfirmDiscard);
                Vec::new()
            }
            (_, Choice::ConfirmDiscard) => {
                let path = editor.path.clone();
                self.close_editor();
                self.say(Tone::Info, "Edits discarded");
                self.finish(then, vec![Effect::ClearJournal(path)])
            }
            (_, Choice::Recreate) => self.save_as(own, None, Some(then)),
            (Prompt::ConfirmOverwrite(path, now), Choice::Overwrite) => {
                self.save_as(path, Some(now), None)
            }
            _ => Vec::new(),
        }
    }

    /// Enter in the "save as" field: save the edits at `text` (relative paths are inside
    /// the content root).
    pub(super) fn submit_save_as(&mut self, text: &str) -> Vec<Effect> {
        let text = text.trim();
        if text.is_empty() {
            self.say(Tone::Error, "Not saved: no path given");
            return Vec::new();
        }
        let path = self.root.join(text);
        self.save_as(path, None, None)
    }

    /// Save the edits at `path`, which must look like `expected`. `recreate` is the
    /// editor's own file (deleted on disk) written again, then `recreate`'s step.
    fn save_as(
        &mut self,
        path: PathBuf,
        expected: Option<Snapshot>,
        recreate: Option<AfterSave>,
    ) -> Vec<Effect> {
        let Some(editor) = self.editor.as_ref() else {
            return Vec::new();
        };
        match editor.bytes() {
            Ok((bytes, text)) => vec![match recreate {
                Some(then) => Effect::Save {
                    path,
                    bytes,
                    text,
                    expected: None,
                    then,
                },
                None => Effect::SaveAs {
                    path,
                    bytes,
                    text,
                    expected,
                },
            }],
            Err(e) => {
                self.say(Tone::Error, format!("Not saved: {e}"));
                Vec::new()
            }
        }
    }

    /// The answer to [`Effect::SaveAs`]: on success the editor edits the new file.
    pub(super) fn saved_as(
        &mut self,
        path: PathBuf,
        result: Result<(Snapshot, String), SaveFailure>,
    ) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        match result {
            Ok((snapshot, text)) => {
                let old = std::mem::replace(&mut editor.path, path.clone());
                editor.post = None;
                editor.saved(text, snapshot);
                let then = editor.after_conflict;
                self.say(Tone::Info, format!("Saved as {}", path.display()));
                let mut effects = vec![Effect::ClearJournal(old)];
                if path.starts_with(&self.root) && is_markdown(&path) {
                    effects.push(Effect::Reindex(path));
                }
                if then != AfterSave::Stay {
                    self.close_editor();
                }
                self.finish(then, effects)
            }
            Err(SaveFailure::Conflict(Some(now))) => {
                editor.prompt = Some(Prompt::ConfirmOverwrite(path, now));
                Vec::new()
            }
            Err(SaveFailure::Conflict(None)) => {
                self.save_failed(format!("{} changed meanwhile", path.display()));
                Vec::new()
            }
            Err(SaveFailure::Io(why)) => {
                self.save_failed(why);
                Vec::new()
            }
        }
    }

    /// Quit after `effects` if `then` asks for it.
    fn finish(&mut self, then: AfterSave, mut effects: Vec<Effect>) -> Vec<Effect> {
        if then == AfterSave::Quit {
            self.remember_reader();
            effects.push(Effect::Quit);
        }
        effects
    }
}
