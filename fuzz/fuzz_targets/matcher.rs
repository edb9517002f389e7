#![no_main]
//! cargo-fuzz target; the property is `checks::matcher`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::matcher(data));
