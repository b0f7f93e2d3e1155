//! The reader: the visible lines of the rendered post, the selected link and search hits
//! highlighted, and a scrollbar; below the first part of a large post, a line saying the
//! rest is being rendered. Work per frame is bounded by the screen size.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::app::reader::Reader;
use crate::app::text_search::LineHit;
use crate::render::styled;

use super::text::safe;
use super::theme::Theme;

/// Draw `reader` into `area`.
pub fn draw(reader: &Reader, theme: Theme, frame: &mut Frame, area: Rect) {
    if let Some(error) = &reader.error {
        let text = format!("Cannot read this post: {}", safe(error));
        frame.render_widget(Paragraph::new(Line::styled(text, theme.error())), area);
        return;
    }
    if reader.doc.lines.is_empty() {
        let what = if reader.text.is_some() {
            " Rendering…"
        } else {
            " Loading…"
        };
        frame.render_widget(Paragraph::new(Line::styled(what, theme.muted())), area);
        return;
    }
    let rows = usize::from(area.height);
    let end = (reader.scroll + rows).min(reader.doc.lines.len());
    let hits: &[LineHit] = reader.search.as_ref().map_or(&[], |s| &s.hits);
    let current_hit = reader.search.as_ref().and_then(|s| s.hits.get(s.current));
    let first_hit = hits.partition_point(|h| h.line < reader.scroll);
    let mut lines: Vec<Line> = (reader.scroll..end)
        .map(|i| {
            let line_hits: Vec<&LineHit> = hits[first_hit..]
                .iter()
                .take_while(|h| h.line <= i)
                .filter(|h| h.line == i)
                .collect();
            draw_line(
                &reader.doc.lines[i],
                reader.selected,
                &line_hits,
                current_hit,
                theme,
            )
        })
        .collect();
    if reader.partial() && lines.len() < rows {
        // Past the first part of a large post: never a blank or wrong screen.
        let note = if reader.rendering.is_some() || reader.text.is_none() {
            "Rendering the rest…"
        } else {
            "The rest of this post could not be rendered (see the status line)"
        };
        lines.push(Line::styled(note, theme.muted()));
    }
    let body = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    frame.render_widget(Paragraph::new(lines), body);
    if reader.doc.lines.len() > rows {
        let mut state = ScrollbarState::new(reader.max_scroll(rows)).position(reader.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            area,
            &mut state,
        );
    }
}

fn draw_line<'a>(
    line: &'a styled::Line,
    selected: Option<usize>,
    hits: &[&LineHit],
    current: Option<&LineHit>,
    theme: Theme,
) -> Line<'a> {
    let mut spans = Vec::with_capacity(line.spans.len());
    let mut offset = 0;
    for span in &line.spans {
        let mut style = theme.text(span.style);
        if selected.is_some() && span.link == selected {
            style = style.patch(theme.selected());
        }
        let end = offset + span.text.len();
        let mut cut = offset;
        for hit in hits
            .iter()
            .filter(|h| h.range.start < end && h.range.end > offset)
        {
            let (a, b) = (hit.range.start.max(offset), hit.range.end.min(end));
            if a > cut {
                spans.push(Span::styled(&span.text[cut - offset..a - offset], style));
            }
            let hit_style = if current == Some(*hit) {
                theme.selected()
            } else {
                theme.search_hit()
            };
            spans.push(Span::styled(
                &span.text[a - offset..b - offset],
                style.patch(hit_style),
            ));
            cut = b;
        }
        if cut < end {
            spans.push(Span::styled(&span.text[cut - offset..], style));
        }
        offset = end;
    }
    Line::from(spans)
}
