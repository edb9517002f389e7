//! Name and text normalization for matching.
//!
//! Gazetteer names and document text are folded the same way so that
//! `Hoeryŏng`, `HOERYONG` and `Hoeryong` meet: Unicode NFKC, lower case,
//! diacritics removed (ŏ → o, ŭ → u), apostrophes removed (`P'yŏngyang`,
//! `Ji’an`), hyphens folded to spaces and runs of whitespace collapsed.
//! Hangul syllables pass through unchanged (they carry no case or marks).
//!
//! [`FoldedText`] folds a whole document and keeps, for every byte of the
//! folded text, the byte range of the original character it came from, so a
//! match in folded text maps back to a span of the original UTF-8 text.

pub mod pinyin;
pub mod romanize;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// True for the apostrophe-like characters that romanizations use inside
/// names (`P'yŏngyang`, `Ji’an`, `Ch‘ŏngjin`) and that folding removes.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '\u{00B4}'
    )
}

/// True when `rest` (the text after an apostrophe) is a possessive `s`:
/// an `s` not followed by a letter or digit.
fn is_possessive(rest: &str) -> bool {
    let mut chars = rest.chars();
    matches!(chars.next(), Some('s' | 'S')) && !chars.next().is_some_and(char::is_alphanumeric)
}

/// True for hyphens and dashes, which folding turns into a space.
pub fn is_hyphen(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// True for a default-ignorable code point (Unicode's
/// `Default_Ignorable_Code_Point`, DerivedCoreProperties.txt): zero-width
/// space, joiners and non-joiners, soft hyphen, byte order mark, bidi
/// controls, variation selectors, Hangul fillers, tags. They render as
/// nothing, so "Hoe\u{200B}ryong" must match like "Hoeryong"; folding
/// drops them and the offset map still points into the original text.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// True for a precomposed Hangul syllable (U+AC00..U+D7A3).
pub fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Appends the folded form of one character to `out`: NFKC, lower case,
/// combining marks removed. Apostrophes, hyphens and whitespace are the
/// caller's business.
fn push_folded_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_hangul_syllable(c) {
        out.push(c);
        return;
    }
    // The Unicode iterators cost far more than a lookup, and a document
    // repeats its few other characters (quotes, dashes, accented letters):
    // each thread folds each such character once.
    thread_local! {
        static FOLDED: std::cell::RefCell<FxHashMap<char, Box<str>>> =
            std::cell::RefCell::default();
    }
    FOLDED.with_borrow_mut(|folded| {
        out.push_str(folded.entry(c).or_insert_with(|| fold_char_uncached(c)));
    });
}

/// The folded form of one non-ASCII character: see [`push_folded_char`].
fn fold_char_uncached(c: char) -> Box<str> {
    let mut out = String::new();
    for k in std::iter::once(c).nfkc() {
        for l in k.to_lowercase() {
            for d in std::iter::once(l).nfd() {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }
        }
    }
    out.into_boxed_str()
}

/// Where the folding loop reports, for each piece of folded text it
/// appends, the original bytes it came from.
trait OffsetSink {
    /// `added` folded bytes came from the original character at
    /// `start..end`.
    fn char(&mut self, added: usize, start: u32, end: u32);
    /// `len` ASCII bytes (letters, digits, single spaces) were copied from
    /// the original text at `start`, one folded byte per original byte.
    fn ascii_run(&mut self, start: u32, len: u32);
}

/// [`fold`] keeps no offsets.
impl OffsetSink for () {
    fn char(&mut self, _: usize, _: u32, _: u32) {}
    fn ascii_run(&mut self, _: u32, _: u32) {}
}

