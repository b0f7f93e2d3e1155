//! Tests of the quick front matter reading: wherever it answers, it answers as the YAML
//! crate does for the listed fields; where it cannot be sure, it gives up.

use super::*;
use crate::core::front_matter;

/// The listed fields the YAML crate reads from `yaml`, or `None` when it fails.
fn full(yaml: &str) -> Option<Fields> {
    let fields = front_matter::parse_by_yaml_crate(yaml).ok()?;
    Some(Fields(
        fields
            .0
            .into_iter()
            .filter(|(k, _)| LISTED_FIELDS.contains(&k.as_str()))
            .collect(),
    ))
}

/// `quick` agrees with the YAML crate on `yaml`: same listed fields, or it gave up; and
/// the same for every field, in their order.
fn agrees(yaml: &str) -> bool {
    let all_agree = match all_fields(yaml) {
        None => true,
        Some(quick) => front_matter::parse_by_yaml_crate(yaml).is_ok_and(|f| f == quick),
    };
    all_agree && listed_agree(yaml)
}

/// `quick` agrees with the YAML crate on `yaml`'s listed fields, or it gave up.
fn listed_agree(yaml: &str) -> bool {
    match listed_fields(yaml) {
        None => true,
        Some(quick) => full(yaml).is_some_and(|f| {
            let mut a = quick.0.clone();
            let mut b = f.0.clone();
            a.sort_by(|x, y| x.0.cmp(&y.0));
            b.sort_by(|x, y| x.0.cmp(&y.0));
            a == b
        }),
    }
}

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_owned())
}

/// The common shapes of real front matter are read quickly, and right.
#[test]
fn quick_reads_plain_front_matter() {
    let yaml = "title: \"Don't panic: a guide\"\ndate: 2024-01-05\ntags: [post, 'Auto''mation', \"x y\"]\n\
                image: /img/a.png # the hero\nslug: guide\nlayout: post\nweight: 10\n\
                description: >\n  Folded text\n  over lines\nauthors:\n  - ann\n  - bob\nextra:\n  nested: 1\n";
    let fields = listed_fields(yaml).expect("plain enough");
    assert_eq!(fields.get("title"), Some(&text("Don't panic: a guide")));
    assert_eq!(fields.get("date"), Some(&text("2024-01-05")));
    assert_eq!(
        fields.get("tags"),
        Some(&FieldValue::List(vec![
            text("post"),
            text("Auto'mation"),
            text("x y")
        ]))
    );
    assert_eq!(fields.get("image"), Some(&text("/img/a.png")));
    assert!(
        fields.get("layout").is_none(),
        "only listed fields are kept"
    );
    assert!(agrees(yaml));
    let block = "title: Plain title with C# in it\ntags:\n- a\n-   b\n- \"c\"\ndate: 2024-01-05 10:00:00 +0100\n";
    let fields = listed_fields(block).expect("plain enough");
    assert_eq!(
        fields.get("title"),
        Some(&text("Plain title with C# in it"))
    );
    assert_eq!(
        fields.get("tags"),
        Some(&FieldValue::List(vec![text("a"), text("b"), text("c")]))
    );
    assert!(agrees(block));
}

/// What the quick reading cannot be sure of is left to the YAML crate.
#[test]
fn quick_gives_up_where_unsure() {
    for yaml in [
        "title: 2019\n",
        "title: 1.5\n",
        "title: 1e5\n",
        "title: 0x1F\n",
        "title: -.inf\n",
        "title: .inf\n",
        "title: Infinity\n",
        "title: \"esc \\\" aped\"\n",
        "title: &a anchored\n",
        "title: *a\n",
        "title: !!str tagged\n",
        "title: wrapped\n  over two lines\n",
        "title: |\n  block\n",
        "title:\n  nested: map\n",
        "title: a\ntitle: b\n",
        "tags: [a, [b]]\n",
        "tags: [a,\n  b]\n",
        "tags: [a, 1]\n",
        "title: key: value\n",
        "\"quoted key\": x\ntitle: t\n",
        "other: \"unclosed\ntitle: t\n",
        "other: a: b\ntitle: t\n",
        "other: \"\\é\"\ntitle: t\n",
        // Characters the crate refuses, or takes as line breaks where `lines` does not.
        "title: \"\u{1b}[1mBold\u{1b}[0m\"\n",
        "title: Hello\r\r\n",
        "title: Wait\u{85} what\n",
        "title: a\u{2028}b\n",
        "title: odd \u{7f}\n",
        "title: noncharacter \u{ffff}\n",
        // `:` in a flow list (`[a:?]` is an error to the crate), and a key too long.
        "tags: [a:?]\n",
        &format!("title: t\n{}: v\n", "k".repeat(1100)),
    ] {
        assert!(listed_fields(yaml).is_none(), "{yaml:?} was read quickly");
        assert!(all_fields(yaml).is_none(), "{yaml:?} was read quickly");
    }
}

