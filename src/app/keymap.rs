//! The keymap: one table of (where, keys, action, help). Key dispatch and the help screen
//! both read it, so help can never be out of date. A user config patches what it sets.

use std::collections::HashMap;

use crossterm::event::KeyCode;

use super::action::Action;
use super::key::Chord;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere (unless a text field has the keyboard).
    Global,
    /// The tag and post lists.
    Library,
    /// The post reader.
    Reader,
    /// Pop-up lists: outline, backlinks, search results.
    Popup,
    /// The external link box.
    LinkBox,
    /// The editor (keys not bound here edit the text).
    Editor,
    /// The problems view.
    Problems,
}

impl Context {
    /// The name used in help and in the user config (`[keys.reader]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Library => "library",
            Context::Reader => "reader",
            Context::Popup => "popup",
            Context::LinkBox => "link",
            Context::Editor => "editor",
            Context::Problems => "problems",
        }
    }

    /// The heading help shows for this context.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Library => "Lists",
            Context::Reader => "Reader",
            Context::Popup => "Pop-up lists (outline, backlinks, search results)",
            Context::LinkBox => "External link",
            Context::Editor => "Editor",
            Context::Problems => "Problems view",
        }
    }
}

/// One binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The keys, the first being the one shown in hints.
    pub keys: Vec<Chord>,
    /// What it does.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
    /// A short label when the binding is shown in the status line hints.
    pub hint: Option<&'static str>,
}

/// The bindings in effect.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
    lookup: HashMap<(Context, Chord), Action>,
}

use KeyCode::{
    BackTab, Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

fn b(
    context: Context,
    keys: &[Chord],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys: keys.to_vec(),
        action,
        help,
        hint,
    }
}

