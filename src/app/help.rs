//! What the help pop-up lists: the bindings of the screen below and the global ones,
//! straight from the keymap, so help cannot drift from what the keys do.

use super::keymap::Context;
use super::{App, Screen};

/// One titled group of keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpSection {
    /// The group's title.
    pub title: &'static str,
    /// (keys, what they do).
    pub entries: Vec<(String, &'static str)>,
}

/// The closing note under the key list.
pub const MOUSE_NOTE: &str = "Mouse: the wheel scrolls; a click selects, and follows a link.";

/// The sections help shows for the current screen.
pub fn sections(app: &App) -> Vec<HelpSection> {
    let below = match app.screen {
        Screen::Library => Context::Library,
        Screen::Reader => Context::Reader,
        Screen::Problems => Context::Problems,
        Screen::Editor => return editor_sections(app),
    };
    let mut contexts = vec![below, Context::Global];
    if below == Context::Reader {
        contexts.push(Context::LinkBox);
    }
    contexts.push(Context::Popup);
    contexts
        .into_iter()
        .map(|context| HelpSection {
            title: context.title(),
            entries: app
                .keymap
                .bindings(context)
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                    (keys.join(" "), b.help)
                })
                .collect(),
        })
        .collect()
}

/// The text area's own editing keys (ratatui-textarea's defaults), shown in editor help.
pub const TEXT_KEYS: [(&str, &str); 12] = [
    ("← → ↑ ↓ Home End", "move; Ctrl-a / Ctrl-e line start / end"),
    ("PgUp PgDn", "page up / down"),
    ("Alt-< Alt->", "top / bottom of the pane"),
    ("Ctrl-← Ctrl-→ Alt-b Alt-f", "word left / right"),
    ("Backspace Del", "delete a character"),
    ("Ctrl-w Alt-Backspace", "delete the word before the cursor"),
    ("Ctrl-k", "delete to the end of the line"),
    ("Ctrl-j", "delete to the start of the line"),
    ("Ctrl-u", "undo"),
    ("Ctrl-r", "redo"),
    ("Ctrl-x Ctrl-y", "cut / paste"),
    ("Enter Tab", "new line / indent"),
];

fn editor_sections(app: &App) -> Vec<HelpSection> {
    vec![
        HelpSection {
            title: Context::Editor.title(),
            entries: app
                .keymap
                .bindings(Context::Editor)
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
                    (keys.join(" "), b.help)
                })
                .collect(),
        },
        HelpSection {
            title: "Editing text",
            entries: TEXT_KEYS
                .iter()
                .map(|(k, h)| ((*k).to_owned(), *h))
                .collect(),
        },
    ]
}

/// How many lines help takes: each section's title, entries and a blank line, then the note.
pub fn line_count(sections: &[HelpSection]) -> usize {
    sections.iter().map(|s| s.entries.len() + 2).sum::<usize>() + 1
}
