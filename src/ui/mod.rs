//! Drawing: pure functions from the model to a ratatui frame, one module per region.
//! They read the [`App`] and never change it.

pub mod editor_view;
pub mod library_view;
pub mod popup_view;
pub mod problems_view;
pub mod reader_view;
pub mod status_bar;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::viewport::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Screen};

use self::theme::Theme;

/// Draw the whole app.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme {
        monochrome: app.monochrome,
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = vec![
            Line::from("Terminal too small"),
            Line::from(format!(
                "folio needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}",
                area.width, area.height
            )),
        ];
        let message = Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(message, area);
        return;
    }
    let main = Rect {
        height: area.height - 1,
        ..area
    };
    let status = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    match (app.index(), app.screen, &app.reader) {
        (None, _, _) => {
            let text = app.load_error.as_deref().map_or_else(
                || {
                    format!(
                        "Indexing {}…{}",
                        app.root.display(),
                        status_bar::indexing_note(app)
                    )
                },
                |e| format!("Cannot open {}: {e}", app.root.display()),
            );
            frame.render_widget(
                Paragraph::new(Line::from(text::safe(&text).into_owned())),
                main,
            );
        }
        (Some(_), Screen::Editor, _) if app.editor.is_some() => {
            if let Some(editor) = &app.editor {
                editor_view::draw(editor, &app.root, theme, frame, main);
            }
        }
        (Some(_), Screen::Reader, Some(reader)) => reader_view::draw(reader, theme, frame, main),
        (Some(index), Screen::Problems, _) => problems_view::draw(app, index, theme, frame, main),
        (Some(index), _, _) => library_view::draw(app, index, theme, frame, main),
    }
    popup_view::draw(app, theme, frame, main);
    status_bar::draw(app, theme, frame, status);
}