/// The default bindings (the contract in the README's keys table).
#[allow(
    clippy::too_many_lines,
    reason = "the default key table: one entry per binding, read as data"
)]
pub fn default_bindings() -> Vec<Binding> {
    use Action as A;
    use Context::{Editor, Global, Library, LinkBox, Popup, Problems, Reader};
    let p = Chord::plain;
    let c = Chord::char;
    vec![
        b(
            Global,
            &[c('?')],
            A::ShowHelp,
            "help: every key of this screen",
            Some("help"),
        ),
        b(
            Global,
            &[c('q')],
            A::Quit,
            "quit (asks first if anything is unsaved)",
            Some("quit"),
        ),
        b(Global, &[Chord::ctrl('c')], A::ForceQuit, "quit now", None),
        b(Global, &[p(Esc)], A::Back, "back one level", None),
        b(
            Global,
            &[c('F')],
            A::SearchAllPosts,
            "search the text of all posts",
            None,
        ),
        b(
            Global,
            &[c('!')],
            A::ShowProblems,
            "problems of the whole site",
            Some("problems"),
        ),
        b(
            Global,
            &[c(':')],
            A::ShowPalette,
            "run any action by name",
            None,
        ),
        b(
            Global,
            &[c('M')],
            A::ToggleMouse,
            "mouse capture off (select text) / on",
            None,
        ),
        b(Problems, &[c('j'), p(Down)], A::MoveDown, "move down", None),
        b(Problems, &[c('k'), p(Up)], A::MoveUp, "move up", None),
        b(
            Problems,
            &[c('g'), p(Home)],
            A::MoveTop,
            "first problem",
            None,
        ),
        b(
            Problems,
            &[c('G'), p(End)],
            A::MoveBottom,
            "last problem",
            None,
        ),
        b(
            Problems,
            &[p(PageDown), Chord::ctrl('f')],
            A::PageDown,
            "page down",
            None,
        ),
        b(
            Problems,
            &[p(PageUp), Chord::ctrl('b')],
            A::PageUp,
            "page up",
            None,
        ),
        b(
            Problems,
            &[p(Enter)],
            A::Choose,
            "read the post at the problem's line",
            Some("read"),
        ),
        b(
            Problems,
            &[c('e')],
            A::Edit,
            "edit the post, cursor on the problem's line",
            Some("edit"),
        ),
        b(
            Problems,
            &[c('f')],
            A::CycleLevelFilter,
            "filter: all / errors / warnings",
            Some("level"),
        ),
        b(
            Problems,
            &[c('K')],
            A::CycleKindFilter,
            "filter: one kind at a time / every kind",
            Some("kind"),
        ),
        b(Library, &[c('j'), p(Down)], A::MoveDown, "move down", None),
        b(Library, &[c('k'), p(Up)], A::MoveUp, "move up", None),
        b(Library, &[c('g'), p(Home)], A::MoveTop, "first item", None),
        b(Library, &[c('G'), p(End)], A::MoveBottom, "last item", None),
        b(
            Library,
            &[p(PageDown), Chord::ctrl('f')],
            A::PageDown,
            "page down",
            None,
        ),
        b(
            Library,
            &[p(PageUp), Chord::ctrl('b')],
            A::PageUp,
            "page up",
            None,
        ),
        b(
            Library,
            &[Chord::ctrl('d')],
            A::HalfPageDown,
            "half page down",
            None,
        ),
        b(
            Library,
            &[Chord::ctrl('u')],
            A::HalfPageUp,
            "half page up",
            None,
        ),
        b(
            Library,
            &[p(Tab), p(BackTab), c('h'), c('l'), p(Left), p(Right)],
            A::NextPane,
            "switch between tags and posts",
            Some("pane"),
        ),
        b(
            Library,
            &[p(Enter)],
            A::Choose,
            "choose the tag / open the post",
            Some("open"),
        ),
        b(
            Library,
            &[c('/')],
            A::StartFilter,
            "filter the list as you type",
            Some("filter"),
        ),
        b(
            Library,
            &[c('s')],
            A::CycleSort,
            "sort: tags by count/name, posts by date/title",
            Some("sort"),
        ),
        b(Library, &[c('e')], A::Edit, "edit the post", None),
        b(
            Library,
            &[c('#')],
            A::EditTags,
            "edit the post's tags on one line (Tab completes)",
            None,
        ),
        b(Library, &[c('n')], A::NewPost, "write a new post", None),
        b(
            Library,
            &[c('R')],
            A::Rename,
            "rename the tag (tag pane) or the post (links follow; preview first)",
            None,
        ),
        b(
            Library,
            &[c('m')],
            A::MergeTag,
            "merge the tag into another, in every post (preview first)",
            None,
        ),
        b(
            Library,
            &[c('D')],
            A::DeleteTag,
            "delete the tag from every post (preview first)",
            None,
        ),
        b(
            Library,
            &[c('E')],
            A::EditExternally,
            "edit the post in $VISUAL / $EDITOR",
            None,
        ),
        b(
            Library,
            &[c('r')],
            A::ToggleReviewed,
            "mark reviewed ✓ / unmark (* = changed)",
            None,
        ),
        b(
            Library,
            &[c('v')],
            A::CycleReviewFilter,
            "show: all/to review/changed/reviewed",
            None,
        ),
        b(
            Reader,
            &[c('j'), p(Down)],
            A::MoveDown,
            "scroll down a line",
            None,
        ),
        b(
            Reader,
            &[c('k'), p(Up)],
            A::MoveUp,
            "scroll up a line",
            None,
        ),
        b(
            Reader,
            &[c(' '), p(PageDown), Chord::ctrl('f')],
            A::PageDown,
            "page down",
            None,
        ),
        b(
            Reader,
            &[c('b'), p(PageUp), Chord::ctrl('b')],
            A::PageUp,
            "page up",
            None,
        ),
        b(
            Reader,
            &[Chord::ctrl('d')],
            A::HalfPageDown,
            "half page down",
            None,
        ),
        b(
            Reader,
            &[Chord::ctrl('u')],
            A::HalfPageUp,
            "half page up",
            None,
        ),
        b(
            Reader,
            &[c('g'), p(Home)],
            A::MoveTop,
            "top of the post",
            None,
        ),
        b(
            Reader,
            &[c('G'), p(End)],
            A::MoveBottom,
            "end of the post",
            None,
        ),
        b(
            Reader,
            &[p(Tab)],
            A::NextLink,
            "select the next link",
            Some("next link"),
        ),
        b(
            Reader,
            &[p(BackTab)],
            A::PrevLink,
            "select the previous link",
            None,
        ),
        b(
            Reader,
            &[p(Enter)],
            A::FollowLink,
            "follow the selected link",
            Some("follow"),
        ),
        b(
            Reader,
            &[p(Backspace), Chord::alt(Left)],
            A::HistoryBack,
            "back to the previous post",
            Some("back"),
        ),
        b(
            Reader,
            &[c('L'), Chord::alt(Right)],
            A::HistoryForward,
            "forward again",
            None,
        ),
        b(
            Reader,
            &[c('B')],
            A::ShowBacklinks,
            "posts that link here",
            Some("backlinks"),
        ),
        b(
            Reader,
            &[c('t')],
            A::ShowOutline,
            "outline: jump to a heading",
            Some("outline"),
        ),
        b(
            Reader,
            &[c('R')],
            A::Rename,
            "rename the post; every link to it follows (preview first)",
            None,
        ),
        b(
            Reader,
            &[c(']')],
            A::NextProblemPost,
            "next post with problems (problems view order)",
            None,
        ),
        b(
            Reader,
            &[c('[')],
            A::PrevProblemPost,
            "previous post with problems",
            None,
        ),
        b(
            Reader,
            &[c('/')],
            A::SearchInPost,
            "search in this post",
            None,
        ),
        b(Reader, &[c('n')], A::NextMatch, "next search hit", None),
        b(Reader, &[c('N')], A::PrevMatch, "previous search hit", None),
        b(
            Reader,
            &[c('o')],
            A::OpenExternal,
            "open the selected external link in a browser",
            None,
        ),
        b(
            Reader,
            &[c('y')],
            A::CopyLink,
            "copy the selected link (OSC 52)",
            None,
        ),
        b(Reader, &[c('e')], A::Edit, "edit the post", None),
        b(
            Reader,
            &[c('#')],
            A::EditTags,
            "edit the post's tags on one line (Tab completes)",
            None,
        ),
        b(
            Reader,
            &[c('E')],
            A::EditExternally,
            "edit the post in $VISUAL / $EDITOR",
            None,
        ),
        b(
            Reader,
            &[c('r')],
            A::ToggleReviewed,
            "mark reviewed ✓ / unmark",
            None,
        ),
        b(Editor, &[Chord::ctrl('s')], A::Save, "save", Some("save")),
        b(
            Editor,
            &[Chord::ctrl('o')],
            A::OtherPane,
            "switch between front matter and body",
            Some("other pane"),
        ),
        b(
            Editor,
            &[Chord::ctrl('t')],
            A::TogglePreview,
            "show or hide the preview",
            Some("preview"),
        ),
        b(
            Editor,
            &[p(Esc)],
            A::Back,
            "close the editor (asks if unsaved)",
            Some("close"),
        ),
        b(
            Editor,
            &[Chord::ctrl('g'), p(KeyCode::F(1))],
            A::ShowHelp,
            "help",
            Some("help"),
        ),
        b(
            Editor,
            &[Chord::ctrl('c')],
            A::ForceQuit,
            "quit (asks if unsaved)",
            None,
        ),
        b(Popup, &[c('j'), p(Down)], A::MoveDown, "move down", None),
        b(Popup, &[c('k'), p(Up)], A::MoveUp, "move up", None),
        b(Popup, &[c('g'), p(Home)], A::MoveTop, "first item", None),
        b(Popup, &[c('G'), p(End)], A::MoveBottom, "last item", None),
        b(Popup, &[p(PageDown)], A::PageDown, "page down", None),
        b(Popup, &[p(PageUp)], A::PageUp, "page up", None),
        b(Popup, &[p(Enter)], A::Choose, "open / jump", Some("open")),
        b(
            Popup,
            &[c('y')],
            A::Confirm,
            "apply the previewed change",
            None,
        ),
        b(
            LinkBox,
            &[c('o')],
            A::OpenExternal,
            "open in the system browser",
            Some("open"),
        ),
        b(
            LinkBox,
            &[c('y')],
            A::CopyLink,
            "copy to the clipboard (OSC 52)",
            Some("copy"),
        ),
    ]
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(default_bindings())
    }
}

