//! Writing to stdout: whole outputs at once, a closed pipe (`folio list | head`) is not an
//! error, and styled lines become ANSI only when asked.

use std::io::Write;

use crate::render::sanitize::is_unsafe;
use crate::render::styled::{Line, Role, Style};
use crate::render::theme::{Color16, Paint, paint};

/// Write `text` to stdout; a closed pipe ends quietly.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Write raw bytes (a man page, a completion script) to stdout; a closed pipe ends quietly.
pub fn print_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    print(&String::from_utf8_lossy(bytes))
}

/// `text` in the look of `role`, as ANSI when `color`, else unchanged.
pub fn styled(text: &str, role: Role, color: bool) -> String {
    let mut out = String::new();
    if color {
        push_styled(&mut out, text, paint(Style::role(role)));
    } else {
        out.push_str(text);
    }
    out
}

/// Lines as text, with ANSI styles when `color`.
pub fn lines_to_text(lines: &[Line], color: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for span in &line.spans {
            if color {
                push_styled(&mut out, &span.text, paint(span.style));
            } else {
                out.push_str(&span.text);
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}

fn push_styled(out: &mut String, text: &str, p: Paint) {
    let mut codes: Vec<&str> = Vec::new();
    if p.bold {
        codes.push("1");
    }
    if p.italic {
        codes.push("3");
    }
    if p.underline {
        codes.push("4");
    }
    if p.strike {
        codes.push("9");
    }
    if let Some(fg) = p.fg {
        codes.push(match fg {
            Color16::Red => "31",
            Color16::Green => "32",
            Color16::Yellow => "33",
            Color16::Blue => "34",
            Color16::Magenta => "35",
            Color16::Cyan => "36",
            Color16::Gray => "90",
        });
    }
    if codes.is_empty() {
        out.push_str(text);
    } else {
        out.push_str(&format!("\x1b[{}m{text}\x1b[0m", codes.join(";")));
    }
}

/// JSON text with the characters serde leaves raw but a terminal might act on (DEL, C1
/// controls, bidi controls) escaped as `\uXXXX`. They only occur inside strings, so the
/// JSON means the same.
pub fn terminal_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_json_escapes_c1_and_stays_valid() {
        let json = serde_json::to_string(&"a\u{9b}2J\u{7f}\u{202e}").unwrap();
        let safe = terminal_safe_json(&json);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}2J\u{7f}\u{202e}");
    }
}
