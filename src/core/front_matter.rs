//! Front matter: find the block at the top of a post and parse it: YAML between `---`
//! lines (Jekyll, Eleventy, Hugo), or TOML between `+++` lines (Hugo's own default).
//!
//! This is the only module that knows the YAML crate. It keeps byte offsets so that a
//! later edit can replace exactly the front matter or exactly one field, and it bounds
//! hostile input (size, nesting, alias expansion) before handing it to a parser.

use std::ops::Range;

use super::field_value::{FieldValue, Fields};
use super::front_matter_quick;

/// Front matter larger than this is refused without parsing.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// Nesting deeper than this is refused without parsing (the parser's cost grows badly with it).
const MAX_NESTING: usize = 64;

/// Where the front matter block is in a post's text (offsets after any BOM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Whether there is a front matter block and whether it is closed.
    pub state: BlockState,
    /// The language of the block (YAML when there is none).
    pub format: Format,
    /// Byte range of the front matter text between the delimiter lines (empty if none):
    /// YAML, or TOML when [`Block::format`] says so.
    pub yaml: Range<usize>,
    /// 1-based file line of the first YAML line.
    pub yaml_first_line: usize,
    /// Byte offset where the markdown body starts.
    pub body_start: usize,
    /// 1-based file line where the body starts.
    pub body_first_line: usize,
}

/// Whether a post has front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockState {
    /// The file does not start with a `---` line.
    Absent,
    /// A `---` line, YAML, and a closing `---` or `...` line.
    Closed,
    /// A `---` line but no closing line: the whole file is treated as body.
    Unterminated,
}

/// The language of a front matter block, known by its delimiter lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines (closed by `---` or `...`).
    #[default]
    Yaml,
    /// Between `+++` lines (Hugo).
    Toml,
}

impl Format {
    /// The language's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }

    /// What follows a top-level key on its line (`title: ..`, `title = ..`).
    pub fn key_sign(self) -> char {
        match self {
            Format::Yaml => ':',
            Format::Toml => '=',
        }
    }

    /// The line that opens (and closes) a block.
    pub fn delimiter(self) -> &'static str {
        match self {
            Format::Yaml => "---",
            Format::Toml => "+++",
        }
    }
}

/// A YAML (or TOML) problem, at a 1-based line of the front matter text when the parser
/// knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text.
    pub line: Option<usize>,
    /// What is wrong, without the location.
    pub message: String,
}

/// Find the front matter block at the top of `text`: a first line `---` (YAML, closed by
/// `---` or `...`) or `+++` (TOML, closed by `+++`).
pub fn split(text: &str) -> Block {
    let absent = Block {
        state: BlockState::Absent,
        format: Format::Yaml,
        yaml: 0..0,
        yaml_first_line: 1,
        body_start: 0,
        body_first_line: 1,
    };
    let Some((first, after_first)) = next_line(text, 0) else {
        return absent;
    };
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return absent,
    };
    let mut pos = after_first;
    let mut line_no = 2;
    while let Some((line, next)) = next_line(text, pos) {
        let trimmed = line.trim_end();
        let closes = match format {
            Format::Yaml => trimmed == "---" || trimmed == "...",
            Format::Toml => trimmed == "+++",
        };
        if closes {
            return Block {
                state: BlockState::Closed,
                format,
                yaml: after_first..pos,
                yaml_first_line: 2,
                body_start: next,
                body_first_line: line_no + 1,
            };
        }
        pos = next;
        line_no += 1;
    }
    Block {
        state: BlockState::Unterminated,
        format,
        ..absent
    }
}

/// The line starting at `start` (without its `\n`) and the offset after it.
fn next_line(text: &str, start: usize) -> Option<(&str, usize)> {
    if start >= text.len() {
        return None;
    }
    let rest = &text[start..];
    Some(match rest.find('\n') {
        Some(i) => (&rest[..i], start + i + 1),
        None => (rest, text.len()),
    })
}

