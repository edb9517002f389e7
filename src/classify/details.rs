//! What is said about one cue: its status (reported, planned, denied or
//! only an aim), fatality counts, actors, and the confidence of an event.

use std::ops::Range;

use super::lexicon::{CueKind, Hit, Lexicon, Scope};
use super::{Category, Event, PlaceLink, Status};
use crate::word_list::WordList;

/// The word lists of this module (`details_words.txt`).
const WORDS: &str = include_str!("details_words.txt");

/// Characters that end a clause: a modifier does not reach across them.
const CLAUSE_BREAKS: &[char] = &[',', ';', ':', '(', ')', '"', '“', '”', '—', '–'];

/// Why a cue gives no event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// Denied or negated ("no one was arrested", "체포되지 않았다").
    Negated,
    /// The aim of a measure ("to prevent defections", "탈북을 막기 위해").
    Purpose,
    /// A threat, warning or condition ("anyone caught will be shot",
    /// "넘으면").
    Hypothetical,
    /// An incident that is only planned or expected: not an event.
    PlannedIncident,
    /// The sentence is a list of tags or keywords.
    TagList,
}

impl Dropped {
    /// A short reason, as `eventmap explain` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Dropped::Negated => "negated",
            Dropped::Purpose => "purpose",
            Dropped::Hypothetical => "threat or condition",
            Dropped::PlannedIncident => "planned incident",
            Dropped::TagList => "tag list",
        }
    }
}

/// The status of the cue at `cue` in `sentence`, or why it states no event:
/// denied ("no one was arrested", "체포되지 않았다"), the aim of a measure
/// ("to prevent defections", "탈북을 막기 위해"), a threat or a condition
/// ("anyone caught will be shot", "잡히면").
pub(crate) fn status(
    lexicon: &Lexicon,
    text: &str,
    sentence: &Range<usize>,
    cue: &Range<usize>,
    verb: bool,
    category: Category,
    modifiers: &[Hit],
) -> Result<Status, Dropped> {
    let mut status = Status::Reported;
    if korean_condition(text, cue) {
        return Err(Dropped::Hypothetical);
    }
    match korean_mood(text, cue, category) {
        Some(Mood::Intention) => return Err(Dropped::Purpose),
        Some(Mood::Possible) => return Err(Dropped::Hypothetical),
        Some(Mood::Future) => status = Status::Planned,
        None => {}
    }
    for m in modifiers
        .iter()
        .filter(|m| sentence.contains(&m.span.start))
        .filter(|m| !is_proper_noun(text, sentence, &m.span))
    {
        let entry = &lexicon.entries()[m.entry];
        // An aim is often a list: "to stop defections, illegal entries and smuggling".
        let list = matches!(entry.kind, CueKind::Purpose | CueKind::Hypothetical);
        let before =
            |n: usize| m.span.end <= cue.start && within(&text[m.span.end..cue.start], n, list);
        let after =
            |n: usize| m.span.start >= cue.end && within(&text[cue.end..m.span.start], n, list);
        // "anyone caught": a threat phrase may hold the cue itself.
        let holds = entry.kind == CueKind::Hypothetical
            && m.span.start <= cue.start
            && cue.end <= m.span.end;
        let applies = holds
            || match entry.scope {
                Some(Scope::Before(n)) => before(n),
                Some(Scope::After(n)) => after(n),
                Some(Scope::Around(b, a)) => before(b) || after(a),
                Some(Scope::Sentence) => m.span.end <= cue.start,
                Some(Scope::Anywhere) => true,
                None => false,
            };
        if !applies {
            continue;
        }
        match entry.kind {
            CueKind::Negation => return Err(Dropped::Negated),
            // A measure's aim is an incident ("to stop smuggling"); the
            // infrastructure built for it stands ("to stop crossings,
            // workers dug trenches").
            CueKind::Purpose if category.layer() == super::Layer::Infrastructure => {}
            CueKind::Purpose => return Err(Dropped::Purpose),
            CueKind::Infinitive if verb => return Err(Dropped::Purpose),
            CueKind::Hypothetical => return Err(Dropped::Hypothetical),
            CueKind::Planned => status = Status::Planned,
            _ => {}
        }
    }
    Ok(status)
}