/// Every combination of field values agrees with the YAML crate (or gives up).
#[test]
fn quick_agrees_with_the_yaml_crate() {
    let values = [
        "plain text",
        "\"double\"",
        "'it''s'",
        "2024-01-05",
        "2024-01-05T10:00:00Z",
        "123",
        "-1",
        "1.5",
        "true",
        "False",
        "null",
        "~",
        "",
        "[a, b]",
        "[]",
        "[\"a\", 'b c']",
        "[a, 1]",
        "C# rocks",
        "a #comment",
        "\"x\" # c",
        "\"x\"#c",
        "hello: world",
        "&anchor x",
        "yes",
        "No",
        ".5",
        "0x1F",
        "inf",
        "NaN",
        "'unterminated",
        "|\n  block",
        "\n  - a\n  - b",
        "\n- a\n-\n- 'b'",
        "\n  nested: map",
        "wrapped\n  text",
        "[a, ]",
        "-dash",
        "Über",
        "a:b",
        "tab\there",
        "[ a , b ]  # c",
        "18f",
        "1e5",
        "1_000",
        "0b101",
        "+.5",
        "e",
        "-",
        "[18f, 2x]",
        "5.0.1",
        "1-2",
    ];
    let mut answered = 0;
    for title in values {
        for tags in values {
            for other in values {
                let yaml = format!("title: {title}\ntags: {tags}\nother: {other}\n");
                assert!(agrees(&yaml), "disagrees on {yaml:?}");
                answered += usize::from(listed_fields(&yaml).is_some());
            }
        }
    }
    assert!(answered > 1000, "only {answered} read quickly");
}

/// The sample posts' front matter agrees with the YAML crate, and is read quickly.
#[test]
fn quick_agrees_on_sample_posts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-posts");
    let mut quick = 0;
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let block = front_matter::split(&text);
        let yaml = &text[block.yaml.clone()];
        assert!(agrees(yaml), "disagrees on {}", path.display());
        total += 1;
        quick += usize::from(listed_fields(yaml).is_some());
    }
    assert!(total > 5 && quick * 10 >= total * 8, "{quick} of {total}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// Random front matter made of YAML's own punctuation agrees with the YAML crate
    /// wherever it is read quickly.
    #[test]
    fn quick_agrees_on_random_yaml(
        lines in proptest::collection::vec(
            (
                proptest::sample::select(vec![
                    "title", "tags", "date", "slug", "x", "url", "- ", "  ", "    - ", "", "#", "\t",
                    "True", "1", "null", "a.b", "-k", "0x1", ".5", "y-z",
                ]),
                "[a-c0-9eEé \t:\\-\\[\\]{},'\"#|>&*!.~?%@`\\\\+_\r\u{1b}\u{7f}\u{85}\u{9b}\u{2028}\u{feff}]{0,14}",
            ),
            0..6,
        )
    ) {
        let yaml: String = lines
            .iter()
            .map(|(key, value)| {
                if key.is_empty() || key.starts_with([' ', '-', '#']) {
                    format!("{key}{value}\n")
                } else {
                    format!("{key}: {value}\n")
                }
            })
            .collect();
        proptest::prop_assert!(agrees(&yaml), "disagrees on {:?}", yaml);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Any text at all (any characters, any lines) is read or refused without a panic.
    #[test]
    fn quick_never_panics(text in "(\\PC{0,20}\n){0,8}") {
        let _ = listed_fields(&text);
    }
}

proptest::proptest! {
    /// A key is text exactly when the plain-scalar reading reads it as that very text.
    #[test]
    fn text_keys_are_what_plain_reads_as_text(key in "[a-zA-Z0-9_.-]{1,8}|(null|True|FALSE|inf|NaN|0x1|0o7|0b1|1e5|-k|\\.5)") {
        let plain_text = matches!(plain(&key, false), Some((FieldValue::Text(t), "")) if t == key);
        proptest::prop_assert_eq!(text_key(&key), plain_text, "{:?}", key);
    }
}
