//! The one vocabulary of user intents, as one table: every action with its stable name
//! (what the user's key config and the `:` palette call it) and a one-line description.
//! Keys map to actions through the keymap; `update` carries them out. Names are written
//! out here, never derived from `Debug`, so renaming a variant cannot break a user's
//! config; a name, once published, is never changed.

/// Declares [`Action`] and its table from one list of `Variant = "name", "description"`.
macro_rules! actions {
    ($($variant:ident = $name:literal, $description:literal;)+) => {
        /// Something the user asked for.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Action {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        impl Action {
            /// Every action, in table order.
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The stable `snake_case` name (the user config's and the palette's).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)+
                }
            }

            /// What the action does, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Action::$variant => $description,)+
                }
            }
        }
    };
}

actions! {
    Quit = "quit", "Quit folio (asks first if anything is unsaved).";
    ForceQuit = "force_quit", "Quit at once.";
    Back = "back", "Go back one level: close an overlay, clear a filter, leave the reader.";
    ShowHelp = "show_help", "Show the keys of the current screen.";
    MoveDown = "move_down", "Move the cursor down one item, or scroll down one line.";
    MoveUp = "move_up", "Move the cursor up one item, or scroll up one line.";
    MoveTop = "move_top", "Go to the first item, or the top of the post.";
    MoveBottom = "move_bottom", "Go to the last item, or the end of the post.";
    PageDown = "page_down", "One page down.";
    PageUp = "page_up", "One page up.";
    HalfPageDown = "half_page_down", "Half a page down.";
    HalfPageUp = "half_page_up", "Half a page up.";
    NextPane = "next_pane", "Switch between the tag pane and the post pane.";
    Choose = "choose", "Choose the item under the cursor: a tag, a post, a heading, a hit.";
    StartFilter = "start_filter", "Filter the focused list as you type (fuzzy, on title and slug).";
    CycleSort = "cycle_sort", "Change the sort order of the focused list.";
    SearchAllPosts = "search_all_posts", "Search the text of every post.";
    SearchInPost = "search_in_post", "Search within the post.";
    NextMatch = "next_match", "Go to the next search hit.";
    PrevMatch = "prev_match", "Go to the previous search hit.";
    NextLink = "next_link", "Select the next link on the page.";
    PrevLink = "prev_link", "Select the previous link on the page.";
    FollowLink = "follow_link", "Follow the selected link.";
    HistoryBack = "history_back", "Go back to the previous post.";
    HistoryForward = "history_forward", "Go forward again.";
    ShowBacklinks = "show_backlinks", "Show the posts that link here.";
    ShowOutline = "show_outline", "Show the post's outline (its headings).";
    OpenExternal = "open_external", "Open the selected external link in the system browser.";
    CopyLink = "copy_link", "Copy the selected link to the clipboard (OSC 52, works over SSH).";
    Edit = "edit", "Edit the post.";
    EditTags = "edit_tags", "Edit the post's tags on one line.";
    NewPost = "new_post", "Write a new post from a title.";
    EditExternally = "edit_externally", "Edit the post in $VISUAL / $EDITOR.";
    Save = "save", "Save the post being edited.";
    OtherPane = "other_pane", "Switch between the front matter and body panes.";
    TogglePreview = "toggle_preview", "Show or hide the rendered preview beside the editor.";
    ShowProblems = "show_problems", "Show every problem of the site, grouped by post.";
    NextProblemPost = "next_problem_post", "Go to the next post with problems (problems view order).";
    PrevProblemPost = "prev_problem_post", "Go to the previous post with problems.";
    CycleLevelFilter = "cycle_level_filter", "Show all problems, only errors, or only warnings.";
    CycleKindFilter = "cycle_kind_filter", "Show problems of every kind, or of one kind at a time.";
    ShowPalette = "show_palette", "Run any action by name (the command palette).";
    ToggleMouse = "toggle_mouse", "Turn mouse capture off (terminal text selection) or on.";
    Rename = "rename", "Rename the tag or post under the cursor across the site.";
    MergeTag = "merge_tag", "Merge the tag under the cursor into another tag, in every post.";
    DeleteTag = "delete_tag", "Take the tag under the cursor off every post.";
    Confirm = "confirm", "Apply the change shown in the preview.";
    ToggleReviewed = "toggle_reviewed", "Mark the post reviewed; on a reviewed post, unmark it.";
    CycleReviewFilter = "cycle_review_filter", "Cycle the library's review filter: all, to review, changed, reviewed.";
}

impl Action {
    /// The action called `name` in the config and the palette.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names are unique, `snake_case`, and the ones users' configs already use are pinned:
    /// a rename of a variant must not change them.
    #[test]
    fn action_names_are_stable_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            let name = action.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
            assert!(!action.description().is_empty());
            assert_eq!(Action::from_name(name), Some(*action));
        }
        for (action, name) in [
            (Action::NextLink, "next_link"),
            (Action::ShowHelp, "show_help"),
            (Action::FollowLink, "follow_link"),
            (Action::HistoryBack, "history_back"),
            (Action::EditExternally, "edit_externally"),
            (Action::SearchAllPosts, "search_all_posts"),
        ] {
            assert_eq!(action.name(), name);
        }
    }
}