/// Whether a modifier found without regard to case is written as a proper
/// noun: capitalised inside the sentence, as the month in "in May" is,
/// where the modal verb "may" would be lower case.
fn is_proper_noun(text: &str, sentence: &Range<usize>, span: &Range<usize>) -> bool {
    let opens_sentence = text[sentence.start..span.start]
        .chars()
        .all(|c| !c.is_alphanumeric());
    !opens_sentence && text[span.clone()].starts_with(|c: char| c.is_uppercase())
}

/// Whether the Korean word that holds the cue, or the word after it, ends
/// in a conditional ending (-면, -으면, -다면: "잡히면", "단속이 계속되면"),
/// or holds the volitional -겠- ("사살하겠다"): a condition or a threat, not
/// a fact; so does a word for the person doing it followed by one
/// ("건너는 사람을 발견하면"). "-면서" (while) is no condition. A cue
/// followed by 죄 (crime) names an offence ("밀수죄"): no act either.
fn korean_condition(text: &str, cue: &Range<usize>) -> bool {
    let is_break = |c: char| c.is_whitespace() || c.is_ascii_punctuation();
    // "비법월경죄", "밀수죄": the name of an offence (죄, 罪), no act.
    if text[cue.end..].starts_with('죄') {
        return true;
    }
    let rest = &text[cue.start..];
    // The word that ends the cue ("강을 건너는" for the cue "강을 건너").
    let tail = &text[cue.end..];
    let first_end = cue.len() + tail.find(is_break).unwrap_or(tail.len());
    let first = &rest[..first_end];
    if !first.chars().any(super::is_hangul) {
        return false;
    }
    let after = rest[first_end..].trim_start_matches(char::is_whitespace);
    let second_end = after.find(is_break).unwrap_or(after.len());
    let second = &after[..second_end];
    let conditional = |w: &str| is_conditional(w);
    // "강을 건너는 사람을 발견하면": the person who does it, if found.
    let third = || {
        let tail = &after[second_end..];
        let next = tail.trim_start_matches(char::is_whitespace);
        let spaced = next.len() < tail.len();
        let word = &next[..next.find(is_break).unwrap_or(next.len())];
        spaced && KO_CONDITION_PEOPLE.iter().any(|p| second.starts_with(p)) && conditional(word)
    };
    // "밀수를 하다 걸리면": an act interrupted (-다가, -다) by the condition.
    let interrupted = || {
        let tail = &after[second_end..];
        let next = tail.trim_start_matches(' ');
        let word = &next[..next.find(is_break).unwrap_or(next.len())];
        next.len() < tail.len() && second.ends_with(['다', '가']) && conditional(word)
    };
    // "강을 건너는 자는 사살한다": whoever does it, the subject of a rule or a threat.
    let whoever = first.ends_with('는') && KO_WHOEVER.contains(&second);
    (first.len() > cue.len() && (conditional(first) || first[cue.len()..].contains('겠')))
        || (second.chars().any(super::is_hangul)
            && (conditional(second) || third() || interrupted() || whoever))
        || after_condition(text, cue.start)
}

/// Whether the word right before the one that holds the cue (at `start`)
/// is a conditional verb in -면: the cue is what follows from a condition
/// ("잡히면 교화소에 간다", "비가 오면 강이 넘친다"), a rule or a
/// prospect, not a report. Nouns ending in 면 are no condition.
fn after_condition(text: &str, start: usize) -> bool {
    let is_break = |c: char| c.is_whitespace() || c.is_ascii_punctuation();
    // A break may be several bytes long (a no-break space).
    let after_break = |s: &str, i: usize| i + s[i..].chars().next().map_or(1, char::len_utf8);
    let word_start = text[..start]
        .rfind(is_break)
        .map_or(0, |i| after_break(text, i));
    let Some(before) = text[..word_start].strip_suffix(' ') else {
        return false;
    };
    let prev = &before[before.rfind(is_break).map_or(0, |i| after_break(before, i))..];
    // "단속될 경우 엄벌에 처해진다": -ㄹ/-는 경우 is a condition too.
    if prev.starts_with("경우") {
        return true;
    }
    is_conditional(prev)
        && prev.chars().count() >= 2
        && prev.chars().all(super::is_hangul)
        && !KO_NOUNS_IN_MYEON.contains(&prev)
}

