//! Messages from the runtime rather than the user: journal writes that failed, background
//! jobs that panicked, and pasted text (which must never be taken as keys).

use super::super::journal::Journal;
use super::super::popup::Popup;
use super::super::{App, Effect, Msg, Screen, Tone};
use crate::core::post::PostId;

impl App {
    /// The journal of the editor's unsaved edits, if any: the runtime writes it at once on
    /// SIGHUP, SIGTERM or a panic, whatever the two-second timer says.
    pub fn unsaved_journal(&self, now: u64) -> Option<Journal> {
        self.editor.as_ref().and_then(|e| e.journal(now))
    }

    /// The 1-based line of the post's file at the top of the reader, when `id` is open
    /// there, for `E` to open `$EDITOR` at the same place.
    pub(super) fn reader_source_line(&self, id: PostId) -> Option<usize> {
        let reader = self.reader.as_ref().filter(|r| r.post == id)?;
        reader.doc.source_line(reader.scroll)
    }

    pub(super) fn journalled(&mut self, result: Result<(), String>) -> Vec<Effect> {
        let Some(editor) = self.editor.as_mut() else {
            return Vec::new();
        };
        match result {
            Ok(()) => {
                if editor.journal_error.take().is_some() {
                    self.say(Tone::Info, "Unsaved edits are journalled again");
                }
            }
            Err(reason) => {
                // Try again on the next timer, even without a new edit.
                editor.journaled = editor.version.wrapping_sub(1);
                let text = format!("Unsaved edits are NOT being journalled: {reason}");
                editor.journal_error = Some(reason);
                self.say(Tone::Error, text);
            }
        }
        Vec::new()
    }

    pub(super) fn worker_failed(
        &mut self,
        job: &'static str,
        post: Option<PostId>,
        message: &str,
    ) -> Vec<Effect> {
        if let Some(reader) = self
            .reader
            .as_mut()
            .filter(|r| post.is_some_and(|p| p == r.post))
        {
            reader.rendering = None;
            if reader.text.is_none() || reader.doc.lines.is_empty() {
                reader.error = Some(format!("internal error while {job}: {message}"));
            }
        }
        if let Some(Popup::Search {
            hits: slot @ None, ..
        }) = &mut self.popup
        {
            *slot = Some(Vec::new());
        }
        self.say(
            Tone::Error,
            format!("Internal error while {job}: {message} (folio keeps running)"),
        );
        Vec::new()
    }

    /// Pasted text goes, as one insert, to the field or editor pane with the keyboard;
    /// anywhere else it is ignored (a paste is never a string of commands).
    pub(super) fn paste(&mut self, text: String) -> Vec<Effect> {
        if self.input.is_some() {
            return self.update(Msg::Input(super::super::input::Edit::Paste(text)));
        }
        let editor_has_keys = self.screen == Screen::Editor && self.popup.is_none();
        match self.editor.as_mut().filter(|_| editor_has_keys) {
            Some(editor) if editor.prompt.is_some() => {
                self.say(Tone::Error, "Paste ignored: answer the question first");
            }
            Some(editor) if editor.read_only.is_some() => {
                self.say(Tone::Error, "Paste ignored: this file is read-only here");
            }
            Some(editor) => {
                editor.paste(&text);
                self.message = None;
            }
            None => {
                let place = if matches!(self.popup, Some(Popup::Help { .. })) {
                    "help"
                } else {
                    "here"
                };
                self.say(
                    Tone::Info,
                    format!("Paste ignored: nothing to type into {place} (e edits, / filters)"),
                );
            }
        }
        Vec::new()
    }
}

impl App {
    /// Files changed outside folio: re-read them into the index (the whole site when its
    /// `folio.toml` changed). The lists, tags, links, problems and review states follow;
    /// the reader shows its post as it is now, at the same place.
    pub(super) fn files_changed(&mut self, paths: Vec<std::path::PathBuf>) -> Vec<Effect> {
        if self.content.is_none() || paths.is_empty() {
            return Vec::new();
        }
        let config_changed = paths.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n == crate::core::site_config::CONFIG_FILE)
        });
        if config_changed {
            vec![Effect::Rebuild]
        } else {
            vec![Effect::ReindexPaths(paths)]
        }
    }
}
