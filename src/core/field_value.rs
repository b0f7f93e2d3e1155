//! Front matter values in folio's own terms, so that only `front_matter` knows the YAML crate.

use std::fmt;

/// One front matter value.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FieldValue {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, kept as written by the parser.
    Number(String),
    /// A string (quoted or not).
    Text(String),
    /// A sequence.
    List(Vec<FieldValue>),
    /// A mapping, in file order.
    Map(Vec<(String, FieldValue)>),
}

impl FieldValue {
    /// The value as text if it is a scalar (string, number or boolean); `None` for null,
    /// lists and maps.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            FieldValue::Text(s) | FieldValue::Number(s) => Some(s.clone()),
            FieldValue::Bool(b) => Some(b.to_string()),
            FieldValue::Null | FieldValue::List(_) | FieldValue::Map(_) => None,
        }
    }

    /// A short name of the value's type, for messages ("a list", "a mapping").
    pub fn type_name(&self) -> &'static str {
        match self {
            FieldValue::Null => "empty",
            FieldValue::Bool(_) => "a boolean",
            FieldValue::Number(_) => "a number",
            FieldValue::Text(_) => "text",
            FieldValue::List(_) => "a list",
            FieldValue::Map(_) => "a mapping",
        }
    }
}

impl fmt::Display for FieldValue {
    /// A compact one-line form, for showing unknown fields.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Null => f.write_str("~"),
            FieldValue::Bool(b) => write!(f, "{b}"),
            FieldValue::Number(s) | FieldValue::Text(s) => f.write_str(s),
            FieldValue::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            FieldValue::Map(entries) => {
                f.write_str("{")?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{key}: {value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

/// A post's front matter fields in file order. Unknown fields are kept.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fields(pub Vec<(String, FieldValue)>);

impl Fields {
    /// The value of field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Every field in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// No fields at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
