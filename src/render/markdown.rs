//! The markdown renderer: a post body to styled, wrapped lines for one width, with where
//! its links and headings ended up. The reader and `folio show` both use it.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::core::link_resolve::LinkStatus;
use crate::core::link_templates::template_code;
use crate::core::links::markdown_options;

use super::highlight;
use super::sanitize::{clean, clean_code_from, clean_code_line};
use super::styled::{Line, Role, Span, Style};
use super::table::{Align, Table};
use super::wrap::{split_hard, wrap};

/// A link (or image) in the rendered text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedLink {
    /// The destination as written.
    pub target: String,
    /// Whether it is an image.
    pub image: bool,
    /// What it points at, when the caller knows.
    pub status: Option<LinkStatus>,
    /// The first line its text is on.
    pub line: usize,
}

/// A heading in the rendered text, for the outline and `#fragment` jumps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingEntry {
    /// 1–6.
    pub level: u8,
    /// The heading text.
    pub text: String,
    /// The GitHub-style anchor (`#core-responsibilities`).
    pub anchor: String,
    /// The line it starts on.
    pub line: usize,
}

/// A rendered body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The lines, each at most the width wide.
    pub lines: Vec<Line>,
    /// Every link and image, numbered in order (`[1]` is index 0).
    pub links: Vec<RenderedLink>,
    /// Every heading, in order.
    pub headings: Vec<HeadingEntry>,
    /// Per line (as far as known), the 1-based source line its block starts on: in the
    /// body for [`render`], in the file for a whole post.
    pub source_lines: Vec<usize>,
    /// Whether a fenced code block names a language: highlighting could colour it once
    /// the grammars are loaded ([`highlight::load`]).
    pub code_languages: bool,
    /// Only the first part of the text ([`render_first`]): more lines follow these.
    pub partial: bool,
    /// Lines of the post's card above the body (0 for a body alone): a new rendering
    /// of the same text may change the card, not the body's lines.
    pub card_lines: usize,
}

impl Rendered {
    /// The 1-based source line shown at rendered line `row`, if known.
    pub fn source_line(&self, row: usize) -> Option<usize> {
        self.source_lines.get(row).copied().filter(|&l| l > 0)
    }

    /// The first rendered line showing source line `line` or a later one: where to scroll
    /// to show that line.
    pub fn row_of_source_line(&self, line: usize) -> Option<usize> {
        let last_before = self.source_lines.iter().rposition(|&l| l > 0 && l <= line);
        last_before.or_else(|| self.source_lines.iter().position(|&l| l >= line))
    }
}

/// Render a markdown `body` (template links already rewritten) to `width` columns
/// (at least 8: narrower widths are drawn 8 wide and left to the screen to clip).
/// `status` tells what a link target points at, so broken links can be marked.
pub fn render(body: &str, width: usize, status: &StatusFn<'_>) -> Rendered {
    render_first_of(body, width, status, usize::MAX)
}

/// The first part of [`render`]: rendering stops at the end of the first top-level block
/// that brings it to `min_lines` lines, so its lines, links, headings and source lines
/// are exactly the first ones of the whole rendering (a block is never cut, and what
/// follows only adds). [`Rendered::partial`] says whether anything was left out.
///
/// The parser's first pass reads all the text it is given: for a long body that is most
/// of the time (1.5 ms of a 1 MB post's first part, 7 ms of a 5 MB one), so the first part
/// is rendered from the start of the body alone when one ends where the whole body's
/// rendering would not differ ([`first_part_of`]); else from the whole body.
pub fn render_first(body: &str, width: usize, status: &StatusFn<'_>, min_lines: usize) -> Rendered {
    let start = first_part_of(body);
    if start.len() < body.len() {
        let mut part = render_first_of(start, width, status, min_lines);
        if part.lines.len() >= min_lines {
            part.partial = true;
            return part;
        }
    }
    render_first_of(body, width, status, min_lines)
}

/// Bytes of a long body's start [`render_first`] renders alone, at least.
const FIRST_PART_BYTES: usize = 64 * 1024;

