//! Fuzz link resolution: no target makes the resolver look outside the content root.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/props/mod.rs"]
mod props;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (String, String)| {
    let (from_path, target) = input;
    if let Err(e) = props::resolve_stays_inside(&from_path, &target) {
        panic!("{e}");
    }
});