/// Parse front matter YAML into fields, refusing input that would cost too much to parse.
/// Plain front matter (nearly all of it) is read by [`front_matter_quick`], many times
/// faster and to the same fields; the rest by the YAML crate.
pub fn parse(yaml: &str) -> Result<Fields, YamlError> {
    check_bounds(yaml)?;
    if let Some(fields) = front_matter_quick::all_fields(yaml) {
        return Ok(fields);
    }
    parse_by_yaml_crate(yaml)
}

/// Parse front matter `text` in `format` into fields (see [`parse`] and [`parse_toml`]).
pub fn parse_as(format: Format, text: &str) -> Result<Fields, YamlError> {
    match format {
        Format::Yaml => parse(text),
        Format::Toml => parse_toml(text),
    }
}

/// The front matter of `block` in `text`, parsed in its format (see [`parse_as`]).
pub fn parse_block(text: &str, block: &Block) -> Result<Fields, YamlError> {
    parse_as(block.format, &text[block.yaml.clone()])
}

/// Parse TOML front matter into fields, refusing input that would cost too much to
/// parse: strings are text, numbers and booleans as in YAML, a date or time its TOML
/// text (`2024-03-01T10:00:00Z`), tables maps.
pub fn parse_toml(toml_text: &str) -> Result<Fields, YamlError> {
    // The size only: the nesting bound reads YAML's quoting (TOML's `key = "[[["` would
    // count as nesting); the toml crate stops at its own depth limit.
    check_size(toml_text)?;
    let table: toml::Table = toml::from_str(toml_text).map_err(|err| {
        let line = err.span().map(|span| {
            let before = toml_text.get(..span.start).unwrap_or(toml_text);
            1 + super::line_index::count_newlines(before)
        });
        YamlError {
            line,
            message: err.message().trim().to_owned(),
        }
    })?;
    Ok(Fields(
        table
            .into_iter()
            .map(|(k, v)| (k, convert_toml(v)))
            .collect(),
    ))
}

fn convert_toml(value: toml::Value) -> FieldValue {
    use toml::Value;
    match value {
        Value::String(s) => FieldValue::Text(s),
        Value::Integer(n) => FieldValue::Number(n.to_string()),
        Value::Float(n) => FieldValue::Number(n.to_string()),
        Value::Boolean(b) => FieldValue::Bool(b),
        Value::Datetime(d) => FieldValue::Text(d.to_string()),
        Value::Array(items) => FieldValue::List(items.into_iter().map(convert_toml).collect()),
        Value::Table(table) => FieldValue::Map(
            table
                .into_iter()
                .map(|(k, v)| (k, convert_toml(v)))
                .collect(),
        ),
    }
}

/// [`parse`] by the YAML crate alone (after the bounds are checked).
pub fn parse_by_yaml_crate(yaml: &str) -> Result<Fields, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|err| {
        let line = err.location().map(|loc| loc.line());
        let mut message = err.to_string();
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        YamlError { line, message }
    })?;
    match convert(value) {
        FieldValue::Null => Ok(Fields::default()),
        FieldValue::Map(entries) => Ok(Fields(entries)),
        other => Err(YamlError {
            line: Some(1),
            message: format!(
                "front matter must be a mapping of fields (like `title: ...`), not {}",
                other.type_name()
            ),
        }),
    }
}

fn check_size(text: &str) -> Result<(), YamlError> {
    if text.len() > MAX_FRONT_MATTER_BYTES {
        return Err(YamlError {
            line: None,
            message: format!(
                "front matter too large ({} bytes; the limit is {MAX_FRONT_MATTER_BYTES})",
                text.len()
            ),
        });
    }
    Ok(())
}

fn check_bounds(yaml: &str) -> Result<(), YamlError> {
    check_size(yaml)?;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let dashes = line
            .trim_start()
            .split_inclusive(' ')
            .take_while(|w| w.trim_end() == "-")
            .count();
        count_brackets(line.as_bytes(), &mut depth, &mut quote);
        if depth > MAX_NESTING || dashes > MAX_NESTING || indent > 4 * MAX_NESTING {
            return Err(YamlError {
                line: Some(i + 1),
                message: format!("front matter nested too deeply (more than {MAX_NESTING} levels)"),
            });
        }
    }
    Ok(())
}

