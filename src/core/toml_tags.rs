//! The `tags` field of TOML front matter (Hugo's `+++` block), rewritten in place: only
//! its lines change, a tag that stays keeps its bytes (quotes and all), the list keeps its
//! layout (one line, or an item a line with their indent and trailing comma), and the
//! other fields must read back the same, or nothing is written. Handled: `tags = [..]`
//! of strings at the top level (before any `[table]`), with a comment after it or not; a
//! block without `tags` gets one after its last top-level field. Anything else (comments
//! inside the list, a single string, inline tables) is refused with a message that says
//! to edit the front matter itself. Pure.

use super::field_value::{FieldValue, Fields};
use super::front_matter;

/// `toml` (a TOML front matter text) with its `tags` set to `tags` (see the module
/// header); `ending` is the line ending of a line it adds. The error says why not.
pub fn set(toml: &str, tags: &[String], ending: &str) -> Result<String, String> {
    let old = parsed(toml)?;
    let lines: Vec<&str> = toml.split_inclusive('\n').collect();
    let top_level = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    let at = lines[..top_level]
        .iter()
        .position(|l| key_of(l) == Some("tags"));
    let mut out = String::with_capacity(toml.len() + 32);
    if let Some(at) = at {
        let start: usize = lines[..at].iter().map(|l| l.len()).sum();
        let (list, used) = List::read(&toml[start..]).ok_or_else(not_handled)?;
        out.push_str(&toml[..start]);
        out.push_str(&list.with(tags));
        out.push_str(&toml[start + used..]);
    } else {
        // After the last top-level field (a blank line or comment before a table stays
        // with the table).
        let after = lines[..top_level]
            .iter()
            .rposition(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map_or(0, |i| i + 1);
        for l in &lines[..after] {
            out.push_str(l);
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str("tags = [");
        out.push_str(&joined(tags.iter().map(|t| quoted(t)), ", "));
        out.push(']');
        out.push_str(ending);
        for l in &lines[after..] {
            out.push_str(l);
        }
    }
    let new = parsed(&out)?;
    let read_back: Option<Vec<String>> = match new.get("tags") {
        Some(FieldValue::List(items)) => items.iter().map(FieldValue::scalar_text).collect(),
        None if tags.is_empty() => Some(Vec::new()),
        _ => None,
    };
    if read_back.as_deref() != Some(tags) {
        return Err(format!(
            "the tags would not read back as {tags:?}; nothing was written"
        ));
    }
    let others = |fields: &Fields| -> Vec<(String, FieldValue)> {
        (fields.iter())
            .filter(|(name, _)| *name != "tags")
            .map(|(name, value)| (name.to_owned(), value.clone()))
            .collect()
    };
    if others(&old) != others(&new) {
        return Err("changing the tags would change another field; nothing was written".to_owned());
    }
    Ok(out)
}

/// The tags of TOML front matter `toml`, or `None` when it does not parse.
pub fn tags_of(toml: &str) -> Option<Vec<String>> {
    let fields = front_matter::parse_toml(toml).ok()?;
    Some(match fields.get("tags") {
        None | Some(FieldValue::Null) => Vec::new(),
        Some(FieldValue::List(items)) => items.iter().filter_map(FieldValue::scalar_text).collect(),
        Some(other) => other.scalar_text().into_iter().collect(),
    })
}

fn parsed(toml: &str) -> Result<Fields, String> {
    front_matter::parse_toml(toml).map_err(|e| {
        format!(
            "the front matter is not valid TOML (line {}): {}",
            e.line.unwrap_or(1),
            e.message
        )
    })
}

fn not_handled() -> String {
    "folio changes a TOML `tags` field only when it is a list of strings without comments \
     inside (`tags = [\"a\", \"b\"]`); edit the front matter itself (e)"
        .to_owned()
}

/// The bare key a line sets (`tags` of `tags = [..]`), if it is a key line.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then_some(key)
}

/// A `tags = [..]`: the bytes up to the first item (`[` and the spaces, line breaks and
/// indent after it), each item's bytes, what is between the first two items (`, ` or
/// `,` a line break and an indent), and the bytes from the end of the last item on.
struct List<'a> {
    head: &'a str,
    items: Vec<&'a str>,
    separator: &'a str,
    tail: &'a str,
}

