//! The model of site-wide changes in the UI: choosing the tag to merge into, and the
//! preview of a planned change (every file and line) waiting for a confirm.

use crate::core::change_set::ChangeSet;

use super::list_cursor::ListCursor;

/// Choosing the tag to merge `from` into (fuzzy-filtered as the user types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagPicker {
    /// The tag that goes away.
    pub from: String,
    /// Every other tag, most used first.
    pub names: Vec<String>,
    /// Indexes into `names` matching the query.
    pub shown: Vec<usize>,
    /// Cursor among `shown`.
    pub list: ListCursor,
}

impl TagPicker {
    /// A picker of every tag in `names` but `from`.
    pub fn new(from: &str, names: impl IntoIterator<Item = String>) -> TagPicker {
        let names: Vec<String> = names.into_iter().filter(|n| n != from).collect();
        let shown = (0..names.len()).collect();
        TagPicker {
            from: from.to_owned(),
            names,
            shown,
            list: ListCursor::default(),
        }
    }

    /// Narrow to the tags matching `query`.
    pub fn filter(&mut self, query: &str) {
        self.shown = super::fuzzy::filter(query, &self.names, String::as_str);
        self.list.reset();
    }

    /// The tag under the cursor.
    pub fn selected(&self) -> Option<&str> {
        self.shown
            .get(self.list.cursor)
            .map(|&i| self.names[i].as_str())
    }
}

/// A planned change shown before it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// What it does ("merge #SEO into #Search").
    pub description: String,
    /// The diff, one line per row.
    pub lines: Vec<String>,
    /// The first row shown.
    pub scroll: usize,
    /// The changes to make on confirm.
    pub changes: ChangeSet,
    /// For a post rename: its path relative to the root before and after, so the reader,
    /// the reading position and the review mark can follow it.
    pub renamed: Option<(String, String)>,
}

impl Preview {
    /// The preview of `changes`.
    pub fn new(description: String, changes: ChangeSet) -> Preview {
        let lines = changes.unified_diff().lines().map(str::to_owned).collect();
        Preview {
            description,
            lines,
            scroll: 0,
            changes,
            renamed: None,
        }
    }

    /// The same preview, for renaming the post at `old` (relative path) to `new`.
    #[must_use]
    pub fn renaming(mut self, old: String, new: String) -> Preview {
        self.renamed = Some((old, new));
        self
    }
}
