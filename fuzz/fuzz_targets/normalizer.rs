#![no_main]
//! cargo-fuzz target; the property is `checks::normalizer`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::normalizer(data));