impl<'a> List<'a> {
    /// The list whose key line starts `text`, and the bytes it takes (through the end of
    /// the line holding its `]`).
    fn read(text: &'a str) -> Option<(List<'a>, usize)> {
        let line_end = text.find('\n').unwrap_or(text.len());
        let open = text[..line_end].find('[')?;
        if !text[..open].trim_end().ends_with('=') {
            return None;
        }
        let bytes = text.as_bytes();
        let spaces_from = |mut i: usize| {
            while bytes
                .get(i)
                .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                i += 1;
            }
            i
        };
        // The head keeps the spaces after `[`; the tail starts after the last item (its
        // spaces, a trailing comma, `]` and what follows).
        let head_end = spaces_from(open + 1);
        let mut i = head_end;
        let mut tail_start = head_end;
        let mut items = Vec::new();
        let mut separator = None;
        while bytes.get(i) != Some(&b']') {
            if !matches!(bytes.get(i)?, b'"' | b'\'') {
                return None;
            }
            let end = string_end(bytes, i)?;
            items.push(&text[i..end]);
            tail_start = end;
            i = spaces_from(end);
            match bytes.get(i)? {
                b',' => {
                    let next = spaces_from(i + 1);
                    if bytes.get(next) != Some(&b']') {
                        separator.get_or_insert(&text[end..next]);
                    }
                    i = next;
                }
                b']' => {}
                _ => return None,
            }
        }
        // Only a comment or the line's end after the list.
        let close_line_end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
        let rest = text[i + 1..close_line_end].trim();
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        let list = List {
            head: &text[..head_end],
            items,
            separator: separator.unwrap_or(", "),
            tail: &text[tail_start..close_line_end],
        };
        Some((list, close_line_end))
    }

    /// The field with the list's items `tags`: a tag it had keeps its bytes.
    fn with(&self, tags: &[String]) -> String {
        let kept: Vec<(String, &str)> = (self.items.iter())
            .filter_map(|item| Some((decoded(item)?, *item)))
            .collect();
        let items = tags.iter().map(|tag| {
            kept.iter()
                .find(|(text, _)| text == tag)
                .map_or_else(|| quoted(tag), |(_, raw)| (*raw).to_owned())
        });
        let mut tail = self.tail;
        if tags.is_empty() {
            // No trailing comma in an empty list (`[,]` is not TOML).
            tail = tail.trim_start_matches([' ', '\t', ',', '\r', '\n']);
        }
        format!("{}{}{}", self.head, joined(items, self.separator), tail)
    }
}

/// Where the TOML string starting at `start` (a `"` or `'`) ends (one past its quote).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let quote = bytes[start];
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if quote == b'"' => i += 2,
            b'\n' | b'\r' => return None,
            _ if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The text of one TOML string item, as the TOML parser reads it.
fn decoded(item: &str) -> Option<String> {
    let fields = front_matter::parse_toml(&format!("x = {item}\n")).ok()?;
    fields.get("x")?.scalar_text()
}

/// `text` as a TOML string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn joined(items: impl Iterator<Item = String>, separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(&item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn set_rewrites_only_the_tags_line_and_keeps_kept_items_bytes() {
        let toml = "title = \"T\"\ntags = ['go',  \"hugo\"] # topics\ndraft = false\n";
        let out = set(toml, &v(&["go", "rust"]), "\n").unwrap();
        assert_eq!(
            out,
            "title = \"T\"\ntags = ['go',  \"rust\"] # topics\ndraft = false\n"
        );
    }

    #[test]
    fn set_adds_a_missing_field_before_the_first_table() {
        let toml = "title = \"T\"\n\n[params]\nx = 1\n";
        let out = set(toml, &v(&["a b"]), "\n").unwrap();
        assert_eq!(out, "title = \"T\"\ntags = [\"a b\"]\n\n[params]\nx = 1\n");
        assert_eq!(tags_of(&out), Some(v(&["a b"])));
    }

    #[test]
    fn set_quotes_what_toml_needs() {
        let toml = "tags = []\n";
        let tags = v(&["say \"hi\"", "back\\slash", "tab\there", "0x10", "true"]);
        let out = set(toml, &tags, "\n").unwrap();
        assert_eq!(tags_of(&out), Some(tags));
    }

    #[test]
    fn set_to_no_tags_keeps_an_empty_list() {
        let out = set("tags = [\"a\"]\r\ntitle = \"T\"\r\n", &[], "\r\n").unwrap();
        assert_eq!(out, "tags = []\r\ntitle = \"T\"\r\n");
    }

    #[test]
    fn set_keeps_a_list_of_an_item_a_line() {
        let toml = "tags = [\r\n  \"a\",\r\n  'b',\r\n] # c\r\ntitle = \"T\"\r\n";
        let out = set(toml, &v(&["b", "c"]), "\r\n").unwrap();
        assert_eq!(
            out,
            "tags = [\r\n  'b',\r\n  \"c\",\r\n] # c\r\ntitle = \"T\"\r\n"
        );
        let out = set("tags = [\n  \"a\"\n]\n", &v(&["a", "b"]), "\n").unwrap();
        assert_eq!(tags_of(&out), Some(v(&["a", "b"])), "{out}");
        let out = set(toml, &[], "\r\n").unwrap();
        assert_eq!(tags_of(&out), Some(Vec::new()), "{out}");
        assert!(out.ends_with("title = \"T\"\r\n"), "{out}");
    }

    #[test]
    fn set_refuses_what_it_does_not_rewrite() {
        for toml in [
            "tags = [\n  \"a\", # first\n]\n",
            "tags = \"a\"\n",
            "tags = [\"a\"] x = 1\n",
            "tags = [{ name = \"a\" }]\n",
        ] {
            assert!(set(toml, &v(&["b"]), "\n").is_err(), "{toml:?}");
        }
    }

    #[test]
    fn set_leaves_a_table_s_own_tags_alone() {
        let toml = "title = \"T\"\n[params]\ntags = [\"x\"]\n";
        let out = set(toml, &v(&["a"]), "\n").unwrap();
        assert_eq!(
            out,
            "title = \"T\"\ntags = [\"a\"]\n[params]\ntags = [\"x\"]\n"
        );
    }
}
