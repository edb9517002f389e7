//! Provisional reader (replaced by the full read stage).
use std::path::PathBuf;

/// A document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Date.
    pub date: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Source.
    pub source: Option<String>,
}

/// An input.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Stdin.
    Stdin,
    /// A path.
    Path(PathBuf),
}

impl Input {
    /// Parses an argument.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Counts.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// Files.
    pub files: usize,
    /// Documents.
    pub documents: usize,
    /// Errors.
    pub errors: usize,
}

/// Reads inputs.
pub fn read_inputs(
    inputs: &[Input],
    on_document: &mut dyn FnMut(Document) -> crate::Result<()>,
    _on_error: &mut dyn FnMut(crate::Error),
) -> crate::Result<ReadSummary> {
    let mut summary = ReadSummary::default();
    for input in inputs {
        let Input::Path(path) = input else { continue };
        let text = std::fs::read_to_string(path).map_err(|e| crate::Error::io(path, e))?;
        summary.files += 1;
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                summary.documents += 1;
                on_document(Document {
                    id: v["id"].as_str().unwrap().to_string(),
                    text: v["text"].as_str().unwrap().to_string(),
                    date: v["date"].as_str().map(str::to_string),
                    title: None,
                    source: v["source"].as_str().map(str::to_string),
                })?;
            }
        } else {
            summary.documents += 1;
            on_document(Document {
                id: path.display().to_string(),
                text,
                date: None,
                title: None,
                source: None,
            })?;
        }
    }
    Ok(summary)
}
