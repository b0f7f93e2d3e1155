//! The command palette (`:`) and the mouse switch (`M`).

use super::super::input::{Edit, Input, Purpose};
use super::super::palette::Palette;
use super::super::popup::Popup;
use super::super::{App, Effect, Tone};

impl App {
    /// `:`: open the palette over the current screen.
    pub(super) fn show_palette(&mut self) -> Vec<Effect> {
        self.popup = None;
        let palette = Palette::new(&self.keymap, self.context());
        self.popup = Some(Popup::Palette(Box::new(palette)));
        self.input = Some(Input {
            purpose: Purpose::Palette,
            text: String::new(),
        });
        Vec::new()
    }

    /// A key typed into the palette's field: filter, move, run or close.
    pub(super) fn palette_input(&mut self, edit: &Edit) -> Vec<Effect> {
        let rows = self.viewport.popup_rows();
        let Some(Popup::Palette(palette)) = self.popup.as_mut() else {
            self.input = None;
            return Vec::new();
        };
        let len = palette.shown.len();
        match edit {
            Edit::Down => palette.list.move_by(1, len, rows),
            Edit::Up => palette.list.move_by(-1, len, rows),
            Edit::Cancel => {
                self.input = None;
                self.popup = None;
            }
            Edit::Submit => {
                let chosen = palette.selected();
                self.input = None;
                self.popup = None;
                if let Some(action) = chosen {
                    return self.update(super::super::Msg::Action(action));
                }
            }
            Edit::Complete => {}
            edit => {
                if let Some(input) = self.input.as_mut()
                    && edit.apply(&mut input.text)
                {
                    palette.filter(&input.text);
                }
            }
        }
        Vec::new()
    }

    /// `M`: stop or start capturing the mouse. Off, the terminal's own selection works
    /// (and the wheel scrolls the terminal, not folio).
    pub(super) fn toggle_mouse(&mut self) -> Vec<Effect> {
        self.mouse_captured = !self.mouse_captured;
        let text = if self.mouse_captured {
            "Mouse on: the wheel scrolls, a click selects (M turns it off)"
        } else {
            "Mouse off: select text with the terminal (M turns it back on)"
        };
        self.say(Tone::Info, text);
        vec![Effect::SetMouseCapture(self.mouse_captured)]
    }
}
