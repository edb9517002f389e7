//! The read stage: command-line inputs into [`Document`]s.
//!
//! An input ([`Input`]) is a file, a folder, or `-` for standard input.
//!
//! # Formats
//!
//! - **Plain text** (`.txt`, `.md`): the whole file is one document whose
//!   `id` is its path as given on the command line or as found in a folder
//!   (`reports/2024/a.txt`). A plain-text document may be at most
//!   [`MAX_DOCUMENT_BYTES`] (64 MiB); a larger file is reported, not read.
//! - **JSON Lines** (`.jsonl`): one JSON object per line, read line by line
//!   so that a file of any size streams through. Blank lines are skipped.
//!   Each object has the fields
//!
//!   | field | type | |
//!   |---|---|---|
//!   | `id` | string, or integer (taken as its decimal string) | required, not blank |
//!   | `text` | string | required |
//!   | `date` | string, ISO 8601 date or date-time: `YYYY-MM-DD`, optionally followed by `T` or a space and a time | optional |
//!   | `title` | string | optional |
//!   | `source` | string; when absent, `url` is used | optional |
//!
//!   Optional fields that are absent, `null` or blank are `None`; other
//!   fields are ignored. A line may be at most [`MAX_DOCUMENT_BYTES`].
//! - **JSON** (`.json`): JSON Lines, or one JSON object spread over several
//!   lines (pretty-printed). Which one is decided by the first non-blank
//!   line: if it is incomplete JSON (such as a lone `{`), the whole file is
//!   one object (at most [`MAX_DOCUMENT_BYTES`]); otherwise the file is read
//!   as JSON Lines. A top-level array is rejected.
//! - **Standard input**, and a file given explicitly whose extension is none
//!   of the above, is JSON (as for `.json`) when its first character that is
//!   not whitespace is `{`, and plain text otherwise. Standard input's
//!   plain-text document has the id `-`.
//!
//! All text is UTF-8; a leading byte order mark is dropped, so spans in
//! later stages are byte offsets into the text after it.
//!
//! # Folders
//!
//! Folders are walked recursively. Within each folder, entries are visited in
//! byte order of their names (so the order is the same on every machine and
//! run), and a subfolder's files come at its place in that order. Files and
//! folders whose name starts with `.` are skipped silently (version control
//! and editor files). Files with other extensions (matched
//! case-insensitively) and symbolic links to folders (which could loop) are
//! skipped and reported as errors, so that a folder of files eventmap
//! cannot read does not pass for an empty one; symbolic links to files are
//! followed, and one that dangles or loops is reported.
//!
//! # Errors
//!
//! Problems of the input are reported through a callback, counted, and
//! reading goes on with the next line or file: a path that does not exist,
//! I/O errors, invalid UTF-8 ([`Error::InvalidInput`] with line and byte
//! offset), binary data (a NUL byte, or more than 10 % control characters),
//! UTF-16, an empty or whitespace-only file, a file over the size cap, a
//! JSON Lines line that is not a valid document ([`Error::Parse`] with the
//! line and what is wrong), and a duplicate id. Ids must be unique across
//! everything one [`read_inputs`] call reads: a later document with an id
//! already seen is reported and dropped, the first one is kept. The ids seen
//! are kept as 64-bit hashes with the run's random keys (16 bytes a document
//! with where it was, not the id itself), so that a long run's memory grows
//! by little; two different ids share a hash with a probability of about
//! one in 10^19 a pair (some 3 in 10^8 for a million documents). A NUL byte
//! in a JSON Lines file (such as a zero-filled tail after a crash) stops
//! reading that file with one error rather than one per line.

mod decode;
mod json;

use std::collections::hash_map::{Entry, RandomState};
use std::fs;
use std::hash::BuildHasher;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::escape_for_message;
use crate::{Error, Result};

use decode::Line;

/// The most bytes one plain-text document, one JSON object or one JSON Lines
/// line may have: 64 MiB, far above any article, low enough that a file
/// read by mistake cannot exhaust memory.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// How many characters of an offending id an error message echoes.
const ECHO_CHARS: usize = 60;

/// One article to analyse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Unique within one read: the path of a plain-text file (`-` for
    /// standard input) or the `id` field of a JSON document.
    pub id: String,
    /// The full text, UTF-8 without a byte order mark.
    pub text: String,
    /// Publication date as written in the input: ISO 8601, `YYYY-MM-DD`
    /// optionally followed by a time.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Where the article came from: the `source` field, else the `url` field.
    pub source: Option<String>,
}

