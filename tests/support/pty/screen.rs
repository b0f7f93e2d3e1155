//! The virtual screen of the pseudo-terminal tests: the vt100 parser with a [`Recorder`]
//! of what the program asked the terminal for besides drawing, and reading rows of the
//! screen as text. It must not start or drive a process (that is [`super::Tui`]).

/// Records what the program asked the terminal to do besides drawing.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Every window title (OSC 0/2) the program set.
    pub titles: Vec<Vec<u8>>,
    /// Every icon name (OSC 0/1) the program set.
    pub icon_names: Vec<Vec<u8>>,
    /// Every clipboard write (OSC 52), base64 as sent.
    pub clipboard: Vec<Vec<u8>>,
    /// Characters the terminal did not print: U+FFFD and C1 controls.
    pub unhandled_chars: Vec<char>,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(name.to_vec());
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], data: &[u8]) {
        self.clipboard.push(data.to_vec());
    }

    fn unhandled_char(&mut self, _: &mut vt100::Screen, c: char) {
        self.unhandled_chars.push(c);
    }
}

/// The virtual terminal the program draws on.
pub type Parser = vt100::Parser<Recorder>;

/// Row `row` of `screen` as text, trailing blanks trimmed.
pub fn screen_row(screen: &vt100::Screen, row: u16) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .nth(usize::from(row))
        .unwrap_or_default()
        .trim_end()
        .to_owned()
}

/// The last row of `screen`.
pub fn last_row(screen: &vt100::Screen) -> String {
    let (rows, _) = screen.size();
    screen_row(screen, rows.get() - 1)
}

/// The screen with row numbers and a frame, for failure messages.
pub fn dump(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let mut out = format!(
        "┌ {}×{} · alternate screen {} · cursor {} ┐\n",
        rows,
        cols,
        screen.alternate_screen(),
        if screen.hide_cursor() {
            "hidden"
        } else {
            "visible"
        }
    );
    for (i, line) in screen.rows(0, cols.get()).enumerate() {
        out.push_str(&format!("{i:>3}│{}\n", line.trim_end()));
    }
    out.push('└');
    out
}
