//! The `eventmap` command line: parses arguments and calls the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::SUCCESS
}
