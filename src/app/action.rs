//! The one vocabulary of user intents. Keys map to these through the keymap; `update`
//! carries them out.

/// Something the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit folio (asks first if anything is unsaved).
    Quit,
    /// Quit at once.
    ForceQuit,
    /// Go back one level: close an overlay, clear a filter, leave the reader.
    Back,
    /// Show the keys of the current screen.
    ShowHelp,
    /// Move the cursor down one item, or scroll down one line.
    MoveDown,
    /// Move the cursor up one item, or scroll up one line.
    MoveUp,
    /// Go to the first item, or the top of the post.
    MoveTop,
    /// Go to the last item, or the end of the post.
    MoveBottom,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// Switch between the tag pane and the post pane.
    NextPane,
    /// Choose the item under the cursor: a tag, a post, a heading, a search hit.
    Choose,
    /// Filter the focused list as you type (fuzzy, on title and slug).
    StartFilter,
    /// Change the sort order of the focused list.
    CycleSort,
    /// Search the text of every post.
    SearchAllPosts,
    /// Search within the post.
    SearchInPost,
    /// Go to the next search hit.
    NextMatch,
    /// Go to the previous search hit.
    PrevMatch,
    /// Select the next link on the page.
    NextLink,
    /// Select the previous link on the page.
    PrevLink,
    /// Follow the selected link.
    FollowLink,
    /// Go back to the previous post.
    HistoryBack,
    /// Go forward again.
    HistoryForward,
    /// Show the posts that link here.
    ShowBacklinks,
    /// Show the post's outline (its headings).
    ShowOutline,
    /// Open the selected external link in the system browser.
    OpenExternal,
    /// Copy the selected link to the clipboard (OSC 52, works over SSH).
    CopyLink,
    /// Edit the post.
    Edit,
    /// Edit the post's tags on one line.
    EditTags,
    /// Write a new post from a title.
    NewPost,
    /// Edit the post in `$VISUAL` / `$EDITOR`.
    EditExternally,
    /// Save the post being edited.
    Save,
    /// Switch between the front matter and body panes.
    OtherPane,
    /// Show or hide the rendered preview beside the editor.
    TogglePreview,
    /// Mark the post reviewed; on a reviewed post, unmark it.
    ToggleReviewed,
    /// Cycle the library's review filter: all, to review, changed, reviewed.
    CycleReviewFilter,
}
