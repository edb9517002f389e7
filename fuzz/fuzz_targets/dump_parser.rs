#![no_main]
//! cargo-fuzz target; the property is `checks::dump_parser`.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::dump_parser(data));
