//! Surgical edits of a post's text: replace the front matter, the body, or only the
//! `tags` field, changing nothing else. Lines the user did not touch keep their exact bytes,
//! line endings included (even in files that mix `\n` and `\r\n`); a missing final newline
//! stays missing. Pure: the caller reads and writes files (see `save`).

use std::fmt::Write as _;

use super::front_matter::{self, BlockState, Format};
use super::yaml_scalar::{Expected, check_round_trip, flow_list, yaml_scalar};

/// Why an edit cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The new front matter does not parse; nothing is written.
    #[error("front matter is not valid {language} (line {line}): {message}")]
    InvalidYaml {
        /// The front matter's language (`YAML`, `TOML`).
        language: &'static str,
        /// 1-based line within the front matter.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// The file's front matter is not closed, so fields cannot be edited in place.
    #[error(
        "the file's front matter is not closed; close it with a `---` (or `+++`) line in the body pane"
    )]
    Unterminated,
    /// What folio would write does not read back as what was asked.
    #[error("{0}")]
    NotRoundTrip(String),
}

/// The line ending most used in `text` (`\r\n` only when it is the majority).
pub fn dominant_line_ending(text: &str) -> &'static str {
    let lf = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    if crlf * 2 > lf { "\r\n" } else { "\n" }
}

/// Split `text` into lines that keep their line endings.
fn lines_with_endings(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn strip_ending(line: &str) -> &str {
    line.strip_suffix('\n')
        .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l))
}

/// `edited` (lines joined by `\n`) written in the style of `original`: every edited line
/// equal to an original line, in order, takes that line's bytes (its own ending); new and
/// changed lines take `ending`. Whether the text ends with a newline follows `edited`.
pub fn restyle(original: &str, edited: &str, ending: &str) -> String {
    let old: Vec<&str> = lines_with_endings(original);
    let old_bare: Vec<&str> = old.iter().map(|l| strip_ending(l)).collect();
    let new_bare: Vec<&str> = edited.split('\n').collect();
    let ends_with_newline = edited.ends_with('\n');
    let new_bare = if ends_with_newline {
        &new_bare[..new_bare.len() - 1]
    } else {
        &new_bare[..]
    };
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old_bare, new_bare);
    let mut out = String::with_capacity(edited.len() + new_bare.len());
    let last = new_bare.len().saturating_sub(1);
    let push = |out: &mut String, new_index: usize, line: &str, original: Option<&str>| {
        let needs_ending = new_index < last || ends_with_newline;
        match original {
            Some(orig) if needs_ending && orig.ends_with('\n') => out.push_str(orig),
            Some(orig) if !needs_ending => out.push_str(strip_ending(orig)),
            _ => {
                out.push_str(line);
                if needs_ending {
                    out.push_str(ending);
                }
            }
        }
    };
    for op in diff {
        match op {
            similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for i in 0..len {
                    push(
                        &mut out,
                        new_index + i,
                        new_bare[new_index + i],
                        Some(old[old_index + i]),
                    );
                }
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            }
            | similar::DiffOp::Replace {
                new_index, new_len, ..
            } => {
                for (i, line) in new_bare.iter().enumerate().skip(new_index).take(new_len) {
                    push(&mut out, i, line, None);
                }
            }
            similar::DiffOp::Delete { .. } => {}
        }
    }
    out
}

/// Check that `yaml` parses as front matter.
pub fn validate_yaml(yaml: &str) -> Result<(), EditError> {
    validate(Format::Yaml, yaml)
}

/// Check that `text` parses as front matter in `format`.
pub fn validate(format: Format, text: &str) -> Result<(), EditError> {
    front_matter::parse_as(format, text)
        .map(|_| ())
        .map_err(|e| EditError::InvalidYaml {
            language: format.name(),
            line: e.line.unwrap_or(1),
            message: e.message,
        })
}

/// `text` (a whole file without its BOM) with its front matter replaced by `yaml` (lines
/// joined by `\n`; TOML when the file's block is `+++`, else YAML) and its body by
/// `body`. Untouched lines keep their bytes. A file without front matter gets a YAML
/// block when `yaml` is not empty.
pub fn replace_parts(text: &str, yaml: &str, body: &str) -> Result<String, EditError> {
    let block = front_matter::split(text);
    let format = match block.state {
        BlockState::Closed => block.format,
        BlockState::Absent | BlockState::Unterminated => Format::Yaml,
    };
    validate(format, yaml)?;
    let ending = dominant_line_ending(text);
    let (head, old_yaml, closing, old_body) = match block.state {
        BlockState::Closed => {
            let opening_end = block.yaml.start;
            let closing = &text[block.yaml.end..block.body_start];
            (
                &text[..opening_end],
                &text[block.yaml.clone()],
                closing,
                &text[block.body_start..],
            )
        }
        BlockState::Absent => ("", "", "", text),
        // An unclosed block is edited as part of the body (that is where the editor shows
        // it), so the user can close it there.
        BlockState::Unterminated if yaml.trim().is_empty() => ("", "", "", text),
        BlockState::Unterminated => return Err(EditError::Unterminated),
    };
    let mut out = String::with_capacity(text.len() + yaml.len());
    if block.state == BlockState::Closed {
        out.push_str(head);
        out.push_str(&restyle(old_yaml, &with_final_newline(yaml), ending));
        out.push_str(closing);
    } else if !yaml.trim().is_empty() {
        let _ = write!(
            out,
            "---{ending}{}---{ending}",
            restyle("", &with_final_newline(yaml), ending)
        );
    }
    out.push_str(&restyle(old_body, body, ending));
    Ok(out)
}

