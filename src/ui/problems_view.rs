//! The problems view: a header with counts by level and kind and the active filters, then
//! every problem grouped under its post. Only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::App;
use crate::app::problems::ProblemRow;
use crate::core::index::Index;
use crate::core::problem::Level;

use super::text::{fit, safe};
use super::theme::Theme;

/// Draw the problems view into `area`.
pub fn draw(app: &App, index: &Index, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(content) = &app.content else { return };
    let summary = &content.catalog.problems;
    let view = &app.problems;
    let width = usize::from(area.width.saturating_sub(2));

    let kinds: Vec<String> = summary
        .by_kind
        .iter()
        .map(|(kind, n)| format!("{} {n}", kind.as_str()))
        .collect();
    let filter = format!(
        "{} · {}",
        view.level.label(),
        view.kind.map_or("every kind", |k| k.as_str())
    );
    let title = format!(
        " Problems · {} errors · {} warnings · {} posts · showing {} ({filter}) ",
        summary.errors,
        summary.warnings,
        summary.posts.len(),
        view.shown_count()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused())
        .title(Span::styled(fit(&title, width), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let header = Line::from(Span::styled(fit(&kinds.join(" · "), width), theme.muted()));
    let list_rows = usize::from(inner.height.saturating_sub(1));
    let mut lines = vec![header];
    if view.rows.is_empty() {
        let text = if !index.checked {
            "Checking the site: its problems show when indexing is done."
        } else if summary.posts.is_empty() {
            "No problems: every check passes."
        } else {
            "No problem matches the filters (f: level, K: kind)."
        };
        lines.push(Line::styled(text, theme.muted()));
    }
    let first = view.list.offset;
    for (i, row) in view.rows.iter().enumerate().skip(first).take(list_rows) {
        let selected = i == view.list.cursor;
        lines.push(row_line(index, *row, selected, width, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line(
    index: &Index,
    row: ProblemRow,
    selected: bool,
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let style = if selected {
        theme.selected()
    } else {
        ratatui::style::Style::default()
    };
    match row {
        ProblemRow::Post(post) => {
            let p = &index.posts[post];
            let text = format!("{}  {}", safe(p.display_title()), safe(&p.rel_path));
            Line::from(Span::styled(fit(&text, width), theme.title().patch(style)))
        }
        ProblemRow::Problem { post, at } => {
            let Some(problem) = index.problems(post).get(at) else {
                return Line::default();
            };
            let (mark, mark_style) = match problem.level {
                Level::Error => ("✗", theme.error()),
                Level::Warning => ("!", theme.warning()),
            };
            let head = format!(
                "  {mark} {:>5} {:<20} ",
                problem.line,
                problem.kind.as_str()
            );
            let rest = width.saturating_sub(head.chars().count());
            Line::from(vec![
                Span::styled(format!("  {mark}"), mark_style.patch(style)),
                Span::styled(
                    format!(" {:>5} {:<20} ", problem.line, problem.kind.as_str()),
                    theme.muted().patch(style),
                ),
                Span::styled(fit(&safe(&problem.message), rest), style),
            ])
        }
    }
}
