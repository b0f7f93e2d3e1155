//! A post's front matter fields as the index keeps them: one allocation holding every
//! name and its value, a value decoded when it is asked for.
//!
//! The index holds every post's fields for its checks (a description, `draft`), the card
//! of the post shown and the fields it lists. As trees ([`Fields`]) they took about a
//! dozen allocations a post, 44 MB at 100,000 posts; packed here, about a third of that,
//! and one allocation to decode from the index cache instead of a dozen.
//!
//! The bytes are, for each field in file order, the pair of its name and its value's
//! bytes (the value in postcard), itself in postcard: a length and the UTF-8 name, a
//! length and the value, so a field is found by its name without decoding a value. Reading them never
//! panics: bytes that do not decode (only a damaged cache could give them, and its
//! checksum refuses that first) end the fields there.

use std::fmt;

use super::field_value::{FieldValue, Fields};

/// A post's front matter fields in file order, unknown ones kept (see the module notes).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct StoredFields {
    bytes: Box<[u8]>,
}

impl StoredFields {
    /// `fields`, packed.
    pub fn new(fields: &Fields) -> StoredFields {
        let mut bytes = Vec::new();
        // One buffer for every value, not an allocation each (every post is packed).
        let mut value = Vec::new();
        for (name, v) in fields.iter() {
            value.clear();
            // Writing to a Vec fails only when memory does, which aborts anyway.
            value = postcard::to_extend(v, value).unwrap_or_default();
            bytes = postcard::to_extend(&(name, value.as_slice()), bytes).unwrap_or_default();
        }
        StoredFields {
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// The value of field `name`, if present (the first, as YAML keys are unique).
    pub fn get(&self, name: &str) -> Option<FieldValue> {
        self.raw()
            .find(|(n, _)| *n == name)
            .and_then(|(_, bytes)| decode(bytes))
    }

    /// Every field in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, FieldValue)> {
        self.raw()
            .map_while(|(name, bytes)| Some((name, decode(bytes)?)))
    }

    /// Every field's name, in file order (nothing is decoded).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.raw().map(|(name, _)| name)
    }

    /// No fields at all.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Each field's name and its value's bytes.
    fn raw(&self) -> Raw<'_> {
        Raw { rest: &self.bytes }
    }
}

/// The fields of packed bytes, one at a time (see the module notes).
struct Raw<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Raw<'a> {
    type Item = (&'a str, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        // Borrowed from the bytes: nothing is allocated to find a field.
        let Ok((field, rest)) = postcard::take_from_bytes::<(&str, &[u8])>(self.rest) else {
            self.rest = &[];
            return None;
        };
        self.rest = rest;
        Some(field)
    }
}

fn decode(bytes: &[u8]) -> Option<FieldValue> {
    postcard::from_bytes(bytes).ok()
}

impl fmt::Debug for StoredFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl serde::Serialize for StoredFields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for StoredFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = StoredFields;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("packed front matter fields")
            }

            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<StoredFields, E> {
                Ok(StoredFields { bytes: v.into() })
            }

            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<StoredFields, E> {
                Ok(StoredFields {
                    bytes: v.into_boxed_slice(),
                })
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Fields {
        Fields(vec![
            (
                "title".into(),
                FieldValue::Text("A post: with \u{e9}".into()),
            ),
            ("date".into(), FieldValue::Text("2024-01-02".into())),
            ("draft".into(), FieldValue::Bool(true)),
            ("weight".into(), FieldValue::Number("3".into())),
            ("empty".into(), FieldValue::Null),
            (
                "tags".into(),
                FieldValue::List(vec![
                    FieldValue::Text("post".into()),
                    FieldValue::Text("x".repeat(300)),
                ]),
            ),
            (
                "extra".into(),
                FieldValue::Map(vec![("k".into(), FieldValue::Text("v".into()))]),
            ),
        ])
    }

    #[test]
    fn stored_fields_give_back_every_field_in_order() {
        let fields = sample();
        let stored = StoredFields::new(&fields);
        let back: Vec<(String, FieldValue)> = stored
            .iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        assert_eq!(back, fields.0);
        assert_eq!(
            stored.names().collect::<Vec<_>>(),
            ["title", "date", "draft", "weight", "empty", "tags", "extra"]
        );
        assert_eq!(stored.get("draft"), Some(FieldValue::Bool(true)));
        assert_eq!(stored.get("tags"), fields.get("tags").cloned());
        assert_eq!(stored.get("nope"), None);
        assert!(!stored.is_empty() && StoredFields::new(&Fields::default()).is_empty());
    }

    /// In the index cache: the same fields after a round trip through postcard.
    #[test]
    fn stored_fields_survive_the_cache() {
        let stored = StoredFields::new(&sample());
        let bytes = postcard::to_stdvec(&stored).expect("encode");
        let back: StoredFields = postcard::from_bytes(&bytes).expect("decode");
        assert_eq!(back, stored);
        assert_eq!(back.get("weight"), Some(FieldValue::Number("3".into())));
    }

    fn value() -> impl proptest::strategy::Strategy<Value = FieldValue> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(FieldValue::Null),
            any::<bool>().prop_map(FieldValue::Bool),
            "[0-9.eE+-]{0,8}".prop_map(FieldValue::Number),
            any::<String>().prop_map(FieldValue::Text),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(FieldValue::List),
                proptest::collection::vec((any::<String>(), inner), 0..4).prop_map(FieldValue::Map),
            ]
        })
    }

    proptest::proptest! {
        /// Any fields (any names, any values, nested) come back as they went in, and each
        /// by its name.
        #[test]
        fn stored_fields_round_trip_any_fields(
            entries in proptest::collection::vec((".{0,12}", value()), 0..6)
        ) {
            let fields = Fields(entries);
            let stored = StoredFields::new(&fields);
            let back: Vec<(String, FieldValue)> =
                stored.iter().map(|(n, v)| (n.to_owned(), v)).collect();
            proptest::prop_assert_eq!(&back, &fields.0);
            for (name, _) in &fields.0 {
                // The first field of a name, as `Fields::get` gives it.
                proptest::prop_assert_eq!(stored.get(name), fields.get(name).cloned());
            }
        }
    }

    /// Damaged bytes end the fields where they stop decoding; nothing panics.
    #[test]
    fn stored_fields_damaged_bytes_end_the_fields() {
        let good = StoredFields::new(&sample());
        for cut in 0..good.bytes.len() {
            let cut = StoredFields {
                bytes: good.bytes[..cut].into(),
            };
            assert!(cut.iter().count() < 7);
            let _ = cut.get("extra");
        }
        let mut flipped = good.bytes.to_vec();
        for i in 0..flipped.len() {
            flipped[i] ^= 0xff;
            let bad = StoredFields {
                bytes: flipped.clone().into(),
            };
            let _ = (bad.iter().count(), bad.get("tags"), format!("{bad:?}"));
            flipped[i] ^= 0xff;
        }
        let endless = StoredFields {
            bytes: vec![0x80; 12].into(),
        };
        assert_eq!(endless.raw().count(), 0, "a length that never ends");
    }
}