fn with_final_newline(yaml: &str) -> String {
    if yaml.is_empty() || yaml.ends_with('\n') {
        yaml.to_owned()
    } else {
        format!("{yaml}\n")
    }
}

/// The front matter YAML and the body of `text`, as an editor shows them: lines joined by
/// `\n`. The body keeps whether it ends with a newline.
pub fn editable_parts(text: &str) -> (String, String) {
    let block = front_matter::split(text);
    let normalize = |s: &str| s.replace("\r\n", "\n");
    match block.state {
        BlockState::Closed => (
            normalize(&text[block.yaml.clone()]),
            normalize(&text[block.body_start..]),
        ),
        BlockState::Absent | BlockState::Unterminated => (String::new(), normalize(text)),
    }
}

/// `text` with only its `tags` field rewritten to `tags`, in the field's existing style
/// (block list, flow list); a post without `tags` gets a flow list as its last field.
pub fn set_tags(text: &str, tags: &[String]) -> Result<String, EditError> {
    let block = front_matter::split(text);
    let ending = dominant_line_ending(text);
    match block.state {
        BlockState::Unterminated => return Err(EditError::Unterminated),
        // Hugo reads a leading `{` as JSON front matter, which folio does not edit: a YAML
        // block put before it would turn it into body text. (`{{` and `{%` open template
        // code, not JSON.)
        BlockState::Absent if starts_as_json(text) => {
            return Err(EditError::NotRoundTrip(
                "this post starts with `{`, which Hugo reads as JSON front matter; folio does \
                 not change JSON front matter: edit it in the body pane (e)"
                    .to_owned(),
            ));
        }
        BlockState::Absent => {
            let yaml = format!("tags: {}\n", flow_list(tags));
            check_round_trip(&yaml, "tags", Expected::List(tags))
                .map_err(EditError::NotRoundTrip)?;
            return replace_parts(text, &yaml, &text.replace("\r\n", "\n"));
        }
        BlockState::Closed if block.format == Format::Toml => {
            let toml = &text[block.yaml.clone()];
            let new = super::toml_tags::set(toml, tags, ending).map_err(EditError::NotRoundTrip)?;
            let mut out = String::with_capacity(text.len() + 32);
            out.push_str(&text[..block.yaml.start]);
            out.push_str(&new);
            out.push_str(&text[block.yaml.end..]);
            return Ok(out);
        }
        BlockState::Closed => {}
    }
    let yaml_text = &text[block.yaml.clone()];
    let lines = lines_with_endings(yaml_text);
    let start = lines.iter().position(|l| is_key_line(l, "tags"));
    let (range, replacement) = match start {
        Some(start) => {
            let end = lines[start + 1..]
                .iter()
                .position(|l| starts_new_top_level_entry(l))
                .map_or(lines.len(), |i| start + 1 + i);
            let first = strip_ending(lines[start]);
            let value = first.split_once(':').map_or("", |(_, v)| v).trim();
            let item_indent = lines[start + 1..end]
                .iter()
                .map(|l| strip_ending(l))
                .find(|l| l.trim_start().starts_with('-'))
                .map(|l| l[..l.len() - l.trim_start().len()].to_owned());
            let new = match item_indent {
                Some(indent) if value.is_empty() && !tags.is_empty() => {
                    let mut s = String::from("tags:");
                    s.push_str(ending);
                    for tag in tags {
                        let _ = write!(s, "{indent}- {}{ending}", yaml_scalar(tag));
                    }
                    s
                }
                _ => format!("tags: {}{ending}", flow_list(tags)),
            };
            (start..end, new)
        }
        None => (
            lines.len()..lines.len(),
            format!("tags: {}{ending}", flow_list(tags)),
        ),
    };
    let mut yaml = String::with_capacity(yaml_text.len() + 32);
    for line in &lines[..range.start] {
        yaml.push_str(line);
    }
    if range.start == lines.len() && !yaml.is_empty() && !yaml.ends_with('\n') {
        yaml.push_str(ending);
    }
    yaml.push_str(&replacement);
    for line in &lines[range.end..] {
        yaml.push_str(line);
    }
    validate_yaml(&yaml)?;
    check_round_trip(&yaml, "tags", Expected::List(tags)).map_err(EditError::NotRoundTrip)?;
    others_unchanged(yaml_text, &yaml)?;
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str(&text[..block.yaml.start]);
    out.push_str(&yaml);
    out.push_str(&text[block.yaml.end..]);
    Ok(out)
}

