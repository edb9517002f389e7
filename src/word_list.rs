//! Word lists kept in data files beside the code that uses them.
//!
//! Code holds no vocabulary: the stop words, particles, abbreviations and
//! head nouns the stages need live in plain text files (embedded with
//! `include_str!`), one entry per line, with `#` comment lines saying where
//! each group comes from. A file may hold several lists, each opened by a
//! heading line `[name]`; a file without headings is one list. Blank lines
//! and comment lines are skipped, and an entry is trimmed of white space at
//! both ends (an entry may hold inner spaces: "border guard"). An entry
//! whose spaces or punctuation at either end matter is written in double
//! quotes: `" Village"` is the word with its leading space.
//!
//! A [`WordList`] is a `static` that parses its list once, on first use,
//! and then dereferences to a slice of its entries in file order.

use std::ops::Deref;
use std::sync::OnceLock;

/// One list of words from an embedded data file, parsed once on first use.
///
/// ```ignore
/// static PARTICLES: WordList = WordList::section(include_str!("words.txt"), "particles");
/// if PARTICLES.contains(&word) { /* ... */ }
/// ```
pub(crate) struct WordList {
    text: &'static str,
    /// The list's heading (`[name]`), or `None` for a whole file.
    section: Option<&'static str>,
    words: OnceLock<Vec<&'static str>>,
}

impl WordList {
    /// The whole of `text` as one list.
    pub(crate) const fn new(text: &'static str) -> Self {
        WordList {
            text,
            section: None,
            words: OnceLock::new(),
        }
    }

    /// The list under the heading `[name]` in `text`, up to the next heading.
    pub(crate) const fn section(text: &'static str, name: &'static str) -> Self {
        WordList {
            text,
            section: Some(name),
            words: OnceLock::new(),
        }
    }

    /// The entries, in file order.
    ///
    /// # Panics
    ///
    /// When the heading is not in the file: the files are embedded, so
    /// every unit test that uses the list catches a misspelt heading.
    pub(crate) fn words(&self) -> &[&'static str] {
        self.words.get_or_init(|| {
            let words = parse(self.text, self.section);
            assert!(
                words.is_some(),
                "word list [{}] missing from its data file",
                self.section.unwrap_or_default()
            );
            words.unwrap_or_default()
        })
    }
}

impl Deref for WordList {
    type Target = [&'static str];

    fn deref(&self) -> &Self::Target {
        self.words()
    }
}

/// The entries of `text` under heading `section` (all of it when `None`),
/// or `None` when the heading is absent.
fn parse(text: &'static str, section: Option<&str>) -> Option<Vec<&'static str>> {
    let mut inside = section.is_none();
    let mut found = section.is_none();
    let mut words = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = section == Some(name);
            found |= inside;
            continue;
        }
        if inside {
            let quoted = line
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix('"'))
                .filter(|l| !l.is_empty());
            words.push(quoted.unwrap_or(line));
        }
    }
    found.then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# a list of lists\n[first]\n# from somewhere\none\n  two words  \n\n[second]\nthree\n\" and \"\n";

    #[test]
    fn sections_are_read_in_order_without_comments() {
        static FIRST: WordList = WordList::section(TEXT, "first");
        static SECOND: WordList = WordList::section(TEXT, "second");
        assert_eq!(&*FIRST, &["one", "two words"]);
        assert_eq!(&*SECOND, &["three", " and "]);
    }

    #[test]
    fn a_file_without_headings_is_one_list() {
        static ALL: WordList = WordList::new("# comment\nalpha\n\nbeta\n");
        assert_eq!(&*ALL, &["alpha", "beta"]);
    }

    #[test]
    #[should_panic(expected = "word list [third] missing")]
    fn a_missing_heading_is_an_error() {
        static THIRD: WordList = WordList::section(TEXT, "third");
        let _ = THIRD.words();
    }
}
