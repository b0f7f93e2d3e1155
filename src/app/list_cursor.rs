//! A cursor in a list plus the first visible row, kept so the cursor stays on screen.

/// Cursor and scroll offset of one list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListCursor {
    /// The selected row.
    pub cursor: usize,
    /// The first row shown.
    pub offset: usize,
}

impl ListCursor {
    /// Move by `delta` rows within `len` rows, keeping the cursor within `rows` visible rows.
    pub fn move_by(&mut self, delta: isize, len: usize, rows: usize) {
        let last = len.saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.scroll_into_view(len, rows);
    }

    /// Put the cursor on row `index` (clamped).
    pub fn set(&mut self, index: usize, len: usize, rows: usize) {
        self.cursor = index.min(len.saturating_sub(1));
        self.scroll_into_view(len, rows);
    }

    /// Adjust the offset so the cursor is visible and no rows are wasted at the end.
    pub fn scroll_into_view(&mut self, len: usize, rows: usize) {
        let rows = rows.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
        self.offset = self.offset.min(len.saturating_sub(rows));
    }

    /// Back to the top.
    pub fn reset(&mut self) {
        *self = ListCursor::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cursor_keeps_cursor_visible_and_clamps() {
        let mut c = ListCursor::default();
        c.move_by(5, 10, 3);
        assert_eq!((c.cursor, c.offset), (5, 3));
        c.move_by(100, 10, 3);
        assert_eq!((c.cursor, c.offset), (9, 7));
        c.move_by(-8, 10, 3);
        assert_eq!((c.cursor, c.offset), (1, 1));
        c.set(0, 0, 3);
        assert_eq!((c.cursor, c.offset), (0, 0));
    }
}
