//! The status line: a message, the text being typed, or where you are; and the keys that
//! matter now (from the keymap's hint bindings).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Screen, Tone};

use super::text::{fit, safe};
use super::theme::Theme;

/// Draw the status line into `area` (one row).
pub fn draw(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    if let Some(input) = &app.input {
        let text = format!("{}{}", input.purpose.prompt(), safe(&input.text));
        let line = Line::from(vec![Span::styled(
            fit(&format!("{text}█"), width),
            theme.title(),
        )]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    // What the user needs to know comes first; key hints get the room that is left.
    let left = match &app.message {
        Some((tone, text)) => {
            let style = if *tone == Tone::Error {
                theme.error()
            } else {
                theme.title()
            };
            Span::styled(safe(text).into_owned(), style)
        }
        None => Span::styled(
            format!(
                "{}{}{}",
                where_am_i(app),
                site_counts(app),
                indexing_note(app)
            ),
            theme.muted(),
        ),
    };
    let left_width = left.content.width().min(width);
    let hints = hints(app, theme, width.saturating_sub(left_width + 2));
    let hints_width: usize = hints.iter().map(|s| s.content.width()).sum();
    let mut spans = vec![
        Span::styled(
            fit(&left.content, width.saturating_sub(hints_width + 1)),
            left.style,
        ),
        Span::raw(" "),
    ];
    spans.extend(hints);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How far the background index is, while it runs: ` · indexing 4096/100000` (nothing
/// before the walk has counted the posts, and nothing once it is done).
pub fn indexing_note(app: &App) -> String {
    match app.indexing {
        Some(p) if p.total > 0 => format!(" · indexing {}/{}", p.done, p.total),
        _ => String::new(),
    }
}

/// The site's problem counts, always shown: ` · ✗ 3 ! 12` (`!` opens the list).
fn site_counts(app: &App) -> String {
    match &app.content {
        Some(c) if !c.index.checked => " · checking links".to_owned(),
        Some(c) => format!(
            " · ✗ {} ! {}",
            c.catalog.problems.errors, c.catalog.problems.warnings
        ),
        None => String::new(),
    }
}

fn where_am_i(app: &App) -> String {
    let Some(index) = app.index() else {
        return match &app.load_error {
            Some(e) => e.clone(),
            None => format!("Indexing {}…", app.root.display()),
        };
    };
    if let (Screen::Editor, Some(editor)) = (app.screen, &app.editor) {
        let area = match editor.focus {
            crate::app::editor::Pane::FrontMatter => &editor.front,
            crate::app::editor::Pane::Body => &editor.body,
        };
        let cursor = area.cursor();
        let state = if editor.version == editor.saved_version {
            "saved"
        } else {
            "modified"
        };
        return format!(
            "{} · {state} · line {}, col {}",
            editor
                .post
                .and_then(|id| index.posts.get(id))
                .map_or("new post", |p| p.slug.as_ref()),
            editor.file_line(),
            cursor.1 + 1
        );
    }
    if app.screen == Screen::Problems {
        return match app.problems.current() {
            Some((post, _)) => format!(
                "{} · row {}/{}",
                index.posts[post].slug,
                app.problems.list.cursor + 1,
                app.problems.rows.len()
            ),
            None => "problems".to_owned(),
        };
    }
    match (app.screen, &app.reader) {
        (Screen::Reader, Some(reader)) if reader.doc.lines.is_empty() => {
            let slug = &index.posts[reader.post].slug;
            if reader.error.is_some() {
                format!("{slug} · cannot be read")
            } else if reader.text.is_some() {
                format!("{slug} · rendering…")
            } else {
                format!("{slug} · loading…")
            }
        }
        (Screen::Reader, Some(reader)) => {
            let rows = app.viewport.reader_rows();
            let total = reader.doc.lines.len().max(1);
            let pct = if reader.max_scroll(rows) == 0 {
                100
            } else {
                reader.scroll * 100 / reader.max_scroll(rows)
            };
            let (back, forward) = app.history.depth();
            let link = reader
                .selected
                .map(|i| format!(" · link {}/{}", i + 1, reader.doc.links.len()))
                .unwrap_or_default();
            let post = &index.posts[reader.post];
            let review = match app.review.state(&post.rel_path) {
                _ if app.review.marks.is_none() => "",
                crate::core::review::ReviewState::Reviewed => " · ✓ reviewed",
                crate::core::review::ReviewState::Changed => " · * changed since review",
                crate::core::review::ReviewState::Unreviewed => "",
            };
            // A first part: how far it goes, not a share of the post.
            let whole = if reader.partial() {
                "+ (rendering the rest)".to_owned()
            } else {
                format!(" {pct}%")
            };
            format!(
                "{} · line {}/{total}{whole} · ←{back} →{forward}{link}{review}",
                post.slug,
                (reader.scroll + 1).min(total)
            )
        }
        // A preview holds the newest posts only: the site's count, and what comes.
        _ if index.totals.is_some() => {
            format!(
                "{} · {} posts · listing",
                app.root.display(),
                index.post_count()
            )
        }
        _ => format!(
            "{} · {} / {} posts",
            app.root.display(),
            app.library.visible_posts().len(),
            index.posts.len()
        ),
    }
}

/// The hint keys of the current context, as many as fit in `room` columns.
fn hints(app: &App, theme: Theme, room: usize) -> Vec<Span<'static>> {
    let context = app.context();
    // While indexing, or over help, only the global keys do anything; the editor has its
    // own (in it, `?` and `q` are text).
    let local =
        app.index().is_some() && !matches!(app.popup, Some(crate::app::popup::Popup::Help { .. }));
    let global_keys = context != crate::app::keymap::Context::Editor;
    let mut spans = Vec::new();
    let mut used = 0;
    let global = crate::app::keymap::Context::Global;
    let is_help = |b: &&&crate::app::keymap::Binding| b.action == crate::app::Action::ShowHelp;
    let own: Vec<_> = app.keymap.bindings(context).filter(|_| local).collect();
    let shared: Vec<_> = app
        .keymap
        .bindings(global)
        .filter(|_| global_keys)
        .collect();
    // Help first (it leads to every other key when the line is short), then this screen's
    // keys, then the global ones.
    let bindings = shared
        .iter()
        .filter(is_help)
        .chain(own.iter().filter(is_help))
        .chain(own.iter().filter(|b| !is_help(b)))
        .chain(shared.iter().filter(|b| !is_help(b)))
        .filter_map(|b| Some((b, b.hint?)));
    for (binding, label) in bindings {
        let Some(key) = binding.keys.first() else {
            continue;
        };
        let key = key.to_string();
        let label = format!(" {label}  ");
        used += key.width() + label.width();
        if used > room {
            break;
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(label, theme.muted()));
    }
    spans
}