/// Whether a word ends in the conditional -면, and not in -면서 (while) or
/// a formula of attribution or discourse (에 따르면, 에 의하면 "according
/// to", 보면, 말하자면) that conditions nothing.
fn is_conditional(w: &str) -> bool {
    w.ends_with('면')
        && !w.ends_with("면서")
        && !KO_ATTRIBUTION_MYEON.iter().any(|f| w.ends_with(f))
}

/// Verbs in -면 that attribute or frame a statement [표준국어대사전 따르다,
/// 의하다, 보다, 말하다, 이르다].
static KO_ATTRIBUTION_MYEON: WordList = WordList::section(WORDS, "ko_attribution_myeon");

/// Words ending in 면 that are no conditional verb: nouns of side and
/// surface (반면 "whereas", 측면, 전면 ...) [표준국어대사전].
static KO_NOUNS_IN_MYEON: WordList = WordList::section(WORDS, "ko_nouns_in_myeon");

/// The bound noun 자 (a person) with a particle after an adnominal -는:
/// "whoever does it" [표준국어대사전 자(者)].
static KO_WHOEVER: WordList = WordList::section(WORDS, "ko_whoever");

/// Nouns for whoever does the act, between a cue and a conditional verb
/// ("건너는 사람을 발견하면", "넘는 자는 적발되면").
static KO_CONDITION_PEOPLE: WordList = WordList::section(WORDS, "ko_condition_people");

/// What a Korean ending after a cue says about it, when it is no plain fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mood {
    /// An intention or aim: -(으)려고, -(으)려는, -고자, -(으)려 하다
    /// ("붙잡으려 했다": they tried to catch someone, nobody was caught).
    Intention,
    /// A possibility, a fear or a question: -ㄹ 수 있다, -ㄹ 가능성,
    /// -ㄹ까 (봐), -ㄹ지 (모른다), -ㄹ 뻔하다.
    Possible,
    /// A prospect: -ㄹ 것이다, -ㄹ 예정 ("처형될 것", "설치할 것").
    Future,
}

/// Nouns after a prospective -ㄹ that make a possibility (besides 수 alone).
static KO_POSSIBLE_NOUNS: WordList = WordList::section(WORDS, "ko_possible_nouns");
/// Nouns after a prospective -ㄹ that make a prospect.
static KO_FUTURE_NOUNS: WordList = WordList::section(WORDS, "ko_future_nouns");
/// Case particles that end a noun phrase: the verb of the cue lies before.
static KO_PARTICLES: WordList = WordList::section(WORDS, "ko_particles");

