//! Fuzz the markdown renderer: the first two bytes choose a width in 1–300, the rest is the
//! body; no panic and no line wider than the width.
#![no_main]

#[allow(dead_code)]
#[path = "../../tests/props/mod.rs"]
mod props;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (width, body) = match data {
        [a, b, rest @ ..] => (1 + usize::from(u16::from_le_bytes([*a, *b])) % 300, rest),
        _ => (80, data),
    };
    let body = String::from_utf8_lossy(body);
    if let Err(e) = props::render_fits(&body, width) {
        panic!("{e}");
    }
});
