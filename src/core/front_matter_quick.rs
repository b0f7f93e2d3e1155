//! A quick reading of plain front matter: every field ([`all_fields`], which the front
//! matter parser tries first) or the fields the first list of a site without an index
//! cache needs ([`listed_fields`], [`LISTED_FIELDS`]), from the plainest YAML, many times
//! faster than building the YAML crate's value tree.
//!
//! It understands top-level `key: value` lines whose values are one-line plain or quoted
//! scalars, one-line flow lists of those, or block lists of those; comments and blank
//! lines; and, reading the listed fields only, it steps over the values of other fields
//! (nested blocks, block scalars, wrapped text). Anything else about a field it reads (a
//! number, an anchor, an escape, a wrapped line, a duplicate key, a key that is not text;
//! anywhere, a character the crate refuses or breaks lines at) gives `None`, and the caller parses with the YAML crate. Where it answers, it answers
//! as the crate does (tested against it, field by field and in order).
//!
//! Owns nothing but this reading; does not know posts.

use super::field_value::{FieldValue, Fields};

/// The fields the first list reads (title, date, tags, image, slug, and the URL fields).
pub const LISTED_FIELDS: [&str; 7] = ["title", "date", "tags", "image", "slug", "permalink", "url"];

/// The listed fields of `yaml` (the text between the `---` lines), or `None` when it is
/// not plain enough to read quickly (see the module notes).
pub fn listed_fields(yaml: &str) -> Option<Fields> {
    read(yaml, |key| LISTED_FIELDS.contains(&key))
}

/// Every field of `yaml`, as the YAML crate reads them, or `None` when one of them is not
/// plain enough to read quickly (see the module notes), or a key might not be text to the
/// crate (`true`, `1`, `null`). The caller checks the crate's bounds first (size, depth).
pub fn all_fields(yaml: &str) -> Option<Fields> {
    read(yaml, |_| true)
}

/// A key the YAML crate reads as this very text (not a number, a boolean or null): what
/// [`plain`] reads as text, for a key of the letters, digits and `_.-` [`split_key`] takes
/// (a `-` first is an indicator there).
fn text_key(key: &str) -> bool {
    !key.starts_with('-')
        && !matches!(
            key,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
        && !may_be_number(key)
}

/// The longest key read quickly: the YAML crate refuses a key of more than 1,024
/// characters.
const MAX_KEY: usize = 1000;

/// Whether `yaml` holds only characters the YAML crate takes, with the line breaks
/// `str::lines` sees as it does: no control character but tab and line feed (a carriage
/// return only before a line feed), no DEL or C1 control (NEL is a line break to YAML), no
/// line or paragraph separator (also breaks to YAML), byte order mark or U+FFFE / U+FFFF.
fn plain_characters(yaml: &str) -> bool {
    let b = yaml.as_bytes();
    !b.iter().enumerate().any(|(i, &c)| match c {
        b'\t' | b'\n' => false,
        b'\r' => b.get(i + 1) != Some(&b'\n'),
        0..0x20 | 0x7F => true,
        0xC2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
        0xEF => matches!(
            b.get(i + 1..i + 3),
            Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])
        ),
        _ => false,
    })
}

/// The fields of `yaml` that `wanted` names, or `None` (see [`listed_fields`]).
fn read(yaml: &str, wanted: impl Fn(&str) -> bool) -> Option<Fields> {
    if !plain_characters(yaml) {
        return None;
    }
    let mut out = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    // Tabs in indentation: the YAML crate's rules for them are its own.
    let tab_indented = |l: &str| l[..l.len() - l.trim_start().len()].contains('\t');
    if yaml.lines().any(tab_indented) {
        return None;
    }
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        if is_blank_or_comment(line) {
            continue;
        }
        let (key, rest) = split_key(line)?;
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        // The lines that belong to this field: indented ones, blank ones, comments, and
        // block-list items written at the left edge.
        let mut more: Vec<&str> = Vec::new();
        while let Some(next) = lines.peek() {
            let belongs = next.starts_with([' ', '\t'])
                || is_blank_or_comment(next)
                || *next == "-"
                || next.starts_with("- ");
            if !belongs {
                break;
            }
            more.push(next);
            lines.next();
        }
        // A comment line inside wrapped text ends it (what follows is an error).
        let comment_inside = more.iter().any(|l| {
            let t = l.trim_start_matches([' ', '\t']);
            t.starts_with('#')
        });
        let more: Vec<&str> = more
            .into_iter()
            .filter(|l| !is_blank_or_comment(l))
            .collect();
        // A key the crate reads as a number or the like may equal another (`0x1`, `1`).
        if !text_key(key) || key.len() > MAX_KEY {
            return None;
        }
        let listed = wanted(key);
        let value = if rest.is_empty() || rest.starts_with('#') {
            if more.is_empty() {
                Some(FieldValue::Null)
            } else {
                block_list(&more)
            }
        } else if more.is_empty() {
            one_line_value(rest)
        } else {
            // Wrapped text, a block scalar or a flow list over several lines.
            None
        };
        match (listed, value) {
            (true, Some(value)) => out.push((key.to_owned(), value)),
            (true, None) => return None,
            (false, _) if !plausible(rest) || !plausible_lines(rest, &more, comment_inside) => {
                return None;
            }
            (false, _) => {}
        }
    }
    Some(Fields(out))
}

