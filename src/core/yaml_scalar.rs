//! Writing a string into YAML so that it reads back as exactly that string.
//!
//! folio writes scalars it did not get from the file (a tag typed in `#`, the title of a new
//! post). A plain scalar is only safe when no YAML reader would take it for something else:
//! YAML 1.2 (`serde_yaml`, Hugo) and YAML 1.1 (Jekyll's Psych, `PyYAML`) both count, so `yes`,
//! `0x10`, `1_000`, `1:20`, `.inf`, `2024-01-01` and `~` are quoted, as is anything with a
//! leading indicator, `: ` or ` #` inside, or spaces at either end. Quoting is always safe;
//! plain is kept where it is certain, because that is how people write tags.
//!
//! [`check_round_trip`] proves it on the written text: the field is parsed back and must
//! equal what was asked, or nothing is written.

use std::fmt::Write as _;

use super::field_value::FieldValue;
use super::front_matter;

/// Characters that start a YAML indicator (or a quoted scalar) when they come first.
const LEADING_INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];

/// Words YAML 1.1 or 1.2 read as null or a boolean (compared in lowercase).
const RESERVED_WORDS: &[&str] = &[
    "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<",
];

/// A YAML scalar for `text`: plain when every YAML reader takes that as the same string,
/// else double-quoted with escapes.
pub fn yaml_scalar(text: &str) -> String {
    if plain_is_safe(text) {
        return text.to_owned();
    }
    quoted(text)
}

/// A YAML scalar for `text` as an item of a flow list (`[a, b]`): as [`yaml_scalar`], and
/// quoted when it has a `:` anywhere (the YAML parser refuses `[a:b]`).
pub fn flow_scalar(text: &str) -> String {
    if text.contains(':') {
        quoted(text)
    } else {
        yaml_scalar(text)
    }
}

/// `text` double-quoted, with escapes.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `[a, "b: c"]`.
pub fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|t| flow_scalar(t)).collect();
    format!("[{}]", items.join(", "))
}

/// Whether `text` written plain reads back as the string `text` in YAML 1.1 and 1.2.
fn plain_is_safe(text: &str) -> bool {
    text == text.trim()
        && !text.starts_with(LEADING_INDICATORS)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains([',', '[', ']', '{', '}', '\n', '\r', '\t'])
        && !text.chars().any(needs_escape)
        && !RESERVED_WORDS.contains(&text.to_ascii_lowercase().as_str())
        && !looks_numeric_or_dated(text)
}

/// Characters YAML does not allow as written, or reads as line breaks: control
/// characters, the Unicode line and paragraph separators, and the non-characters U+FFFE
/// and U+FFFF.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// Numbers in any YAML form (`12`, `+1.5e3`, `0x1F`, `0o17`, `0b101`, `1_000`, `1:20`,
/// `.5`, `.inf`, `-.NaN`) and YAML 1.1 timestamps (`2024-01-01`, `2024-01-01 10:00`).
/// Errs towards yes: a false positive only costs a pair of quotes.
fn looks_numeric_or_dated(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['+', '-']);
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return true;
    }
    let starts_numeric = unsigned.starts_with(|c: char| c.is_ascii_digit())
        || (unsigned.starts_with('.') && unsigned[1..].starts_with(|c: char| c.is_ascii_digit()));
    if !starts_numeric {
        return false;
    }
    // A date first: four digits and a dash, whatever follows (a YAML 1.1 timestamp).
    let b = unsigned.as_bytes();
    if b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' {
        return true;
    }
    unsigned.chars().all(|c| {
        c.is_ascii_hexdigit() || matches!(c, 'x' | 'X' | 'o' | 'O' | '_' | '.' | ':' | '+' | '-')
    })
}

/// What a written field must read back as.
#[derive(Clone, Copy, Debug)]
pub enum Expected<'a> {
    /// One string.
    Text(&'a str),
    /// A list of strings (an empty list may also read back as null).
    List(&'a [String]),
}

/// Check that field `name` of the front matter `yaml` reads back as `expected`, exactly
/// (strings stay strings: `0x10` must not come back as the number 16).
pub fn check_round_trip(yaml: &str, name: &str, expected: Expected) -> Result<(), String> {
    let fields = front_matter::parse(yaml).map_err(|e| e.message)?;
    let got = fields.get(name);
    let ok = match (expected, got) {
        (Expected::Text(want), Some(FieldValue::Text(have))) => want == have,
        (Expected::List(want), Some(FieldValue::List(items))) => {
            items.len() == want.len()
                && items
                    .iter()
                    .zip(want)
                    .all(|(item, w)| matches!(item, FieldValue::Text(t) if t == w))
        }
        (Expected::List([]), Some(FieldValue::Null) | None) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` would not read back as written ({}); nothing was written",
            got.map_or_else(
                || "missing".to_owned(),
                |v| format!("{} {v}", v.type_name())
            )
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads_back(text: &str) -> bool {
        let yaml = format!("x: {}\n", yaml_scalar(text));
        check_round_trip(&yaml, "x", Expected::Text(text)).is_ok()
    }

    /// Every form the issue names reads back as the same string, and ordinary tags stay
    /// plain.
    #[test]
    fn yaml_scalar_round_trips_every_retyping_form() {
        let retyped = [
            "0x10",
            "0o17",
            "0b101",
            "1_000",
            "1:20",
            "12",
            "-3",
            "+1.5e3",
            ".5",
            ".inf",
            "-.Inf",
            ".NaN",
            "yes",
            "No",
            "ON",
            "off",
            "TRUE",
            "false",
            "y",
            "N",
            "null",
            "Null",
            "~",
            "",
            "2024-01-01",
            "2024-01-01 10:00:00",
            "-x",
            "?x",
            ":x",
            "#x",
            "&a",
            "*a",
            "!t",
            "|x",
            ">x",
            "'x",
            "\"x",
            "%x",
            "@x",
            "`x",
            "a: b",
            "a #b",
            " x",
            "x ",
            "a,b",
            "[x]",
            "{x}",
            "x:",
            "tab\there",
            "new\nline",
            "bell\u{7}",
            "=",
            "<<",
        ];
        for text in retyped {
            assert_ne!(yaml_scalar(text), text, "{text:?} must be quoted");
            assert!(reads_back(text), "{text:?} reads back");
        }
        for plain in [
            "SEO",
            "Content Marketing",
            "c++",
            "3D printing",
            "a:b",
            "x#y",
            "Ünïcödé",
            "back\\slash",
        ] {
            assert_eq!(yaml_scalar(plain), plain, "{plain:?} stays plain");
            assert!(reads_back(plain), "{plain:?} reads back");
        }
    }

    /// A value that reads back as another type or string is refused with a message.
    #[test]
    fn check_round_trip_refuses_a_retyped_value() {
        let err = check_round_trip("tags: [0x10]\n", "tags", Expected::List(&["0x10".into()]));
        assert!(err.unwrap_err().contains("would not read back"));
        assert!(check_round_trip("t: 16\n", "t", Expected::Text("16")).is_err());
        assert!(check_round_trip("t: \"16\"\n", "t", Expected::Text("16")).is_ok());
        assert!(check_round_trip("tags:\n", "tags", Expected::List(&[])).is_ok());
    }
}
