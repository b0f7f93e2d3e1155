//! The editor: front matter pane, its live check, body pane (and preview), and prompts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::editor::{Editor, Pane};

use super::text::{fit, safe};
use super::theme::Theme;

/// Draw `editor` into `area`.
pub fn draw(editor: &Editor, root: &std::path::Path, theme: Theme, frame: &mut Frame, area: Rect) {
    let front_lines = u16::try_from(editor.front.lines().len()).unwrap_or(u16::MAX);
    let front_height = (front_lines + 2)
        .clamp(4, (area.height / 2).max(4))
        .min(area.height.saturating_sub(3));
    let front_area = Rect {
        height: front_height,
        ..area
    };
    let check_area = Rect {
        y: area.y + front_height,
        height: 1,
        ..area
    };
    let body_area = Rect {
        y: area.y + front_height + 1,
        height: area.height.saturating_sub(front_height + 1),
        ..area
    };
    let path = editor
        .path
        .strip_prefix(root)
        .unwrap_or(&editor.path)
        .display()
        .to_string();
    let mut notes = String::new();
    if let Some(reason) = &editor.read_only {
        notes.push_str(&format!(" · read-only: {reason}"));
    }
    if editor.changed_on_disk {
        notes.push_str(" · changed on disk");
    }
    let front_title = format!(" Front matter · {}{} ", safe(&path), safe(&notes));
    let inner = pane(
        frame,
        front_area,
        &front_title,
        editor.focus == Pane::FrontMatter,
        theme,
    );
    frame.render_widget(&editor.front, inner);
    mark_error_line(editor, inner, frame, theme);
    draw_check(editor, theme, frame, check_area);

    let (edit_area, preview_area) = if editor.preview {
        let half = body_area.width / 2;
        (
            Rect {
                width: half,
                ..body_area
            },
            Some(Rect {
                x: body_area.x + half,
                width: body_area.width - half,
                ..body_area
            }),
        )
    } else {
        (body_area, None)
    };
    let inner = pane(
        frame,
        edit_area,
        " Body ",
        editor.focus == Pane::Body,
        theme,
    );
    frame.render_widget(&editor.body, inner);
    if let Some(preview_area) = preview_area {
        draw_preview(editor, theme, frame, preview_area);
    }
    if editor.prompt.is_some() {
        draw_prompt(editor, theme, frame, area);
    }
}

fn pane(frame: &mut Frame, area: Rect, title: &str, focused: bool, theme: Theme) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused()
        } else {
            theme.border()
        })
        .title(Span::styled(
            fit(title, usize::from(area.width.saturating_sub(2))),
            theme.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Mark the line number of the YAML (or TOML) error, when that line is on screen.
fn mark_error_line(editor: &Editor, inner: Rect, frame: &mut Frame, theme: Theme) {
    let Some((line, _)) = &editor.check.error else {
        return;
    };
    let (top, _) = editor.front.scroll_offset();
    let Some(row) = (*line)
        .checked_sub(1)
        .and_then(|l| l.checked_sub(usize::from(top)))
    else {
        return;
    };
    let Ok(row) = u16::try_from(row) else { return };
    if row >= inner.height {
        return;
    }
    let gutter = editor.front.line_number_width().min(inner.width);
    let buffer = frame.buffer_mut();
    for x in inner.x..inner.x + gutter.max(1) {
        buffer[(x, inner.y + row)].set_style(theme.error().add_modifier(Modifier::REVERSED));
    }
}

fn draw_check(editor: &Editor, theme: Theme, frame: &mut Frame, area: Rect) {
    let check = &editor.check;
    let mut spans = Vec::new();
    if let Some((line, message)) = &check.error {
        spans.push(Span::styled(
            format!(
                " ✗ {} error, line {line}: {}",
                check.language,
                safe(message)
            ),
            theme.error(),
        ));
    } else {
        spans.push(Span::styled(" ✓ ", theme.tag()));
        spans.push(Span::styled(
            safe(check.title.as_deref().unwrap_or("(no title)")).into_owned(),
            theme.title(),
        ));
        if let Some(date) = &check.date {
            spans.push(Span::styled(format!("  {}", safe(date)), theme.muted()));
        }
        for tag in &check.tags {
            spans.push(Span::styled(format!("  #{}", safe(tag)), theme.tag()));
        }
        for warning in &check.warnings {
            spans.push(Span::styled(format!("  ! {warning}"), theme.warning()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_preview(editor: &Editor, theme: Theme, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(Span::styled(" Preview ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((_, _, doc)) = &editor.preview_cache else {
        return;
    };
    // Follow the body cursor: the same share of the text above the screen.
    let row = editor.body.cursor().0;
    let total = editor.body.lines().len().max(1);
    let rows = usize::from(inner.height);
    let start = (row * doc.lines.len() / total)
        .saturating_sub(rows / 2)
        .min(doc.lines.len().saturating_sub(rows));
    let lines: Vec<Line> = doc.lines[start..(start + rows).min(doc.lines.len())]
        .iter()
        .map(|l| {
            Line::from(
                l.spans
                    .iter()
                    .map(|s| Span::styled(s.text.as_str(), theme.text(s.style)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_prompt(editor: &Editor, theme: Theme, frame: &mut Frame, area: Rect) {
    use unicode_width::UnicodeWidthStr;
    let Some(prompt) = &editor.prompt else { return };
    let (question, options) = prompt.options();
    let width = area.width.saturating_sub(4).min(96);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let answers: Vec<(String, &str)> = options
        .iter()
        .map(|(key, label, _)| {
            (
                if *key == '\u{1b}' {
                    "Esc".to_owned()
                } else {
                    key.to_string()
                },
                *label,
            )
        })
        .collect();
    let one_line: usize = answers.iter().map(|(k, l)| k.width() + l.width() + 4).sum();
    let answer_rows = if one_line <= inner { 1 } else { answers.len() };
    let room = usize::from(area.height).saturating_sub(3 + answer_rows);
    let question = shorten(&question, room, inner);
    let mut lines = vec![
        Line::styled(
            question.clone(),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Line::default(),
    ];
    // All answers on one line when they fit, else one per line: every answer stays visible.
    if one_line <= inner {
        let mut spans = Vec::new();
        for (key, label) in &answers {
            spans.push(Span::styled(key.clone(), theme.key()));
            spans.push(Span::raw(format!(" {label}   ")));
        }
        lines.push(Line::from(spans));
    } else {
        for (key, label) in &answers {
            lines.push(Line::from(vec![
                Span::styled(key.clone(), theme.key()),
                Span::raw(format!(" {label}")),
            ]));
        }
    }
    let question_rows = question.width().div_ceil(inner);
    let rows = question_rows + 1 + lines.len() - 2;
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height.saturating_sub(height) / 3,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

/// `question` cut (with `…`) to fit `rows` rows of `width` once wrapped, so the answers
/// below it stay on screen however long a reason or path it names.
fn shorten(question: &str, rows: usize, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if question.width().div_ceil(width) <= rows {
        return question.to_owned();
    }
    // Wrapping at words leaves some of each row empty: keep a margin.
    let budget = (rows * width * 3 / 4).max(1);
    let mut out = String::new();
    for c in question.chars() {
        if out.width() + 2 > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}
