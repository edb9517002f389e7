#![no_main]
//! cargo-fuzz target; the property is `checks::readers`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::readers(data));