/// The folding loop shared by [`fold`] and [`FoldedText::new`]: appends the
/// folded form of `original` to `out` and reports to `offsets`, for each
/// piece appended, the original bytes it came from.
fn fold_chars(original: &str, out: &mut String, offsets: &mut impl OffsetSink) {
    let bytes = original.as_bytes();
    let mut pending_space: Option<(u32, u32)> = None;
    let mut pos = 0;
    while pos < bytes.len() {
        if bytes[pos].is_ascii_alphanumeric() {
            // Most of a document is runs of ASCII words with one space
            // between them ("the quick brown fox"): each folds to itself in
            // lower case, byte for byte, so a run is copied and lower-cased
            // as a whole (the general path below gives the same result a
            // character at a time).
            if let Some((s, e)) = pending_space.take()
                && !out.is_empty()
            {
                out.push(' ');
                offsets.char(1, s, e);
            }
            let mut end = pos + 1;
            loop {
                match bytes.get(end) {
                    Some(b) if b.is_ascii_alphanumeric() => end += 1,
                    Some(b' ') if bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                        end += 2;
                    }
                    _ => break,
                }
            }
            let at = out.len();
            out.push_str(&original[pos..end]);
            out[at..].make_ascii_lowercase();
            offsets.ascii_run(pos as u32, (end - pos) as u32);
            pos = end;
            continue;
        }
        let c = original[pos..]
            .chars()
            .next()
            .expect("a character at a boundary");
        let start = pos as u32;
        pos += c.len_utf8();
        let end = pos as u32;
        if c.is_whitespace() || is_hyphen(c) {
            if pending_space.is_none() {
                pending_space = Some((start, end));
            }
            continue;
        }
        if is_apostrophe(c) && is_possessive(&original[pos..]) {
            // "Korea's": the name ends here, so the apostrophe acts as a
            // word boundary; inside a name (P'yŏngyang, Ji’an) it is dropped.
            if pending_space.is_none() {
                pending_space = Some((start, end));
            }
            continue;
        }
        if is_apostrophe(c) || (!c.is_ascii() && (is_combining_mark(c) || is_default_ignorable(c)))
        {
            continue;
        }
        if let Some((s, e)) = pending_space.take()
            && !out.is_empty()
        {
            out.push(' ');
            offsets.char(1, s, e);
        }
        let before = out.len();
        push_folded_char(c, out);
        offsets.char(out.len() - before, start, end);
    }
}

/// Folds a name for comparison: see the module docs. Spaces between words
/// are kept (single spaces, trimmed).
///
/// ```
/// use eventmap::normalize::fold;
/// assert_eq!(fold("Hoeryŏng"), "hoeryong");
/// assert_eq!(fold("P'yŏngan-bukto"), "pyongan bukto");
/// assert_eq!(fold("  North   HAMGYONG "), "north hamgyong");
/// assert_eq!(fold("회령"), "회령");
/// ```
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_chars(name, &mut out, &mut ());
    out
}

/// Folds a name and removes the spaces too: the key of the lookup index, so
/// `Hyesan-si`, `Hyesan si` and `Hyesansi` are one key.
///
/// ```
/// use eventmap::normalize::lookup_key;
/// assert_eq!(lookup_key("Kim Jong Suk"), "kimjongsuk");
/// assert_eq!(lookup_key("Sinŭiju"), "sinuiju");
/// ```
pub fn lookup_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    lookup_key_into(name, &mut key);
    key
}

/// [`lookup_key`] written into `key` (cleared first): indexing millions of
/// names reuses one buffer instead of allocating a key for each.
pub fn lookup_key_into(name: &str, key: &mut String) {
    key.clear();
    if name.is_ascii() {
        // Most names are ASCII: fold them byte by byte (the same result as
        // the general path, an order of magnitude faster on large gazetteers).
        for b in name.bytes() {
            if b.is_ascii_whitespace() || matches!(b, b'-' | b'\'' | b'`') || b.is_ascii_control() {
                continue;
            }
            key.push(b.to_ascii_lowercase() as char);
        }
        return;
    }
    fold_chars(name, key, &mut ());
    key.retain(|c| c != ' ');
}

/// A document folded for matching, with a map back to the original text.
///
/// `text` is the folded text. For every byte `i` of it, the original
/// character it came from spans `orig_start[i]..orig_end[i]` (UTF-8 byte
/// offsets into the original text).
#[derive(Debug, Clone, Default)]
pub struct FoldedText {
    /// The folded text.
    pub text: String,
    orig_start: Vec<u32>,
    orig_end: Vec<u32>,
}

impl FoldedText {
    /// Folds `original`. Whitespace runs (and hyphens) become one space;
    /// leading and trailing whitespace is dropped.
    pub fn new(original: &str) -> FoldedText {
        let mut folded = FoldedText {
            text: String::with_capacity(original.len()),
            orig_start: Vec::with_capacity(original.len()),
            orig_end: Vec::with_capacity(original.len()),
        };
        let mut text = std::mem::take(&mut folded.text);
        fold_chars(original, &mut text, &mut folded);
        folded.text = text;
        folded
    }

    /// The byte offset in the folded text of the first folded character at
    /// or after byte `original` of the original text.
    pub fn folded_offset(&self, original: usize) -> usize {
        self.orig_start
            .partition_point(|&s| (s as usize) < original)
    }

    /// Maps a byte range of the folded text back to the byte range of the
    /// original text it came from. `range` must be non-empty and lie within
    /// the folded text.
    pub fn original_span(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.orig_start[range.start] as usize..self.orig_end[range.end - 1] as usize
    }
}