impl Keymap {
    /// A keymap of `bindings` (earlier bindings win when two share a key).
    pub fn new(mut bindings: Vec<Binding>) -> Self {
        let mut lookup = HashMap::new();
        for binding in &mut bindings {
            for key in &mut binding.keys {
                *key = Chord::from_event(crossterm::event::KeyEvent::new(key.code, key.mods));
            }
        }
        for binding in &bindings {
            for key in &binding.keys {
                lookup
                    .entry((binding.context, *key))
                    .or_insert(binding.action);
            }
        }
        Keymap { bindings, lookup }
    }

    /// The default keymap with user overrides: `{context: {action_name: [keys]}}`. A
    /// binding named by the user gets exactly the user's keys; others keep theirs.
    pub fn with_overrides(
        overrides: &HashMap<String, HashMap<String, Vec<String>>>,
    ) -> Result<Self, String> {
        let mut bindings = default_bindings();
        for (context, actions) in overrides {
            for (name, keys) in actions {
                let binding = bindings
                    .iter_mut()
                    .find(|b| b.context.name() == context && action_name(b.action) == name)
                    .ok_or_else(|| format!("no key binding `{name}` in [keys.{context}]"))?;
                binding.keys = keys
                    .iter()
                    .map(|k| Chord::parse(k))
                    .collect::<Result<_, _>>()?;
            }
        }
        Ok(Keymap::new(bindings))
    }

