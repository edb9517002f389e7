//! The cue lexicon: words that signal an event category, and the words
//! around them that change their meaning (negation, plans, purpose), name
//! actors or count people.
//!
//! The lexicon is data: `lexicon/en.tsv` and `lexicon/ko.tsv`, embedded in
//! the library. Each line is `cue<TAB>kind<TAB>flags` (flags optional,
//! comma separated); `#` starts a comment. `kind` is one of
//!
//! - an event category name (`arrest`, `electrified_fence`, ...);
//! - `ignore`: a phrase that is not an event although it contains a cue
//!   ("killing time", "bridge the gap") or a person noun that names no event
//!   ("defector"); the longest phrase wins, so it hides the shorter cue;
//! - `negation`, `planned`, `purpose`: modifiers of a nearby event cue, with
//!   a scope flag `before=N` (the modifier precedes the cue by at most N
//!   word gaps in the same clause), `after=N` (follows it likewise) or
//!   `sentence` (precedes it anywhere in the sentence);
//! - `actor`: who acted ("border guards", "보위부"); flag `count` when the
//!   noun also counts people for fatalities;
//! - `person`: a noun that counts people but names no actor ("people", "명").
//!
//! A cue may have a gap: `crossed ... into china` matches "crossed",
//! then "into china" at most [`GAP_WORDS`] words later in the same clause
//! ("crossed from Ryanggang Province into China"); the hit spans both.
//!
//! Matching is ASCII case-insensitive on whole words. A cue ending in `*`
//! may be followed by more letters ("smuggl*"). A cue containing Hangul may
//! sit anywhere inside an eojeol, since Korean attaches endings and
//! particles to stems (사망했다, 감시초소들을); flag `initial` requires it
//! to start the eojeol, flag `exact` to be a whole eojeol.

use std::ops::Range;
use std::path::PathBuf;

use daachorse::{DoubleArrayAhoCorasickBuilder, MatchKind};

use super::Category;
use crate::double_array::DoubleArray;
use crate::{Error, Result};

/// How many words may separate the two parts of a gapped cue.
pub const GAP_WORDS: usize = 6;

/// The characters that end the clause a gapped cue's tail must be in.
const CLAUSE_ENDS: [char; 7] = ['.', ',', ';', ':', '!', '?', '\n'];

const EN: &str = include_str!("lexicon/en.tsv");
const KO: &str = include_str!("lexicon/ko.tsv");

/// What a lexicon entry signals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// An event of this category.
    Event(Category),
    /// A phrase that hides the event cues inside it.
    Ignore,
    /// The event is denied or did not happen.
    Negation,
    /// The event is planned, not (yet) reported as done.
    Planned,
    /// The event is the aim of a measure ("to prevent defections"), not a fact.
    Purpose,
    /// The event is only threatened or supposed ("anyone caught will be
    /// shot", "if they cross"): neither reported nor planned.
    Hypothetical,
    /// An infinitive marker ("to arrest"): the verb after it names an aim,
    /// unless a [`CueKind::Neutral`] phrase hides it ("tried to cross").
    Infinitive,
    /// A phrase that hides the modifiers inside it ("tried to", "no doubt").
    Neutral,
    /// Violence in the sentence ("gunfire", "총격"): a death there is a killing.
    Violent,
    /// Who acted.
    Actor,
    /// A noun that counts people ("two people died").
    Person,
}

impl CueKind {
    /// Whether the kind changes the meaning of a nearby event cue.
    pub fn is_modifier(self) -> bool {
        matches!(
            self,
            CueKind::Negation
                | CueKind::Planned
                | CueKind::Purpose
                | CueKind::Hypothetical
                | CueKind::Infinitive
                | CueKind::Neutral
                | CueKind::Violent
        )
    }
}

/// Where a modifier must sit relative to the event cue it modifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Before the cue, in the same clause, at most this many word gaps away.
    Before(usize),
    /// After the cue, in the same clause, at most this many word gaps away.
    After(usize),
    /// Anywhere before the cue in the same sentence.
    Sentence,
    /// Before the cue by at most the first number of word gaps, or after it
    /// by at most the second, in the same clause.
    Around(usize, usize),
    /// Anywhere in the same sentence, before or after the cue.
    Anywhere,
}