/// The start of `body` that renders, line for line, as the whole body's rendering begins:
/// up to a line past its first 64 KB that is a top-level ATX heading (`# ...` at the
/// margin) after a blank line, outside fenced code. A heading there ends every block
/// before it (a list's looseness, a paragraph, a quote), so what follows changes nothing
/// before it, unless it defines a link reference or footnote that the start uses: a body
/// with a definition after the cut is given whole, as is one too short to cut or without
/// such a heading within four times that length.
pub fn first_part_of(body: &str) -> &str {
    if body.len() <= 2 * FIRST_PART_BYTES {
        return body;
    }
    // The fence open at this line (its character and length), if any.
    let mut fence: Option<(u8, usize)> = None;
    // The end of the HTML block open at this line, for those a blank line does not end.
    let mut html: Option<&str> = None;
    let mut blank_before = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if start > 4 * FIRST_PART_BYTES {
            break;
        }
        let text = line.trim_end_matches(['\n', '\r']);
        let rest = text.trim_start_matches(' ');
        let margin = text.len() - rest.len() <= 3;
        if let Some(closer) = html {
            if contains_ignoring_case(text, closer) {
                html = None;
            }
        } else if margin && fence.is_none() {
            html = html_block_closer(rest).filter(|closer| !contains_ignoring_case(rest, closer));
        }
        if margin
            && html.is_none()
            && let Some(marker) = fence_marker(rest)
        {
            fence = match fence {
                None => Some(marker),
                // A closing fence: as long as the opening one or longer, then only spaces.
                Some((c, n))
                    if marker.0 == c
                        && marker.1 >= n
                        && rest[marker.1..].trim_matches([' ', '\t']).is_empty() =>
                {
                    None
                }
                open => open,
            };
        }
        let open = fence.is_some() || html.is_some();
        if !open && start >= FIRST_PART_BYTES && blank_before && is_atx_heading(text) {
            let (head, tail) = body.split_at(start);
            return if defines_a_reference(tail) {
                body
            } else {
                head
            };
        }
        blank_before = text.trim().is_empty();
    }
    body
}

/// What ends the HTML block `line` (its indent taken off) starts, for the kinds a blank
/// line does not end (the first five kinds of the `CommonMark` spec: `<pre`, `<script`, `<style`, `<textarea`,
/// comments, `<?`, declarations, CDATA).
fn html_block_closer(line: &str) -> Option<&'static str> {
    let bytes = line.as_bytes();
    let starts = |open: &str| {
        bytes
            .get(..open.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(open.as_bytes()))
    };
    for (open, close) in [
        ("<pre", "</pre>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<textarea", "</textarea>"),
    ] {
        if starts(open) && matches!(bytes.get(open.len()), None | Some(b' ' | b'\t' | b'>')) {
            return Some(close);
        }
    }
    if starts("<!--") {
        Some("-->")
    } else if starts("<![CDATA[") {
        Some("]]>")
    } else if starts("<?") {
        Some("?>")
    } else if starts("<!") && bytes.get(2).is_some_and(u8::is_ascii_alphabetic) {
        Some(">")
    } else {
        None
    }
}

/// Whether `text` holds `needle` (ASCII), whatever its letters' case.
fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A fence's character and length, if `line` (its indent taken off) opens or closes one.
fn fence_marker(line: &str) -> Option<(u8, usize)> {
    let c = *line.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = line.bytes().take_while(|&b| b == c).count();
    // A backtick fence's info string holds no backtick.
    let backtick_in_info = c == b'`' && line[n..].contains('`');
    (n >= 3 && !backtick_in_info).then_some((c, n))
}

/// An ATX heading at the margin: one to six `#`, then a space, a tab or the line's end.
fn is_atx_heading(line: &str) -> bool {
    let n = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&n) && matches!(line.as_bytes().get(n), None | Some(b' ' | b'\t'))
}

/// Whether `text` may define a link reference or a footnote (`[name]: ...`, `[^n]: ...`,
/// anywhere: indented, quoted, in a list item, its label over two lines): any `]:` at all.
/// A body with one after the cut is rendered whole, as before.
fn defines_a_reference(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"]:").is_some()
}