/// The mood of the Korean verb that holds the cue: the ending of the cue's
/// own word, or of the verbs right after it in its clause ("강을 건널 수
/// 있다", "교화소에 가게 될 것"), read by rule from the syllables:
/// a prospective -ㄹ is a syllable with the final consonant ㄹ. A past
/// conjecture (-았을 것) stays a report, and so does -ㄹ 때 (when). An
/// attempt (-려다, -려던) is the event itself for a crossing or smuggling,
/// an intention for the rest ("건너려던 남성이 붙잡혔다": a defection;
/// "체포하려던": no arrest).
fn korean_mood(text: &str, cue: &Range<usize>, category: Category) -> Option<Mood> {
    let is_break =
        |c: char| c.is_whitespace() || c.is_ascii_punctuation() || CLAUSE_BREAKS.contains(&c);
    let start = text[..cue.start].rfind(is_break).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let rest = &text[cue.end..];
    let first_end = cue.end + rest.find(is_break).unwrap_or(rest.len());
    if !text[start..first_end].chars().any(super::is_hangul) {
        return None;
    }
    // The cue's word and the next words of its clause.
    let mut words = vec![&text[cue.end..first_end]];
    let mut at = first_end;
    while words.len() < 5 {
        let tail = &text[at..];
        let skipped = tail.len() - tail.trim_start_matches([' ', '\u{a0}']).len();
        let next = &tail[skipped..];
        if skipped == 0 || next.is_empty() || next.starts_with(is_break) {
            break;
        }
        let end = next.find(is_break).unwrap_or(next.len());
        words.push(&next[..end]);
        at += skipped + end;
    }
    let attempt_is_event = matches!(category, Category::Defection | Category::Smuggling);
    // The ending of the cue's own word, or of a light verb written apart
    // ("밀수출 하려고").
    let own = if words[0].is_empty() && words.get(1).is_some_and(|w| w.starts_with('하')) {
        words[1]
    } else {
        words[0]
    };
    let next_starts_ha = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| w.starts_with('하') || w.starts_with('했'))
    };
    let own_at = if std::ptr::eq(own, words[0]) { 0 } else { 1 };
    if own.ends_with("려고") || own.ends_with("려는") || own.ends_with("고자") {
        return Some(Mood::Intention);
    }
    if (own.ends_with("려다") || own.ends_with("려다가") || own.ends_with("려던"))
        && !attempt_is_event
    {
        return Some(Mood::Intention);
    }
    if own.ends_with('려')
        && own.chars().count() >= 2
        && next_starts_ha(own_at + 1)
        && !attempt_is_event
    {
        return Some(Mood::Intention);
    }
    if ordered(own, words.get(own_at + 1).copied()) {
        return Some(Mood::Future);
    }
    let whole_first = &text[start..first_end];
    for (i, w) in words.iter().enumerate().take(4) {
        let w = if i == 0 { whole_first } else { w };
        if let Some(mood) = prospective(w, words.get(i + 1).copied(), words.get(i + 2).copied()) {
            return Some(mood);
        }
        // The verb after a noun cue's object particle: "장벽을 쌓도록 지시".
        if i > 0 && ordered(w, words.get(i + 1).copied()) {
            return Some(Mood::Future);
        }
        // A noun with its case particle starts another phrase: the verbs
        // of the cue lie before it.
        if i > 0 && w.chars().count() > 1 && KO_PARTICLES.iter().any(|p| w.ends_with(p)) {
            break;
        }
    }
    None
}

/// Whether the verb ending `own` (the cue's word past the cue) orders the
/// act rather than reports it: an imperative in -(으)라 quoted as an order
/// ("체포하라는 지시", "붙잡으라고 했다") or -도록 before a noun of order
/// ("사살하도록 명령했다", "설치하도록 지시"). The act is to come: an
/// ordered incident is no report, ordered infrastructure is planned.
fn ordered(own: &str, next: Option<&str>) -> bool {
    // The ending first, then a stem before it: no string is built.
    let imperative = ["라는", "라고", "라며", "라면서", "란"].iter().any(|e| {
        own.strip_suffix(e)
            .is_some_and(|head| KO_IMPERATIVE_STEMS.iter().any(|stem| head.ends_with(stem)))
    });
    let by_order = own.ends_with("도록")
        && !own.ends_with("않도록")
        && !own.ends_with("없도록")
        && !own.ends_with("못하도록")
        && next.is_some_and(|w| KO_ORDER_NOUNS.iter().any(|n| w.starts_with(n)));
    imperative || by_order
}

/// Verb stems and connecting vowels before the imperative -라 (하라,
/// 시키라, 붙잡으라, 쏘라, 죽이라) [표준국어대사전 -(으)라].
static KO_IMPERATIVE_STEMS: WordList = WordList::section(WORDS, "ko_imperative_stems");
/// Nouns and verbs of ordering after -도록 [표준국어대사전 지시, 명령, 지령; NK 포치].
static KO_ORDER_NOUNS: WordList = WordList::section(WORDS, "ko_order_nouns");

