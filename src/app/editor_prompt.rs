//! The editor's questions: what each asks and the answers it takes (key, label, choice).
//! The prompt box and the key handling both read [`Prompt::options`]; nothing here acts.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::core::save::Snapshot;

use super::journal::Journal;

/// What happens after the unsaved-changes question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterLeave {
    /// Close the editor.
    Close,
    /// Quit folio.
    Quit,
}

/// A question the editor is waiting for an answer to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// Leaving with unsaved changes: save, discard, or keep editing.
    Unsaved(AfterLeave),
    /// The file changed on disk: reload, overwrite, or save beside.
    Conflict,
    /// Reloading throws the edits away: sure?
    ConfirmReload,
    /// Edits from an earlier session were found: restore or discard.
    Recover(Box<Journal>),
    /// A save failed (the reason in plain words): save elsewhere, retry, or discard.
    SaveFailed(String),
    /// Discarding throws the edits away: sure?
    ConfirmDiscard,
    /// The file was deleted on disk: recreate it from the edits, or save elsewhere.
    Recreate,
    /// "Save elsewhere" found a file at this path (as it is now): overwrite it?
    ConfirmOverwrite(PathBuf, Snapshot),
}

/// One answer to a prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Save, then do what was asked.
    Save,
    /// Throw the edits away, then do what was asked.
    Discard,
    /// Keep editing.
    Cancel,
    /// Load the file from disk, losing the edits (asks first).
    Reload,
    /// Yes, reload.
    ConfirmReload,
    /// Write the edits over the changed file.
    Overwrite,
    /// Save the edits beside the file as `<stem>.folio-conflict.md`.
    SaveBeside,
    /// Put the recovered edits in the editor.
    Restore,
    /// Ask for another path and save the edits there.
    SaveElsewhere,
    /// Try the same save again.
    Retry,
    /// Yes, throw the edits away.
    ConfirmDiscard,
    /// Write the edits as the file again (it was deleted).
    Recreate,
}

impl Prompt {
    /// The question and its answers (key, label, choice); the prompt line and the key
    /// handling both read this list.
    pub fn options(&self) -> (Cow<'_, str>, &'static [(char, &'static str, Choice)]) {
        let (question, options) = match self {
            Prompt::SaveFailed(why) => {
                return (
                    format!("Not saved: {why}. The file is untouched; your edits are kept.").into(),
                    &[
                        ('w', "save elsewhere", Choice::SaveElsewhere),
                        ('r', "retry", Choice::Retry),
                        ('d', "discard", Choice::Discard),
                        ('\u{1b}', "keep editing", Choice::Cancel),
                    ],
                );
            }
            Prompt::ConfirmOverwrite(path, _) => {
                return (
                    format!("{} exists. Overwrite it?", path.display()).into(),
                    &[
                        ('y', "yes, overwrite", Choice::Overwrite),
                        ('n', "no", Choice::Cancel),
                        ('\u{1b}', "no", Choice::Cancel),
                    ],
                );
            }
            other => other.fixed_options(),
        };
        (question.into(), options)
    }

    /// The questions that do not depend on what happened.
    fn fixed_options(&self) -> (&'static str, &'static [(char, &'static str, Choice)]) {
        match self {
            Prompt::SaveFailed(_) | Prompt::ConfirmOverwrite(..) => ("", &[]),
            Prompt::ConfirmDiscard => (
                "Throw away your edits? They are not saved anywhere.",
                &[
                    ('y', "yes, discard", Choice::ConfirmDiscard),
                    ('n', "no", Choice::Cancel),
                    ('\u{1b}', "no", Choice::Cancel),
                ],
            ),
            Prompt::Recreate => (
                "The file was deleted on disk since you opened it.",
                &[
                    ('c', "recreate it", Choice::Recreate),
                    ('w', "save elsewhere", Choice::SaveElsewhere),
                    ('d', "discard", Choice::Discard),
                    ('\u{1b}', "keep editing", Choice::Cancel),
                ],
            ),
            Prompt::Unsaved(_) => (
                "Unsaved changes.",
                &[
                    ('s', "save", Choice::Save),
                    ('d', "discard", Choice::Discard),
                    ('\u{1b}', "keep editing", Choice::Cancel),
                ],
            ),
            Prompt::Conflict => (
                "The file changed on disk since you opened it.",
                &[
                    ('r', "reload (lose yours)", Choice::Reload),
                    ('o', "overwrite", Choice::Overwrite),
                    ('b', "save yours beside it", Choice::SaveBeside),
                    ('\u{1b}', "keep editing", Choice::Cancel),
                ],
            ),
            Prompt::ConfirmReload => (
                "Throw away your edits and load the file from disk?",
                &[
                    ('y', "yes, reload", Choice::ConfirmReload),
                    ('n', "no", Choice::Cancel),
                    ('\u{1b}', "no", Choice::Cancel),
                ],
            ),
            Prompt::Recover(_) => (
                "Unsaved edits of this post were recovered from an earlier session.",
                &[
                    ('r', "restore them", Choice::Restore),
                    ('d', "discard them", Choice::Discard),
                ],
            ),
        }
    }
}