    /// Keys the user bound (in `overrides`) that another binding of the same screen also
    /// uses, or that hide a global key: one sentence each, for the status line at start-up.
    /// The first binding in the table still wins; nothing is dropped silently.
    pub fn clashes(
        &self,
        overrides: &HashMap<String, HashMap<String, Vec<String>>>,
    ) -> Vec<String> {
        let user_set = |b: &Binding| {
            overrides
                .get(b.context.name())
                .is_some_and(|actions| actions.contains_key(action_name(b.action)))
        };
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                // Global keys apply on every screen but the editor.
                let same_place = a.context == b.context
                    || (a.context == Context::Global) != (b.context == Context::Global)
                        && a.context != Context::Editor
                        && b.context != Context::Editor;
                if !same_place || a.action == b.action || !(user_set(a) || user_set(b)) {
                    continue;
                }
                for key in a.keys.iter().filter(|k| b.keys.contains(k)) {
                    found.push(format!(
                        "key {key} is bound to both {} ([keys.{}]) and {} ([keys.{}])",
                        a.action.name(),
                        a.context.name(),
                        b.action.name(),
                        b.context.name()
                    ));
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The action bound to `chord` in `context`, falling back to the global bindings.
    pub fn action(&self, context: Context, chord: Chord) -> Option<Action> {
        let own = self.lookup.get(&(context, chord));
        if context == Context::Editor {
            // In the editor, unbound keys are text: `q` and `?` must type themselves.
            return own.copied();
        }
        own.or_else(|| self.lookup.get(&(Context::Global, chord)))
            .copied()
    }

    /// Every binding of `context`, in table order.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// Whether `action` has a key in any context.
    pub fn is_bound_anywhere(&self, action: Action) -> bool {
        self.bindings
            .iter()
            .any(|b| b.action == action && !b.keys.is_empty())
    }

    /// The first key bound to `action` in `context` (or globally), for hints.
    pub fn key_for(&self, context: Context, action: Action) -> Option<Chord> {
        [context, Context::Global].into_iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == ctx && b.action == action)
                .and_then(|b| b.keys.first().copied())
        })
    }
}