/// An input as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// `-`: standard input.
    Stdin,
    /// A file or a folder.
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// What [`read_inputs`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Files (and standard input) opened, whether or not they held good
    /// documents. Skipped files are not counted.
    pub files: usize,
    /// Documents passed to `on_document`.
    pub documents: usize,
    /// Errors passed to `on_error`.
    pub errors: usize,
}

/// Reads every input, calling `on_document` for each document in order and
/// `on_error` for each bad file or line (which is counted, and reading goes
/// on with the next file/line). Returns counts.
///
/// An error returned by `on_document` stops reading and is returned. A path
/// given in `inputs` that does not exist goes to `on_error` like any other
/// bad input. Formats, folder order and errors are described in the
/// [module documentation](self).
pub fn read_inputs(
    inputs: &[Input],
    on_document: &mut dyn FnMut(Document) -> Result<()>,
    on_error: &mut dyn FnMut(Error),
) -> Result<ReadSummary> {
    let mut reader = Reader::new(on_document, on_error, MAX_DOCUMENT_BYTES);
    for input in inputs {
        reader.read_input(input)?;
    }
    Ok(reader.summary)
}

/// The document of one JSON object with the fields of a JSON Lines record
/// (see the [module documentation](self)), checked as a JSON Lines line is;
/// the error is the message an input error would carry. For callers that
/// get records from elsewhere (the Python package).
pub fn document_from_json(value: serde_json::Value) -> Result<Document, String> {
    json::document_from_value(value)
}

/// How a file's contents are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    JsonLines,
    /// JSON Lines or one multi-line object.
    Json,
    /// JSON if the first non-space character is `{`, else plain text.
    Sniff,
}

impl Format {
    /// The format of a file with this name, `None` for other extensions.
    fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" => Some(Format::Text),
            "jsonl" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Where a document id was first seen, for the duplicate message: two
/// 32-bit numbers, as there is one for every document read.
#[derive(Debug, Clone, Copy)]
struct Seen {
    /// Index into `Reader::files`, or [`Seen::ID_IS_PATH`].
    file: u32,
    /// The line, from 1; 0 when there is none or it does not fit.
    line: u32,
}

impl Seen {
    /// The document's id is its file's path (a plain-text file), so the
    /// path need not be kept: a folder of a million articles adds no list
    /// of a million paths.
    const ID_IS_PATH: u32 = u32::MAX;
}

/// Where a JSON Lines reader starts when the lines before were read by
/// someone else: after `line` lines and `offset` bytes.
#[derive(Debug, Default, Clone, Copy)]
struct Resume {
    line: usize,
    offset: u64,
    /// Whether a non-blank line was among them (an all-blank file is reported).
    saw_object: bool,
}

/// The state of one [`read_inputs`] call. Methods return `Err` only for
/// errors of `on_document`, which end the whole read; problems of the input
/// go to [`Reader::report`].
struct Reader<'a> {
    on_document: &'a mut dyn FnMut(Document) -> Result<()>,
    on_error: &'a mut dyn FnMut(Error),
    max_bytes: usize,
    summary: ReadSummary,
    /// The files whose documents `seen` names by index: those with a
    /// document whose id is not the file's path.
    files: Vec<PathBuf>,
    /// Whether the file being read is the last of `files`.
    file_listed: bool,
    /// Hashes the ids for `seen`, with keys drawn for this run.
    id_hasher: RandomState,
    /// The hash of every id passed on, and where it was. The key is already
    /// a hash, so the table hashes it again with FxHash, the cheapest.
    seen: FxHashMap<u64, Seen>,
}

impl<'a> Reader<'a> {
    fn new(
        on_document: &'a mut dyn FnMut(Document) -> Result<()>,
        on_error: &'a mut dyn FnMut(Error),
        max_bytes: usize,
    ) -> Self {
        Reader {
            on_document,
            on_error,
            max_bytes,
            summary: ReadSummary::default(),
            files: Vec::new(),
            file_listed: false,
            id_hasher: RandomState::new(),
            seen: FxHashMap::default(),
        }
    }

    fn report(&mut self, error: Error) {
        self.summary.errors += 1;
        (self.on_error)(error);
    }

    fn invalid(&mut self, path: &Path, message: String) {
        self.report(Error::InvalidInput {
            path: path.to_path_buf(),
            message,
        });
    }

