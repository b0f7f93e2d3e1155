//! A one-line text field (filters and searches) that has the keyboard while open.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the typed text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Filter the tag list.
    FilterTags,
    /// Filter the post list.
    FilterPosts,
    /// Search in the open post.
    SearchPost,
    /// Search all posts.
    SearchAll,
    /// Edit a post's tags (comma-separated).
    Tags(crate::core::post::PostId),
    /// The title of a new post.
    NewPost,
    /// The command palette's query.
    Palette,
    /// The new name of a tag.
    RenameTag,
    /// The new slug of a post.
    RenamePost(crate::core::post::PostId),
    /// The query of the merge-into tag picker.
    MergeInto,
    /// Where to save the editor's edits after a failed save.
    SaveAs,
}

impl Purpose {
    /// The prompt shown before the text.
    pub fn prompt(self) -> &'static str {
        match self {
            Purpose::FilterTags => "filter tags: ",
            Purpose::FilterPosts => "filter posts: ",
            Purpose::SearchPost => "/",
            Purpose::SearchAll => "search all posts: ",
            Purpose::Tags(_) => "tags (comma-separated, Tab completes): ",
            Purpose::NewPost => "new post title: ",
            Purpose::Palette => ":",
            Purpose::RenameTag => "new tag name: ",
            Purpose::RenamePost(_) => "new slug (links follow): ",
            Purpose::MergeInto => "merge into: ",
            Purpose::SaveAs => "save as (relative to the content root): ",
        }
    }
}

/// An open text field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// What it is for.
    pub purpose: Purpose,
    /// The text typed so far.
    pub text: String,
}

/// One edit to the text field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Type a character.
    Insert(char),
    /// Delete the last character.
    Backspace,
    /// Delete the last word.
    DeleteWord,
    /// Clear the field.
    Clear,
    /// Done: keep the result.
    Submit,
    /// Give up: undo what the field did.
    Cancel,
    /// Complete the word being typed (Tab).
    Complete,
    /// Move the cursor of the list the field filters (the palette) down.
    Down,
    /// Move it up.
    Up,
    /// Insert pasted text at once (line breaks and other control characters become
    /// spaces: the field is one line).
    Paste(String),
}

impl Edit {
    /// The edit a key makes, if any.
    pub fn from_key(key: KeyEvent) -> Option<Edit> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        Some(match key.code {
            KeyCode::Enter => Edit::Submit,
            KeyCode::Down => Edit::Down,
            KeyCode::Up => Edit::Up,
            KeyCode::Tab => Edit::Complete,
            KeyCode::Esc => Edit::Cancel,
            KeyCode::Char('c') if ctrl => Edit::Cancel,
            KeyCode::Backspace if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                Edit::DeleteWord
            }
            KeyCode::Backspace => Edit::Backspace,
            KeyCode::Char('w') if ctrl => Edit::DeleteWord,
            KeyCode::Char('u') if ctrl => Edit::Clear,
            KeyCode::Char(c) if !ctrl && !c.is_control() => Edit::Insert(c),
            _ => return None,
        })
    }

    /// Apply a text-changing edit to `text`; returns whether it changed.
    pub fn apply(&self, text: &mut String) -> bool {
        match self {
            Edit::Insert(c) => text.push(*c),
            Edit::Paste(pasted) => {
                let one_line = pasted.chars().map(|c| if c.is_control() { ' ' } else { c });
                let before = text.len();
                text.extend(one_line);
                return text.len() != before;
            }
            Edit::Backspace => return text.pop().is_some(),
            Edit::DeleteWord => {
                let trimmed = text.trim_end().len();
                let cut = text[..trimmed].rfind(' ').map_or(0, |i| i + 1);
                let changed = cut < text.len();
                text.truncate(cut);
                return changed;
            }
            Edit::Clear => {
                let changed = !text.is_empty();
                text.clear();
                return changed;
            }
            Edit::Submit | Edit::Cancel | Edit::Complete | Edit::Down | Edit::Up => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_change_text() {
        let mut t = String::from("hello big wor");
        assert!(Edit::Insert('d').apply(&mut t));
        assert_eq!(t, "hello big word");
        assert!(Edit::DeleteWord.apply(&mut t));
        assert_eq!(t, "hello big ");
        assert!(Edit::Backspace.apply(&mut t));
        assert!(Edit::Clear.apply(&mut t));
        assert!(!Edit::Backspace.apply(&mut t));
        assert!(Edit::Paste("a q\r\nb\u{1b}".into()).apply(&mut t));
        assert_eq!(t, "a q  b ", "a paste is one line of plain text");
    }

    #[test]
    fn keys_map_to_edits() {
        let key = |code, mods| Edit::from_key(KeyEvent::new(code, mods));
        assert_eq!(
            key(KeyCode::Char('x'), KeyModifiers::NONE),
            Some(Edit::Insert('x'))
        );
        assert_eq!(
            key(KeyCode::Char('X'), KeyModifiers::SHIFT),
            Some(Edit::Insert('X'))
        );
        assert_eq!(key(KeyCode::Enter, KeyModifiers::NONE), Some(Edit::Submit));
        assert_eq!(
            key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Some(Edit::Clear)
        );
        assert_eq!(key(KeyCode::F(1), KeyModifiers::NONE), None);
    }
}
