//! The library: tag pane and post pane. Only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::App;
use crate::app::library::{Pane, TagItem, TagOrder};
use crate::core::catalog::PostOrder;
use crate::core::index::Index;
use crate::core::post::PostId;
use crate::core::problem::Level;
use crate::core::review::ReviewState;

use super::text::{fit, safe};
use super::theme::Theme;

/// Draw the library into `area`.
pub fn draw(app: &App, index: &Index, theme: Theme, frame: &mut Frame, area: Rect) {
    let tag_width = app.viewport.tag_pane_width().min(area.width);
    let tags_area = Rect {
        width: tag_width,
        ..area
    };
    let posts_area = Rect {
        x: area.x + tag_width,
        width: area.width - tag_width,
        ..area
    };
    draw_tags(app, index, theme, frame, tags_area);
    draw_posts(app, index, theme, frame, posts_area);
}

fn pane_block(title: String, focused: bool, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Span::styled(title, theme.title()))
}

fn row_style(selected: bool, focused: bool, theme: Theme) -> ratatui::style::Style {
    match (selected, focused) {
        (true, true) => theme.selected(),
        (true, false) => theme.selected_unfocused(),
        _ => ratatui::style::Style::default(),
    }
}

fn draw_tags(app: &App, index: &Index, theme: Theme, frame: &mut Frame, area: Rect) {
    let lib = &app.library;
    let focused = lib.focus == Pane::Tags;
    let order = match lib.tag_order {
        TagOrder::Count => "by count",
        TagOrder::Name => "by name",
    };
    let block = pane_block(format!(" Tags · {order} "), focused, theme);
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let lines: Vec<Line> = lib
        .tag_items
        .iter()
        .enumerate()
        .skip(lib.tags.offset)
        .take(rows)
        .map(|(i, item)| {
            let (name, count) = match item {
                TagItem::All => ("All posts".to_owned(), index.post_count()),
                TagItem::Tag(t) => (format!("#{}", index.tags[*t].name), index.tag_count(*t)),
            };
            let count = count.to_string();
            let name_width = width.saturating_sub(count.len() + 1);
            let style = row_style(i == lib.tags.cursor, focused, theme);
            Line::from(vec![
                Span::styled(fit(&name, name_width), style),
                Span::styled(format!(" {count}"), style.patch(theme.muted())),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_posts(app: &App, index: &Index, theme: Theme, frame: &mut Frame, area: Rect) {
    let lib = &app.library;
    let focused = lib.focus == Pane::Posts;
    let posts = lib.visible_posts();
    let scope = app
        .current_tag_name()
        .map_or_else(|| "all".to_owned(), |t| format!("#{}", safe(t)));
    let order = match lib.post_order {
        PostOrder::Date => "newest first",
        PostOrder::Title => "by title",
    };
    let filter = lib
        .post_filter
        .as_ref()
        .map(|(f, _)| format!(" · /{}", safe(&f.query)))
        .unwrap_or_default();
    let review = review_title(app, theme);
    let block = pane_block(
        format!(" Posts · {scope} · {order}{filter} "),
        focused,
        theme,
    )
    .title_bottom(review.clone());
    let inner = block.inner(area);
    let width = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let lines: Vec<Line> = posts
        .iter()
        .enumerate()
        .skip(lib.posts.offset)
        .take(rows)
        .map(|(i, &id)| {
            let style = row_style(i == lib.posts.cursor, focused, theme);
            let review = review_mark(app, index, id, theme);
            post_row(index, id, width, style, review, theme)
        })
        .collect();
    let mut paragraph = Paragraph::new(lines).block(block);
    if posts.is_empty() {
        paragraph = Paragraph::new(Line::styled("  no posts match", theme.muted())).block(
            pane_block(format!(" Posts · {scope}{filter} "), focused, theme).title_bottom(review),
        );
    }
    frame.render_widget(paragraph, area);
}

/// The post pane's bottom title: the review filter (unless all) and the progress, once
/// the marks are loaded.
fn review_title(app: &App, theme: Theme) -> Line<'static> {
    let Some((done, total)) = app.review.progress else {
        return Line::default();
    };
    let filter = if app.review.filtering() {
        format!("showing {} · ", app.review.filter.label())
    } else {
        String::new()
    };
    Line::styled(format!(" {filter}reviewed {done}/{total} "), theme.title()).right_aligned()
}

/// The review column of post `id`: `✓` reviewed, `*` changed since, blank otherwise;
/// no column at all until the marks are loaded.
fn review_mark(
    app: &App,
    index: &Index,
    id: PostId,
    theme: Theme,
) -> Option<(&'static str, ratatui::style::Style)> {
    app.review.marks.as_ref()?;
    Some(match app.review.state(&index.posts[id].rel_path) {
        ReviewState::Reviewed => ("✓ ", theme.reviewed()),
        ReviewState::Changed => ("* ", theme.review_changed()),
        ReviewState::Unreviewed => ("  ", ratatui::style::Style::default()),
    })
}

fn post_row(
    index: &Index,
    id: PostId,
    width: usize,
    style: ratatui::style::Style,
    review: Option<(&'static str, ratatui::style::Style)>,
    theme: Theme,
) -> Line<'static> {
    let post = &index.posts[id];
    let (mark, mark_style) = match index.problems(id).iter().map(|p| p.level).max() {
        Some(Level::Error) => ("✗ ", theme.error()),
        Some(Level::Warning) => ("! ", theme.warning()),
        None => ("  ", ratatui::style::Style::default()),
    };
    let date = post
        .date
        .as_ref()
        .map_or_else(|| " ".repeat(10), crate::core::post_date::PostDate::ymd);
    let tags = post
        .tags
        .iter()
        .filter(|t| !index.config.is_hidden_tag(t))
        .take(3)
        .fold(String::new(), |mut out, t| {
            out.push_str(" #");
            out.push_str(t);
            out
        });
    // Narrow panes give the title the room the date would take.
    let show_date = width >= 40;
    let review_width = if review.is_some() { 2 } else { 0 };
    let fixed = review_width + if show_date { 2 + 10 + 2 } else { 2 };
    let room = width.saturating_sub(fixed);
    let tag_room = if room > 40 { room / 3 } else { 0 };
    let title_room = room.saturating_sub(tag_room);
    let mut spans = vec![Span::styled(mark, style.patch(mark_style))];
    if let Some((glyph, glyph_style)) = review {
        spans.push(Span::styled(glyph, style.patch(glyph_style)));
    }
    if show_date {
        spans.push(Span::styled(date, style.patch(theme.muted())));
        spans.push(Span::styled("  ", style));
    }
    spans.push(Span::styled(fit(post.display_title(), title_room), style));
    if tag_room > 0 {
        spans.push(Span::styled(fit(&tags, tag_room), style.patch(theme.tag())));
    }
    Line::from(spans)
}
