//! Pop-ups: help (from the keymap), outline, backlinks, search results, external link.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::App;
use crate::app::help;
use crate::app::list_cursor::ListCursor;
use crate::app::popup::Popup;
use crate::core::index::Index;

use super::text::{fit, safe};
use super::theme::Theme;

/// Draw the open pop-up, if any, centred over `area`.
#[allow(
    clippy::too_many_lines,
    reason = "one short arm per kind of pop-up, each drawing its own"
)]
pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(popup) = &app.popup else { return };
    let (w, h) = app.viewport.popup_size();
    let rect = Rect {
        x: area.x + area.width.saturating_sub(w) / 2,
        y: area.y + area.height.saturating_sub(h) / 2,
        width: w.min(area.width),
        height: h.min(area.height),
    };
    frame.render_widget(Clear, rect);
    let block = |title: String| {
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(title, theme.title()))
    };
    let inner_width = usize::from(rect.width.saturating_sub(2));
    match popup {
        Popup::Help { scroll } => {
            let lines = help_lines(app, theme, inner_width);
            let more = if lines.len() > scroll + usize::from(rect.height.saturating_sub(2)) {
                " · more below ↓"
            } else {
                ""
            };
            let title = format!(" Keys · j/k scroll · any other key closes{more} ");
            let scroll = u16::try_from(*scroll).unwrap_or(u16::MAX);
            frame.render_widget(
                Paragraph::new(lines)
                    .block(block(title))
                    .scroll((scroll, 0)),
                rect,
            );
        }
        Popup::Palette(palette) => {
            let items: Vec<String> = palette
                .shown
                .iter()
                .map(|&i| {
                    let e = &palette.entries[i];
                    format!(
                        "{:<10} {:<20} {}",
                        e.key,
                        e.action.name(),
                        e.action.description()
                    )
                })
                .collect();
            let title = format!(
                " Run an action · {} of {} · ↑/↓ Enter runs · Esc closes ",
                palette.shown.len(),
                palette.entries.len()
            );
            let lines = if items.is_empty() {
                vec![Line::styled("No action matches.", theme.muted())]
            } else {
                list_lines(&items, palette.list, rect, theme)
            };
            frame.render_widget(Paragraph::new(lines).block(block(title)), rect);
        }
        Popup::TagPicker(picker) => {
            let items: Vec<String> = picker
                .shown
                .iter()
                .map(|&i| format!("#{}", picker.names[i]))
                .collect();
            let title = format!(
                " Merge #{} into… · ↑/↓ Enter chooses · Esc cancels ",
                safe(&picker.from)
            );
            let lines = if items.is_empty() {
                vec![Line::styled("No tag matches.", theme.muted())]
            } else {
                list_lines(&items, picker.list, rect, theme)
            };
            frame.render_widget(Paragraph::new(lines).block(block(title)), rect);
        }
        Popup::Preview(preview) => {
            let rows = usize::from(rect.height.saturating_sub(2));
            let lines: Vec<Line> = preview
                .lines
                .iter()
                .skip(preview.scroll)
                .take(rows)
                .map(|l| {
                    let style = if l.starts_with("+++") || l.starts_with("---") {
                        theme.title()
                    } else if l.starts_with('+') {
                        theme.tag()
                    } else if l.starts_with('-') {
                        theme.error()
                    } else {
                        theme.muted()
                    };
                    Line::styled(fit(&safe(l), inner_width), style)
                })
                .collect();
            let title = format!(
                " {} · {} files · y applies · Esc cancels · j/k scroll ",
                safe(&preview.description),
                preview.changes.files.len()
            );
            frame.render_widget(Paragraph::new(lines).block(block(title)), rect);
        }
        Popup::Outline { list } => {
            let Some(reader) = &app.reader else { return };
            let items: Vec<String> = reader
                .doc
                .headings
                .iter()
                .map(|h| {
                    format!(
                        "{}{}",
                        "  ".repeat(usize::from(h.level.saturating_sub(1))),
                        h.text
                    )
                })
                .collect();
            let lines = list_lines(&items, *list, rect, theme);
            frame.render_widget(
                Paragraph::new(lines).block(block(" Outline · Enter jumps ".to_owned())),
                rect,
            );
        }
        Popup::Backlinks { posts, list } => {
            let Some(index) = app.index() else { return };
            let items: Vec<String> = posts.iter().map(|&p| post_label(index, p)).collect();
            let title = format!(" {} posts link here · Enter opens ", posts.len());
            frame.render_widget(
                Paragraph::new(list_lines(&items, *list, rect, theme)).block(block(title)),
                rect,
            );
        }
        Popup::Search { query, hits, list } => {
            let Some(index) = app.index() else { return };
            let title = format!(" Search “{}” ", safe(query));
            let lines = match hits {
                None => vec![Line::styled("Searching…", theme.muted())],
                Some(hits) if hits.is_empty() => {
                    vec![Line::styled("No post contains it.", theme.muted())]
                }
                Some(hits) => {
                    let items: Vec<String> = hits
                        .iter()
                        .map(|h| {
                            format!("{}  ·  {}: {}", post_label(index, h.post), h.line, h.text)
                        })
                        .collect();
                    list_lines(&items, *list, rect, theme)
                }
            };
            let title = match hits {
                Some(h) if !h.is_empty() => format!("{title}· {} posts · Enter opens ", h.len()),
                _ => title,
            };
            frame.render_widget(Paragraph::new(lines).block(block(title)), rect);
        }
        Popup::Link { url } => {
            let lines = vec![
                Line::from(Span::styled(safe(url).into_owned(), theme.title())),
                Line::default(),
                Line::from(vec![
                    Span::styled("o", theme.key()),
                    Span::raw(" open in the browser   "),
                    Span::styled("y", theme.key()),
                    Span::raw(" copy   "),
                    Span::styled("Esc", theme.key()),
                    Span::raw(" close"),
                ]),
            ];
            let paragraph = Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block(" External link ".to_owned()));
            frame.render_widget(paragraph, rect);
        }
    }
}

fn post_label(index: &Index, id: crate::core::post::PostId) -> String {
    let post = &index.posts[id];
    let date = post
        .date
        .as_ref()
        .map(crate::core::post_date::PostDate::ymd)
        .unwrap_or_default();
    format!("{}  {}", post.display_title(), date)
}

fn list_lines(items: &[String], list: ListCursor, rect: Rect, theme: Theme) -> Vec<Line<'static>> {
    let rows = usize::from(rect.height.saturating_sub(2));
    let width = usize::from(rect.width.saturating_sub(2));
    items
        .iter()
        .enumerate()
        .skip(list.offset)
        .take(rows)
        .map(|(i, text)| {
            let style = if i == list.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::default()
            };
            Line::styled(fit(text, width), style)
        })
        .collect()
}

/// Help: the bindings of the screen below plus the global ones, from the keymap.
fn help_lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in help::sections(app) {
        lines.push(Line::styled(section.title.to_owned(), theme.title()));
        for (keys, text) in section.entries {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", fit(&keys, 18)), theme.key()),
                Span::raw(fit(text, width.saturating_sub(20))),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled(help::MOUSE_NOTE.to_owned(), theme.muted()));
    lines
}
