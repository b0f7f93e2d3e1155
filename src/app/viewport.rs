//! Screen geometry shared by `update` (page sizes, mouse hits) and the UI (where to draw).

/// The smallest terminal folio draws in; smaller gets a message.
pub const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 10;
/// The widest the reader wraps text (long lines are hard to read).
pub const MAX_READER_WIDTH: usize = 100;

/// Sizes derived from the terminal size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Viewport {
    /// Terminal columns.
    pub width: u16,
    /// Terminal rows.
    pub height: u16,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport {
            width: 80,
            height: 24,
        }
    }
}

impl Viewport {
    /// Whether the terminal is too small to draw in.
    pub fn too_small(self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Rows above the status line.
    pub fn main_rows(self) -> u16 {
        self.height.saturating_sub(1)
    }

    /// Columns of the tag pane (with its border).
    pub fn tag_pane_width(self) -> u16 {
        (self.width / 3).clamp(18, 36)
    }

    /// Visible rows in the tag and post lists (inside their borders).
    pub fn list_rows(self) -> usize {
        usize::from(self.main_rows().saturating_sub(2)).max(1)
    }

    /// Visible rows of the reader.
    pub fn reader_rows(self) -> usize {
        usize::from(self.main_rows()).max(1)
    }

    /// The column width the reader wraps to (one column of margin, one for the scrollbar).
    pub fn reader_width(self) -> usize {
        usize::from(self.width)
            .saturating_sub(3)
            .clamp(8, MAX_READER_WIDTH)
    }

    /// Columns and rows of a pop-up (with its border).
    pub fn popup_size(self) -> (u16, u16) {
        let w = (self.width * 4 / 5).max(MIN_WIDTH.min(self.width));
        let h = (self.main_rows() * 4 / 5).max(6.min(self.main_rows()));
        (w, h)
    }

    /// Visible rows inside a pop-up.
    pub fn popup_rows(self) -> usize {
        usize::from(self.popup_size().1.saturating_sub(2)).max(1)
    }
}
