//! Fuzz the surgical writer: an edit of nothing is byte-identical; `set_tags` and `retag`
//! write tags that read back as asked and change nothing else; `yaml_scalar` round-trips.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/props/mod.rs"]
mod props;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, Vec<String>)| {
    let (text, tags) = input;
    let checks = [
        props::edit_of_nothing_is_identical(&text),
        props::set_tags_reads_back(&text, &tags),
        match tags.as_slice() {
            [from, to, ..] => props::retag_reads_back(&text, from, Some(to)),
            [from] => props::retag_reads_back(&text, from, None),
            [] => Ok(()),
        },
        tags.first().map_or(Ok(()), |t| props::scalar_reads_back(t)),
    ];
    for check in checks {
        if let Err(e) = check {
            panic!("{e}");
        }
    }
});