    fn read_input(&mut self, input: &Input) -> Result<()> {
        match input {
            Input::Stdin => {
                let stdin = io::stdin();
                let mut lock = stdin.lock();
                self.read_stream(Path::new("-"), Format::Sniff, &mut lock)
            }
            Input::Path(path) => match fs::metadata(path) {
                Err(e) => {
                    self.report(Error::io(path, e));
                    Ok(())
                }
                Ok(meta) if meta.is_dir() => self.read_dir(path),
                Ok(_) => {
                    let format = Format::of_path(path).unwrap_or(Format::Sniff);
                    self.read_file(path, format)
                }
            },
        }
    }

    fn read_dir(&mut self, dir: &Path) -> Result<()> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.report(Error::io(dir, e));
                return Ok(());
            }
        };
        let mut children = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => children.push(entry),
                Err(e) => self.report(Error::io(dir, e)),
            }
        }
        children.sort_by_key(|entry| entry.file_name());
        for entry in children {
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    self.report(Error::io(&path, e));
                    continue;
                }
            };
            if file_type.is_dir() {
                self.read_dir(&path)?;
                continue;
            }
            let is_file = file_type.is_file() || (file_type.is_symlink() && path.is_file());
            if !is_file {
                if file_type.is_symlink() && path.is_dir() {
                    let message = "skipped: a symbolic link to a folder (not followed)";
                    self.invalid(&path, message.to_string());
                } else if file_type.is_symlink() {
                    // A dangling or looping link: its target's error says which.
                    match fs::metadata(&path) {
                        Err(e) => self.report(Error::io(&path, e)),
                        Ok(_) => self.invalid(&path, "skipped: not a regular file".to_string()),
                    }
                }
                continue;
            }
            let Some(format) = Format::of_path(&path) else {
                let message = "skipped: not a .txt, .md, .jsonl or .json file";
                self.invalid(&path, message.to_string());
                continue;
            };
            self.read_file(&path, format)?;
        }
        Ok(())
    }

    fn read_file(&mut self, path: &Path, format: Format) -> Result<()> {
        match fs::File::open(path) {
            Ok(file) => self.read_stream(path, format, &mut BufReader::new(file)),
            Err(e) => {
                self.summary.files += 1;
                self.report(Error::io(path, e));
                Ok(())
            }
        }
    }

    /// Reads one file or standard input, named `path` in ids and messages.
    fn read_stream(&mut self, path: &Path, format: Format, reader: &mut dyn BufRead) -> Result<()> {
        self.summary.files += 1;
        self.file_listed = false;
        match format {
            Format::Text => self.read_text(path, reader),
            Format::JsonLines => self.read_json_lines(path, reader, Resume::default()),
            Format::Json => self.read_json(path, reader),
            Format::Sniff => {
                let (prefix, first) = match self.first_significant_byte(reader) {
                    Ok(found) => found,
                    Err(e) => {
                        self.report(Error::io(path, e));
                        return Ok(());
                    }
                };
                let mut whole = Cursor::new(prefix).chain(reader);
                if first == Some(b'{') {
                    self.read_json(path, &mut whole)
                } else {
                    self.read_text(path, &mut whole)
                }
            }
        }
    }

    /// Consumes a byte order mark and whitespace, and the byte after them.
    /// Returns the bytes consumed (to be read again) and that byte.
    fn first_significant_byte(
        &self,
        reader: &mut dyn BufRead,
    ) -> io::Result<(Vec<u8>, Option<u8>)> {
        let mut prefix = Vec::new();
        let mut byte = [0u8; 1];
        // Byte by byte is fine: only leading whitespace is read this way.
        while prefix.len() <= self.max_bytes {
            if reader.read(&mut byte)? == 0 {
                return Ok((prefix, None));
            }
            prefix.push(byte[0]);
            let in_bom = decode::UTF8_BOM.starts_with(&prefix);
            if !in_bom && !byte[0].is_ascii_whitespace() {
                return Ok((prefix, Some(byte[0])));
            }
        }
        Ok((prefix, None))
    }

    /// Reads all of `reader` as one document's text, up to the size limit.
    /// Problems are reported (`what` and `hint` word the size error) and give
    /// `None`.
    fn read_whole(
        &mut self,
        path: &Path,
        reader: &mut dyn BufRead,
        what: &str,
        hint: &str,
    ) -> Option<String> {
        let bytes = match decode::read_capped(reader, self.max_bytes) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                let message = format!(
                    "{what} larger than {} bytes, the limit for one document: {hint}",
                    self.max_bytes
                );
                self.invalid(path, message);
                return None;
            }
            Err(e) => {
                self.report(Error::io(path, e));
                return None;
            }
        };
        self.check_text(path, bytes)
    }

    fn read_text(&mut self, path: &Path, reader: &mut dyn BufRead) -> Result<()> {
        let Some(text) = self.read_whole(path, reader, "plain text", "split it or use JSON Lines")
        else {
            return Ok(());
        };
        if text.trim().is_empty() {
            self.invalid(path, "no text: the file holds only whitespace".to_string());
            return Ok(());
        }
        let document = Document {
            id: path.to_string_lossy().into_owned(),
            text,
            date: None,
            title: None,
            source: None,
        };
        self.emit(path, None, document)
    }

    /// The index in `files` of `path`, the file being read.
    fn file_index(&mut self, path: &Path) -> u32 {
        if !self.file_listed {
            self.files.push(path.to_path_buf());
            self.file_listed = true;
        }
        // Fewer than 2^32 - 1 files is a bound no run reaches; past it the
        // message would name the wrong file, which is all that could go wrong.
        u32::try_from(self.files.len() - 1)
            .unwrap_or(Seen::ID_IS_PATH - 1)
            .min(Seen::ID_IS_PATH - 1)
    }

    /// Turns the whole contents of a file into text, reporting an empty
    /// file, UTF-16, binary data and invalid UTF-8.
    fn check_text(&mut self, path: &Path, bytes: Vec<u8>) -> Option<String> {
        if bytes.is_empty() {
            self.invalid(path, "empty file".to_string());
            return None;
        }
        let problem = decode::utf16_message(&bytes).or_else(|| {
            let (rest, offset) = decode::strip_bom(&bytes);
            decode::binary_message(rest, offset)
        });
        if let Some(message) = problem {
            self.invalid(path, message);
            return None;
        }
        let (rest, offset) = decode::strip_bom(&bytes);
        let rest = rest.to_vec();
        match decode::decode_utf8(rest, offset, 1) {
            Ok(text) => Some(text),
            Err(message) => {
                self.invalid(path, message);
                None
            }
        }
    }

    /// Reads a `.json` file: JSON Lines, or one object over several lines.
    fn read_json(&mut self, path: &Path, reader: &mut dyn BufRead) -> Result<()> {
        // The lines up to the first non-blank one are kept to be read again.
        let mut prefix = Vec::new();
        let mut buf = Vec::new();
        let mut single_object = false;
        loop {
            match decode::read_line_capped(reader, &mut buf, self.max_bytes) {
                Ok((Line::End, _)) => break,
                Ok((Line::TooLong, consumed)) => {
                    // Only the start of the line is in `buf`: it cannot be
                    // read again, so it is reported here, and the file,
                    // too big for one object anyway, goes on as JSON Lines.
                    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
                    self.report(self.too_long(path, line));
                    let resume = Resume {
                        line,
                        offset: prefix.len() as u64 + consumed,
                        saw_object: true,
                    };
                    return self.read_json_lines(path, reader, resume);
                }
                Ok((Line::Read, _)) => {
                    prefix.extend_from_slice(&buf);
                    let (line, _) = decode::strip_bom(&buf);
                    if line.trim_ascii().is_empty() {
                        continue;
                    }
                    single_object = match std::str::from_utf8(line) {
                        Ok(line) => serde_json::from_str::<serde::de::IgnoredAny>(line)
                            .is_err_and(|e| e.is_eof()),
                        Err(_) => false,
                    };
                    break;
                }
                Err(e) => {
                    self.report(Error::io(path, e));
                    return Ok(());
                }
            }
        }
        let mut whole = Cursor::new(prefix).chain(reader);
        if single_object {
            self.read_single_object(path, &mut whole)
        } else {
            self.read_json_lines(path, &mut whole, Resume::default())
        }
    }

    fn read_single_object(&mut self, path: &Path, reader: &mut dyn BufRead) -> Result<()> {
        let Some(text) = self.read_whole(
            path,
            reader,
            "JSON object",
            "write one object per line (JSON Lines)",
        ) else {
            return Ok(());
        };
        let parse_error = |line: usize, message: String| Error::Parse {
            path: path.to_path_buf(),
            line,
            message,
        };
        let value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => {
                self.report(parse_error(e.line(), json::json_error_message(&e, true)));
                return Ok(());
            }
        };
        // Field errors are reported at the line where the object starts.
        let start = text.trim_start();
        let line = 1 + text[..text.len() - start.len()].matches('\n').count();
        match json::document_from_value(value) {
            Ok(document) => self.emit(path, Some(line), document),
            Err(message) => {
                self.report(parse_error(line, message));
                Ok(())
            }
        }
    }

    fn too_long(&self, path: &Path, line: usize) -> Error {
        Error::Parse {
            path: path.to_path_buf(),
            line,
            message: format!(
                "line longer than {} bytes, the limit for one document",
                self.max_bytes
            ),
        }
    }

    /// Reads JSON Lines from `reader`, which starts after what `resume`
    /// says was already read.
    fn read_json_lines(
        &mut self,
        path: &Path,
        reader: &mut dyn BufRead,
        resume: Resume,
    ) -> Result<()> {
        let mut buf = Vec::new();
        let Resume {
            line: mut line_no,
            mut offset,
            mut saw_object,
        } = resume;
        loop {
            let (status, consumed) =
                match decode::read_line_capped(reader, &mut buf, self.max_bytes) {
                    Ok(read) => read,
                    Err(e) => {
                        self.report(Error::io(path, e));
                        return Ok(());
                    }
                };
            if status == Line::End {
                break;
            }
            line_no += 1;
            let mut start = offset;
            offset += consumed;
            if status == Line::TooLong {
                saw_object = true;
                self.report(self.too_long(path, line_no));
                continue;
            }
            let mut bytes = buf.as_slice();
            if line_no == 1 {
                if let Some(message) = decode::utf16_message(bytes) {
                    self.invalid(path, message);
                    return Ok(());
                }
                let (rest, bom) = decode::strip_bom(bytes);
                bytes = rest;
                start += bom;
            }
            if let Some(message) = decode::binary_message(bytes, start) {
                self.invalid(path, format!("line {line_no}: {message}"));
                return Ok(());
            }
            if bytes.trim_ascii().is_empty() {
                continue;
            }
            saw_object = true;
            let line = match std::str::from_utf8(bytes) {
                Ok(line) => line,
                Err(e) => {
                    let message = format!(
                        "invalid UTF-8 at line {line_no}, byte offset {}",
                        start + e.valid_up_to() as u64
                    );
                    self.invalid(path, message);
                    continue;
                }
            };
            match json::document_from_line(line) {
                Ok(document) => self.emit(path, Some(line_no), document)?,
                Err(message) => self.report(Error::Parse {
                    path: path.to_path_buf(),
                    line: line_no,
                    message,
                }),
            }
        }
        if !saw_object {
            let message = if offset == 0 {
                "empty file"
            } else {
                "no JSON objects: the file holds only blank lines"
            };
            self.invalid(path, message.to_string());
        }
        Ok(())
    }

    /// Passes `document` on, unless its id was seen before.
    fn emit(&mut self, path: &Path, line: Option<usize>, document: Document) -> Result<()> {
        let id = self.id_hasher.hash_one(document.id.as_str());
        // Where the document is, should its id come again. A file is listed
        // once for all its documents, and only when its path is not the id.
        let file = if path.to_string_lossy() == document.id {
            Seen::ID_IS_PATH
        } else {
            self.file_index(path)
        };
        match self.seen.entry(id) {
            Entry::Occupied(first) => {
                let first = *first.get();
                let first_file = match first.file {
                    Seen::ID_IS_PATH => document.id.clone(),
                    i => self.files[i as usize].display().to_string(),
                };
                let mut message = format!(
                    "duplicate id \"{}\" (first seen in {first_file}",
                    escape_for_message(&document.id, ECHO_CHARS),
                );
                if first.line != 0 {
                    message.push_str(&format!(" line {}", first.line));
                }
                message.push(')');
                let error = match line {
                    Some(line) => Error::Parse {
                        path: path.to_path_buf(),
                        line,
                        message,
                    },
                    None => Error::InvalidInput {
                        path: path.to_path_buf(),
                        message,
                    },
                };
                self.report(error);
                Ok(())
            }
            Entry::Vacant(slot) => {
                slot.insert(Seen {
                    file,
                    line: line.and_then(|l| u32::try_from(l).ok()).unwrap_or(0),
                });
                self.summary.documents += 1;
                (self.on_document)(document)
            }
        }
    }
}

#[cfg(test)]
mod tests;