/// Whether `text` starts as Hugo's JSON front matter does: a `{` (after blank space) that
/// does not open template code.
fn starts_as_json(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with('{') && !text.starts_with("{{") && !text.starts_with("{%")
}

fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// A line at column 0 that is not blank, not a continuation and not a list item (`- x`;
/// `-x` is a key): the next field (or a comment) starts here.
/// The fields other than `tags` read the same in the `new` front matter as in the `old`
/// (when the old one parses): a line that looks like `tags:` inside another field's
/// multi-line value must not be edited.
pub(crate) fn others_unchanged(old: &str, new: &str) -> Result<(), EditError> {
    let Ok(before) = front_matter::parse(old) else {
        return Ok(());
    };
    let others =
        |fields: &super::field_value::Fields| -> Vec<(String, super::field_value::FieldValue)> {
            fields
                .iter()
                .filter(|(k, _)| *k != "tags")
                .map(|(k, v)| (k.to_owned(), v.clone()))
                .collect()
        };
    match front_matter::parse(new) {
        Ok(after) if others(&after) == others(&before) => Ok(()),
        _ => Err(EditError::NotRoundTrip(
            "the tag edit would change other fields (is `tags:` inside a multi-line value?); nothing was written".to_owned(),
        )),
    }
}

pub(crate) fn starts_new_top_level_entry(line: &str) -> bool {
    let bare = strip_ending(line);
    let item = bare == "-" || bare.starts_with("- ") || bare.starts_with("-\t");
    !bare.is_empty() && !bare.starts_with([' ', '\t']) && !item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::field_value::FieldValue;

    fn tags_of(text: &str) -> Vec<String> {
        let block = front_matter::split(text);
        let fields = front_matter::parse(&text[block.yaml]).unwrap();
        match fields.get("tags") {
            Some(FieldValue::List(items)) => {
                items.iter().filter_map(FieldValue::scalar_text).collect()
            }
            _ => Vec::new(),
        }
    }

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    const SEED: &str = "---\ntitle: \"How X\" # keep me\ndate: 2024-12-13\ntags:\n  - post\n  - Automation\nimage: '/media/x.webp'\n---\n\nBody line\n";

    #[test]
    fn replace_parts_changes_only_the_edited_line() {
        let (yaml, body) = editable_parts(SEED);
        let yaml = yaml.replace("date: 2024-12-13", "date: 2024-12-14");
        let out = replace_parts(SEED, &yaml, &body).unwrap();
        assert_eq!(out, SEED.replace("2024-12-13", "2024-12-14"));
    }

    #[test]
    fn replace_parts_keeps_crlf_and_missing_final_newline() {
        let text = "---\r\ntitle: A\r\ntags: [x]\r\n---\r\nline one\r\nline two";
        let (yaml, body) = editable_parts(text);
        assert_eq!(body, "line one\nline two");
        let out = replace_parts(text, &yaml.replace('A', "B"), &body).unwrap();
        assert_eq!(out, text.replace("title: A", "title: B"));
        let out = replace_parts(text, &yaml, &body.replace("two", "2")).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: A\r\ntags: [x]\r\n---\r\nline one\r\nline 2"
        );
    }

    #[test]
    fn replace_parts_keeps_mixed_line_endings_of_untouched_lines() {
        let text = "---\ntitle: A\r\ndate: 2024-01-01\n---\none\r\ntwo\nthree\r\n";
        let (yaml, body) = editable_parts(text);
        let out = replace_parts(text, &yaml, &body.replace("two", "TWO")).unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\r\ndate: 2024-01-01\n---\none\r\nTWO\nthree\r\n"
        );
        assert_eq!(replace_parts(text, &yaml, &body).unwrap(), text);
    }

    #[test]
    fn replace_parts_refuses_invalid_yaml() {
        let (_, body) = editable_parts(SEED);
        let err = replace_parts(SEED, "title: A: B\n", &body).unwrap_err();
        assert!(
            matches!(err, EditError::InvalidYaml { line: 1, .. }),
            "{err:?}"
        );
    }

    /// A TOML block (`+++`) is edited as TOML: its delimiters stay, YAML is refused in it,
    /// and tags are set in TOML.
    #[test]
    fn toml_front_matter_is_edited_as_toml() {
        let text = "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nBody\n";
        let (front, body) = editable_parts(text);
        assert_eq!(front, "title = \"A\"\ntags = [\"x\"]\n");
        let out = replace_parts(text, "title = \"B\"\ntags = [\"x\"]\n", &body).unwrap();
        assert_eq!(out, "+++\ntitle = \"B\"\ntags = [\"x\"]\n+++\nBody\n");
        let err = replace_parts(text, "title: B\n", &body).unwrap_err();
        assert!(
            matches!(
                err,
                EditError::InvalidYaml {
                    language: "TOML",
                    line: 1,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("not valid TOML"), "{err}");
        let out = set_tags(text, &v(&["x", "y z"])).unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"A\"\ntags = [\"x\", \"y z\"]\n+++\nBody\n"
        );
        for json in [
            "{\n  \"title\": \"J\"\n}\nBody\n",
            "{\"title\": \"J\"}\nBody\n",
        ] {
            let err = set_tags(json, &v(&["x"])).unwrap_err();
            assert!(err.to_string().contains("JSON"), "{err}");
        }
        let templated = set_tags("{{< note >}}\nBody\n", &v(&["x"])).unwrap();
        assert_eq!(templated, "---\ntags: [x]\n---\n{{< note >}}\nBody\n");
        let bare = "+++\ntitle = \"A\"\n+++\nBody\n";
        let out = set_tags(bare, &v(&["x"])).unwrap();
        assert_eq!(out, "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nBody\n");
    }

    #[test]
    fn replace_parts_adds_front_matter_to_a_plain_file() {
        let out = replace_parts("# Hi\n", "title: Hi", "# Hi\n").unwrap();
        assert_eq!(out, "---\ntitle: Hi\n---\n# Hi\n");
        assert_eq!(replace_parts("# Hi\n", "", "# Hi!\n").unwrap(), "# Hi!\n");
    }

    #[test]
    fn replace_parts_edits_an_unclosed_front_matter_as_body() {
        let text = "---\ntitle: A\nbody\n";
        let (yaml, body) = editable_parts(text);
        assert_eq!((yaml.as_str(), body.as_str()), ("", text));
        let fixed = body.replace("title: A\n", "title: A\n---\n");
        assert_eq!(
            replace_parts(text, &yaml, &fixed).unwrap(),
            "---\ntitle: A\n---\nbody\n"
        );
        assert_eq!(
            replace_parts(text, "title: B\n", &body),
            Err(EditError::Unterminated)
        );
    }

    #[test]
    fn set_tags_rewrites_a_block_list_in_place() {
        let out = set_tags(SEED, &v(&["post", "Automation", "SEO: basics"])).unwrap();
        assert_eq!(
            out,
            SEED.replace("  - Automation\n", "  - Automation\n  - \"SEO: basics\"\n")
        );
        assert_eq!(tags_of(&out), v(&["post", "Automation", "SEO: basics"]));
    }

    #[test]
    fn set_tags_keeps_flow_style_and_crlf() {
        let text = "---\r\ntitle: A\r\ntags: [post, SEO] # c\r\nlayout: x\r\n---\r\nbody";
        let out = set_tags(text, &v(&["post", "SEO", "new"])).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: A\r\ntags: [post, SEO, new]\r\nlayout: x\r\n---\r\nbody"
        );
    }

    #[test]
    fn set_tags_adds_a_missing_field_last() {
        let out = set_tags("---\ntitle: A\n---\nbody\n", &v(&["x"])).unwrap();
        assert_eq!(out, "---\ntitle: A\ntags: [x]\n---\nbody\n");
        let out = set_tags("body\n", &v(&["x"])).unwrap();
        assert_eq!(out, "---\ntags: [x]\n---\nbody\n");
    }

    #[test]
    fn set_tags_empty_and_single_string_forms() {
        let out = set_tags(SEED, &[]).unwrap();
        assert!(out.contains("tags: []\nimage"), "{out}");
        let out = set_tags("---\ntags: SEO\n---\n", &v(&["SEO", "b"])).unwrap();
        assert_eq!(out, "---\ntags: [SEO, b]\n---\n");
    }

    #[test]
    fn yaml_scalar_quotes_what_would_change_meaning() {
        for (tag, plain) in [
            ("SEO", true),
            ("Content Marketing", true),
            ("yes", false),
            ("2024", false),
            ("a: b", false),
            ("#x", false),
            ("x, y", false),
            (" x", false),
            ("c++", true),
        ] {
            assert_eq!(yaml_scalar(tag) == tag, plain, "{tag}");
            let text = set_tags("---\ntags: []\n---\n", &v(&[tag])).unwrap();
            assert_eq!(tags_of(&text), v(&[tag]), "{tag}");
        }
    }
}
