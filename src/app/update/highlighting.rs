//! When the code grammars load, and what is drawn again once they have: asked for (on a
//! worker, through [`Effect::LoadGrammars`]) the first time the reader has a code block on
//! screen in a post with a fenced block that names a language, or the editor's preview
//! shows one, never under the mono theme or
//! `NO_COLOR`; then the reader renders again (on a worker, like every later post with code)
//! and the preview is redrawn.

use super::super::{App, Effect, Grammars};

/// Whether `text` may hold a fenced code block (cheap: the renderer decides for real).
pub(super) fn has_fence(text: &str) -> bool {
    text.contains("```") || text.contains("~~~")
}

impl App {
    /// Ask for the grammars if something on screen could use them and nobody asked yet.
    pub(super) fn grammars_wanted(&mut self) -> Option<Effect> {
        if self.monochrome || self.grammars != Grammars::NotLoaded {
            return None;
        }
        let rows = self.viewport.reader_rows();
        let in_reader = self
            .reader
            .as_ref()
            .is_some_and(|r| r.doc.code_languages && r.code_on_screen(rows));
        let in_preview = self
            .editor
            .as_ref()
            .and_then(|e| e.preview_cache.as_ref())
            .is_some_and(|(_, _, doc)| doc.code_languages);
        (in_reader || in_preview).then(|| {
            self.grammars = Grammars::Loading;
            Effect::LoadGrammars
        })
    }

    /// The grammars are in: render the reader and the preview again, highlighted.
    pub(super) fn grammars_loaded(&mut self) -> Vec<Effect> {
        self.grammars = Grammars::Loaded;
        if let Some(editor) = self.editor.as_mut() {
            editor.preview_cache = None;
        }
        self.refresh_preview();
        match self.reader.as_mut() {
            // A render under way may have started without them: it renders again once it
            // lands.
            Some(reader) if reader.doc.code_languages && reader.rendering.is_some() => {
                reader.stale = true;
                Vec::new()
            }
            Some(reader) if reader.doc.code_languages => {
                // A width no render has: the next render_reader renders again.
                reader.width = 0;
                self.render_reader()
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::app::Msg;
    use crate::app::keymap::Keymap;
    use crate::app::memory::Memory;
    use crate::app::reader::{Landing, Reader};
    use crate::render::styled::{Line, Role, Span, Style};

    fn app_showing_code(monochrome: bool) -> App {
        let mut app = App::new(PathBuf::from("."), Keymap::default(), Memory::default());
        app.monochrome = monochrome;
        let mut reader = Reader::new(crate::core::post::PostId::new(0), Landing::Top);
        reader.doc.code_languages = true;
        reader.doc.lines.push(Line::new(vec![Span::new(
            "fn main() {}",
            Style::role(Role::CodeBlock),
        )]));
        app.reader = Some(reader);
        app
    }

    /// A post with a language-tagged block asks for the grammars once; loading them marks
    /// the reader for a new render.
    #[test]
    fn grammars_wanted_once_for_code_then_loaded() {
        let mut app = app_showing_code(false);
        assert!(app.update(Msg::Tick).contains(&Effect::LoadGrammars));
        assert_eq!(app.grammars, Grammars::Loading);
        assert!(!app.update(Msg::Tick).contains(&Effect::LoadGrammars));
        app.update(Msg::GrammarsLoaded);
        assert_eq!(app.grammars, Grammars::Loaded);
        assert_eq!(app.reader.as_ref().map(|r| r.width), Some(0));
    }

    /// Under the mono theme or `NO_COLOR` the grammars are never loaded.
    #[test]
    fn grammars_wanted_never_in_monochrome() {
        let mut app = app_showing_code(true);
        assert!(!app.update(Msg::Tick).contains(&Effect::LoadGrammars));
        assert_eq!(app.grammars, Grammars::NotLoaded);
    }

    /// Code out of sight does not load them: the reader scrolled away from it.
    #[test]
    fn grammars_wanted_not_for_code_off_screen() {
        let mut app = app_showing_code(false);
        if let Some(r) = app.reader.as_mut() {
            let text = Line::new(vec![Span::new("prose", Style::role(Role::Text))]);
            r.doc.lines.extend(std::iter::repeat_n(text, 100));
            r.scroll = 50;
        }
        assert!(
            !app.update(Msg::Resize(80, 24))
                .contains(&Effect::LoadGrammars)
        );
        assert!(!app.update(Msg::Tick).contains(&Effect::LoadGrammars));
        assert_eq!(app.grammars, Grammars::NotLoaded);
    }

    /// A post without code does not load them either.
    #[test]
    fn grammars_wanted_not_without_code() {
        let mut app = app_showing_code(false);
        if let Some(r) = app.reader.as_mut() {
            r.doc.code_languages = false;
        }
        assert!(!app.update(Msg::Tick).contains(&Effect::LoadGrammars));
    }

    /// The cheap fence test finds both fence styles.
    #[test]
    fn has_fence_finds_backticks_and_tildes() {
        assert!(has_fence("a\n```rust\nx\n```\n"));
        assert!(has_fence("~~~\nx\n~~~"));
        assert!(!has_fence("no code here"));
    }
}
