//! Renaming, merging and deleting one tag in one post's text, changing only the bytes of
//! that tag's item: in a block list (`- SEO`), a flow list (`[post, "SEO"]`) or a single
//! string (`tags: SEO`), other items keep their quoting, order and comments. A merge never
//! leaves the same tag twice. What is written is parsed back and must give the expected
//! tags, or nothing is written. Pure: the caller reads and writes files.

use super::edit::EditError;
use super::field_value::FieldValue;
use super::front_matter::{self, BlockState, Format};
use super::toml_tags;
use super::yaml_scalar::{flow_scalar, yaml_scalar};

/// The tags of the front matter `yaml`, as folio reads them (scalars as text).
fn tags_of(yaml: &str) -> Option<Vec<String>> {
    let fields = front_matter::parse(yaml).ok()?;
    Some(match fields.get("tags") {
        Some(FieldValue::List(items)) => items.iter().filter_map(FieldValue::scalar_text).collect(),
        Some(value) => value.scalar_text().into_iter().collect(),
        None => Vec::new(),
    })
}

/// The scalar `item` (as written in YAML) reads as `tag`.
fn item_is(item: &str, tag: &str) -> bool {
    front_matter::parse(&format!("x: {item}\n"))
        .ok()
        .and_then(|f| f.get("x").and_then(FieldValue::scalar_text))
        .is_some_and(|t| t == tag)
}

/// The end of a YAML scalar at the start of `s` (a quoted one through its closing quote,
/// a plain one up to ` #`, `,`/`]` in flow context, or the end).
fn scalar_end(s: &str, flow: bool) -> usize {
    let bytes = s.as_bytes();
    let Some(&q @ (b'"' | b'\'')) = bytes.first() else {
        let mut end = s.len();
        if let Some(c) = s.find(" #") {
            end = end.min(c);
        }
        if flow && let Some(c) = s.find([',', ']']) {
            end = end.min(c);
        }
        return s[..end].trim_end().len();
    };
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\\' && q == b'"' {
            i += 2;
            continue;
        }
        if bytes[i] == q {
            // '' inside single quotes is an escaped quote.
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    s.len()
}

/// `text` with tag `from` replaced by `to` (or removed when `to` is `None`, or when the
/// post already has `to`). `Ok(None)` when the post does not have `from`, or `to` is `from`.
pub fn retag(text: &str, from: &str, to: Option<&str>) -> Result<Option<String>, EditError> {
    let block = front_matter::split(text);
    if block.state != BlockState::Closed || to == Some(from) {
        return Ok(None);
    }
    if block.format == Format::Toml {
        return retag_toml(text, &block, from, to);
    }
    let yaml = &text[block.yaml.clone()];
    let Some(current) = tags_of(yaml) else {
        return Err(EditError::NotRoundTrip(
            "the front matter does not parse; fix it first".to_owned(),
        ));
    };
    if !current.iter().any(|t| t == from) {
        return Ok(None);
    }
    let (expected, keep_to) = retagged(&current, from, to);
    let new_yaml = rewrite_items(yaml, from, keep_to).unwrap_or_else(|| {
        // A form the item-level rewrite does not handle (a flow list over several lines):
        // rewrite the whole field in its own style.
        let whole =
            super::edit::set_tags(&format!("---\n{yaml}---\n"), &expected).unwrap_or_default();
        let inner = front_matter::split(&whole);
        whole[inner.yaml].to_owned()
    });
    super::edit::others_unchanged(yaml, &new_yaml)?;
    if tags_of(&new_yaml).as_ref() != Some(&expected) {
        return Err(EditError::NotRoundTrip(format!(
            "the tags would not read back as {expected:?}; nothing was written"
        )));
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..block.yaml.start]);
    out.push_str(&new_yaml);
    out.push_str(&text[block.yaml.end..]);
    Ok(Some(out))
}

/// The tags `current` becomes with `from` renamed to `to` (removed when `None`), and the
/// tag `from`'s item becomes: `None` also when the post already has `to`, which keeps its
/// place (a merge never leaves the same tag twice).
fn retagged<'t>(
    current: &[String],
    from: &str,
    to: Option<&'t str>,
) -> (Vec<String>, Option<&'t str>) {
    let keep_to = to.filter(|t| !current.iter().any(|c| c == t));
    let mut expected: Vec<String> = Vec::with_capacity(current.len());
    for tag in current {
        let tag = if tag == from {
            keep_to
        } else {
            Some(tag.as_str())
        };
        if let Some(tag) = tag
            && !expected.iter().any(|e| e == tag)
        {
            expected.push(tag.to_owned());
        }
    }
    (expected, keep_to)
}