/// One lexicon line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The cue as written in the file, without a trailing `*`.
    pub cue: String,
    /// What it signals.
    pub kind: CueKind,
    /// A second category the same words state ("electrified barbed wire":
    /// an electrified fence and barbed wire), written `a+b` in the file.
    pub also: Option<Category>,
    /// The cue is a verb in its base form ("arrest", "cross"): after an
    /// infinitive marker it names an aim, not a fact.
    pub verb: bool,
    /// The scope of a modifier (negation, planned, purpose); `None` otherwise.
    pub scope: Option<Scope>,
    /// The cue may be followed by more letters of the same word.
    pub stem: bool,
    /// The cue may be preceded by more letters of the same word.
    pub infix: bool,
    /// An actor noun that also counts people.
    pub count: bool,
    /// The second part of a gapped cue (`cue ... tail`), lower case.
    pub tail: Option<String>,
}

/// One match of a lexicon entry in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte span of the match in the text (a stem match ends where the cue ends).
    pub span: Range<usize>,
    /// Index of the entry in [`Lexicon::entries`].
    pub entry: usize,
}

/// A parsed lexicon with its matcher.
#[derive(Debug)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Every cue of every kind: one pass over a text finds them all, and
    /// each hit goes to the group of its kind ([`Group`]). The automaton is
    /// over every entry's lowered cue; a match's value is the entry's index.
    automaton: DoubleArray,
    /// What the search checks of each entry (indexed like `entries`), in
    /// a few bytes: the entries themselves are large, and reading one per
    /// raw hit missed the cache on most hits.
    matching: Vec<Matching>,
}

/// The fields of an [`Entry`] that every raw hit of the search reads.
#[derive(Debug, Clone, Copy)]
struct Matching {
    group: Group,
    infix: bool,
    stem: bool,
    tail: bool,
}

/// The cues whose hits compete with each other for the same words
/// (leftmost-longest selection happens within a group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Event cues and ignore phrases.
    Cues,
    /// Modifiers (negation, plans, purpose, ...).
    Modifiers,
    /// Actors and person nouns.
    People,
}

impl Group {
    fn of(kind: CueKind) -> Group {
        match kind {
            CueKind::Event(_) | CueKind::Ignore => Group::Cues,
            CueKind::Actor | CueKind::Person => Group::People,
            _ => Group::Modifiers,
        }
    }
}

/// The hits of a text, per group, each leftmost-longest and not
/// overlapping within its group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Event cues and ignore phrases.
    pub cues: Vec<Hit>,
    /// Negation, planned, purpose and the other modifiers.
    pub modifiers: Vec<Hit>,
    /// Actor and person nouns.
    pub people: Vec<Hit>,
}

