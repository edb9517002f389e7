//! Writes the map page for a layers directory:
//! `cargo run --example map -- DIR [OUT] [TITLE] [TILES]`.
//!
//! The browser test (tests/browser/run.sh) uses this until `eventmap map` is wired; it
//! calls the same library function the command does.

use std::path::PathBuf;
use std::process::ExitCode;

use eventmap::map::{MapOptions, write_map};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: map DIR [OUT] [TITLE] [TILES]");
        return ExitCode::from(2);
    };
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("map.html"));
    let mut options = MapOptions::default();
    if let Some(title) = args.next() {
        options.title = title.to_string_lossy().into_owned();
    }
    options.tiles = args.next().map(|t| t.to_string_lossy().into_owned());
    match write_map(&dir, &out, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("map: {err}");
            ExitCode::FAILURE
        }
    }
}
