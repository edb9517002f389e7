//! The one error type of the eventmap library.

use std::path::PathBuf;

/// Everything that can go wrong in the library, with what a user needs to
/// act on it: the path and line of a bad row, the URL and status of a failed
/// download.
///
/// Text echoed from input is escaped with [`escape_for_message`] so that
/// control, bidi and zero-width characters cannot garble a terminal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    ///
    /// The I/O error is part of the message (not a separate `source()`), so
    /// a one-line report says it once.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying I/O error.
        cause: std::io::Error,
    },
    /// A line of a data file (gazetteer table, JSON Lines input) is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        /// The file that holds the line.
        path: PathBuf,
        /// The line number, starting at 1.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// Input that is not text eventmap can read (invalid UTF-8, binary data, empty).
    #[error("{}: {message}", path.display())]
    InvalidInput {
        /// The input file (`-` for standard input).
        path: PathBuf,
        /// What is wrong, with the line or byte offset where it was found.
        message: String,
    },
    /// A gazetteer directory or table is unusable as a whole.
    #[error("gazetteer {}: {message}", path.display())]
    Gazetteer {
        /// The gazetteer directory or file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// An HTTP request failed: the server answered with an error status, or
    /// the connection failed after all retries.
    #[error("{url}: {message}")]
    Http {
        /// The URL requested.
        url: String,
        /// The status line or transport error.
        message: String,
    },
    /// Downloaded or supplied data failed verification.
    #[error("{source_name}: {message}")]
    Verify {
        /// The file or URL the data came from.
        source_name: String,
        /// What failed.
        message: String,
    },
    /// A command-line value the library was asked to use is invalid.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An [`Error::Io`] for `path`.
    ///
    /// The `tempfile` crate appends `at path "<dir>/.tmpXXXX"` to its
    /// errors; that name means nothing to the user (the file never existed
    /// for them), so it is cut: the message names `path`, the file or
    /// folder the user gave.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let cause = match source.get_ref().map(ToString::to_string) {
            Some(message) if message.contains(" at path ") => {
                let cut = message.find(" at path ").unwrap_or(message.len());
                std::io::Error::new(source.kind(), message[..cut].to_string())
            }
            _ => source,
        };
        Error::Io {
            path: path.into(),
            cause,
        }
    }
}

/// Escapes control, bidi-override and zero-width characters in `text` (as
/// `\u{...}`) and truncates it to `max_chars`, for echoing input in a
/// one-line error message.
pub fn escape_for_message(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max_chars {
            out.push('…');
            break;
        }
        let invisible = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if invisible {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_name_the_users_path_not_a_temporary_file() {
        let dir = tempfile::Builder::new()
            .prefix("user-dir")
            .tempdir()
            .unwrap();
        let missing = dir.path().join("missing");
        let err = tempfile::NamedTempFile::new_in(&missing).unwrap_err();
        assert!(err.to_string().contains("at path"), "{err}");
        let message = Error::io(&missing, err).to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(!message.contains("at path"), "{message}");
        assert!(message.contains("No such file"), "{message}");
    }

    #[test]
    fn escapes_invisible_characters() {
        let cases = [
            ("plain", "plain"),
            ("a\nb", "a\\u{a}b"),
            ("rtl\u{202E}x", "rtl\\u{202e}x"),
            ("zw\u{200B}j", "zw\\u{200b}j"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_for_message(input, 100), want, "{input:?}");
        }
        assert_eq!(escape_for_message("abcdef", 3), "abc…");
    }
}