impl Lexicon {
    /// The lexicon bundled with eventmap (English and Korean).
    ///
    /// # Panics
    /// Never in a released build: a unit test parses the bundled files.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| {
            Lexicon::parse(&[("lexicon/en.tsv", EN), ("lexicon/ko.tsv", KO)])
                .expect("the embedded lexicon parses (checked by a unit test)")
        })
    }

    /// Parses lexicon files given as `(name, contents)`; `name` is used in errors.
    pub fn parse(files: &[(&str, &str)]) -> Result<Lexicon> {
        let mut entries = Vec::new();
        for (name, contents) in files {
            for (n, line) in contents.lines().enumerate() {
                let line = line.split('#').next().unwrap_or("").trim_end();
                if line.trim().is_empty() {
                    continue;
                }
                let err = |message: String| Error::Parse {
                    path: PathBuf::from(name),
                    line: n + 1,
                    message,
                };
                entries.push(parse_line(line).map_err(err)?);
            }
        }
        // A double array (daachorse): fewer instructions a byte than
        // aho-corasick's contiguous NFA, and cheaper to build. Matching is
        // ASCII case-insensitive because the cues and the searched text are
        // both lowered (ASCII only, so byte offsets stay the same); cues that
        // differ only in case become duplicates, which the automaton keeps
        // and reports each. No prefilter: cues start with common letters, so
        // it would fire on most bytes. Value i is entry i.
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .use_prefilter(false)
            .build(entries.iter().map(|e: &Entry| e.cue.to_ascii_lowercase()))
            .map_err(|e| Error::Parse {
                path: PathBuf::from("lexicon"),
                line: 0,
                message: e.to_string(),
            })?;
        let automaton = DoubleArray(automaton);
        let matching = entries
            .iter()
            .map(|e: &Entry| Matching {
                group: Group::of(e.kind),
                infix: e.infix,
                stem: e.stem,
                tail: e.tail.is_some(),
            })
            .collect();
        Ok(Lexicon {
            entries,
            automaton,
            matching,
        })
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Event cues and ignore phrases in `text`, leftmost-longest, not overlapping.
    pub fn cue_hits(&self, text: &str) -> Vec<Hit> {
        self.hits(text).cues
    }

    /// Negation, planned and purpose modifiers in `text`.
    pub fn modifier_hits(&self, text: &str) -> Vec<Hit> {
        self.hits(text).modifiers
    }

    /// Actor and person nouns in `text`.
    pub fn people_hits(&self, text: &str) -> Vec<Hit> {
        self.hits(text).people
    }

    /// Every group's hits in `text`, from one pass over it.
    pub fn hits(&self, text: &str) -> Hits {
        // Line breaks inside a phrase ("military\ndemarcation line") match a
        // space; ASCII letters are lowered like the cues.
        let flat: Vec<u8> = text
            .bytes()
            .map(|b| {
                if matches!(b, b'\n' | b'\r' | b'\t') {
                    b' '
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect();
        // Overlapping search, then boundary checks, then leftmost-longest
        // selection: a longer candidate that fails its word boundaries must not
        // hide a shorter one that passes ("border fence" in "border fences").
        let mut hits = Hits::default();
        for m in self.automaton.0.find_overlapping_iter(&flat) {
            let hit = Hit {
                span: m.start()..m.end(),
                entry: m.value() as usize,
            };
            if !self.boundaries_ok(text, &hit) {
                continue;
            }
            let Some(hit) = self.with_tail(text, hit) else {
                continue;
            };
            match self.matching[hit.entry].group {
                Group::Cues => hits.cues.push(hit),
                Group::Modifiers => hits.modifiers.push(hit),
                Group::People => hits.people.push(hit),
            }
        }
        for group in [&mut hits.cues, &mut hits.modifiers, &mut hits.people] {
            leftmost_longest(group);
        }
        hits
    }

    /// A gapped cue's hit extended to the end of its tail, or `None` when
    /// the tail is not close enough; other hits unchanged.
    fn with_tail(&self, text: &str, hit: Hit) -> Option<Hit> {
        if !self.matching[hit.entry].tail {
            return Some(hit);
        }
        let Some(tail) = &self.entries[hit.entry].tail else {
            return Some(hit);
        };
        // A tail ending in `*` may be followed by more letters.
        let (tail, stem) = match tail.strip_suffix('*') {
            Some(t) => (t.as_bytes(), true),
            None => (tail.as_bytes(), false),
        };
        // The words of the rest of the clause, read in place: a tail holds
        // no clause end (the parser checks), so one that matches lies in
        // the clause, and the clause need not be found or copied first.
        let rest = &text[hit.span.end..];
        let mut words = 0;
        let mut prev_space = true;
        for (i, c) in rest.char_indices() {
            if CLAUSE_ENDS.contains(&c) {
                return None;
            }
            if c.is_whitespace() {
                prev_space = true;
                continue;
            }
            if prev_space {
                if words > GAP_WORDS {
                    return None;
                }
                let end = i + tail.len();
                let here = rest.as_bytes().get(i..end);
                // Tails are lower case: the text's ASCII letters are compared
                // lowered.
                let matches = here.is_some_and(|here| {
                    here.iter()
                        .zip(tail)
                        .all(|(t, w)| t.to_ascii_lowercase() == *w)
                });
                if matches && (stem || !rest[end..].starts_with(char::is_alphanumeric)) {
                    let end = if stem {
                        end + rest[end..]
                            .find(|c: char| !c.is_alphanumeric())
                            .unwrap_or(rest.len() - end)
                    } else {
                        end
                    };
                    return Some(Hit {
                        span: hit.span.start..hit.span.end + end,
                        entry: hit.entry,
                    });
                }
                words += 1;
            }
            prev_space = false;
        }
        None
    }

    fn boundaries_ok(&self, text: &str, hit: &Hit) -> bool {
        if !text.is_char_boundary(hit.span.start) || !text.is_char_boundary(hit.span.end) {
            return false;
        }
        let e = &self.matching[hit.entry];
        let before = text[..hit.span.start].chars().next_back();
        let after = text[hit.span.end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        (e.infix || !word(before)) && (e.stem || !word(after))
    }
}

/// Keeps, from hits sorted in any order, the leftmost-longest ones that do
/// not overlap (ties: the first entry in file order).
fn leftmost_longest(hits: &mut Vec<Hit>) {
    hits.sort_unstable_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end), h.entry));
    let mut end = 0;
    let mut first = true;
    hits.retain(|h| {
        let keep = first || h.span.start >= end;
        if keep {
            first = false;
            end = h.span.end;
        }
        keep
    });
}

fn parse_line(line: &str) -> std::result::Result<Entry, String> {
    let mut cols = line.split('\t');
    let cue = cols.next().unwrap_or("").trim();
    let kind = cols.next().map(str::trim).ok_or("missing kind column")?;
    let flags = cols.next().unwrap_or("").trim();
    if cue.is_empty() {
        return Err("empty cue".into());
    }
    let mut also = None;
    let kind = match kind {
        "ignore" => CueKind::Ignore,
        "negation" => CueKind::Negation,
        "planned" => CueKind::Planned,
        "purpose" => CueKind::Purpose,
        "hypothetical" => CueKind::Hypothetical,
        "infinitive" => CueKind::Infinitive,
        "neutral" => CueKind::Neutral,
        "violent" => CueKind::Violent,
        "actor" => CueKind::Actor,
        "person" => CueKind::Person,
        other => {
            let (first, second) = match other.split_once('+') {
                Some((a, b)) => (a, Some(b)),
                None => (other, None),
            };
            let category = |name: &str| {
                name.parse::<Category>()
                    .map_err(|_| format!("unknown kind {other:?}"))
            };
            also = second.map(category).transpose()?;
            CueKind::Event(category(first)?)
        }
    };
    let (cue, tail) = match cue.split_once("...") {
        Some((_, tail)) if tail.contains(CLAUSE_ENDS) => {
            return Err("the tail of a gapped cue must stay in one clause (no . , ; : ! ?)".into());
        }
        Some((head, tail)) if !head.trim().is_empty() && !tail.trim().is_empty() => {
            (head.trim(), Some(tail.trim().to_lowercase()))
        }
        Some(_) => return Err("a gapped cue needs words on both sides of ...".into()),
        None => (cue, None),
    };
    let hangul = cue.chars().any(super::is_hangul);
    let (cue, star) = match cue.strip_suffix('*') {
        Some(c) => (c, true),
        None => (cue, false),
    };
    let mut entry = Entry {
        cue: cue.to_string(),
        kind,
        also,
        verb: false,
        scope: None,
        stem: star || hangul,
        infix: hangul,
        count: false,
        tail,
    };
    for flag in flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        let number = |v: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("bad number in flag {flag:?}"))
        };
        match flag.split_once('=') {
            Some(("before", v)) => {
                entry.scope = Some(match entry.scope {
                    Some(Scope::After(a)) => Scope::Around(number(v)?, a),
                    _ => Scope::Before(number(v)?),
                })
            }
            Some(("after", v)) => {
                entry.scope = Some(match entry.scope {
                    Some(Scope::Before(b)) => Scope::Around(b, number(v)?),
                    _ => Scope::After(number(v)?),
                })
            }
            None if flag == "anywhere" => entry.scope = Some(Scope::Anywhere),
            None if flag == "verb" => entry.verb = true,
            None if flag == "infix" => entry.infix = true,
            None if flag == "sentence" => entry.scope = Some(Scope::Sentence),
            None if flag == "initial" => entry.infix = false,
            None if flag == "exact" => (entry.infix, entry.stem) = (false, false),
            None if flag == "count" => entry.count = true,
            _ => return Err(format!("unknown flag {flag:?}")),
        }
    }
    if kind.is_modifier() != entry.scope.is_some() {
        return Err("modifiers need exactly one scope flag (before=N, after=N, sentence)".into());
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasickBuilder;

    #[test]
    fn embedded_lexicon_parses() {
        let lex = Lexicon::embedded();
        assert!(lex.entries().len() > 100);
    }

    #[test]
    fn rejects_bad_lines() {
        let cases: &[(&str, &str)] = &[
            ("unknown kind", "fence\tfencing_thing\n"),
            ("missing kind", "fence\n"),
            ("modifier without scope", "not\tnegation\n"),
            ("scope on an event cue", "fence\tfence\tbefore=2\n"),
            ("bad flag", "fence\tfence\tloud\n"),
            ("gap without tail", "crossed ... \tdefection\n"),
            ("tail past a clause", "crossed ... river, then\tdefection\n"),
        ];
        for (name, text) in cases {
            let err = Lexicon::parse(&[("t.tsv", text)]).expect_err(name);
            assert!(matches!(err, Error::Parse { line: 1, .. }), "{name}: {err}");
        }
    }

    /// Every group's hits as a search of that group's cues alone finds
    /// them: the one pass over all cues must not let a group's hits hide
    /// another's. The search per group is aho-corasick's ASCII
    /// case-insensitive one, so this also checks that lowering the cues
    /// and the text matches the same.
    #[test]
    fn one_pass_finds_what_a_search_per_group_finds() {
        let lex = Lexicon::embedded();
        let alone = |group: Group, text: &str| -> Vec<Hit> {
            let ids: Vec<usize> = (0..lex.entries.len())
                .filter(|&i| lex.matching[i].group == group)
                .collect();
            let automaton = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(ids.iter().map(|&i| lex.entries[i].cue.as_bytes()))
                .unwrap();
            let flat = text.replace(['\n', '\r', '\t'], " ");
            let mut hits: Vec<Hit> = automaton
                .find_overlapping_iter(&flat)
                .map(|m| Hit {
                    span: m.start()..m.end(),
                    entry: ids[m.pattern().as_usize()],
                })
                .filter(|h| lex.boundaries_ok(text, h))
                .filter_map(|h| lex.with_tail(text, h))
                .collect();
            leftmost_longest(&mut hits);
            hits
        };
        let data = [
            include_str!("../../tests/data/events/en.jsonl"),
            include_str!("../../tests/data/events/ko.jsonl"),
        ];
        let mut texts = 0;
        for line in data.iter().flat_map(|d| d.lines()) {
            let Ok(record) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let Some(text) = record["text"].as_str() else {
                continue;
            };
            texts += 1;
            let hits = lex.hits(text);
            assert_eq!(hits.cues, alone(Group::Cues, text), "{text}");
            assert_eq!(hits.modifiers, alone(Group::Modifiers, text), "{text}");
            assert_eq!(hits.people, alone(Group::People, text), "{text}");
        }
        assert!(texts > 20);
    }

    #[test]
    fn matches_words_stems_and_hangul_inside_words() {
        let lex = Lexicon::parse(&[(
            "t.tsv",
            "fence\tfence\nborder fence\tfence\nfences\tfence\nsmuggl*\tsmuggling\n\
             사망\tdeath\n다리\tbridge\tinitial\nkilling time\tignore\nkilling\tkilling\n\
             crossed ... into china\tdefection\n",
        )])
        .unwrap();
        let cases: &[(&str, &str, &[&str])] = &[
            ("whole word", "a fence here", &["fence"]),
            ("not inside a word", "fencepost and offence", &[]),
            ("longest wins", "the border fence", &["border fence"]),
            (
                "failed longer does not hide shorter",
                "border fences",
                &["fences"],
            ),
            ("stem", "Smugglers were smuggling", &["Smuggl", "smuggl"]),
            ("hangul stem", "그는 사망했다", &["사망"]),
            ("hangul initial", "다리가 압록강다리", &["다리"]),
            ("ignore phrase hides cue", "killing time", &["killing time"]),
            ("line break as space", "border\nfence", &["border\nfence"]),
            (
                "gapped cue",
                "They crossed from Musan into China.",
                &["crossed from Musan into China"],
            ),
            (
                "gapped cue next word",
                "crossed into China",
                &["crossed into China"],
            ),
            ("gap too wide", "crossed a b c d e f g into China", &[]),
            ("gap stops at a clause", "crossed the road, into China", &[]),
            ("tail is a whole word", "crossed into Chinatown", &[]),
        ];
        for (name, text, want) in cases {
            let got: Vec<&str> = lex
                .cue_hits(text)
                .into_iter()
                .map(|h| &text[h.span])
                .collect();
            assert_eq!(got, *want, "{name}");
        }
    }
}