/// The mood of word `w` given the two words after it: -ㄹ까, -ㄹ지(도)
/// (a question or fear), -ㄹ 수 / 가능성 (a possibility), -ㄹ 것 / 예정 (a
/// prospect). A past stem before the -ㄹ (-았을 것: a conjecture about
/// the past) is none of them.
fn prospective(w: &str, next: Option<&str>, after: Option<&str>) -> Option<Mood> {
    if w.contains(['았', '었', '했', '였', '됐', '졌', '웠', '겼']) {
        return None;
    }
    let rev: Vec<char> = w.chars().rev().take(3).collect();
    let rieul_at = |i: usize| rev.get(i).copied().is_some_and(final_rieul);
    let ends = |s: &str| w.ends_with(s);
    if ((ends("까") || ends("지")) && rieul_at(1))
        || ((ends("지도") || ends("까봐")) && rieul_at(2))
    {
        return Some(Mood::Possible);
    }
    if !rieul_at(0) {
        return None;
    }
    let next = next?;
    if next == "수" || KO_POSSIBLE_NOUNS.iter().any(|n| next.starts_with(n)) {
        // "할 수 있었다": they could, and did.
        let realis = next.starts_with('수') && after.is_some_and(|w| w.starts_with("있었"));
        return (!realis).then_some(Mood::Possible);
    }
    KO_FUTURE_NOUNS
        .iter()
        .any(|n| next.starts_with(n))
        .then_some(Mood::Future)
}

/// Whether `c` is a Hangul syllable with the final consonant ㄹ (the
/// prospective ending -ㄹ: 할, 될, 칠).
fn final_rieul(c: char) -> bool {
    super::is_hangul(c) && (c as u32 - 0xAC00) % 28 == 8
}

/// Whether the sentence around `cue` states violence ("gunfire", "shot",
/// "총격"), so that a death there is a killing.
pub(crate) fn violent(lexicon: &Lexicon, sentence: &Range<usize>, modifiers: &[Hit]) -> bool {
    modifiers.iter().any(|m| {
        sentence.contains(&m.span.start) && lexicon.entries()[m.entry].kind == CueKind::Violent
    })
}

/// Whether `gap` stays in one clause (commas allowed in a `list`) and spans
/// at most `n` word gaps.
fn within(gap: &str, n: usize, list: bool) -> bool {
    let breaks = |c: char| CLAUSE_BREAKS.contains(&c) && !(list && c == ',');
    !gap.contains(breaks) && word_gaps(gap) <= n
}

/// Whether a sentence is a list of tags or keywords ("border, china,
/// defectors, defections"), as scraped pages often carry: no event there.
pub(crate) fn is_tag_list(sentence: &str) -> bool {
    // Asked for every cue: the separators are counted first, without
    // splitting, and most sentences have too few.
    let separators = sentence.bytes().filter(|&b| b == b',' || b == b';').count();
    separators >= 3
        && sentence
            .split([',', ';'])
            .all(|item| item.split_whitespace().nth(3).is_none())
}

/// Number of runs of white space in `gap`.
fn word_gaps(gap: &str) -> usize {
    let mut runs = 0;
    let mut in_space = false;
    for c in gap.chars() {
        if c.is_whitespace() && !in_space {
            runs += 1;
        }
        in_space = c.is_whitespace();
    }
    runs
}

/// The cue as written: an English stem match extends to the end of its word
/// ("smuggl" in "smugglers" gives "smugglers").
pub(crate) fn surface(text: &str, span: &Range<usize>) -> String {
    let rest = &text[span.end..];
    let ascii_word = text[span.clone()]
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let extra = if ascii_word {
        rest.find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len())
    } else {
        0
    };
    normalize_space(&text[span.start..span.end + extra])
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The actors named in `sentence`, as written, deduplicated.
pub(crate) fn actors(
    lexicon: &Lexicon,
    text: &str,
    sentence: &Range<usize>,
    people: &[Hit],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in people.iter().filter(|h| sentence.contains(&h.span.start)) {
        if lexicon.entries()[h.entry].kind != CueKind::Actor {
            continue;
        }
        let a = normalize_space(&text[h.span.clone()]);
        if !out.iter().any(|b| b.eq_ignore_ascii_case(&a)) {
            out.push(a);
        }
    }
    out
}

const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
];

/// Korean native number words before the counter 명.
const KO_NUMBER_WORDS: &[(&str, u32)] = &[
    ("한", 1),
    ("두", 2),
    ("세", 3),
    ("네", 4),
    ("다섯", 5),
    ("여섯", 6),
    ("일곱", 7),
    ("여덟", 8),
    ("아홉", 9),
    ("열", 10),
];

/// Words that end the noun phrase when looking back from a noun for its count.
static PHRASE_BREAKS: WordList = WordList::section(WORDS, "phrase_breaks");