/// [`retag`] of a post whose front matter is TOML (see [`toml_tags`]).
fn retag_toml(
    text: &str,
    block: &front_matter::Block,
    from: &str,
    to: Option<&str>,
) -> Result<Option<String>, EditError> {
    let toml = &text[block.yaml.clone()];
    let Some(current) = toml_tags::tags_of(toml) else {
        return Err(EditError::NotRoundTrip(
            "the front matter does not parse; fix it first".to_owned(),
        ));
    };
    if !current.iter().any(|t| t == from) {
        return Ok(None);
    }
    let (expected, _) = retagged(&current, from, to);
    // The whole field in TOML, each kept item's bytes kept (see `toml_tags`).
    super::edit::set_tags(text, &expected).map(Some)
}

/// The YAML with the `from` items rewritten in place; `None` when the field has a form
/// this cannot rewrite item by item.
fn rewrite_items(yaml: &str, from: &str, to: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| {
        l.strip_prefix("tags")
            .is_some_and(|r| r.trim_start().starts_with(':'))
    })?;
    let key_line = lines[start];
    let colon = key_line.find(':')?;
    let value = &key_line[colon + 1..];
    let value_trim = value.trim_start();
    let value_at = colon + 1 + (value.len() - value_trim.len());
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let bare = value_trim.trim_end_matches(['\n', '\r']);
    if bare.is_empty() || bare.starts_with('#') {
        // A block list: `- item` lines below.
        let mut done = false;
        for i in start + 1..lines.len() {
            let line = lines[i];
            let content = line.trim_start();
            if super::edit::starts_new_top_level_entry(line) {
                break;
            }
            let Some(item) = content.strip_prefix('-') else {
                continue;
            };
            let item_trim = item.trim_start();
            let item_at = line.len() - item_trim.len();
            let end = scalar_end(item_trim.trim_end_matches(['\n', '\r']), false);
            if !item_is(&item_trim[..end], from) {
                continue;
            }
            out[i] = match (to, done) {
                (Some(to), false) => format!(
                    "{}{}{}",
                    &line[..item_at],
                    yaml_scalar(to),
                    &line[item_at + end..]
                ),
                _ => String::new(),
            };
            done = true;
        }
        return done.then(|| out.concat());
    }
    if let Some(inner) = bare.strip_prefix('[') {
        // A flow list on one line.
        let close = inner.rfind(']')?;
        let items = &inner[..close];
        let mut kept: Vec<String> = Vec::new();
        let mut rest = items;
        let mut replaced = false;
        while !rest.trim().is_empty() {
            let lead = rest.len() - rest.trim_start().len();
            let body = &rest[lead..];
            let end = scalar_end(body, true);
            let item = &body[..end];
            if item_is(item, from) {
                if let (Some(to), false) = (to, replaced) {
                    kept.push(flow_scalar(to));
                }
                replaced = true;
            } else {
                kept.push(item.to_owned());
            }
            let after = &body[end..];
            rest = after.trim_start().strip_prefix(',').unwrap_or("");
        }
        // Keep the rest of the line after `]` (a comment) and its ending.
        let tail = &inner[close..];
        let ending = &key_line[key_line.trim_end_matches(['\n', '\r']).len()..];
        out[start] = format!(
            "{}[{}{tail}{ending}",
            &key_line[..value_at],
            kept.join(", ")
        );
        return Some(out.concat());
    }
    // A single scalar: `tags: SEO`.
    let end = scalar_end(bare, false);
    if !item_is(&bare[..end], from) {
        return None;
    }
    let new_value = to.map_or_else(|| "[]".to_owned(), yaml_scalar);
    out[start] = format!(
        "{}{}{}",
        &key_line[..value_at],
        new_value,
        &key_line[value_at + end..]
    );
    Some(out.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(yaml: &str) -> String {
        format!("---\ntitle: T\n{yaml}date: 2024-01-01\n---\nBody\n")
    }

    /// Block lists: only the renamed item's line changes; quoting of the others stays; a
    /// delete removes the line; a merge into a tag the post has drops the old item.
    #[test]
    fn retag_block_list_changes_only_that_item() {
        let text = doc("tags:\n  - post\n  - \"SEO\" # keep\n  - 'Email'\n");
        let out = retag(&text, "SEO", Some("Search")).unwrap().unwrap();
        assert_eq!(
            out,
            doc("tags:\n  - post\n  - Search # keep\n  - 'Email'\n")
        );
        let out = retag(&text, "SEO", None).unwrap().unwrap();
        assert_eq!(out, doc("tags:\n  - post\n  - 'Email'\n"));
        let out = retag(&text, "SEO", Some("Email")).unwrap().unwrap();
        assert_eq!(out, doc("tags:\n  - post\n  - 'Email'\n"), "no duplicate");
        assert_eq!(retag(&text, "Nope", Some("x")).unwrap(), None);
    }

    /// Flow lists and single strings, CRLF kept, a value YAML would retype is quoted.
    #[test]
    fn retag_flow_list_and_single_string() {
        let text = doc("tags: [post, \"SEO\", Email] # c\n");
        let out = retag(&text, "SEO", Some("yes")).unwrap().unwrap();
        assert_eq!(out, doc("tags: [post, \"yes\", Email] # c\n"));
        let out = retag(&text, "post", None).unwrap().unwrap();
        assert_eq!(out, doc("tags: [\"SEO\", Email] # c\n"));
        let out = retag(&text, "post", Some("Email")).unwrap().unwrap();
        assert_eq!(out, doc("tags: [\"SEO\", Email] # c\n"));
        let crlf = "---\r\ntags: SEO\r\ntitle: T\r\n---\r\nB\r\n";
        let out = retag(crlf, "SEO", Some("0x10")).unwrap().unwrap();
        assert_eq!(out, "---\r\ntags: \"0x10\"\r\ntitle: T\r\n---\r\nB\r\n");
        let out = retag(crlf, "SEO", None).unwrap().unwrap();
        assert_eq!(out, "---\r\ntags: []\r\ntitle: T\r\n---\r\nB\r\n");
    }

    /// TOML front matter (`+++`): only the tag's item changes (other items keep their
    /// quotes, CRLF stays, a list over several lines keeps its layout); a merge never
    /// duplicates; a list with comments inside is refused with a message, never rewritten
    /// as YAML.
    #[test]
    fn retag_toml_changes_only_that_item() {
        let text =
            "+++\r\ntitle = \"T\"\r\ntags = ['post', \"SEO\", \"Email\"] # c\r\n+++\r\nB\r\n";
        let out = retag(text, "SEO", Some("Search \"x\"")).unwrap().unwrap();
        assert_eq!(
            out,
            "+++\r\ntitle = \"T\"\r\ntags = ['post', 'Search \"x\"', \"Email\"] # c\r\n+++\r\nB\r\n"
        );
        let out = retag(text, "SEO", Some("post")).unwrap().unwrap();
        assert_eq!(
            out,
            "+++\r\ntitle = \"T\"\r\ntags = ['post', \"Email\"] # c\r\n+++\r\nB\r\n"
        );
        let out = retag(text, "post", None).unwrap().unwrap();
        assert!(out.contains("tags = [\"SEO\", \"Email\"] # c\r\n"), "{out}");
        assert_eq!(retag(text, "Nope", Some("x")).unwrap(), None);
        let multi = "+++\ntags = [\n  \"SEO\",\n  \"post\",\n]\n+++\n";
        let out = retag(multi, "SEO", Some("x")).unwrap().unwrap();
        assert_eq!(out, "+++\ntags = [\n  \"x\",\n  \"post\",\n]\n+++\n");
        let commented = "+++\ntags = [\n  \"SEO\", # main\n]\n+++\n";
        let err = retag(commented, "SEO", Some("x")).unwrap_err();
        assert!(err.to_string().contains("without comments"), "{err}");
    }

    /// A flow list over several lines is rewritten whole, and still reads back right.
    #[test]
    fn retag_multiline_flow_list_falls_back_safely() {
        let text = doc("tags: [post,\n  SEO]\n");
        let out = retag(&text, "SEO", Some("Search")).unwrap().unwrap();
        let block = front_matter::split(&out);
        assert_eq!(tags_of(&out[block.yaml]).unwrap(), ["post", "Search"]);
        assert!(out.ends_with("date: 2024-01-01\n---\nBody\n"));
    }
}
