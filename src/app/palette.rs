//! The command palette (`:`): every action that means something on the screen below,
//! with its key, its stable name and its description, fuzzy-filtered as the user types.
//! It reads the one table of actions ([`Action::ALL`]) and the keymap, like help does.

use super::action::Action;
use super::keymap::{Context, Keymap};
use super::list_cursor::ListCursor;

/// One line of the palette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The action it runs.
    pub action: Action,
    /// Its key on the screen below (empty when it has none there).
    pub key: String,
    /// What the fuzzy filter looks at: name and description.
    pub haystack: String,
}

/// The open palette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Every entry for the screen below.
    pub entries: Vec<Entry>,
    /// Indexes into `entries` that match the query, best first.
    pub shown: Vec<usize>,
    /// Cursor among `shown`.
    pub list: ListCursor,
}

impl Palette {
    /// The palette over a screen whose keys are looked up in `context`: actions bound
    /// there or globally, then actions bound nowhere (palette only). Editor-only actions
    /// and the palette itself are left out.
    pub fn new(keymap: &Keymap, context: Context) -> Palette {
        let mut bound = Vec::new();
        let mut unbound = Vec::new();
        for &action in Action::ALL {
            if action == Action::ShowPalette {
                continue;
            }
            let key = keymap.key_for(context, action);
            let anywhere = keymap.is_bound_anywhere(action);
            let entry = |key: String| Entry {
                action,
                key,
                haystack: format!("{} {}", action.name(), action.description()),
            };
            match key {
                Some(key) => bound.push(entry(key.to_string())),
                None if !anywhere => unbound.push(entry(String::new())),
                None => {}
            }
        }
        bound.extend(unbound);
        let shown = (0..bound.len()).collect();
        Palette {
            entries: bound,
            shown,
            list: ListCursor::default(),
        }
    }

    /// Narrow to the entries matching `query` (fuzzy; everything for an empty query).
    pub fn filter(&mut self, query: &str) {
        self.shown = super::fuzzy::filter(query, &self.entries, |e| e.haystack.as_str());
        self.list.reset();
    }

    /// The action under the cursor.
    pub fn selected(&self) -> Option<Action> {
        let &i = self.shown.get(self.list.cursor)?;
        Some(self.entries[i].action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader's palette lists its keys with their names, fuzzy filters on name and
    /// description, and never offers itself.
    #[test]
    fn palette_lists_and_filters_actions() {
        let mut p = Palette::new(&Keymap::default(), Context::Reader);
        let follow = p
            .entries
            .iter()
            .find(|e| e.action == Action::FollowLink)
            .expect("follow_link is listed");
        assert_eq!(follow.key, "Enter");
        assert!(p.entries.iter().all(|e| e.action != Action::ShowPalette));
        assert!(
            p.entries.iter().all(|e| e.action != Action::Save),
            "editor only"
        );
        p.filter("backlinks");
        assert_eq!(p.selected(), Some(Action::ShowBacklinks));
        p.filter("zzzzqqq");
        assert_eq!(p.selected(), None);
    }
}