/// The number of people killed or dead stated in `sentence`: the count
/// phrase ("two soldiers", "a soldier", "46 sailors", "1명", "두 명")
/// nearest to the cue, or `None`.
pub(crate) fn fatalities(
    lexicon: &Lexicon,
    text: &str,
    sentence: &Range<usize>,
    cue: &Range<usize>,
    people: &[Hit],
) -> Option<u32> {
    let mut counts: Vec<(usize, u32)> = Vec::new();
    for h in people.iter().filter(|h| sentence.contains(&h.span.start)) {
        let e = &lexicon.entries()[h.entry];
        if e.kind == CueKind::Person || e.count {
            let noun = &text[h.span.clone()];
            if let Some(n) = count_before(&text[sentence.start..h.span.start], noun) {
                counts.push((h.span.start, n));
            }
        }
    }
    counts.extend(korean_counts(text, sentence));
    let distance = |at: usize| at.abs_diff(cue.start);
    counts
        .into_iter()
        .min_by_key(|&(at, _)| distance(at))
        .map(|(_, n)| n)
}

/// The count of `noun` in the words before it ("two North Korean" soldiers).
fn count_before(head: &str, noun: &str) -> Option<u32> {
    let words = head.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == ','));
    for w in words.rev().filter(|w| !w.is_empty()).take(4) {
        if w.ends_with(',') {
            return None;
        }
        let lower = w.to_ascii_lowercase();
        if let Ok(n) = lower.parse::<u32>() {
            return Some(n);
        }
        if let Some(&(_, n)) = NUMBER_WORDS.iter().find(|(word, _)| *word == lower) {
            return Some(n);
        }
        if matches!(lower.as_str(), "a" | "an") {
            let plural = noun.ends_with('s')
                || matches!(noun, "men" | "women" | "children" | "people" | "police");
            return (!plural).then_some(1);
        }
        if PHRASE_BREAKS.contains(&lower.as_str()) {
            return None;
        }
    }
    None
}

/// Korean counts with the counter 명: "14명", "1 명", "두 명".
fn korean_counts(text: &str, sentence: &Range<usize>) -> Vec<(usize, u32)> {
    let s = &text[sentence.clone()];
    let mut out = Vec::new();
    for (i, _) in s.match_indices('명') {
        let head = s[..i].trim_end_matches(' ');
        let digits_from = head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let before_number = |from: usize| s[..from].chars().next_back();
        if digits_from < head.len() {
            // Not "수십명"; digits straight after another word are fine ("주민 1명").
            if let Ok(n) = head[digits_from..].parse::<u32>() {
                out.push((sentence.start + digits_from, n));
            }
            continue;
        }
        for &(word, n) in KO_NUMBER_WORDS {
            if head.ends_with(word) {
                let from = head.len() - word.len();
                if before_number(from).is_none_or(char::is_whitespace) {
                    out.push((sentence.start + from, n));
                }
                break;
            }
        }
    }
    out
}