/// Add the nesting of `line`'s brackets to `depth`, skipping brackets inside a quoted
/// scalar (`"{{{"` is text, not nesting); `quote` carries an open quote to the next line.
fn count_brackets(line: &[u8], depth: &mut usize, quote: &mut Option<u8>) {
    let mut prev: Option<u8> = None;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match (*quote, b) {
            (Some(b'"'), b'\\') => i += 1,
            (Some(b'\''), b'\'') if line.get(i + 1) == Some(&b'\'') => i += 1,
            (Some(q), _) if b == q => *quote = None,
            (Some(_), _) => {}
            // A quote opens a quoted scalar only where a scalar can start.
            (None, b'"' | b'\'') if prev.is_none_or(|p| b":-[{,?".contains(&p)) => {
                *quote = Some(b);
            }
            (None, b'[' | b'{') => *depth += 1,
            (None, b']' | b'}') => *depth = depth.saturating_sub(1),
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            prev = Some(b);
        }
        i += 1;
    }
}

fn convert(value: serde_yaml::Value) -> FieldValue {
    use serde_yaml::Value;
    match value {
        Value::Null => FieldValue::Null,
        Value::Bool(b) => FieldValue::Bool(b),
        Value::Number(n) => FieldValue::Number(n.to_string()),
        Value::String(s) => FieldValue::Text(s),
        Value::Sequence(items) => FieldValue::List(items.into_iter().map(convert).collect()),
        Value::Mapping(map) => FieldValue::Map(
            map.into_iter()
                .map(|(k, v)| (key_text(k), convert(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => convert(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match convert(key) {
        FieldValue::Null => "~".to_owned(),
        other => other.to_string(),
    }
}

/// The 1-based file line of top-level field `name` in the front matter, if it is written
/// as `name:` (YAML) or `name =` (TOML) at the start of a line.
pub fn field_line(text: &str, block: &Block, name: &str) -> Option<usize> {
    let sign = block.format.key_sign();
    text[block.yaml.clone()]
        .lines()
        .position(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with(sign))
        })
        .map(|i| block.yaml_first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_closed_block_and_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let block = split(text);
        assert_eq!(block.state, BlockState::Closed);
        assert_eq!(&text[block.yaml.clone()], "title: A\n");
        assert_eq!(&text[block.body_start..], "Body\n");
        assert_eq!(block.body_first_line, 4);
    }

    #[test]
    fn split_handles_crlf_and_dots_terminator() {
        let text = "---\r\ntitle: A\r\n...\r\nBody\r\n";
        let block = split(text);
        assert_eq!(block.state, BlockState::Closed);
        assert_eq!(&text[block.yaml.clone()], "title: A\r\n");
        assert_eq!(&text[block.body_start..], "Body\r\n");
    }

    #[test]
    fn split_without_front_matter_is_all_body() {
        let block = split("# Hello\n\ntext\n");
        assert_eq!(block.state, BlockState::Absent);
        assert_eq!(block.body_start, 0);
        assert_eq!(block.body_first_line, 1);
    }

    #[test]
    fn split_unterminated_block_is_all_body() {
        let block = split("---\ntitle: A\nno end\n");
        assert_eq!(block.state, BlockState::Unterminated);
        assert_eq!(block.body_start, 0);
    }

    #[test]
    fn split_empty_block() {
        let text = "---\n---\nx";
        let block = split(text);
        assert_eq!(block.state, BlockState::Closed);
        assert_eq!(block.yaml, 4..4);
        assert_eq!(&text[block.body_start..], "x");
    }

    #[test]
    fn parse_keeps_field_order_and_unknown_fields() {
        let fields = parse("zeta: 1\ntitle: T\nalpha: [a, b]\n").unwrap();
        let keys: Vec<_> = fields.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["zeta", "title", "alpha"]);
        assert_eq!(fields.get("zeta"), Some(&FieldValue::Number("1".into())));
    }

    #[test]
    fn parse_reports_error_line_without_location_suffix() {
        let err = parse("date: 2024-01-01\ntitle: Brand Voice: Why\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.starts_with("mapping values are not allowed"));
        assert!(!err.message.contains("column"));
    }

    #[test]
    fn parse_rejects_non_mapping() {
        let err = parse("- a\n- b\n").unwrap_err();
        assert!(err.message.contains("mapping"), "{}", err.message);
    }

    #[test]
    fn parse_comment_only_is_empty() {
        assert!(parse("# nothing\n").unwrap().is_empty());
    }

    #[test]
    fn parse_bounds_alias_bombs_quickly() {
        let mut yaml =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            yaml.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        let start = std::time::Instant::now();
        assert!(parse(&yaml).is_err());
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn parse_refuses_deep_nesting_before_parsing() {
        let err = parse(&format!("a: {}", "&x [".repeat(50_000))).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{}", err.message);
        let err = parse(&"- ".repeat(1000)).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{}", err.message);
    }

    #[test]
    fn parse_refuses_huge_front_matter() {
        let yaml = format!("a: \"{}\"\n", "x".repeat(MAX_FRONT_MATTER_BYTES));
        assert!(parse(&yaml).unwrap_err().message.contains("too large"));
    }

    #[test]
    fn split_finds_a_toml_block_closed_by_plus_lines_only() {
        let text = "+++\r\ntitle = \"A\"\r\n---\r\n+++\r\nBody\r\n";
        let block = split(text);
        assert_eq!(block.state, BlockState::Closed);
        assert_eq!(block.format, Format::Toml);
        assert_eq!(&text[block.yaml.clone()], "title = \"A\"\r\n---\r\n");
        assert_eq!(&text[block.body_start..], "Body\r\n");
        assert_eq!(block.body_first_line, 5);
        let open = split("+++\ntitle = \"A\"\n---\n");
        assert_eq!(open.state, BlockState::Unterminated);
        assert_eq!(open.format, Format::Toml);
        assert_eq!(split("++\nx\n++\n").state, BlockState::Absent);
    }

    #[test]
    fn parse_toml_reads_fields_in_order_with_dates_as_text() {
        let text = "+++\ntitle = \"It's \\\"here\\\"\"\ndate = 2024-03-01T10:00:00Z\n\
                    tags = [\"go\", \"hugo\"]\ndraft = true\nweight = 3\n\
                    [params]\nx = 1.5\n+++\n";
        let block = split(text);
        let fields = parse_block(text, &block).unwrap();
        let keys: Vec<_> = fields.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "date", "tags", "draft", "weight", "params"]);
        assert_eq!(
            fields.get("title"),
            Some(&FieldValue::Text("It's \"here\"".into()))
        );
        assert_eq!(
            fields.get("date"),
            Some(&FieldValue::Text("2024-03-01T10:00:00Z".into()))
        );
        assert_eq!(
            fields.get("tags"),
            Some(&FieldValue::List(vec![
                FieldValue::Text("go".into()),
                FieldValue::Text("hugo".into())
            ]))
        );
        assert_eq!(fields.get("draft"), Some(&FieldValue::Bool(true)));
        assert_eq!(fields.get("weight"), Some(&FieldValue::Number("3".into())));
        assert_eq!(field_line(text, &block, "tags"), Some(4));
        assert_eq!(field_line(text, &block, "x"), Some(8));
    }

    #[test]
    fn parse_toml_reports_the_line_of_an_error_and_bounds_nesting() {
        let err = parse_toml("title = \"A\"\ndate = \n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err:?}");
        assert!(!err.message.is_empty());
        // Deep nesting is refused by the parser (no stack overflow); brackets in a string
        // are text.
        assert!(parse_toml(&format!("a = {}", "[".repeat(50_000))).is_err());
        let title = format!("title = \"{}\"\n", "[".repeat(70));
        assert!(parse_toml(&title).is_ok());
        let big = format!("a = \"{}\"\n", "x".repeat(MAX_FRONT_MATTER_BYTES));
        assert!(parse_toml(&big).unwrap_err().message.contains("too large"));
    }

    #[test]
    fn field_line_finds_top_level_key() {
        let text = "---\ntitle: A\ntags:\n  - x\n---\n";
        let block = split(text);
        assert_eq!(field_line(text, &block, "tags"), Some(3));
        assert_eq!(field_line(text, &block, "date"), None);
    }
}
