//! Lookups through romanization: Hangul words whose stem romanizes to a
//! gazetteer name (보천군 → Pochon), bare words after a province in address
//! order, and Latin spelling variants by their phonetic key.

use super::*;

impl Matcher {
    /// Capitalised Latin words (one to three) not matched so far whose
    /// romanization key ([`romanize::phonetic_key`]) equals that of a North
    /// or South Korean name: "Yangkang" for Yanggang, "Ryongampo" for
    /// Yongamp'o, "Baekam" for Paegam.
    pub(super) fn find_phonetic(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        folded: &FoldedText,
        mentions: &mut Vec<Mention>,
    ) {
        let f = folded.text.as_str();
        let words: Vec<(usize, usize)> = latin_words(f);
        let mut covered = Covered::new(mentions.iter().map(|m| &m.span));
        let mut keys = PhoneticKeys::default();
        let mut misses = PhoneticMisses::take(gazetteer);
        let mut i = 0;
        while i < words.len() {
            // What every window starting at word `i` shares, tested once: a
            // capital first (most words are in lower case) and no capitalised
            // word before it (a loose match must be a whole run of
            // capitalised words: "Jong" in "Kim Jong Un" is part of a name).
            // A word a mention covers starts windows that all overlap it.
            let first = folded.original_span(words[i].0..words[i].1);
            if !text[first.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
                || covered.overlaps(&first)
                || capitalised_word_before(text, first.start)
            {
                i += 1;
                continue;
            }
            // The windows of one to three words joined by single spaces
            // (folded hyphens): their phonetic keys come from one pass over
            // the longest, computed when a window first needs it.
            let joined = (i + 1..words.len().min(i + 3))
                .take_while(|&k| words[k - 1].1 + 1 == words[k].0)
                .count()
                + 1;
            let mut keyed = false;
            let mut found = None;
            for n in (1..=joined).rev() {
                let (start, end) = (words[i].0, words[i + n - 1].1);
                // The index holds names of five letters or more; a spelling
                // variant is at most a letter or so shorter (Phyong/Pyong).
                if end - start < PHONETIC_MIN_LETTERS {
                    continue;
                }
                let span = folded.original_span(start..end);
                if capitalised_word_after(text, span.end) || covered.overlaps(&span) {
                    continue;
                }
                let window = &f[start..end];
                if misses.contains(window) {
                    continue;
                }
                if !keyed {
                    let mut cuts = [0; 3];
                    for (k, cut) in cuts[..joined].iter_mut().enumerate() {
                        *cut = words[i + k].1 - start;
                    }
                    romanize::phonetic_key_cuts(
                        &f[start..words[i + joined - 1].1],
                        &cuts[..joined],
                        &mut keys.full,
                        &mut keys.prefixes[..joined],
                    );
                    keyed = true;
                }
                let (len, last) = keys.prefixes[n - 1];
                keys.window.clear();
                if len > 0 {
                    keys.window.extend_from_slice(&keys.full[..len - 1]);
                    keys.window.push(last);
                }
                let letters = window.bytes().filter(u8::is_ascii_alphabetic).count();
                let Some(candidates) =
                    gazetteer.phonetic_candidates_by_key(&keys.window, letters, &mut keys.loose)
                else {
                    misses.insert(window);
                    continue;
                };
                let key = CompactString::from(lookup_key(&f[start..end]));
                let hit = Hit {
                    start,
                    end,
                    hangul: false,
                    lowercase_ok: false,
                    key: &key,
                    candidates: &Arc::from(candidates),
                };
                if let Some(mut mention) = self.accept(gazetteer, text, folded, &hit) {
                    mention.method = Method::Romanized;
                    mention.key = lookup_key(&gazetteer.place(candidates[0]).name).into();
                    found = Some((n, mention));
                    break;
                }
            }
            match found {
                Some((n, mention)) => {
                    covered.insert(&mention.span);
                    mentions.push(mention);
                    i += n;
                }
                None => i += 1,
            }
        }
        misses.put_back();
    }

    /// Hangul words ending in a designator whose stem is not a known Hangul
    /// name: look up the romanizations of the stem (보천군 → Pochon).
    pub(super) fn find_romanized_hangul(
        &self,
        gazetteer: &Gazetteer,
        folded: &FoldedText,
        mentions: &mut Vec<Mention>,
    ) {
        let f = folded.text.as_str();
        if f.is_ascii() {
            // No Hangul word (a fast test, where the walk below decodes
            // every character of an English text).
            return;
        }
        // The automaton's mentions are sorted and do not overlap: a binary
        // search finds the first one that ends after a word's start.
        let covered: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
        // Folded end offset of each province mention, for address order.
        let province_ends: HashMap<usize, Vec<SharedStr>> = mentions
            .iter()
            .filter_map(|m| {
                let provinces: Vec<SharedStr> = m
                    .candidates
                    .iter()
                    .map(|&id| gazetteer.place(id))
                    .filter(|p| p.level() == Level::Province)
                    .map(|p| p.admin1)
                    .collect();
                (!provinces.is_empty()).then(|| (folded.folded_offset(m.span.end), provinces))
            })
            .collect();
        let mut pos = 0;
        while pos < f.len() {
            let Some(offset) = f[pos..].find(is_hangul_syllable) else {
                break;
            };
            let start = pos + offset;
            let mut end = f[start..]
                .char_indices()
                .find(|(_, c)| !is_hangul_syllable(*c))
                .map_or(f.len(), |(i, _)| start + i);
            pos = end;
            let original = folded.original_span(start..end);
            // A name run together with a known one (무산군회령시): the part
            // before the known name is a word of its own.
            let from = covered.partition_point(|c| c.end <= original.start);
            if let Some(first) = covered[from..]
                .iter()
                .take_while(|c| c.start < original.end)
                .map(|c| c.start)
                .min()
            {
                if first <= original.start {
                    continue;
                }
                end = folded.folded_offset(first);
            }
            let word = &f[start..end];
            let mut found = self.romanized_word(gazetteer, word).map(|m| (m, 0));
            if found.is_none()
                && let Some(after) = f[end..].strip_prefix(' ')
            {
                // A designator written as a word of its own: 김형직 읍.
                let next = &after[..hangul_word_end(after, 0)];
                let spaced = HANGUL_DESIGNATORS.iter().any(|(d, _)| {
                    d.chars().count() == 1
                        && strip_designator_prefix(next, d).is_some_and(is_particle_or_empty)
                });
                if spaced
                    && let Some(m) = self.romanized_word(gazetteer, &format!("{word}{next}"))
                    && m.0 > word.len()
                {
                    found = Some((m, 1));
                }
            }
            if found.is_none()
                && let Some(provinces) = start.checked_sub(1).and_then(|at| {
                    (f.as_bytes()[at] == b' ')
                        .then(|| province_ends.get(&at))
                        .flatten()
                })
                && let Some(m) = self.after_province(gazetteer, folded, provinces, start, word)
            {
                mentions.push(m);
                continue;
            }
            if let Some((mention, gap)) = found {
                if gap == 0 {
                    let tail = &word[mention.0..];
                    let is_country = mention
                        .2
                        .iter()
                        .any(|&id| gazetteer.place(id).level() == Level::Country);
                    if (tail.is_empty() || tail == "측")
                        && korean::is_attribute(&f[end..], is_country)
                    {
                        continue;
                    }
                }
                let span = folded.original_span(start..start + mention.0 + gap);
                mentions.push(Mention {
                    span,
                    key: mention.1,
                    candidates: mention.2,
                    designator: Some(mention.3),
                    method: Method::Romanized,
                });
            }
        }
    }

    /// A bare Hangul word right after a province in address order (함남
    /// 단천, 양강도 삼수에서): its romanizations are looked up among the
    /// cities and counties of that province.
    fn after_province(
        &self,
        gazetteer: &Gazetteer,
        folded: &FoldedText,
        provinces: &[SharedStr],
        start: usize,
        word: &str,
    ) -> Option<Mention> {
        let boundaries: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        for cut in (2..boundaries.len()).rev() {
            let head = &word[..boundaries[cut]];
            if !is_particle_or_empty(&word[boundaries[cut]..]) {
                continue;
            }
            let fits = |id: PlaceId| {
                let p = gazetteer.place(id);
                matches!(p.level(), Level::City | Level::County) && provinces.contains(&p.admin1)
            };
            if let Some((key, fitting)) = self.lookup_romanized(head, fits) {
                return Some(Mention {
                    span: folded.original_span(start..start + head.len()),
                    key,
                    candidates: fitting,
                    designator: None,
                    method: Method::Romanized,
                });
            }
        }
        None
    }

    /// Splits a Hangul word into stem + designator + particle and looks the
    /// stem's romanizations up. Returns the byte length of stem + designator,
    /// the key, the candidates of the designator's level and the designator.
    fn romanized_word(
        &self,
        gazetteer: &Gazetteer,
        word: &str,
    ) -> Option<(usize, CompactString, Arc<[PlaceId]>, Designator)> {
        for head in heads_before_particle(word) {
            for (d, kind) in HANGUL_DESIGNATORS {
                let Some(stem) = strip_designator_suffix(head, d) else {
                    continue;
                };
                if stem.chars().count() < 2 {
                    continue;
                }
                let fits = |id: PlaceId| kind.fits(gazetteer.place(id).level());
                if let Some((key, fitting)) = self.lookup_romanized(stem, fits) {
                    return Some((head.len(), key, fitting, kind));
                }
            }
        }
        None
    }

    /// The first romanization of the Hangul `stem` (in the order
    /// [`romanize::romanized_variants`] gives) that names places passing
    /// `fits`: its lookup key and those places.
    fn lookup_romanized(
        &self,
        stem: &str,
        fits: impl Fn(PlaceId) -> bool,
    ) -> Option<(CompactString, Arc<[PlaceId]>)> {
        romanize::romanized_variants(stem)
            .into_iter()
            .find_map(|variant| {
                let key = lookup_key(&variant);
                let all = self.candidates.get(&key)?;
                // Most often every place fits: the shared list serves.
                let fitting = if all.iter().all(|&id| fits(id)) {
                    Arc::clone(all)
                } else {
                    all.iter().copied().filter(|&id| fits(id)).collect()
                };
                (!fitting.is_empty()).then(|| (key.into(), fitting))
            })
    }
}

/// The windows of words (folded text) that the phonetic index of one
/// gazetteer has nothing for, kept per thread from document to document:
/// most capitalised words of news text ("According", "Monday", "Daily NK")
/// come back in document after document, and the lookup is a function of
/// the window's text alone.
#[derive(Default)]
struct PhoneticMisses {
    /// [`Gazetteer::identity`] of the gazetteer the misses are of.
    gazetteer: u64,
    windows: HashSet<Box<str>>,
}

thread_local! {
    static PHONETIC_MISSES: std::cell::RefCell<PhoneticMisses> =
        std::cell::RefCell::default();
}

/// At most this many misses are kept per thread (a few MB); past it the
/// set starts over.
const PHONETIC_MISSES_MAX: usize = 1 << 16;

impl PhoneticMisses {
    /// This thread's misses for `gazetteer` (none when the thread last
    /// matched with another gazetteer).
    fn take(gazetteer: &Gazetteer) -> PhoneticMisses {
        let mut misses = PHONETIC_MISSES.take();
        if misses.gazetteer != gazetteer.identity() {
            misses.gazetteer = gazetteer.identity();
            misses.windows.clear();
        }
        misses
    }

