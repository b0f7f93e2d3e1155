//! The one key-spec parser of the tests. A spec is plain characters and named keys in angle
//! brackets (`"t<down><enter><tab><c-s>"`); [`parse_keys`] turns it into the key events
//! crossterm would report, which the model tests feed to `App::key_to_msg`, and
//! [`terminal_bytes`] turns those into what a terminal sends, which the pseudo-terminal
//! tests type. It must not know any of folio's bindings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The key events `spec` stands for: plain characters, and `<enter>`, `<esc>`, `<tab>`,
/// `<s-tab>`, `<bs>`, `<down>`, `<up>`, `<left>`, `<right>`, `<pgdn>`, `<pgup>`, `<home>`,
/// `<end>`, `<c-X>`, `<a-left>`, `<a-right>`, `<space>`, `<lt>` (a literal `<`).
pub fn parse_keys(spec: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            out.push(named_key(&rest[1..end]));
            rest = &rest[end + 1..];
            continue;
        }
        out.push(char_key(c));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A character key as a terminal reports it (Shift for upper case).
pub fn char_key(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

fn named_key(name: &str) -> KeyEvent {
    let none = KeyModifiers::NONE;
    let (code, mods) = match name {
        "enter" => (KeyCode::Enter, none),
        "esc" => (KeyCode::Esc, none),
        "tab" => (KeyCode::Tab, none),
        "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
        "bs" => (KeyCode::Backspace, none),
        "down" => (KeyCode::Down, none),
        "up" => (KeyCode::Up, none),
        "left" => (KeyCode::Left, none),
        "right" => (KeyCode::Right, none),
        "pgdn" => (KeyCode::PageDown, none),
        "pgup" => (KeyCode::PageUp, none),
        "home" => (KeyCode::Home, none),
        "end" => (KeyCode::End, none),
        "space" => (KeyCode::Char(' '), none),
        "lt" => (KeyCode::Char('<'), none),
        "a-left" => (KeyCode::Left, KeyModifiers::ALT),
        "a-right" => (KeyCode::Right, KeyModifiers::ALT),
        other => match other.strip_prefix("c-").map(str::chars) {
            Some(mut chars) => match (chars.next(), chars.next()) {
                (Some(c), None) => (KeyCode::Char(c), KeyModifiers::CONTROL),
                _ => panic!("unknown key <{other}>"),
            },
            None => panic!("unknown key <{other}>"),
        },
    };
    KeyEvent::new(code, mods)
}

/// What an xterm-like terminal sends for `key` (normal cursor-key mode): the bytes a
/// pseudo-terminal test types. Panics on a key the specs cannot name.
pub fn terminal_bytes(key: &KeyEvent) -> String {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (key.code, alt, ctrl) {
        (KeyCode::Char(c), false, true) if c.is_ascii_alphabetic() => {
            char::from(c.to_ascii_lowercase() as u8 - b'a' + 1).to_string()
        }
        (KeyCode::Char(c), false, false) => c.to_string(),
        (KeyCode::Enter, false, false) => "\r".into(),
        (KeyCode::Esc, false, false) => "\x1b".into(),
        (KeyCode::Tab, false, false) => "\t".into(),
        (KeyCode::BackTab, false, false) => "\x1b[Z".into(),
        (KeyCode::Backspace, false, false) => "\x7f".into(),
        (KeyCode::Up, false, false) => "\x1b[A".into(),
        (KeyCode::Down, false, false) => "\x1b[B".into(),
        (KeyCode::Right, false, false) => "\x1b[C".into(),
        (KeyCode::Left, false, false) => "\x1b[D".into(),
        (KeyCode::Right, true, false) => "\x1b[1;3C".into(),
        (KeyCode::Left, true, false) => "\x1b[1;3D".into(),
        (KeyCode::Home, false, false) => "\x1b[H".into(),
        (KeyCode::End, false, false) => "\x1b[F".into(),
        (KeyCode::PageUp, false, false) => "\x1b[5~".into(),
        (KeyCode::PageDown, false, false) => "\x1b[6~".into(),
        _ => panic!("no terminal bytes for {key:?}"),
    }
}
