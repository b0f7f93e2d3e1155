//! Fuzz `front_matter::split` and `parse`: any text splits into parts that join back to it.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/props/mod.rs"]
mod props;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = props::split_joins_back(&text) {
        panic!("{e}");
    }
});
