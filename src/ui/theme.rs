//! Every colour and attribute the UI uses, in one place. Post text gets its look from
//! [`crate::render::theme`]; chrome (borders, selection, status line) from here. With
//! colour off (`NO_COLOR`, the mono theme) only attributes remain.

use ratatui::style::{Color, Modifier, Style};

use crate::render::styled;
use crate::render::theme::{Color16, Paint, paint};

/// The UI's styles for one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    /// No colours, attributes only.
    pub monochrome: bool,
}

impl Theme {
    /// A ratatui style for a span of post text.
    pub fn text(self, style: styled::Style) -> Style {
        self.paint(paint(style))
    }

    fn paint(self, p: Paint) -> Style {
        let mut s = Style::default();
        if let (Some(fg), false) = (p.fg, self.monochrome) {
            s = s.fg(color(fg));
        }
        let mut m = Modifier::empty();
        m.set(Modifier::BOLD, p.bold);
        m.set(Modifier::ITALIC, p.italic);
        m.set(Modifier::UNDERLINED, p.underline);
        m.set(Modifier::CROSSED_OUT, p.strike);
        s.add_modifier(m)
    }

    fn fg(self, c: Color16) -> Style {
        if self.monochrome {
            Style::default()
        } else {
            Style::default().fg(color(c))
        }
    }

    /// The selected row of the focused list, and the selected link.
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a list without focus.
    pub fn selected_unfocused(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A search hit in the reader (the current one is [`Theme::selected`]).
    pub fn search_hit(self) -> Style {
        if self.monochrome {
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        } else {
            Style::default().bg(Color::Yellow).fg(Color::Black)
        }
    }

    /// The border of the focused pane.
    pub fn border_focused(self) -> Style {
        self.fg(Color16::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Other borders.
    pub fn border(self) -> Style {
        self.fg(Color16::Gray)
    }

    /// Secondary text: counts, dates, paths.
    pub fn muted(self) -> Style {
        self.fg(Color16::Gray)
    }

    /// A tag.
    pub fn tag(self) -> Style {
        self.fg(Color16::Cyan)
    }

    /// A post with an error.
    pub fn error(self) -> Style {
        self.fg(Color16::Red).add_modifier(Modifier::BOLD)
    }

    /// A post with warnings.
    pub fn warning(self) -> Style {
        self.fg(Color16::Yellow)
    }

    /// The mark of a post reviewed as it is (the glyph carries the meaning without colour).
    pub fn reviewed(self) -> Style {
        self.fg(Color16::Green)
    }

    /// The mark of a post changed since it was reviewed.
    pub fn review_changed(self) -> Style {
        self.fg(Color16::Magenta).add_modifier(Modifier::BOLD)
    }

    /// A key name in hints and help.
    pub fn key(self) -> Style {
        self.fg(Color16::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Titles of panes and pop-ups.
    pub fn title(self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
}

fn color(c: Color16) -> Color {
    match c {
        Color16::Red => Color::Red,
        Color16::Green => Color::Green,
        Color16::Yellow => Color::Yellow,
        Color16::Blue => Color::Blue,
        Color16::Magenta => Color::Magenta,
        Color16::Cyan => Color::Cyan,
        Color16::Gray => Color::DarkGray,
    }
}