    /// Keeps the misses for this thread's next document.
    fn put_back(self) {
        PHONETIC_MISSES.set(self);
    }

    fn contains(&self, window: &str) -> bool {
        self.windows.contains(window)
    }

    fn insert(&mut self, window: &str) {
        if self.windows.len() >= PHONETIC_MISSES_MAX {
            self.windows.clear();
        }
        self.windows.insert(window.into());
    }
}

/// Buffers of the phonetic fallback, reused from word to word.
#[derive(Default)]
struct PhoneticKeys {
    /// The key of the longest window.
    full: Vec<u8>,
    /// (length, last byte) of the key of each window ending at a word end.
    prefixes: [(usize, u8); 3],
    /// The key of the window being looked up.
    window: Vec<u8>,
    /// Its loose key.
    loose: Vec<u8>,
}

/// Whether the word right before byte `at` (across one space) starts with a
/// capital letter.
fn capitalised_word_before(text: &str, at: usize) -> bool {
    let Some(before) = text[..at].strip_suffix(' ') else {
        return false;
    };
    let word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    before[word_start..]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        && word_start < before.len()
}

/// Whether the word right after byte `at` (across one space) starts with a
/// capital letter and is not a designator ("Province", "County").
fn capitalised_word_after(text: &str, at: usize) -> bool {
    let Some(after) = text[at..].strip_prefix(' ') else {
        return false;
    };
    // The capital first: most words fail there, before the word's end is
    // looked for or anything looked up.
    if !after.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let word = &after[..after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len())];
    // Not empty: an upper-case character is alphabetic (Unicode's
    // Uppercase is part of its Alphabetic).
    !FOLLOWING
        .iter()
        .any(|(d, _)| is_lower_case_of(&d[1..], word))
        && !korean::english_facilities().contains(&word)
}

/// Whether `word.to_lowercase() == lower`, without building the lower-case
/// word when it is ASCII.
fn is_lower_case_of(lower: &str, word: &str) -> bool {
    if word.is_ascii() {
        word.len() == lower.len()
            && word
                .bytes()
                .zip(lower.bytes())
                .all(|(w, l)| w.to_ascii_lowercase() == l)
    } else {
        word.to_lowercase() == lower
    }
}

/// The shortest window of words the spelling-variant fallback looks up.
const PHONETIC_MIN_LETTERS: usize = 4;

/// Byte ranges of the runs of ASCII letters in the folded text.
fn latin_words(f: &str) -> Vec<(usize, usize)> {
    let bytes = f.as_bytes();
    // Sized for English prose (a word every six bytes or so): growing the
    // list cost more than its spare room.
    let mut words = Vec::with_capacity(f.len() / 6);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // The byte after the run is not an ASCII letter or digit: only
            // a non-ASCII one needs decoding.
            let next_is_letter = bytes.get(i).is_some_and(|b| !b.is_ascii())
                && f[i..].chars().next().is_some_and(char::is_alphanumeric);
            if !next_is_letter {
                words.push((start, i));
            }
        }
        i += 1;
    }
    words
}