/// The `snake_case` name of an action, as the user config spells it.
pub fn action_name(action: Action) -> &'static str {
    action.name()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_contract_keys_are_bound() {
        let km = Keymap::default();
        let reader = |k: &str| km.action(Context::Reader, Chord::parse(k).unwrap());
        assert_eq!(reader("tab"), Some(Action::NextLink));
        assert_eq!(reader("shift-tab"), Some(Action::PrevLink));
        assert_eq!(reader("enter"), Some(Action::FollowLink));
        assert_eq!(reader("backspace"), Some(Action::HistoryBack));
        assert_eq!(reader("alt-left"), Some(Action::HistoryBack));
        assert_eq!(reader("L"), Some(Action::HistoryForward));
        assert_eq!(reader("alt-right"), Some(Action::HistoryForward));
        assert_eq!(reader("space"), Some(Action::PageDown));
        assert_eq!(reader("b"), Some(Action::PageUp));
        assert_eq!(reader("ctrl-d"), Some(Action::HalfPageDown));
        assert_eq!(reader("B"), Some(Action::ShowBacklinks));
        assert_eq!(reader("t"), Some(Action::ShowOutline));
        assert_eq!(reader("e"), Some(Action::Edit));
        assert_eq!(reader("?"), Some(Action::ShowHelp));
        assert_eq!(reader("q"), Some(Action::Quit));
        assert_eq!(reader("ctrl-c"), Some(Action::ForceQuit));
        assert_eq!(reader("r"), Some(Action::ToggleReviewed));
        let lists = |k: &str| km.action(Context::Library, Chord::parse(k).unwrap());
        assert_eq!(lists("G"), Some(Action::MoveBottom));
        assert_eq!(lists("pgdn"), Some(Action::PageDown));
        assert_eq!(lists("tab"), Some(Action::NextPane));
        assert_eq!(lists("/"), Some(Action::StartFilter));
        assert_eq!(lists("s"), Some(Action::CycleSort));
        assert_eq!(lists("esc"), Some(Action::Back));
        assert_eq!(lists("r"), Some(Action::ToggleReviewed));
        assert_eq!(lists("v"), Some(Action::CycleReviewFilter));
        assert_eq!(lists("R"), Some(Action::Rename));
    }

    #[test]
    fn keymap_overrides_patch_only_what_they_name() {
        let mut reader = HashMap::new();
        reader.insert("next_link".to_owned(), vec!["ctrl-n".to_owned()]);
        let mut overrides = HashMap::new();
        overrides.insert("reader".to_owned(), reader);
        let km = Keymap::with_overrides(&overrides).unwrap();
        assert_eq!(
            km.action(Context::Reader, Chord::ctrl('n')),
            Some(Action::NextLink)
        );
        assert_eq!(km.action(Context::Reader, Chord::plain(Tab)), None);
        assert_eq!(
            km.action(Context::Reader, Chord::plain(Enter)),
            Some(Action::FollowLink)
        );
        overrides
            .get_mut("reader")
            .unwrap()
            .insert("nope".to_owned(), vec![]);
        assert!(Keymap::with_overrides(&overrides).is_err());
    }

    /// A user key that another binding of the same screen (or a global one) also uses is
    /// reported; the defaults alone clash nowhere.
    #[test]
    fn keymap_reports_clashing_user_keys() {
        let none = HashMap::new();
        assert_eq!(Keymap::default().clashes(&none), Vec::<String>::new());
        let mut reader = HashMap::new();
        reader.insert("next_link".to_owned(), vec!["j".to_owned()]);
        let mut overrides = HashMap::new();
        overrides.insert("reader".to_owned(), reader);
        let km = Keymap::with_overrides(&overrides).unwrap();
        let clashes = km.clashes(&overrides);
        assert!(
            clashes
                .iter()
                .any(|c| c.contains("next_link") && c.contains("move_down")),
            "{clashes:?}"
        );
    }

    #[test]
    fn action_names_are_snake_case() {
        assert_eq!(action_name(Action::NextLink), "next_link");
        assert_eq!(action_name(Action::ShowHelp), "show_help");
    }
}