/// Confidence of an event: how its place was found, how many cues support
/// it, and whether it is only planned.
pub(crate) fn score(e: &Event) -> f64 {
    let base = match e.link {
        PlaceLink::Sentence => 0.85,
        PlaceLink::Paragraph => 0.7,
        PlaceLink::Reference => 0.75,
        PlaceLink::Document => 0.55,
        PlaceLink::None => 0.5,
    };
    let support = 0.05 * (e.cues.len().min(4) as f64 - 1.0);
    let planned = if e.status == Status::Planned {
        0.1
    } else {
        0.0
    };
    (base + support - planned).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A no-break space before the cue's word (a fuzzing finding): the
    /// word starts after the whole space, not inside it.
    #[test]
    fn condition_after_a_multibyte_break() {
        let text = "비가 오면\u{a0}강이 넘친다";
        let at = text.find("강이").expect("cue in text");
        assert!(!after_condition(text, at));
        let text = "오면\u{a0} 강이";
        assert!(!after_condition(
            text,
            text.find("강이").expect("cue in text")
        ));
    }

    /// The mood of the first occurrence of `cue` in `text`.
    fn mood(text: &str, cue: &str, category: Category) -> Option<Mood> {
        let at = text.find(cue).expect("cue in text");
        korean_mood(text, &(at..at + cue.len()), category)
    }

    #[test]
    fn korean_mood_by_rule() {
        use Category::{Arrest, Defection, Flood, Punishment, Wall};
        let cases: &[(&str, &str, Category, Option<Mood>)] = &[
            (
                "경비대가 그를 체포하려 했지만 놓쳤다.",
                "체포",
                Arrest,
                Some(Mood::Intention),
            ),
            (
                "보위부는 그를 체포하려고 집을 찾았다.",
                "체포",
                Arrest,
                Some(Mood::Intention),
            ),
            (
                "강을 건너려던 남성이 붙잡혔다.",
                "강을 건너",
                Defection,
                None,
            ),
            (
                "그는 체포하려던 경비대원을 밀쳤다.",
                "체포",
                Arrest,
                Some(Mood::Intention),
            ),
            (
                "그들은 곧 교화소에 가게 될 것이다.",
                "교화소",
                Punishment,
                Some(Mood::Future),
            ),
            (
                "장벽을 더 쌓을 것이라고 한다.",
                "장벽",
                Wall,
                Some(Mood::Future),
            ),
            ("강이 범람할 수 있다.", "범람", Flood, Some(Mood::Possible)),
            ("그는 탈북할 수 있었다.", "탈북", Defection, None),
            (
                "군인들이 탈북할까 봐 걱정한다.",
                "탈북",
                Defection,
                Some(Mood::Possible),
            ),
            (
                "누가 체포될지 모른다.",
                "체포",
                Arrest,
                Some(Mood::Possible),
            ),
            (
                "노인들이 얼어 죽을 때 그는 떠났다.",
                "얼어 죽",
                Defection,
                None,
            ),
            ("이미 체포됐을 것이라고 한다.", "체포", Arrest, None),
            ("체포된 주민들은 처형될 것이다.", "체포", Arrest, None),
            ("The guards tried to arrest him.", "arrest", Arrest, None),
            (
                "가족을 모두 체포하라는 지시가 내려왔다.",
                "체포",
                Arrest,
                Some(Mood::Future),
            ),
            (
                "연선에 장벽을 쌓도록 지시했다.",
                "장벽을 쌓",
                Wall,
                Some(Mood::Future),
            ),
            (
                "밀수꾼이 단속될 경우 엄벌된다.",
                "단속",
                Arrest,
                Some(Mood::Possible),
            ),
            ("탈북하지 않도록 감시했다.", "탈북", Defection, None),
            ("그는 이를 밀수라고 불렀다.", "밀수", Arrest, None),
        ];
        for (text, cue, category, want) in cases {
            assert_eq!(mood(text, cue, *category), *want, "{text}");
        }
    }

    #[test]
    fn korean_conditions_by_rule() {
        for (text, cue, want) in [
            ("강을 건너다 잡히면 총살된다.", "강을 건너", true),
            ("잡히면 교화소에 간다고 한다.", "교화소", true),
            ("비가 많이 오면 홍수가 난다.", "홍수", true),
            ("반면 밀수는 크게 늘었다.", "밀수", false),
            ("단속될 경우 엄벌에 처한다.", "엄벌", true),
            ("형법은 밀수죄를 처벌한다.", "밀수", true),
            ("소식통에 따르면 밀수꾼이 체포됐다.", "밀수", false),
            ("밀수꾼들에 따르면 밀수가 줄었다.", "밀수", false),
            ("보도에 의하면 홍수가 났다.", "홍수", false),
            ("그는 밀수를 하다 붙잡혔다.", "밀수", false),
            ("단속이 계속되면서 밀수가 줄었다.", "밀수", false),
            ("밀수꾼이 체포됐다.", "체포", false),
            (
                "강을 헤엄쳐 건너는 자는 사살한다.",
                "강을 헤엄쳐 건너는",
                true,
            ),
            ("강을 건너는 자동차가 보였다.", "강을 건너", false),
        ] {
            let at = text.find(cue).expect("cue in text");
            assert_eq!(
                korean_condition(text, &(at..at + cue.len())),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn final_rieul_reads_the_syllable() {
        assert!(final_rieul('할'));
        assert!(final_rieul('될'));
        assert!(!final_rieul('한'));
        assert!(!final_rieul('a'));
    }
}