/// [`render_first`] of exactly `body`.
fn render_first_of(body: &str, width: usize, status: &StatusFn<'_>, min_lines: usize) -> Rendered {
    let mut r = Renderer {
        width: width.max(8),
        status: Some(status),
        ..Renderer::default()
    };
    let mut lines = crate::core::line_index::LineCursor::new(body);
    let mut events = Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .peekable();
    let mut depth = 0usize;
    while let Some((event, range)) = events.next() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        r.source_line = lines.line_of(range.start);
        r.event(event);
        if depth == 0 && r.out.lines.len() >= min_lines {
            r.out.partial = events.peek().is_some();
            break;
        }
    }
    r.flush_inline();
    r.finish()
}

/// Tells what a link target points at, when the caller knows.
pub type StatusFn<'a> = dyn Fn(&str) -> Option<LinkStatus> + 'a;

/// Code lines highlighted per rendering at most: past this, code blocks stay plain, so a
/// huge post full of code reaches the screen without paying for every block (about 0.3 ms
/// a line).
const HIGHLIGHT_LINES_PER_POST: usize = 500;

const BULLETS: [&str; 4] = ["•", "◦", "▪", "‣"];

#[derive(Clone, Debug)]
enum Container {
    Quote,
    Item {
        marker: Vec<Span>,
        indent: usize,
        shown: bool,
    },
}

#[derive(Default)]
struct Inline {
    strong: usize,
    emphasis: usize,
    strike: usize,
    heading: Option<u8>,
    links: Vec<usize>,
}

#[derive(Default)]
struct Renderer<'a> {
    width: usize,
    status: Option<&'a StatusFn<'a>>,
    out: Rendered,
    containers: Vec<Container>,
    lists: Vec<Option<u64>>,
    inline: Vec<Span>,
    style: Inline,
    need_blank: bool,
    code: Option<String>,
    /// The language of the fenced code block being read, if it names one.
    code_lang: Option<String>,
    /// Code lines highlighted so far in this rendering (see [`HIGHLIGHT_LINES_PER_POST`]).
    highlighted_lines: usize,
    image: Option<(usize, String)>,
    table: Option<Table>,
    in_html_block: bool,
    /// The 1-based source line of the event being rendered.
    source_line: usize,
    /// The heading anchors given out so far.
    anchors: std::collections::HashSet<String>,
}