/// Whether the value of a field the list does not read looks like YAML the crate takes
/// (its type does not matter): no `key: value` inside plain text, no unclosed quote,
/// no anchor, alias or tag.
fn plausible(rest: &str) -> bool {
    let closed = |quote: char| {
        let inner = &rest[1..];
        let mut i = 0;
        while let Some(at) = inner[i..].find([quote, '\\']).map(|a| a + i) {
            match inner[at..].chars().next() {
                // Skip the escaped character, whatever its length.
                Some('\\') if quote == '"' => {
                    i = at + 1 + inner[at + 1..].chars().next().map_or(0, char::len_utf8);
                }
                Some('\\') => i = at + 1,
                _ if quote == '\'' && inner[at + 1..].starts_with('\'') => i = at + 2,
                _ => return end_of_line(&inner[at + 1..]),
            }
            if i > inner.len() {
                return false;
            }
        }
        false
    };
    match rest.chars().next() {
        None | Some('#') => true,
        Some('|' | '>') => block_scalar_header(rest),
        // A flow list the quick reading understands; anything else (a flow mapping, a
        // list of numbers) goes to the YAML crate.
        Some('[') => one_line_value(rest).is_some(),
        Some('{') => false,
        // Escapes are the YAML crate's to check.
        Some('"') => closed('"') && !rest.contains('\\'),
        Some('\'') => closed('\''),
        Some('&' | '*' | '!' | '%' | '@' | '`' | ',' | ']' | '}') => false,
        Some('-' | '?' | ':') if rest.len() == 1 || rest[1..].starts_with([' ', '\t']) => false,
        Some(_) => {
            let text = comment_at(rest).map_or(rest, |at| &rest[..at]);
            !text.contains(": ")
                && !text.contains(":\t")
                && !text.trim_end().ends_with(':')
                && text != "-"
                && !text.starts_with("- ")
        }
    }
}

/// Whether the lines under a field the list does not read look like YAML the crate takes:
/// text wrapped under plain text, a block scalar's lines, or under an empty value a block
/// list or a mapping of plain values, one level deep.
fn plausible_lines(rest: &str, more: &[&str], comment_inside: bool) -> bool {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    if rest.starts_with(['|', '>']) {
        // A block scalar's lines are indented; anything may follow the indentation (a line
        // that looks like a comment is left to the YAML crate).
        return !comment_inside && more.iter().all(|l| indent(l) > 0);
    }
    if more.is_empty() {
        return true;
    }
    let first = more.first().map_or(0, |l| indent(l));
    let same_indent = more.iter().all(|l| indent(l) == first && !l.contains('\t'));
    if !(rest.is_empty() || rest.starts_with('#')) {
        // Wrapped plain text: every line more text, none a comment, item or key.
        return !comment_inside
            && comment_at(rest).is_none()
            && !rest.starts_with(['"', '\'', '[', '{'])
            && more.iter().all(|l| {
                let t = l.trim_start_matches(' ');
                indent(l) > 0 && !t.starts_with(['#', '-']) && plausible(t)
            });
    }
    same_indent
        && more.iter().all(|l| {
            let t = l.trim_start_matches(' ');
            match t.strip_prefix('-') {
                Some("") => true,
                Some(item) => item.starts_with(' ') && plausible(item.trim_start_matches(' ')),
                None => first > 0 && split_key(t).is_some_and(|(_, value)| plausible(value)),
            }
        })
}

/// Whether `rest` is a block scalar's header: `|` or `>`, then at most a chomping sign,
/// then nothing or a comment.
fn block_scalar_header(rest: &str) -> bool {
    // An indentation digit must agree with the lines: the YAML crate checks that.
    let after = &rest[1..];
    end_of_line(after.strip_prefix(['+', '-']).unwrap_or(after))
}

/// Where a comment starts in plain text: a `#` after a space or a tab.
fn comment_at(text: &str) -> Option<usize> {
    [" #", "\t#"].iter().filter_map(|c| text.find(c)).min()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

/// `key` and what follows `key:` (trimmed), for a plain key at the left edge.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let plain_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    if !plain_key || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_matches([' ', '\t'])))
}

