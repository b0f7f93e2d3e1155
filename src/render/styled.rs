//! Styled text: lines of spans, each with a semantic role and the link it belongs to.

use unicode_width::UnicodeWidthStr;

/// What a piece of text is; [`super::theme`] decides how it looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Role {
    /// Body text.
    #[default]
    Text,
    /// Heading text of a level 1–6.
    Heading(u8),
    /// The `##` before a heading.
    HeadingMark,
    /// Inline `code`.
    Code,
    /// A line of a fenced or indented code block.
    CodeBlock,
    /// Text inside a block quote, and its bar.
    Quote,
    /// A link to a post or a site file.
    Link,
    /// A link that does not resolve.
    LinkBroken,
    /// A link to another site.
    LinkExternal,
    /// The `[n]` number after a link.
    LinkMark,
    /// An image's alt text.
    Image,
    /// Raw HTML, shown and never interpreted.
    Html,
    /// Template code such as `{% image "a.jpg" %}`.
    Template,
    /// A list bullet or number.
    ListMarker,
    /// A checked task box.
    TaskDone,
    /// An unchecked task box.
    TaskTodo,
    /// Table lines.
    TableBorder,
    /// Header cell text.
    TableHeader,
    /// A horizontal rule.
    Rule,
    /// A footnote reference or label.
    Footnote,
    /// The post title in the header card.
    Title,
    /// A tag name.
    Tag,
    /// A field name or label.
    Label,
    /// Secondary text: dates, paths, field values.
    Muted,
    /// Something fine (an image that exists).
    Good,
    /// A warning.
    Warning,
    /// An error.
    Error,
    /// A token of a syntax-highlighted code block.
    Syntax(CodeToken),
}

/// What a piece of highlighted code is (see [`super::highlight`]); the theme gives each a
/// colour and no attributes, so with colour off highlighted code looks plain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CodeToken {
    /// Anything else: names, operators, punctuation.
    #[default]
    Plain,
    /// Keywords and storage words (`fn`, `let`, `if`, `pub`).
    Keyword,
    /// String and character literals.
    String,
    /// Comments.
    Comment,
    /// Numbers and language constants (`true`, `null`, `self`).
    Literal,
    /// Function names and markup tags.
    Function,
    /// Type, class and attribute names.
    Type,
}

/// A role plus emphasis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// What the text is.
    pub role: Role,
    /// `**strong**` or a heading.
    pub bold: bool,
    /// `*emphasis*`.
    pub italic: bool,
    /// `~~strikethrough~~`.
    pub strike: bool,
}

impl Style {
    /// Plain text of `role`.
    pub fn role(role: Role) -> Self {
        Style {
            role,
            ..Style::default()
        }
    }
}

/// A run of text in one style.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// The text; never contains control characters.
    pub text: String,
    /// How it looks.
    pub style: Style,
    /// The index of the link it belongs to, in [`super::markdown::Rendered::links`].
    pub link: Option<usize>,
}

impl Span {
    /// A span of `text` in `style`, not part of a link.
    pub fn new(text: impl Into<String>, style: Style) -> Self {
        Span {
            text: text.into(),
            style,
            link: None,
        }
    }

    /// Display width in terminal columns.
    pub fn width(&self) -> usize {
        self.text.width()
    }
}

/// One screen line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// The spans, left to right.
    pub spans: Vec<Span>,
}

impl Line {
    /// A line made of `spans`.
    pub fn new(spans: Vec<Span>) -> Self {
        Line { spans }
    }

    /// Display width in terminal columns.
    pub fn width(&self) -> usize {
        self.spans.iter().map(Span::width).sum()
    }

    /// The text without styles.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}
