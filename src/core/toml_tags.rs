//! The `tags` field of TOML front matter (Hugo's `+++` block), rewritten in place: only
//! its lines change, a tag that stays keeps its bytes (quotes and all), the list keeps its
//! layout (one line, or an item a line with their indent and trailing comma), and the
//! other fields must read back the same, or nothing is written. Handled: `tags = [..]`
//! of strings at the top level (before any `[table]`; found by the TOML parser's spans,
//! so a line of a multi-line string is never taken for it), with a comment after it or
//! not; a block without `tags` gets one after its last top-level field. Anything else (comments
//! inside the list, a single string, inline tables) is refused with a message that says
//! to edit the front matter itself. Pure.

use super::field_value::{FieldValue, Fields};
use super::front_matter;

/// `toml` (a TOML front matter text) with its `tags` set to `tags` (see the module
/// header); `ending` is the line ending of a line it adds. The error says why not.
pub fn set(toml: &str, tags: &[String], ending: &str) -> Result<String, String> {
    let old = parsed(toml)?;
    let places = Places::of(toml)?;
    let mut out = String::with_capacity(toml.len() + 32);
    if let Some(start) = places.tags {
        let (list, used) = List::read(&toml[start..]).ok_or_else(not_handled)?;
        out.push_str(&toml[..start]);
        out.push_str(&list.with(tags));
        out.push_str(&toml[start + used..]);
    } else {
        // After the last top-level field (a blank line or comment before a table stays
        // with the table).
        let after = places.after_fields;
        out.push_str(&toml[..after]);
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(ending);
        }
        out.push_str("tags = [");
        out.push_str(&joined(tags.iter().map(|t| quoted(t)), ", "));
        out.push(']');
        out.push_str(ending);
        out.push_str(&toml[after..]);
    }
    let new = front_matter::parse_toml(&out)
        .map_err(|_| "folio could not place the tags field; nothing was written".to_owned())?;
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

/// Where the parser puts things in a TOML front matter text (byte offsets).
struct Places {
    /// The start of the line of the top-level `tags` key, if there is one.
    tags: Option<usize>,
    /// The end of the line where the last top-level field (before any `[table]`) ends;
    /// 0 when there is none.
    after_fields: usize,
}

impl Places {
    fn of(toml: &str) -> Result<Places, String> {
        let table = toml::de::DeTable::parse(toml)
            .map_err(|e| format!("the front matter is not valid TOML: {}", e.message().trim()))?;
        let line_start = |at: usize| toml[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = |at: usize| toml[at..].find('\n').map_or(toml.len(), |i| at + i + 1);
        let mut places = Places {
            tags: None,
            after_fields: 0,
        };
        for (key, value) in table.get_ref() {
            let at = key.span().start.min(toml.len());
            let start = line_start(at);
            // A `[table]` (or `[[array]]`) header: its fields are not top-level.
            if toml[start..at].trim_start().starts_with('[') {
                continue;
            }
            if key.get_ref().as_ref() == "tags" {
                places.tags = Some(start);
            }
            let end = value.span().end.min(toml.len());
            places.after_fields = places.after_fields.max(line_end(end.saturating_sub(1)));
        }
        Ok(places)
    }
}

/// A `tags = [..]`: the bytes up to the first item (`[` and the spaces, line breaks and
/// indent after it), each item's bytes, what is between each two (`, ` or `,` a line
/// break and an indent), and the bytes from the end of the last item on.
struct List<'a> {
    head: &'a str,
    items: Vec<&'a str>,
    /// What is between each item and the next.
    separators: Vec<&'a str>,
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
        let mut separators = Vec::new();
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
                        separators.push(&text[end..next]);
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
            separators,
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
        let (mut head, mut tail) = (self.head, self.tail);
        if tags.is_empty() {
            // `[]`: no trailing comma (`[,]` is not TOML), no line breaks left inside.
            head = head.trim_end_matches([' ', '\t', '\r', '\n']);
            tail = tail.trim_start_matches([' ', '\t', ',', '\r', '\n']);
        }
        // The n-th gap as it was; gaps past the old list's like its first (`, `).
        let first = self.separators.first().copied().unwrap_or(", ");
        let mut out = String::from(head);
        for (n, item) in items.enumerate() {
            if n > 0 {
                out.push_str(self.separators.get(n - 1).copied().unwrap_or(first));
            }
            out.push_str(&item);
        }
        out.push_str(tail);
        out
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

    /// From a review: the field is found by the parser, not by a line's look (a line of a
    /// multi-line string, an array of arrays, a quoted key); gaps between items stay.
    #[test]
    fn set_finds_the_field_by_the_parser_and_keeps_each_gap() {
        let toml = "title = \"T\"\ndescription = \"\"\"\n[Draft] notes\ntags = [\"no\"]\n\"\"\"\ntags = [\"a\"]\n";
        let out = set(toml, &v(&["a", "b"]), "\n").unwrap();
        assert_eq!(out, toml.replace("tags = [\"a\"]", "tags = [\"a\", \"b\"]"));
        let nested = "x = [\n  [1, 2],\n]\ntags = [\"a\"]\n";
        let out = set(nested, &v(&["b"]), "\n").unwrap();
        assert_eq!(out, nested.replace("[\"a\"]", "[\"b\"]"));
        let quoted_key = "\"tags\" = [\"a\"]\n";
        assert_eq!(
            set(quoted_key, &v(&["b"]), "\n").unwrap(),
            "\"tags\" = [\"b\"]\n"
        );
        let absent =
            "title = \"T\"\ndescription = \"\"\"\n# not a comment\n\"\"\"\n\n[params]\nx = 1\n";
        let out = set(absent, &v(&["a"]), "\n").unwrap();
        assert_eq!(
            out,
            absent.replace("\"\"\"\n\n[params]", "\"\"\"\ntags = [\"a\"]\n\n[params]")
        );
        let mixed = "tags = [\n  \"a\", \"b\",\n  \"c\",\n]\n";
        let out = set(mixed, &v(&["a", "b", "d"]), "\n").unwrap();
        assert_eq!(out, "tags = [\n  \"a\", \"b\",\n  \"d\",\n]\n");
        let out = set("tags = [\n  \"a\",\n] # c\n", &[], "\n").unwrap();
        assert_eq!(out, "tags = [] # c\n");
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
