//! How each role looks, in the 16 colours every terminal has. Front ends (the TUI, ANSI
//! output) turn a [`Paint`] into their own style type; with colour off they keep only the
//! attributes.

use super::styled::{CodeToken, Role, Style};

/// The 16 standard terminal colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Color16 {
    /// Red.
    Red,
    /// Green.
    Green,
    /// Yellow.
    Yellow,
    /// Blue.
    Blue,
    /// Magenta.
    Magenta,
    /// Cyan.
    Cyan,
    /// Bright black (grey).
    Gray,
}

/// Colour and attributes for one span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Paint {
    /// Foreground colour, if any.
    pub fg: Option<Color16>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub strike: bool,
}

/// The paint for `style`.
pub fn paint(style: Style) -> Paint {
    use Color16::{Blue, Cyan, Gray, Green, Magenta, Red, Yellow};
    let (fg, bold, italic, underline) = match style.role {
        Role::Text | Role::TableHeader => (None, false, false, false),
        Role::Heading(1) | Role::Title => (Some(Magenta), true, false, false),
        Role::Heading(2) => (Some(Cyan), true, false, false),
        Role::Heading(3) => (Some(Blue), true, false, false),
        Role::Heading(_) => (None, true, false, false),
        Role::HeadingMark
        | Role::Html
        | Role::TableBorder
        | Role::Rule
        | Role::Muted
        | Role::LinkMark => (Some(Gray), false, false, false),
        Role::Template => (Some(Gray), false, true, false),
        Role::Code | Role::CodeBlock => (Some(Yellow), false, false, false),
        Role::Quote => (None, false, true, false),
        Role::Link => (Some(Blue), false, false, true),
        Role::LinkExternal => (Some(Cyan), false, false, true),
        Role::LinkBroken => (Some(Red), false, false, true),
        Role::Image => (Some(Magenta), false, false, false),
        Role::ListMarker | Role::Footnote | Role::Tag => (Some(Cyan), false, false, false),
        Role::TaskDone | Role::Good => (Some(Green), false, false, false),
        Role::TaskTodo | Role::Warning => (Some(Yellow), false, false, false),
        Role::Label => (Some(Blue), false, false, false),
        Role::Error => (Some(Red), true, false, false),
        Role::Syntax(token) => (code_color(token), false, false, false),
    };
    Paint {
        fg,
        bold: bold || style.bold,
        italic: italic || style.italic,
        underline,
        strike: style.strike,
    }
}

/// The colour of a highlighted code token (none for plain code).
fn code_color(token: CodeToken) -> Option<Color16> {
    match token {
        CodeToken::Plain => None,
        CodeToken::Keyword => Some(Color16::Magenta),
        CodeToken::String => Some(Color16::Green),
        CodeToken::Comment => Some(Color16::Gray),
        CodeToken::Literal => Some(Color16::Cyan),
        CodeToken::Function => Some(Color16::Blue),
        CodeToken::Type => Some(Color16::Yellow),
    }
}