impl Renderer<'_> {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.push(&code, Role::Code),
            Event::InlineHtml(html) | Event::InlineMath(html) | Event::DisplayMath(html) => {
                self.push(&html, Role::Html);
            }
            Event::Html(html) => self.html_block(&html),
            Event::FootnoteReference(label) => self.push(&format!("[^{label}]"), Role::Footnote),
            Event::SoftBreak => self.push(" ", Role::Text),
            Event::HardBreak => self.inline.push(Span::new("\n", Style::default())),
            Event::Rule => {
                self.start_block();
                let width = self.content_width();
                self.emit(vec![Span::new("─".repeat(width), Style::role(Role::Rule))]);
                self.need_blank = true;
            }
            Event::TaskListMarker(done) => self.task_marker(done),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.start_block(),
            Tag::Heading { level, .. } => {
                self.start_block();
                let level = heading_level(level);
                self.style.heading = Some(level);
                let mark = format!("{} ", "#".repeat(usize::from(level)));
                self.inline
                    .push(Span::new(mark, Style::role(Role::HeadingMark)));
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.start_block();
                if let CodeBlockKind::Fenced(lang) = &kind {
                    let lang = lang.split_whitespace().next().unwrap_or("");
                    if !lang.is_empty() {
                        self.code_lang = Some(lang.to_owned());
                        // A long language name is cut to the width, like any other line.
                        let label = [Span::new(
                            format!("  {}", clean(lang)),
                            Style::role(Role::Muted),
                        )];
                        if let Some(first) =
                            split_hard(&label, self.content_width()).into_iter().next()
                        {
                            self.emit(first);
                        }
                    }
                }
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.start_block();
                self.in_html_block = true;
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.start_block();
                } else {
                    self.flush_inline();
                }
                self.lists.push(start);
            }
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => {
                self.start_block();
                let marker = format!("[^{}] ", clean(&label));
                self.push_item(vec![Span::new(marker, Style::role(Role::Footnote))]);
            }
            Tag::Table(aligns) => {
                self.start_block();
                self.table = Some(Table {
                    aligns: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.style.emphasis += 1,
            Tag::Strong => self.style.strong += 1,
            Tag::Strikethrough => self.style.strike += 1,
            Tag::Link { dest_url, .. } => {
                let id = self.add_link(&dest_url, false);
                self.style.links.push(id);
            }
            Tag::Image { dest_url, .. } => {
                let id = self.add_link(&dest_url, true);
                self.image = Some((id, String::new()));
            }
            _ => {}
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one short arm per markdown end tag; splitting them would only scatter the table"
    )]
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(_) => {
                let level = self.style.heading.take().unwrap_or(1);
                let text: String = self
                    .inline
                    .iter()
                    .skip(1)
                    .map(|s| s.text.as_str())
                    .collect();
                let anchor = self.unique_anchor(&text);
                self.out.headings.push(HeadingEntry {
                    level,
                    text: text.trim().to_owned(),
                    anchor,
                    line: self.out.lines.len(),
                });
                self.end_block();
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.containers.pop();
                self.need_blank = true;
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let code = code.strip_suffix('\n').unwrap_or(&code);
                let budget_left = self.highlighted_lines < HIGHLIGHT_LINES_PER_POST;
                let highlighted = self.code_lang.take().and_then(|lang| {
                    self.out.code_languages = true;
                    budget_left
                        .then(|| highlight::highlight(&lang, code))
                        .flatten()
                });
                self.highlighted_lines += highlighted.as_ref().map_or(0, |h| h.len());
                let width = self.content_width().saturating_sub(4).max(1);
                for (n, line) in code.split('\n').enumerate() {
                    let spans = match highlighted.as_ref().and_then(|h| h.get(n)) {
                        Some(pieces) => {
                            let mut column = 0;
                            pieces
                                .iter()
                                .map(|(token, text)| {
                                    Span::new(
                                        clean_code_from(text, &mut column),
                                        Style::role(Role::Syntax(*token)),
                                    )
                                })
                                .collect()
                        }
                        None => vec![Span::new(
                            clean_code_line(line),
                            Style::role(Role::CodeBlock),
                        )],
                    };
                    let wrapped = split_hard(&spans, width);
                    for (i, piece) in wrapped.into_iter().enumerate() {
                        // A continuation of a long code line is marked, so it does not
                        // read as a line of its own.
                        let gutter = if i == 0 {
                            Span::new("    ", Style::default())
                        } else {
                            Span::new("  ↪ ", Style::role(Role::Muted))
                        };
                        let mut line = vec![gutter];
                        line.extend(piece);
                        self.emit(line);
                    }
                }
                self.need_blank = true;
            }
            TagEnd::HtmlBlock => {
                self.in_html_block = false;
                self.need_blank = true;
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.need_blank = true;
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                self.containers.pop();
            }
            TagEnd::FootnoteDefinition => {
                self.flush_inline();
                self.containers.pop();
                self.need_blank = true;
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header_rows = t.rows.len();
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    for line in table.render(self.content_width()) {
                        self.emit(line.spans);
                    }
                }
                self.need_blank = true;
            }
            TagEnd::Emphasis => self.style.emphasis = self.style.emphasis.saturating_sub(1),
            TagEnd::Strong => self.style.strong = self.style.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.style.strike = self.style.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(id) = self.style.links.pop() {
                    self.push_link_mark(id);
                }
            }
            TagEnd::Image => {
                if let Some((id, alt)) = self.image.take() {
                    self.push_image(id, &alt);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(code) = self.code.as_mut() {
            code.push_str(text);
        } else if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(text);
        } else if self.in_html_block {
            self.html_block(text);
        } else {
            let mut last = 0;
            for range in template_code(text) {
                self.push(&text[last..range.start], Role::Text);
                self.push(&text[range.clone()], Role::Template);
                last = range.end;
            }
            self.push(&text[last..], Role::Text);
        }
    }

    fn html_block(&mut self, html: &str) {
        self.start_block();
        let width = self.content_width();
        for line in html.strip_suffix('\n').unwrap_or(html).split('\n') {
            let spans = [Span::new(clean_code_line(line), Style::role(Role::Html))];
            for piece in split_hard(&spans, width) {
                self.emit(piece);
            }
        }
    }

    /// Add inline text with the current emphasis; `role` applies unless a link or heading
    /// overrides it.
    fn push(&mut self, text: &str, role: Role) {
        if text.is_empty() {
            return;
        }
        if let Some((_, alt)) = self.image.as_mut() {
            alt.push_str(text);
            return;
        }
        let link = self.style.links.last().copied();
        let role = match (role, link) {
            (Role::Text, Some(id)) => self.link_role(id),
            (Role::Text, None) => match self.style.heading {
                Some(level) => Role::Heading(level),
                None if self.in_quote() => Role::Quote,
                None => Role::Text,
            },
            (other, _) => other,
        };
        let style = Style {
            role,
            bold: self.style.strong > 0 || self.style.heading.is_some(),
            italic: self.style.emphasis > 0,
            strike: self.style.strike > 0,
        };
        self.inline.push(Span {
            text: clean(text).into_owned(),
            style,
            link,
        });
    }

    fn link_role(&self, id: usize) -> Role {
        match self.out.links[id].status {
            Some(LinkStatus::Broken) => Role::LinkBroken,
            Some(LinkStatus::External) => Role::LinkExternal,
            _ => Role::Link,
        }
    }

    fn add_link(&mut self, target: &str, image: bool) -> usize {
        let status = self.status.and_then(|f| f(target));
        self.out.links.push(RenderedLink {
            target: target.to_owned(),
            image,
            status,
            line: 0,
        });
        self.out.links.len() - 1
    }

    fn push_link_mark(&mut self, id: usize) {
        let sign = match self.out.links[id].status {
            Some(LinkStatus::Broken) => "✗",
            Some(LinkStatus::External) => "↗",
            _ => "",
        };
        let role = match self.out.links[id].status {
            Some(LinkStatus::Broken) => Role::LinkBroken,
            _ => Role::LinkMark,
        };
        self.inline.push(Span {
            text: format!("[{}{sign}]", id + 1),
            style: Style::role(role),
            link: Some(id),
        });
    }

    fn push_image(&mut self, id: usize, alt: &str) {
        let alt = clean(alt.trim());
        let label = if alt.is_empty() {
            "[image]".to_owned()
        } else {
            format!("[image: {alt}]")
        };
        let target = clean(&self.out.links[id].target).into_owned();
        let role = if self.out.links[id].status == Some(LinkStatus::Broken) {
            Role::LinkBroken
        } else {
            Role::Image
        };
        self.inline.push(Span {
            text: label,
            style: Style::role(role),
            link: Some(id),
        });
        self.inline.push(Span {
            text: format!(" {target}"),
            style: Style::role(Role::Muted),
            link: Some(id),
        });
        self.push_link_mark(id);
    }

    fn task_marker(&mut self, done: bool) {
        if let Some(Container::Item { marker, indent, .. }) = self.containers.last_mut() {
            let (text, role) = if done {
                ("[x] ", Role::TaskDone)
            } else {
                ("[ ] ", Role::TaskTodo)
            };
            *marker = vec![Span::new(text, Style::role(role))];
            *indent = 4;
        }
    }

    fn start_item(&mut self) {
        self.flush_inline();
        let depth = self.lists.len().saturating_sub(1);
        let marker = match self.lists.last_mut() {
            Some(Some(n)) => {
                let text = format!("{n}. ");
                *n += 1;
                text
            }
            _ => format!("{} ", BULLETS[depth % BULLETS.len()]),
        };
        self.push_item(vec![Span::new(marker, Style::role(Role::ListMarker))]);
    }

    fn push_item(&mut self, marker: Vec<Span>) {
        let indent = marker.iter().map(Span::width).sum();
        self.containers.push(Container::Item {
            marker,
            indent,
            shown: false,
        });
    }

    fn in_quote(&self) -> bool {
        self.containers
            .iter()
            .any(|c| matches!(c, Container::Quote))
    }

    /// Before a block: finish pending inline text and leave a blank line after the last block.
    fn start_block(&mut self) {
        self.flush_inline();
        if self.need_blank && !self.out.lines.is_empty() {
            self.emit_blank();
        }
        self.need_blank = false;
    }

    fn end_block(&mut self) {
        self.flush_inline();
        self.need_blank = true;
    }

    fn flush_inline(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        for line in wrap(&spans, self.content_width()) {
            self.emit(line);
        }
    }

    fn prefix_width(&self) -> usize {
        self.containers
            .iter()
            .map(|c| match c {
                Container::Quote => 2,
                Container::Item { indent, .. } => *indent,
            })
            .sum()
    }

    fn content_width(&self) -> usize {
        self.width.saturating_sub(self.prefix_width()).max(4)
    }

    fn emit(&mut self, content: Vec<Span>) {
        let mut prefixes: Vec<Vec<Span>> = Vec::with_capacity(self.containers.len());
        for c in &mut self.containers {
            prefixes.push(match c {
                Container::Quote => vec![Span::new("│ ", Style::role(Role::Quote))],
                Container::Item {
                    marker,
                    indent,
                    shown,
                } => {
                    if *shown {
                        vec![Span::new(" ".repeat(*indent), Style::default())]
                    } else {
                        *shown = true;
                        marker.clone()
                    }
                }
            });
        }
        // Nesting deeper than the width allows: keep the innermost prefixes that leave the
        // content its minimum width, so no line is wider than the width.
        let room = self.width.saturating_sub(4);
        let mut used = 0;
        let mut first_kept = prefixes.len();
        for (i, prefix) in prefixes.iter().enumerate().rev() {
            used += prefix.iter().map(Span::width).sum::<usize>();
            if used > room {
                break;
            }
            first_kept = i;
        }
        let mut spans: Vec<Span> = prefixes.into_iter().skip(first_kept).flatten().collect();
        spans.extend(content);
        self.out.lines.push(Line::new(spans));
        self.out.source_lines.push(self.source_line);
    }

    fn emit_blank(&mut self) {
        let spans = self
            .containers
            .iter()
            .filter(|c| matches!(c, Container::Quote))
            .map(|_| Span::new("│", Style::role(Role::Quote)))
            .take(self.width)
            .collect();
        self.out.lines.push(Line::new(spans));
        self.out.source_lines.push(self.source_line);
    }

    /// `text`'s anchor, numbered past the ones taken (a set, not a scan of every heading
    /// so far: a post of thousands of headings made that quadratic).
    fn unique_anchor(&mut self, text: &str) -> String {
        let base = anchor(text);
        let mut candidate = base.clone();
        let mut n = 1;
        while self.anchors.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.anchors.insert(candidate.clone());
        candidate
    }

    fn finish(mut self) -> Rendered {
        let mut first_line = vec![None; self.out.links.len()];
        for (i, line) in self.out.lines.iter().enumerate() {
            for id in line.spans.iter().filter_map(|s| s.link) {
                if let Some(slot @ None) = first_line.get_mut(id) {
                    *slot = Some(i);
                }
            }
        }
        for (link, line) in self.out.links.iter_mut().zip(first_line) {
            link.line = line.unwrap_or(0);
        }
        self.out
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A GitHub-style heading anchor: lowercase, punctuation dropped, spaces to hyphens.
pub fn anchor(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sanitize::is_unsafe;

    fn none(_: &str) -> Option<LinkStatus> {
        None
    }

    fn text(md: &str, width: usize) -> Vec<String> {
        render(md, width, &none)
            .lines
            .iter()
            .map(Line::plain)
            .collect()
    }

    #[test]
    fn render_headings_record_anchor_and_line() {
        let doc = render(
            "Intro.\n\n## Core Ideas\n\ntext\n\n## Core Ideas\n",
            40,
            &none,
        );
        let lines: Vec<String> = doc.lines.iter().map(Line::plain).collect();
        assert_eq!(
            lines,
            [
                "Intro.",
                "",
                "## Core Ideas",
                "",
                "text",
                "",
                "## Core Ideas"
            ]
        );
        assert_eq!(doc.headings[0].anchor, "core-ideas");
        assert_eq!(doc.headings[0].line, 2);
        assert_eq!(doc.headings[1].anchor, "core-ideas-1");
        assert_eq!(doc.lines[2].spans[1].style.role, Role::Heading(2));
    }

    #[test]
    fn render_lists_nested_ordered_and_tasks() {
        let md = "- one\n  - inner\n- two\n\n3. third\n4. fourth\n\n- [x] done\n- [ ] todo\n";
        assert_eq!(
            text(md, 40),
            [
                "• one",
                "  ◦ inner",
                "• two",
                "",
                "3. third",
                "4. fourth",
                "",
                "[x] done",
                "[ ] todo"
            ]
        );
    }

    #[test]
    fn render_list_items_wrap_with_hanging_indent() {
        assert_eq!(
            text("- alpha beta gamma delta", 14),
            ["• alpha beta", "  gamma delta"]
        );
    }

    #[test]
    fn render_quotes_code_and_rules() {
        let md = "> quoted text\n>\n> more\n\n```rust\nfn main() {\n\tx();\n}\n```\n\n---\n";
        assert_eq!(
            text(md, 20),
            [
                "│ quoted text",
                "│",
                "│ more",
                "",
                "  rust",
                "    fn main() {",
                "        x();",
                "    }",
                "",
                "────────────────────",
            ]
        );
    }

    #[test]
    fn render_numbers_links_and_marks_broken_and_external() {
        let status = |t: &str| match t {
            "/posts/nope" => Some(LinkStatus::Broken),
            "https://x.org" => Some(LinkStatus::External),
            _ => Some(LinkStatus::Ok),
        };
        let doc = render(
            "[a](/posts/a) [b](/posts/nope) [c](https://x.org)",
            60,
            &status,
        );
        assert_eq!(doc.lines[0].plain(), "a[1] b[2✗] c[3↗]");
        assert_eq!(doc.links.len(), 3);
        let roles: Vec<Role> = doc.lines[0]
            .spans
            .iter()
            .filter(|s| s.link == Some(1))
            .map(|s| s.style.role)
            .collect();
        assert!(roles.iter().all(|r| *r == Role::LinkBroken), "{roles:?}");
    }

    #[test]
    fn render_images_show_alt_and_target() {
        let doc = render("![A chart](/media/c.webp)", 60, &none);
        assert_eq!(doc.lines[0].plain(), "[image: A chart] /media/c.webp[1]");
        assert!(doc.links[0].image);
    }

    #[test]
    fn render_html_and_template_code_are_shown_not_interpreted() {
        let doc = render(
            "<div class=\"x\">\n<b>hi</b>\n</div>\n\nSee {% image \"a.jpg\" %} here.\n",
            60,
            &none,
        );
        let lines: Vec<String> = doc.lines.iter().map(Line::plain).collect();
        assert_eq!(lines[0], "<div class=\"x\">");
        assert_eq!(doc.lines[0].spans[0].style.role, Role::Html);
        let template = doc
            .lines
            .last()
            .unwrap()
            .spans
            .iter()
            .find(|s| s.text.contains("{%"))
            .unwrap();
        assert_eq!(template.style.role, Role::Template);
    }

    #[test]
    fn render_footnotes_and_tables() {
        let md = "Claim[^1].\n\n| A | B |\n|---|--:|\n| x | 10 |\n\n[^1]: Source.\n";
        let lines = text(md, 40);
        assert_eq!(lines[0], "Claim[^1].");
        assert!(lines.contains(&"│ x │ 10 │".to_owned()), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.starts_with("[^1] Source.")),
            "{lines:?}"
        );
    }

    #[test]
    fn render_never_exceeds_the_width() {
        let md = "# A very long heading that needs wrapping\n\nSome 日本語のテキスト and a verylongwordthatcannotbreak.\n\n> - quoted list item with enough words to wrap\n\n| column one | column two |\n|---|---|\n| some long cell text | more text here |\n\n```\nlet x = \"a long line of code that must be cut\";\n```\n";
        for width in [8, 12, 20, 33] {
            for line in render(md, width, &none).lines {
                assert!(line.width() <= width.max(8), "{width}: {:?}", line.plain());
            }
        }
    }

    #[test]
    fn render_sanitizes_control_characters_everywhere() {
        let md = "Title \u{1b}[31mred\u{7}\n\n```\ncode \u{1b}]52;c;x\u{7}\n```\n\n[li\u{9b}nk](/x\u{1b}y) ![al\u{1b}t](/i\u{1b}.png) <b \u{1b}>\n";
        let doc = render(md, 60, &none);
        for line in &doc.lines {
            for span in &line.spans {
                assert!(!span.text.chars().any(is_unsafe), "{:?}", span.text);
            }
        }
        assert!(doc.lines[0].plain().contains('\u{241b}'));
    }

    #[test]
    fn render_link_lines_point_at_the_link_text() {
        let doc = render("para\n\nmore text [here](/posts/x)\n", 40, &none);
        assert_eq!(doc.links[0].line, 2);
    }
}
