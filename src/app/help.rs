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

/// How many lines help takes: each section's title, entries and a blank line, then the note.
pub fn line_count(sections: &[HelpSection]) -> usize {
    sections.iter().map(|s| s.entries.len() + 2).sum::<usize>() + 1
}