impl OffsetSink for FoldedText {
    fn char(&mut self, added: usize, start: u32, end: u32) {
        if added == 1 {
            // Most characters: spaces and punctuation.
            self.orig_start.push(start);
            self.orig_end.push(end);
        } else {
            self.orig_start.extend(std::iter::repeat_n(start, added));
            self.orig_end.extend(std::iter::repeat_n(end, added));
        }
    }

    fn ascii_run(&mut self, start: u32, len: u32) {
        self.orig_start.extend(start..start + len);
        self.orig_end.extend(start + 1..start + len + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ignorables_are_dropped_with_offsets_into_the_original() {
        for (original, folded) in [
            ("Hoe\u{200B}ryong", "hoeryong"),
            ("Hye\u{AD}san", "hyesan"),
            ("\u{FEFF}Sinuiju", "sinuiju"),
            ("Ch\u{200D}ongjin\u{200C}", "chongjin"),
            ("회\u{200B}령", "회령"),
            ("\u{200B}", ""),
        ] {
            let f = FoldedText::new(original);
            assert_eq!(f.text, folded, "{original:?}");
            assert_eq!(fold(original), folded, "{original:?}");
            if !folded.is_empty() {
                // The whole folded name maps to the whole original name
                // (minus an ignorable at either end).
                let span = f.original_span(0..f.text.len());
                let trimmed = original.trim_matches(is_default_ignorable);
                assert_eq!(&original[span], trimmed, "{original:?}");
            }
        }
    }

    #[test]
    fn fold_table() {
        let cases = [
            ("diacritics", "Hoeryŏng", "hoeryong"),
            ("upper case", "HOERYONG", "hoeryong"),
            ("revised romanization is kept", "Hoeryeong", "hoeryeong"),
            ("breve u", "Sinŭiju", "sinuiju"),
            ("apostrophe", "P'ohang", "pohang"),
            ("typographic apostrophe", "Ji’an", "jian"),
            ("hyphen to space", "Ryanggang-do", "ryanggang do"),
            ("en dash", "China–North Korea", "china north korea"),
            ("whitespace runs", "North \n Hamgyong", "north hamgyong"),
            ("full-width (NFKC)", "ＰＯＣＨＯＮ", "pochon"),
            ("hangul unchanged", "회령시", "회령시"),
            ("han unchanged", "吉林省", "吉林省"),
            ("combining breve", "Ho\u{306}eryong", "hoeryong"),
            (
                "possessive apostrophe is a boundary",
                "Korea's border",
                "korea s border",
            ),
            (
                "typographic possessive",
                "Ji’an’s crossing",
                "jian s crossing",
            ),
        ];
        for (what, input, want) in cases {
            assert_eq!(fold(input), want, "{what}");
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_folding() {
        for name in [
            "Kim Jong-suk",
            "P'yongyang",
            "HYESAN  si",
            "Ji`an",
            "Tab\tbed",
            "A.B. C",
        ] {
            let mut slow = fold(name);
            slow.retain(|c| c != ' ');
            assert_eq!(lookup_key(name), slow, "{name:?}");
        }
    }

    #[test]
    fn each_space_maps_to_the_first_white_space_of_its_run() {
        let original = "In  Hoeryong city\u{a0}and\u{a0} Musan - now";
        let folded = FoldedText::new(original);
        assert_eq!(folded.text, "in hoeryong city and musan now");
        let spaces: Vec<&str> = folded
            .text
            .match_indices(' ')
            .map(|(i, _)| &original[folded.original_span(i..i + 1)])
            .collect();
        assert_eq!(spaces, [" ", " ", "\u{a0}", "\u{a0}", " "]);
        let at: Vec<usize> = folded
            .text
            .match_indices(' ')
            .map(|(i, _)| folded.original_span(i..i + 1).start)
            .collect();
        assert_eq!(at, [2, 12, 17, 22, 30]);
    }

    #[test]
    fn spans_map_back_to_original_bytes() {
        let original = "In Hoeryŏng, P'yŏngyang–Sinŭiju";
        let folded = FoldedText::new(original);
        assert_eq!(folded.text, "in hoeryong, pyongyang sinuiju");
        for name in ["hoeryong", "pyongyang", "sinuiju"] {
            let at = folded.text.find(name).unwrap();
            let span = folded.original_span(at..at + name.len());
            assert_eq!(fold(&original[span]), name);
        }
        let at = folded.text.find("hoeryong").unwrap();
        assert_eq!(&original[folded.original_span(at..at + 8)], "Hoeryŏng");
    }
}