/// A value written on the key's line: a scalar or a flow list.
fn one_line_value(text: &str) -> Option<FieldValue> {
    if let Some(inner) = text.strip_prefix('[') {
        return flow_list(inner);
    }
    let (value, rest) = scalar(text, false)?;
    end_of_line(rest).then_some(value)
}

/// Whether `rest` is nothing, or a comment (after at least one space, as YAML wants).
fn end_of_line(rest: &str) -> bool {
    let t = rest.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < rest.len())
}

/// The items of a one-line flow list (after its `[`).
fn flow_list(inner: &str) -> Option<FieldValue> {
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return end_of_line(after).then_some(FieldValue::List(items));
    }
    loop {
        let (value, after) = scalar(rest, true)?;
        items.push(value);
        let after = after.trim_start_matches(' ');
        if let Some(after) = after.strip_prefix(']') {
            return end_of_line(after).then_some(FieldValue::List(items));
        }
        rest = after.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with([']', ',']) {
            return None;
        }
    }
}

/// The items of a block list (`- item` lines, all at one indentation).
fn block_list(lines: &[&str]) -> Option<FieldValue> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let first = indent(lines.first()?);
    let mut items = Vec::new();
    for line in lines {
        if indent(line) != first {
            return None;
        }
        let item = &line[first..];
        if item == "-" {
            items.push(FieldValue::Null);
            continue;
        }
        let text = item.strip_prefix("- ")?.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            items.push(FieldValue::Null);
            continue;
        }
        let (value, rest) = scalar(text, false)?;
        if !end_of_line(rest) {
            return None;
        }
        items.push(value);
    }
    Some(FieldValue::List(items))
}

/// One scalar at the start of `text` and what follows it; `in_flow` inside `[ ]`, where
/// `,` and `]` end a plain scalar.
fn scalar(text: &str, in_flow: bool) -> Option<(FieldValue, &str)> {
    match text.as_bytes().first()? {
        b'"' => {
            let inner = &text[1..];
            let end = inner.find('"')?;
            let content = &inner[..end];
            // Escapes and line folding: the YAML crate knows them.
            if content.contains('\\') {
                return None;
            }
            Some((FieldValue::Text(content.to_owned()), &inner[end + 1..]))
        }
        b'\'' => {
            let inner = &text[1..];
            let mut content = String::new();
            let mut i = 0;
            loop {
                let at = i + inner[i..].find('\'')?;
                content.push_str(&inner[i..at]);
                if inner[at + 1..].starts_with('\'') {
                    content.push('\'');
                    i = at + 2;
                } else {
                    return Some((FieldValue::Text(content), &inner[at + 1..]));
                }
            }
        }
        _ => plain(text, in_flow),
    }
}

/// A plain (unquoted) scalar: text, `null` or a boolean; `None` for anything the YAML
/// crate might read otherwise (numbers, indicators, `key: value` inside).
fn plain(text: &str, in_flow: bool) -> Option<(FieldValue, &str)> {
    let end = if in_flow {
        text.find([',', ']', '[', '{', '}']).unwrap_or(text.len())
    } else {
        text.len()
    };
    let (raw, rest) = text.split_at(end);
    // ` #` starts a comment; inside a flow list, any `#` (or `:`, which may end the scalar
    // or be refused there) is left to the YAML crate.
    let raw = match raw.find(" #") {
        _ if in_flow && raw.contains(['#', ':']) => return None,
        Some(at) => &raw[..at],
        None => raw,
    };
    let raw = raw.trim_end_matches(' ');
    let first = raw.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || raw.contains(": ")
        || raw.ends_with(':')
        || raw.contains('\t')
    {
        return None;
    }
    let value = match raw {
        "~" | "null" | "Null" | "NULL" => FieldValue::Null,
        "true" | "True" | "TRUE" => FieldValue::Bool(true),
        "false" | "False" | "FALSE" => FieldValue::Bool(false),
        _ if may_be_number(raw) => return None,
        _ => FieldValue::Text(raw.to_owned()),
    };
    Some((value, rest))
}

/// Whether the YAML crate might read `raw` as a number: made only of digits, signs, dots,
/// underscores and exponents, or with a `0x` / `0o` / `0b` prefix, and not a date; or
/// spelling infinity or not-a-number. (`18f` and `2024-01-05` are text.)
fn may_be_number(raw: &str) -> bool {
    let unsigned = raw.trim_start_matches(['+', '-', '.']);
    let starts = |prefix: &str| {
        unsigned
            .get(..prefix.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
    };
    if ["inf", "nan", "0x", "0o", "0b"].into_iter().any(starts) {
        return true;
    }
    let b = raw.as_bytes();
    let numeric = b
        .iter()
        .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'_' | b'e' | b'E'));
    let date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    numeric && !date
}

#[cfg(test)]
#[path = "front_matter_quick_tests.rs"]
mod tests;
